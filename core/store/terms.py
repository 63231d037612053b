"""SQL for the term index: the `terms` vocabulary and per-article count blobs.

Each `article_terms` row holds two little-endian arrays of equal length, sorted by term id:
term ids (uint32) and their counts in that article (uint16, clipped) and `total`, the article's word count (stop words included,
numbers excluded): the corpus size a keyness statistic needs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

import numpy as np

ID_DTYPE = np.dtype("<u4")
COUNT_DTYPE = np.dtype("<u2")
MAX_COUNT = int(np.iinfo(COUNT_DTYPE).max)

# One bound parameter carries any number of ids or strings as a JSON array.
_JSON_IDS = "SELECT value FROM json_each(?)"


def term_ids(
    conn: sqlite3.Connection, terms: Iterable[str], cache: dict[str, int] | None = None
) -> dict[str, int]:
    """Ids for these terms, adding the ones the vocabulary does not hold yet.

    New terms get ids in sorted order. `cache` (term -> id, valid inside the caller's
    transaction only) is consulted first and receives every id looked up or added.
    """
    wanted = set(terms)
    found: dict[str, int] = {}
    if cache:
        for term in wanted:
            known = cache.get(term)
            if known is not None:
                found[term] = known
        if found:
            wanted.difference_update(found)
    if wanted:
        missing = json.dumps(sorted(wanted), ensure_ascii=False)
        existing = dict(
            conn.execute(f"SELECT term, id FROM terms WHERE term IN ({_JSON_IDS})", (missing,))
        )
        found.update(existing)
        if len(existing) < len(wanted):
            new = json.dumps(sorted(wanted.difference(existing)), ensure_ascii=False)
            found.update(
                conn.execute(
                    f"INSERT INTO terms(term) {_JSON_IDS} ORDER BY key RETURNING term, id",
                    (new,),
                )
            )
        if cache is not None:
            cache.update(found)
    return found


def lookup_term_ids(conn: sqlite3.Connection, terms: Iterable[str]) -> dict[str, int]:
    """Ids of the terms that exist (read-only)."""
    wanted = json.dumps(sorted(set(terms)), ensure_ascii=False)
    return dict(
        conn.execute(f"SELECT term, id FROM terms WHERE term IN ({_JSON_IDS})", (wanted,))
    )


def term_texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """Term strings by id."""
    wanted = json.dumps([int(i) for i in ids])
    return dict(conn.execute(f"SELECT id, term FROM terms WHERE id IN ({_JSON_IDS})", (wanted,)))


def vocabulary_size(conn: sqlite3.Connection) -> int:
    """One more than the largest term id: the length of a dense count array."""
    row = conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()
    return int(row[0]) + 1


def save_article_terms(
    conn: sqlite3.Connection, article_id: int, ids: np.ndarray, counts: np.ndarray, total: int
) -> None:
    """Replace the term row of one article (inside the caller's transaction)."""
    conn.execute(
        """
        INSERT INTO article_terms(article_id, term_ids, counts, total) VALUES (?, ?, ?, ?)
        ON CONFLICT(article_id) DO UPDATE SET
            term_ids = excluded.term_ids, counts = excluded.counts, total = excluded.total
        """,
        (
            article_id,
            ids.astype(ID_DTYPE).tobytes(),
            np.minimum(counts, MAX_COUNT).astype(COUNT_DTYPE).tobytes(),
            int(total),
        ),
    )


def load_term_rows(
    conn: sqlite3.Connection, article_ids: list[int]
) -> list[tuple[int, bytes, bytes, int]]:
    """(article_id, term_ids blob, counts blob, total) for the articles that have a row."""
    wanted = json.dumps(article_ids)
    return conn.execute(
        f"""
        SELECT article_id, term_ids, counts, total FROM article_terms
        WHERE article_id IN ({_JSON_IDS})
        """,
        (wanted,),
    ).fetchall()


def articles_missing_terms(conn: sqlite3.Connection, batch: int = 500) -> Iterator[list[int]]:
    """Ids of articles without a term row, in batches (for re-indexing an older library)."""
    last = 0
    while True:
        ids = [
            row[0]
            for row in conn.execute(
                """
                SELECT a.id FROM articles a
                WHERE a.id > ? AND NOT EXISTS
                    (SELECT 1 FROM article_terms t WHERE t.article_id = a.id)
                ORDER BY a.id LIMIT ?
                """,
                (last, batch),
            )
        ]
        if not ids:
            return
        yield ids
        last = ids[-1]


def article_texts(conn: sqlite3.Connection, article_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, title, body) for these articles."""
    wanted = json.dumps(article_ids)
    return conn.execute(
        f"SELECT id, title, body FROM articles WHERE id IN ({_JSON_IDS}) ORDER BY id", (wanted,)
    ).fetchall()


def articles_with_terms(conn: sqlite3.Connection, article_ids: list[int]) -> set[int]:
    """Which of these articles already have a term row."""
    wanted = json.dumps(article_ids)
    rows = conn.execute(
        f"SELECT article_id FROM article_terms WHERE article_id IN ({_JSON_IDS})", (wanted,)
    )
    return {row[0] for row in rows}
