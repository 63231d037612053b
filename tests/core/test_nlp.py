"""Name cleaning, variants, key phrases, the rule fallback and annotation with the real model."""

from __future__ import annotations

import logging

import pytest

from core.library import Library
from core.models import ParsedArticle, Progress
from core.nlp import annotate_articles, split_long_text
from core.nlp import pipeline as nlp_pipeline
from core.nlp.names import canonical, clean_name, name_key, split_byline
from core.nlp.phrases import extract_phrases, phrase_key
from core.store.articles import upsert_article

ARTICLE_2022 = """Japan and Canada agreed to formally start talks toward an intelligence-sharing pact.

Japanese Foreign Minister Yoshimasa Hayashi and his Canadian counterpart, Melanie Joly, met in Tokyo on Tuesday. Prime Minister Fumio Kishida also met Joly.

The two sides aim to reach an agreement on intelligence sharing as soon as possible, the Japanese Foreign Ministry said. Japan already has intelligence sharing deals with the United States and Britain.

"Canada is a Pacific nation," Joly said. Hayashi said the intelligence-sharing talks would begin soon, and Kishida's government welcomed the plan.

Hayashi added that small modular reactors and LNG were part of the energy talks. Canada is developing small modular reactors."""

ARTICLE_2016 = """Canada and Japan have agreed to strengthen cooperation on counter-terrorism.

Japan was represented by deputy foreign minister Shinsuke Sugiyama and vice minister of defence Toru Mimura, who met their Canadian counterparts Daniel Jean and John Forster in Tokyo.

The officials agreed to keep pressure on North Korea after its fourth nuclear test in January. The U.S. and the U.N. Security Council condemned the nuclear test, and the US said counter-terrorism cooperation would grow."""


@pytest.fixture(scope="session")
def spacy_model() -> str:
    """The spaCy pipeline, loaded once per test process (about a second)."""
    extractor, _ = nlp_pipeline.load_extractor()
    if extractor.name == nlp_pipeline.FALLBACK_NAME:
        pytest.skip("no spaCy English model installed")
    return extractor.name


def add_article(lib: Library, source: str, body: str, *, title: str = "", byline: str = "",
                published: str | None = "2022-10-10", comments: str = "") -> int:
    with lib.store.write() as conn:
        outcome = upsert_article(conn, ParsedArticle(
            source=source, format="txt", body=body, title=title, byline=byline,
            published=published, date_precision="day" if published else None,
            comments=comments,
        ))
    return outcome.article_id


def people(lib: Library, article_id: int, role: str = "mention") -> dict[str, int]:
    rows = lib.store.query(
        "SELECT e.name, m.count FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.article_id = ? AND e.kind = 'PERSON' AND m.role = ?",
        (article_id, role),
    )
    return dict(rows)


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Canada’s", "GPE", "Canada"),
        ("Canada's", "GPE", "Canada"),
        ("the United States", "GPE", "United States"),
        ("The Ministry of Defence", "ORG", "Ministry of Defence"),
        ("Prime Minister Fumio Kishida", "PERSON", "Fumio Kishida"),
        ("Foreign Minister Melanie Joly", "PERSON", "Melanie Joly"),
        ("deputy foreign minister Shinsuke Sugiyama", "PERSON", "Shinsuke Sugiyama"),
        ("Canadian Foreign Minister Melanie Joly", "PERSON", "Melanie Joly"),
        ("Mr. Hayashi", "PERSON", "Hayashi"),
        ("Dr Jane Smith", "PERSON", "Jane Smith"),
        ("Kishida's", "PERSON", "Kishida"),
        ("MARI YAMAGUCHI", "PERSON", "Mari Yamaguchi"),
        ("U.S.", "GPE", "U.S."),
        ("NATO,", "ORG", "NATO"),
        ("the EU Migration Crisis\n\n", "ORG", "EU Migration Crisis"),
        ("Tokyo\n\nCulture\n\nAway Games", "EVENT", "Tokyo"),
        ("“Japan”", "GPE", "Japan"),
        ("X", "ORG", None),
        ("2016", "ORG", None),
        ("congress", "ORG", None),
        ("sec", "ORG", None),
        ("A Very Long Name With Far Too Many Words In It", "ORG", None),
        ("Prime Minister", "PERSON", "Minister"),
    ],
)
def test_clean_name(text: str, label: str, expected: str | None) -> None:
    assert clean_name(text, label) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mélanie Joly", "Melanie Joly"),
        ("MELANIE JOLY", "Melanie Joly"),
        ("Melanie  Joly", "Melanie Joly"),
        ("U.S.", "US"),
    ],
)
def test_name_key_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("U.S.", "GPE", ("United States", "GPE")),
        ("US", "ORG", ("United States", "GPE")),
        ("United States", "GPE", ("United States", "GPE")),
        ("U.N.", "ORG", ("United Nations", "ORG")),
        ("UN", "GPE", ("United Nations", "ORG")),
        ("Britain", "GPE", ("United Kingdom", "GPE")),
        ("UK", "GPE", ("United Kingdom", "GPE")),
        ("Canada", "GPE", ("Canada", "GPE")),
        ("Canadian", "NORP", ("Canadian", "NORP")),
    ],
)
def test_canonical_variants(name: str, kind: str, expected: tuple[str, str]) -> None:
    assert canonical(name, kind) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By MARI YAMAGUCHI", ["Mari Yamaguchi"]),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe, John Smith & Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("By on 20/04/2016 | Updated on 25/09/2020", []),
        ("Reuters", []),
        ("", []),
    ],
)
def test_split_byline(byline: str, expected: list[str]) -> None:
    assert split_byline(byline) == expected


# -- phrases --------------------------------------------------------------------------------


def test_phrase_key_folds_hyphens_and_plurals() -> None:
    assert phrase_key("intelligence-sharing") == phrase_key("intelligence sharing")
    assert phrase_key("small modular reactors") == phrase_key("Small modular reactor")
    assert phrase_key("counter-terrorism") == "counter terrorism"


def test_extract_phrases_finds_repeated_terms() -> None:
    found = {p.key: p for p in extract_phrases("", ARTICLE_2022)}
    assert "intelligence sharing" in found
    assert found["intelligence sharing"].count == 4  # hyphenated and spaced forms together
    assert "small modular reactor" in found
    assert found["small modular reactor"].surface == "small modular reactors"
    assert all("hayashi" not in key for key in found)  # names are not phrases
    found_2016 = {p.key: p for p in extract_phrases("", ARTICLE_2016)}
    assert found_2016["counter terrorism"].surface == "counter-terrorism"
    assert "nuclear test" in found_2016


def test_split_long_text_cuts_on_paragraphs() -> None:
    text = "\n\n".join(f"Paragraph {i} " + "word " * 50 for i in range(40))
    pieces = split_long_text(text, 1000)
    assert len(pieces) > 1
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert piece.lstrip("\n").startswith("Paragraph")


# -- fallback -------------------------------------------------------------------------------


def test_fallback_without_model_warns_once_and_finds_names(
    lib: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_model(name: str) -> None:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(nlp_pipeline, "_load_spacy", no_model)
    monkeypatch.setattr(nlp_pipeline, "_cache", {})
    monkeypatch.setattr(nlp_pipeline, "_warned", False)
    article_id = add_article(lib, "a.txt", ARTICLE_2016)
    with caplog.at_level(logging.WARNING, logger="newsdesk.nlp"):
        report = annotate_articles(lib)
        annotate_articles(lib, [article_id])
    assert report.model == "rules"
    assert len(report.warnings) == 1 and "no spaCy English model" in report.warnings[0]
    assert len([r for r in caplog.records if r.name == "newsdesk.nlp"]) == 1
    found = people(lib, article_id)
    for name in ("Shinsuke Sugiyama", "Toru Mimura", "Daniel Jean", "John Forster"):
        assert name in found
    places = {r[0] for r in lib.store.query("SELECT name FROM entities WHERE kind = 'GPE'")}
    assert {"Japan", "Canada", "North Korea", "United States"} <= places


def test_unknown_model_is_a_clear_error(lib: Library) -> None:
    from core.errors import NewsdeskError

    add_article(lib, "a.txt", ARTICLE_2016)
    with pytest.raises(NewsdeskError, match=r"no_such_pipeline.*not installed"):
        annotate_articles(lib, model="no_such_pipeline")


# -- annotation with the real model ---------------------------------------------------------


@pytest.mark.nlp
def test_annotate_finds_people_once_each(lib: Library, spacy_model: str) -> None:
    first = add_article(lib, "2016.txt", ARTICLE_2016, published="2016-04-20",
                        comments="Great piece, Winnie Smith wrote this.")
    second = add_article(lib, "2022.txt", ARTICLE_2022, title="Japan, Canada to begin talks",
                         byline="By MARI YAMAGUCHI")
    seen: list[Progress] = []
    report = annotate_articles(lib, progress=seen.append)
    assert report.articles == 2 and not report.cancelled
    assert seen[-1].done == seen[-1].total == 2
    assert set(people(lib, first)) == {"Shinsuke Sugiyama", "Toru Mimura", "Daniel Jean",
                                       "John Forster"}
    found = people(lib, second)
    assert set(found) == {"Melanie Joly", "Yoshimasa Hayashi", "Fumio Kishida"}
    # Short forms ("Joly", "Hayashi" even when tagged ORG, "Kishida's") joined the full names.
    assert found["Yoshimasa Hayashi"] == 3
    assert found["Melanie Joly"] == 3
    assert found["Fumio Kishida"] == 2
    assert people(lib, second, "author") == {"Mari Yamaguchi": 1}
    assert "Mari Yamaguchi" not in found
    names = {r[0] for r in lib.store.query("SELECT name FROM entities")}
    assert "Winnie Smith" not in names  # comments are never annotated
    assert "United States" in names and "United Nations Security Council" not in names
    done = lib.store.query("SELECT count(*) FROM articles WHERE nlp_done = 1")[0][0]
    assert done == 2
    # Spans point into the body.
    spans = lib.store.query(
        "SELECT m.spans FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE e.name = 'Fumio Kishida'")[0][0]
    import json

    start, end = json.loads(spans)[0]
    assert ARTICLE_2022[start:end] == "Fumio Kishida"


@pytest.mark.nlp
def test_reannotation_replaces_mentions_and_keeps_ids(lib: Library, spacy_model: str) -> None:
    article_id = add_article(lib, "2022.txt", ARTICLE_2022)
    annotate_articles(lib)
    before = lib.store.query("SELECT id FROM entities WHERE name = 'Melanie Joly'")
    annotate_articles(lib, [article_id])
    after = lib.store.query("SELECT id FROM entities WHERE name = 'Melanie Joly'")
    assert before == after
    assert people(lib, article_id)["Melanie Joly"] == 3
    counts = lib.store.query("SELECT article_count FROM entities WHERE name = 'Melanie Joly'")
    assert counts == [(1,)]
    # The body changes on re-ingest: old mentions go, the count follows.
    add_article(lib, "2022.txt", "Canada and Japan met in Ottawa. Melanie Joly spoke.")
    annotate_articles(lib)
    assert set(people(lib, article_id)) == {"Melanie Joly"}
    assert lib.store.query(
        "SELECT count(*) FROM entities WHERE name = 'Fumio Kishida'")[0][0] == 0


@pytest.mark.nlp
def test_cancel_between_batches(lib: Library, spacy_model: str) -> None:
    for number in range(3):
        add_article(lib, f"{number}.txt", ARTICLE_2016 + f"\n\nNote {number}.")
    report = annotate_articles(lib, is_cancelled=lambda: True)
    assert report.cancelled and report.articles == 0
    assert lib.store.query("SELECT count(*) FROM articles WHERE nlp_done = 0")[0][0] == 3


@pytest.mark.nlp
def test_topics_written_per_article(lib: Library, spacy_model: str) -> None:
    from core.topics import article_topics, find_topics

    first = add_article(lib, "2016.txt", ARTICLE_2016, published="2016-04-20")
    add_article(lib, "2022.txt", ARTICLE_2022)
    annotate_articles(lib)
    names = [t.name for t in article_topics(lib, first)]
    assert "counter-terrorism" in names and "nuclear test" in names
    hits = find_topics(lib, "intel sharing")
    assert hits and phrase_key(hits[0].name) == "intelligence sharing"
    assert hits[0].years == [2022]
    assert find_topics(lib, "modular reactor")[0].name == "small modular reactors"
