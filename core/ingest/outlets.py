"""Who published a saved page: from the author's bio, the site's login text, the copyright line,
or a small table of known publishers and their date conventions."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownOutlet:
    """A publisher we can recognise by a marker string (handle, domain, owner) in a page."""

    name: str
    markers: tuple[str, ...]
    day_first: bool | None = None  # the site's numeric date order, when known


KNOWN_OUTLETS: tuple[KnownOutlet, ...] = (
    KnownOutlet(
        "Global Government Forum",
        ("global government forum", "@globegov", "globalgovernmentforum"),
        day_first=True,
    ),
    KnownOutlet("Japan Today", ("japantoday", "japan today", "gplusmedia"), day_first=None),
    KnownOutlet("The Japan Times", ("the japan times", "japantimes.co.jp"), day_first=None),
    KnownOutlet("Kyodo News", ("kyodo news", "english.kyodonews.net")),
    KnownOutlet("NHK World", ("nhk world", "www3.nhk.or.jp")),
    KnownOutlet("Nikkei Asia", ("nikkei asia", "asia.nikkei.com")),
    KnownOutlet("The Diplomat", ("the diplomat", "thediplomat.com")),
    KnownOutlet("CBC News", ("cbc news", "cbc.ca")),
    KnownOutlet("The Globe and Mail", ("the globe and mail", "theglobeandmail.com")),
    KnownOutlet("Global Affairs Canada", ("global affairs canada",)),
)

# News agencies whose copyright line marks syndicated copy (a credit), not the page's publisher.
WIRES = (
    "associated press",
    "reuters",
    "agence france-presse",
    "afp",
    "kyodo",
    "bloomberg",
    "jiji press",
    "the canadian press",
    "press association",
)

_BIO_RE = re.compile(
    r"\b(?:editor|reporter|correspondent|writer|journalist|columnist|contributor|producer|"
    r"editor-in-chief|bureau chief)\s+(?:of|for|at|with)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w&'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'’-]*){0,5})"
)
_ACCOUNT_RE = re.compile(
    r"\b(?:register|sign up|sign in|log ?in|subscribe)\s+(?:with|to)\s+(?:your\s+)?"
    r"(?P<name>[A-Z][A-Za-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3})\s+account\b"
    r"|\bregister\s+with\s+(?P<name2>[A-Z][a-z]+(?:[A-Z][a-z]+)+)\b"
)
_COPYRIGHT_RE = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*"
    r"(?P<name>[^.]+?)(?:,?\s+(?:Inc|Ltd|LLC|Limited|Corp|Corporation|plc|GmbH|Co)\b\.?)?"
    r"(?:\.|\s+all rights reserved|$)",
    re.IGNORECASE,
)
# "Northern Dispatch Media" publishes "Northern Dispatch": the brand is the outlet.
_CORPORATE_TAIL_RE = re.compile(r"\s+(?:Media(?:\s+Group)?|Group|Publishing|Holdings|Newspapers)$")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def split_camel(name: str) -> str:
    """'JapanToday' -> 'Japan Today' (site names written as one word in login prompts)."""
    return _CAMEL_RE.sub(" ", name)


def known_outlet(text: str) -> KnownOutlet | None:
    """The first known outlet whose marker appears in `text` (case-insensitive)."""
    folded = text.casefold()
    for outlet in KNOWN_OUTLETS:
        if any(marker in folded for marker in outlet.markers):
            return outlet
    return None


def by_name(name: str) -> KnownOutlet | None:
    folded = name.casefold()
    for outlet in KNOWN_OUTLETS:
        if folded == outlet.name.casefold() or folded in outlet.markers:
            return outlet
    return None


def is_wire(name: str) -> bool:
    folded = name.casefold()
    return any(wire in folded for wire in WIRES)


def copyright_holders(lines: list[str]) -> list[str]:
    """Names from copyright lines, in order ('© 2022 GPlusMedia Inc.' -> 'GPlusMedia')."""
    holders = []
    for line in lines:
        m = _COPYRIGHT_RE.match(line.strip())
        if m:
            name = m.group("name").strip(" ,")
            if name.casefold().startswith("the "):
                name = name[4:] if is_wire(name) else name
            brand = _CORPORATE_TAIL_RE.sub("", name)
            name = brand if len(brand.split()) >= 2 else name
            if name and len(name) <= 60:
                holders.append(name)
    return holders


def detect_outlet(
    bio: str, tail_lines: list[str], whole_text: str, *, masthead: str = ""
) -> tuple[str, str]:
    """(outlet, wire credit) for a saved page.

    Order: the author's bio ("news editor of X": the writer's own employer), the site's account
    prompt ("register with JapanToday"), a masthead line ("Outlet | Section | Date"), a non-wire copyright holder (mapped through the known table
    when it is a parent company such as GPlusMedia), then any known outlet's marker in the page.
    """
    holders = copyright_holders(tail_lines)
    wire = next((h for h in holders if is_wire(h)), "")
    m = _BIO_RE.search(bio)
    if m:
        return _canonical(m.group("name")), wire
    m = _ACCOUNT_RE.search("\n".join(tail_lines))
    if m:
        return _canonical(split_camel(m.group("name") or m.group("name2"))), wire
    if masthead:
        return _canonical(masthead), wire
    for holder in reversed(holders):
        if not is_wire(holder):
            known = known_outlet(holder)
            return (known.name if known else holder), wire
    known = known_outlet(whole_text)
    if known:
        return known.name, wire
    return "", wire


def _canonical(name: str) -> str:
    name = " ".join(name.split())
    known = by_name(name) or known_outlet(name)
    return known.name if known else name
