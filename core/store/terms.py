"""SQL for the term index: the `terms` vocabulary and per-article count blobs.

Each `article_terms` row holds two little-endian arrays of equal length, sorted by term id:
term ids (uint32) and their counts in that article (uint16, clipped) and `total`, the article's word count (stop words included,
numbers excluded): the corpus size a keyness statistic needs.
"""

from __future__ import annotations

import ctypes
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import compress, filterfalse

import numpy as np

ID_DTYPE = np.dtype("<u4")
COUNT_DTYPE = np.dtype("<u2")
MAX_COUNT = int(np.iinfo(COUNT_DTYPE).max)

# One bound parameter carries any number of ids or strings as a JSON array.
_JSON_IDS = "SELECT value FROM json_each(?)"


class _Bloom:
    """A Bloom filter over strings (Python's per-process `hash`, so it lives in one process).

    `might_contain` is never wrong for a string that was added; for one that was not it says
    True about once in a hundred at the sized capacity. Sized at 10 bits and 7 probes per string.
    """

    PROBES = 7

    def __init__(self, capacity: int) -> None:
        bits = 1 << max(20, (max(capacity, 1) * 10 - 1).bit_length())
        self._mask = np.uint64(bits - 1)
        self._words = np.zeros(bits // 64, dtype=np.uint64)
        self._steps = np.arange(self.PROBES, dtype=np.uint64)

    def _positions(self, items: list[str]) -> np.ndarray:
        hashes = np.fromiter(map(hash, items), dtype=np.int64, count=len(items)).view(np.uint64)
        first = hashes & np.uint64(0xFFFFFFFF)
        step = (hashes >> np.uint64(32)) | np.uint64(1)
        return (first[:, None] + step[:, None] * self._steps) & self._mask

    def add(self, items: list[str]) -> None:
        if items:
            positions = self._positions(items).ravel()
            np.bitwise_or.at(
                self._words, positions >> np.uint64(6), np.uint64(1) << (positions & np.uint64(63))
            )

    def might_contain(self, items: list[str]) -> np.ndarray:
        positions = self._positions(items)
        bits = (self._words[positions >> np.uint64(6)] >> (positions & np.uint64(63))) & np.uint64(1)
        return np.asarray(bits.all(axis=1))


# Loading the vocabulary into the filter costs about a microsecond a term and saves about half
# a millisecond an article: worth it when the run adds at least one article per this many terms.
PRELOAD_TERMS_PER_ARTICLE = 1000
# Terms each new article is expected to add (measured: ~110 at 1k articles, ~150 at 10k).
NEW_TERMS_PER_ARTICLE = 200


class TermIdCache:
    """Term ids already resolved during one ingest run, so each term is looked up once.

    Ids of terms added by a transaction are kept only once it commits (`commit`); a transaction
    that fails leaves them out again (`begin` of the next one drops them). Past `limit` entries
    the id map starts afresh, so its memory stays flat however large the run.

    Given the connection at `begin`, the cache also keeps a Bloom filter of every term in the
    vocabulary (loaded once, when the run is large enough to repay it; kept in step with rows
    other processes add). A term the filter has never seen is new for certain: it gets the next
    id without a lookup. Only the filter's rare false alarms and terms dropped from the id map
    are looked up in SQL.
    """

    def __init__(self, limit: int = 400_000) -> None:
        self.ids: dict[str, int] = {}
        self.limit = limit
        self.expected_articles = 0  # set by the caller: how many articles the run may still add
        self._added: list[str] = []  # terms inserted by the open transaction
        self._seen: _Bloom | None = None  # every term of the vocabulary, once loaded
        self._synced_id = 0  # every term with an id up to this one is in `_seen` (committed)
        self._next_id = 0  # the largest id in the vocabulary inside the open transaction

    @property
    def tracks_vocabulary(self) -> bool:
        """Whether new terms are told apart without a lookup (the Bloom filter is loaded)."""
        return self._seen is not None

    def begin(self, conn: sqlite3.Connection | None = None) -> None:
        """Call inside a write transaction, before its first lookup: forget ids from one that
        did not commit and bring the filter up to date with the vocabulary."""
        for term in self._added:
            self.ids.pop(term, None)
        self._added = []
        if len(self.ids) > self.limit:
            self.ids.clear()
        if conn is None:
            return
        largest = _largest_id(conn)
        if self._seen is None:
            if largest > PRELOAD_TERMS_PER_ARTICLE * max(self.expected_articles, 1):
                return  # a small run on a large library: plain lookups are cheaper
            self._seen = _Bloom(largest + NEW_TERMS_PER_ARTICLE * self.expected_articles)
            self._synced_id = 0
        if largest != self._synced_id:  # the first load, or rows another process added
            rows = conn.execute(
                "SELECT term, id FROM terms WHERE id > ? ORDER BY id", (self._synced_id,)
            )
            while chunk := rows.fetchmany(100_000):
                self._seen.add([term for term, _ in chunk])
                if len(self.ids) + len(chunk) <= self.limit:
                    self.ids.update(chunk)
        self._synced_id = self._next_id = largest

    def commit(self) -> None:
        """Call once the transaction has committed: its new ids are permanent."""
        self._added = []
        self._synced_id = max(self._synced_id, self._next_id)

    def resolve(self, conn: sqlite3.Connection, terms: Iterable[str]) -> dict[str, int]:
        """Ids for `terms` with the filter loaded: new terms get the next ids (in sorted order)."""
        assert self._seen is not None
        missing = list(filterfalse(self.ids.__contains__, terms))
        if not missing:
            return self.ids
        largest = _largest_id(conn)
        if largest > self._next_id:  # rows added in this transaction without the cache
            rows = conn.execute(
                "SELECT term, id FROM terms WHERE id > ?", (self._next_id,)
            ).fetchall()
            self._seen.add([term for term, _ in rows])
            self.ids.update(rows)
            self._added.extend(term for term, _ in rows)  # forgotten if the transaction fails
            self._next_id = largest
            missing = list(filterfalse(self.ids.__contains__, missing))
        maybe = list(compress(missing, self._seen.might_contain(missing).tolist()))
        if maybe:  # dropped from the id map, or a false alarm of the filter
            self.ids.update(lookup_term_ids(conn, maybe))
            missing = list(filterfalse(self.ids.__contains__, missing))
        if missing:
            new = sorted(set(missing))
            first = self._next_id + 1
            new_ids = range(first, first + len(new))
            conn.executemany("INSERT INTO terms(id, term) VALUES (?, ?)", zip(new_ids, new, strict=True))
            self._next_id += len(new)
            self.ids.update(zip(new, new_ids, strict=True))
            self._added.extend(new)
            self._seen.add(new)
        return self.ids


# SQLite page cache while indexing terms: the vocabulary's unique index outgrows the default
# 2 MB at a few thousand articles, and each new term then costs page reads. Measured at 90k
# articles (3M terms): 212 articles/s with 2 MB, 231 with 64 MB, 279 with 256 MB (peak RSS
# 161, 225 and 425 MB). The pages are allocated only as used and released afterwards.
INDEXING_CACHE_KIB = 256 * 1024


@contextmanager
def indexing_page_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A large page cache on `conn` for the length of a term-indexing run."""
    previous = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{INDEXING_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {previous}")
        _return_freed_memory()


def _return_freed_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise: a first comparison in the app
    would leave it ~180 MB larger for the session). A no-op where glibc is not there."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def term_ids(
    conn: sqlite3.Connection, terms: Iterable[str], cache: TermIdCache | None = None
) -> Mapping[str, int]:
    """Ids for these terms, adding the ones the vocabulary does not hold yet (in sorted order).

    With a `cache`, only terms it lacks are looked up, and the cache's own mapping (which then
    holds every one of `terms`) is returned.
    """
    if cache is not None and cache.tracks_vocabulary:
        return cache.resolve(conn, terms)
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


def _largest_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0])


def _add_terms(conn: sqlite3.Connection, new: list[str]) -> dict[str, int]:
    """Insert terms the vocabulary lacks (in this order) and return their ids.

    A plain executemany and a rowid range read back is about 2.5x faster than one
    `INSERT ... SELECT FROM json_each RETURNING`; inside the write transaction only these
    inserts add rows, so the rows past the old largest id are exactly them.
    """
    last = _largest_id(conn)
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
    return _largest_id(conn) + 1


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


def missing_among(
    conn: sqlite3.Connection, article_ids: list[int], batch: int = 500
) -> Iterator[list[int]]:
    """Those of these articles that have no term row, in batches."""
    ordered = sorted(set(article_ids))
    missing: list[int] = []
    for start in range(0, len(ordered), 5_000):
        chunk = ordered[start : start + 5_000]
        have = articles_with_terms(conn, chunk)
        missing.extend(i for i in chunk if i not in have)
    for start in range(0, len(missing), batch):
        yield missing[start : start + batch]


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


def texts_missing_terms(
    conn: sqlite3.Connection, article_ids: list[int]
) -> list[tuple[int, str, str]]:
    """(id, title, body) of those of these articles that still have no term row."""
    wanted = json.dumps(article_ids)
    return conn.execute(
        f"""
        SELECT a.id, a.title, a.body FROM articles a
        WHERE a.id IN ({_JSON_IDS})
            AND NOT EXISTS (SELECT 1 FROM article_terms t WHERE t.article_id = a.id)
        ORDER BY a.id
        """,
        (wanted,),
    ).fetchall()


def articles_with_terms(conn: sqlite3.Connection, article_ids: list[int]) -> set[int]:
    """Which of these articles already have a term row."""
    wanted = json.dumps(article_ids)
    rows = conn.execute(
        f"SELECT article_id FROM article_terms WHERE article_id IN ({_JSON_IDS})", (wanted,)
    )
    return {row[0] for row in rows}
