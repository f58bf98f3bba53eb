"""Ground truth of a submission: the files, the documents in them, the defects and the expected gaps.

The gaps are derived from the documents' ground-truth fields by the rules a perfect checker
applies (``expected_gaps``), not copied from the defect labels; ``assemble`` then asserts that
every labelled defect shows up as its gap, so the labels and the gaps cannot drift apart, and a
"clean" submission is proven to have no gap.

Gap codes and the rule behind each:

- ``missing`` — a material the scheme requires (materials.py, ``required``) is in no file.
- ``expired`` — ``expiry_date`` or ``valid_to`` before ``as_of``.
- ``name_mismatch`` — ``holder`` is not the applicant's name.
- ``uscc_invalid`` — ``uscc`` fails the GB 32100-2015 check character.
- ``uscc_mismatch`` — ``uscc`` is valid but not the applicant's.
- ``years_not_covered`` — a verification report does not cover the year(s) it must cover.
- ``not_third_party`` — a verification/assessment was issued by the applicant itself.
- ``unsealed`` — an applicant's form (申报表/申报书/自评价报告/动态管理表) carries no seal.
- ``untranslated`` — a document in a foreign language only, with no Chinese translation.
- ``unreadable`` — the file cannot be read as a PDF: corrupt, encrypted, empty, not a PDF.
- ``duplicate`` — a file whose bytes are identical to another file's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stdnum.cn import uscc as _uscc

GAP_CODES = ["missing", "expired", "name_mismatch", "uscc_invalid", "uscc_mismatch", "years_not_covered",
             "not_third_party", "unsealed", "untranslated", "unreadable", "duplicate"]
DELIVERIES = ["born_digital", "scanned", "photo", "combined", "corrupt", "encrypted", "empty", "fake_pdf", "duplicate"]
FORM_TYPES = {"intake_form", "application_form", "self_evaluation_report", "dynamic_management_table"}
THIRD_PARTY_TYPES = {"ghg_verification_report", "reduction_assessment_report", "carbon_footprint_report",
                     "energy_audit_report", "third_party_evaluation_report", "carbon_neutrality_certificate",
                     "qms_certificate", "ems_certificate", "ohsms_certificate", "enms_certificate"}
UNREADABLE = {"corrupt", "encrypted", "empty", "fake_pdf"}

# defect code -> the gap it must produce
DEFECT_GAP = {
    "missing": "missing", "expired": "expired", "other_company": "name_mismatch", "uscc_check": "uscc_invalid",
    "wrong_years": "years_not_covered", "self_verified": "not_third_party", "unsealed_form": "unsealed",
    "english_only": "untranslated", "corrupt_pdf": "unreadable", "encrypted_pdf": "unreadable",
    "empty_file": "unreadable", "fake_pdf": "unreadable", "duplicate_file": "duplicate",
}
DEFECTS = list(DEFECT_GAP)


@dataclass
class DocEntry:
    """One document inside a file (a page range)."""

    first: int
    last: int
    doc_type: str
    title: str
    fields: dict[str, Any]
    sealed: bool
    language: str
    rendering: str  # text (born-digital) | image (scanned or photographed)
    material: str = ""  # the material label (materials.py) it fulfils
    expect_years: list[int] | None = None  # for the oracle only (not written)
    variant: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = {"pages": [self.first, self.last], "doc_type": self.doc_type, "title": self.title, "material": self.material,
             "fields": self.fields, "sealed": self.sealed, "language": self.language, "rendering": self.rendering,
             "variant": self.variant}
        if self.expect_years is not None:
            d["required_years"] = self.expect_years
        return d


@dataclass
class FileEntry:
    path: str
    sha256: str
    size: int
    delivery: str
    pages: int | None
    documents: list[DocEntry] = field(default_factory=list)
    container: str | None = None  # the zip holding it, for zip members
    extra: dict[str, Any] = field(default_factory=dict)
    intended: str | None = None  # the doc type the file stands for (hostile files)
    intended_material: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "sha256": self.sha256, "size": self.size, "delivery": self.delivery,
                             "pages": self.pages}
        if self.container:
            d["container"] = self.container
        if self.intended:
            d["intended_doc_type"] = self.intended
            d["intended_material"] = self.intended_material
        d["documents"] = [x.as_dict() for x in self.documents]
        d.update(self.extra)
        return d


def uscc_valid(code: str) -> bool:
    try:
        _uscc.validate(code)
        return True
    except Exception:  # noqa: BLE001 - stdnum raises several ValidationError subclasses
        return False


def _gap(code: str, doc_type: str | None, file: str | None, detail: str) -> dict[str, Any]:
    return {"code": code, "doc_type": doc_type, "file": file, "detail": detail}


def _d(v: Any) -> date | None:
    if not v:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def expected_gaps(files: list[FileEntry], *, applicant: dict[str, str], required: list[tuple[str, str]],
                  as_of: date) -> list[dict[str, Any]]:
    """The gaps a perfect checker reports for these files (see the module docstring)."""
    gaps: list[dict[str, Any]] = []
    name, code = applicant["name"], applicant["uscc"]
    seen_hash: dict[str, str] = {}
    present: set[str] = set()
    for f in files:
        if f.delivery == "duplicate" or f.sha256 in seen_hash:
            gaps.append(_gap("duplicate", f.intended or (f.documents[0].doc_type if f.documents else None), f.path,
                             f"与 {seen_hash.get(f.sha256, '?')} 内容完全相同"))
            continue
        seen_hash[f.sha256] = f.path
        if f.delivery in UNREADABLE:
            why = {"corrupt": "文件损坏，无法打开", "encrypted": "文件已加密，需要密码才能打开",
                   "empty": "文件为空（0 字节）", "fake_pdf": "扩展名为 .pdf，但内容不是 PDF"}[f.delivery]
            gaps.append(_gap("unreadable", f.intended, f.path, why))
            if f.intended_material:
                present.add(f.intended_material)
            continue
        for doc in f.documents:
            present.add(doc.material or doc.doc_type)
            fl = doc.fields
            where = f.path if f.pages is None or (doc.first, doc.last) == (1, f.pages) else f"{f.path}#{doc.first}-{doc.last}"
            holder = fl.get("holder")
            if holder and holder != name and doc.language == "zh":  # a foreign name: see untranslated
                gaps.append(_gap("name_mismatch", doc.doc_type, where, f"持有人为“{holder}”，不是申报企业“{name}”"))
            u = fl.get("uscc")
            if u:
                if not uscc_valid(u):
                    gaps.append(_gap("uscc_invalid", doc.doc_type, where, f"统一社会信用代码 {u} 校验位错误"))
                elif u != code:
                    gaps.append(_gap("uscc_mismatch", doc.doc_type, where, f"统一社会信用代码 {u} 与申报企业 {code} 不一致"))
            for key in ("expiry_date", "valid_to"):
                end = _d(fl.get(key))
                if end and end < as_of:
                    gaps.append(_gap("expired", doc.doc_type, where, f"有效期至 {end.isoformat()}，早于 {as_of.isoformat()}"))
                    break
            if doc.expect_years is not None:
                got = [int(y) for y in fl.get("years") or []]
                lack = [y for y in doc.expect_years if y not in got]
                if lack:
                    gaps.append(_gap("years_not_covered", doc.doc_type, where,
                                     f"应覆盖 {'、'.join(map(str, doc.expect_years))} 年度，实际覆盖 {'、'.join(map(str, got)) or '无'}"))
            if doc.doc_type in THIRD_PARTY_TYPES:
                who = fl.get("verifier") or fl.get("issuer")
                if who and who == name:
                    gaps.append(_gap("not_third_party", doc.doc_type, where, f"出具机构为申报企业本身（{who}）"))
            if doc.doc_type in FORM_TYPES and not doc.sealed:
                gaps.append(_gap("unsealed", doc.doc_type, where, "申报企业表单未加盖公章"))
            if doc.language != "zh":
                translated = any(d2.doc_type == doc.doc_type and d2.language == "zh" and d2.fields.get("number") == fl.get("number")
                                 for f2 in files if f2.delivery not in UNREADABLE for d2 in f2.documents)
                if not translated:
                    gaps.append(_gap("untranslated", doc.doc_type, where, "仅有外文版本，未附中文翻译件"))
    for label, doc_type in required:
        if label not in present:
            gaps.append(_gap("missing", doc_type, None, f"缺少必备材料：{label}"))
    order = {c: i for i, c in enumerate(GAP_CODES)}
    return sorted(gaps, key=lambda g: (order[g["code"]], g["file"] or "", g["doc_type"] or ""))


def dumps(truth: dict[str, Any]) -> str:
    return json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
