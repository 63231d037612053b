"""Split a body into display paragraphs with their offsets, and place hits in them (no Textual)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MAX_PARAGRAPH = 3000  # longer runs of text are cut at a space so each piece renders quickly
_BREAK_RE = re.compile(r"\n[ \t]*\n+")


@dataclass
class Paragraph:
    """A slice of the body: `text == body[start:start + len(text)]`."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_paragraphs(body: str, max_chars: int = MAX_PARAGRAPH) -> list[Paragraph]:
    """Paragraphs at blank lines; very long ones cut near `max_chars` at whitespace."""
    paragraphs: list[Paragraph] = []
    position = 0
    for match in [*_BREAK_RE.finditer(body), None]:
        stop = match.start() if match else len(body)
        _add_chunks(paragraphs, body, position, stop, max_chars)
        if match:
            position = match.end()
    return paragraphs


def _add_chunks(out: list[Paragraph], body: str, start: int, stop: int, max_chars: int) -> None:
    while start < stop:
        end = min(stop, start + max_chars)
        if end < stop:
            space = body.rfind(" ", start + max_chars // 2, end)
            if space > start:
                end = space + 1
        if body[start:end].strip():
            out.append(Paragraph(start, body[start:end]))
        start = end


def paragraph_index(paragraphs: list[Paragraph], offset: int) -> int:
    """Index of the paragraph holding character `offset` (the nearest one before a gap)."""
    starts = [paragraph.start for paragraph in paragraphs]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def group_spans(
    paragraphs: list[Paragraph], spans: list[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    """For each paragraph, the body spans inside it, relative to its start (cut at its end)."""
    grouped: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    if not paragraphs:
        return grouped
    starts = [paragraph.start for paragraph in paragraphs]
    for start, end in spans:
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            continue
        paragraph = paragraphs[index]
        if start < paragraph.end:
            grouped[index].append((start - paragraph.start, min(end, paragraph.end) - paragraph.start))
    return grouped


_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT_START_RE = re.compile(r"\s+[\"'“‘(\[]*[\w—–-]", re.UNICODE)
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "cmdr", "adm", "jr", "sr", "vs", "etc", "no", "e.g", "i.e", "inc", "ltd", "co", "corp", "dept", "est", "approx", "fig", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` (start, end), covering every non-blank part of it once.

    A sentence ends at `.`, `!`, `?` or `…` (and closing quotes) before whitespace and a word,
    except after a known abbreviation or a single capital initial ("John F. Kennedy").
    """
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        if end <= start or not _NEXT_START_RE.match(text, end):
            continue
        if match.group().startswith(".") and _is_abbreviation(text, start, match.start()):
            continue
        spans.append((start, end))
        start = _skip_space(text, end)
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip("\"'“‘([")
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS
