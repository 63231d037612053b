"""People & topics: a fuzzy filter, a list per kind, and the entity page beside (or below) it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from core.entities import EntityHit, EntityPage, entity_page, find_entities, merge_entities
from core.errors import NewsdeskError
from core.library import Library
from core.text import one_line
from tui.messages import CoreFailed, OpenArticle, ShowScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.name_dialog import NameDialog
from tui.widgets.entity_page import EntityPageView, PageRow, years_span
from tui.widgets.key_footer import KeyFooter

LIST_LIMIT = 200
TOPIC_PAGE_ARTICLES = 200
# Tab name -> entity kinds (None: topics), and the label shown.
KINDS: dict[str, tuple[str, ...] | None] = {
    "people": ("PERSON",), "orgs": ("ORG",), "places": ("GPE", "LOC"), "topics": None,
}
KIND_KEYS = {"people": "p", "orgs": "o", "places": "l", "topics": "t"}
KIND_OF_ENTITY = {"PERSON": "people", "ORG": "orgs", "GPE": "places", "LOC": "places",
                  "TOPIC": "topics"}


def topic_page(library: Library, topic_id: int) -> EntityPage:
    """A topic's page: its articles (newest ingested first, at most 200) and their years."""
    from core.articles import get_article
    from core.topics import find_topics, topic_article_ids

    ids = topic_article_ids(library, topic_id)
    articles = [get_article(library, article_id)
                for article_id in sorted(ids, reverse=True)[:TOPIC_PAGE_ARTICLES]]
    articles.sort(key=lambda a: (a.published or "", a.id), reverse=True)
    years: dict[int | None, int] = {}
    for article in articles:
        years[article.year] = years.get(article.year, 0) + 1
    dates = sorted(a.published for a in articles if a.published)
    name = next((t.name for t in find_topics(library, "", limit=100_000) if t.id == topic_id),
                f"topic {topic_id}")
    return EntityPage(
        id=topic_id, name=name, kind="TOPIC", articles=len(ids), variants=[],
        by_year=sorted(years.items(), key=lambda pair: (pair[0] is None, pair[0] or 0)),
        first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
        co_mentions=[], article_list=[(a.id, a.title, a.published) for a in articles],
        authored=[],
    )


def _list_row(hit: EntityHit) -> Content:
    years = years_span(hit.years)
    return Content.assemble((one_line(hit.name), "bold"),
                            (f"  {hit.count_label}" + (f" · {years}" if years else ""),
                             "dim"))


def open_entity(app: App[object], kind: str, entity_id: int, name: str) -> None:
    """Switch to the people screen showing this entity (used by the command palette)."""
    app.post_message(ShowScreen("people"))
    app.call_later(_show_on_screen, app, kind, entity_id, name)


def _show_on_screen(app: App[object], kind: str, entity_id: int, name: str) -> None:
    if isinstance(app.screen, PeopleScreen):
        app.screen.show_entity(kind, entity_id, name)


class PeopleScreen(Screen[None]):
    """Type to filter; p/o/l/t pick the kind; enter opens; m merges, s splits a variant."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual declares it)
    DEFAULT_CSS = """
    PeopleScreen #people-filter { margin: 0; padding: 0 1; }
    PeopleScreen #people-status { height: 1; padding: 0 1; color: $text-muted; }
    PeopleScreen #people-panes { height: 1fr; layout: horizontal; }
    PeopleScreen #people-list { width: 40%; height: 1fr; border: none;
        border-right: vkey $panel; text-wrap: nowrap; text-overflow: ellipsis; }
    PeopleScreen #people-page { width: 1fr; height: 1fr; border: none;
        text-wrap: nowrap; text-overflow: ellipsis; }
    PeopleScreen.-narrow #people-panes { layout: vertical; }
    PeopleScreen.-narrow #people-list { width: 1fr; height: 2fr; border-right: none;
        border-bottom: hkey $panel; }
    PeopleScreen.-narrow #people-page { height: 3fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("p", "kind('people')", "People", show=False),
        Binding("o", "kind('orgs')", "Orgs", show=False),
        Binding("l", "kind('places')", "Places", show=False),
        Binding("t", "kind('topics')", "Topics", show=False),
        Binding("enter", "open", "Open"),
        Binding("m", "merge", "Merge"),
        Binding("s", "split", "Split"),
    ]

    @dataclass
    class Listed(Message):
        kind: str
        query: str
        hits: list[EntityHit]
        empty_hint: str

    @dataclass
    class PageLoaded(Message):
        key: tuple[str, int]
        page: EntityPage | None
        error: str = ""

    @dataclass
    class Changed(Message):
        """A merge or split finished: reload the list and show `entity_id` (or the first)."""

        entity_id: int | None
        note: str

    @dataclass
    class MergeTargets(Message):
        """Candidates for the name typed in the merge dialog, best first."""

        variant: EntityHit
        matches: list[EntityHit]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.kind = "people"
        self.hits: list[EntityHit] = []
        self._want: int | None = None
        self._page_key: tuple[str, int] | None = None
        self._pending: tuple[str, int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter names (typos forgiven): Hayshi, joly melanie, intel sharing",
                    id="people-filter", compact=True)
        yield Static(id="people-status")
        with Container(id="people-panes"):
            yield OptionList(id="people-list")
            yield EntityPageView(id="people-page")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#people-filter", Input).focus()
        if self._pending is not None:
            self.show_entity(*self._pending)
        else:
            self.load_list(self.kind, "")

    # -- public ----------------------------------------------------------------------------------

    def show_entity(self, kind: str, entity_id: int, name: str) -> None:
        """Show the `kind` list filtered by `name` with `entity_id` selected."""
        if not self.is_mounted:
            self._pending = (kind, entity_id, name)
            return
        self._pending = None
        self.kind = kind if kind in KINDS else "people"
        self._want = entity_id
        filter_input = self.query_one("#people-filter", Input)
        with filter_input.prevent(Input.Changed):
            filter_input.value = one_line(name)
        self.load_list(self.kind, filter_input.value)
        self.query_one("#people-list", OptionList).focus()

    # -- actions ---------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        # at once: keys typed behind the key reach the box (app.on_key)
        self.set_focus(self.query_one("#people-filter", Input))

    def action_kind(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            self.load_list(kind, self.query_one("#people-filter", Input).value)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, EntityPageView):
            self._open_row(focused.current_row)
        elif focused is not None and focused.id == "people-list":
            self.query_one(EntityPageView).focus()
        else:
            self.query_one("#people-list", OptionList).focus()

    def action_merge(self) -> None:
        hit = self._current_hit()
        if hit is None or self.kind == "topics":
            self.notify("Highlight a person, organisation or place to merge.", markup=False)
            return
        label = one_line(hit.name)

        def chosen(target: str | None) -> None:
            if target and target.strip():
                self.find_merge_target(hit, target.strip())

        self.app.push_screen(
            NameDialog(f"Merge “{label}” into which entity?", "the name it belongs to"), chosen)

    def action_split(self) -> None:
        page_view = self.query_one(EntityPageView)
        row = page_view.current_row
        if row is None or row.kind != "variant" or page_view.page is None:
            self.notify("Move to a variant on the entity page (under Variants) to split it.",
                        markup=False)
            return
        variant = str(row.value)
        question = (f"Detach “{one_line(variant)}” from “{one_line(page_view.page.name)}”? "
                    "Its articles are annotated again.")
        entity_id = page_view.page.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_split(variant, entity_id)

        self.app.push_screen(ConfirmScreen(question), confirmed)

    def _open_row(self, row: PageRow | None) -> None:
        if row is None:
            return
        if row.kind == "article":
            self.post_message(OpenArticle(int(row.value),
                                          sequence=self.query_one(EntityPageView).article_ids))
        elif row.kind == "entity":
            self.show_entity(self.kind if self.kind != "topics" else "people", int(row.value),
                             row.label)

    def _current_hit(self) -> EntityHit | None:
        index = self.query_one("#people-list", OptionList).highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    # -- events ----------------------------------------------------------------------------------

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._want = None
        self.load_list(self.kind, event.value)

    @on(Input.Submitted, "#people-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#people-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#people-list")
    def _list_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(EntityPageView).focus()

    @on(OptionList.OptionSelected, "#people-page")
    def _page_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_row(self.query_one(EntityPageView).current_row)

    @on(OptionList.OptionHighlighted, "#people-list")
    def _list_highlighted(self) -> None:
        hit = self._current_hit()
        if hit is not None:
            self._request_page(hit.id)

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        if (message.kind, message.query) != (self.kind,
                                             self.query_one("#people-filter", Input).value):
            return  # a newer list is on its way
        self.hits = message.hits
        listing = self.query_one("#people-list", OptionList)
        listing.set_options(Option(_list_row(hit)) for hit in self.hits)
        ids = [hit.id for hit in self.hits]
        want, self._want = self._want, None
        tabs = "  ".join(f"[{KIND_KEYS[name]}] {name}" for name in KINDS if name != self.kind)
        found = len(self.hits)
        count = f"{found} match{'' if found == 1 else 'es'}" if message.query.strip() else (
            f"{found} most mentioned" if found else "none yet")
        self.query_one("#people-status", Static).update(
            Content.assemble((self.kind.capitalize(), "bold"), f": {count}   ", (tabs, "dim")))
        if want in ids:
            listing.highlighted = ids.index(want)
        elif want is not None:
            listing.highlighted = None
            self._request_page(want)
        elif self.hits:
            listing.highlighted = 0
        else:
            self._page_key = None
            self.query_one(EntityPageView).show_message(message.empty_hint)

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.key != self._page_key:
            return
        page_view = self.query_one(EntityPageView)
        if message.page is None:
            page_view.show_message(message.error)
        else:
            page_view.show_page(message.page)

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        self.notify(message.note, markup=False)
        self._want = message.entity_id
        self._page_key = None
        self.load_list(self.kind, self.query_one("#people-filter", Input).value)

    def _request_page(self, item_id: int) -> None:
        key = (self.kind, item_id)
        if key != self._page_key:
            self._page_key = key
            self.load_page(key)

    # -- workers: one core call each, results posted as messages ---------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-list")
    def load_list(self, kind: str, query: str) -> None:
        hint = ""
        try:
            if KINDS[kind] is None:
                from core.topics import find_topics

                hits = [EntityHit(t.id, t.name, t.kind, t.articles, t.years)
                        for t in find_topics(self.library, query, limit=LIST_LIMIT)]
            else:
                hits = find_entities(self.library, query, KINDS[kind], limit=LIST_LIMIT)
            if not hits:
                hint = self._empty_hint(kind, query)
        except NewsdeskError as exc:
            hits, hint = [], exc.message
        if not get_current_worker().is_cancelled:
            self.post_message(self.Listed(kind, query, hits, hint))

    def _empty_hint(self, kind: str, query: str) -> str:
        if query.strip():
            return f"No {kind} match “{one_line(query)}”. Try fewer letters, or another kind."
        from core.articles import has_articles

        if not has_articles(self.library):
            return ("The library is empty. Add articles with `newsdesk ingest FOLDER` (or "
                    "`newsdesk open --sample`); people, places and topics are found as they "
                    "are ingested.")
        return (f"No {kind} found yet. They are found when articles are ingested with NLP on "
                "(`newsdesk ingest FOLDER`).")

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-page")
    def load_page(self, key: tuple[str, int]) -> None:
        kind, item_id = key
        try:
            if KINDS[kind] is None:
                page = topic_page(self.library, item_id)
            else:
                page = entity_page(self.library, item_id)
        except NewsdeskError as exc:
            self.post_message(self.PageLoaded(key, None, exc.message))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(key, page))

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-merge")
    def find_merge_target(self, hit: EntityHit, target: str) -> None:
        try:
            matches = [m for m in find_entities(self.library, target, None, limit=5)
                       if m.id != hit.id]
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.MergeTargets(hit, matches))

    @on(MergeTargets)
    def _confirm_merge(self, message: MergeTargets) -> None:
        hit, matches = message.variant, message.matches
        if not matches:
            self.notify("No entity matches that name.", severity="warning", markup=False)
            return
        target = matches[0]
        question = (f"Merge “{one_line(hit.name)}” into “{one_line(target.name)}” "
                    f"({target.articles} articles)? The merge is kept across re-ingest "
                    "and can be undone with split.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_merge(hit.id, target.id)

        self.app.push_screen(ConfirmScreen(question), confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-merge")
    def run_merge(self, variant_id: int, target_id: int) -> None:
        try:
            page = merge_entities(self.library, variant_id, target_id)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.Changed(page.id, f"Merged into {one_line(page.name)}."))

    @work(thread=True, exclusive=True, exit_on_error=False, group="people-merge")
    def run_split(self, variant: str, entity_id: int) -> None:
        from core.entities import split_entity

        try:
            split_entity(self.library, variant)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.Changed(entity_id, f"Split off {one_line(variant)}."))
