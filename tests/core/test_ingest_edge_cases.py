"""Edge cases found by the ugly-input corpus: cut-off UTF-8, control references, bare prose."""

from __future__ import annotations

from core.ingest import parse_bytes
from core.ingest.decode import decode_bytes
from core.ingest.html import drop_control_references

PROSE = (
    "Officials from Japan and Canada met in Ottawa on Tuesday to discuss intelligence sharing, "
    "energy security and the supply of liquefied natural gas to Japanese utilities"
)


def test_utf8_cut_inside_last_character_stays_utf8() -> None:
    data = ("Title\n\n" + PROSE + " 日本").encode()[:-2]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.flagged
    assert decoded.text.endswith(PROSE + " 日")


def test_control_character_references_are_dropped() -> None:
    html = "<p>a&#27;[31mb&#x9b;c&#7;d&#9;e&#x0A;f&#65;</p>"
    assert drop_control_references(html) == "<p>a[31mbcd&#9;e&#x0A;f&#65;</p>"


def test_html_with_control_references_still_yields_the_article() -> None:
    page = (
        "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        f"<p>{PROSE}.&#27;[2J</p><p>{PROSE}, the ministry said.&#x9b;</p></article></body></html>"
    )
    article = parse_bytes(page.encode(), source="page.html", suffix=".html")
    assert "liquefied natural gas" in article.body
    assert "\x1b" not in article.body and "\x9b" not in article.body


def test_prose_without_final_punctuation_is_kept_not_refused() -> None:
    article = parse_bytes(f"Short note\n\n{PROSE}".encode(), source="note.txt", suffix=".txt")
    assert article.title == "Short note"
    assert article.body == PROSE


def test_text_the_page_rules_would_empty_is_kept_with_a_warning() -> None:
    cut = ("The ministers met in Ottawa on Tuesday to discuss intelligence sharing, energy "
           "security and the supply of liquefied natural gas")
    text = f"Cut-off file\n\n日本語の記事です。途中で切れ {cut}"
    article = parse_bytes(text.encode(), source="cut.txt", suffix=".txt")
    assert article.title == "Cut-off file"
    assert article.body.endswith(cut)
    assert any("kept the whole text" in w for w in article.warnings)


def test_html_byline_paragraph_is_metadata_not_body() -> None:
    from core.ingest.html import _leading_byline

    page = (
        "<html><head><title>Summit ends</title></head><body><article><h1>Summit ends</h1>"
        f"<p>By Hiroshi Matsuda, May 21, 2023</p><p>{PROSE}.</p><p>{PROSE}, officials said.</p>"
        "</article></body></html>"
    )
    article = parse_bytes(page.encode(), source="summit.html", suffix=".html")
    assert article.body.startswith("Officials from Japan")
    assert article.byline == "Hiroshi Matsuda"
    assert _leading_byline(["By MARI YAMAGUCHI"]) == ["Mari Yamaguchi"]
    assert _leading_byline(["By the end of the year, talks resume"]) == []
    assert _leading_byline(["By 2030, Japan aims to cut emissions"]) == []
    assert _leading_byline([f"By the way, {PROSE}"]) == []
