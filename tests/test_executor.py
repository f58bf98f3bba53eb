"""The one executor of every batch loop (lingtan/common/executor.py): the serial and process forms
give the same results; a task that kills its worker process is reported failed, the results
finished before are kept (not run again), and the tasks that were in flight with it complete."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from lingtan.common.executor import ProcessExecutor, SerialExecutor, WorkerDied

_STATE: dict[str, str] = {}


def _init(log_dir: str) -> None:
    _STATE["log"] = log_dir


def _task(job: tuple[str, int]) -> tuple[int, str, int]:
    """Square the number; 'slow' sleeps first, 'exit'/'kill' end the worker, 'raise' raises. Every run is logged."""
    kind, n = job
    with open(Path(_STATE["log"]) / str(n), "a", encoding="utf-8") as fh:
        fh.write("x")
    if kind == "slow":
        time.sleep(1.5)
    if kind == "exit":
        time.sleep(0.5)  # the slow one next to it is still running
        os._exit(3)
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "raise":
        raise RuntimeError(f"boom {n}")
    return n, "ok", n * n


def _failed(job: tuple[str, int], exc: BaseException) -> tuple[int, str, int]:
    return job[1], "died" if isinstance(exc, WorkerDied) else f"raised: {exc}", 0


def _run(executor, tasks) -> list[tuple[int, str, int]]:
    got: list[tuple[int, str, int]] = []
    executor.run(tasks, got.append)
    return got


def _runs(log: Path) -> dict[int, int]:
    return {int(p.name): len(p.read_text(encoding="utf-8")) for p in log.iterdir()}


def test_serial_and_process_forms_give_the_same_results(tmp_path):
    tasks = [("ok", n) for n in range(12)] + [("raise", 12)]
    serial_log, pool_log = tmp_path / "serial", tmp_path / "pool"
    serial_log.mkdir()
    pool_log.mkdir()
    serial = _run(SerialExecutor(_task, failed=_failed, initializer=_init, initargs=(str(serial_log),)), tasks)
    pool = _run(ProcessExecutor(_task, 2, failed=_failed, initializer=_init, initargs=(str(pool_log),)), tasks)
    assert serial == [*[(n, "ok", n * n) for n in range(12)], (12, "raised: boom 12", 0)]  # in order, in this process
    assert sorted(pool) == serial
    assert _runs(serial_log) == _runs(pool_log) == dict.fromkeys(range(13), 1)


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_a_task_that_kills_its_worker_fails_alone_and_the_others_finish(tmp_path, how):
    # 0-3 finish at once; 4 (slow) is in flight when 5 ends its worker; 6-9 come after
    tasks = [("ok", 0), ("ok", 1), ("ok", 2), ("ok", 3), ("slow", 4), (how, 5), ("ok", 6), ("ok", 7), ("ok", 8), ("ok", 9)]
    got = _run(ProcessExecutor(_task, 2, failed=_failed, initializer=_init, initargs=(str(tmp_path),)), tasks)
    assert sorted(got) == [*[(n, "ok", n * n) for n in range(5)], (5, "died", 0), *[(n, "ok", n * n) for n in range(6, 10)]]
    assert len(got) == len(tasks)  # every task reported once
    runs = _runs(tmp_path)
    assert all(runs[n] == 1 for n in (0, 1, 2, 3, 6, 7, 8, 9))  # finished before the crash, or after it: not run again
    if how == "exit":  # 4 was in flight with the culprit: both were retried alone; 5 killed its worker again
        assert runs[4] == 2 and runs[5] == 2


def test_a_culprit_named_at_once_fails_and_the_innocent_run_again(tmp_path):
    tasks = [("slow", 0), ("exit", 1), ("ok", 2)]
    got = _run(ProcessExecutor(_task, 2, failed=_failed, initializer=_init, initargs=(str(tmp_path),),
                               culprits=lambda running: [t for t in running if t[0] == "exit"]), tasks)
    assert sorted(got) == [(0, "ok", 0), (1, "died", 0), (2, "ok", 4)]
    runs = _runs(tmp_path)
    assert runs[1] == 1 and runs[0] == 2  # the culprit is not tried again; the slow one ran again (with the others)


def test_a_feed_of_tasks_arriving_while_it_runs_and_cancel(tmp_path):
    class Feed:
        def __init__(self) -> None:
            self.tasks = [("ok", n) for n in range(4)]
            self.stopped = False

        def next(self):
            return self.tasks.pop(0) if self.tasks else None

        def more(self) -> bool:
            return not self.stopped

        def idle(self, seconds: float) -> None:
            time.sleep(min(seconds, 0.05))

    feed = Feed()
    ex = ProcessExecutor(_task, 2, failed=_failed, initializer=_init, initargs=(str(tmp_path),), poll=0.1)
    got: list = []
    t = threading.Thread(target=ex.run, args=(feed, got.append))
    t.start()
    deadline = time.monotonic() + 30
    while len(got) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    feed.tasks.append(("ok", 4))  # arrives later: still run
    while len(got) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    feed.tasks.append(("slow", 5))
    time.sleep(0.3)
    ex.cancel()  # ends the run; the slow task in flight gets no result
    t.join(10)
    assert not t.is_alive()
    assert sorted(got) == [(n, "ok", n * n) for n in range(5)]
