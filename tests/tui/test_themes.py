"""Colour-free and themed terminals: highlights and marks stay visible as bold, reverse or
underline, and every colour in the app's styles comes from the theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from core.library import Library
from tests.tui.conftest import settle
from tui.app import NewsdeskApp, make_app

TUI = Path(__file__).resolve().parents[2] / "tui"
# a literal colour in a style: #hex, rgb()/hsl(), or a named colour as a value
_FIXED_COLOUR_RE = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|hsl)a?\(|:\s*(?:red|green|blue|yellow|magenta|cyan|white|"
    r"black|grey|gray|orange|purple|pink)\b"
)


def screen_segments(app: NewsdeskApp) -> list[list[Segment]]:
    """What the terminal would get: every line of the screen after the app's filters
    (NO_COLOR's monochrome filter among them)."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        segments = list(strip)
        for line_filter in app.get_line_filters():
            segments = line_filter.apply(segments, Color(0, 0, 0))
        lines.append(segments)
    return lines


def styles_of(app: NewsdeskApp, word: str) -> list[Style]:
    """Styles of the screen segments whose text is exactly `word` (a highlight is its own run)."""
    return [segment.style for line in screen_segments(app) for segment in line
            if segment.text == word and segment.style is not None]


def coloured(style: Style) -> bool:
    return any(c is not None and not c.is_default and c.triplet is not None and
               len(set(c.triplet)) > 1 for c in (style.color, style.bgcolor))


async def search_and_read(app: NewsdeskApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(*"zebrafish")
    await settle(pilot)


async def test_no_color_keeps_hits_and_marks_visible(
    news_lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.no_color
        await search_and_read(app, pilot)
        hits = styles_of(app, "zebrafish")
        assert hits, "the preview shows the hit as its own styled run"
        assert any(style.reverse and style.bold for style in hits)
        assert not any(coloured(style) for line in screen_segments(app) for segment in line
                       if (style := segment.style) is not None), "monochrome: greys only"
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("g", "right_curly_bracket", "v")
        underlined = [segment.text for line in screen_segments(app) for segment in line
                      if segment.style is not None and segment.style.underline]
        assert any("Markup trap" in text for text in underlined), "a mark is underlined"


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "nord", "solarized-light"])
async def test_themes_keep_hits_distinct(news_lib: Library, theme: str) -> None:
    app = make_app(library=news_lib)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await search_and_read(app, pilot)
        hits = styles_of(app, "zebrafish")
        assert any(style.reverse and style.bold for style in hits)
        for style in hits:  # the foreground differs from the background
            assert style.color != style.bgcolor


def test_styles_take_colours_from_the_theme() -> None:
    files = [TUI / "app.tcss", *TUI.glob("screens/*.py"), *TUI.glob("widgets/*.py")]
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":  # only the CSS blocks and style strings of Python files
            text = "\n".join(re.findall(r'CSS = """(.*?)"""', text, re.S)
                             + re.findall(r'_STYLE = "([^"]*)"', text))
        offenders += [f"{path.name}: {m.group()}" for m in _FIXED_COLOUR_RE.finditer(text)]
    assert offenders == []
