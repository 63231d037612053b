"""Per-article term counts, built by the analysis step (or a first comparison) and kept, so
comparisons never re-tokenise the corpus.

Tokenising rules (cheap, regex only):
- text is title + body, casefolded; typographic hyphens become "-", soft hyphens vanish,
  curly apostrophes become "'";
- a word is a run of letters/digits, possibly joined by "-" or "'": a hyphenated compound stays
  one term in its hyphenated form ("counter-terrorism", "intelligence-sharing") and each of its
  parts is counted as a unigram too ("terrorism", "intelligence", "sharing"), so a compound adds
  to its words' counts; a spaced phrase is a bigram ("intelligence sharing"); a possessive "'s" is dropped ("japan's" -> "japan");
  dotted acronyms keep their dots ("u.s.");
- numbers (tokens without a letter) and one-character tokens are not terms;
- stop words (a compact English list below) are not terms;
- bigrams join two adjacent non-stop words; any punctuation mark other than "-" and "'",
  a number, a stop word or a line break ends a run, so bigrams never cross a sentence or clause;
- an article's `total` counts every word token (stop words included, numbers out): the corpus
  size used by keyness statistics.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise

import numpy as np

from core.library import Library
from core.models import Progress
from core.store import terms as sql

_STOP_LIST = """
    a about above after again against ago all almost along also although am among an and another
    any are aren't around as at be became because been before being below between both but by
    can can't cannot could couldn't did didn't do does doesn't doing don't down during each
    either else even ever every few for from further had hadn't has hasn't have haven't having he
    he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll
    i'm i've if in into is isn't it it's its itself just let's many may me might more most much
    must mustn't my myself neither no nor not now of off often on once one only or other ought
    our ours ourselves out over own per perhaps quite rather said same say says saying shall
    shan't she she'd she'll she's should shouldn't since so some such than that that's the their
    theirs them themselves then there there's these they they'd they'll they're they've this
    those though through thus to too toward towards under until up upon us very via was wasn't
    we we'd we'll we're we've were weren't what what's when when's where where's whether which
    while who who's whom whose why why's will with within without won't would wouldn't yet you
    you'd you'll you're you've your yours yourself yourselves mr mrs ms dr also told according
    two three four five six seven eight nine ten first second third last next new year years
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

_PRE_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": None, "\u2019": "'",
                           "\u2018": "'", "\u02bc": "'"})
_TOKEN_RE = re.compile(
    r"(?P<acronym>(?:[^\W\d_]\.){2,})"  # u.s. / e.u.
    r"|(?P<word>[^\W_]+(?:['-][^\W_]+)*)"  # words, hyphenated compounds, contractions
    r"|(?P<brk>[^\w\s']|\n)"  # punctuation or a line break ends a bigram run
)
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")


def segments(text: str) -> tuple[list[list[str]], int]:
    """Runs of casefolded word tokens between breaks (stop words kept), and the word total."""
    runs: list[list[str]] = []
    current: list[str] = []
    total = 0
    for match in _TOKEN_RE.finditer(text.translate(_PRE_FOLD).casefold()):
        kind = match.lastgroup
        token = match.group()
        if kind == "word":
            if not _HAS_LETTER_RE.search(token):  # a number: not a word, ends a run
                if current:
                    runs.append(current)
                    current = []
                continue
            if token.endswith("'s"):
                token = token[:-2]
            current.append(token)
            total += 1
        elif kind == "acronym":
            current.append(token)
            total += 1
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs, total


def is_term_word(token: str) -> bool:
    """A token that can be a term: not a stop word, more than one character."""
    return len(token) > 1 and token not in STOP_WORDS


def compound_parts(token: str) -> list[str]:
    """The parts of a hyphenated compound that are terms themselves ("counter-terrorism")."""
    if "-" not in token:
        return []
    return [p for p in token.split("-") if is_term_word(p) and _HAS_LETTER_RE.search(p)]


def extract_terms(text: str) -> list[str]:
    """Unigrams and bigrams of `text` in reading order (each unigram, then the bigram it starts)."""
    found: list[str] = []
    for run in segments(text)[0]:
        for index, token in enumerate(run):
            if not is_term_word(token):
                continue
            found.append(token)
            found.extend(compound_parts(token))
            if index + 1 < len(run) and is_term_word(run[index + 1]):
                found.append(f"{token} {run[index + 1]}")
    return found


# The same token pattern without groups: `findall` then yields the matched strings, in order.
# Breaks come first (they never start like a word) and the acronym branch is gated by a
# lookahead: the same tokens as `_TOKEN_RE`, about 40% faster.
_FLAT_TOKEN_RE = re.compile(
    r"[^\w\s']|\n"  # break
    r"|(?=[^\W\d_]\.[^\W\d_]\.)(?:[^\W\d_]\.){2,}"  # acronym
    r"|[^\W_]+(?:['-][^\W_]+)*"  # word
)
_FOLD_PAIRS = tuple(_PRE_FOLD.items())


def _pre_fold(text: str) -> str:
    """`text.translate(_PRE_FOLD)`, but a scan per character instead of a dict lookup per char."""
    for code, replacement in _FOLD_PAIRS:
        char = chr(code)
        if char in text:
            text = text.replace(char, replacement or "")
    return text


def count_terms(title: str, body: str) -> tuple[Counter[str], int]:
    """Term counts of an article and its word total.

    The same counts as walking `segments` token by token (see `count_terms_by_segments`), but
    computed over distinct tokens and distinct adjacent pairs, counted in C: several times faster.
    """
    tokens = _FLAT_TOKEN_RE.findall(_pre_fold(f"{title}\n{body}").casefold())
    counts: dict[str, int] = {}
    total = 0
    term_form: dict[str, str] = {}  # raw token -> its term word, for term words only
    for token, number in Counter(tokens).items():
        first = token[0]
        if not first.isalpha() and (not first.isalnum() or not _HAS_LETTER_RE.search(token)):
            continue  # a break (punctuation, line break) or a number
        word = token[:-2] if token.endswith("'s") else token  # acronyms end in "."
        total += number
        if len(word) > 1 and word not in STOP_WORDS:
            term_form[token] = word
            counts[word] = counts.get(word, 0) + number
            if "-" in word:
                for part in compound_parts(word):
                    counts[part] = counts.get(part, 0) + number
    if term_form:  # bigrams: two adjacent tokens that are both term words
        forms = list(map(term_form.get, tokens))
        for (left, right), number in Counter(pairwise(forms)).items():
            if left is not None and right is not None:
                key = f"{left} {right}"
                counts[key] = counts.get(key, 0) + number
    return Counter(counts), total


def count_terms_by_segments(title: str, body: str) -> tuple[Counter[str], int]:
    """Reference implementation of `count_terms`, token by token over `segments` (for tests)."""
    text = f"{title}\n{body}"
    counts: Counter[str] = Counter()
    runs, total = segments(text)
    for run in runs:
        previous = ""
        for token in run:
            if is_term_word(token):
                counts[token] += 1
                for part in compound_parts(token):
                    counts[part] += 1
                if previous:
                    counts[f"{previous} {token}"] += 1
                previous = token
            else:
                previous = ""
    return counts, total


@contextmanager
def term_id_cache(
    conn: sqlite3.Connection, cache: sql.TermIdCache | None = None
) -> Iterator[sql.TermIdCache]:
    """A term id cache ready for one write transaction on `conn` (enter it inside the
    transaction) and for `index_article_terms(..., cache)` calls in it.

    Pass the same `cache` to each transaction of a run to keep ids across them: ids added by a
    transaction count only if it committed (see `TermIdCache`).
    """
    cache = cache if cache is not None else sql.TermIdCache()
    cache.begin(conn)
    yield cache


def index_article_terms(
    conn: sqlite3.Connection,
    article_id: int,
    title: str,
    body: str,
    cache: sql.TermIdCache | None = None,
) -> None:
    """Count the terms of one article and store them (inside the caller's transaction)."""
    counts, total = count_terms(title, body)
    ids = sql.term_ids(conn, counts, cache) if counts else {}
    id_array = np.fromiter(map(ids.__getitem__, counts), dtype=np.int64, count=len(counts))
    count_array = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    order = np.argsort(id_array)
    sql.save_article_terms(
        conn,
        article_id,
        id_array[order],
        count_array[order],
        total,
    )


def reindex_terms(
    lib: Library,
    progress: Callable[[Progress], None] | None = None,
    *,
    batch: int = 500,
    is_cancelled: Callable[[], bool] | None = None,
    article_ids: list[int] | None = None,
) -> int:
    """Index the articles that have no term row (new or changed since, or from an older
    library), or only those among `article_ids`; returns how many were indexed. Each batch
    reads its texts inside its write transaction, so a text changed meanwhile by another
    process is never indexed in its old form."""
    store = lib.store
    if article_ids is None:
        pending = list(sql.articles_missing_terms(store.conn, batch=batch))
    else:
        pending = list(sql.missing_among(store.conn, article_ids, batch=batch))
    total = sum(len(ids) for ids in pending)
    cache = sql.TermIdCache()
    done = indexed = 0
    with sql.indexing_page_cache(store.conn):
        for ids in pending:
            if is_cancelled is not None and is_cancelled():
                break
            cache.expected_articles = total - done
            with store.write() as conn, term_id_cache(conn, cache):
                for article_id, title, body in sql.texts_missing_terms(conn, ids):
                    index_article_terms(conn, article_id, title, body, cache)
                    indexed += 1
            cache.commit()
            done += len(ids)
            if progress is not None:
                progress(Progress(done, total, "term index"))
    return indexed


def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive pattern finding `term` (a unigram or bigram) in original text."""
    words = []
    for word in term.split():
        pieces = [re.escape(piece) for piece in re.split(r"-", word)]
        words.append(r"[-\u2010\u2011\u00ad]?".join(pieces) if len(pieces) > 1 else pieces[0])
    # a hyphenated term also matches its parts joined by a hyphen variant; possessives allowed
    body = r"(?:['\u2019]s)?\s+".join(words)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)
