"""Turn untrusted text into styled `Content` with search hits marked; never markup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from textual.content import Content

from core.text import safe_display

HIT_STYLE = "bold reverse"
CURRENT_HIT_STYLE = "bold underline reverse $accent"
MARK_STYLE = "underline on $accent 30%"  # underline keeps a mark visible without colour
SENTENCE_STYLE = "bold"

_FIELD_RE = re.compile(r'\b\w+:("[^"]*"|\S+)')
_WORD_RE = re.compile(r"\w[\w'’-]*\*?", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def plain(text: str | None) -> Content:
    """Untrusted text as literal content: controls stripped, brackets shown as typed."""
    return Content(safe_display(text or ""))


def query_terms(query: str) -> list[str]:
    """The words of a simple query worth highlighting: no filters, operators or excluded words."""
    query = _FIELD_RE.sub(" ", safe_display(query))
    terms: list[str] = []
    for token in query.split():
        if token.startswith("-") or token in _OPERATORS:
            continue
        terms.extend(_WORD_RE.findall(token))
    return [term for term in terms if term.strip("*")]


def snippet_terms(snippet: str, highlights: Iterable[tuple[int, int]]) -> list[str]:
    """The matched words as they appear in a snippet (covers prefix and stemmed matches)."""
    return [snippet[start:end] for start, end in highlights if 0 <= start < end <= len(snippet)]


def terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for every term; `word*` matches any word starting so."""
    parts: set[str] = set()
    for term in terms:
        term = term.strip()
        if not term:
            continue
        if term.endswith("*"):
            parts.add(re.escape(term.rstrip("*")) + r"\w*")
        else:
            parts.add(re.escape(term))
    if not parts:
        return None
    alternatives = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def find_hits(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Spans of every match of `pattern` in `text`."""
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]


def highlighted(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    current: tuple[int, int] | None = None,
    style: str = HIT_STYLE,
    under: Sequence[tuple[str, int, int]] = (),
) -> Content:
    """`text` as literal content with `spans` styled; `current` gets a stronger style.

    `under` holds (style, start, end) runs drawn beneath the hits (a mark, the sentence cursor).

    `text` must already be display-safe (see `safe_display`) so offsets stay aligned.
    """
    content = Content(text, strip_control_codes=False)
    for run_style, start, end in under:
        content = content.stylize(run_style, start, end)
    for start, end in spans:
        content = content.stylize(CURRENT_HIT_STYLE if (start, end) == current else style,
                                  start, end)
    return content
