"""Load factory data files and report their problems in Chinese.

Parsing is :func:`lingtan.common.dataload.read_structured`; this module adds the data model:
every message names the field path, the value found and the rule broken (with the Chinese
labels of vocabulary keys), and all problems are reported at once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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


def describe_validation_error(exc: ValidationError, data: Any) -> list[str]:
    """One Chinese line per problem: path, value, rule (allowed choices with their labels)."""
    return _describe(exc, data, labels=vocabulary_labels())


def validate_data(model: type[M], data: Any, *, source: str) -> M:
    """Validate ``data`` against ``model``; DataValidationError lists every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, data)
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
