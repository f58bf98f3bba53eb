"""Factory data in an Excel workbook: one enterprise per row (for ``lingtan generate-batch``).

Layout of the first worksheet (the user documentation is ``samples/batch/README.md``):

* row 1: column titles in Chinese, for people; never read;
* row 2: the field path of each column (the machine key), e.g. ``enterprise.name``;
* row 3 onwards: one enterprise per row. Rows whose cells are all empty are skipped.

Field paths follow the data model (:mod:`lingtan.assessment.model.factory`), segments joined by ``.``:

=================================  ==========================================================
``enterprise.uscc``                a field of a section
``enterprise.contact.phone``       nested sections go deeper
``years.2025.energy_tce``          a number after ``years`` is the year: that year's entry
``years.2025.emissions.category1``
``years.2025.output.1.name``       any other list: a 1-based item number
``projects.1.name``                (project 1, 2, …; gaps are closed up)
``management_systems.certificates.2.expires``
``claims.jiangsu.1.value``         claims.<scheme>.<item id>.<claim field>; item ids may contain
``claims.suzhou.5.5.points``       dots (``5.5``): the id runs up to the claim field name
``narratives.measures_plan``       a narrative by key
=================================  ==========================================================

A path may also stop early and give the whole part in one cell (``years.2025.emissions`` →
``{category1: 3650, category2: 4480}``, ``claims.jiangsu.1`` → ``{value: scale, evidence: [a.pdf]}``).

Cells: an empty cell is an absent field. Lists and mappings are written in YAML flow syntax
(``[深沟球轴承, 圆锥滚子轴承]``, ``{green_procurement: 1}``). Dates may be Excel dates or text
``YYYY-MM-DD``; yes/no fields accept TRUE/FALSE, 是/否. Codes (统一社会信用代码, 邮政编码, 行业代码,
电话) should be text cells, but a number cell is read as its digits.

:func:`read_workbook` turns each row into the same dict a YAML data file gives; :func:`factory_from_row`
validates it (errors name the row, the enterprise and the field path as written in row 2).
:func:`factory_to_row` / :func:`write_workbook` are the inverse (used to make the example workbooks);
sample YAML → workbook → rows → :class:`Factory` gives an equal Factory.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.loading import vocabulary_labels
from lingtan.common.atomic import save_atomic
from lingtan.common.dataload import describe_problem, parse_yaml, yaml_problem
from lingtan.common.errors import DataFileError, DataValidationError
from lingtan.common.excel import put
from lingtan.common.i18n import _

from .catalogue import UNKNOWN, claim_value_from_zh, claim_value_to_zh, unit_of
from .paths import ROOT, Leaf, PathError, Step, column_title, is_year_list, parse_path, type_of
from .xlsx import open_workbook

HEADER_TITLE_ROW = 1
HEADER_PATH_ROW = 2
FIRST_DATA_ROW = 3
DATA_SHEET = "企业数据"

# Columns shown first (for people scanning the sheet); the rest follow the data model's order.
PRIORITY = ("enterprise.name", "enterprise.uscc", "enterprise.city", "application.scheme", "application.level")
_TRUE = {"true", "是", "yes", "y", "√", "✓", "☑", "1", "有"}
_FALSE = {"false", "否", "no", "n", "×", "✗", "□", "0", "无"}


# -- reading ----------------------------------------------------------------------------


@dataclass
class Column:
    number: int  # 1-based
    letter: str
    path: str
    steps: list[Step]
    leaf: Leaf


@dataclass
class WorkbookRow:
    """One enterprise's row: the data dict (as a YAML file would give) or the problems found."""

    row: int  # Excel row number
    data: dict[str, Any]
    name: str | None = None
    problems: list[str] = field(default_factory=list)
    # list path (tuple of keys) → the 1-based numbers the user wrote, for error messages
    numbers: dict[tuple, list[int]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _("第 {row} 行").format(row=self.row)

    @property
    def prefix(self) -> str:
        return _("第 {row} 行（企业：{name}）：").format(row=self.row, name=self.name or _("名称未填"))


class _Seq(dict):
    """A list being built from numbered columns: number → item."""


class _CellError(ValueError):
    pass


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _flow(text: str) -> Any:
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        raise _CellError(_("列表或映射的写法有误（YAML 流式写法，如 [a, b] 或 {{k: v}}）：{problem}").format(problem=yaml_problem(exc))) from None


def _excel_date(v: float) -> dt.date:
    from openpyxl.utils.datetime import from_excel

    d = from_excel(v)
    return d.date() if isinstance(d, dt.datetime) else d


def convert_cell(value: Any, leaf: Leaf) -> Any:
    """A cell's value as the data model expects it (validation itself is pydantic's)."""
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, dt.datetime) and leaf.kind != "str":
        value = value.date() if value.time() == dt.time(0) else value
    kind = leaf.kind
    if kind in ("model", "list", "dict", "any"):
        if isinstance(value, str) and value[:1] in ("[", "{"):
            return _flow(value)
        return value
    if kind == "str":
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return value
    if kind == "bool":
        if isinstance(value, str):
            low = value.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
        return value
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if kind == "date":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 2958466:
            return _excel_date(value)
        return value
    return value


def _assign(root: dict, steps: list[Step], value: Any) -> None:
    node: dict = root
    for st, nxt in pairwise(steps):
        want_seq = nxt.kind in ("year", "index")
        child = node.get(st.key)
        if child is None:
            child = _Seq() if want_seq else {}
            if st.kind == "year":
                child["year"] = st.key
            node[st.key] = child
        elif not isinstance(child, dict) or isinstance(child, _Seq) != want_seq:
            raise _CellError(_("与另一列重复：同一部分既有整体取值的列，又有分项的列"))
        node = child
    last = steps[-1]
    if last.key in node:
        raise _CellError(_("与另一列重复：同一部分既有整体取值的列，又有分项的列"))
    if last.kind == "year" and isinstance(value, dict):
        value = {"year": last.key, **value}
    node[last.key] = value


def _finalize(node: Any, loc: tuple, numbers: dict[tuple, list[int]]) -> Any:
    if isinstance(node, _Seq):
        keys = sorted(node)
        if keys and isinstance(keys[0], int) and not any(isinstance(node[k], dict) and node[k].get("year") == k for k in keys):
            numbers[loc] = [k + 1 for k in keys]
        return [_finalize(node[k], (*loc, i), numbers) for i, k in enumerate(keys)]
    if isinstance(node, dict):
        return {k: _finalize(v, (*loc, k), numbers) for k, v in node.items()}
    return node


def row_to_data(columns: list[Column], values: list[Any], row: int) -> WorkbookRow:
    """One worksheet row → the factory dict (cell problems are collected, not raised)."""
    data: dict[str, Any] = {}
    problems: list[str] = []
    for col in columns:
        v = values[col.number - 1] if col.number - 1 < len(values) else None
        if _empty(v) or (isinstance(v, str) and v.strip() == UNKNOWN):  # 未填写: a declaration left unknown
            continue
        try:
            value = convert_cell(v, col.leaf)
            if len(col.steps) >= 4 and col.steps[0].key == "claims" and col.steps[3].key == "value":
                value = claim_value_from_zh(str(col.steps[1].key), str(col.steps[2].key), value)
            _assign(data, col.steps, value)
        except _CellError as exc:
            problems.append(_("{path}（{column} 列）：{problem}").format(path=col.path, column=col.letter, problem=exc))
    numbers: dict[tuple, list[int]] = {}
    data = _finalize(data, (), numbers)
    ent = data.get("enterprise")
    name = ent.get("name") if isinstance(ent, dict) else None
    name = str(name).strip() if name is not None and str(name).strip() else None
    return WorkbookRow(row=row, data=data, name=name, problems=problems, numbers=numbers)



def read_workbook(path: Path) -> list[WorkbookRow]:
    """Every non-empty data row of the workbook's first worksheet, in order.

    Raises DataFileError when the file cannot be read, when row 2 holds an unknown or
    duplicate field path, or when no row holds data. Problems inside a row are kept on
    the row (see :func:`factory_from_row`) so the other rows can still be used.
    """
    from openpyxl.utils import get_column_letter

    wb = open_workbook(path)
    try:
        ws = wb.worksheets[0]
        with contextlib.suppress(AttributeError):
            ws.reset_dimensions()
        rows = ws.iter_rows(values_only=True)
        try:
            next(rows, None)  # row 1: titles for people
            header = list(next(rows, None) or ())
        except Exception as exc:  # noqa: BLE001
            raise DataFileError(_("无法读取 Excel 工作簿 {path}：{reason}").format(path=path, reason=f"{type(exc).__name__}: {exc}")) from exc
        columns: list[Column] = []
        problems: list[str] = []
        seen: dict[str, str] = {}
        for n, cell in enumerate(header, 1):
            if _empty(cell):
                continue
            p = str(cell).strip()
            letter = get_column_letter(n)
            try:
                steps, leaf = parse_path(p)
            except PathError as exc:
                problems.append(_("{column} 列（第 2 行 “{path}”）：{problem}").format(column=letter, path=p, problem=exc))
                continue
            if p in seen:
                problems.append(_("{column} 列：字段路径 {path} 与 {other} 列重复").format(column=letter, path=p, other=seen[p]))
                continue
            seen[p] = letter
            columns.append(Column(n, letter, p, steps, leaf))
        if problems:
            raise DataFileError(_("Excel 工作簿 {path} 第 2 行的字段路径有误（共 {n} 处）").format(path=path, n=len(problems)), problems=problems)
        if not columns:
            raise DataFileError(
                _("Excel 工作簿 {path} 第 2 行没有字段路径：第 1 行为中文标题，第 2 行为字段路径（如 enterprise.name），数据从第 3 行开始").format(path=path)
            )
        out: list[WorkbookRow] = []
        known = {c.number for c in columns}
        try:
            for r, values in enumerate(rows, FIRST_DATA_ROW):
                values = list(values or ())
                if all(_empty(v) for v in values):
                    continue
                stray = [get_column_letter(n) for n, v in enumerate(values, 1) if n not in known and not _empty(v)]
                if stray:
                    raise DataFileError(_("Excel 工作簿 {path} 第 {row} 行的 {columns} 列有数据，但该列第 2 行没有字段路径").format(
                        path=path, row=r, columns=_("、").join(stray)))
                out.append(row_to_data(columns, values, r))
        except DataFileError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise DataFileError(_("无法读取 Excel 工作簿 {path}：文件已损坏（{error}）").format(path=path, error=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        wb.close()
    if not out:
        raise DataFileError(_("Excel 工作簿 {path} 中没有企业数据（数据从第 {row} 行开始，每行一家企业）").format(path=path, row=FIRST_DATA_ROW))
    return out


_SKIP_LOC = ("function-", "literal[")


def _error_path(loc: tuple, data: Any, numbers: dict[tuple, list[int]]) -> str:
    """A pydantic error location in the workbook's path syntax (years.2025…, projects.1…)."""
    parts: list[str] = []
    node: Any = data
    key_loc: tuple[Any, ...] = ()
    for item in loc:
        if isinstance(item, int):
            elem = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
            if parts and parts[-1] == "years" and isinstance(elem, dict) and "year" in elem:
                parts.append(str(elem["year"]))
            else:
                nums = numbers.get(key_loc)
                parts.append(str(nums[item] if nums and item < len(nums) else item + 1))
            node = elem
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
        key_loc += (item,)
    return ".".join(parts) or _("（整行）")


def factory_from_row(row: WorkbookRow) -> Factory:
    """Validate one row; DataValidationError lines read “第 5 行（企业：XX）：enterprise.uscc：…”."""
    if row.problems:
        raise DataValidationError("\n".join(row.prefix + p for p in row.problems))
    try:
        factory = Factory.model_validate(row.data)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):  # one line per error
            loc = tuple(
                x for x in err["loc"] if not (isinstance(x, str) and (x.startswith(_SKIP_LOC) or ("[" in x and "]" in x)))
            )
            out.append(_("{prefix}{path}：{problem}").format(prefix=row.prefix, path=_error_path(loc, row.data, row.numbers),
                                                        problem=describe_problem(err, vocabulary_labels())))
        raise DataValidationError("\n".join(out)) from exc
    except RecursionError as exc:
        raise DataValidationError(row.prefix + _("数据嵌套层级过深")) from exc
    from .claimcheck import claim_value_problems  # the catalogue reads the scheme files: not at import

    bad = claim_value_problems(factory)
    if bad:
        raise DataValidationError("\n".join(_("{prefix}{label}：{problem}").format(prefix=row.prefix, label=p.label, problem=p.problem) for p in bad))
    return factory


def load_workbook_factories(path: Path) -> list[tuple[WorkbookRow, Factory | DataValidationError]]:
    """Each row with its validated Factory, or the error that names the row and the field."""
    out: list[tuple[WorkbookRow, Factory | DataValidationError]] = []
    for row in read_workbook(path):
        try:
            out.append((row, factory_from_row(row)))
        except DataValidationError as exc:
            out.append((row, exc))
    return out


# -- writing ----------------------------------------------------------------------------


def _dump_flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[:-4].strip()
    return text


def _zh(value: Any, t: Leaf) -> Any:
    """A vocabulary code as its Chinese label (lists too); yes/no as 是/否."""
    if t.kind == "bool" and isinstance(value, bool):
        return "是" if value else "否"
    if t.choices and isinstance(value, str):
        return dict(t.choices).get(value, value)
    if t.kind == "list" and isinstance(value, list) and t.element.choices:
        labels = dict(t.element.choices)
        return [labels.get(v, v) if isinstance(v, str) else v for v in value]
    return value


def _scalar_cell(value: Any, t: Leaf) -> Any:
    value = _zh(value, t)
    if isinstance(value, (list, dict, tuple)):
        return _dump_flow(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and t.kind in ("any", "model", "list", "dict") and value.strip()[:1] in ("[", "{"):
        return _dump_flow(value)  # a quoted YAML scalar; rare
    return value


def _key_ok(key: Any, item: Leaf) -> bool:
    if not isinstance(key, str) or not key or key != key.strip():
        return False
    segs = key.split(".")
    if any(not s for s in segs):
        return False
    if item.kind == "model":
        return not any(s in item.fields for s in segs[1:])
    if item.kind in ("dict", "list"):
        return len(segs) == 1
    return True


def _flatten(value: Any, t: Leaf, segs: list[str], out: dict[str, Any]) -> None:
    path = ".".join(segs)
    if value is None:
        return
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_unset=True)
    if t.kind == "model" and isinstance(value, dict):
        if not value:
            if segs:
                out[path] = "{}"
            return
        fields = t.fields
        for name, f in fields.items():
            if name in value:
                if value[name] == {} and f.default_factory is not None:
                    continue  # an empty section is the same as an absent one
                _flatten(value[name], type_of(f.annotation), [*segs, name], out)
        extra = {k: v for k, v in value.items() if k not in fields}
        for k, v in extra.items():  # not in the model: kept so that validation names it
            out[".".join([*segs, str(k)])] = _scalar_cell(v, Leaf("any"))
        return
    if t.kind == "list" and isinstance(value, list) and segs:
        if not value:
            return
        if is_year_list(t):
            years = [e.get("year") if isinstance(e, dict) else None for e in value]
            if all(isinstance(y, int) and 1000 <= y <= 9999 for y in years) and len(set(years)) == len(years):
                for e in value:
                    rest = {k: v for k, v in e.items() if k != "year"}
                    sub = [*segs, str(e["year"])]
                    if rest:
                        _flatten(rest, t.element, sub, out)
                    else:
                        out[".".join(sub)] = "{}"
                return
        elif t.element.kind == "model" and all(isinstance(e, (dict, BaseModel)) for e in value):
            for i, e in enumerate(value, 1):
                _flatten(e, t.element, [*segs, str(i)], out)
            return
        out[path] = _dump_flow(_zh(value, t))
        return
    if t.kind == "dict" and isinstance(value, dict) and segs:
        if not value:
            return
        if all(_key_ok(k, t.element) for k in value):
            for k, v in value.items():
                _flatten(v, t.element, [*segs, k], out)
        else:
            out[path] = _dump_flow(value)
        return
    if segs:
        out[path] = _scalar_cell(value, t)


def factory_to_row(data: dict[str, Any] | Factory) -> dict[str, Any]:
    """The cells of one enterprise's row: field path → cell value (the inverse of :func:`read_workbook`)."""
    data = data.model_dump(exclude_unset=True) if isinstance(data, BaseModel) else copy.deepcopy(data)
    out: dict[str, Any] = {}
    for sid, items in (data.get("claims") or {}).items():
        for iid, claim in (items or {}).items():
            if isinstance(claim, dict) and "value" in claim:
                claim["value"] = claim_value_to_zh(sid, str(iid), claim["value"])
    _flatten(data, ROOT, [], out)
    return out


def _sort_key(path: str) -> tuple:
    if path in PRIORITY:
        return (0, PRIORITY.index(path))
    try:
        steps, _ = parse_path(path)
    except PathError:
        return (2, path)
    return (1, tuple(s.order for s in steps))


def write_workbook(
    factories: Iterable[dict[str, Any] | Factory], path: Path, narrative_titles: Mapping[str, str] | None = None
) -> Path:
    """Write the factories as a workbook, one row each (atomically: temp file + rename).

    ``narrative_titles`` (key → title, as the forms name each 文字材料) heads a narrative's column with its
    Chinese title (``文字材料·零碳建设主要成效``) rather than its key."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = [factory_to_row(f) for f in factories]
    paths: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for p in row:
            if p not in seen:
                seen.add(p)
                paths.append(p)
    paths.sort(key=_sort_key)

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for c, p in enumerate(paths, 1):
        try:
            title = _titled(column_title(p), unit_of(p))
        except PathError:
            title = p
        key = p.removeprefix("narratives.")
        if key != p and narrative_titles and key in narrative_titles:
            title = f"{column_title('narratives')}·{narrative_titles[key]}"
        t = put(ws.cell(row=HEADER_TITLE_ROW, column=c), title)
        t.font = bold
        t.alignment = Alignment(wrap_text=True, vertical="top")
        k = put(ws.cell(row=HEADER_PATH_ROW, column=c), p)
        k.fill = grey
        k.font = Font(name="Consolas", size=9, color="555555")
        ws.column_dimensions[get_column_letter(c)].width = 34 if p in ("enterprise.name", "enterprise.address") else 20
    for r, cells in enumerate(rows, FIRST_DATA_ROW):
        for c, p in enumerate(paths, 1):
            if p not in cells:
                continue
            v = cells[p]
            cell = put(ws.cell(row=r, column=c), v)
            if isinstance(v, (dt.date, dt.datetime)):
                cell.number_format = "yyyy-mm-dd"
    _dropdowns(ws, paths, FIRST_DATA_ROW + len(rows) + 200)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    ws.row_dimensions[HEADER_TITLE_ROW].height = 45

    note = wb.create_sheet("填写说明")
    for i, line in enumerate(_NOTES, 1):
        put(note.cell(row=i, column=1), line)
    note.column_dimensions["A"].width = 120

    return save_atomic(path, wb.save, "Excel 工作簿")


def _titled(title: str, unit: str) -> str:
    """A column title with the field's unit (from the field catalogue) when the model's title lacks it."""
    if not unit or title.endswith(unit) or f"（{unit}）" in title or f" {unit}" in title:
        return title
    return f"{title}（{unit}）"


def _dropdowns(ws: Any, paths: list[str], last_row: int) -> None:
    """A dropdown of Chinese choices on every column of a vocabulary or a yes/no field."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .catalogue import model_fields

    declarations = {".".join(e.path) for e in model_fields() if e.declaration}  # 是/否/未填写
    for c, p in enumerate(paths, 1):
        try:
            _, leaf = parse_path(p)
        except PathError:
            continue
        choices = (["是", "否", UNKNOWN] if p in declarations else ["是", "否"]) if leaf.kind == "bool" else [zh for _, zh in leaf.choices]
        formula = '"' + ",".join(choices) + '"'
        if not choices or len(formula) > 255 or any("," in x for x in choices):
            continue
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error = f"请从下拉列表中选择：{'、'.join(choices)}"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        letter = get_column_letter(c)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")


_NOTES = [
    "lingtan 批量生成：企业数据工作簿（第一个工作表“企业数据”每行一家企业）",
    "第 1 行：中文标题，仅供阅读；第 2 行：字段路径（程序读取，请勿修改）；第 3 行起：每行一家企业的数据。",
    "空单元格表示该字段未填写。列表和映射用 YAML 流式写法：[深沟球轴承, 圆锥滚子轴承]、{采购绿色低碳产品（原辅料）的程度: 1}。",
    "可选项（单位性质、智能制造称号、项目类别等）填写中文名称，如 民营、[省级智能工厂, 国家卓越级智能工厂]；",
    "是/否 字段填 是 或 否；带下拉箭头的列可直接选择。旧的英文代码仍可读取。",
    "路径写法：enterprise.uscc；years.2025.energy_tce（years 后的数字为年份）；projects.1.name（其他列表为从 1 开始的序号）；",
    "claims.jiangsu.1.value（自评：方案.条目编号.字段，条目编号可含点，如 claims.suzhou.5.5.points）；narratives.measures_plan（文字材料）。",
    "日期可用 Excel 日期或 YYYY-MM-DD 文本；是/否字段可填 TRUE/FALSE 或 是/否；统一社会信用代码、邮政编码、行业代码、电话请设为文本格式。",
    "需要更多列（如第 5 个项目 projects.5.name、另一年度 years.2022.energy_tce）时，在第 2 行新增一列写上路径即可。",
    "详细说明见 samples/batch/README.md。运行：lingtan generate-batch 工作簿.xlsx --scheme jiangsu --out 输出目录",
]
