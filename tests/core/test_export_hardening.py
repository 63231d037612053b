"""Export under pressure: any text round-trips, any title makes a safe name, kill -9 mid-write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from core.export import render_markdown, sanitise_filename
from core.text import one_line, strip_controls
from tests.core.test_export import blockquotes, inline_text, note

ROOT = Path(__file__).resolve().parents[2]
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_title_gives_a_safe_name(title: str) -> None:
    name = sanitise_filename(title)
    assert name.endswith(".md") and len(name.encode("utf-8")) <= 255
    assert "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name
    assert not name.startswith(".")
    assert unicodedata.is_normalized("NFC", name)
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in name)


def _expected_line(text: str) -> str:
    # What a reader sees: controls gone, whitespace runs folded (Markdown folds them too).
    return one_line(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=80), quote=st.text(min_size=1, max_size=200).filter(
    lambda q: one_line(q) != ""))
def test_any_text_round_trips_through_markdown(title: str, quote: str) -> None:
    text = render_markdown([note(1, title=title, quote=quote, comment=quote)], title=title)
    tokens = PARSER.parse(text)
    tags = [t.tag for t in tokens if t.type == "heading_open"]
    assert tags == ["h1", "h2"]
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert inline_text(headings[0]) == (_expected_line(title) or "Notes")
    assert inline_text(headings[1]) == (_expected_line(title) or "Untitled article")
    kinds = {t.type for t in tokens}
    assert not kinds & {"bullet_list_open", "ordered_list_open", "table_open", "fence",
                        "code_block", "html_block", "hr"}
    quoted = blockquotes(tokens)
    assert len(quoted) == 1
    expected = [one_line(line) for line in strip_controls(quote).split("\n") if one_line(line)]
    got = [" ".join(line.split()) for line in quoted[0].split("\n")]
    assert [line for line in got if line] == expected


WRITER = """
import sys
from pathlib import Path
from core.export import write_export
folder = Path(sys.argv[1])
force = sys.argv[2] == "force"
filler = "x" * 4_000_000
i = 0
print("ready", flush=True)
while True:
    i += 1
    write_export(f"BEGIN {i}\\n{filler}\\nEND {i}\\n", folder=folder, stem="Report", force=force)
"""


def _complete(path: Path) -> bool:
    data = path.read_bytes()
    first, _, rest = data.partition(b"\n")
    number = first.removeprefix(b"BEGIN ")
    return first.startswith(b"BEGIN ") and rest.endswith(b"\nEND " + number + b"\n")


def _kill_writer_repeatedly(folder: Path, mode: str, rounds: int) -> None:
    """Start a writer looping over exports, kill -9 it at a random moment, check the files."""
    rng = random.Random(7)
    for round_number in range(rounds):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), mode], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
            if round_number == 0:  # make sure one export has landed, however loaded the host
                deadline = time.monotonic() + 60
                while not (folder / "Report.md").exists() and time.monotonic() < deadline:
                    time.sleep(0.02)
            time.sleep(rng.random() * 0.3)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        for path in folder.glob("Report*.md"):
            assert _complete(path), f"{path.name} is partial after kill -9"


def test_kill_9_mid_export_with_force_leaves_old_or_new(tmp_path: Path) -> None:
    _kill_writer_repeatedly(tmp_path, "force", 4)
    assert [p.name for p in tmp_path.glob("Report*.md")] == ["Report.md"]


def test_kill_9_mid_export_without_force_leaves_only_whole_files(tmp_path: Path) -> None:
    _kill_writer_repeatedly(tmp_path, "noforce", 3)
    assert (tmp_path / "Report.md").exists()


def test_stale_temp_files_from_killed_exports_are_swept(tmp_path: Path) -> None:
    from core.export import write_export

    old = tmp_path / ".newsdesk-export-old.tmp"
    old.write_text("partial")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    fresh = tmp_path / ".newsdesk-export-fresh.tmp"  # maybe another export in progress
    fresh.write_text("partial")
    other = tmp_path / "mine.tmp"
    other.write_text("not ours")
    os.utime(other, (time.time() - 7200, time.time() - 7200))
    write_export("text", folder=tmp_path, stem="R")
    assert not old.exists() and fresh.exists() and other.exists()
