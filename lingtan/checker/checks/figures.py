"""The figures check: the applicant's declared figures against the evidence's (``checker/figures/``).

Runs on every submission (scope ``figures``); its rows make the report's 申报数据与证明材料对照 table,
its problems and to-verify items join the others."""

from __future__ import annotations

from ..figures.compare import FigureResult, FigureView, compare_all


def consistent(v: FigureView) -> FigureResult:
    """Each comparison of ``evidence_specs/figures.yaml``, and report dates and addresses."""
    return compare_all(v)
