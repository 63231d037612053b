"""Entity and topic annotation of stored articles: NER in batches, names cleaned and merged.

The spaCy pipeline loads lazily (see `core.nlp.pipeline`); importing this package is cheap.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field

from core.library import Library
from core.models import Progress
from core.nlp.names import (
    GROUP_OF,
    KINDS_OF_GROUP,
    canonical,
    clean_name,
    name_key,
    person_by_title,
    split_byline,
    surname_joins,
)
from core.nlp.phrases import extract_phrases, tfidf
from core.nlp.pipeline import Extractor, Span, load_extractor
from core.store import entities as sql

ARTICLES_PER_WRITE = 64
TITLE_SEPARATOR = "\n\n"
_BYLINE_LINE_RE = re.compile(r"^[ \t]*By[ \t][^\n]{0,120}$", re.MULTILINE)

ProgressCallback = Callable[[Progress], None]


@dataclass
class AnnotateReport:
    """What an annotation run did."""

    articles: int = 0
    mentions: int = 0
    entities_touched: int = 0
    topics_touched: int = 0
    model: str = ""
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    elapsed_s: float = 0.0


@dataclass
class _Mention:
    """One cleaned mention inside one article, before it has an entity id."""

    name: str
    kind: str
    start: int
    end: int
    written: str  # the cleaned name as written, before variants were folded


@dataclass
class _Resolved:
    """All mentions of one entity in one article."""

    name: str
    kind: str
    key: str
    count: int = 0
    spans: list[list[int]] = field(default_factory=list)
    surfaces: Counter[str] = field(default_factory=Counter)


def annotate_articles(
    lib: Library,
    article_ids: list[int] | None = None,
    *,
    model: str | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> AnnotateReport:
    """Find entities and key phrases in these articles (None: every article not yet done).

    Re-annotating an article replaces its mentions and topics; user merges and splits apply.
    """
    started = time.perf_counter()
    conn = lib.store.conn
    ids = sql.pending_article_ids(conn) if article_ids is None else list(article_ids)
    report = AnnotateReport()
    if not ids:
        return report
    extractor, warning = load_extractor(model)
    report.model = extractor.name
    if warning:
        report.warnings.append(warning)
    resolver = _Resolver(lib)
    total = len(ids)
    done = 0
    if is_cancelled is not None and is_cancelled():
        report.cancelled = True
        ids = []
    batches = (sql.texts_for_annotation(conn, batch) for batch in _chunks(ids, ARTICLES_PER_WRITE))
    with contextlib.closing(_extract_stream(extractor, batches, jobs)) as stream:
        for rows, spans_per_article in stream:
            stats = resolver.write_batch(rows, spans_per_article)
            report.mentions += stats[0]
            done += len(rows)
            report.articles += len(rows)
            if progress is not None:
                progress(Progress(done, total, rows[-1][1]))
            if is_cancelled is not None and is_cancelled() and done < total:
                report.cancelled = True
                break
    report.entities_touched = len(resolver.touched_entities)
    report.topics_touched = len(resolver.touched_topics)
    report.elapsed_s = time.perf_counter() - started
    return report


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def article_text(title: str, body: str) -> tuple[str, int]:
    """The text given to NER (title, blank line, body) and the body's offset in it."""
    if not title:
        return body, 0
    return title + TITLE_SEPARATOR + body, len(title) + len(TITLE_SEPARATOR)


def split_long_text(text: str, max_length: int) -> list[tuple[int, str]]:
    """(offset, piece) pieces under `max_length`, cut on paragraph boundaries where possible."""
    if len(text) <= max_length:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + max_length, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            if cut > start:
                end = cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


Rows = list[tuple[int, str, str, str]]


def _extract_stream(
    extractor: Extractor, batches: Iterator[Rows], jobs: int
) -> Generator[tuple[Rows, list[list[Span]]], None, None]:
    """Entity spans per article, batch by batch, from one spaCy stream over all batches.

    One stream means spaCy's worker processes (`jobs > 1`) start and load the model once, not
    once per batch. Each article is its whole text; long texts go in pieces.
    """
    limit = max(1000, extractor.max_length - 1)
    layout: deque[tuple[Rows, list[tuple[int, int]]]] = deque()  # (rows, (row, offset) a piece)

    def texts() -> Iterator[str]:
        for rows in batches:
            pieces = [
                (index, offset, piece)
                for index, (_, title, body, _) in enumerate(rows)
                for offset, piece in split_long_text(article_text(title, body)[0], limit)
            ]
            if not pieces:
                continue
            layout.append((rows, [(index, offset) for index, offset, _ in pieces]))
            for _, _, piece in pieces:
                yield piece

    results = extractor.pipe(texts(), jobs=jobs)
    try:
        current: tuple[Rows, list[tuple[int, int]]] | None = None
        collected: list[list[Span]] = []
        seen = 0
        for spans in results:
            if current is None:
                current = layout.popleft()
                collected, seen = [[] for _ in current[0]], 0
            index, offset = current[1][seen]
            collected[index].extend(
                (start + offset, end + offset, label, text) for start, end, label, text in spans
            )
            seen += 1
            if seen == len(current[1]):
                yield current[0], collected
                current = None
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


# A lone place name right after one of these words is the place ("talks in Washington").
_PLACE_CUE_RE = re.compile(
    r"\b(?:in|at|near|across|outside|inside|into|toward|towards|throughout|around|"
    r"visited|visiting|capital|city|state|province|prefecture)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PLACE_MAJORITY = 3  # this many more place/body labels than full names: the word is the place


def _stays_non_person(
    mention: _Mention, text: str, other_labels: int, person_uses: int
) -> bool:
    """Whether a lone word the model tagged ORG/GPE/LOC keeps that kind although it is also
    the surname of a person named in full in the same article.

    The small model tags a lone "Hayashi" or "Joly" as ORG or GPE, a few times an article, so
    by default the word joins the person and creates no entity of another kind. It stays a
    place when the text reads as one ("in Washington"), or when the article uses it as a
    place or body far more often than as the person (`person_uses`: the full name and the
    word tagged PERSON; PLACE_MAJORITY times, at least three uses: "Washington" five times
    beside one "George Washington").
    """
    if mention.kind in ("GPE", "LOC") and _PLACE_CUE_RE.search(
        text[max(0, mention.start - 24) : mention.start]
    ):
        return True
    return other_labels >= PLACE_MAJORITY and other_labels >= PLACE_MAJORITY * max(1, person_uses)


class _Resolver:
    """Turns spans into entity ids (caching lookups for a run) and writes each batch."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.ids: dict[tuple[str, str], int] = {}
        self.names: dict[tuple[str, str], str] = {}  # the name each cached entity shows
        self.touched_entities: set[int] = set()
        self.touched_topics: set[int] = set()
        self.merges: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        for kind, from_key, to_kind, to_key, to_name, action in sql.load_user_merges(
            lib.store.conn
        ):
            self.merges[(GROUP_OF.get(kind, kind), from_key)] = (action, to_kind, to_key, to_name)
        # A split name never joins another entity, whatever label the model gives it.
        self.splits = {key for (_, key), merge in self.merges.items() if merge[0] == "split"}
        self.total_articles = max(1, sql.article_count(lib.store.conn))

    # -- per article ----------------------------------------------------------------------

    def mentions_of(self, spans: list[Span], text: str) -> list[_Mention]:
        mentions = []
        bylines = [m.span() for m in _BYLINE_LINE_RE.finditer(text)]
        for start, end, label, surface in spans:
            if any(a <= start < b for a, b in bylines):
                continue  # "By Jane Doe, March 11" left in the body: an author, not a mention
            if person_by_title(text, start, surface, label):
                label = "PERSON"
            name = clean_name(surface, label)
            if name is None:
                continue
            written = name
            name, kind = canonical(name, label)
            mentions.append(_Mention(name, kind, start, end, written))
        return mentions

    def resolve_article(
        self, spans: list[Span], text: str
    ) -> dict[tuple[str, str], _Resolved]:
        """Group an article's mentions by entity: short forms join full names, merges apply."""
        mentions = self.mentions_of(spans, text)
        full_people = [
            (m.start, name_key(m.name), m.name)
            for m in mentions
            if m.kind == "PERSON" and len(m.name.split()) > 1
        ]
        full_counts = Counter(key for _, key, _ in full_people)
        lone_person_counts = Counter(
            name_key(m.name) for m in mentions if m.kind == "PERSON" and " " not in m.name
        )
        other_labels: dict[str, Counter[str]] = {}
        for m in mentions:
            if m.kind != "PERSON":
                other_labels.setdefault(name_key(m.name), Counter())[m.kind] += 1
        other_label_counts = Counter({k: sum(v.values()) for k, v in other_labels.items()})
        grouped: dict[tuple[str, str], _Resolved] = {}
        for mention in mentions:
            name, kind = mention.name, mention.kind
            key = name_key(name)
            group = GROUP_OF[kind]
            if key not in self.splits:
                joined = self._join_short_form(mention, key, full_people)
                if (
                    joined is not None
                    and mention.kind != "PERSON"
                    and _stays_non_person(
                        mention, text, other_label_counts[key],
                        full_counts[joined[1]] + lone_person_counts[key],
                    )
                ):
                    joined = None  # "in Washington" the place, not George Washington
                if joined is not None:
                    name, kind, key = joined[2], "PERSON", joined[1]
                    group = "PERSON"
                merge = self.merges.get((group, key))
                if merge is not None and merge[0] == "merge":
                    _, kind, key, name = merge
                    group = GROUP_OF.get(kind, kind)
            if (
                kind == "PERSON"
                and " " not in key
                and other_label_counts[key] > 0
                and key not in self.splits
            ):
                # A lone word the model mostly tags as a place or body here ("Fukushima").
                kind = other_labels[key].most_common(1)[0][0]
                group = GROUP_OF[kind]
            entry = grouped.get((group, key))
            if entry is None:
                entry = grouped[(group, key)] = _Resolved(name=name, kind=kind, key=key)
            entry.count += 1
            entry.spans.append([mention.start, mention.end])
            entry.surfaces[mention.written] += 1
        return grouped

    @staticmethod
    def _join_short_form(
        mention: _Mention, key: str, full_people: list[tuple[int, str, str]]
    ) -> tuple[int, str, str] | None:
        """The full name a surname or short form stands for in this article, if one fits."""
        if len(key.split()) > 2 or mention.kind not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
            return None
        fits = [full for full in full_people if surname_joins(key, full[1])]
        if not fits and mention.kind == "PERSON":
            # Family name first ("Kim" of "Kim Jong Un"), only when one person fits.
            fits = [full for full in full_people if surname_joins(key, full[1], head=True)]
            if len({f[1] for f in fits}) != 1:
                return None
        if not fits:
            return None
        if mention.kind != "PERSON" and len({f[1] for f in fits}) > 1:
            return None
        before = [full for full in fits if full[0] < mention.start]
        return (before or fits)[-1] if before else fits[0]

    # -- ids ------------------------------------------------------------------------------

    def entity_id(self, entry: _Resolved) -> int:
        group = GROUP_OF.get(entry.kind, entry.kind)
        cache_key = (group, entry.key)
        conn = self.lib.store.conn
        cached = self.ids.get(cache_key)
        if cached is not None:
            if self.names[cache_key].isupper() and not entry.name.isupper():
                sql.rename_entity(conn, cached, entry.name)  # "TOKYO" (a dateline) -> "Tokyo"
                self.names[cache_key] = entry.name
            return cached
        kinds = KINDS_OF_GROUP.get(group, (entry.kind,))
        found = sql.find_entity(conn, kinds, entry.key)
        entity_id: int | None = None
        shown = entry.name
        if found is not None:
            entity_id, shown = found[0], found[1]
            if found[1].isupper() and not entry.name.isupper():
                sql.rename_entity(conn, entity_id, entry.name)
                shown = entry.name
        else:
            user_alias = sql.find_alias_target(conn, kinds, entry.key, origin="user")
            if user_alias is not None:
                entity_id = user_alias
            elif group == "PERSON" and len(entry.key.split()) == 1:
                # A lone surname elsewhere joined a full name: use that person.
                entity_id = sql.find_alias_target(conn, kinds, entry.key)
                if entity_id is not None and entry.key in self.splits:
                    entity_id = None
        if entity_id is None:
            entity_id = sql.insert_entity(conn, entry.name, entry.kind, entry.key)
            shown = entry.name
        self.ids[cache_key] = entity_id
        self.names[cache_key] = shown
        return entity_id

    # -- writing --------------------------------------------------------------------------

    def write_batch(
        self, rows: list[tuple[int, str, str, str]], spans_per_article: list[list[Span]]
    ) -> tuple[int]:
        mention_count = 0
        with self.lib.store.write() as conn:
            article_ids = [row[0] for row in rows]
            old_entities = sql.delete_mentions(conn, article_ids)
            old_topics = sql.delete_article_topics(conn, article_ids)
            mention_rows = []
            alias_rows = []
            touched_now: set[int] = set()
            for (article_id, title, body, byline), spans in zip(
                rows, spans_per_article, strict=True
            ):
                text, body_offset = article_text(title, body)
                for entry in self.resolve_article(spans, text).values():
                    entity_id = self.entity_id(entry)
                    touched_now.add(entity_id)
                    body_spans = [
                        [s - body_offset, e - body_offset]
                        for s, e in entry.spans
                        if s >= body_offset
                    ]
                    surface = entry.surfaces.most_common(1)[0][0]
                    mention_rows.append(
                        (article_id, entity_id, "mention", entry.count, body_spans, surface)
                    )
                    mention_count += entry.count
                    for variant in entry.surfaces:
                        if variant != entry.name:
                            alias_rows.append(
                                (variant, name_key(variant), entry.kind, entity_id, "auto")
                            )
                for author in split_byline(byline):
                    entry = _Resolved(name=author, kind="PERSON", key=name_key(author), count=1)
                    entry.surfaces[author] += 1
                    merge = self.merges.get(("PERSON", entry.key))
                    if merge is not None and merge[0] == "merge":
                        entry.kind, entry.key, entry.name = merge[1], merge[2], merge[3]
                    entity_id = self.entity_id(entry)
                    touched_now.add(entity_id)
                    mention_rows.append((article_id, entity_id, "author", 1, [], author))
            sql.insert_mentions(conn, mention_rows)
            sql.add_aliases(conn, alias_rows)
            sql.refresh_entity_counts(conn, old_entities | touched_now)
            self.touched_entities |= old_entities | touched_now
            # Entities left without mentions were deleted: forget their ids.
            gone = old_entities - touched_now
            if gone:
                self.ids = {k: v for k, v in self.ids.items() if v not in gone}
            self._write_topics(conn, rows, old_topics)
            sql.mark_nlp_done(conn, article_ids)
            sql.bump_names_version(conn)
        return (mention_count,)

    def _write_topics(
        self, conn: sqlite3.Connection, rows: list[tuple[int, str, str, str]], old: set[int]
    ) -> None:
        per_article = [(row[0], extract_phrases(row[1], row[2])) for row in rows]
        keys = sorted({p.key for _, phrases in per_article for p in phrases})
        frequencies = sql.topic_document_frequencies(conn, keys)
        topic_ids: dict[str, int] = {}
        topic_rows = []
        for article_id, phrases in per_article:
            for phrase in phrases:
                topic_id = topic_ids.get(phrase.key)
                if topic_id is None:
                    topic_id = topic_ids[phrase.key] = sql.upsert_topic(
                        conn, phrase.key, phrase.surface
                    )
                score = tfidf(phrase.count, frequencies.get(phrase.key, 0) + 1,
                              self.total_articles)
                topic_rows.append((article_id, topic_id, score, phrase.count))
        sql.insert_article_topics(conn, topic_rows)
        batch_topics = old | set(topic_ids.values())
        sql.refresh_topic_counts(conn, batch_topics)
        self.touched_topics |= batch_topics
