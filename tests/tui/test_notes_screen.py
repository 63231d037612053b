"""The notes screen: listing, filter, selection, export, edit, delete with confirm, sizes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import OptionList, Static

from core.articles import list_articles
from core.library import Library
from core.notes import Note, add_note, get_note, list_notes
from core.paths import default_export_dir
from tests.tui.conftest import UGLY_TITLE, settle
from tui.app import NewsdeskApp, make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_dialog import NoteDialog
from tui.screens.notes import NoteFilter, NotesScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.paged_text import PagedText


@pytest.fixture
def noted(news_lib: Library) -> Iterator[Library]:
    """The news library with three notes, one of them on the ugly article."""
    ids = {a.title: a.id for a in list_articles(news_lib, 10)}
    pact = ids["Joly and Hayashi agree to start talks on intelligence sharing"]
    talks = ids["Canada and Japan hold 2+2 talks on counter-terrorism"]
    add_note(news_lib, talks, quote="ahead of the G7 Ise-Shima summit", comment="G7 angle",
             tags=["g7", "2016"])
    add_note(news_lib, pact, quote="LNG supplies and small modular reactors", comment="energy",
             tags=["energy"])
    add_note(news_lib, ids[UGLY_TITLE], quote="[@click=app.quit]click me[/]",
             comment="[/] [@click=app.quit]x[/]", tags=["[b]ugly[/b]", "g7"])
    yield news_lib


def rows(app: NewsdeskApp) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#notes-list", OptionList).options]


def status(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#notes-status", Static).render())


async def open_notes(pilot) -> NotesScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("down", "5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NotesScreen)
    return screen


async def test_lists_newest_first_with_ugly_text_literal(noted: Library) -> None:
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_notes(pilot)
        shown = rows(app)
        assert len(shown) == 3
        assert "[@click=app.quit]click me[/]" in shown[0]  # newest first
        assert "#[b]ugly[/b]" in shown[0] and "[/] [@click=app.quit]x[/]" in shown[0]
        assert "LNG supplies" in shown[1] and "G7 Ise-Shima" in shown[2]
        assert "3 notes" in status(app)
        await pilot.click("#notes-list")
        await settle(pilot)
        assert app.is_running and screen is app.screen


async def test_filter_by_tag_and_text(noted: Library) -> None:
    assert NoteFilter.parse("#g7 summit #2016") == NoteFilter(["g7", "2016"], "summit")
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        await pilot.press("slash", *"#g7")
        await settle(pilot)
        assert len(rows(app)) == 2
        await pilot.press(*" #2016")
        await settle(pilot)
        assert len(rows(app)) == 1 and "Ise-Shima" in rows(app)[0]
        for _ in " #2016#g7":
            await pilot.press("backspace")
        await pilot.press(*"reactrs")  # fuzzy: a typo still finds the energy note
        await settle(pilot)
        assert len(rows(app)) == 1 and "LNG" in rows(app)[0]
        assert "match the filter" in status(app)
        await pilot.press("enter")  # back to the list
        assert isinstance(app.focused, OptionList)


async def test_select_all_and_export_shown(noted: Library) -> None:
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_notes(pilot)
        await pilot.press("a")
        assert len(screen.selected) == 3 and "3 selected" in status(app)
        assert all(row.startswith("●") for row in rows(app))
        await pilot.press("a")  # a second `a` clears
        assert not screen.selected
        await pilot.press("j", "space", "k")
        assert screen.selected == {screen.notes[1].id}
        await pilot.press("space", "e")
        await settle(pilot)
        text = next(default_export_dir().glob("*.md")).read_text(encoding="utf-8")
        assert "LNG supplies" in text and "Ise-Shima" not in text
        assert "click me" in text  # the selected ugly note, escaped for Markdown
        assert "\\[@click=app.quit\\]" in text


async def test_delete_asks_first(noted: Library) -> None:
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        first = list_notes(noted)[0]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(list_notes(noted)) == 3
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert first.id not in [n.id for n in list_notes(noted)]
        assert len(rows(app)) == 2


async def test_edit_comment_and_tags(noted: Library) -> None:
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        note: Note = list_notes(noted)[1]
        await pilot.press("j", "c")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        comment = app.screen.query_one("#note-comment")
        assert comment.value == "energy"  # type: ignore[attr-defined]
        comment.value = "energy and SMRs"  # type: ignore[attr-defined]
        await pilot.press("tab", *" nuclear", "enter")
        await settle(pilot)
        changed = get_note(noted, note.id)
        assert changed.comment == "energy and SMRs" and changed.tags == ["energy", "nuclear"]
        assert "energy and SMRs" in rows(app)[1]


async def test_open_and_copy_citation(noted: Library) -> None:
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        await pilot.press("j", "y")
        assert app.clipboard.startswith("\u201cJoly and Hayashi")
        assert "Global Affairs Wire" in app.clipboard
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        body = app.screen.query_one(PagedText)
        assert body.current_hit is not None, "the reader opens at the noted passage"
        paragraph, _ = body.layout_data.hits[body.current_hit]
        assert "LNG supplies" in body.layout_data.paragraphs[paragraph].text


@pytest.mark.parametrize("size", [(80, 24), (130, 40)])
async def test_sizes(noted: Library, size: tuple[int, int]) -> None:
    app = make_app(library=noted)
    async with app.run_test(size=size) as pilot:
        screen = await open_notes(pilot)
        listing = screen.query_one("#notes-list", OptionList)
        detail = screen.query_one("#notes-detail")
        assert listing.size.height >= size[1] - 5
        assert detail.display == (size[0] >= 110)
        if detail.display:
            text = str(screen.query_one("#notes-detail-text", Static).render())
            assert "[/] [@click=app.quit]x[/]" in text and "Outlet" in text


async def test_empty_library_explains(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_notes(pilot)
        assert "No notes yet" in status(app)
        await pilot.press("e", "space", "d", "c", "o", "y")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)


async def test_export_with_nothing_selected_takes_every_match_not_just_the_rows_shown(
    noted: Library,
) -> None:
    from tui.screens.notes import MAX_ROWS

    article_id = list_notes(noted)[0].article_id
    assert article_id is not None
    for index in range(MAX_ROWS + 5):
        add_note(noted, article_id, comment=f"bulk note {index}", tags=["bulk"])
    app = make_app(library=noted)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_notes(pilot)
        assert len(screen.notes) == MAX_ROWS
        await pilot.press("e")
        await settle(pilot)
        text = next(default_export_dir().glob("*.md")).read_text(encoding="utf-8")
        assert "bulk note 0" in text and f"bulk note {MAX_ROWS + 4}" in text
        assert "LNG supplies" in text  # the older notes too
