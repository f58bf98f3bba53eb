"""``check-batch --cluster tcp://HOST:8786``: the submissions checked on a Dask distributed cluster
(``dask scheduler`` and ``dask worker`` started by the user) instead of the local pool.

How files and results travel: every machine sees ROOT and ``--applicants`` at the same path (a
shared folder: NFS, SMB …); a task is only ``(index, name, path, applicant file)`` and the batch's
settings, and it returns the same small :class:`~.records.Outcome` as a local worker. The calling
machine alone writes OUT (reports, cache, summaries), so caching, resuming, progress and the
summaries are those of a local run. What runs on a worker is :mod:`.remote`.

Before any task: the scheduler must answer within :data:`CONNECT_TIMEOUT` seconds (else
InputError, exit 2, naming the address and how to start one), at least one worker must be there
within :data:`WORKERS_TIMEOUT`, and every worker must run the same lingtan (version and code), see
ROOT and ``--applicants`` and, unless ``--no-ocr``, load the OCR engine (exit 5 otherwise).

A worker that dies is Dask's business: the task goes to another worker; one that has killed
``distributed.scheduler.allowed-failures`` workers (default 3) comes back ``KilledWorker`` and
its submission is failed (检查进程异常退出). Ctrl-C: the futures are cancelled, the checking
processes of the batch are ended on every worker (:func:`.remote.stop_batch`), and the finished
work is kept as locally.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from typing import Any

from lingtan.common.errors import InputError, MissingDependencyError, OcrEngineError
from lingtan.common.executor import bug_text
from lingtan.common.i18n import _

from .cache import code_fingerprint
from .records import Outcome, Submission
from .remote import remote_check, stop_batch, worker_info

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
WORKERS_TIMEOUT = 60.0  # seconds to wait for a first worker
STOP_TIMEOUT = 30.0  # seconds for the workers to end a batch's checking processes


def start_hint() -> str:
    """How to start a cluster, in the language of the run."""
    return _("请先在一台机器上启动调度器：dask scheduler --port 8786；再在每台检查用的机器上启动工作节点："
             "dask worker tcp://<调度器地址>:8786（每台机器都需安装同一版本的 lingtan[cluster]，并在同一路径下看到申报材料目录）。"
             "详见 README“批量检查”中的“多台机器（集群）”。")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(_("--cluster 需要 Dask distributed（{exc}）：请安装 pip install 'lingtan[cluster]'").format(exc=exc)) from exc
    return distributed


@contextlib.contextmanager
def connect(address: str) -> Iterator[Any]:
    """A Dask client of the scheduler at ``address``; InputError (exit 2) when it cannot be reached."""
    distributed = _distributed()
    if "://" not in address and ":" not in address:
        raise InputError(_("--cluster 应为 Dask 调度器的地址，如 tcp://192.168.1.10:8786，实际为 {address}").format(address=repr(address)))
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - refused, timed out, not a scheduler, a malformed address: all exit 2
        raise InputError(_("无法连接 Dask 调度器 {address}（{error}: {exc}）。{hint}").format(
            address=address, error=type(exc).__name__, exc=exc, hint=start_hint())) from exc
    try:
        yield client
    finally:
        with contextlib.suppress(Exception):  # a scheduler that went away
            client.close(timeout=STOP_TIMEOUT)


def check_workers(client: Any, address: str, root: str, applicants: str | None, ocr: bool) -> None:
    """Wait for a worker, then check every worker: the same lingtan, ROOT and --applicants visible, the OCR engine."""
    if not client.scheduler_info().get("workers"):
        print(_("等待工作节点连接到调度器 {address} …（最多 {seconds:g} 秒）").format(address=address, seconds=WORKERS_TIMEOUT),
              file=sys.stderr, flush=True)
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except (TimeoutError, OSError) as exc:
            raise InputError(_("调度器 {address} 上没有工作节点（等待了 {seconds:g} 秒）：请在每台检查用的机器上运行 "
                               "dask worker {address}").format(address=address, seconds=WORKERS_TIMEOUT)) from exc
    code = code_fingerprint()
    problems, ocr_problems = [], []
    try:  # the scheduler reads every task, and a task names lingtan's function: it needs the same lingtan
        scheduler_code = client.run_on_scheduler(code_fingerprint)
        if scheduler_code != code:
            problems.append(_("调度器 {address} 上的 lingtan 与本机不同（{theirs} ≠ {ours}）：请在调度器所在的机器上安装同一版本的 "
                              "lingtan[cluster]，并在安装后重启 dask scheduler").format(address=address, theirs=scheduler_code, ours=code))
    except Exception as exc:  # noqa: BLE001 - reported in Chinese with the fix
        problems.append(_("调度器 {address} 无法运行 lingtan（{error}: {exc}）：请在调度器所在的机器上安装同一版本的 "
                          "lingtan[cluster]，并在安装后重启 dask scheduler").format(address=address, error=type(exc).__name__, exc=exc))
    try:
        infos = client.run(worker_info, root, applicants, os.getcwd(), ocr, on_error="return")
    except Exception as exc:  # noqa: BLE001 - the cluster itself failed: say so in Chinese
        raise InputError(_("无法在集群 {address} 的工作节点上运行检查：{error}").format(address=address, error=bug_text(exc))) from exc
    for addr, info in sorted(infos.items()):
        if isinstance(info, BaseException):
            problems.append(_("工作节点 {worker} 无法运行 lingtan（{error}: {info}）：请在这台机器上安装同一版本的 "
                              "lingtan[cluster]，并在安装后重启 dask worker").format(worker=addr, error=type(info).__name__, info=info))
            continue
        who = _("工作节点 {worker}（{host}）").format(worker=addr, host=info["host"])
        if info["code"] != code:
            problems.append(_("{who} 上的 lingtan 与本机不同（{theirs} ≠ {ours}）：请在每台机器上安装同一版本的 lingtan，并重启 dask worker").format(
                who=who, theirs=info["code"], ours=code))
        for p in info["missing"]:
            problems.append(_("{who} 上找不到目录 {path}：集群检查要求每台机器在同一路径下看到申报材料目录和企业数据目录（共享文件夹，如 NFS 或 SMB）").format(
                who=who, path=p))
        if info["ocr_error"]:
            ocr_problems.append(f"{who}：{info['ocr_error']}")
    if problems:
        raise InputError(_("集群 {address} 的工作节点不能用于这次检查：").format(address=address), problems=problems)
    if ocr_problems:
        raise OcrEngineError(_("集群 {address} 的工作节点上 OCR 引擎无法加载：").format(address=address), problems=ocr_problems)


class ClusterExecutor:
    """The Dask form of the executor (:mod:`lingtan.common.executor`): ``run(tasks, done)`` checks the submissions on
    the cluster of ``client`` with the batch's settings ``cfg``, each outcome to ``done`` as it arrives."""

    def __init__(self, client: Any, cfg: dict[str, Any]) -> None:
        self.client, self.cfg = client, cfg

    def run(self, tasks: Sequence[Submission], done: Callable[[Outcome], None]) -> None:
        """Every submission checked on the cluster; Ctrl-C stops the batch on every worker."""
        run_cluster(self.client, list(tasks), self.cfg, done)


def run_cluster(client: Any, todo: list[Submission], cfg: dict[str, Any], finish: Callable[[Outcome], None]) -> None:
    """Check ``todo`` on the cluster, each outcome to ``finish`` as it arrives; Ctrl-C stops the batch on every worker."""
    distributed = _distributed()
    batch = uuid.uuid4().hex[:12]
    cfg = {**cfg, "batch": batch, "code": code_fingerprint(), "cwd": os.getcwd()}
    cfg.pop("notes_dir", None)  # the workers keep the watchdog's notes on their own machines
    futures = {client.submit(remote_check, (s.index, s.name, s.path, s.applicant), cfg, key=f"lingtan-check-{batch}-{s.index}",
                             pure=False): s for s in todo}
    try:
        for fut in distributed.as_completed(list(futures), loop=client.loop):
            finish(_outcome(fut, futures[fut]))
    except BaseException:
        client.cancel(list(futures))
        raise
    finally:
        _stop(client, batch)


def _stop(client: Any, batch: str) -> None:
    """End the batch's checking processes on every worker: their memory back at the end, the work stopped on Ctrl-C
    (waits at most :data:`STOP_TIMEOUT`: a cluster that no longer answers must not keep the command from ending)."""

    def stop() -> None:
        with contextlib.suppress(Exception):
            client.run(stop_batch, batch, on_error="ignore")

    t = threading.Thread(target=stop, name="lingtan-stop-batch", daemon=True)
    t.start()
    t.join(STOP_TIMEOUT)


def _outcome(fut: Any, sub: Submission) -> Outcome:
    """The outcome of a finished future, or the failure that ended it."""
    from distributed.scheduler import KilledWorker

    try:
        return fut.result()
    except KilledWorker:
        text = _("检查进程异常退出（检查这份材料的 Dask 工作节点先后多次退出，可能是内存不足、程序崩溃或被系统终止），这份材料未完成检查")
    except Exception as exc:  # noqa: BLE001 - the cluster's failure is this submission's failure; the batch goes on
        lost = _("与 Dask 调度器的连接中断（调度器已停止或网络故障），这份材料未完成检查；重新运行同一命令可继续")
        text = lost if isinstance(exc, CancelledError) else _("集群执行出错：{bug}").format(bug=bug_text(exc))
    return Outcome(sub.index, sub.name, False, error=text)
