"""Reading articles: one by id, listings and library statistics."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import NotFoundError
from core.library import Library
from core.models import Article, ArticleSummary
from core.store import articles as sql


@dataclass
class LibraryStats:
    articles: int
    by_year: list[tuple[int | None, int]] = field(default_factory=list)
    by_outlet: list[tuple[str, int]] = field(default_factory=list)
    not_analysed: int = 0  # articles without entities and topics yet (ingested with --no-nlp)
    not_term_indexed: int = 0  # articles compare will index first

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "by_year": [{"year": y, "articles": n} for y, n in self.by_year],
            "by_outlet": [{"outlet": o, "articles": n} for o, n in self.by_outlet],
            "not_analysed": self.not_analysed,
            "not_term_indexed": self.not_term_indexed,
        }


def get_article(lib: Library, article_id: int) -> Article:
    """The article with this id, or NotFoundError."""
    article = sql.get_article(lib.store.conn, article_id)
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    return article


def list_articles(
    lib: Library, limit: int | None = None, *, newest_first: bool = False
) -> list[ArticleSummary]:
    """Every article (or the first `limit`), oldest first unless `newest_first`."""
    return sql.list_articles(lib.store.conn, limit, newest_first=newest_first)


def has_articles(lib: Library) -> bool:
    """Whether the library holds any article (at once, however large it is)."""
    return sql.has_articles(lib.store.conn)


def library_stats(lib: Library) -> LibraryStats:
    conn = lib.store.conn
    return LibraryStats(
        articles=sql.count_articles(conn),
        by_year=sql.counts_by_year(conn),
        by_outlet=sql.counts_by_outlet(conn),
        not_analysed=sql.count_not_analysed(conn),
        not_term_indexed=sql.count_not_term_indexed(conn),
    )
