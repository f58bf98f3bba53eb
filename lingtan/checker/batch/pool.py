"""The pool of ``check-batch``: submissions checked in worker processes, at most ``workers`` at
a time (always a pool, even with one job, so the limits never touch the calling process).

A worker that dies (segfault, killed, watchdog) breaks the pool: the submissions that were
running are retried one by one in a fresh pool, the one that kills its worker again is reported
as failed (:data:`CRASHED`), and the rest of the batch goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from lingtan.common.pool import kill_pool, new_pool, usable_cpus

from .limits import death_note
from .records import Outcome, Submission
from .worker import check_one, init_worker

CRASHED = "检查进程异常退出"


def _new_pool(workers: int, cfg: dict[str, Any]) -> ProcessPoolExecutor:
    cfg = {**cfg, "ocr_threads": cfg.get("ocr_threads") or max(1, usable_cpus() // workers)}
    return new_pool(workers, init_worker, (cfg,))


def died(sub: Submission, notes_dir: str | Path, detail: str = "") -> Outcome:
    """The outcome of a submission whose checking process died: the watchdog's note when it left one, else ``detail``."""
    note = death_note(notes_dir, sub.index)
    reason = ""
    try:
        reason = note.read_text(encoding="utf-8")
        note.unlink()
    except OSError:
        pass
    text = f"{CRASHED}（{reason or detail or '可能是内存不足、程序崩溃或被系统终止'}），这份材料未完成检查"
    return Outcome(sub.index, sub.name, False, error=text)


def run_pool(todo: list[Submission], workers: int, cfg: dict[str, Any], notes_dir: Path,
             finish: Callable[[Outcome], None]) -> None:
    """Check ``todo`` with at most ``workers`` submissions in flight, each outcome to ``finish``;
    a broken pool is replaced."""
    queue = deque(todo)
    suspects: deque[Submission] = deque()
    while queue or suspects:
        alone = bool(suspects)
        ex = _new_pool(1 if alone else workers, cfg)
        in_flight: dict[Future, Submission] = {}
        broken = False
        try:
            while (suspects if alone else queue) or in_flight:
                source = suspects if alone else queue
                while source and len(in_flight) < (1 if alone else workers):
                    sub = source.popleft()
                    in_flight[ex.submit(check_one, (sub.index, sub.name, sub.path, sub.applicant))] = sub
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in done:
                    sub = in_flight.pop(fut)
                    try:
                        finish(fut.result())
                    except BrokenProcessPool:
                        broken = True
                        in_flight[fut] = sub  # still unaccounted for
                if broken:
                    break
        except BaseException:
            kill_pool(ex)
            raise
        if not broken:
            ex.shutdown(wait=True)
            continue
        for fut in list(in_flight):  # finished before the pool broke: keep their results
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                finish(fut.result())
                del in_flight[fut]
        kill_pool(ex)
        running = list(in_flight.values())
        noted = [s for s in running if death_note(notes_dir, s.index).exists()]
        if alone or len(running) == 1:
            for s in running:  # it killed its worker on its own
                finish(died(s, notes_dir))
        elif noted:  # the watchdog says who: the others are innocent
            for s in noted:
                finish(died(s, notes_dir))
            queue.extendleft(reversed([s for s in running if s not in noted]))
        else:  # one of them killed the pool: retry each alone
            suspects.extend(running)
