"""Markdown with front matter and HTML through trafilatura."""

from __future__ import annotations

from pathlib import Path

from core.ingest import parse_bytes, parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def test_markdown_front_matter() -> None:
    article = parse_file(FIXTURES / "briefing.md")
    assert article.format == "md"
    assert article.title == "Ottawa and Tokyo discuss liquefied natural gas supply"
    assert (article.published, article.date_precision) == ("2022-10-12", "day")
    assert article.byline == "Jordan Ellis"
    assert article.outlet == "The Maple Wire"
    assert article.url == "https://example.org/lng-talks"
    assert not article.body.startswith("Ottawa and Tokyo")  # the heading became the title
    assert "liquefied natural gas from the British Columbia" in article.body
    assert (
        "](" not in article.body and "**" not in article.body and "tanker.jpg" not in article.body
    )
    assert "Small modular reactors" in article.body
    assert article.warnings == []


def test_markdown_broken_front_matter_is_text_with_warning() -> None:
    article = parse_file(FIXTURES / "broken_front.md")
    assert any("not valid YAML" in w for w in article.warnings)
    assert article.title == "Notes on the G7 summit at Ise-Shima"
    assert "Leaders gathered in Mie Prefecture" in article.body
    assert "[unclosed" in article.body  # nothing is silently lost


def test_markdown_variants() -> None:
    text = "---\ntitle: Plain\nauthor: [ANN LEE, Bob Ray]\ndate: March 2019\n---\nBody text.\n"
    article = parse_bytes(text.encode(), source="a.md", suffix=".md")
    assert article.title == "Plain"
    assert article.authors == ["Ann Lee", "Bob Ray"]
    assert (article.published, article.date_precision) == ("2019-03", "month")
    assert article.body == "Body text."


def test_markdown_without_front_matter_uses_heading() -> None:
    text = "# The heading\n\nSome *body* text.\n"
    article = parse_bytes(text.encode(), source="a.md", suffix=".md")
    assert article.title == "The heading"
    assert article.body == "Some *body* text."


def test_html_article() -> None:
    article = parse_file(FIXTURES / "news_page.html")
    assert article.format == "html"
    assert article.title == "Foreign ministers agree on intelligence pact roadmap"
    assert article.outlet == "The Harbour Times"
    assert article.byline == "Alice Moreau"
    assert (article.published, article.date_precision) == ("2022-10-12", "day")
    assert article.body.startswith("The foreign ministers of two Pacific democracies")
    assert "small modular reactors" in article.body
    for junk in (
        "tracking-code-xyz",
        "footer-script-marker",
        "font-family",
        "Subscribe now",
        "Cookie settings",
    ):
        assert junk not in article.body, junk


def test_html_without_text_fails_cleanly() -> None:
    import pytest

    from core.errors import IngestError

    with pytest.raises(IngestError):
        parse_bytes(
            b"<html><body><script>x()</script></body></html>", source="a.html", suffix=".html"
        )
