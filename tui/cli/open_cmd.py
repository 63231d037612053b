"""`newsdesk open [--sample]`: the full-screen app (also what plain `newsdesk` runs)."""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys

from core.articles import has_articles
from core.library import Library
from core.models import Progress
from core.paths import sample_corpus_dir
from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
    parser = common.add_command(sub, "open", "open the full-screen app", run)
    parser.add_argument(
        "--sample",
        action="store_true",
        help="first ingest the bundled sample corpus if the library is empty",
    )


def nlp_available() -> bool:
    """spaCy installed (the model itself is checked by ingest)."""
    return importlib.util.find_spec("spacy") is not None


def ingest_sample(lib: Library) -> None:
    """Ingest `sample_corpus/` into an empty library, progress on stderr. Idempotent."""
    if has_articles(lib):
        return
    folder = sample_corpus_dir()
    if not folder.is_dir():
        common.error(f"no sample corpus at {folder}")
        return
    from core.ingest import ingest_paths

    on_terminal = sys.stderr.isatty()
    print(f"Ingesting the sample corpus from {folder} ...", file=sys.stderr)

    def progress(step: Progress) -> None:
        if on_terminal:
            sys.stderr.write(f"\r{step.done}/{step.total} files")
            sys.stderr.flush()

    report = ingest_paths(lib, [folder], nlp=nlp_available(), progress=progress)
    sys.stderr.write(f"\r{report.summary()}\n" if on_terminal else f"{report.summary()}\n")
    for failure in report.failed:
        common.error(f"{failure.path}: {failure.reason}")


def run(args: argparse.Namespace) -> int:
    lib = common.open_library(args)
    try:
        if args.sample:
            ingest_sample(lib)
        # Start-up (importing Textual, building the first screen) makes about 100k objects and
        # little garbage, yet the cyclic collector ran about 100 times before the first frame:
        # 25-35 ms on the 2-core machine. It stays off until the app has collected and frozen
        # its start-up heap, a second after the first screen is up.
        paused = gc.isenabled()  # (a caller that turned it off keeps it off)
        gc.disable()
        try:
            from tui.app import make_app

            make_app(library=lib, gc_paused=paused).run()
        finally:
            if paused:
                gc.enable()
    finally:
        lib.close()
    return 0
