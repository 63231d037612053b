"""Keyword in context: sentences of a slice that contain a term, an entity or a topic."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

import numpy as np

from core.entities import name_key
from core.library import Library
from core.store import compare as sql
from core.store import terms as terms_sql
from core.terms import segments, term_pattern

# Words that end with a full stop without ending a sentence.
_ABBREVIATION_LIST = (
    "mr mrs ms dr prof st jr sr gen col lt sgt gov sen rep no vs etc inc ltd co corp jan feb mar "
    "apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m"
)
ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+|\n+")
_LAST_WORD_RE = re.compile(r"([\w.]+)[.]*$")


@dataclass
class Example:
    """One sentence naming the term: `start`/`end` are the match's span within `sentence`."""

    article_id: int
    title: str
    outlet: str
    published: str | None
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at . ! ? before a capital or digit, and at newlines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY_RE.finditer(text):
        if boundary.group().startswith(("\n", "\r")):
            cut = boundary.start()
        else:
            following = text[boundary.end(): boundary.end() + 1]
            before = _LAST_WORD_RE.search(text[max(start, boundary.start() - 12): boundary.start()])
            last_word = before.group(1).casefold() if before else ""
            if last_word in ABBREVIATIONS or not following or not (
                following.isupper() or following.isdigit() or following in "\"'\u201c\u2018("
            ):
                continue
            cut = boundary.end()
        if text[start:cut].strip():
            spans.append(_trim(text, start, cut))
        start = boundary.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def examples(
    lib: Library, slice_expr: str, needle: str, limit: int = 5, *, side: str = ""
) -> list[Example]:
    """Up to `limit` sentences of the slice containing `needle` (an entity, topic or term).

    One sentence per article, oldest article first. An entity name (or alias) is found through
    its mentions; a topic by its name; anything else as a term through the term index.
    """
    from core.compare import slice_ids

    ids = slice_ids(lib, slice_expr, side)
    conn = lib.store.conn
    key = name_key(needle)
    entity_ids = sql.entities_named(conn, key) if key else []
    spans_by_article: dict[int, list[str]] = {}
    if entity_ids:
        spans_by_article = sql.mention_spans(conn, entity_ids, ids)
        candidates = set(spans_by_article)
        surfaces = sql.entity_surfaces(conn, entity_ids) or [needle]
        pattern = _alternatives(surfaces)
    else:
        topics = sql.topic_named(conn, key) if key else []
        term = normalised_term(needle)
        if not term:
            return []
        pattern = term_pattern(term)
        candidates = _articles_with_term(lib, ids, term)
        if topics:
            candidates |= sql.topic_article_ids(conn, [t[0] for t in topics], ids)
    found: list[Example] = []
    for article_id, title, outlet, published, body in sql.example_articles(conn, sorted(candidates)):
        match = _first_match(body, pattern, spans_by_article.get(article_id, []))
        if match is None and title:
            match = _first_match(title, pattern, [])
            body = title if match else body
        if match is None:
            continue
        sentence_start, sentence_end = next(
            ((s, e) for s, e in sentence_spans(body) if s <= match[0] < e), (0, len(body))
        )
        sentence = body[sentence_start:sentence_end]
        found.append(
            Example(
                article_id=article_id,
                title=title,
                outlet=outlet,
                published=published,
                sentence=sentence,
                start=match[0] - sentence_start,
                end=min(match[1], sentence_end) - sentence_start,
            )
        )
        if len(found) >= limit:
            break
    return found


def normalised_term(text: str) -> str:
    """A typed term in the index's form: casefolded words joined by single spaces."""
    runs, _ = segments(text)
    return " ".join(token for run in runs for token in run)


def _articles_with_term(lib: Library, ids: list[int], term: str) -> set[int]:
    """Articles of the slice whose term row holds `term`; all of them if it is not indexed."""
    term_id = terms_sql.lookup_term_ids(lib.store.conn, [term]).get(term)
    if term_id is None:
        return set(ids)
    have = set()
    for article_id, id_blob, _, _ in terms_sql.load_term_rows(lib.store.conn, ids):
        array = np.frombuffer(id_blob, dtype=terms_sql.ID_DTYPE)
        position = int(np.searchsorted(array, term_id))
        if position < len(array) and array[position] == term_id:
            have.add(article_id)
    return have


def _alternatives(surfaces: list[str]) -> re.Pattern[str]:
    """A pattern for any of an entity's written forms, longest first, on word boundaries."""
    forms = sorted({" ".join(s.split()) for s in surfaces if s.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in form.split()) for form in forms)
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE)


def _first_match(text: str, pattern: re.Pattern[str], raw_spans: list[str]) -> tuple[int, int] | None:
    """Earliest stored mention span that fits the text, else the first pattern match."""
    best: tuple[int, int] | None = None
    for raw in raw_spans:
        try:
            spans = json.loads(raw)
        except (TypeError, ValueError):
            continue
        for span in spans if isinstance(spans, list) else []:
            if (
                isinstance(span, list | tuple)
                and len(span) >= 2
                and all(isinstance(v, int) for v in span[:2])
                and 0 <= span[0] < span[1] <= len(text)
                and (best is None or span[0] < best[0])
            ):
                best = (span[0], span[1])
    if best is not None:
        return best
    match = pattern.search(text)
    return None if match is None else match.span()
