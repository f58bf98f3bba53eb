"""When a material is required for an applicant, and which years its documents must cover.

A material's ``when`` (evidence spec) is a sandboxed expression over the applicant: its claims,
level, honours, certificates and facts (``lingtan.assessment.model.facts``).
"""

from __future__ import annotations

from typing import Any

from lingtan.assessment.engine.expr import ExprSyntaxError, evaluate
from lingtan.assessment.model.facts import FACT_NAMES
from lingtan.common.i18n import _

from .applicant import Applicant, claimed
from .specs import Material


def _when_env(app: Applicant) -> dict[str, Any]:
    return {
        "claimed": lambda item: claimed(app, item),
        "level": app.level,
        "reporting_year": app.reporting_year,
        "has": lambda coll, key: bool(coll) and key in coll,
        "honour": lambda key: key in app.honours,
        "certified": lambda system: system in app.certified,
        "True": True, "False": False, "None": None,
        **dict.fromkeys(FACT_NAMES, False),
        **{k: bool(v) for k, v in app.facts.items()},
    }


def requirement(m: Material, app: Applicant) -> tuple[bool | None, str]:
    """Whether a material is required for this applicant (None: cannot tell), and why."""
    if m.required == "always":
        return True, "必需"
    if m.required == "optional":
        return False, _("如适用")
    if not app.claims_known and "claimed" in (m.when or ""):
        return None, _("无法判定") + _("（{when}；未提供企业数据，无法知道是否申报该项）").format(when=m.when_text or m.when)
    try:
        return bool(evaluate(m.when or "False", _when_env(app))), m.when_text or m.when or ""
    except (ExprSyntaxError, TypeError, ValueError, KeyError) as exc:
        return None, _("无法判定") + f"（{m.when}：{exc}）"


def material_years(m: Material, app: Applicant) -> list[int] | None:
    """The years a material's ``years`` check asks documents to cover (None: no such check, or no reporting year)."""
    arg = m.check_arg("years")
    if arg is None or app.reporting_year is None:
        return None
    try:
        v = evaluate(arg, {"reporting_year": app.reporting_year, "level": app.level})
    except (ExprSyntaxError, TypeError, ValueError) as exc:
        raise ValueError(_("证明材料 {id} 的 years 表达式有误：{exc}").format(id=m.id, exc=exc)) from exc
    return sorted({int(y) for y in (v if isinstance(v, (list, tuple)) else [v])})
