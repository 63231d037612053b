"""`newsdesk search QUERY`: ranked hits with snippets, bold matches on a terminal, or --json."""

from __future__ import annotations

import argparse
import sys

from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
    parser = common.add_command(
        sub, "search", "search the library (words, \"phrases\", prefix*, OR, -word, year:2016, "
        "after:/before:, outlet:\"...\")", run,
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="what to search for")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (20)")
    parser.add_argument("--offset", type=int, default=0, metavar="N", help="hits to skip (0)")
    parser.add_argument("--json", action="store_true", help="print a JSON list of hits")
    parser.add_argument("--raw", action="store_true", help="pass FTS5 query syntax through")


def run(args: argparse.Namespace) -> int:
    from core.search import search

    query = " ".join(args.query)
    with common.open_library(args) as lib:
        result = search(lib, query, limit=args.limit, offset=args.offset, raw=args.raw)
    if args.json:
        common.print_json([hit.to_dict() for hit in result.hits])
        if result.message:
            common.error(result.message)
        return 0
    styled = common.use_style()
    for number, hit in enumerate(result.hits, start=args.offset + 1):
        common.out(f"{number}. {common.bold(common.clean(hit.title) or '(untitled)', styled)}")
        meta = [common.clean(part) for part in (hit.outlet, hit.published or "", hit.byline) if part]
        meta.append(f"id {hit.id}")
        common.out("   " + common.dim(" · ".join(meta), styled))
        if hit.snippet:
            common.out("   " + render_snippet(hit.snippet, hit.highlights, styled))
        common.out()
    if result.hits:
        first, last = args.offset + 1, args.offset + len(result.hits)
        common.out(common.dim(f"{first}-{last} of {result.total} results", styled))
    if result.message:
        common.error(result.message)
    sys.stdout.flush()
    return 0


def render_snippet(snippet: str, spans: list[tuple[int, int]], styled: bool) -> str:
    """The snippet with its highlight spans in bold (plain text when not styled)."""
    if not styled:
        return common.clean(snippet)
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts.append(common.clean(snippet[cursor:start]))
        parts.append(common.bold(common.clean(snippet[start:end]), True))
        cursor = end
    parts.append(common.clean(snippet[cursor:]))
    return "".join(parts)
