"""Every screen against the ugly corpus (tests/ugly.py): no crash, markup shown literally, no
control or bidi character on screen, no click action or hyperlink in any rendered segment."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from core.ingest import ingest_paths
from core.library import Library
from core.nlp import annotate_articles
from core.notes import list_notes
from core.paths import default_export_dir
from tests.tui.conftest import settle
from tests.ugly import BIDI_CHARS, CONTROL_CHARS, restore_permissions, write_ugly_corpus
from tui.app import NewsdeskApp, make_app
from tui.messages import OpenArticle
from tui.screens.compare import CompareScreen
from tui.screens.note_dialog import NoteDialog
from tui.screens.notes import NotesScreen
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.paged_text import PagedText

UNSAFE_RE = re.compile("[" + re.escape("".join(c for c in CONTROL_CHARS if c not in "\n")
                                       + "".join(BIDI_CHARS)) + "]")
MARKUP_TITLE = "[b]Markup[/b] title [@click=app.quit]quit[/] [link=http://x]y[/link]"
UGLY_COMMENT = "[/] [@click=app.quit]x[/] \x1b]8;;http://evil.example\x1b\\link $var"
UGLY_TAG = "[b]tag[/b]"
# Click actions and links a payload would plant; Textual's own widgets use other actions.
PAYLOAD_ACTIONS = ("app.quit", "quit", "screen.dismiss()", "screen.dismiss")


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The ugly corpus ingested once, entities by the rule fallback. The 5 MB article is left
    out: its ingest alone costs ~20 s, and test_app covers opening a long article."""
    root = tmp_path_factory.mktemp("ugly-screens")
    folder = root / "corpus"
    write_ugly_corpus(folder, include_huge=False)
    db = root / "ugly.db"
    with Library(db) as lib:
        report = ingest_paths(lib, [folder], nlp=False)
        assert report.added >= 20
        small = [row[0] for row in lib.store.query(
            "SELECT id FROM articles WHERE length(body) < 50000 ORDER BY id")]
        annotate_articles(lib, small, model="rules")
    yield db
    restore_permissions(folder)


@pytest.fixture
def ugly_lib(corpus_db: Path, tmp_path: Path) -> Iterator[Library]:
    """A private copy of the corpus library, so tests that write do not meet."""
    db = tmp_path / "ugly.db"
    shutil.copy(corpus_db, db)
    lib = Library(db)
    yield lib
    lib.close()


class QuitRecorder:
    """Stands in for `app.action_quit`: a payload's `[@click=app.quit]` would land here."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


def build(lib: Library) -> tuple[NewsdeskApp, QuitRecorder]:
    app = make_app(library=lib)
    recorder = QuitRecorder()
    app.action_quit = recorder  # type: ignore[method-assign]
    return app, recorder


def screen_text(app: NewsdeskApp) -> str:
    """Everything on the terminal right now, as plain text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_screen_safe(app: NewsdeskApp) -> str:
    """No unsafe character on screen; no segment carries a payload click action or link."""
    strips = app.screen._compositor.render_strips()
    text = "\n".join(strip.text for strip in strips)
    bad = UNSAFE_RE.findall(text)
    assert not bad, f"unsafe characters on screen: {sorted(set(map(repr, bad)))}"
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert not style.link or ("evil" not in style.link and style.link != "http://x"), style.link
            click = (style.meta or {}).get("@click")
            action = click if isinstance(click, str) else repr(click)
            assert not any(payload in action for payload in PAYLOAD_ACTIONS), action
    assert app.is_running and app.return_code is None
    return text


def titles(lib: Library) -> list[tuple[int, str]]:
    return [(row[0], row[1]) for row in lib.store.query(
        "SELECT id, title FROM articles ORDER BY id")]


async def search_for(pilot, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    box = pilot.app.screen.query_one("#query", Input)
    box.value = query
    await settle(pilot)
    results = pilot.app.screen.query_one("#results", OptionList)
    return [str(option.prompt) for option in results.options]


async def test_search_every_title(ugly_lib: Library) -> None:
    app, quits = build(ugly_lib)
    found_own = 0
    stored = titles(ugly_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert_screen_safe(app)
        for _article_id, title in stored:
            rows = await search_for(pilot, title)
            assert isinstance(app.screen, SearchScreen)
            text = assert_screen_safe(app)
            if any(title[:30] in row for row in rows):
                found_own += 1
            if title == MARKUP_TITLE:
                assert rows and MARKUP_TITLE in rows[0], "markup title found and shown as typed"
                assert "[@click=app.quit]quit[/]" in text and "[/]" in text
            await pilot.click("#results")
            await pilot.click("#preview-body")
        await settle(pilot)
        assert_screen_safe(app)
    assert quits.calls == 0
    assert found_own >= len(stored) - 3, f"only {found_own} of {len(stored)} titles find themselves"


async def test_search_the_escape_payloads(ugly_lib: Library) -> None:
    app, quits = build(ugly_lib)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for query in ["red", "hyperlink", "payload", "C1 CSI", "pwned title", "gnp.exe",
                      "[@click=app.quit]x[/]", '"[/]"', "Z\u0351algo", "日本", "👩‍👩‍👧‍👦"]:
            await search_for(pilot, query)
            assert_screen_safe(app)
            await pilot.click("#preview-body")
    assert quits.calls == 0


async def test_reader_opens_every_article_and_jumps_hits(ugly_lib: Library) -> None:
    app, quits = build(ugly_lib)
    stored = titles(ugly_lib)
    sequence = [article_id for article_id, _ in stored]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for article_id, title in stored:
            words = [w for w in re.findall(r"\w+", title) if len(w) > 3][:2] or ["the"]
            app.post_message(OpenArticle(article_id, " ".join(words), words, sequence))
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
            text = assert_screen_safe(app)
            body = app.screen.query_one(PagedText)
            for _ in range(min(3, len(body.layout_data.hits))):
                await pilot.press("right_square_bracket")
            await pilot.press("j", "right_curly_bracket", "left_square_bracket")
            await settle(pilot)
            assert_screen_safe(app)
            if title == MARKUP_TITLE:
                assert "[@click=app.quit]quit[/]" in text
                for paragraph in app.screen.query(".paragraph"):
                    await pilot.click(paragraph, offset=(2, 0))
                    await pilot.click(paragraph, offset=(15, 0))
                await pilot.press("g")
                await settle(pilot)
                shown = assert_screen_safe(app)
                assert "[@click=app.quit]x[/]" in shown or "[/]" in shown
        await pilot.press("greater_than_sign", "less_than_sign")
        await settle(pilot)
        assert_screen_safe(app)
    assert quits.calls == 0


async def test_people_list_and_pages(ugly_lib: Library) -> None:
    app, quits = build(ugly_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show("people")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert_screen_safe(app)
        listing = app.screen.query_one("#people-list", OptionList)
        for kind in ("p", "o", "l", "t"):
            listing.focus()
            await pilot.press(kind)
            await settle(pilot)
            assert_screen_safe(app)
            for index in range(min(6, listing.option_count)):
                listing.focus()
                listing.highlighted = index
                await settle(pilot)
                assert_screen_safe(app)
            if listing.option_count:
                await pilot.press("enter")  # the entity page
                await settle(pilot)
                assert_screen_safe(app)
                await pilot.press("down", "down", "pagedown")
                await settle(pilot)
                assert_screen_safe(app)
        filter_box = app.screen.query_one("#people-filter", Input)
        for text in ["[@click=app.quit]", "[/]", "Kishida", "日本", "Z\u0351algo"]:
            filter_box.value = text
            await settle(pilot)
            assert_screen_safe(app)
    assert quits.calls == 0


async def test_compare_two_slices(ugly_lib: Library) -> None:
    app, quits = build(ugly_lib)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_show("compare")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert_screen_safe(app)
        for left, right in [("markup OR escape OR hyperlink", "article -markup"),
                            ('"[/]" OR click', "日本 OR emoji"),
                            ("Ottawa", "intelligence")]:
            screen.pane("left").slice_input.value = left
            screen.pane("right").slice_input.value = right
            screen.action_recompute()
            await settle(pilot)
            text = assert_screen_safe(app)
            assert "Traceback" not in text
            rows = screen.pane("left").rows
            if screen.comparison is not None and rows.option_count:
                rows.focus()
                rows.highlighted = rows.nearest(1)
                await pilot.press("enter")  # examples of a term
                await settle(pilot)
                assert_screen_safe(app)
                await pilot.press("escape")
                await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert_screen_safe(app)
    assert quits.calls == 0


async def test_note_with_ugly_comment_listed_and_exported(ugly_lib: Library) -> None:
    markup_id = next(i for i, title in titles(ugly_lib) if title == MARKUP_TITLE)
    app, quits = build(ugly_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenArticle(markup_id, "click", ["click"], [markup_id]))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("g", "j", "v", "j", "n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        assert_screen_safe(app)
        app.screen.query_one("#note-comment", Input).value = UGLY_COMMENT
        await pilot.press("tab", *UGLY_TAG, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        notes = list_notes(ugly_lib)
        assert len(notes) == 1
        note = notes[0]
        assert "[@click=app.quit]x[/]" in note.comment and "\x1b" not in note.comment
        assert note.tags == [UGLY_TAG]
        assert "[@click=app.quit]x[/]" in note.quote or "[link=http://x]" in note.quote

        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        text = assert_screen_safe(app)
        assert "[@click=app.quit]x[/]" in text and "#[b]tag[/b]" in text
        await pilot.click("#notes-list")
        await pilot.press("space", "e")
        await settle(pilot)
        assert_screen_safe(app)
        exported = sorted(default_export_dir().glob("*.md"))
        assert len(exported) == 1
        markdown = exported[0].read_text(encoding="utf-8")
        assert "\x1b" not in markdown and "\u202e" not in markdown
        assert "click=app.quit" in markdown
        assert any(str(exported[0]) in n.message for n in app._notifications)
    assert quits.calls == 0


async def test_read_only_library_says_so_at_start_and_on_write(
    corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.store

    db = tmp_path / "ro.db"
    shutil.copy(corpus_db, db)
    monkeypatch.setattr(core.store, "_writable", lambda path: False)
    with Library(db) as lib:
        assert lib.readonly
        app, quits = build(lib)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            notices = [n for n in app._notifications if "read-only" in n.message]
            assert len(notices) == 1 and notices[0].severity == "warning"
            assert "cannot be saved" in notices[0].message
            first = titles(lib)[0][0]
            app.post_message(OpenArticle(first, "", [], [first]))
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            if isinstance(app.screen, NoteDialog):
                await pilot.press(*"a comment", "enter")
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline and not any(
                        n.severity == "error" for n in app._notifications):
                    await settle(pilot)
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors and "read-only" in errors[-1].message
            assert app.is_running
        assert list_notes(lib) == []
        assert quits.calls == 0
