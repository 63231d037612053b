"""The ranked results list: one row per hit (title, outlet, date), `j`/`k` to move."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from core.models import SearchHit
from core.text import one_line

MAX_ROWS = 300
FIRST_PAGE = 30  # rows fetched per keystroke (a tall terminal shows ~25); the rest up to MAX_ROWS follow in the background


ROW_LINES = 2


def hit_row(hit: SearchHit) -> Content:
    """One result as literal content: the title, then date and outlet dimmed on a second line."""
    title = one_line(hit.title) or "(untitled)"
    meta = " · ".join(part for part in (hit.published or "", one_line(hit.outlet)) if part)
    return Content.assemble((title, "bold"), "\n", (meta or "-", "dim"))


class ResultList(OptionList):
    """Search hits; option ids are article ids. The screen reacts to highlight and select."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", show=False),
        Binding("k", "cursor_up", "Previous", show=False),
        Binding("enter", "select", "Open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[SearchHit] = []
        # The hits' article ids: a new list for each result set, extended as its rest arrives,
        # so a reader handed it steps through the rows that came after it opened too.
        self.article_ids: list[int] = []

    def show_hits(self, hits: Sequence[SearchHit]) -> None:
        """Replace the rows with at most `MAX_ROWS` hits and highlight the first."""
        self.hits = list(hits[:MAX_ROWS])
        self.article_ids = [hit.id for hit in self.hits]
        self.set_options(Option(hit_row(hit), id=str(hit.id)) for hit in self.hits)
        self.highlighted = 0 if self.hits else None

    def add_hits(self, hits: Sequence[SearchHit]) -> None:
        """Append more hits (the rest of a result set) without moving the cursor."""
        room = MAX_ROWS - len(self.hits)
        listed = set(self.article_ids)
        more = [hit for hit in hits[: max(room, 0)] if hit.id not in listed]
        self.hits.extend(more)
        self.article_ids.extend(hit.id for hit in more)
        self.add_options(Option(hit_row(hit), id=str(hit.id)) for hit in more)

    def _update_lines(self) -> None:
        """Every row is two lines (`hit_row`; the list never wraps): no measuring each new
        row's text, which OptionList does and which cost about 40 ms per 300 rows."""
        if not self.scrollable_content_region:
            return
        line_cache = self._line_cache
        lines = line_cache.lines
        for index in range(lines[-1][0] + 1 if lines else 0, len(self.options)):
            line_cache.index_to_line[index] = len(lines)
            line_cache.heights[index] = ROW_LINES
            lines.extend((index, line) for line in range(ROW_LINES))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    @property
    def current_hit(self) -> SearchHit | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

