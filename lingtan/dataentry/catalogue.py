"""The field catalogue: which fields a person fills in, how each is labelled, and where it goes.

The one walker over the data model (:mod:`lingtan.assessment.model.factory`): :func:`model_fields`
lists every field with its data path, Chinese label, unit, hint, kind, choices, sheet and whether a
scheme uses it (its conditions, indicators, rules and facts read it — :func:`used_words` — or the
forms do, as the generator says through :class:`FormUse`; required fields always). The data-entry
workbook (``template.py``, read back by ``entry_workbook.py``), the batch workbook's titles and the
web form (:mod:`lingtan.web.fields`) are all built from it, so a label written is a label read and
the three agree on fields, units and hints. Beside the model: three small tables — the sheets
(:data:`FORM_SHEETS`, :data:`TABLE_SHEETS`), units and hints by field (:data:`UNITS`, :data:`HINTS`)
— and the labels of scheme-specific inputs (``claim_inputs.yaml``, :func:`claim_items`).
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.fields import is_declaration
from lingtan.assessment.model.vocab import VOCABULARIES
from lingtan.assessment.schemes.schema import LookupRule, RangeLookup, Scheme
from lingtan.common.dataload import load_bundled
from lingtan.common.paths import scheme_dirs, scheme_file

YES, NO, UNKNOWN = "是", "否", "未填写"
BOOL_CHOICES = {"true": YES, "false": NO}
#: a declaration (compliance facts …): true, false, or left unknown on purpose — never compliance by silence
TRISTATE_CHOICES = {**BOOL_CHOICES, "unknown": UNKNOWN}
LIST_SEPARATORS = re.compile(r"[；;\n\r]+")
LIST_HINT = "多项时每项一行（单元格内按 Alt+Enter 换行）或用分号“；”分隔"

#: form sheets: sheet name → the model sections (top-level fields of Factory) it holds, in order
FORM_SHEETS: dict[str, tuple[str, ...]] = {
    "基本信息": ("application", "reporting_year", "enterprise"),
    "基本条件": ("honours", "listing", "management_systems", "energy_efficiency", "organisation", "compliance"),
}

#: table sheets (one row per list item): sheet name → the list's path in the model
TABLE_SHEETS: dict[str, tuple[str, ...]] = {
    "年度数据": ("years",),
    "产品产量": ("years", "output"),
    "管理体系认证": ("management_systems", "certificates"),
    "节能降碳项目": ("projects",),
    "近三年事故": ("compliance", "accidents"),
    "近三年违法违规": ("compliance", "violations"),
}
CLAIMS_SHEET = "评价指标"
NARRATIVES_SHEET = "文字材料"
NOTES_SHEET = "填写说明"

#: the table sheet nested in another: its rows name the parent's key (the year) in this column
PARENT_KEY = {("years", "output"): ("year", "年份")}

#: text fields kept as text in Excel (leading zeros, long digit strings)
CODE_FIELDS = {"uscc", "industry_code", "postcode", "phone", "legal_representative_phone", "fax"}

#: fields never shown (the scheme is its own row; the format version is the program's)
HIDDEN = {("schema_version",), ("application", "scheme")}

#: unit by the field name's ending
UNITS = (
    ("_wan", "万元"), ("_tce", "tce"), ("_tce_equivalent", "tce"), ("_mwh", "MWh"), ("_m3", "m³"), ("_mu", "亩"),
    ("_pct", "%"), ("_tco2", "tCO2e"), ("_t", "t"),
)
#: units of fields whose name does not say it
UNIT_BY_FIELD = {
    "category1": "tCO2e", "category2": "tCO2e", "category3": "tCO2e", "employees": "人", "full_time_staff": "人",
    "near_zero_within_years": "年", "cloud_stars": "星", "co2_reduction_t": "tCO2",
    **{k: "tCO2e" for k in ("green_certificates", "in_boundary_project", "out_boundary_project", "ccer",
                            "carbon_inclusive", "energy_saving_project", "foreign", "carbon_sink")},
}
#: a hint by field name (beside the hints every kind of cell gets)
HINTS = {
    "uscc": "18 位，如 91320582MA1WQ8TK7L",
    "industry_code": "GB/T 4754-2017 小类 4 位代码，如 3451",
    "postcode": "6 位数字",
    "reporting_year": "最近一个完整年度，如 2025；“年度数据”中须有该年",
    "year": "4 位年份，如 2025",
    "cultivation_base_year": "4 位年份",
    "energy_tce": "当量值，吨标准煤",
    "renewable_tce": "吨标准煤",
    "main_products": LIST_HINT,
    "cloud_stars": "0–5",
    "carbon_efficiency_tier": "1–10",
    "quantity": "数字；单位填在“计量单位”中",
}
KIND_HINTS = {
    "bool": "从下拉列表选择 是/否",
    "declaration": "从下拉列表选择 是/否；不填或选“未填写”时该项无法判定（不视为符合）",
    "date": "日期，如 2026-03-15",
    "choice": "从下拉列表选择",
    "list": LIST_HINT,
    "number": "数字",
    "int": "整数",
}


@dataclass(frozen=True)
class Entry:
    """One field to fill: a form row or a table column (the same field in the workbook and the web form)."""

    path: tuple[str, ...]  # in the data model; relative to the list item for table columns
    label: str
    kind: str  # text | code | number | int | bool | date | choice | list
    choices: dict[str, str] | None = None  # key → Chinese label (choice, bool)
    unit: str = ""
    hint: str = ""
    required: bool = False
    option: str | None = None  # a yes/no row standing for one choice of a multiple-choice field
    group: str = ""  # the sheet it is on (基本信息, 基本条件, 年度数据, 产品产量 …)
    table: tuple[str, ...] = ()  # the list it is a column of (years, projects …); () for a form row
    used: bool = True  # the scheme (its rules, conditions, indicators, forms) reads it, or the model requires it
    minimum: float | None = None  # the range the data model allows (its ge/gt), for numbers
    maximum: float | None = None  # (its le/lt)
    declaration: bool = False  # a fact the applicant declares: 是 / 否 / 未填写 (unknown)

    def data_path(self, *item: int | str) -> str:
        """The field's data path (:mod:`lingtan.dataentry.paths`): a table column's needs the item's
        place in its list — the year for ``years``, a 1-based number otherwise (year, number for 产品产量)."""
        if not self.table:
            return ".".join(self.path)
        if self.table == ("years", "output"):
            year, n = item
            return ".".join(("years", str(year), "output", str(n), *self.path))
        return ".".join((*self.table, str(item[0]), *self.path))

    @property
    def shown_choices(self) -> list[str]:
        return list((self.choices or {}).values())


@dataclass(frozen=True)
class FormUse:
    """What the scheme's generated forms read of the data, beside the scheme itself (the generator
    knows it: :func:`lingtan.generator.formuse.form_use`; without it only the scheme decides)."""

    words: frozenset[str] = frozenset()  # identifiers the forms and their narrative drafts mention
    narratives: tuple[tuple[str, str, str | None], ...] = ()  # (key, title, length limit) of each narrative the forms print


@dataclass
class FormSheet:
    name: str
    entries: list[Entry]


@dataclass
class TableSheet:
    name: str
    list_path: tuple[str, ...]
    columns: list[Entry]
    parent_key: Entry | None = None  # the year column of 产品产量


@dataclass
class ClaimInput:
    """What an item asks for in ``claim.value``: one value, or named parts (one row each)."""

    label: str = ""
    kind: str = "number"  # number | bool | list | choice
    unit: str = ""
    hint: str = ""
    choices: dict[str, str] | None = None
    parts: dict[str, ClaimInput] = field(default_factory=dict)
    minimum: float | None = None  # numbers: the range (claim_inputs.yaml ``min``/``max``; ``min`` 0 unless it says otherwise)
    maximum: float | None = None


@dataclass
class ClaimItem:
    """A condition or indicator of the scheme, as a row of 评价指标."""

    id: str
    number: str  # shown to people (no internal ids)
    group: str  # 基本条件 / 否决项 / a category name
    name: str
    points: float | None
    input: ClaimInput | None
    text: str = ""  # the source's wording (a comment on the item's name)


#: the claim's own cells (columns of 评价指标 after the item's number, name and points)
CLAIM_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("applicable", "是否适用", "bool"),
    ("met", "是否符合", "bool"),
    ("points", "自评得分", "number"),
    ("value", "指标输入值", "value"),
    ("evidence", "证明材料", "list"),
    ("note", "符合性说明", "text"),
)
CLAIM_HEAD = ("编号", "类别", "条目", "输入项", "分值")


# -- the data model --------------------------------------------------------------------------


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """The type under Annotated/Optional, and the Annotated metadata met on the way."""
    meta: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            args = get_args(tp)
            tp, meta = args[0], meta + list(args[1:])
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, meta
            tp = members[0]
        else:
            return tp, meta


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """The lowest and highest value the data model allows for a number field (its ge/gt, le/lt), or None."""
    _tp, meta = _strip(info.annotation)
    found = list(info.metadata)
    for m in meta:
        found += list(m.metadata) if isinstance(m, FieldInfo) else [m]
    lo = next((float(v) for m in found for k in ("ge", "gt") if (v := getattr(m, k, None)) is not None), None)
    hi = next((float(v) for m in found for k in ("le", "lt") if (v := getattr(m, k, None)) is not None), None)
    return lo, hi


def _vocab_of(tp: Any) -> dict[str, str] | None:
    keys = set(get_args(tp))
    for vocab in VOCABULARIES.values():
        if set(vocab) == keys:
            return vocab
    if keys == {"A", "B", "C", "D"}:
        return {k: k for k in "ABCD"}
    return None


def _kind(name: str, info: FieldInfo) -> tuple[str, Any]:
    """The cell kind of a field and, for choices/models/lists, what it holds."""
    tp, _ = _strip(info.annotation)
    origin = get_origin(tp)
    if origin is Literal:
        return "choice", _vocab_of(tp)
    if origin is list:
        inner, _ = _strip(get_args(tp)[0])
        if get_origin(inner) is Literal:
            return "multi", _vocab_of(inner)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "table", inner
        return "list", None
    if origin is dict:
        return "dict", None
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return "model", tp
        if tp is bool:
            return "bool", None
        if tp is int:
            return "int", None
        if tp is float:
            return "number", None
        if issubclass(tp, dt.date):
            return "date", None
        if tp is str:
            return ("code" if name in CODE_FIELDS else "text"), None
    return "text", None


def _unit(name: str) -> str:
    if name in UNIT_BY_FIELD:
        return UNIT_BY_FIELD[name]
    return next((u for suffix, u in UNITS if name.endswith(suffix)), "")


def unit_of(path: str) -> str:
    """The unit of the field at a data path (``years.2025.offsets.ccer`` → tCO2e), as every sheet and the
    web form show it; "" for a claim, a narrative, or a field without one."""
    segs = [s for s in path.split(".") if not s.isdigit()]
    return "" if not segs or segs[0] in ("claims", "narratives") else _unit(segs[-1])


def _entries(model: type[BaseModel], path: tuple[str, ...], titles: tuple[str, ...], required: bool) -> list[Entry]:
    """The cells of a model's scalar fields, nested models flattened (label parts joined by ·)."""
    out: list[Entry] = []
    for name, info in model.model_fields.items():
        p = (*path, name)
        if p in HIDDEN:
            continue
        title = info.title or name
        label_parts = (*titles, title)
        kind, what = _kind(name, info)
        req = required and info.is_required()
        label = "·".join(label_parts)
        hint = HINTS.get(name, "")
        if kind == "model":
            out += _entries(what, p, label_parts, req)
        elif kind == "multi":
            for key, zh in (what or {}).items():
                out.append(Entry(p, f"{label}·{zh}", "bool", BOOL_CHOICES, hint="选择“是”表示具备", option=key))
        elif kind in ("table", "dict"):
            continue
        else:
            declared = is_declaration(model, name)
            choices = (TRISTATE_CHOICES if declared else BOOL_CHOICES) if kind == "bool" else what
            if declared and kind == "choice" and what:
                choices = {**what, "unknown": UNKNOWN}
            lo, hi = _bounds(info) if kind in ("number", "int") else (None, None)
            kind_hint = KIND_HINTS["declaration"] if declared and kind == "bool" else KIND_HINTS.get(kind, "")
            out.append(Entry(p, label, kind, choices, _unit(name), hint or kind_hint, req, minimum=lo, maximum=hi, declaration=declared))
    return out


def _field_model(path: tuple[str, ...]) -> type[BaseModel]:
    """The item model of the list at ``path`` (e.g. years → YearFigures)."""
    model: type[BaseModel] = Factory
    for name in path:
        kind, what = _kind(name, model.model_fields[name])
        if kind not in ("model", "table"):
            raise KeyError(name)
        model = what
    return model


@cache
def all_form_entries() -> dict[str, list[Entry]]:
    """Every form sheet's rows, before choosing the scheme's."""
    out: dict[str, list[Entry]] = {}
    for sheet, sections in FORM_SHEETS.items():
        rows: list[Entry] = []
        for sec in sections:
            info = Factory.model_fields[sec]
            kind, what = _kind(sec, info)
            if kind == "model":
                rows += _entries(what, (sec,), (), info.is_required())
            else:
                rows.append(Entry((sec,), info.title or sec, kind, None, _unit(sec), HINTS.get(sec, KIND_HINTS.get(kind, "")), True))
        out[sheet] = [replace(e, group=sheet) for e in rows]
    return out


@cache
def all_table_sheets() -> dict[str, TableSheet]:
    """Every table sheet with all its columns, before choosing the scheme's."""
    out: dict[str, TableSheet] = {}
    for sheet, lp in TABLE_SHEETS.items():
        item = _field_model(lp)
        cols = _entries(item, (), (), True)
        nested = {p[-1] for p in TABLE_SHEETS.values() if len(p) > len(lp) and p[: len(lp)] == lp}
        cols = [replace(c, group=sheet, table=lp) for c in cols if c.path[0] not in nested]
        parent = None
        if lp in PARENT_KEY:
            key, title = PARENT_KEY[lp]
            parent = Entry((key,), title, "int", None, "", HINTS.get(key, ""), True, group=sheet, table=lp)
        out[sheet] = TableSheet(sheet, lp, cols, parent)
    return out


# -- which fields a scheme uses ----------------------------------------------------------------

#: derived quantities and helper functions of expressions → the fields they read
DERIVED = {
    "scope12": ("category1", "category2", "emissions"),
    "net_scope12": ("category1", "category2", "emissions", "offsets"),
    "offsets_total": ("offsets",),
    "offset_coverage": ("offsets", "category1", "category2", "emissions"),
    "non_fossil": ("non_fossil_tce", "renewable_tce"),
    "non_fossil_share": ("non_fossil_tce", "renewable_tce", "energy_tce"),
    "renewable_share": ("renewable_tce", "energy_tce"),
    "carbon_intensity": ("category1", "category2", "emissions", "added_value_wan"),
    "energy_intensity": ("energy_tce", "added_value_wan"),
    "self_reduction_ratio": ("self_reduction_tco2", "baseline_scenario_tco2"),
    "solid_waste_utilisation": ("solid_waste_utilised_t", "solid_waste_t"),
    "wastewater_reuse": ("wastewater_reused_t", "wastewater_t"),
    "certified": ("certificates",),
    "implemented": ("implemented", "certificates"),
    "verified": ("verified", "emissions"),
    "verifier": ("verifier", "emissions"),
}


def used_words(scheme: Scheme, forms: FormUse | None = None) -> set[str]:
    """The identifiers the scheme (its conditions, indicators, rules and facts) and its forms and
    narrative drafts mention, derived quantities expanded into the fields they read."""
    words = set(re.findall(r"[a-z][a-z0-9_]*", scheme.model_dump_json())) | set(forms.words if forms else ())
    for name, fields in DERIVED.items():
        if name in words:
            words.update(fields)
    return words


def _form_used(e: Entry, words: set[str]) -> bool:
    if e.required:
        return True
    if e.option is not None or len(e.path) >= 3:
        return e.path[-2] in words if e.option is None else e.path[-1] in words
    return e.path[-1] in words


def _column_used(t: TableSheet, c: Entry, words: set[str]) -> bool:
    """A table is used when the scheme names its list (年度数据 always); all its columns then, but
    年度数据 only the columns the scheme names (and the required ones)."""
    if t.list_path != ("years",):
        return t.list_path[-1] in words
    return c is t.parent_key or c.required or c.path[-1] in words or (len(c.path) > 1 and c.path[-2] in words)


def model_fields(scheme: Scheme | None = None, forms: FormUse | None = None) -> list[Entry]:
    """Every field of the data model a person fills in, in the workbook's order: the form sheets'
    rows, then each table's columns (the year column of 产品产量 first), each with its label, unit,
    hint, kind, choices, sheet, list and whether ``scheme`` (and its ``forms``) uses it — the one
    list the data-entry workbook, the batch workbook and the web form are built from."""
    words = used_words(scheme, forms) if scheme is not None else None
    out: list[Entry] = []
    for rows in all_form_entries().values():
        out += [e if words is None else replace(e, used=_form_used(e, words)) for e in rows]
    for t in all_table_sheets().values():
        for c in ([t.parent_key] if t.parent_key else []) + t.columns:
            out.append(c if words is None else replace(c, used=_column_used(t, c, words)))
    return out


def scheme_form_entries(scheme: Scheme, forms: FormUse | None = None) -> dict[str, list[Entry]]:
    """The form sheets' rows the scheme uses."""
    out: dict[str, list[Entry]] = {sheet: [] for sheet in FORM_SHEETS}
    for e in model_fields(scheme, forms):
        if not e.table and e.used:
            out[e.group].append(e)
    return out


def scheme_tables(scheme: Scheme, forms: FormUse | None = None) -> list[TableSheet]:
    """The table sheets the scheme uses, with the columns it uses."""
    used = {(e.table, e.path) for e in model_fields(scheme, forms) if e.table and e.used}
    out = []
    for t in all_table_sheets().values():
        cols = [c for c in t.columns if (t.list_path, c.path) in used]
        if cols:
            out.append(TableSheet(t.name, t.list_path, cols, t.parent_key))
    return out


# -- the scheme's items and inputs -----------------------------------------------------------


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = ""
    kind: Literal["number", "bool"] = "number"
    unit: str = ""
    hint: str = ""
    choices: dict[str, str] | None = None
    parts: dict[str, _Input] = Field(default_factory=dict)
    min: float | None = 0.0  # numbers: the lowest value allowed (counts, amounts and degrees are non-negative)
    max: float | None = None  # numbers: the highest (a degree: 1)


class _Inputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schemes: dict[str, dict[str, _Input]]


@cache
def input_labels() -> dict[str, dict[str, _Input]]:
    """Each scheme folder's ``claim_inputs.yaml``: scheme → item id → labels of its inputs."""
    out: dict[str, dict[str, _Input]] = {}
    for sid in scheme_dirs():
        path = scheme_file(sid, "claim_inputs")
        if path.is_file():
            out |= load_bundled(path, _Inputs, what="指标输入项名称表", transform=partial(_in_scheme, sid)).schemes
    return out


def _in_scheme(scheme_id: str, data: Any) -> dict[str, Any]:
    """One scheme folder's claim_inputs.yaml as the ``schemes`` table of :class:`_Inputs`."""
    return {"schemes": {scheme_id: data or {}}}


def _expressions(item: Any) -> list[str]:
    """Every expression of a condition or indicator."""
    out = [getattr(item, a) for a in ("test", "applies_when") if getattr(item, a, None)]
    out += list(getattr(item, "facts", {}).values())
    rule = getattr(item, "rule", None)
    if rule is not None:
        for a in ("input", "expr", "show"):
            v = getattr(rule, a, None)
            if v:
                out.append(v)
        for v in getattr(rule, "where", {}).values():
            out.append(v.input if isinstance(v, RangeLookup) else v)
    return out


_PART = re.compile(r"\bclaim\.value\.([a-z_]+)")
_VALUE = re.compile(r"\bclaim\.value\b(?!\.)")


def input_shape(item: Any) -> tuple[str, set[str], list[str]]:
    """What an item's expressions read of ``claim.value``: kind (none/parts/choice/list/number), the
    parts, the lookup keys."""
    text = " ".join(_expressions(item))
    parts = set(_PART.findall(text))
    if parts:
        return "parts", parts, []
    if not _VALUE.search(text):
        return "none", set(), []
    rule = getattr(item, "rule", None)
    if isinstance(rule, LookupRule) and rule.input.strip() == "claim.value":
        return "choice", set(), list(rule.table)
    if re.search(r"count\(\s*claim\.value\s*\)", text):
        return "list", set(), []
    return "number", set(), []


def claim_input(scheme_id: str, item: Any) -> ClaimInput | None:
    """The labelled input of one item (None when its expressions read no claim.value)."""
    kind, parts, keys = input_shape(item)
    if kind == "none":
        return None
    given = input_labels().get(scheme_id, {}).get(item.id) or _Input()
    if kind == "parts":
        return ClaimInput(parts={
            p: _part(given.parts.get(p) or _Input(label=p))
            for p in sorted(parts, key=lambda k: list(given.parts).index(k) if k in given.parts else 99)
        })
    choices = {k: (given.choices or {}).get(k, k) for k in keys} if kind == "choice" else None
    lo, hi = (given.min, given.max) if kind == "number" else (None, None)
    return ClaimInput(label=given.label or "指标输入值", kind=kind, unit=given.unit, hint=given.hint, choices=choices,
                      minimum=lo, maximum=hi)


def _part(given: _Input) -> ClaimInput:
    """One named part of an input (claim.value.<key>), with its range when it is a number."""
    lo, hi = (given.min, given.max) if given.kind == "number" else (None, None)
    return ClaimInput(label=given.label, kind=given.kind, unit=given.unit, hint=given.hint, minimum=lo, maximum=hi)


GROUP_NAMES = {"basic": "基本条件", "veto": "否决项", "exclusion": "不得申报情形"}


def _shown_number(item_id: str, group: str, ordinal: int) -> str:
    """The item's own number when it reads as the source's (1.1.1, 5.5, A3), else group + ordinal."""
    if re.fullmatch(r"[0-9A-Z][0-9A-Z.\-]*", item_id):
        return item_id
    return f"{group}{ordinal}"


def claim_items(scheme: Scheme, level: str | None) -> list[ClaimItem]:
    """The scheme's conditions and indicators (of ``level``, or all), as 评价指标 rows.

    Numbers are counted over all levels, so a row's number is the same in every level's workbook."""
    out: list[tuple[list[str] | None, ClaimItem]] = []
    counts: dict[str, int] = {}
    cats = {c.id: c.name for c in scheme.categories}
    for c in scheme.conditions:
        group = GROUP_NAMES[c.group]
        counts[group] = counts.get(group, 0) + 1
        out.append((c.levels, ClaimItem(c.id, _shown_number(c.id, group, counts[group]), group, c.name, None,
                                        claim_input(scheme.id, c), c.text)))
    for ind in scheme.indicators:
        group = cats.get(ind.category, "评价指标")
        counts[group] = counts.get(group, 0) + 1
        out.append((ind.levels, ClaimItem(ind.id, _shown_number(ind.id, group, counts[group]), group, ind.name, ind.points,
                                          claim_input(scheme.id, ind), ind.text)))
    return [it for levels, it in out if not (level and levels and level not in levels)]


# -- claim values in Chinese (the batch workbook) ----------------------------------------------


def claim_value_to_zh(scheme_id: str, item_id: str, value: Any) -> Any:
    """A claim's value with its choice or part names in Chinese (as claim_inputs.yaml names them)."""
    given = input_labels().get(scheme_id, {}).get(item_id)
    if given is None:
        return value
    if isinstance(value, str) and given.choices and value in given.choices:
        return given.choices[value]
    if isinstance(value, dict) and given.parts:
        return {(given.parts[k].label if k in given.parts else k): v for k, v in value.items()}
    return value


def claim_value_from_zh(scheme_id: str, item_id: str, value: Any) -> Any:
    """The inverse of :func:`claim_value_to_zh`; codes and English part names pass unchanged."""
    given = input_labels().get(scheme_id, {}).get(item_id)
    if given is None:
        return value
    if isinstance(value, str) and given.choices:
        back = {zh: k for k, zh in given.choices.items()}
        return back.get(value.strip(), value)
    if isinstance(value, dict) and given.parts:
        back = {p.label: k for k, p in given.parts.items()}
        return {back.get(str(k).strip(), k): v for k, v in value.items()}
    return value
