"""The people & topics screen driven with Pilot: fuzzy filter, kinds, page, open, merge, split."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from core.entities import find_entities
from core.library import Library
from core.models import ParsedArticle
from core.nlp import annotate_articles
from core.store.articles import upsert_article
from tests.core.test_nlp import spacy_model
from tests.tui.conftest import ARTICLES, make_library, settle
from tui.app import NewsdeskApp, make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.name_dialog import NameDialog
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.entity_page import EntityPageView

__all__ = ["spacy_model"]

UGLY_NAME = "[@click=app.quit]Evil[/] Markupson"
EXTRA = [
    ParsedArticle(
        source="/articles/hayashi-2023.txt", format="txt",
        title="Hayashi visits Ottawa for talks on LNG",
        outlet="Wire", byline="By Mari Yamaguchi", published="2023-01-12", date_precision="day",
        body=(
            "Foreign Minister Yoshimasa Hayashi visited Ottawa in January.\n\n"
            "Hayashi met Prime Minister Justin Trudeau. Trudeau and Hayashi discussed LNG "
            "exports and small modular reactors."
        ),
    ),
    ParsedArticle(
        source="/articles/evil.txt", format="txt", title="[/] Evil \x1b[31mtitle",
        outlet="Wire", byline="", published="2021-03-03", date_precision="day",
        body=f"Officials said {UGLY_NAME} met Justin Trudeau in Ottawa on Monday.",
    ),
]


@pytest.fixture
def people_lib(tmp_path: Path, spacy_model: str) -> Iterator[Library]:
    lib = make_library(tmp_path / "people.db", [*ARTICLES, *EXTRA])
    annotate_articles(lib, model=spacy_model)
    yield lib
    lib.close()


def list_rows(app: NewsdeskApp) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#people-list", OptionList).options]


def page_rows(app: NewsdeskApp) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(EntityPageView).options]


async def open_people(pilot_app: NewsdeskApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot_app.run_action("show('people')")
    await settle(pilot)
    assert isinstance(pilot_app.screen, PeopleScreen)


async def test_fuzzy_filter_page_and_open(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app, pilot)
        assert list_rows(app), "the people list starts filled"
        await pilot.press(*"Hayshi")
        await settle(pilot)
        rows = list_rows(app)
        assert rows[0].startswith("Yoshimasa Hayashi")
        assert "2 articles" in rows[0] and "2022–2023" in rows[0]
        page = page_rows(app)
        assert page[0].startswith("Yoshimasa Hayashi")
        assert "Articles by year" in page
        assert any(row.strip().startswith("2022") for row in page)
        assert any(row.strip().startswith("2023") for row in page)
        assert any("Justin Trudeau" in row for row in page), "co-mentions listed"
        # enter: filter -> list -> page; then down to an article and enter opens the reader
        await pilot.press("enter", "enter")
        view = app.screen.query_one(EntityPageView)
        assert app.focused is view
        while view.current_row is None or view.current_row.kind != "article":
            await pilot.press("down")
        title = view.current_row.label
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        meta = app.screen.query_one("#reader-meta", Static).render()
        assert title in str(meta)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)


async def test_kinds_switch_and_no_match(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app, pilot)
        await pilot.press("enter")  # focus the list so letters are keys
        await pilot.press("l")
        await settle(pilot)
        assert any(row.startswith(("Tokyo", "Ottawa", "Japan", "Canada")) for row in list_rows(app))
        status = str(app.screen.query_one("#people-status", Static).render())
        assert status.startswith("Places")
        await pilot.press("t")
        await settle(pilot)
        assert list_rows(app), "topics listed"
        assert "Articles" in " ".join(page_rows(app))
        await pilot.press("p", "slash", *"zzqqxx")
        await settle(pilot)
        assert list_rows(app) == []
        assert "No people match" in page_rows(app)[0]


async def test_merge_with_confirm(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app, pilot)
        await pilot.press(*"Trudeau", "enter")
        await settle(pilot)
        assert list_rows(app)[0].startswith("Justin Trudeau")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NameDialog)
        await pilot.press(*"Hayshi", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-text", Static).render())
        assert "Justin Trudeau" in question and "Yoshimasa Hayashi" in question
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert page_rows(app)[0].startswith("Yoshimasa Hayashi")
        assert any("Justin Trudeau" in row for row in page_rows(app)), "now a variant"
    merged = find_entities(people_lib, "Justin Trudeau", ("PERSON",))
    assert merged[0].name == "Yoshimasa Hayashi"


async def test_merge_cancelled_changes_nothing(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app, pilot)
        await pilot.press(*"Trudeau", "enter", "m", *"Hayashi", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    assert find_entities(people_lib, "Justin Trudeau", ("PERSON",))[0].name == "Justin Trudeau"


async def test_split_variant_with_confirm(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app, pilot)
        await pilot.press(*"Hayashi", "enter", "enter")
        await settle(pilot)
        view = app.screen.query_one(EntityPageView)
        assert view.page is not None and "Hayashi" in view.page.variants
        await pilot.press("s")  # on the first row, which is the first variant
        await settle(pilot)
        assert view.current_row is not None and view.current_row.kind == "variant"
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    names = {hit.name for hit in find_entities(people_lib, "Hayashi", None, limit=10)}
    assert "Hayashi" in names or any(n != "Yoshimasa Hayashi" for n in names)


async def test_ugly_titles_and_names_stay_literal(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app, pilot)
        await pilot.press(*"Trudeau")
        await settle(pilot)
        page = page_rows(app)
        ugly = [row for row in page if "Evil" in row]
        assert ugly and "[/] Evil" in ugly[0], "markup in a title is shown as typed"
        assert all("\x1b" not in row for row in page)
        await pilot.press("enter", "enter")  # to the page, then to the ugly article
        view = app.screen.query_one(EntityPageView)
        for _ in range(len(page)):
            if view.current_row is not None and "Evil" in view.current_row.label:
                break
            await pilot.press("down")
        assert view.current_row is not None and "Evil" in view.current_row.label
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        assert "[/] Evil" in str(app.screen.query_one("#reader-meta", Static).render())


async def test_empty_library_explains(tmp_path: Path) -> None:
    lib = Library(tmp_path / "empty.db")
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        assert list_rows(app) == []
        assert "library is empty" in page_rows(app)[0]
        # the page's rows never wrap, so the explanation is wrapped to the pane: all of it shows
        page = app.screen.query_one(EntityPageView)
        assert len(page_rows(app)) > 1
        assert all(len(row) <= page.scrollable_content_region.width for row in page_rows(app))
        assert " ".join(page_rows(app)) == app.screen._empty_hint("people", "")  # type: ignore[attr-defined]
    lib.close()


async def test_fits_80x24(people_lib: Library) -> None:
    app = make_app(library=people_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(app, pilot)
        await pilot.press(*"joly")
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        listing = app.screen.query_one("#people-list")
        page = app.screen.query_one(EntityPageView)
        assert page.region.y >= listing.region.bottom  # the page sits below the list
        assert page.region.height >= 6
        assert list_rows(app)[0].startswith("Melanie Joly")


def test_topic_page_lists_articles(people_lib: Library) -> None:
    from core.topics import find_topics
    from tui.screens.people import topic_page

    topic = find_topics(people_lib, "counter terrorism", limit=1)[0]
    page = topic_page(people_lib, topic.id)
    assert page.articles >= 1
    assert page.article_list and sum(count for _, count in page.by_year) == len(page.article_list)


def test_upsert_only_library_has_no_entities_hint(tmp_path: Path) -> None:
    lib = Library(tmp_path / "plain.db")
    with lib.store.write() as conn:
        upsert_article(conn, ARTICLES[0])
    screen = PeopleScreen(lib)
    assert "found when articles are ingested" in screen._empty_hint("people", "")
    lib.close()
