"""申报数据与证明材料对照: the figures the evidence attests, compared with the figures the applicant declares.

``read.py`` reads figures (emissions per year, MWh, tonnes, tce) with their page and text from a
document; ``spec.py`` loads the comparisons (``evidence_specs/figures.yaml``); ``compare.py`` runs them
(each row 符合 / 问题 / 待人工核对 with both values, sources and pages); ``view.py`` draws the table in
the HTML, XLSX and console reports. The registry of checks (``checker/checks/``) lists the check and
its gap codes.
"""

from __future__ import annotations

from typing import Any

from ..model import PageText
from .read import read_figures
from .spec import load_figure_spec


def figures_of(doc_type: str, pages: list[PageText], years: list[int] | None) -> list[dict[str, Any]]:
    """The figures of a document whose type a comparison reads (none for other types: no time spent)."""
    if doc_type not in load_figure_spec().types():
        return []
    return [f.as_dict() for f in read_figures([(p.number, p.text) for p in pages if p.text], years)]
