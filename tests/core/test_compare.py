"""Compare two slices: keyness against hand-computed numbers, name splits, examples, report, CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from core.compare import compare, default_slices, log_likelihood
from core.compare.examples import examples, sentence_spans
from core.compare.report import code_span, comparison_markdown, report_examples, write_report
from core.errors import Cancelled, NewsdeskError
from core.library import Library
from core.models import ParsedArticle, Progress
from core.store import articles as article_sql
from core.store import utc_now
from core.terms import index_article_terms
from tui.cli import main


def add_article(lib: Library, source: str, published: str, body: str, *, title: str = "",
                outlet: str = "Test Wire") -> int:
    parsed = ParsedArticle(source=source, format="txt", body=body, title=title, outlet=outlet,
                           published=published, date_precision="day")
    with lib.store.write() as conn:
        article_id = article_sql.upsert_article(conn, parsed).article_id
        index_article_terms(conn, article_id, title, body)
    return article_id


def add_entity(lib: Library, name: str, kind: str, article_ids: list[int], *,
               aliases: tuple[str, ...] = (), spans: dict[int, list[list[int]]] | None = None) -> int:
    from core.entities import name_key

    with lib.store.write() as conn:
        entity_id = conn.execute(
            "INSERT INTO entities(name, kind, norm_key, article_count) VALUES (?, ?, ?, ?)",
            (name, kind, name_key(name), len(article_ids)),
        ).lastrowid
        for alias in aliases:
            conn.execute(
                "INSERT INTO aliases(alias, alias_key, kind, entity_id, created_at) VALUES (?,?,?,?,?)",
                (alias, name_key(alias), kind, entity_id, utc_now()),
            )
        for article_id in article_ids:
            conn.execute(
                "INSERT INTO mentions(article_id, entity_id, spans, surface) VALUES (?, ?, ?, ?)",
                (article_id, entity_id, json.dumps((spans or {}).get(article_id, [])), name),
            )
    return entity_id


def add_topic(lib: Library, name: str, article_ids: list[int]) -> None:
    with lib.store.write() as conn:
        topic_id = conn.execute(
            "INSERT INTO topics(name, norm_key, created_at) VALUES (?, ?, ?)",
            (name, name.casefold(), utc_now()),
        ).lastrowid
        for article_id in article_ids:
            conn.execute("INSERT INTO article_topics(article_id, topic_id) VALUES (?, ?)",
                         (article_id, topic_id))


# -- keyness ----------------------------------------------------------------------------------


def test_log_likelihood_matches_hand_computation() -> None:
    # a=10 in c=100 words, b=5 in d=200 words:
    # E1 = 100*15/300 = 5, E2 = 200*15/300 = 10
    # G2 = 2*(10 ln(10/5) + 5 ln(5/10)) = 2*(10-5) ln 2 = 10 ln 2 = 6.931472
    # log ratio = log2((10/100)/(5/200)) = log2(4) = 2
    g2, ratio = log_likelihood(10, 5, 100, 200)
    assert g2 == pytest.approx(10 * math.log(2)) and g2 == pytest.approx(6.931472, abs=1e-6)
    assert ratio == pytest.approx(2.0)
    # a=0, b=20: E2 = 200*20/300 = 13.3333; G2 = 2*(0 + 20 ln(20/13.3333)) = 40 ln 1.5 = 16.218604
    # log ratio with 0 -> 0.5: log2((0.5/100)/(20/200)) = log2(0.05) = -4.321928
    g2, ratio = log_likelihood(0, 20, 100, 200)
    assert g2 == pytest.approx(16.218604, abs=1e-6)
    assert ratio == pytest.approx(-4.321928, abs=1e-6)
    # the same rate on both sides: no keyness
    assert log_likelihood(3, 6, 100, 200) == pytest.approx((0.0, 0.0))


@pytest.fixture
def keyness_lib(lib: Library) -> Library:
    """Left (2016): 100 words, 'zebra' 10 times. Right (2022): 200 words, zebra 5, yak 20."""
    add_article(lib, "l1.txt", "2016-03-01", "Zebra. " * 6 + "the " * 44)
    add_article(lib, "l2.txt", "2016-05-01", "Zebra. " * 4 + "the " * 46)
    add_article(lib, "r1.txt", "2022-02-01", "Zebra. " * 5 + "the " * 95)
    add_article(lib, "r2.txt", "2022-06-01", "Yak. " * 20 + "the " * 80)
    return lib


def test_compare_distinctive_terms_on_a_tiny_corpus(keyness_lib: Library) -> None:
    result = compare(keyness_lib, "year:2016", "year:2022", min_freq=5)
    assert (result.left.words, result.right.words) == (100, 200)
    assert (result.left.articles, result.right.articles) == (2, 2)
    assert (result.left.first_published, result.left.last_published) == ("2016-03-01", "2016-05-01")
    assert result.left.outlets == [("Test Wire", 2)]
    [zebra] = result.distinctive_left
    assert (zebra.term, zebra.freq_left, zebra.freq_right) == ("zebra", 10, 5)
    assert zebra.g2 == pytest.approx(6.931, abs=1e-3)
    assert zebra.log_ratio == pytest.approx(2.0)
    [yak] = result.distinctive_right
    assert (yak.term, yak.freq_left, yak.freq_right) == ("yak", 0, 20)
    assert yak.g2 == pytest.approx(16.219, abs=1e-3)
    assert yak.log_ratio == pytest.approx(-4.322, abs=1e-3)
    assert result.library_articles == 4


def test_thresholds_filter_terms(keyness_lib: Library) -> None:
    # zebra has 10 on the left: a minimum of 11 drops it; yak (20) stays
    result = compare(keyness_lib, "year:2016", "year:2022", min_freq=11)
    assert result.distinctive_left == []
    assert [t.term for t in result.distinctive_right] == ["yak"]
    # G2 of zebra is 6.93: a threshold of 10.83 (p < 0.001) drops it
    result = compare(keyness_lib, "year:2016", "year:2022", min_g2=10.83)
    assert result.distinctive_left == []


def test_empty_slice_says_so(keyness_lib: Library) -> None:
    with pytest.raises(NewsdeskError, match=r"the left slice `year:1999` matches no articles"):
        compare(keyness_lib, "year:1999", "year:2022")
    with pytest.raises(NewsdeskError, match=r"the right slice `okapi` matches no articles"):
        compare(keyness_lib, "year:2016", "okapi")
    with pytest.raises(NewsdeskError, match="empty"):
        compare(keyness_lib, "  ", "year:2022")


def test_default_slices_are_first_and_last_year(keyness_lib: Library) -> None:
    add_article(keyness_lib, "m.txt", "2019-01-01", "middle year")
    assert default_slices(keyness_lib) == ("year:2016", "year:2022")


def test_default_slices_need_two_years(lib: Library) -> None:
    add_article(lib, "a.txt", "2016-01-01", "only one year")
    with pytest.raises(NewsdeskError, match="2016"):
        default_slices(lib)


def test_articles_without_term_rows_are_indexed_on_demand(lib: Library) -> None:
    for index, year in enumerate((2016, 2016, 2022)):
        parsed = ParsedArticle(source=f"{index}.txt", format="txt", published=f"{year}-01-01",
                               body=f"Reactor {index}. " + "Reactor. " * (5 if year == 2022 else 0))
        with lib.store.write() as conn:
            article_sql.upsert_article(conn, parsed)
    result = compare(lib, "year:2016", "year:2022", min_freq=1, min_g2=0)
    assert result.left.words == 2 and result.right.words == 6


def _unindexed(lib: Library, count: int) -> None:
    """Articles as `ingest --no-nlp` leaves them: stored and searchable, not term-indexed."""
    for index in range(count):
        year = 2016 if index % 2 else 2022
        parsed = ParsedArticle(source=f"u{index}.txt", format="txt", published=f"{year}-01-01",
                               body=f"Story {index} about {'reactors' if year == 2022 else 'drills'}.")
        with lib.store.write() as conn:
            article_sql.upsert_article(conn, parsed)


def test_indexing_on_demand_reports_progress(lib: Library) -> None:
    _unindexed(lib, 7)
    seen: list[Progress] = []
    result = compare(lib, "year:2016", "year:2022", min_freq=1, min_g2=0, progress=seen.append)
    assert seen and seen[-1].done == seen[-1].total == 7
    assert [term.term for term in result.distinctive_right][:1] == ["reactors"]
    assert result.indexed == 7 and "(indexed 7 articles first)" in result.timing()
    again = compare(lib, "year:2016", "year:2022", min_freq=1, min_g2=0)
    assert again.indexed == 0 and again.timing().endswith(" ms")


def test_cancelled_indexing_raises_and_keeps_what_was_done(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.terms

    _unindexed(lib, 7)
    real = core.terms.reindex_terms
    monkeypatch.setattr(core.terms, "reindex_terms",
                        lambda library, progress, **kw: real(library, progress, batch=3, **kw))
    seen: list[Progress] = []
    with pytest.raises(Cancelled):
        compare(lib, "year:2016", "year:2022", progress=seen.append,
                is_cancelled=lambda: len(seen) >= 1)
    assert lib.store.query("SELECT count(*) FROM article_terms") == [(3,)]
    compare(lib, "year:2016", "year:2022", min_freq=1, min_g2=0)
    assert lib.store.query("SELECT count(*) FROM article_terms") == [(7,)]


def test_compare_indexes_only_the_two_slices(lib: Library) -> None:
    _unindexed(lib, 6)
    parsed = ParsedArticle(source="other.txt", format="txt", published="2019-01-01",
                           body="An article from another year.")
    with lib.store.write() as conn:
        other = article_sql.upsert_article(conn, parsed).article_id
    result = compare(lib, "year:2016", "year:2022", min_freq=1, min_g2=0)
    assert result.indexed == 6 and result.unindexed == 0
    indexed = {row[0] for row in lib.store.query("SELECT article_id FROM article_terms")}
    assert len(indexed) == 6 and other not in indexed


def test_read_only_library_says_what_the_terms_leave_out(lib: Library) -> None:
    _unindexed(lib, 4)
    lib.store.readonly = True  # as when the file cannot be written
    try:
        result = compare(lib, "year:2016", "year:2022", min_freq=1, min_g2=0)
    finally:
        lib.store.readonly = False
    assert result.unindexed == 4 and result.indexed == 0
    assert "4 articles not term-indexed (read-only library)" in result.timing()


# -- names ------------------------------------------------------------------------------------


@pytest.fixture
def story_lib(lib: Library) -> Library:
    a = add_article(lib, "a.txt", "2016-04-10",
                    "Japan and Canada agreed to deepen counter-terrorism cooperation. "
                    "Mr. Abe met Prime Minister Trudeau in Tokyo on Monday.",
                    title="Allies talk security", outlet="Japan Today")
    b = add_article(lib, "b.txt", "2016-05-20",
                    "North Korea tested a missile.\nThe counter-terrorism unit stood by.",
                    title="Missile test", outlet="Kyodo")
    c = add_article(lib, "c.txt", "2022-10-12",
                    "Canada and Japan signed an intelligence-sharing pact. LNG shipments will grow.",
                    title="Pact signed", outlet="Japan Today")
    d = add_article(lib, "d.txt", "2022-11-01", "Ottawa and Tokyo discussed small modular reactors.",
                    title="Reactors", outlet="CBC")
    lib.ids = {"a": a, "b": b, "c": c, "d": d}  # type: ignore[attr-defined]
    # body offsets: "Abe" in article a
    body_a = lib.store.conn.execute("SELECT body FROM articles WHERE id = ?", (a,)).fetchone()[0]
    start = body_a.index("Abe")
    add_entity(lib, "Shinzo Abe", "PERSON", [a], aliases=("Abe",), spans={a: [[start, start + 3]]})
    add_entity(lib, "Justin Trudeau", "PERSON", [a])
    add_entity(lib, "Mélanie Joly", "PERSON", [c, d])
    add_entity(lib, "Canada", "GPE", [a, c, d])
    add_entity(lib, "Japan", "GPE", [a, b, c, d])
    add_entity(lib, "Tokyo", "GPE", [a, d])
    add_entity(lib, "Korean Peninsula", "LOC", [b])
    add_entity(lib, "Pacific", "LOC", [c])
    add_entity(lib, "UN Security Council", "ORG", [b])
    add_topic(lib, "counter-terrorism", [a, b])
    add_topic(lib, "LNG", [c])
    return lib


def names(rows: list) -> list[tuple[str, int, int]]:
    return [(r.name, r.left, r.right) for r in rows]


def test_entity_and_topic_splits(story_lib: Library) -> None:
    result = compare(story_lib, "year:2016", "year:2022")
    assert names(result.people.only_left) == [("Justin Trudeau", 1, 0), ("Shinzo Abe", 1, 0)]
    assert names(result.people.shared) == []
    assert names(result.people.only_right) == [("Mélanie Joly", 0, 2)]
    # places are GPE and LOC; shared ranked by articles on both sides
    assert names(result.places.shared) == [("Japan", 2, 2), ("Canada", 1, 2), ("Tokyo", 1, 1)]
    assert names(result.places.only_left) == [("Korean Peninsula", 1, 0)]
    assert names(result.places.only_right) == [("Pacific", 0, 1)]
    assert names(result.organisations.only_left) == [("UN Security Council", 1, 0)]
    assert names(result.topics.only_left) == [("counter-terrorism", 2, 0)]
    assert names(result.topics.only_right) == [("LNG", 0, 1)]
    assert result.places.totals == (1, 3, 1)


def test_top_cuts_lists_but_keeps_totals(story_lib: Library) -> None:
    result = compare(story_lib, "year:2016", "year:2022", top=1)
    assert names(result.places.shared) == [("Japan", 2, 2)]
    assert result.places.totals == (1, 3, 1)


# -- examples ---------------------------------------------------------------------------------


def test_sentence_spans_skip_abbreviations() -> None:
    text = "Mr. Abe met the U.S. envoy. Talks ended!\nNext line here"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Mr. Abe met the U.S. envoy.", "Talks ended!", "Next line here"]


def test_examples_for_a_term(story_lib: Library) -> None:
    found = examples(story_lib, "year:2016", "Counter-Terrorism")
    assert [e.title for e in found] == ["Allies talk security", "Missile test"]
    first = found[0]
    assert first.sentence == "Japan and Canada agreed to deepen counter-terrorism cooperation."
    assert first.sentence[first.start:first.end] == "counter-terrorism"
    assert (first.outlet, first.published) == ("Japan Today", "2016-04-10")
    assert found[1].sentence == "The counter-terrorism unit stood by."
    assert examples(story_lib, "year:2022", "counter-terrorism") == []
    assert len(examples(story_lib, "year:2016", "counter-terrorism", limit=1)) == 1


def test_examples_for_a_bigram(story_lib: Library) -> None:
    [found] = examples(story_lib, "year:2022", "small modular reactors")
    assert found.sentence[found.start:found.end] == "small modular reactors"


def test_examples_for_an_entity_by_alias(story_lib: Library) -> None:
    [found] = examples(story_lib, "year:2016", "abe")
    assert found.sentence == "Mr. Abe met Prime Minister Trudeau in Tokyo on Monday."
    assert found.sentence[found.start:found.end] == "Abe"
    # mentioned (by the NLP) but written nowhere in the text: no sentence to show
    assert examples(story_lib, "year:2022", "Melanie Joly") == []


def test_examples_of_unknown_text_is_empty(story_lib: Library) -> None:
    assert examples(story_lib, "year:2016", "okapi") == []
    assert examples(story_lib, "year:2016", "  ...  ") == []


# -- report -----------------------------------------------------------------------------------


def _row_cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line.strip().strip("|")))


def test_markdown_report_structure(story_lib: Library) -> None:
    add_entity(story_lib, "Pipe | Co\nLtd <b>", "ORG", [story_lib.ids["c"]])  # type: ignore[attr-defined]
    result = compare(story_lib, "year:2016", "year:2022", min_freq=2, min_g2=0)
    assert "counter-terrorism" in [t.term for t in result.distinctive_left]
    top_terms = report_examples(story_lib, result, terms_per_side=1, limit=2)
    assert list(top_terms) == [result.distinctive_left[0].term, result.distinctive_right[0].term]
    found = {
        "counter-terrorism": (
            examples(story_lib, "year:2016", "counter-terrorism", 2),
            examples(story_lib, "year:2022", "counter-terrorism", 2),
        ),
        "pact": ([], examples(story_lib, "year:2022", "pact", 2)),
    }
    text = comparison_markdown(result, found)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# Comparison: `year:2016` vs `year:2022`"
    for expected in ("## Overview", "## People", "## Organisations", "## Places", "## Topics",
                     "## Distinctive terms", "## Example passages", "## Method"):
        assert expected in headings
    assert "### counter\\-terrorism" in headings or "### counter-terrorism" in headings
    # every table row has the same number of cells as its header: pipes in names are escaped
    for block in re.findall(r"((?:^\|.*\n)+)", text, flags=re.MULTILINE):
        lines = block.strip().splitlines()
        assert {_row_cells(line) for line in lines} == {_row_cells(lines[0])}
    assert "Pipe \\| Co Ltd \\<b\\>" in text
    assert "<b>" not in text
    # cited example with the term in bold
    assert "deepen **counter-terrorism** cooperation." in text
    assert "> (*Allies talk security*, Japan Today, 2016-04-10, article 1)" in text
    assert "intelligence-sharing **pact**." in text
    assert "| counter-terrorism | 2 | 0 | 1.97 | +1.35 |" in text
    method = text.split("## Method", 1)[1]
    assert "G2" in method and "log ratio" in method and "at least 2" in method
    assert "4 articles" in method and result.computed_at in method


def test_code_span_survives_backticks() -> None:
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"


def test_write_report_is_atomic_and_does_not_clobber(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    first = write_report("one", target)
    second = write_report("two", target)
    assert first == target and second.name == "report-2.md"
    assert write_report("three", target, force=True) == target
    assert target.read_text() == "three"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]


# -- CLI --------------------------------------------------------------------------------------


def test_cli_json(story_lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(story_lib.path)
    assert main(["--db", db, "compare", "year:2016", "year:2022", "--json", "--top", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["left"]["expression"] == "year:2016" and data["right"]["articles"] == 2
    assert [n["name"] for n in data["places"]["shared"]] == ["Japan", "Canada"]
    assert set(data) >= {"people", "organisations", "topics", "distinctive_left",
                         "distinctive_right", "min_freq", "computed_at"}
    # no slices: first year against last
    assert main(["--db", db, "compare", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["left"]["expression"], data["right"]["expression"]) == ("year:2016", "year:2022")


def test_cli_text_fits_80_columns(story_lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    add_entity(story_lib, "A very long organisation name that goes on and on \x1b[31m",
               "ORG", [story_lib.ids["a"]])  # type: ignore[attr-defined]
    assert main(["--db", str(story_lib.path), "compare", "year:2016", "year:2022",
                 "--min-freq", "2"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "counter-terrorism" in out and "Mélanie Joly" in out


def test_cli_examples_and_markdown(story_lib: Library, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = str(story_lib.path)
    assert main(["--db", db, "compare", "year:2016", "year:2022", "--examples", "Japan"]) == 0
    out = capsys.readouterr().out
    assert "[Japan] and Canada agreed" in out and "Canada and [Japan] signed" in out
    report = tmp_path / "cmp.md"
    assert main(["--db", db, "compare", "year:2016", "year:2022", "--markdown", str(report)]) == 0
    assert report.read_text().startswith("# Comparison: `year:2016` vs `year:2022`")
    assert "wrote" in capsys.readouterr().out


def test_cli_errors_are_one_line(story_lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(story_lib.path)
    assert main(["--db", db, "compare", "year:1990", "year:2022"]) == 1
    err = capsys.readouterr().err
    assert err == "newsdesk: the left slice `year:1990` matches no articles\n"
    assert main(["--db", db, "compare", "year:2016"]) == 1
    assert "two slices" in capsys.readouterr().err
