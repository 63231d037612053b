"""Did-you-mean: indexed words close to the words of a query that found nothing.

The FTS5 vocabulary is read once per version of the index and kept in this process and in the
library's cache file (`core.store.ranklists`): FTS5 reads it by decoding the whole index (2 s at
100k articles), the cache file in milliseconds, so only the first search to find nothing after a
change pays for it, in whichever process makes it.
"""

from __future__ import annotations

import threading
import unicodedata
import weakref
from dataclasses import dataclass

from core.library import Library
from core.store import search as sql
from core.store.ranklists import RankCache, index_key

MIN_SCORE = 75.0
PER_WORD = 3


@dataclass
class _Vocabulary:
    key: str
    terms: list[str]
    doc_counts: dict[str, int]


_cache: weakref.WeakKeyDictionary[Library, _Vocabulary] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def fold(word: str) -> str:
    """A word as the unicode61 tokenizer stores it: lower case, no diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vocabulary(lib: Library) -> _Vocabulary:
    """The library's indexed words with document counts, for the current index."""
    conn = lib.store.conn
    key = index_key(conn)
    with _cache_lock:
        cached = _cache.get(lib)
    if cached is not None and cached.key == key:
        return cached
    kept = RankCache(lib.store.path)
    stored = kept.get_vocabulary(key)
    if stored is None:
        rows = sql.vocabulary(conn)
        stored = [term for term, _ in rows], [doc for _, doc in rows]
        kept.put_vocabulary(key, *stored)
    terms, docs = stored
    fresh = _Vocabulary(key, terms, dict(zip(terms, docs, strict=True)))
    with _cache_lock:
        _cache[lib] = fresh
    return fresh


def suggest_words(lib: Library, words: list[str]) -> dict[str, list[str]]:
    """For each query word not in the index, up to three close indexed words, best first."""
    from rapidfuzz import fuzz, process

    vocab = vocabulary(lib)
    if not vocab.terms:
        return {}
    out: dict[str, list[str]] = {}
    for word in words:
        folded = fold(word)
        if " " in folded or not folded or folded in vocab.doc_counts:
            continue
        if not folded.isalpha() and not folded.isalnum():
            continue  # a word the tokenizer splits (a-b, it's): no single-word correction
        matches = process.extract(
            folded, vocab.terms, scorer=fuzz.ratio, limit=10, score_cutoff=MIN_SCORE
        )
        ranked = sorted(matches, key=lambda m: (-round(m[1]), -vocab.doc_counts.get(m[0], 0)))
        options = [m[0] for m in ranked[:PER_WORD]]
        if options:
            out[word] = options
    return out


def closest_outlets(outlets: list[str], values: list[str]) -> list[str]:
    """Known outlets that look like the values a user typed."""
    from rapidfuzz import fuzz, process

    found: list[str] = []
    for value in values:
        for name, _score, _index in process.extract(
            value, outlets, scorer=fuzz.WRatio, processor=str.casefold, limit=3, score_cutoff=60
        ):
            if name not in found:
                found.append(name)
    return found
