"""Who applied: from the factory data file, the generator's manifest, or the documents themselves.

The checker compares every document against the applicant's name and
统一社会信用代码, and decides which conditional materials are required from the
applicant's claims (``claimed('8')``). Sources, in order of preference:
``--applicant DATA``; ``lingtan-manifest.json`` in the submission; the business
licence (or 申报书) found in the submission — in that last case claims are
unknown and conditional materials are reported as not determinable.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lingtan.common.errors import InputError
from lingtan.common.i18n import _, language
from lingtan.dataentry import load_data_file

from .doctypes import applicant_types, type_name
from .fields import plausible_name
from .figures.spec import load_figure_spec
from .model import Document
from .names import same_company


@dataclass
class Applicant:
    name: str
    uscc: str | None
    source: str  # where the applicant came from (shown in reports)
    level: str | None = None
    reporting_year: int | None = None
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    honours: list[str] = field(default_factory=list)
    certified: list[str] = field(default_factory=list)
    claims_known: bool = True
    scores: dict[str, float] = field(default_factory=dict)  # engine points per indicator
    conditions: dict[str, str] = field(default_factory=dict)  # engine status per condition
    facts: dict[str, bool] = field(default_factory=dict)  # lingtan.assessment.model.facts.applicant_facts
    known: bool = True  # False: no data file, no manifest and no licence named the applicant
    declared: dict[str, dict[str, float]] = field(default_factory=dict)  # lingtan.assessment.model.facts.declared_figures
    address: str | None = None
    factory: Any = None  # the data file's Factory (the evidence's figures are put into a copy of it to recompute metrics)

    @classmethod
    def unknown(cls) -> Applicant:
        """The applicant when nothing names it: the report is still written, the name and code
        checks become 待人工核对 and the conditional materials 无法判定."""
        return cls(name="", uscc=None, source=_("未能确定（未提供企业数据文件，材料中也未识别出营业执照或申报书）"),
                   claims_known=False, known=False)


def from_factory_file(path: Path, scheme_id: str) -> Applicant:
    """The applicant from a factory data file (``--applicant``): any file ``lingtan validate`` reads."""
    from lingtan.assessment.engine.evaluate import assess
    from lingtan.assessment.model.facts import applicant_facts, declared_figures
    from lingtan.assessment.schemes import load_scheme, resolve_level

    fac = load_data_file(path)  # YAML, JSON, the data-entry workbook, a one-row batch workbook
    claims = {k: v.model_dump(mode="json") for k, v in fac.claims.get(scheme_id, {}).items()}
    scores: dict[str, float] = {}
    conds: dict[str, str] = {}
    try:
        scheme = load_scheme(scheme_id)
        a = assess(fac, scheme, resolve_level(scheme, fac.application.level if fac.application.scheme in (None, scheme_id) else None))
        scores = {i.id: i.points for i in a.indicators}
        conds = {c.id: c.status for c in a.conditions}
    except InputError:
        pass  # data lacking a year the scheme needs: claims alone decide
    return Applicant(
        scores=scores, conditions=conds, facts=applicant_facts(fac), declared=declared_figures(fac), address=fac.enterprise.address,
        factory=fac,
        name=fac.enterprise.name, uscc=fac.enterprise.uscc, source=_("企业数据文件 {name}").format(name=path.name),
        level=fac.application.level if fac.application.scheme in (None, scheme_id) else None,
        reporting_year=fac.reporting_year, claims=claims,
        honours=list(fac.honours.other) + ([f"green_factory_{fac.honours.green_factory.level}"] if fac.honours.green_factory else []),
        certified=[c.system for c in fac.management_systems.certificates],
    )


def from_manifest(data: bytes, display: str) -> Applicant:
    """The applicant from the generator's ``lingtan-manifest.json``."""
    try:
        m = json.loads(data.decode("utf-8"))
        app = m["applicant"]
        return Applicant(
            name=app["name"], uscc=app.get("uscc"), source=_("申报材料清单 {file}").format(file=display), level=m.get("level", {}).get("id"),
            reporting_year=m.get("reporting_year"), claims=m.get("claims") or {},
            scores=m.get("scores") or {}, conditions=m.get("conditions") or {}, facts=m.get("facts") or {},
            declared=m.get("declared") or {}, address=app.get("address"),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InputError(_("{display} 不是有效的 lingtan 清单文件：{exc}").format(display=display, exc=exc)) from exc


#: a holder that can be the applicant reads as a company's name to its end (a licence photo's garbage does not)
COMPANY_NAME = re.compile(r"^[\u4e00-\u9fa5][\u4e00-\u9fa50-9()（）·\-]{2,48}(?:公司|厂|集团|合作社|研究院|研究所|中心)$"
                          r"|^[A-Z][A-Za-z0-9&'’.,()\- ]{2,110}(?:Co\.?,?\s*Ltd\.?|Limited|Ltd\.?|Inc\.?|Corporation|Corp\.?|GmbH|Group)$")


def _company_like(name: str | None) -> bool:
    return bool(name) and COMPANY_NAME.match(name or "") is not None and plausible_name(name or "")


def from_documents(docs: list[Document]) -> Applicant | None:
    """The applicant as the most reliable document that identifies it names it (``identifies_applicant`` in
    doc_types.yaml: the business licence, then the applicant's own forms): a holder that reads as a company's
    name, a valid 统一社会信用代码 beside it, a text layer rather than OCR, then the order of the types. A
    holder that is no company's name never becomes the applicant; documents naming different companies are
    said so in the source (待人工核对). Claims unknown."""
    order = {t: i for i, t in enumerate(applicant_types())}
    cands = [d for d in docs if d.type in order and _company_like(d.fields.get("holder"))]
    if not cands:
        return None
    declared = sorted({d.fields["declared_year"] for d in docs if d.type in load_figure_spec().declared_forms and d.fields.get("declared_year")})
    best = min(cands, key=lambda d: (not d.fields.get("uscc_valid"), d.ocr, order[d.type], -d.confidence))
    uscc = best.fields.get("uscc") if best.fields.get("uscc_valid") else None
    source = _("{file} 中的{type}").format(file=best.path, type=type_name(best.type, language()))
    others = sorted({n for d in cands if not same_company(n := d.fields["holder"], best.fields["holder"], ocr=d.ocr or best.ocr)})
    if others:
        source += _("（其他材料所载企业名称为“{others}”，与之不一致，待人工核对）").format(others=_("”“").join(others))
    return Applicant(name=best.fields["holder"], uscc=uscc, source=source, claims_known=False,
                     reporting_year=declared[-1] if len(declared) == 1 else None)  # forms that disagree leave it to the as-of date


def claimed(app: Applicant, item: Any) -> bool:
    """The applicant claims points or compliance for an item: a claim, or the engine scores it above 0."""
    if (app.scores.get(str(item)) or 0) > 0 or app.conditions.get(str(item)) == "met":
        return True
    c = app.claims.get(str(item))
    if not c or c.get("applicable") is False:
        return False
    return bool((c.get("points") or 0) > 0 or c.get("met") is True or c.get("evidence")
                or c.get("value") not in (None, 0, False, "", [], {}, "none"))
