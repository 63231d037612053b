"""Key-phrase candidates without a parser: n-grams of content words, hyphens and plurals folded.

"intelligence-sharing" and "intelligence sharing" are one phrase; "reactors" folds to "reactor"
in the key while the most common written form is kept for display.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from core.nlp.names import words

STOP_WORDS = words(
    """
    a about above according across after again against ago all almost along already also
    although always am among an and another any anyone anything are around as at away back be
    became because become been before being below between both but by can cannot could did do
    does doing done down during each either else enough even ever every few first for former
    from further get gets given go going got had has have having he her here hers herself him
    himself his how however i if in including into is it its itself just last later latter
    least less like made make makes many may me meanwhile might more most mostly much must my
    myself near nearly neither never new next no nor not now of off often on once one only
    onto or other others otherwise our ours ourselves out over own per perhaps put rather
    really said same say says see seen several shall she should since so some still such
    than that the their theirs them themselves then there therefore these they this those
    though three through thus to today together too toward towards two under until up upon
    us use used very via was way we well were what whatever when where whether which while
    who whom whose why will with within without would yet you your yours yourself mr mrs ms
    dr told week weeks year years month months day days time times monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december percent people part set told ago recent recently
    comments comment photo photos via reuters ap afp
    """
)

_CLAUSE_SPLIT_RE = re.compile(r"[.,;:!?()\[\]{}\"“”‘’|/\n\t]+|\s[-–—]\s|\s'|'\s")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*|\d[\w\-]*")
MIN_WORD = 2
MAX_N = 3
MAX_CANDIDATES = 30


@dataclass
class Phrase:
    """One candidate phrase in one article: folded key, display form, count, in the title."""

    key: str
    surface: str
    count: int
    in_title: bool = False


def _fold_token(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def phrase_key(text: str) -> str:
    """The folded key of a phrase: lower case, hyphens as spaces, last word singular."""
    words = [_fold_token(w) for w in re.split(r"[\s\-–]+", text) if w]
    words = [w for w in words if w]
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


def _runs(text: str) -> list[list[tuple[str, str, bool]]]:
    """Runs of content words: (folded part, surface, capitalised), broken at stop words."""
    runs: list[list[tuple[str, str, bool]]] = []
    for clause in _CLAUSE_SPLIT_RE.split(text):
        run: list[tuple[str, str, bool]] = []
        for match in _WORD_RE.finditer(clause):
            word = match.group()
            folded = _fold_token(word)
            parts = folded.split("-")
            if (
                word[0].isdigit()
                or folded in STOP_WORDS
                or any(len(p) < MIN_WORD or p in STOP_WORDS for p in parts)
            ):
                if run:
                    runs.append(run)
                run = []
                continue
            # A hyphenated word contributes its parts, tagged with the joined surface.
            surfaces = word.split("-")
            for index, part in enumerate(parts):
                run.append((part, surfaces[index] if index < len(surfaces) else part, word[0].isupper()))
        if run:
            runs.append(run)
    return runs


def extract_phrases(title: str, body: str) -> list[Phrase]:
    """Candidate multi-word phrases of one article with their counts (repeated or in the title)."""
    counts: Counter[str] = Counter()
    # Written word sequences per key, in order of first occurrence; their surface forms are
    # worked out only for the phrases kept (a regex search of the body each).
    variants: dict[str, Counter[tuple[str, ...]]] = {}
    title_keys: set[str] = set()
    for source, text in (("title", title), ("body", body)):
        for run in _runs(text):
            for n in range(2, MAX_N + 1):
                for start in range(len(run) - n + 1):
                    gram = run[start : start + n]
                    if _name_edge(gram[0]) or _name_edge(gram[-1]):
                        continue  # part of a proper name: entities cover those
                    parts = [part for part, _, _ in gram]
                    parts[-1] = _singular(parts[-1])
                    key = " ".join(parts)
                    if source == "title":
                        title_keys.add(key)
                        continue
                    counts[key] += 1
                    written = tuple(surface for _, surface, _ in gram)
                    variants.setdefault(key, Counter())[written] += 1
    phrases = []
    for key, count in counts.items():
        in_title = key in title_keys
        if count < 2 and not in_title:
            continue
        surfaces: Counter[str] = Counter()
        for written, seen in variants[key].items():
            surfaces[_surface(body, written)] += seen
        surface = surfaces.most_common(1)[0][0]
        phrases.append(Phrase(key=key, surface=surface, count=count, in_title=in_title))
    phrases = _drop_subsumed(phrases)
    phrases.sort(key=lambda p: (-(p.count + (2 if p.in_title else 0)), p.key))
    return phrases[:MAX_CANDIDATES]


def _surface(text: str, written: tuple[str, ...]) -> str:
    """The written form of an n-gram (lower case unless a word is an acronym)."""
    words = [surface if surface.isupper() and len(surface) > 1 else surface.lower()
             for surface in written]
    joined = " ".join(words)
    # Restore a hyphen where the text wrote one ("counter-terrorism").
    pattern = r"[\s\-]+".join(re.escape(w) for w in words)
    match = re.search(pattern, text, flags=re.IGNORECASE)
    if match is not None:
        return " ".join(match.group().split()).lower() if not any(
            w.isupper() and len(w) > 1 for w in words) else " ".join(match.group().split())
    return joined


def _name_edge(word: tuple[str, str, bool]) -> bool:
    """A capitalised word that is not an acronym: likely part of a name."""
    _, surface, capitalised = word
    return capitalised and not surface.isupper()


def _drop_subsumed(phrases: list[Phrase]) -> list[Phrase]:
    """Drop a shorter phrase that only ever occurs inside a longer kept one."""
    by_key = {p.key: p for p in phrases}
    drop = set()
    for phrase in phrases:
        words = phrase.key.split()
        if len(words) < 3:
            continue
        # The unfolded inner bigrams: the head bigram keeps its plural fold.
        left = " ".join(words[:2])
        right = " ".join(words[1:])
        for inner in (left, phrase_key(left), right):
            other = by_key.get(inner)
            if other is not None and other.count <= phrase.count:
                drop.add(inner)
    return [p for p in phrases if p.key not in drop]


def tfidf(count: int, document_frequency: int, total_articles: int) -> float:
    """Score of a phrase in an article: log-scaled count times smoothed inverse document frequency."""
    idf = math.log((1 + total_articles) / (1 + document_frequency)) + 1.0
    return (1.0 + math.log(max(count, 1))) * idf
