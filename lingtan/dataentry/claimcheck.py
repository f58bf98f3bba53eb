"""Ranges and kinds of the scheme-specific inputs (``claims.<scheme>.<item>.value``), checked at load.

A claim's value is free-form in the data model (each scheme asks for something else), so its kind
and range come from the field catalogue (:func:`lingtan.dataentry.catalogue.claim_input`, the
labels, ``min`` and ``max`` of each scheme folder's ``claim_inputs.yaml``). A degree typed as 80
(meaning 80 %) or a number typed as 全部 is refused here with the input's Chinese label and its
range, so ``validate``, ``score`` and ``generate`` refuse it alike (exit 2) and the engine never
scores it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from lingtan.assessment.model.factory import Factory
from lingtan.common.i18n import _

from .catalogue import ClaimInput, claim_items


@dataclass(frozen=True)
class ClaimProblem:
    """One claim value outside its kind or range: where (data location), what (Chinese), why."""

    loc: tuple[str, ...]  # ("claims", scheme, item, "value"[, part])
    label: str  # 第5项·近三年新增通用设备达到能效2级及以上的程度
    problem: str  # 值 “80” 不符合规则：应为 0 到 1 之间的数字


def _g(x: float) -> str:
    return f"{x:g}"


def range_text(minimum: float | None, maximum: float | None) -> str:
    """``0 到 1 之间的数字``, ``不小于 0 的数字``, or ``数字``."""
    if minimum is not None and maximum is not None:
        return _("{lo} 到 {hi} 之间的数字").format(lo=_g(minimum), hi=_g(maximum))
    if minimum is not None:
        return _("不小于 {lo} 的数字").format(lo=_g(minimum))
    if maximum is not None:
        return _("不大于 {hi} 的数字").format(hi=_g(maximum))
    return _("数字")


def _shown(value: Any) -> str:
    return _("是") if value is True else _("否") if value is False else str(value)


def value_problem(value: Any, inp: ClaimInput) -> str | None:
    """Why ``value`` is not a proper value of input ``inp`` (None when it is)."""
    if value is None:
        return None
    if inp.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return _("值 “{value}” 不符合规则：应为 {rule}").format(value=_shown(value), rule=range_text(inp.minimum, inp.maximum))
        if (inp.minimum is not None and value < inp.minimum) or (inp.maximum is not None and value > inp.maximum):
            return _("值 “{value}” 超出范围：应为 {rule}").format(value=_g(float(value)), rule=range_text(inp.minimum, inp.maximum))
        return None
    if inp.kind == "bool" and not isinstance(value, bool):
        return _("值 “{value}” 不符合规则：应为 是 或 否").format(value=_shown(value))
    if inp.kind == "choice" and inp.choices and value not in inp.choices:
        return _("值 “{value}” 不符合规则：应为以下之一：{choices}").format(value=_shown(value), choices="、".join(inp.choices.values()))
    return None


def claim_value_problems(factory: Factory) -> list[ClaimProblem]:
    """Every claim value of ``factory`` outside the kind or range its scheme's input asks for."""
    from lingtan.assessment.schemes import load_scheme, scheme_ids

    out: list[ClaimProblem] = []
    known = set(scheme_ids())
    for scheme_id, claims in factory.claims.items():
        if scheme_id not in known:
            continue  # an unknown scheme: the scheme's own loading says so
        items = {it.id: it for it in claim_items(load_scheme(scheme_id), None)}
        for item_id, claim in claims.items():
            it = items.get(item_id)
            if it is None or it.input is None or claim.value is None:
                continue
            base = ("claims", scheme_id, item_id, "value")
            name = _("第{number}项（{name}）").format(number=it.number, name=it.name)
            if it.input.parts:
                if not isinstance(claim.value, dict):
                    out.append(ClaimProblem(base, name, _("值 “{value}” 不符合规则：应分项填写：{parts}").format(
                        value=_shown(claim.value), parts="、".join(p.label for p in it.input.parts.values()))))
                    continue
                for key, part in it.input.parts.items():
                    why = value_problem(claim.value.get(key), part)
                    if why:
                        out.append(ClaimProblem((*base, key), f"{name}·{part.label}", why))
                continue
            why = value_problem(claim.value, it.input)
            if why:
                out.append(ClaimProblem(base, f"{name}·{it.input.label}", why))
    return out
