"""Notes: CRUD, tags, fuzzy filter, quote placement, re-anchoring and concurrent writers."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from core.errors import NewsdeskError, NotFoundError, QueryError
from core.library import Library
from core.models import ParsedArticle
from core.notes import (
    ANCHOR_MISSING,
    ANCHOR_MOVED,
    ANCHOR_OK,
    add_note,
    all_tags,
    delete_note,
    find_quote,
    get_note,
    get_notes,
    list_notes,
    reanchor_notes,
    update_note,
)
from core.store.articles import upsert_article

BODY = (
    "Japan and Britain signed an intelligence-sharing pact on Tuesday.\n\n"
    "Foreign Minister Yoshimasa Hayashi said the agreement would deepen security ties.\n\n"
    "Officials also discussed liquefied natural gas and small modular reactors."
)
QUOTE = "Foreign Minister Yoshimasa Hayashi said the agreement would deepen security ties."


def make_article(lib: Library, *, source: str = "/corpus/a.txt", body: str = BODY,
                 title: str = "Japan, UK sign pact", url: str = "") -> int:
    parsed = ParsedArticle(
        source=source, format="txt", body=body, title=title, outlet="Japan Today",
        byline="Kyodo", published="2022-11-03", date_precision="day", url=url,
    )
    with lib.store.write() as conn:
        outcome = upsert_article(conn, parsed)
        reanchor_notes(conn, outcome.article_id, body)
    return outcome.article_id


def reingest(lib: Library, body: str, *, source: str = "/corpus/a.txt") -> int:
    """What the ingest pipeline does for a changed file: upsert, then re-anchor in one write."""
    return make_article(lib, source=source, body=body)


# -- add / get / list / edit / delete ----------------------------------------------------------


def test_add_note_by_quote_finds_offsets_and_copies_citation(lib: Library) -> None:
    article_id = make_article(lib, url="https://example.com/pact")
    note = add_note(lib, article_id, quote=QUOTE, comment="key line", tags=["pact", "Japan"])
    assert BODY[note.start : note.end] == QUOTE
    assert note.quote == QUOTE and note.anchor == ANCHOR_OK and len(note.quote_hash) == 16
    assert note.title == "Japan, UK sign pact" and note.outlet == "Japan Today"
    assert note.byline == "Kyodo" and note.published == "2022-11-03"
    assert note.source == "https://example.com/pact"
    assert note.tags == ["Japan", "pact"]
    assert get_note(lib, note.id) == note


def test_add_note_by_offsets(lib: Library) -> None:
    article_id = make_article(lib)
    start = BODY.index("Hayashi")
    note = add_note(lib, article_id, start=start, end=start + 7)
    assert note.quote == "Hayashi" and (note.start, note.end) == (start, start + 7)
    with pytest.raises(NewsdeskError):
        add_note(lib, article_id, start=start, end=start + 7, quote="Britain")
    with pytest.raises(NewsdeskError):
        add_note(lib, article_id, start=5, end=len(BODY) + 1)
    with pytest.raises(NewsdeskError):
        add_note(lib, article_id, start=5)


def test_quote_matched_ignoring_whitespace_and_stored_as_in_article(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote="  signed an   intelligence-sharing\npact ")
    assert note.quote == "signed an intelligence-sharing pact"
    assert BODY[note.start : note.end] == note.quote


def test_quote_not_in_article_raises_and_saves_nothing(lib: Library) -> None:
    article_id = make_article(lib)
    with pytest.raises(NewsdeskError, match="not in the article"):
        add_note(lib, article_id, quote="Hayashi resigned")
    assert list_notes(lib) == []
    with pytest.raises(NotFoundError):
        add_note(lib, 999, quote="x")


def test_whole_article_note(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, comment="read later")
    assert note.whole_article and note.quote == ""
    assert (note.start, note.end) == (0, len(BODY))


def test_untrusted_comment_and_tags_are_cleaned(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote="Hayashi", comment="\x1b[31mred\x1b[0m\u202e ok",
                    tags=["#LNG", "lng", " ", "two\nlines", "x" * 500])
    assert "\x1b" not in note.comment and "\u202e" not in note.comment
    assert note.tags[0] == "LNG" and "lng" not in note.tags
    assert "two lines" in note.tags and all(len(tag) <= 100 for tag in note.tags)
    assert len(note.tags) == 3


def test_list_newest_first_and_filters(lib: Library) -> None:
    first = make_article(lib)
    second = make_article(lib, source="/corpus/b.txt", title="Reactor plans",
                          body="The utility will build small modular reactors by 2030.")
    n1 = add_note(lib, first, quote="Hayashi", tags=["people"])
    n2 = add_note(lib, second, quote="small modular reactors", tags=["energy"],
                  comment="SMR timeline")
    n3 = add_note(lib, first, quote="liquefied natural gas", tags=["energy", "LNG"])
    assert [n.id for n in list_notes(lib)] == [n3.id, n2.id, n1.id]
    assert [n.id for n in list_notes(lib, tag="energy")] == [n3.id, n2.id]
    assert [n.id for n in list_notes(lib, tag="ENERGY")] == [n3.id, n2.id]
    assert [n.id for n in list_notes(lib, article_id=first)] == [n3.id, n1.id]
    assert [n.id for n in list_notes(lib, text="reactor")] == [n2.id]
    assert [n.id for n in list_notes(lib, text="liquified natral")] == [n3.id]  # typos
    assert [n.id for n in list_notes(lib, text="timeline")] == [n2.id]
    assert list_notes(lib, text="zzzqqq") == []
    assert len(list_notes(lib, since="2000-01-01")) == 3
    assert list_notes(lib, since="2999") == []
    with pytest.raises(QueryError):
        list_notes(lib, since="yesterday")
    assert all_tags(lib) == [("energy", 2), ("LNG", 1), ("people", 1)]
    assert [n.id for n in get_notes(lib, [n1.id, n3.id, 999])] == [n3.id, n1.id]


def test_update_and_delete(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote="Hayashi", comment="old", tags=["a", "b"])
    changed = update_note(lib, note.id, comment="new")
    assert changed.comment == "new" and changed.tags == ["a", "b"]
    changed = update_note(lib, note.id, tags=["c"])
    assert changed.comment == "new" and changed.tags == ["c"]
    assert update_note(lib, note.id, tags=[]).tags == []
    delete_note(lib, note.id)
    with pytest.raises(NotFoundError):
        get_note(lib, note.id)
    with pytest.raises(NotFoundError):
        delete_note(lib, note.id)
    with pytest.raises(NotFoundError):
        update_note(lib, note.id, comment="x")
    assert lib.store.query("SELECT count(*) FROM note_tags")[0][0] == 0


def test_note_stays_citable_after_article_removed(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote="Hayashi")
    with lib.store.write() as conn:
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    kept = get_note(lib, note.id)
    assert kept.article_id is None
    assert kept.title == "Japan, UK sign pact" and kept.quote == "Hayashi"


# -- re-anchoring ----------------------------------------------------------------------------------


def test_reingest_same_body_keeps_notes(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote=QUOTE)
    assert reingest(lib, BODY) == article_id
    again = get_note(lib, note.id)
    assert (again.start, again.end, again.anchor) == (note.start, note.end, ANCHOR_OK)


def test_changed_body_reanchors_moved_then_ok(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote=QUOTE)
    new_body = "UPDATED: a new first paragraph was added.\n\n" + BODY
    assert reingest(lib, new_body) == article_id
    moved = get_note(lib, note.id)
    assert moved.anchor == ANCHOR_MOVED
    assert new_body[moved.start : moved.end] == QUOTE
    reingest(lib, new_body + "\n\nA trailing line.")  # the quote now sits at its offsets
    assert get_note(lib, note.id).anchor == ANCHOR_OK


def test_reanchor_ignoring_whitespace(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote=QUOTE)
    new_body = "Intro.\n\n" + BODY.replace("Yoshimasa Hayashi said", "Yoshimasa\nHayashi  said")
    reingest(lib, new_body)
    moved = get_note(lib, note.id)
    assert moved.anchor == ANCHOR_MOVED
    assert " ".join(new_body[moved.start : moved.end].split()) == QUOTE


def test_removed_quote_goes_missing_but_note_is_kept(lib: Library) -> None:
    article_id = make_article(lib)
    note = add_note(lib, article_id, quote=QUOTE, comment="keep me")
    whole = add_note(lib, article_id)
    new_body = BODY.replace(QUOTE, "The minister declined to comment.")
    reingest(lib, new_body)
    missing = get_note(lib, note.id)
    assert missing.anchor == ANCHOR_MISSING and missing.comment == "keep me"
    assert missing.quote == QUOTE
    assert get_note(lib, whole.id).end == len(new_body)
    reingest(lib, BODY)  # the quote comes back
    assert get_note(lib, note.id).anchor == ANCHOR_OK


def test_find_quote_prefers_occurrence_near_old_offset() -> None:
    body = "tax rise. other words here. tax rise. more."
    second = body.rindex("tax rise")
    assert find_quote(body, "tax rise") == (0, 8)
    assert find_quote(body, "tax rise", near=second - 3) == (second, second + 8)
    assert find_quote(body, "absent") is None
    assert find_quote(body, "   ") is None


def test_notes_survive_reopening_library(db_path: Path) -> None:
    with Library(db_path) as first:
        article_id = make_article(first)
        note = add_note(first, article_id, quote=QUOTE, tags=["x"])
    with Library(db_path) as again:
        assert get_note(again, note.id).tags == ["x"]


# -- concurrency -----------------------------------------------------------------------------------


def test_two_threads_adding_notes_lose_none(lib: Library) -> None:
    article_id = make_article(lib)
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            for i in range(40):
                add_note(lib, article_id, quote="Hayashi", comment=f"{tag}{i}", tags=[tag])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(list_notes(lib)) == 80
    assert dict(all_tags(lib)) == {"a": 40, "b": 40}


def _process_writer(db: str, article_id: int, tag: str, count: int) -> None:
    with Library(db) as lib:
        for i in range(count):
            add_note(lib, article_id, quote="Hayashi", comment=f"{tag}{i}", tags=[tag])


def test_two_processes_adding_notes_lose_none(db_path: Path) -> None:
    with Library(db_path) as lib:
        article_id = make_article(lib)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_process_writer, args=(str(db_path), article_id, tag, 30))
             for tag in ("p", "q")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
    assert [proc.exitcode for proc in procs] == [0, 0]
    with Library(db_path) as lib:
        notes = list_notes(lib)
        assert len(notes) == 60
        assert {n.comment for n in notes} == {f"{t}{i}" for t in "pq" for i in range(30)}


def test_failed_add_rolls_back_whole_note(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash between the note row and its tags leaves neither (one transaction per add)."""
    from core.store import notes as store_notes

    article_id = make_article(lib)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(store_notes, "set_tags", boom)
    with pytest.raises(RuntimeError):
        add_note(lib, article_id, quote="Hayashi", tags=["x"])
    assert lib.store.query("SELECT count(*) FROM notes")[0][0] == 0


def test_notes_survive_real_reingest_of_changed_file(lib: Library, articles_dir: Path) -> None:
    """End to end through the ingest pipeline: same id, quote re-anchored, then missing."""
    from core.ingest.pipeline import ingest_paths

    path = articles_dir / "pact.txt"
    path.write_text("Pact signed\n\n" + BODY + "\n", encoding="utf-8")
    ingest_paths(lib, [articles_dir], nlp=False)
    (article_id,) = [row[0] for row in lib.store.query("SELECT id FROM articles")]
    note = add_note(lib, article_id, quote=QUOTE, tags=["keep"])

    ingest_paths(lib, [articles_dir], nlp=False)  # unchanged file
    assert get_note(lib, note.id).anchor == ANCHOR_OK

    path.write_text("Pact signed\n\nA new lead paragraph.\n\n" + BODY + "\n", encoding="utf-8")
    ingest_paths(lib, [articles_dir], nlp=False)
    moved = get_note(lib, note.id)
    assert moved.article_id == article_id and moved.anchor == ANCHOR_MOVED
    body = lib.store.query("SELECT body FROM articles WHERE id = ?", (article_id,))[0][0]
    assert body[moved.start : moved.end] == QUOTE

    path.write_text("Pact signed\n\nThe minister said nothing.\n", encoding="utf-8")
    ingest_paths(lib, [articles_dir], nlp=False)
    gone = get_note(lib, note.id)
    assert gone.anchor == ANCHOR_MISSING and gone.tags == ["keep"]
