"""The compare screen's pieces: aligned section rows for two panes, a pane, the examples dialog.

Both panes get the same sections with the same number of rows (the shorter side padded), so
one `scroll_y` fits both and scrolling a section scrolls its twin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.compare import Comparison, KeyTerm, NameCount, NameSplit, SliceOverview
from core.compare.examples import Example
from core.text import one_line, safe_display
from tui.widgets.highlight import HIT_STYLE, plain

SIDES = ("left", "right")
KIND_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "TOPIC": "topic"}


@dataclass
class Row:
    """One line of a pane: `needle` is the term or name whose examples `enter` shows."""

    content: Content
    needle: str | None = None
    header: bool = False


def _header(text: str) -> Row:
    return Row(Content.styled(text, "bold"), header=True)


def _dim(text: str) -> Row:
    return Row(Content.styled(text, "dim"))


def _blank() -> Row:
    return Row(Content(""))


def _name_row(count: int, other: int | None, name: str, kind: str = "") -> Row:
    numbers = f"{count:>4} " + (f"{other:>4} " if other is not None else "")
    label = KIND_LABELS.get(kind, "") if kind else ""
    parts: list[Content | tuple[str, str] | str] = [(numbers, "dim"), " ", plain(one_line(name))]
    if label:
        parts.append((f"  {label}", "dim italic"))
    return Row(Content.assemble(*parts), needle=name)


def _term_row(term: KeyTerm, side: str, wide: bool) -> Row:
    this, other = (term.freq_left, term.freq_right) if side == "left" else (
        term.freq_right, term.freq_left)
    ratio = term.log_ratio if side == "left" else -term.log_ratio
    numbers = f"{this:>4} {other:>4} {term.g2:>6.1f}" + (f" {ratio:>+5.1f}" if wide else "")
    return Row(Content.assemble((numbers, "dim"), "  ", plain(one_line(term.term))),
               needle=term.term)


def _overview_rows(side: SliceOverview, overlap: int) -> list[Row]:
    if not side.first_published:
        dates = "undated"
    elif side.first_published == side.last_published:
        dates = side.first_published
    else:
        dates = f"{side.first_published} to {side.last_published}"
    outlets = ", ".join(f"{one_line(name) or 'unknown'} ({count})" for name, count in side.outlets)
    rows = [
        Row(Content.assemble((f"{side.articles:>6,}", "bold"), " articles · ", dates)),
        Row(Content.assemble((f"{side.words:>6,}", "bold"), " words")),
        Row(Content.assemble(("Outlets ", "dim"), plain(outlets or "none"))),
    ]
    if overlap:
        rows.append(_dim(f"{overlap:,} articles are in both slices"))
    return rows


def _only(split: NameSplit, side: str) -> list[NameCount]:
    return split.only_left if side == "left" else split.only_right


def _names_rows(names: list[NameCount], side: str, total: int) -> list[Row]:
    if not names:
        return [_dim("  none")]
    rows = [_name_row(n.left if side == "left" else n.right, None, n.name, n.kind) for n in names]
    if total > len(names):
        rows.append(_dim(f"  … {total - len(names)} more"))
    return rows


def _places(comparison: Comparison, side: str) -> tuple[list[NameCount], int]:
    """Organisations and places only on `side`, ranked together by article count."""
    names = _only(comparison.organisations, side) + _only(comparison.places, side)
    count = (lambda n: n.left) if side == "left" else (lambda n: n.right)
    names.sort(key=lambda n: (-count(n), n.name, n.id))
    index = 0 if side == "left" else 2
    total = comparison.organisations.totals[index] + comparison.places.totals[index]
    return names[: comparison.top], total


def _shared(comparison: Comparison) -> list[NameCount]:
    rows: list[NameCount] = []
    for split, kind in ((comparison.people, ""), (comparison.organisations, ""),
                        (comparison.places, ""), (comparison.topics, "TOPIC")):
        for name in split.shared:
            rows.append(NameCount(name.id, name.name, kind or name.kind, name.left, name.right))
    return rows


def pane_rows(comparison: Comparison, *, wide: bool = False) -> tuple[list[Row], list[Row]]:
    """The rows of the left and right panes, section by section, padded to equal lengths."""
    sections: list[tuple[list[Row], list[Row]]] = []

    def section(title: str, make: Callable[[str], list[Row]]) -> None:
        left, right = (make(side) for side in SIDES)
        sections.append(([_header(title), *left], [_header(title), *right]))

    section("Overview", lambda side: _overview_rows(getattr(comparison, side), comparison.overlap))
    section("People only here", lambda side: _names_rows(
        _only(comparison.people, side), side, comparison.people.totals[0 if side == "left" else 2]))
    def places(side: str) -> list[Row]:
        names, total = _places(comparison, side)
        return _names_rows(names, side, total)

    section("Organisations & places only here", places)
    section("Topics only here", lambda side: _names_rows(
        _only(comparison.topics, side), side, comparison.topics.totals[0 if side == "left" else 2]))
    columns = "this other     G2" + ("    LR" if wide else "")
    section("Distinctive terms", lambda side: [_dim(columns)] + (
        [_term_row(t, side, wide) for t in getattr(comparison, f"distinctive_{side}")]
        or [_dim("  no term passes the thresholds")]))
    shared = _shared(comparison)
    section("Shared names & topics", lambda side: [_dim("this other")] + (
        [_name_row(n.left if side == "left" else n.right, n.right if side == "left" else n.left,
                   n.name, n.kind) for n in shared] or [_dim("  none")]))
    left_rows: list[Row] = []
    right_rows: list[Row] = []
    for number, (left, right) in enumerate(sections):
        if number:
            left_rows.append(_blank())
            right_rows.append(_blank())
        height = max(len(left), len(right))
        left_rows += left + [_blank() for _ in range(height - len(left))]
        right_rows += right + [_blank() for _ in range(height - len(right))]
    return left_rows, right_rows


class SectionList(OptionList):
    """A pane's rows; rows without a needle are disabled so the cursor skips them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Examples"),
        Binding("j", "cursor_down", "Next", show=False),
        Binding("k", "cursor_up", "Previous", show=False),
    ]

    DEFAULT_CSS = """
    SectionList, SectionList:focus {
        height: 1fr;
        border: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SectionList:focus {
        background-tint: $foreground 4%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []

    def show_rows(self, rows: list[Row], highlighted: int | None = None) -> None:
        self.rows = rows
        self.set_options(Option(row.content, disabled=row.needle is None) for row in rows)
        self.highlighted = self.nearest(highlighted if highlighted is not None else 0)

    def show_message(self, text: str) -> None:
        self.show_rows([Row(plain(text))])

    def nearest(self, index: int | None) -> int | None:
        """The selectable row closest to `index` (below first), or None when there is none."""
        if index is None:
            return None
        chosen = [i for i, row in enumerate(self.rows) if row.needle is not None]
        if not chosen:
            return None
        return min(chosen, key=lambda i: (abs(i - index), i < index))

    @property
    def current_needle(self) -> str | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index].needle


class ComparePane(Vertical):
    """One side: its slice expression in an editable box over its section rows."""

    DEFAULT_CSS = """
    ComparePane {
        width: 1fr;
        height: 1fr;
    }
    ComparePane > Input {
        margin: 0;
        padding: 0 1;
    }
    """

    def __init__(self, side: str) -> None:
        super().__init__(id=f"pane-{side}")
        self.side = side

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"{self.side.title()} slice, e.g. year:2016",
                    id=f"slice-{self.side}", compact=True)
        yield SectionList(id=f"rows-{self.side}")

    @property
    def slice_input(self) -> Input:
        return self.query_one(Input)

    @property
    def rows(self) -> SectionList:
        return self.query_one(SectionList)


def example_content(example: Example) -> Content:
    """An example as literal content: title, date and outlet dimmed, the sentence with its hit."""
    title = one_line(example.title) or "(untitled)"
    meta = " · ".join(part for part in (example.published or "undated", one_line(example.outlet))
                      if part)
    sentence = example.sentence
    start = max(0, min(example.start, len(sentence)))
    end = max(start, min(example.end, len(sentence)))
    return Content.assemble(
        (title, "bold"), "\n", (meta, "dim"), "\n",
        safe_display(sentence[:start]).replace("\n", " "),
        (safe_display(sentence[start:end]).replace("\n", " "), HIT_STYLE),
        safe_display(sentence[end:]).replace("\n", " "),
    )


class ExamplesDialog(ModalScreen[None]):
    """Example sentences of one term or name in both slices, side by side."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
        Binding("tab", "switch_side", "Other side", show=False),
    ]

    DEFAULT_CSS = """
    ExamplesDialog {
        align: center middle;
    }
    #examples-box {
        width: 96%;
        max-width: 180;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    #examples-title {
        height: auto;
        max-height: 2;
        text-style: bold;
    }
    #examples-sides {
        height: 1fr;
    }
    #examples-sides > VerticalScroll {
        width: 1fr;
        height: 1fr;
        padding: 0 1 0 0;
    }
    #examples-sides .example {
        margin-bottom: 1;
    }
    #examples-sides .example-side {
        color: $text-accent;
        text-style: bold;
        margin-bottom: 1;
    }
    """

    def __init__(
        self, needle: str, expressions: tuple[str, str],
        found: tuple[list[Example], list[Example]],
    ) -> None:
        super().__init__()
        self.needle = needle
        self.expressions = expressions
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical(id="examples-box"):
            yield Static(Content.assemble("Examples of ", (one_line(self.needle), "bold reverse"),
                                          ("   escape closes", "dim")), id="examples-title")
            with Horizontal(id="examples-sides"):
                for side, expression, items in zip(SIDES, self.expressions, self.found,
                                                   strict=True):
                    with VerticalScroll(id=f"examples-{side}", can_focus=True):
                        yield Static(Content.assemble(f"{side.title()}: ",
                                                      plain(one_line(expression))),
                                     classes="example-side")
                        if not items:
                            yield Static(Content.styled("no sentence found", "dim"))
                        for example in items:
                            yield Static(example_content(example), classes="example")

    def on_mount(self) -> None:
        self.query_one("#examples-left").focus()

    def action_switch_side(self) -> None:
        target = "#examples-right" if self.focused and self.focused.id == "examples-left" \
            else "#examples-left"
        self.query_one(target).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
