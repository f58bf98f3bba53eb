"""Document checks: each takes one document that satisfies a material and says what it found.

Every check ends in one of three verdicts (:class:`Finding`): 符合 (``ok``, with the reason),
问题 (``problem``, with a gap code) or 待人工核对 (``verify``: the field was not read, the applicant is
unknown — never a silent pass). The evidence spec lists the checks per material
(``checks: [name, uscc, valid]``); the registry (``checker/checks/__init__.py``) says what each
reads and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol

from lingtan.assessment.engine.expr import ExprSyntaxError, evaluate
from lingtan.common.i18n import _, language

from ..doctypes import applicant_types, list_types, type_name
from ..model import Document, Gap
from ..names import OCR_SLIPS, SIGNATURE_SLIPS, company_key, mentions, near_occurrence, same_company
from ..text import flat

if TYPE_CHECKING:
    from ..applicant import Applicant


class Material(Protocol):
    """What the checks read of a required material (``specs.Material``; the checks do not import the spec's module,
    which validates its check ids against this registry)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def cite(self) -> str: ...
    @property
    def types(self) -> list[str]: ...
    def check_arg(self, check: str) -> str | None: ...

Verdict = Literal["ok", "problem", "verify"]
VERDICT_ZH = {"ok": "符合", "problem": "问题", "verify": "待人工核对"}


def doc_label(d: Document) -> str:
    """How a document is named in messages: file, pages, type."""
    pages = str(d.pages[0]) if d.pages[0] == d.pages[1] else f"{d.pages[0]}–{d.pages[1]}"
    return _("{file}（第{pages}页，{type}）").format(file=d.path, pages=pages, type=type_name(d.type, language()))


def make_gap(code: str, d: Document | None, message: str, material: Material | None = None, evidence: str = "",
             verdict: Verdict = "problem") -> Gap:
    """A gap on a document (or a submission-level one with ``d`` None)."""
    return Gap(
        code=code, material=material.id if material else None, types=list(material.types) if material else [],
        document=d.path if d else None, pages=d.pages if d else None, message=message, evidence=evidence, verdict=verdict,
    )


@dataclass
class Finding:
    """What one check found on one document: the verdict, why, and the text that shows it."""

    verdict: Verdict
    reason: str  # Chinese, without the document's label
    code: str | None = None  # the gap code (problem / verify)
    evidence: str = ""


@dataclass
class DocCheck:
    """One document, the material it satisfies and what the checks compare it with."""

    doc: Document
    material: Material | None  # None: a document offered as evidence that no material of the scheme lists
    app: Applicant
    as_of: date
    text: str  # the document's text
    years: list[int] | None = None  # the years the material asks documents to cover (None: no such check)
    years_seen: set[int] = field(default_factory=set)  # years covered by all documents satisfying the material
    listed_elsewhere: bool = False  # another list (名单) of the material names the applicant

    @property
    def label(self) -> str:
        return doc_label(self.doc)

    def evidence(self, name: str | None) -> str:
        return self.doc.field_evidence.get(name, "") if name else ""

    def ok(self, reason: str, evidence_field: str | None = None) -> Finding:
        return Finding("ok", reason, None, self.evidence(evidence_field))

    def problem(self, code: str, reason: str, evidence_field: str | None = None) -> Finding:
        return Finding("problem", reason, code, self.evidence(evidence_field))

    def verify(self, code: str, reason: str, evidence_field: str | None = None) -> Finding:
        return Finding("verify", reason, code, self.evidence(evidence_field))

    def gap(self, f: Finding) -> Gap:
        """A problem or a to-verify finding as a gap of the report."""
        assert f.code is not None
        return make_gap(f.code, self.doc, _("{document}：{reason}").format(document=self.label, reason=f.reason), self.material, f.evidence, f.verdict)


def _slips(f: dict[str, object], name: str) -> int:
    """Misread characters tolerated in an OCRed holder: more for a signature under a seal."""
    if f.get("holder_source") == "署名" and len(company_key(name)) >= 9:
        return SIGNATURE_SLIPS
    return OCR_SLIPS


def _unknown(c: DocCheck, what: str) -> Finding:
    return c.verify("applicant_unknown", _("申报企业未能确定（未提供企业数据文件，材料中也未识别出营业执照或申报书），无法核对{what}，请人工核对").format(
        what=what))


def name(c: DocCheck) -> Finding:
    """The document's holder is the applicant (a list names the applicant among others)."""
    d, f, app = c.doc, c.doc.fields, c.app
    if d.language == "en":
        return c.ok(_("外文文件，所属单位以其中文译文核对（见“缺中文译文”）"))
    if not app.known:
        return _unknown(c, _("单位名称") + (_("（文件所属单位为“{holder}”）").format(holder=f["holder"]) if f.get("holder") else ""))
    if d.type in list_types():
        if mentions(c.text, app.name, ocr=d.ocr):
            return c.ok(_("名单中有申报企业“{name}”").format(name=app.name))
        if c.listed_elsewhere:
            return c.ok(_("申报企业“{name}”列在同一材料的另一份名单中").format(name=app.name))
        return c.problem("name_mismatch", _("名单中没有申报企业“{name}”").format(name=app.name))
    holder = f.get("holder")
    if holder and not same_company(holder, app.name, ocr=d.ocr, slips=_slips(f, app.name)) and not (
        app.uscc and app.uscc in f.get("uscc_all", []) and mentions(c.text, app.name, ocr=d.ocr)
    ) and not (d.ocr and mentions(c.text, app.name)):  # OCR misread the holder, the name is there elsewhere
        return c.problem("name_mismatch", _("文件所属单位为“{holder}”，与申报企业“{name}”不一致").format(holder=holder, name=app.name), "holder")
    if not holder and not mentions(c.text, app.name, ocr=d.ocr):
        return c.problem("name_mismatch", _("文件中未找到申报企业名称“{name}”").format(name=app.name))
    if d.ocr and not (same_company(holder, app.name) or mentions(c.text, app.name)):
        read = holder or near_occurrence(flat(c.text), company_key(app.name)) or ""
        note = _("单位名称按 OCR 容错认定为申报企业：识别为“{read}”（可能被印章遮挡），请人工核对").format(read=read)
        if note not in d.evidence:
            d.evidence.append(note)
        return c.ok(_("单位名称识别为“{read}”，按 OCR 容错认定为申报企业").format(read=read), "holder")
    return c.ok(_("所属单位为申报企业“{name}”").format(name=app.name), "holder" if holder else None)


def uscc(c: DocCheck) -> Finding:
    """A printed 统一社会信用代码 is valid and the applicant's."""
    f, app = c.doc.fields, c.app
    codes = f.get("uscc_all") or []
    if not codes:
        if c.doc.type in applicant_types() and "uscc" in applicant_types()[c.doc.type]:
            return c.verify("field_unread", _("未读到统一社会信用代码，请人工核对"))
        return c.ok(_("文件未印统一社会信用代码"))
    if app.uscc and app.uscc in codes:
        return c.ok(_("统一社会信用代码 {uscc} 与申报企业一致").format(uscc=app.uscc), "uscc")
    if not f.get("uscc_valid", True):
        fixed = f.get("uscc_corrected")
        if fixed:
            same = _("，即申报企业的代码") if app.uscc and fixed == app.uscc else ""
            return c.problem("uscc_invalid", _("统一社会信用代码识别为“{read}”，校验位错误（GB 32100-2015）；"
                                               "改动一个易误识字符后唯一通过校验的是“{fixed}”{same}，请核对原件").format(
                read=f["uscc"], fixed=fixed, same=same), "uscc")
        return c.problem("uscc_invalid", _("统一社会信用代码“{uscc}”校验位错误（GB 32100-2015），请核对").format(uscc=f["uscc"]), "uscc")
    if not app.known:
        return _unknown(c, _("统一社会信用代码（文件上为 {uscc}）").format(uscc=f["uscc"]))
    if app.uscc:
        return c.problem("uscc_mismatch", _("统一社会信用代码“{uscc}”与申报企业的“{own}”不一致").format(uscc=f["uscc"], own=app.uscc), "uscc")
    return c.verify("applicant_unknown", _("申报企业的统一社会信用代码未知，文件上为 {uscc}，请人工核对").format(uscc=f["uscc"]), "uscc")


def valid(c: DocCheck) -> Finding:
    """Not expired on the assessment date."""
    exp = c.doc.fields.get("expiry_date")
    if not exp:
        return c.verify("field_unread", _("未读到有效期，无法判断是否过期，请人工核对"))
    if exp == "长期":
        return c.ok(_("长期有效"), "expiry_date")
    if date.fromisoformat(exp) < c.as_of:
        return c.problem("expired", _("有效期至 {expiry}，在评价基准日 {as_of} 已过期，请提供有效期内的文件").format(expiry=exp, as_of=c.as_of.isoformat()),
                         "expiry_date")
    return c.ok(_("有效期至 {expiry}，在评价基准日 {as_of} 有效").format(expiry=exp, as_of=c.as_of.isoformat()), "expiry_date")


def years(c: DocCheck) -> Finding:
    """Covers the years the material asks for, together with the material's other documents."""
    have = set(c.doc.fields.get("years") or [])
    shown = _("、").join(str(y) for y in sorted(have)) or _("未识别到年度")
    wanted, presumed = c.years, False
    if not wanted and c.app.reporting_year is None:
        wanted, presumed = _presumed_years(c), True
    if not wanted:
        return c.verify("applicant_unknown", _("申报年度未知（未提供企业数据文件），无法判断应覆盖的年度；文件覆盖 {shown}，请人工核对").format(shown=shown))
    lacking = [y for y in wanted if y not in have | c.years_seen]
    need = "、".join(map(str, wanted))
    if not lacking:
        if presumed:
            return c.ok(_("未提供企业数据文件，申报年度按评价基准日 {as_of} 推定为上一年度 {year} 年：应覆盖 {need} 年，已覆盖（本文件 {shown}）").format(
                as_of=c.as_of.isoformat(), year=c.as_of.year - 1, need=need, shown=shown), "years")
        return c.ok(_("应覆盖 {need} 年，已覆盖（本文件 {shown}）").format(need=need, shown=shown))
    if not have:
        return c.verify("field_unread", _("应覆盖 {need} 年，未读到本文件覆盖的年度，请人工核对").format(need=need))
    if presumed:  # a year presumed from the as-of date is no finding of fact: a person confirms it
        return c.verify("years_not_covered", _("未提供企业数据文件，申报年度按评价基准日 {as_of} 推定为上一年度 {year} 年：应覆盖 {need} 年，文件覆盖 {shown}，"
                                               "请人工核对").format(as_of=c.as_of.isoformat(), year=c.as_of.year - 1, need=need, shown=shown), "years")
    return c.problem("years_not_covered", _("应覆盖 {need} 年，文件覆盖 {shown}，缺 {lacking} 年").format(
        need=need, shown=shown, lacking=_("、").join(map(str, lacking))))


def _presumed_years(c: DocCheck) -> list[int] | None:
    """The years a material asks for when neither a data file, a manifest nor the submission's forms give the
    reporting year: its ``years`` expression with the year before the as-of date (an application is made for
    the previous year's data)."""
    arg = c.material.check_arg("years") if c.material is not None else None
    if arg is None:
        return None
    try:
        v = evaluate(arg, {"reporting_year": c.as_of.year - 1, "level": c.app.level})
    except (ExprSyntaxError, TypeError, ValueError):
        return None  # the spec's expression is checked where the reporting year is known (requirements.material_years)
    return sorted({int(y) for y in (v if isinstance(v, (list, tuple)) else [v])})


def third_party(c: DocCheck) -> Finding:
    """Issued by someone other than the applicant."""
    issuer = c.doc.fields.get("issuer")
    if not issuer:
        return c.verify("field_unread", _("未读到出具机构，无法确认由第三方出具，请人工核对"))
    if c.app.known and same_company(issuer, c.app.name):
        return c.problem("not_third_party", _("出具单位“{issuer}”即申报企业本身，应由第三方机构出具").format(issuer=issuer), "issuer")
    return c.ok(_("由“{issuer}”出具").format(issuer=issuer), "issuer")


def sealed(c: DocCheck) -> Finding:
    """A red seal shows on the document."""
    if c.doc.red_seal is None:
        return c.verify("field_unread", _("未能检查是否盖章（页面未渲染），请人工核对"))
    if c.doc.red_seal is False:
        return c.problem("unsealed", _("未见红色公章，应加盖申报企业公章"))
    return c.ok(_("有红色公章"))
