"""Check: the submission's documents against the scheme's evidence spec and the applicant.

The checks themselves are in the registry (``checker/checks/``). This module runs them:
the submission checks first (unreadable, duplicate, unclassified, low_confidence,
untranslated); then each material of the spec is looked for among the documents that satisfy
it — by their type, or by a part of a combined document whose heading names another type —
``missing`` when its requirement applies and nothing satisfies it; each document found gets the
document checks the material lists, each ending as 符合, 问题 or 待人工核对. Documents that no
material takes but that carry an expiry date are checked for validity too: the enterprise
offers them as evidence.

A submission is complete only when it has no problem and nothing is left to verify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic.dataclasses import dataclass as record
from rapidfuzz import fuzz

from lingtan.common.i18n import _, language

from .applicant import Applicant
from .checks import CHECKS
from .checks.document import VERDICT_ZH, DocCheck, Finding, doc_label
from .checks.submission import ContentMatch, SubmissionView, by_content, content_gap, find_duplicates, present
from .doctypes import list_types, type_name
from .figures.compare import FigureView
from .model import RECORD, CheckRow, ComparisonRow, Document, ExtractedFile, Gap
from .names import mentions
from .requirements import material_years, requirement
from .specs import EvidenceSpec, Material
from .text import norm

__all__ = ["CheckResult", "MaterialResult", "check", "document_checks", "material_years", "requirement"]


@record(config=RECORD)
class MaterialResult:
    id: str
    name: str
    cite: str
    required: str  # 必需 / 不需要 / 无法判定
    status: str  # ok / missing / problem / verify / not_required / unknown
    documents: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    note: str = ""
    checks: list[CheckRow] = field(default_factory=list)  # one row per check of each document: verdict, reason, evidence


@dataclass
class CheckResult:
    complete: bool
    gaps: list[Gap]  # problems (问题)
    materials: list[MaterialResult]
    to_verify: list[Gap] = field(default_factory=list)  # 待人工核对
    comparisons: list[ComparisonRow] = field(default_factory=list)  # 申报数据与证明材料对照 (checker/figures/)


def _row(check_id: str, d: Document, f: Finding) -> CheckRow:
    c = CHECKS[check_id]
    return CheckRow(document=d.path, pages=d.pages, check=check_id, label=c.label, verdict=VERDICT_ZH[f.verdict], code=f.code,
                    reason=f.reason, evidence=f.evidence)


def _run(ctx: DocCheck, check_ids: list[str], rows: list[CheckRow] | None = None) -> list[Gap]:
    """The listed checks on one document: its gaps (problems and to-verify); every finding into ``rows``."""
    gaps = []
    for check_id in check_ids:
        finding: Finding = CHECKS[check_id].run(ctx)
        if rows is not None:
            rows.append(_row(check_id, ctx.doc, finding))
        if finding.verdict != "ok":
            gaps.append(ctx.gap(finding))
    return gaps


def document_checks(d: Document, m: Material, app: Applicant, as_of: date, text: str, years_seen: set[int] | None = None,
                    listed_elsewhere: bool = False) -> list[Gap]:
    """The checks a material lists, applied to one document that satisfies it (problems and to-verify).

    ``years_seen``: the years covered by all the documents satisfying the material — the years
    may be spread over several reports (e.g. a 2021 report and one of the reporting year); a
    document is reported only when together they still lack a year. ``listed_elsewhere``: another
    document of the same list type (名单) names the applicant — a notice and its attachment list
    may come as two documents.
    """
    ctx = DocCheck(d, m, app, as_of, text, material_years(m, app), years_seen or set(), listed_elsewhere)
    return _run(ctx, m.check_ids())


def _satisfies(d: Document, m: Material, other_for: dict[int, tuple[str, str]]) -> str | None:
    """How ``d`` satisfies ``m``: by its type, by a part whose heading names one of the material's
    types (a combined document), or — an ``other`` document — by the material's name; None if not."""
    if d.type in m.types and (d.type != "other" or other_for.get(id(d), ("", ""))[0] == m.id):
        return "type"
    part = next(((t, page, heading) for t, page, heading in d.also if t in m.types), None)
    if part:
        return _("第{page}页起“{heading}”（{type}）").format(page=part[1], heading=part[2], type=type_name(part[0], language()))
    return None


def _by_content(d: Document, m: Material, texts: dict[tuple[str, int], str]) -> tuple[str, ContentMatch] | None:
    """How ``d`` satisfies ``m`` by what it says (the material's ``satisfied_by_content``), and the match."""
    match = by_content(m.satisfied_by_content, d.type, texts.get((d.path, d.pages[0]), ""))
    if match is None:
        return None
    held = _("、").join(match.held) or _("无")
    return _("内容“{phrase}”（含{held}）").format(phrase=match.phrase, held=held), match


def _material(m: Material, found: list[tuple[Document, str]], app: Applicant, as_of: date,
              texts: dict[tuple[str, int], str], content: dict[int, ContentMatch] | None = None) -> tuple[MaterialResult, list[Gap]]:
    """One material: required or not, satisfied or missing, and the findings on its documents."""
    req, why = requirement(m, app)
    r = MaterialResult(m.id, m.name, m.cite, "必需" if req else ("无法判定" if req is None else "不需要"), "ok",
                       [doc_label(d) + ("" if how == "type" else f"：{how}") for d, how in found], list(m.types),
                       why if req is not True else "")
    if not found:
        missing: list[Gap] = present(m, req, why)
        r.status = "missing" if req else ("unknown" if req is None else "not_required")
        return r, missing
    docs = [d for d, _ in found]
    years_seen = {int(y) for d in docs for y in d.fields.get("years") or []}
    lists = list_types()
    listing = {id(d) for d in docs if d.type in lists and mentions(texts.get((d.path, d.pages[0]), ""), app.name, ocr=d.ocr)}
    years = material_years(m, app)
    gaps = [g for d in docs if (c := (content or {}).get(id(d))) and (g := content_gap(m, d, c))]
    for d in docs:
        if id(d) in (content or {}):
            continue  # a document of another type: what it says is checked, not its holder or seal as this material's
        ctx = DocCheck(d, m, app, as_of, texts.get((d.path, d.pages[0]), ""), years, years_seen,
                       listed_elsewhere=any(i != id(d) for i in listing))
        gaps += _run(ctx, m.check_ids(), r.checks)
    if any(g.verdict == "problem" for g in gaps):
        r.status = "problem"
    elif gaps:
        r.status = "verify"
    return r, gaps


def _offered(usable: list[Document], checked: set[int], app: Applicant, as_of: date, texts: dict[tuple[str, int], str]) -> list[Gap]:
    """Documents whose validity no material checks, but which carry an expiry date: the enterprise
    offers them as evidence, so an expired one is reported too."""
    gaps = []
    for d in usable:
        if id(d) in checked or not d.fields.get("expiry_date"):
            continue
        finding = CHECKS["valid"].run(DocCheck(d, None, app, as_of, texts.get((d.path, d.pages[0]), "")))
        if finding.verdict == "problem":
            finding.reason += _("（本方案的材料清单未要求该文件，但它作为证明材料提交，请更换或撤下）")
            gaps.append(DocCheck(d, None, app, as_of, "").gap(finding))
    return gaps


def check(
    docs: list[Document], files: list[ExtractedFile], spec: EvidenceSpec, app: Applicant, as_of: date, texts: dict[tuple[str, int], str]
) -> CheckResult:
    """Every finding of one submission. ``texts`` maps (path, first page) → the document's text."""
    dups = find_duplicates(files)
    usable = [d for d in docs if d.path not in dups]
    other_for = _match_other(usable, spec, texts)
    view = SubmissionView(files, spec, usable, dups, other_for)
    gaps: list[Gap] = [g for c in CHECKS.values() if c.scope == "submission" for g in c.run(view)]
    results: list[MaterialResult] = []
    validity_checked: set[int] = set()
    for m in spec.materials:
        found = [(d, how) for d in usable if (how := _satisfies(d, m, other_for))]
        content: dict[int, ContentMatch] = {}
        if not found:  # a document that speaks about the material is never "missing" (satisfied_by_content)
            for d in usable:
                if (bc := _by_content(d, m, texts)) is not None:
                    found.append((d, bc[0]))
                    content[id(d)] = bc[1]
        if "valid" in m.check_ids():
            validity_checked.update(id(d) for d, _ in found)
        r, own = _material(m, found, app, as_of, texts, content)
        results.append(r)
        gaps += own
    gaps += _offered(usable, validity_checked, app, as_of, texts)
    gaps = _dedupe(gaps)
    comparisons: list[ComparisonRow] = []
    for c in CHECKS.values():  # after _dedupe: two figures of one page (类别1 and 类别2) are two findings
        if c.scope == "figures":
            fig = c.run(FigureView(usable, app, spec.scheme, as_of, texts))
            comparisons += fig.rows
            gaps += fig.gaps
    unsure = {g.material for g in gaps if g.verdict != "problem" and g.material}
    for r in results:
        if r.status == "ok" and r.id in unsure:
            r.status = "verify"
    problems = [g for g in gaps if g.verdict == "problem"]
    to_verify = [g for g in gaps if g.verdict != "problem"]
    return CheckResult(complete=not gaps, gaps=problems, materials=results, to_verify=to_verify, comparisons=comparisons)


def _match_other(docs: list[Document], spec: EvidenceSpec, texts: dict[tuple[str, int], str]) -> dict[int, tuple[str, str]]:
    """Documents of no known type matched to materials that accept ``other``, by the material's name:
    id(document) → (material id, ``title`` when the name is in the document's first lines, else
    ``filename`` — a weak match, reported for a person to verify).

    Some materials have no document type of their own (制度文件, 节水评价报告 …); a document whose
    title or file name matches such a material's name satisfies it.
    """
    targets = {m.id: (m, _core(m.name)) for m in spec.materials if "other" in m.types}
    out: dict[int, tuple[str, str]] = {}
    for d in docs:
        if d.type != "other" or not targets:
            continue
        head = norm(texts.get((d.path, d.pages[0]), ""))[:120]
        stem = norm(d.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        best, key = max(targets.values(), key=lambda mk: fuzz.partial_ratio(mk[1], head + "|" + stem))
        if fuzz.partial_ratio(key, head + "|" + stem) >= 80:
            how = "title" if fuzz.partial_ratio(key, head) >= 80 else "filename"
            out[id(d)] = (best.id, how)
            d.evidence.append(_("按材料名称匹配“{name}”").format(name=best.name) + ("" if how == "title" else _("（仅文件名）")))
    return out


def _core(name: str) -> str:
    """A material's name for matching: without its bracketed explanation, normalised, 40 characters at most
    ("温室气体排放统计及报告制度（明确数据收集、量化、报告及归档要求）" → "温室气体排放统计及报告制度")."""
    return norm(re.sub(r"[（(][^）)]*[）)]", "", name))[:40] or norm(name)[:40]


def _dedupe(gaps: list[Gap]) -> list[Gap]:
    """One gap per (code, document, pages) — a document serving two materials is reported once."""
    out, seen = [], set()
    for g in gaps:
        key = (g.code, g.document, g.pages, g.material if g.code in ("missing", "requirement_unknown") else None,
               g.message if g.verdict != "problem" else None)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out
