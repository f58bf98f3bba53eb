"""The document types, as data: ``evidence_specs/doc_types.yaml`` (names, flags, recognition rules).

One entry per type, its id being what evidence specs list under ``types:``. Adding a document
type is an entry there (and, for the sample corpus, a renderer); no code names a type's flags.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, model_validator

from lingtan.common.dataload import load_bundled
from lingtan.common.i18n import _
from lingtan.common.paths import specs_root

#: the fields a document may give to identify the applicant (``identifies_applicant``)
APPLICANT_FIELDS = ("holder", "uscc")


def _text(v: Any) -> Any:
    return str(v) if isinstance(v, int) else v  # a bare standard number in YAML (9001) is a phrase


Phrase = Annotated[str, BeforeValidator(_text)]


class DocType(BaseModel):
    """One document type: its name, its flags and the phrases that recognise it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)  # the Chinese name shown to people
    name_en: str = Field(min_length=1)  # the English name (--lang en)
    titles: tuple[Phrase, ...] = ()  # title phrases near the top of the first page
    keywords: tuple[Phrase, ...] = ()  # body phrases; the share found adds to the score
    require_any: tuple[Phrase, ...] = ()  # at least one must be present
    filename: tuple[Phrase, ...] = ()  # hints in the file name or bookmark title
    own: bool = False  # the applicant writes it itself: its title, letterhead or signature names the holder
    lists_enterprises: bool = False  # a 发文/名单 naming many enterprises
    identifies_applicant: tuple[str, ...] = ()  # fields that name the applicant when nothing else does
    form: bool = False  # an application form: its headings name every material (no parts inside it count)

    @model_validator(mode="after")
    def _fields(self) -> DocType:
        bad = [f for f in self.identifies_applicant if f not in APPLICANT_FIELDS]
        if bad:
            raise ValueError(_("identifies_applicant 只能列出 {fields}，实际有 {bad}").format(fields='、'.join(APPLICANT_FIELDS), bad='、'.join(bad)))
        return self

    @property
    def recognisable(self) -> bool:
        """Whether the type has rules to recognise it (``other`` has none)."""
        return bool(self.titles or self.keywords)


class _DocTypes(RootModel[dict[str, DocType]]):
    @model_validator(mode="after")
    def _other(self) -> _DocTypes:
        if "other" not in self.root:
            raise ValueError(_("缺少 other（无法识别的文件）类型"))
        return self


@cache
def doc_types() -> dict[str, DocType]:
    """Every document type by id, in the file's order (validated; a clear error names file and line)."""
    return load_bundled(specs_root() / "doc_types.yaml", _DocTypes, what="文件类型定义").root


def type_name(type_id: str, lang: str = "zh") -> str:
    """The name of a document type, Chinese or English (the id itself when unknown)."""
    t = doc_types().get(type_id)
    if t is None:
        return type_id
    return t.name_en if lang == "en" else t.name


@cache
def list_types() -> frozenset[str]:
    """Types that list many enterprises (``lists_enterprises: true``)."""
    return frozenset(t for t, d in doc_types().items() if d.lists_enterprises)


@cache
def own_types() -> frozenset[str]:
    """Types the applicant writes itself (``own: true``)."""
    return frozenset(t for t, d in doc_types().items() if d.own)


def applicant_types() -> dict[str, tuple[str, ...]]:
    """Types that identify the applicant when no data file or manifest does, with the fields read."""
    return {t: d.identifies_applicant for t, d in doc_types().items() if d.identifies_applicant}
