"""The data-path grammar: a field of the factory data named by its path (``enterprise.uscc``,
``years.2025.energy_tce``, ``projects.1.name``, ``claims.jiangsu.5.5.points``).

The batch workbook's row 2 (:mod:`lingtan.dataentry.batch_workbook`) and the web form's inputs name
their fields so; :func:`parse_path` resolves a path against the data model
(:mod:`lingtan.assessment.model.factory`) and gives the type it ends at (:class:`Leaf`), with a
message naming what is wrong when the model has no such field.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.vocab import VOCABULARIES
from lingtan.common.i18n import _

_TITLE_OVERRIDES = {"enterprise": "", "years": "", "claims": "自评", "narratives": "文字材料"}


# -- types of the data model ------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """What a path points at: a model, list, dict, or a scalar kind."""

    kind: str  # model | list | dict | str | bool | int | number | date | any
    model: type[BaseModel] | None = None  # kind "model" (always given)
    item: Leaf | None = None  # kind "list" / "dict": what it holds (always given)
    choices: tuple[tuple[str, str], ...] = ()  # a vocabulary: (key, Chinese label) pairs

    @property
    def fields(self) -> dict[str, FieldInfo]:
        """The fields of a model (kind "model")."""
        if self.model is None:
            raise TypeError(_("{kind} 不是模型，没有字段").format(kind=self.kind))
        return self.model.model_fields

    @property
    def element(self) -> Leaf:
        """What a list or dict holds (kind "list" / "dict")."""
        if self.item is None:
            raise TypeError(_("{kind} 不是列表或映射").format(kind=self.kind))
        return self.item


def type_of(tp: Any) -> Leaf:
    origin = get_origin(tp)
    if origin is Annotated:
        return type_of(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return type_of(args[0]) if len(args) == 1 else Leaf("any")
    if origin is list:
        return Leaf("list", item=type_of(get_args(tp)[0]))
    if origin is dict:
        return Leaf("dict", item=type_of(get_args(tp)[1]))
    if origin is Literal:
        keys = set(get_args(tp))
        vocab = next((v for v in VOCABULARIES.values() if set(v) == keys), None)
        return Leaf("str", choices=tuple(vocab.items()) if vocab else ())
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return Leaf("model", model=tp)
        if tp is bool:
            return Leaf("bool")
        if tp is int:
            return Leaf("int")
        if tp is float:
            return Leaf("number")
        if tp is str:
            return Leaf("str")
        if issubclass(tp, dt.date):
            return Leaf("date")
    return Leaf("any")


def is_year_list(t: Leaf) -> bool:
    return t.kind == "list" and t.element.kind == "model" and "year" in t.element.fields


ROOT = Leaf("model", model=Factory)


# -- field paths ------------------------------------------------------------------------


class PathError(ValueError):
    """A row-2 field path the data model does not have."""


@dataclass(frozen=True)
class Step:
    kind: str  # field | key | year | index
    key: str | int  # field name / dict key / year / 0-based index
    title: str
    order: tuple


def _natural(s: str) -> tuple:
    return tuple((0, int(c)) if c.isdigit() else (1, c) for c in re.findall(r"\d+|\D+", s))


def parse_path(path: str) -> tuple[list[Step], Leaf]:
    """The steps of a field path and the type it ends at; PathError names what is wrong."""
    segs = path.split(".")
    if any(not s.strip() for s in segs):
        raise PathError(_("路径中有空的段（两个点相连，或以点开头/结尾）"))
    segs = [s.strip() for s in segs]
    t, steps, i = ROOT, [], 0
    while i < len(segs):
        s, here = segs[i], ".".join(segs[:i]) or _("（顶层）")
        if t.kind == "model":
            fields = t.fields
            if s not in fields:
                raise PathError(_("{here} 没有字段 {name}（可用：{fields}）").format(here=here, name=s, fields=", ".join(fields)))
            f = fields[s]
            steps.append(Step("field", s, f.title or s, (0, list(fields).index(s))))
            t = type_of(f.annotation)
            i += 1
        elif t.kind == "list":
            if is_year_list(t):
                if not (s.isascii() and s.isdigit() and len(s) == 4):
                    raise PathError(_("{here} 后应为年份，如 {here}.2025.energy_tce").format(here=here))
                steps.append(Step("year", int(s), f"{s}年", (1, int(s))))
                if i + 1 < len(segs) and segs[i + 1] == "year":
                    raise PathError(_("{path}.year 不必填写：年份已在路径中").format(path=f"{here}.{s}"))
            else:
                if not (s.isascii() and s.isdigit()) or len(s) > 6 or int(s) < 1:  # int() of 5000 digits raises
                    raise PathError(_("{here} 是列表，后面应为从 1 开始的序号，如 {here}.1").format(here=here))
                steps.append(Step("index", int(s) - 1, s, (1, int(s))))
            t = t.element
            i += 1
        elif t.kind == "dict":
            item = t.element
            if item.kind == "model":  # claim ids may contain dots: the id runs up to a field name
                j = i + 1
                while j < len(segs) and segs[j] not in item.fields:
                    j += 1
            elif item.kind in ("dict", "list"):
                j = i + 1
            else:  # scalar values: the key is the rest of the path
                j = len(segs)
            key = ".".join(segs[i:j])
            steps.append(Step("key", key, key, (2, _natural(key))))
            t = item
            i = j
        else:
            raise PathError(_("{here} 是单个取值，不能再有下级字段 {name}").format(here=here, name=s))
    if not steps:
        raise PathError(_("路径为空"))
    return steps, t


def column_title(path: str) -> str:
    """A Chinese title for a field path (row 1), from the data model's field titles."""
    steps, _ = parse_path(path)
    parts: list[str] = []
    for k, st in enumerate(steps):
        if st.kind == "field":
            title = _TITLE_OVERRIDES.get(str(st.key), st.title) if k == 0 else st.title  # a field's key is its name
            if title:
                parts.append(title)
        elif st.kind == "index" and parts:
            parts[-1] += st.title
        else:
            parts.append(st.title)
    return "·".join(parts)
