"""What runs on a Dask worker in ``check-batch --cluster``: :func:`remote_check`, the task of one
submission, and the checking processes it hands the submission to.

A Dask worker runs its tasks in threads, where ``SIGALRM`` cannot reach them and where
``RLIMIT_AS`` or the watchdog's ``os._exit`` would hit the Dask worker itself. So the task does
not check the submission in its own thread: every thread of the Dask worker keeps one checking
process of its own (a one-process pool started with ``spawn``: the Dask worker has threads, so
``fork`` is unsafe), set up by the same :func:`~.worker.init_worker` as a local pool's workers
and running the same :func:`~.worker.check_job`. The per-file time limit, the memory limit and
the watchdog therefore work exactly as locally, and they end that checking process, never the
Dask worker: the task sees the process die, reads the watchdog's note (kept in a temporary
folder on that machine) and returns the submission as failed (检查进程异常退出（处理超时：…）);
the next task of that thread starts a fresh process.

The checking process runs in the caller's working directory when that folder exists on the
worker's machine (so that relative paths in the reports read as in a local run), else relative
paths are made absolute against it. It dies with the thread that started it (Linux:
``PR_SET_PDEATHSIG``), so a Dask worker that is killed leaves no checking process behind.

:func:`stop_batch` (run on every worker through ``Client.run``) ends the checking processes of a
batch: at its end, to give their memory (the OCR engine) back, and on Ctrl-C, to stop the
submissions still being checked. Nothing here imports Dask: the checking processes stay light.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from lingtan.common.executor import kill_pool, new_pool, usable_cpus
from lingtan.common.i18n import _

from .cache import code_fingerprint
from .pool import died
from .records import Outcome, Submission
from .worker import check_job, init_worker

CANCELLED = "批量检查已取消，这份材料未完成检查"

_LOCK = threading.Lock()
_CHILDREN: dict[int, tuple[dict[str, Any], ProcessPoolExecutor]] = {}  # thread id → (settings, its checking process)
_STOPPED: set[str] = set()  # batches stopped on this worker
_NOTES: list[tempfile.TemporaryDirectory] = []  # the watchdog's notes on this machine (one folder per process)


def host() -> str:
    return socket.gethostname()


def worker_info(root: str, applicants: str | None, cwd: str, ocr: bool) -> dict[str, Any]:
    """What the caller checks on every worker before the batch: the code, the shared folders, the OCR engine."""
    from ..ocr import preflight

    info: dict[str, Any] = {"host": host(), "code": code_fingerprint(), "missing": [], "ocr_error": None}
    for p in (root, applicants):
        if p is not None and not os.path.isdir(_on_worker(p, cwd)):
            info["missing"].append(_on_worker(p, cwd))
    if ocr:
        try:
            preflight()
        except Exception as exc:  # noqa: BLE001 - reported to the caller, who stops the batch
            info["ocr_error"] = str(exc)
    return info


def _on_worker(path: str, cwd: str) -> str:
    return path if os.path.isabs(path) else os.path.join(cwd, path)


def _notes_dir() -> str:
    with _LOCK:
        if not _NOTES:
            _NOTES.append(tempfile.TemporaryDirectory(prefix="lingtan-notes-"))
        return _NOTES[0].name


def _threads() -> int:
    """The threads of this Dask worker (the checking processes it may run at once)."""
    try:
        from distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except Exception:  # noqa: BLE001 - not inside a Dask task (tests)
        return 1


def _init_child(cfg: dict[str, Any]) -> None:
    """A new checking process: die with the thread that started it, work where the caller works, then as a local worker."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            if os.getppid() != cfg["parent_pid"]:  # the parent went before prctl took hold
                os._exit(1)
    if cfg.get("cwd_here"):
        with contextlib.suppress(OSError):
            os.chdir(cfg["cwd"])
    init_worker(cfg)


def _child(cfg: dict[str, Any], fresh: bool = False) -> ProcessPoolExecutor:
    """This thread's checking process for the batch of ``cfg`` (a new one for a new batch, or when ``fresh``)."""
    me = threading.get_ident()
    with _LOCK:
        old = _CHILDREN.get(me)
    if old is not None and old[0] == cfg and not fresh:
        return old[1]
    if old is not None:
        _drop(me)
    ctx = multiprocessing.get_context("spawn")
    with _LOCK:
        # A Dask worker started by a nanny is a daemon process, and multiprocessing refuses to let a
        # daemon have children; ours die with their thread (PR_SET_PDEATHSIG) and are ended by
        # stop_batch, which is what the rule is for.
        multiprocessing.current_process().daemon = False
        pool = new_pool(1, _init_child, ({**cfg, "parent_pid": os.getpid()},), context=ctx)
        _CHILDREN[me] = (cfg, pool)
    return pool


def _drop(thread: int) -> None:
    with _LOCK:
        entry = _CHILDREN.pop(thread, None)
    if entry is not None:
        kill_pool(entry[1])


def stop_batch(batch: str) -> int:
    """End the checking processes of ``batch`` on this worker (run through ``Client.run``); how many were ended."""
    with _LOCK:
        _STOPPED.add(batch)
        mine = [t for t, (cfg, _) in _CHILDREN.items() if cfg.get("batch") == batch]
    for t in mine:
        _drop(t)
    return len(mine)


def remote_check(job: tuple[int, str, str, str | None], cfg: dict[str, Any]) -> Outcome:
    """The task of one submission on a Dask worker: the small :class:`Outcome`, as a local worker returns it."""
    index, name, path, applicant = job
    batch = cfg["batch"]
    if batch in _STOPPED:
        return Outcome(index, name, False, error=CANCELLED)
    here = code_fingerprint()
    if here != cfg["code"]:
        return Outcome(index, name, False, error=f"工作节点 {host()} 上的 lingtan 与发起检查的机器不同（{here} ≠ {cfg['code']}）："
                                                 "请在每台机器上安装同一版本的 lingtan，并重启 dask worker")
    cwd = cfg["cwd"]
    cwd_here = os.path.isdir(cwd)
    if not os.path.exists(_on_worker(path, cwd)):
        return Outcome(index, name, False, error=f"工作节点 {host()} 上找不到 {_on_worker(path, cwd)}：集群检查要求每台机器"
                                                 "在同一路径下看到申报材料目录（共享文件夹，如 NFS 或 SMB）")
    if not cwd_here:
        path = _on_worker(path, cwd)
        applicant = _on_worker(applicant, cwd) if applicant else None
    notes = _notes_dir()
    settings = {**cfg, "cwd_here": cwd_here, "notes_dir": notes,
                "ocr_threads": cfg.get("ocr_threads") or max(1, usable_cpus() // _threads())}
    for attempt in (1, 2):
        pool = _child(settings, fresh=attempt > 1)
        try:
            fut = pool.submit(check_job, Submission(index, name, path, applicant))
        except BrokenProcessPool:  # died while idle (its thread's parent gone): start another once
            continue
        try:
            return fut.result()
        except BrokenProcessPool:
            _drop(threading.get_ident())
            if batch in _STOPPED:
                return Outcome(index, name, False, error=CANCELLED)
            return died(index, name, notes, _("可能是内存不足、程序崩溃或被系统终止；工作节点 {host}").format(host=host()))
    return Outcome(index, name, False, error=_("工作节点 {host} 无法启动检查进程").format(host=host()))
