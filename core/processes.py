"""Worker processes that do not outlive Newsdesk: parse and spaCy processes forked by an ingest
end when it does, even when it is killed with kill -9 or by the OOM killer.

Forked workers hold copies of each other's end of their task pipes, so none of them ever sees
end-of-file when the parent dies: without this they wait for work for ever.
"""

from __future__ import annotations

import os
import threading
import time
from multiprocessing import util

PARENT_CHECK_S = 0.5


class _Hook:
    """The object `register_after_fork` holds (weakly): kept alive by this module."""


_HOOK = _Hook()


def children_exit_with_parent() -> None:
    """From now on, every process `multiprocessing` forks from this one (a ProcessPoolExecutor's
    or spaCy's `n_process` workers) exits within half a second of this process ending."""
    util.register_after_fork(_HOOK, _watch_parent)


def _watch_parent(_: object) -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
