"""申报数据与证明材料对照: the figures the evidence attests, compared with the figures the applicant declares.

``read.py`` reads figures (emissions per year, MWh, tonnes, tce) with their page and text from a
document, ``footprint.py`` a footprint report's product, functional unit and kgCO2e per unit; ``spec.py``
loads the comparisons (``evidence_specs/figures.yaml``); ``compare.py`` runs them (each row 符合 / 问题 /
待人工核对 with both values, sources and pages; shown figures 仅供参考); ``view.py`` draws the table in
the HTML, XLSX and console reports. The registry of checks (``checker/checks/``) lists the check and
its gap codes.
"""

from __future__ import annotations

from typing import Any

from ..model import PageText
from .footprint import read_footprints
from .read import read_figures
from .spec import load_figure_spec


def figures_of(doc_type: str, pages: list[PageText], years: list[int] | None) -> list[dict[str, Any]]:
    """The figures of a document whose type a comparison reads (none for other types: no time spent)."""
    spec = load_figure_spec()
    if doc_type not in spec.types():
        return []
    texts = [(p.number, p.text) for p in pages if p.text]
    found = read_footprints(texts, years) if doc_type in spec.shown_types("footprint") else []
    if doc_type in spec.types() - spec.shown_types("footprint"):
        found += read_figures(texts, years)
    return [f.as_dict() for f in found]
