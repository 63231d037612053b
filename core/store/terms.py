"""SQL for the term index: the `terms` vocabulary and per-article count blobs.

Each `article_terms` row holds two little-endian arrays of equal length, sorted by term id:
term ids (uint32) and their counts in that article (uint16, clipped) and `total`, the article's word count (stop words included,
numbers excluded): the corpus size a keyness statistic needs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from itertools import filterfalse

import numpy as np

ID_DTYPE = np.dtype("<u4")
COUNT_DTYPE = np.dtype("<u2")
MAX_COUNT = int(np.iinfo(COUNT_DTYPE).max)

# One bound parameter carries any number of ids or strings as a JSON array.
_JSON_IDS = "SELECT value FROM json_each(?)"


class TermIdCache:
    """Term ids already resolved during one ingest run, so each term is looked up once.

    Ids of terms added by a transaction are kept only once it commits (`commit`); a transaction
    that fails leaves them out again (`begin` of the next one drops them). Past `limit` entries
    the cache starts afresh, so its memory stays flat however large the run.
    """

    def __init__(self, limit: int = 400_000) -> None:
        self.ids: dict[str, int] = {}
        self.limit = limit
        self._added: list[str] = []  # terms inserted by the open transaction

    def begin(self) -> None:
        """Call before a write transaction: forget ids from one that did not commit."""
        for term in self._added:
            self.ids.pop(term, None)
        self._added = []
        if len(self.ids) > self.limit:
            self.ids.clear()

    def commit(self) -> None:
        """Call once the transaction has committed: its new ids are permanent."""
        self._added = []


def term_ids(
    conn: sqlite3.Connection, terms: Iterable[str], cache: TermIdCache | None = None
) -> Mapping[str, int]:
    """Ids for these terms, adding the ones the vocabulary does not hold yet (in sorted order).

    With a `cache`, only terms it lacks are looked up, and the cache's own mapping (which then
    holds every one of `terms`) is returned.
    """
    # filterfalse walks `terms`, not the (much larger) cache
    wanted = set(terms if cache is None else filterfalse(cache.ids.__contains__, terms))
    found: dict[str, int] = {}
    if wanted:
        missing = json.dumps(sorted(wanted), ensure_ascii=False)
        found.update(
            conn.execute(f"SELECT term, id FROM terms WHERE term IN ({_JSON_IDS})", (missing,))
        )
        if len(found) < len(wanted):
            added = _add_terms(conn, sorted(wanted.difference(found)))
            found.update(added)
            if cache is not None:
                cache._added.extend(added)
    if cache is None:
        return found
    cache.ids.update(found)
    return cache.ids


def _add_terms(conn: sqlite3.Connection, new: list[str]) -> dict[str, int]:
    """Insert terms the vocabulary lacks (in this order) and return their ids.

    A plain executemany and a rowid range read back is about 2.5x faster than one
    `INSERT ... SELECT FROM json_each RETURNING`; inside the write transaction only these
    inserts add rows, so the rows past the old largest id are exactly them.
    """
    last = conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0]
    conn.executemany("INSERT INTO terms(term) VALUES (?)", zip(new))
    added = dict(conn.execute("SELECT term, id FROM terms WHERE id > ?", (last,)))
    if len(added) != len(new):  # ids not above the old maximum (never in practice): by name
        wanted = json.dumps(new, ensure_ascii=False)
        added = dict(
            conn.execute(f"SELECT term, id FROM terms WHERE term IN ({_JSON_IDS})", (wanted,))
        )
    return added


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
