"""Evidence checking: a submitted folder or zip against a scheme's required materials.

ingest (``ingest.py``) → extract (``extract.py``, ``ocr.py``, ``seal.py``) → classify
(``classify.py``, rules in ``evidence_specs/doc_types.yaml``) → fields (``fields.py``) → check
(``check.py`` running the registry of checks in ``checks/`` against the scheme's ``evidence_spec.yaml``)
→ report (``report.py``). ``pipeline.py`` chains them for one submission, ``batch/`` for many.

The command line and the web app use only the names of ``__all__`` (``tests/test_structure.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lingtan.common.face import public_face

if TYPE_CHECKING:
    from .batch import Outcome as Outcome
    from .batch import check_batch as check_batch
    from .batch import check_one as check_one
    from .batch import collect_submissions as collect_submissions
    from .batch import death_note as death_note
    from .batch import setup_worker as setup_worker
    from .batch import summary_lines as summary_lines
    from .extract import OcrPolicy as OcrPolicy
    from .ingest import open_submission as open_submission
    from .pipeline import REPORT_VERSION as REPORT_VERSION
    from .pipeline import Report as Report
    from .pipeline import check_submission as check_submission
    from .pipeline import report_version as report_version
    from .report import GAP_ZH as GAP_ZH
    from .report import to_html as to_html
    from .report import to_json as to_json
    from .report import to_table as to_table
    from .report import to_xlsx as to_xlsx

__all__, __getattr__ = public_face(__name__, __file__, globals(), also=("pdf_library",))



def pdf_library() -> Any:
    """The PyMuPDF module as the checker loads it (without its optional layout models), imported on first use;
    for other parts that draw pages of a submission (the web app's page images)."""
    from ._pymupdf import pymupdf as pymupdf

    return pymupdf
