"""Ranked lists: searches answered from per-term scored matches equal FTS5's own ranking exactly,
and a list never outlives the index version it was built from."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.search.ranked as ranked_mod
import core.store.ranklists as ranklists
from core.library import Library
from core.models import ParsedArticle
from core.search import _where, clear_cache, parse_query, search
from core.search.ranked import list_units, ranked_hits
from core.store import search as sql
from core.store.articles import upsert_article
from core.store.ranklists import RankCache, cache_path, index_key

COMMON = ["security", "nuclear", "energy", "trade", "minister", "mining", "talks", "reactor",
          "intelligence", "sharing", "summit", "pacific"]
WORDS = COMMON + [f"w{n}" for n in range(150)]
OUTLETS = ["Kyodo", "NHK World", "Japan Today"]
LIST_MIN = 15  # the corpus is small: any term in 15 articles gets a list


def add_generated(lib: Library, count: int, seed: int, prefix: str = "g") -> None:
    rng = random.Random(seed)
    weights = [30] * len(COMMON) + [1] * (len(WORDS) - len(COMMON))
    with lib.store.write() as conn:
        for i in range(count):
            title = " ".join(rng.choices(COMMON, k=rng.randint(2, 6)))
            body = " ".join(rng.choices(WORDS, weights, k=rng.randint(20, 250)))
            if i % 17 == 0:  # same words and length: exact score ties, ordered by id
                title, body = "security talks", f"security talks {i} " * 3
            upsert_article(conn, ParsedArticle(
                source=f"{prefix}{i}", format="txt", title=f"{title} {prefix}{i}",
                body=body, outlet=rng.choice(OUTLETS),
                published=f"{rng.randint(2015, 2022)}-05-01",
            ))


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Library]:
    monkeypatch.setattr(ranked_mod, "LIST_MIN_HITS", LIST_MIN)
    lib = Library(tmp_path / "library.db")
    add_generated(lib, 240, seed=5)
    clear_cache(lib)
    yield lib
    lib.close()


def fts5_answer(lib: Library, query: str, limit: int, offset: int) -> tuple[list, int]:
    """The same query through FTS5 ranking every match (`fts_hits`, `fts_count`)."""
    parsed = parse_query(query)
    where, _ = _where(lib, parsed)
    match = parsed.fts_match()
    assert match is not None
    conn = lib.store.conn
    rows = sql.fts_hits(conn, match, where, limit, offset)
    return rows, sql.fts_count(conn, match, where)


def listed_answer(lib: Library, query: str, limit: int, offset: int) -> tuple[list, int] | None:
    parsed = parse_query(query)
    units = list_units(parsed)
    assert units is not None
    where, _ = _where(lib, parsed)
    match = parsed.fts_match()
    assert match is not None
    answer = None
    for _ in range(len(set(units))):  # a search builds at most one missing list
        answer = ranked_hits(lib.store.conn, RankCache(lib.store.path), units, match, where,
                             limit, offset)
        if answer is not None:
            break
    return answer


# A term or the filters select fewer than LIST_MIN articles: FTS5 ranks the few itself.
FTS5_ANSWERS = {"security g5", "talks year:2014"}


QUERIES = [
    "security", "nuclear energy", '"intelligence sharing"', "min*", "trade year:2016",
    "security security", "talks security", "nuclear energy trade mining", "se* talks",
    "minister year:2016..2018", "security -year:2016", "reactor outlet:kyodo",
    "pacific -outlet:nhk after:2017", "energy w3", "w3", "summit before:2019-01",
    *sorted(FTS5_ANSWERS),
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("limit", "offset"), [(20, 0), (7, 5), (300, 0), (10, 230), (0, 0)])
def test_lists_give_fts5_answer_exactly(generated: Library, query: str, limit: int,
                                        offset: int) -> None:
    """Same ids, same bm25 scores bit for bit, same snippets, same total."""
    got = listed_answer(generated, query, limit, offset)
    if query in FTS5_ANSWERS:
        assert got is None
    else:
        assert got is not None, "common terms should have been answered from their lists"
        assert got == fts5_answer(generated, query, limit, offset)


def test_search_uses_the_lists(generated: Library) -> None:
    search(generated, "nuclear energy", limit=50)  # builds one list, FTS5 answers
    clear_cache(generated)
    result = search(generated, "nuclear energy", limit=50)  # builds the other, lists answer
    rows, total = fts5_answer(generated, "nuclear energy", 50, 0)
    assert [h.id for h in result.hits] == [r[0] for r in rows] and result.total == total
    key = index_key(generated.store.conn)
    cache = RankCache(generated.store.path)
    assert cache.get(key, '"nuclear"') is not None
    assert cache_path(generated.store.path).exists()


def test_ties_are_ordered_by_id(generated: Library) -> None:
    rows, _ = fts5_answer(generated, "security talks", 300, 0)
    scores = [r[-1] for r in rows]
    assert len(scores) != len(set(scores)), "the corpus should hold exact ties"
    got = listed_answer(generated, "security talks", 300, 0)
    assert got is not None and [r[0] for r in got[0]] == [r[0] for r in rows]


def test_rare_terms_and_other_queries_use_fts5(generated: Library) -> None:
    assert listed_answer(generated, "g5", 20, 0) is None  # too few matches for a list
    for query in ("reactor OR summit", "title:security", "security -nuclear"):
        assert list_units(parse_query(query)) is None


def test_a_list_is_not_used_after_the_index_changes(generated: Library) -> None:
    before = listed_answer(generated, "reactor", 5, 0)
    assert before is not None
    with generated.store.write() as conn:  # a new best match for `reactor`
        upsert_article(conn, ParsedArticle(source="new", format="txt", title="reactor reactor",
                                           body="reactor reactor reactor"))
    new_id = generated.store.query("SELECT id FROM articles WHERE source = 'new'")[0][0]
    after = listed_answer(generated, "reactor", 5, 0)
    assert after == fts5_answer(generated, "reactor", 5, 0)
    assert after is not None and after[0][0][0] == new_id and after[1] == before[1] + 1
    with generated.store.write() as conn:  # changed, then removed
        conn.execute("UPDATE articles SET title = 'plain', body = 'nothing here' WHERE id = ?",
                     (new_id,))
    assert listed_answer(generated, "reactor", 300, 0) == fts5_answer(generated, "reactor", 300, 0)
    top = listed_answer(generated, "reactor", 1, 0)
    assert top is not None
    with generated.store.write() as conn:
        conn.execute("DELETE FROM articles WHERE id = ?", (top[0][0][0],))
    assert listed_answer(generated, "reactor", 300, 0) == fts5_answer(generated, "reactor", 300, 0)


def test_another_connection_sees_the_new_version(generated: Library) -> None:
    """A second copy of the app writing the library: this one's lists go stale, not wrong."""
    assert listed_answer(generated, "mining", 10, 0) is not None
    other = Library(generated.store.path)
    try:
        add_generated(other, 30, seed=9, prefix="other")
    finally:
        other.close()
    assert listed_answer(generated, "mining", 300, 0) == fts5_answer(generated, "mining", 300, 0)


def test_not_inside_a_write_transaction(generated: Library) -> None:
    parsed = parse_query("security")
    with generated.store.write() as conn:
        assert ranked_hits(conn, RankCache(generated.store.path), ["\"security\""],
                           parsed.fts_match() or "", sql.Where(), 5, 0) is None


def test_a_broken_cache_file_costs_speed_only(generated: Library) -> None:
    path = cache_path(generated.store.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    assert listed_answer(generated, "energy", 20, 0) == fts5_answer(generated, "energy", 20, 0)
    ranklists._memory.clear()  # as a new process would start: the file was started afresh
    assert RankCache(generated.store.path).get(index_key(generated.store.conn), '"energy"')


def test_an_unwritable_cache_folder_costs_speed_only(generated: Library) -> None:
    cache_dir = cache_path(generated.store.path).parent
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("a file where the folder should be")
    assert listed_answer(generated, "trade", 20, 0) == fts5_answer(generated, "trade", 20, 0)
    assert search(generated, "trade minister").total > 0


def test_the_file_keeps_lists_for_the_next_process(generated: Library) -> None:
    listed_answer(generated, "summit", 20, 0)
    key = index_key(generated.store.conn)
    RankCache(generated.store.path).clear()  # forget this process's copies and the file
    assert RankCache(generated.store.path).get(key, '"summit"') is None
    listed_answer(generated, "summit", 20, 0)
    ranklists._memory.clear()  # as a new process would start
    kept = RankCache(generated.store.path).get(key, '"summit"')
    assert kept is not None and len(kept) == fts5_answer(generated, "summit", 0, 0)[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    terms=st.lists(st.sampled_from([*COMMON, "min*", "se*", "tal*", '"security talks"', "w7"]),
                   min_size=1, max_size=4),
    year=st.one_of(st.none(), st.integers(2014, 2023)),
    offset=st.integers(0, 60),
)
def test_any_plain_query_matches_fts5(generated: Library, terms: list[str], year: int | None,
                                      offset: int) -> None:
    query = " ".join(terms) + (f" year:{year}" if year else "")
    got = listed_answer(generated, query, 20, offset)
    if got is not None:
        assert got == fts5_answer(generated, query, 20, offset)


def test_the_cache_file_keeps_the_newest_lists_within_its_limits(
    generated: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranklists, "MAX_LISTS", 3)
    for word in ("security", "nuclear", "energy", "trade", "minister"):
        listed_answer(generated, word, 5, 0)
    path = cache_path(generated.store.path)

    def kept() -> list[str]:
        with sqlite3.connect(path) as conn:
            return [r[0] for r in conn.execute("SELECT unit FROM lists ORDER BY rowid")]

    assert kept() == ['"energy"', '"trade"', '"minister"']
    one_list = len(RankCache(generated.store.path).get(index_key(generated.store.conn),
                                                      '"minister"') or [])
    monkeypatch.setattr(ranklists, "MAX_BYTES", 24 * one_list + 1)  # room for about one
    listed_answer(generated, "talks", 5, 0)
    assert kept() == ['"talks"']


def test_a_rebuilt_index_never_reuses_an_earlier_key(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild starts FTS5's write counter again: the same counts and pages after two
    rebuilds of different text must still give different keys (found by a second read)."""
    from core import maintenance

    monkeypatch.setattr(ranked_mod, "LIST_MIN_HITS", LIST_MIN)
    with Library(tmp_path / "library.db") as lib:
        with lib.store.write() as conn:
            for i in range(60):
                upsert_article(conn, ParsedArticle(source=f"w{i}", format="txt", title="",
                                                   body=f"war report number {i}"))
        maintenance.rebuild(lib)
        first = index_key(lib.store.conn)
        assert listed_answer(lib, "war", 100, 0) is not None
        with lib.store.write() as conn:
            conn.execute("UPDATE articles SET body = 'wax report number 0' WHERE source = 'w0'")
        maintenance.rebuild(lib)
        assert index_key(lib.store.conn) != first
        assert listed_answer(lib, "war", 100, 0) == fts5_answer(lib, "war", 100, 0)
        assert fts5_answer(lib, "war", 100, 0)[1] == 59


def test_one_missing_list_is_built_per_search(generated: Library) -> None:
    """A query of many common words stays within a search's time limit: FTS5 answers while
    the lists are built, the largest first, one a search."""
    query = "security nuclear energy trade"
    units = list_units(parse_query(query))
    assert units is not None
    cache = RankCache(generated.store.path)
    key = index_key(generated.store.conn)
    counts = {unit: fts5_answer(generated, unit.strip('"'), 0, 0)[1] for unit in units}
    built: list[str] = []
    for round_number in range(len(units)):
        clear_cache(generated)
        result = search(generated, query, limit=10)
        rows, total = fts5_answer(generated, query, 10, 0)
        assert [h.id for h in result.hits] == [r[0] for r in rows] and result.total == total
        now = [unit for unit in units if cache.get(key, unit) is not None]
        assert len(now) == round_number + 1
        built += [unit for unit in now if unit not in built]
    assert counts[built[0]] == max(counts.values())  # the costliest for FTS5 first


def test_a_count_only_search_gives_the_total_on_both_paths(generated: Library) -> None:
    for query in ("g5", "security", "security talks"):  # FTS5, then lists
        for _ in range(3):
            clear_cache(generated)
            result = search(generated, query, limit=0)
        assert result.hits == [] and result.total == fts5_answer(generated, query, 0, 0)[1] > 0
    assert search(generated, '"g5"', limit=0, raw=True).total == 1


def test_this_process_keeps_lists_within_its_memory_cap(
    generated: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranklists._memory.clear()
    monkeypatch.setattr(ranklists, "MEMORY_BYTES", 1)  # room for the newest only
    for word in ("security", "nuclear", "energy"):
        listed_answer(generated, word, 5, 0)
    assert [memo[2] for memo in ranklists._memory] == ['"energy"']
