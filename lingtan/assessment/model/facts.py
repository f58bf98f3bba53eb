"""Facts about an applicant that evidence specs' conditions ask about (``when`` expressions).

Written into the generator's manifest and read by the checker, so that both halves agree on
what "uses offsets" or "has new projects" means.

Every fact is about the reporting year's figures (``years[]`` of ``reporting_year``) unless its
name says otherwise:

- ``offsets_used`` — some offset of any kind (``offsets`` sums above 0);
- one fact per offset kind (:data:`OFFSET_KIND_FACTS`): that kind's ``offsets`` figure is above 0
  (jiangsu 000 附件1 三（二）1–7 names seven kinds, each proven by its own document — 附件1-3 第9、14项);
- ``green_electricity_used`` — green electricity consumed (``green_electricity_mwh`` above 0);
- ``renewable_energy_used`` — renewable or non-fossil energy consumed (``renewable_tce`` or
  ``non_fossil_tce`` above 0);
- ``energy_efficiency_applicable`` — an energy-consumption limit standard applies;
- ``new_projects`` — the data lists projects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .factory import Factory, YearFigures

#: offset kind (a field of ``factory.Offsets``) → the fact "the applicant uses this kind"
OFFSET_KIND_FACTS = {
    "green_certificates": "green_certificates_used",
    "in_boundary_project": "in_boundary_offsets_used",
    "out_boundary_project": "out_boundary_offsets_used",
    "ccer": "ccer_used",
    "carbon_inclusive": "carbon_inclusive_used",
    "energy_saving_project": "energy_saving_offsets_used",
    "foreign": "foreign_offsets_used",
    "carbon_sink": "carbon_sink_used",
}

#: the fact names, false when the applicant is known only from its documents
FACT_NAMES = (
    "offsets_used", "green_certificates_used", "green_electricity_used", "energy_efficiency_applicable", "new_projects",
    "renewable_energy_used",
    *(f for k, f in OFFSET_KIND_FACTS.items() if k != "green_certificates"),
)


def applicant_facts(fac: Factory) -> dict[str, bool]:
    """Each of :data:`FACT_NAMES` for one factory's data (the reporting year's figures)."""
    last = fac.year(fac.reporting_year)
    off = last.offsets.model_dump() if last is not None else {}
    facts = {
        "offsets_used": sum(off.values()) > 0,
        "green_electricity_used": bool(last and last.green_electricity_mwh > 0),
        "energy_efficiency_applicable": bool(fac.energy_efficiency and fac.energy_efficiency.applicable),
        "new_projects": bool(fac.projects),
        "renewable_energy_used": bool(last and (last.renewable_tce > 0 or (last.non_fossil_tce or 0) > 0)),
        **{fact: off.get(kind, 0) > 0 for kind, fact in OFFSET_KIND_FACTS.items()},
    }
    return {name: facts[name] for name in FACT_NAMES}


def _emission(name: str) -> Callable[[YearFigures], float | None]:
    return lambda y: getattr(y.emissions, name) if y.emissions is not None else None


#: declared figure name → how it is read from one year's figures (the checker compares them with the
#: evidence: ``evidence_specs/figures.yaml``); units: tCO2e, tce, MWh
DECLARED: dict[str, Callable[[YearFigures], float | None]] = {
    "category1": _emission("category1"),
    "category2": _emission("category2"),
    "energy_tce": lambda y: y.energy_tce,
    "energy_tce_equivalent": lambda y: y.energy_tce_equivalent,
    "green_electricity_mwh": lambda y: y.green_electricity_mwh,
    "green_certificates_t": lambda y: y.offsets.green_certificates,
    "ccer_t": lambda y: y.offsets.ccer,
    "carbon_inclusive_t": lambda y: y.offsets.carbon_inclusive,
    "baseline_scenario_tco2": lambda y: y.baseline_scenario_tco2,
    "self_reduction_tco2": lambda y: y.self_reduction_tco2,
}


def declared_figures(fac: Factory) -> dict[str, dict[str, float]]:
    """Each :data:`DECLARED` figure by year (``{"category1": {"2025": 3650.0}}``; years as strings, as in JSON)."""
    out: dict[str, dict[str, float]] = {}
    for y in sorted(fac.years, key=lambda y: y.year):
        for name, get in DECLARED.items():
            v = get(y)
            if v is not None:
                out.setdefault(name, {})[str(y.year)] = float(v)
    return out
