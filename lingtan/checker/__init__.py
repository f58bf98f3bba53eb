"""Evidence checking: a submitted folder or zip against a scheme's required materials.

ingest (``ingest.py``) → extract (``extract.py``, ``ocr.py``, ``seal.py``) → classify
(``classify.py``, rules in ``evidence_specs/doc_types.yaml``) → fields (``fields.py``) → check
(``check.py`` running the registry of checks in ``checks/`` against ``evidence_specs/<scheme>.yaml``)
→ report (``report.py``). ``pipeline.py`` chains them for one submission, ``batch/`` for many.
"""

from __future__ import annotations

from typing import Any


def pdf_library() -> Any:
    """The PyMuPDF module as the checker loads it (without its optional layout models), imported on first use;
    for other parts that draw pages of a submission (the web app's page images)."""
    from ._pymupdf import pymupdf

    return pymupdf
