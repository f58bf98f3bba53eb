"""Check: the submission's documents against the scheme's evidence spec and the applicant.

File-level gaps (unreadable, duplicate, unclassified, low_confidence,
untranslated) come first; then each material of the spec is looked for among
the documents of the types that satisfy it — ``missing`` when its requirement
applies and nothing satisfies it — and each document found gets the checks
the material lists (name, uscc, valid, years, third_party, sealed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lingtan.assessment.engine.expr import ExprSyntaxError, evaluate

from .applicant import OCR_SLIPS, SIGNATURE_SLIPS, Applicant, claimed, company_key, mentions, near_occurrence, same_company
from .doctypes import DOC_TYPES
from .model import UNREADABLE_REASONS, Document, ExtractedFile, Gap
from .specs import EvidenceSpec, Material

LIST_TYPES = {"green_factory_notice", "smart_factory_notice", "green_design_notice"}  # 发文 listing many enterprises
LOW_CONFIDENCE = 0.45
FACT_NAMES = ("offsets_used", "green_certificates_used", "green_electricity_used", "energy_efficiency_applicable", "new_projects")


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


def _when_env(app: Applicant) -> dict[str, Any]:
    return {
        "claimed": lambda item: claimed(app, item),
        "level": app.level,
        "reporting_year": app.reporting_year,
        "has": lambda coll, key: bool(coll) and key in coll,
        "honour": lambda key: key in app.honours,
        "certified": lambda system: system in app.certified,
        "True": True, "False": False, "None": None,
        **{k: False for k in FACT_NAMES},
        **{k: bool(v) for k, v in app.facts.items()},
    }


def requirement(m: Material, app: Applicant) -> tuple[bool | None, str]:
    """Whether a material is required for this applicant (None: cannot tell), and why."""
    if m.required == "always":
        return True, "必需"
    if m.required == "optional":
        return False, "如适用"
    if not app.claims_known and "claimed" in (m.when or ""):
        return None, f"无法判定（{m.when_text or m.when}；未提供企业数据，无法知道是否申报该项）"
    try:
        return bool(evaluate(m.when or "False", _when_env(app))), m.when_text or m.when or ""
    except (ExprSyntaxError, TypeError, ValueError, KeyError) as exc:
        return None, f"无法判定（{m.when}：{exc}）"


def material_years(m: Material, app: Applicant) -> list[int] | None:
    """The years a material's ``years`` check asks documents to cover (None: no such check, or no reporting year)."""
    arg = m.check_arg("years")
    if arg is None or app.reporting_year is None:
        return None
    try:
        v = evaluate(arg, {"reporting_year": app.reporting_year, "level": app.level})
    except (ExprSyntaxError, TypeError, ValueError) as exc:
        raise ValueError(f"证明材料 {m.id} 的 years 表达式有误：{exc}") from exc
    return sorted({int(y) for y in (v if isinstance(v, (list, tuple)) else [v])})


def _gap(code: str, d: Document | None, message: str, material: Material | None = None, evidence: str = "") -> Gap:
    return Gap(
        code=code, material=material.id if material else None, types=list(material.types) if material else [],
        document=d.path if d else None, pages=d.pages if d else None, message=message, evidence=evidence,
    )


def _slips(f: dict, name: str) -> int:
    """Misread characters tolerated in an OCRed holder: more for a signature under a seal."""
    if f.get("holder_source") == "署名" and len(company_key(name)) >= 9:
        return SIGNATURE_SLIPS
    return OCR_SLIPS


def _flat(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).replace("(", "（").replace(")", "）")


def _doc_label(d: Document) -> str:
    pages = f"第{d.pages[0]}页" if d.pages[0] == d.pages[1] else f"第{d.pages[0]}–{d.pages[1]}页"
    return f"{d.path}（{pages}，{DOC_TYPES.get(d.type, d.type)}）"


def document_checks(d: Document, m: Material, app: Applicant, as_of: date, text: str, years_seen: set[int] | None = None,
                    listed_elsewhere: bool = False) -> list[Gap]:
    """The checks a material lists, applied to one document that satisfies it.

    ``years_seen``: the years covered by all the documents satisfying the material — the years
    may be spread over several reports (e.g. a 2021 report and one of the reporting year); a
    document is reported only when together they still lack a year. ``listed_elsewhere``: another
    document of the same list type (名单) names the applicant — a notice and its attachment list
    may come as two documents.
    """
    gaps: list[Gap] = []
    f = d.fields
    label = _doc_label(d)
    for check in m.check_ids():
        if check == "name":
            if d.language == "en":
                continue  # a foreign-language document names the holder in that language: the untranslated gap covers it
            if d.type in LIST_TYPES:
                if not mentions(text, app.name, ocr=d.ocr) and not listed_elsewhere:
                    gaps.append(_gap("name_mismatch", d, f"{label}：名单中没有申报企业“{app.name}”", m))
            elif f.get("holder") and not same_company(f["holder"], app.name, ocr=d.ocr, slips=_slips(f, app.name)) and not (
                app.uscc and app.uscc in f.get("uscc_all", []) and mentions(text, app.name, ocr=d.ocr)
            ) and not (d.ocr and mentions(text, app.name)):  # OCR misread the holder, the name is there elsewhere
                gaps.append(_gap("name_mismatch", d, f"{label}：文件所属单位为“{f['holder']}”，与申报企业“{app.name}”不一致", m,
                                 d.field_evidence.get("holder", "")))
            elif not f.get("holder") and not mentions(text, app.name, ocr=d.ocr):
                gaps.append(_gap("name_mismatch", d, f"{label}：文件中未找到申报企业名称“{app.name}”", m))
            elif d.ocr and not (same_company(f.get("holder"), app.name) or mentions(text, app.name)):
                read = f.get("holder") or near_occurrence(_flat(text), company_key(app.name)) or ""
                note = f"单位名称按 OCR 容错认定为申报企业：识别为“{read}”（可能被印章遮挡），请人工核对"
                if note not in d.evidence:
                    d.evidence.append(note)
        elif check == "uscc":
            codes = f.get("uscc_all") or []
            if codes and not (app.uscc and app.uscc in codes):
                if not f.get("uscc_valid", True):
                    gaps.append(_gap("uscc_invalid", d, f"{label}：统一社会信用代码“{f['uscc']}”校验位错误（GB 32100-2015），请核对", m,
                                     d.field_evidence.get("uscc", "")))
                elif app.uscc:
                    gaps.append(_gap("uscc_mismatch", d, f"{label}：统一社会信用代码“{f['uscc']}”与申报企业的“{app.uscc}”不一致", m,
                                     d.field_evidence.get("uscc", "")))
        elif check == "valid":
            exp = f.get("expiry_date")
            if exp and exp != "长期" and date.fromisoformat(exp) < as_of:
                gaps.append(_gap("expired", d, f"{label}：有效期至 {exp}，在评价基准日 {as_of.isoformat()} 已过期，请提供有效期内的文件", m,
                                 d.field_evidence.get("expiry_date", "")))
        elif check == "years":
            need = material_years(m, app)
            if need:
                have = set(f.get("years") or [])
                together = have | (years_seen or set())
                lacking = [y for y in need if y not in together]
                if lacking:
                    shown = "、".join(str(y) for y in sorted(have)) or "未识别到年度"
                    gaps.append(_gap("years_not_covered", d, f"{label}：应覆盖 {'、'.join(map(str, need))} 年，文件覆盖 {shown}，缺 {'、'.join(map(str, lacking))} 年", m))
        elif check == "third_party":
            if f.get("issuer") and same_company(f["issuer"], app.name):
                gaps.append(_gap("not_third_party", d, f"{label}：出具单位“{f['issuer']}”即申报企业本身，应由第三方机构出具", m,
                                 d.field_evidence.get("issuer", "")))
        elif check == "sealed":
            if d.red_seal is False:
                gaps.append(_gap("unsealed", d, f"{label}：未见红色公章，应加盖申报企业公章", m))
    return gaps


def check(
    docs: list[Document], files: list[ExtractedFile], spec: EvidenceSpec, app: Applicant, as_of: date, texts: dict[tuple[str, int], str]
) -> CheckResult:
    """Every gap of one submission. ``texts`` maps (path, first page) → the document's text."""
    gaps: list[Gap] = []
    by_hash: dict[str, list[str]] = {}
    for ex in files:
        if ex.problem:
            reason = UNREADABLE_REASONS.get(ex.problem, ex.problem)
            gaps.append(Gap("unreadable", None, [], ex.source.display, None,
                            f"{ex.source.display}：{reason}{('（' + ex.problem_detail + '）') if ex.problem_detail else ''}，请重新提供可打开的文件"))
            continue
        by_hash.setdefault(ex.sha256, []).append(ex.source.display)
    duplicates: set[str] = set()
    for paths in by_hash.values():
        if len(paths) > 1:
            original = min(paths, key=_copy_rank)
            for p in paths:
                if p != original:
                    duplicates.add(p)
                    gaps.append(Gap("duplicate", None, [], p, None, f"{p} 与 {original} 内容完全相同（重复提交）"))
    usable = [d for d in docs if d.path not in duplicates]
    other_for = _match_other(usable, spec, texts)
    for d in usable:
        if d.type == "other" and id(d) in other_for:
            continue
        if d.type == "other":
            gaps.append(_gap("unclassified", d, f"{d.path}（第{d.pages[0]}–{d.pages[1]}页）：无法识别文件类型，请核对是否为所需材料", evidence="；".join(d.evidence)))
        elif d.confidence < LOW_CONFIDENCE:
            gaps.append(_gap("low_confidence", d, f"{_doc_label(d)}：文件类型识别把握不大（{d.confidence:.2f}），请人工核对", evidence="；".join(d.evidence)))
    # foreign-language material without a Chinese version of the same type
    for d in usable:
        if d.language == "en" and not any(o.type == d.type and o.language == "zh" for o in usable):
            rule = spec.translation_rule
            msg = f"{_doc_label(d)}：外文材料未附中文翻译件" + (f"（{rule.text}，{rule.cite}）" if rule else "")
            gaps.append(_gap("untranslated", d, msg))
    results: list[MaterialResult] = []
    for m in spec.materials:
        req, why = requirement(m, app)
        found = [d for d in usable if d.type in m.types and (d.type != "other" or other_for.get(id(d)) == m.id)]
        r = MaterialResult(m.id, m.name, m.cite, "必需" if req else ("无法判定" if req is None else "不需要"), "ok",
                           [_doc_label(d) for d in found], list(m.types), why if req is not True else "")
        if not found:
            if req:
                r.status = "missing"
                names = "、".join(DOC_TYPES[t] for t in m.types)
                gaps.append(Gap("missing", m.id, list(m.types), None, None, f"缺少“{m.name}”（{m.cite}）：应提供{names}"))
            else:
                r.status = "unknown" if req is None else "not_required"
            results.append(r)
            continue
        own = []
        years_seen = {int(y) for d in found for y in d.fields.get("years") or []}
        listing = {id(d) for d in found if d.type in LIST_TYPES and mentions(texts.get((d.path, d.pages[0]), ""), app.name, ocr=d.ocr)}
        for d in found:
            own += document_checks(d, m, app, as_of, texts.get((d.path, d.pages[0]), ""), years_seen,
                                   listed_elsewhere=any(i != id(d) for i in listing))
        if own:
            r.status = "problem"
        gaps += own
        results.append(r)
    gaps = _dedupe(gaps)
    return CheckResult(complete=not gaps, gaps=gaps, materials=results)


_COPY_MARK = re.compile(r"(\(\d+\)|（\d+）|副本|copy|拷贝|- 副本)", re.I)


def _copy_rank(path: str) -> tuple[int, int, str]:
    """Which of identical files is the original: not named like a copy, then the shortest name."""
    name = path.rsplit("/", 1)[-1]
    return (1 if _COPY_MARK.search(name) else 0, len(name), name)


def _match_other(docs: list[Document], spec: EvidenceSpec, texts: dict[tuple[str, int], str]) -> dict[int, str]:
    """Documents of no known type matched to materials that accept ``other``, by the material's name.

    Some materials have no document type of their own (制度文件, 节水评价报告 …); a document whose
    title or file name matches such a material's name satisfies it.
    """
    from rapidfuzz import fuzz

    from .classify import norm

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
