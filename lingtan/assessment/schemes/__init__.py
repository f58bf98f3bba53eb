"""The scheme registry: every folder of ``lingtan/data/schemes/`` is one scheme (its ``scheme.yaml``), and
so is every ``schemes/<id>/`` of a folder named by ``$LINGTAN_EXTRA_DATA`` (a bundled id wins).

Adding a scheme takes no Python: see docs/schemes.md, "Adding a scheme".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lingtan.common.dataload import load_bundled, read_structured
from lingtan.common.errors import DataFileError, DataValidationError, UnknownLevelError, UnknownSchemeError
from lingtan.common.i18n import _
from lingtan.common.paths import scheme_dirs, scheme_file

from ..model.loading import describe_validation_error
from .schema import Indicator, IndicatorSet, Scheme, Stage, Threshold, check_references

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # a scheme id is a file name: nothing that leaves the folder


def scheme_ids() -> list[str]:
    """Ids of all schemes (bundled and extra), in a stable order."""
    return sorted(scheme_dirs())


@cache
def load_scheme(scheme_id: str) -> Scheme:
    """Load and validate a bundled scheme; UnknownSchemeError when it does not exist."""
    path = scheme_file(scheme_id, "scheme") if _ID.fullmatch(scheme_id) else None
    if path is None or not path.is_file():
        known = "、".join(scheme_ids())
        raise UnknownSchemeError(_("未知的评价方案 “{scheme_id}”。可选方案：{known}（用 lingtan schemes 查看说明）").format(scheme_id=scheme_id, known=known))
    return _load(path, Scheme)


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_FOLD_SPACE = re.compile(f"(?<=[{_CJK}])[ \t\n]+(?=[{_CJK}])")


def _unfold(x: Any) -> Any:
    """Remove the spaces YAML folding (>-) puts between Chinese characters at line breaks."""
    if isinstance(x, str):
        return _FOLD_SPACE.sub("", x)
    if isinstance(x, dict):
        return {k: _unfold(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_unfold(v) for v in x]
    return x


def _load(path: Path, model: type[Scheme]) -> Scheme:
    return load_bundled(path, model, what="方案定义文件", transform=_unfold)


def all_schemes() -> list[Scheme]:
    return [load_scheme(s) for s in scheme_ids()]


def resolve_level(scheme: Scheme, level: str | None) -> str:
    """The level id to use; accepts the id or the Chinese name."""
    if level is None:
        return scheme.default_level
    for lv in scheme.levels:
        if level in (lv.id, lv.name):
            return lv.id
    options = "、".join(f"{lv.id}（{lv.name}）" for lv in scheme.levels)
    raise UnknownLevelError(_("方案 {id} 没有申报类型 “{level}”。可选：{options}").format(id=scheme.id, level=level, options=options))


#: The one stage of a scheme whose file lists none: every criterion applies.
ONE_STAGE = Stage(id="single", name="申报", text="原文只有一次申报评价", cite="—")


def scheme_stages(scheme: Scheme) -> list[Stage]:
    """The scheme's stages in the source's order (one stage with every criterion when it lists none)."""
    return scheme.stages or [ONE_STAGE]


def resolve_stage(scheme: Scheme, stage: str | None) -> Stage:
    """The stage to evaluate at: by id or Chinese name; the first stage when ``stage`` is None."""
    stages = scheme_stages(scheme)
    if stage is None:
        return stages[0]
    for st in stages:
        if stage in (st.id, st.name):
            return st
    options = "、".join(f"{st.id}（{st.name}）" for st in stages)
    raise UnknownLevelError(_("方案 {id} 没有评价阶段 “{stage}”。可选：{options}").format(id=scheme.id, stage=stage, options=options))


def load_indicator_file(path: Path) -> IndicatorSet:
    """A user-supplied indicator system (e.g. hefei's 评价指标体系), validated."""
    try:
        data = read_structured(Path(path))
    except DataFileError:
        raise
    try:
        ind = IndicatorSet.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, data)
        raise DataValidationError(_("指标体系文件不符合格式：{path}（共 {count} 处问题）").format(path=path, count=len(problems)), problems=problems) from exc
    problems = check_references(ind.sections, ind.categories, ind.indicators, set())
    if problems:
        raise DataValidationError(_("指标体系文件存在引用错误：{path}").format(path=path), problems=problems)
    return ind


def with_indicators(scheme: Scheme, ind: IndicatorSet) -> Scheme:
    """A copy of ``scheme`` whose indicator system is the user-supplied one.

    Only schemes whose source lacks its indicator system accept one (hefei); the
    official indicators of the others are never replaced.
    """
    if scheme.indicators_in_source:
        raise DataValidationError(
            _("方案 {id} 的评价指标已按原文内置，不接受 --indicators 指标体系文件（该选项用于原文未附指标体系的方案，如 hefei）").format(id=scheme.id)
        )
    taken = {c.id for c in scheme.conditions}
    clash = sorted(taken & {i.id for i in ind.indicators} | taken & {t.id for t in ind.thresholds})
    if clash:
        raise DataValidationError(_("指标体系文件中的条目 id 与方案 {id} 的基本要求重名：{clash}").format(id=scheme.id, clash='、'.join(clash)))
    levels = {lv.id for lv in scheme.levels}
    items: list[Indicator | Threshold] = [*ind.indicators, *ind.thresholds]
    bad = sorted({lv for x in items for lv in (x.levels or []) if lv not in levels})
    if bad:
        raise DataValidationError(_("指标体系文件引用了方案 {id} 没有的申报类型：{bad}").format(id=scheme.id, bad='、'.join(bad)))
    return scheme.model_copy(
        update={
            "sections": ind.sections,
            "categories": ind.categories,
            "indicators": ind.indicators,
            "thresholds": [*scheme.thresholds, *ind.thresholds],
            "metrics": {**scheme.metrics, **ind.metrics},
            "indicators_in_source": True,
            "indicators_note": f"评价指标体系来自用户提供的文件：{ind.title}（{ind.source}）",
            "indicators_hint": None,
        }
    )
