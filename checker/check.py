"""Check: the submission's documents against the scheme's evidence spec and the applicant.

The checks themselves are in the registry (``checker/checks/``). This module runs them:
the submission checks first (unreadable, duplicate, unclassified, low_confidence,
untranslated); then each material of the spec is looked for among the documents of the types
that satisfy it — ``missing`` when its requirement applies and nothing satisfies it — and each
document found gets the document checks the material lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from .applicant import Applicant
from .checks import CHECKS
from .checks.document import DocCheck, doc_label
from .checks.submission import SubmissionView, find_duplicates, present
from .doctypes import list_types
from .model import Document, ExtractedFile, Gap
from .names import mentions
from .requirements import material_years, requirement
from .specs import EvidenceSpec, Material
from .text import norm

__all__ = ["CheckResult", "MaterialResult", "check", "document_checks", "material_years", "requirement"]


@dataclass
class MaterialResult:
    id: str
    name: str
    cite: str
    required: str  # 必需 / 不需要 / 无法判定
    status: str  # ok / missing / problem / not_required / unknown
    documents: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class CheckResult:
    complete: bool
    gaps: list[Gap]
    materials: list[MaterialResult]


def document_checks(d: Document, m: Material, app: Applicant, as_of: date, text: str, years_seen: set[int] | None = None,
                    listed_elsewhere: bool = False) -> list[Gap]:
    """The checks a material lists, applied to one document that satisfies it.

    ``years_seen``: the years covered by all the documents satisfying the material — the years
    may be spread over several reports (e.g. a 2021 report and one of the reporting year); a
    document is reported only when together they still lack a year. ``listed_elsewhere``: another
    document of the same list type (名单) names the applicant — a notice and its attachment list
    may come as two documents.
    """
    ctx = DocCheck(d, m, app, as_of, text, material_years(m, app), years_seen or set(), listed_elsewhere)
    return [g for check_id in m.check_ids() for g in CHECKS[check_id].run(ctx)]


def _material(m: Material, found: list[Document], app: Applicant, as_of: date, texts: dict[tuple[str, int], str]) -> tuple[MaterialResult, list[Gap]]:
    """One material: required or not, satisfied or missing, and the gaps of its documents."""
    req, why = requirement(m, app)
    r = MaterialResult(m.id, m.name, m.cite, "必需" if req else ("无法判定" if req is None else "不需要"), "ok",
                       [doc_label(d) for d in found], list(m.types), why if req is not True else "")
    if not found:
        if req:
            r.status = "missing"
            return r, present(m)
        r.status = "unknown" if req is None else "not_required"
        return r, []
    years_seen = {int(y) for d in found for y in d.fields.get("years") or []}
    lists = list_types()
    listing = {id(d) for d in found if d.type in lists and mentions(texts.get((d.path, d.pages[0]), ""), app.name, ocr=d.ocr)}
    gaps: list[Gap] = []
    for d in found:
        gaps += document_checks(d, m, app, as_of, texts.get((d.path, d.pages[0]), ""), years_seen,
                                listed_elsewhere=any(i != id(d) for i in listing))
    if gaps:
        r.status = "problem"
    return r, gaps


def check(
    docs: list[Document], files: list[ExtractedFile], spec: EvidenceSpec, app: Applicant, as_of: date, texts: dict[tuple[str, int], str]
) -> CheckResult:
    """Every gap of one submission. ``texts`` maps (path, first page) → the document's text."""
    dups = find_duplicates(files)
    usable = [d for d in docs if d.path not in dups]
    other_for = _match_other(usable, spec, texts)
    view = SubmissionView(files, spec, usable, dups, set(other_for))
    gaps: list[Gap] = [g for c in CHECKS.values() if c.scope == "submission" for g in c.run(view)]
    results: list[MaterialResult] = []
    for m in spec.materials:
        found = [d for d in usable if d.type in m.types and (d.type != "other" or other_for.get(id(d)) == m.id)]
        r, own = _material(m, found, app, as_of, texts)
        results.append(r)
        gaps += own
    gaps = _dedupe(gaps)
    return CheckResult(complete=not gaps, gaps=gaps, materials=results)


def _match_other(docs: list[Document], spec: EvidenceSpec, texts: dict[tuple[str, int], str]) -> dict[int, str]:
    """Documents of no known type matched to materials that accept ``other``, by the material's name.

    Some materials have no document type of their own (制度文件, 节水评价报告 …); a document whose
    title or file name matches such a material's name satisfies it.
    """
    targets = [m for m in spec.materials if "other" in m.types]
    out: dict[int, str] = {}
    for d in docs:
        if d.type != "other" or not targets:
            continue
        head = norm(texts.get((d.path, d.pages[0]), ""))[:120] + "|" + norm(d.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        best = max(targets, key=lambda m: fuzz.partial_ratio(norm(m.name)[:40], head))
        if fuzz.partial_ratio(norm(best.name)[:40], head) >= 80:
            out[id(d)] = best.id
            d.evidence.append(f"按材料名称匹配“{best.name}”")
    return out


def _dedupe(gaps: list[Gap]) -> list[Gap]:
    """One gap per (code, document, pages) — a document serving two materials is reported once."""
    out, seen = [], set()
    for g in gaps:
        key = (g.code, g.document, g.pages, g.material if g.code == "missing" else None)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out
