"""One check in a worker process of the web app's pool: the checker's own batch worker
(:func:`lingtan.checker.batch.check_one`, under the limits :func:`lingtan.checker.batch.setup_worker`
sets), with the count of files read written to a progress file the server shows."""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lingtan.checker import Outcome


class _Counter:
    """Counts the files read into ``path`` (written atomically: the server reads it while it changes)."""

    def __init__(self, path: str) -> None:
        self.path, self.done = Path(path), 0

    def __call__(self) -> None:
        self.done += 1
        with contextlib.suppress(OSError):
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(str(self.done), encoding="utf-8")
            os.replace(tmp, self.path)


def init_worker(doc_timeout: float, max_memory_mb: int, notes_dir: str, ocr_threads: int) -> None:
    """Set up a new worker as a check-batch worker: the limits, the watchdog's notes, the OCR engine's threads."""
    from lingtan.checker import setup_worker

    setup_worker(doc_timeout, max_memory_mb, notes_dir, ocr_threads)


def check_run(job: dict[str, Any]) -> Outcome:
    """Check ``job['path']`` under ``job['scheme']``: the outcome with the report as JSON, or the error in Chinese."""
    from lingtan.checker import check_one

    return check_one(job["path"], job["scheme"], as_of=date.fromisoformat(job["as_of"]), ocr=bool(job["ocr"]),
                     index=job["run_id"], on_file=_Counter(job["progress_file"]), html=False)
