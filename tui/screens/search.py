"""The first screen: a query box, ranked results and a preview of the selected article."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from core.articles import get_article, list_articles
from core.errors import NewsdeskError
from core.library import Library
from core.models import Article, SearchHit, SearchResult
from tui.messages import CoreFailed, OpenArticle, ResultsGrew
from tui.widgets.highlight import query_terms, snippet_terms
from tui.widgets.key_footer import KeyFooter
from tui.widgets.preview import ArticlePreview
from tui.widgets.query_input import QueryInput
from tui.widgets.results import FIRST_PAGE, MAX_ROWS, ResultList

# Keys typed in one burst (a paste, a fast typist) arrive within a few ms: one search for them.
# Exclusive workers, and a search overtaken by a keystroke stops at once.
DEBOUNCE_S = 0.01
# The preview and the rest of the results wait in their workers until the cursor or the query
# rests this long, and typing on cancels them: drawn in the middle of the next keystroke's
# search (or competing with it for the GIL) they held its results back by 20-80 ms at 100k.
PREVIEW_AFTER_S = 0.03
MORE_AFTER_S = 0.15
WARM_UP_AFTER_S = 1.0  # numpy for multi-word ranking, loaded once the first frame is long done
PLACEHOLDER = 'Search: words, "a phrase", nucl*, -exclude, year:2016, outlet:"Japan Today"'


def browse_hits(library: Library) -> list[SearchHit]:
    """With no query, the library itself: newest articles first."""
    return [
        SearchHit(s.id, s.title, s.outlet, s.byline, s.published, s.year, "", 0.0)
        for s in list_articles(library, MAX_ROWS, newest_first=True)
    ]


def count_status(total: int, shown: int) -> str:
    """`12 results`, or `1234 results (showing 300)` when the list holds only the first."""
    more = f" (showing {shown})" if total > shown else ""
    return f"{total} result{'' if total == 1 else 's'}{more}"


def _recent(library: Library) -> list[str]:
    """Recent searches, newest first, as plain strings (runs in a worker)."""
    from core.search.history import recent_searches

    return [entry if isinstance(entry, str) else str(getattr(entry, "query", entry))
            for entry in recent_searches(library)]


class SearchScreen(Screen[None]):
    """Type to search; `j`/`k` move in the results; `enter` opens the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_query", "Search", key_display="/"),
        Binding("enter", "open", "Open"),
        Binding("ctrl+s", "save_search", "Save search"),
        Binding("ctrl+r", "pick_search", "Saved/recent"),
        Binding("escape", "leave_query", "Results / back", show=False),
    ]

    @dataclass
    class Searched(Message):
        """A search (or the browse list for an empty query) finished in the worker."""

        query: str
        result: SearchResult

    @dataclass
    class MoreLoaded(Message):
        """The rest of a result set, fetched after its first page was shown."""

        query: str
        hits: list[SearchHit]

    @dataclass
    class Previewed(Message):
        """The article under the cursor was read for the preview."""

        article: Article
        terms: list[str]

    @dataclass
    class HistoryLoaded(Message):
        searches: list[str]

    @dataclass
    class PickerLoaded(Message):
        """Saved searches (name, query) and recent queries, read for the picker."""

        saved: list[tuple[str, str]]
        recent: list[str]

    @dataclass
    class SearchSaved(Message):
        name: str

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._total = 0  # matches of the query on screen, of which the list holds the first
        self._listed = ""  # the query whose results are on screen
        self._submitted: str | None = None  # the query `enter` settled on, until typing goes on
        self._rest_asked: tuple[str, int] | None = None  # (query, offset) fetched without a wait

    def compose(self) -> ComposeResult:
        yield QueryInput(placeholder=PLACEHOLDER, id="query", compact=True)
        yield Static(id="search-status")
        with Horizontal(id="search-panes"):
            yield ResultList(id="results")
            yield ArticlePreview(id="preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(QueryInput).focus()
        # The first frame comes before any library work: the list fills in right after it.
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        self.run_search(self.query_one(QueryInput).value, debounce=False)
        self.load_history()
        self.set_timer(WARM_UP_AFTER_S, self.warm_up)

    # -- actions ---------------------------------------------------------------------------------

    def action_focus_query(self) -> None:
        query = self.query_one(QueryInput)
        # at once, not after the queued messages as `focus()` does: the keys typed right behind
        # the `/` must find the box focused (see NewsdeskApp.on_key)
        self.set_focus(query)
        query.cursor_position = len(query.value)

    def action_leave_query(self) -> None:
        """`escape` in the search box moves to the results (where `j`/`k` and `1`-`5` work);
        elsewhere it goes back as on every screen."""
        if self.focused is self.query_one(QueryInput):
            self.query_one(ResultList).focus()
        else:
            self.app.action_go_back()  # type: ignore[attr-defined]

    def action_open(self) -> None:
        results = self.query_one(ResultList)
        hit = results.current_hit
        if hit is None:
            return
        query = self.query_one(QueryInput).value
        if query.strip():
            self.save_search(query)
        terms = snippet_terms(hit.snippet, hit.highlights)
        self._rest_now(query)  # the reader steps (`>`) through the whole list
        self.post_message(OpenArticle(hit.id, query, terms, results.article_ids))

    def action_save_search(self) -> None:
        """Ask for a name and save the query in the box under it."""
        query = self.query_one(QueryInput).value.strip()
        if not query:
            self.notify("Type a query first, then save it.", markup=False, timeout=2)
            return

        def named(name: str | None) -> None:
            if name:
                self.store_saved_search(name, query)

        from tui.screens.name_dialog import NameDialog

        self.app.push_screen(NameDialog("Save this search as", placeholder=query), named)

    def action_pick_search(self) -> None:
        """Open the picker of saved and recent searches."""
        self.load_picker()

    def _picked(self, query: str | None) -> None:
        if query is None:
            return
        box = self.query_one(QueryInput)
        box.value = query
        box.cursor_position = len(query)
        box.focus()

    # -- events ----------------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        # the rest of the previous result set, and its preview, are no longer wanted
        self.workers.cancel_group(self, "more")
        self.workers.cancel_group(self, "preview")
        self._submitted = None
        self._rest_asked = None
        self.run_search(event.value)

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.save_search(event.value)
        self.query_one(ResultList).focus()
        # the query is settled: the rest of its results now, so a reader opened right away
        # gets the whole list for `>`
        self._submitted = event.value
        self._rest_now(event.value)

    @on(OptionList.OptionSelected, "#results")
    def _result_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        hit = self.query_one(ResultList).current_hit
        if hit is not None:
            self.load_preview(hit.id, self._terms_for(hit))

    @on(Searched)
    def _searched(self, message: Searched) -> None:
        if message.query != self.query_one(QueryInput).value:
            return  # a newer query is on its way
        result = message.result
        results = self.query_one(ResultList)
        results.show_hits(result.hits)
        self._total = result.total
        self._listed = message.query
        status = result.message
        if not status:
            if message.query.strip():
                status = count_status(result.total, len(results.hits))
            else:
                status = f"The {len(results.hits)} most recent articles. Type to search."
        self._set_status(status)
        if not result.hits:
            self.query_one(ArticlePreview).show_article(None, [])
        elif message.query.strip() and result.total > len(results.hits) < MAX_ROWS:
            self._more_if_current(message.query, len(results.hits),
                                  wait=message.query != self._submitted)

    @on(MoreLoaded)
    def _more_loaded(self, message: MoreLoaded) -> None:
        if message.query != self.query_one(QueryInput).value:
            return
        results = self.query_one(ResultList)
        results.add_hits(message.hits)
        self._rest_asked = None
        self._set_status(count_status(self._total, len(results.hits)))
        self.post_message(ResultsGrew())

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        hit = self.query_one(ResultList).current_hit
        if hit is not None and hit.id == message.article.id:
            self.query_one(ArticlePreview).show_article(message.article, message.terms)

    @on(PickerLoaded)
    def _picker_loaded(self, message: PickerLoaded) -> None:
        from tui.screens.search_picker import SearchPicker

        self.app.push_screen(SearchPicker(message.saved, message.recent), self._picked)

    @on(SearchSaved)
    def _search_saved(self, message: SearchSaved) -> None:
        self.notify(f"Saved search {message.name!r}. ctrl+r lists it.", markup=False, timeout=3)

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.query_one(QueryInput).set_history(message.searches)

    def _rest_now(self, query: str) -> None:
        """The rest of the listed results of `query` without waiting for typing to pause."""
        results = self.query_one(ResultList)
        asked = (query, len(results.hits))
        if self._listed == query and self._total > asked[1] < MAX_ROWS and self._rest_asked != asked:
            self._rest_asked = asked  # `enter` in the box, then on the list: fetched once
            self._more_if_current(query, asked[1], wait=False)

    def _more_if_current(self, query: str, offset: int, wait: bool = True) -> None:
        if query == self.query_one(QueryInput).value:  # not if typing went on meanwhile
            self.load_more(query, offset, wait)

    def _set_status(self, text: str) -> None:
        """The status line is one row whatever it says: no layout pass (a whole-screen reflow
        and repaint, about 35 ms at 100x30) for a new count."""
        self.query_one("#search-status", Static).update(Content(text), layout=False)

    def _terms_for(self, hit: SearchHit) -> list[str]:
        query = self.query_one(QueryInput).value
        return [*snippet_terms(hit.snippet, hit.highlights), *query_terms(query)]

    # -- workers: one core call each, results posted as messages ---------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str, debounce: bool = True) -> None:
        if debounce:
            time.sleep(DEBOUNCE_S)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        try:
            if query.strip():
                from core.search import search

                result = search(
                    self.library, query, limit=FIRST_PAGE, is_cancelled=lambda: worker.is_cancelled
                )
            else:
                started = time.perf_counter()
                hits = browse_hits(self.library)
                elapsed = (time.perf_counter() - started) * 1000
                result = SearchResult(query, hits, len(hits), elapsed_ms=elapsed)
        except NewsdeskError as exc:
            result = SearchResult(query, [], 0, message=exc.message)
        if not worker.is_cancelled:
            self.post_message(self.Searched(query, result))

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm")
    def warm_up(self) -> None:
        """Load what a search of several common words needs, once the screen is up and idle."""
        from core.search.ranked import warm_up

        warm_up()

    @work(thread=True, exclusive=True, exit_on_error=False, group="more")
    def load_more(self, query: str, offset: int, wait: bool = True) -> None:
        from core.search import search

        worker = get_current_worker()
        if wait:
            time.sleep(MORE_AFTER_S)
        if worker.is_cancelled:
            return
        try:
            result = search(self.library, query, limit=MAX_ROWS - offset, offset=offset,
                            is_cancelled=lambda: worker.is_cancelled)
        except NewsdeskError:
            return  # the first page already showed whatever was wrong
        if not worker.is_cancelled:
            self.post_message(self.MoreLoaded(query, result.hits))

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def load_preview(self, article_id: int, terms: list[str]) -> None:
        time.sleep(PREVIEW_AFTER_S)
        if get_current_worker().is_cancelled:
            return
        try:
            article = get_article(self.library, article_id)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Previewed(article, terms))

    @work(thread=True, exit_on_error=False, group="history")
    def load_history(self) -> None:
        try:
            import core.search.history  # noqa: F401
        except ImportError:
            return
        try:
            searches = _recent(self.library)
        except NewsdeskError:
            return
        self.post_message(self.HistoryLoaded(searches))

    @work(thread=True, exit_on_error=False, group="history")
    def save_search(self, query: str) -> None:
        try:
            from core.search.history import record_search
        except ImportError:
            return
        try:
            record_search(self.library, query)
            searches = _recent(self.library)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.HistoryLoaded(searches))

    @work(thread=True, exit_on_error=False, group="history")
    def store_saved_search(self, name: str, query: str) -> None:
        from core.search.history import save_search

        try:
            saved = save_search(self.library, name, query)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.SearchSaved(saved.name))

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def load_picker(self) -> None:
        from core.search.history import saved_searches

        try:
            saved = [(entry.name, entry.query) for entry in saved_searches(self.library)]
            recent = _recent(self.library)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.PickerLoaded(saved, recent))
