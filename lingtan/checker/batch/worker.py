"""The worker: checks one submission under the limits and returns a small :class:`Outcome` —
the summary, the gaps and the report as JSON and HTML text, or the error that stopped it."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path
from typing import Any

from lingtan.common.pool import ignore_ctrl_c

from ..extract import OcrPolicy
from .limits import DocTimeout, failure_text, guarded_read, set_limits, watch
from .records import Outcome

_CONFIG: dict[str, Any] = {}


def init_worker(cfg: dict[str, Any]) -> None:
    """Set up a new worker process: the batch's settings, the limits, the OCR engine's threads."""
    ignore_ctrl_c()
    _CONFIG.clear()
    _CONFIG.update(cfg)
    set_limits(cfg["doc_timeout"], cfg["max_memory_mb"], cfg["notes_dir"])
    if cfg.get("ocr_threads"):  # share the cores between the workers instead of every engine taking all of them
        from .. import ocr as _ocr

        _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.intra_op_num_threads", cfg["ocr_threads"])
        _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.inter_op_num_threads", 1)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def run_check(path: Path, applicant: str | None) -> Any:
    """check_submission with the guarded extractor and the worker's settings."""
    from ..pipeline import check_submission

    cfg = _CONFIG
    kwargs = dict(applicant_file=Path(applicant) if applicant else None, as_of=cfg["as_of"],
                  ocr=OcrPolicy(enabled=cfg["ocr"], lazy=not cfg.get("ocr_all")))
    return check_submission(path, cfg["scheme"], read_fn=guarded_read, **kwargs)


def check_one(job: tuple[int, str, str, str | None]) -> Outcome:
    """The worker: check one submission; every error is returned, never raised."""
    from ..checks.document import VERDICT_ZH
    from ..labels import label
    from ..report import to_html, to_json

    index, name, path, applicant = job
    watch(index)
    t0 = time.perf_counter()
    try:
        r = run_check(Path(path), applicant)
        materials = {m.id: m.name for m in r.materials}
        gaps = [{
            "code": g.code, "problem": label("gap", g.code), "material": materials.get(g.material or "", g.material or ""),
            "material_id": g.material, "document": g.document, "verdict": VERDICT_ZH.get(g.verdict, g.verdict),
            "pages": f"{g.pages[0]}-{g.pages[1]}" if g.pages else "", "message": g.message,
        } for g in [*r.gaps, *r.to_verify]]
        return Outcome(
            index, name, True, complete=bool(r.complete), enterprise=r.applicant.get("name"), uscc=r.applicant.get("uscc"),
            applicant_source=r.applicant.get("source"), gaps=gaps, files=len(r.files), pages=sum(f.pages for f in r.files),
            ocr_pages=sum(f.ocr_pages for f in r.files), ocr_seconds=round(sum(f.ocr_seconds for f in r.files), 2),
            documents=len(r.documents), seconds=round(time.perf_counter() - t0, 2), peak_rss_mb=_peak_rss_mb(),
            worker_pid=os.getpid(), report_json=to_json(r), report_html=to_html(r),
        )
    except (Exception, DocTimeout) as exc:  # noqa: BLE001 - one submission's failure must not stop the batch
        error = failure_text(exc)
    return Outcome(index, name, False, error=error, seconds=round(time.perf_counter() - t0, 2), peak_rss_mb=_peak_rss_mb(),
                   worker_pid=os.getpid())
