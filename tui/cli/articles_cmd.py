"""`newsdesk show ID`, `newsdesk articles` and `newsdesk stats`: reading the library."""

from __future__ import annotations

import argparse

from core.errors import NotFoundError
from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
    show = common.add_command(sub, "show", "show one article with all its metadata", run_show)
    show.add_argument("id", metavar="ID", help="article id (see `newsdesk articles`)")
    show.add_argument("--json", action="store_true", help="print the article as JSON")
    listing = common.add_command(sub, "articles", "list the articles, oldest first", run_articles)
    listing.add_argument("--limit", type=int, default=None, metavar="N", help="at most N")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    stats = common.add_command(
        sub, "stats", "article counts by year and outlet, and what awaits analysis", run_stats
    )
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")


def parse_id(text: str) -> int:
    """An article id typed by a user, or one plain NotFoundError line."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise NotFoundError(f"{common.clean(text)!r} is not an article id (ids are numbers)")
    return int(value)


def run_show(args: argparse.Namespace) -> int:
    from core.articles import get_article

    article_id = parse_id(args.id)
    with common.open_library(args) as lib:
        article = get_article(lib, article_id)
    if args.json:
        common.print_json(article.to_dict())
        return 0
    styled = common.use_style()
    common.out(common.bold(common.clean(article.title) or "(untitled)", styled))
    published = article.published or "unknown"
    if article.published and article.date_precision:
        published += f" ({article.date_precision})"
    fields = [
        ("Id", str(article.id)),
        ("Outlet", article.outlet),
        ("Byline", article.byline),
        ("Published", published),
        ("Dateline", article.dateline),
        ("Source", article.source),
        ("URL", article.url),
        ("Format", article.format),
        ("Encoding", article.encoding + (" (legacy, flagged)" if article.encoding_flagged else "")),
        ("Ingested", article.ingested_at),
    ]
    for label, value in fields:
        if value:
            common.out(f"{common.dim(label + ':', styled)} {common.clean(value)}")
    common.out()
    common.out(common.clean(article.body))
    if article.comments:
        common.out()
        common.out(common.dim("Reader comments (kept apart from the body):", styled))
        common.out(common.clean(article.comments))
    return 0


def run_articles(args: argparse.Namespace) -> int:
    from core.articles import list_articles

    if args.limit is not None and args.limit < 0:
        raise NotFoundError("--limit must be 0 or more")
    with common.open_library(args) as lib:
        summaries = list_articles(lib, args.limit)
    if args.json:
        common.print_json([s.to_dict() for s in summaries])
        return 0
    styled = common.use_style()
    for s in summaries:
        date = (s.published or "????").ljust(10)
        outlet = common.clean(s.outlet)[:24].ljust(24)
        common.out(f"{s.id:>6}  {date}  {common.dim(outlet, styled)}  {common.clean(s.title)}")
    if not summaries:
        common.error("the library is empty; add articles with `newsdesk ingest PATH`")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from core.articles import library_stats

    with common.open_library(args) as lib:
        stats = library_stats(lib)
    if args.json:
        common.print_json(stats.to_dict())
        return 0
    styled = common.use_style()
    common.out(common.bold(f"{stats.articles} articles", styled))
    if stats.by_year:
        common.out()
        common.out(common.bold("By year", styled))
        for year, count in stats.by_year:
            common.out(f"  {year if year is not None else 'undated':<8} {count:>7}")
    if stats.by_outlet:
        common.out()
        common.out(common.bold("By outlet", styled))
        for outlet, count in stats.by_outlet:
            common.out(f"  {common.clean(outlet) or '(none)':<32} {count:>7}")
    if stats.not_analysed or stats.not_term_indexed:
        common.out()
        common.out(common.bold("Not analysed yet", styled))
        if stats.not_analysed:
            common.out(f"  entities and topics       {stats.not_analysed:>7}")
        if stats.not_term_indexed:
            common.out(f"  term index (for compare)  {stats.not_term_indexed:>7}")
        common.out("  (`newsdesk ingest PATH` without --no-nlp analyses them; compare builds")
        common.out("  the term index on first use)")
    return 0
