"""Markdown articles with optional YAML front matter (title, date, author, outlet, url)."""

from __future__ import annotations

import datetime as dt
import re

from core.ingest import dates
from core.ingest.document import ExtractedDoc
from core.ingest.webtext import clean_name
from core.text import one_line

_FRONT_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING_RE = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^(?P<text>[^\n]+)\n(?:=+|-+)[ \t]*$", re.MULTILINE)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[(?P<text>[^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^>\n]*>")


def split_front_matter(text: str) -> tuple[dict[str, object] | None, str, str]:
    """(front matter or None, the rest, a warning) — broken front matter is left in as text."""
    m = _FRONT_RE.match(text)
    if not m:
        return None, text, ""
    import yaml

    # libyaml's C loader when present: the same results, about ten times faster than pure Python
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(m.group("yaml"), Loader=loader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 2})" if where is not None else ""
        return None, text, f"front matter is not valid YAML{at}; read the file as plain text"
    if data is None:
        return {}, text[m.end() :], ""
    if not isinstance(data, dict):
        return (
            None,
            text,
            "front matter is not a set of key: value pairs; read the file as plain text",
        )
    return {str(k).lower(): v for k, v in data.items()}, text[m.end() :], ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return one_line(str(value))


def _date(value: object, doc: ExtractedDoc) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        doc.published, doc.date_precision = value.isoformat(), "day"
        return
    reading = dates.parse_date(str(value))
    if reading is None:
        doc.warnings.append(f"front matter date {one_line(str(value))[:40]!r} is not a date I know")
        return
    doc.published, doc.date_precision, doc.date_note = reading.iso, reading.precision, reading.note


def markdown_to_text(md: str) -> str:
    """Markdown made readable as plain text: headings, links, images and emphasis unwrapped."""
    lines = []
    for line in md.split("\n"):
        h = _HEADING_RE.match(line)
        if h:
            line = h.group("text")
        line = _IMAGE_RE.sub("", line)
        line = _LINK_RE.sub(lambda m: m.group("text"), line)
        line = _EMPHASIS_RE.sub(lambda m: m.group("text"), line)
        line = _HTML_TAG_RE.sub("", line)
        if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            line = ""
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def parse_markdown(text: str) -> ExtractedDoc:
    """Read a Markdown article; a title comes from front matter or the first heading."""
    doc = ExtractedDoc()
    front, rest, warning = split_front_matter(text)
    after_block = rest
    if warning:
        doc.warnings.append(warning)
        block = _FRONT_RE.match(text)
        if block:  # keep the broken block as text, but look for a title after it
            after_block = text[block.end() :]
            rest = block.group("yaml") + "\n\n" + after_block
    front = front or {}
    doc.title = _text(front.get("title"))
    author = front.get("author", front.get("authors", front.get("byline")))
    if isinstance(author, list):
        doc.authors = [clean_name(_text(a)) for a in author if _text(a)]
    elif author:
        doc.authors = [
            clean_name(a) for a in re.split(r"\s*(?:,|&|\band\b)\s*", _text(author)) if a
        ]
    doc.authors = [a for a in doc.authors if a]
    doc.outlet = _text(front.get("outlet", front.get("publisher", front.get("source"))))
    doc.url = _text(front.get("url", front.get("link")))
    doc.dateline = _text(front.get("dateline"))
    doc.language = _text(front.get("language", front.get("lang")))
    _date(front.get("date", front.get("published")), doc)

    lines = rest.strip("\n").split("\n")
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        heading = _HEADING_RE.match(lines[first])
        setext = first + 1 < len(lines) and re.fullmatch(r"=+\s*", lines[first + 1] or "x")
        if heading and heading.group(1) == "#":
            heading_text = markdown_to_text(heading.group("text"))
            if not doc.title:
                doc.title = heading_text
            if one_line(heading_text) == doc.title:
                lines = lines[first + 1 :]
        elif setext:
            heading_text = markdown_to_text(lines[first].strip())
            if not doc.title:
                doc.title = heading_text
            if heading_text == doc.title:
                lines = lines[first + 2 :]
    if not doc.title:
        doc.title, lines = _plain_title(after_block, lines)
    doc.body = markdown_to_text("\n".join(lines))
    return doc


def _plain_title(after_block: str, lines: list[str]) -> tuple[str, list[str]]:
    """A first short line that reads as a headline (not a sentence), taken out of the body."""
    candidate = next((line.strip() for line in after_block.split("\n") if line.strip()), "")
    words = candidate.split()
    if not candidate or len(words) > 20 or candidate.endswith((".", ",", ";", ":")):
        return "", lines
    for k, line in enumerate(lines):
        if line.strip() == candidate:
            return markdown_to_text(candidate), lines[:k] + lines[k + 1 :]
    return markdown_to_text(candidate), lines
