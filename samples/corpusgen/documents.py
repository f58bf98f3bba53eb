"""Evidence documents an applicant submits: born-digital PDFs with ground truth.

``render_document(doc_type, facts, variant=..., seed=...)`` draws one document; ``overrides``
replace ground-truth fields before drawing (to make defects: expired, another holder, wrong
years, self-verified, ``{"sealed": False}``). Renderers live in ``doc_*.py``; ``VARIANTS`` tells
how many layouts each document type has (variant numbers wrap around).

Keyword options: ``language="en"`` (management-system certificates), ``system="qms"|"ems"|
"ohsms"|"enms"`` (certificates, via the generic ``management_certificate`` too), ``year=`` (the
year a report is about; default the reporting year).
"""

from __future__ import annotations

from typing import Any

from . import doc_certs, doc_licence, doc_notices, doc_other, doc_reports  # noqa: F401  (register renderers)
from .doc_base import DOC_TYPES, VARIANTS, Ctx, EvidenceDoc, Renderer
from .facts import Facts

__all__ = ["DOC_TYPES", "VARIANTS", "EvidenceDoc", "Renderer", "render_document", "variants"]


def variants(doc_type: str) -> int:
    """How many layouts/wordings ``doc_type`` has."""
    return VARIANTS[doc_type]


def render_document(doc_type: str, facts: Facts, *, variant: int, seed: int, overrides: dict | None = None,
                    **kw: Any) -> EvidenceDoc:
    """Render one evidence document about ``facts``."""
    if doc_type not in DOC_TYPES:
        raise KeyError(f"unknown doc_type {doc_type!r}; known: {', '.join(sorted(DOC_TYPES))}")
    n = VARIANTS[doc_type]
    ctx = Ctx(doc_type=doc_type, facts=facts, variant=variant % n, seed=seed, overrides=dict(overrides or {}), kw=kw)
    return DOC_TYPES[doc_type](ctx)
