"""Structural checks on the bundled sample corpus and its hand-made gold lists.

The corpus feeds the demo, the compare correctness test (2016 vs 2022) and the people
precision/recall figures, so its shape is pinned here: enough files in all three formats,
a spread of years, realistic saved-page boilerplate, and gold lists that match the files.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from core.paths import sample_corpus_dir

CORPUS = sample_corpus_dir()
DATA = Path(__file__).resolve().parent.parent / "data"
FORMATS = {".txt": 12, ".md": 8, ".html": 6}
BOILERPLATE_MARKERS = (
    "See also",
    "Leave a Reply",
    "Login to comment",
    "( +",
    "Photo:",
    "newsletter",
    "Sign up",
    "All rights reserved",
    "©",
    "About Helena",
)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def load_gold(name: str) -> dict[str, list[str]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def front_matter(text: str) -> dict[str, str]:
    """The `key: value` lines of a Markdown file's YAML front matter (flat, as the corpus uses)."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "Markdown file without front matter"
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip().strip('"')
    return fields


class _HeadScan(HTMLParser):
    """Collects the tags and <meta> properties of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.meta: dict[str, str] = {}
        self.text: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "article":
            self._in_article += 1
        if tag == "meta":
            attr = dict(attrs)
            key = attr.get("property") or attr.get("name")
            if key and attr.get("content"):
                self.meta[key] = attr["content"] or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article:
            self.text.append(data)


def scan_html(text: str) -> _HeadScan:
    scan = _HeadScan()
    scan.feed(text)
    return scan


def visible_year(path: Path) -> int:
    """The publication year as a reader would see it: front matter, <meta>, or the page's date."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return int(front_matter(text)["date"][:4])
    if path.suffix == ".html":
        return int(scan_html(text).meta["article:published_time"][:4])
    patterns = (
        r"\bdate (\d{4})-\d{2}-\d{2}",
        r"\b\d{2}/\d{2}/(\d{4})\b",
        rf"\b(?:{MONTHS}) \d{{1,2}}, (\d{{4}})\b",
        rf"\b\d{{1,2}} (?:{MONTHS}) (\d{{4}})\b",
    )
    head = "\n".join(text.splitlines()[:12])
    for pattern in patterns:
        match = re.search(pattern, head)
        if match:
            return int(match.group(1))
    raise AssertionError(f"{path.name}: no visible date in its first lines")


def body_words(path: Path) -> int:
    """Rough word count of the article itself (front matter and page chrome left out)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---", 2)[2]
    elif path.suffix == ".html":
        text = " ".join(scan_html(text).text)
    return len(text.split())


def test_corpus_has_enough_files_in_every_format() -> None:
    files = corpus_files()
    assert len(files) >= 28
    counts = Counter(p.suffix for p in files)
    assert set(counts) == set(FORMATS), f"unexpected file types: {counts}"
    for suffix, minimum in FORMATS.items():
        assert counts[suffix] >= minimum, (suffix, counts[suffix])


def test_no_readme_or_non_article_in_corpus() -> None:
    for path in corpus_files():
        assert not path.name.lower().startswith(("readme", "license", "index")), path.name
        assert not path.name.startswith("."), path.name
        assert re.fullmatch(r"\d{4}-\d{2}-[a-z0-9-]+\.(txt|md|html)", path.name), path.name


def test_years_span_and_match_file_names() -> None:
    years = {}
    for path in corpus_files():
        year = visible_year(path)
        assert year == int(path.name[:4]), f"{path.name}: visible year {year}"
        years[path.name] = year
    distinct = set(years.values())
    assert min(distinct) >= 2015 and max(distinct) <= 2023
    assert len(distinct) >= 6, sorted(distinct)
    per_year = Counter(years.values())
    assert per_year[2016] >= 4 and per_year[2022] >= 4, per_year


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_article_length_is_news_sized(path: Path) -> None:
    assert 250 <= body_words(path) <= 700, body_words(path)


@pytest.mark.parametrize(
    "path", [p for p in corpus_files() if p.suffix == ".md"], ids=lambda p: p.name
)
def test_markdown_front_matter_is_complete(path: Path) -> None:
    fields = front_matter(path.read_text(encoding="utf-8"))
    for key in ("title", "date", "author", "outlet", "url"):
        assert fields.get(key), f"{path.name}: front matter lacks {key}"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"])


@pytest.mark.parametrize(
    "path", [p for p in corpus_files() if p.suffix == ".html"], ids=lambda p: p.name
)
def test_html_pages_look_like_news_pages(path: Path) -> None:
    scan = scan_html(path.read_text(encoding="utf-8"))
    for tag in ("head", "title", "nav", "article", "aside", "footer", "script", "style"):
        assert scan.tags[tag] >= 1, f"{path.name}: no <{tag}>"
    for key in ("og:site_name", "article:published_time", "author"):
        assert scan.meta.get(key), f"{path.name}: no meta {key}"


def test_saved_pages_carry_the_boilerplate_ingest_must_remove() -> None:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files() if p.suffix == ".txt"]
    joined = "\n".join(texts)
    assert re.search(r"^By [A-Z]+ [A-Z]+$", joined, re.M), "no upper-case byline"
    assert re.search(
        r"^By [A-Z][a-z]+ [A-Z][a-z]+ on \d{2}/\d{2}/\d{4} \| Updated on", joined, re.M
    )
    assert re.search(r"Photo: [^\n]+$", joined, re.M)
    assert re.search(r"^-?\d+ \( \+\d+ / -\d+ \)$", joined, re.M), "no reader-comment vote line"
    for marker in ("See also:", "About ", "Leave a Reply", "Login to comment", "Newsletter", "©"):
        assert sum(marker in text for text in texts) >= 2, marker
    assert "trending" in joined.lower()


def test_gold_lists_cover_every_file() -> None:
    names = {p.name for p in corpus_files()}
    for gold_file in ("sample_people.json", "sample_authors.json"):
        gold = load_gold(gold_file)
        assert set(gold) == names, gold_file
        for file_name, people in gold.items():
            assert people, f"{gold_file}: {file_name} is empty"
            assert len(people) == len(set(people)), f"{gold_file}: {file_name} repeats a name"


def test_gold_people_appear_in_their_articles() -> None:
    for file_name, people in load_gold("sample_people.json").items():
        text = (CORPUS / file_name).read_text(encoding="utf-8")
        for person in people:
            surname = person.split()[-1]
            assert person in text or re.search(rf"\b{re.escape(surname)}\b", text), (
                f"{file_name}: {person} not in the text"
            )


def test_gold_authors_are_bylines_not_mentions() -> None:
    people = load_gold("sample_people.json")
    for file_name, authors in load_gold("sample_authors.json").items():
        text = (CORPUS / file_name).read_text(encoding="utf-8")
        for author in authors:
            assert author.lower() in text.lower(), f"{file_name}: byline {author} not in the file"
            assert author not in people[file_name], f"{file_name}: {author} is byline and mention"


def test_coverage_supports_a_2016_versus_2022_comparison() -> None:
    by_year: dict[int, str] = {}
    for path in corpus_files():
        by_year.setdefault(int(path.name[:4]), "")
        by_year[int(path.name[:4])] += path.read_text(encoding="utf-8").lower()
    for phrase in (
        "counter-terrorism",
        "north korea",
        "ise-shima",
        "sugiyama",
        "mimura",
        "forster",
    ):
        assert phrase in by_year[2016], phrase
    for phrase in (
        "intelligence",
        "indo-pacific",
        "lng",
        "small modular reactors",
        "hayashi",
        "joly",
    ):
        assert phrase in by_year[2022], phrase
    assert "mélanie joly" in "".join(by_year.values())


def corpus_outlets() -> set[str]:
    """Outlets named in the corpus's own metadata, plus the two seed-shaped outlets."""
    outlets = {"Japan Today", "Global Government Forum"}
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            outlets.add(front_matter(text)["outlet"])
        elif path.suffix == ".html":
            outlets.add(scan_html(text).meta["og:site_name"])
    return outlets


def test_sample_corpus_ingests_cleanly(lib) -> None:
    """Every file becomes one article with title, year, outlet and byline, and no boilerplate."""
    ingest = pytest.importorskip("core.ingest")
    from core.articles import get_article

    report = ingest.ingest_paths(lib, [CORPUS], nlp=False)
    files = corpus_files()
    assert report.ok, report.failed
    assert (report.added, report.duplicates, report.skipped) == (len(files), 0, 0)
    assert len(report.article_ids) == len(files)
    gold_authors = load_gold("sample_authors.json")
    outlets = corpus_outlets()
    problems: list[str] = []
    for article_id in report.article_ids:
        article = get_article(lib, article_id)
        name = Path(article.source).name
        if not article.title or " | " in article.title:
            problems.append(f"{name}: title {article.title!r}")
        if article.year != int(name[:4]):
            problems.append(f"{name}: year {article.year}")
        if article.outlet not in outlets:
            problems.append(f"{name}: outlet {article.outlet!r}")
        if article.byline != ", ".join(gold_authors[name]):
            problems.append(f"{name}: byline {article.byline!r}")
        if len(article.body.split()) < 200:
            problems.append(f"{name}: body of {len(article.body.split())} words")
        for marker in BOILERPLATE_MARKERS:
            if marker.lower() in article.body.lower():
                problems.append(f"{name}: {marker!r} in body")
    assert not problems, "\n".join(problems)
