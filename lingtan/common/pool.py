"""Worker process pools of the batch commands (``generate-batch``, ``check-batch``).

Workers are forked on Linux, so they start at once with everything the parent imported (the
schemes, the checker's stages); elsewhere the platform's default start method is used (fork is
unsafe on macOS). A pool is started before any progress-bar thread exists. Ctrl-C belongs to
the parent, which stops the pool; a worker returns every error as a value, never raises it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any


def pool_context() -> BaseContext | None:
    """``fork`` on Linux, else None (the platform's default)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def usable_cpus() -> int:
    """The CPUs this process may run on (``taskset``, container CPU sets), not all the machine has."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


def worker_count(jobs: int | None, tasks: int) -> int:
    """How many workers for ``tasks`` jobs: ``jobs`` (default: the usable CPUs), never more than the tasks, at least 1."""
    return max(1, min(jobs or usable_cpus(), tasks or 1))


def new_pool(workers: int, initializer: Callable[..., object], initargs: tuple[Any, ...]) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started with :func:`pool_context`, each set up by ``initializer(*initargs)``."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=initializer, initargs=initargs)


def kill_pool(ex: ProcessPoolExecutor) -> None:
    """Stop a pool now: terminate its workers (they may be deep in C code), then shut it down."""
    procs = list((getattr(ex, "_processes", None) or {}).values())
    for p in procs:
        with contextlib.suppress(Exception):  # a worker that is already gone
            if p.is_alive():
                p.terminate()
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(timeout=5)
    ex.shutdown(wait=True, cancel_futures=True)


def ignore_ctrl_c() -> None:
    """In a worker: leave Ctrl-C to the parent, which handles it and stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def bug_text(exc: BaseException) -> str:
    """``Type: message`` of an unexpected exception in a worker, with the traceback when
    ``LINGTAN_DEBUG`` is set (one item's bug is reported on that item; the batch goes on)."""
    text = f"{type(exc).__name__}: {exc}"
    if os.environ.get("LINGTAN_DEBUG"):
        text += "\n" + traceback.format_exc()
    return text
