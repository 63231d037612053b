"""`newsdesk people|orgs|places|topics QUERY`, `person NAME`, `entities merge|split|suggest`,
`topics define NAME QUERY`: fuzzy lists, entity pages and alias edits."""

from __future__ import annotations

import argparse

from tui.cli import common

LIST_KINDS = {
    "people": (("PERSON",), "people (fuzzy: typos and word order forgiven)"),
    "orgs": (("ORG",), "organisations (fuzzy)"),
    "places": (("GPE", "LOC"), "places (fuzzy)"),
}


def register(sub: argparse._SubParsersAction) -> None:
    for name, (_, help_text) in LIST_KINDS.items():
        parser = common.add_command(sub, name, f"list {help_text}", run_list)
        parser.add_argument("query", nargs="*", metavar="QUERY", help="name to look up")
        _list_options(parser)
        parser.set_defaults(list_name=name)
    topics = common.add_command(
        sub, "topics", "list topics (fuzzy), or `topics define NAME QUERY` to name a search",
        run_topics,
    )
    topics.add_argument("query", nargs="*", metavar="QUERY",
                        help="topic to look up, or: define NAME QUERY")
    _list_options(topics)
    for name in ("person", "entity"):
        page = common.add_command(
            sub, name, "show an entity page: variants, articles by year, co-mentions", run_page
        )
        page.add_argument("name", nargs="+", metavar="NAME", help="name, variant or id")
        page.add_argument("--json", action="store_true", help="print the page as JSON")
        page.set_defaults(page_kinds=("PERSON",) if name == "person" else None)
    entities: argparse.ArgumentParser = common.add_command(
        sub, "entities", "merge, split or suggest name variants", lambda args: _usage(entities)
    )
    actions = entities.add_subparsers(dest="action", metavar="ACTION")
    merge = actions.add_parser("merge", help="A becomes a variant of B (kept across re-ingest)")
    common.add_db_option(merge)
    merge.add_argument("variant", metavar="A")
    merge.add_argument("target", metavar="B")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(func=run_merge)
    split = actions.add_parser("split", help="undo a merge or detach a variant from its entity")
    common.add_db_option(split)
    split.add_argument("name", nargs="+", metavar="NAME")
    split.add_argument("--model", default=None, help="spaCy pipeline for re-annotation")
    split.set_defaults(func=run_split)
    reject = actions.add_parser(
        "reject", help="A and B are not one entity: never suggest merging them again"
    )
    common.add_db_option(reject)
    reject.add_argument("first", metavar="A")
    reject.add_argument("second", metavar="B")
    reject.set_defaults(func=run_reject)
    suggest = actions.add_parser("suggest", help="pairs of names that look like one entity")
    common.add_db_option(suggest)
    suggest.add_argument("--limit", type=int, default=20, metavar="N")
    suggest.add_argument("--json", action="store_true")
    suggest.set_defaults(func=run_suggest)


def _list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="rows to show (20)")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _years(years: list[int]) -> str:
    if not years:
        return "-"
    if len(years) > 3:
        return f"{years[0]}-{years[-1]}"
    return ",".join(str(y) for y in years)


def _table(rows: list[tuple[str, str, str, str]], styled: bool) -> None:
    if not rows:
        return
    width = min(40, max(len(r[0]) for r in rows))
    for name, kind, count, years in rows:
        shown = name if len(name) <= width else name[: width - 1] + "…"
        padded = shown.ljust(width)
        common.out(f"{common.bold(padded, styled)}  {kind:<6}  {count:>5}  {years}")


def run_list(args: argparse.Namespace) -> int:
    from core.entities import find_entities

    kinds, _ = LIST_KINDS[args.list_name]
    with common.open_library(args) as lib:
        hits = find_entities(lib, " ".join(args.query), kinds, limit=args.limit)
    if args.json:
        common.print_json([hit.to_dict() for hit in hits])
        return 0
    if not hits:
        common.error(f"no {args.list_name} match {' '.join(args.query)!r}")
        return 1
    _table(
        [(common.clean(h.name), h.kind, str(h.articles),
          _years(h.years) + (f"  author of {h.authored}" if h.authored else ""))
         for h in hits],
        common.use_style(),
    )
    return 0


def run_topics(args: argparse.Namespace) -> int:
    from core.topics import define_topic, find_topics

    words = list(args.query)
    if words and words[0] == "define":
        if len(words) < 3:
            common.error("usage: newsdesk topics define NAME QUERY")
            return 2
        with common.open_library(args) as lib:
            topic = define_topic(lib, words[1], " ".join(words[2:]))
        if args.json:
            common.print_json(topic.to_dict())
        else:
            common.out(f"topic {common.clean(topic.name)!r} defined: {topic.articles} articles")
        return 0
    with common.open_library(args) as lib:
        hits = find_topics(lib, " ".join(words), limit=args.limit)
    if args.json:
        common.print_json([hit.to_dict() for hit in hits])
        return 0
    if not hits:
        common.error(f"no topics match {' '.join(words)!r}")
        return 1
    _table(
        [(common.clean(h.name), "query" if h.query else "topic", str(h.articles),
          _years(h.years)) for h in hits],
        common.use_style(),
    )
    return 0


def run_page(args: argparse.Namespace) -> int:
    from core.entities import entity_page

    with common.open_library(args) as lib:
        page = entity_page(lib, " ".join(args.name), args.page_kinds)
    if args.json:
        common.print_json(page.to_dict())
        return 0
    styled = common.use_style()
    common.out(common.bold(common.clean(page.name), styled) + f"  ({page.kind}, id {page.id})")
    if page.variants:
        common.out("variants: " + ", ".join(common.clean(v) for v in page.variants))
    wrote = f"   wrote: {page.authored_articles}" if page.authored_articles else ""
    common.out(f"articles: {page.articles}{wrote}   first seen: {page.first_seen or '-'}   "
               f"last seen: {page.last_seen or '-'}")
    if page.by_year:
        common.out("by year:  " + "  ".join(f"{y or 'undated'}: {n}" for y, n in page.by_year))
    if page.co_mentions:
        common.out("with:     " + ", ".join(
            f"{common.clean(c.name)} ({c.articles})" for c in page.co_mentions[:10]))
    for label, rows in (("mentioned in", page.article_list), ("author of", page.authored)):
        if rows:
            common.out(common.dim(label, styled))
            for article_id, title, published in rows[:20]:
                common.out(f"  {article_id:>6}  {published or '-':<10}  {common.clean(title)}")
            if len(rows) > 20:
                common.out(common.dim(f"  … {len(rows) - 20} more", styled))
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from core.entities import merge_entities

    with common.open_library(args) as lib:
        page = merge_entities(lib, args.variant, args.target)
    if args.json:
        common.print_json(page.to_dict())
    else:
        common.out(f"{common.clean(args.variant)} is now a variant of {common.clean(page.name)} "
                   f"({page.articles} articles)")
    return 0


def run_split(args: argparse.Namespace) -> int:
    from core.entities import split_entity

    name = " ".join(args.name)
    with common.open_library(args) as lib:
        articles = split_entity(lib, name, model=args.model)
    common.out(f"{common.clean(name)} split off; {len(articles)} articles re-annotated")
    return 0


def run_reject(args: argparse.Namespace) -> int:
    from core.entities import reject_merge

    with common.open_library(args) as lib:
        first, second = reject_merge(lib, args.first, args.second)
    common.out(f"{common.clean(first)} and {common.clean(second)} are kept apart; "
               "the pair will not be suggested again")
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    from core.entities import suggest_merges

    with common.open_library(args) as lib:
        suggestions = suggest_merges(lib, limit=args.limit)
    if args.json:
        common.print_json([
            {"variant": s.variant.to_dict(), "target": s.target.to_dict(),
             "similarity": s.similarity, "shared_articles": s.shared_articles}
            for s in suggestions
        ])
        return 0
    if not suggestions:
        common.out("no merge suggestions")
        return 0
    for s in suggestions:
        common.out(f"{common.clean(s.variant.name)!r} -> {common.clean(s.target.name)!r}  "
                   f"({s.variant.kind}, similarity {s.similarity:.0f}, "
                   f"{s.shared_articles} shared articles)")
    common.out(common.dim("accept with: newsdesk entities merge A B; "
                          "reject with: newsdesk entities reject A B", common.use_style()))
    return 0
