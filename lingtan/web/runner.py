"""The background checks: a dispatcher thread hands queued runs to a bounded pool of worker
processes and records each result in the database as it arrives.

The request that queues a run returns at once; the page polls the run's state. At most
``workers`` checks run at a time (each worker under the batch's per-file time limit and memory
limit), so many uploads queue and none is lost: a queued run is a row in the database, so it
survives a restart too. At start (:meth:`Runner.recover`) runs left ``running`` by a server that
stopped are queued again, or failed with a clear message once they have been tried
:data:`MAX_ATTEMPTS` times. Finished runs are committed before anything else happens to them.

The pool is the one executor of :mod:`lingtan.common.executor` (its queue is the database's, a
:class:`~lingtan.common.executor.Feed`), each worker set up like a ``check-batch`` worker and
running the checker's own :func:`lingtan.checker.batch.check_one`. A worker that dies is handled as
in every batch: the finished runs are kept, the runs that were in flight are checked again one at a
time, and the one that kills its worker again fails (:func:`crashed_text`); the others complete.

Workers are spawned, not forked: the server has threads (the event loop's, this dispatcher's),
and a forked child would inherit their locks.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lingtan.common import ProcessExecutor, WorkerDied, _, bug_text

from .db import Enterprise, Finding, Run, now
from .worker import check_run, init_worker

if TYPE_CHECKING:
    from lingtan.checker import Outcome

log = logging.getLogger("lingtan.web")

MAX_ATTEMPTS = 2
RESTART_FAILED = f"服务器在检查这份材料时停止，已尝试 {MAX_ATTEMPTS} 次仍未完成；可点击“重新检查”再试"
RESTARTED = "服务器重启时这份材料尚未检查完，已重新排队"
VERDICT_ZH = {"problem": "问题", "verify": "待人工核对"}


def finding_key(code: str, material: str | None, document: str | None) -> str:
    """What makes two runs' findings the same finding (for what changed since the last run)."""
    return f"{code}|{material or ''}|{document or ''}"


def store_report(s: Session, run: Run, report_json: str) -> None:
    """The report's findings, counts and enterprise on ``run`` (in ``s``; the caller commits)."""
    from lingtan.checker import GAP_ZH, Report

    rep = Report.from_json(report_json)
    run.report_json = report_json
    run.complete = bool(rep.complete)
    run.problems = len(rep.gaps)
    run.to_verify = len(rep.to_verify)
    for g in [*rep.gaps, *rep.to_verify]:
        pages = g.pages or (None, None)
        run.findings.append(Finding(
            key=finding_key(g.code, g.material, g.document), code=g.code, label=GAP_ZH.get(g.code, g.code),
            verdict=VERDICT_ZH.get(g.verdict, "问题"), material=g.material, document=g.document,
            first_page=pages[0], last_page=pages[1], message=g.message, evidence=g.evidence or "",
        ))
    app = rep.applicant
    sub = run.submission
    if app.get("name") and sub.enterprise_id is None:
        q = select(Enterprise).where(Enterprise.uscc == app["uscc"]) if app.get("uscc") else select(Enterprise).where(Enterprise.name == app["name"])
        ent = s.scalars(q).first()
        if ent is None:
            ent = Enterprise(name=app["name"], uscc=app.get("uscc"))
            s.add(ent)
            s.flush()
        sub.enterprise_id = ent.id


def crashed_text(reason: str = "") -> str:
    """Why a run failed whose worker died (the watchdog's ``reason`` when it left one), with what to do."""
    if not reason:
        return _("检查进程异常退出（可能是内存不足、程序崩溃或被系统终止），这份材料未完成检查；可点击“重新检查”再试")
    return _("检查进程异常退出（{reason}），这份材料未完成检查；可点击“重新检查”再试").format(reason=reason)


class _Queue:
    """The database's queue as the executor's feed: the next queued run, until the server stops."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def next(self) -> dict[str, Any] | None:
        try:
            return self.runner._claim()
        except Exception:  # noqa: BLE001 - the dispatcher must outlive any one failure (the database busy …)
            log.exception("lingtan runner: claiming a run")
            return None

    def more(self) -> bool:
        return not self.runner._stop.is_set()

    def idle(self, seconds: float) -> None:
        self.runner._wake.wait(seconds)
        self.runner._wake.clear()


class Runner:
    """The dispatcher: queued runs → the pool → results in the database."""

    def __init__(self, sessions: sessionmaker, data_dir: Path, *, workers: int = 2, doc_timeout: float = 120.0,
                 max_memory_mb: int = 3072) -> None:
        self.sessions = sessions
        self.workers = max(1, workers)
        self.progress_dir = Path(data_dir) / "progress"
        self.notes_dir = Path(data_dir) / "notes"
        self.doc_timeout = doc_timeout
        self.max_memory_mb = max_memory_mb
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._executor: ProcessExecutor[dict[str, Any], Outcome] | None = None

    # -- life cycle --------------------------------------------------------------------------

    def recover(self) -> None:
        """Runs a stopped server left running: queued again, or failed after :data:`MAX_ATTEMPTS`."""
        with self.sessions() as s:
            for run in s.scalars(select(Run).where(Run.status == "new")):  # an upload the server stopped in
                run.status, run.error, run.finished = "failed", "服务器在接收这份材料时停止，请重新上传", now()
            for run in s.scalars(select(Run).where(Run.status == "running")):
                if run.attempts >= MAX_ATTEMPTS:
                    run.status, run.error, run.finished = "failed", RESTART_FAILED, now()
                else:
                    run.status, run.error, run.progress = "queued", RESTARTED, 0
            s.commit()

    def start(self) -> None:
        self.progress_dir.mkdir(parents=True, exist_ok=True)
        self.notes_dir.mkdir(parents=True, exist_ok=True)
        self.recover()
        self._thread = threading.Thread(target=self._loop, name="lingtan-runner", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """A run was queued."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._executor is not None:
            self._executor.cancel()  # the workers are stopped; runs left running are recovered at the next start
        if self._thread is not None:
            self._thread.join(timeout=10)

    # -- the loop ----------------------------------------------------------------------------

    def _new_executor(self) -> ProcessExecutor[dict[str, Any], Outcome]:
        threads = max(1, (os.cpu_count() or 1) // self.workers)
        return ProcessExecutor(check_run, self.workers, failed=self._failed, initializer=init_worker,
                               initargs=(self.doc_timeout, self.max_memory_mb, str(self.notes_dir), threads),
                               context=multiprocessing.get_context("spawn"), culprits=self._noted, tick=self._progress, poll=0.5)

    def _claim(self) -> dict[str, Any] | None:
        with self.sessions() as s:
            run = s.scalars(select(Run).where(Run.status == "queued").order_by(Run.id).limit(1)).first()
            if run is None:
                return None
            run.status, run.started, run.attempts, run.progress = "running", now(), run.attempts + 1, 0
            job = {"run_id": run.id, "path": run.path, "scheme": run.submission.scheme, "as_of": run.as_of, "ocr": run.ocr,
                   "progress_file": str(self.progress_dir / str(run.id))}
            s.commit()
            return job

    def _noted(self, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Of the runs in flight when a worker died, those the watchdog says it ended."""
        from lingtan.checker import death_note

        return [j for j in jobs if death_note(self.notes_dir, j["run_id"]).exists()]

    def _failed(self, job: dict[str, Any], exc: BaseException) -> Outcome:
        """The outcome of a run whose worker died (the watchdog's note, when it left one) or whose task raised."""
        from lingtan.checker import Outcome, death_note

        if not isinstance(exc, WorkerDied):
            return Outcome(job["run_id"], "", False, error=_("检查程序内部错误：{bug}").format(bug=bug_text(exc)))
        note, reason = death_note(self.notes_dir, job["run_id"]), ""
        try:
            reason = note.read_text(encoding="utf-8")
            note.unlink()
        except OSError:
            pass
        return Outcome(job["run_id"], "", False, error=crashed_text(reason))

    def _finish(self, o: Outcome) -> None:
        """A run's outcome into the database (committed before anything else happens to it)."""
        run_id = o.index
        try:
            with self.sessions() as s:
                run = s.get(Run, run_id)
                if run is None:
                    return
                run.finished, run.seconds = now(), o.seconds
                try:
                    if o.ok:
                        store_report(s, run, o.report_json or "")
                        run.status, run.error = "done", None
                    else:
                        run.status, run.error = "failed", o.error or crashed_text()
                    s.commit()
                except Exception as exc:  # noqa: BLE001 - a bad report fails its run, not the dispatcher
                    s.rollback()
                    run = s.get(Run, run_id)
                    if run is not None:
                        run.status, run.error, run.finished = "failed", _("检查结果无法保存：{bug}").format(bug=bug_text(exc)), now()
                        s.commit()
        except Exception:  # noqa: BLE001 - the dispatcher must outlive any one failure (the database busy …)
            log.exception("lingtan runner: recording run %s", run_id)
        (self.progress_dir / str(run_id)).unlink(missing_ok=True)

    def _progress(self, jobs: list[dict[str, Any]]) -> None:
        try:
            with self.sessions() as s:
                changed = False
                for job in jobs:
                    rid = job["run_id"]
                    try:
                        n = int((self.progress_dir / str(rid)).read_text(encoding="utf-8"))
                    except (OSError, ValueError):
                        continue
                    run = s.get(Run, rid)
                    if run is not None and run.progress != n:
                        run.progress, changed = n, True
                if changed:
                    s.commit()
        except Exception:  # noqa: BLE001 - progress is only shown; the checks go on
            log.exception("lingtan runner: progress")

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._executor = self._new_executor()
            if self._stop.is_set():  # stop() came before the executor existed
                return
            try:
                self._executor.run(_Queue(self), self._finish)
            except Exception:  # noqa: BLE001 - the dispatcher must outlive any one failure
                log.exception("lingtan runner")
                self._stop.wait(1.0)
