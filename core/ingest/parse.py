"""Parse one file: bytes -> decoded, normalised text -> a ParsedArticle by format."""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import IngestError
from core.ingest.decode import MAX_BYTES, EmptyFileError, decode_bytes, too_large_reason
from core.ingest.document import ExtractedDoc
from core.models import ParsedArticle
from core.text import content_hash, normalise_text, one_line

# File suffixes we read, and the format each one is.
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def _title_from_source(source: str) -> str:
    stem = Path(source).stem.replace("_", " ").replace("-", " ")
    return one_line(stem) or "Untitled"


def parse_bytes(data: bytes, *, source: str, suffix: str) -> ParsedArticle:
    """One file's bytes to a ParsedArticle; IngestError says why it cannot be an article."""
    suffix = suffix.lower()
    if not suffix.startswith("."):
        suffix = "." + suffix
    if suffix not in SUFFIXES:
        raise IngestError(f"not an article file type ({suffix or 'no extension'})")
    decoded = decode_bytes(data)
    text = normalise_text(decoded.text)
    if not text.strip():
        raise EmptyFileError("empty file")
    fmt = SUFFIXES[suffix]
    fallback_title = _title_from_source(source)
    article = ParsedArticle(
        source=source,
        format=fmt,
        body="",
        encoding=decoded.encoding,
        encoding_flagged=decoded.flagged,
    )
    if decoded.flagged:
        article.warnings.append(f"not UTF-8; decoded as {decoded.encoding}")
    if fmt == "md":
        _fill_markdown(article, text, fallback_title)
    elif fmt == "html":
        _fill_html(article, text, fallback_title)
    else:
        _fill_webtext(article, text, fallback_title)
    if fmt != "txt":  # saved-page text was normalised before it was split into lines
        article.body = normalise_text(article.body)
    if not article.body.strip() and fmt == "txt":
        _keep_plain_prose(article, text)
    if not article.body.strip():
        raise IngestError("no article text left after removing page furniture")
    article.title = one_line(article.title) or fallback_title
    article.byline = one_line(article.byline)
    article.outlet = one_line(article.outlet)
    article.dateline = one_line(article.dateline)
    article.comments = normalise_text(article.comments)
    article.content_hash = content_hash(article.body)
    return article


MIN_PROSE_WORDS = 20


def _keep_plain_prose(article: ParsedArticle, text: str) -> None:
    """A text the page rules emptied but which holds prose is kept whole, with a warning.

    The furniture rules expect sentences to end in punctuation; a short note or a cut-off file
    may not, and the user's text must not be lost for it.
    """
    lines = text.split("\n")
    rest = "\n".join(lines[1:]).strip() if len(lines) > 1 else text
    if len(rest.split()) >= MIN_PROSE_WORDS:
        article.title = lines[0] if len(lines) > 1 else article.title
        article.body = rest
        article.warnings.append("no article layout recognised; kept the whole text as the body")


def _fill_webtext(article: ParsedArticle, text: str, fallback_title: str) -> None:
    from core.ingest.webtext import parse_webtext

    page = parse_webtext(text, fallback_title=fallback_title)
    _fill_from(article, page, fallback_title)
    article.byline = page.byline  # as the page wrote it, not rebuilt from the names


def _fill_markdown(article: ParsedArticle, text: str, fallback_title: str) -> None:
    from core.ingest.markdown import parse_markdown

    _fill_from(article, parse_markdown(text), fallback_title)


def _fill_html(article: ParsedArticle, text: str, fallback_title: str) -> None:
    from core.ingest.html import parse_html

    _fill_from(article, parse_html(text), fallback_title)


def _fill_from(article: ParsedArticle, doc: ExtractedDoc, fallback_title: str) -> None:
    """Copy what a Markdown or HTML reader extracted onto the article."""
    article.title, article.body, article.authors = doc.title or fallback_title, doc.body, doc.authors
    article.byline = " and ".join(doc.authors) if len(doc.authors) <= 2 else ", ".join(doc.authors)
    article.outlet, article.url, article.dateline = doc.outlet, doc.url, doc.dateline
    article.published, article.date_precision = doc.published, doc.date_precision
    article.date_note, article.comments = doc.date_note, doc.comments
    if doc.language:
        article.language = doc.language
    article.warnings += doc.warnings


def preload_parsers(suffixes: set[str]) -> None:
    """Import the readers these file suffixes need (before forking parse processes, so they
    share one import instead of each paying for it: trafilatura alone takes about 0.3 s)."""
    formats = {SUFFIXES[suffix] for suffix in suffixes if suffix in SUFFIXES}
    if "txt" in formats:
        import core.ingest.webtext
    if "md" in formats:
        import core.ingest.markdown  # noqa: F401
    if "html" in formats:
        from core.ingest.html import preload

        preload()


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, refusing folders, oversize files and unreadable ones with a reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise IngestError(too_large_reason(size))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise IngestError("is a folder") from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    return data


def parse_file(path: str | os.PathLike[str], *, resolved: bool = False) -> ParsedArticle:
    """Read, decode and parse one file; its source is the resolved absolute path (`resolved`:
    the caller has resolved it already)."""
    real = Path(path) if resolved else Path(path).resolve()
    return parse_bytes(read_file_bytes(real), source=str(real), suffix=real.suffix)
