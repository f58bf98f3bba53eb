"""Which figures the comparisons will look for, per document type — so that the reader OCRs a scanned report's
later pages only when a declared figure is to be compared with one of them (``checker/needs.py``, ``Needs.figures``).

OCR is lazy: a scanned document is read only as far as classification and its fields need. A GHG report whose
table is on page 3 would then never show its 类别1/类别2 (``figure_unread``). :func:`wanted_figures` says, from the
applicant's declared figures and ``evidence_specs/figures.yaml``, which figure kinds (and years) each document type
must give; :func:`missing_figures` says which of them a document's figures read so far do not give yet; the
reader then OCRs the document's next pending page and reads again (``checker/pipeline.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import load_figure_spec

if TYPE_CHECKING:
    from ..applicant import Applicant

#: document type → figure kind → the years a figure is wanted for (empty: any year)
Wanted = dict[str, dict[str, frozenset[int]]]


def wanted_figures(scheme_id: str, applicant: Applicant | None) -> Wanted:
    """The figures the comparisons of ``evidence_specs/figures.yaml`` will look for in each document type.

    A comparison wants its figure only when the applicant declares a value to compare (each year it declares;
    a ``combine: sum`` comparison only years above 0). Without declared figures (no data file, a manifest
    without them) the applicant's own forms are what it declared (``compare.py``): the figures of the
    ``combine: one`` comparisons are then wanted in any year. A recomputed metric wants its sources' figures of
    the reporting year when the data file is there and the scheme has the metric.
    """
    spec = load_figure_spec()
    declared: dict[str, dict[str, float]] = dict(applicant.declared) if applicant is not None else {}
    out: dict[str, dict[str, set[int]]] = {}

    def want(types: tuple[str, ...], kind: str, years: set[int]) -> None:
        for t in types:
            out.setdefault(t, {}).setdefault(kind, set()).update(years)

    for c in spec.comparisons:
        if not declared:
            if c.combine == "one":
                want(c.types, c.figure, set())
            continue
        years = {int(y) for y, v in (declared.get(c.declared) or {}).items() if c.combine == "one" or v > 0}
        if years:
            want(c.types, c.figure, years)
    ry = applicant.reporting_year if applicant is not None else None
    if applicant is not None and applicant.factory is not None and ry:
        from lingtan.assessment.schemes import load_scheme

        metrics = load_scheme(scheme_id).metrics
        for r in spec.recomputed:
            if r.metric in metrics:
                for s in r.from_.values():
                    want(s.types, s.figure, {ry})
    return {t: {k: frozenset(y) for k, y in kinds.items()} for t, kinds in out.items()}


def missing_figures(wanted: dict[str, frozenset[int]], figures: list[dict[str, Any]], covered: list[int]) -> list[str]:
    """The wanted figure kinds that ``figures`` (a document's, ``Figure.as_dict``) do not give yet.

    A kind wanted for years the document covers (its ``years`` field) must be there for each of them; otherwise
    one figure of the kind is enough (the comparison then matches it by its year).
    """
    out = []
    for kind, years in sorted(wanted.items()):
        got = [f for f in figures if f["kind"] == kind]
        need = years & set(covered)
        if need:
            if not need <= {f["year"] for f in got}:
                out.append(kind)
        elif not got:
            out.append(kind)
    return out
