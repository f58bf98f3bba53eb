"""One check in a worker process of the web app's pool: the checker's pipeline under the batch's
per-file time and memory limits (:mod:`lingtan.checker.batch.limits`), with the count of files read
written to a progress file the server shows. Every error is returned, never raised."""

from __future__ import annotations

import contextlib
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from lingtan.common.pool import ignore_ctrl_c

_STATE: dict[str, Any] = {}


def init_worker(doc_timeout: float, max_memory_mb: int, notes_dir: str, ocr_threads: int) -> None:
    """Set up a new worker: Ctrl-C left to the server, the limits, the OCR engine's threads."""
    from lingtan.checker import ocr as _ocr
    from lingtan.checker.batch.limits import set_limits

    ignore_ctrl_c()
    set_limits(doc_timeout, max_memory_mb, notes_dir)
    _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.intra_op_num_threads", ocr_threads)
    _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.inter_op_num_threads", 1)


def _progress_read(src: Any, ocr: Any, needs: Any) -> Any:
    from lingtan.checker.batch.limits import guarded_read

    out = guarded_read(src, ocr, needs)
    _STATE["done"] = _STATE.get("done", 0) + 1
    with contextlib.suppress(OSError):
        tmp = Path(_STATE["progress"] + ".tmp")
        tmp.write_text(str(_STATE["done"]), encoding="utf-8")
        os.replace(tmp, _STATE["progress"])
    return out


def check_run(job: dict[str, Any]) -> dict[str, Any]:
    """Check ``job['path']`` under ``job['scheme']``; the report as JSON, or the error in Chinese."""
    from lingtan.checker.batch.limits import DocTimeout, failure_text, watch
    from lingtan.checker.extract import OcrPolicy
    from lingtan.checker.pipeline import check_submission
    from lingtan.checker.report import to_json

    watch(job["run_id"])
    _STATE.update(done=0, progress=job["progress_file"])
    t0 = time.perf_counter()
    try:
        r = check_submission(Path(job["path"]), job["scheme"], as_of=date.fromisoformat(job["as_of"]),
                             ocr=OcrPolicy(enabled=job["ocr"], lazy=True), read_fn=_progress_read)
        return {"ok": True, "report_json": to_json(r), "seconds": round(time.perf_counter() - t0, 2)}
    except (Exception, DocTimeout) as exc:  # noqa: BLE001 - one submission's failure must not stop the server's pool
        error = failure_text(exc)
    return {"ok": False, "error": error, "seconds": round(time.perf_counter() - t0, 2)}
