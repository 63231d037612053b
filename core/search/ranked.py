"""Ranking from ranked lists: a query of plain required terms (words, "phrases", prefix*), each
in thousands of articles, is answered from each term's kept scored matches
(`core.store.ranklists`) instead of FTS5 scoring every match again.

FTS5's bm25 for `t1 AND t2 ...` is the sum, in query order, of each term's own bm25 (a term's
IDF and frequency in an article do not depend on the other terms), so adding the lists' scores
gives the same numbers, and ordering by (score, id) the same order, as `fts_hits`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from array import array
from bisect import bisect_left
from collections.abc import Sequence

from core.search.query import Query
from core.store import search as sql
from core.store.ranklists import (
    LIST_MIN_HITS,
    RankCache,
    RankedList,
    index_key,
    ranked_list,
    term_count,
    term_scores,
)

Page = list[tuple[int, float]]


def list_units(parsed: Query) -> list[str] | None:
    """The FTS5 terms of a query that lists can answer (every term required, none limited to
    a column, nothing excluded, no OR), in query order; None for any other query."""
    if parsed.excluded or not parsed.groups:
        return None
    units = []
    for group in parsed.groups:
        if len(group) != 1 or group[0].column is not None:
            return None
        units.append(group[0].fts())
    return units


def ranked_hits(
    conn: sqlite3.Connection,
    cache: RankCache,
    units: Sequence[str],
    match: str,
    where: sql.Where,
    limit: int,
    offset: int,
) -> tuple[list[sql.RawHit], int] | None:
    """Hits `offset` to `offset + limit` and the total, as `fts_hits` and `fts_count` give them;
    None when FTS5 should answer: a term or the filters select too few articles for lists to
    pay (FTS5 is quick then), lists are still being built (`_lists`), or `conn` is inside a
    transaction (its uncommitted rows are in no list)."""
    if conn.in_transaction or _too_small(conn):
        return None
    conn.execute("BEGIN")  # one snapshot: the index key, the lists and the hits agree
    try:
        key = index_key(conn)
        lists = _lists(conn, cache, key, units)
        allowed = sql.filter_ids(conn, where) if lists is not None and where.clauses else None
        if lists is None or (allowed is not None and len(allowed) < LIST_MIN_HITS):
            conn.execute("COMMIT")
            return None
        if len(units) == 1:
            page, total = _one_term(lists[units[0]], allowed, limit, offset)
        else:
            scored = {unit: (found.ids, found.scores) for unit, found in lists.items()}
            page, total = _many_terms(scored, units, allowed, limit, offset)
        hits = sql.hits_for(conn, match, page)
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return hits, total


def _lists(
    conn: sqlite3.Connection, cache: RankCache, key: str, units: Sequence[str]
) -> dict[str, RankedList] | None:
    """Every term's list, or None when FTS5 should answer: a term too rare for a list (FTS5
    then scores only the few articles matching it and the rest), or more than one list still
    to build. One missing list, the largest, is built per search: building costs about what
    FTS5 ranking that term does, so a pasted sentence of common words stays within a search's
    time limit, and later searches find the lists."""
    lists: dict[str, RankedList] = {}
    missing: list[tuple[int, str]] = []
    for unit in dict.fromkeys(units):
        if cache.is_rare(key, unit):
            return None
        found = cache.get(key, unit)
        if found is not None:
            lists[unit] = found
            continue
        matches = term_count(conn, unit)
        if matches < LIST_MIN_HITS:
            cache.mark_rare(key, unit)
            return None
        missing.append((matches, unit))
    if missing:
        _, unit = max(missing)
        lists[unit] = ranked_list(*term_scores(conn, unit))
        cache.put(key, unit, lists[unit])
    return lists if len(missing) <= 1 else None


def warm_up() -> None:
    """Import what ranking several terms needs (numpy, 0.1 s) before the first such search."""
    import numpy  # noqa: F401


def _too_small(conn: sqlite3.Connection) -> bool:
    """No term can have a list: fewer articles than a list needs (max id: no table scan)."""
    return (sql.highest_article_id(conn) or 0) < LIST_MIN_HITS


def _one_term(
    ranked: RankedList, allowed: list[int] | None, limit: int, offset: int
) -> tuple[Page, int]:
    """A page of one term's list, walking it in rank order past articles the filters leave out."""
    ids, scores, order = ranked.ids, ranked.scores, ranked.order
    end = offset + limit
    if allowed is None:
        return [(ids[p], scores[p]) for p in order[offset:end]], len(ids)
    allowed_set = set(allowed)
    picked: list[int] = []
    if end:
        for position in order:
            if ids[position] in allowed_set:
                picked.append(position)
                if len(picked) >= end:
                    break
    if len(allowed) * 16 < len(ids):  # few allowed: look each up in the sorted ids
        total = sum(1 for article in allowed if _contains(ids, article))
    else:
        total = sum(1 for article in ids if article in allowed_set)
    return [(ids[p], scores[p]) for p in picked[offset:end]], total


def _contains(ids: array, article: int) -> bool:
    at = bisect_left(ids, article)
    return at < len(ids) and ids[at] == article


def _many_terms(
    scored: dict[str, tuple[array, array]],
    units: Sequence[str],
    allowed: list[int] | None,
    limit: int,
    offset: int,
) -> tuple[Page, int]:
    """Articles in every term's matches (and the filters), scored by the sum of the terms'
    scores in query order, best `limit` from `offset`, ties by lower id."""
    import numpy as np  # here, not at import: 0.1 s that `newsdesk search word` does not need

    columns = {
        unit: (np.frombuffer(ids, dtype=np.int64), np.frombuffer(scores, dtype=np.float64))
        for unit, (ids, scores) in scored.items()
    }
    common = min((ids for ids, _ in columns.values()), key=len)
    if allowed is not None:
        common = common[np.isin(common, np.asarray(allowed, dtype=np.int64), assume_unique=True)]
    for ids, _ in columns.values():
        if len(ids) == 0:
            common = common[:0]
            break
        at = np.searchsorted(ids, common)
        at[at == len(ids)] = 0
        common = common[ids[at] == common]
    total_score = None
    for unit in units:
        ids, scores = columns[unit]
        term_score = scores[np.searchsorted(ids, common)]
        total_score = term_score if total_score is None else total_score + term_score
    total = len(common)
    end = offset + limit
    if total == 0 or end == 0 or total_score is None:
        return [], total
    if end < total:  # keep the best `end` and everything tied with the last of them
        cutoff = np.partition(total_score, end - 1)[end - 1]
        keep = total_score <= cutoff
        common, total_score = common[keep], total_score[keep]
    order = np.lexsort((common, total_score))[offset:end]
    page = [(int(i), float(s)) for i, s in zip(common[order], total_score[order], strict=True)]
    return page, total

