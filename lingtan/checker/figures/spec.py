"""The comparisons as data: ``evidence_specs/figures.yaml`` (see ``evidence_specs/README.md``)."""

from __future__ import annotations

import math
import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lingtan.assessment.model.facts import DECLARED
from lingtan.common.dataload import load_bundled
from lingtan.common.errors import InputError
from lingtan.common.i18n import _
from lingtan.common.paths import specs_root

from .read import KINDS

Outcome = Literal["ok", "problem", "verify"]


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tolerance(_S):
    """A difference within the larger of the two is rounding (符合)."""

    relative: float = Field(0.005, ge=0)
    absolute: float = Field(1.0, ge=0)

    def allows(self, declared: float, evidence: float) -> bool:
        return abs(declared - evidence) <= max(self.absolute, self.relative * max(abs(declared), abs(evidence)))

    def text(self, unit: str) -> str:
        return f"±{self.relative * 100:g}% 或 ±{self.absolute:g} {unit}（取大者）"


class Comparison(_S):
    """One declared figure against one kind of figure of the evidence."""

    id: str
    label: str  # Chinese, as reports show it
    label_en: str = ""
    declared: str  # a name of DECLARED
    unit: str
    types: tuple[str, ...]
    figure: str  # a figure kind of checker/figures/read.py
    factor: float = 1.0  # evidence figure × factor = the declared figure's unit
    factor_text: str = ""
    # An environment variable that replaces ``factor`` (a factor the source says to take "最新发布", published after
    # this release), and the text shown then ({value}, {env}).
    factor_env: str | None = None
    factor_env_text: str = ""
    when_text: tuple[str, ...] = ()  # a document counts only when its text holds one of these
    combine: Literal["one", "sum"] = "one"
    years: Literal["evidence", "declared"] = "evidence"
    short: Outcome = "problem"
    over: Outcome = "problem"
    tolerance: Tolerance | None = None
    short_text: str = ""  # said in the row when the evidence is short (what the rest may be, what a person checks)
    cite: str

    @model_validator(mode="after")
    def _known(self) -> Comparison:
        if self.declared not in DECLARED:
            raise ValueError(_("declared: 未知的申报数据 {declared}（可用：{choices}）").format(declared=self.declared, choices=', '.join(DECLARED)))
        if self.figure not in KINDS:
            raise ValueError(_("figure: 未知的数据种类 {figure}（可用：{choices}）").format(figure=self.figure, choices=', '.join(KINDS)))
        return self


class Source(_S):
    types: tuple[str, ...]
    figure: str


class Recomputed(_S):
    """A metric of the scheme recomputed by the assessment engine with the evidence's figures."""

    id: str
    label: str
    label_en: str = ""
    metric: str
    from_: dict[str, Source] = Field(alias="from")
    target: float | None = None  # None: the scheme's thresholds on the metric for the applicant's level
    cite: str


class Shown(_S):
    """A figure of the evidence shown in the table for information: nothing declared is compared with it."""

    id: str
    label: str
    label_en: str = ""
    types: tuple[str, ...]
    figure: Literal["footprint"]  # checker/figures/footprint.py
    unit: str  # the figure's unit, per the document's functional unit
    why: str  # why it is not compared (shown in each row)
    cite: str


class FigureSpec(_S):
    source: str
    tolerance: Tolerance = Tolerance()
    comparisons: tuple[Comparison, ...]
    recomputed: tuple[Recomputed, ...] = ()
    shown: tuple[Shown, ...] = ()
    dated_after_period: tuple[str, ...] = ()
    declared_forms: tuple[str, ...] = ()  # the applicant's forms: their figures are the declared ones when no data says

    def shown_types(self, figure: str) -> frozenset[str]:
        """The document types a shown figure of this kind is read from."""
        return frozenset(t for s in self.shown if s.figure == figure for t in s.types)

    def types(self) -> frozenset[str]:
        """Every document type whose figures are read."""
        out = {t for c in self.comparisons for t in c.types} | set(self.declared_forms)
        out |= {t for r in self.recomputed for s in r.from_.values() for t in s.types}
        out |= {t for s in self.shown for t in s.types}
        return frozenset(out)


def load_figure_spec() -> FigureSpec:
    """``evidence_specs/figures.yaml``, validated (exit 3 naming the line when malformed), with the factors its
    ``factor_env`` variables set (e.g. ``LINGTAN_GRID_FACTOR``, a newer national grid emission factor)."""
    spec = _bundled_figure_spec()
    rows = []
    for c in spec.comparisons:
        given = os.environ.get(c.factor_env or "", "").strip() if c.factor_env else ""
        if given:
            try:
                value = float(given)
            except ValueError:
                value = float("nan")
            if not math.isfinite(value) or value <= 0:
                raise InputError(_("环境变量 {env} 应为正数（排放因子，tCO2/MWh），实际为 {value}").format(env=c.factor_env, value=given))
            c = c.model_copy(update={"factor": value, "factor_text": c.factor_env_text.format(value=f"{value:g}", env=c.factor_env)})
        rows.append(c)
    return spec.model_copy(update={"comparisons": rows})


@lru_cache(maxsize=1)
def _bundled_figure_spec() -> FigureSpec:
    return load_bundled(specs_root() / "figures.yaml", FigureSpec, what="申报数据对照清单")
