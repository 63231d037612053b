"""`newsdesk ...`: subcommands in plain text or --json, one line on stderr for errors.

Each module in this package registers its own subcommands, so features stay in their own files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core.errors import NewsdeskError
from tui.cli import common

# Modules that add subcommands: each has `register(subparsers)`.
COMMAND_MODULES = [
    "tui.cli.ingest_cmd",
    "tui.cli.search_cmd",
    "tui.cli.articles_cmd",
    "tui.cli.open_cmd",
    "tui.cli.entities_cmd",
    "tui.cli.compare_cmd",
    "tui.cli.notes_cmd",
    "tui.cli.maintenance_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Newsdesk: a terminal research assistant for news articles.",
    )
    common.add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a feature not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "open"])
    try:
        return int(args.func(args) or 0)
    except NewsdeskError as exc:
        common.error(exc.message)
        return 1
    except KeyboardInterrupt:
        common.error("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
