"""Evidence specs: each scheme's required materials, as data (``evidence_specs/<scheme>.yaml``).

A spec lists the materials the scheme's source asks for, each with the
source's own name and a citation, when it is required, which document types
satisfy it, and which checks apply to the documents that satisfy it::

    scheme: jiangsu
    source: 000_0c31a927fc3e3bb0.txt 附件1-3
    translation_rule: {text: 外文材料需提供中文翻译件, cite: 000 附件1-3 说明}
    materials:
      - id: business_licence
        name: 企业营业执照
        cite: 000 附件1-3 第1项
        required: always                 # always | when | optional
        types: [business_licence]
        checks: [name, uscc, valid]
      - id: smart_factory
        name: 获评省先进级智能工厂（含）以上的文件或相关证明材料
        cite: 000 附件1-3 第11项
        required: when
        when: claimed('8')               # an expression over the applicant (see below)
        when_text: 仅当申报评价指标第8项（智能工厂）时需要
        types: [smart_factory_notice]
        checks: [name]
      - id: ghg_verification
        …
        checks: [name, third_party, {years: "[reporting_year]"}]

``when`` expressions (sandboxed, see ``lingtan.assessment.engine.expr``) may use:
``claimed(item)`` — the applicant claims points or compliance for that item
(a claim with points > 0, met true, a value, or evidence files);
``level`` — the level applied for; ``reporting_year``; ``has(list, key)``;
``honour(key)``; ``certified(system)``; and the applicant facts of
``lingtan.assessment.model.facts.FACT_NAMES`` (``applicant_facts``; false when the applicant
is known only from documents): ``offsets_used``, ``green_electricity_used``,
``renewable_energy_used``, ``energy_efficiency_applicable``, ``new_projects``, and one per offset
kind — ``green_certificates_used``, ``in_boundary_offsets_used``, ``out_boundary_offsets_used``,
``ccer_used``, ``carbon_inclusive_used``, ``energy_saving_offsets_used``,
``foreign_offsets_used``, ``carbon_sink_used``. ``claimed(item)`` is also true when the engine scores the item
above 0 or finds the condition met. ``years`` checks evaluate to the list of
years the document must cover.

Check ids are the document checks of the registry (``checker/checks/__init__.py``): ``name``
(holder is the applicant; name_mismatch), ``uscc`` (a printed 统一社会信用代码 is valid and the
applicant's; uscc_invalid / uscc_mismatch), ``valid`` (not expired at --as-of; expired), ``years``
(covers the years; years_not_covered), ``third_party`` (issuer is not the applicant;
not_third_party), ``sealed`` (carries a red seal; unsealed). Every document also gets the
submission checks (unreadable / duplicate / unclassified / low_confidence / untranslated), which
need no listing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lingtan.common.dataload import load_bundled
from lingtan.common.errors import SchemeDefinitionError
from lingtan.common.i18n import _
from lingtan.common.paths import scheme_file

from .checks import document_check_ids


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_S):
    text: str
    cite: str


class ContentRule(_S):
    """A material a document of another type satisfies by what it says (``satisfied_by_content``): a notice
    setting up the leading group that ends with "附：零碳工厂建设规划（2025—2027年）要点：…" holds the plan."""

    speaks: list[str] = Field(min_length=1)  # phrases that show the document speaks about the material (any one)
    holds: list[str] = Field(default_factory=list)  # what the source asks the material to hold
    min_holds: int = 1  # as many of ``holds`` as make it 符合; fewer: 待人工核对 with the passage
    types: list[str] = Field(default_factory=list)  # the document types whose text is read (empty: any)
    reason: str  # why these phrases are what the source asks for (the written rule)


class Material(_S):
    id: str
    name: str
    cite: str
    required: Literal["always", "when", "optional"] = "always"
    when: str | None = None
    when_text: str | None = None
    types: list[str] = Field(min_length=1)
    checks: list[str | dict[str, str]] = Field(default_factory=list)
    note: str | None = None  # decisions where the source is ambiguous
    satisfied_by_content: ContentRule | None = None  # documents of other types that hold it (their text decides)

    @model_validator(mode="after")
    def _when(self) -> Material:
        if (self.required == "when") != (self.when is not None):
            raise ValueError(_("{id}：required: when 与 when 表达式必须同时出现").format(id=self.id))
        return self

    @field_validator("types")
    @classmethod
    def _types(cls, v: list[str]) -> list[str]:
        from .doctypes import doc_types

        unknown = [t for t in v if t not in doc_types()]
        if unknown:
            raise ValueError(_("未知的文件类型 {unknown}（见 evidence_specs/doc_types.yaml）").format(unknown='、'.join(unknown)))
        return v

    @field_validator("checks")
    @classmethod
    def _checks(cls, v: list) -> list:
        for c in v:
            key = c if isinstance(c, str) else next(iter(c))
            if key not in document_check_ids():
                raise ValueError(_("未知的检查项 {key!r}（可选：{choices}）").format(key=key, choices='、'.join(document_check_ids())))
        return v

    def check_ids(self) -> list[str]:
        return [c if isinstance(c, str) else next(iter(c)) for c in self.checks]

    def check_arg(self, check: str) -> str | None:
        for c in self.checks:
            if isinstance(c, dict) and check in c:
                return c[check]
        return None


class EvidenceSpec(_S):
    scheme: str
    source: str
    translation_rule: Rule | None = None
    materials: list[Material]
    decisions: list[Rule] = Field(default_factory=list)


@lru_cache(maxsize=32)
def load_spec(scheme_id: str) -> EvidenceSpec:
    """The evidence spec of a scheme, validated; a clear error when missing or malformed."""
    path = scheme_file(scheme_id, "evidence_spec")
    if not path.is_file():
        raise SchemeDefinitionError(_("方案 {scheme_id} 没有证明材料清单文件：{path}").format(scheme_id=scheme_id, path=path))
    return load_bundled(path, EvidenceSpec, what="证明材料清单")
