"""Metadata extraction from text saved from web pages, table-tested on both page shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.ingest import parse_bytes, parse_file
from core.ingest.webtext import clean_name, parse_byline, parse_webtext
from core.text import normalise_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def forum():
    return parse_file(FIXTURES / "forum_shape.txt")


@pytest.fixture(scope="module")
def wire():
    return parse_file(FIXTURES / "wire_shape.txt")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("title", "Canada and Australia pledge closer cooperation on cyber defence"),
        ("outlet", "Global Government Forum"),
        ("byline", "Priya Ramanathan"),
        ("published", "2019-03-14"),
        ("date_precision", "day"),
        ("date_note", ""),
        ("dateline", ""),
        ("comments", ""),
        ("format", "txt"),
    ],
)
def test_forum_shape_metadata(forum, field: str, expected: str) -> None:
    assert getattr(forum, field) == expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("title", "Japan, Australia agree to expand joint military drills"),
        ("outlet", "Japan Today"),
        ("byline", "Ken Moriyasu"),
        ("published", "2021-06-08"),
        ("date_precision", "day"),
        ("dateline", "TOKYO"),
    ],
)
def test_wire_shape_metadata(wire, field: str, expected: str) -> None:
    assert getattr(wire, field) == expected


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("caption", "Photo: Sergeant Dana Whitfield"),
        ("caption date", "March 11, 2019"),
        ("byline line", "Updated on"),
        ("follow prompt", "follow us on Twitter"),
        ("see also heading", "See also"),
        ("related headline", "Why civil servants need data skills"),
        ("author box", "About Priya"),
        ("bio", "regional daily in Manchester"),
        ("reply form", "Leave a Reply"),
        ("reply form", "Required fields are marked"),
        ("title", "pledge closer cooperation"),
    ],
)
def test_forum_body_excludes(forum, kind: str, fragment: str) -> None:
    assert fragment not in forum.body, kind


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("nav", "Newsletter Signup"),
        ("nav", "Register / Login"),
        ("tags", "Japan Australia\n"),
        ("caption", "Pool via AP"),
        ("section", "politics"),
        ("comment count", "3 Comments"),
        ("byline", "MORIYASU"),
        ("footer", "Associated Press"),
        ("footer", "GPlusMedia"),
        ("comments", "regional stability"),
        ("vote line", "( +5 / -1 )"),
        ("login prompt", "Login to"),
        ("facebook", "Facebook"),
        ("trending", "trending"),
        ("trending", "Ramen"),
        ("trending site", "Savvy Tokyo"),
    ],
)
def test_wire_body_excludes(wire, kind: str, fragment: str) -> None:
    assert fragment not in wire.body, kind


def test_bodies_keep_the_article(forum, wire) -> None:
    assert forum.body.startswith("Canada and Australia will deepen")
    assert forum.body.endswith("expected in Canberra in the autumn.")
    assert wire.body.startswith("Japan and Australia agreed on Tuesday")
    assert wire.body.endswith("vital for defence industries.")
    assert wire.body.count("\n\n") == 3  # four paragraphs


def test_comments_kept_apart(wire) -> None:
    comments = wire.comments.split("\n\n")
    assert comments == [
        "Good news for regional stability, in my opinion.",
        "I wonder how the neighbours will react to this.\nThey will protest, as usual.",
        "More drills means more noise near the bases.",
    ]


def _variant(name: str, old: str, new: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").replace(old, new)


def test_ambiguous_date_settled_by_other_date_on_page() -> None:
    text = _variant(
        "forum_shape.txt",
        "14/03/2019 | Updated on 02/11/2021",
        "03/04/2019 | Updated on 25/11/2021",
    )
    page = parse_bytes(text.encode(), source="x.txt", suffix=".txt")
    assert (page.published, page.date_precision) == ("2019-04-03", "day")
    assert "25/11/2021" in page.date_note and "day first" in page.date_note


def test_ambiguous_date_settled_by_site_convention() -> None:
    text = _variant("forum_shape.txt", "14/03/2019 | Updated on 02/11/2021", "03/04/2019")
    page = parse_bytes(text.encode(), source="x.txt", suffix=".txt")
    assert page.published == "2019-04-03"
    assert "Global Government Forum" in page.date_note


def test_ambiguous_date_not_guessed_without_context() -> None:
    text = "Talks resume\nBy Ann Lee on 03/04/2016\n\n" + "Officials met again to talk. " * 5
    page = parse_bytes(text.encode(), source="x.txt", suffix=".txt")
    assert (page.published, page.date_precision) == ("2016", "year")
    assert "3 April 2016" in page.date_note and "March 4, 2016" in page.date_note


def test_generic_wire_page_with_inline_dateline() -> None:
    text = (
        "Home | World | Sign in\n"
        "Ministers meet on energy security\n"
        "By JOHN O'NEILL and ANNA MCDONALD, Associated Press\n"
        "October 12, 2022\n\n"
        "OTTAWA (AP) — Ministers met on Wednesday to discuss gas supplies for the coming winter months.\n\n"
        "The talks will continue next week in the capital, officials said.\n\n"
        "Related stories\n\nGas prices climb again\n"
    )
    page = parse_bytes(text.encode(), source="x.txt", suffix=".txt")
    assert page.title == "Ministers meet on energy security"
    assert page.authors == ["John O'Neill", "Anna McDonald"]
    assert page.byline == "John O'Neill and Anna McDonald"
    assert (page.published, page.date_precision) == ("2022-10-12", "day")
    assert page.dateline == "OTTAWA"
    assert "Gas prices climb" not in page.body
    assert "Sign in" not in page.body


def test_plain_text_without_byline() -> None:
    text = "A plain headline\n\nFirst paragraph of the story, which is short.\n\nSecond one here."
    page = parse_webtext(normalise_text(text))
    assert page.title == "A plain headline"
    assert page.body.startswith("First paragraph")
    assert page.published is None


def test_text_with_only_a_body_gets_file_name_title() -> None:
    text = "This is a single sentence of body text that ends with a full stop."
    page = parse_bytes(text.encode(), source="/tmp/my_saved-story.txt", suffix=".txt")
    assert page.title == "my saved story"
    assert page.body == text


@pytest.mark.parametrize(
    ("raw", "authors"),
    [
        ("MARI YAMAGUCHI", ["Mari Yamaguchi"]),
        ("Mari Yamaguchi", ["Mari Yamaguchi"]),
        ("on 20/04/2016 | Updated on 25/09/2020", []),
        ("JEAN-PIERRE DUBOIS and KIM LEE", ["Jean-Pierre Dubois", "Kim Lee"]),
        ("Ann Lee, Bob Ray", ["Ann Lee", "Bob Ray"]),
        ("MARI YAMAGUCHI, Associated Press", ["Mari Yamaguchi"]),
    ],
)
def test_byline_table(raw: str, authors: list[str]) -> None:
    assert parse_byline(raw)[0] == authors


def test_clean_name_keeps_mixed_case() -> None:
    assert clean_name("danah boyd") == "danah boyd"
    assert clean_name("  MCDONALD ") == "McDonald"


MASTHEAD_PAGE = """Home > World > Asia
Harbour Daily | Politics | Thursday, November 19, 2015

Leaders meet on the sidelines of the regional summit

By Liam Ortega
Updated Nov. 20, 2015 at 9:05 a.m. ET
Sign in to save this article | Newsletter
Photo: The two leaders shake hands before talks. Photo: Dana Whitlock

MANILA -- The two leaders held their first formal meeting on Thursday and agreed to keep talking.

They discussed trade, energy and the security of regional sea lanes over breakfast.

Share this article: Facebook | Twitter | Email

Newsletter: Get the weekly Asia briefing in your inbox. Sign up

(c) 2015 Harbour Daily Media Ltd. All rights reserved.
"""


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("title", "Leaders meet on the sidelines of the regional summit"),
        ("outlet", "Harbour Daily"),
        ("byline", "Liam Ortega"),
        ("published", "2015-11-19"),
        ("dateline", "MANILA"),
    ],
)
def test_masthead_shape(field: str, expected: str) -> None:
    page = parse_bytes(MASTHEAD_PAGE.encode(), source="x.txt", suffix=".txt")
    assert getattr(page, field) == expected


def test_masthead_shape_body() -> None:
    page = parse_bytes(MASTHEAD_PAGE.encode(), source="x.txt", suffix=".txt")
    assert page.body.startswith("MANILA -- The two leaders")
    assert page.body.endswith("over breakfast.")


def test_copyright_holder_brand_is_outlet() -> None:
    text = MASTHEAD_PAGE.replace("Harbour Daily | Politics | ", "")
    page = parse_bytes(text.encode(), source="x.txt", suffix=".txt")
    assert page.outlet == "Harbour Daily"  # from "(c) 2015 Harbour Daily Media Ltd."
    assert page.published == "2015-11-19"
