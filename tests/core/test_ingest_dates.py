"""Publication dates: forms, precision, and the day/month order never guessed silently."""

from __future__ import annotations

import pytest

from core.ingest.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("20/04/2016", "2016-04-20", "day"),
        ("04/20/2016", "2016-04-20", "day"),
        ("date 2022-10-10 Newsletter Signup", "2022-10-10", "day"),
        ("October 12, 2022", "2022-10-12", "day"),
        ("Oct. 12, 2022", "2022-10-12", "day"),
        ("Wednesday, October 12, 2022", "2022-10-12", "day"),
        ("12 October 2022", "2022-10-12", "day"),
        ("12th of October, 2022", "2022-10-12", "day"),
        ("2022-10-12T09:30:00+09:00", "2022-10-12", "day"),
        ("2022/10/12", "2022-10-12", "day"),
        ("20.04.2016", "2016-04-20", "day"),
        ("March 2019", "2019-03", "month"),
        ("2019", "2019", "year"),
        ("05/05/2016", "2016-05-05", "day"),  # both readings agree
        ("03/04/2016", "2016", "year"),  # ambiguous, nothing to settle it
    ],
)
def test_date_table(text: str, iso: str, precision: str) -> None:
    reading = parse_date(text)
    assert reading is not None
    assert (reading.iso, reading.precision) == (iso, precision)


@pytest.mark.parametrize("text", ["31/02/2016", "13/13/2016", "no date here", "2016-13-01", ""])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_ambiguous_is_noted() -> None:
    reading = parse_date("03/04/2016")
    assert reading is not None
    assert "3 April 2016" in reading.note and "March 4, 2016" in reading.note


@pytest.mark.parametrize(
    ("context", "iso", "order"),
    [
        ("Updated on 25/09/2020", "2016-04-03", "day first"),
        ("Updated 09/25/2020", "2016-03-04", "month first"),
    ],
)
def test_ambiguous_settled_by_context(context: str, iso: str, order: str) -> None:
    reading = parse_date("03/04/2016", context=context)
    assert reading is not None
    assert (reading.iso, reading.precision) == (iso, "day")
    assert order in reading.note


def test_conflicting_context_settles_nothing() -> None:
    reading = parse_date("03/04/2016", context="25/09/2020 and 09/25/2020")
    assert reading is not None and reading.precision == "year"


def test_explicit_convention() -> None:
    reading = parse_date("03/04/2016", day_first=False, reason="the site writes month first")
    assert reading is not None and reading.iso == "2016-03-04"
    assert "the site writes month first" in reading.note


def test_find_dates_in_order() -> None:
    found = find_dates("By on 20/04/2016 | Updated on 25/09/2020, then May 3, 2021")
    assert [m.text for m in found] == ["20/04/2016", "25/09/2020", "May 3, 2021"]
