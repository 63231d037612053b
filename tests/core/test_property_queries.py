"""Property tests: any text a user can type through search, filters, fuzzy lookups, compare
and the notes filter gives results or a NewsdeskError, never another exception."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.compare import compare
from core.entities import find_entities
from core.errors import NewsdeskError
from core.library import Library
from core.models import ParsedArticle
from core.nlp import annotate_articles
from core.notes import add_note, list_notes
from core.search import search
from core.store.articles import upsert_article
from core.topics import find_topics

ARTICLES = [
    ("Canada and Japan hold talks on counter-terrorism", "Japan Today", "2016-05-12",
     "Foreign minister Fumio Kishida met Stephane Dion in Tokyo. North Korea and the G7 "
     "Ise-Shima summit were discussed. Counter-terrorism cooperation will grow."),
    ("Joly and Hayashi agree on intelligence sharing", "Global Affairs Wire", "2022-10-12",
     "Melanie Joly and Yoshimasa Hayashi agreed to negotiate an intelligence-sharing pact. "
     "LNG supplies and small modular reactors were on the agenda in Tokyo."),
    ("[b]Markup[/b] \"quoted\" title: with OR AND NOT NEAR(x y)", "[i]Odd[/i] Outlet", "2019-01-01",
     "Text with col:term and \"unbalanced quotes and ^caret and * star and {braces} and "
     "NEAR(a b, 3) and - minus -- and x\u202ey. Hayashi spoke again about LNG."),
]

# Pieces the query language gives meaning to, mixed with arbitrary text.
SPECIAL = [
    '"', "'", "*", "-", "+", "^", ":", "(", ")", "{", "}", "[", "]", ",", ".", "\\", "\x00",
    "\n", "\t", "\r", " ", "OR", "AND", "NOT", "NEAR", "NEAR(", "or", "not", "title:", "body:",
    "person:", "org:", "place:", "topic:", "outlet:", "year:", "after:", "before:", "year:2016",
    "year:2016..2018", "year:..", "year:9999999999999", "after:2016-13-45", "after:-1",
    'outlet:"', 'person:"Hay', "topic:LNG", "..", "\u202e", "\ufeff", "\u0301", "日本", "🇯🇵",
    "x" * 300, "%", "_", "''", '""', "\x1b[31m", "$x", "{col}:", "rowid", "rank",
]
FILTER_KEYS = ("person", "org", "place", "topic", "outlet", "year", "after", "before")

pieces = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=8))
queries = st.one_of(
    st.text(max_size=60),
    st.lists(pieces, max_size=8).map("".join),
    st.lists(pieces, max_size=6).map(" ".join),
)
filtered = st.builds(
    lambda key, value, rest, quoted: f"{key}:" + (f'"{value}"' if quoted else value) + rest,
    st.sampled_from(FILTER_KEYS), st.one_of(st.text(max_size=20), st.sampled_from(SPECIAL)),
    st.one_of(st.just(""), queries.map(lambda q: " " + q)), st.booleans(),
)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = Library(Path(tmp_path_factory.mktemp("prop")) / "prop.db")
    with lib.store.write() as conn:
        for number, (title, outlet, published, body) in enumerate(ARTICLES):
            upsert_article(conn, ParsedArticle(
                source=f"/prop/{number}.txt", format="txt", title=title, outlet=outlet,
                published=published, date_precision="day", body=body,
            ))
    annotate_articles(lib, model="rules")
    add_note(lib, 1, quote="Fumio Kishida", comment="[/] a $comment", tags=["[b]tag", "x:y"])
    add_note(lib, 3, comment="\"quoted\" NEAR( OR", tags=["odd"])
    yield lib
    lib.close()


def _only_results_or_newsdesk_error(call: object) -> None:
    try:
        call()  # type: ignore[operator]
    except NewsdeskError as exc:
        assert str(exc).strip(), "a NewsdeskError must explain itself"


def test_library_has_what_the_properties_exercise(library: Library) -> None:
    assert search(library, "Hayashi").total >= 2
    assert find_entities(library, "Hayshi")
    assert list_notes(library, text="comment")


@SETTINGS
@given(query=queries)
def test_any_text_searches(library: Library, query: str) -> None:
    _only_results_or_newsdesk_error(lambda: search(library, query))


@SETTINGS
@given(query=queries)
def test_any_text_searches_raw(library: Library, query: str) -> None:
    _only_results_or_newsdesk_error(lambda: search(library, query, raw=True))


@SETTINGS
@given(query=filtered)
def test_any_filter_value_searches(library: Library, query: str) -> None:
    _only_results_or_newsdesk_error(lambda: search(library, query))


@SETTINGS
@given(query=queries, kinds=st.one_of(st.none(), st.lists(st.sampled_from(
    ["person", "org", "place", "topic", "", "x"]), max_size=3)))
def test_any_text_finds_entities(library: Library, query: str, kinds: list[str] | None) -> None:
    _only_results_or_newsdesk_error(lambda: find_entities(library, query, kinds))


@SETTINGS
@given(query=queries)
def test_any_text_finds_topics(library: Library, query: str) -> None:
    _only_results_or_newsdesk_error(lambda: find_topics(library, query))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(left=st.one_of(queries, filtered), right=st.one_of(queries, filtered))
def test_any_slices_compare(library: Library, left: str, right: str) -> None:
    _only_results_or_newsdesk_error(lambda: compare(library, left, right, min_freq=1))


@SETTINGS
@given(text=queries, tag=st.one_of(st.none(), queries))
def test_any_text_filters_notes(library: Library, text: str, tag: str | None) -> None:
    _only_results_or_newsdesk_error(lambda: list_notes(library, text=text, tag=tag))


@pytest.mark.parametrize("query", [
    "\x00", 'outlet:"', "year:2016..", "after:", "person:", "topic:\x00", '"NEAR(" OR',
    "title:", "-", "year:0..99999", "after:0000-00-00", "NEAR(a b", "a:b:c", "* OR *",
])
@pytest.mark.parametrize("raw", [False, True])
def test_named_edge_queries(library: Library, query: str, raw: bool) -> None:
    _only_results_or_newsdesk_error(lambda: search(library, query, raw=raw))
