"""Compare on the sample corpus: 2016 (counter-terrorism, North Korea) against 2022 (Indo-Pacific,
intelligence sharing, energy), as a researcher would run it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.compare import Comparison, compare
from core.compare.examples import examples
from core.entities import name_key
from core.library import Library

CORPUS = Path(__file__).resolve().parents[2] / "sample_corpus"

pytestmark = [pytest.mark.nlp, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    if not CORPUS.is_dir():
        pytest.skip("sample corpus missing")
    from core.ingest.pipeline import ingest_paths
    from core.nlp.pipeline import FALLBACK_NAME, load_extractor

    if load_extractor()[0].name == FALLBACK_NAME:
        pytest.skip("no spaCy English model installed")
    library = Library(tmp_path_factory.mktemp("sample") / "library.db")
    report = ingest_paths(library, [CORPUS])
    assert not report.failed
    yield library
    library.close()


@pytest.fixture(scope="module")
def result(sample_lib: Library) -> Comparison:
    # 9 and 7 articles: a minimum frequency of 3 suits a corpus this small
    return compare(sample_lib, "year:2016", "year:2022", top=60, min_freq=3)


def test_vocabulary_of_each_year(result: Comparison) -> None:
    left = {t.term for t in result.distinctive_left}
    right = {t.term for t in result.distinctive_right}
    assert {"terrorism", "north korea", "nuclear test", "ballistic missile"} <= left
    assert {"indo-pacific", "intelligence", "lng", "reactors", "energy"} <= right
    assert not left & right
    for term in result.distinctive_left:
        assert term.freq_left >= 3 and term.g2 >= 3.84 and term.log_ratio > 0
    for term in result.distinctive_right:
        assert term.freq_right >= 3 and term.g2 >= 3.84 and term.log_ratio < 0


def test_canada_and_japan_are_shared(result: Comparison) -> None:
    shared = {name_key(n.name) for n in result.places.shared}
    assert {"canada", "japan"} <= shared


def test_people_of_each_years_talks_on_their_own_side(result: Comparison) -> None:
    only_left = {name_key(n.name) for n in result.people.only_left}
    only_right = {name_key(n.name) for n in result.people.only_right}
    # 2016 2+2 talks in Tokyo: Dion, Forster, Jean; 2022 talks: Joly, Hayashi, Anand
    assert {"stephane dion", "john forster", "daniel jean"} <= only_left
    assert {"melanie joly", "yoshimasa hayashi", "anita anand"} <= only_right


def test_examples_from_each_side(sample_lib: Library) -> None:
    right = examples(sample_lib, "year:2022", "Indo-Pacific", limit=3)
    assert right and all(e.published and e.published.startswith("2022") for e in right)
    for example in right:
        assert "indo-pacific" in example.sentence[example.start:example.end].casefold()
    left = examples(sample_lib, "year:2016", "John Forster", limit=3)
    assert left and all("Forster" in e.sentence[e.start:e.end] for e in left)
