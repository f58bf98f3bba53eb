"""Ground truth of a submission: the files, the documents in them, the defects and the expected gaps.

The gaps are what a perfect checker reports under the scheme's evidence spec
(``evidence_specs/<scheme>.yaml``, the semantics ``evidence_specs/README.md`` documents), derived from
the documents' ground-truth fields (``expected_gaps``) — not copied from the defect labels; ``assemble``
then asserts that every labelled defect shows up as its gap and that there is no other gap, so the
labels and the gaps cannot drift apart, and a "clean" submission is proven to have none.

This module and ``evidence.py`` are an independent reimplementation of those semantics: they do not
import the checker package (its spec loader, applicant or requirement), so that the evaluation of the
checker against this truth can catch a bug in those functions rather than inherit it.

File-level gaps (every file):

- ``unreadable`` — the file cannot be read as a PDF: corrupt, encrypted, empty, not a PDF.
- ``duplicate`` — a file whose bytes are identical to an earlier file's (the copy is reported; its
  documents no longer count).
- ``untranslated`` — a document in a foreign language with no Chinese document of the same type.

Material gaps (each material of the spec, for the documents that satisfy it — those whose type
the material accepts; a document of type ``other`` satisfies only the material it was made for):

- ``missing`` — the material is required for the applicant (``evidence.requirement``) and no
  readable, non-duplicate document satisfies it (documents in unreadable files do not count, as
  the checker cannot see them).
- for each satisfying document, only the checks the material lists:
  ``name`` → ``name_mismatch`` (``holder`` is not the applicant; foreign-language documents are
  left to ``untranslated``); ``uscc`` → ``uscc_invalid`` (the printed code fails the GB 32100-2015
  check character) or ``uscc_mismatch`` (valid, but not the applicant's); ``valid`` → ``expired``
  (``expiry_date`` or ``valid_to`` before ``as_of``); ``years`` → ``years_not_covered`` (``years``
  lacks a year of the material's ``years`` expression, evaluated with the applicant's
  reporting_year); ``third_party`` → ``not_third_party`` (the issuer is the applicant);
  ``sealed`` → ``unsealed`` (no red seal visible: unsealed, or sealed but scanned in grey or
  black-and-white).

A document serving several materials is reported once per code (the first material in the spec's
order names the gap), as the checker does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stdnum.cn import uscc as _uscc

GAP_CODES = ["missing", "expired", "name_mismatch", "uscc_invalid", "uscc_mismatch", "years_not_covered",
             "not_third_party", "unsealed", "untranslated", "unreadable", "duplicate", "figure_mismatch"]
DELIVERIES = ["born_digital", "scanned", "photo", "combined", "corrupt", "encrypted", "empty", "fake_pdf", "image_bomb", "duplicate"]
FORM_TYPES = {"intake_form", "application_form", "self_evaluation_report", "dynamic_management_table"}
UNREADABLE = {"corrupt", "encrypted", "empty", "fake_pdf", "image_bomb"}
CHECK_GAPS = {"name": ("name_mismatch",), "uscc": ("uscc_invalid", "uscc_mismatch"), "valid": ("expired",),
              "years": ("years_not_covered",), "third_party": ("not_third_party",), "sealed": ("unsealed",)}

# defect code -> the gap it must produce
DEFECT_GAP = {
    "missing": "missing", "expired": "expired", "other_company": "name_mismatch", "uscc_check": "uscc_invalid",
    "wrong_years": "years_not_covered", "self_verified": "not_third_party", "unsealed_form": "unsealed",
    "english_only": "untranslated", "corrupt_pdf": "unreadable", "encrypted_pdf": "unreadable",
    "empty_file": "unreadable", "fake_pdf": "unreadable", "image_bomb": "unreadable", "duplicate_file": "duplicate",
    "figure_mismatch": "figure_mismatch",
}
DEFECTS = list(DEFECT_GAP)
# gaps a defect may bring besides its own: another company's document may print its (valid) code; a
# document in an unreadable file no longer satisfies its materials
DEFECT_ALSO = {"other_company": ("uscc_mismatch",), "corrupt_pdf": ("missing",), "encrypted_pdf": ("missing",),
               "empty_file": ("missing",), "fake_pdf": ("missing",), "image_bomb": ("missing",)}


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
    material: str = ""  # the spec material it was made for
    materials: list[str] = field(default_factory=list)  # every spec material it satisfies
    label: str = ""  # how the enterprise names it (file names, bookmarks)
    expect_years: list[int] | None = None  # the years it must cover (union over its materials)
    variant: int = 0
    seal_visible: bool = False  # a red seal can be seen (sealed, and delivered born-digital or in colour)
    renderer: str = "specific"  # specific | generic | form

    def as_dict(self) -> dict[str, Any]:
        d = {"pages": [self.first, self.last], "doc_type": self.doc_type, "title": self.title, "material": self.material,
             "materials": list(self.materials), "label": self.label, "fields": self.fields, "sealed": self.sealed,
             "seal_visible": self.seal_visible, "language": self.language, "rendering": self.rendering,
             "renderer": self.renderer, "variant": self.variant}
        if self.expect_years:
            d["required_years"] = list(self.expect_years)
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


def _gap(code: str, doc_type: str | None, file: str | None, detail: str, material: str | None = None,
         types: list[str] | None = None) -> dict[str, Any]:
    g = {"code": code, "doc_type": doc_type, "file": file, "material": material, "detail": detail}
    if types is not None:
        g["types"] = list(types)
    return g


def _d(v: Any) -> date | None:
    if not v:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _serves(m, doc: DocEntry) -> bool:
    return doc.doc_type in m.types and (doc.doc_type != "other" or m.id in doc.materials)


def document_gaps(doc: DocEntry, m, *, name: str, code: str, need_years: list[int], as_of: date) -> list[tuple[str, str]]:
    """(gap code, detail) for the checks material ``m`` lists, applied to ``doc``."""
    out: list[tuple[str, str]] = []
    fl = doc.fields
    for check in m.check_ids():
        if check == "name":
            holder = fl.get("holder")
            if doc.language == "zh" and holder and holder != name:  # a foreign name: see untranslated
                out.append(("name_mismatch", f"持有人为“{holder}”，不是申报企业“{name}”"))
        elif check == "uscc":
            u = fl.get("uscc")
            if u and u != code:
                if not uscc_valid(u):
                    out.append(("uscc_invalid", f"统一社会信用代码 {u} 校验位错误"))
                else:
                    out.append(("uscc_mismatch", f"统一社会信用代码 {u} 与申报企业 {code} 不一致"))
        elif check == "valid":
            for key in ("expiry_date", "valid_to"):
                end = _d(fl.get(key))
                if end and end < as_of:
                    out.append(("expired", f"有效期至 {end.isoformat()}，早于 {as_of.isoformat()}"))
                    break
        elif check == "years":
            if need_years:
                got = [int(y) for y in fl.get("years") or []]
                lack = [y for y in need_years if y not in got]
                if lack:
                    out.append(("years_not_covered", f"应覆盖 {'、'.join(map(str, need_years))} 年度，"
                                                     f"实际覆盖 {'、'.join(map(str, got)) or '无'}"))
        elif check == "third_party":
            who = fl.get("verifier") or fl.get("issuer")
            if who and who == name:
                out.append(("not_third_party", f"出具机构为申报企业本身（{who}）"))
        elif check == "sealed":
            if not doc.seal_visible:
                out.append(("unsealed", "未见红色公章" if not doc.sealed else "公章在灰度/黑白扫描件上不可见"))
    return out


#: figure_mismatch: what a report prints (its truth fields) against the data file's figure of the year
#: (evidence_specs/figures.yaml, read here with PyYAML): report type → [(truth field, per year?, data file field)]
FIGURES_OF = {
    "ghg_verification_report": [("category1_t", True, "category1"), ("category2_t", True, "category2")],
    "energy_audit_report": [("energy_tce", False, "energy_tce")],
}


def _tolerance() -> tuple[float, float]:
    import yaml
    from pathlib import Path

    spec = yaml.safe_load((Path(__file__).resolve().parents[2] / "lingtan" / "data" / "evidence_specs" / "figures.yaml").read_text(encoding="utf-8"))
    tol = spec.get("tolerance") or {}
    return float(tol.get("relative", 0.005)), float(tol.get("absolute", 1.0))


def figure_checks(doc: DocEntry, declared: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each figure a report prints for a year the data file declares: both values and whether they agree."""
    rel, ab = _tolerance()
    by_year = {int(y["year"]): y for y in declared}
    out = []
    for field_name, per_year, key in FIGURES_OF.get(doc.doc_type, []):
        years = [int(y) for y in doc.fields.get("years") or []]
        if per_year:
            printed = {int(y): v.get(field_name) for y, v in (doc.fields.get("by_year") or {}).items()}
        else:
            printed = {max(years): doc.fields.get(field_name)} if years else {}
        for y, v in sorted(printed.items()):
            row = by_year.get(y) or {}
            want = (row.get("emissions") or {}).get(key) if key.startswith("category") else row.get(key)
            if v is None or want is None:
                continue
            agree = abs(v - want) <= max(ab, rel * max(abs(v), abs(want)))
            out.append({"figure": key, "year": y, "declared": want, "evidence": v, "agree": agree})
    return out


def expected_gaps(files: list[FileEntry], *, spec, app, as_of: date, declared: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The gaps a perfect checker reports for these files under ``spec`` (see the module docstring).

    ``spec``: the scheme's ``evidence.EvidenceSpec``; ``app``: the applicant (``evidence.Applicant``:
    name, uscc, reporting year, claims, facts).
    """
    from .evidence import material_years, requirement

    gaps: list[dict[str, Any]] = []
    name, code = app.name, app.uscc
    seen_hash: dict[str, str] = {}
    usable: list[tuple[FileEntry, DocEntry]] = []
    for f in files:
        if f.delivery == "duplicate" or f.sha256 in seen_hash:
            gaps.append(_gap("duplicate", f.intended or (f.documents[0].doc_type if f.documents else None), f.path,
                             f"与 {seen_hash.get(f.sha256, '?')} 内容完全相同"))
            continue
        seen_hash[f.sha256] = f.path
        if f.delivery in UNREADABLE:
            why = {"corrupt": "文件损坏，无法打开", "encrypted": "文件已加密，需要密码才能打开",
                   "empty": "文件为空（0 字节）", "fake_pdf": "扩展名为 .pdf，但内容不是 PDF",
                   "image_bomb": "图片声明的像素数超出上限（图片炸弹）"}[f.delivery]
            gaps.append(_gap("unreadable", f.intended, f.path, why))
            continue
        usable += [(f, doc) for doc in f.documents]

    def where(f: FileEntry, doc: DocEntry) -> str:
        return f.path if f.pages is None or (doc.first, doc.last) == (1, f.pages) else f"{f.path}#{doc.first}-{doc.last}"

    for f, doc in usable:  # only where the scheme's list asks for translations (000 附件1-3; issue 28)
        if spec.translation_rule is not None and doc.language != "zh" and not any(d2.doc_type == doc.doc_type and d2.language == "zh" for _f2, d2 in usable):
            gaps.append(_gap("untranslated", doc.doc_type, where(f, doc), "仅有外文版本，未附中文翻译件"))
    seen: set[tuple[str, str]] = set()
    for m in spec.materials:
        req = requirement(m, app)
        found = [(f, doc) for f, doc in usable if _serves(m, doc)]
        if not found:
            if req:
                gaps.append(_gap("missing", m.types[0], None, f"缺少“{m.name}”（{m.cite}）", m.id, m.types))
            continue
        need = material_years(m, app)
        for f, doc in found:
            w = where(f, doc)
            for gcode, detail in document_gaps(doc, m, name=name, code=code, need_years=need, as_of=as_of):
                if (gcode, w) not in seen:
                    seen.add((gcode, w))
                    gaps.append(_gap(gcode, doc.doc_type, w, detail, m.id))
    for f, doc in usable:
        if doc.fields.get("holder") and doc.fields["holder"] != name:
            continue  # another company's report: name_mismatch, its figures are not the applicant's
        for fc in figure_checks(doc, declared or []):
            if not fc["agree"]:
                gaps.append(_gap("figure_mismatch", doc.doc_type, where(f, doc),
                                 f"{fc['year']}年 {fc['figure']}：申报 {fc['declared']:g}，报告 {fc['evidence']:g}"))
    order = {c: i for i, c in enumerate(GAP_CODES)}
    return sorted(gaps, key=lambda g: (order[g["code"]], g["file"] or "", g["material"] or "", g["doc_type"] or ""))


def dumps(truth: dict[str, Any]) -> str:
    return json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
