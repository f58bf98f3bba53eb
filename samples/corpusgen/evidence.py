"""The evidence specs and the applicant, read for the ground truth — an independent reimplementation.

The corpus exists to measure the checker. If its ground truth were computed by the checker's own
code (its spec loader, its applicant, its ``requirement``), a bug in that code would be in the
truth too, and the evaluation could never see it: the checker would agree with itself. So the
truth reads the same *data* the checker reads — ``evidence_specs/<scheme>.yaml`` and the sample
factory's data file — but decides everything with the small implementation below, written from
the documented semantics of the spec format (``evidence_specs/README.md``), not from the checker's
code. Nothing under ``samples/`` imports the checker package.

What it implements:

- **The spec** (:func:`load_spec`): the YAML read with PyYAML into plain dataclasses
  (:class:`Material`, :class:`EvidenceSpec`); an unknown key, a ``required`` other than
  ``always`` / ``when`` / ``optional``, or ``when`` without ``required: when`` (or the reverse) is
  an error, so that a spec the truth does not understand cannot silently yield a wrong truth.
- **The applicant** (:func:`applicant_of`): from the factory data file (validated by the
  assessment's data model), its name, 统一社会信用代码, level, reporting year, claims for the
  scheme, honours, certificates, the engine's assessment on the corpus's date (:data:`AS_OF`) and
  the applicant facts — computed here from the reporting year's figures, as the facts' documented
  meanings say (``offsets_used``: some offset above 0; one fact per offset kind; green
  electricity, renewable energy; energy-efficiency standard applicable; projects listed).
- **A material's requirement** (:func:`requirement`): ``always`` → required; ``optional`` → not
  required; ``when`` → the expression evaluated by the assessment's sandboxed evaluator
  (``lingtan.assessment.engine.expr.evaluate``) over :func:`when_env`: ``claimed(item)`` — the
  engine scores the item above 0 or finds the condition met, or the claim has points above 0,
  ``met: true``, evidence files or a value that is not empty / 0 / false / ``"none"`` (a claim
  with ``applicable: false`` claims nothing); ``level``; ``reporting_year``; ``has(list, key)``;
  ``honour(key)`` (``honours.other``, and ``green_factory_<level>``); ``certified(system)`` (a
  certificate of that system listed in the data); and the facts. A name the environment does not
  define is an error (a new fact must be taught to the truth before a spec uses it).
- **The years a material's ``years`` check asks for** (:func:`material_years`): its expression
  evaluated with ``reporting_year`` and ``level``.

The engine's assessment is used on :data:`AS_OF` (not today's date) so that the truth does not
depend on the day the corpus is generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.engine.expr import compile_expr, evaluate
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.loading import load_factory
from lingtan.assessment.schemes import load_scheme, resolve_level

AS_OF = date(2026, 3, 15)  # the corpus's evaluation date (truth.json "as_of")
REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO / "lingtan" / "data" / "schemes"

_MATERIAL_KEYS = {"id", "name", "cite", "required", "when", "when_text", "types", "checks", "note",
                  "satisfied_by_content"}  # the checker's: a document of another type that holds the material (not generated)
_SPEC_KEYS = {"scheme", "source", "translation_rule", "materials", "decisions"}

# offset kind (years[].offsets) -> the fact saying the applicant uses it in the reporting year
OFFSET_FACTS = {
    "green_certificates": "green_certificates_used",
    "in_boundary_project": "in_boundary_offsets_used",
    "out_boundary_project": "out_boundary_offsets_used",
    "ccer": "ccer_used",
    "carbon_inclusive": "carbon_inclusive_used",
    "energy_saving_project": "energy_saving_offsets_used",
    "foreign": "foreign_offsets_used",
    "carbon_sink": "carbon_sink_used",
}


class SpecError(ValueError):
    """An evidence spec the truth cannot read unambiguously."""


@dataclass(frozen=True)
class Material:
    """One material of a spec, as the YAML states it."""

    id: str
    name: str
    cite: str
    required: str  # always | when | optional
    types: tuple[str, ...]
    checks: tuple[Any, ...] = ()  # "name" or {"years": "[reporting_year]"}
    when: str | None = None
    when_text: str | None = None
    note: str | None = None

    def check_ids(self) -> list[str]:
        return [c if isinstance(c, str) else next(iter(c)) for c in self.checks]

    def check_arg(self, check: str) -> str | None:
        for c in self.checks:
            if isinstance(c, dict) and check in c:
                return str(c[check])
        return None


@dataclass(frozen=True)
class EvidenceSpec:
    scheme: str
    materials: tuple[Material, ...]
    translation_rule: Any = None  # the scheme's list asks for Chinese translations of foreign documents (000 附件1-3)


def _material(raw: Any, where: str) -> Material:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: a material must be a mapping")
    unknown = set(raw) - _MATERIAL_KEYS
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    req = raw.get("required", "always")
    if req not in ("always", "when", "optional"):
        raise SpecError(f"{where}: required must be always, when or optional, not {req!r}")
    if (req == "when") != (raw.get("when") is not None):
        raise SpecError(f"{where}: required: when and a when expression go together")
    types = raw.get("types") or []
    if not types or not all(isinstance(t, str) for t in types):
        raise SpecError(f"{where}: types must be a non-empty list of type ids")
    checks = raw.get("checks") or []
    for c in checks:
        if not (isinstance(c, str) or (isinstance(c, dict) and len(c) == 1)):
            raise SpecError(f"{where}: a check is an id or a one-key mapping, not {c!r}")
    return Material(id=str(raw["id"]), name=str(raw["name"]), cite=str(raw["cite"]), required=req, types=tuple(types),
                    checks=tuple(checks), when=raw.get("when"), when_text=raw.get("when_text"), note=raw.get("note"))


@lru_cache(maxsize=16)
def load_spec(scheme: str) -> EvidenceSpec:
    """``evidence_specs/<scheme>.yaml``, read with PyYAML."""
    path = SPEC_DIR / scheme / "evidence_spec.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) - _SPEC_KEYS:
        raise SpecError(f"{path}: not an evidence spec (keys {sorted(data) if isinstance(data, dict) else type(data)})")
    if data.get("scheme") != scheme:
        raise SpecError(f"{path}: scheme is {data.get('scheme')!r}, expected {scheme!r}")
    mats = tuple(_material(m, f"{path.name} materials[{i}]") for i, m in enumerate(data.get("materials") or []))
    ids = [m.id for m in mats]
    if len(set(ids)) != len(ids):
        raise SpecError(f"{path}: duplicate material ids")
    return EvidenceSpec(scheme, mats, data.get("translation_rule"))


@dataclass(frozen=True)
class Applicant:
    """The applicant of a submission, from its factory data file."""

    name: str
    uscc: str
    level: str | None
    reporting_year: int
    claims: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)
    honours: frozenset[str] = frozenset()
    certified: frozenset[str] = frozenset()
    scores: dict[str, float] = field(default_factory=dict, hash=False, compare=False)  # engine points per indicator
    conditions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # engine status per condition
    facts: dict[str, bool] = field(default_factory=dict, hash=False, compare=False)


def facts_of(fac: Factory) -> dict[str, bool]:
    """The applicant facts of the reporting year, from the figures (see the module docstring)."""
    last = fac.year(fac.reporting_year)
    offsets = dict(last.offsets) if last is not None else {}
    unknown = set(offsets) - set(OFFSET_FACTS)
    if unknown:
        raise SpecError(f"offset kinds the truth does not know: {sorted(unknown)}")
    out = {fact: (offsets.get(kind) or 0) > 0 for kind, fact in OFFSET_FACTS.items()}
    out["offsets_used"] = any(v > 0 for v in offsets.values())
    out["green_electricity_used"] = last is not None and last.green_electricity_mwh > 0
    out["renewable_energy_used"] = last is not None and (last.renewable_tce > 0 or (last.non_fossil_tce or 0) > 0)
    out["energy_efficiency_applicable"] = fac.energy_efficiency is not None and bool(fac.energy_efficiency.applicable)
    out["new_projects"] = len(fac.projects) > 0
    return out


def applicant_of(path: Path, scheme: str, as_of: date = AS_OF) -> Applicant:
    """The applicant described by a factory data file, applying for ``scheme``."""
    fac = load_factory(path)
    sch = load_scheme(scheme)
    own = fac.application.scheme in (None, scheme)
    level = fac.application.level if own else None
    a = assess(fac, sch, resolve_level(sch, level), as_of)
    honours = set(fac.honours.other)
    if fac.honours.green_factory is not None:
        honours.add(f"green_factory_{fac.honours.green_factory.level}")
    return Applicant(
        name=fac.enterprise.name, uscc=fac.enterprise.uscc, level=level, reporting_year=fac.reporting_year,
        claims={k: c.model_dump(mode="json") for k, c in fac.claims.get(scheme, {}).items()},
        honours=frozenset(honours), certified=frozenset(c.system for c in fac.management_systems.certificates),
        scores={r.id: r.points for r in a.indicators}, conditions={c.id: c.status for c in a.conditions},
        facts=facts_of(fac),
    )


def claimed(app: Applicant, item: Any) -> bool:
    """The applicant claims points or compliance for ``item`` (see the module docstring)."""
    key = str(item)
    if (app.scores.get(key) or 0) > 0 or app.conditions.get(key) == "met":
        return True
    c = app.claims.get(key)
    if not c or c.get("applicable") is False:
        return False
    return (c.get("points") or 0) > 0 or c.get("met") is True or bool(c.get("evidence")) or _is_value(c.get("value"))


def _is_value(v: Any) -> bool:
    """A claim's value says something: not absent, empty, zero, false or ``"none"``."""
    if v is None or v is False or v == "" or v == "none":
        return False
    if isinstance(v, (int, float)) and v == 0:
        return False
    return not (isinstance(v, (list, dict)) and not v)


def when_env(app: Applicant) -> dict[str, Any]:
    """The names a ``when`` expression may use, for this applicant."""
    return {
        "claimed": lambda item: claimed(app, item),
        "level": app.level,
        "reporting_year": app.reporting_year,
        "has": lambda coll, key: bool(coll) and key in coll,
        "honour": lambda key: key in app.honours,
        "certified": lambda system: system in app.certified,
        "True": True, "False": False, "None": None,
        **app.facts,
    }


def requirement(m: Material, app: Applicant) -> bool:
    """Whether material ``m`` is required for ``app`` (the spec's ``always`` / ``when`` / ``optional``)."""
    if m.required == "always":
        return True
    if m.required == "optional":
        return False
    expr = compile_expr(m.when or "")
    env = when_env(app)
    unknown = set(expr.names) - set(env)
    if unknown:
        raise SpecError(f"{m.id}: when {m.when!r} uses names the truth does not define: {sorted(unknown)}")
    return bool(evaluate(expr, env))


def material_years(m: Material, app: Applicant) -> list[int]:
    """The years material ``m``'s ``years`` check asks documents to cover ([] when it has none)."""
    arg = m.check_arg("years")
    if arg is None:
        return []
    v = evaluate(arg, {"reporting_year": app.reporting_year, "level": app.level})
    return sorted({int(y) for y in (v if isinstance(v, (list, tuple)) else [v])})
