"""A regression corpus of ugly inputs, generated into a folder (nothing binary or large committed).

`UGLY_CASES` lists every case with what ingest must do with it:
- "article": stored as one clean article (no control or escape characters in any text field);
- "flagged": stored, and marked as decoded from a legacy 8-bit encoding;
- "failed": refused with a clear per-file reason, and no row written;
- "skipped": nothing to ingest (an empty file), no row written.
A case with `known_issue` documents a bug found here and left to the owner of that code.
`present` strings must survive into the stored title or body (shown literally, not interpreted);
`absent` strings must not be stored anywhere in the article.
"""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ESC = "\x1b"
MARKUP_LINES = (
    "Closing tag alone [/] and an unclosed one [/",
    "A [b]bold[/b] claim and [red on blue]colour[/] and [bold italic]both[/]",
    "Click here [@click=app.quit]x[/] or [@click=screen.dismiss()]y[/]",
    "A link [link=http://x]y[/link] and an escaped \\[b] bracket",
    "Dollar ${var} and $value in template style; [[double]] brackets",
)
# Terminal control sequences as text: CSI colour, OSC 8 hyperlink, OSC 52 clipboard, DCS, C1 CSI,
# cursor moves, title change, bell, backspace, DEL.
ANSI_PAYLOADS = (
    ESC + "[31mred" + ESC + "[0m",
    ESC + "]8;;http://evil.example/" + ESC + "\\a hyperlink" + ESC + "]8;;" + ESC + "\\",
    ESC + "]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07",
    ESC + "P1;2|payload" + ESC + "\\",
    "\x9b31mC1 CSI\x9b0m and \x9d0;title\x9c and \x90dcs\x9c",
    ESC + "[2J" + ESC + "[H" + ESC + "]0;pwned title" + ESC + "\\",
    "delete\x7f and formfeed\x0c",
)
# Many C0 controls: the decoder calls such a file binary.
C0_NOISE = "bell\x07 backspace\x08 vertical\x0b shift\x0e\x0f escape-free noise\x01\x02\x03 "
CONTROL_CHARS = tuple(chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)])
BIDI_CHARS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
              "\u2069", "\u200e", "\u200f", "\u061c")
FIVE_MB = 5 * 1024 * 1024


@dataclass(frozen=True)
class UglyCase:
    """One ugly input: a file name, how to write it, and what ingest must do with it."""

    name: str
    expect: str  # "article", "flagged", "failed" or "skipped"
    write: Callable[[Path], None]
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    needs_non_root: bool = False  # chmod 000 does not stop root from reading
    note: str = ""
    extra: tuple[str, ...] = field(default=())  # other names the case writes (links)
    known_issue: str = ""  # a found bug, not yet fixed by the owner: its outcome check is xfail


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content.encode(encoding))

    return write


def _bytes(content: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content)

    return write


FILLER = ("The ministers met in Ottawa on Tuesday to discuss intelligence sharing, energy "
          "security and the supply of liquefied natural gas.")


def _article(title: str, *paragraphs: str) -> str:
    """A plain saved-article text: title line, blank line, paragraphs long enough to be prose."""
    return title + "\n\n" + "\n\n".join(f"{p} {FILLER}" for p in paragraphs) + "\n"


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "An article inside a zip file.\n" * 20)
    return buffer.getvalue()


def _huge(path: Path) -> None:
    """About 5 MB of varied prose, generated: a huge but legitimate article."""
    words = FILLER.replace(",", "").rstrip(".").split()
    lines = ["A five megabyte article", ""]
    size = 0
    number = 0
    while size < FIVE_MB:
        line = " ".join(words[(number + k) % len(words)] for k in range(14)) + f" {number}."
        lines.append(line)
        if number % 8 == 7:
            lines.append("")
        size += len(line) + 1
        number += 1
    path.write_text("\n".join(lines), encoding="utf-8")


def _symlink_loop(path: Path) -> None:
    partner = path.with_name("loop-b.txt")
    os.symlink(partner.name, path)
    os.symlink(path.name, partner)


def _unreadable(path: Path) -> None:
    path.write_text(_article("Unreadable article", "You should not be able to read this."))
    path.chmod(0)


def _hostile_html() -> str:
    return """<!doctype html>
<html><head><title>Hostile &#27;[31mpage&#x9b;0m title &#x202e;txt.exe</title>
<style>body { color: red } .secret-style-rule { display: none }</style>
<script>alert('script-payload'); document.write('script-written')</script>
</head><body>
<nav>Home | World | Sport | Newsletter sign-up</nav>
<article>
<h1>Hostile &#27;[31mpage&#x9b;0m headline</h1>
<p class="byline">By Mallory Escape</p>
<p>First paragraph of the real article, with an escape &#27;[31mred&#27;[0m written as an entity
and a C1 introducer &#x9b;2J and a clipboard write &#x1b;]52;c;ZXZpbA==&#7; and a NUL &#0; here.</p>
<p>Second paragraph with a bidi override &#x202e;gnp.exe&#x202c; and [b]markup[/b] and
[@click=app.quit]click[/] and an ampersand &amp; a quote &quot;fine&quot;.</p>
<p>Third paragraph: the intelligence-sharing talks between Tokyo and Ottawa continued for a
third day, officials said, with LNG and small modular reactors on the agenda.</p>
<script type="text/javascript">var leaked = "inline-script-payload";</script>
<noscript>noscript-payload</noscript>
<template>template-payload</template>
</article>
<footer>Copyright footer</footer>
</body></html>
""".replace("</p>", f" {FILLER} {FILLER}</p>")


UGLY_CASES: list[UglyCase] = [
    UglyCase("markup.txt", "article",
             _text(_article("[b]Markup[/b] title [@click=app.quit]quit[/] [link=http://x]y[/link]",
                            *MARKUP_LINES)),
             present=("[@click=app.quit]x[/]", "[link=http://x]y[/link]", "[/]", "[b]bold[/b]"),
             note="Rich/Textual markup must be stored and shown literally"),
    UglyCase("ansi-escapes.txt", "article",
             _text(_article("Escape " + ESC + "[31mred" + ESC + "[0m title \x9b2J",
                            *ANSI_PAYLOADS, "The real text of the article follows the noise.")),
             present=("The real text",), absent=(ESC, "\x9b", "\x9d", "\x90", "\x9c", "\x07", "\x7f"),
             note="CSI, OSC 8, OSC 52 (BEL-terminated), DCS and C1 controls are stripped"),
    UglyCase("c0-controls.txt", "failed",
             _text(_article("C0 controls", *(C0_NOISE for _ in range(8)))),
             note="text dense with C0 control bytes is refused as binary"),
    UglyCase("c1-raw-bytes.txt", "flagged",
             _bytes(_article("C1 raw bytes", "Text with raw \x9b31m and \x9d0;t\x9c bytes and "
                             "\x81\x8d here.").encode("latin-1")),
             present=("Text with raw",), absent=("\x9b", "\x9d", "\x9c", "\x81", "\x8d"),
             note="bytes 0x80-0x9f that are not UTF-8: decoded as a legacy encoding, C1 stripped"),
    UglyCase("bidi.txt", "article",
             _text(_article("Invoice \u202egnp.exe title",
                            "A file called \u202etxt.exe and isolates \u2066abc\u2069 \u2067d\u2069.",
                            "Marks \u200e\u200f\u061c and embeddings \u202a\u202b\u202c\u202d end.")),
             present=("gnp.exe", "txt.exe"), absent=BIDI_CHARS,
             note="bidi overrides and isolates are removed"),
    UglyCase("zero-width-combining.txt", "article",
             _text(_article("Zero\u200bwidth and Z\u0351\u0352\u0353algo",
                            "Zero width space\u200b, joiner \u200d, non-joiner \u200c, word joiner "
                            "\u2060 and BOM \ufeff in the middle.",
                            "Combining: e\u0301 a\u0308 and zalgo Z\u0351\u0352\u0353\u0354\u0355"
                            "\u0356\u0357\u0358\u0359\u035a\u035b\u035c\u035d\u035e\u035f a\u0300"
                            "\u0301\u0302\u0303\u0304\u0305\u0306\u0307 end.")),
             present=("\u00e9",), note="NFC composes e + U+0301; zero-width characters kept or stripped"),
    UglyCase("long-line.txt", "article",
             _text("A single line of one hundred thousand characters, "
                   + "word " * 20_000 + "end."),
             present=("word word",), note="a 100k-character single line"),
    UglyCase("huge-5mb.txt", "article", _huge, present=("liquefied natural gas",),
             note="a generated 5 MB article (below the 20 MB limit)"),
    UglyCase("cjk-emoji.txt", "article",
             _text(_article("日本とカナダ 🇯🇵🇨🇦 情報共有",
                            "岸田文雄首相はオタワでトルドー首相と会談した。日加情報保護協定。",
                            "中文新闻：日本与加拿大。한국어 기사도 있습니다.",
                            "Emoji: 👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏽 skin tone, 🤷‍♀️ and 𝕏 math.")),
             present=("日本", "👩‍👩‍👧‍👦", "한국어"), note="CJK, Hangul, emoji ZWJ sequences, astral plane"),
    UglyCase("empty.txt", "skipped", _bytes(b""), note="a zero-byte file"),
    UglyCase("whitespace-only.txt", "skipped", _bytes(b" \n\t\r\n   \n"), note="only whitespace"),
    UglyCase("png-renamed.txt", "failed", _bytes(_png()), note="a PNG image renamed .txt"),
    UglyCase("zip-renamed.txt", "failed", _bytes(_zip()), note="a ZIP archive renamed .txt"),
    UglyCase("nul-bytes.txt", "failed",
             _bytes(b"Looks like text\n\nbut has \x00 NUL \x00 bytes \x00 inside " * 30),
             note="text with NUL bytes"),
    UglyCase("random-binary.txt", "failed",
             _bytes(bytes((i * 151 + 7) % 256 for i in range(8192))), note="generated noise"),
    UglyCase("truncated-utf8.txt", "article",
             _bytes(_article("Truncated UTF-8", "日本語の記事です。途中で切れ").encode()[:-2]),
             present=("Truncated UTF-8",), note="UTF-8 cut inside a multi-byte character"),
    UglyCase("utf16-no-bom.txt", "article",
             _text(_article("UTF-16 without BOM", "Little-endian text, no byte-order mark."),
                   "utf-16-le"),
             present=("Little-endian text",), note="UTF-16-LE without a BOM"),
    UglyCase("utf16-be-no-bom.txt", "article",
             _text(_article("UTF-16 big-endian", "Big-endian text, no byte-order mark."),
                   "utf-16-be"),
             present=("Big-endian text",), note="UTF-16-BE without a BOM"),
    UglyCase("utf16-bom.txt", "article",
             _bytes(codecs.BOM_UTF16_LE
                    + _article("UTF-16 with BOM", "Text with a BOM.").encode("utf-16-le")),
             present=("Text with a BOM",), note="UTF-16 with a BOM"),
    UglyCase("utf8-bom.txt", "article",
             _bytes(codecs.BOM_UTF8 + _article("UTF-8 with BOM", "Plain text.").encode()),
             present=("UTF-8 with BOM",), absent=("\ufeff",), note="UTF-8 with a BOM"),
    UglyCase("cp1252.txt", "flagged",
             _text(_article("Windows-1252 \u201csmart quotes\u201d", "Price \u20ac5 \u2013 caf\u00e9 "
                            "\u2018single\u2019 \u2026 and a trademark\u2122."), "cp1252"),
             present=("\u201csmart quotes\u201d", "\u20ac5", "caf\u00e9"), note="cp1252 smart quotes, euro"),
    UglyCase("latin1.txt", "flagged",
             _text(_article("Latin-1 na\u00efve caf\u00e9", "Fran\u00e7ais: \u00e0 \u00e9t\u00e9 "
                            "\u00fcber \u00df \u00bd \u00a9."), "latin-1"),
             present=("na\u00efve", "Fran\u00e7ais"), note="ISO-8859-1 accents"),
    UglyCase("shift-jis.txt", "flagged",
             _text(_article("Shift-JIS article", "日本語の記事。岸田首相とトルドー首相が会談した。"),
                   "shift_jis"),
             present=("Shift-JIS article",),
             note="Shift-JIS is not detected: stored as flagged legacy text (mojibake), not crashed"),
    UglyCase("crlf-cr.txt", "article",
             _bytes(_article("CRLF and CR", "Windows line ends.", "Old Mac line ends.")
                    .replace("\n\n", "\r\n\r\n", 1).replace("\n\n", "\r\r").encode()),
             present=("Windows line",), absent=("\r",), note="CRLF and lone CR line ends"),
    UglyCase("hostile.html", "article", _text(_hostile_html()),
             present=("intelligence-sharing talks",),
             absent=(ESC, "\x9b", "\x07", "\x00", "\u202e", "script-payload", "script-written",
                     "inline-script-payload", "secret-style-rule"),
             note="scripts, styles and entities decoding to control characters"),
    UglyCase("script-only.html", "failed",
             _text("<html><head><script>alert(1)</script><style>p{}</style></head>"
                   "<body><script>var x = 1;</script></body></html>"),
             note="HTML with no text outside scripts and styles"),
    UglyCase("broken-front-matter.md", "article",
             _text("---\ntitle: [unclosed\nauthor: : : bad\ndate: 2022-13-45\n\n"
                   "# Heading after broken front matter\n\nThe body of a Markdown article "
                   "whose front matter never closes.\n"),
             present=("whose front matter never closes",), note="front matter never closed"),
    UglyCase("yaml-tags.md", "article",
             _text("---\ntitle: !!python/object/apply:os.system [\"echo pwned\"]\n"
                   "author: &a [*a]\ndate: !!binary aGVsbG8=\n---\n\n"
                   "Body of a Markdown article with hostile YAML tags in its front matter.\n"),
             present=("hostile YAML tags",), note="YAML tags and anchors are not executed"),
    UglyCase("front-matter-only.md", "failed",
             _text("---\ntitle: Only front matter\nauthor: Nobody\n---\n"),
             note="Markdown with front matter and no body"),
    UglyCase("loop-a.txt", "failed", _symlink_loop, extra=("loop-b.txt",),
             note="two symlinks pointing at each other"),
    UglyCase("unreadable.txt", "failed", _unreadable, needs_non_root=True,
             note="chmod 000 (root reads it anyway)"),
    UglyCase("\x1b[31mescape-in-name.txt", "article",
             _text(_article("", "An article whose file name holds an escape sequence.")),
             present=("file name holds",), absent=(ESC,),
             note="the title falls back to the file name, which holds ESC"),
    UglyCase("\x1b]8;;https:evil.example\x1b\\link\x1b]8;;\x1b\\-binary.txt", "failed",
             _bytes(_png()), note="a failing file whose name holds an OSC 8 hyperlink"),
    UglyCase("[b]markup-in-name[-b].txt", "article",
             _text("\n\n" + _article("", "An article with no title line and markup in its file name.")),
             present=("markup in its file name",), note="markup in the file name"),
]


def write_ugly_corpus(folder: Path, *, include_huge: bool = True) -> list[UglyCase]:
    """Write every case into `folder` (created); returns the cases written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in UGLY_CASES:
        if not include_huge and case.name.startswith("huge"):
            continue
        case.write(folder / case.name)
        written.append(case)
    return written


def restore_permissions(folder: Path) -> None:
    """Make every generated file removable again (the unreadable case)."""
    for path in folder.iterdir():
        if not path.is_symlink():
            path.chmod(0o644)


def case_by_name(name: str) -> UglyCase:
    return next(case for case in UGLY_CASES if case.name == name)
