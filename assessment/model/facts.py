"""Facts about an applicant that evidence specs' conditions ask about (``when`` expressions).

Written into the generator's manifest and read by the checker, so that both halves agree on
what "uses offsets" or "has new projects" means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .factory import Factory

#: the fact names, false when the applicant is known only from its documents
FACT_NAMES = ("offsets_used", "green_certificates_used", "green_electricity_used", "energy_efficiency_applicable", "new_projects")


def applicant_facts(fac: Factory) -> dict[str, bool]:
    """Each of :data:`FACT_NAMES` for one factory's data (the reporting year's figures)."""
    last = fac.year(fac.reporting_year)
    off = last.offsets if last is not None else None
    return {
        "offsets_used": bool(off and sum(off.model_dump().values()) > 0),
        "green_certificates_used": bool(off and off.green_certificates > 0),
        "green_electricity_used": bool(last and last.green_electricity_mwh > 0),
        "energy_efficiency_applicable": bool(fac.energy_efficiency and fac.energy_efficiency.applicable),
        "new_projects": bool(fac.projects),
    }
