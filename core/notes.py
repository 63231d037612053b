"""Notes on passages: add, list, edit, delete, and re-anchor after an article changes.

A note quotes a passage of an article by its text and its character offsets (Python string
indices into the article body), with a hash of the quote. Citation fields are copied from the
article when the note is made, so a note stays citable even if its article is later removed.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.errors import NewsdeskError, NotFoundError, QueryError
from core.library import Library
from core.store import notes as sql
from core.store import utc_now
from core.text import one_line, quote_hash, strip_controls

ANCHOR_OK = "ok"
ANCHOR_MOVED = "moved"  # the quote was found again at new offsets
ANCHOR_MISSING = "missing"  # the quote is no longer in the article; the note is kept

FUZZY_CUTOFF = 80.0  # rapidfuzz partial_ratio score a note must reach to match a text filter
MAX_TAG_CHARS = 100

_SINCE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$")


class NoteError(NewsdeskError):
    """A note that cannot be made as asked (its quote is not in the article, bad offsets)."""

    title = "Note"


@dataclass
class Note:
    """One note: a quoted passage (or a whole article), a comment, tags and a citation."""

    id: int
    article_id: int | None  # None once the article has been removed
    quote: str  # "" for a note on the whole article
    start: int | None
    end: int | None
    quote_hash: str
    anchor: str  # "ok", "moved" or "missing"
    comment: str
    tags: list[str] = field(default_factory=list)
    title: str = ""
    outlet: str = ""
    byline: str = ""
    published: str | None = None
    source: str = ""  # the article's URL when it has one, else its file path
    created_at: str = ""
    updated_at: str = ""

    @property
    def whole_article(self) -> bool:
        return not self.quote

    def to_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["tags"] = list(self.tags)
        return data


# -- quote matching ------------------------------------------------------------------------------


def clean_quote(quote: str) -> str:
    """A quote as the user gave it, made comparable with a stored body: NFC, no controls."""
    return strip_controls(unicodedata.normalize("NFC", quote)).strip()


def clean_tags(tags: Iterable[str]) -> list[str]:
    """One line each, no leading '#', no empties, no case-insensitive duplicates, in order."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in tags:
        tag = one_line(unicodedata.normalize("NFC", str(raw))).lstrip("#").strip()
        tag = tag[:MAX_TAG_CHARS].strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return result


def _fold(text: str) -> str:
    return " ".join(text.split())


def find_quote(body: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """Where `quote` sits in `body`: exactly, else ignoring whitespace differences.

    With several places, the one closest to `near` (the old offset) wins, else the first.
    """
    if not quote:
        return None
    spans: list[tuple[int, int]] = []
    pos = body.find(quote)
    while pos != -1:
        spans.append((pos, pos + len(quote)))
        if near is None:
            break
        pos = body.find(quote, pos + 1)
    if not spans:
        words = quote.split()
        if not words:
            return None
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        for match in pattern.finditer(body):
            spans.append(match.span())
            if near is None:
                break
    if not spans:
        return None
    if near is None:
        return spans[0]
    return min(spans, key=lambda span: abs(span[0] - near))


def _sits_at(body: str, quote: str, qhash: str, start: int | None, end: int | None) -> bool:
    if start is None or end is None or not 0 <= start < end <= len(body):
        return False
    text = body[start:end]
    return text == quote or quote_hash(text) == qhash


def _place(
    body: str, quote: str | None, start: int | None, end: int | None
) -> tuple[str, int, int]:
    """(quote, start, end) for a new note, checked against the article body."""
    if start is not None or end is not None:
        if start is None or end is None:
            raise NoteError("give both a start and an end offset, or neither")
        if not 0 <= start < end <= len(body):
            raise NoteError(
                f"offsets {start}..{end} are outside the article (0..{len(body)})"
            )
        text = body[start:end]
        if quote is not None and clean_quote(quote) and _fold(clean_quote(quote)) != _fold(text):
            raise NoteError("the quote does not match the article text at those offsets")
        return text, start, end
    cleaned = clean_quote(quote or "")
    if not cleaned:
        return "", 0, len(body)
    span = find_quote(body, cleaned)
    if span is None:
        raise NoteError("the quote is not in the article (check its wording)")
    return body[span[0] : span[1]], span[0], span[1]


# -- re-anchoring --------------------------------------------------------------------------------


def reanchor_notes(conn: sqlite3.Connection, article_id: int, body: str) -> None:
    """Re-find each note's quote in the article's new body (inside the caller's transaction).

    At its offsets -> 'ok'; found elsewhere (exactly, then ignoring whitespace) -> new offsets
    and 'moved'; gone -> 'missing', offsets kept. A note is never deleted here.
    """
    now = utc_now()
    for note_id, quote, start, end, qhash, anchor in sql.anchors_for_article(conn, article_id):
        new: tuple[int | None, int | None, str]
        if not quote:
            new = (0, len(body), ANCHOR_OK)
        elif _sits_at(body, quote, qhash, start, end):
            new = (start, end, ANCHOR_OK)
        else:
            span = find_quote(body, quote, near=start)
            if span is not None:
                new = (span[0], span[1], ANCHOR_MOVED)
            else:
                new = (start, end, ANCHOR_MISSING)
        if new != (start, end, anchor):
            sql.set_anchor(conn, note_id, new[0], new[1], new[2], now)


# -- reading ---------------------------------------------------------------------------------------


def _notes_from_rows(conn: sqlite3.Connection, rows: list[sql.NoteRow]) -> list[Note]:
    tags = sql.tags_for(conn, [row[0] for row in rows])
    return [
        Note(
            id=row[0],
            article_id=row[1],
            quote=row[2],
            start=row[3],
            end=row[4],
            quote_hash=row[5],
            anchor=row[6],
            comment=row[7],
            tags=tags.get(row[0], []),
            title=row[8],
            outlet=row[9],
            byline=row[10],
            published=row[11],
            source=row[12],
            created_at=row[13],
            updated_at=row[14],
        )
        for row in rows
    ]


def get_note(lib: Library, note_id: int) -> Note:
    """The note with this id, or NotFoundError."""
    row = sql.get_note(lib.store.conn, note_id)
    if row is None:
        raise NotFoundError(f"no note with id {note_id}")
    return _notes_from_rows(lib.store.conn, [row])[0]


def get_notes(lib: Library, note_ids: Iterable[int]) -> list[Note]:
    """The notes with these ids that exist, newest first (for exporting a selection)."""
    ids = sorted({int(i) for i in note_ids})
    rows: list[sql.NoteRow] = []
    for i in range(0, len(ids), 500):
        rows += sql.list_notes(lib.store.conn, note_ids=ids[i : i + 500])
    rows.sort(key=lambda row: (row[13], row[0]), reverse=True)
    return _notes_from_rows(lib.store.conn, rows)


def parse_since(since: str) -> str:
    """An ISO date prefix (YYYY, YYYY-MM, YYYY-MM-DD or a timestamp) or QueryError."""
    text = since.strip()
    if not _SINCE_RE.match(text):
        raise QueryError(f"not a date: {one_line(since)!r} (use YYYY-MM-DD)", title="Notes")
    return text.replace(" ", "T")


def _matches(note: Note, needle: str) -> bool:
    from rapidfuzz import fuzz

    haystack = " ".join([note.quote, note.comment, note.title, *note.tags]).casefold()
    if needle in haystack:
        return True
    if len(needle) < 4:  # short needles match anything fuzzily: require the substring
        return False
    return fuzz.partial_ratio(needle, haystack, score_cutoff=FUZZY_CUTOFF) > 0


def list_notes(
    lib: Library,
    *,
    tag: str | None = None,
    text: str | None = None,
    article_id: int | None = None,
    since: str | None = None,
) -> list[Note]:
    """Notes newest first, filtered by tag, by article, by creation date and fuzzily by text.

    `text` is matched (rapidfuzz partial_ratio) against the quote, comment, title and tags.
    """
    tag_key = None
    if tag is not None:
        cleaned = clean_tags([tag])
        tag_key = cleaned[0] if cleaned else tag
    rows = sql.list_notes(
        lib.store.conn,
        tag=tag_key,
        article_id=article_id,
        since=parse_since(since) if since else None,
    )
    notes = _notes_from_rows(lib.store.conn, rows)
    needle = " ".join((text or "").split()).casefold()
    if needle:
        notes = [note for note in notes if _matches(note, needle)]
    return notes


def all_tags(lib: Library) -> list[tuple[str, int]]:
    """Every tag with its number of notes, alphabetical."""
    return sql.all_tags(lib.store.conn)


# -- writing ---------------------------------------------------------------------------------------


def add_note(
    lib: Library,
    article_id: int,
    *,
    quote: str | None = None,
    start: int | None = None,
    end: int | None = None,
    comment: str = "",
    tags: Iterable[str] = (),
) -> Note:
    """Save a note on an article in one transaction. No quote and no offsets = whole article.

    The quote is looked up in the body when no offsets are given; a quote that is not there
    raises NoteError. Citation fields are copied from the article.
    """
    with lib.store.write() as conn:
        article = sql.article_citation(conn, article_id)
        if article is None:
            raise NotFoundError(f"no article with id {article_id}")
        body, title, outlet, byline, published, url, source = article
        text, begin, finish = _place(body, quote, start, end)
        now = utc_now()
        note_id = sql.insert_note(
            conn,
            {
                "article_id": article_id,
                "quote": text,
                "start_offset": begin,
                "end_offset": finish,
                "quote_hash": quote_hash(text) if text else "",
                "anchor": ANCHOR_OK,
                "comment": _clean_comment(comment),
                "cite_title": title,
                "cite_outlet": outlet,
                "cite_byline": byline,
                "cite_published": published,
                "cite_source": url or source,
                "created_at": now,
                "updated_at": now,
            },
        )
        sql.set_tags(conn, note_id, clean_tags(tags))
    return get_note(lib, note_id)


def _clean_comment(comment: str) -> str:
    return strip_controls(unicodedata.normalize("NFC", comment or "")).strip()


def update_note(
    lib: Library,
    note_id: int,
    *,
    comment: str | None = None,
    tags: Iterable[str] | None = None,
) -> Note:
    """Change a note's comment and/or replace its tags (None leaves a field as it is)."""
    with lib.store.write() as conn:
        if sql.get_note(conn, note_id) is None:
            raise NotFoundError(f"no note with id {note_id}")
        now = utc_now()
        if comment is not None:
            sql.update_comment(conn, note_id, _clean_comment(comment), now)
        if tags is not None:
            sql.set_tags(conn, note_id, clean_tags(tags))
            sql.touch(conn, note_id, now)
    return get_note(lib, note_id)


def delete_note(lib: Library, note_id: int) -> None:
    """Delete a note and its tags, or NotFoundError."""
    with lib.store.write() as conn:
        if not sql.delete_note(conn, note_id):
            raise NotFoundError(f"no note with id {note_id}")
