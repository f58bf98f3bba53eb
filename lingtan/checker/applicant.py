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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lingtan.common.errors import InputError
from lingtan.common.i18n import _, language
from lingtan.dataentry import load_data_file

from .doctypes import applicant_types, type_name
from .model import Document


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


def from_documents(docs: list[Document]) -> Applicant | None:
    """The applicant as a document that identifies it names it (``identifies_applicant`` in
    doc_types.yaml: the business licence, then the applicant's own forms); claims unknown."""
    for typ in applicant_types():
        for d in docs:
            if d.type == typ and d.fields.get("holder"):
                uscc = d.fields.get("uscc") if d.fields.get("uscc_valid") else None
                return Applicant(name=d.fields["holder"], uscc=uscc, source=_("{file} 中的{type}").format(file=d.path, type=type_name(typ, language())),
                                 claims_known=False)
    return None


def claimed(app: Applicant, item: Any) -> bool:
    """The applicant claims points or compliance for an item: a claim, or the engine scores it above 0."""
    if (app.scores.get(str(item)) or 0) > 0 or app.conditions.get(str(item)) == "met":
        return True
    c = app.claims.get(str(item))
    if not c or c.get("applicable") is False:
        return False
    return bool((c.get("points") or 0) > 0 or c.get("met") is True or c.get("evidence")
                or c.get("value") not in (None, 0, False, "", [], {}, "none"))
