"""The app driven with Pilot: search, preview, reader, help, navigation, ugly text, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from core.library import Library
from tests.tui.conftest import UGLY_TITLE, settle
from tui.app import NewsdeskApp, make_app
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.paged_text import PagedText
from tui.widgets.preview import ArticlePreview
from tui.widgets.query_input import QueryInput
from tui.widgets.results import ResultList


def static_text(widget: Static) -> str:
    return str(widget.render())


def preview_text(app: NewsdeskApp) -> str:
    preview = app.screen.query_one(ArticlePreview)
    return "\n".join(static_text(w) for w in preview.query(Static))


def rows(app: NewsdeskApp) -> list[str]:
    results = app.screen.query_one(ResultList)
    return [str(option.prompt) for option in results.options]


async def test_starts_on_search_listing_the_library(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert len(rows(app)) == 3
        status = static_text(app.screen.query_one("#search-status", Static))
        assert "3 most recent articles" in status


async def test_type_query_shows_results_and_preview(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"intelligence")
        await settle(pilot)
        found = rows(app)
        assert len(found) == 1
        assert "Joly and Hayashi" in found[0]
        assert "Global Affairs Wire" in found[0]
        text = preview_text(app)
        assert "Yoshimasa Hayashi" in text
        assert "2022-10-12" in text
        body = app.screen.query_one("#preview-body", Static).render()
        marked = [body.plain[s.start:s.end] for s in body.spans]
        assert any(m.lower().startswith("intelligence") for m in marked)


async def test_fast_typing_shows_only_the_last_query(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"zebrafish")
        for _ in "zebrafish":
            await pilot.press("backspace")
        await pilot.press(*"ministers")
        await settle(pilot)
        found = rows(app)
        assert len(found) == 2
        assert all("zebra" not in row for row in found)


async def test_enter_opens_reader_and_escape_goes_back(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"counter-terrorism", "enter")
        await settle(pilot)
        assert isinstance(app.focused, ResultList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        meta = static_text(app.screen.query_one("#reader-meta", Static))
        assert "Canada and Japan hold 2+2 talks" in meta
        assert "Mari Yamaguchi" in meta and "TOKYO" in meta
        body = app.screen.query_one(PagedText)
        assert body.layout_data.hits, "query words are marked in the reader"
        first = body.current_hit
        await pilot.press("right_square_bracket")
        assert body.current_hit == (first + 1) % len(body.layout_data.hits)
        await pilot.press("j")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0


async def test_j_k_move_in_results(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # from the box into the results
        results = app.screen.query_one(ResultList)
        assert app.focused is results
        await pilot.press("j")
        assert results.highlighted == 1
        await settle(pilot)
        assert results.current_hit is not None
        assert results.current_hit.title.split()[0] in preview_text(app)
        await pilot.press("k")
        assert results.highlighted == 0
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#query")


async def test_help_lists_the_screen_keys(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = static_text(app.screen.query_one("#help-text", Static))
        for key, words in [("/", "Search"), ("?", "Help"), ("j", "Next"), ("q", "Quit")]:
            assert key in text and words in text
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)


async def test_number_keys_switch_screens(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "2")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "No article open" in static_text(app.screen.query_one("#reader-meta", Static))
        await pilot.press("1")
        assert isinstance(app.screen, SearchScreen)


async def test_escape_leaves_the_search_box_for_the_results(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen.focused, QueryInput)
        await pilot.press("escape")
        assert isinstance(screen.focused, ResultList)
        await pilot.press("4")  # a screen key, not a digit typed into the query
        await settle(pilot)
        assert app.current_mode == "compare"
        assert screen.query_one(QueryInput).value == ""


async def test_ugly_text_is_shown_literally_and_never_clicks(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"zebrafish")
        await settle(pilot)
        found = rows(app)
        assert len(found) == 1
        assert "[@click=app.quit]x[/]" in found[0]
        assert "\x1b" not in found[0]
        text = preview_text(app)
        assert "[link=http://x]y[/link]" in text
        assert "[bold]not bold[/bold]" in text
        assert "[$accent]variable[/]" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        meta = static_text(app.screen.query_one("#reader-meta", Static))
        assert "[@click=app.quit]x[/]" in meta and "[b]Outlet[/b]" in meta
        paragraphs = [static_text(w) for w in app.screen.query(".paragraph").results(Static)]
        assert any("[@click=app.quit]click me[/]" in p for p in paragraphs)
        await pilot.click("#reader-meta")
        await pilot.click(".paragraph")
        await settle(pilot)
        assert app.is_running
    assert UGLY_TITLE  # the fixture really carries the traps


@pytest.mark.parametrize("query", ["[/]", "[@click=app.quit]x[/]", '"', "NEAR(", "a\tb", "*"])
async def test_odd_queries_never_crash(news_lib: Library, query: str) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*query)
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, SearchScreen)


async def test_small_terminal(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"ministers")
        await settle(pilot)
        assert len(rows(app)) == 2
        results = app.screen.query_one(ResultList)
        assert results.size.height >= 15


async def test_long_article_opens_at_once(tmp_path: Path) -> None:
    from core.models import ParsedArticle
    from tests.tui.conftest import make_library

    paragraph = "lorem ipsum dolor sit amet " * 40
    body = "\n\n".join(f"{paragraph} number{i}" for i in range(5000)) + "\n\nthe needle is here"
    lib = make_library(tmp_path / "big.db", [
        ParsedArticle(source="/big.txt", format="txt", title="Big", body=body),
    ])
    try:
        app = make_app(library=lib)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press(*"needle")
            await settle(pilot)
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
            reader_body = app.screen.query_one(PagedText)
            assert len(reader_body.layout_data.paragraphs) > 5000
            assert reader_body.cursor == len(reader_body.layout_data.paragraphs) - 1
            assert len(reader_body.children) < 200  # mounted lazily, around the hit
            await pilot.pause()
            cursor_view = app.screen.query_one(".paragraph.-cursor")
            assert "needle" in str(cursor_view.render())
            assert reader_body.region.contains_region(cursor_view.region)
            await pilot.press("k", "k")
            await settle(pilot)
            cursor_view = app.screen.query_one(".paragraph.-cursor")
            assert reader_body.region.overlaps(cursor_view.region)
    finally:
        lib.close()


def test_make_app_on_a_bad_library_raises_one_clear_error(tmp_path: Path) -> None:
    from core.errors import LibraryError

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError):
        make_app(bad)


async def test_up_arrow_recalls_recent_searches(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"tokyo", "enter")
        await settle(pilot)
        await pilot.press("slash", "ctrl+u", *"hayashi", "enter")
        await settle(pilot)
        await pilot.press("slash", "ctrl+u")
        await settle(pilot)
        query = app.screen.query_one("#query")
        await pilot.press("up")
        assert query.value == "hayashi"
        await pilot.press("up")
        assert query.value == "tokyo"
        await pilot.press("down", "down")
        assert query.value == ""


async def test_palette_offers_screen_actions_and_screens(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Go to Reader" in titles and "Go to Search" in titles
        assert "Search" in titles and "Help" in titles
        assert not any("Scroll" in title for title in titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"go to reader")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_core_errors_become_one_notification(news_lib: Library) -> None:
    from tui.messages import OpenArticle

    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenArticle(99999, "x"))
        await settle(pilot)
        notes = list(app._notifications)
        assert len(notes) == 1
        assert notes[0].title == "Not found" and "99999" in notes[0].message
        assert notes[0].markup is False
        assert app.is_running


async def test_preview_starts_near_the_first_hit(tmp_path: Path) -> None:
    from core.models import ParsedArticle
    from tests.tui.conftest import make_library

    filler = "\n\n".join(f"plain filler sentence number {i} here." for i in range(200))
    lib = make_library(tmp_path / "far.db", [
        ParsedArticle(source="/far.txt", format="txt", title="Far",
                      body=filler + "\n\nAt last the walrus appears in the text."),
    ])
    try:
        app = make_app(library=lib)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press(*"walrus")
            await settle(pilot)
            body = app.screen.query_one("#preview-body", Static).render()
            assert body.plain.startswith("… At last the walrus")
    finally:
        lib.close()


async def test_save_a_search_then_run_it_from_the_picker(news_lib: Library) -> None:
    from core.search.history import saved_searches
    from tui.screens.name_dialog import NameDialog
    from tui.screens.search_picker import SearchPicker

    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # nothing typed: nothing to save
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"intelligence", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NameDialog)
        await pilot.press(*"[b]pact[/b]", "enter")
        await settle(pilot)
        assert [(s.name, s.query) for s in saved_searches(news_lib)] == [
            ("[b]pact[/b]", "intelligence")
        ]
        box = app.screen.query_one("#query", Input)
        box.value = ""
        await pilot.press(*"ministers", "enter")  # a recent search
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, SearchPicker)
        assert picker.queries()[0] == "intelligence" and "ministers" in picker.queries()
        labels = [str(o.prompt) for o in picker.query_one(OptionList).options]
        assert "[b]pact[/b]" in labels[0]
        await pilot.press("enter")  # the saved one, first in the list
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "intelligence"
        assert len(rows(app)) == 1 and "Joly and Hayashi" in rows(app)[0]
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_reader_steps_through_results_with_angle_brackets(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"ministers", "enter")
        await settle(pilot)
        first, second = news_lib_rows = rows(app)
        assert len(news_lib_rows) == 2
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article is not None
        status = str(reader.query_one("#reader-status", Static).render())
        assert "result 1 of 2" in status
        opened = reader.article.title
        assert opened in first
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert reader.article.title in second and reader.article.title != opened
        assert "result 2 of 2" in str(reader.query_one("#reader-status", Static).render())
        await pilot.press("greater_than_sign")  # no more that way: stays
        await settle(pilot)
        assert reader.article.title in second
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert reader.article.title == opened


async def test_wide_terminal_keeps_a_readable_measure(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press(*"ministers")
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        assert 40 <= results.region.width <= 100
        assert app.screen.query_one("#preview-body", Static).region.width <= 100
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        views = list(app.screen.query_one(PagedText).children)
        assert views and all(view.region.width <= 100 for view in views)
        assert all(view.region.height >= 1 for view in views)
        status = app.screen.query_one("#reader-status", Static)
        assert status.region.height == 1 and status.region.width > 150
