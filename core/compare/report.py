"""A comparison as a Markdown report: slices, overview, tables, cited examples, method.

Every untrusted string (names, titles, outlets, sentences, slice expressions) is escaped, so it
reads back as the same text and can never break a table row or open Markdown syntax.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from core.compare import Comparison, KeyTerm, NameSplit, SliceOverview
from core.compare.examples import Example, examples
from core.export import escape_fragment, escape_inline, split_file_name, write_export
from core.library import Library
from core.text import one_line

# term -> (examples on the left, examples on the right)
ExampleMap = Mapping[str, tuple[list[Example], list[Example]]]


def code_span(text: str) -> str:
    """Untrusted text as an inline code span (fence longer than any backtick run inside)."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Number(str):
    """A cell we formatted ourselves (a number): written as is."""


def _cell(value: object) -> str:
    """A table cell: one line, Markdown and pipes escaped (numbers as they are)."""
    if isinstance(value, int | float | _Number):
        return str(value)
    return escape_inline(value) or " "


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _dates(side: SliceOverview) -> str:
    if not side.first_published:
        return "undated"
    if side.first_published == side.last_published:
        return side.first_published
    return f"{side.first_published} to {side.last_published}"


def _outlets(side: SliceOverview, limit: int = 6) -> str:
    shown = [f"{outlet or 'unknown'} ({count})" for outlet, count in side.outlets[:limit]]
    if len(side.outlets) > limit:
        shown.append(f"{len(side.outlets) - limit} more")
    return ", ".join(shown)


def _split_section(title: str, split: NameSplit, comparison: Comparison) -> list[str]:
    lines = [f"## {title}", ""]
    if not (split.only_left or split.shared or split.only_right):
        return [*lines, "None found on either side.", ""]
    parts = (
        ("Only left", split.only_left, split.totals[0]),
        ("Shared", split.shared, split.totals[1]),
        ("Only right", split.only_right, split.totals[2]),
    )
    for label, rows, total in parts:
        shown = f" (top {len(rows)} of {total})" if total > len(rows) else ""
        lines += [f"### {label}{shown}", ""]
        if not rows:
            lines += ["None.", ""]
            continue
        lines += _table(
            ["Name", "Articles left", "Articles right"], [[r.name, r.left, r.right] for r in rows]
        )
        lines.append("")
    return lines


def _terms_section(label: str, expression: str, terms: list[KeyTerm]) -> list[str]:
    lines = [f"### Distinctive for the {label} slice {code_span(expression)}", ""]
    if not terms:
        return [*lines, "No term passes the thresholds.", ""]
    lines += _table(
        ["Term", "Freq left", "Freq right", "G2", "Log ratio"],
        [
            [t.term, t.freq_left, t.freq_right, _Number(f"{t.g2:.2f}"),
             _Number(f"{t.log_ratio:+.2f}")]
            for t in terms
        ],
    )
    return [*lines, ""]


def _example_lines(example: Example) -> list[str]:
    sentence = one_line(example.sentence)
    start = len(one_line(example.sentence[: example.start] + "x")) - 1
    end = start + len(one_line(example.sentence[example.start: example.end]))
    # the first fragment goes through escape_inline so a quote line cannot open a list
    before = escape_inline(sentence[:start] + "x")[:-1] if start else ""
    marked = f"{before}**{escape_fragment(sentence[start:end])}**{escape_fragment(sentence[end:])}"
    cite = ", ".join(
        part
        for part in (
            f"*{escape_inline(example.title)}*" if example.title.strip() else "",
            escape_inline(example.outlet),
            escape_inline(example.published or "undated"),
            f"article {example.article_id}",
        )
        if part
    )
    return [f"> {marked}", ">", f"> ({cite})", ""]


def _examples_section(comparison: Comparison, found: ExampleMap) -> list[str]:
    lines = ["## Example passages", ""]
    for needle, (left, right) in found.items():
        lines += [f"### {escape_inline(needle)}", ""]
        for label, side, items in (
            ("Left", comparison.left, left), ("Right", comparison.right, right)
        ):
            lines += [f"{label} {code_span(side.expression)}:", ""]
            if not items:
                lines += ["No sentence found.", ""]
            for example in items:
                lines += _example_lines(example)
    return lines


def comparison_markdown(comparison: Comparison, examples_found: ExampleMap | None = None) -> str:
    """The whole report as Markdown text."""
    left, right = comparison.left, comparison.right
    lines = [
        f"# Comparison: {code_span(left.expression)} vs {code_span(right.expression)}",
        "",
        f"Left slice: {code_span(left.expression)}  ",
        f"Right slice: {code_span(right.expression)}",
        "",
        "## Overview",
        "",
    ]
    lines += _table(
        ["", "Left", "Right"],
        [
            ["Slice", left.expression, right.expression],
            ["Articles", left.articles, right.articles],
            ["Dates", _dates(left), _dates(right)],
            ["Words", f"{left.words:,}", f"{right.words:,}"],
            ["Outlets", _outlets(left), _outlets(right)],
        ],
    )
    if comparison.overlap:
        lines += ["", f"{comparison.overlap} articles belong to both slices."]
    lines.append("")
    for title, split in (
        ("People", comparison.people),
        ("Organisations", comparison.organisations),
        ("Places", comparison.places),
        ("Topics", comparison.topics),
    ):
        lines += _split_section(title, split, comparison)
    lines += ["## Distinctive terms", ""]
    lines += _terms_section("left", left.expression, comparison.distinctive_left)
    lines += _terms_section("right", right.expression, comparison.distinctive_right)
    if examples_found:
        lines += _examples_section(comparison, examples_found)
    lines += ["## Method", "", method_paragraph(comparison), ""]
    return "\n".join(lines)


def method_paragraph(comparison: Comparison) -> str:
    """How the numbers were made, so a reader can check them."""
    return (
        "Distinctive terms are ranked by the log-likelihood statistic G2 (Rayson and Garside "
        "2000, two-corpus form) comparing each term's frequency in one slice against the other, "
        "with the log ratio (Hardie 2014; binary log of the ratio of relative frequencies, "
        "a zero frequency counted as 0.5) as effect size. A term is listed when its frequency "
        f"in its own slice is at least {comparison.min_freq} and G2 is at least "
        f"{comparison.min_g2:g} (p < 0.05 at 3.84, one degree of freedom); the top "
        f"{comparison.top} per side are shown. Terms are casefolded words and two-word phrases "
        "that do not cross punctuation; stop words and numbers are left out; hyphenated "
        "compounds stay whole. Word totals count every word, stop words included: "
        f"{comparison.left.words:,} words in {comparison.left.articles} articles on the left, "
        f"{comparison.right.words:,} words in {comparison.right.articles} articles on the "
        "right. People, organisations, places and topics are counted by the number of articles "
        "naming them on each side. The library held "
        f"{comparison.library_articles:,} articles when "
        f"this comparison was computed on {comparison.computed_at}."
    )


def report_examples(
    lib: Library, comparison: Comparison, *, terms_per_side: int = 3, limit: int = 2
) -> dict[str, tuple[list[Example], list[Example]]]:
    """Example sentences on both sides for the top distinctive terms of each side."""
    found: dict[str, tuple[list[Example], list[Example]]] = {}
    chosen = [t.term for t in comparison.distinctive_left[:terms_per_side]]
    chosen += [t.term for t in comparison.distinctive_right[:terms_per_side]]
    for term in chosen:
        if term in found:
            continue
        found[term] = (
            examples(lib, comparison.left.expression, term, limit, side="left"),
            examples(lib, comparison.right.expression, term, limit, side="right"),
        )
    return found


def write_report(
    text: str, path: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write the report atomically to `path` (never clobbers without `force`: adds -2, -3...)."""
    target = Path(path).expanduser()
    stem, suffix = split_file_name(target.name)
    return write_export(text, folder=target.parent, stem=stem, suffix=suffix, force=force)
