"""Text saved from a web page: find the title, byline, date, dateline and outlet, and keep only the
article in the body (no captions, related lists, bios, prompts, comments, footers, trending lists).

The page is read line by line in three zones: a head (site chrome, tags, captions, title, byline),
the body, and a tail that starts at the first boilerplate marker (copyright, "See also", an author
box, a comment section, a share or follow prompt). Reader comments are kept apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.ingest import dates
from core.ingest.document import ExtractedDoc
from core.ingest.outlets import by_name, detect_outlet, known_outlet
from core.text import one_line

# -- line patterns -----------------------------------------------------------------------------

_CAPTION_RE = re.compile(
    r"(?:\b(?:photo|photograph|image|picture|pictured|credit|file photo)s?\s*(?::|by\b)\s*\S.{0,100}$"
    r"|/\s*(?:pool\s+via\s+)?(?:AP|AFP|Reuters|Getty Images|EPA|Kyodo)(?:\s+Photo)?\)?\.?$"
    r"|\((?:AP|AFP|Reuters|Kyodo)\s+Photo[^)]*\)\.?$)",
    re.IGNORECASE,
)
_NAV_WORDS_RE = re.compile(
    r"\b(?:newsletter(?:\s+sign\s*up)?|sign\s*up|register|log\s*in|login|sign\s*in|subscribe|"
    r"menu|search|home|skip to (?:main )?content)\b",
    re.IGNORECASE,
)
_COUNT_RE = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|shares?|views?)|comments?\s*\(\d+\))$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"^by(?:\s+|$)(?P<rest>.*)$", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w.'’-]*|[a-z]{1,3}|and|&)$")  # "van", "de", "bin"
_DATE_LABEL_RE = re.compile(
    r"\b(?:date|dated|published|posted|posted on|updated|last updated|modified|on|at)\b[:]?",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,4}|UTC|GMT))?", re.IGNORECASE
)
_MASTHEAD_SPLIT_RE = re.compile(r"\s+[|·•]\s+")
_UPDATED_RE = re.compile(
    r"\b(?:updated|modified|edited|last updated)\s*(?:on|:)?\s*$", re.IGNORECASE
)
_DATELINE_LINE_RE = re.compile(r"^[A-Z][A-Z .,'’-]{1,38}[A-Z.]$")
_DATELINE_INLINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3}?)\s*"
    r"(?:\((?:AP|Reuters|AFP|Kyodo|CP|Bloomberg)\))?\s*(?:[—–]|--?)\s+\S"
)
_VOTE_RE = re.compile(
    r"^(?:[+-]?\d+\s*\(\s*\+\s*\d+\s*/\s*-\s*\d+\s*\)|[+-]?\d+\s+(?:likes?|points?|votes?))$",
    re.IGNORECASE,
)
_COMMENT_ACTION_RE = re.compile(r"^(?:reply|report|like|flag|share)$", re.IGNORECASE)

# Lines where the article ends and page furniture begins (all anchored at the line start).
_TAIL_LINE_RE = re.compile(
    r"(?:see also\b"
    r"|(?:related|related (?:articles?|stories|posts|news|content|coverage|reading|links)|"
    r"read (?:more|also|next)|more (?:stories|news|from .{1,40}|on this(?: story)?)|"
    r"you (?:may|might) also (?:like|be interested in|enjoy)|recommended(?: for you| reading)?|"
    r"further reading|most (?:read|popular|viewed|shared)|trending(?: now| stories)?|"
    r"popular (?:now|stories)|tags?|topics?|filed under)\s*:?$"
    r"|about (?:the )?(?:author|writer|reporter)s?\s*:?$"
    r"|(?:leave a (?:reply|comment)|post a comment|add a comment|join the (?:conversation|discussion)|"
    r"comments?|reader comments|\d+\s+(?:comments?|responses?|replies)(?: to .*)?|comments?\s*\(\d+\)|"
    r"log\s*in to (?:comment|leave a comment|post a comment|reply))\s*:?$"
    r"|(?:©|\(c\)\s|copyright\s*(?:©|\(c\))?\s*\d{4})"
    r"|all rights reserved"
    r"|(?:sign up|subscribe) (?:for|to) (?:our|the)\b.*\bnewsletters?\b"
    r"|share(?: this(?: article| story| post| page)?| on (?:facebook|twitter|linkedin))?\s*:?"
    r"(?:\s*(?:facebook|twitter|x|email|e-mail|linkedin|whatsapp|reddit|print|copy link)\s*[|,/·]?)*$"
    r"|newsletters?\s*:.{0,150}$"
    r"|.{0,120}\b(?:sign up|subscribe)(?: now| here| today| for free)?[.!]?$"
    r"|a mix of what'?s trending)",
    re.IGNORECASE,
)
# Furniture that may sit anywhere in a short line.
_TAIL_ANYWHERE_RE = re.compile(
    r"\bfollow us on (?:twitter|facebook|linkedin|instagram|x|threads|bluesky)\b"
    r"|your email address will not be published",
    re.IGNORECASE,
)
_CAPTION_HINT_RE = re.compile(
    r"photo|image|picture|credit|/|getty|reuters|afp|kyodo|epa|\(ap", re.IGNORECASE
)
_ABOUT_NAME_RE = re.compile(r"^About\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})$")
_NOISE_RE = re.compile(
    r"^(?:advertisement|advert|sponsored(?: content)?|story continues below(?: advertisement)?|"
    r"scroll (?:down )?to continue.*|click here to .*|continue reading.*|listen to this article.*|"
    r"newsletter sign\s*up|register\s*/\s*log\s*in)$",
    re.IGNORECASE,
)
_COMMENT_START_RE = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies)(?: to .*)?|comments?(?:\s*\(\d+\))?|reader comments|"
    r"log\s*in to comment|discussion|leave a (?:reply|comment))\s*:?$",
    re.IGNORECASE,
)
_COMMENT_END_RE = re.compile(
    r"^(?:log\s*in to (?:leave a|post a|add a) comment|leave a (?:reply|comment)|post a comment|"
    r"facebook users|(?:log|sign)\s*in with .*|your email address will not be published.*|"
    r"a mix of what'?s trending.*|see also.*|related.*|©.*|copyright.*|load more comments)$",
    re.IGNORECASE,
)


@dataclass
class WebPage(ExtractedDoc):
    """What was read from a saved page: the shared fields plus the byline as written."""

    byline: str = ""
    wire: str = ""  # a news agency credited on the page (AP, Reuters), when found


# -- small classifiers -------------------------------------------------------------------------


def _is_caption(line: str) -> bool:
    """A photo caption or credit line ('... Photo: NAME, ORG', '... /Pool via AP')."""
    end = line[-180:]
    return bool(_CAPTION_HINT_RE.search(end) and _CAPTION_RE.search(end))


def _is_count(line: str) -> bool:
    return bool(_COUNT_RE.match(line))


def _is_tail_marker(line: str) -> bool:
    """A line where page furniture starts; long lines are paragraphs, never markers."""
    if len(line) > 400:
        return False
    return bool(
        _TAIL_LINE_RE.match(line)
        or _ABOUT_NAME_RE.match(line)
        or (
            ("follow us" in line.lower() or "email address" in line.lower())
            and _TAIL_ANYWHERE_RE.search(line)
        )
    )


def _date_line(line: str) -> list[dates.DateMatch]:
    """Dates on a line that is mostly dates, labels and site chrome (not a sentence)."""
    found = dates.find_dates(line)
    if not found:
        return []
    rest = line
    for m in reversed(found):
        rest = rest[: m.start] + rest[m.end :]
    rest = _TIME_RE.sub(" ", rest)
    rest = _NAV_WORDS_RE.sub(" ", _DATE_LABEL_RE.sub(" ", rest))
    rest = re.sub(r"[|/·•,:;()\-–—\s]+", " ", rest).strip()
    return found if len(rest.split()) <= 2 else []


def masthead(line: str, *, first_line: bool = False) -> tuple[list[dates.DateMatch], str] | None:
    """A 'Outlet | Section | Date' line: its dates and the outlet-like first segment.

    Without a date, only the page's first line counts as a masthead ('Outlet | Section').
    """
    segments = [seg.strip() for seg in _MASTHEAD_SPLIT_RE.split(line)]
    if len(segments) < 2 or any(len(seg.split()) > 6 for seg in segments):
        return None
    found = dates.find_dates(line)
    if not found and (
        not first_line or any(len(seg.split()) > 4 for seg in segments) or _is_sentence(line)
    ):
        return None
    names = [seg for seg in segments if seg and not dates.find_dates(seg) and not _is_nav(seg)]
    outlet = names[0] if names and names[0][:1].isupper() and len(names[0].split()) >= 2 else ""
    return found, outlet


def _is_nav(line: str) -> bool:
    """Site chrome: a short line made mostly of navigation words, or '|'-separated such segments."""
    segments = [seg for seg in re.split(r"\s*[|›>»]\s*", line) if seg.strip()]
    if len(segments) > 1:
        navs = sum(1 for seg in segments if _is_nav(seg))
        return navs * 2 >= len(segments) and all(len(seg.split()) <= 6 for seg in segments)
    words = line.split()
    if not words or len(words) > 8:
        return False
    hits = len(_NAV_WORDS_RE.findall(line))
    return hits >= 1 and hits * 2 >= len([w for w in words if w not in {"/", "|", "·"}]) - 1


def _is_sentence(line: str) -> bool:
    return line.rstrip("\"”’')").endswith((".", "!", "?", ":", ";"))


def _is_paragraph(line: str) -> bool:
    words = len(line.split())
    return (words >= 12 and _is_sentence(line)) or words >= 25


def parse_byline(rest: str) -> tuple[list[str], str]:
    """The names and any trailing date text of the part of a byline after 'By'.

    'MARI YAMAGUCHI' -> ['Mari Yamaguchi']; 'on 20/04/2016 | Updated on ...' -> [] (empty byline).
    """
    cut = re.split(r"\s+(?:on|\|)\s+|\s*\|\s*|^on\s+", rest, maxsplit=1)
    names_part = cut[0].strip() if cut else ""
    date_part = rest[len(names_part) :]
    if dates.find_dates(names_part):
        names_part, date_part = "", rest
    names_part = re.sub(r"^(?:on)$", "", names_part).strip(" ,;")
    names_part = re.split(
        r",\s*(?:[A-Z][\w]*\s+)*(?:Press|Writer|Correspondent|Reporter|Staff|"
        r"Editor|News|Agency)\b",
        names_part,
    )[0]
    authors = []
    for raw in re.split(r"\s*(?:,|&|\band\b)\s*", names_part):
        name = clean_name(raw)
        if name:
            authors.append(name)
    return authors, date_part


def clean_name(raw: str) -> str:
    """Tidy one author name; an ALL-CAPS name becomes title case ('MARI YAMAGUCHI')."""
    name = one_line(raw).strip(" .,;:-")
    if not name or len(name) > 60:
        return ""
    if name.isupper() and any(c.isalpha() for c in name):
        name = " ".join(_title_word(word) for word in name.split())
    return name


def _title_word(word: str) -> str:
    def cap(part: str) -> str:
        lower = part.lower()
        if len(lower) > 2 and lower.startswith("mc"):
            return "Mc" + lower[2:].capitalize()
        return lower.capitalize()

    for sep in ("-", "'", "’"):
        if sep in word:
            return sep.join(_title_word(piece) if piece else piece for piece in word.split(sep))
    return cap(word)


def _looks_like_byline(line: str) -> str | None:
    """The text after 'By' when `line` is a byline (names and/or a date), else None."""
    m = _BYLINE_RE.match(line)
    if not m:
        return None
    rest = m.group("rest").strip()
    if not rest:
        return rest
    authors, date_part = parse_byline(rest)
    names_text = rest[: len(rest) - len(date_part)] if date_part else rest
    words = names_text.split()
    if len(words) > 10 or (words and not all(_NAME_WORD_RE.match(w.strip(",")) for w in words)):
        return None
    if not authors and not dates.find_dates(rest):
        return None
    return rest


is_caption = _is_caption

# -- the parser --------------------------------------------------------------------------------


def parse_webtext(text: str, *, fallback_title: str = "") -> WebPage:
    """Read a saved web page (already normalised text) into its parts."""
    lines = [line.strip() for line in text.split("\n")]
    caption_memo: dict[str, bool] = {}

    def is_caption(line: str) -> bool:  # each line checked once, however many passes look
        found = caption_memo.get(line)
        if found is None:
            found = caption_memo[line] = _is_caption(line)
        return found

    page = WebPage()
    n = len(lines)

    head_limit = next(
        (
            i
            for i, line in enumerate(lines)
            if _is_paragraph(line) and not is_caption(line) and _looks_like_byline(line) is None
        ),
        n,
    )
    byline_idx = next(
        (i for i in range(head_limit) if _looks_like_byline(lines[i]) is not None), None
    )

    # Head: classify lines above the body.
    date_candidates: list[tuple[int, dates.DateMatch, str]] = []
    meta: set[int] = set()
    masthead_outlet = ""
    for i in range(head_limit):
        line = lines[i]
        if not line:
            continue
        if i == byline_idx:
            rest = _looks_like_byline(line) or ""
            page.authors, date_part = parse_byline(rest)
            for m in dates.find_dates(date_part):
                date_candidates.append((i, m, date_part))
            meta.add(i)
        elif is_caption(line) or _is_count(line) or _is_nav(line) or _NOISE_RE.match(line):
            meta.add(i)
            if not is_caption(line):
                for m in _date_line(line) or dates.find_dates(line) if _is_nav(line) else []:
                    date_candidates.append((i, m, line))
        elif (head := masthead(line, first_line=not any(lines[:i]))) is not None:
            meta.add(i)
            masthead_outlet = masthead_outlet or head[1]
            for m in head[0]:
                date_candidates.append((i, m, line))
        elif _date_line(line):
            meta.add(i)
            for m in _date_line(line):
                date_candidates.append((i, m, line))

    def title_like(i: int) -> bool:
        line = lines[i]
        return (
            bool(line)
            and i not in meta
            and not _BYLINE_RE.match(line)
            and not (_is_sentence(line) and not line.endswith("?"))
        )

    title_idx: int | None = None
    if byline_idx is not None:
        above = [i for i in range(byline_idx - 1, -1, -1) if title_like(i)]
        title_idx = next(
            (i for i in above if len(lines[i].split()) >= 3), above[0] if above else None
        )
        body_start = byline_idx + 1
    else:
        cands = [i for i in range(head_limit) if title_like(i)]
        long_ones = [i for i in cands if len(lines[i].split()) >= 3]
        title_idx = long_ones[-1] if long_ones else (cands[0] if cands else None)
        body_start = (title_idx + 1) if title_idx is not None else 0
    if title_idx is not None:
        page.title = one_line(lines[title_idx])
    else:
        page.title = fallback_title
        page.warnings.append("no title found; using the file name")

    # Skip the dateline line, captions, counts and chrome right after the byline or title.
    i = body_start
    while i < n:
        line = lines[i]
        if not line or i in meta or is_caption(line) or _is_count(line) or _NOISE_RE.match(line):
            i += 1
            continue
        if (
            byline_idx is not None
            and not page.dateline
            and _DATELINE_LINE_RE.match(line)
            and len(line.split()) <= 4
        ):
            page.dateline = line.rstrip(" .,-—")
            i += 1
            continue
        break
    body_start = i

    # Tail: the first boilerplate marker after the body has begun.
    tail_start = n
    seen_body = False
    for j in range(body_start, n):
        line = lines[j]
        if not line:
            continue
        if seen_body and _is_tail_marker(line):
            tail_start = j
            break
        if not is_caption(line):
            seen_body = True

    body_lines = [
        line
        for line in lines[body_start:tail_start]
        if not (line and (is_caption(line) or _NOISE_RE.match(line)))
    ]
    page.body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines)).strip("\n")
    if not page.dateline:
        first_para = next((line for line in body_lines if line), "")
        inline = _DATELINE_INLINE_RE.match(first_para)
        if inline and inline.group("place").split(",")[0].isupper():
            page.dateline = inline.group("place").strip(" ,")

    tail = lines[tail_start:]
    bio = _author_box(tail)
    page.comments = _comments(tail)
    page.outlet, page.wire = detect_outlet(
        bio[1], [line for line in tail if line], text, masthead=masthead_outlet
    )
    if not page.authors and bio[0]:
        page.authors = [bio[0]]
        page.warnings.append("byline taken from the author box")
    page.byline = (
        ", ".join(page.authors[:-1])
        + (" and " if len(page.authors) > 1 else "")
        + (page.authors[-1] if page.authors else "")
    )

    _set_date(page, date_candidates, text)
    return page


def _set_date(page: WebPage, candidates: list[tuple[int, dates.DateMatch, str]], text: str) -> None:
    """The publication date: the first head date not labelled 'Updated', order settled by context."""
    chosen = None
    for _, match, line_text in candidates:
        before = line_text[: match.start]
        if not _UPDATED_RE.search(before):
            chosen = match
            break
    if chosen is None and candidates:
        chosen = candidates[0][1]
    if chosen is None:
        return
    day_first, reason = None, ""
    if chosen.ambiguous:
        hint, example = dates.order_hint([m for _, m, _ in candidates if m is not chosen])
        if hint is None:
            hint, example = dates.order_hint(dates.find_dates(text))
        if hint is not None:
            day_first = hint
            reason = f"another date on the page, {example}, only reads that way"
        else:
            known = by_name(page.outlet) or known_outlet(page.outlet)
            if known is not None and known.day_first is not None:
                day_first = known.day_first
                order = "day first" if known.day_first else "month first"
                reason = f"{known.name} writes numeric dates {order}"
    reading = dates.resolve(chosen, day_first=day_first, reason=reason)
    page.published, page.date_precision, page.date_note = (
        reading.iso,
        reading.precision,
        reading.note,
    )


def _author_box(tail: list[str]) -> tuple[str, str]:
    """(name, bio text) from an 'About NAME' box in the tail, if any."""
    for k, line in enumerate(tail):
        m = _ABOUT_NAME_RE.match(line)
        if m or re.match(r"^about (?:the )?author", line, re.IGNORECASE):
            bio_lines = []
            for following in tail[k + 1 :]:
                if following and (_is_tail_marker(following) or _COMMENT_END_RE.match(following)):
                    break
                bio_lines.append(following)
            name = clean_name(m.group("name")) if m else ""
            return name, "\n".join(bio_lines)
    return "", ""


def _comments(tail: list[str]) -> str:
    """Reader comments from the tail: each comment's paragraphs, comments split by blank lines."""
    start = None
    for k, line in enumerate(tail):
        if _COMMENT_START_RE.match(line):
            start = k
    # Take the first run of comment headers ("5 Comments", "Login to comment") that precedes text.
    for k, line in enumerate(tail):
        if _COMMENT_START_RE.match(line):
            start = k
            while start + 1 < len(tail) and (
                not tail[start + 1] or _COMMENT_START_RE.match(tail[start + 1])
            ):
                start += 1
            break
    if start is None:
        return ""
    section: list[str] = []
    for line in tail[start + 1 :]:
        if line and _COMMENT_END_RE.match(line):
            break
        section.append(line)
    has_votes = any(_VOTE_RE.match(line) for line in section if line)
    comments: list[list[str]] = [[]]
    for line in section:
        if not line:
            continue
        if _VOTE_RE.match(line) or _COMMENT_ACTION_RE.match(line):
            if comments[-1]:
                comments.append([])
            continue
        comments[-1].append(line)
        if not has_votes:
            comments.append([])
    return "\n\n".join("\n".join(c) for c in comments if c)
