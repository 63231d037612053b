"""SQL for notes and their tags. Callers pass a connection; writes run in the caller's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

NOTE_COLUMNS = (
    "n.id, n.article_id, n.quote, n.start_offset, n.end_offset, n.quote_hash, n.anchor, "
    "n.comment, n.cite_title, n.cite_outlet, n.cite_byline, n.cite_published, n.cite_source, "
    "n.created_at, n.updated_at"
)

NoteRow = tuple[Any, ...]


def insert_note(conn: sqlite3.Connection, values: dict[str, object]) -> int:
    """Insert one note and return its id. `values` holds every column but the id."""
    row = conn.execute(
        """
        INSERT INTO notes (article_id, quote, start_offset, end_offset, quote_hash, anchor,
            comment, cite_title, cite_outlet, cite_byline, cite_published, cite_source,
            created_at, updated_at)
        VALUES (:article_id, :quote, :start_offset, :end_offset, :quote_hash, :anchor,
            :comment, :cite_title, :cite_outlet, :cite_byline, :cite_published, :cite_source,
            :created_at, :updated_at)
        RETURNING id
        """,
        values,
    ).fetchone()
    return int(row[0])


def set_tags(conn: sqlite3.Connection, note_id: int, tags: Iterable[str]) -> None:
    """Replace the tags of one note."""
    conn.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?, ?)",
        [(note_id, tag) for tag in tags],
    )


def get_note(conn: sqlite3.Connection, note_id: int) -> NoteRow | None:
    return conn.execute(
        f"SELECT {NOTE_COLUMNS} FROM notes AS n WHERE n.id = ?", (note_id,)
    ).fetchone()


def list_notes(
    conn: sqlite3.Connection,
    *,
    tag: str | None = None,
    article_id: int | None = None,
    since: str | None = None,
    note_ids: list[int] | None = None,
) -> list[NoteRow]:
    """Notes matching every given filter, newest first. Tags match without regard to case."""
    where: list[str] = []
    params: list[object] = []
    if tag is not None:
        where.append(
            "EXISTS (SELECT 1 FROM note_tags AS t WHERE t.note_id = n.id "
            "AND t.tag = ? COLLATE NOCASE)"
        )
        params.append(tag)
    if article_id is not None:
        where.append("n.article_id = ?")
        params.append(article_id)
    if since is not None:
        where.append("n.created_at >= ?")
        params.append(since)
    if note_ids is not None:
        if not note_ids:
            return []
        where.append(f"n.id IN ({','.join('?' * len(note_ids))})")
        params.extend(note_ids)
    sql = f"SELECT {NOTE_COLUMNS} FROM notes AS n"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY n.created_at DESC, n.id DESC"
    return conn.execute(sql, params).fetchall()


def tags_for(conn: sqlite3.Connection, note_ids: list[int]) -> dict[int, list[str]]:
    """Tags of each note, sorted, keyed by note id."""
    found: dict[int, list[str]] = {}
    # Chunk to stay under SQLite's bound-parameter limit.
    for i in range(0, len(note_ids), 500):
        chunk = note_ids[i : i + 500]
        rows = conn.execute(
            f"SELECT note_id, tag FROM note_tags WHERE note_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY tag COLLATE NOCASE, tag",
            chunk,
        )
        for note_id, tag in rows:
            found.setdefault(note_id, []).append(tag)
    return found


def update_comment(conn: sqlite3.Connection, note_id: int, comment: str, now: str) -> None:
    conn.execute(
        "UPDATE notes SET comment = ?, updated_at = ? WHERE id = ?", (comment, now, note_id)
    )


def touch(conn: sqlite3.Connection, note_id: int, now: str) -> None:
    conn.execute("UPDATE notes SET updated_at = ? WHERE id = ?", (now, note_id))


def delete_note(conn: sqlite3.Connection, note_id: int) -> bool:
    """Delete one note (its tags go with it). False when there was no such note."""
    return conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount > 0


def all_tags(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag in use with the number of notes carrying it, alphabetical."""
    return conn.execute(
        "SELECT tag, count(*) FROM note_tags GROUP BY tag ORDER BY tag COLLATE NOCASE, tag"
    ).fetchall()


def anchors_for_article(
    conn: sqlite3.Connection, article_id: int
) -> list[tuple[int, str, int | None, int | None, str, str]]:
    """(id, quote, start, end, quote_hash, anchor) of each note on one article."""
    return conn.execute(
        "SELECT id, quote, start_offset, end_offset, quote_hash, anchor FROM notes "
        "WHERE article_id = ? ORDER BY id",
        (article_id,),
    ).fetchall()


def set_anchor(
    conn: sqlite3.Connection,
    note_id: int,
    start: int | None,
    end: int | None,
    anchor: str,
    now: str,
) -> None:
    conn.execute(
        "UPDATE notes SET start_offset = ?, end_offset = ?, anchor = ?, updated_at = ? "
        "WHERE id = ?",
        (start, end, anchor, now, note_id),
    )


def article_citation(conn: sqlite3.Connection, article_id: int) -> tuple[Any, ...] | None:
    """(body, title, outlet, byline, published, url, source) of one article."""
    return conn.execute(
        "SELECT body, title, outlet, byline, published, url, source FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
