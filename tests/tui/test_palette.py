"""The command palette provider: people, topics and articles by fuzzy name, and the jumps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList, Static

from core.library import Library
from core.nlp import annotate_articles
from tests.core.test_nlp import spacy_model
from tests.tui.conftest import ARTICLES, UGLY_TITLE, make_library, settle
from tests.tui.test_people_screen import EXTRA, list_rows, page_rows
from tui.app import make_app
from tui.palette import NewsdeskCommands, article_query, find_jumps
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen

__all__ = ["spacy_model"]


@pytest.fixture
def palette_lib(tmp_path: Path, spacy_model: str) -> Iterator[Library]:
    lib = make_library(tmp_path / "palette.db", [*ARTICLES, *EXTRA])
    annotate_articles(lib, model=spacy_model)
    yield lib
    lib.close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("haya sharing", "haya* sharing*"), ('"x" OR -y year:2016', "x* OR* y* year* 2016*"),
     ("[/]", ""), ("", "")],
)
def test_article_query_is_prefix_words_only(typed: str, expected: str) -> None:
    assert article_query(typed) == expected


def test_finds_person_with_a_typo(palette_lib: Library) -> None:
    jumps = find_jumps(palette_lib, "Hayshi")
    assert jumps[0].target == "entity" and jumps[0].name == "Yoshimasa Hayashi"
    assert "person" in jumps[0].detail


def test_finds_article_by_title_words(palette_lib: Library) -> None:
    jumps = find_jumps(palette_lib, "intelligence shar")
    articles = [j for j in jumps if j.target == "article"]
    assert articles and articles[0].name.startswith("Joly and Hayashi agree")
    assert find_jumps(palette_lib, "   ") == []
    assert find_jumps(palette_lib, '"unbalanced ( [/] \x1b') is not None  # never raises


async def test_provider_hits_and_person_jump(palette_lib: Library) -> None:
    app = make_app(library=palette_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = NewsdeskCommands(app.screen)
        hits = [hit async for hit in provider.search("Hayshi")]
        assert hits and hits[0].text == "Yoshimasa Hayashi"
        hits[0].command()
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert list_rows(app)[0].startswith("Yoshimasa Hayashi")
        assert page_rows(app)[0].startswith("Yoshimasa Hayashi")


async def test_palette_opens_article_in_reader(palette_lib: Library) -> None:
    app = make_app(library=palette_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"modular reactors")
        commands = app.screen.query_one("CommandList", OptionList)
        title = "Hayashi visits Ottawa for talks on LNG"
        for _ in range(30):
            await pilot.pause(0.1)
            prompts = [str(option.prompt) for option in commands.options]
            if any(title in prompt for prompt in prompts):
                break
        index = next(i for i, prompt in enumerate(prompts) if title in prompt)
        commands.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert title in str(app.screen.query_one("#reader-meta", Static).render())


async def test_ugly_article_title_is_literal_in_the_palette(palette_lib: Library) -> None:
    app = make_app(library=palette_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = NewsdeskCommands(app.screen)
        hits = [hit async for hit in provider.search("zebrafish")]
        assert hits, "the ugly article is found by a word of its body"
        shown = hits[0].prompt
        assert "[@click=app.quit]x[/]" in str(shown)
        assert "\x1b" not in str(shown)
        assert hits[0].text is not None and UGLY_TITLE.startswith(hits[0].text[:10])
        hits[0].command()
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ReaderScreen)
