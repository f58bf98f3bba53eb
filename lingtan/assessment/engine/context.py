"""The names and functions scheme expressions can use.

These are generic definitions of quantities (a renewable share is a renewable
share in every scheme); which threshold applies, and how many points it earns,
lives only in the scheme files. The vocabulary is documented in
``docs/schemes.md`` ("Expression reference").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from typing import Any

from lingtan.common.i18n import _

from ..model.factory import Factory, YearFigures
from ..model.vocab import SEVERITY_RANK
from .expr import ListView, Missing, MissingFact, Trace, View, is_missing, wrap


def _num(x: Any, path: str) -> float:
    if is_missing(x):
        raise x._fact()
    if x is None:
        raise MissingFact(path)
    return float(x)


def ratio(a: Any, b: Any, what: str = "比值") -> float:
    """a / b, with a clear error when b is 0 or either is missing."""
    a_ = _num(a, what)
    b_ = _num(b, what)
    if b_ == 0:
        raise MissingFact(what, _("计算时分母为 0"))
    return a_ / b_


def year_view(f: YearFigures, trace: Trace) -> View:
    """A year's figures plus the derived quantities every scheme uses."""
    p = f"years[{f.year}]"

    def emissions_attr(name: str) -> Callable[[], Any]:
        def get() -> Any:
            if f.emissions is None:
                return Missing(f"{p}.emissions")
            v = getattr(f.emissions, name)
            return wrap(v, f"{p}.emissions.{name}", trace)

        return get

    def scope12() -> float:
        if f.emissions is None:
            raise MissingFact(f"{p}.emissions")
        v = f.emissions.category1 + f.emissions.category2
        trace.note(f"{p}.类别1+类别2", v)
        return v

    def offsets_total() -> float:
        v = sum(f.offsets.model_dump().values())
        trace.note(f"{p}.碳抵消量合计", v)
        return v

    def offsets_creditable() -> float:
        """Offsets that count against 类别1+类别2: a green certificate offsets electricity (类别2) only
        (000 附件1 三（二）1), so green certificates above 类别2 are not counted."""
        if f.emissions is None:
            raise MissingFact(f"{p}.emissions")
        green = f.offsets.green_certificates
        v = offsets_total() - green + min(green, f.emissions.category2)
        trace.note(f"{p}.可计入的碳抵消量（绿证至多抵消类别2）", v)
        return v

    def non_fossil() -> float:
        v = f.non_fossil_tce if f.non_fossil_tce is not None else f.renewable_tce
        trace.note(f"{p}.non_fossil_tce", v)
        return v

    def renewable() -> float:
        trace.note(f"{p}.renewable_tce", f.renewable_tce)
        return f.renewable_tce

    def share(num: Callable[[], float], den_name: str, label: str) -> Callable[[], float]:
        def get() -> float:
            den = getattr(f, den_name)
            trace.note(f"{p}.{den_name}", den)
            return ratio(num(), den, f"{p}.{label}")

        return get

    extra: dict[str, Callable[[], Any]] = {
        "scope12": scope12,
        "offsets_total": offsets_total,
        "net_scope12": lambda: scope12() - offsets_total(),
        "non_fossil": non_fossil,
        "renewable_share": share(renewable, "energy_tce", "可再生能源消费占比"),
        "non_fossil_share": share(non_fossil, "energy_tce", "非化石能源消费占比"),
        "carbon_intensity": lambda: ratio(scope12(), wrap(f.added_value_wan, f"{p}.added_value_wan", trace), f"{p}.单位工业增加值碳排放"),
        "energy_intensity": lambda: ratio(f.energy_tce, wrap(f.added_value_wan, f"{p}.added_value_wan", trace), f"{p}.单位工业增加值能耗"),
        "self_reduction_ratio": lambda: ratio(
            wrap(f.self_reduction_tco2, f"{p}.self_reduction_tco2", trace),
            wrap(f.baseline_scenario_tco2, f"{p}.baseline_scenario_tco2", trace),
            f"{p}.自主减排比例",
        ),
        "offsets_creditable": offsets_creditable,
        "offset_coverage": lambda: ratio(offsets_creditable(), scope12(), f"{p}.碳抵消比例"),
        "solid_waste_utilisation": lambda: ratio(
            wrap(f.solid_waste_utilised_t, f"{p}.solid_waste_utilised_t", trace),
            wrap(f.solid_waste_t, f"{p}.solid_waste_t", trace),
            f"{p}.工业固体废物综合利用率",
        ),
        "wastewater_reuse": lambda: ratio(
            wrap(f.wastewater_reused_t, f"{p}.wastewater_reused_t", trace),
            wrap(f.wastewater_t, f"{p}.wastewater_t", trace),
            f"{p}.废水处理回用率",
        ),
    }
    def per_product(value: Callable[[], Any], label: str) -> Callable[[], float]:
        """A quantity per unit of the one main product (单位产品…); missing when several are listed."""

        def get() -> float:
            if len(f.output) != 1:
                raise MissingFact(f"{p}.output", _("单位产品指标只在填报一种主要产品时计算"))
            return ratio(value(), f.output[0].quantity, f"{p}.{label}")

        return get

    extra["output_value_yi"] = lambda: _num(wrap(f.output_value_wan, f"{p}.output_value_wan", trace), f"{p}.output_value_wan") / 10000
    extra["unit_product_energy"] = per_product(lambda: f.energy_tce, "单位产品综合能耗")
    extra["unit_product_emissions"] = per_product(scope12, "单位产品碳排放")
    for name in ("category1", "category2", "category3", "verified", "verifier"):
        extra[name] = emissions_attr(name)
    return View(f, p, trace, extra)


class Env:
    """Builds the evaluation environment for one factory, scheme and date."""

    def __init__(self, factory: Factory, scheme_id: str, as_of: date, level: str | None, stage: str | None = None) -> None:
        self.factory = factory
        self.scheme_id = scheme_id
        self.as_of = as_of
        self.level = level
        self.stage = stage
        self.metric_funcs: dict[str, Callable[[Trace], Any]] = {}

    # -- helpers bound to the factory -------------------------------------------------
    def _year(self, trace: Trace) -> Callable[[int], Any]:
        def year(y: Any) -> Any:
            y = int(_num(y, "year"))
            f = self.factory.year(y)
            if f is None:
                return Missing(f"years[{y}]")
            return year_view(f, trace)

        return year

    def _within(self, d: date, years: int) -> bool:
        try:
            start = self.as_of.replace(year=self.as_of.year - years)
        except ValueError:  # 29 February
            start = self.as_of.replace(year=self.as_of.year - years, day=28)
        return start <= d <= self.as_of

    def _cert_valid(self, system: str) -> bool:
        return any(
            c.system == system and c.issued <= self.as_of <= c.expires for c in self.factory.management_systems.certificates
        )

    def build(self, trace: Trace, item_id: str | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The namespace for one expression evaluation."""
        fac = self.factory
        year = self._year(trace)
        claims = fac.claims.get(self.scheme_id, {})

        def claim_of(item: str) -> Any:
            c = claims.get(str(item))
            return wrap(c, f"claims.{self.scheme_id}.{item}", trace) if c is not None else Missing(
                f"claims.{self.scheme_id}.{item}"
            )

        def accidents(min_severity: str = "general", years: int = 3, kinds: Any = None) -> int:
            rank = SEVERITY_RANK[min_severity]
            kinds_ = set(kinds.raw() if isinstance(kinds, ListView) else kinds) if kinds else None
            n = sum(
                1
                for a in fac.compliance.accidents
                if SEVERITY_RANK[a.severity] >= rank and self._within(a.date, years) and (kinds_ is None or a.kind in kinds_)
            )
            trace.note(f"compliance.accidents（近{years}年，{min_severity}及以上）", n)
            return n

        def violations(years: int = 3, kinds: Any = None) -> int:
            kinds_ = set(kinds.raw() if isinstance(kinds, ListView) else kinds) if kinds else None
            n = sum(1 for v in fac.compliance.violations if self._within(v.date, years) and (kinds_ is None or v.kind in kinds_))
            trace.note(f"compliance.violations（近{years}年）", n)
            return n

        def certified(system: str) -> bool:
            ok = self._cert_valid(system)
            trace.note(f"management_systems.certificates[{system}] 在 {self.as_of} 有效", ok)
            return ok

        def implemented(system: str) -> bool:
            ok = system in fac.management_systems.implemented or self._cert_valid(system)
            trace.note(f"management_systems.implemented[{system}]", ok)
            return ok

        def projects(since: Any = None, until: Any = None, kinds: Any = None, library: Any = None) -> int:
            kinds_ = set(kinds.raw() if isinstance(kinds, ListView) else kinds) if kinds else None
            libs = set(library.raw() if isinstance(library, ListView) else library) if library else None
            n = 0
            for pr in fac.projects:
                yr = pr.completed_year
                if since is not None and (yr is None or yr < since):
                    continue
                if until is not None and (yr is None or yr > until):
                    continue
                if kinds_ is not None and pr.kind not in kinds_:
                    continue
                if libs is not None and pr.library not in libs:
                    continue
                n += 1
            trace.note(f"projects（{since or ''}–{until or ''}，{sorted(kinds_) if kinds_ else '全部类别'}）", n)
            return n

        def project_saving(since: Any = None, until: Any = None, kinds: Any = None) -> float:
            """Sum of the annual energy savings (等价值, tce) of the listed projects completed in [since, until] of
            ``kinds``; missing when a counted project does not give its saving."""
            kinds_ = set(kinds.raw() if isinstance(kinds, ListView) else kinds) if kinds else None
            total = 0.0
            for i, pr in enumerate(fac.projects):
                yr = pr.completed_year
                if yr is None or (since is not None and yr < since) or (until is not None and yr > until):
                    continue
                if kinds_ is not None and pr.kind not in kinds_:
                    continue
                if pr.energy_saving_tce is None:
                    raise MissingFact(f"projects[{i}].energy_saving_tce", _("项目“{name}”未填写年节能量").format(name=pr.name))
                total += pr.energy_saving_tce
            trace.note(f"projects 年节能量合计（{since or ''}–{until or ''}，{sorted(kinds_) if kinds_ else '全部类别'}）", total)
            return total

        def has_any(collection: Any, *items: Any) -> bool:
            values = collection.raw() if isinstance(collection, ListView) else list(collection)
            return any(i in values for i in items)

        def count(collection: Any) -> int:
            if is_missing(collection):
                raise collection._fact()
            return len(collection)

        def present(x: Any) -> bool:
            return not is_missing(x)

        def default(x: Any, d: Any) -> Any:
            return d if is_missing(x) else x

        def clamp(x: Any, lo: float, hi: float) -> float:
            return max(lo, min(hi, _num(x, "clamp")))

        def safe_div(a: Any, b: Any, d: float = 0.0) -> float:
            if is_missing(a) or is_missing(b) or b in (0, None) or a is None:
                return d
            return float(a) / float(b)

        def years_present(*ys: Any) -> bool:
            return all(fac.year(int(y)) is not None for y in ys)

        def falling(y0: Any, y1: Any) -> bool:
            """Scope 1+2 emissions strictly fall every year from y0 to y1."""
            seq = []
            for y in range(int(y0), int(y1) + 1):
                v = year(y)
                if is_missing(v):
                    raise v._fact()
                seq.append(v.scope12)
            return all(b < a for a, b in pairwise(seq))

        env: dict[str, Any] = {
            # data
            "enterprise": wrap(fac.enterprise, "enterprise", trace),
            "honours": wrap(fac.honours, "honours", trace),
            "management_systems": wrap(fac.management_systems, "management_systems", trace),
            "compliance": wrap(fac.compliance, "compliance", trace),
            "energy_efficiency": wrap(fac.energy_efficiency, "energy_efficiency", trace),
            "organisation": wrap(fac.organisation, "organisation", trace),
            "application": wrap(fac.application, "application", trace),
            "reporting_year": fac.reporting_year,
            "as_of_year": self.as_of.year,
            "as_of": self.as_of,
            "level": self.level,
            "stage": self.stage,
            "year": year,
            "last": year(fac.reporting_year),
            "prev": year(fac.reporting_year - 1),
            "claim": claim_of(item_id) if item_id is not None else Missing("claim"),
            "claim_of": claim_of,
            # functions
            "accidents": accidents,
            "violations": violations,
            "certified": certified,
            "implemented": implemented,
            "projects": projects,
            "project_saving": project_saving,
            "has_any": has_any,
            "count": count,
            "present": present,
            "default": default,
            "clamp": clamp,
            "safe_div": safe_div,
            "ratio": ratio,
            "years_present": years_present,
            "falling": falling,
            "min": min,
            "max": max,
            "abs": abs,
            "round": round,
            "len": len,
            "float": float,
            "int": int,
            "True": True,
            "False": False,
            "None": None,
        }
        for name, fn in self.metric_funcs.items():
            env[name] = _LazyMetric(fn, trace, name)
        if extra:
            env.update(extra)
        # Resolve lazy metrics only when an expression reads them.
        return _Namespace(env)


class _LazyMetric:
    __slots__ = ("fn", "name", "trace")

    def __init__(self, fn: Callable[[Trace], Any], trace: Trace, name: str):
        self.fn = fn
        self.trace = trace
        self.name = name


class _Namespace(dict):
    """A dict that computes named metrics on first read."""

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if isinstance(value, _LazyMetric):
            value = value.fn(value.trace)
            dict.__setitem__(self, key, value)
        return value


#: Quantities derived from one year's figures, shown on forms (computed here, never in a template).
DERIVED_YEAR_FIGURES = (
    "scope12", "offsets_total", "offsets_creditable", "net_scope12", "non_fossil", "renewable_share", "non_fossil_share",
    "carbon_intensity", "energy_intensity", "self_reduction_ratio", "offset_coverage",
    "solid_waste_utilisation", "wastewater_reuse", "output_value_yi", "unit_product_energy", "unit_product_emissions",
)


def derived_year_figures(f: YearFigures) -> dict[str, float | None]:
    """Every derived quantity of one year; ``None`` where its data is missing."""
    view = year_view(f, Trace())
    out: dict[str, float | None] = {}
    for name in DERIVED_YEAR_FIGURES:
        try:
            v = getattr(view, name)
        except MissingFact:
            v = None
        out[name] = None if is_missing(v) else v
    return out
