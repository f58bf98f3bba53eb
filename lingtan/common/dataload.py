"""Reading YAML and JSON: one loader for user data files and for every bundled data file.

- :func:`read_structured` parses a user's ``.yaml/.yml/.json`` file; a duplicate key, bad syntax,
  a wrong encoding or an empty file is a :class:`~lingtan.common.errors.DataFileError` in Chinese
  naming the file, line and column.
- :func:`load_bundled` reads a file that ships with lingtan (schemes, evidence specs, document-type
  rules, narrative recipes, template sources) and validates it against a pydantic model that
  forbids unknown keys; any problem is a :class:`~lingtan.common.errors.BundledDataError` naming
  the file and the line of each problem.
- :func:`describe_validation_error` turns pydantic's errors into Chinese lines: field path, value,
  rule.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BundledDataError, DataFileError, os_reason
from .i18n import _, language

M = TypeVar("M", bound=BaseModel)

MAX_DATA_FILE_BYTES = 20 * 1024 * 1024
#: digits an integer of a data file may have (Python's int() stops at 4300; no figure needs 30)
MAX_INT_DIGITS = 30


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last."""


def _construct_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(None, None, "found unhashable key", key_node.start_mark)
        if key in result:
            err = yaml.constructor.ConstructorError(
                None, None, _("重复的键 “{key}”（第 {line} 行）").format(key=key, line=key_node.start_mark.line + 1), key_node.start_mark
            )
            err.lingtan_says = True  # type: ignore[attr-defined]  # our own words: yaml_problem keeps them
            raise err
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


def _refuse(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    """Our own words about one scalar, at its line and column (``yaml_problem`` keeps them)."""
    err = yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
    err.lingtan_says = True  # type: ignore[attr-defined]
    return err


def not_finite(value: str) -> str:
    """The rule a value such as ``.inf``, ``nan`` or ``1e309`` breaks."""
    return _("数值 “{value}” 不是有限数字（不能是无穷大或 NaN），请填写实际数值").format(value=value)


def too_many_digits(digits: int) -> str:
    """The rule an integer of thousands of digits breaks."""
    return _("整数位数过多（{digits} 位，最多 {limit} 位），请填写实际数值").format(digits=digits, limit=MAX_INT_DIGITS)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    digits = len(text.lstrip("+-").replace("_", ""))
    if digits > MAX_INT_DIGITS:
        raise _refuse(node, too_many_digits(digits))
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if isinstance(value, float) and not math.isfinite(value):
        raise _refuse(node, not_finite(str(loader.construct_scalar(node))))
    return value


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        text = str(loader.construct_scalar(node))
        raise _refuse(node, _("日期 “{value}” 不存在（月份应为 1–12，日应在该月的天数以内），请填写真实的日期").format(value=text)) from exc


_SCALARS = {"int": _construct_int, "float": _construct_float, "timestamp": _construct_timestamp}

UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
for _tag, _fn in _SCALARS.items():
    UniqueKeyLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _fn)


class _FastUniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml's parser (≈ 10× faster) for the bundled files, whose errors are
    re-read with :class:`UniqueKeyLoader` for PyYAML's messages (which ``_YAML_PROBLEMS`` translates)."""


_FastUniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
for _tag, _fn in _SCALARS.items():
    _FastUniqueKeyLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _fn)

#: PyYAML's English problem texts, as a person reads them
_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "mapping values are not allowed here": "此处不能出现冒号（值中含冒号时请加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found undefined alias": "引用了未定义的锚点",
    "expected <block end>, but found": "缩进不一致",
    "did not find expected key": "缩进不一致或缺少键",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found unknown escape character": "双引号字符串中有未知的转义字符（请改用单引号）",
    "did not find expected node content": "此处缺少值",
    "expected ',' or ']', but got": "列表 [ ] 中缺少逗号或右括号",
    "expected ',' or '}', but got": "映射 { } 中缺少逗号或右括号",
    "found character that cannot start any token": "此处有不能出现的字符",
    "found character '@' that cannot start any token": "值不能以 @ 开头（请加引号）",
    "found character '`' that cannot start any token": "值不能以 ` 开头（请加引号）",
    "found character '%' that cannot start any token": "值不能以 % 开头（请加引号）",
    "found unhashable key": "键不能是列表或映射",
    "could not determine a constructor for the tag": "不支持的 YAML 标签（以 ! 开头的写法）",
    "found incompatible YAML document": "不支持的 YAML 版本声明",
    "but found another document": "文件中只能有一个 YAML 文档（请删除多余的 ---）",
    "second occurrence": "锚点名称重复",
    "found duplicate anchor": "锚点名称重复",
    "found a tab character": "不能用 Tab 键缩进，请改用空格",
    "expected alphabetic or numeric character": "锚点或别名的名称只能是字母或数字",
    "expected a comment or a line break": "此处应换行（多余的内容）",
    "found unexpected ':'": "此处不能出现冒号（值中含冒号时请加引号）",
    "expected <document start>": "文件开头有多余的内容",
    "expected chomping or indentation indicators": "多行文字标记 | 或 > 后的写法不对",
    "found unexpected document separator": "文件中只能有一个 YAML 文档（请删除多余的 ---）",
}

#: said when PyYAML's text is none of the above: never its English words
_YAML_OTHER = "不符合 YAML 语法（请检查缩进、冒号、引号和括号）"


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error as a Chinese phrase with its line and column."""
    mark = getattr(exc, "problem_mark", None)
    where = _("第 {line} 行第 {column} 列：").format(line=mark.line + 1, column=mark.column + 1) if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    if getattr(exc, "lingtan_says", False):
        return where + problem  # our own (duplicate keys)
    return where + _(next((zh for en, zh in _YAML_PROBLEMS.items() if problem.startswith(en)), _YAML_OTHER))


def parse_yaml(text: str) -> Any:
    """YAML text → Python data, refusing duplicate keys (``yaml.YAMLError`` on any problem)."""
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


class _JsonValueRefused(ValueError):
    """A JSON number the data cannot hold (raised by the decoder's hooks, placed by :func:`_json_place`)."""

    def __init__(self, token: str, problem: str) -> None:
        super().__init__(problem)
        self.token = token
        self.problem = problem


def _json_constant(token: str) -> Any:
    raise _JsonValueRefused(token, not_finite(token))


def _json_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _JsonValueRefused(token, not_finite(token))
    return value


def _json_int(token: str) -> int:
    digits = len(token.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _JsonValueRefused(token, too_many_digits(digits))
    return int(token)


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN|-?\d[\d.eE+-]*)')


def _json_place(text: str, token: str) -> tuple[int, int]:
    """Line and column (1-based) of the first ``token`` outside a string of JSON ``text``."""
    for m in _JSON_TOKENS.finditer(text):
        if m.group(1) == token:
            line = text.count("\n", 0, m.start()) + 1
            return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return 1, 1


def parse_json(text: str) -> Any:
    """JSON text → Python data, refusing NaN, Infinity, numbers too large for a float and integers
    of more than :data:`MAX_INT_DIGITS` digits (``_JsonValueRefused``)."""
    return json.loads(text, parse_constant=_json_constant, parse_float=_json_float, parse_int=_json_int)


def read_structured(path: Path) -> Any:
    """Parse a user's .yaml/.yml/.json file into Python data; DataFileError on any failure."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(_("找不到数据文件：{path}").format(path=path))
    if path.is_dir():
        raise DataFileError(_("{path} 是目录，请指定一个 .yaml 或 .json 数据文件").format(path=path))
    try:
        size = path.stat().st_size
        if size == 0:
            raise DataFileError(_("数据文件为空：{path}").format(path=path))
        if size > MAX_DATA_FILE_BYTES:
            raise DataFileError(_("数据文件过大（{size:.1f} MB，上限 20 MB）：{path}").format(size=size / 1e6, path=path))
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(_("无法读取数据文件 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(_("数据文件 {path} 不是 UTF-8 编码（第 {byte} 字节处无法解码）；请另存为 UTF-8").format(path=path, byte=exc.start)) from exc
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = parse_json(text)
        elif suffix in (".yaml", ".yml"):
            data = parse_yaml(text)
        else:
            raise DataFileError(_("不支持的数据文件类型 “{suffix}”：请使用 .yaml、.yml 或 .json").format(suffix=suffix or _("无扩展名")))
    except _JsonValueRefused as exc:
        line, column = _json_place(text, exc.token)
        raise DataFileError(_("JSON 格式错误：{path} 第 {line} 行第 {column} 列：{problem}").format(
            path=path, line=line, column=column, problem=exc.problem)) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(_("JSON 格式错误：{path} 第 {line} 行第 {column} 列：{problem}").format(
            path=path, line=exc.lineno, column=exc.colno, problem=exc.msg)) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(_("YAML 格式错误：{path} {problem}").format(path=path, problem=yaml_problem(exc))) from exc
    except RecursionError as exc:  # pathological nesting in hostile input
        raise DataFileError(_("数据文件 {path} 嵌套层级过深").format(path=path)) from exc
    except (ValueError, OverflowError) as exc:  # a value the parser's own conversion refuses
        raise DataFileError(_("数据文件 {path} 中有无法读取的数值或日期，请检查数字和日期的写法").format(path=path)) from exc
    if not isinstance(data, dict):
        raise DataFileError(_("数据文件 {path} 的顶层应为键值映射（mapping），实际为 {kind}").format(path=path, kind=type(data).__name__))
    return data


# -- pydantic errors in Chinese ------------------------------------------------------------------

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
    "string_too_long": "最多 {max_length} 个字",
    "string_unicode": "应为文字",
    "enum": "取值应为以下之一：{expected}",
    "multiple_of": "应为 {multiple_of} 的整数倍",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "datetime_parsing": "应为日期时间，格式 YYYY-MM-DDTHH:MM",
    "datetime_type": "应为日期时间，格式 YYYY-MM-DDTHH:MM",
    "date_from_datetime_inexact": "应为日期（不含时间），格式 YYYY-MM-DD",
    "date_future": "应为将来的日期",
    "date_past": "应为过去的日期",
    "set_type": "应为列表",
    "tuple_type": "应为列表",
    "iterable_type": "应为列表",
    "mapping_type": "应为键值映射",
    "none_required": "应为空",
    "frozen_instance": "不能修改",
    "url_parsing": "应为网址",
    "url_type": "应为网址",
    "json_invalid": "不是有效的 JSON",
    "is_instance_of": "类型不符合要求",
}

#: said when pydantic's error type is none of the above: never its English message
_RULE_OTHER = "取值不符合要求"


def _number(v: Any) -> Any:
    """0.0 → 0 in messages (``应大于或等于 0``, not ``0.0``)."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _format_loc(loc: tuple[Any, ...], data: Any) -> str:
    """Dotted field path with list indices shown as [i] (and the year, for years)."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                elem = node[item]
                if isinstance(elem, dict) and "year" in elem and parts and parts[-1] == "years":
                    label = f"[{item}]" + _("（{year} 年）").format(year=elem["year"])
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
    return out or _("（顶层）")


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


def _rule_text(err: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    etype = err["type"]
    ctx = err.get("ctx") or {}
    if etype in ("value_error", "assertion_error"):
        said = str(ctx.get("error", err["msg"]))
        ours = any("\u4e00" <= ch <= "\u9fff" for ch in said) or (language() != "zh" and not said.startswith(("Value error", "Assertion failed")))
        return said if ours else _(_RULE_OTHER)  # our validators speak Chinese (English through _())
    if etype == "literal_error":
        keys = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        shown = _("、").join(f"{k}（{labels[k]}）" if k in labels and language() == "zh" else k for k in keys)
        return _(_RULES["literal_error"]).format(expected=shown or ctx.get("expected", ""))
    template = _(_RULES[etype]) if etype in _RULES else None
    if template is None:
        return _(_RULE_OTHER)
    try:
        return template.format(**{k: _number(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        return template


def clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic's location without its internal union/annotated/function markers."""
    return tuple(x for x in loc if not (isinstance(x, str) and (x.startswith(("function-", "literal[")) or ("[" in x and "]" in x))))


def describe_validation_error(exc: ValidationError, data: Any, *, labels: Mapping[str, str] | None = None,
                              line_of: Callable[[tuple[Any, ...]], int | None] | None = None,
                              title_of: Callable[[tuple[Any, ...]], str | None] | None = None) -> list[str]:
    """One Chinese line per problem: path, value, rule (and the line, with ``line_of``).

    ``labels``: Chinese labels of vocabulary keys, shown beside the allowed choices; ``title_of``: the
    Chinese name of the field at a location, shown after its path (in Chinese messages).
    """
    lines = []
    for err in exc.errors(include_url=False):
        loc = clean_loc(err["loc"])
        path = _format_loc(loc, data)
        title = title_of(loc) if title_of and language() == "zh" else None
        if title:
            path += f"（{title}）"
        line = line_of(loc) if line_of else None
        if line:
            path = _("第 {line} 行 {path}").format(line=line, path=path)
        lines.append(_("{path}：{rule}").format(path=path, rule=describe_problem(err, labels)))
    return lines


def describe_problem(err: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """What one pydantic error says, without its place: the value found and the rule it breaks
    (the workbooks put the place their own way: a row and a data path, a sheet, row and column)."""
    rule = _rule_text(err, labels or {})
    value = err.get("input")
    if err["type"] == "missing" or isinstance(value, (dict, list)):
        return rule
    return _("值 {value} 不符合规则：{rule}").format(value=_short(value), rule=rule)


# -- bundled data ---------------------------------------------------------------------------------


def _line_finder(root: yaml.Node | None) -> Callable[[tuple[Any, ...]], int | None]:
    """Maps a pydantic location to the 1-based line of the deepest YAML node on its path."""

    def line_of(loc: tuple[Any, ...]) -> int | None:
        node, line = root, None
        for item in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if str(k.value) == str(item):
                        line, node = k.start_mark.line + 1, v
                        break
                else:
                    return line if line is not None else (node.start_mark.line + 1)
            elif isinstance(node, yaml.SequenceNode) and isinstance(item, int) and 0 <= item < len(node.value):
                node = node.value[item]
                line = node.start_mark.line + 1
            else:
                break
        return line

    return line_of


def load_bundled(path: Path, model: type[M], *, what: str, transform: Callable[[Any], Any] | None = None) -> M:
    """A bundled YAML file, validated against ``model`` (which forbids unknown keys).

    ``what`` names the kind of file in messages (“证明材料清单”); ``transform`` adjusts the parsed
    data before validation. Duplicate keys, syntax errors and schema problems raise
    :class:`BundledDataError` naming the file and lines.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BundledDataError(_("无法读取{what} {path}：{reason}").format(what=what, path=path, reason=os_reason(exc))) from exc
    try:
        data = yaml.load(text, Loader=_FastUniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        try:
            data = parse_yaml(text)  # PyYAML's own message for the error
        except yaml.YAMLError as exc:
            raise BundledDataError(_("{what} {path} 格式错误：{problem}").format(what=what, path=path, problem=yaml_problem(exc))) from exc
    if transform is not None:
        data = transform(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # the lines of the problems (only when there are some)
        problems = describe_validation_error(exc, data, line_of=_line_finder(node))
        raise BundledDataError(_("{what} {path} 不符合格式（共 {n} 处问题）").format(what=what, path=path, n=len(problems)),
                               problems=problems) from exc
