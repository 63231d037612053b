"""`newsdesk backup [FILE]` and `newsdesk check [--rebuild] [--json]`."""

from __future__ import annotations

import argparse

from core import maintenance
from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
    parser = common.add_command(
        sub, "backup", "copy the library safely, even while it is in use", run_backup
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE",
        help="backup file or folder (default: a timestamped file in the data folder)",
    )
    parser = common.add_command(
        sub, "check", "check the library and its full-text index (exit 1 on problems)", run_check
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the full-text index first (the repair)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run_backup(args: argparse.Namespace) -> int:
    with common.open_library(args) as lib:
        written = maintenance.backup(lib, args.file)
    size = written.stat().st_size
    common.out(f"backed up {common.clean(lib.path)} to {common.clean(written)} ({_size(size)})")
    return 0


def run_check(args: argparse.Namespace) -> int:
    with common.open_library(args) as lib:
        rebuilt = maintenance.rebuild(lib) if args.rebuild else []
        report = maintenance.check(lib)
    report.rebuilt = rebuilt
    if args.json:
        common.print_json(report.to_dict())
        return 0 if report.ok else 1
    styled = common.use_style()
    common.out(common.bold(f"Library {common.clean(report.path)}", styled))
    mode = ", read-only" if report.readonly else ""
    common.out(
        f"  schema {report.schema_version}, {report.journal_mode} journal, "
        f"{_size(report.size_bytes)}, {report.free_pages} free pages{mode}"
    )
    if report.counts:
        common.out("  " + ", ".join(f"{n} {table}" for table, n in report.counts.items()))
    for table in rebuilt:
        common.out(f"  rebuilt the full-text index {common.clean(table)}")
    for note in report.notes:
        common.out(f"  note: {common.clean(note)}")
    problems = report.problems()
    if not problems:
        checked = "database integrity, references"
        if report.fts:
            checked += f", full-text indexes ({common.clean(', '.join(report.fts))})"
        common.out(f"  ok: {checked}")
        return 0
    for line in problems:
        common.out(f"  problem: {common.clean(line)}")
    if any(problem for problem in report.fts.values()):
        common.out("  repair the full-text index with: newsdesk check --rebuild")
    if report.integrity:
        common.out("  restore from a backup, or copy what can be read: sqlite3 FILE .recover")
    return 1


def _size(size_bytes: int) -> str:
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.0f} KB"
    return f"{size_bytes / 1024 / 1024:.1f} MB"
