"""The installed `newsdesk` driven in tmux like a user: keys in, screen text out.

Skips when tmux or the `newsdesk` script is missing. Each run uses its own tmux server socket,
a temporary library and an isolated HOME, so it cannot touch a real session or library.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
NEWSDESK = Path(sys.executable).with_name("newsdesk")
pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(not NEWSDESK.exists(), reason="the newsdesk script is not installed"),
]

ARTICLES = {
    "zebra.txt": (
        "Zebrafish study wins ministers over\n\n"
        "TOKYO - The zebrafish research was discussed by the ministers. They agreed to fund it.\n\n"
        "A second paragraph about trade and energy.\n"
    ),
    "trade.txt": "Trade talks resume in Ottawa\n\nThe ministers of trade met again on tariffs.\n",
    "lng.txt": "LNG supplies and small reactors\n\nEnergy officials discussed LNG shipments.\n",
}
COLOUR_SGR_RE = re.compile(r"\x1b\[[0-9;]*(?:38|48);[25];[0-9;]*m")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tmux")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = root / "lib.db"
    done = subprocess.run([str(NEWSDESK), "--db", str(db), "ingest", "--no-nlp", str(folder)],
                          capture_output=True, text=True, timeout=60, env=_env(root))
    assert done.returncode == 0, done.stderr
    return db


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"TMUX", "TMUX_PANE", "NO_COLOR", "TEXTUAL_COLOR_SYSTEM", "NEWSDESK_DB"}}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), TERM="xterm-256color", **extra)
    return env


class Pane:
    """One tmux server (its own socket) running `newsdesk` in a pane of the given size."""

    def __init__(self, socket: Path, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run([TMUX, "-S", str(self.socket), "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=10, env=self.env)

    def start(self, command: list[str], size: tuple[int, int]) -> None:
        width, height = size
        shell = " ".join(f"'{part}'" for part in command)
        self.tmux("new-session", "-d", "-s", "nd", "-x", str(width), "-y", str(height), shell)
        self.tmux("set-option", "-t", "nd", "remain-on-exit", "on")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "nd", *(["-l"] if literal else []), *keys)

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "nd").stdout

    def wait_for(self, text: str, timeout: float = 8.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared on the screen:\n{shown}")
            time.sleep(0.05)

    def wait_gone(self, text: str, timeout: float = 8.0) -> None:
        deadline = time.monotonic() + timeout
        while text in (shown := self.screen()):
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} stayed on the screen:\n{shown}")
            time.sleep(0.05)

    def exited(self, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.tmux("display-message", "-p", "-t", "nd", "#{pane_dead}").stdout.strip() == "1":
                return True
            time.sleep(0.05)
        return False


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    running = Pane(Path("/tmp") / f"nd-tmux-{os.getpid()}-{tmp_path.name}", _env(tmp_path))
    yield running
    running.tmux("kill-server")
    running.socket.unlink(missing_ok=True)


def reversed_hit(screen: str) -> bool:
    """Whether `zebrafish` appears in reverse video below the query box."""
    body = screen.split("\n", 2)[2]
    hits = re.findall(r"((?:\x1b\[[0-9;]*m)+)zebrafish", body)
    return any("7" in re.split(r"[;m\[]", codes) for codes in hits)


@pytest.mark.parametrize(
    ("size", "setting"),
    [((100, 30), {"NO_COLOR": "1"}), ((80, 24), {"TEXTUAL_COLOR_SYSTEM": "standard"})],
    ids=["100x30-no-color", "80x24-16-colours"],
)
def test_search_open_help_quit(
    pane: Pane, library: Path, tmp_path: Path, size: tuple[int, int], setting: dict[str, str]
) -> None:
    pane.env = _env(tmp_path, **setting)
    pane.start([str(NEWSDESK), "--db", str(library)], size)
    pane.wait_for("3 most recent articles")
    pane.keys("zebrafish", literal=True)
    pane.wait_for("1 result")
    shown = pane.wait_for("Zebrafish study wins")
    assert "Trade talks" not in shown
    pane.wait_for("second paragraph about trade")  # the preview is drawn
    screen = pane.screen(escapes=True)
    if "TEXTUAL_COLOR_SYSTEM" in setting:
        assert not COLOUR_SGR_RE.search(screen), "only the 16 standard colours are used"
        assert re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7])[;m]", screen), "colours are used"
    else:
        # The same article may already be previewed, unmarked, from the list shown before the
        # query: wait for the preview the query redraws with its hits marked.
        deadline = time.monotonic() + 8.0
        while not reversed_hit(pane.screen(escapes=True)):
            assert time.monotonic() < deadline, "a hit shows in reverse"
            time.sleep(0.05)
    pane.keys("Enter")  # to the results
    time.sleep(0.3)
    pane.keys("Enter")  # open the reader
    shown = pane.wait_for("paragraph 1 of 2")
    words = " ".join(shown.replace("▌", " ").split())  # the cursor bar edges the paragraph
    assert "They agreed to fund it." in words and "hit 1 of" in shown, shown
    pane.keys("?")
    pane.wait_for("Keys: Reader")  # the help box lists the reader's keys
    assert "Next sentence" in pane.screen()
    pane.keys("Escape")  # alone: an escape followed at once by q would read as alt+q
    pane.wait_gone("Keys: Reader")
    pane.keys("q")  # reader -> search
    pane.wait_for("1 result")
    pane.keys("q")  # quit from the top screen
    assert pane.exited(), pane.screen()
    assert "Traceback" not in pane.screen()
