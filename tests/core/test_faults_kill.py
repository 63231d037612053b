"""`kill -9` during ingest, repeatedly: the library stays sound, articles whole or absent."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import maintenance
from core.library import Library
from core.text import content_hash

ROOT = Path(__file__).resolve().parents[2]
FILES = 1200
KILLS = 4
CLI = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from tui.cli import main; sys.exit(main(sys.argv[1:]))"


def _write_articles(folder: Path) -> None:
    folder.mkdir()
    for number in range(FILES):
        paragraphs = [
            f"Paragraph {k} of article {number}: the ministers discussed intelligence sharing, "
            f"liquefied natural gas and reactor number {number * 31 + k} at length in Ottawa."
            for k in range(12)
        ]
        text = f"Generated article number {number}\n\n" + "\n\n".join(paragraphs)
        text += f"\n\nEnd of article {number}, the final sentence of the piece.\n"
        (folder / f"article-{number:04d}.txt").write_text(text, encoding="utf-8")


def _ingest(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", str(db), "ingest", str(folder), "--no-nlp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _assert_sound(db: Path) -> int:
    with Library(db) as lib:
        report = maintenance.check(lib)
        assert report.ok, report.problems()
        rows = lib.store.query("SELECT source, body, content_hash FROM articles")
    for source, body, digest in rows:
        number = int(Path(source).stem.split("-")[1])
        assert content_hash(body) == digest, f"{source}: body does not match its hash"
        assert body.rstrip().endswith(f"End of article {number}, the final sentence of the piece.")
        assert body.count("Paragraph ") == 12, f"{source}: paragraphs missing"
    return len(rows)


def _wait_for_more_articles(db: Path, before: int, process: subprocess.Popen[bytes]) -> None:
    """Poll (read-only, WAL) until the running ingest has committed a batch, or has ended."""
    deadline = time.monotonic() + 30
    with Library(db) as lib:
        while time.monotonic() < deadline and process.poll() is None:
            if lib.store.query("SELECT count(*) FROM articles")[0][0] > before:
                return
            time.sleep(0.02)


@pytest.mark.slow
def test_kill_9_during_ingest_repeatedly(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _write_articles(folder)
    db = tmp_path / "library.db"
    Library(db).close()
    chooser = random.Random(7)
    counts = []
    killed = 0
    for round_number in range(KILLS):
        before = counts[-1] if counts else 0
        process = _ingest(db, folder)
        if round_number % 2 == 0:  # kill once a batch has landed, somewhere in the next ones
            _wait_for_more_articles(db, before, process)
            time.sleep(chooser.uniform(0.0, 0.6))
        else:  # kill at a random moment, maybe before anything is written
            time.sleep(chooser.uniform(0.2, 1.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(30)
        counts.append(_assert_sound(db))
    print("articles present after each kill:", counts, "kills:", killed)
    assert killed >= 2, f"ingest finished before most kills ({counts}); raise FILES"
    assert counts == sorted(counts)  # committed batches stay committed
    assert any(0 < count < FILES for count in counts), counts
    process = _ingest(db, folder)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err.decode(errors="replace")
    assert _assert_sound(db) == FILES


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _assert_all_end(pids: list[int], within_s: float = 5.0) -> None:
    deadline = time.monotonic() + within_s
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in pids if _running(pid)], "worker processes outlived their parent"


def test_parse_processes_end_with_a_killed_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _write_articles(folder)
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", str(tmp_path / "library.db"), "ingest", str(folder),
         "--no-nlp", "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.01)
    assert len(workers) == 2, "the ingest should have started two parse processes"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    _assert_all_end(workers)


FORKING_PARENT = """
import multiprocessing, sys, time
sys.path.insert(0, {root!r})
from core.processes import children_exit_with_parent
def wait_for_ever(): time.sleep(3600)
if __name__ == "__main__":
    children_exit_with_parent()
    child = multiprocessing.get_context("fork").Process(target=wait_for_ever)
    child.start()
    print(child.pid, flush=True)
    time.sleep(3600)
"""


def test_any_forked_worker_ends_with_its_killed_parent(tmp_path: Path) -> None:
    """The mechanism spaCy's `n_process` workers rely on too (plain multiprocessing)."""
    script = tmp_path / "parent.py"
    script.write_text(FORKING_PARENT.format(root=str(ROOT)))
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE)
    assert process.stdout is not None
    child = int(process.stdout.readline())
    assert _running(child)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    _assert_all_end([child])


COUNTING_PARENT = """
import multiprocessing, sys, threading
sys.path.insert(0, {root!r})
from core.processes import children_exit_with_parent
def count(queue):
    queue.put(sum(t.name == "exit-with-parent" for t in threading.enumerate()))
if __name__ == "__main__":
    for _ in range(3):  # one ingest after another in a long-lived process
        children_exit_with_parent()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=count, args=(queue,))
    child.start()
    print(queue.get(timeout=20))
    child.join()
"""


def test_one_watcher_per_worker_however_often_asked(tmp_path: Path) -> None:
    script = tmp_path / "counting.py"
    script.write_text(COUNTING_PARENT.format(root=str(ROOT)))
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "1"
