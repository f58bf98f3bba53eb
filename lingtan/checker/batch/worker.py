"""The checker's worker entry points: :func:`check_one` checks one submission in this process under
the limits set by :func:`setup_worker` and returns a small :class:`Outcome` — the summary, the gaps
and the report as JSON (and HTML) text, or the error that stopped it. ``check-batch``'s pool runs
:func:`check_job` (set up by :func:`init_worker`); the web app's pool runs :func:`check_one` itself."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..extract import OcrPolicy
from .limits import DocTimeout, failure_text, guarded_read, set_limits, watch
from .records import Outcome, Submission

_CONFIG: dict[str, Any] = {}  # the batch's settings in a check-batch worker (init_worker)
_CURRENT: dict[str, Any] = {}  # the settings of the check in progress (one at a time in a process)


def setup_worker(doc_timeout: float, max_memory_mb: int, notes_dir: str, ocr_threads: int | None = None) -> None:
    """Set up this process to check submissions: every file's time limit (0: none), the process's memory limit
    (0: none), the watchdog's notes folder, and the threads of the OCR engine (None: the engine's default)."""
    set_limits(doc_timeout, max_memory_mb, notes_dir)
    if ocr_threads:  # share the cores between the workers instead of every engine taking all of them
        from .. import ocr as _ocr

        _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.intra_op_num_threads", ocr_threads)
        _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.inter_op_num_threads", 1)


def init_worker(cfg: dict[str, Any]) -> None:
    """Set up a new check-batch worker: the batch's settings, the limits, the OCR engine's threads."""
    _CONFIG.clear()
    _CONFIG.update(cfg)
    setup_worker(cfg["doc_timeout"], cfg["max_memory_mb"], cfg["notes_dir"], cfg.get("ocr_threads"))


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def run_check(path: Path, applicant: str | None) -> Any:
    """check_submission with the guarded extractor and the settings of the check in progress."""
    from ..pipeline import check_submission

    cfg = _CURRENT
    on_file: Callable[[], object] | None = cfg.get("on_file")

    def read(src: Any, ocr: Any, needs: Any) -> Any:
        out = guarded_read(src, ocr, needs)
        if on_file is not None:
            on_file()
        return out

    kwargs = dict(applicant_file=Path(applicant) if applicant else None, as_of=cfg["as_of"],
                  ocr=OcrPolicy(enabled=cfg["ocr"], lazy=not cfg.get("ocr_all")))
    return check_submission(path, cfg["scheme"], read_fn=read if on_file is not None else guarded_read, **kwargs)


def check_one(path: str | Path, scheme: str, *, as_of: date, applicant: str | Path | None = None, ocr: bool = True,
              ocr_all: bool = False, index: int = 0, name: str = "", on_file: Callable[[], object] | None = None,
              html: bool = True) -> Outcome:
    """Check one submission in this process (set up by :func:`setup_worker`) under the scheme ``scheme`` on ``as_of``:
    the applicant's data file ``applicant`` (else the manifest or licence), OCR on or off and, with ``ocr_all``, every
    page read whole. ``index`` names the check in the watchdog's note, ``on_file`` is called after every file read,
    ``html`` adds the HTML report. Every error is returned in the :class:`Outcome`, never raised."""
    from ..checks.document import VERDICT_ZH
    from ..labels import label
    from ..report import to_html, to_json

    watch(index)
    _CURRENT.clear()
    _CURRENT.update(scheme=scheme, as_of=as_of, ocr=bool(ocr), ocr_all=bool(ocr_all), on_file=on_file)
    t0 = time.perf_counter()
    try:
        r = run_check(Path(path), str(applicant) if applicant else None)
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
            worker_pid=os.getpid(), report_json=to_json(r), report_html=to_html(r) if html else None,
        )
    except (Exception, DocTimeout) as exc:  # noqa: BLE001 - one submission's failure must not stop the batch
        error = failure_text(exc)
    finally:
        _CURRENT.clear()
    return Outcome(index, name, False, error=error, seconds=round(time.perf_counter() - t0, 2), peak_rss_mb=_peak_rss_mb(),
                   worker_pid=os.getpid())


def check_job(sub: Submission) -> Outcome:
    """The task of check-batch's pool: :func:`check_one` of ``sub`` with the batch's settings (:func:`init_worker`)."""
    cfg = _CONFIG
    return check_one(sub.path, cfg["scheme"], as_of=cfg["as_of"], applicant=sub.applicant, ocr=cfg["ocr"],
                     ocr_all=bool(cfg.get("ocr_all")), index=sub.index, name=sub.name)
