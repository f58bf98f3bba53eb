"""Evaluation of the seven declarative rule kinds.

Each function takes the rule, the item's maximum points and an evaluator for
expressions, and returns ``(points, derivation)`` where the derivation says in
Chinese how the points follow from the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lingtan.common.errors import SchemeDefinitionError
from lingtan.common.i18n import _

from ..schemes.schema import (
    BandsRule,
    FormulaRule,
    LookupRule,
    PerUnitRule,
    ProportionalRule,
    RangeLookup,
    YesNoRule,
)
from .expr import ListView, Missing, MissingFact, finite, is_missing
from .wording import fill

Evaluator = Callable[[str, dict[str, Any] | None], Any]


def _display_labels() -> dict[str, str]:
    from ..model.vocab import VOCABULARIES

    out: dict[str, str] = {}
    for vocab in VOCABULARIES.values():
        for k, v in vocab.items():
            out.setdefault(k, v)
    out["none"] = "无"
    return out


_LABELS = _display_labels()


def fmt_value(v: Any, unit: str = "number") -> str:
    """Human-readable value: percentages as %, numbers without trailing zeros, vocabulary keys in Chinese,
    an absent value (a “—” in the source's tables) as —."""
    if v is None:
        return "—"
    if isinstance(v, str):
        return _LABELS.get(v, v)
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (int, float)):
        if unit == "percent":
            return f"{v * 100:.2f}".rstrip("0").rstrip(".") + "%"
        if float(v).is_integer():
            return f"{int(v)}"
        return f"{v:.4f}".rstrip("0").rstrip(".")
    if isinstance(v, ListView):
        v = v.raw()
    if isinstance(v, (list, tuple)):
        return "、".join(fmt_value(x, unit) for x in v) or "无"
    return str(v)


def fmt_points(p: float) -> str:
    return f"{round(p, 2):g}"


def _number(v: Any, src: str) -> float:
    if is_missing(v):
        raise v._fact()
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if not finite(v):
        raise MissingFact(src, _("应为数值，实际为 {v!r}").format(v=v))
    return float(v)


def _bound_text(gte: float | None, gt: float | None, unit: str) -> str:
    if gte is not None:
        return f"≥ {fmt_value(gte, unit)}"
    if gt is not None:
        return f"> {fmt_value(gt, unit)}"
    return "其余情况"


def _label(rule: Any) -> str:
    return rule.input_label or rule.input


def _head(rule: Any, value: Any, ev: Evaluator, bound: dict[str, Any] | None = None, unit: str | None = None) -> str:
    """What was computed, in the source's terms: the rule's ``explain`` text with its values
    filled in, else ``label = value``."""
    shown = fmt_value(value, unit or rule.unit) if value is not None else ""
    if not rule.explain:
        return f"{_label(rule)} = {shown}"

    def value_of(expr: str, u: str | None) -> str:
        if expr == "input":
            return shown
        try:
            return fmt_value(ev(expr, {**(bound or {})}), u or "number")
        except MissingFact as mf:
            return f"（{mf}）"

    return fill(rule.explain, value_of)


def bands(rule: BandsRule, max_points: float, ev: Evaluator) -> tuple[float, str]:
    x = _number(ev(rule.input, None), rule.input)
    for band in rule.bands:
        if (band.gte is not None and x >= band.gte) or (band.gt is not None and x > band.gt) or (
            band.gte is None and band.gt is None
        ):
            where = band.label or _bound_text(band.gte, band.gt, rule.unit)
            return band.points, f"{_head(rule, x, ev)}，落在“{where}”档，得 {fmt_points(band.points)} 分"
    return 0.0, f"{_head(rule, x, ev)}，未达到任何分档，得 0 分"


def per_unit(rule: PerUnitRule, max_points: float, ev: Evaluator) -> tuple[float, str]:
    n = _number(ev(rule.input, None), rule.input)
    if n < 0:
        raise MissingFact(rule.input, _("数量不能为负（{n:g}）").format(n=n))
    cap = min(rule.cap if rule.cap is not None else max_points, max_points)
    raw = n * rule.per
    pts = min(raw, cap)
    capped = f"，超过上限取 {fmt_points(cap)} 分" if raw > cap else ""
    return pts, f"{_head(rule, n, ev, unit='number')}，每项 {fmt_points(rule.per)} 分，计 {fmt_points(raw)} 分{capped}"


def proportional(rule: ProportionalRule, max_points: float, ev: Evaluator) -> tuple[float, str]:
    x = _number(ev(rule.input, None), rule.input)
    u = rule.unit
    head = _head(rule, x, ev)
    if rule.zero_below is not None and x < rule.zero_below:
        return 0.0, f"{head}，低于 {fmt_value(rule.zero_below, u)}，不得分"
    span = rule.full_at - rule.zero_at
    frac = (x - rule.zero_at) / span
    frac = max(0.0, min(1.0, frac))
    pts = max_points * frac
    if frac >= 1:
        return pts, f"{head}，达到 {fmt_value(rule.full_at, u)}，得满分 {fmt_points(max_points)} 分"
    return pts, (
        f"{head}，按比例得分：{fmt_points(max_points)} × "
        f"({fmt_value(x, u)} − {fmt_value(rule.zero_at, u)}) / ({fmt_value(rule.full_at, u)} − {fmt_value(rule.zero_at, u)}) = {fmt_points(pts)} 分"
    )


def _range_lookup(spec: RangeLookup, ev: Evaluator) -> tuple[Any, float]:
    x = _number(ev(spec.input, None), spec.input)
    for row in spec.rows:
        if (row.gte is not None and x >= row.gte) or (row.gt is not None and x > row.gt) or (
            row.gte is None and row.gt is None
        ):
            return row.value, x
    raise MissingFact(spec.input, _("取值 {x:g} 不在查表范围内").format(x=x))


class _Row(dict):
    """A looked-up row usable as ``row.name`` in expressions."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)


def formula(rule: FormulaRule, max_points: float, ev: Evaluator) -> tuple[float, str]:
    bound: dict[str, Any] = {}
    notes = []
    for name, spec in rule.where.items():
        if isinstance(spec, RangeLookup):
            value, x = _range_lookup(spec, lambda e, extra: ev(e, {**bound, **(extra or {})}))
            bound[name] = _Row(value) if isinstance(value, dict) else value
            shown = "，".join(f"{k}={'—' if v is None else fmt_value(v)}" for k, v in value.items()) if isinstance(value, dict) else fmt_value(value)
            notes.append(f"{name}：按 {spec.input} = {fmt_value(x)} 查表得 {shown}")
        else:
            try:
                bound[name] = ev(spec, bound)
                notes.append(f"{name} = {fmt_value(bound[name])}")
            except MissingFact as mf:  # only an error if the formula actually uses it
                bound[name] = Missing(mf.path)
    raw = _number(ev(rule.expr, bound), rule.expr)
    pts = max(0.0, min(max_points, raw))
    if rule.explain:
        text = f"{_head(rule, None, lambda e, extra: ev(e, {**bound, **(extra or {})}), bound)} = {fmt_points(raw)}"
    else:
        text = "；".join([*notes, f"{rule.expr} = {fmt_points(raw)}"])
    if raw > max_points:
        text += f"，超过满分取 {fmt_points(max_points)} 分"
    elif raw < 0:
        text += "，低于 0 取 0 分"
    else:
        text += f"，得 {fmt_points(pts)} 分"
    return pts, text


def lookup(rule: LookupRule, max_points: float, ev: Evaluator) -> tuple[float, str]:
    v = ev(rule.input, None)
    if is_missing(v):
        raise v._fact()
    keys = v.raw() if isinstance(v, ListView) else (list(v) if isinstance(v, (list, tuple)) else [v])
    keys = [str(k).lower() if isinstance(k, bool) else str(k) for k in keys]
    hits = {k: rule.table[k] for k in keys if k in rule.table}
    shown = "、".join(rule.choices.get(k) or fmt_value(k) for k in keys) or "无"
    head = fill(rule.explain, lambda e, u: shown if e == "input" else fmt_value(ev(e, None), u or "number")) if rule.explain else f"{_label(rule)}：{shown}"
    if not hits:
        return rule.default, f"{head}，不在计分表中，得 {fmt_points(rule.default)} 分"
    best = max(hits, key=lambda k: hits[k])
    return min(hits[best], max_points), f"{head}，按“{rule.choices.get(best) or fmt_value(best)}”计 {fmt_points(hits[best])} 分"


def yes_no(rule: YesNoRule, max_points: float, ev: Evaluator) -> tuple[float, str]:
    v = ev(rule.input, None)
    if is_missing(v):
        raise v._fact()
    ok = bool(v)
    shown = ""
    if rule.show:
        try:
            shown = f"（{rule.show_label or rule.show} = {fmt_value(ev(rule.show, None), rule.unit)}）"
        except MissingFact as mf:
            shown = f"（{mf}）"
    head = _head(rule, None, ev) if rule.explain else f"{_label(rule)}{shown}"
    return (max_points if ok else 0.0), f"{head}：{'是' if ok else '否'}，得 {fmt_points(max_points if ok else 0)} 分"


# By rule kind; each function takes the rule class of its kind (hence Any for the rule).
COMPUTED: dict[str, Callable[[Any, float, Evaluator], tuple[float, str]]] = {
    "bands": bands,
    "per_unit": per_unit,
    "proportional": proportional,
    "formula": formula,
    "lookup": lookup,
    "yes_no": yes_no,
}


def missing(rule: Any, mf: MissingFact, ev: Evaluator) -> str:
    """The derivation of an item whose data is missing: what the rule computes (its ``explain``,
    with the absent values marked) and which datum is missing."""
    if getattr(rule, "explain", None):
        try:
            return f"{_head(rule, None, ev)}：{mf}，得 0 分"
        except (MissingFact, SchemeDefinitionError):  # e.g. a formula's ``where`` names, never bound
            pass
    return f"{mf}，得 0 分"
