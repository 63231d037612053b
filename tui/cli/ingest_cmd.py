"""`newsdesk ingest PATH... [--no-nlp] [--model NAME] [--jobs N]`."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType

from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
    parser = common.add_command(
        sub, "ingest", "add article files and folders (.txt, .md, .html) to the library", run
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest")
    parser.add_argument(
        "--no-nlp",
        action="store_true",
        help="store and index for search only: no entities, topics or term index (fast; a later run without it adds them)",
    )
    parser.add_argument("--model", metavar="NAME", default=None, help="spaCy model to use")
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=common.positive_int,
        default=None,
        help="worker processes for parsing and NLP (default: 2 for parsing 400+ files, else 1)",
    )


def run(args: argparse.Namespace) -> int:
    from core.ingest import ingest_paths

    bar = common.ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    interrupted = {"count": 0}

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        interrupted["count"] += 1
        if interrupted["count"] > 1:
            raise KeyboardInterrupt
        common.error("stopping after the current batch (Ctrl-C again to abort)")

    previous = None
    try:
        previous = signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread (tests, embedding)
        previous = None
    try:
        with common.open_library(args) as lib:
            report = ingest_paths(
                lib,
                args.paths,
                nlp=not args.no_nlp,
                model=args.model,
                jobs=args.jobs,
                progress=bar,
                is_cancelled=lambda: interrupted["count"] > 0,
            )
    finally:
        if bar is not None:
            bar.finish()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    for path in report.flagged:
        common.out(f"legacy encoding (decoded, please check): {common.clean(path)}")
    for failure in report.failed:
        print(f"{common.clean(failure.path)}: {common.clean(failure.reason)}", file=sys.stderr)
    rate = ""
    files = report.added + report.updated
    if files and report.elapsed_s > 0:
        rate = f" in {report.elapsed_s:.1f}s"
    common.out(report.summary() + rate)
    return 0 if report.ok else 1
