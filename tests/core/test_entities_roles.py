"""Author-only people, rejected merge suggestions, short forms the model mislabels, and the
entity page's one-pass reads (second wave of issues 3 and 4)."""

from __future__ import annotations

import json

import pytest

from core.entities import (
    count_label,
    entity_page,
    find_entities,
    merge_entities,
    reject_merge,
    suggest_merges,
)
from core.errors import QueryError
from core.library import Library
from core.nlp import _Resolver, annotate_articles
from core.store import entities as sql
from tests.core.test_nlp import add_article, spacy_model

__all__ = ["spacy_model"]


def _entity(lib: Library, name: str, kind: str = "PERSON") -> int:
    with lib.store.write() as conn:
        return sql.insert_entity(conn, name, kind, name.lower())


def _mention(lib: Library, article_id: int, entity_id: int, role: str = "mention") -> None:
    with lib.store.write() as conn:
        sql.insert_mentions(conn, [(article_id, entity_id, role, 1, [], "")])
        sql.refresh_entity_counts(conn, [entity_id])
        sql.bump_names_version(conn)


# -- 3: what a person is in the library -----------------------------------------------------


def test_author_only_person_lists_what_they_wrote(lib: Library, spacy_model: str) -> None:
    for number in range(3):
        add_article(lib, f"/a/{number}.txt",
                    f"Prime Minister Fumio Kishida spoke in Tokyo on day {number}.",
                    byline="By Mari Yamaguchi", published=f"202{number}-05-01")
    annotate_articles(lib, model=spacy_model)
    hits = find_entities(lib, "Mari Yamaguchi", ("PERSON",))
    assert hits[0].name == "Mari Yamaguchi"
    assert hits[0].articles == 0  # mentions, as issue 3 defines `articles`
    assert hits[0].authored == 3
    assert hits[0].to_dict()["authored"] == 3
    assert hits[0].count_label == "author of 3"
    kishida = find_entities(lib, "Kishida", ("PERSON",))[0]
    assert (kishida.articles, kishida.authored, kishida.count_label) == (3, 0, "3 articles")
    page = entity_page(lib, "Mari Yamaguchi")
    assert page.articles == 0 and page.authored_articles == 3 and len(page.authored) == 3
    assert (page.first_seen, page.last_seen) == ("2020-05-01", "2022-05-01")


@pytest.mark.parametrize(
    ("articles", "authored", "label"),
    [(0, 0, "0 articles"), (1, 0, "1 article"), (0, 2, "author of 2"),
     (4, 1, "4 articles · author of 1")],
)
def test_count_label(articles: int, authored: int, label: str) -> None:
    assert count_label(articles, authored) == label


def test_cli_list_shows_authorship(lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    article = add_article(lib, "/a/1.txt", "Body.")
    author = _entity(lib, "Mari Yamaguchi")
    _mention(lib, article, author, "author")
    assert main(["people", "Yamaguchi", "--db", str(lib.path)]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert "Mari Yamaguchi" in line and line.rstrip().endswith("author of 1")
    assert main(["people", "Yamaguchi", "--json", "--db", str(lib.path)]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert (row["articles"], row["authored"]) == (0, 1)


# -- 5: rejected suggestions ----------------------------------------------------------------


def _pair(lib: Library) -> tuple[int, int]:
    article = add_article(lib, "/a/1.txt", "Body one.")
    other = add_article(lib, "/a/2.txt", "Body two.", published="2021-01-01")
    full = _entity(lib, "Mitsubishi Corporation", "ORG")
    short = _entity(lib, "Mitsubishi", "ORG")
    for article_id in (article, other):
        _mention(lib, article_id, full)
    _mention(lib, article, short)
    return short, full


def _suggested(lib: Library) -> set[tuple[str, str]]:
    return {(s.variant.name, s.target.name) for s in suggest_merges(lib)}


def test_rejected_pair_is_not_suggested_again(lib: Library) -> None:
    _pair(lib)
    assert ("Mitsubishi", "Mitsubishi Corporation") in _suggested(lib)
    assert reject_merge(lib, "Mitsubishi Corporation", "Mitsubishi") == (
        "Mitsubishi Corporation", "Mitsubishi")
    assert ("Mitsubishi", "Mitsubishi Corporation") not in _suggested(lib)
    reject_merge(lib, "Mitsubishi", "Mitsubishi Corporation")  # again, either order: one row
    assert lib.store.query("SELECT count(*) FROM merge_rejections")[0][0] == 1


def test_merge_after_reject_forgets_the_rejection(lib: Library) -> None:
    _pair(lib)
    reject_merge(lib, "Mitsubishi", "Mitsubishi Corporation")
    merge_entities(lib, "Mitsubishi", "Mitsubishi Corporation")
    assert lib.store.query("SELECT count(*) FROM merge_rejections")[0][0] == 0


def test_reject_refuses_one_entity_and_different_kinds(lib: Library) -> None:
    _pair(lib)
    _entity(lib, "Tokyo", "GPE")
    with pytest.raises(QueryError, match="one entity"):
        reject_merge(lib, "Mitsubishi", "mitsubishi")
    with pytest.raises(QueryError, match="different kinds"):
        reject_merge(lib, "Mitsubishi", "Tokyo")


def test_cli_reject(lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    _pair(lib)
    assert main(["entities", "reject", "Mitsubishi", "Mitsubishi Corporation",
                 "--db", str(lib.path)]) == 0
    assert "not be suggested again" in capsys.readouterr().out
    assert main(["entities", "suggest", "--json", "--db", str(lib.path)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["entities", "reject", "Mitsubishi", "Nobody Here", "--db", str(lib.path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


# -- 4: a surname the model tags ORG or GPE -------------------------------------------------


def _spans(text: str, *labelled: tuple[str, str]) -> list[tuple[int, int, str, str]]:
    """Spans for each (surface, label), in order of appearance (each surface found after the
    previous one)."""
    spans = []
    position = 0
    for surface, label in labelled:
        start = text.index(surface, position)
        spans.append((start, start + len(surface), label, surface))
        position = start + len(surface)
    return spans


def _groups(lib: Library, text: str, *labelled: tuple[str, str]) -> dict[tuple[str, str], int]:
    resolved = _Resolver(lib).resolve_article(_spans(text, *labelled), text)
    return {(entry.kind, entry.name): entry.count for entry in resolved.values()}


def test_surname_tagged_org_joins_the_person_and_makes_no_org(lib: Library) -> None:
    text = ("Foreign Minister Yoshimasa Hayashi met Melanie Joly. Hayashi said the pact "
            "matters. Joly agreed, and Hayashi added a note.")
    groups = _groups(lib, text, ("Yoshimasa Hayashi", "PERSON"), ("Melanie Joly", "PERSON"),
                     ("Hayashi", "ORG"), ("Joly", "GPE"), ("Hayashi", "ORG"))
    assert groups == {("PERSON", "Yoshimasa Hayashi"): 3, ("PERSON", "Melanie Joly"): 2}


def test_joly_tagged_gpe_four_times_still_joins(lib: Library) -> None:
    # The sample corpus case: "Joly" GPE four times, once PERSON, once in full.
    text = ("Joly and Hayashi met. Foreign Minister Mélanie Joly spoke. Adopted by Joly. "
            "Joly said so. During her visit Joly met him. Joly is expected to speak.")
    groups = _groups(lib, text, ("Joly", "GPE"), ("Mélanie Joly", "PERSON"), ("Joly", "GPE"),
                     ("Joly", "PERSON"), ("Joly", "GPE"), ("Joly", "GPE"))
    assert groups == {("PERSON", "Mélanie Joly"): 6}


def test_washington_the_place_stays_a_place(lib: Library) -> None:
    text = "George Washington's portrait hangs in Washington, where talks were held."
    groups = _groups(lib, text, ("George Washington", "PERSON"), ("Washington", "GPE"))
    assert groups == {("PERSON", "George Washington"): 1, ("GPE", "Washington"): 1}


def test_a_word_used_mostly_as_a_place_stays_a_place(lib: Library) -> None:
    text = ("A biography of George Washington. Washington agreed. Washington objected. "
            "Washington signed. Washington waited.")
    labelled = [("George Washington", "PERSON")] + [("Washington", "GPE")] * 4
    groups = _groups(lib, text, *labelled)
    assert groups == {("PERSON", "George Washington"): 1, ("GPE", "Washington"): 4}


# -- 2: the entity page from one pass over its articles -------------------------------------


def test_entity_page_orders_newest_first_undated_last(lib: Library) -> None:
    person = _entity(lib, "Aiko Tanabe")
    dated = [add_article(lib, f"/d/{n}.txt", f"Body {n}.", published=date)
             for n, date in enumerate(["2016-01-02", "2022-03-04", "2016-01-02", "2019-07-08"])]
    undated = [add_article(lib, f"/u/{n}.txt", f"Undated {n}.", published=None)
               for n in range(2)]
    for article_id in dated + undated:
        _mention(lib, article_id, person)
    page = entity_page(lib, person)
    order = [row[0] for row in page.article_list]
    assert order == [dated[1], dated[3], dated[2], dated[0], undated[1], undated[0]]
    assert page.by_year == [(2016, 2), (2019, 1), (2022, 1), (None, 2)]
    assert (page.first_seen, page.last_seen) == ("2016-01-02", "2022-03-04")
    assert page.article_list[0][1] == ""  # titles are read for the listed articles
