"""Topics defined as named searches: stored, listed, and usable as `topic:` filters."""

from __future__ import annotations

import pytest

from core.errors import QueryError
from core.library import Library
from core.models import ParsedArticle
from core.search import matching_ids, search
from core.store.articles import upsert_article
from core.topics import define_topic, find_topics, topic_article_ids

BODIES = {
    "lng": "Japan will buy liquefied natural gas from Canada under a new LNG supply deal.",
    "reactor": "Both countries will study small modular reactors and nuclear fuel supply.",
    "talks": "Ministers agreed to begin talks on an intelligence-sharing agreement.",
    "test": "North Korea conducted a nuclear test and fired a missile.",
}


@pytest.fixture
def topic_lib(lib: Library) -> Library:
    with lib.store.write() as conn:
        for index, (name, body) in enumerate(BODIES.items()):
            upsert_article(conn, ParsedArticle(
                source=f"/a/{name}.txt", format="txt", title=name.title(), body=body,
                published=f"20{16 + index}-05-01", date_precision="day",
            ))
    return lib


def ids_for(lib: Library, query: str) -> set[str]:
    rows = lib.store.conn.execute("SELECT id, source FROM articles").fetchall()
    by_id = {article_id: source.split("/")[-1][:-4] for article_id, source in rows}
    return {by_id[i] for i in matching_ids(lib, query)}


def test_define_topic_counts_and_lists(topic_lib: Library) -> None:
    hit = define_topic(topic_lib, "Energy  security", 'LNG OR "natural gas" OR reactors')
    assert (hit.name, hit.articles) == ("Energy security", 2)
    assert [t.name for t in find_topics(topic_lib, "energy secrity")][:1] == ["Energy security"]
    assert len(topic_article_ids(topic_lib, hit.id)) == 2


def test_defined_topic_works_as_a_search_filter(topic_lib: Library) -> None:
    define_topic(topic_lib, "energy security", 'LNG OR "natural gas" OR reactors')
    assert ids_for(topic_lib, 'topic:"energy security"') == {"lng", "reactor"}
    assert ids_for(topic_lib, 'topic:"energy security" nuclear') == {"reactor"}
    assert ids_for(topic_lib, '-topic:"energy security"') == {"talks", "test"}
    assert search(topic_lib, 'topic:"energy security" year:2016').total == 1


def test_topic_defined_through_itself_does_not_recurse(topic_lib: Library) -> None:
    define_topic(topic_lib, "loop", "nuclear")
    define_topic(topic_lib, "loop", "nuclear topic:loop")  # redefined to mention itself
    # Filters are ANDed and the self-reference adds no articles: nothing, and no recursion.
    assert ids_for(topic_lib, "topic:loop") == set()
    define_topic(topic_lib, "outer", "topic:loop OR missile")
    assert ids_for(topic_lib, "topic:outer") == set()


def test_define_topic_refuses_empty_parts(topic_lib: Library) -> None:
    with pytest.raises(QueryError):
        define_topic(topic_lib, "  ", "nuclear")
    with pytest.raises(QueryError):
        define_topic(topic_lib, "empty", "   ")
