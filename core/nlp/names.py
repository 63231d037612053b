"""Name cleaning and variant rules: pure functions, no spaCy, shared by annotation and lookups."""

from __future__ import annotations

import re
import unicodedata

# Entity labels we keep, and the group each belongs to (places are GPE or LOC).
KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW")
GROUP_OF = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "LAW": "LAW",
}
KINDS_OF_GROUP = {
    "PERSON": ("PERSON",),
    "ORG": ("ORG",),
    "PLACE": ("GPE", "LOC"),
    "NORP": ("NORP",),
    "EVENT": ("EVENT",),
    "LAW": ("LAW",),
}

MAX_NAME_TOKENS = 6


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())



MAX_NAME_CHARS = 60

# Words that precede a person's name as a title or role: they fall away.
TITLE_WORDS = words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    prime deputy vice foreign defence defense finance trade justice interior home health
    minister ministers secretary president presidents premier chancellor senator sen rep
    representative congressman congresswoman governor mayor ambassador envoy chief executive
    ceo cfo chairman chairwoman chair director spokesman spokeswoman spokesperson king queen
    prince princess emperor empress crown pope general colonel lieutenant captain
    major admiral commander sergeant corporal master private
    officer judge justice chief-of-staff undersecretary under-secretary state national
    canadian japanese american british chinese russian french german korean australian indian
    former acting then late assistant parliamentary opposition leader party for of the and
    international affairs public
    """
)

# Common written variants of the same place or organisation: name_key -> (name, kind).
CANONICAL_VARIANTS: dict[str, tuple[str, str]] = {}
for _name, _kind, _variants in (
    ("United States", "GPE", ("us", "usa", "united states", "united states of america")),
    ("United Nations", "ORG", ("un", "united nations")),
    ("United Kingdom", "GPE", ("uk", "britain", "great britain", "united kingdom")),
    ("European Union", "ORG", ("eu", "european union")),
    ("North Korea", "GPE", ("north korea", "dprk")),
    ("South Korea", "GPE", ("south korea", "republic of korea", "rok")),
    ("United Arab Emirates", "GPE", ("uae", "united arab emirates")),
    ("Soviet Union", "GPE", ("soviet union", "ussr")),
    ("NATO", "ORG", ("nato", "north atlantic treaty organization")),
    ("G7", "ORG", ("g7", "g-7", "group of seven")),
    ("G20", "ORG", ("g20", "g-20", "group of twenty")),
):
    for _variant in _variants:
        CANONICAL_VARIANTS[_variant] = (_name, _kind)

_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])$")
_TRAILING_PUNCT = ".,;:!?-–—\"'“”‘’()[]{}/|*•·"
_LEADING_PUNCT = ",;:!?-–—\"'“”‘’()[]{}/|*•·"
_ABBREV_END_RE = re.compile(r"(?:\b[A-Za-z]\.)+$")
_TOKEN_RE = re.compile(r"\S+")


def name_key(name: str) -> str:
    """Case-, diacritic- and spacing-insensitive key for a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace(".", "").replace("’", "'").split())


def _strip_possessive(text: str) -> str:
    words = text.split(" ")
    last = words[-1]
    if _POSSESSIVE_RE.search(last) and len(last) > 2:
        words[-1] = last[:-1] if last[-2] in "s" and last[-1] in "'’" else last[:-2]
    return " ".join(words)


# Abbreviated titles that are also given names ("Gen Nakatani"): dropped only with a dot.
DOTTED_TITLES = words("gen col lt capt maj adm cmdr sgt cpl pte sen rep fr rev gov")
# Titles that make any span a person ("Empress Masako" tagged NORP, "minister, X" tagged ORG).
PERSON_TITLES = words(
    "emperor empress prince princess king queen president minister premier chancellor pope "
    "ambassador secretary spokesman spokeswoman mr mrs ms dr"
)
_PERSON_TITLE_BEFORE_RE = re.compile(
    r"\b(?:" + "|".join(sorted(PERSON_TITLES)) + r")\.?,?\s+$", re.IGNORECASE
)


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading title words ("Prime Minister", "Mr.") while a name remains."""
    while len(tokens) > 1:
        first = tokens[0].lower()
        if first.rstrip(".") in TITLE_WORDS or (first.endswith(".") and first[:-1] in DOTTED_TITLES):
            tokens = tokens[1:]
        else:
            break
    return tokens


def person_by_title(text: str, start: int, surface: str, label: str) -> bool:
    """A non-person span that a title shows is a person: "Empress Masako", "minister, X"."""
    if label == "PERSON":
        return False
    tokens = surface.split()
    if not 1 <= len(tokens) <= 4 or not all(t[:1].isupper() for t in tokens):
        return False
    if len(tokens) > 1 and tokens[0].lower() in PERSON_TITLES:
        return True
    return len(tokens) >= 2 and _PERSON_TITLE_BEFORE_RE.search(text, max(0, start - 30), start) is not None


def clean_name(text: str, label: str) -> str | None:
    """A display name for an entity span, or None when the span is junk.

    Keeps the first line of a span the model ran across line breaks, drops possessives,
    a leading "the", person titles and trailing punctuation.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    name = " ".join(lines[0].split())
    name = name.strip(_LEADING_PUNCT + " ")
    name = _strip_possessive(name)
    # Trailing punctuation, but keep the dots of an abbreviation such as "U.S." or "U.N.".
    while name and name[-1] in _TRAILING_PUNCT:
        if name[-1] == "." and _ABBREV_END_RE.search(name):
            break
        name = name[:-1].rstrip()
    name = _strip_possessive(name)
    words = name.split(" ")
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if label == "PERSON":
        words = _strip_titles(words)
    name = " ".join(words).strip()
    if is_junk(name):
        return None
    if label == "PERSON" and name.isupper() and len(name) > 4:
        name = name.title()
    return name


def is_junk(name: str) -> bool:
    """Single characters, numbers, lower-case strings and very long spans are not names."""
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2:
        return True
    if not any(ch.isupper() for ch in letters):
        return True
    if not (name[0].isupper() or name[0].isdigit()):
        return True
    return len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_TOKENS


def canonical(name: str, kind: str) -> tuple[str, str]:
    """The common written form and kind for a known variant ("U.S." -> United States, GPE)."""
    hit = CANONICAL_VARIANTS.get(name_key(name))
    if hit is not None and GROUP_OF.get(kind) in ("PLACE", "ORG", "PERSON"):
        return hit
    return name, kind


def split_byline(byline: str) -> list[str]:
    """People named in a byline: "By A and B, C" -> ["A", "B", "C"] (outlets dropped)."""
    text = " ".join(byline.split())
    text = re.sub(r"^(?:by|from)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\|.*$", "", text)
    text = re.sub(r"\s+(?:on|updated)\s+\d.*$", "", text, flags=re.IGNORECASE)
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*", text, flags=re.IGNORECASE)
    people = []
    for part in parts:
        name = clean_name(part, "PERSON")
        if name is None:
            continue
        words = name.split()
        if not 2 <= len(words) <= 4:
            continue
        if not all(word[0].isupper() for word in words if word.lower() not in ("de", "van", "von", "da", "del", "bin")):
            continue
        if any(ch.isdigit() for ch in name):
            continue
        people.append(name)
    return people


def surname_joins(short_key: str, full_key: str, *, head: bool = False) -> bool:
    """True when a short form ("hayashi", "joly") is a proper tail of a full name key; with
    `head`, a first word also fits (family name first: "Kim" of "Kim Jong Un")."""
    short = short_key.split()
    full = full_key.split()
    if not 0 < len(short) < len(full):
        return False
    return full[-len(short):] == short or (head and full[: len(short)] == short)
