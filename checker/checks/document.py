"""Document checks: each takes one document that satisfies a material and returns its gaps.

The evidence spec lists them per material (``checks: [name, uscc, valid]``); the registry
(``checker/checks/__init__.py``) says what each reads and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..doctypes import list_types, type_name
from ..model import Document, Gap
from ..names import OCR_SLIPS, SIGNATURE_SLIPS, company_key, mentions, near_occurrence, same_company
from ..text import flat

if TYPE_CHECKING:
    from ..applicant import Applicant
    from ..specs import Material


def doc_label(d: Document) -> str:
    """How a document is named in messages: file, pages, type."""
    pages = f"第{d.pages[0]}页" if d.pages[0] == d.pages[1] else f"第{d.pages[0]}–{d.pages[1]}页"
    return f"{d.path}（{pages}，{type_name(d.type)}）"


def make_gap(code: str, d: Document | None, message: str, material: Material | None = None, evidence: str = "") -> Gap:
    """A gap on a document (or a submission-level one with ``d`` None)."""
    return Gap(
        code=code, material=material.id if material else None, types=list(material.types) if material else [],
        document=d.path if d else None, pages=d.pages if d else None, message=message, evidence=evidence,
    )


@dataclass
class DocCheck:
    """One document, the material it satisfies and what the checks compare it with."""

    doc: Document
    material: Material
    app: Applicant
    as_of: date
    text: str  # the document's text
    years: list[int] | None = None  # the years the material asks documents to cover (None: no such check)
    years_seen: set[int] = field(default_factory=set)  # years covered by all documents satisfying the material
    listed_elsewhere: bool = False  # another list (名单) of the material names the applicant

    @property
    def label(self) -> str:
        return doc_label(self.doc)

    def gap(self, code: str, message: str, evidence_field: str | None = None) -> Gap:
        ev = self.doc.field_evidence.get(evidence_field, "") if evidence_field else ""
        return make_gap(code, self.doc, f"{self.label}：{message}", self.material, ev)


def _slips(f: dict[str, object], name: str) -> int:
    """Misread characters tolerated in an OCRed holder: more for a signature under a seal."""
    if f.get("holder_source") == "署名" and len(company_key(name)) >= 9:
        return SIGNATURE_SLIPS
    return OCR_SLIPS


def name(c: DocCheck) -> list[Gap]:
    """The document's holder is the applicant (a list names the applicant among others)."""
    d, f, app = c.doc, c.doc.fields, c.app
    if d.language == "en":
        return []  # a foreign-language document names the holder in that language: the untranslated gap covers it
    if d.type in list_types():
        if not mentions(c.text, app.name, ocr=d.ocr) and not c.listed_elsewhere:
            return [c.gap("name_mismatch", f"名单中没有申报企业“{app.name}”")]
        return []
    holder = f.get("holder")
    if holder and not same_company(holder, app.name, ocr=d.ocr, slips=_slips(f, app.name)) and not (
        app.uscc and app.uscc in f.get("uscc_all", []) and mentions(c.text, app.name, ocr=d.ocr)
    ) and not (d.ocr and mentions(c.text, app.name)):  # OCR misread the holder, the name is there elsewhere
        return [c.gap("name_mismatch", f"文件所属单位为“{holder}”，与申报企业“{app.name}”不一致", "holder")]
    if not holder and not mentions(c.text, app.name, ocr=d.ocr):
        return [c.gap("name_mismatch", f"文件中未找到申报企业名称“{app.name}”")]
    if d.ocr and not (same_company(holder, app.name) or mentions(c.text, app.name)):
        read = holder or near_occurrence(flat(c.text), company_key(app.name)) or ""
        note = f"单位名称按 OCR 容错认定为申报企业：识别为“{read}”（可能被印章遮挡），请人工核对"
        if note not in d.evidence:
            d.evidence.append(note)
    return []


def uscc(c: DocCheck) -> list[Gap]:
    """A printed 统一社会信用代码 is valid and the applicant's."""
    f, app = c.doc.fields, c.app
    codes = f.get("uscc_all") or []
    if not codes or (app.uscc and app.uscc in codes):
        return []
    if not f.get("uscc_valid", True):
        return [c.gap("uscc_invalid", f"统一社会信用代码“{f['uscc']}”校验位错误（GB 32100-2015），请核对", "uscc")]
    if app.uscc:
        return [c.gap("uscc_mismatch", f"统一社会信用代码“{f['uscc']}”与申报企业的“{app.uscc}”不一致", "uscc")]
    return []


def valid(c: DocCheck) -> list[Gap]:
    """Not expired on the assessment date."""
    exp = c.doc.fields.get("expiry_date")
    if exp and exp != "长期" and date.fromisoformat(exp) < c.as_of:
        return [c.gap("expired", f"有效期至 {exp}，在评价基准日 {c.as_of.isoformat()} 已过期，请提供有效期内的文件", "expiry_date")]
    return []


def years(c: DocCheck) -> list[Gap]:
    """Covers the years the material asks for, together with the material's other documents."""
    if not c.years:
        return []
    have = set(c.doc.fields.get("years") or [])
    lacking = [y for y in c.years if y not in have | c.years_seen]
    if not lacking:
        return []
    shown = "、".join(str(y) for y in sorted(have)) or "未识别到年度"
    return [c.gap("years_not_covered", f"应覆盖 {'、'.join(map(str, c.years))} 年，文件覆盖 {shown}，缺 {'、'.join(map(str, lacking))} 年")]


def third_party(c: DocCheck) -> list[Gap]:
    """Issued by someone other than the applicant."""
    issuer = c.doc.fields.get("issuer")
    if issuer and same_company(issuer, c.app.name):
        return [c.gap("not_third_party", f"出具单位“{issuer}”即申报企业本身，应由第三方机构出具", "issuer")]
    return []


def sealed(c: DocCheck) -> list[Gap]:
    """A red seal shows on the document."""
    if c.doc.red_seal is False:
        return [c.gap("unsealed", "未见红色公章，应加盖申报企业公章")]
    return []
