"""The real app in a pseudo-terminal on a library holding the ugly corpus: every byte it writes
is captured and searched for the payloads' escape sequences (OSC 8, OSC 52, DCS, raw C1, the
payload's clear-screen and title change, bidi overrides)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from core.ingest import ingest_paths
from core.library import Library
from core.models import ParsedArticle
from core.store.articles import upsert_article
from tests.ugly import ESC, restore_permissions, write_ugly_corpus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

# Raw payloads stored straight into the library (no ingest cleaning): display must strip them.
RAW_TITLE = "Rawpayload " + ESC + "]8;;http://evil.example/" + ESC + "\\link" + ESC + "]8;;" \
    + ESC + "\\ title \u202eexe.txt"
RAW_BODY = (
    "Rawpayload body " + ESC + "]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07 clipboard and "
    + ESC + "P1;2|dcspayload" + ESC + "\\ dcs and \x9b31mC1 CSI\x9b0m and \x9d0;c1title\x9c.\n\n"
    + "Second paragraph " + ESC + "[2J" + ESC + "[H" + ESC + "]0;pwned title" + ESC + "\\ "
    + "with a bidi \u202egnp.exe and a bell \x07 and the word Rawpayload again."
)
# Sequences Textual never writes; a payload's would.
FORBIDDEN = {
    "OSC 8 hyperlink": ESC + "]8;",
    "OSC 8 to the payload URL": ESC + "]8;;http://evil",
    "OSC 52 clipboard": ESC + "]52;",
    "DCS": ESC + "P",
    "window title": ESC + "]0;",
    "payload clear screen": ESC + "[2J" + ESC + "[H" + ESC + "]",
    "bidi override": "\u202e",
    "C1 CSI": "\x9b",
    "C1 OSC": "\x9d",
    "C1 ST": "\x9c",
    "C1 DCS": "\x90",
    "BEL after the payload": "ZXZpbCBjbGlwYm9hcmQ=\x07",
}
# The payloads' printable remains, shown as inert text once their escape bytes are gone.
INERT_REMAINS = (b"http://evil.example", b"dcspayload", b"pwned title", b"exe.txt")


@pytest.fixture
def ugly_db(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_ugly_corpus(folder, include_huge=False)
    db = tmp_path / "pty.db"
    with Library(db) as lib:
        ingest_paths(lib, [folder], nlp=False)
        with lib.store.write() as conn:
            upsert_article(conn, ParsedArticle(
                source="/raw/payload.html", format="html", title=RAW_TITLE,
                outlet="[b]Raw[/b] " + ESC + "[31mOutlet", byline="By \x9b2JMallory",
                published="2020-02-02", date_precision="day", body=RAW_BODY,
            ))
    restore_permissions(folder)
    return db


class Terminal:
    """A child process on a pty of a fixed size; everything it writes is kept in `output`."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()

    def read_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, needle: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        start = 0
        while time.monotonic() < deadline:
            if needle in self.output[start:]:
                return True
            self.read_for(0.2)
            if self.process.poll() is not None:
                self.read_for(0.2)
                return needle in self.output
        return False

    def type(self, text: str, pause: float = 0.05) -> None:
        for char in text:
            os.write(self.master, char.encode())
            self.read_for(pause)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


def run_app(db: Path, tmp_path: Path) -> Terminal:
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "TERM": "xterm-256color",
        "COLORTERM": "truecolor", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT), "NEWSDESK_DB": str(db),
    }
    return Terminal([sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())",
                     "open", "--db", str(db)], env, (100, 30))


def assert_no_payload(output: bytes) -> None:
    text = output.decode("utf-8", errors="replace")
    found = {name: text.count(seq) for name, seq in FORBIDDEN.items() if seq in text}
    assert not found, f"payload sequences reached the terminal: {found}"
    raw_c1 = [char for char in text if 0x80 <= ord(char) <= 0x9F]
    assert not raw_c1, f"raw C1 characters in the stream: {sorted(set(map(repr, raw_c1)))}"


def test_app_writes_no_payload_bytes(ugly_db: Path, tmp_path: Path) -> None:
    term = run_app(ugly_db, tmp_path)
    try:
        assert term.wait_for(b"recent", 40), term.output[-2000:]
        term.read_for(1.0)
        for query, opened in [("Rawpayload", b"clipboard and"), ("hyperlink", b"The real text"),
                              ("C1 raw", b"Text with"), ("gnp", b"isolates")]:
            term.type(query)
            term.read_for(1.5)
            term.type("\r")  # the results
            term.read_for(0.3)
            term.type("\r")  # open the first hit in the reader
            assert term.wait_for(opened, 15), (query, term.output[-1500:])
            term.read_for(1.0)
            term.type("]]j}")  # hits, paragraph, sentence
            term.read_for(0.5)
            term.type("\x1b")  # back to search
            term.read_for(0.8)
            term.type("/")  # the query box; clear it
            term.type("\x7f" * 20, pause=0.01)
            term.read_for(0.5)
        for remains in INERT_REMAINS:  # the articles were really on screen
            assert remains in term.output, remains
        term.type("\x1b[B")  # down: out of the query box, so q is a key, not a letter
        term.read_for(0.5)
        term.type("q")
        deadline = time.monotonic() + 20
        while term.process.poll() is None and time.monotonic() < deadline:
            term.read_for(0.2)  # keep draining, or the child blocks on a full pty
        term.read_for(0.3)
        assert term.process.returncode == 0, term.output[-1500:]
    finally:
        term.close()
    assert len(term.output) > 10_000
    assert_no_payload(bytes(term.output))


def test_the_check_itself_catches_a_leak() -> None:
    """The byte check is not vacuous: each payload, written raw, is caught."""
    for sequence in [*FORBIDDEN.values(), "\x85"]:
        with pytest.raises(AssertionError):
            assert_no_payload(("ok " + sequence + " ok").encode())


def test_pasted_payload_in_the_query_box_is_not_echoed(ugly_db: Path, tmp_path: Path) -> None:
    """A bracketed paste keeps its ESC and U+202E in the Input's value; Textual's renderer
    writes them as inert text (caret notation), never as sequences."""
    term = run_app(ugly_db, tmp_path)
    try:
        assert term.wait_for(b"recent", 40), term.output[-2000:]
        term.read_for(0.5)
        mark = len(term.output)
        paste = "Rawpayload " + ESC + "]8;;http://evil.example/" + ESC + "\\x\u202ey"
        os.write(term.master, ("\x1b[200~" + paste + "\x1b[201~").encode())
        term.read_for(2.0)
        echoed = bytes(term.output[mark:])
    finally:
        term.close()
    assert b"Rawpayload" in echoed
    assert_no_payload(echoed)
