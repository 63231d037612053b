"""What keeps a keystroke's results quick on a large library: no screen reflow per typed key,
no preview or rest-of-results work for a query typed over, and a frozen start-up heap."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.widgets import Static

import tui.app as app_module
import tui.screens.search as search_module
from core.articles import get_article
from tests.tui.conftest import make_library, settle
from tests.tui.test_search_paging import many_articles
from tui.app import make_app
from tui.widgets.query_input import QueryInput
from tui.widgets.results import FIRST_PAGE, MAX_ROWS, ResultList


async def test_typing_repaints_the_box_without_reflowing_the_screen(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "box.db", many_articles(10))
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(QueryInput)
        layouts: list[bool] = []
        refresh = box.refresh

        def recording(*regions, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(bool(kwargs.get("layout")))
            return refresh(*regions, **kwargs)

        box.refresh = recording  # type: ignore[method-assign]
        box.insert_text_at_cursor("reactor")
        assert layouts and not any(layouts), "a typed key asked for a layout pass"
    lib.close()


async def test_a_query_longer_than_the_box_scrolls_to_the_cursor(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "long.db", many_articles(10))
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*("reactor " * 14 + "omega"))
        await settle(pilot)
        box = app.screen.query_one(QueryInput)
        shown = box.render_lines(box.region.reset_offset)[0].text
        assert box.scroll_offset.x > 0 and "omega" in shown
        await pilot.press("home")
        await pilot.pause()
        shown = box.render_lines(box.region.reset_offset)[0].text
        assert box.scroll_offset.x == 0 and "omega" not in shown and shown.strip().startswith("reactor")
    lib.close()


async def test_typing_on_cancels_the_preview_of_a_list_typed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview waits until the cursor rests: the list a keystroke replaces never draws one."""
    monkeypatch.setattr(search_module, "PREVIEW_AFTER_S", 0.5)  # a wide margin on a slow machine
    fetched: list[int] = []

    def recording_get_article(library, article_id):  # type: ignore[no-untyped-def]
        fetched.append(article_id)
        return get_article(library, article_id)

    monkeypatch.setattr(search_module, "get_article", recording_get_article)
    lib = make_library(tmp_path / "preview.db", many_articles(40))
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        results = screen.query_one(ResultList)
        assert fetched == [results.article_ids[0]]  # the browse list's preview, once
        fetched.clear()
        screen.load_preview(results.article_ids[1], [])  # as moving the cursor does
        await pilot.pause(0.05)  # its worker is running: waiting, or (without a wait) reading
        await pilot.press(*"zqxj")  # typed before the cursor rested: a query with no results
        await settle(pilot)
        assert results.hits == [] and fetched == [], "a preview was read for a list typed over"
    lib.close()


async def test_the_start_up_heap_is_frozen_while_the_app_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "FREEZE_HEAP_AFTER_S", 0.05)
    gc.unfreeze()
    lib = make_library(tmp_path / "heap.db", many_articles(5))
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert gc.get_freeze_count() > 1000
    assert gc.get_freeze_count() == 0, "an app run inside a longer process leaves nothing frozen"
    lib.close()


async def test_the_rest_of_the_results_waits_until_typing_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rest of a result set is fetched once its query has rested, not for every prefix."""
    import core.search

    monkeypatch.setattr(search_module, "MORE_AFTER_S", 0.5)
    rests: list[str] = []
    real_search = core.search.search

    def recording_search(library, query, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("offset"):
            rests.append(query)
        return real_search(library, query, **kwargs)

    monkeypatch.setattr(core.search, "search", recording_search)
    lib = make_library(tmp_path / "rest.db", many_articles(MAX_ROWS + 20))
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        await pilot.press(*"reactor")
        for _ in range(200):  # the first page is on screen, the rest waiting
            await pilot.pause(0.01)
            if len(results.hits) == FIRST_PAGE:
                break
        assert len(results.hits) == FIRST_PAGE
        await pilot.press(*"s")
        await settle(pilot)
        assert rests == ["reactors"]
        assert len(results.hits) == MAX_ROWS
    lib.close()


def _burst(app, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys as a terminal delivers a paste or a fast typist: all queued before any is handled."""
    from textual import events
    from textual.keys import _character_to_key

    for character in text:
        app.post_message(events.Key(_character_to_key(character), character))


@pytest.mark.parametrize("typed", ["/quantum jakarta", "/jk", "/security q"])
async def test_keys_typed_right_behind_slash_reach_the_search_box(
    tmp_path: Path, typed: str
) -> None:
    """From the results list, `/` and the letters behind it in one burst all land in the box:
    none is taken as a key of the list (`j`, `k`) or of the app (`q` quit before)."""
    lib = make_library(tmp_path / "burst.db", many_articles(40))
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        assert app.focused is results
        _burst(app, typed)
        await settle(pilot)
        assert app.is_running
        box = app.screen.query_one(QueryInput)
        assert app.focused is box and box.value == typed[1:]
    lib.close()


@pytest.mark.parametrize(("screen", "listing", "box"), [
    ("people", "#people-list", "#people-filter"),
    ("notes", "#notes-list", "#notes-filter"),
])
async def test_keys_typed_behind_slash_reach_the_filter_box(
    tmp_path: Path, screen: str, listing: str, box: str
) -> None:
    from textual.widgets import Input

    lib = make_library(tmp_path / "filters.db", many_articles(5))
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_show(screen)
        await settle(pilot)
        app.screen.set_focus(app.screen.query_one(listing))
        _burst(app, "/qj k")
        await settle(pilot)
        assert app.is_running and app.current_mode == screen
        assert app.focused is app.screen.query_one(box, Input)
        assert app.screen.query_one(box, Input).value == "qj k"
    lib.close()


async def test_enter_in_the_box_fetches_the_rest_at_once_for_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`enter` settles the query: the rest of its results come without the typing pause, so a
    reader opened right after steps (`>`) through the whole list."""
    monkeypatch.setattr(search_module, "MORE_AFTER_S", 5.0)
    lib = make_library(tmp_path / "enter.db", many_articles(MAX_ROWS + 20))
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        await pilot.press(*"reactors", "enter")
        for _ in range(300):
            await pilot.pause(0.01)
            if len(results.hits) == MAX_ROWS:
                break
        assert len(results.hits) == MAX_ROWS, "the rest waited for the typing pause"
        assert app.focused is results
        app.workers.cancel_all()
    lib.close()


async def test_a_collector_paused_for_start_up_resumes_once_the_heap_is_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "FREEZE_HEAP_AFTER_S", 1.0)
    lib = make_library(tmp_path / "paused.db", many_articles(5))
    app = make_app(library=lib, gc_paused=True)
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert not gc.isenabled(), "resumed before the start-up heap was frozen"
            await pilot.pause(1.3)
            assert gc.isenabled() and gc.get_freeze_count() > 1000
    finally:
        gc.enable()
    lib.close()


async def test_a_reader_opened_from_the_list_before_the_rest_arrives_steps_through_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a result fetches the rest at once, and the reader's sequence is the list's own:
    it grows as the rest arrives, so `>` goes past the first page and the count follows."""
    import threading

    import core.search

    monkeypatch.setattr(search_module, "MORE_AFTER_S", 5.0)
    real_search = core.search.search
    rest_may_arrive = threading.Event()

    def held_rest(*args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("offset"):
            rest_may_arrive.wait(10)  # the rest arrives after the reader has shown its article
        return real_search(*args, **kwargs)

    monkeypatch.setattr(core.search, "search", held_rest)
    asked: list[tuple[str, int, bool]] = []
    more_if_current = search_module.SearchScreen._more_if_current

    def recording(self, query: str, offset: int, wait: bool = True) -> None:  # type: ignore[no-untyped-def]
        asked.append((query, offset, wait))
        more_if_current(self, query, offset, wait)

    monkeypatch.setattr(search_module.SearchScreen, "_more_if_current", recording)
    lib = make_library(tmp_path / "open.db", many_articles(MAX_ROWS + 20))
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        results = screen.query_one(ResultList)
        await pilot.press(*"reactors")
        for _ in range(300):
            await pilot.pause(0.01)
            if len(results.hits) == FIRST_PAGE and screen._listed == "reactors":  # type: ignore[attr-defined]
                break
        assert len(results.hits) == FIRST_PAGE
        await pilot.press("enter")  # in the box: the rest is asked for at once
        await pilot.press("end")
        opened = results.hits[FIRST_PAGE - 1].id
        await pilot.press("enter")  # on the list: opens, and does not ask again
        for _ in range(500):
            await pilot.pause(0.01)
            if getattr(app.screen, "article", None) is not None:
                break
        reader = app.screen
        assert reader.article.id == opened  # type: ignore[attr-defined]
        assert len(reader.sequence) == FIRST_PAGE  # type: ignore[attr-defined]
        rest_may_arrive.set()
        await settle(pilot)
        assert [a for a in asked if not a[2]] == [("reactors", FIRST_PAGE, False)]
        assert len(reader.sequence) == MAX_ROWS, "the reader kept only the first page"  # type: ignore[attr-defined]
        status = str(reader.query_one("#reader-status", Static).render())
        assert f"result {FIRST_PAGE} of {MAX_ROWS}" in status
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert reader.article.id == results.hits[FIRST_PAGE].id  # type: ignore[attr-defined]
        app.workers.cancel_all()
    lib.close()
