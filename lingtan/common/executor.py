"""One executor for every batch loop (``check-batch``, ``generate-batch``, the web app's checks).

An executor runs a task function over tasks and hands every result to a callback in the calling
process, as results arrive: the caller owns progress and outputs, a task returns a small result.
Two forms share the interface ``run(tasks, done)``:

* :class:`ProcessExecutor`: a pool of worker processes, each set up by an initializer (Ctrl-C is
  left to the parent: on Ctrl-C the parent stops the pool and the ``KeyboardInterrupt`` goes on,
  the results already handed over stay handed over). **The broken-worker policy**: when a worker
  process dies (``BrokenProcessPool``: the memory limit, a segfault, a kill, a watchdog), every
  result that was finished is kept, and the tasks that were in flight are retried one at a time,
  each alone in a fresh pool, so the culprit is the one that kills its worker again: it is
  reported through ``failed(task, WorkerDied())`` and the others complete. A ``culprits`` hook
  may name the culprits at once (a watchdog's note): those fail, the others go back to the queue.
* :class:`SerialExecutor`: the same in this process, one task after another (``--jobs 1``, tests).

The Dask form of ``check-batch --cluster`` (:mod:`lingtan.checker.batch.cluster`) has the same
``run(tasks, done)``. Tasks are a list, or a :class:`Feed` for work that arrives while the executor
runs (the web app's queue of runs). A task function returns its errors as values; an exception it
raises anyway reaches ``failed(task, exc)``, so one task's bug never stops the batch.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, Generic, Protocol, TypeVar, cast

from .i18n import _

T = TypeVar("T")
R = TypeVar("R")
T_co = TypeVar("T_co", covariant=True)
T_contra = TypeVar("T_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)


class WorkerDied(Exception):
    """What ``failed`` receives for a task whose worker process died while running it alone."""

    def __init__(self) -> None:
        super().__init__(_("工作进程意外退出（可能是内存不足、程序崩溃或被系统终止）"))


# -- processes -----------------------------------------------------------------------------------


def pool_context() -> BaseContext | None:
    """``fork`` on Linux, else None (the platform's default: fork is unsafe on macOS)."""
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
    """How many workers for ``tasks`` tasks: ``jobs`` (default: the usable CPUs), never more than the tasks, at least 1."""
    return max(1, min(jobs or usable_cpus(), tasks or 1))


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


@contextlib.contextmanager
def _whole() -> Iterator[None]:
    """Ctrl-C waits until the block ends, then acts: a result is handed over whole (its report written and
    counted) or not at all. Only in the main thread (where Python delivers signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if caught and callable(old):
        old(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt here


def _start_worker(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    ignore_ctrl_c()
    if initializer is not None:
        initializer(*initargs)


def new_pool(workers: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...],
             context: BaseContext | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes (``context``, default :func:`pool_context`) that leave Ctrl-C to the parent,
    each set up by ``initializer(*initargs)``."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=context or pool_context(), initializer=_start_worker,
                               initargs=(initializer, initargs))


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


# -- tasks ---------------------------------------------------------------------------------------


class Feed(Protocol[T_co]):
    """Tasks that arrive while the executor runs."""

    def next(self) -> T_co | None:
        """A task to start now, or None when none is waiting."""

    def more(self) -> bool:
        """Whether tasks may still come (False: the run ends once nothing is in flight)."""

    def idle(self, seconds: float) -> None:
        """Nothing to start and nothing in flight: wait up to ``seconds`` for a task."""


class _ListFeed(Generic[T]):
    def __init__(self, tasks: Iterable[T]) -> None:
        self.tasks = deque(tasks)

    def next(self) -> T | None:
        return self.tasks.popleft() if self.tasks else None

    def more(self) -> bool:
        return bool(self.tasks)

    def idle(self, seconds: float) -> None:
        return None


def _feed(tasks: Iterable[T] | Feed[T]) -> Feed[T]:
    if hasattr(tasks, "idle"):
        return cast("Feed[T]", tasks)
    return _ListFeed(tasks)


Failed = Callable[[T, BaseException], R]


class Executor(Protocol[T_contra, R_co]):
    """What every form of the executor does: each task through the task function, each result to ``done``."""

    def run(self, tasks: Sequence[T_contra], done: Callable[[R_co], None]) -> None:  # pragma: no cover - a protocol
        ...


class SerialExecutor(Generic[T, R]):
    """The tasks one after another in this process (``--jobs 1``, tests): the interface of :class:`ProcessExecutor`.
    ``initializer(*initargs)`` runs once in this process before the first task; Ctrl-C stops at once."""

    def __init__(self, fn: Callable[[T], R], *, failed: Failed[T, R], initializer: Callable[..., object] | None = None,
                 initargs: tuple[Any, ...] = (), poll: float = 1.0) -> None:
        self.fn, self.failed, self.initializer, self.initargs, self.poll = fn, failed, initializer, initargs, poll
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop after the task in progress (from another thread)."""
        self._cancel.set()

    def run(self, tasks: Iterable[T] | Feed[T], done: Callable[[R], None]) -> None:
        """Every task through the task function, each result to ``done``."""
        feed = _feed(tasks)
        started = False
        while not self._cancel.is_set():
            task = feed.next()
            if task is None:
                if not feed.more():
                    return
                feed.idle(self.poll)
                continue
            if not started and self.initializer is not None:
                self.initializer(*self.initargs)
            started = True
            try:
                result = self.fn(task)
            except Exception as exc:  # noqa: BLE001 - a task's bug is its failure; the batch goes on
                result = self.failed(task, exc)
            with _whole():
                done(result)


class ProcessExecutor(Generic[T, R]):
    """The tasks in a pool of at most ``workers`` processes, with the broken-worker policy of this module.

    ``initializer(*initargs)`` sets up every new worker (``context``: the start method, default
    :func:`pool_context`). ``failed(task, exc)``: the result of a task that gave none — ``exc`` is
    :class:`WorkerDied` when its worker died, else what the task raised. ``culprits(tasks)``:
    of the tasks in flight when a worker died, those known to have killed it. ``tick(tasks)``: called
    with the tasks in flight every ``poll`` seconds (progress). :meth:`cancel` (from another thread)
    ends the run within ``poll`` seconds and stops the workers; unfinished tasks get no result.
    """

    def __init__(self, fn: Callable[[T], R], workers: int, *, failed: Failed[T, R],
                 initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = (),
                 context: BaseContext | None = None, culprits: Callable[[list[T]], list[T]] | None = None,
                 tick: Callable[[list[T]], None] | None = None, poll: float = 1.0) -> None:
        self.fn, self.workers, self.failed = fn, max(1, workers), failed
        self.initializer, self.initargs, self.context = initializer, initargs, context
        self.culprits, self.tick, self.poll = culprits, tick, poll
        self._cancel = threading.Event()
        self._front: deque[T] = deque()  # innocent tasks of a broken pool: first again
        self._suspects: deque[T] = deque()  # in flight when a worker died: each retried alone

    def cancel(self) -> None:
        """End the run: the workers are stopped (from another thread)."""
        self._cancel.set()

    def run(self, tasks: Iterable[T] | Feed[T], done: Callable[[R], None]) -> None:
        """Every task through the task function in the pool, each result to ``done`` in this process."""
        feed = _feed(tasks)
        self._front.clear()
        self._suspects.clear()
        while not self._cancel.is_set():
            self._round(feed, done)
            if not (self._suspects or self._front or feed.more()):
                return

    def _take(self, feed: Feed[T], alone: bool) -> T | None:
        if alone:
            return self._suspects.popleft() if self._suspects else None
        return self._front.popleft() if self._front else feed.next()

    def _round(self, feed: Feed[T], done: Callable[[R], None]) -> None:
        """One pool's life: until the tasks run out, a worker dies or the run is cancelled."""
        alone = bool(self._suspects)
        width = 1 if alone else self.workers
        ex: ProcessPoolExecutor | None = None
        in_flight: dict[Future, T] = {}
        broken = False
        try:
            while not self._cancel.is_set():
                while len(in_flight) < width and (task := self._take(feed, alone)) is not None:
                    if ex is None:
                        ex = new_pool(width, self.initializer, self.initargs, self.context)
                    in_flight[ex.submit(self.fn, task)] = task
                if not in_flight:
                    if alone or not feed.more():
                        break
                    feed.idle(self.poll)
                    continue
                finished, _pending = wait(in_flight, timeout=self.poll, return_when=FIRST_COMPLETED)
                if self.tick is not None:
                    self.tick(list(in_flight.values()))
                for fut in finished:
                    task = in_flight.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        in_flight[fut] = task  # still unaccounted for
                        continue
                    except Exception as exc:  # noqa: BLE001 - the task's failure (unpicklable result …); the batch goes on
                        result = self.failed(task, exc)
                    with _whole():
                        done(result)
                if broken:
                    break
        except BaseException:
            if ex is not None:
                kill_pool(ex)
            raise
        if ex is None:
            return
        if self._cancel.is_set():
            kill_pool(ex)
            return
        if not broken:
            ex.shutdown(wait=True)
            return
        kill_pool(ex)  # the futures keep their results
        for fut in list(in_flight):  # finished before the pool broke: keep their results
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                with _whole():
                    done(fut.result())
                del in_flight[fut]
        self._blame(list(in_flight.values()), alone, done)

    def _blame(self, running: list[T], alone: bool, done: Callable[[R], None]) -> None:
        """The tasks in flight when a worker died: who failed, who runs again (and how)."""
        known = self.culprits(running) if self.culprits is not None and running else []
        if alone or len(running) == 1:
            for task in running:  # it killed its worker on its own
                with _whole():
                    done(self.failed(task, WorkerDied()))
        elif known:  # the culprits are known: the others are innocent
            for task in known:
                with _whole():
                    done(self.failed(task, WorkerDied()))
            self._front.extendleft(reversed([t for t in running if t not in known]))
        else:  # one of them killed the pool: retry each alone
            self._suspects.extend(running)
