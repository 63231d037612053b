"""Search a library: the simple language (or raw FTS5) to ranked hits with snippets and spans.

`search()` never lets a raw SQLite error out: a bad query becomes QueryError (one plain line),
and a query that finds nothing comes back with a hint and, where it helps, suggested words.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import sqlite3
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator

from core.errors import Cancelled, QueryError
from core.library import Library
from core.models import SearchHit, SearchResult
from core.search.query import ENTITY_KEYS, Filter, Query, parse_query, scrub
from core.search.ranked import list_units, ranked_hits
from core.search.suggest import closest_outlets, suggest_words
from core.store import search as sql
from core.store.ranklists import RankCache
from core.text import one_line

__all__ = ["QUERY_TIME_LIMIT_S", "clear_cache", "matching_ids", "parse_query", "search"]

QUERY_TIME_LIMIT_S = 2.0
MAX_LIMIT = 1000
# Results kept per connection, so re-typing a query, going back, or the palette and the search
# screen asking the same thing costs a dictionary lookup instead of ranking every match again
# (a word in most articles costs about 2.5 microseconds of bm25 per match: 250 ms at 100k).
CACHE_SIZE = 64
PER_ROW_MATCHES = 5_000
CACHE_CONNECTIONS = 8

_CacheKey = tuple[int, int, bool, str, int, int]
_Cache = OrderedDict[_CacheKey, SearchResult]
# Per store, per connection (held here, so its id is not reused while its cache lives).
_caches: weakref.WeakKeyDictionary[object, dict[int, tuple[sqlite3.Connection, _Cache]]] = (
    weakref.WeakKeyDictionary()
)
# The distinct outlet names of the newest connection to ask, with its data version: reading
# them scans the outlet index (15 ms at 100k articles) and every outlet: filter needs them.
_outlet_lists: weakref.WeakKeyDictionary[
    object, tuple[sqlite3.Connection, tuple[int, int], list[str]]
] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def search(
    lib: Library,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    raw: bool = False,
    is_cancelled: Callable[[], bool] | None = None,
) -> SearchResult:
    """Ranked hits for `query` (title above body), `limit` from `offset`, with the total count.

    A repeat of a recent search on an unchanged library is answered from a small cache.
    `is_cancelled` is polled while SQLite works: a search overtaken by the next keystroke stops
    within a millisecond (raising `Cancelled`) instead of ranking every match for nothing.
    """
    started = time.perf_counter()
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    conn = lib.store.conn
    key = (*_data_version(conn), raw, query, limit, offset)
    with _caches_lock:
        cache = _connection_cache(lib, conn)
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
    if cached is not None:
        result = _copy(cached)
    else:
        if raw:
            result = _search_raw(conn, query, limit, offset, is_cancelled)
        else:
            result = _search_simple(lib, query, limit, offset, is_cancelled)
        with _caches_lock:
            cache[key] = _copy(result)
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


def clear_cache(lib: Library | None = None) -> None:
    """Forget cached results (of every connection to `lib`, or of all libraries)."""
    with _caches_lock:
        if lib is None:
            _caches.clear()
            _outlet_lists.clear()
        else:
            _caches.pop(lib.store, None)
            _outlet_lists.pop(lib.store, None)


def _connection_cache(lib: Library, conn: sqlite3.Connection) -> _Cache:
    """The result cache of this connection (call with the lock held)."""
    per_conn = _caches.setdefault(lib.store, {})
    held = per_conn.get(id(conn))
    if held is None or held[0] is not conn:
        held = per_conn[id(conn)] = (conn, OrderedDict())
        while len(per_conn) > CACHE_CONNECTIONS:  # threads come and go; keep the newest
            del per_conn[next(iter(per_conn))]
    return held[1]


def _known_outlets(lib: Library) -> list[str]:
    """Every distinct outlet name in the library (cached while the library is unchanged)."""
    conn = lib.store.conn
    version = _data_version(conn)
    with _caches_lock:
        held = _outlet_lists.get(lib.store)
    if held is not None and held[0] is conn and held[1] == version:
        return held[2]
    names = sql.distinct_outlets(conn)
    with _caches_lock:
        _outlet_lists[lib.store] = (conn, version, names)
    return names


def _data_version(conn: sqlite3.Connection) -> tuple[int, int]:
    return sql.data_version(conn)


def _copy(result: SearchResult) -> SearchResult:
    """A copy whose lists the caller may change without touching the cached result."""
    return dataclasses.replace(
        result,
        hits=[dataclasses.replace(hit, highlights=list(hit.highlights)) for hit in result.hits],
        suggestions=list(result.suggestions),
    )


def matching_ids(lib: Library, query: str) -> list[int]:
    """Every article id the simple-language `query` selects (no ranking, no limit), by id."""
    parsed = parse_query(query)
    where, empty_reason = _where(lib, parsed)
    if empty_reason or parsed.is_empty:
        return []
    conn = lib.store.conn
    match = parsed.fts_match()
    with _time_limit(conn):
        per_row = match is not None and _check_per_row(conn, match, where)
        return sql.matching_ids(conn, match, where, per_row)


# -- simple language -----------------------------------------------------------------------------


def _search_simple(
    lib: Library,
    text: str,
    limit: int,
    offset: int,
    is_cancelled: Callable[[], bool] | None = None,
) -> SearchResult:
    parsed = parse_query(text)
    conn = lib.store.conn
    if parsed.is_empty:
        message = "type words to search for" if not text.strip() else (
            "nothing searchable in the query; type words, as in: intelligence sharing"
        )
        return SearchResult(query=text, hits=[], total=0, message=message)
    where, empty_reason = _where(lib, parsed)
    if empty_reason:
        return SearchResult(query=text, hits=[], total=0, message=empty_reason,
                            suggestions=_outlet_suggestions(lib, parsed))
    match = parsed.fts_match()
    with _time_limit(conn, is_cancelled=is_cancelled):
        if match is None:
            rows = sql.filtered_hits(conn, where, limit, offset)
            total = sql.filtered_count(conn, where)
        else:
            units = list_units(parsed)
            answered = None if units is None else ranked_hits(
                conn, RankCache(lib.store.path), units, match, where, limit, offset)
            if answered is not None:
                rows, total = answered
            else:
                per_row = _check_per_row(conn, match, where)
                rows = sql.fts_hits(conn, match, where, limit, offset, per_row)
                total = (sql.fts_count(conn, match, where, per_row)
                         if rows or offset or not limit else 0)
    result = SearchResult(query=text, hits=[_hit(row) for row in rows], total=total,
                          message="; ".join(dict.fromkeys(parsed.notes)))
    if total == 0:
        _explain_nothing(lib, parsed, result)
        if parsed.notes:
            result.message = "; ".join([*dict.fromkeys(parsed.notes), result.message])
    return result


def _check_per_row(conn: sqlite3.Connection, match: str, where: sql.Where) -> bool:
    """Filter a small match article by article; a large one against each filter's id set.

    Counting the match alone is cheap (FTS5 walks one doclist: 4 ms for a word in 96k of
    100k articles), and a filter id set costs about what checking this many matches does.
    """
    if not where.clauses:
        return False
    return sql.fts_count(conn, match, sql.Where()) <= PER_ROW_MATCHES


def _where(lib: Library, parsed: Query) -> tuple[sql.Where, str]:
    """SQL filters for a parsed query; a non-empty reason means nothing can match."""
    where = sql.Where()
    years: dict[bool, list[tuple[int, int]]] = {}
    outlets: dict[bool, list[str]] = {}
    for f in parsed.filters:
        if f.key == "year":
            assert isinstance(f.low, int) and isinstance(f.high, int)
            years.setdefault(f.negated, []).append((f.low, f.high))
        elif f.key == "after":
            sql.add_after(where, str(f.low), f.negated)
        elif f.key == "before":
            sql.add_before(where, str(f.high), f.negated)
        elif f.key == "outlet":
            names = _resolve_outlet(lib, f)
            if not names and not f.negated:
                return where, f"no outlet matches {f.value!r}"
            outlets.setdefault(f.negated, []).extend(names)
        elif f.key == "topic":
            ids = _resolve_entity(lib, f)
            from core.topics import defined_topic_articles

            sql.add_topics(where, ids, f.negated, defined_topic_articles(lib, ids))
        elif f.key in ENTITY_KEYS:
            sql.add_entities(where, _resolve_entity(lib, f), f.negated)
    for negated, ranges in years.items():
        sql.add_years(where, ranges, negated)
    for negated, names in outlets.items():
        if names:
            sql.add_outlets(where, names, negated)
    if not parsed.has_terms and parsed.excluded_match():
        sql.add_excluded(where, parsed.excluded_match() or "")
    return where, ""


def _resolve_outlet(lib: Library, f: Filter) -> list[str]:
    """Outlets equal to the value ignoring case; failing that, those containing it."""
    wanted = f.value.casefold()
    known = _known_outlets(lib)
    exact = [name for name in known if name.casefold() == wanted]
    return exact or [name for name in known if wanted in name.casefold()]


def _resolve_entity(lib: Library, f: Filter) -> list[int]:
    from core.entities import resolve_filter

    return resolve_filter(lib, f.key, f.value)


def _outlet_suggestions(lib: Library, parsed: Query) -> list[str]:
    values = [f.value for f in parsed.filters if f.key == "outlet"]
    return closest_outlets(_known_outlets(lib), values)


def _explain_nothing(lib: Library, parsed: Query, result: SearchResult) -> None:
    """No hits: suggest indexed words close to unknown ones, else say what to loosen."""
    suggestions = suggest_words(lib, parsed.words()) if parsed.has_terms else {}
    if suggestions:
        best = [options[0] for options in suggestions.values()]
        result.suggestions = [word for options in suggestions.values() for word in options]
        result.message = "no results; did you mean: " + ", ".join(best) + "?"
    elif parsed.filters and parsed.has_terms:
        result.message = "no results; try fewer words or fewer filters"
    elif parsed.filters:
        result.message = "no articles match these filters"
    else:
        result.message = "no results; try fewer words, OR, or a prefix such as nucl*"


# -- raw FTS5 ------------------------------------------------------------------------------------


def _search_raw(
    conn: sqlite3.Connection,
    text: str,
    limit: int,
    offset: int,
    is_cancelled: Callable[[], bool] | None = None,
) -> SearchResult:
    match = scrub(text).strip()
    if not match:
        return SearchResult(query=text, hits=[], total=0, message="type an FTS5 query")
    where = sql.Where()
    try:
        with _time_limit(conn, is_cancelled=is_cancelled):
            rows = sql.fts_hits(conn, match, where, limit, offset)
            total = sql.fts_count(conn, match, where) if rows or offset or not limit else 0
    except sqlite3.Error as exc:
        raise QueryError(explain_fts_error(str(exc))) from None
    message = "" if total else "no results"
    return SearchResult(query=text, hits=[_hit(row) for row in rows], total=total, message=message)


_NEAR_RE = re.compile(r'syntax error near "(.*)"', re.DOTALL)


def explain_fts_error(message: str) -> str:
    """An FTS5 error message in plain words."""
    if "unterminated string" in message:
        return "unbalanced quote: every \" needs a closing \""
    if message.startswith("no such column"):
        column = one_line(message.partition(":")[2])
        return f"unknown column {column!r}; columns are title, byline, outlet and body"
    if "unknown special query" in message:
        return "a query cannot start with *; put letters before it, as in nucl*"
    near = _NEAR_RE.search(message)
    if near:
        token = one_line(near.group(1))
        if not token:
            return "the query ends too early (an unclosed bracket or a trailing operator?)"
        return f"the query is not valid FTS5 near {token!r}"
    if "took too long" in message:
        return message
    return "the query is not valid FTS5 syntax"


# -- helpers -------------------------------------------------------------------------------------


@contextlib.contextmanager
def _time_limit(
    conn: sqlite3.Connection,
    seconds: float | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Iterator[None]:
    """Abort a statement that runs longer than the limit (QueryError) or is cancelled."""
    limit = QUERY_TIME_LIMIT_S if seconds is None else seconds
    if is_cancelled is not None and is_cancelled():  # overtaken before it began
        raise Cancelled("search cancelled")
    try:
        with sql.statement_time_limit(conn, limit, is_cancelled):
            yield
    except sql.StatementTimeout as exc:
        if exc.cancelled:
            raise Cancelled("search cancelled") from None
        raise QueryError("query took too long; try more specific words") from None
    except sqlite3.OperationalError as exc:
        raise QueryError(explain_fts_error(str(exc))) from None


def _hit(row: tuple) -> SearchHit:
    article_id, title, outlet, byline, published, year, marked, rank = row
    snippet, spans = split_marks(one_line(marked or ""))
    return SearchHit(
        id=article_id, title=title, outlet=outlet, byline=byline, published=published,
        year=year, snippet=snippet, score=round(-float(rank), 6) if rank else 0.0,
        highlights=spans,
    )


def split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove highlight markers from a snippet and return the plain text and (start, end) spans."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for ch in marked:
        if ch == sql.MARK_OPEN:
            start = length
        elif ch == sql.MARK_CLOSE:
            if start is not None and length > start:
                if spans and spans[-1][1] == start:
                    spans[-1] = (spans[-1][0], length)
                else:
                    spans.append((start, length))
            start = None
        else:
            plain.append(ch)
            length += 1
    return "".join(plain), spans
