"""Compare two slices of the library: overviews, who and what is on each side, distinctive terms.

A slice is any search expression (`year:2016`, `person:"John Forster" after:2020`). Term
frequencies come from the per-article term index (core.terms: built by the analysis step, or here
for articles ingested with --no-nlp), summed with numpy, so a comparison never re-tokenises
articles that have been indexed once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import numpy as np

from core.compare.keyness import g2_and_log_ratio, log_likelihood
from core.errors import Cancelled, NewsdeskError, QueryError
from core.library import Library
from core.models import Progress
from core.store import compare as sql
from core.store import terms as terms_sql
from core.store import utc_now

__all__ = [
    "Comparison",
    "KeyTerm",
    "NameCount",
    "NameSplit",
    "SliceOverview",
    "compare",
    "default_slices",
    "log_likelihood",
    "slice_ids",
]

# Section -> entity kinds (GPE and LOC are both places).
ENTITY_SECTIONS: dict[str, tuple[str, ...]] = {
    "people": ("PERSON",),
    "organisations": ("ORG",),
    "places": ("GPE", "LOC"),
}
DEFAULT_MIN_G2 = 3.84  # p < 0.05, one degree of freedom


@dataclass
class SliceOverview:
    """One side at a glance."""

    expression: str
    articles: int
    first_published: str | None
    last_published: str | None
    outlets: list[tuple[str, int]]
    words: int


@dataclass
class NameCount:
    """A person, organisation, place or topic with the articles naming it on each side."""

    id: int
    name: str
    kind: str
    left: int
    right: int


@dataclass
class NameSplit:
    """Names found only on the left, on both sides, only on the right (each ranked, cut to top)."""

    only_left: list[NameCount] = field(default_factory=list)
    shared: list[NameCount] = field(default_factory=list)
    only_right: list[NameCount] = field(default_factory=list)
    totals: tuple[int, int, int] = (0, 0, 0)  # sizes before the cut


@dataclass
class KeyTerm:
    """A term distinctive for one side, with the counts behind its score."""

    term: str
    freq_left: int
    freq_right: int
    g2: float
    log_ratio: float  # log2 of relative frequency left / right (0.5 for a zero count)


@dataclass
class Comparison:
    """Everything a comparison of two slices found, as plain data."""

    left: SliceOverview
    right: SliceOverview
    people: NameSplit
    organisations: NameSplit
    places: NameSplit
    topics: NameSplit
    distinctive_left: list[KeyTerm]
    distinctive_right: list[KeyTerm]
    top: int
    min_freq: int
    min_g2: float
    library_articles: int
    computed_at: str
    elapsed_ms: float = 0.0
    overlap: int = 0  # articles in both slices
    indexed: int = 0  # articles term-indexed first (ingested with --no-nlp); in elapsed_ms
    unindexed: int = 0  # articles left out of the distinctive terms (a read-only library)

    def timing(self) -> str:
        """`123 ms`, saying when a first-time term indexing is part of it, and what is missing."""
        text = f"{self.elapsed_ms:.0f} ms"
        if self.indexed:
            text += f" (indexed {self.indexed:,} articles first)"
        if self.unindexed:
            text += (f" · {self.unindexed:,} articles not term-indexed (read-only library)"
                     " are left out of the distinctive terms")
        return text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def slice_ids(lib: Library, expression: str, side: str = "") -> list[int]:
    """Article ids matching a search expression; NewsdeskError if it matches none."""
    from core import search  # lazy: the search package loads its own parser

    text = expression.strip()
    label = f"the {side} slice" if side else "the slice"
    if not text:
        raise QueryError(f"{label} is empty: give a search expression such as year:2016")
    ids = sorted(set(search.matching_ids(lib, text)))
    if not ids:
        raise NewsdeskError(f"{label} `{text}` matches no articles", title="Compare")
    return ids


def default_slices(lib: Library) -> tuple[str, str]:
    """The earliest year against the latest year of the library."""
    first, last = sql.year_range(lib.store.conn)
    if first is None or last is None:
        raise NewsdeskError("no dated articles to compare; give two slices", title="Compare")
    if first == last:
        raise NewsdeskError(
            f"every dated article is from {first}; give two slices to compare", title="Compare"
        )
    return f"year:{first}", f"year:{last}"


def compare(
    lib: Library,
    left: str,
    right: str,
    *,
    top: int = 20,
    min_freq: int = 5,
    min_g2: float = DEFAULT_MIN_G2,
    progress: Callable[[Progress], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Comparison:
    """Compare two slices given as search expressions.

    Articles not yet in the term index (ingested with `--no-nlp`, or changed since) are indexed
    first, reporting `progress`; cancelling stops that after a batch (what is done is kept) and
    raises `Cancelled`.
    """
    started = time.perf_counter()
    left_ids = slice_ids(lib, left, "left")
    right_ids = slice_ids(lib, right, "right")
    conn = lib.store.conn
    # The right side is read on a helper thread (its own connection) while this thread reads
    # the left: SQLite and numpy's bincount run without the GIL, so two cores share the work.
    pending = _helper().submit(_read_side, lib, right_ids)
    try:
        left_side = _read_side(lib, left_ids)
    finally:
        right_side = pending.result()
    indexed = 0
    unindexed = sum(len(side.article_ids) - side.terms_found for side in (left_side, right_side))
    if unindexed and not lib.readonly:
        from core.terms import reindex_terms

        def counting(step: Progress) -> None:
            nonlocal indexed
            indexed = max(indexed, step.done)
            if progress is not None:
                progress(step)

        both = sorted(set(left_ids) | set(right_ids))
        reindex_terms(lib, counting, is_cancelled=is_cancelled, article_ids=both)
        if is_cancelled is not None and is_cancelled():
            raise Cancelled("comparison cancelled while indexing terms; the work done is kept")
        for side in (left_side, right_side):
            if side.terms_found < len(side.article_ids):
                side.freq, side.words, side.terms_found = slice_term_counts(lib, side.article_ids)
        unindexed = sum(len(s.article_ids) - s.terms_found for s in (left_side, right_side))
    terms_left, terms_right = distinctive_terms(
        lib, left_side.freq, right_side.freq, left_side.words, right_side.words,
        top=top, min_freq=min_freq, min_g2=min_g2,
    )
    left_names, right_names = _name_counts(lib, left_side.mentioned, right_side.mentioned)
    splits = {
        section: split_names(
            {k: v for k, v in left_names.items() if v[1] in kinds},
            {k: v for k, v in right_names.items() if v[1] in kinds},
            top,
        )
        for section, kinds in ENTITY_SECTIONS.items()
    }
    topics = split_names(left_side.topics, right_side.topics, top)
    left_overview = _overview(left.strip(), left_side)
    right_overview = _overview(right.strip(), right_side)
    return Comparison(
        left=left_overview,
        right=right_overview,
        people=splits["people"],
        organisations=splits["organisations"],
        places=splits["places"],
        topics=topics,
        distinctive_left=terms_left,
        distinctive_right=terms_right,
        top=top,
        min_freq=min_freq,
        min_g2=min_g2,
        library_articles=sql.library_articles(conn),
        computed_at=utc_now(),
        elapsed_ms=(time.perf_counter() - started) * 1000,
        overlap=len(set(left_ids) & set(right_ids)),
        indexed=indexed,
        unindexed=unindexed,
    )


def slice_term_counts(lib: Library, article_ids: list[int]) -> tuple[np.ndarray, int, int]:
    """Dense term frequency array (indexed by term id), word total, and how many of the
    articles have a term row (the others are left out: see `compare`)."""
    conn = lib.store.conn
    id_bytes, count_bytes, words, found = sql.slice_term_blobs(conn, article_ids)
    vocabulary = terms_sql.vocabulary_size(conn)
    if not found:
        return np.zeros(vocabulary, dtype=np.float64), 0, 0
    ids = np.frombuffer(id_bytes, dtype=terms_sql.ID_DTYPE)
    counts = np.frombuffer(count_bytes, dtype=terms_sql.COUNT_DTYPE)
    # float64 weights: numpy's bincount casts small integer weights slowly (0.63 s vs 0.23 s)
    freq = np.bincount(ids, weights=counts.astype(np.float64), minlength=vocabulary)
    return freq, words, found


@dataclass
class _Side:
    """What one slice's reads gather before the two sides are set against each other."""

    article_ids: list[int]
    freq: np.ndarray
    words: int
    terms_found: int
    mentioned: np.ndarray
    topics: dict[int, tuple[str, str, int]]
    overview: tuple[int, str | None, str | None, list[tuple[str, int]]]


_HELPER: ThreadPoolExecutor | None = None
_HELPER_LOCK = threading.Lock()


def _helper() -> ThreadPoolExecutor:
    """One long-lived helper thread, so its connection per library is opened once, not per call."""
    global _HELPER
    with _HELPER_LOCK:
        if _HELPER is None:
            _HELPER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-compare")
        return _HELPER


def _read_side(lib: Library, article_ids: list[int]) -> _Side:
    """Term frequencies, mentioned entities, topics and overview of one slice (read-only)."""
    conn = lib.store.conn  # this thread's connection
    with sql.mapped_reads(conn):
        freq, words, found = slice_term_counts(lib, article_ids)
        return _Side(
            article_ids=article_ids,
            freq=freq,
            words=words,
            terms_found=found,
            mentioned=sql.mentioned_entities(conn, article_ids),
            topics=sql.topic_article_counts(conn, article_ids),
            overview=sql.slice_overview(conn, article_ids),
        )


def slice_entity_counts(
    lib: Library, left_ids: list[int], right_ids: list[int]
) -> tuple[dict[int, tuple[str, str, int]], dict[int, tuple[str, str, int]]]:
    """entity id -> (name, kind, articles mentioning it) on each side, names read once."""
    conn = lib.store.conn
    return _name_counts(
        lib, sql.mentioned_entities(conn, left_ids), sql.mentioned_entities(conn, right_ids)
    )


def _name_counts(
    lib: Library, left_mentioned: np.ndarray, right_mentioned: np.ndarray
) -> tuple[dict[int, tuple[str, str, int]], dict[int, tuple[str, str, int]]]:
    sides = []
    for mentioned in (left_mentioned, right_mentioned):
        counts = np.bincount(mentioned) if len(mentioned) else np.zeros(0, dtype=np.int64)
        present = np.flatnonzero(counts)
        sides.append((present, counts[present]))
    names = sql.entity_names(
        lib.store.conn, np.union1d(sides[0][0], sides[1][0]).astype(np.int64).tolist()
    )
    result = []
    for present, counts in sides:
        result.append({
            int(entity_id): (*names[int(entity_id)], int(count))
            for entity_id, count in zip(present, counts, strict=True)
            if int(entity_id) in names
        })
    return result[0], result[1]


def distinctive_terms(
    lib: Library,
    left_freq: np.ndarray,
    right_freq: np.ndarray,
    left_words: int,
    right_words: int,
    *,
    top: int,
    min_freq: int,
    min_g2: float,
) -> tuple[list[KeyTerm], list[KeyTerm]]:
    """Terms over- and under-used on the left, ranked by G2 (then log ratio, then term id)."""
    size = max(len(left_freq), len(right_freq))
    left_freq = np.pad(left_freq, (0, size - len(left_freq)))
    right_freq = np.pad(right_freq, (0, size - len(right_freq)))
    candidates = np.flatnonzero((left_freq >= min_freq) | (right_freq >= min_freq))
    a = left_freq[candidates]
    b = right_freq[candidates]
    g2, log_ratio = g2_and_log_ratio(a, b, left_words, right_words)
    significant = g2 >= min_g2
    left_mask = significant & (log_ratio > 0) & (a >= min_freq)
    right_mask = significant & (log_ratio < 0) & (b >= min_freq)
    picked: list[tuple[str, np.ndarray]] = []
    for side, mask in (("left", left_mask), ("right", right_mask)):
        index = np.flatnonzero(mask)
        ratio = log_ratio[index] if side == "left" else -log_ratio[index]
        order = np.lexsort((candidates[index], -ratio, -g2[index]))[:top]
        picked.append((side, index[order]))
    wanted = [int(candidates[i]) for _, index in picked for i in index]
    texts = terms_sql.term_texts(lib.store.conn, wanted)
    result: list[list[KeyTerm]] = []
    for _, index in picked:
        result.append(
            [
                KeyTerm(
                    term=texts.get(int(candidates[i]), "?"),
                    freq_left=int(a[i]),
                    freq_right=int(b[i]),
                    g2=round(float(g2[i]), 3),
                    log_ratio=round(float(log_ratio[i]), 3),
                )
                for i in index
            ]
        )
    return result[0], result[1]


def split_names(
    left: dict[int, tuple[str, str, int]], right: dict[int, tuple[str, str, int]], top: int
) -> NameSplit:
    """Names only on the left, shared, only on the right, each ranked by article count."""
    rows = []
    for key in left.keys() | right.keys():
        name, kind, _ = left.get(key) or right[key]
        rows.append(NameCount(key, name, kind, left.get(key, ("", "", 0))[2],
                              right.get(key, ("", "", 0))[2]))
    only_left = sorted((r for r in rows if not r.right), key=lambda r: (-r.left, r.name, r.id))
    only_right = sorted((r for r in rows if not r.left), key=lambda r: (-r.right, r.name, r.id))
    shared = sorted(
        (r for r in rows if r.left and r.right),
        key=lambda r: (-(r.left + r.right), -min(r.left, r.right), r.name, r.id),
    )
    return NameSplit(
        only_left=only_left[:top],
        shared=shared[:top],
        only_right=only_right[:top],
        totals=(len(only_left), len(shared), len(only_right)),
    )


def _overview(expression: str, side: _Side) -> SliceOverview:
    count, first, last, outlets = side.overview
    return SliceOverview(expression, count, first, last, [(o, n) for o, n in outlets], side.words)
