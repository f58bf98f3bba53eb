"""``check_batch``: collect the submissions, skip the cached ones, check the rest in the pool (or on
a Dask cluster, ``cluster``), write every report as it arrives and the summaries at the end."""

from __future__ import annotations

import contextlib
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from lingtan.assessment.schemes import load_scheme
from lingtan.common.atomic import write_atomic
from lingtan.common.errors import InputError, OutputError, os_reason
from lingtan.common.executor import Executor, worker_count
from lingtan.common.i18n import _
from lingtan.common.jsonout import json_text
from lingtan.common.lock import folder_lock
from lingtan.common.names import printable, utf8_text
from lingtan.common.progress import stderr_is_terminal

from ..ocr import preflight
from .cache import cache_get, cache_put, prune_cache, submission_key
from .cluster import ClusterExecutor, check_workers, connect
from .inputs import collect_submissions, workload
from .limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_MEMORY_MB, MIN_MEMORY_MB
from .pool import pool_executor
from .progress import CheckProgress
from .records import CACHE_DIR, REPORTS_DIR, SUMMARY_JSON, SUMMARY_XLSX, BatchResult, Outcome, Submission, report_paths
from .summary import summary_dict, summary_workbook

#: the lock file in OUT that keeps a second check-batch out while one runs (released when the run ends, however)
LOCK_NAME = ".lock"


def check_batch(
    root: Path,
    scheme: str,
    *,
    out: Path,
    jobs: int | None = None,
    as_of: date | None = None,
    applicants: Path | None = None,
    ocr: bool = True,
    ocr_all: bool = False,
    doc_timeout: float = DEFAULT_DOC_TIMEOUT,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    progress: bool = True,
    ocr_threads: int | None = None,
    cluster: str | None = None,
) -> BatchResult:
    """Check every submission under ROOT into OUT (reports, 检查汇总.xlsx/.json); see :mod:`lingtan.checker.batch`.

    Raises InputError when the arguments or ROOT as a whole are unusable, OUT is ROOT or inside it, or
    another run holds OUT (its ``.lock``); a submission that
    cannot be checked is in the result (``failed``). Ctrl-C: the result has ``interrupted``.
    ``ocr_threads``: threads of each worker's OCR engine (default: the cores shared out among
    the workers — one worker uses them all). ``cluster``: the address of a Dask scheduler
    (``tcp://HOST:8786``) whose workers check the submissions instead of the local pool
    (:mod:`lingtan.checker.batch.cluster`); everything else is as in a local run.
    """
    t_start = time.perf_counter()
    sch = load_scheme(scheme)  # UnknownSchemeError (exit 2) lists the schemes
    if jobs is not None and jobs < 1:
        raise InputError(_("--jobs 应为正整数，实际为 {jobs}").format(jobs=jobs))
    if jobs is not None and cluster:
        raise InputError(_("--jobs 只用于本机的进程池；使用 --cluster 时，同时检查的材料数由各工作节点决定（dask worker --nthreads N）"))
    if doc_timeout is not None and doc_timeout < 0:
        raise InputError(_("--doc-timeout 应为正数（秒；0 表示不限），实际为 {value}").format(value=doc_timeout))
    if max_memory_mb and max_memory_mb < MIN_MEMORY_MB:
        raise InputError(_("--max-memory-mb 至少为 {minimum}（OCR 引擎本身约需 1.3 GB；0 表示不限），实际为 {value}").format(
            minimum=MIN_MEMORY_MB, value=max_memory_mb))
    if applicants is not None and not Path(applicants).is_dir():
        raise InputError(_("--applicants 应为存放企业数据文件（<材料名>.yaml）的目录：{path}").format(path=applicants))
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(_("输出目录 {out} 已存在且不是目录").format(out=out))
    as_of = as_of or date.today()
    if ocr and not cluster:
        preflight()  # exit 5 before any work when the OCR engine cannot load
    subs, ignored = collect_submissions(Path(root), out, Path(applicants) if applicants else None)
    root_real, out_real = Path(root).resolve(), out.resolve()
    if out_real == root_real or root_real in out_real.parents:
        raise InputError(_("输出目录 {out} 不能是收件目录 {root} 本身，也不能放在它里面（收件目录从不修改）。请把 --out 指到收件目录以外").format(
            out=out, root=root))
    busy = _("输出目录 {out} 正被另一次 check-batch 使用（{lock}）。请等它结束，或换一个 --out").format(out=out, lock=out / LOCK_NAME)
    with connect(cluster) if cluster else contextlib.nullcontext() as client:
        if client is not None and cluster:  # exit 2 (5 for the OCR engine) before any work when the cluster cannot do it
            check_workers(client, cluster, str(root), str(applicants) if applicants else None, bool(ocr))
        with folder_lock(out / LOCK_NAME, busy):  # OUT is created only once nothing else can refuse the run
            res = _run(root, out, sch, subs, ignored, as_of, ocr=bool(ocr), ocr_all=bool(ocr_all), doc_timeout=doc_timeout,
                       max_memory_mb=max_memory_mb, jobs=jobs, progress=progress, ocr_threads=ocr_threads, client=client,
                       t_start=t_start)
    return res


def _run(root: Path, out: Path, sch: Any, subs: list[Submission], ignored: list[tuple[str, str]], as_of: date, *, ocr: bool,
         ocr_all: bool, doc_timeout: float, max_memory_mb: int, jobs: int | None, progress: bool, ocr_threads: int | None,
         client: Any, t_start: float) -> BatchResult:
    """The batch once its arguments are checked: keys, cache, the pool (or the cluster), reports, summaries."""
    settings = {"scheme": sch.id, "as_of": as_of.isoformat(), "ocr": bool(ocr), "ocr_all": bool(ocr_all),
                "doc_timeout": float(doc_timeout or 0), "max_memory_mb": int(max_memory_mb or 0)}
    subs = [Submission(s.index, s.name, s.path, s.applicant, submission_key(s, settings)) for s in subs]
    cache = out / CACHE_DIR
    try:
        (out / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
        cache.mkdir(exist_ok=True)
        notes_dir = Path(tempfile.mkdtemp(prefix="notes-", dir=cache))
    except OSError as exc:
        raise OutputError(_("无法创建输出目录 {out}：{reason}").format(out=out, reason=os_reason(exc))) from exc

    outcomes: dict[int, Outcome] = {}
    todo: list[Submission] = []
    for s in subs:
        hit = cache_get(cache, s, out)
        if hit is not None:
            outcomes[s.index] = hit
        else:
            todo.append(s)

    def finish(o: Outcome) -> None:
        sub = subs[o.index]
        j, h = report_paths(out, sub.name)
        o.error = printable(o.error) if o.error else o.error  # a name in a message: decoded, without control characters
        if o.ok:
            try:
                write_atomic(j, utf8_text(o.report_json or ""))
                write_atomic(h, utf8_text(o.report_html or ""))
                cache_put(cache, sub, o)
            except OutputError as exc:
                o = Outcome(o.index, o.name, False, error=f"报告无法写入：{exc}", seconds=o.seconds)
        else:  # stale reports of an earlier run would contradict the summary
            j.unlink(missing_ok=True)
            h.unlink(missing_ok=True)
        o.report_json = o.report_html = None  # written: do not keep them in memory
        outcomes[o.index] = o
        bar.advance(o)

    cfg = {"scheme": sch.id, "as_of": as_of, "ocr": bool(ocr), "ocr_all": bool(ocr_all), "ocr_threads": ocr_threads,
           "doc_timeout": float(doc_timeout or 0),
           "max_memory_mb": int(max_memory_mb or 0), "notes_dir": str(notes_dir)}
    workers = worker_count(jobs, len(todo))
    if workers > 1 or client is not None:  # longest first: no long submission left to finish alone at the end
        todo.sort(key=workload, reverse=True)
    interrupted = False
    bar = CheckProgress(len(todo), progress and stderr_is_terminal(), log=progress)
    executor: Executor[Submission, Outcome] = ClusterExecutor(client, cfg) if client is not None else \
        pool_executor(workers, cfg, notes_dir)
    try:
        if todo:
            if client is None:
                _preload()
            with bar:
                executor.run(todo, finish)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        for p in notes_dir.glob("*"):
            p.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            notes_dir.rmdir()
    res = BatchResult(Path(root), out, sch.id, sch.name, as_of, subs, [outcomes[i] for i in sorted(outcomes)], ignored, interrupted)
    if not interrupted:
        prune_cache(cache, {s.key for s in subs})
    res.seconds = time.perf_counter() - t_start
    res.summary_xlsx = out / SUMMARY_XLSX
    write_atomic(res.summary_xlsx, summary_workbook(res))
    res.summary_json = out / SUMMARY_JSON
    write_atomic(res.summary_json, utf8_text(json_text(summary_dict(res, settings), indent=2)))
    return res


def _preload() -> None:
    """Import the checker's stages before forking, so every worker starts with them loaded."""
    from .. import pipeline, report  # noqa: F401
