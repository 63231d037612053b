"""Search over a small library: ranking, snippets, filters, suggestions, raw mode, safety."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.search as search_mod
from core.errors import Cancelled, NotFoundError, QueryError
from core.library import Library
from core.models import ParsedArticle
from core.search import clear_cache, matching_ids, parse_query, search, split_marks
from core.search.history import (
    delete_saved_search,
    recent_searches,
    record_search,
    save_search,
    saved_searches,
)
from core.store.articles import upsert_article

FILLER = "Officials met on Tuesday to discuss the weather, trade and regional matters."

ARTICLES = [
    # (source, title, outlet, byline, published, body)
    ("a1", "Canada and Japan sign intelligence-sharing pact", "Japan Today", "Mari Yamaguchi",
     "2022-10-12", "Joly and Hayashi met in Tokyo. The agreement covers defence ties. " + FILLER),
    ("a2", "LNG supply talks", "The Japan Times", "Ken Sato", "2022-10-13",
     "Ministers discussed LNG and small modular reactors. Intelligence was mentioned once. "
     + FILLER),
    ("a3", "2+2 talks on counter-terrorism", "Japan Today", "", "2016-05-03",
     "Sugiyama and Forster discussed counter-terrorism and North Korea in Tokyo. " + FILLER),
    ("a4", "G7 Ise-Shima summit preview", "NHK World", "", "2016-05",
     "Leaders gather at Ise-Shima. Nuclear questions and the South China Sea. " + FILLER),
    ("a5", "Free and open Indo-Pacific", "The Diplomat", "A. Writer", "2019-03-01",
     "A free and open Indo-Pacific is the goal. " + FILLER),
    ("a6", "Reactor restart debate", "NHK World", "", "2015-08-11",
     "Nuclear reactors restart after the Fukushima shutdowns. " + FILLER),
    ("a7", "Trade figures", "Kyodo", "", "2018-01-20", "Exports rose. " + FILLER),
    ("a8", "Fishing season opens", "Kyodo", "", "2017-04-02", "Boats left the harbour. " + FILLER),
    ("a9", "Rain in Tokyo", "Japan Today", "", "2023-06-30", "Heavy rain fell on Tokyo. " + FILLER),
    ("a10", "Undated note", "", "", None, "Nothing about the talks here. " + FILLER),
    ("a11", "Markup [b]bold[/b] and C++", "Blog", "", "2021-01-01",
     "It's a-b testing of C++ code, [link=http://x]y[/link]. " + FILLER),
    ("a12", "Election", "Kyodo", "", "2020-07-07", "Voters went to the polls. " + FILLER),
]


def build_library(path: Path) -> Library:
    """A small library of hand-written articles (no ingest pipeline needed)."""
    lib = Library(path)
    with lib.store.write() as conn:
        for source, title, outlet, byline, published, body in ARTICLES:
            upsert_article(conn, ParsedArticle(
                source=source, format="txt", title=title, outlet=outlet, byline=byline,
                published=published, body=body,
            ))
    return lib


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = build_library(tmp_path_factory.mktemp("search") / "library.db")
    yield lib
    lib.close()


def ids_by_source(lib: Library) -> dict[str, int]:
    return dict(lib.store.query("SELECT source, id FROM articles"))


def sources(lib: Library, ids: list[int]) -> list[str]:
    by_id = {v: k for k, v in ids_by_source(lib).items()}
    return [by_id[i] for i in ids]


def hit_sources(lib: Library, query: str, **kwargs: object) -> list[str]:
    return sources(lib, [h.id for h in search(lib, query, **kwargs).hits])  # type: ignore[arg-type]


# -- ranking and snippets ------------------------------------------------------------------------


def test_title_match_outranks_body_match(corpus: Library) -> None:
    result = search(corpus, "intelligence")
    assert sources(corpus, [h.id for h in result.hits]) == ["a1", "a2"]
    assert result.total == 2
    assert result.hits[0].score > result.hits[1].score > 0


def test_hit_metadata(corpus: Library) -> None:
    hit = search(corpus, "Forster").hits[0]
    assert (hit.title, hit.outlet, hit.published, hit.year) == (
        "2+2 talks on counter-terrorism", "Japan Today", "2016-05-03", 2016)


def test_snippet_highlights_cover_matched_words(corpus: Library) -> None:
    hit = search(corpus, "reactors").hits[0]
    assert "\ufdd0" not in hit.snippet and "\ufdd1" not in hit.snippet
    assert hit.highlights
    assert all(hit.snippet[s:e].lower() == "reactors" for s, e in hit.highlights)


def test_phrase_highlight(corpus: Library) -> None:
    hit = search(corpus, '"north korea"').hits[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["North Korea"]


def test_split_marks() -> None:
    assert split_marks("a \ufdd0b\ufdd1 c \ufdd0dd\ufdd1") == ("a b c dd", [(2, 3), (6, 8)])
    assert split_marks("\ufdd0x\ufdd1\ufdd0y\ufdd1") == ("xy", [(0, 2)])
    assert split_marks("\ufdd1stray\ufdd0") == ("stray", [])


def test_limit_offset_and_total(corpus: Library) -> None:
    everything = search(corpus, "officials", limit=100)
    assert everything.total == len(ARTICLES) == len(everything.hits)
    page = search(corpus, "officials", limit=5, offset=5)
    assert [h.id for h in page.hits] == [h.id for h in everything.hits[5:10]]
    assert page.total == len(ARTICLES)


# -- the language against the index --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tokyo rain", ["a9"]),
        ('"free and open Indo-Pacific"', ["a5"]),
        ("reac*", ["a6", "a2"]),
        ("ise-shima", ["a4"]),
        ("LNG OR fukushima", ["a2", "a6"]),
        ("tokyo -rain -korea", ["a1"]),
        ("title:reactor", ["a6"]),
        ("C++ it's a-b", ["a11"]),
        ("kyōto", []),
        ("yamaguchi", ["a1"]),
    ],
)
def test_language_selects(corpus: Library, query: str, expected: list[str]) -> None:
    assert sorted(hit_sources(corpus, query)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year:2016", ["a3", "a4"]),
        ("year:2016..2018", ["a7", "a8", "a3", "a4"]),
        ("year:2016 year:2022", ["a1", "a2", "a3", "a4"]),
        ("-year:2016..2022", ["a9", "a6"]),
        ("after:2022-10-13", ["a9", "a2"]),
        ("after:2022", ["a9", "a2", "a1"]),
        ("before:2016-05-03", ["a6"]),  # a4 (May 2016, day unknown) is not wholly before
        ("before:2016-06", ["a3", "a4", "a6"]),
        ("after:2016 before:2017", ["a3", "a4"]),
        ('outlet:"japan today"', ["a9", "a1", "a3"]),
        ("outlet:nhk", ["a4", "a6"]),
        ("outlet:japan", ["a9", "a2", "a1", "a3"]),
        ("-outlet:kyodo after:2020", ["a9", "a1", "a2", "a11"]),
        ("-tokyo", ["a2", "a4", "a5", "a6", "a7", "a8", "a10", "a11", "a12"]),
    ],
)
def test_filters_select(corpus: Library, query: str, expected: list[str]) -> None:
    result = search(corpus, query, limit=50)
    assert sorted(sources(corpus, [h.id for h in result.hits])) == sorted(expected)
    assert result.total == len(expected)
    assert sorted(sources(corpus, matching_ids(corpus, query))) == sorted(expected)


def test_filter_only_lists_newest_first(corpus: Library) -> None:
    hits = search(corpus, "year:2016..2022", limit=50).hits
    dates = [h.published for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_words_with_filters(corpus: Library) -> None:
    assert hit_sources(corpus, "tokyo year:2016") == ["a3"]
    assert hit_sources(corpus, "tokyo outlet:\"Japan Today\" after:2020") in (
        ["a9", "a1"], ["a1", "a9"])


def test_unknown_outlet_is_a_hint_with_suggestions(corpus: Library) -> None:
    result = search(corpus, "outlet:kyoto")
    assert result.hits == [] and "no outlet matches" in result.message
    assert "Kyodo" in result.suggestions


def test_entity_and_topic_filters(tmp_path: Path) -> None:
    lib = build_library(tmp_path / "e.db")
    ids = ids_by_source(lib)
    with lib.store.write() as conn:
        person = conn.execute(
            "INSERT INTO entities (name, kind, norm_key) VALUES "
            "('Yoshimasa Hayashi', 'PERSON', 'yoshimasa hayashi') RETURNING id").fetchone()[0]
        conn.execute("INSERT INTO mentions (article_id, entity_id) VALUES (?, ?)",
                     (ids["a1"], person))
        topic = conn.execute(
            "INSERT INTO topics (name, norm_key, created_at) VALUES ('LNG', 'lng', 'now') "
            "RETURNING id").fetchone()[0]
        conn.execute("INSERT INTO article_topics (article_id, topic_id) VALUES (?, ?)",
                     (ids["a2"], topic))
    assert hit_sources(lib, 'person:"Yoshimasa Hayashi"') == ["a1"]
    assert hit_sources(lib, 'person:"Yoshimasa Hayashi" tokyo') == ["a1"]
    assert hit_sources(lib, "topic:LNG") == ["a2"]
    assert "a1" not in hit_sources(lib, 'officials -person:"Yoshimasa Hayashi"', limit=50)
    assert matching_ids(lib, "topic:lng") == [ids["a2"]]
    lib.close()


# -- nothing found -------------------------------------------------------------------------------


def test_suggests_close_indexed_word(corpus: Library) -> None:
    result = search(corpus, "intelligance")
    assert result.total == 0
    assert result.suggestions[0] == "intelligence"
    assert result.message == "no results; did you mean: intelligence?"


def test_vocabulary_cache_follows_new_articles(tmp_path: Path) -> None:
    lib = build_library(tmp_path / "v.db")
    assert "zeppelin" not in search(lib, "zepelin").suggestions
    with lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="z", format="txt", title="Zeppelin", body="x"))
    assert "zeppelin" in search(lib, "zepelin").suggestions
    lib.close()


def test_empty_and_unsearchable_queries_explain(corpus: Library) -> None:
    for text in ["", "   ", "*", '"', "-", "++"]:
        result = search(corpus, text)
        assert result.hits == [] and result.message


def test_no_results_without_suggestion_has_hint(corpus: Library) -> None:
    result = search(corpus, "tokyo fishing")
    assert result.total == 0 and result.message.startswith("no results")


# -- raw FTS5 ------------------------------------------------------------------------------------


def test_raw_passes_syntax_through(corpus: Library) -> None:
    assert sources(corpus, [h.id for h in search(corpus, "title:reactor", raw=True).hits]) == ["a6"]
    assert len(search(corpus, "NEAR(joly hayashi, 3)", raw=True).hits) == 1


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('"abc', "unbalanced quote"),
        ("foo:bar", "unknown column 'foo'"),
        ("NEAR(", "ends too early"),
        ("AND OR", "near 'AND'"),
        ("*", "cannot start with *"),
        ("a)", "near ')'"),
    ],
)
def test_raw_errors_in_words(corpus: Library, query: str, words: str) -> None:
    with pytest.raises(QueryError) as info:
        search(corpus, query, raw=True)
    assert words in str(info.value)
    assert "fts5" not in str(info.value) and "sqlite" not in str(info.value).lower()


# -- safety --------------------------------------------------------------------------------------

UGLY = [
    "", '"', '""', "'", "AND OR", "OR", "NOT", "NEAR(", "NEAR(a b", "col:term", "title:",
    "a-b", "it's", "C++", "*", "**", "a*b*", "\x00", "x\x00y", "\n", "\t", "tokyo\nrain",
    "(", ")", "((a)", "{a b}", "^a", "a:b:c", ":", "::", "-", "--x", "- -", "+x", "a + b",
    '"a" "b', "OR OR OR", "NOT NOT a", "a NOT", "-a OR b", "\u202etokyo", "\ufdd0x\ufdd1",
    "東京", "Ωmega", "é", "a" * 500, "foo:bar", "x:", "http://x.y/z?a=b&c", "100%", "$1,000",
    "[b]x[/b]", "[@click=app.quit]x[/]", "\x1b[31mred", "title:*", 'title:"', "outlet:\"x",
]


@pytest.mark.parametrize("text", UGLY)
def test_ugly_input_never_raises(corpus: Library, text: str) -> None:
    result = search(corpus, text)
    assert isinstance(result.total, int)
    assert all("\n" not in h.snippet for h in result.hits)


_OPERATORS = st.sampled_from(
    ['"', "*", "-", ":", "(", ")", "OR", "AND", "NOT", "NEAR", "^", "+", "\x00", "\n", "\t",
     " ", "tokyo", "rain", "title:", "col:", "year:", "outlet:", "'", "{", "}", "\\", ","]
)
_QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(_OPERATORS, st.text(max_size=4)), max_size=12).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_QUERIES)
def test_property_no_string_raises_but_query_error(corpus: Library, text: str) -> None:
    try:
        search(corpus, text)
        matching_ids(corpus, text)
    except QueryError as exc:
        # Only a filter with a bad value may be refused, and then in one line.
        assert any(key in text.lower() for key in ("year:", "outlet:", "after:", "before:"))
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_characters=':'), max_size=30))
def test_property_plain_text_never_refused(corpus: Library, text: str) -> None:
    search(corpus, text)
    parse_query(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_QUERIES)
def test_property_raw_mode_raises_only_query_error(corpus: Library, text: str) -> None:
    try:
        search(corpus, text, raw=True)
    except QueryError as exc:
        assert "\n" not in str(exc)


def test_slow_statement_is_stopped(corpus: Library) -> None:
    conn = corpus.store.conn
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    with pytest.raises(QueryError, match="took too long"), search_mod._time_limit(conn, 0.05):
        conn.execute(endless).fetchone()
    assert conn.execute("SELECT 1").fetchone() == (1,)  # the handler is removed afterwards


def test_cancelled_statement_stops_at_once(corpus: Library) -> None:
    conn = corpus.store.conn
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    polls: list[int] = []

    def overtaken() -> bool:  # the next keystroke arrives after a few polls
        polls.append(1)
        return len(polls) > 3

    started = time.monotonic()
    with pytest.raises(Cancelled), search_mod._time_limit(conn, 30, is_cancelled=overtaken):
        conn.execute(endless).fetchone()
    assert time.monotonic() - started < 5 and len(polls) == 4


def test_a_cancelled_search_raises_and_is_not_cached(corpus: Library) -> None:
    clear_cache(corpus)
    with pytest.raises(Cancelled):
        search(corpus, "tokyo", is_cancelled=lambda: True)
    assert search(corpus, "tokyo").total > 0


def test_search_leaves_no_progress_handler(corpus: Library) -> None:
    search(corpus, "tokyo")
    conn: sqlite3.Connection = corpus.store.conn
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ARTICLES)


# -- history -------------------------------------------------------------------------------------


def test_recent_searches_newest_first_without_repeats(lib: Library) -> None:
    for text in ["tokyo", "lng", "tokyo", "  ", "year:2016"]:
        record_search(lib, text)
    assert recent_searches(lib) == ["year:2016", "tokyo", "lng"]
    assert recent_searches(lib, limit=1) == ["year:2016"]


def test_saved_searches(lib: Library) -> None:
    save_search(lib, "pact", "intelligence sharing year:2022")
    save_search(lib, "Nuclear", "nucl*")
    save_search(lib, "pact", "intelligence pact")
    assert [(s.name, s.query) for s in saved_searches(lib)] == [
        ("Nuclear", "nucl*"), ("pact", "intelligence pact")]
    delete_saved_search(lib, "pact")
    assert [s.name for s in saved_searches(lib)] == ["Nuclear"]
    with pytest.raises(NotFoundError):
        delete_saved_search(lib, "pact")
    with pytest.raises(QueryError):
        save_search(lib, " ", "x")
    assert recent_searches(lib) == []  # saved searches are not recent ones


def test_vocabulary_is_kept_for_other_processes_until_the_index_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading FTS5's vocabulary decodes the whole index (2 s at 100k articles): it is read
    once per version of the index, and a later process finds it in the cache file."""
    import core.search.suggest as suggest_mod
    from core.store import search as store_search

    lib = build_library(tmp_path / "kept.db")
    reads: list[int] = []
    real = store_search.vocabulary

    def counting(conn: sqlite3.Connection) -> list[tuple[str, int]]:
        reads.append(1)
        return real(conn)

    monkeypatch.setattr(store_search, "vocabulary", counting)
    assert search(lib, "intelligance").suggestions[0] == "intelligence"
    assert reads == [1]
    suggest_mod._cache.clear()  # as in a new process
    assert search(lib, "intelligance").suggestions[0] == "intelligence"
    assert search(lib, "inteligence").suggestions[0] == "intelligence"
    assert reads == [1], "the vocabulary was read from FTS5 again, not from the cache file"
    with lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="z", format="txt", title="Zeppelin", body="x"))
    assert "zeppelin" in search(lib, "zepelin").suggestions
    assert reads == [1, 1]
    lib.close()


def test_a_damaged_kept_vocabulary_is_read_again(tmp_path: Path) -> None:
    import core.search.suggest as suggest_mod
    from core.store.ranklists import RankCache, index_key

    lib = build_library(tmp_path / "damaged.db")
    key = index_key(lib.store.conn)
    RankCache(lib.store.path).put_vocabulary(key, ["intelligence", "extra"], [1])  # counts short
    assert RankCache(lib.store.path).get_vocabulary(key) is None
    suggest_mod._cache.clear()
    assert search(lib, "intelligance").suggestions[0] == "intelligence"
    lib.close()
