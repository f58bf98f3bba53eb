"""Many submissions at once: ``lingtan check-batch ROOT --scheme S --out OUT``.

Every folder or ``.zip`` directly under ROOT is one submission (hidden and system entries,
symbolic links and other files are listed as ignored). The applicant of a submission comes
from ``--applicants DIR/<name>.yaml`` (``.yml``/``.json``) when that file exists, else from the
manifest or business licence inside the submission (:func:`lingtan.checker.pipeline.check_submission`).

Work runs in a pool of worker processes, the one executor of :mod:`lingtan.common.executor`
(always processes, even with one job, so the limits below never touch the calling process). A
worker receives a :class:`Submission` (index, name, path, applicant file) and returns a small
picklable :class:`Outcome`: the summary, the gaps, and the report as JSON and
HTML text — or the error that stopped it. The parent writes ``OUT/reports/<name>.json`` and
``.html`` (atomically) as results arrive, and at the end ``OUT/检查汇总.xlsx`` (sheets 汇总 and
问题明细) and ``OUT/检查汇总.json``.

Limits, inside each worker:

* every file's extraction runs under ``signal.setitimer`` (``doc_timeout`` seconds): a file that
  takes longer becomes an ``unreadable`` file (``timeout``, 处理超时) and the check goes on.
  A watchdog thread ends the worker when a file is still busy well after that (stuck in C code,
  where Python signals cannot interrupt it); the parent reports the submission as failed.
* ``RLIMIT_AS`` (``max_memory_mb``): an allocation beyond it raises MemoryError; the file is
  reported unreadable (内存超限).
* a worker that dies (segfault, killed, watchdog) breaks the pool: the finished outcomes are
  kept, the submissions that were running are retried one by one in a fresh pool, the one that
  kills its worker again is reported as failed (检查进程异常退出), and the rest of the batch goes on
  (the executor's broken-worker policy, the same for ``generate-batch`` and the web app).

One submission outside a batch: :func:`check_one` checks it in the calling process under the
limits :func:`setup_worker` set there (the web app's workers run it: the scheme, the as-of date,
the applicant and the OCR settings are its arguments) and returns the same :class:`Outcome`.

Resumable: every finished report is cached under ``OUT/.cache/<key>.json``, the key being a
SHA-256 over the submission's files (relative paths, sizes, contents), the scheme, ``as_of``,
OCR on/off, the limits, the applicant file and the checker's version and code. A re-run skips
every submission whose key is cached and whose reports are still there.

Ctrl-C: the workers are stopped, the reports already written stay, and the summary of what is
done is written (``BatchResult.interrupted``; the command exits 130).

On several machines (``cluster="tcp://HOST:8786"``, ``check-batch --cluster``): the same task runs
on the workers of a Dask distributed cluster instead of the local pool. Every machine sees ROOT and
the applicants folder at the same path (a shared folder), a task returns the same :class:`Outcome`,
and only this process writes OUT, so everything above holds as locally; each Dask worker thread
checks in a process of its own, where the limits and the watchdog work as in a local worker
(:mod:`.cluster`, :mod:`.remote`).

The modules, one job each: :mod:`.records` (submission, outcome, result, output names),
:mod:`.inputs` (the submissions under ROOT), :mod:`.cache` (keys and cached outcomes),
:mod:`.limits` (time and memory limits, watchdog), :mod:`.worker` (one submission in a worker),
:mod:`.pool` (the local executor and who a crash is blamed on), :mod:`.progress` (stderr), :mod:`.summary` (workbook,
JSON, printed lines), :mod:`.cluster` (the Dask cluster, on the calling machine), :mod:`.remote` (the
task on a Dask worker) and :mod:`.run` (:func:`check_batch`). This package re-exports the public
names; to replace a stage (in tests), patch it where it is looked up: ``worker.run_check``,
``limits._read``, ``limits.WATCHDOG_GRACE_MIN``.
"""

from __future__ import annotations

from .cache import code_fingerprint, file_sha256, submission_key
from .inputs import APPLICANT_SUFFIXES, collect_submissions
from .limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_MEMORY_MB, MEMORY_PROBLEM, MIN_MEMORY_MB, death_note, guarded_read
from .pool import CRASHED, died
from .records import CACHE_DIR, REPORTS_DIR, SUMMARY_JSON, SUMMARY_XLSX, BatchResult, Outcome, Submission
from .run import check_batch
from .summary import DETAIL_HEAD, SUMMARY_HEAD, SUMMARY_TAIL, summary_dict, summary_lines, summary_workbook
from .worker import check_one, setup_worker

__all__ = [
    "APPLICANT_SUFFIXES", "CACHE_DIR", "CRASHED", "DEFAULT_DOC_TIMEOUT", "DEFAULT_MAX_MEMORY_MB", "DETAIL_HEAD", "MEMORY_PROBLEM",
    "MIN_MEMORY_MB", "REPORTS_DIR", "SUMMARY_HEAD", "SUMMARY_JSON", "SUMMARY_TAIL", "SUMMARY_XLSX",
    "BatchResult", "Outcome", "Submission",
    "check_batch", "check_one", "code_fingerprint", "collect_submissions", "death_note", "died", "file_sha256", "guarded_read",
    "setup_worker", "submission_key", "summary_dict", "summary_lines", "summary_workbook",
]
