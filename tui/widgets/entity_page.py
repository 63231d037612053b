"""The entity page: one OptionList whose rows are headings, variants, years, articles and
co-mentioned names, so one cursor moves over everything and `enter` acts on the row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from core.entities import EntityPage
from core.text import one_line

KIND_LABELS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
    "NORP": "group", "EVENT": "event", "LAW": "law", "TOPIC": "topic",
}
BAR_WIDTH = 20


@dataclass(frozen=True)
class PageRow:
    """What a selectable row stands for: ("article", id), ("variant", name), ("entity", id)."""

    kind: str
    value: int | str
    label: str = ""


def years_span(years: list[int]) -> str:
    """'2016', '2016-2022' or '' for a list of years."""
    if not years:
        return ""
    low, high = min(years), max(years)
    return str(low) if low == high else f"{low}–{high}"


def _heading(text: str) -> Option:
    return Option(Content.styled(text, "bold $accent"), disabled=True)


def _article_row(title: str, published: str | None) -> Content:
    return Content.assemble(((published or "----------")[:10], "dim"), "  ",
                            one_line(title) or "(untitled)")


class EntityPageView(OptionList):
    """Shows an `EntityPage`; `rows` maps option index to what the row stands for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", show=False),
        Binding("k", "cursor_up", "Previous", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.page: EntityPage | None = None
        self.rows: dict[int, PageRow] = {}
        self._message: str | None = None  # shown instead of a page, wrapped to the width
        self._wrapped: tuple[str | None, int] | None = None  # (message, width) on show

    def show_message(self, text: str) -> None:
        """No page: a few lines of explanation (an empty state or an error). The page's rows
        never wrap, so the text is wrapped here, and again whenever the pane's width changes."""
        self.page = None
        self.rows = {}
        self._message = one_line(text)
        self._wrap_message()

    def on_resize(self) -> None:
        if self.page is None and self._message is not None:
            self._wrap_message()

    def _wrap_message(self) -> None:
        import textwrap

        width = self.scrollable_content_region.width - 2
        width = width if width >= 24 else 60  # not laid out yet: wrapped again on resize
        if (self._message, width) == self._wrapped:
            return
        self._wrapped = (self._message, width)
        lines = textwrap.wrap(self._message or "", width) or [""]
        self.set_options([Option(Content(line), disabled=True) for line in lines])

    def show_page(self, page: EntityPage, note: str = "") -> None:
        """Replace the rows with `page`; the cursor goes to the first selectable row."""
        self.page = page
        self._message = self._wrapped = None
        options: list[Option] = []
        rows: dict[int, PageRow] = {}

        def add(option: Option, row: PageRow | None = None) -> None:
            if row is not None:
                rows[len(options)] = row
            options.append(option)

        seen = " · ".join(part for part in (page.first_seen, page.last_seen) if part)
        plural = "" if page.articles == 1 else "s"
        add(Option(Content.assemble(
            (one_line(page.name), "bold"), "  ",
            (f"{KIND_LABELS.get(page.kind, page.kind.lower())} · {page.articles} article{plural}"
             + (f" · seen {seen}" if seen else ""), "dim"),
        ), disabled=True))
        if note:
            add(Option(Content.styled(note, "dim italic"), disabled=True))
        if page.variants:
            add(_heading("Variants (s splits the highlighted one)"))
            for variant in page.variants:
                add(Option(Content.assemble("  ", one_line(variant))),
                    PageRow("variant", variant, variant))
        if page.by_year:
            add(_heading("Articles by year"))
            most = max(count for _, count in page.by_year) or 1
            for year, count in page.by_year:
                bar = "█" * max(1, round(BAR_WIDTH * count / most))
                add(Option(Content.assemble(
                    f"  {year if year is not None else 'n.d.':>4} ", (bar, "$accent"), f" {count}"
                ), disabled=True))
        if page.article_list:
            add(_heading(f"Articles ({len(page.article_list)} newest)"
                         if len(page.article_list) < page.articles else "Articles"))
            for article_id, title, published in page.article_list:
                add(Option(_article_row(title, published)),
                    PageRow("article", article_id, title))
        if page.authored:
            add(_heading("Written by"))
            for article_id, title, published in page.authored:
                add(Option(_article_row(title, published)),
                    PageRow("article", article_id, title))
        if page.co_mentions:
            add(_heading("Mentioned with"))
            for hit in page.co_mentions:
                add(Option(Content.assemble(
                    "  ", one_line(hit.name), (f"  {KIND_LABELS.get(hit.kind, hit.kind.lower())}"
                                               f" · {hit.articles} shared", "dim"),
                )), PageRow("entity", hit.id, hit.name))
        self.rows = rows
        self.set_options(options)
        self.highlighted = min(rows) if rows else None

    @property
    def current_row(self) -> PageRow | None:
        index = self.highlighted
        return None if index is None else self.rows.get(index)

    @property
    def article_ids(self) -> list[int]:
        return [int(row.value) for row in self.rows.values() if row.kind == "article"]
