"""The simple search language: a table of inputs and the FTS5 MATCH and filters they compile to."""

from __future__ import annotations

import pytest

from core.errors import QueryError
from core.search.query import Filter, parse_query, quote_fts_token


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("intelligence", '"intelligence"'),
        ("intelligence sharing", '"intelligence" AND "sharing"'),
        ('"free and open Indo-Pacific"', '"free and open Indo-Pacific"'),
        ("nucl*", '"nucl"*'),
        ('"small modular"*', '"small modular"*'),
        ("lng OR nuclear", '("lng" OR "nuclear")'),
        ("japan lng OR nuclear reactors", '"japan" AND ("lng" OR "nuclear") AND "reactors"'),
        ("tokyo -rain", '("tokyo") NOT ("rain")'),
        ("tokyo NOT rain", '("tokyo") NOT ("rain")'),
        ('tokyo -"north korea" -rain', '("tokyo") NOT ("north korea" OR "rain")'),
        ("tokyo AND osaka", '"tokyo" AND "osaka"'),
        ("title:weather", 'title : "weather"'),
        ('title:"g7 summit"', 'title : "g7 summit"'),
        # Operators where they join nothing are plain words.
        ("AND OR", '"and" AND "or"'),
        ("OR tokyo", '"or" AND "tokyo"'),
        ("tokyo OR", '"tokyo" AND "or"'),
        ("NOT", '"not"'),
        ("or and not", '"or" AND "and" AND "not"'),
        # FTS5 syntax typed by a user is quoted, never interpreted.
        ("NEAR(", '"NEAR("'),
        ("NEAR(a b)", '"NEAR(a" AND "b)"'),
        ("col:term", '"col:term"'),
        ("a-b", '"a-b"'),
        ("it's", '"it\'s"'),
        ("C++", '"C++"'),
        ("^start", '"^start"'),
        ("a+b {x}", '"a+b" AND "{x}"'),
        ('say "hi', '"say" AND "hi"'),
        ('"', None),
        ('""', None),
        ("*", None),
        ("-", None),
        ("- -- ++", None),
        ("", None),
        ("   \t\n ", None),
        ("x\x00y", '"x" AND "y"'),
        ("tokyo\nosaka\ttalks", '"tokyo" AND "osaka" AND "talks"'),
        ('ab"cd', '"ab" AND "cd"'),
        ("nu*cl", '"nu cl"'),
        ("**nucl**", '"nucl"*'),
        ("http://example.com/x", '"http://example.com/x"'),
        ("year:2016", None),
        ("-tokyo", None),
    ],
)
def test_compiles_to_quoted_fts(text: str, expected: str | None) -> None:
    assert parse_query(text).fts_match() == expected


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("year:2016", [Filter("year", "2016", False, 2016, 2016)]),
        ("year:2016..2018", [Filter("year", "2016..2018", False, 2016, 2018)]),
        ("year:2018..2016", [Filter("year", "2018..2016", False, 2016, 2018)]),
        ("year:2016-2018", [Filter("year", "2016-2018", False, 2016, 2018)]),
        ("year:2020..", [Filter("year", "2020..", False, 2020, 9999)]),
        ("-year:2016", [Filter("year", "2016", True, 2016, 2016)]),
        ("NOT year:2016", [Filter("year", "2016", True, 2016, 2016)]),
        ("after:2016-05-01", [Filter("after", "2016-05-01", False, "2016-05-01", None)]),
        ("after:2016-5", [Filter("after", "2016-5", False, "2016-05", None)]),
        ("before:2017", [Filter("before", "2017", False, None, "2017")]),
        ("before:2016/5/3", [Filter("before", "2016/5/3", False, None, "2016-05-03")]),
        ('outlet:"Japan Today"', [Filter("outlet", "Japan Today", False)]),
        ("OUTLET:nhk", [Filter("outlet", "nhk", False)]),
        ("person:Joly", [Filter("person", "Joly", False)]),
        ('topic:"counter-terrorism"', [Filter("topic", "counter-terrorism", False)]),
        ("place:Tokyo org:NATO", [Filter("place", "Tokyo", False), Filter("org", "NATO", False)]),
    ],
)
def test_filters(text: str, filters: list[Filter]) -> None:
    query = parse_query(text)
    assert query.filters == filters
    assert query.fts_match() is None


def test_words_and_filters_together() -> None:
    query = parse_query('intelligence outlet:"Japan Today" year:2022 -china')
    assert query.fts_match() == '("intelligence") NOT ("china")'
    assert [f.key for f in query.filters] == ["outlet", "year"]


@pytest.mark.parametrize(
    "text",
    ["year:abc", "year:16", "year:", "after:2016-13-01", "after:2016-02-30", "before:soon",
     "after:", 'outlet:""', "person:", "year:..", "x " * 70],
)
def test_bad_filter_values_are_one_line(text: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert "\n" not in str(info.value)


def test_notes_explain_unusual_input() -> None:
    assert any("not a filter" in n for n in parse_query("foo:bar").notes)
    assert any("quote" in n for n in parse_query('"open').notes)
    assert any("*" in n for n in parse_query("*").notes)


@pytest.mark.parametrize(
    ("token", "quoted"), [("a", '"a"'), ('say "x"', '"say ""x"""'), ("", '""')]
)
def test_quote_fts_token(token: str, quoted: str) -> None:
    assert quote_fts_token(token) == quoted
