"""Fuzzy lookup, search filters, entity pages, merges and splits, and the CLI around them."""

from __future__ import annotations

import json

import pytest

from core.entities import (
    entity_page,
    find_entities,
    merge_entities,
    resolve_filter,
    split_entity,
    suggest_merges,
)
from core.errors import NotFoundError, QueryError
from core.library import Library
from core.nlp import annotate_articles
from core.nlp.fuzzy import Entry, NameIndex
from tests.core.test_nlp import ARTICLE_2016, ARTICLE_2022, add_article, people, spacy_model

__all__ = ["spacy_model"]

ARTICLE_2023 = """Foreign Minister Yoshimasa Hayashi visited Ottawa in January.

Hayashi met Prime Minister Justin Trudeau. Trudeau and Hayashi discussed LNG exports and small modular reactors."""


def index_of(*names: tuple[str, str, int]) -> NameIndex:
    return NameIndex([Entry(i, kind, name, count, name) for i, (name, kind, count) in
                      enumerate(names)])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hayshi", "Yoshimasa Hayashi"),
        ("hayashi", "Yoshimasa Hayashi"),
        ("joly melanie", "Melanie Joly"),
        ("Mélanie Joly", "Melanie Joly"),
        ("MELANIE JOLY", "Melanie Joly"),
        ("kishda", "Fumio Kishida"),
        ("Fumio", "Fumio Kishida"),
        ("Sugi", "Shinsuke Sugiyama"),
        ("John Forster", "John Forster"),
    ],
)
def test_fuzzy_finds_the_person(query: str, expected: str) -> None:
    index = index_of(
        ("Yoshimasa Hayashi", "PERSON", 3), ("Melanie Joly", "PERSON", 3),
        ("Fumio Kishida", "PERSON", 2), ("Shinsuke Sugiyama", "PERSON", 1),
        ("John Forster", "PERSON", 1), ("John Foster", "PERSON", 9),
        ("Hayashi Corp", "ORG", 50), ("Joliette", "GPE", 4),
    )
    matches = index.search(query, ["PERSON"], limit=5)
    assert matches and matches[0].entry.name == expected


def test_fuzzy_ranks_by_quality_then_articles() -> None:
    index = index_of(("Daniel Jean", "PERSON", 1), ("Daniel Jeanne", "PERSON", 1),
                     ("Daniel Jean", "ORG", 40), ("Jean Daniel", "PERSON", 7))
    names = [(m.entry.name, m.entry.kind) for m in index.search("daniel jean", limit=5)]
    # Exact matches first (the more mentioned one ahead), then the reordered name, then typos.
    assert names[:2] == [("Daniel Jean", "ORG"), ("Daniel Jean", "PERSON")]
    assert names.index(("Jean Daniel", "PERSON")) < names.index(("Daniel Jeanne", "PERSON"))
    assert index.search("", limit=5) == []
    assert index.search("zzzzqqq", limit=5) == []


@pytest.fixture
def annotated(lib: Library, spacy_model: str) -> Library:
    add_article(lib, "2016.txt", ARTICLE_2016, published="2016-04-20")
    add_article(lib, "2022.txt", ARTICLE_2022, byline="By Mari Yamaguchi")
    add_article(lib, "2023.txt", ARTICLE_2023, published="2023-01-12",
                byline="By Melanie Joly")
    annotate_articles(lib)
    return lib


@pytest.mark.nlp
def test_find_entities_and_rows(annotated: Library) -> None:
    hits = find_entities(annotated, "Hayshi", ("PERSON",))
    assert hits[0].name == "Yoshimasa Hayashi"
    assert hits[0].articles == 2 and hits[0].years == [2022, 2023]
    assert "Hayashi" in hits[0].variants
    assert find_entities(annotated, "joly melanie", ("PERSON",))[0].name == "Melanie Joly"
    places = find_entities(annotated, "U.S.", ("GPE", "LOC"))
    assert places[0].name == "United States"
    listing = find_entities(annotated, "", ("PERSON",), limit=3)
    assert listing[0].name == "Yoshimasa Hayashi"


@pytest.mark.nlp
def test_resolve_filter(annotated: Library) -> None:
    hayashi = resolve_filter(annotated, "person", "Yoshimasa Hayashi")
    assert resolve_filter(annotated, "person", "hayashi") == hayashi  # variant, exact
    assert resolve_filter(annotated, "person", "Hayshi") == hayashi  # fuzzy
    assert resolve_filter(annotated, "place", "US") == resolve_filter(
        annotated, "place", "United States")
    with pytest.raises(QueryError, match="closest: Melanie Joly"):
        resolve_filter(annotated, "person", "Melany Jollie")
    with pytest.raises(QueryError):
        resolve_filter(annotated, "person", "Zbigniew Brzezinski")
    assert resolve_filter(annotated, "topic", "intel sharing")


@pytest.mark.nlp
def test_entity_page(annotated: Library) -> None:
    page = entity_page(annotated, "Hayashi")
    assert page.name == "Yoshimasa Hayashi" and page.kind == "PERSON"
    assert page.by_year == [(2022, 1), (2023, 1)]
    assert page.first_seen == "2022-10-10" and page.last_seen == "2023-01-12"
    co = [c.name for c in page.co_mentions]
    shared = [c.articles for c in page.co_mentions]  # articles shared with Hayashi
    assert shared == sorted(shared, reverse=True) and shared[0] == 2
    assert "Justin Trudeau" in co
    assert page.elapsed_ms < 100
    joly = entity_page(annotated, "Melanie Joly")
    assert [title for _, title, _ in joly.authored] == [""]  # she wrote the 2023 piece
    assert len(joly.article_list) == 1
    with pytest.raises(NotFoundError):
        entity_page(annotated, "Nobody Atall")
    assert json.dumps(page.to_dict())


@pytest.mark.nlp
def test_merge_survives_reannotation_and_split_undoes_it(annotated: Library) -> None:
    lib = annotated
    trudeau_articles = find_entities(lib, "Justin Trudeau", ("PERSON",))[0].articles
    page = merge_entities(lib, "Justin Trudeau", "Melanie Joly")
    assert page.name == "Melanie Joly" and "Justin Trudeau" in page.variants
    assert page.articles == 2 and trudeau_articles == 1
    assert find_entities(lib, "Justin Trudeau", ("PERSON",))[0].name == "Melanie Joly"
    # Re-annotating every article applies the stored merge again.
    annotate_articles(lib, [r[0] for r in lib.store.query("SELECT id FROM articles")])
    assert not lib.store.query("SELECT 1 FROM entities WHERE name = 'Justin Trudeau'")
    assert entity_page(lib, "Melanie Joly").articles == 2
    split_entity(lib, "Justin Trudeau")
    assert entity_page(lib, "Justin Trudeau").articles == 1
    assert entity_page(lib, "Melanie Joly").articles == 1


@pytest.mark.nlp
def test_split_detaches_an_automatic_variant(annotated: Library) -> None:
    lib = annotated
    article_id = lib.store.query("SELECT id FROM articles WHERE source = '2023.txt'")[0][0]
    assert people(lib, article_id)["Yoshimasa Hayashi"] == 3
    split_entity(lib, "Hayashi")
    found = people(lib, article_id)
    assert found["Yoshimasa Hayashi"] == 1
    # The model tags a lone "Hayashi" PERSON or ORG by context: one entity per kind now.
    assert lib.store.query("SELECT count(*) FROM entities WHERE name = 'Hayashi'")[0][0] >= 1
    # Merging it back undoes the split.
    merge_entities(lib, "Hayashi", "Yoshimasa Hayashi")
    annotate_articles(lib, [article_id])
    assert people(lib, article_id)["Yoshimasa Hayashi"] == 3
    with pytest.raises(NotFoundError):
        split_entity(lib, "Canada")


@pytest.mark.nlp
def test_suggest_merges(annotated: Library) -> None:
    lib = annotated
    split_entity(lib, "Hayashi")
    suggestions = suggest_merges(lib)
    pairs = [(s.variant.name, s.target.name) for s in suggestions]
    assert ("Hayashi", "Yoshimasa Hayashi") in pairs


@pytest.mark.nlp
def test_cli_json(annotated: Library, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    db = str(annotated.path)
    assert main(["--db", db, "people", "Hayshi", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "Yoshimasa Hayashi"
    assert {"name", "kind", "articles", "years", "variants"} <= set(rows[0])
    assert main(["--db", db, "places", "us", "--json", "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "United States"
    assert main(["--db", db, "person", "Joly", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Melanie Joly"
    assert main(["--db", db, "topics", "intel", "sharing", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["articles"] == 1
    assert main(["--db", db, "people", "Hayashi"]) == 0
    assert "Yoshimasa Hayashi" in capsys.readouterr().out
    assert main(["--db", db, "person", "Nobody Atall"]) == 1
    assert "no entity matches" in capsys.readouterr().err
    assert main(["--db", db, "entities", "merge", "Justin Trudeau", "Melanie Joly"]) == 0
    assert "variant of Melanie Joly" in capsys.readouterr().out
    assert main(["--db", db, "entities", "split", "Justin", "Trudeau"]) == 0
    assert "re-annotated" in capsys.readouterr().out
    assert main(["--db", db, "entities", "suggest", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)
