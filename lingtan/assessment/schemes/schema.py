"""The schema every scheme file (and user-supplied indicator file) must satisfy.

A scheme is data: its basic conditions and veto items, indicators with their
scoring rules, categories and aggregation, verdict thresholds, and forms — each
with the source's own wording (``text``) and a citation (``cite``). Expressions
are checked when the file loads, so a typo fails fast with the item named.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from lingtan.common.i18n import _

from ..engine.expr import ExprSyntaxError, compile_expr
from ..engine.wording import placeholders


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_expr(v: Any) -> Any:
    if v is None:
        return v
    try:
        compile_expr(str(v))
    except ExprSyntaxError as exc:
        raise ValueError(str(exc)) from None
    return str(v)


ExprStr = Annotated[str, Field(min_length=1), AfterValidator(_check_expr)]  # checked when the file loads


class Citation(_S):
    file: str
    title: str
    issuer: str
    year: int


class Level(_S):
    id: str
    name: str
    cite: str


# --- scoring rules ---------------------------------------------------------------------


class _Rule(_S):
    input: ExprStr | None = None
    unit: Literal["percent", "number", "count", "text", "years"] = "number"
    input_label: str | None = None  # what the input means, for the derivation text
    # How the derivation states the computation in the source's terms: Chinese text with {expr} or
    # {expr|percent} placeholders (scheme expressions; ``input`` is the rule's input, in a formula
    # also its ``where`` names), e.g. "可再生能源消费量 {last.renewable_tce} tce ÷ … = {input|percent}".
    explain: str | None = None

    @field_validator("explain")
    @classmethod
    def _v_explain(cls, v: str | None) -> str | None:
        for expr, _unit in placeholders(v or ""):
            _check_expr(expr)
        return v


class Band(_S):
    gte: float | None = None  # lower bound, inclusive (不低于 / 及以上)
    gt: float | None = None  # lower bound, exclusive (大于 / 超过)
    points: float = Field(ge=0)
    label: str | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if self.gte is not None and self.gt is not None:
            raise ValueError(_("区间只能给出 gte 或 gt 之一"))
        return self


class BandsRule(_Rule):
    """First band whose lower bound the value reaches; a band without bound is the fallback."""

    kind: Literal["bands"]
    input: ExprStr
    bands: list[Band] = Field(min_length=1)


class PerUnitRule(_Rule):
    """points = count × per, capped (default cap: the item's points)."""

    kind: Literal["per_unit"]
    input: ExprStr
    per: float = Field(gt=0)
    cap: float | None = None


class ProportionalRule(_Rule):
    """Linear from 0 points at ``zero_at`` to full points at ``full_at``; 0 below ``zero_below``."""

    kind: Literal["proportional"]
    input: ExprStr
    zero_at: float = 0
    full_at: float
    zero_below: float | None = None


class RangeRow(_S):
    gte: float | None = None
    gt: float | None = None
    value: Any


class RangeLookup(_S):
    input: ExprStr
    rows: list[RangeRow] = Field(min_length=1)


class FormulaRule(_Rule):
    """points = expr, clamped to [0, item points]; ``where`` binds helper values first."""

    kind: Literal["formula"]
    expr: ExprStr
    where: dict[str, Annotated[str, Field(min_length=1)] | RangeLookup] = Field(default_factory=dict)  # strings checked below

    @field_validator("where")
    @classmethod
    def _v_where(cls, v: dict) -> dict:
        for val in v.values():
            if isinstance(val, str):
                _check_expr(val)
        return v


class LookupRule(_Rule):
    """points = table[input]; a list input takes the best entry present."""

    kind: Literal["lookup"]
    input: ExprStr
    table: dict[str, float]
    default: float = 0
    choices: dict[str, str] = Field(default_factory=dict)  # Chinese wording of the table's keys


class YesNoRule(_Rule):
    """Full points when input is true, else 0; ``show`` names a value to print in the derivation."""

    kind: Literal["yes_no"]
    input: ExprStr
    show: ExprStr | None = None
    show_label: str | None = None



class SelfAssessedRule(_Rule):
    """Degree met, self-assessed by the applicant (claim.points or claim.met), bounded by the maximum."""

    kind: Literal["self_assessed"]
    guidance: str | None = None


Rule = Annotated[
    BandsRule | PerUnitRule | ProportionalRule | FormulaRule | LookupRule | YesNoRule | SelfAssessedRule,
    Field(discriminator="kind"),
]


# --- scheme parts ----------------------------------------------------------------------


class Condition(_S):
    """A basic condition (基本条件/基本要求), veto item (否决项) or exclusion (不得申报情形)."""

    id: str
    group: Literal["basic", "veto", "exclusion"]
    name: str
    text: str
    cite: str
    levels: list[str] | None = None
    applies_when: ExprStr | None = None
    not_applicable_text: str | None = None
    test: ExprStr
    declared: bool = False  # the fact is the applicant's own declaration (compliance, 承诺)
    facts: dict[str, ExprStr] = Field(default_factory=dict)  # label -> expr shown as evidence
    fail_text: str | None = None
    evidence: str | None = None  # 符合性说明 / 证明材料 named by the source
    decision: str | None = None  # how an ambiguity of the text was decided


class Aggregation(_S):
    method: Literal["sum", "category_weighted", "item_weighted"] = "sum"
    category_full: float = 100  # category_weighted: a category's score is capped here
    overflow: Literal["cap", "normalise"] = "cap"


class Section(_S):
    id: str
    name: str
    cite: str
    aggregation: Aggregation = Field(default_factory=Aggregation)
    max_points: float  # the maximum the source states (or the documented decision)
    decision: str | None = None


class Category(_S):
    id: str
    name: str
    section: str = "main"
    weight: float | None = Field(None, ge=0, le=1)
    points_as_printed: float | None = None  # the category's points as the source prints them
    cite: str | None = None


class Reconcile(_S):
    """Two figures of one quantity the applicant gives twice (a claimed total and the list it sums): a finding
    when they differ, the item scored as its rule says."""

    claimed: ExprStr
    computed: ExprStr
    label: str  # the quantity, in Chinese
    unit: str = ""
    tolerance: float = Field(0.005, ge=0)  # relative
    cite: str


class Indicator(_S):
    id: str
    section: str = "main"
    category: str
    name: str
    text: str
    cite: str
    points: float = Field(gt=0)
    requirement: Literal["required", "optional", "scored"] = "scored"  # 必选 / 可选 / (no type given)
    conditional: bool = False  # 适用时
    weight: float | None = Field(None, ge=0, le=1)  # item_weighted sections
    evidence: str | None = None  # 符合性说明 / 证明材料
    levels: list[str] | None = None
    applies_when: ExprStr | None = None
    not_applicable_points: Literal["full", "zero"] = "full"
    met_when: Literal["full", "positive"] = "full"
    rule: Rule
    reconcile: Reconcile | None = None
    decision: str | None = None



class Threshold(_S):
    """A verdict rule beyond the conditions: a comparison, or 'all 必选 met'."""

    id: str
    kind: Literal["compare", "all_required_met"] = "compare"
    name: str
    text: str
    cite: str
    levels: list[str] | None = None
    value: ExprStr | None = None
    op: Literal[">=", ">", "<=", "<", "=="] = ">="
    target: float | None = None
    unit: Literal["percent", "number", "points", "tce", "tco2"] = "number"
    decision: str | None = None


    @model_validator(mode="after")
    def _complete(self) -> Threshold:
        if self.kind == "compare" and (self.value is None or self.target is None):
            raise ValueError(_("阈值 {id}：compare 类型需要 value 和 target").format(id=self.id))
        return self


class Metric(_S):
    expr: ExprStr
    label: str
    unit: Literal["percent", "number", "tce", "tco2", "ratio", "years"] = "number"
    cite: str | None = None



class Form(_S):
    id: str
    name: str
    cite: str
    batch: bool = False
    # A form for factories already on the provincial list (动态管理表): generated only when the data has ``listing``.
    listed_only: bool = False
    length_limits: dict[str, str] = Field(default_factory=dict)
    # Output file name; ``{enterprise}`` is the enterprise's full name. Default: "{enterprise}-<name>".
    filename: str | None = None


class Stage(_S):
    """A stage of the scheme's procedure (入库 / 认定, 申请 / 培育 / 验收 …) and the criteria judged at it."""

    id: str
    name: str
    text: str  # what the source says happens at this stage
    cite: str
    conditions: list[str] | None = None  # ids of the conditions judged at this stage; None: all of them
    thresholds: list[str] | None = None  # ids of the thresholds (确认标准) that decide here; None: all of them
    decision: str | None = None


class Decision(_S):
    topic: str
    text: str
    cite: str


class IndicatorSet(_S):
    """What a user-supplied indicator file holds (hefei): sections, categories, indicators, thresholds."""

    title: str
    source: str
    sections: list[Section]
    categories: list[Category]
    indicators: list[Indicator]
    thresholds: list[Threshold] = Field(default_factory=list)
    metrics: dict[str, Metric] = Field(default_factory=dict)


class Scheme(_S):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    short_name: str
    region: str
    source: Citation
    summary: str
    levels: list[Level] = Field(min_length=1)
    default_level: str
    required_years: list[ExprStr] = Field(default_factory=list)
    metrics: dict[str, Metric] = Field(default_factory=dict)
    conditions: list[Condition] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)  # the first is the default; none: one stage, every criterion
    forms: list[Form] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    indicators_in_source: bool = True
    indicators_note: str | None = None  # for every reader (documents too): plain Chinese
    indicators_hint: str | None = None  # for the command-line user: how to supply the indicators

    @model_validator(mode="after")
    def _references(self) -> Scheme:
        problems = []
        level_ids = {lv.id for lv in self.levels}
        if self.default_level not in level_ids:
            problems.append(f"default_level {self.default_level!r} 不在 levels 中")
        problems += check_references(self.sections, self.categories, self.indicators, level_ids)
        for c in self.conditions:
            for lv in c.levels or []:
                if lv not in level_ids:
                    problems.append(f"条件 {c.id} 的 levels 含未知级别 {lv!r}")
        for t in self.thresholds:
            for lv in t.levels or []:
                if lv not in level_ids:
                    problems.append(f"阈值 {t.id} 的 levels 含未知级别 {lv!r}")
        cond_ids, th_ids = {c.id for c in self.conditions}, {t.id for t in self.thresholds}
        for st in self.stages:
            for cid in st.conditions or []:
                if cid not in cond_ids:
                    problems.append(f"阶段 {st.id} 引用了未定义的条件 {cid!r}")
            for tid in st.thresholds or []:
                if tid not in th_ids:
                    problems.append(f"阶段 {st.id} 引用了未定义的确认标准 {tid!r}")
        ids = [c.id for c in self.conditions] + [i.id for i in self.indicators] + [t.id for t in self.thresholds]
        dups = {i for i in ids if ids.count(i) > 1}
        if dups:
            problems.append(f"条目 id 重复：{sorted(dups)}")
        if problems:
            raise ValueError("；".join(problems))
        return self


def check_references(sections: list[Section], categories: list[Category], indicators: list[Indicator], level_ids: set[str]) -> list[str]:
    """Cross-references between sections, categories and indicators."""
    problems = []
    sec_ids = {s.id for s in sections}
    cat_ids = {c.id for c in categories}
    for c in categories:
        if c.section not in sec_ids:
            problems.append(f"类别 {c.id} 引用了未定义的部分 {c.section!r}")
    for ind in indicators:
        if ind.category not in cat_ids:
            problems.append(f"指标 {ind.id} 引用了未定义的类别 {ind.category!r}")
        if ind.section not in sec_ids:
            problems.append(f"指标 {ind.id} 引用了未定义的部分 {ind.section!r}")
        for lv in ind.levels or []:
            if level_ids and lv not in level_ids:
                problems.append(f"指标 {ind.id} 的 levels 含未知级别 {lv!r}")
        if isinstance(ind.rule, BandsRule) and any(b.points > ind.points for b in ind.rule.bands):
            problems.append(f"指标 {ind.id} 的分档得分超过该项分值 {ind.points}")
        if isinstance(ind.rule, LookupRule) and any(v > ind.points for v in ind.rule.table.values()):
            problems.append(f"指标 {ind.id} 的查表得分超过该项分值 {ind.points}")
    for s in sections:
        if s.aggregation.method == "category_weighted":
            for c in categories:
                if c.section == s.id and c.weight is None:
                    problems.append(f"部分 {s.id} 按类别加权，类别 {c.id} 缺少 weight")
        if s.aggregation.method == "item_weighted":
            for ind in indicators:
                if ind.section == s.id and ind.weight is None:
                    problems.append(f"部分 {s.id} 按条目加权，指标 {ind.id} 缺少 weight")
    ind_ids = [i.id for i in indicators]
    dups = {i for i in ind_ids if ind_ids.count(i) > 1}
    if dups:
        problems.append(f"指标 id 重复：{sorted(dups)}")
    return problems
