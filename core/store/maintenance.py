"""SQL for library maintenance: integrity checks, full-text index checks and rebuilds, counts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# Tables whose row counts `check` reports (those that exist; others' features may add more).
COUNTED_TABLES = ("articles", "entities", "aliases", "mentions", "topics", "notes", "searches")

# The FTS5 'integrity-check' reports a mismatch as SQLITE_CORRUPT_VTAB.
_CORRUPT_WORDS = ("malformed", "corrupt")


def _quote(identifier: str) -> str:
    """An SQL identifier in double quotes, safe for any table name."""
    return '"' + identifier.replace('"', '""') + '"'


def integrity_problems(conn: sqlite3.Connection, limit: int = 100) -> list[str]:
    """`PRAGMA integrity_check` messages; an empty list when the database is sound."""
    rows = conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    """`PRAGMA foreign_key_check` rows as readable lines; empty when every reference holds."""
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{table} row {rowid} points at a missing {parent} row" for table, rowid, parent, _ in rows]


def fts_tables(conn: sqlite3.Connection) -> list[str]:
    """Names of the FTS5 tables in the library (not fts5vocab views), in creation order."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchall()
    names = []
    for name, sql in rows:
        module = sql.split("USING", 1)[-1].strip().lower()
        if module.startswith("fts5") and not module.startswith("fts5vocab"):
            names.append(name)
    return names


def _is_contentless(conn: sqlite3.Connection, table: str) -> bool:
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    sql = (row[0] if row else "").replace(" ", "").lower()
    return "content=''" in sql or 'content=""' in sql


def fts_problem(conn: sqlite3.Connection, table: str) -> str:
    """Run FTS5 'integrity-check' (against its content table too); '' when the index is sound."""
    name = _quote(table)
    check_content = 0 if _is_contentless(conn, table) else 1
    try:
        conn.execute(
            f"INSERT INTO {name}({name}, rank) VALUES ('integrity-check', ?)", (check_content,)
        )
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if any(word in text for word in _CORRUPT_WORDS):
            return "the full-text index does not match its stored text"
        return f"the full-text index cannot be checked ({text})"
    return ""


def rebuild_fts(conn: sqlite3.Connection, table: str) -> bool:
    """Rebuild one FTS5 index from its content table and merge it; False if it has no content."""
    if _is_contentless(conn, table):
        return False
    name = _quote(table)
    conn.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
    conn.execute(f"INSERT INTO {name}({name}) VALUES ('optimize')")
    bump_index_generation(conn)
    return True


INDEX_GENERATION_KEY = "fts_generation"


def bump_index_generation(conn: sqlite3.Connection) -> None:
    """Count a full-text index reset: a rebuild starts FTS5's own write counter again, so the
    index's records alone could repeat an earlier version's (see `ranklists.index_key`)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') "
        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        (INDEX_GENERATION_KEY,),
    )


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts of the main tables that exist in this library."""
    present = {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }
    return {
        table: int(conn.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0])
        for table in COUNTED_TABLES
        if table in present
    }


@dataclass
class DatabaseFacts:
    schema_version: int
    journal_mode: str
    size_bytes: int
    free_pages: int


def database_facts(conn: sqlite3.Connection) -> DatabaseFacts:
    """Schema version, journal mode and page figures, for the check report."""
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    return DatabaseFacts(
        schema_version=int(conn.execute("PRAGMA user_version").fetchone()[0]),
        journal_mode=str(conn.execute("PRAGMA journal_mode").fetchone()[0]),
        size_bytes=page_size * page_count,
        free_pages=int(conn.execute("PRAGMA freelist_count").fetchone()[0]),
    )


def quick_check_file(path: Path | str) -> list[str]:
    """`PRAGMA quick_check` of another database file (a fresh backup), read-only."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages
