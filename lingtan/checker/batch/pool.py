"""The pool of ``check-batch``: submissions checked in worker processes by the one executor of
:mod:`lingtan.common.executor`, at most ``workers`` at a time (always processes, even with one job,
so the limits never touch the calling process).

A worker that dies (segfault, killed, watchdog) breaks the pool: the executor keeps every finished
outcome and retries the submissions that were running one by one; the one that kills its worker
again is reported as failed (:data:`CRASHED`), and the rest of the batch goes on. A submission the
watchdog left a note about is the culprit at once (:func:`culprits`): the others run again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lingtan.common.executor import ProcessExecutor, WorkerDied, usable_cpus
from lingtan.common.i18n import _

from .limits import death_note, failure_text
from .records import Outcome, Submission
from .worker import check_job, init_worker

CRASHED = "检查进程异常退出"  # the start of every such failure (in Chinese; tests look for it)


def died(index: int, name: str, notes_dir: str | Path, detail: str = "") -> Outcome:
    """The outcome of a submission whose checking process died: the watchdog's note when it left one, else ``detail``."""
    note = death_note(notes_dir, index)
    reason = ""
    try:
        reason = note.read_text(encoding="utf-8")
        note.unlink()
    except OSError:
        pass
    text = _("检查进程异常退出（{reason}），这份材料未完成检查").format(
        reason=reason or detail or _("可能是内存不足、程序崩溃或被系统终止"))
    return Outcome(index, name, False, error=text)


def culprits(notes_dir: str | Path) -> Callable[[list[Submission]], list[Submission]]:
    """Of the submissions running when a worker died, those the watchdog says it ended."""
    return lambda running: [s for s in running if death_note(notes_dir, s.index).exists()]


def pool_executor(workers: int, cfg: dict[str, Any], notes_dir: str | Path) -> ProcessExecutor[Submission, Outcome]:
    """The executor of a local batch: ``workers`` processes set up by :func:`init_worker` with ``cfg``."""
    cfg = {**cfg, "ocr_threads": cfg.get("ocr_threads") or max(1, usable_cpus() // workers)}

    def failed(sub: Submission, exc: BaseException) -> Outcome:
        if isinstance(exc, WorkerDied):
            return died(sub.index, sub.name, notes_dir)
        return Outcome(sub.index, sub.name, False, error=failure_text(exc))

    return ProcessExecutor(check_job, workers, failed=failed, initializer=init_worker, initargs=(cfg,),
                           culprits=culprits(notes_dir))


def run_pool(todo: list[Submission], workers: int, cfg: dict[str, Any], notes_dir: Path,
             finish: Callable[[Outcome], None]) -> None:
    """Check ``todo`` with at most ``workers`` submissions in flight, each outcome to ``finish``."""
    pool_executor(workers, cfg, notes_dir).run(todo, finish)
