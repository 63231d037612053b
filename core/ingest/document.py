"""What the Markdown and HTML readers extract from a file, before it becomes a ParsedArticle."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExtractedDoc:
    """Title, body and metadata read from one structured (Markdown or HTML) article."""

    title: str = ""
    body: str = ""
    authors: list[str] = field(default_factory=list)
    outlet: str = ""
    url: str = ""
    published: str | None = None
    date_precision: str | None = None
    date_note: str = ""
    dateline: str = ""
    comments: str = ""
    language: str = ""  # an ISO 639-1 code when known
    warnings: list[str] = field(default_factory=list)
