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


APP_MODULE = "tui.cli.open_cmd"


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser with the subcommands of `modules` (all of them unless told)."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Newsdesk: a terminal research assistant for news articles.",
    )
    common.add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


# Commands whose start-up time is a budget get a parser with only their own module.
QUICK_COMMANDS = {"search": "tui.cli.search_cmd"}


def _command_word(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names ("" for none), or None when it asks for help or is malformed
    (then the full parser answers)."""
    if any(arg in ("-h", "--help") or arg.startswith("--h") for arg in argv):
        return None
    probe = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    common.add_db_option(probe)
    try:
        _known, rest = probe.parse_known_args(list(argv))
    except argparse.ArgumentError:  # `--db` without a value: let the full parser say so
        return None
    return rest[0] if rest else ""


def opens_app(argv: Sequence[str]) -> bool:
    """True when `argv` runs the app (no subcommand, or `open`) and asks for no help.

    Then only the `open` subcommand is built: the other command modules (YAML, export, ...)
    would cost the app's first frame about 0.1 s of imports it never uses.
    """
    return _command_word(argv) in ("", "open")


def command_modules(argv: Sequence[str]) -> list[str]:
    """The command modules `argv` needs: one for the app or a quick command (building all 27
    subcommands, with argparse's message lookups, took 60 ms of `newsdesk search`), else all."""
    word = _command_word(argv)
    if word in ("", "open"):
        return [APP_MODULE]
    if word in QUICK_COMMANDS:
        return [QUICK_COMMANDS[word]]
    return COMMAND_MODULES


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_modules(arguments))
    args = parser.parse_args(arguments)
    if args.command is None:
        args = parser.parse_args([*arguments, "open"])
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
