"""The simple search language: parse what a user typed into terms and filters, never failing
on odd text, and compile the terms to an FTS5 MATCH string in which every token is quoted.

Language: words (all must match), "phrases", prefix*, OR between terms, -exclude (or NOT term),
title:word, year:2016, year:2016..2018, after:/before: YYYY[-MM[-DD]], outlet:"Japan Today",
person:, org:, place:, topic:. A filter may be negated: -year:2016. Anything else is words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from core.errors import QueryError

FILTER_KEYS = ("year", "after", "before", "outlet", "person", "org", "place", "topic")
ENTITY_KEYS = ("person", "org", "place", "topic")
COLUMN_KEYS = ("title",)
MAX_QUERY_CHARS = 2000
MAX_TERMS = 64

# Controls, line/paragraph separators and lone surrogates (which SQLite cannot encode).
_CONTROLS_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_KEY_RE = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)
_YEAR_RE = re.compile(r"^(\d{4})$")
_YEAR_RANGE_RE = re.compile(r"^(\d{4})?(?:\.\.|-)(\d{4})?$")
_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


@dataclass(frozen=True)
class Term:
    """One searchable unit: a word, a "phrase" or a prefix*, optionally limited to a column."""

    text: str
    kind: str = "word"  # "word", "phrase" or "prefix"
    column: str | None = None

    def fts(self) -> str:
        """This term as FTS5 syntax: always a quoted string, so nothing typed is an operator."""
        quoted = quote_fts_token(self.text)
        if self.kind == "prefix":
            quoted += "*"
        return f"{self.column} : {quoted}" if self.column else quoted

    def display(self) -> str:
        text = f'"{self.text}"' if self.kind == "phrase" else self.text
        if self.kind == "prefix":
            text += "*"
        return f"{self.column}:{text}" if self.column else text


@dataclass(frozen=True)
class Filter:
    """A metadata filter. `low`/`high` hold checked values: years (inclusive) or ISO dates."""

    key: str
    value: str
    negated: bool = False
    low: int | str | None = None
    high: int | str | None = None


@dataclass
class Query:
    """A parsed query: an AND of OR-groups of terms, excluded terms, filters, and remarks."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_terms(self) -> bool:
        return bool(self.groups)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded and not self.filters

    def positive_match(self) -> str | None:
        """FTS5 MATCH for the terms that must match, or None when there are none."""
        if not self.groups:
            return None
        parts = []
        for group in self.groups:
            if len(group) == 1:
                parts.append(group[0].fts())
            else:
                parts.append("(" + " OR ".join(term.fts() for term in group) + ")")
        return " AND ".join(parts)

    def excluded_match(self) -> str | None:
        """FTS5 MATCH selecting articles that contain any excluded term."""
        if not self.excluded:
            return None
        return " OR ".join(term.fts() for term in self.excluded)

    def fts_match(self) -> str | None:
        """The whole MATCH string; None when the query has no positive terms."""
        positive = self.positive_match()
        if positive is None:
            return None
        excluded = self.excluded_match()
        if excluded is None:
            return positive
        return f"({positive}) NOT ({excluded})"

    def words(self) -> list[str]:
        """Plain words of positive word terms (for suggestions)."""
        return [t.text for group in self.groups for t in group if t.kind == "word"]


def quote_fts_token(text: str) -> str:
    """Quote text as one FTS5 string (sqlite-utils `quote_fts` style)."""
    return '"' + text.replace('"', '""') + '"'


def has_token_chars(text: str) -> bool:
    """Whether the FTS5 unicode61 tokenizer finds any token in `text` (letters, digits, Co)."""
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co"
               for ch in text)


# -- scanning ------------------------------------------------------------------------------------


@dataclass
class _Item:
    kind: str  # "term", "filter", "op"
    term: Term | None = None
    filter: Filter | None = None
    op: str = ""
    negated: bool = False
    raw: str = ""


def scrub(text: str) -> str:
    """Typed text made safe to bind: NFC, controls and lone surrogates become spaces."""
    return _CONTROLS_RE.sub(" ", unicodedata.normalize("NFC", _CONTROLS_RE.sub(" ", text)))


def _read_quoted(text: str, pos: int, notes: list[str]) -> tuple[str, int]:
    """Text after an opening quote at `pos` up to the closing quote (or the end)."""
    end = text.find('"', pos + 1)
    if end == -1:
        notes.append("a quote was not closed; searched to the end of the query")
        return text[pos + 1:], len(text)
    return text[pos + 1:end], end + 1


def _scan(text: str, notes: list[str]) -> list[_Item]:
    items: list[_Item] = []
    pos, length = 0, len(text)
    while pos < length:
        ch = text[pos]
        if ch.isspace():
            pos += 1
            continue
        negated = False
        if ch == "-":
            while pos < length and text[pos] == "-":
                pos += 1
            if pos >= length or text[pos].isspace():
                continue  # a lone dash excludes nothing
            negated = True
            ch = text[pos]
        if ch == '"':
            phrase, pos = _read_quoted(text, pos, notes)
            prefix = pos < length and text[pos] == "*"
            while pos < length and text[pos] == "*":
                pos += 1
            items.append(_phrase_item(phrase, prefix, negated, None))
            continue
        start = pos
        while pos < length and not text[pos].isspace() and text[pos] != '"':
            pos += 1
        word = text[start:pos]
        match = _KEY_RE.match(word)
        if match and match.group(1).lower() in FILTER_KEYS + COLUMN_KEYS:
            key = match.group(1).lower()
            value = match.group(2)
            quoted = False
            if value == "" and pos < length and text[pos] == '"':
                value, pos = _read_quoted(text, pos, notes)
                quoted = True
            prefix = False
            if quoted and pos < length and text[pos] == "*":
                prefix = True
                while pos < length and text[pos] == "*":
                    pos += 1
            if key in COLUMN_KEYS:
                if quoted:
                    items.append(_phrase_item(value, prefix, negated, key))
                else:
                    items.append(_word_item(value, negated, key, notes))
                continue
            items.append(_Item("filter", filter=_make_filter(key, value.strip(), negated),
                               raw=word))
            continue
        if match and match.group(2) and match.group(1).isalpha():
            notes.append(f"{match.group(1)}: is not a filter; searched as words")
        if not negated and word in ("OR", "AND", "NOT"):
            items.append(_Item("op", op=word, raw=word))
            continue
        items.append(_word_item(word, negated, None, notes))
    return items


def _phrase_item(phrase: str, prefix: bool, negated: bool, column: str | None) -> _Item:
    text = " ".join(phrase.split())
    if not has_token_chars(text):
        return _Item("op", op="", raw=text)  # nothing searchable: dropped later
    kind = "prefix" if prefix else "phrase"
    return _Item("term", term=Term(text, kind, column), negated=negated, raw=text)


def _word_item(word: str, negated: bool, column: str | None, notes: list[str]) -> _Item:
    prefix = word.endswith("*")
    stem = word.rstrip("*").replace("*", " ").strip()
    if not has_token_chars(stem):
        if "*" in word:
            notes.append("* needs letters before it, as in nucl*")
        return _Item("op", op="", raw=word)
    return _Item("term", term=Term(stem, "prefix" if prefix else "word", column),
                 negated=negated, raw=word)


def _make_filter(key: str, value: str, negated: bool) -> Filter:
    if not value:
        raise QueryError(f"{key}: needs a value, as in {_EXAMPLES[key]}")
    if key == "year":
        low, high = _parse_years(value)
        return Filter(key, value, negated, low, high)
    if key in ("after", "before"):
        iso = _parse_date(key, value)
        return Filter(key, value, negated, iso if key == "after" else None,
                      iso if key == "before" else None)
    return Filter(key, " ".join(value.split()), negated)


_EXAMPLES = {
    "year": "year:2016 or year:2016..2018",
    "after": "after:2016-05-01",
    "before": "before:2016-05",
    "outlet": 'outlet:"Japan Today"',
    "person": "person:Joly",
    "org": "org:NATO",
    "place": "place:Tokyo",
    "topic": 'topic:"counter-terrorism"',
}


def _parse_years(value: str) -> tuple[int, int]:
    single = _YEAR_RE.match(value)
    if single:
        year = int(single.group(1))
        return year, year
    ranged = _YEAR_RANGE_RE.match(value)
    if ranged and (ranged.group(1) or ranged.group(2)):
        low = int(ranged.group(1)) if ranged.group(1) else 1000
        high = int(ranged.group(2)) if ranged.group(2) else 9999
        return (low, high) if low <= high else (high, low)
    raise QueryError(f"year:{value} is not a year; use {_EXAMPLES['year']}")


def _parse_date(key: str, value: str) -> str:
    match = _DATE_RE.match(value)
    if not match:
        raise QueryError(f"{key}:{value} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise QueryError(f"{key}:{value} is not a real date") from None
    iso = year
    if month:
        iso += f"-{int(month):02d}"
    if day:
        iso += f"-{int(day):02d}"
    return iso


# -- grouping ------------------------------------------------------------------------------------


def parse_query(text: str) -> Query:
    """Parse a simple-language query. Raises QueryError only for a bad filter value."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long (over {MAX_QUERY_CHARS} characters)")
    notes: list[str] = []
    cleaned = scrub(text)
    items = [i for i in _scan(cleaned, notes) if not (i.kind == "op" and i.op == "")]
    query = Query(text=text, notes=notes)
    items = _resolve_operators(items)
    pending_or = False
    for item in items:
        if item.kind == "filter":
            assert item.filter is not None
            query.filters.append(item.filter)
        elif item.kind == "op":
            pending_or = item.op == "OR"
        elif item.term is not None:
            if item.negated:
                query.excluded.append(item.term)
            elif pending_or and query.groups:
                query.groups[-1].append(item.term)
            else:
                query.groups.append([item.term])
            pending_or = False

    if sum(len(g) for g in query.groups) + len(query.excluded) > MAX_TERMS:
        raise QueryError(f"too many search terms (more than {MAX_TERMS})")
    return query


def _is_positive_term(item: _Item | None) -> bool:
    return item is not None and item.kind == "term" and not item.negated


def _resolve_operators(items: list[_Item]) -> list[_Item]:
    """Keep OR/AND/NOT only where they join terms; elsewhere they are plain words."""
    out: list[_Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if item.kind != "op":
            out.append(item)
        elif item.op == "NOT" and following is not None and following.kind in ("term", "filter"):
            negated = _negate(following)
            out.append(negated)
            index += 1
        elif item.op in ("OR", "AND") and _is_positive_term(_last_term(out)) and (
            _is_positive_term(following)
        ):
            if item.op == "OR":
                out.append(item)
        else:
            out.append(_Item("term", term=Term(item.op.lower()), raw=item.op))
        index += 1
    return out


def _last_term(items: list[_Item]) -> _Item | None:
    return items[-1] if items and items[-1].kind == "term" else None


def _negate(item: _Item) -> _Item:
    if item.kind == "filter" and item.filter is not None:
        f = item.filter
        return _Item("filter", filter=Filter(f.key, f.value, not f.negated, f.low, f.high))
    return _Item("term", term=item.term, negated=not item.negated, raw=item.raw)
