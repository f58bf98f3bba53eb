"""The engine: a factory + a scheme (+ level) → every condition, indicator, total and the verdict.

Stages: check data requirements → conditions → indicators → aggregation →
thresholds → verdict. Nothing here knows any scheme by name.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from typing import Any

from lingtan.common.errors import DataValidationError, SchemeDefinitionError
from lingtan.common.i18n import _

from ..model.factory import Claim, Factory
from ..schemes.schema import Indicator, Scheme, SelfAssessedRule, Stage, Threshold
from .context import Env
from .dates import AsOfBasis, evaluation_date
from .expr import ExprSyntaxError, MissingFact, Trace, UnknownFact, evaluate, is_missing
from .result import (
    Assessment,
    CategoryResult,
    ConditionResult,
    ConditionStatus,
    IndicatorResult,
    Method,
    SectionResult,
    ThresholdResult,
    Verdict,
    VerdictStatus,
)
from .rules import COMPUTED, fmt_points, fmt_value
from .rules import missing as missing_explained
from .wording import met_reason, source_no, years_read

_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
EPS = 1e-9


def _in_level(levels: list[str] | None, level: str) -> bool:
    return levels is None or level in levels


class _Runner:
    def __init__(self, factory: Factory, scheme: Scheme, level: str, as_of: date, stage: Stage, basis: AsOfBasis = "given") -> None:
        self.factory = factory
        self.scheme = scheme
        self.level = level
        self.as_of = as_of
        self.basis = basis
        self.stage = stage
        self.env = Env(factory, scheme.id, as_of, level, stage.id)
        self.claims: dict[str, Claim] = factory.claims.get(scheme.id, {})
        self.warnings: list[str] = []
        for name, metric in scheme.metrics.items():
            self.env.metric_funcs[name] = self._metric_fn(metric.expr, name)

    def _metric_fn(self, expr: str, name: str) -> Callable[[Trace], Any]:
        def fn(trace: Trace) -> Any:
            return self.eval(expr, trace, where=f"指标量 {name}")

        return fn

    def eval(self, expr: str, trace: Trace, item: str | None = None, extra: dict | None = None, where: str = "") -> Any:
        try:
            return evaluate(expr, self.env.build(trace, item, extra))
        except ExprSyntaxError as exc:
            raise SchemeDefinitionError(_("方案 {id} {where} 的表达式有误：{exc}").format(id=self.scheme.id, where=where or item or '', exc=exc)) from exc

    # -- stage 0: data the scheme needs ---------------------------------------------------
    def check_required_years(self) -> None:
        missing = []
        for expr in self.scheme.required_years:
            y = self.eval(expr, Trace(), where="required_years")
            if self.factory.year(int(y)) is None:
                missing.append(int(y))
        if missing:
            have = "、".join(str(f.year) for f in sorted(self.factory.years, key=lambda f: f.year))
            raise DataValidationError(
                _("数据不足以按方案 {id}（{short_name}）评价").format(id=self.scheme.id, short_name=self.scheme.short_name),
                problems=[_("years：缺少 {y} 年的年度数据（该方案需要 {y} 年数据；已有：{have}）").format(y=y, have=have) for y in missing],
            )

    # -- stage 1: conditions ----------------------------------------------------------------
    def conditions(self) -> list[ConditionResult]:
        out = []
        for c in self.scheme.conditions:
            if not _in_level(c.levels, self.level):
                continue
            if self.stage.conditions is not None and c.id not in self.stage.conditions:
                out.append(self._not_at_stage(c))
                continue
            trace = Trace()
            claim = self.claims.get(c.id)
            evidence = list(claim.evidence) if claim else []
            facts: dict[str, Any] = {}
            unfilled: list[str] = []
            for label, expr in c.facts.items():
                try:
                    facts[label] = fmt_value(self.eval(expr, trace, c.id), "percent" if "占比" in label or "比例" in label or "率" in label else "number")
                except MissingFact as mf:
                    facts[label] = f"（{mf}）"
                    unfilled.append(label)
            status: ConditionStatus = "met"
            reason = ""
            try:
                applies = True if c.applies_when is None else bool(self.eval(c.applies_when, trace, c.id))
                if not applies:
                    status, reason = "not_applicable", c.not_applicable_text or "不适用"
                else:
                    ok = bool(self.eval(c.test, trace, c.id))
                    status = "met" if ok else "not_met"
                    reason = met_reason(
                        declared=c.declared, name=c.name, facts=facts, missing=unfilled, years=years_read(trace.reads),
                        evidence=evidence, required=c.evidence,
                    ) if ok else (c.fail_text or f"不符合：{c.text}")
                    if not ok and facts:
                        reason += "（" + "；".join(f"{k}：{v}" for k, v in facts.items()) + "）"
            except UnknownFact as uf:
                status, reason = "unknown", _("无法判定：{what}").format(what=uf)
            except MissingFact as mf:
                status, reason = "not_met", f"无法判定为符合，{mf}"
            out.append(
                ConditionResult(
                    id=c.id, group=c.group, name=c.name, text=c.text, cite=c.cite, status=status, reason=reason,
                    declared=c.declared, facts=facts, evidence=evidence, evidence_required=c.evidence,
                    trace=dict(trace.reads),
                )
            )
        return out

    def _not_at_stage(self, c: Any) -> ConditionResult:
        """A condition the source does not judge at this stage: not applicable here, saying so."""
        reason = _("{stage}阶段不评价此项（{cite}）").format(stage=self.stage.name, cite=self.stage.cite)
        return ConditionResult(id=c.id, group=c.group, name=c.name, text=c.text, cite=c.cite, status="not_applicable",
                               reason=reason, declared=c.declared, evidence_required=c.evidence)

    # -- stage 2: indicators ----------------------------------------------------------------
    def indicator(self, ind: Indicator) -> IndicatorResult:
        trace = Trace()
        claim = self.claims.get(ind.id)
        rule = ind.rule
        max_pts = ind.points
        note = None
        applicable = True
        method: Method
        if ind.applies_when is not None:
            try:
                applicable = bool(self.eval(ind.applies_when, trace, ind.id))
            except MissingFact:
                applicable = True
        if ind.conditional and claim is not None and not claim.applicable:
            applicable = False
        elif claim is not None and not claim.applicable and not ind.conditional:
            self.warnings.append(f"{ind.id}：该指标并非“适用时”指标，自评“不适用”被忽略")

        if not applicable:
            pts = max_pts if ind.not_applicable_points == "full" else 0.0
            method, derivation = "not_applicable", f"不适用（{'按满分计' if pts else '不得分'}，见方案说明）"
        elif isinstance(rule, SelfAssessedRule):
            method = "self_assessed"
            if claim is None or (claim.points is None and claim.met is None):
                pts, derivation = 0.0, "未提供自评，得 0 分"
            elif claim.points is not None:
                pts = min(claim.points, max_pts)
                derivation = f"企业自评 {fmt_points(claim.points)} 分（满足程度，0–{fmt_points(max_pts)} 分）"
                if claim.points > max_pts + EPS:
                    derivation += f"，超过满分，按 {fmt_points(max_pts)} 分计"
                    self.warnings.append(f"{ind.id}：自评分 {fmt_points(claim.points)} 超过满分 {fmt_points(max_pts)}，已按满分计")
            else:
                pts = max_pts if claim.met else 0.0
                derivation = f"企业自评{'完全符合，得满分' if claim.met else '不符合，得 0 分'}"
        else:
            method = "computed"
            try:
                pts, derivation = COMPUTED[rule.kind](rule, max_pts, lambda e, extra: self.eval(e, trace, ind.id, extra))
            except MissingFact as mf:
                ev = lambda e, extra: self.eval(e, Trace(), ind.id, extra)  # noqa: E731 - not traced: the item failed
                pts, derivation, method = 0.0, missing_explained(rule, mf, ev), "missing_data"
            if claim is not None and claim.points is not None and abs(claim.points - pts) > EPS:
                note = f"企业自评 {fmt_points(claim.points)} 分，按数据计算为 {fmt_points(pts)} 分，以计算结果为准"
                self.warnings.append(f"{ind.id}：{note}")
        pts = max(0.0, min(max_pts, pts))
        if ind.reconcile is not None and applicable:
            finding = self._reconcile(ind)
            if finding:
                note = f"{note}；{finding}" if note else finding
                self.warnings.append(f"{ind.id}：{finding}")
        met: bool | None = None
        if ind.requirement == "required":
            met = pts >= max_pts - EPS if ind.met_when == "full" else pts > EPS
        return IndicatorResult(
            id=ind.id, section=ind.section, category=ind.category, name=ind.name, text=ind.text, cite=ind.cite,
            requirement=ind.requirement, max_points=max_pts, points=round(pts, 6), method=method, rule_kind=rule.kind,
            derivation=derivation, met=met, weight=ind.weight,
            claimed_points=claim.points if claim else None, evidence=list(claim.evidence) if claim else [],
            evidence_required=ind.evidence, note=note or (claim.note if claim else None), trace=dict(trace.reads),
        )

    def _reconcile(self, ind: Indicator) -> str | None:
        """A finding when the applicant's two figures of one quantity differ (None when they agree or one is absent)."""
        r = ind.reconcile
        assert r is not None
        try:
            claimed = self.eval(r.claimed, Trace(), ind.id)
            computed = self.eval(r.computed, Trace(), ind.id)
        except MissingFact as mf:
            return _("无法核对{label}：{missing}").format(label=r.label, missing=mf)
        if is_missing(claimed) or is_missing(computed):
            return None
        a, b = float(claimed), float(computed)
        if abs(a - b) <= r.tolerance * max(abs(a), abs(b)):
            return None
        return _("企业填报的{label} {claimed} {unit}与项目清单合计 {computed} {unit}不一致，请核对（{cite}）").format(
            label=r.label, claimed=fmt_value(a), computed=fmt_value(b), unit=r.unit, cite=r.cite)

    # -- stage 3: aggregation -----------------------------------------------------------------
    def aggregate(self, results: list[IndicatorResult]) -> tuple[list[CategoryResult], list[SectionResult]]:
        cats, secs = [], []
        for sec in self.scheme.sections:
            agg = sec.aggregation
            total = 0.0
            sec_items = [r for r in results if r.section == sec.id]
            if agg.method == "item_weighted":
                total = sum(r.points * (r.weight or 0) for r in sec_items)
            for cat in [c for c in self.scheme.categories if c.section == sec.id]:
                items = [r for r in sec_items if r.category == cat.id]
                raw = sum(r.points for r in items)
                max_raw = sum(r.max_points for r in items)
                score, weighted = raw, raw
                if agg.method == "category_weighted":
                    score = raw / max_raw * agg.category_full if agg.overflow == "normalise" and max_raw > 0 else min(raw, agg.category_full)
                    weighted = score * (cat.weight or 0)
                    total += weighted
                elif agg.method == "item_weighted":
                    weighted = sum(r.points * (r.weight or 0) for r in items)
                else:
                    total += raw
                cats.append(CategoryResult(cat.id, cat.name, sec.id, cat.weight, round(raw, 6), max_raw, round(score, 6), round(weighted, 6)))
            secs.append(SectionResult(sec.id, sec.name, agg.method, round(total, 6), sec.max_points))
        return cats, secs

    # -- stage 4: thresholds ----------------------------------------------------------------
    def threshold(self, t: Threshold, results: list[IndicatorResult], sections: list[SectionResult]) -> ThresholdResult:
        if t.kind == "all_required_met":
            unmet = [r for r in results if r.requirement == "required" and not r.met]
            passed = not unmet
            listing = "；".join(f"{source_no(r.id)}{r.name}（{fmt_points(r.points)}/{fmt_points(r.max_points)} 分）" for r in unmet)
            reason = "全部必选要求均已满足" if passed else f"{len(unmet)} 项必选要求未满足：{listing}"
            return ThresholdResult(t.id, t.name, t.text, t.cite, passed, len(unmet), 0, "==", reason)
        assert t.value is not None and t.target is not None  # Threshold._complete: a compare has both
        trace = Trace()
        totals = {s.id: s.total for s in sections}
        extra = {"section_total": lambda sid: totals[sid], "total": sum(totals.values())}
        unit = "percent" if t.unit == "percent" else "number"
        try:
            value = self.eval(t.value, trace, t.id, extra)
            if is_missing(value):
                raise value._fact()
            passed = bool(_OPS[t.op](float(value), t.target - (EPS if t.op in (">=",) else 0) + (EPS if t.op == "<=" else 0)))
            shown = fmt_value(value, unit)
            reason = f"{t.name} = {shown}，要求 {t.op} {fmt_value(t.target, unit)}：{'满足' if passed else '不满足'}"
        except MissingFact as mf:
            value, passed, reason = None, False, f"{t.name}无法计算（{mf}），视为不满足"
        return ThresholdResult(t.id, t.name, t.text, t.cite, passed, value, t.target, t.op, reason)

    # -- all stages ---------------------------------------------------------------------------
    def run(self) -> Assessment:
        self.check_required_years()
        conds = self.conditions()
        inds = [self.indicator(i) for i in self.scheme.indicators if _in_level(i.levels, self.level)]
        cats, secs = self.aggregate(inds)
        ths = [self.threshold(t, inds, secs) for t in self.scheme.thresholds if _in_level(t.levels, self.level)]
        for t in ths:
            if self.stage.thresholds is not None and t.id not in self.stage.thresholds:
                t.in_stage = False
                t.reason = _("{stage}阶段不以此为确认标准（{cite}）；供参考：{reason}").format(stage=self.stage.name, cite=self.stage.cite, reason=t.reason)
        reasons = [f"{source_no(c.id)}{c.name}：{c.reason}" for c in conds if c.status in ("not_met", "unknown")]
        reasons += [f"{t.name}：{t.reason}" for t in ths if not t.passed and t.in_stage]
        status: VerdictStatus
        if reasons:
            status = "not_eligible"
        elif not self.scheme.indicators_in_source or not self.scheme.indicators:
            status = "undetermined"
            reasons = [self.scheme.indicators_note or "该方案的评价指标体系未提供，无法计算得分"]
        else:
            status = "eligible"
        total = round(sum(s.total for s in secs), 6) if secs else None
        max_total = sum(s.max_points for s in secs) if secs else None
        metrics = {}
        for name, m in self.scheme.metrics.items():
            try:
                metrics[name] = {"label": m.label, "value": self.eval(m.expr, Trace(), where=name), "unit": m.unit}
            except MissingFact as mf:
                metrics[name] = {"label": m.label, "value": None, "unit": m.unit, "missing": str(mf)}
        level_name = next(lv.name for lv in self.scheme.levels if lv.id == self.level)
        return Assessment(
            scheme=self.scheme.id, scheme_name=self.scheme.name, level=self.level, level_name=level_name,
            enterprise=self.factory.enterprise.name, uscc=self.factory.enterprise.uscc, as_of=self.as_of,
            conditions=conds, indicators=inds, categories=cats, sections=secs, total=total, max_total=max_total,
            thresholds=ths, verdict=Verdict(status, reasons), metrics=metrics, warnings=self.warnings,
            indicators_note=self.scheme.indicators_note, indicators_hint=self.scheme.indicators_hint,
            as_of_basis=self.basis, stage=self.stage.id, stage_name=self.stage.name,
        )


def assess(factory: Factory, scheme: Scheme, level: str | None = None, as_of: date | None = None,
           stage: str | None = None) -> Assessment:
    """Evaluate ``factory`` against ``scheme`` at ``level`` (default: the scheme's default) and ``stage`` (default:
    the data's ``application.stage``, else the scheme's first), as of a date (default: :func:`evaluation_date`)."""
    from ..schemes import resolve_level, resolve_stage

    lv = resolve_level(scheme, level)
    if stage is None and factory.application.scheme in (None, scheme.id):
        stage = factory.application.stage
    day, basis = evaluation_date(factory, as_of)
    return _Runner(factory, scheme, lv, day, resolve_stage(scheme, stage), basis).run()
