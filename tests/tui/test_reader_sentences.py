"""Reader: sentence cursor (`{`/`}`), marks extended by sentence or paragraph, exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from core.models import ParsedArticle
from core.notes import list_notes
from tests.tui.conftest import make_library, settle
from tui.app import NewsdeskApp, make_app
from tui.screens.note_dialog import NoteDialog
from tui.screens.reader import ReaderScreen
from tui.widgets.paged_text import PagedText
from tui.widgets.paragraphs import split_sentences

BODY = (
    "Mr. Abe met the ministers in Tokyo. They spoke of \"energy\" and trade! Was it enough?\n\n"
    "A second paragraph follows. It has two sentences.\n\n"
    "Last words, one sentence here."
)
ARTICLE = ParsedArticle(
    source="/articles/sentences.txt", format="txt", title="Sentences about ministers",
    outlet="Test Wire", byline="Tester", published="2020-02-02", date_precision="day",
    body=BODY,
)


def status(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#reader-status", Static).render())


def styled(view: Static, style: str) -> list[str]:
    content = view.render()
    return [content.plain[s.start:s.end] for s in content.spans
            if str(s.style).split(" on ")[0] == style]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Abe and Dr. Lee met. Then left.", ["Mr. Abe and Dr. Lee met.", "Then left."]),
        ("John F. Kennedy spoke. Fine", ["John F. Kennedy spoke.", "Fine"]),
        ('"Go," he said. "Now." Done', ['"Go," he said.', '"Now."', "Done"]),
        ("version 2.5 of it. Next", ["version 2.5 of it.", "Next"]),
        ("  padded.   Text  ", ["padded.", "Text"]),
        ("", []),
        ("no end at all", ["no end at all"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


async def open_article(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(*"Sentences", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReaderScreen)
    await pilot.press("g")


async def test_sentence_cursor_moves_across_paragraphs(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "s.db", [ARTICLE])
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_article(pilot)
        body = app.screen.query_one(PagedText)
        await pilot.press("right_curly_bracket")
        assert "sentence 1 of 3" in status(app)
        assert styled(body.children[0], "bold") == ["Mr. Abe met the ministers in Tokyo."]
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        assert body.cursor == 1 and "sentence 1 of 2" in status(app)
        assert styled(body.children[1], "bold") == ["A second paragraph follows."]
        assert styled(body.children[0], "bold") == [], "the old sentence is drawn plain again"
        await pilot.press("left_curly_bracket")
        assert body.cursor == 0 and "sentence 3 of 3" in status(app)
        await pilot.press("j")  # back to paragraph movement
        assert body.cursor == 1 and "sentence" not in status(app)
        await pilot.press("G", "right_curly_bracket", "right_curly_bracket")
        assert "sentence 1 of 1" in status(app), "stays on the last sentence"
    lib.close()


async def test_mark_by_sentence_keeps_exact_offsets(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "s.db", [ARTICLE])
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_article(pilot)
        body = app.screen.query_one(PagedText)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "v")
        await pilot.press("right_curly_bracket", "right_curly_bracket")  # into paragraph 2
        assert "marked 3 sentences" in status(app)
        assert styled(body.children[1], "underline") == ["A second paragraph follows."]
        assert not body.children[0].has_class("-marked"), "only part of it is marked"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"two sentences", "enter")
        await settle(pilot)
        notes = list_notes(lib)
        assert len(notes) == 1
        note = notes[0]
        expected = BODY[BODY.index("They spoke") : BODY.index("follows.") + len("follows.")]
        assert note.quote == expected
        assert (note.start, note.end) == (BODY.index("They spoke"), BODY.index(" It has"))
    lib.close()


async def test_mark_grows_by_paragraph_from_a_sentence(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "s.db", [ARTICLE])
    app = make_app(library=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_article(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "v", "j")
        assert "marked 4 sentences" in status(app)  # sentence 2 to the end of paragraph 2
        passage = app.screen.marked_passage()  # type: ignore[attr-defined]
        assert passage is not None and passage.start == BODY.index("They spoke")
        assert passage.end == BODY.index("\n\nLast words")
        await pilot.press("k", "k")  # the mark runs back past its anchor
        passage = app.screen.marked_passage()  # type: ignore[attr-defined]
        assert passage.start == 0 and passage.end == BODY.index("\n\nA second")  # whole para 1
    lib.close()
