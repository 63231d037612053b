"""Marking passages in the reader and noting them: search -> open -> v -> move -> n -> export."""

from __future__ import annotations

from textual.widgets import Input, Static

from core.articles import get_article
from core.library import Library
from core.notes import Note, list_notes
from core.paths import default_export_dir
from tests.tui.conftest import settle
from tui.app import NewsdeskApp, make_app
from tui.screens.note_dialog import NoteDialog, format_tags, parse_tags
from tui.screens.notes import NotesScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.paged_text import PagedText

MINISTERS = "The ministers discussed North Korea and the South China Sea ahead of the G7"
SHARED = "Officials said counter-terrorism information would be shared more often."


def news_lib_body(lib: Library, note: Note) -> str:
    assert note.article_id is not None
    return get_article(lib, note.article_id).body


def status(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#reader-status", Static).render())


async def open_first(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(*query, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReaderScreen)


async def test_mark_note_then_export_from_the_notes_screen(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot, "ministers Canada")
        body = app.screen.query_one(PagedText)
        await pilot.press("g")
        await pilot.press("j", "v", "j")  # mark paragraphs 2..3
        assert "marked 2 paras" in status(app)
        marked = [view.has_class("-marked") for view in body.children]
        assert marked == [False, True, True]
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"pact context", "tab", *"defence, North Korea", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "marked" not in status(app), "the mark clears once the note is saved"

        notes = list_notes(news_lib)
        assert len(notes) == 1
        note = notes[0]
        assert note.quote.startswith(MINISTERS) and note.quote.endswith(SHARED)
        assert note.comment == "pact context" and note.tags == ["defence", "North Korea"]
        assert note.start is not None and note.end is not None
        article_body = app.screen.article.body  # type: ignore[attr-defined]
        assert article_body[note.start : note.end] == note.quote

        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert [n.id for n in app.screen.notes] == [note.id]
        await pilot.press("space")
        assert app.screen.selected == {note.id}
        assert "1 selected" in str(app.screen.query_one("#notes-status", Static).render())
        await pilot.press("e")
        await settle(pilot)
        files = list(default_export_dir().glob("*.md"))
        assert len(files) == 1
        text = files[0].read_text(encoding="utf-8")
        assert "> The ministers discussed North Korea" in text
        assert "pact context" in text and "Japan Today" in text
        assert any(str(files[0]) in n.message for n in app._notifications)


async def test_note_on_the_whole_article_and_cancel(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, "Hayashi")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # cancel: nothing saved
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert list_notes(news_lib) == []
        await pilot.press("v", "v")  # a mark started and cleared
        assert "marked" not in status(app)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"#whole", "enter")
        await settle(pilot)
        notes = list_notes(news_lib)
        assert len(notes) == 1 and notes[0].whole_article and notes[0].comment == "#whole"


async def test_copy_citation_and_ugly_article(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot, "zebrafish")
        await pilot.press("y")
        assert "[@click=app.quit]x[/]" in app.clipboard
        assert "\x1b" not in app.clipboard
        await pilot.press("g", "v", "G", "n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        quote_text = str(dialog.query_one("#note-quote", Static).render())
        assert "[bold]not bold[/bold]" in quote_text
        await pilot.press(*"[@click=app.quit]x[/]", "tab", *"[b]tag[/b]", "enter")
        await settle(pilot)
        assert app.is_running
        notes = list_notes(news_lib)
        assert len(notes) == 1
        assert notes[0].comment == "[@click=app.quit]x[/]" and notes[0].tags == ["[b]tag[/b]"]
        assert "[$accent]variable[/]" in notes[0].quote
        assert notes[0].start == 0 and notes[0].end == len(news_lib_body(news_lib, notes[0]))


async def test_keys_need_an_open_article(news_lib: Library) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "2", "v", "n", "y")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.clipboard == ""
        # no note editor opened (the search screen below keeps its query box, so look only
        # at the screens on the reader's stack)
        assert not any(screen.query(Input) for screen in app.screen_stack)


def test_tags_round_trip_through_the_editor_line() -> None:
    assert parse_tags("a b #c") == ["a", "b", "c"]
    assert parse_tags("North Korea, #LNG,, ") == ["North Korea", "LNG"]
    for tags in (["a", "b"], ["North Korea", "LNG"], []):
        assert parse_tags(format_tags(tags)) == tags
