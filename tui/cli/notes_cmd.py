"""`newsdesk notes add|list|edit|delete|tags` and `newsdesk export`."""

from __future__ import annotations

import argparse
import sys

from core import notes as notes_core
from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
    notes = common.add_command(sub, "notes", "add, list, edit and delete notes", cmd_list)
    _list_options(notes)
    actions = notes.add_subparsers(dest="notes_action", metavar="ACTION")

    add = common.add_command(actions, "add", "add a note on an article", cmd_add)
    add.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    add.add_argument("--quote", help="the passage quoted (omit for the whole article)")
    add.add_argument("--comment", default="", help="your comment")
    add.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeat)")
    add.add_argument("--json", action="store_true", help="print the note as JSON")

    listing = common.add_command(actions, "list", "list notes, newest first", cmd_list)
    _list_options(listing)

    edit = common.add_command(actions, "edit", "change a note's comment or tags", cmd_edit)
    edit.add_argument("note_id", type=int, metavar="ID")
    edit.add_argument("--comment", help="the new comment")
    edit.add_argument("--tag", action="append", metavar="T", help="replace the tags (repeat)")
    edit.add_argument("--no-tags", action="store_true", help="remove every tag")
    edit.add_argument("--json", action="store_true", help="print the note as JSON")

    delete = common.add_command(actions, "delete", "delete a note", cmd_delete)
    delete.add_argument("note_id", type=int, metavar="NOTE_ID")

    tags = common.add_command(actions, "tags", "list the tags in use", cmd_tags)
    tags.add_argument("--json", action="store_true", help="print JSON")

    exp = common.add_command(sub, "export", "write notes to a Markdown file", cmd_export)
    exp.add_argument("--tag", action="append", default=[], metavar="T",
                     help="only notes with this tag (repeat for any of several)")
    exp.add_argument("--article", type=int, metavar="ID", help="only notes on this article")
    exp.add_argument("--since", metavar="DATE", help="only notes made on or after DATE")
    exp.add_argument("--search", metavar="TEXT", help="only notes matching TEXT (fuzzy)")
    exp.add_argument("--by", choices=("article", "tag"), default="article",
                     help="group by article (default) or by tag")
    exp.add_argument("--title", help="document title (also names the file)")
    exp.add_argument("-o", "--output", metavar="FILE", help="file (or folder) to write")
    exp.add_argument("--force", action="store_true", help="overwrite an existing file")


def _list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tag", metavar="T", help="only notes with this tag")
    parser.add_argument("--search", metavar="TEXT", help="fuzzy match on quote, comment, title")
    parser.add_argument("--article", type=int, metavar="ID", help="only notes on this article")
    parser.add_argument("--since", metavar="DATE", help="only notes made on or after DATE")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _print_note(note: notes_core.Note, styled: bool) -> None:
    head = f"#{note.id}  {note.created_at[:10]}  "
    title = common.clean(note.title) or "(untitled)"
    flag = "" if note.anchor == notes_core.ANCHOR_OK else f"  [{note.anchor}]"
    common.out(common.bold(head + title, styled) + flag)
    where = ", ".join(common.clean(v) for v in (note.outlet, note.published) if v)
    if note.article_id is not None:
        where = f"article {note.article_id}" + (f", {where}" if where else "")
    if where:
        common.out(common.dim(f"    {where}", styled))
    if note.quote:
        quote = " ".join(common.clean(note.quote).split())
        common.out(f"    > {quote[:300]}{'...' if len(quote) > 300 else ''}")
    else:
        common.out("    (whole article)")
    if note.comment:
        common.out("    " + " ".join(common.clean(note.comment).split()))
    if note.tags:
        common.out("    tags: " + ", ".join(common.clean(tag) for tag in note.tags))


def cmd_add(args: argparse.Namespace) -> int:
    with common.open_library(args) as lib:
        note = notes_core.add_note(
            lib, args.article_id, quote=args.quote, comment=args.comment, tags=args.tag
        )
    if args.json:
        common.print_json(note.to_dict())
    else:
        common.out(f"note {note.id} added to article {note.article_id}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with common.open_library(args) as lib:
        found = notes_core.list_notes(
            lib, tag=args.tag, text=args.search, article_id=args.article, since=args.since
        )
    if args.json:
        common.print_json([note.to_dict() for note in found])
        return 0
    if not found:
        common.out("no notes")
        return 0
    styled = common.use_style()
    for note in found:
        _print_note(note, styled)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    tags = [] if args.no_tags else args.tag
    if args.comment is None and tags is None:
        common.error("nothing to change: give --comment, --tag or --no-tags")
        return 2
    with common.open_library(args) as lib:
        note = notes_core.update_note(lib, args.note_id, comment=args.comment, tags=tags)
    if args.json:
        common.print_json(note.to_dict())
    else:
        common.out(f"note {note.id} updated")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with common.open_library(args) as lib:
        notes_core.delete_note(lib, args.note_id)
    common.out(f"note {args.note_id} deleted")
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    with common.open_library(args) as lib:
        tags = notes_core.all_tags(lib)
    if args.json:
        common.print_json([{"tag": tag, "notes": count} for tag, count in tags])
    else:
        for tag, count in tags:
            common.out(f"{count:6d}  {common.clean(tag)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from core import export as export_core  # imports yaml: only when exporting

    with common.open_library(args) as lib:
        if args.tag:
            by_id: dict[int, notes_core.Note] = {}
            for tag in args.tag:
                for note in notes_core.list_notes(
                    lib, tag=tag, text=args.search, article_id=args.article, since=args.since
                ):
                    by_id[note.id] = note
            selected = sorted(by_id.values(), key=lambda n: (n.created_at, n.id), reverse=True)
        else:
            selected = notes_core.list_notes(
                lib, text=args.search, article_id=args.article, since=args.since
            )
        if not selected:
            common.error("no notes match; nothing exported")
            return 1
        query_info: dict[str, object] = {
            "tags": list(args.tag),
            "article": args.article,
            "since": args.since,
            "search": args.search,
        }
        path = export_core.export_notes(
            lib,
            selected,
            path=args.output,
            title=args.title,
            group_by=args.by,
            query_info=query_info,
            force=args.force,
        )
    sys.stdout.write(f"{common.clean(str(path))}\n")
    return 0
