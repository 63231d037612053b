"""A long body shown as paragraphs mounted a page at a time, with a paragraph cursor and hits."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.widgets.highlight import MARK_STYLE, SENTENCE_STYLE, highlighted
from tui.widgets.paragraphs import Paragraph

PAGE = 40  # paragraphs mounted per step; a 5 MB body opens as fast as a short one


@dataclass
class Layout:
    """What the reader shows: paragraphs, the hit spans of each, and every hit in order."""

    paragraphs: list[Paragraph]
    spans: list[list[tuple[int, int]]]  # per paragraph, relative offsets
    hits: list[tuple[int, int]]  # (paragraph index, index of the span in that paragraph)


class ParagraphView(Static):
    """One paragraph of literal text."""


class PagedText(VerticalScroll):
    """Paragraph widgets mounted lazily as the user scrolls or jumps."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layout_data = Layout([], [], [])
        self.cursor = 0
        self.current_hit: int | None = None
        self.sentence: tuple[int, int] | None = None  # the sentence cursor, text offsets
        self.mark: tuple[int, int] | None = None  # the marked passage, text offsets
        self._first = 0  # mounted paragraphs are [_first, _last)
        self._last = 0
        self._busy = False

    async def load(self, layout: Layout, *, first_hit: bool = False) -> None:
        """Replace the text, mounting one page: at the top, or around the first hit."""
        self.layout_data = layout
        self.sentence = self.mark = None
        self.current_hit = 0 if first_hit and layout.hits else None
        self.cursor = layout.hits[0][0] if self.current_hit is not None else 0
        await self._mount_window(self.cursor)
        self.scroll_home(animate=False)
        self._mark_cursor(self.cursor, self.cursor)
        if self.cursor:
            self.call_after_refresh(self._scroll_cursor_into_view, top=True)

    def _scroll_cursor_into_view(self, *, top: bool = False, tries: int = 20) -> None:
        """Scroll the cursor paragraph into view, retrying while new paragraphs are laid out
        (until then the scroll range is too short and the scroll would fall short)."""
        view = self._view(self.cursor)
        if view is None:
            return
        self.scroll_to_widget(view, animate=False, top=top, immediate=True)
        if tries and not self.region.overlaps(view.region):
            self.set_timer(0.02, partial(self._scroll_cursor_into_view, top=top, tries=tries - 1))

    async def _mount_window(self, index: int) -> None:
        """Drop what is mounted and mount a page around paragraph `index`."""
        await self.remove_children()
        total = len(self.layout_data.paragraphs)
        self._first = max(0, min(index - 1, total - PAGE))  # the target near the top
        self._last = min(total, self._first + PAGE)
        await self.mount_all(self._views(self._first, self._last))

    def _views(self, start: int, stop: int) -> list[ParagraphView]:
        return [
            ParagraphView(self._paragraph_content(i), classes="paragraph")
            for i in range(start, stop)
        ]

    async def ensure_mounted(self, index: int) -> None:
        """Make paragraph `index` mounted: extend the window by a page, or move it there."""
        total = len(self.layout_data.paragraphs)
        if not 0 <= index < total or self._first <= index < self._last:
            return
        if self._last <= index < self._last + PAGE:
            stop = min(total, max(index + 1, self._last + PAGE))
            views, self._last = self._views(self._last, stop), stop
            await self.mount_all(views)
        elif self._first - PAGE <= index < self._first:
            await self._prepend(max(0, min(index, self._first - PAGE)))
        else:
            await self._mount_window(index)

    async def _prepend(self, start: int) -> None:
        """Mount paragraphs [start, _first) above, keeping the visible text where it was."""
        views, old_first = self._views(start, self._first), self._first
        self._first = start
        await self.mount_all(views, before=0)

        def keep_place() -> None:
            added = sum(view.outer_size.height for view in views)
            self.scroll_to(y=self.scroll_y + added, animate=False)

        if old_first != start:
            self.call_after_refresh(keep_place)

    def _paragraph_content(self, index: int):  # type: ignore[no-untyped-def]
        paragraph = self.layout_data.paragraphs[index]
        current = None
        if self.current_hit is not None:
            hit_paragraph, hit_span = self.layout_data.hits[self.current_hit]
            if hit_paragraph == index:
                current = self.layout_data.spans[index][hit_span]
        extra = [
            (style, max(span[0], paragraph.start) - paragraph.start,
             min(span[1], paragraph.end) - paragraph.start)
            for style, span in ((MARK_STYLE, self.mark), (SENTENCE_STYLE, self.sentence))
            if span is not None and span[0] < paragraph.end and span[1] > paragraph.start
        ]
        return highlighted(paragraph.text, self.layout_data.spans[index], current=current,
                           under=extra)

    def paragraphs_of(self, span: tuple[int, int] | None) -> range:
        """Indices of the paragraphs that `span` (text offsets) touches."""
        if span is None:
            return range(0)
        paragraphs = self.layout_data.paragraphs
        first = next((i for i, p in enumerate(paragraphs) if p.end > span[0]), len(paragraphs))
        last = first
        while last < len(paragraphs) and paragraphs[last].start < span[1]:
            last += 1
        return range(first, last)

    def set_spans(
        self, *, sentence: tuple[int, int] | None, mark: tuple[int, int] | None
    ) -> None:
        """Show a new sentence cursor and mark, redrawing only the paragraphs they touch."""
        if (sentence, mark) == (self.sentence, self.mark):
            return
        touched = {*self.paragraphs_of(self.sentence), *self.paragraphs_of(self.mark),
                   *self.paragraphs_of(sentence), *self.paragraphs_of(mark)}
        self.sentence, self.mark = sentence, mark
        for index in touched:
            if (view := self._view(index)) is not None:
                view.update(self._paragraph_content(index))

    def _view(self, index: int) -> ParagraphView | None:
        if self._first <= index < self._last:
            return self.children[index - self._first]  # type: ignore[return-value]
        return None

    def _mark_cursor(self, old: int, new: int) -> None:
        if (view := self._view(old)) is not None:
            view.remove_class("-cursor")
        if (view := self._view(new)) is not None:
            view.add_class("-cursor")

    async def move_cursor(self, index: int, *, top: bool = False) -> None:
        """Put the paragraph cursor on `index` and scroll it into view."""
        total = len(self.layout_data.paragraphs)
        if not total:
            return
        index = max(0, min(total - 1, index))
        await self.ensure_mounted(index)
        self._mark_cursor(self.cursor, index)
        self.cursor = index
        self.call_after_refresh(self._scroll_cursor_into_view, top=top)

    async def jump_hit(self, step: int) -> bool:
        """Go to the next (`step=1`) or previous (`-1`) hit; False when there are none."""
        hits = self.layout_data.hits
        if not hits:
            return False
        old = self.current_hit
        if old is None:  # the first jump starts from the cursor paragraph
            if step > 0:
                new = next((i for i, (p, _) in enumerate(hits) if p >= self.cursor), 0)
            else:
                before = [i for i, (p, _) in enumerate(hits) if p <= self.cursor]
                new = before[-1] if before else len(hits) - 1
        else:
            new = (old + step) % len(hits)
        self.current_hit = new
        for hit in (old, new):
            if hit is not None:
                paragraph = hits[hit][0]
                await self.ensure_mounted(paragraph)
                view = self._view(paragraph)
                if view is not None:
                    view.update(self._paragraph_content(paragraph))
        await self.move_cursor(hits[new][0])
        return True

    async def _extend(self, index: int) -> None:
        try:
            await self.ensure_mounted(index)
        finally:
            self._busy = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._busy:
            return
        margin = self.size.height * 2
        if self._last < len(self.layout_data.paragraphs) and new_value >= self.max_scroll_y - margin:
            self._busy = True
            self.call_later(self._extend, self._last)
        elif self._first > 0 and new_value <= margin and new_value < old_value:
            self._busy = True
            self.call_later(self._extend, self._first - 1)
