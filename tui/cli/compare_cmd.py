"""`newsdesk compare [LEFT RIGHT] [--json] [--markdown FILE] [--top N] [--examples TEXT]`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from core.errors import QueryError
from tui.cli import common

if TYPE_CHECKING:  # core.compare needs numpy: imported only when the command runs
    from core.compare import Comparison, KeyTerm, NameCount, NameSplit
    from core.compare.examples import Example

WIDTH = 80
COLUMN = 26


def register(sub: argparse._SubParsersAction) -> None:
    parser = common.add_command(
        sub,
        "compare",
        "compare two slices (search expressions); with none, the earliest year vs the latest",
        run_compare,
    )
    parser.add_argument(
        "slices", nargs="*", metavar="SLICE",
        help='two search expressions, e.g. year:2016 "year:2022 outlet:Reuters"',
    )
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--markdown", metavar="FILE", help="also write a Markdown report")
    parser.add_argument(
        "--force", action="store_true", help="overwrite the --markdown file if it exists"
    )
    parser.add_argument("--top", type=common.positive_int, default=20, metavar="N",
                        help="names and terms shown per list (default 20)")
    parser.add_argument("--min-freq", type=common.positive_int, default=5, metavar="N",
                        help="minimum frequency of a distinctive term (default 5)")
    parser.add_argument("--examples", metavar="TEXT",
                        help="show example sentences of a term, name or topic on both sides")
    parser.add_argument("--limit", type=common.positive_int, default=5, metavar="N",
                        help="example sentences per side (default 5)")


def run_compare(args: argparse.Namespace) -> int:
    from core.compare import compare, default_slices
    from core.compare.examples import examples

    if len(args.slices) not in (0, 2):
        raise QueryError("give two slices (LEFT RIGHT), or none to compare the first and last year")
    with common.open_library(args) as lib:
        left, right = args.slices if args.slices else default_slices(lib)
        if args.examples:
            found = (
                examples(lib, left, args.examples, args.limit, side="left"),
                examples(lib, right, args.examples, args.limit, side="right"),
            )
            _print_examples(args, left, right, found)
            return 0
        bar = common.ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:  # a library ingested with --no-nlp has its term index built on first use
            comparison = compare(
                lib, left, right, top=args.top, min_freq=args.min_freq, progress=bar
            )
        finally:
            if bar is not None:
                bar.finish()
        written = None
        if args.markdown:
            from core.compare.report import comparison_markdown, report_examples, write_report

            text = comparison_markdown(comparison, report_examples(lib, comparison))
            written = write_report(text, args.markdown, force=args.force)
    if args.json:
        data = comparison.to_dict()
        if written is not None:
            data["markdown"] = str(written)
        common.print_json(data)
    else:
        print_comparison(comparison)
        if written is not None:
            common.out(f"\nwrote {common.clean(written)}")
    return 0


# -- plain text ----------------------------------------------------------------------------------


def _fit(text: object, width: int) -> str:
    """One line of untrusted text, cleaned, cut with an ellipsis to `width`."""
    line = " ".join(common.clean(text).split())
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


def print_comparison(comparison: Comparison) -> None:
    styled = common.use_style()
    left, right = comparison.left, comparison.right
    common.out(common.bold(_fit(f"Compare {left.expression}  vs  {right.expression}", WIDTH), styled))
    common.out()
    half = (WIDTH - 12) // 2
    rows = [
        ("", "LEFT", "RIGHT"),
        ("slice", left.expression, right.expression),
        ("articles", str(left.articles), str(right.articles)),
        ("dates", _dates(left.first_published, left.last_published),
         _dates(right.first_published, right.last_published)),
        ("words", f"{left.words:,}", f"{right.words:,}"),
        ("outlets", _outlets(left.outlets), _outlets(right.outlets)),
    ]
    for label, a, b in rows:
        common.out(f"{label:<10}  {_fit(a, half - 1):<{half}}{_fit(b, half - 1)}")
    if comparison.overlap:
        common.out(f"{comparison.overlap} articles are in both slices")
    for title, split in (
        ("People", comparison.people),
        ("Organisations", comparison.organisations),
        ("Places", comparison.places),
        ("Topics", comparison.topics),
    ):
        _print_split(title, split, styled)
    _print_terms("left", left.expression, comparison.distinctive_left, styled)
    _print_terms("right", right.expression, comparison.distinctive_right, styled)
    common.out()
    common.out(
        f"G2 >= {comparison.min_g2:g}, frequency >= {comparison.min_freq}; "
        f"{comparison.timing()}"
    )


def _dates(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    return first if first == last else f"{first} to {last}"


def _outlets(outlets: list[tuple[str, int]]) -> str:
    return ", ".join(f"{outlet or 'unknown'} ({count})" for outlet, count in outlets)


def _print_split(title: str, split: NameSplit, styled: bool) -> None:
    common.out()
    common.out(common.bold(title, styled))
    if not (split.only_left or split.shared or split.only_right):
        common.out("  none found on either side")
        return
    heads = (
        f"only left ({split.totals[0]})",
        f"shared ({split.totals[1]}) L/R",
        f"only right ({split.totals[2]})",
    )
    common.out("  " + "".join(f"{h:<{COLUMN}}" for h in heads).rstrip())
    columns = (
        [_name_cell(r, str(r.left)) for r in split.only_left],
        [_name_cell(r, f"{r.left}/{r.right}") for r in split.shared],
        [_name_cell(r, str(r.right)) for r in split.only_right],
    )
    for index in range(max(len(c) for c in columns)):
        cells = [c[index] if index < len(c) else "" for c in columns]
        common.out("  " + "".join(f"{cell:<{COLUMN}}" for cell in cells).rstrip())


def _name_cell(row: NameCount, count: str) -> str:
    room = COLUMN - 2 - len(count) - 1
    return f"{_fit(row.name, room):<{room}} {count}"


def _print_terms(label: str, expression: str, terms: list[KeyTerm], styled: bool) -> None:
    common.out()
    common.out(common.bold(_fit(f"Distinctive for {label}: {expression}", WIDTH), styled))
    if not terms:
        common.out("  no term passes the thresholds")
        return
    common.out(f"  {'term':<40}{'left':>7}{'right':>7}{'G2':>10}{'log ratio':>11}")
    for term in terms:
        common.out(
            f"  {_fit(term.term, 39):<40}{term.freq_left:>7}{term.freq_right:>7}"
            f"{term.g2:>10.1f}{term.log_ratio:>+11.2f}"
        )


def _print_examples(
    args: argparse.Namespace, left: str, right: str, found: tuple[list[Example], list[Example]]
) -> None:
    if args.json:
        common.print_json(
            {
                "needle": args.examples,
                "left": {"slice": left, "examples": [e.to_dict() for e in found[0]]},
                "right": {"slice": right, "examples": [e.to_dict() for e in found[1]]},
            }
        )
        return
    styled = common.use_style()
    for label, expression, items in (("left", left, found[0]), ("right", right, found[1])):
        common.out(common.bold(_fit(f"{common.clean(args.examples)} in {label}: {expression}",
                                    WIDTH), styled))
        if not items:
            common.out("  no sentence found")
        for example in items:
            cite = f"{example.published or 'undated'}  {example.outlet}  {example.title}"
            common.out(f"  {_fit(cite, WIDTH - 2)}")
            common.out(f"    {keyword_in_context(example, WIDTH - 4, styled)}")
        common.out()


def keyword_in_context(example: Example, width: int, styled: bool) -> str:
    """The sentence around the match, cut to `width`, the match bold (or in [brackets])."""
    sentence = example.sentence
    match = " ".join(common.clean(sentence[example.start: example.end]).split())
    before = " ".join(common.clean(sentence[: example.start]).split())
    after = " ".join(common.clean(sentence[example.end:]).split())
    room = max(width - len(match) - 4, 10)
    left_room = room // 2
    if len(before) > left_room:
        before = "…" + before[-(left_room - 1):]
    right_room = room - len(before)
    if len(after) > right_room:
        after = after[: right_room - 1] + "…"
    shown = common.bold(match, True) if styled else f"[{match}]"
    gap_before = " " if sentence[: example.start].endswith((" ", "\n")) else ""
    gap_after = " " if sentence[example.end:].startswith((" ", "\n")) else ""
    return f"{before}{gap_before}{shown}{gap_after}{after}"
