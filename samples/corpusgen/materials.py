"""What a complete submission holds, per scheme: planned from the scheme's evidence spec.

The checker checks a submission against ``evidence_specs/<scheme>.yaml``; the corpus is built from
the same spec files so that its ground truth is what a perfect checker reports. The spec, the
applicant and each material's requirement are read and decided by the corpus's own, independent
implementation (``evidence.py``: PyYAML, the factory data file, the assessment engine) — never by the
checker's code, so that a bug there shows up in the evaluation instead of in the truth. For each
scheme the applicant is the scheme's sample factory (``FACTORIES``).

A clean submission holds one document for every material required for that applicant, plus some
optional materials (chosen from the seed). The checker matches materials by document type, so one
document of a type satisfies every material accepting that type — e.g. one GHG verification report
serves 核查报告, 碳排放核算 and 碳强度 materials, and the 申报书 serves both the 申报书 and the
评价指标表 materials: such a document is planned once and lists every material it serves
(``materials``), and it must pass the checks of all of them (the union of their ``years``, etc.).
Documents of type ``other`` serve only the material they were made for (the checker matches them by
the material's name).

Which document type a material is satisfied with: a type already planned if the material accepts
one; else the applicant's own lingtan form when the material accepts it (``forms.FORM_TYPES``), else
a type with a specific renderer (``documents.DOC_TYPES``), else any other type (drawn by the generic
renderer, ``doc_generic``), ``other`` last; ties are broken from the seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .documents import DOC_TYPES
from .evidence import Applicant, EvidenceSpec, applicant_of, load_spec, requirement
from .evidence import Material as SpecMaterial
from .evidence import material_years as _material_years
from .forms import FORM_TYPES

SAMPLES = Path(__file__).resolve().parent.parent
FACTORY_DIR = SAMPLES / "factories"

# the sample factory of each scheme (samples/factories/<file>.yaml)
FACTORIES = {
    "jiangsu": "jiangsu-zero",
    "suzhou": "suzhou-near-zero",
    "fujian-zero": "fujian-zero",
    "fujian-near-zero": "fujian-near-zero",
    "hefei": "hefei",
    "zhejiang": "zhejiang",
}
SCHEMES = list(FACTORIES)

# how enterprises name the file of each document type (without number or extension)
LABELS = {
    "business_licence": "营业执照", "production_licence": "生产许可证", "credit_report": "信用报告",
    "land_property_cert": "不动产权证书", "project_approval": "项目备案证", "eia_approval": "环评批复",
    "energy_assessment_approval": "节能审查意见", "safety_assessment": "安全评价报告", "fire_acceptance": "消防验收意见书",
    "completion_acceptance": "竣工验收备案表", "three_simultaneous_acceptance": "三同时验收意见", "site_plan": "厂区平面布置图",
    "audit_report": "审计报告", "pollutant_discharge_permit": "排污许可证", "environmental_monitoring_report": "环境监测报告",
    "hazardous_waste_contract": "危险废物处置合同", "qms_certificate": "质量管理体系认证证书",
    "ems_certificate": "环境管理体系认证证书", "ohsms_certificate": "职业健康安全管理体系认证证书",
    "enms_certificate": "能源管理体系认证证书", "green_factory_notice": "绿色工厂发文", "smart_factory_notice": "智能工厂认定文件",
    "green_design_notice": "绿色设计示范企业名单", "low_carbon_product_cert": "低碳产品认证证书",
    "ghg_verification_report": "温室气体排放核查报告", "ghg_inventory": "温室气体排放报告",
    "reduction_assessment_report": "减排量评估报告", "carbon_footprint_report": "产品碳足迹报告",
    "carbon_neutrality_certificate": "碳中和证书", "energy_audit_report": "能源审计报告",
    "energy_structure_table": "非化石能源利用量统计表", "renewable_project_contract": "分布式光伏项目合同",
    "green_power_certificate": "绿色电力证书", "green_power_consumption_proof": "绿色电力消费凭证",
    "green_power_contract": "绿电交易合同", "offset_purchase_proof": "CCER注销证明", "equipment_ledger": "设备台账",
    "carbon_platform_evidence": "能碳管理平台截图", "esg_report": "ESG报告", "ecodesign_evaluation": "生态设计评价报告",
    "management_body_doc": "领导小组成立文件", "construction_plan": "建设规划", "training_records": "培训记录",
    "third_party_evaluation_report": "第三方评价报告",
}
# the applicant's own forms, as enterprises name them: scheme -> doc type -> label
FORM_LABELS = {
    "jiangsu": {"intake_form": "入库申报表", "application_form": "申报书"},
    "suzhou": {"self_evaluation_report": "评价指标体系自评表"},
    "fujian-zero": {"application_form": "零碳工厂申报书", "self_evaluation_report": "评价指标表（自评）"},
    "fujian-near-zero": {"application_form": "近零碳工厂申报书", "self_evaluation_report": "验收评价表（自评）"},
    "hefei": {"self_evaluation_report": "零碳示范工厂评价报告", "dynamic_management_table": "动态管理表"},
    "zhejiang": {"self_evaluation_report": "绿色低碳工厂自评价报告", "dynamic_management_table": "动态管理表"},
}
CERT_SYSTEMS = {"qms_certificate": "qms", "ems_certificate": "ems", "ohsms_certificate": "ohsms", "enms_certificate": "enms"}
OPTIONAL_SHARE = 0.5  # chance that an optional material (not required for this applicant) is handed in anyway


@dataclass(frozen=True)
class Material:
    """One planned document of a submission and the spec materials it serves."""

    material: str                 # the spec material it was planned for (primary id)
    materials: tuple[str, ...]    # every spec material it serves (the checker matches by type)
    doc_type: str
    label: str                    # how enterprises name the file (without number or extension)
    name: str                     # the spec's name of the primary material (title of ``other`` documents)
    cite: str
    required: bool                # serves a material required for this applicant
    form: bool = False            # the applicant's own form, produced by lingtan (see forms.py)
    checks: frozenset = frozenset()  # union of the check ids of the materials it serves
    years: tuple[int, ...] = ()   # years it must cover (union of the years checks of those materials)
    only_for: tuple[str, ...] = ()  # required materials no other planned document satisfies (its removal: missing)
    kw: dict = field(default_factory=dict, hash=False, compare=False)  # passed to the renderer

    @property
    def generic(self) -> bool:
        """Drawn by doc_generic (no specific renderer for the type)."""
        return not self.form and self.doc_type not in DOC_TYPES


@lru_cache(maxsize=16)
def factory_path(scheme: str) -> Path:
    return FACTORY_DIR / f"{FACTORIES[scheme]}.yaml"


@lru_cache(maxsize=16)
def applicant(scheme: str) -> Applicant:
    """The applicant of the scheme's sample factory (what ``--applicant`` gives the checker)."""
    return applicant_of(factory_path(scheme), scheme)


def spec(scheme: str) -> EvidenceSpec:
    return load_spec(scheme)


def required_of(scheme: str) -> dict[str, bool]:
    """spec material id -> whether it is required for the sample applicant."""
    app = applicant(scheme)
    return {m.id: requirement(m, app) for m in spec(scheme).materials}


def material_years(m: SpecMaterial, app: Applicant) -> list[int]:
    """The years a material's ``years`` check asks for, [] when none."""
    return _material_years(m, app)


def serves(m: SpecMaterial, doc_type: str, primary: str) -> bool:
    """Whether a document of ``doc_type`` planned for material ``primary`` satisfies ``m`` (checker's matching)."""
    if doc_type not in m.types:
        return False
    return doc_type != "other" or m.id == primary


def _tier(t: str, forms: set[str]) -> int:
    if t in forms:
        return 0
    if t in DOC_TYPES:
        return 1
    if t != "other":
        return 2
    return 3


def _short(name: str) -> str:
    """A file label from a material's name: up to the first bracket or punctuation, at most 20 characters."""
    cut = len(name)
    for ch in "（(，,：:；;、":
        i = name.find(ch)
        if 4 <= i < cut:
            cut = i
    s = re.sub(r'[\\/:*?"<>|“”]', "", name[:cut])  # not allowed in (Windows) file names
    return s if len(s) <= 20 else s[:20]


def plan(scheme: str, seed: int = 0) -> list[Material]:
    """The documents of a complete submission for ``scheme``, in the spec's order of materials."""
    sp, app = spec(scheme), applicant(scheme)
    req = required_of(scheme)
    forms = {t for t, _cite in FORM_TYPES[scheme].values()}
    index = {m.id: i for i, m in enumerate(sp.materials)}
    chosen: dict[str, tuple[str, str]] = {}  # primary material id -> (doc type, how)
    planned_types: set[str] = set()

    def pick(m: SpecMaterial) -> None:
        if any(t in planned_types for t in m.types if t != "other"):
            return  # a planned document of an accepted type already satisfies it
        best = min(_tier(t, forms) for t in m.types)
        cands = [t for t in m.types if _tier(t, forms) == best]
        t = cands[random.Random(f"materials:{scheme}:{seed}:{m.id}").randrange(len(cands))] if len(cands) > 1 else cands[0]
        chosen[m.id] = (t, "planned")
        if t != "other":
            planned_types.add(t)

    # 1. the applicant's forms (lingtan makes them all; every one is some material's document)
    for t in sorted(forms):
        owner = next((m for m in sp.materials if t in m.types and m.types[0] == t), None) or \
            next((m for m in sp.materials if t in m.types), None)
        if owner is not None and owner.id not in chosen:
            chosen[owner.id] = (t, "form")
            planned_types.add(t)
    # 2. the required materials, the most constrained (fewest types) first
    for m in sorted((m for m in sp.materials if req[m.id]), key=lambda m: (len(m.types), index[m.id])):
        if m.id not in chosen:
            pick(m)
    # 3. some optional ones
    rnd = random.Random(f"optional:{scheme}:{seed}")
    for m in sp.materials:
        if req[m.id] or m.id in chosen or m.required != "optional":
            continue
        if rnd.random() < OPTIONAL_SHARE:
            pick(m)

    out: list[Material] = []
    planned = sorted(chosen.items(), key=lambda kv: index[kv[0]])
    for mid, (t, how) in planned:
        m0 = next(m for m in sp.materials if m.id == mid)
        served = [m for m in sp.materials if serves(m, t, mid)]
        checks = frozenset(c for m in served for c in m.check_ids())
        years = sorted({y for m in served for y in material_years(m, app)})
        kw: dict = {}
        if t in CERT_SYSTEMS:
            kw["system"] = CERT_SYSTEMS[t]
        if how == "form":
            label = FORM_LABELS[scheme].get(t, LABELS.get(t, t))
        elif t == "other":
            label = _short(m0.name)
        else:
            label = LABELS.get(t, t)
        out.append(Material(
            material=mid, materials=tuple(m.id for m in served), doc_type=t, label=label, name=m0.name, cite=m0.cite,
            required=any(req[m.id] for m in served), form=how == "form", checks=checks, years=tuple(years), kw=kw,
            only_for=tuple(m.id for m in served if req[m.id] and not any(
                serves(m, t2, mid2) for mid2, (t2, _h) in planned if mid2 != mid)),
        ))
    return out


def materials(scheme: str, seed: int = 0) -> list[Material]:
    """The documents of a complete submission (alias of :func:`plan`)."""
    return plan(scheme, seed)


def spec_summary(scheme: str) -> list[dict]:
    """The spec's materials with their requirement for the sample applicant (written into the truth)."""
    app = applicant(scheme)
    out = []
    for m in spec(scheme).materials:
        r = requirement(m, app)
        d = {"id": m.id, "name": m.name, "cite": m.cite, "requirement": m.required, "required": r, "types": list(m.types),
             "checks": m.check_ids()}
        ys = material_years(m, app)
        if ys:
            d["years"] = ys
        out.append(d)
    return out
