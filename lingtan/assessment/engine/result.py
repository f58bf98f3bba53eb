"""The engine's result objects: every decision kept with its evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

ConditionStatus = Literal["met", "not_met", "not_applicable", "unknown"]  # unknown: a declaration 未填写 (not met)
Method = Literal["computed", "self_assessed", "not_applicable", "missing_data"]
VerdictStatus = Literal["eligible", "not_eligible", "undetermined"]

STATUS_ZH = {"met": "符合", "not_met": "不符合", "not_applicable": "不适用", "unknown": "无法判定"}
METHOD_ZH = {"computed": "按数据计算", "self_assessed": "企业自评", "not_applicable": "不适用", "missing_data": "缺少数据"}
REQUIREMENT_ZH = {"required": "必选", "optional": "可选", "scored": "评分项"}
VERDICT_ZH = {"eligible": "符合申报条件", "not_eligible": "不符合申报条件", "undetermined": "无法判定"}


@dataclass(kw_only=True)
class ItemResult:
    """What every assessed item keeps: the source's words, the evidence and what was read."""

    id: str
    name: str
    text: str  # the source's own wording
    cite: str
    evidence: list[str] = field(default_factory=list)  # files the applicant names
    evidence_required: str | None = None  # the materials the source asks for
    trace: dict[str, Any] = field(default_factory=dict)  # every data value read, by path


@dataclass(kw_only=True)
class ConditionResult(ItemResult):
    group: str
    status: ConditionStatus
    reason: str
    declared: bool
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class IndicatorResult(ItemResult):
    section: str
    category: str
    requirement: str
    max_points: float
    points: float
    method: Method
    rule_kind: str
    derivation: str
    met: bool | None  # for required items: is the requirement met
    weight: float | None = None
    claimed_points: float | None = None
    note: str | None = None


@dataclass
class CategoryResult:
    id: str
    name: str
    section: str
    weight: float | None
    raw: float
    max_raw: float
    score: float  # after capping / normalising
    weighted: float


@dataclass
class SectionResult:
    id: str
    name: str
    method: str
    total: float
    max_points: float


@dataclass
class ThresholdResult:
    id: str
    name: str
    text: str
    cite: str
    passed: bool
    value: Any
    target: Any
    op: str
    reason: str
    in_stage: bool = True  # False: not a criterion at the stage evaluated (shown, not counted)


@dataclass
class Verdict:
    status: VerdictStatus
    reasons: list[str]


@dataclass
class Assessment:
    scheme: str
    scheme_name: str
    level: str
    level_name: str
    enterprise: str
    uscc: str
    as_of: date
    conditions: list[ConditionResult]
    indicators: list[IndicatorResult]
    categories: list[CategoryResult]
    sections: list[SectionResult]
    total: float | None
    max_total: float | None
    thresholds: list[ThresholdResult]
    verdict: Verdict
    metrics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    indicators_note: str | None = None
    indicators_hint: str | None = None  # how a command-line user supplies the indicators
    as_of_basis: str = "given"  # why as_of: given / application (the data's 申报日期) / today (engine.dates)
    stage: str = "single"  # the stage of the scheme's procedure evaluated at (scheme.stages)
    stage_name: str = "申报"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat()
        return _jsonable(d)


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, date):
        return x.isoformat()
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, (str, int, bool)) or x is None:
        return x
    return str(x)
