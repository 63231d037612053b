"""The search screen shows a first page at once and fills in the rest of the results after it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from core.models import ParsedArticle
from tests.tui.conftest import make_library, settle
from tui.app import make_app
from tui.screens.search import count_status
from tui.widgets.results import FIRST_PAGE, MAX_ROWS, ResultList


def many_articles(count: int) -> list[ParsedArticle]:
    return [
        ParsedArticle(
            source=f"/articles/{index}.txt", format="txt", title=f"Reactor report {index}",
            outlet="Energy Wire", published=f"20{10 + index % 12:02d}-01-{1 + index % 28:02d}",
            date_precision="day",
            body=f"Report {index} on small modular reactors and the supply of fuel number {index}.",
        )
        for index in range(count)
    ]


def test_count_status() -> None:
    assert count_status(1, 1) == "1 result"
    assert count_status(12, 12) == "12 results"
    assert count_status(400, 300) == "400 results (showing 300)"


async def test_first_page_then_the_rest_up_to_the_cap(tmp_path: Path) -> None:
    total = MAX_ROWS + 20
    lib = make_library(tmp_path / "many.db", many_articles(total))
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"reactors")
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        assert len(results.hits) == MAX_ROWS > FIRST_PAGE
        assert len(set(results.article_ids)) == MAX_ROWS
        assert results.highlighted == 0
        status = str(app.screen.query_one("#search-status", Static).render())
        assert status == f"{total} results (showing {MAX_ROWS})"
    lib.close()


async def test_rows_are_two_lines_each_and_long_titles_do_not_wrap(tmp_path: Path) -> None:
    """The list counts two lines a row without measuring each title (ResultList._update_lines)."""
    articles = many_articles(40)
    articles[0].title = "A very long title " * 20 + "END"
    lib = make_library(tmp_path / "rows.db", articles)
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"reactors")
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        assert results.virtual_size.height == 2 * len(results.hits) == 80
        lines = [line.text for line in results.render_lines(results.region.reset_offset)]
        titles = [hit.title for hit in results.hits]
        for row in range(len(lines) // 2):
            title_line = lines[2 * row].rstrip("▕ ").rstrip("…").strip()
            meta_line = lines[2 * row + 1]
            assert title_line and titles[row].startswith(title_line)
            assert results.hits[row].published in meta_line
    lib.close()


async def test_typing_on_drops_the_rest_of_the_previous_results(tmp_path: Path) -> None:
    """The rest of a result set is fetched only while its query is still the one typed."""
    lib = make_library(tmp_path / "typing.db", many_articles(MAX_ROWS + 20))
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"reactors")
        await settle(pilot)
        await pilot.press("ctrl+u", *"fuel")
        screen._more_if_current("reactors", FIRST_PAGE)  # type: ignore[attr-defined]
        assert not [w for w in app.workers if w.group == "more" and not w.is_cancelled
                    and "reactors" in w.description], "no fetch for a query no longer typed"
        await settle(pilot)
        assert len(screen.query_one(ResultList).hits) == MAX_ROWS  # the new query's rest came
        status = str(screen.query_one("#search-status", Static).render())
        assert status.startswith(f"{MAX_ROWS + 20} results")
    lib.close()
