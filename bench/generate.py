"""A deterministic generator of news-like articles for benchmarks, in the three ingest formats.

Each article is made from its own seeded random stream (`seed`, `index`), so any slice of a corpus
can be generated alone or in parallel and the same seed always gives the same bytes.

    python -m bench.generate --n 1000 --out DIR --seed 1 [--jobs 2]
"""

from __future__ import annotations

import argparse
import bisect
import html
import itertools
import math
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np

from bench import names as N

VOCAB_PATH = Path(__file__).with_name("vocab.txt")
WORK_DIR = Path(__file__).with_name(".work")
MIN_WORDS, MAX_WORDS, TYPICAL_WORDS = 300, 1500, 600
FIRST_DAY, LAST_DAY = date(2010, 1, 1), date(2025, 12, 31)
FORMATS = ("txt", "md", "html")
FORMAT_WEIGHTS = (0.5, 0.25, 0.25)
PEOPLE_POOL = 40_000
ZIPF_EXPONENT = 1.07
TYPO_RATE = 0.02
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SAID = ("said", "told reporters", "said in a statement", "told a news conference", "added",
        "said on Tuesday", "wrote on social media", "told parliament")
HEADLINE_VERBS = ("pledges", "warns of", "backs", "rejects", "calls for", "signs deal on",
                  "steps up", "questions", "defends", "unveils plan for", "seeks talks on")


@dataclass(frozen=True)
class Person:
    """A person of the generated world: a first name, a surname and a usual title."""

    first: str
    last: str
    title: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class World:
    """Everything shared by the articles of one seed: vocabulary, people and their popularity."""

    vocabulary: list[str]
    vocabulary_weights: list[float]
    people: list[Person]
    people_weights: list[float]
    reporters: list[str]
    organisations: list[str]
    vocabulary_array_weights: np.ndarray = field(default_factory=lambda: np.zeros(1))


@dataclass
class GeneratedArticle:
    """One generated article: its metadata, its body paragraphs and its rendered file text."""

    index: int
    format: str
    relpath: str
    title: str
    outlet: str
    byline: str
    published: date
    dateline: str
    paragraphs: list[str]
    people: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


@lru_cache(maxsize=1)
def load_vocabulary() -> list[str]:
    """The vocabulary, most frequent word first."""
    return [
        line.strip() for line in VOCAB_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=4)
def build_world(seed: int) -> World:
    """The shared world of a seed (cached per process)."""
    rng = random.Random(f"world:{seed}")
    words = load_vocabulary()
    vocab_weights = _cumulative([1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(words))])
    pairs = list(itertools.product(N.FIRST_NAMES, N.SURNAMES))
    rng.shuffle(pairs)
    people = [Person(first, last, rng.choice(N.TITLES)) for first, last in pairs[:PEOPLE_POOL]]
    people_weights = _cumulative([1.0 / (rank + 1) ** 0.9 for rank in range(len(people))])
    reporters = [f"{rng.choice(N.FIRST_NAMES)} {rng.choice(N.SURNAMES)}" for _ in range(400)]
    organisations = list(N.ORGANISATIONS) + sorted({
        f"{rng.choice(N.ORG_WORDS_A)} {rng.choice(N.ORG_WORDS_B)} {rng.choice(N.ORG_SUFFIXES)}"
        for _ in range(300)
    })
    return World(words, vocab_weights, people, people_weights, reporters, organisations,
                 np.asarray(vocab_weights))


def _pick(rng: random.Random, items: list, cumulative: list[float]) -> object:
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard: two letters swapped or one dropped."""
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position + 1 :]


class _Writer:
    """Builds the sentences of one article, tracking how each person was last mentioned."""

    def __init__(self, rng: random.Random, world: World, cast: list[Person], topics: list[str],
                 places: list[str], orgs: list[str]) -> None:
        self.rng = rng
        self.world = world
        self.cast = cast
        self.topics = topics
        self.places = places
        self.orgs = orgs
        self.introduced: set[str] = set()
        self.pool: list[str] = []
        self.cursor = 0

    def mention(self, person: Person) -> str:
        rng = self.rng
        if person.name not in self.introduced:
            self.introduced.add(person.name)
            text = f"{person.title} {person.name}" if rng.random() < 0.5 else person.name
        else:
            roll = rng.random()
            text = person.last if roll < 0.7 else (
                f"{person.title} {person.last}" if roll < 0.85 else person.name)
        if rng.random() < TYPO_RATE:
            text = text[: len(text) - len(person.last)] + _typo(rng, person.last)
        return text

    def draw(self, generator: np.random.Generator, count: int) -> None:
        """Draw the article's running words at once (numpy: a Zipf draw per word is slow in Python)."""
        cumulative = self.world.vocabulary_array_weights
        picks = np.searchsorted(cumulative, generator.random(count) * cumulative[-1], side="right")
        self.pool = [self.world.vocabulary[i] for i in picks.tolist()]
        self.cursor = 0

    def words(self, count: int) -> list[str]:
        if self.cursor + count > len(self.pool):
            self.cursor = 0
        taken = self.pool[self.cursor : self.cursor + count]
        self.cursor += count
        return taken

    def sentence(self) -> str:
        rng = self.rng
        tokens = self.words(rng.randint(9, 26))
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            roll = rng.random()
            if roll < 0.35:
                insert = self.mention(rng.choice(self.cast))
            elif roll < 0.55:
                insert = rng.choice(self.places)
            elif roll < 0.75:
                insert = rng.choice(self.orgs)
            else:
                insert = rng.choice(self.topics)
            tokens.insert(rng.randrange(len(tokens) + 1), insert)
        if len(tokens) > 8 and rng.random() < 0.4:
            comma = rng.randrange(3, len(tokens) - 2)
            tokens[comma] += ","
        text = " ".join(tokens)
        text = text[0].upper() + text[1:]
        if rng.random() < 0.15:
            speaker = rng.choice(self.cast)
            return f'"{text}," {self.mention(speaker)} {rng.choice(SAID)}.'
        return text + "."


def _target_words(rng: random.Random) -> int:
    value = rng.lognormvariate(math.log(TYPICAL_WORDS), 0.35)
    return int(min(MAX_WORDS - 60, max(MIN_WORDS + 10, value)))


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def generate_article(seed: int, index: int) -> GeneratedArticle:
    """Article number `index` of the corpus of `seed` (independent of every other article)."""
    world = build_world(seed)
    rng = random.Random(seed * 1_000_003 + index)
    fmt = rng.choices(FORMATS, FORMAT_WEIGHTS)[0]
    published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    outlet, domain = rng.choice(N.OUTLETS)
    byline = rng.choice(world.reporters)
    cast: list[Person] = []
    while len(cast) < rng.randint(2, 6):
        person = _pick(rng, world.people, world.people_weights)
        if person not in cast:
            cast.append(person)  # type: ignore[arg-type]
    topics = rng.sample(N.TOPICS, rng.randint(1, 3))
    places = rng.sample(N.PLACES, 4)
    orgs = rng.sample(world.organisations, 3)
    dateline = places[0].upper() if rng.random() < 0.6 else ""
    writer = _Writer(rng, world, cast, topics, places, orgs)
    target = _target_words(rng)
    writer.draw(np.random.Generator(np.random.PCG64([seed, index])), target + 200)
    paragraphs: list[str] = []
    count = 0
    while count < target:
        sentences: list[str] = []
        for _ in range(rng.randint(2, 5)):
            sentence = writer.sentence()
            sentences.append(sentence)
            count += len(sentence.split())
            if count >= target:
                break
        paragraphs.append(" ".join(sentences))
    lead = cast[0]
    title = rng.choice((
        f"{lead.last} {rng.choice(HEADLINE_VERBS)} {topics[0]} in {places[0]}",
        f"{places[0]} and {places[1]} {rng.choice(HEADLINE_VERBS)} {topics[0]}",
        f"{orgs[0]} {rng.choice(HEADLINE_VERBS)} {topics[0]} as {places[1]} talks open",
        f"{lead.title} {lead.name} {rng.choice(HEADLINE_VERBS)} {topics[-1]}",
    ))
    title = title[0].upper() + title[1:]
    relpath = f"{index // 1000:03d}/{index:06d}-{_slug(title)}.{fmt}"
    article = GeneratedArticle(index, fmt, relpath, title, outlet, byline, published, dateline,
                               paragraphs, [p.name for p in cast], topics)
    render = {"txt": render_txt, "md": render_md, "html": render_html}[fmt]
    article.text = render(article, rng, domain)
    return article


# -- the three file shapes ------------------------------------------------------------------


def _long_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _related(rng: random.Random, count: int) -> list[str]:
    world_titles = (
        "What the {t} debate means for {p}", "Explainer: {t} after the {p} talks",
        "Opinion: {p} cannot ignore {t}", "Five things to know about {t}",
        "Interview: {n} on {t}",
    )
    out = []
    for _ in range(count):
        template = rng.choice(world_titles)
        out.append(template.format(t=rng.choice(N.TOPICS), p=rng.choice(N.PLACES),
                                   n=f"{rng.choice(N.FIRST_NAMES)} {rng.choice(N.SURNAMES)}"))
    return out


def _caption(rng: random.Random, article: GeneratedArticle) -> str:
    place = rng.choice(N.PLACES)
    return (f"Officials arrive for talks in {place} on {WEEKDAYS[article.published.weekday()]}. "
            f"Photo: {rng.choice(N.CAPTION_CREDITS)}")


def _comments(rng: random.Random, article: GeneratedArticle) -> list[str]:
    lines = []
    for _ in range(rng.randint(0, 4)):
        when = article.published + timedelta(days=rng.randint(0, 3))
        name = rng.choice(N.COMMENTERS)
        remark = " ".join(rng.choices(load_vocabulary()[:400], k=rng.randint(6, 30)))
        lines += [name, _long_date(when), remark[0].upper() + remark[1:] + ".", "Reply", ""]
    return lines


def render_txt(article: GeneratedArticle, rng: random.Random, domain: str) -> str:
    """Text saved from a web page: site head, title, byline and date, caption, body, then tail."""
    day = article.published
    body = list(article.paragraphs)
    if article.dateline:
        body[0] = f"{article.dateline} — {body[0]}"
    section = rng.choice(N.SECTIONS)
    shape = rng.randrange(3)
    if shape == 0:
        date_text = (f"{day.day:02d}/{day.month:02d}/{day.year}" if day.day > 12
                     else _long_date(day))
        head = [article.title, "", f"By {article.byline} on {date_text}", _caption(rng, article), ""]
    elif shape == 1:
        head = [f"{article.outlet} | {section} | {WEEKDAYS[day.weekday()]}, {_long_date(day)}", "",
                article.title, "", f"By {article.byline.upper()}", ""]
    else:
        head = [f" date {day.isoformat()} Newsletter Signup Register / Login",
                " ".join(rng.sample(N.PLACES, 2)), _caption(rng, article), section.lower(), "",
                article.title, "", f"By {article.byline}", ""]
    tail = ["", f"For the latest news from {article.outlet}, follow us on Twitter", "", "See also:", ""]
    for related in _related(rng, rng.randint(2, 5)):
        tail += [related, ""]
    first = article.byline.split()[0]
    tail += [f"About {article.byline}", "",
             f"{first} is a correspondent for {article.outlet}, covering "
             f"{rng.choice(N.TOPICS)} from {rng.choice(N.PLACES)}.", ""]
    comments = _comments(rng, article)
    if comments:
        tail += ["Leave a Reply", "", *comments]
    tail.append(f"© {day.year} {article.outlet} ({domain})")
    return "\n".join([*head, "\n\n".join(body), *tail]) + "\n"


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_md(article: GeneratedArticle, rng: random.Random, domain: str) -> str:
    """Markdown with YAML front matter and the dateline in bold."""
    body = list(article.paragraphs)
    if article.dateline:
        body[0] = f"**{article.dateline}** - {body[0]}"
    front = ["---", f"title: {_yaml_quote(article.title)}", f"date: {article.published.isoformat()}",
             f"author: {article.byline}", f"outlet: {article.outlet}",
             f"url: https://{domain}/{article.published.year}/{_slug(article.title)}", "---", ""]
    return "\n".join(front) + f"# {article.title}\n\n" + "\n\n".join(body) + "\n"


def render_html(article: GeneratedArticle, rng: random.Random, domain: str) -> str:
    """A news page: head meta, site chrome, the article, a related list and a footer."""
    e = html.escape
    day = article.published
    paragraphs = list(article.paragraphs)
    if article.dateline:
        paragraphs[0] = f"{article.dateline} — {paragraphs[0]}"
    stamp = f"{day.isoformat()}T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00+00:00"
    related = "".join(f'<li><a href="/r/{i}">{e(t)}</a></li>'
                      for i, t in enumerate(_related(rng, rng.randint(2, 4))))
    body_html = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(article.title)} | {e(article.outlet)}</title>
<meta property="og:site_name" content="{e(article.outlet)}">
<meta property="og:title" content="{e(article.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{stamp}">
<meta name="author" content="{e(article.byline)}">
<meta name="description" content="{e(paragraphs[0][:150])}">
<style>body {{ font-family: Georgia, serif; }}</style>
</head>
<body>
<header><a class="logo" href="/">{e(article.outlet)}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/login">Log in</a></li></ul></nav>
</header>
<main>
<article>
<h1>{e(article.title)}</h1>
<p class="byline">By <span class="author">{e(article.byline)}</span> | <time datetime="{stamp}">{_long_date(day)}</time></p>
<figure><img src="/img/{article.index}.jpg" alt=""><figcaption>{e(_caption(rng, article))}</figcaption></figure>
{body_html}
</article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>
</main>
<footer><p>&copy; {day.year} {e(article.outlet)}. All rights reserved.</p></footer>
</body>
</html>
"""


# -- writing a corpus -----------------------------------------------------------------------


def iter_articles(n: int, seed: int = 1, start: int = 0) -> Iterator[GeneratedArticle]:
    """Articles `start` .. `n - 1` of the corpus of `seed`, in order."""
    for index in range(start, n):
        yield generate_article(seed, index)


def _write_range(out: str, seed: int, start: int, stop: int) -> int:
    root = Path(out)
    made: set[Path] = set()
    for index in range(start, stop):
        article = generate_article(seed, index)
        path = root / article.relpath
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(article.text, encoding="utf-8")
    return stop - start


def write_corpus(out: str | os.PathLike[str], n: int, seed: int = 1, jobs: int | None = None) -> int:
    """Write articles 0 .. n-1 of `seed` under `out` (in folders of 1,000); returns the count."""
    Path(out).mkdir(parents=True, exist_ok=True)
    jobs = jobs or min(os.cpu_count() or 1, 8)
    chunk = 500
    ranges = [(start, min(n, start + chunk)) for start in range(0, n, chunk)]
    if jobs <= 1 or n <= chunk:
        return sum(_write_range(str(out), seed, a, b) for a, b in ranges)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_write_range, str(out), seed, a, b) for a, b in ranges]
        return sum(f.result() for f in futures)


def ensure_corpus(n: int, seed: int = 1, root: Path = WORK_DIR) -> Path:
    """A cached corpus folder for (n, seed) under `root`, generated the first time."""
    folder = root / f"corpus-{n}-s{seed}"
    stamp = root / f"corpus-{n}-s{seed}.done"
    if not stamp.exists():
        write_corpus(folder, n, seed)
        stamp.write_text(f"{n} articles, seed {seed}\n")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--out", required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--jobs", type=int, default=None, help="writer processes (default: cores)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = write_corpus(args.out, args.n, args.seed, args.jobs)
    print(f"wrote {count} articles to {args.out} in {time.perf_counter() - started:.1f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
