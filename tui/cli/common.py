"""Helpers shared by the subcommands: the library option, output, JSON, terminal styling,
progress bar."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, TextIO

from core.library import Library
from core.models import Progress
from core.text import strip_controls


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db PATH` on the main parser and on every subcommand (default from NEWSDESK_DB)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="library file (default: $NEWSDESK_DB or the user data folder)",
    )


def add_command(
    sub: argparse._SubParsersAction, name: str, help_text: str, func: Any
) -> argparse.ArgumentParser:
    """A subcommand that also accepts `--db` after its name."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_db_option(parser)
    parser.set_defaults(func=func)
    return parser


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1, with a plain message otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def open_library(args: argparse.Namespace) -> Library:
    """The library named by --db, NEWSDESK_DB or the default, announcing waits on stderr.

    Warnings about its location (read-only, network filesystem) go to stderr once.
    """
    lib = Library.open(getattr(args, "db", None), on_busy=lambda msg: error(msg))
    for warning in lib.store.warnings:
        error(f"warning: {warning}")
    return lib


def use_style(stream: Any = None) -> bool:
    """Bold and colour only on a terminal, and never with NO_COLOR."""
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def clean(text: object) -> str:
    """Untrusted text made safe for a terminal: no control or escape characters."""
    return strip_controls("" if text is None else str(text))


def out(line: str = "") -> None:
    print(line)


def error(message: str) -> None:
    print(f"newsdesk: {clean(message)}", file=sys.stderr)


def print_json(data: Any) -> None:
    import json  # only --json output needs it (3 ms of the app's start-up)

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def bold(text: str, styled: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if styled else text


def dim(text: str, styled: bool) -> str:
    return f"\x1b[2m{text}\x1b[0m" if styled else text


class ProgressBar:
    """A plain one-line progress bar redrawn in place on a terminal, at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.last = 0.0
        self.shown = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.done < progress.total and now - self.last < 0.1:
            return
        self.last = now
        total = max(progress.total, 1)
        filled = int(self.width * min(progress.done, total) / total)
        bar = "#" * filled + "-" * (self.width - filled)
        name = clean(progress.current).rsplit("/", 1)[-1][:30]
        self.stream.write(f"\r[{bar}] {progress.done}/{progress.total} {name:<30}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 70) + "\r")
            self.stream.flush()
