"""Worker processes that do not outlive Newsdesk: parse and spaCy processes forked by an ingest
end when it does, even when it is killed with kill -9 or by the OOM killer.

Forked workers hold copies of each other's end of their task pipes, so none of them ever sees
end-of-file when the parent dies: without this they wait for work for ever.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from multiprocessing import util

PARENT_CHECK_S = 0.5


_registered = False
_register_lock = threading.Lock()


def children_exit_with_parent() -> None:
    """From now on, every process `multiprocessing` forks from this one (a ProcessPoolExecutor's
    or spaCy's `n_process` workers) exits within half a second of this process ending."""
    global _registered
    with _register_lock:
        if not _registered:  # each registration would start one more watcher in every worker
            util.register_after_fork(_watch_parent, _watch_parent)
            _registered = True


def _watch_parent(_: object) -> None:
    """In a new worker: watch the pid the parent had when it forked us (read now, the parent
    might already be gone and the worker adopted)."""
    known = multiprocessing.parent_process()
    parent = known.pid if known is not None and known.pid is not None else os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
