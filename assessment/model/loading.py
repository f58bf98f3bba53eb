"""Load YAML/JSON files and turn pydantic errors into Chinese messages.

Every message names the field path, the value found and the rule broken, and
all problems are reported at once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import DataFileError, DataValidationError, LingtanError

M = TypeVar("M", bound=BaseModel)

MAX_DATA_FILE_BYTES = 20 * 1024 * 1024


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 “{key}”（第 {key_node.start_mark.line + 1} 行）", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_structured(path: Path) -> Any:
    """Parse a .yaml/.yml/.json file into Python data; DataFileError on any failure."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(f"找不到数据文件：{path}")
    if path.is_dir():
        raise DataFileError(f"{path} 是目录，请指定一个 .yaml 或 .json 数据文件")
    try:
        size = path.stat().st_size
        if size == 0:
            raise DataFileError(f"数据文件为空：{path}")
        if size > MAX_DATA_FILE_BYTES:
            raise DataFileError(f"数据文件过大（{size / 1e6:.1f} MB，上限 20 MB）：{path}")
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"无法读取数据文件 {path}：{exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"数据文件 {path} 不是 UTF-8 编码（第 {exc.start} 字节处无法解码）；请另存为 UTF-8"
        ) from exc
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
        else:
            raise DataFileError(f"不支持的数据文件类型 “{suffix or '无扩展名'}”：请使用 .yaml、.yml 或 .json")
    except json.JSONDecodeError as exc:
        raise DataFileError(f"JSON 格式错误：{path} 第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(f"YAML 格式错误：{path}{where}：{problem}") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"数据文件 {path} 的顶层应为键值映射（mapping），实际为 {type(data).__name__}")
    return data


# pydantic error type -> Chinese rule text (ctx keys are formatted in).
_RULES = {
    "missing": "必填字段缺失",
    "extra_forbidden": "未知字段（可能拼写错误，或不属于该位置）",
    "greater_than_equal": "应大于或等于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应小于或等于 {le}",
    "less_than": "应小于 {lt}",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数（不能有小数部分）",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "finite_number": "应为有限数字",
    "bool_parsing": "应为是/否（true 或 false）",
    "bool_type": "应为是/否（true 或 false）",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不符合要求（{pattern}）",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_type": "应为日期，格式 YYYY-MM-DD",
    "list_type": "应为列表",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射（包含若干字段）",
    "model_attributes_type": "应为键值映射（包含若干字段）",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "literal_error": "取值应为以下之一：{expected}",
    "union_tag_invalid": "类型 {discriminator} 应为以下之一：{expected_tags}（实际为 '{tag}'）",
    "union_tag_not_found": "缺少类型字段 {discriminator}",
}


def _format_loc(loc: tuple, data: Any) -> str:
    """Dotted field path with list indices shown as [i] (and the year, for years)."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                elem = node[item]
                if isinstance(elem, dict) and "year" in elem and parts and parts[-1] == "years":
                    label = f"[{item}]（{elem['year']} 年）"
                node = elem
            else:
                node = None
            parts.append(label)
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    out = ""
    for p in parts:
        out += p if p.startswith("[") or not out else "." + p
    return out or "（顶层）"


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


def _rule_text(err: dict) -> str:
    etype = err["type"]
    ctx = err.get("ctx") or {}
    if etype == "value_error":
        msg = str(ctx.get("error", err["msg"]))
        return msg
    if etype == "literal_error":
        from .vocab import VOCABULARIES

        labels: dict[str, str] = {}
        for vocab in VOCABULARIES.values():
            for k, v in vocab.items():
                labels.setdefault(k, v)
        keys = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        shown = "、".join(f"{k}（{labels[k]}）" if k in labels else k for k in keys)
        return _RULES["literal_error"].format(expected=shown or ctx.get("expected", ""))
    template = _RULES.get(etype)
    if template is None:
        return err["msg"]
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def describe_validation_error(exc: ValidationError, data: Any) -> list[str]:
    """One Chinese line per problem: path, value, rule."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith(("function-", "literal["))))
        # Drop pydantic's internal union/annotated markers from the path.
        loc = tuple(x for x in loc if not (isinstance(x, str) and ("[" in x and "]" in x)))
        path = _format_loc(loc, data)
        rule = _rule_text(err)
        value = err.get("input")
        if err["type"] == "missing" or isinstance(value, (dict, list)):
            lines.append(f"{path}：{rule}")
        else:
            lines.append(f"{path}：值 {_short(value)} 不符合规则：{rule}")
    return lines


def validate_data(model: type[M], data: Any, *, source: str) -> M:
    """Validate ``data`` against ``model``; DataValidationError lists every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, data)
        raise DataValidationError(f"数据校验未通过：{source}（共 {len(problems)} 处问题）", problems=problems) from exc


def load_model(model: type[M], path: Path) -> M:
    """Read and validate a data file as ``model``."""
    data = read_structured(path)
    return validate_data(model, data, source=str(path))


def load_factory(path: Path):
    """Read and validate a factory data file."""
    from .factory import Factory

    try:
        return load_model(Factory, path)
    except LingtanError:
        raise
    except RecursionError as exc:  # pathological nesting in hostile input
        raise DataFileError(f"数据文件 {path} 嵌套层级过深") from exc
