"""HTML pages through trafilatura (imported lazily: it is heavy), main text plus metadata."""

from __future__ import annotations

import functools
import re
from typing import Any

from core.errors import IngestError
from core.ingest import dates
from core.ingest.document import ExtractedDoc
from core.ingest.webtext import clean_name, parse_byline
from core.text import normalise_text, one_line

# Numeric character references to C0/C1 controls and DEL (`&#27;`, `&#x9b;`): lxml refuses a
# page holding them, so they are dropped before parsing, as they would be after.
_CONTROL_REF_RE = re.compile(r"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|12[7-9]|1[3-5][0-9]));")


def drop_control_references(html: str) -> str:
    """Remove character references that decode to control characters (tab/LF/CR kept)."""
    return _CONTROL_REF_RE.sub("", html)


@functools.cache
def _extractor() -> Any:
    """trafilatura's extraction options, built once (building them reads its config each time)."""
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        fast=True,  # no fallback extractors: the same text on our pages, a third faster
        comments=True,
        tables=True,
        images=False,
        links=False,
        dedup=False,
        with_metadata=True,
    )


def preload() -> None:
    """Import trafilatura and build its options now (see `parse.preload_parsers`)."""
    import trafilatura  # noqa: F401

    _extractor()


_LEADING_BYLINE_RE = re.compile(r"^by\s+(?P<rest>.+)$", re.IGNORECASE)
MAX_BYLINE_WORDS = 12


def _leading_byline(paragraphs: list[str]) -> list[str]:
    """The names of a short "By NAME[, DATE]" line opening the text, else []."""
    if not paragraphs or len(paragraphs[0].split()) > MAX_BYLINE_WORDS:
        return []
    match = _LEADING_BYLINE_RE.match(paragraphs[0])
    if match is None:
        return []
    rest = match.group("rest")
    if dates.find_dates(rest):  # "Hiroshi Matsuda, May 21, 2023": the names come first
        rest = rest.split(",")[0]
    names = parse_byline(rest)[0]
    # "By the end of the year, ..." opens a sentence: every word of a name is capitalised.
    if not all(word[:1].isupper() for name in names for word in name.split()):
        return []
    return names


def parse_html(html: str) -> ExtractedDoc:
    """Main text and metadata of a news page; scripts, styles and navigation are left out."""
    import trafilatura

    html = drop_control_references(html)

    try:
        result = trafilatura.bare_extraction(html, options=_extractor())
        if result is not None and not isinstance(result, dict):
            result = result.as_dict()
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise IngestError(f"cannot read the HTML: {type(exc).__name__}") from None
    if not result or not (result.get("text") or "").strip():
        raise IngestError("no article text found in the HTML page")
    doc = ExtractedDoc()
    doc.title = one_line(result.get("title") or "")
    paragraphs = [line.strip() for line in normalise_text(result.get("text") or "").split("\n")]
    paragraphs = [line for line in paragraphs if line]
    if paragraphs and doc.title and one_line(paragraphs[0]) == doc.title:
        paragraphs = paragraphs[1:]  # the page's own <h1>, already kept as the title
    byline_names = _leading_byline(paragraphs)
    if byline_names:
        paragraphs = paragraphs[1:]  # "By NAME, May 21, 2023": metadata, not article text
    doc.body = "\n\n".join(paragraphs)
    doc.comments = normalise_text(result.get("comments") or "")
    author = result.get("author") or ""
    doc.authors = [name for name in (clean_name(a) for a in author.split(";")) if name]
    doc.authors = doc.authors or byline_names
    doc.outlet = one_line(result.get("sitename") or "")
    doc.url = one_line(result.get("url") or "")
    doc.language = one_line(result.get("language") or "")[:2].lower()
    raw_date = result.get("date")
    if raw_date:
        reading = dates.parse_date(str(raw_date))
        if reading is not None:
            doc.published, doc.date_precision = reading.iso, reading.precision
    return doc
