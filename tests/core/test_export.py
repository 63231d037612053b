"""Export: unsafe titles become safe names inside the folder, no clobbering, symlinks, round-trip."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from core.clipboard import citation_text, osc52
from core.errors import ExportError
from core.export import block_quote, escape_inline, export_notes, render_markdown, sanitise_filename
from core.library import Library
from core.models import ParsedArticle
from core.notes import Note, add_note, list_notes
from core.store.articles import upsert_article

UNSAFE_TITLES = [
    "../../x",
    "/etc/passwd",
    "..",
    ".",
    "",
    "   ",
    "a\x00b",
    "line one\nline two",
    "x" * 300,
    "é" * 300,
    "CON",
    "con.txt",
    "LPT1",
    "Title.",
    "Title. . ",
    "evil\u202etxt.md",
    "zero\u200bwidth",
    "# * | ---",
    "C:\\Windows\\system32",
    ".hidden",
    "a/../../b",
    "\x1b]8;;http://x\x07link",
    "tab\there",
]


def note(id_: int = 1, **fields: object) -> Note:
    base = dict(
        id=id_, article_id=1, quote="A quoted line.", start=0, end=14, quote_hash="h",
        anchor="ok", comment="", tags=[], title="Plain title", outlet="Japan Today",
        byline="Kyodo", published="2022-11-03", source="https://example.com/a",
        created_at="2026-01-01T00:00:00+00:00", updated_at="2026-01-01T00:00:00+00:00",
    )
    base.update(fields)
    return Note(**base)  # type: ignore[arg-type]


# -- file names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", UNSAFE_TITLES)
def test_sanitised_name_is_one_safe_component(title: str) -> None:
    name = sanitise_filename(title)
    assert name.endswith(".md")
    assert len(name.encode("utf-8")) <= 255
    assert "/" not in name and "\\" not in name and ".." not in name
    assert not name.startswith(".") and name != ".md"
    stem = name[: -len(".md")]
    assert stem == stem.rstrip(" .")
    assert all(unicodedata.category(ch) not in ("Cc", "Cf") for ch in name)
    assert unicodedata.is_normalized("NFC", name)
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM1"}


def test_sanitised_name_examples() -> None:
    assert sanitise_filename("") == "notes.md"
    assert sanitise_filename("..") == "notes.md"
    assert sanitise_filename("../../x") == "x.md"
    assert sanitise_filename("CON") == "CON_.md"
    assert sanitise_filename("con.txt") == "con_.txt.md"
    assert sanitise_filename("Title.") == "Title.md"
    assert sanitise_filename("Japan & UK: pact") == "Japan & UK- pact.md"
    assert sanitise_filename("x" * 300, counter=12) == "x" * 249 + "-12.md"
    # NFD and NFC spellings give the same name.
    assert sanitise_filename(unicodedata.normalize("NFD", "Café")) == "Café.md"


@pytest.mark.parametrize("title", UNSAFE_TITLES)
def test_export_lands_inside_chosen_folder(lib: Library, tmp_path: Path, title: str) -> None:
    folder = tmp_path / "out"
    path = export_notes(lib, [note()], folder=folder, title=title)
    assert path.parent == folder.resolve()
    assert path.is_file() and not path.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # no temp file left


def test_default_folder_is_documents_newsdesk(lib: Library) -> None:
    path = export_notes(lib, [note()], title="Report")
    assert path.parent == (Path(os.environ["HOME"]) / "Documents" / "newsdesk").resolve()
    assert path.name == "Report.md"


def test_nfc_nfd_twins_do_not_overwrite(lib: Library, tmp_path: Path) -> None:
    first = export_notes(lib, [note()], folder=tmp_path, title="Café")
    second = export_notes(lib, [note()], folder=tmp_path,
                          title=unicodedata.normalize("NFD", "Café"))
    assert (first.name, second.name) == ("Café.md", "Café-2.md")


def test_existing_file_gets_suffix_and_force_overwrites(lib: Library, tmp_path: Path) -> None:
    existing = tmp_path / "Report.md"
    existing.write_text("precious")
    second = export_notes(lib, [note()], folder=tmp_path, title="Report")
    third = export_notes(lib, [note()], folder=tmp_path, title="Report")
    assert (second.name, third.name) == ("Report-2.md", "Report-3.md")
    assert existing.read_text() == "precious"
    forced = export_notes(lib, [note()], folder=tmp_path, title="Report", force=True)
    assert forced == existing.resolve() and "A quoted line" in existing.read_text()


def test_output_path_option(lib: Library, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "mine.markdown"
    assert export_notes(lib, [note()], path=target) == target.resolve()
    again = export_notes(lib, [note()], path=target)
    assert again.name == "mine-2.markdown"
    into_folder = export_notes(lib, [note()], path=tmp_path, title="T")
    assert into_folder == (tmp_path / "T.md").resolve()


def test_symlink_at_target_is_never_followed(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    (folder / "Report.md").symlink_to(victim)
    plain = export_notes(lib, [note()], folder=folder, title="Report")
    assert plain.name == "Report-2.md" and victim.read_text() == "do not touch"
    forced = export_notes(lib, [note()], folder=folder, title="Report", force=True)
    assert victim.read_text() == "do not touch"
    assert not forced.is_symlink() and "A quoted line" in forced.read_text()


def test_dangling_symlink_and_folder_at_target(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "Report.md").symlink_to(tmp_path / "nowhere" / "x")
    path = export_notes(lib, [note()], folder=tmp_path, title="Report")
    assert path.name == "Report-2.md" and not (tmp_path / "nowhere").exists()
    (tmp_path / "Dir.md").mkdir()
    assert export_notes(lib, [note()], folder=tmp_path, title="Dir").name == "Dir-2.md"
    with pytest.raises(ExportError):
        export_notes(lib, [note()], folder=tmp_path, title="Dir", force=True)


def test_unwritable_folder_is_a_clear_error(lib: Library, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match=r"export folder|not a folder"):
        export_notes(lib, [note()], folder=blocker / "sub", title="T")
    with pytest.raises(ExportError, match="not a folder"):
        export_notes(lib, [note()], folder=blocker, title="T")
    with pytest.raises(ExportError, match="no notes"):
        export_notes(lib, [], folder=tmp_path)


def test_symlinked_folder_is_resolved_and_name_stays_inside(lib: Library, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    path = export_notes(lib, [note()], folder=link, title="../../escape")
    assert path.parent == real.resolve() and path.name == "escape.md"


# -- Markdown round trip ---------------------------------------------------------------------------

NASTY = [
    "# Heading?",
    "* bullet",
    "| a | b |\n|---|---|",
    "---",
    "===",
    "[link](http://evil) and ![img](x)",
    "`code` ```fence",
    "<script>alert(1)</script>",
    "1. ordered",
    "> not a quote",
    "a\nb\n\nc",
    "trailing backslash \\",
    "&amp; entity",
    "_under_ **bold** ~~strike~~",
    "    indented code",
    "+ plus",
    "\x1b[31mred\x1b[0m\u202e",
    "Title ##",
]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


def inline_text(token: object) -> str:
    """The plain text of an inline token as a reader sees it."""
    parts = []
    for child in token.children or []:  # type: ignore[attr-defined]
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def blockquotes(tokens: list) -> list[str]:
    """The text of each top-level blockquote, its paragraphs' lines joined by newlines."""
    found: list[str] = []
    depth = 0
    lines: list[str] = []
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            lines = []
        elif token.type == "blockquote_close":
            depth -= 1
            found.append("\n".join(lines))
        elif depth and token.type == "inline":
            lines.append(inline_text(token))
    return found


def clean(text: str) -> str:
    return text.replace("\x1b", "").replace("\u202e", "")


@pytest.mark.parametrize("nasty", NASTY)
def test_markdown_round_trips_untrusted_text(nasty: str) -> None:
    notes = [
        note(1, title=nasty, quote=nasty, comment=nasty, tags=[nasty.replace("\n", " ")],
             outlet=nasty, source=nasty),
        note(2, article_id=2, title="Second " + nasty, quote="Plain quote."),
    ]
    text = render_markdown(notes, title=nasty, query_info={"query": nasty, "tags": [nasty]})
    tokens = parser().parse(text)
    kinds = [t.type for t in tokens]
    # Front matter parses back to the same data.
    meta = yaml.safe_load(next(t for t in tokens if t.type == "front_matter").content)
    assert meta["title"] == " ".join(clean(nasty).split())
    assert meta["query"] == clean(nasty).replace("\x1b", "")
    # One h1, one h2 per article, one blockquote per quote; nothing else structural.
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [tokens[i].tag for i, t in enumerate(tokens) if t.type == "heading_open"] == [
        "h1", "h2", "h2"
    ]
    assert inline_text(headings[0]) == " ".join(clean(nasty).split())
    titles = sorted(inline_text(h) for h in headings[1:])
    assert titles == sorted([" ".join(clean(nasty).split()),
                             " ".join(("Second " + clean(nasty)).split())])
    assert kinds.count("blockquote_open") == 2
    for forbidden in ("bullet_list_open", "ordered_list_open", "table_open", "fence",
                      "code_block", "html_block", "hr", "link_open", "image"):
        assert forbidden not in kinds
    inline_kinds = [c.type for t in tokens if t.children for c in t.children]
    for forbidden in ("link_open", "html_inline", "image", "s_open", "strong_open"):
        assert forbidden not in inline_kinds
    assert inline_kinds.count("em_open") == 2  # only the two citation titles are emphasised
    # Each quote reads back, line by line, as the same text.
    expected = "\n".join(" ".join(line.split()) for line in clean(nasty).split("\n")
                         if line.strip())
    assert sorted(blockquotes(tokens)) == sorted([expected, "Plain quote."])
    assert "\x1b" not in text and "\u202e" not in text


def test_group_by_tag_lists_note_under_each_tag() -> None:
    notes = [note(1, tags=["b", "a"]), note(2, tags=[]), note(3, tags=["a"])]
    text = render_markdown(notes, title="T", group_by="tag")
    tokens = parser().parse(text)
    h2 = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
          if t.type == "heading_open" and t.tag == "h2"]
    assert h2 == ["a", "b", "Untagged"]
    assert [t.type for t in tokens].count("blockquote_open") == 4


def test_citation_and_missing_anchor_in_output() -> None:
    text = render_markdown([note(1, anchor="missing", comment="why", tags=["x"])], title="T")
    assert "Source: *Plain title*, Japan Today, Kyodo, 2022-11-03. https://example.com/a" in text
    assert "no longer found" in text and "Tags: x" in text and "\n\nwhy\n\n" in text


def test_block_quote_prefixes_every_line() -> None:
    quoted = block_quote("one\n\n# two\n- three")
    assert quoted.splitlines() == ["> one", ">", "> \\# two", "> \\- three"]
    assert escape_inline("a\nb") == "a b"


def test_export_from_library_notes(lib: Library, tmp_path: Path) -> None:
    parsed = ParsedArticle(source="/c/a.txt", format="txt", title="Pact | *signed*",
                           body="First line.\nThe pact was signed.", outlet="NHK")
    with lib.store.write() as conn:
        article_id = upsert_article(conn, parsed).article_id
    add_note(lib, article_id, quote="The pact was signed.", comment="c", tags=["t"])
    path = export_notes(lib, list_notes(lib), folder=tmp_path, query_info={"tags": ["t"]})
    assert path.name == "Notes- t.md"
    text = path.read_text(encoding="utf-8")
    assert "> The pact was signed\\." not in text and "> The pact was signed." in text
    tokens = parser().parse(text)
    h2 = next(tokens[i + 1] for i, t in enumerate(tokens)
              if t.type == "heading_open" and t.tag == "h2")
    assert inline_text(h2) == "Pact | *signed*"


# -- clipboard -------------------------------------------------------------------------------------


def test_osc52_plain_and_tmux() -> None:
    seq = osc52("héllo \x1b[31m", env={})
    assert seq.startswith("\x1b]52;c;") and seq.endswith("\x07")
    import base64

    assert base64.b64decode(seq[7:-1]).decode() == "héllo \x1b[31m"
    assert seq.count("\x1b") == 1  # the payload carries no escape byte
    wrapped = osc52("x", env={"TMUX": "/tmp/tmux-0/default,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\"


def test_citation_text_of_note_and_article() -> None:
    assert citation_text(note(title="A\nB", source="/c/a.txt")) == (
        "\u201cA B\u201d, Japan Today, Kyodo, 2022-11-03. /c/a.txt"
    )

    class Art:
        title = ""
        outlet = "NHK"
        byline = ""
        published = None
        url = "https://nhk.example/1"
        source = "/c/b.html"

    assert citation_text(Art()) == "NHK. https://nhk.example/1"
