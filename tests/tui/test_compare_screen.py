"""Compare screen: compute on open, tab between panes, examples on enter, export, narrow sizes."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from core.entities import name_key
from core.library import Library
from core.models import ParsedArticle
from core.store import articles as article_sql
from core.terms import index_article_terms
from tui.app import make_app
from tui.screens.compare import CompareScreen
from tui.widgets.compare_pane import ExamplesDialog, SectionList

Wait = Callable[[Pilot], Awaitable[None]]

UGLY_NAME = "[@click=app.quit]Evil[/] \x1b[31mCorp"

LEFT_BODIES = [
    "Ministers met in Tokyo on counter-terrorism. Counter-terrorism cooperation with Canada "
    "grew. North Korea tested a missile. Counter-terrorism officials briefed the press.",
    "Counter-terrorism drills followed. North Korea was discussed by Canada and Japan. "
    "Counter-terrorism funds rose. The summit at Ise-Shima ended.",
    "North Korea fired again. Counter-terrorism experts from Canada gathered. North Korea "
    "sanctions were weighed. North Korea talks stalled.",
]
RIGHT_BODIES = [
    "Joly and Hayashi agreed on intelligence sharing. Intelligence sharing with Canada will grow. "
    "Japan buys LNG. LNG prices rose. Intelligence sharing begins.",
    "Canada and Japan signed an intelligence sharing pact. LNG exports and LNG terminals were "
    "discussed. Intelligence sharing was praised [/] by [b]all[/b].",
    "LNG from Canada reached Japan. Small modular reactors and LNG were on the agenda. "
    "Intelligence sharing talks ended.",
]


def _add(lib: Library, source: str, published: str, title: str, body: str) -> int:
    parsed = ParsedArticle(source=source, format="txt", title=title, outlet="Test Wire",
                           byline="", published=published, date_precision="day", body=body)
    with lib.store.write() as conn:
        article_id = article_sql.upsert_article(conn, parsed).article_id
        index_article_terms(conn, article_id, title, body)
    return article_id


def _entity(lib: Library, name: str, kind: str, article_ids: list[int]) -> None:
    """Mentions as the NLP stage would store them (spaCy is not needed for a screen test)."""
    with lib.store.write() as conn:
        entity_id = conn.execute(
            "INSERT INTO entities(name, kind, norm_key, article_count) VALUES (?, ?, ?, ?)",
            (name, kind, name_key(name), len(article_ids)),
        ).lastrowid
        for article_id in article_ids:
            conn.execute(
                "INSERT INTO mentions(article_id, entity_id, spans, surface) VALUES (?, ?, ?, ?)",
                (article_id, entity_id, json.dumps([]), name),
            )


@pytest.fixture
def two_years(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "compare.db")
    left = [_add(lib, f"l{i}.txt", f"2016-05-1{i}", f"Talks {i} in 2016", body)
            for i, body in enumerate(LEFT_BODIES)]
    right = [_add(lib, f"r{i}.txt", f"2022-10-1{i}", f"Pact {i} in 2022", body)
             for i, body in enumerate(RIGHT_BODIES)]
    ugly = _add(lib, "ugly.txt", "2022-11-01", "[/] [@click=app.quit]x[/] \x1b[31mred",
                f"{UGLY_NAME} backed intelligence sharing again.")
    _entity(lib, "Canada", "GPE", left + right)
    _entity(lib, "Fumio Kishida", "PERSON", left[:2])
    _entity(lib, "Melanie Joly", "PERSON", right[:1])
    _entity(lib, UGLY_NAME, "ORG", [ugly])
    yield lib
    lib.close()


async def _ready(pilot: Pilot, wait: Wait) -> CompareScreen:
    await wait(pilot)
    pilot.app.action_show("compare")  # the search box has focus, so "4" would type a 4
    await wait(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def _texts(section_list: SectionList) -> list[str]:
    return [row.content.plain for row in section_list.rows]


async def test_compare_flow(two_years: Library, wait: Wait, tmp_path: Path) -> None:
    app = make_app(library=two_years)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(pilot, wait)
        left, right = screen.pane("left"), screen.pane("right")
        assert left.query_one(Input).value == "year:2016"
        assert right.query_one(Input).value == "year:2022"
        left_text, right_text = _texts(left.rows), _texts(right.rows)
        assert len(left_text) == len(right_text)  # twins align row for row
        assert any("counter-terrorism" in row for row in left_text)
        assert any("intelligence sharing" in row for row in right_text)
        assert any("Fumio Kishida" in row for row in left_text)
        assert not any("Fumio Kishida" in row for row in right_text)
        assert any("Melanie Joly" in row for row in right_text)
        assert any(UGLY_NAME.replace("\x1b", "") in row for row in right_text)
        shared = left_text.index("Shared names & topics")
        assert "Canada" in " ".join(left_text[shared:]) and "Canada" in " ".join(right_text[shared:])

        # tab moves to the twin row of the other pane
        assert screen.focused is left.rows
        await pilot.press("tab")
        assert screen.focused is right.rows
        await pilot.press("tab")
        assert screen.focused is left.rows

        # enter on a distinctive term shows its sentences from both sides
        term_row = next(i for i, row in enumerate(left.rows.rows) if row.needle == "counter-terrorism")
        left.rows.highlighted = term_row
        await pilot.press("enter")
        await wait(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExamplesDialog)
        assert dialog.needle == "counter-terrorism"
        found_left, found_right = dialog.found
        assert found_left and all("ounter-terrorism" in e.sentence for e in found_left)
        assert found_right == []
        text = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "Talks 0 in 2016" in text and "no sentence found" in text
        await pilot.press("escape")
        await wait(pilot)
        assert app.screen is screen

        # a shared name has sentences on both sides; the ugly name stays literal
        canada = next(i for i, row in enumerate(right.rows.rows) if row.needle == "Canada")
        await pilot.press("tab")
        right.rows.highlighted = canada
        await pilot.press("enter")
        await wait(pilot)
        assert isinstance(app.screen, ExamplesDialog)
        assert all(app.screen.found)
        await pilot.press("escape")
        await wait(pilot)
        ugly = next(i for i, row in enumerate(right.rows.rows) if row.needle == UGLY_NAME)
        right.rows.highlighted = ugly
        await pilot.press("enter")
        await wait(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExamplesDialog) and app.is_running
        [example] = dialog.found[1]
        assert "backed intelligence sharing" in example.sentence
        title = str(dialog.query_one("#examples-title", Static).render())
        assert "[@click=app.quit]Evil[/]" in title and "\x1b" not in title
        await pilot.press("escape")
        await wait(pilot)
        assert "articles" in str(screen.query_one("#compare-status", Static).render())

        # e writes the Markdown report into the export folder
        await pilot.press("e")
        await wait(pilot)
        from core.paths import default_export_dir

        reports = list(default_export_dir().glob("compare-year-2016-vs-year-2022*.md"))
        assert len(reports) == 1
        report = reports[0].read_text(encoding="utf-8")
        assert "year:2016" in report and "counter-terrorism" in report
        assert app.is_running


async def test_scrolling_a_pane_scrolls_its_twin(two_years: Library, wait: Wait) -> None:
    app = make_app(library=two_years)
    async with app.run_test(size=(100, 16)) as pilot:
        screen = await _ready(pilot, wait)
        left, right = screen.pane("left").rows, screen.pane("right").rows
        assert left.max_scroll_y > 0
        await pilot.press("end")
        await wait(pilot)
        assert left.scroll_y > 0
        assert right.scroll_y == left.scroll_y
        right.scroll_to(y=1, animate=False, immediate=True)
        await wait(pilot)
        assert left.scroll_y == right.scroll_y == 1


async def test_empty_slice_gives_a_message(two_years: Library, wait: Wait) -> None:
    app = make_app(library=two_years)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(pilot, wait)
        await pilot.press("slash")
        box = screen.pane("left").slice_input
        assert screen.focused is box
        box.value = "year:1999"
        await pilot.press("enter")
        await wait(pilot)
        status = screen.query_one("#compare-status", Static)
        assert "year:1999" in str(status.render()) and "matches no articles" in str(status.render())
        assert screen.comparison is None
        await pilot.press("e")  # nothing to export: a warning, not a crash
        await wait(pilot)
        box.value = "year:2016"
        await pilot.press("enter")
        await wait(pilot)
        assert screen.comparison is not None and screen.comparison.left.articles == 3


async def test_single_year_library_explains(tmp_path: Path, wait: Wait) -> None:
    lib = Library(tmp_path / "one.db")
    _add(lib, "a.txt", "2016-01-01", "Only", "Only one year here.")
    try:
        async with make_app(library=lib).run_test(size=(100, 30)) as pilot:
            screen = await _ready(pilot, wait)
            assert "2016" in str(screen.query_one("#compare-status", Static).render())
            assert screen.comparison is None
    finally:
        lib.close()


@pytest.mark.parametrize("size", [(80, 24), (60, 24), (200, 60)])
async def test_renders_at_sizes(two_years: Library, wait: Wait, size: tuple[int, int]) -> None:
    app = make_app(library=two_years)
    async with app.run_test(size=size) as pilot:
        screen = await _ready(pilot, wait)
        left, right = screen.pane("left"), screen.pane("right")
        stacked = size[0] < 70
        if stacked:
            assert left.region.y < right.region.y and left.region.width == right.region.width
        else:
            assert left.region.y == right.region.y
            assert left.region.width + right.region.width >= size[0] - 2
        assert left.rows.size.height >= 5
        wide = any("LR" in row for row in _texts(left.rows))
        assert wide == (size[0] >= 120 or stacked)
        await pilot.press("enter")
        await wait(pilot)
        assert isinstance(app.screen, ExamplesDialog)
        assert app.screen.query_one("#examples-box").region.width <= size[0]


async def test_a_library_ingested_without_analysis_is_indexed_on_first_compare(
    tmp_path: Path, wait: Wait
) -> None:
    lib = Library(tmp_path / "no-nlp.db")
    for i, body in enumerate(LEFT_BODIES + RIGHT_BODIES):
        year = 2016 if i < len(LEFT_BODIES) else 2022
        parsed = ParsedArticle(source=f"{i}.txt", format="txt", title=f"Story {i}",
                               published=f"{year}-05-1{i}", date_precision="day", body=body)
        with lib.store.write() as conn:  # as `ingest --no-nlp` stores them: no term rows
            article_sql.upsert_article(conn, parsed)
    indexing: list[CompareScreen.Indexing] = []
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30), message_hook=lambda m: indexing.append(m)
                            if isinstance(m, CompareScreen.Indexing) else None) as pilot:
        screen = await _ready(pilot, wait)
        assert indexing and (indexing[-1].done, indexing[-1].total) == (6, 6)
        assert any("counter-terrorism" in row for row in _texts(screen.pane("left").rows))
        assert any("intelligence sharing" in row for row in _texts(screen.pane("right").rows))
        status = str(screen.query_one("#compare-status", Static).render())
        assert "articles" in status and "Indexing" not in status
    assert lib.store.query("SELECT count(*) FROM article_terms") == [(6,)]
    lib.close()
