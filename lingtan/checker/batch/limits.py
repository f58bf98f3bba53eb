"""The limits of a worker: every file's time limit (``SIGALRM``), the memory limit
(``RLIMIT_AS``) and the watchdog that ends a worker stuck in C code.

A file that runs out of time or memory comes back unreadable (``timeout`` / ``memory``) and the
check goes on. A file still busy well after its time limit (where Python signals cannot reach
it) makes the watchdog leave a note ``died-<index>.txt`` in the notes folder and end the worker;
the parent reads the note (:func:`death_note`) when it reports the submission as failed.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from lingtan.common.errors import ExitCode, LingtanError
from lingtan.common.executor import bug_text

from ..extract import OcrPolicy, kind_of
from ..model import ExtractedFile, SourceFile
from ..pipeline import read_file as _read

DEFAULT_DOC_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 3072
MIN_MEMORY_MB = 512
WATCHDOG_GRACE_MIN = 10.0  # the watchdog ends a worker max(this, doc_timeout / 2) seconds after a file's time limit
MEMORY_PROBLEM = "memory"  # the ``problem`` key of a file that ran out of memory
_MEMORY_MARKS = ("memoryerror", "fzerrormemory", "out of memory", "malloc", "cannot allocate")


class DocTimeout(BaseException):
    """Raised by SIGALRM inside an extraction; a BaseException so that extract's broad
    ``except Exception`` handlers do not turn it into a "corrupt" file."""


_LIMITS: dict[str, Any] = {"doc_timeout": DEFAULT_DOC_TIMEOUT}


def set_limits(doc_timeout: float, max_memory_mb: int, notes_dir: str) -> None:
    """In a new worker: the time limit of every file (0: none), the memory limit of the process
    (0: none) and, with a time limit, the watchdog."""
    _LIMITS["doc_timeout"] = doc_timeout
    _LIMITS["max_memory_mb"] = max_memory_mb
    if max_memory_mb:
        limit = int(max_memory_mb) * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if doc_timeout:
        _LIMITS["watchdog"] = _Watchdog(notes_dir)


def watch(index: int) -> None:
    """The submission the worker checks now (named in the watchdog's note)."""
    dog = _LIMITS.get("watchdog")
    if dog is not None:
        dog.index = index


def timeout_text() -> str:
    return f"{_LIMITS.get('doc_timeout'):g} 秒"


def memory_limit_text() -> str:
    mb = _LIMITS.get("max_memory_mb") or 0
    return f"{mb} MB" if mb else "（系统可用内存）"


def failure_text(exc: BaseException) -> str:
    """Why a submission could not be checked, in Chinese — one reason per kind of failure (the batch's workers and the
    web app's share it)."""
    if isinstance(exc, LingtanError):
        return str(exc)
    if isinstance(exc, DocTimeout):
        return f"处理超时（超过 {timeout_text()}）"
    if isinstance(exc, MemoryError):
        gc.collect()
        return f"内存超限：检查这份材料所需内存超过上限 {memory_limit_text()}"
    if isinstance(exc, RecursionError):
        return f"材料结构过深，无法检查：{exc}"
    return f"检查程序内部错误：{bug_text(exc)}"


def _on_alarm(signum: int, frame: Any) -> None:
    raise DocTimeout()


def _memory_problem(detail: str) -> bool:
    low = detail.lower()
    return any(m in low for m in _MEMORY_MARKS)


def guarded_read(src: SourceFile, ocr: OcrPolicy, needs: Any) -> tuple[ExtractedFile, list[Any]]:
    """:func:`lingtan.checker.pipeline.read_file` under the worker's time limit; a file that runs out of time
    or memory comes back unreadable (``timeout`` / memory) instead of stopping the submission."""

    timeout = float(_LIMITS.get("doc_timeout") or 0)
    use_timer = timeout > 0 and threading.current_thread() is threading.main_thread()
    old = None
    dog: _Watchdog | None = _LIMITS.get("watchdog")
    try:
        if use_timer:
            old = signal.signal(signal.SIGALRM, _on_alarm)
            if dog is not None:
                dog.arm(timeout + max(WATCHDOG_GRACE_MIN, timeout / 2), src.display)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            ef, docs = _read(src, ocr, needs)
        finally:
            if use_timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except DocTimeout:
        gc.collect()
        return ExtractedFile(source=src, kind=kind_of(src.suffix), problem="timeout",
                             problem_detail=f"处理超时：超过 {timeout:g} 秒仍未读完，已跳过"), []
    except MemoryError:
        gc.collect()
        return ExtractedFile(source=src, kind=kind_of(src.suffix), problem=MEMORY_PROBLEM,
                             problem_detail=f"内存超限：处理时所需内存超过上限 {memory_limit_text()}，已跳过"), []
    finally:
        if dog is not None:
            dog.disarm()
        if old is not None:
            signal.signal(signal.SIGALRM, old)
    _release_memory()
    if ef.problem_detail and _memory_problem(ef.problem_detail):
        ef.problem = MEMORY_PROBLEM
        ef.problem_detail = f"内存超限：处理时所需内存超过上限 {memory_limit_text()}（{ef.problem_detail}）"
        ef.pages = []
        docs = []
    return ef, docs


_LIBC: Any = None


def _release_memory() -> None:
    """Give freed memory back to the system after a file (glibc keeps it otherwise: page images and
    OCR buffers of every size fragment the heap, and a worker's memory would creep up file by file)."""
    global _LIBC
    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        if _LIBC is None:
            import ctypes

            _LIBC = ctypes.CDLL("libc.so.6")
        _LIBC.malloc_trim(0)
    except (OSError, AttributeError):
        _LIBC = False


# -- the watchdog --------------------------------------------------------------------------------


def death_note(notes_dir: str | Path, index: int) -> Path:
    """Where the watchdog says why it ended the worker checking submission ``index``."""
    return Path(notes_dir) / f"died-{index}.txt"


class _Watchdog:
    """Ends the worker when one file is still busy long after its time limit (stuck in C code)."""

    def __init__(self, notes_dir: str) -> None:
        self.notes_dir = notes_dir
        self.cond = threading.Condition()
        self.deadline: float | None = None
        self.what = ""
        self.index: int | None = None
        threading.Thread(target=self._run, name="lingtan-watchdog", daemon=True).start()

    def arm(self, seconds: float, what: str) -> None:
        with self.cond:
            self.deadline = time.monotonic() + seconds
            self.what = what
            self.cond.notify()

    def disarm(self) -> None:
        with self.cond:
            self.deadline = None
            self.cond.notify()

    def _run(self) -> None:
        with self.cond:
            while True:
                if self.deadline is None:
                    self.cond.wait()
                    continue
                left = self.deadline - time.monotonic()
                if left > 0:
                    self.cond.wait(left)
                    continue
                _note_death(self.notes_dir, self.index, f"处理超时：{self.what} 超过时限仍未结束，检查进程已被终止")
                os._exit(int(ExitCode.internal_error))


def _note_death(notes_dir: str, index: int | None, reason: str) -> None:
    if index is None:
        return
    try:
        with open(death_note(notes_dir, index), "w", encoding="utf-8") as fh:
            fh.write(reason)
    except OSError:
        pass
