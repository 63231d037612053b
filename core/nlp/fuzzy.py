"""Typo- and order-tolerant lookup over many names: narrow by tokens, then rerank with rapidfuzz.

Brute-force WRatio over 100,000 names costs about 50 ms a query, so candidates come first from
a token index (exact, prefix and near-miss tokens), and only those are scored.
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

_NON_WORD_RE = re.compile(r"[^\w]+")
MIN_QUALITY = 60.0
MAX_PREFIX_TOKENS = 400
MAX_FUZZY_TOKENS = 30
RERANK = 300  # candidates scored with WRatio after the token pass
BIGRAM_INDEX_MIN_TOKENS = 20_000  # fewer distinct words: scanning them all is as quick


def fold(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces ("U.S." -> "us", "Mélanie" -> "melanie")."""
    decomposed = unicodedata.normalize("NFKD", text.replace(".", ""))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD_RE.sub(" ", stripped.casefold()).split())


@dataclass(frozen=True)
class Entry:
    """One searchable text (a name or a variant) of an item (entity or topic)."""

    item_id: int
    kind: str
    name: str
    articles: int
    text: str


@dataclass
class Match:
    entry: Entry
    quality: float


class NameIndex:
    """Preprocessed names and a token index; built once per library version."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.folded = [fold(e.text) for e in self.entries]
        postings: dict[str, list[int]] = {}
        for index, text in enumerate(self.folded):
            for token in set(text.split()):
                postings.setdefault(token, []).append(index)
        self.postings = postings
        self.vocab = sorted(postings)
        self.by_length: dict[int, list[str]] = {}
        for token in self.vocab:
            self.by_length.setdefault(len(token), []).append(token)
        self._bigrams: _BigramIndex | None = None  # built on the first fuzzy token lookup

    def _similar_tokens(self, token: str) -> dict[str, float]:
        """Index tokens like `token`: exact 100, prefix 92, near misses by edit ratio."""
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = 100.0
        if len(token) >= 2:
            start = bisect.bisect_left(self.vocab, token)
            for other in self.vocab[start : start + MAX_PREFIX_TOKENS]:
                if not other.startswith(token):
                    break
                found.setdefault(other, 92.0 if len(token) >= 3 else 80.0)
        if len(token) >= 4:
            max_edits = 1 if len(token) <= 5 else 2
            pools = self._near_pools(token, max_edits)
            for length in range(len(token) - 2, len(token) + 3):
                pool = pools.get(length)
                if not pool:
                    continue
                for other, _, _ in process.extract(
                    token, pool, scorer=Levenshtein.distance, score_cutoff=max_edits,
                    limit=MAX_FUZZY_TOKENS,
                ):
                    score = fuzz.ratio(token, other)
                    if score > found.get(other, 0.0):
                        found[other] = float(score)
        return found

    def _near_pools(self, token: str, max_edits: int) -> dict[int, list[str]]:
        """Index tokens, by length, that may be within `max_edits` of `token`: every one that
        is, and few that are not. Scanning every token of a near length cost 50-90 ms a query
        word over the 250k distinct words of 1M names; the vocabulary's bigram index finds the
        few thousand worth scanning in about 2 ms."""
        if len(self.vocab) < BIGRAM_INDEX_MIN_TOKENS:
            return self.by_length
        if self._bigrams is None:
            self._bigrams = _BigramIndex(self.vocab)
        found = self._bigrams.candidates(token, max_edits)
        return self.by_length if found is None else found

    def search(
        self, query: str, kinds: Sequence[str] | None = None, limit: int = 20
    ) -> list[Match]:
        """Best items for `query`, by match quality then article count, one row per item."""
        folded_query = fold(query)
        tokens = folded_query.split()
        if not tokens:
            return []
        kind_set = set(kinds) if kinds else None
        # Cheap first pass: each query token's best similar word in each candidate name.
        totals: dict[int, float] = {}
        for token in tokens:
            per_name: dict[int, float] = {}
            for similar, score in self._similar_tokens(token).items():
                for index in self.postings[similar]:
                    if per_name.get(index, 0.0) < score:
                        per_name[index] = score
            for index, score in per_name.items():
                totals[index] = totals.get(index, 0.0) + score
        entries = self.entries
        scored = [
            (total / len(tokens), index)
            for index, total in totals.items()
            if kind_set is None or entries[index].kind in kind_set
        ]
        if len(scored) > RERANK:
            scored = heapq.nlargest(RERANK, scored, key=lambda pair: (pair[0], entries[pair[1]].articles))
        best: dict[int, Match] = {}
        for token_score, index in scored[:RERANK]:
            entry = self.entries[index]
            text = self.folded[index]
            whole = fuzz.WRatio(folded_query, text)
            quality = max(token_score, whole)
            if text == folded_query:
                quality = 101.0
            if quality < MIN_QUALITY:
                continue
            current = best.get(entry.item_id)
            if current is None or quality > current.quality:
                best[entry.item_id] = Match(entry, quality)
        ranked = sorted(
            best.values(), key=lambda m: (-round(m.quality), -m.entry.articles, m.entry.name)
        )
        return ranked[:limit]


class _BigramIndex:
    """Which vocabulary words share how many letter pairs, at nearly the same place, with a
    query word.

    An edit changes at most two of a word's letter pairs and shifts the rest by at most one
    place, so a word within `k` edits of `token` holds at least `len(token) - 1 - 2k` of its
    pairs within `k` places of where `token` has them (the q-gram lemma); words with fewer
    cannot match and are never compared.
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        import numpy as np  # here: only libraries with many names need it

        self.np = np
        self.vocab = list(vocab)
        self.lengths = np.fromiter((len(t) for t in self.vocab), dtype=np.int32,
                                   count=len(self.vocab))
        lists: dict[tuple[str, int], list[int]] = {}
        for token_id, token in enumerate(self.vocab):
            for place in range(len(token) - 1):
                lists.setdefault((token[place : place + 2], place), []).append(token_id)
        self.pairs = {key: np.array(ids, dtype=np.int32) for key, ids in lists.items()}

    def candidates(self, token: str, max_edits: int) -> dict[int, list[str]] | None:
        """Words, by length, that may be within `max_edits` of `token`; None when the pairs
        cannot tell (a word too short for its edits: every word of a near length may match)."""
        np = self.np
        needed = len(token) - 1 - 2 * max_edits
        if needed < 1:
            return None
        postings = [
            found
            for place in range(len(token) - 1)
            for shift in range(place - max_edits, place + max_edits + 1)
            if (found := self.pairs.get((token[place : place + 2], shift))) is not None
        ]  # a word holding a pair twice in the window counts twice: more candidates, none lost
        if not postings:
            return {}
        shared = np.bincount(np.concatenate(postings), minlength=len(self.vocab))
        near = np.flatnonzero(shared >= needed)
        near = near[np.abs(self.lengths[near] - len(token)) <= max_edits]
        pools: dict[int, list[str]] = {}
        lengths = self.lengths[near]
        for length in range(len(token) - max_edits, len(token) + max_edits + 1):
            pool = [self.vocab[i] for i in near[lengths == length]]
            if pool:
                pools[length] = pool
        return pools
