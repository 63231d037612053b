"""Ranked lists: every article matching one search term, with its bm25 score, kept per version
of the full-text index in a cache file, so a common word is scored once rather than on every search.
The index's vocabulary (did-you-mean's words) is kept there too: FTS5 reads it by decoding the
whole index, 2 s at 100k articles.

A word in most of 100k articles costs FTS5 about 200 ms to rank (bm25 for every match); its list
answers the same question in about a millisecond. The scores are FTS5's own, and a query's bm25
is the sum of its terms' (`core.search.ranked`), so results are exactly those of `fts_hits`.

A list is keyed by the index version (`index_key`: FTS5's structure and averages records change
with every write), so one built before an ingest is never used after it. The cache is a separate
SQLite file in the user cache folder: derived data, safe to delete, usable with a read-only
library, and never holding the library's write lock. Failing to read or write it costs speed only.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from core.paths import APP_NAME
from core.store import utc_now
from core.store.maintenance import INDEX_GENERATION_KEY
from core.store.search import RANK_WEIGHTS, Where, fts_count

FORMAT = 1
# Fewer matches than this and FTS5 ranks a term faster than a list is read; not worth keeping.
LIST_MIN_HITS = 2_000
MAX_LISTS = 96  # per library; the oldest go first
MAX_BYTES = 256 * 1024 * 1024  # per library (a word in all of 1M articles makes a 24 MB list)
MEMORY_LISTS = 16  # decoded lists kept in this process, within MEMORY_BYTES
MEMORY_BYTES = 64 * 1024 * 1024  # a word in most of 1M articles makes a 24 MB list
CACHE_TIMEOUT_S = 0.2  # never wait long for another process writing the cache


@dataclass(frozen=True)
class RankedList:
    """Every match of one term: ids ascending with their bm25 scores, and positions by rank.

    `order` lists positions into `ids`/`scores`, best (lowest) score first, ties by lower id:
    the order of `ORDER BY score, rowid`.
    """

    ids: array  # 'q', ascending
    scores: array  # 'd', bm25 as FTS5 gives it (lower is better)
    order: array  # 'q', positions in rank order

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        return sum(a.itemsize * len(a) for a in (self.ids, self.scores, self.order))


def index_key(conn: sqlite3.Connection) -> str:
    """Changes whenever the full-text index does (read it outside a write transaction: FTS5
    keeps a transaction's new rows in memory until commit).

    FTS5's structure record changes with every write (its write counter only grows) and its
    averages record with the row and token counts; a rebuild starts the counter again, so the
    library's count of rebuilds is part of the key too.
    """
    digest = hashlib.blake2b(digest_size=16)
    generation = conn.execute(
        "SELECT value FROM meta WHERE key = ?", (INDEX_GENERATION_KEY,)
    ).fetchone()
    digest.update(f"{FORMAT}|{RANK_WEIGHTS}|{generation[0] if generation else 0}|".encode())
    for rowid, block in conn.execute(
        "SELECT id, block FROM articles_fts_data WHERE id IN (1, 10) ORDER BY id"
    ):
        digest.update(f"{rowid}:{len(block)}:".encode())
        digest.update(block)
    return digest.hexdigest()


def term_count(conn: sqlite3.Connection, unit: str) -> int:
    """How many articles match one FTS5 term (walks its doclist; no scoring)."""
    return fts_count(conn, unit, Where())


def term_scores(conn: sqlite3.Connection, unit: str) -> tuple[array, array]:
    """Every article matching one FTS5 term with its bm25 score, in id order."""
    marks = ", ".join("?" * len(RANK_WEIGHTS))
    rows = conn.execute(
        f"SELECT rowid, bm25(articles_fts, {marks}) FROM articles_fts WHERE articles_fts MATCH ?"
        " ORDER BY rowid",  # FTS5's own order: no sorting
        (*RANK_WEIGHTS, unit),
    ).fetchall()
    return array("q", [row[0] for row in rows]), array("d", [row[1] for row in rows])


def ranked_list(ids: array, scores: array) -> RankedList:
    """A list from id-ordered matches (a stable sort by score keeps ties in id order)."""
    order = array("q", sorted(range(len(ids)), key=scores.__getitem__))
    return RankedList(ids, scores, order)


def _evict(conn: sqlite3.Connection) -> None:
    """Keep the newest lists within MAX_LISTS and MAX_BYTES."""
    kept_bytes = 0
    for position, (rowid, size) in enumerate(conn.execute(
        "SELECT rowid, length(ids) + length(scores) + length(rank_order) FROM lists "
        "ORDER BY built_at DESC, rowid DESC"
    ).fetchall()):
        kept_bytes += size
        if position >= MAX_LISTS or (position > 0 and kept_bytes > MAX_BYTES):
            conn.execute("DELETE FROM lists WHERE rowid = ?", (rowid,))


# -- the cache file ------------------------------------------------------------------------------

_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS lists (
        unit TEXT NOT NULL,
        index_key TEXT NOT NULL,
        ids BLOB NOT NULL,
        scores BLOB NOT NULL,
        rank_order BLOB NOT NULL,
        built_at TEXT NOT NULL,
        PRIMARY KEY (index_key, unit)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS vocabulary (
        index_key TEXT PRIMARY KEY,
        terms BLOB NOT NULL,  -- UTF-8, separated by NUL (no indexed term holds one)
        docs BLOB NOT NULL,  -- array('q'): the number of articles holding each term
        built_at TEXT NOT NULL
    )
    """,
)

_memory: OrderedDict[tuple[str, str, str], RankedList] = OrderedDict()
# Terms found too rare for a list, per index version: not counted again.
_rare: OrderedDict[tuple[str, str, str], None] = OrderedDict()
RARE_KEEP = 4096
_memory_lock = threading.Lock()


def cache_path(library: Path) -> Path:
    """The cache file of a library: named by its resolved path, in the user cache folder."""
    name = hashlib.blake2b(str(library.resolve()).encode(), digest_size=12).hexdigest()
    return platformdirs.user_cache_path(APP_NAME) / "ranked" / f"{name}.db"


class RankCache:
    """Ranked lists of one library, in this process's memory and in the cache file."""

    def __init__(self, library: Path) -> None:
        self.path = cache_path(library)

    def get(self, key: str, unit: str) -> RankedList | None:
        memo = (str(self.path), key, unit)
        with _memory_lock:
            held = _memory.get(memo)
            if held is not None:
                _memory.move_to_end(memo)
                return held
        row = self._read(
            "SELECT ids, scores, rank_order FROM lists WHERE index_key = ? AND unit = ?",
            (key, unit),
        )
        if row is None:
            return None
        ids, scores, order = array("q"), array("d"), array("q")
        try:
            ids.frombytes(row[0])
            scores.frombytes(row[1])
            order.frombytes(row[2])
        except (TypeError, ValueError):
            return None
        if not len(ids) == len(scores) == len(order):
            return None
        found = RankedList(ids, scores, order)
        self._remember(memo, found)
        return found

    def is_rare(self, key: str, unit: str) -> bool:
        with _memory_lock:
            return (str(self.path), key, unit) in _rare

    def mark_rare(self, key: str, unit: str) -> None:
        """Remember (in this process) that a term has too few matches for a list."""
        with _memory_lock:
            _rare[(str(self.path), key, unit)] = None
            while len(_rare) > RARE_KEEP:
                _rare.popitem(last=False)

    def put(self, key: str, unit: str, ranked: RankedList) -> None:
        """Keep a list (best effort: a cache that cannot be written only costs speed)."""
        self._remember((str(self.path), key, unit), ranked)
        self._write(
            ("DELETE FROM lists WHERE index_key <> ?", (key,)),
            ("INSERT OR REPLACE INTO lists VALUES (?, ?, ?, ?, ?, ?)",
             (unit, key, ranked.ids.tobytes(), ranked.scores.tobytes(), ranked.order.tobytes(),
              utc_now())),
            then=_evict,
        )

    def get_vocabulary(self, key: str) -> tuple[list[str], list[int]] | None:
        """The index's terms and their article counts, as kept for index version `key`."""
        row = self._read("SELECT terms, docs FROM vocabulary WHERE index_key = ?", (key,))
        if row is None:
            return None
        docs = array("q")
        try:
            terms = bytes(row[0]).decode("utf-8").split("\0") if row[0] else []
            docs.frombytes(row[1])
        except (TypeError, ValueError):
            return None
        if len(terms) != len(docs):
            return None
        return terms, docs.tolist()

    def put_vocabulary(self, key: str, terms: list[str], docs: list[int]) -> None:
        """Keep the vocabulary of index version `key`, replacing any older one (best effort)."""
        if any("\0" in term for term in terms):
            return
        self._write(
            ("DELETE FROM vocabulary", ()),
            ("INSERT INTO vocabulary VALUES (?, ?, ?, ?)",
             (key, "\0".join(terms).encode("utf-8"), array("q", docs).tobytes(), utc_now())),
        )

    def _read(self, sql: str, params: tuple[object, ...]) -> tuple[Any, ...] | None:
        """One row of the cache file; None without a file, a row, or a readable file."""
        if not self.path.exists():
            return None
        row = None
        with self._connect() as conn:
            if conn is not None:
                row = conn.execute(sql, params).fetchone()
        return row

    def _write(
        self,
        *statements: tuple[str, tuple[object, ...]],
        then: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """Run `statements` (then `then`) in one transaction of the cache file, best effort: a
        cache that cannot be written only costs speed."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        with self._connect() as conn:
            if conn is None:
                return
            with contextlib.suppress(sqlite3.Error):
                conn.execute("BEGIN IMMEDIATE")
                for sql, params in statements:
                    conn.execute(sql, params)
                if then is not None:
                    then(conn)
                conn.execute("COMMIT")

    def clear(self) -> None:
        """Forget every list of this library (memory and file)."""
        with _memory_lock:
            for memo in [m for m in _memory if m[0] == str(self.path)]:
                del _memory[memo]
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection | None]:
        try:
            conn = sqlite3.connect(self.path, timeout=CACHE_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error:
            yield None
            return
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            for statement in _SCHEMA:
                conn.execute(statement)
        except sqlite3.Error as exc:
            conn.close()
            if not isinstance(exc, sqlite3.OperationalError):  # not a database: start afresh
                self.clear()
            yield None
            return
        try:
            yield conn
        except sqlite3.Error:
            pass
        finally:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            conn.close()

    @staticmethod
    def _remember(memo: tuple[str, str, str], ranked: RankedList) -> None:
        with _memory_lock:
            _memory[memo] = ranked
            _memory.move_to_end(memo)
            held = sum(kept.nbytes for kept in _memory.values())
            while len(_memory) > 1 and (len(_memory) > MEMORY_LISTS or held > MEMORY_BYTES):
                _, dropped = _memory.popitem(last=False)
                held -= dropped.nbytes
