"""Plain dataclasses that cross the core/UI border. No SQLite rows or spaCy objects leak out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ParsedArticle:
    """One file after decoding, cleaning and metadata extraction, before it is stored."""

    source: str
    format: str  # "txt", "md" or "html"
    body: str
    title: str = ""
    outlet: str = ""
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY by precision
    date_precision: str | None = None  # "day", "month", "year"
    date_note: str = ""  # e.g. why a day/month order was chosen
    dateline: str = ""
    language: str = "en"
    url: str = ""
    comments: str = ""  # reader comments kept apart from the body
    encoding: str = "utf-8"
    encoding_flagged: bool = False  # decoded from a legacy 8-bit encoding
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""  # of `body`, set by the parser (in its worker); else computed on store

    @property
    def year(self) -> int | None:
        return int(self.published[:4]) if self.published else None


@dataclass
class Article:
    """A stored article with all its metadata."""

    id: int
    source: str
    format: str
    title: str
    outlet: str
    byline: str
    published: str | None
    date_precision: str | None
    year: int | None
    dateline: str
    language: str
    url: str
    body: str
    comments: str
    content_hash: str
    encoding: str
    encoding_flagged: bool
    ingested_at: str
    updated_at: str

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class ArticleSummary:
    """One line of a listing."""

    id: int
    title: str
    outlet: str
    byline: str
    published: str | None
    year: int | None
    source: str

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class SearchHit:
    """One ranked result. `highlights` are (start, end) character spans of `snippet`."""

    id: int
    title: str
    outlet: str
    byline: str
    published: str | None
    year: int | None
    snippet: str
    score: float
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["highlights"] = [list(span) for span in self.highlights]
        return data


@dataclass
class SearchResult:
    """Hits for one query, plus what the user should be told about it."""

    query: str
    hits: list[SearchHit]
    total: int
    message: str = ""  # one plain line: a hint, a correction, an explanation
    suggestions: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0


@dataclass
class IngestFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    """What an ingest run did, file by file in summary."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: list[IngestFailure] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # legacy-encoded files
    skipped_paths: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)  # added or updated
    cancelled: bool = False
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
        ]
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate")
        parts += [f"{self.skipped} skipped", f"{len(self.failed)} failed"]
        text = ", ".join(parts)
        if self.cancelled:
            text += " (cancelled)"
        return text


@dataclass
class Progress:
    """Progress of a long job: done of total, with the current item."""

    done: int
    total: int
    current: str = ""
