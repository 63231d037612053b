"""Topics: key phrases found per article, and topics a user defines as a named search."""

from __future__ import annotations

import contextvars
import threading
from dataclasses import dataclass, field

from core.errors import QueryError
from core.library import Library
from core.nlp.fuzzy import Entry, NameIndex
from core.nlp.phrases import phrase_key, tfidf
from core.store import entities as sql

RESOLVE_THRESHOLD = 85.0
BIG_TOPIC_LIST = 20_000


@dataclass
class TopicHit:
    """One row of a topics list."""

    id: int
    name: str
    articles: int
    years: list[int] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    query: str | None = None  # set for a user-defined topic
    score: float = 0.0
    kind: str = "TOPIC"

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class ArticleTopic:
    """A key phrase of one article with its TF-IDF score."""

    id: int
    name: str
    count: int
    score: float


_lock = threading.Lock()
_indexes: dict[str, tuple[int, int, NameIndex]] = {}


def _topic_index(lib: Library) -> NameIndex:
    """Topic names, preprocessed once per library state (names version and topic count)."""
    conn = lib.store.conn
    version = sql.names_version(conn)
    count = sql.topic_count(conn)
    key = str(lib.path)
    with _lock:
        cached = _indexes.get(key)
        if cached is not None and cached[:2] == (version, count):
            return cached[2]
    rows = sql.all_topics(conn)
    if len(rows) > BIG_TOPIC_LIST:  # one-article phrases are noise at scale: index the rest
        rows = [r for r in rows if r[3] >= 2 or r[4]]
    entries = [Entry(topic_id, "TOPIC", name, articles, name)
               for topic_id, name, _, articles, _ in rows]
    index = NameIndex(entries)
    with _lock:
        _indexes[key] = (version, count, index)
    return index


def find_topics(lib: Library, query: str, limit: int = 20) -> list[TopicHit]:
    """Topics matching `query` with typos, word order and abbreviations forgiven
    ("intel sharing"), by match quality then article count; empty query: the largest."""
    conn = lib.store.conn
    if not query.strip():
        rows = sorted(sql.all_topics(conn), key=lambda r: (-r[3], r[1]))[:limit]
        picked = [(r[0], r[1], r[3], r[4], 0.0) for r in rows]
    else:
        matches = _topic_index(lib).search(query, None, limit)
        by_id = {r[0]: r for r in sql.all_topics_by_ids(conn, [m.entry.item_id for m in matches])}
        picked = [
            (m.entry.item_id, m.entry.name, m.entry.articles, by_id[m.entry.item_id][4],
             m.quality)
            for m in matches if m.entry.item_id in by_id
        ]
    years = sql.topic_years(conn, [p[0] for p in picked])
    return [
        TopicHit(topic_id, name, articles, years.get(topic_id, []), [], topic_query,
                 round(score, 1))
        for topic_id, name, articles, topic_query, score in picked
    ]


def resolve_topic(lib: Library, text: str) -> list[int]:
    """Topic ids for a `topic:` filter: the folded phrase exactly, else a close fuzzy match."""
    conn = lib.store.conn
    ids = sql.topic_ids_by_key(conn, phrase_key(text))
    if ids:
        return ids
    matches = _topic_index(lib).search(text, None, limit=5)
    good = [m for m in matches if m.quality >= RESOLVE_THRESHOLD]
    if good:
        return [good[0].entry.item_id]
    closest = ", ".join(dict.fromkeys(m.entry.name for m in matches[:3]))
    raise QueryError(f"no topic matches {text!r}" + (f"; closest: {closest}" if closest else ""))


def topic_article_ids(lib: Library, topic_id: int) -> list[int]:
    """Articles of a topic: its named search's matches, or the articles it was found in."""
    conn = lib.store.conn
    rows = sql.all_topics_by_ids(conn, [topic_id])
    if rows and rows[0][4]:
        from core.search import matching_ids  # written alongside; imported only when needed

        return sorted(matching_ids(lib, rows[0][4]))
    return sql.topic_article_ids(conn, topic_id)


_expanding: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "expanding_topics", default=frozenset()
)


def defined_topic_articles(lib: Library, topic_ids: list[int]) -> set[int]:
    """Articles matched by those of these topics that are named searches (for `topic:`).

    A named search that refers to itself (directly or through another topic) stops there
    instead of recursing.
    """
    seen = _expanding.get()
    article_ids: set[int] = set()
    for topic_id, _name, _key, _count, query in sql.all_topics_by_ids(lib.store.conn, topic_ids):
        if not query or topic_id in seen:
            continue
        from core.search import matching_ids

        token = _expanding.set(seen | {topic_id})
        try:
            article_ids.update(matching_ids(lib, query))
        finally:
            _expanding.reset(token)
    return article_ids


def define_topic(lib: Library, name: str, query: str) -> TopicHit:
    """Store `name` as a topic whose articles are those the search `query` matches."""
    name = " ".join(name.split())
    if not name:
        raise QueryError("a topic needs a name")
    if not query.strip():
        raise QueryError("a topic needs a search query")
    from core.search import matching_ids  # validates the query too: bad syntax raises

    ids = list(matching_ids(lib, query))
    with lib.store.write() as conn:
        topic_id = sql.define_topic(conn, name, phrase_key(name), query, len(ids))
        sql.bump_names_version(conn)
    return TopicHit(topic_id, name, len(ids), [], [], query)


def article_topics(lib: Library, article_id: int, limit: int = 5) -> list[ArticleTopic]:
    """The key phrases of one article, best first, scored against the current corpus."""
    conn = lib.store.conn
    total = sql.article_count(conn)
    rows = sql.topics_of_article(conn, article_id)
    scored = [ArticleTopic(t, n, c, round(tfidf(c, df, total), 3)) for t, n, c, df in rows]
    scored.sort(key=lambda t: (-t.score, t.name))
    return scored[:limit]
