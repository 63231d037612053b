"""People, organisations and places: fuzzy lookup, search filters, entity pages, merges."""

from __future__ import annotations

import heapq
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from core.errors import NotFoundError, QueryError
from core.library import Library
from core.nlp.fuzzy import Entry, NameIndex
from core.nlp.names import GROUP_OF, KINDS_OF_GROUP, name_key
from core.store import entities as sql

# Filter prefix -> entity kinds stored in `entities.kind`.
FILTER_KINDS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "place": ("GPE", "LOC"),
    "group": ("NORP",),
    "event": ("EVENT",),
    "law": ("LAW",),
}
# A fuzzy match must be at least this good to stand for a filter.
RESOLVE_THRESHOLD = 85.0
SUGGEST_THRESHOLD = 90.0
MAX_BLOCK = 300  # names sharing one word compared pairwise only up to this many
PAGE_ARTICLES = 500  # newest articles listed on a page (counts cover all)
CO_MENTION_ARTICLES = 1000  # newest articles used for co-mentions of a very common entity

__all__ = [
    "EntityHit",
    "EntityPage",
    "MergeSuggestion",
    "count_label",
    "entity_page",
    "find_entities",
    "merge_entities",
    "name_key",
    "reject_merge",
    "resolve_filter",
    "split_entity",
    "suggest_merges",
]


@dataclass
class EntityHit:
    """One row of a people/orgs/places list."""

    id: int
    name: str
    kind: str
    articles: int
    years: list[int] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    score: float = 0.0
    matched: str = ""  # the name or variant that matched the query
    authored: int = 0  # articles it wrote (byline); `articles` counts articles mentioning it

    @property
    def count_label(self) -> str:
        """What the person is in the library: "3 articles", "author of 2", or both."""
        return count_label(self.articles, self.authored)

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class EntityPage:
    """Everything the entity page shows about one entity."""

    id: int
    name: str
    kind: str
    articles: int
    variants: list[str]
    by_year: list[tuple[int | None, int]]  # (year, articles), oldest first
    first_seen: str | None
    last_seen: str | None
    co_mentions: list[EntityHit]
    article_list: list[tuple[int, str, str | None]]  # (id, title, published), newest 500
    authored: list[tuple[int, str, str | None]]
    elapsed_ms: float = 0.0
    authored_articles: int = 0  # all articles it wrote (`authored` lists the newest 500)

    def to_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["by_year"] = [list(pair) for pair in self.by_year]
        data["co_mentions"] = [hit.to_dict() for hit in self.co_mentions]
        data["article_list"] = [list(row) for row in self.article_list]
        data["authored"] = [list(row) for row in self.authored]
        return data


@dataclass
class MergeSuggestion:
    """Two entities that look like one: merge `variant` into `target`?"""

    variant: EntityHit
    target: EntityHit
    similarity: float
    shared_articles: int


def count_label(articles: int, authored: int) -> str:
    """A list row's count: articles mentioning the entity, and the articles it wrote if any."""
    mentioned = f"{articles} article{'' if articles == 1 else 's'}"
    if not authored:
        return mentioned
    wrote = f"author of {authored}"
    return wrote if not articles else f"{mentioned} · {wrote}"


# -- the fuzzy index, cached per library until its names change -----------------------------

_index_lock = threading.Lock()
_indexes: dict[str, tuple[int, NameIndex]] = {}


def name_index(lib: Library) -> NameIndex:
    """Every entity name and variant, preprocessed; rebuilt only when the names change."""
    conn = lib.store.conn
    version = sql.names_version(conn)
    key = str(lib.path)
    with _index_lock:
        cached = _indexes.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
    entries = [
        Entry(entity_id, kind, name, count, text)
        for entity_id, kind, name, count, text in sql.all_names(conn)
    ]
    index = NameIndex(entries)
    with _index_lock:
        _indexes[key] = (version, index)
    return index


def _hits(lib: Library, matches: list[tuple[int, str, str, int, float, str]]) -> list[EntityHit]:
    conn = lib.store.conn
    ids = [m[0] for m in matches]
    years = sql.years_of(conn, ids)
    authored = sql.authored_counts(conn, ids)
    hits = []
    for entity_id, name, kind, count, score, matched in matches:
        variants = [alias for alias, _ in sql.variants_of(conn, entity_id)]
        hits.append(
            EntityHit(entity_id, name, kind, count, years.get(entity_id, []), variants,
                      round(score, 1), matched, authored.get(entity_id, 0))
        )
    return hits


def find_entities(
    lib: Library, query: str, kinds: tuple[str, ...] | list[str] | None = None, limit: int = 20
) -> list[EntityHit]:
    """Entities whose name or a variant matches `query`, typos and word order forgiven.

    Ranked by match quality, then by how many articles mention them. An empty query lists the
    most mentioned entities of these kinds.
    """
    if not query.strip():
        rows = sql.top_entities(lib.store.conn, tuple(kinds or ()), limit)
        return _hits(lib, [(r[0], r[1], r[2], r[3], 0.0, "") for r in rows])
    matches = name_index(lib).search(query, kinds, limit)
    return _hits(
        lib,
        [
            (m.entry.item_id, m.entry.name, m.entry.kind, m.entry.articles, m.quality,
             m.entry.text)
            for m in matches
        ],
    )


def resolve_filter(lib: Library, kind: str, text: str) -> list[int]:
    """Ids for a `person:`/`org:`/`place:` (entity ids) or `topic:` (topic ids) filter.

    An exact name or variant wins; else the best fuzzy match above a threshold. Raises
    QueryError naming the closest names when nothing fits.
    """
    if kind == "topic":
        from core.topics import resolve_topic

        return resolve_topic(lib, text)
    kinds = FILTER_KINDS.get(kind)
    if kinds is None:
        raise QueryError(f"unknown filter {kind}: (use person:, org:, place: or topic:)")
    key = name_key(text)
    ids = sql.entity_ids_by_key(lib.store.conn, kinds, key)
    if ids:
        return ids
    matches = name_index(lib).search(text, kinds, limit=5)
    good = [m for m in matches if m.quality >= RESOLVE_THRESHOLD]
    if good:
        top = round(good[0].quality)
        return sorted({m.entry.item_id for m in good if round(m.quality) == top})
    closest = ", ".join(dict.fromkeys(m.entry.name for m in matches[:3]))
    hint = f"; closest: {closest}" if closest else ""
    raise QueryError(f"no {kind} matches {text!r}{hint}")


# -- entity page ----------------------------------------------------------------------------


def _find_one(lib: Library, name_or_id: str | int, kinds: tuple[str, ...] | None = None) -> int:
    """An entity id from an id, an exact name/variant, or the best fuzzy match."""
    conn = lib.store.conn
    if isinstance(name_or_id, int) or (isinstance(name_or_id, str) and name_or_id.isdigit()):
        entity_id = int(name_or_id)
        if sql.entity_row(conn, entity_id) is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        return entity_id
    text = str(name_or_id)
    all_kinds = kinds or tuple(k for group in KINDS_OF_GROUP.values() for k in group)
    ids = sql.entity_ids_by_key(conn, all_kinds, name_key(text))
    if ids:
        rows = [sql.entity_row(conn, i) for i in ids]
        return max((r for r in rows if r is not None), key=lambda r: r[4])[0]
    matches = name_index(lib).search(text, kinds, limit=5)
    if matches and matches[0].quality >= RESOLVE_THRESHOLD:
        return matches[0].entry.item_id
    closest = ", ".join(dict.fromkeys(m.entry.name for m in matches[:3]))
    raise NotFoundError(f"no entity matches {text!r}" + (f"; closest: {closest}" if closest else ""))


def entity_page(
    lib: Library, name_or_id: str | int, kinds: tuple[str, ...] | None = None,
    co_mention_limit: int = 15,
) -> EntityPage:
    """The entity page: variants, articles by year, first/last seen, co-mentions, authored."""
    started = time.perf_counter()
    conn = lib.store.conn
    entity_id = _find_one(lib, name_or_id, kinds)
    row = sql.entity_row(conn, entity_id)
    assert row is not None
    _, name, kind, _, count = row
    mentioned_dates = sql.entity_article_dates(conn, entity_id, "mention")
    authored_dates = sql.entity_article_dates(conn, entity_id, "author")
    by_year, first_seen, last_seen = _years(mentioned_dates)
    _, first_authored, last_authored = _years(authored_dates)
    first_seen = min(filter(None, (first_seen, first_authored)), default=None)
    last_seen = max(filter(None, (last_seen, last_authored)), default=None)
    newest = _newest(mentioned_dates, PAGE_ARTICLES)
    newest_authored = _newest(authored_dates, PAGE_ARTICLES)
    titles = sql.article_titles(conn, [i for i, _ in newest + newest_authored])
    mentioned = [(i, titles.get(i, ""), published) for i, published in newest]
    authored = [(i, titles.get(i, ""), published) for i, published in newest_authored]
    co_rows = sql.co_mentions(
        conn, entity_id, [r[0] for r in mentioned[:CO_MENTION_ARTICLES]], co_mention_limit
    )
    co = [EntityHit(i, n, k, shared) for i, n, k, shared in co_rows]
    page = EntityPage(
        id=entity_id,
        name=name,
        kind=kind,
        articles=count,
        variants=[alias for alias, _ in sql.variants_of(conn, entity_id)],
        by_year=by_year,
        first_seen=first_seen,
        last_seen=last_seen,
        co_mentions=co,
        article_list=mentioned,
        authored=authored,
        authored_articles=len(authored_dates[0]),
    )
    page.elapsed_ms = (time.perf_counter() - started) * 1000
    return page


ArticleDates = tuple[list[str], list[str], list[str]]  # ids, published, years as text


def _years(
    dates: ArticleDates,
) -> tuple[list[tuple[int | None, int]], str | None, str | None]:
    """Articles per year (oldest first, undated last) and the first and last dates."""
    counts = Counter(dates[2])
    by_year = sorted(
        ((int(year) if year else None, count) for year, count in counts.items()),
        key=lambda pair: (pair[0] is None, pair[0] or 0),
    )
    known = set(dates[1])
    known.discard("")
    return by_year, min(known, default=None), max(known, default=None)


def _newest(dates: ArticleDates, limit: int) -> list[tuple[int, str | None]]:
    """(id, published) of the newest `limit` articles: latest date first, then higher id,
    undated ones last (an empty date sorts below every date)."""
    top = heapq.nlargest(limit, zip(dates[1], map(int, dates[0]), strict=True))
    return [(article_id, published or None) for published, article_id in top]


# -- merges, splits, suggestions ------------------------------------------------------------


def merge_entities(lib: Library, variant: str | int, target: str | int) -> EntityPage:
    """Make `variant` a name of `target` (stored, survives re-ingest); returns the target page."""
    conn = lib.store.conn
    variant_id = _find_one(lib, variant)
    target_id = _find_one(lib, target)
    if variant_id == target_id:
        raise QueryError("those two names are already one entity")
    v_row = sql.entity_row(conn, variant_id)
    t_row = sql.entity_row(conn, target_id)
    assert v_row is not None and t_row is not None
    with lib.store.write() as wconn:
        sql.delete_splits(wconn, v_row[3])
        sql.save_user_merge(wconn, v_row[2], v_row[3], v_row[1], t_row[2], t_row[3], t_row[1],
                            "merge")
        sql.delete_rejection(wconn, GROUP_OF.get(v_row[2], v_row[2]), v_row[3], t_row[3])
        sql.add_aliases(wconn, [(v_row[1], v_row[3], t_row[2], target_id, "user")])
        sql.reassign_entity(wconn, variant_id, target_id)
        sql.refresh_entity_counts(wconn, [variant_id, target_id])
        sql.bump_names_version(wconn)
    return entity_page(lib, target_id)


def reject_merge(lib: Library, first: str | int, second: str | int) -> tuple[str, str]:
    """Record that two entities are not one, so `suggest_merges` never offers the pair again.

    Stored by name keys, so it survives re-ingest; merging the two later removes it.
    Returns the two canonical names.
    """
    conn = lib.store.conn
    first_id = _find_one(lib, first)
    second_id = _find_one(lib, second)
    if first_id == second_id:
        raise QueryError("those two names are one entity; split it instead")
    a_row = sql.entity_row(conn, first_id)
    b_row = sql.entity_row(conn, second_id)
    assert a_row is not None and b_row is not None
    group = GROUP_OF.get(a_row[2], a_row[2])
    if GROUP_OF.get(b_row[2], b_row[2]) != group:
        raise QueryError(
            f"{a_row[1]} ({a_row[2]}) and {b_row[1]} ({b_row[2]}) are different kinds; "
            "they are never suggested as one"
        )
    with lib.store.write() as wconn:
        sql.save_rejection(wconn, group, (a_row[3], a_row[1]), (b_row[3], b_row[1]))
    return a_row[1], b_row[1]


def split_entity(lib: Library, name: str, *, model: str | None = None) -> list[int]:
    """Undo a merge, or detach an automatic variant ("Hayashi") from the entity it joined.

    The affected articles are annotated again so mentions land where they now belong.
    Returns the ids of the re-annotated articles.
    """
    conn = lib.store.conn
    key = name_key(name)
    all_kinds = tuple(k for group in KINDS_OF_GROUP.values() for k in group)
    merge = sql.user_merge_for(conn, all_kinds, key)
    alias_owner = sql.entity_ids_by_key(conn, all_kinds, key)
    owners = [i for i in alias_owner if (r := sql.entity_row(conn, i)) is not None and r[3] != key]
    if merge is None and not owners:
        raise NotFoundError(f"{name!r} is not a merged name or a variant of another entity")
    articles = sql.articles_of_entities(conn, owners)
    with lib.store.write() as wconn:
        if merge is not None and merge[1] == "merge":
            sql.delete_user_merge(wconn, merge[0])
        else:
            for owner in owners:
                row = sql.entity_row(wconn, owner)
                assert row is not None
                sql.save_user_merge(wconn, row[2], key, name, "", "", "", "split")
        sql.delete_aliases(wconn, all_kinds, key)
        sql.mark_articles_pending(wconn, articles)
        sql.bump_names_version(wconn)
    if articles:
        from core.nlp import annotate_articles

        annotate_articles(lib, articles, model=model)
    return articles


def suggest_merges(
    lib: Library, kinds: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC"), limit: int = 20
) -> list[MergeSuggestion]:
    """Pairs of same-kind entities with very similar names (token set) that share articles
    or whose words nest ("Hayashi" in "Yoshimasa Hayashi")."""
    from rapidfuzz import fuzz

    conn = lib.store.conn
    suggestions: list[MergeSuggestion] = []
    for group in dict.fromkeys(GROUP_OF[k] for k in kinds):
        rows = sql.entity_pairs_sharing_articles(conn, KINDS_OF_GROUP[group])
        keys = [name_key(r[1]) for r in rows]
        rejected = sql.rejected_pairs(conn, group)
        # Block on shared words, so 100,000 names never become 10^10 comparisons.
        blocks: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            for word in set(key.split()):
                if len(word) > 1:
                    blocks.setdefault(word, []).append(index)
        pairs: dict[tuple[int, int], float] = {}
        for members in blocks.values():
            if len(members) < 2 or len(members) > MAX_BLOCK:
                continue
            for position, i in enumerate(members):
                for j in members[position + 1 :]:
                    if (i, j) in pairs or (min(keys[i], keys[j]), max(keys[i], keys[j])) in rejected:
                        continue
                    similarity = fuzz.token_set_ratio(keys[i], keys[j])
                    if similarity >= SUGGEST_THRESHOLD:
                        pairs[(i, j)] = similarity
        if not pairs:
            continue
        ids = sorted({rows[i][0] for i, _ in pairs} | {rows[j][0] for _, j in pairs})
        article_sets = sql.entity_article_sets(conn, ids)
        for (i, j), similarity in pairs.items():
            a, b = rows[i], rows[j]
            shared = len(article_sets.get(a[0], set()) & article_sets.get(b[0], set()))
            # The shorter, rarer name becomes a variant of the fuller one.
            variant, target = sorted((a, b), key=lambda r: (len(r[1].split()), r[2], len(r[1])))
            nested = set(name_key(variant[1]).split()) <= set(name_key(target[1]).split())
            if not shared and not (nested and similarity >= 100):
                continue
            suggestions.append(MergeSuggestion(
                EntityHit(variant[0], variant[1], variant[3], variant[2]),
                EntityHit(target[0], target[1], target[3], target[2]),
                similarity, shared,
            ))
    suggestions.sort(key=lambda s: (-s.shared_articles, -s.similarity, s.target.name))
    return suggestions[:limit]
