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
