"""Load factory data files and report their problems in Chinese.

Parsing is :func:`lingtan.common.dataload.read_structured`; this module adds the data model:
every message names the field path, the value found and the rule broken (with the Chinese
labels of vocabulary keys), and all problems are reported at once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from lingtan.common.dataload import describe_validation_error as _describe
from lingtan.common.dataload import read_structured
from lingtan.common.errors import DataFileError, DataValidationError
from lingtan.common.i18n import _

if TYPE_CHECKING:
    from .factory import Factory

M = TypeVar("M", bound=BaseModel)


@cache
def vocabulary_labels() -> dict[str, str]:
    """Every vocabulary key's Chinese label (the first, where two vocabularies share a key)."""
    from .vocab import VOCABULARIES

    labels: dict[str, str] = {}
    for vocab in VOCABULARIES.values():
        for k, v in vocab.items():
            labels.setdefault(k, v)
    return labels


def describe_validation_error(exc: ValidationError, data: Any, model: type[BaseModel] | None = None) -> list[str]:
    """One Chinese line per problem: path (with the field's Chinese title, given the ``model``), value,
    rule (allowed choices with their labels)."""
    title_of = (lambda loc: field_title(model, loc)) if model is not None else None
    return _describe(exc, data, labels=vocabulary_labels(), title_of=title_of)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation holds (``X | None``, ``list[X]``, ``dict[str, X]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def field_title(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The Chinese title of the field at a validation error's location (None when it has none:
    an unknown key, or a key of a mapping)."""
    title: str | None = None
    models: list[type[BaseModel]] = [model]
    for item in loc:
        if not isinstance(item, str):
            continue  # a list index: the same field's items
        field = next((m.model_fields[item] for m in models if item in m.model_fields), None)
        if field is None:
            if not models:
                continue  # a key of a mapping (claims.jiangsu."4"): the title stays the mapping's
            return None
        title, models = field.title, _models_in(field.annotation)
    return title


def validate_data(model: type[M], data: Any, *, source: str) -> M:
    """Validate ``data`` against ``model``; DataValidationError lists every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, data, model)
        raise DataValidationError(_("数据校验未通过：{path}（共 {n} 处问题）").format(path=source, n=len(problems)), problems=problems) from exc


def load_model(model: type[M], path: Path) -> M:
    """Read and validate a data file as ``model``."""
    data = read_structured(path)
    try:
        return validate_data(model, data, source=str(path))
    except RecursionError as exc:  # pathological nesting in hostile input
        raise DataFileError(_("数据文件 {path} 嵌套层级过深").format(path=path)) from exc


def load_factory(path: Path) -> Factory:
    """Read and validate a factory data file."""
    from .factory import Factory

    return load_model(Factory, path)
