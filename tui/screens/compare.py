"""Compare (key 4): two slices side by side, sections scrolled together, examples on `enter`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from core.compare import Comparison
from core.compare.examples import Example
from core.errors import NewsdeskError
from core.library import Library
from core.models import Progress
from tui.messages import CoreFailed
from tui.widgets.compare_pane import SIDES, ComparePane, ExamplesDialog, SectionList, pane_rows
from tui.widgets.key_footer import KeyFooter

EXAMPLES_PER_SIDE = 5
STACK_BELOW = 70  # columns: narrower terminals stack the panes
WIDE_PANE = 60  # columns per pane from which the log ratio column is shown


def report_stem(comparison: Comparison) -> str:
    """A file name stem from the two slice expressions, e.g. compare-year-2016-vs-year-2022."""
    parts = [re.sub(r"[^A-Za-z0-9]+", "-", side.expression).strip("-")[:40] or "slice"
             for side in (comparison.left, comparison.right)]
    return f"compare-{parts[0]}-vs-{parts[1]}"


class CompareScreen(Screen[None]):
    """Edit either slice and press enter (or `r`); `tab` switches panes; `enter` on a row shows
    its example sentences on both sides; `e` writes the Markdown report."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_pane", "Other pane"),
        Binding("enter", "examples", "Examples"),
        Binding("r", "recompute", "Recompute"),
        Binding("e", "export", "Export"),
        Binding("slash", "edit_slice", "Edit slice", key_display="/"),
    ]

    DEFAULT_CSS = """
    #compare-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    #compare-status.-error {
        color: $text-error;
    }
    #compare-panes {
        height: 1fr;
    }
    #pane-left {
        border-right: vkey $panel;
    }
    #compare-panes.-stacked {
        layout: vertical;
    }
    #compare-panes.-stacked #pane-left {
        border-right: none;
        border-bottom: hkey $panel;
    }
    """

    @dataclass
    class Compared(Message):
        """A comparison finished (or failed with `error`) in the worker."""

        left: str
        right: str
        comparison: Comparison | None
        error: str = ""

    @dataclass
    class Indexing(Message):
        """Progress of the term index built before a first comparison (`--no-nlp` libraries)."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, CompareScreen.Indexing)

    @dataclass
    class ExamplesFound(Message):
        needle: str
        found: tuple[list[Example], list[Example]]

    @dataclass
    class Exported(Message):
        path: Path

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="compare-status")
        with Horizontal(id="compare-panes"):
            for side in SIDES:
                yield ComparePane(side)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._status("Computing the earliest year against the latest…")
        self._set_loading(True)
        self.run_compare(None, None)
        self.watch(self.pane("left").rows, "scroll_y", self._left_scrolled, init=False)
        self.watch(self.pane("right").rows, "scroll_y", self._right_scrolled, init=False)
        self.pane("left").rows.focus()

    def pane(self, side: str) -> ComparePane:
        return self.query_one(f"#pane-{side}", ComparePane)

    # -- actions ---------------------------------------------------------------------------------

    def action_recompute(self) -> None:
        left, right = (self.pane(side).slice_input.value for side in SIDES)
        self._status(f"Comparing {left.strip() or '(empty)'} with {right.strip() or '(empty)'}…")
        self._set_loading(True)
        self.run_compare(left, right)

    def action_switch_pane(self) -> None:
        """Move to the other pane: slice box to slice box, otherwise to the twin row."""
        focused = self.focused
        source = self.pane(self._focused_side())
        target = self.pane("right" if source.side == "left" else "left")
        if focused is source.slice_input:
            target.slice_input.focus()
            return
        index = source.rows.highlighted
        target.rows.highlighted = target.rows.nearest(index if index is not None else 0)
        target.rows.focus()

    def action_edit_slice(self) -> None:
        box = self.pane(self._focused_side()).slice_input
        self.set_focus(box)  # at once: keys typed behind the key reach the box (app.on_key)
        box.cursor_position = len(box.value)

    def action_examples(self) -> None:
        if self.comparison is None:
            return
        focused = self.focused
        if not isinstance(focused, SectionList):
            return
        needle = focused.current_needle
        if needle:
            self._status(f"Finding sentences with {needle}…")
            self.find_examples(self.comparison.left.expression,
                               self.comparison.right.expression, needle)

    def action_export(self) -> None:
        if self.comparison is None:
            self.notify("Nothing to export yet: compare two slices first.", markup=False,
                        severity="warning")
            return
        self.export_report(self.comparison)

    # -- events ----------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _slice_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_recompute()

    @on(OptionList.OptionSelected)
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_examples()

    def on_resize(self, event: Resize) -> None:
        panes = self.query_one("#compare-panes")
        panes.set_class(event.size.width < STACK_BELOW, "-stacked")
        if self.comparison is not None:
            self._show(self.comparison)

    @on(Compared)
    def _compared(self, message: Compared) -> None:
        self._set_loading(False)
        for side, expression in zip(SIDES, (message.left, message.right), strict=True):
            box = self.pane(side).slice_input
            if not box.value and expression:
                box.value = expression
        if message.comparison is None:
            self.comparison = None
            self._status(message.error, error=True)
            for side in SIDES:
                self.pane(side).rows.show_message(
                    "No comparison. Edit the slices (/) and press enter.")
            if not isinstance(self.focused, Input):
                self.pane("left").slice_input.focus()
            return
        comparison = message.comparison
        self.comparison = comparison
        self._show(comparison)
        self.pane(self._focused_side()).rows.focus()
        self._status(self._summary())

    @on(Indexing)
    def _indexing(self, message: Indexing) -> None:
        if self.comparison is None or message.done < message.total:
            self._status(
                f"Indexing terms first (once): {message.done:,} of {message.total:,} articles…"
            )

    @on(ExamplesFound)
    def _examples_found(self, message: ExamplesFound) -> None:
        if self.comparison is None:
            return
        self._status(self._summary())
        expressions = (self.comparison.left.expression, self.comparison.right.expression)
        self.app.push_screen(ExamplesDialog(message.needle, expressions, message.found))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self.notify(f"Report written to {message.path}", title="Export", markup=False)

    # -- helpers ---------------------------------------------------------------------------------

    def _show(self, comparison: Comparison) -> None:
        """Fill both panes, keeping each cursor and the shared scroll offset."""
        width = self.pane("left").size.width or self.size.width // 2
        stacked = self.query_one("#compare-panes").has_class("-stacked")
        left_rows, right_rows = pane_rows(comparison, wide=stacked or width >= WIDE_PANE)
        for side, rows in zip(SIDES, (left_rows, right_rows), strict=True):
            section_list = self.pane(side).rows
            keep = section_list.highlighted if len(section_list.rows) == len(rows) else None
            section_list.show_rows(rows, keep)

    def _summary(self) -> str:
        comparison = self.comparison
        if comparison is None:
            return ""
        return (
            f"{comparison.left.articles:,} vs {comparison.right.articles:,} articles · "
            f"G2 ≥ {comparison.min_g2:g}, frequency ≥ {comparison.min_freq} · "
            f"{comparison.timing()}"
        )

    def _focused_side(self) -> str:
        focused = self.focused
        if focused is not None and self.pane("right") in focused.ancestors_with_self:
            return "right"
        return "left"

    def _left_scrolled(self, y: float) -> None:
        self._sync_scroll(self.pane("right").rows, y)

    def _right_scrolled(self, y: float) -> None:
        self._sync_scroll(self.pane("left").rows, y)

    @staticmethod
    def _sync_scroll(twin: SectionList, y: float) -> None:
        """Scrolling one pane scrolls its twin: both hold the same sections, row for row."""
        if twin.scroll_y != y:
            twin.scroll_to(y=y, animate=False, immediate=True)

    def _set_loading(self, loading: bool) -> None:
        for side in SIDES:
            self.pane(side).rows.loading = loading

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#compare-status", Static)
        status.set_class(error, "-error")
        status.update(Content(text))

    # -- workers: one core call each, results posted as messages ---------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def run_compare(self, left: str | None, right: str | None) -> None:
        from core.compare import compare, default_slices

        worker = get_current_worker()
        try:
            if left is None or right is None:
                left, right = default_slices(self.library)

            def indexing(step: Progress) -> None:
                self.post_message(self.Indexing(step.done, step.total))

            comparison = compare(
                self.library, left, right, progress=indexing, is_cancelled=lambda: worker.is_cancelled
            )
        except NewsdeskError as exc:
            if not worker.is_cancelled:
                self.post_message(self.Compared(left or "", right or "", None, exc.message))
            return
        if not worker.is_cancelled:
            self.post_message(self.Compared(left, right, comparison))

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare-examples")
    def find_examples(self, left: str, right: str, needle: str) -> None:
        from core.compare.examples import examples

        try:
            found = (
                examples(self.library, left, needle, EXAMPLES_PER_SIDE, side="left"),
                examples(self.library, right, needle, EXAMPLES_PER_SIDE, side="right"),
            )
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ExamplesFound(needle, found))

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare-export")
    def export_report(self, comparison: Comparison) -> None:
        from core.compare.report import comparison_markdown, report_examples, write_report
        from core.paths import default_export_dir

        try:
            text = comparison_markdown(comparison, report_examples(self.library, comparison))
            path = write_report(text, default_export_dir() / f"{report_stem(comparison)}.md")
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.Exported(path))
