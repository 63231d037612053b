"""Library upkeep: consistent backups, integrity checks and the full-text index rebuild."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import platformdirs

from core.errors import LibraryError
from core.library import Library
from core.paths import APP_NAME
from core.store import maintenance as sql


@dataclass
class CheckReport:
    """The health of one library: what `newsdesk check` prints. Empty problem lists mean sound."""

    path: str
    schema_version: int
    journal_mode: str
    size_bytes: int
    free_pages: int
    readonly: bool
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    fts: dict[str, str] = field(default_factory=dict)  # table -> "" when sound, else the problem
    counts: dict[str, int] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        """Every problem found, one plain line each."""
        lines = [f"database: {message}" for message in self.integrity]
        lines += [f"reference: {message}" for message in self.foreign_keys]
        lines += [f"{table}: {problem}" for table, problem in self.fts.items() if problem]
        return lines

    def to_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["ok"] = self.ok
        data["problems"] = self.problems()
        return data


def default_backup_dir() -> Path:
    """Backups go to `backups/` in the user data folder."""
    return platformdirs.user_data_path(APP_NAME) / "backups"


def _timestamped_name(lib: Library, folder: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = lib.path.stem or "library"
    candidate = folder / f"{stem}-{stamp}.db"
    number = 1
    while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
        candidate = folder / f"{stem}-{stamp}-{number}.db"
        number += 1
    return candidate


def backup(lib: Library, path: Path | str | None = None) -> Path:
    """A consistent copy of the library (SQLite backup API), safe while the app is writing.

    With no path, a timestamped file in the data folder's `backups/`; a folder gets the same
    timestamped name inside it. An existing file is never overwritten.
    """
    if path is None:
        target = _timestamped_name(lib, default_backup_dir())
    else:
        target = Path(path).expanduser()
        if target.is_dir():
            target = _timestamped_name(lib, target)
        elif target.exists() or target.is_symlink():
            raise LibraryError(f"{target} already exists; choose another backup file name")
    if target.resolve() == lib.path.resolve():
        raise LibraryError("a backup cannot replace the library itself")
    try:
        written = lib.store.backup(target)
    except OSError as exc:
        raise LibraryError(f"cannot write the backup {target}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        target.with_name(target.name + ".part").unlink(missing_ok=True)
        raise LibraryError(f"the backup to {target} failed: {exc}") from exc
    problems = sql.quick_check_file(written)
    if problems:
        raise LibraryError(f"the backup {written} failed its check: {problems[0]}")
    return written


def check(lib: Library) -> CheckReport:
    """Integrity of the database, its references and every full-text index, plus row counts."""
    conn = lib.store.conn
    try:
        facts = sql.database_facts(conn)
        report = CheckReport(
            path=str(lib.path),
            schema_version=facts.schema_version,
            journal_mode=facts.journal_mode,
            size_bytes=facts.size_bytes,
            free_pages=facts.free_pages,
            readonly=lib.readonly,
        )
        report.integrity = sql.integrity_problems(conn)
        report.foreign_keys = sql.foreign_key_problems(conn)
        if lib.readonly:  # FTS5 runs its check as an INSERT, which a read-only file refuses
            report.notes.append("full-text indexes not checked: the library is read-only")
        else:
            for table in sql.fts_tables(conn):
                report.fts[table] = sql.fts_problem(conn, table)
        report.counts = sql.table_counts(conn)
    except sqlite3.DatabaseError as exc:
        # A file too damaged to even list its tables: report it rather than crash.
        return CheckReport(
            path=str(lib.path), schema_version=-1, journal_mode="", size_bytes=0, free_pages=0,
            readonly=lib.readonly, integrity=[f"the database cannot be read ({exc})"],
        )
    return report


def rebuild(lib: Library) -> list[str]:
    """Rebuild every full-text index from its stored text and merge it; returns the tables."""
    rebuilt: list[str] = []
    try:
        with lib.store.write() as conn:
            for table in sql.fts_tables(conn):
                if sql.rebuild_fts(conn, table):
                    rebuilt.append(table)
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"the full-text index could not be rebuilt: {exc}") from exc
    return rebuilt
