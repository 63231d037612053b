"""The letter-pair index that narrows fuzzy word lookups over large name lists loses nothing:
every word a full scan finds within the allowed edits, it finds too."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.nlp.fuzzy as fuzzy
from core.nlp.fuzzy import Entry, NameIndex

SYLLABLES = ["ka", "ri", "to", "mo", "na", "shi", "ya", "ha", "ma", "sa", "yo", "ko", "ta", "be",
             "ro", "li", "an", "el", "jo", "mi", "ne", "da", "vi", "lu", "ce", "aa", "nn"]


def _names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    made = set()
    while len(made) < count:
        first = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
        last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
        made.add(f"{first} {last}")
    return sorted(made)


@pytest.fixture(scope="module")
def index() -> NameIndex:
    names = _names(30_000, seed=3)
    built = NameIndex([Entry(i, "PERSON", name, 1, name) for i, name in enumerate(names)])
    assert len(built.vocab) >= fuzzy.BIGRAM_INDEX_MIN_TOKENS, "the index should be in use"
    return built


def _typo(word: str, rng: random.Random) -> str:
    chars = list(word)
    for _ in range(rng.randint(0, 2)):
        where = rng.randrange(len(chars) + 1)
        action = rng.choice("sid")
        letter = rng.choice(string.ascii_lowercase[:12])
        if action == "s" and where < len(chars):
            chars[where] = letter
        elif action == "i":
            chars.insert(where, letter)
        elif len(chars) > 1 and where < len(chars):
            del chars[where]
    return "".join(chars)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_same_similar_words_as_a_full_scan(index: NameIndex, seed: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    word = _typo(rng.choice(index.vocab), rng) or "kari"
    narrowed = index._similar_tokens(word)
    with monkeypatch.context() as patch:
        patch.setattr(fuzzy, "BIGRAM_INDEX_MIN_TOKENS", 10**9)  # scan every word of a near length
        scanned = index._similar_tokens(word)
    assert narrowed == scanned


def test_repetitive_and_short_words_fall_back_to_the_scan(index: NameIndex) -> None:
    assert index._bigrams is None or index._bigrams.candidates("aaaa", 1) is not None
    bigrams = fuzzy._BigramIndex(index.vocab)
    assert bigrams.candidates("abcd", 2) is None  # 3 pairs, 2 edits may change all of them
    found = bigrams.candidates("karishima", 2)
    assert found is not None
    assert all(abs(length - 9) <= 2 for length in found)
