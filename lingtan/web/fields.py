"""The enterprise form: the fields the scheme uses, grouped as the sources group them, with their
Chinese titles, units and hints; the scheme's self-assessed items with the source's wording.

The fields are the field catalogue's (:func:`lingtan.dataentry.catalogue.model_fields`, with what the
scheme's forms read from :func:`lingtan.generator.formuse.form_use`): the same labels, units, hints and
choices as the data-entry workbook, and only the fields the scheme (or its forms) reads or the model
requires. A value the data holds for a field not shown is kept (其他已填写的数据).

A field is named by its data path (the data-entry workbook's row-2 paths, :mod:`lingtan.dataentry.paths`),
so a posted form turns into the same dict a YAML data file gives (:func:`form_to_data`) and a data
file into the form's values (:func:`data_to_values`). Paths never reach the person: they are the
inputs' ``name`` attributes only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from lingtan.assessment import Scheme
from lingtan.common import cite_text, parse_yaml
from lingtan.dataentry import KIND_HINTS, LIST_HINT, Column, Entry, PathError, column_title, factory_to_row, model_fields, parse_path, row_to_data
from lingtan.generator import form_use

#: top-level sections of the data → the group they are shown in (the sources' 基本信息, 基本条件, 年度数据, 评价指标)
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("基本信息", ("application", "reporting_year", "enterprise")),
    ("基本条件", ("honours", "management_systems", "compliance", "energy_efficiency", "organisation")),
    ("年度数据", ("years",)),
    ("节能降碳项目", ("projects",)),
    ("评价指标（自评）", ("claims",)),
]
SKIP = {"schema_version", "application.scheme", "application.level", "narratives"}


@dataclass
class FormField:
    path: str
    label: str
    kind: str  # text / number / int / date / bool / select / multi / lines
    unit: str = ""
    hint: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (key, Chinese label)
    value: Any = None
    section: str = ""  # the part of the data it belongs to (“2025年”, “申报联系人”): a sub-heading
    minimum: float | None = None  # numbers: the data model's range (the input's min/max)
    maximum: float | None = None
    declaration: bool = False  # 是 / 否 / 未填写: left blank it stays unknown, never compliance


@dataclass
class Group:
    title: str
    fields: list[FormField]


#: the catalogue's kinds (:class:`lingtan.dataentry.catalogue.Entry`) → the form's inputs
_KIND = {"text": "text", "code": "text", "number": "number", "int": "int", "bool": "bool", "date": "date",
         "choice": "select", "list": "lines"}
#: the workbook's hints that speak of Excel cells → the form's (a choice and a yes/no are a dropdown, say nothing)
_WEB_HINT = {"list": "每行一项", "date": "格式 YYYY-MM-DD", "bool": "", "choice": ""}


def _label_unit(label: str, unit: str) -> tuple[str, str]:
    """The last part of the catalogue's label, without a unit the title already carries (注册资本（万元）)."""
    label = label.split("·")[-1]
    if unit and f" {unit}（" in label:  # 基准线情景温室气体排放量 tCO2e（GB/T 33760）
        return label.replace(f" {unit}（", "（"), unit
    for shown in (f"（{unit}）", unit):
        if unit and label.endswith(shown) and label != shown:
            return label[: -len(shown)].rstrip(), unit
    return label, unit


def _hint(e: Entry) -> str:
    if e.kind in _WEB_HINT and (not e.hint or e.hint in (KIND_HINTS.get(e.kind), LIST_HINT)):
        return _WEB_HINT[e.kind]
    return "" if e.hint == KIND_HINTS.get(e.kind) else e.hint


def _field(e: Entry, path: str) -> FormField:
    label, unit = _label_unit(e.label, e.unit)
    choices = [(k, v) for k, v in (e.choices or {}).items() if k != "unknown"] if e.kind == "choice" else []  # 未填写 is the blank option
    return FormField(path, label, _KIND.get(e.kind, "text"), unit, _hint(e), choices, minimum=e.minimum, maximum=e.maximum,
                     declaration=e.declaration)


def _multi(options: list[Entry]) -> FormField:
    """The yes/no rows of one multiple choice (one per choice in the workbook) as one group of checkboxes."""
    first = options[0]
    label = first.label.rsplit("·", 1)[0]
    choices = [(str(e.option), e.label.rsplit("·", 1)[1]) for e in options]
    return FormField(".".join(first.path), label.split("·")[-1], "multi", choices=choices)


def _catalogue_fields(entries: list[Entry], counts: dict[str, int], years: list[int]) -> list[FormField]:
    """The form's inputs from the field catalogue: a form row once, a table column once per item (every
    year for 年度数据, each product of a year, one more than filled for the other lists)."""
    out: list[FormField] = []
    done: set[tuple[str, ...]] = set()
    form_rows = [e for e in entries if not e.table]
    for e in form_rows:
        if ".".join(e.path) in SKIP or e.path in done:
            continue
        if e.option is not None:
            done.add(e.path)
            out.append(_multi([o for o in form_rows if o.path == e.path and o.option is not None]))
        else:
            out.append(_field(e, e.data_path()))
    columns: dict[tuple[str, ...], list[Entry]] = {}
    for e in entries:
        if e.table and not (e.path == ("year",) and e.table[0] == "years"):  # the year is in the path
            columns.setdefault(e.table, []).append(e)
    for table, cols in columns.items():
        if table == ("years", "output"):
            continue  # with each year, below
        if table == ("years",):
            for y in years:
                out += [_field(c, c.data_path(y)) for c in cols]
                for n in range(1, counts.get(f"years.{y}.output", 0) + 2):
                    out += [_field(c, c.data_path(y, n)) for c in columns.get(("years", "output"), [])]
            continue
        for n in range(1, counts.get(".".join(table), 0) + 2):
            out += [_field(c, c.data_path(n)) for c in cols]
    return out


_CLAIM_KIND = {"bool": "bool", "number": "number", "list": "lines", "text": "text"}


def _claim_fields(scheme: Scheme, level: str | None) -> list[FormField]:
    """The scheme's conditions and indicators as the data-entry workbook's 评价指标 rows
    (:func:`lingtan.dataentry.catalogue.claim_items`): applicability, met, points, the item's
    input (its choices in Chinese), evidence and note, each under the item's shown number and name."""
    from lingtan.dataentry import CLAIM_COLUMNS, claim_items

    texts = {c.id: (c.text, c.cite) for c in scheme.conditions} | {i.id: (i.text, i.cite) for i in scheme.indicators}
    out = []
    for it in claim_items(scheme, level):
        text, cite = texts.get(it.id, ("", ""))
        section = f"{it.group}·{it.number} {it.name}" + (f"（{it.points:g} 分）" if it.points else "")
        for col, label, kind in CLAIM_COLUMNS:
            path = f"claims.{scheme.id}.{it.id}.{col}"
            hint = f"{text}（{cite_text(cite)}）" if col == "met" or (col == "points" and it.points) else ""
            if col == "points" and not it.points:
                continue
            if col == "value":
                inp = it.input
                if inp is None:
                    continue
                if inp.parts:
                    parts = "、".join(f"{p.label}{'（' + p.unit + '）' if p.unit else ''}" for p in inp.parts.values())
                    out.append(FormField(path, inp.label or label, "text", "", f"按 {{名称: 数值}} 填写各项：{parts}", section=section))
                elif inp.choices:
                    out.append(FormField(path, inp.label or label, "select", inp.unit, inp.hint, list(inp.choices.items()), section=section))
                else:
                    out.append(FormField(path, inp.label or label, _CLAIM_KIND.get(inp.kind, "text"), inp.unit, inp.hint, section=section,
                                         minimum=inp.minimum, maximum=inp.maximum))
                continue
            out.append(FormField(path, label, _CLAIM_KIND.get(kind, "text"), "分" if col == "points" else "", hint, section=section))
    return out


def form_groups(scheme: Scheme, data: dict[str, Any], level: str | None = None) -> list[Group]:
    """The form's groups of fields, with the values of ``data``."""
    values = data_to_values(data)
    ry_given = data.get("reporting_year")
    ry: int = ry_given if isinstance(ry_given, int) else dt.date.today().year - 1
    have: set[int] = {int(y["year"]) for y in data.get("years") or [] if isinstance(y, dict) and isinstance(y.get("year"), int)}
    years = sorted(have | {ry - 2, ry - 1, ry})
    counts: dict[str, int] = {}
    for p in values:  # how many items each list holds: list path → its highest number
        m = re.match(r"^(years\.\d{4}\.output|[a-z_.]+?)\.(\d+)\.", p)
        if m and not re.match(r"^years\.\d{4}\.(?!output\.)", p):
            counts[m.group(1)] = max(counts.get(m.group(1), 0), int(m.group(2)))
    entries = [e for e in model_fields(scheme, form_use(scheme)) if e.used]
    fields = _catalogue_fields(entries, counts, years)
    fields += _claim_fields(scheme, level)
    known = {f.path for f in fields}
    for p in values:  # values the generic walk does not show (claims of other items, narratives): kept as text
        if p not in known and not p.startswith(("application.scheme", "application.level", "schema_version")):
            try:
                title = column_title(p)
            except PathError:
                continue
            fields.append(FormField(p, title.split("·")[-1], "text", section="其他已填写的数据"))
    for f in fields:
        f.value = values.get(f.path)
        if not f.section:
            try:
                f.section = "·".join(column_title(f.path).split("·")[:-1])
            except PathError:
                f.section = ""
        if f.kind in ("multi", "lines") and isinstance(f.value, str) and f.value.startswith("["):
            f.value = _flow_list(f.value)
        if f.kind == "bool" and isinstance(f.value, str):  # the workbook writes yes/no as 是/否
            f.value = {"是": True, "否": False, "true": True, "false": False}.get(f.value.strip().lower(), f.value)
        if f.choices:  # the workbook writes a choice as its Chinese label: the form's options carry the key
            f.value = [_key(f, v) for v in f.value] if isinstance(f.value, list) else _key(f, f.value)
        if f.path.startswith("narratives."):
            f.kind = "para"
    groups = []
    for title, sections in GROUPS:
        gf = [f for f in fields if f.path.split(".")[0] in sections]
        if gf:
            groups.append(Group(title, gf))
    rest = [f for f in fields if not any(f.path.split(".")[0] in s for _, s in GROUPS)]
    if rest:
        groups.append(Group("其他", rest))
    return groups


def _key(f: FormField, value: Any) -> Any:
    """The key of a choice given as its key or its Chinese label (also the label's short form before “（”)."""
    for key, label in f.choices:
        if value in (key, label, label.split("（")[0]):
            return key
    return value


def _flow_list(text: str) -> list[str]:
    import yaml

    try:
        v = parse_yaml(text)
    except yaml.YAMLError:
        return [text]
    return [str(x) for x in v] if isinstance(v, list) else [text]


def data_to_values(data: dict[str, Any]) -> dict[str, Any]:
    """Field path → value of a data dict (the form's values)."""
    try:
        return factory_to_row(data)
    except Exception:  # noqa: BLE001 - an odd data file shows an empty form rather than an error page
        return {}


def form_to_data(pairs: list[tuple[str, str]], scheme: str, level: str | None) -> tuple[dict[str, Any], list[str]]:
    """The posted fields (path, text) → the data dict, and the problems of fields that could not be read."""
    by_path: dict[str, list[str]] = {}
    for k, v in pairs:
        if k.startswith("f:"):
            by_path.setdefault(k[2:], []).append(v)
    columns: list[Column] = []
    values: list[Any] = []
    problems: list[str] = []
    for i, (path, vals) in enumerate(by_path.items(), 1):
        try:
            steps, leaf = parse_path(path)
        except PathError:
            continue
        value: Any
        if leaf.kind == "list" and len(vals) == 1 and vals[0].strip().startswith("["):
            value = vals[0]  # a list in YAML flow form ([a, b])
        elif leaf.kind == "list":
            items = [x.strip() for v in vals for x in v.splitlines() if x.strip() and x.strip() != "__none__"]
            value = items or None
        elif leaf.kind == "bool":
            value = next((v for v in reversed(vals) if v.strip()), None)  # true/false, 是/否 (the workbook's reading)
        else:
            text = vals[-1]
            value = text
            if leaf.kind == "any" and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", text or ""):
                value = float(text) if "." in text else int(text)  # a claim's value: a number as a number
            elif leaf.kind == "any" and "\n" in (text or ""):
                value = [x.strip() for x in text.splitlines() if x.strip()]  # a claim's list, one item a line
        columns.append(Column(i, "", path, steps, leaf))
        values.append(value)
    row = row_to_data(columns, values, 0)
    problems += [p.split("（", 1)[0] for p in row.problems]
    data = row.data
    app = data.setdefault("application", {})
    app["scheme"] = scheme
    if level:
        app["level"] = level
    data.setdefault("schema_version", 1)
    return data, problems


def validation_lines(exc: ValidationError, data: dict[str, Any]) -> list[str]:
    """A validation error as one Chinese line per problem, each naming the field by its Chinese title."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = [str(x) for x in err["loc"] if not (isinstance(x, str) and (x.startswith(("function-", "literal[")) or "[" in x))]
        path: list[str] = []
        parts: list[str] = []
        node: Any = data
        for x in loc:
            if isinstance(node, list) and x.isdigit() and int(x) < len(node):
                item = node[int(x)]
                parts.append(str(item.get("year")) if isinstance(item, dict) and "year" in item else str(int(x) + 1))
                node = item
            else:
                parts.append(x)
                node = node.get(x) if isinstance(node, dict) else None
            path = parts
        try:
            where = column_title(".".join(path)) if path else "数据"
        except PathError:
            where = "数据"
        lines.append(f"{where}：{_zh_message(dict(err))}")
    return lines


_MSG = {
    "missing": "必填，未填写",
    "float_parsing": "应为数字",
    "int_parsing": "应为整数",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "bool_parsing": "应为“是”或“否”",
    "greater_than_equal": "不能小于允许的最小值",
    "less_than_equal": "超过允许的最大值",
    "literal_error": "不是可选的取值之一",
    "string_pattern_mismatch": "格式不对",
    "extra_forbidden": "不是数据格式中的字段",
}


def _zh_message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", ""))
    if err.get("type") == "value_error":
        return msg.removeprefix("Value error, ")
    return _MSG.get(str(err.get("type")), msg)
