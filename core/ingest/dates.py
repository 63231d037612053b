"""Publication dates in the forms news pages use, with their precision and an honest day/month order.

A numeric date such as 03/04/2016 reads as 3 April (day first) or 4 March (month first). When both
readings are valid we never pick one silently: a site's known convention or another date in the same
file that only reads one way settles it (and the choice is noted); otherwise only the year is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

DATE_RE = re.compile(
    r"(?<![\d/.-])(?:"
    rf"(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}}){_TIME}"
    r"|(?P<ymd_y>\d{4})/(?P<ymd_m>\d{1,2})/(?P<ymd_d>\d{1,2})"
    r"|(?P<num_a>\d{1,2})(?P<sep>[/.-])(?P<num_b>\d{1,2})(?P=sep)(?P<num_y>\d{4})"
    rf"|{_WEEKDAY}(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{_MONTH}),?\s+(?P<dmy_y>\d{{4}})"
    rf"|{_WEEKDAY}(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>\d{{4}})"
    rf"|(?P<my_m>{_MONTH}),?\s+(?P<my_y>\d{{4}})"
    r")(?![\d/])",
    re.IGNORECASE,
)
_YEAR_ONLY_RE = re.compile(r"^\s*(\d{4})\s*$")


@dataclass
class DateMatch:
    """One date expression found in text, before any day/month decision."""

    start: int
    end: int
    text: str
    year: int
    month: int | None
    day: int | None
    # Numeric a/b/yyyy only: the two fields, and which orders are valid.
    first: int | None = None
    second: int | None = None

    @property
    def numeric(self) -> bool:
        return self.first is not None

    @property
    def can_be_day_first(self) -> bool:
        return self.numeric and _valid(self.year, self.second, self.first)

    @property
    def can_be_month_first(self) -> bool:
        return self.numeric and _valid(self.year, self.first, self.second)

    @property
    def ambiguous(self) -> bool:
        return self.can_be_day_first and self.can_be_month_first and self.first != self.second


@dataclass
class DateReading:
    """A resolved publication date: ISO text cut to its precision, plus why, if it was a choice."""

    iso: str
    precision: str  # "day", "month" or "year"
    note: str = ""
    source_text: str = ""

    @property
    def year(self) -> int:
        return int(self.iso[:4])


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1800 <= year <= 2200:
        return False
    if month is None or day is None:
        return month is None or 1 <= month <= 12
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[DateMatch]:
    """Every plausible date expression in `text`, in order (invalid calendar dates dropped)."""
    found: list[DateMatch] = []
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        match: DateMatch | None = None
        if g["iso_y"]:
            match = DateMatch(
                m.start(), m.end(), m.group(0), int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
            )
        elif g["ymd_y"]:
            match = DateMatch(
                m.start(), m.end(), m.group(0), int(g["ymd_y"]), int(g["ymd_m"]), int(g["ymd_d"])
            )
        elif g["num_y"]:
            a, b, year = int(g["num_a"]), int(g["num_b"]), int(g["num_y"])
            match = DateMatch(m.start(), m.end(), m.group(0), year, None, None, first=a, second=b)
            if not (match.can_be_day_first or match.can_be_month_first):
                continue
        elif g["dmy_y"]:
            match = DateMatch(
                m.start(), m.end(), m.group(0), int(g["dmy_y"]), _month(g["dmy_m"]), int(g["dmy_d"])
            )
        elif g["mdy_y"]:
            match = DateMatch(
                m.start(), m.end(), m.group(0), int(g["mdy_y"]), _month(g["mdy_m"]), int(g["mdy_d"])
            )
        elif g["my_y"]:
            match = DateMatch(
                m.start(), m.end(), m.group(0), int(g["my_y"]), _month(g["my_m"]), None
            )
        if match is not None and (match.numeric or _valid(match.year, match.month, match.day)):
            found.append(match)
    return found


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def order_hint(matches: list[DateMatch]) -> tuple[bool | None, str]:
    """Day-first (True) or month-first (False) if the unambiguous numeric dates all agree."""
    day_first = [
        m for m in matches if m.numeric and m.can_be_day_first and not m.can_be_month_first
    ]
    month_first = [
        m for m in matches if m.numeric and m.can_be_month_first and not m.can_be_day_first
    ]
    if day_first and not month_first:
        return True, day_first[0].text
    if month_first and not day_first:
        return False, month_first[0].text
    return None, ""


def resolve(
    match: DateMatch,
    *,
    day_first: bool | None = None,
    reason: str = "",
) -> DateReading:
    """Turn a match into a reading; `day_first`/`reason` come from context for numeric dates."""
    if not match.numeric:
        if match.day is not None:
            iso, precision = f"{match.year:04d}-{match.month:02d}-{match.day:02d}", "day"
        elif match.month is not None:
            iso, precision = f"{match.year:04d}-{match.month:02d}", "month"
        else:
            iso, precision = f"{match.year:04d}", "year"
        return DateReading(iso, precision, source_text=match.text)
    assert match.first is not None and match.second is not None
    if not match.ambiguous:
        if match.can_be_day_first:
            day, month = match.first, match.second
        else:
            month, day = match.first, match.second
        return DateReading(f"{match.year:04d}-{month:02d}-{day:02d}", "day", source_text=match.text)
    as_day_first = f"{match.first} {MONTH_NAMES[match.second]} {match.year}"
    as_month_first = f"{MONTH_NAMES[match.first]} {match.second}, {match.year}"
    if day_first is None:
        return DateReading(
            f"{match.year:04d}",
            "year",
            note=(
                f"{match.text} could be {as_day_first} (day first) or {as_month_first} "
                "(month first) and nothing in the file settles it; only the year is kept"
            ),
            source_text=match.text,
        )
    if day_first:
        day, month, chosen = match.first, match.second, f"{as_day_first} (day first)"
    else:
        month, day, chosen = match.first, match.second, f"{as_month_first} (month first)"
    return DateReading(
        f"{match.year:04d}-{month:02d}-{day:02d}",
        "day",
        note=f"{match.text} read as {chosen}: {reason}",
        source_text=match.text,
    )


def parse_date(
    text: str,
    *,
    day_first: bool | None = None,
    reason: str = "",
    context: str = "",
) -> DateReading | None:
    """The first date in `text`, resolved; `context` is other text whose dates may settle order.

    A bare year ("2019") gives year precision.
    """
    bare = _YEAR_ONLY_RE.match(text)
    if bare:
        year = int(bare.group(1))
        return (
            DateReading(f"{year:04d}", "year", source_text=text.strip())
            if _valid(year, None, None)
            else None
        )
    matches = find_dates(text)
    if not matches:
        return None
    first = matches[0]
    if first.ambiguous and day_first is None:
        day_first, example = order_hint(matches[1:] + find_dates(context))
        if day_first is not None:
            reason = f"another date in the same file, {example}, only reads that way"
    return resolve(first, day_first=day_first, reason=reason)
