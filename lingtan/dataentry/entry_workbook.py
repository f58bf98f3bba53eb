"""Reading a filled data-entry workbook (``lingtan template``) into the factory data.

The reader goes by the labels people see — the 项目 column of form sheets, the column titles of
table sheets, the numbers and 输入项 of 评价指标, the titles of 文字材料 — never by position, so rows
may be moved or deleted. Each cell read is remembered, and every problem pydantic finds is reported
at the cell it came from: ``工作表「年度数据」第 5 行 C 列（综合能耗（当量值）tce）：值 “abc” 不符合规则：应为数字``.

:func:`lingtan.dataentry.load.load_data_file` is the one entry point of the commands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import all_schemes
from lingtan.common.dataload import clean_loc, describe_problem, describe_validation_error
from lingtan.common.errors import DataFileError, DataValidationError
from lingtan.common.i18n import _, language

from .catalogue import (
    BOOL_CHOICES,
    CLAIM_COLUMNS,
    CLAIM_HEAD,
    CLAIMS_SHEET,
    FORM_SHEETS,
    LIST_SEPARATORS,
    NARRATIVES_SHEET,
    NO,
    UNKNOWN,
    YES,
    ClaimItem,
    Entry,
    TableSheet,
    all_form_entries,
    all_table_sheets,
    claim_items,
)
from .claimcheck import claim_value_problems
from .template import FIRST_TABLE_ROW, LEVEL_LABEL, SCHEME_LABEL, table_hint
from .xlsx import WORKBOOK_SUFFIXES, open_workbook

_TRUE = {YES, "true", "yes", "y", "√", "✓", "☑", "1", "有", "TRUE"}
_FALSE = {NO, "false", "no", "n", "×", "✗", "□", "0", "无", "FALSE"}


@dataclass(frozen=True)
class Cell:
    """Where a value came from: sheet, row, column letter and the label people see."""

    sheet: str
    row: int
    column: str
    label: str

    def __str__(self) -> str:
        col = _(" {column} 列").format(column=self.column) if self.column else ""
        label = _("（{label}）").format(label=self.label) if self.label else ""
        return _("工作表「{sheet}」第 {row} 行{column}{label}").format(sheet=self.sheet, row=self.row, column=col, label=label)


def _listed(values: Iterable[str]) -> str:
    """The workbook's own (Chinese) choices in a message: 甲、乙 — quoted in an English one."""
    return "、".join(values) if language() == "zh" else ", ".join(f"“{v}”" for v in values)


def _pick_yes_no(value: str) -> str:
    return _("值 “{value}” 不符合规则：应从下拉列表选择 是 或 否").format(value=value)


def _pick_one(value: Any, choices: Iterable[str]) -> str:
    return _("值 “{value}” 不符合规则：{rule}").format(value=value, rule=_pick_rule(choices))


def _pick_rule(choices: Iterable[str]) -> str:
    return _("应从下拉列表中选择：{choices}").format(choices=_listed(choices))


def is_entry_workbook(path: Path) -> bool:
    """True when ``path`` is a data-entry workbook (its sheets 基本信息 and 年度数据)."""
    if Path(path).suffix.lower() not in WORKBOOK_SUFFIXES:
        return False
    wb = open_workbook(path)
    try:
        return "基本信息" in wb.sheetnames and "年度数据" in wb.sheetnames
    finally:
        wb.close()


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


class _BadCell(ValueError):
    pass


def convert(value: Any, kind: str, choices: dict[str, str] | None, model_field: bool = False) -> Any:
    """A cell's value as the data model expects it; _BadCell with a Chinese rule when it cannot be."""
    if isinstance(value, str):
        value = value.strip()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        s = _text(value)
        if s in _TRUE or s.lower() in _TRUE:
            return True
        if s in _FALSE or s.lower() in _FALSE:
            return False
        if model_field:
            return s
        raise _BadCell(_pick_yes_no(s))
    if kind == "choice" and choices:
        s = _text(value)
        reverse = {zh: key for key, zh in choices.items()}
        short = {zh.split("（")[0]: key for key, zh in choices.items()}
        if s in reverse:
            return reverse[s]
        if s in short:
            return short[s]
        if s in choices:  # the code itself (older files)
            return s
        if model_field:
            return s  # the data model names the rule at the cell
        raise _BadCell(_pick_one(s, choices.values()))
    if kind == "list":
        if isinstance(value, (list, tuple)):
            return list(value)
        return [p.strip() for p in LIST_SEPARATORS.split(_text(value)) if p.strip()]
    if kind in ("text", "code"):
        return _text(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 2958466:
            from openpyxl.utils.datetime import from_excel

            d = from_excel(value)
            return d.date() if isinstance(d, dt.datetime) else d
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?", value)
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    return value  # 2025-02-30: the data model says 应为日期
        return value
    if kind in ("number", "int"):
        if isinstance(value, str):
            s = value.replace(",", "").replace("，", "")
            try:
                n = float(s)
            except ValueError:
                return value  # pydantic says 应为数字 at the cell
            return int(n) if kind == "int" and n.is_integer() else n
        if kind == "int" and isinstance(value, float) and value.is_integer():
            return int(value)
    return value


def _converts(value: Any, e: Entry) -> bool:
    """Whether a cell's value is a proper value of its column (not a line of explanation)."""
    try:
        v = convert(value, e.kind, e.choices)
    except _BadCell:
        return False
    if e.kind in ("number", "int"):
        return isinstance(v, (int, float))
    if e.kind == "date":
        return isinstance(v, dt.date)
    return True


def _hint_row(values: list[Any], found: list[tuple[int, Entry]]) -> bool:
    """Row 2 of a table is the template's row of units and hints: its cells are the hints, or none of
    its numbers, dates, yes/no and choices is a value (a data row has at least one)."""
    cells = [(values[i], c) for i, c in found if i < len(values) and not _empty(values[i])]
    if all(_text(v) == table_hint(c) for v, c in cells):
        return True
    typed = [(v, c) for v, c in cells if c.kind in ("number", "int", "date", "bool", "choice")]
    return bool(typed) and not any(_converts(v, c) for v, c in typed)


def _set(root: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = root
    for k in path[:-1]:
        node = node.setdefault(k, {})
    node[path[-1]] = value


class _Reader:
    def __init__(self, path: Path, wb: Any) -> None:
        self.path = path
        self.wb = wb
        self.data: dict[str, Any] = {}
        self.cells: dict[tuple[Any, ...], Cell] = {}
        self.problems: list[str] = []
        self.scheme_name: str | None = None
        self.scheme_cell: Cell | None = None

    def rows(self, sheet: str) -> list[tuple[int, list[Any]]]:
        ws = self.wb[sheet]
        with contextlib.suppress(AttributeError):
            ws.reset_dimensions()  # some programs record a wrong sheet size
        return [(r, list(v or ())) for r, v in enumerate(ws.iter_rows(values_only=True), 1)]

    def put(self, loc: tuple[Any, ...], cell: Cell, raw: Any, kind: str, choices: dict[str, str] | None,
            target: dict[str, Any], path: tuple[str, ...], model_field: bool = True) -> None:
        self.cells[loc] = cell
        if _empty(raw) or (isinstance(raw, str) and raw.strip() == UNKNOWN):  # 未填写: the declaration stays unknown
            return
        try:
            _set(target, path, convert(raw, kind, choices, model_field))
        except _BadCell as exc:
            self.problems.append(_("{cell}：{problem}").format(cell=cell, problem=exc))

    # -- 基本信息 / 基本条件 --------------------------------------------------------------------
    def forms(self) -> None:
        from openpyxl.utils import get_column_letter

        for sheet, rows in all_form_entries().items():
            if sheet not in self.wb.sheetnames:
                continue
            by_label = {e.label: e for e in rows}
            multi: dict[tuple[str, ...], list[str]] = {}
            for r, values in self.rows(sheet)[1:]:
                label = _text(values[0]) if values and not _empty(values[0]) else ""
                raw = values[1] if len(values) > 1 else None
                if not label:
                    if not _empty(raw):
                        self.problems.append(_("{cell}：有内容，但 A 列“项目”为空，无法识别").format(cell=Cell(sheet, r, "B", "")))
                    continue
                cell = Cell(sheet, r, get_column_letter(2), label)
                if label == SCHEME_LABEL:
                    self.scheme_name = None if _empty(raw) else _text(raw)
                    self.scheme_cell = cell
                    continue
                if label == LEVEL_LABEL:
                    self.put(("application", "level"), cell, raw, "text", None, self.data, ("application", "level"))
                    continue
                e = by_label.get(label)
                if e is None:
                    self.problems.append(_("{cell}：无法识别的项目（请勿修改 A 列的项目名称）").format(cell=Cell(sheet, r, "A", label)))
                    continue
                if e.option is not None:
                    self.cells[e.path] = cell
                    if _empty(raw):
                        continue
                    try:
                        if convert(raw, "bool", BOOL_CHOICES):
                            multi.setdefault(e.path, []).append(e.option)
                    except _BadCell as exc:
                        self.problems.append(_("{cell}：{problem}").format(cell=cell, problem=exc))
                    continue
                self.put(e.path, cell, raw, e.kind, e.choices, self.data, e.path)
            for p, keys in multi.items():
                _set(self.data, p, keys)
        self.data.setdefault("enterprise", {}).setdefault("contact", {})  # required: a missing field is named at its row

    # -- tables ------------------------------------------------------------------------------
    def table(self, t: TableSheet) -> list[tuple[int, dict[str, Any], int | None]]:
        from openpyxl.utils import get_column_letter

        rows = self.rows(t.name)
        if not rows:
            return []
        header = [(_text(v) if not _empty(v) else "") for v in rows[0][1]]
        cols = ([t.parent_key] if t.parent_key else []) + t.columns
        by_label = {c.label: c for c in cols}
        found: list[tuple[int, Entry]] = []
        for i, h in enumerate(header):
            if not h:
                continue
            c = by_label.get(h)
            if c is None:
                self.problems.append(_("{cell}：无法识别的栏目（请勿修改第 1 行的栏目名称）").format(
                    cell=Cell(t.name, 1, get_column_letter(i + 1), h)))
                continue
            found.append((i, c))
        out: list[tuple[int, dict[str, Any], int | None]] = []
        for r, values in rows[1:]:
            if all(_empty(v) for v in values):
                continue
            if r == 2 and _hint_row(values, found):
                continue  # the row of units and hints (a person may have deleted it: then row 2 holds data)
            item: dict[str, Any] = {}
            here: dict[tuple[str, ...], Cell] = {}
            parent = None
            for i, c in found:
                raw = values[i] if i < len(values) else None
                cell = Cell(t.name, r, get_column_letter(i + 1), c.label)
                here[c.path] = cell
                if t.parent_key is not None and c is t.parent_key:
                    try:
                        parent = None if _empty(raw) else int(convert(raw, "int", None))
                    except (TypeError, ValueError, OverflowError):  # text, a fraction, inf
                        self.problems.append(_("{cell}：值 “{value}” 不符合规则：应为 4 位年份").format(cell=cell, value=_text(raw)))
                    if parent is None and _empty(raw):
                        self.problems.append(_("{cell}：{problem}").format(cell=cell, problem=_("必填字段缺失")))
                    continue
                if _empty(raw):
                    continue
                try:
                    _set(item, c.path, convert(raw, c.kind, c.choices, True))
                except _BadCell as exc:
                    self.problems.append(_("{cell}：{problem}").format(cell=cell, problem=exc))
            item["__cells__"] = here
            item["__row__"] = Cell(t.name, r, "", "")
            out.append((r, item, parent))
        return out

    def tables(self) -> None:
        sheets = all_table_sheets()
        years_rows = self.table(sheets["年度数据"]) if "年度数据" in self.wb.sheetnames else []
        self.cells[("years",)] = Cell("年度数据", FIRST_TABLE_ROW, "A", _("年份；每年一行，至少填写申报上年度"))
        years: list[dict[str, Any]] = []
        for _r, item, _y in years_rows:
            years.append(item)
        if years:
            self.data["years"] = years
        for t in sheets.values():
            if t.list_path == ("years",) or t.name not in self.wb.sheetnames:
                continue
            rows = self.table(t)
            if not rows:
                continue
            if t.parent_key is not None:  # products by year, into that year's entry
                for r, item, year in rows:
                    if year is None:
                        continue
                    target = next((y for y in years if y.get("year") == year), None)
                    if target is None:
                        self.problems.append(_("{cell}：“年度数据”中没有 {year} 年").format(
                            cell=Cell(t.name, r, "A", t.parent_key.label), year=year))
                        continue
                    target.setdefault(t.list_path[-1], []).append(item)
            else:
                _set(self.data, t.list_path, [item for _r, item, _y in rows])

    # -- 评价指标 ------------------------------------------------------------------------------
    def claims(self, scheme_id: str, items: list[ClaimItem]) -> None:
        from openpyxl.utils import get_column_letter

        if CLAIMS_SHEET not in self.wb.sheetnames:
            return
        rows = self.rows(CLAIMS_SHEET)
        header = [(_text(v) if not _empty(v) else "") for v in rows[0][1]] if rows else []
        want = list(CLAIM_HEAD) + [title for _k, title, _t in CLAIM_COLUMNS]
        pos = {h: i for i, h in enumerate(header) if h}
        missing = [h for h in want if h not in pos]
        if missing:
            self.problems.append(_("工作表「{sheet}」第 1 行缺少栏目：{columns}（请勿修改第 1 行）").format(
                sheet=CLAIMS_SHEET, columns=_listed(missing)))
            return
        by_number = {it.number: it for it in items}
        claims: dict[str, dict[str, Any]] = {}
        for r, values in rows[1:]:  # rows without a number (the hints) are skipped
            def at(title: str, values: list[Any] = values) -> Any:
                i = pos[title]
                return values[i] if i < len(values) else None

            number = at("编号")
            if _empty(number):
                continue
            number = _text(number)
            it = by_number.get(number)
            if it is None and re.fullmatch(r"[0-9A-Z][0-9A-Z.\-]*", number):  # an item of a user-supplied indicator file
                it = ClaimItem(number, number, "", _text(at("条目") or ""), None, None)
            if it is None:
                self.problems.append(_("{cell}：本方案没有编号为“{number}”的条目").format(cell=Cell(CLAIMS_SHEET, r, "A", "编号"), number=number))
                continue
            label = _text(at("输入项")) if not _empty(at("输入项")) else ""
            inp = it.input
            claim = claims.setdefault(it.id, {})
            base = ("claims", scheme_id, it.id)
            if inp and inp.parts and label:
                key = next((k for k, p in inp.parts.items() if p.label == label), None)
                if key is None:
                    self.problems.append(_("{cell}：条目“{item}”没有输入项“{input}”").format(
                        cell=Cell(CLAIMS_SHEET, r, "D", "输入项"), item=it.name, input=label))
                    continue
                part = inp.parts[key]
                cell = Cell(CLAIMS_SHEET, r, get_column_letter(pos["指标输入值"] + 1), f"{it.name}·{part.label}")
                self.put((*base, "value", key), cell, at("指标输入值"), part.kind, BOOL_CHOICES if part.kind == "bool" else None,
                         claim, ("value", key), model_field=False)
                continue
            for key, title, kind in CLAIM_COLUMNS:
                raw = at(title)
                cell = Cell(CLAIMS_SHEET, r, get_column_letter(pos[title] + 1), f"{it.name}·{title}")
                if key == "value":
                    if inp is None or inp.parts:
                        if not _empty(raw):
                            self.problems.append(_("{cell}：该条目没有指标输入值（请清空）").format(cell=cell))
                        continue
                    kind = inp.kind if inp.kind in ("list", "choice") else "number"
                    self.put((*base, key), cell, raw, kind, inp.choices, claim, (key,), model_field=False)
                    continue
                self.put((*base, key), cell, raw, kind, BOOL_CHOICES if kind == "bool" else None, claim, (key,))
        claims = {k: v for k, v in claims.items() if v}
        if claims:
            self.data["claims"] = {scheme_id: claims}

    # -- 文字材料 ------------------------------------------------------------------------------
    def narratives(self, by_title: Mapping[str, str]) -> None:
        if NARRATIVES_SHEET not in self.wb.sheetnames:
            return
        out: dict[str, str] = {}
        for r, values in self.rows(NARRATIVES_SHEET)[1:]:
            title = _text(values[0]) if values and not _empty(values[0]) else ""
            raw = values[1] if len(values) > 1 else None
            if not title or _empty(raw):
                continue
            key = by_title.get(title)
            if key is None:
                self.problems.append(_("{cell}：无法识别的文字材料（请勿修改 A 列）").format(cell=Cell(NARRATIVES_SHEET, r, "A", title)))
                continue
            self.cells[("narratives", key)] = Cell(NARRATIVES_SHEET, r, "B", title)
            out[key] = _text(raw)
        if out:
            self.data["narratives"] = out


def _strip_bookkeeping(node: Any, loc: tuple[Any, ...], cells: dict[tuple[Any, ...], Cell]) -> Any:
    """Table items carry their cells while being read; move them to ``cells`` under the item's location."""
    if isinstance(node, dict):
        here = node.pop("__cells__", None)
        row = node.pop("__row__", None)
        if row is not None:
            cells[loc] = row
        for p, c in (here or {}).items():
            cells[(*loc, *p)] = c
        return {k: _strip_bookkeeping(v, (*loc, k), cells) for k, v in node.items()}
    if isinstance(node, list):
        return [_strip_bookkeeping(v, (*loc, i), cells) for i, v in enumerate(node)]
    return node


def _scheme_id(name: str | None, cell: Cell | None) -> str | None:
    if name is None:
        return None
    for s in all_schemes():
        if name in (s.name, s.id, s.short_name):
            return s.id
    raise DataFileError(_("{cell}：无法识别的申报方案“{name}”（可选：{choices}）").format(
        cell=cell, name=name, choices=_listed(s.name for s in all_schemes())))


def read_entry_workbook(path: Path, narratives: Mapping[str, str] | None = None
                        ) -> tuple[dict[str, Any], dict[tuple[Any, ...], Cell], list[str]]:
    """The data of a filled data-entry workbook (as a YAML file would give), where each value came from,
    and the cells that could not be read (each named by sheet, row and column).

    ``narratives`` (title → key, :func:`lingtan.generator.formuse.narrative_titles`) reads the 文字材料
    sheet; without it (the checker, which needs no narrative) that sheet is not read."""
    path = Path(path)
    wb = open_workbook(path)
    try:
        missing = [s for s in FORM_SHEETS if s not in wb.sheetnames]
        if missing:
            raise DataFileError(_("{path} 不是 lingtan 数据填报工作簿：缺少工作表「{sheets}」（用 lingtan template 生成空白模板）").format(
                path=path, sheets="」「".join(missing)))
        rd = _Reader(path, wb)
        rd.forms()
        scheme_id = _scheme_id(rd.scheme_name, rd.scheme_cell)
        if scheme_id:
            rd.data.setdefault("application", {})["scheme"] = scheme_id
            from lingtan.assessment.schemes import load_scheme

            scheme = load_scheme(scheme_id)
            lv = rd.data.get("application", {}).get("level")
            if lv is not None:
                match = next((x.id for x in scheme.levels if lv in (x.id, x.name)), None)
                if match is None:
                    cell = rd.cells[("application", "level")]
                    rd.problems.append(_("{cell}：{problem}").format(cell=cell, problem=_pick_one(lv, (x.name for x in scheme.levels))))
                else:
                    rd.data["application"]["level"] = match
            rd.claims(scheme_id, claim_items(scheme, None))
        rd.tables()
        if narratives is not None:
            rd.narratives(narratives)
    except DataFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise DataFileError(_("无法读取 Excel 工作簿 {path}：文件已损坏（{error}）").format(path=path, error=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        wb.close()
    cells = dict(rd.cells)
    data = _strip_bookkeeping(rd.data, (), cells)
    return data, cells, rd.problems


def _where(loc: tuple[Any, ...], cells: dict[tuple[Any, ...], Cell]) -> Cell | None:
    for n in range(len(loc), 0, -1):
        c = cells.get(loc[:n])
        if c is not None:
            return c
    return None


def _choices_rule(loc: tuple[Any, ...], cell: Cell) -> str | None:
    """The dropdown's Chinese choices, for a value outside them (instead of the codes)."""
    for rows in all_form_entries().values():
        for e in rows:
            if e.label == cell.label and e.choices:
                return _pick_rule(e.shown_choices)
    for t in all_table_sheets().values():
        for e in t.columns:
            if t.name == cell.sheet and e.label == cell.label and e.choices:
                return _pick_rule(e.shown_choices)
    return None


def load_entry_workbook(path: Path, narratives: Mapping[str, str] | None = None) -> Factory:
    """A filled data-entry workbook as a validated Factory; every problem names its sheet, row and column."""
    data, cells, problems = read_entry_workbook(path, narratives)
    try:
        factory = Factory.model_validate(data)
    except ValidationError as exc:
        lines = describe_validation_error(exc, data)
        out = []
        for err, line in zip(exc.errors(include_url=False), lines, strict=True):
            loc = clean_loc(err["loc"])
            rest = describe_problem(err)
            cell = _where(loc, cells)
            if cell is None:
                out.append(_("工作簿：{problem}").format(problem=line))
                continue
            if err["type"] == "literal_error":
                rule = _choices_rule(loc, cell)
                if rule:
                    rest = _("值 “{value}” 不符合规则：{rule}").format(value=err.get("input"), rule=rule)
            if cell.column == "" and loc[-1] not in cells and err["type"] == "missing":
                rest = _("缺少{field}：必填").format(field=_missing_label(loc))
            if err["type"] in ("bool_parsing", "bool_type"):
                rest = _pick_yes_no(str(err.get("input")))
            out.append(_("{cell}：{problem}").format(cell=cell, problem=rest))
        problems = _in_sheet_order(problems + out)
        raise DataValidationError(_("数据校验未通过：{path}（共 {n} 处问题）").format(path=path, n=len(problems)), problems=problems) from exc
    for p in claim_value_problems(factory):
        cell = _where(p.loc, cells)
        where = str(cell) if cell else p.label
        problems.append(_("{cell}：{problem}").format(cell=where, problem=p.problem))
    if problems:
        raise DataValidationError(_("数据校验未通过：{path}（共 {n} 处问题）").format(path=path, n=len(problems)),
                                  problems=_in_sheet_order(problems))
    return factory


def _in_sheet_order(problems: list[str]) -> list[str]:
    """Problems by sheet (in the workbook's order) and row, as a person goes through the file."""
    order = ["基本信息", "基本条件", *all_table_sheets(), CLAIMS_SHEET, NARRATIVES_SHEET]

    def key(p: str) -> tuple[int, int]:
        m = re.match(r"\D*?「(.+?)」\D*?(\d+)", p)  # 工作表「年度数据」第 5 行, sheet 「年度数据」 row 5
        if not m:
            return (len(order), 0)
        return (order.index(m.group(1)) if m.group(1) in order else len(order), int(m.group(2)))

    return sorted(problems, key=key)


def _missing_label(loc: tuple[Any, ...]) -> str:
    """The Chinese title of a missing field (a table column absent from the sheet)."""
    from lingtan.assessment.model.factory import Factory as _F

    model: Any = _F
    title = str(loc[-1])
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        f = getattr(model, "model_fields", {}).get(part)
        if f is None:
            break
        title = f.title or str(part)
        ann = f.annotation
        inner = getattr(ann, "__args__", (ann,))
        model = next((a for a in inner if hasattr(a, "model_fields")), None)
    return f"“{title}”"
