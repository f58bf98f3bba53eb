"""What the checks will read from each document type — so that OCR can stop once it has it.

``Needs.of(spec, applicant)`` turns a scheme's evidence spec into, per document type, the fields
its materials' checks read (each check's ``reads`` in the registry, ``checker/checks/``), the
years it must cover, whether its seal is checked, and the applicant's name (a list must be read
until it names the applicant). The types that identify the applicant (``identifies_applicant``
in doc_types.yaml) are read for those fields too. ``figures`` says which figures the comparisons of
``evidence_specs/figures.yaml`` will look for in a document of each type (``checker/figures/wanted.py``): a
scanned report is read further, page by page, until they are there. The reader OCRs a page, or further pages,
only while something here is still missing (see ``docs/architecture.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .checks import CHECKS
from .doctypes import applicant_types, list_types, own_types
from .fields import extract_fields
from .figures.wanted import Wanted, missing_figures, wanted_figures
from .names import mentions
from .requirements import material_years

if TYPE_CHECKING:
    from .applicant import Applicant
    from .specs import EvidenceSpec

MAX_EXTRA_PAGES = 3  # pages OCRed beyond a document's first to find the fields its checks need


@dataclass(frozen=True)
class Needs:
    """What the checks will read from a document of each type, so that OCR can stop there."""

    fields: dict[str, frozenset[str]] = field(default_factory=dict)  # type → fields (holder, uscc, expiry_date, years, issuer)
    years: dict[str, frozenset[int]] = field(default_factory=dict)  # type → years it must cover
    seal: frozenset[str] = frozenset()  # types whose seal is checked
    name: str | None = None  # the applicant's name, when known: a list (名单) must be read until it shows up
    figures: Wanted = field(default_factory=dict)  # type → figure kind → years: what the figure comparisons look for

    @classmethod
    def of(cls, spec: EvidenceSpec, applicant: Applicant | None) -> Needs:
        flds: dict[str, set[str]] = {t: set(f) for t, f in applicant_types().items()}
        years: dict[str, set[int]] = {}
        seal: set[str] = set()
        for m in spec.materials:
            checks = [CHECKS[c] for c in m.check_ids()]
            for t in m.types:
                flds.setdefault(t, set()).update(f for c in checks for f in c.reads)
                if any(c.seal for c in checks):
                    seal.add(t)
                if applicant is not None and any("years" in c.reads for c in checks):
                    years.setdefault(t, set()).update(material_years(m, applicant) or ())
        return cls({t: frozenset(f) for t, f in flds.items()}, {t: frozenset(y) for t, y in years.items()}, frozenset(seal),
                   applicant.name if applicant else None, wanted_figures(spec.scheme, applicant))

    def lacking(self, doc_type: str, fields: dict[str, Any], text: str, *, ocr: bool) -> list[str]:
        """The fields the checks of ``doc_type`` need that are not in ``fields`` (read from ``text``)."""
        out = []
        for f in sorted(self.fields.get(doc_type, ())):
            if f == "holder":
                if doc_type in list_types():
                    if self.name and not mentions(text, self.name, ocr=ocr):
                        out.append("name")
                    continue
                if not fields.get("holder") and not (self.name and mentions(text, self.name, ocr=ocr)):
                    out.append(f)
            elif f == "years":
                want = self.years.get(doc_type) or frozenset()
                if not fields.get("years") or not want <= set(fields["years"]):
                    out.append(f)
            elif not fields.get(f):
                out.append(f)
        return out

    def figures_lacking(self, doc_type: str, figures: list[dict[str, Any]], years: list[int] | None) -> list[str]:
        """The figure kinds the comparisons look for in ``doc_type`` that ``figures`` (read so far) do not give."""
        wanted = self.figures.get(doc_type)
        return missing_figures(wanted, figures, [int(y) for y in years or []]) if wanted else []

    def met_by(self, doc_type: str, text: str) -> bool:
        """Whether ``text`` (OCRed) already gives everything the checks of ``doc_type`` read."""
        fields, _ = extract_fields(text, own=doc_type in own_types())
        return not self.lacking(doc_type, fields, text, ocr=True)
