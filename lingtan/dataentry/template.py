"""``lingtan template``: a blank data-entry workbook for one scheme (and level).

Sheets: 填写说明, 基本信息 and 基本条件 (one row per field: 项目 | 填写内容 | 单位 | 填写说明),
年度数据 and the other tables (one row per year, product, certificate, project …), 评价指标 (one
row per condition and indicator, and one per named input), 文字材料. Only the fields the scheme
uses are offered (:func:`lingtan.dataentry.catalogue.model_fields`): those its expressions, its forms
and their narrative drafts read, and those the data model requires. Every enumeration is a dropdown of Chinese choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lingtan.assessment.schemes.schema import Scheme
from lingtan.common.atomic import save_atomic
from lingtan.common.excel import append_row
from lingtan.common.i18n import _

from .catalogue import (
    BOOL_CHOICES,
    CLAIM_COLUMNS,
    CLAIM_HEAD,
    CLAIMS_SHEET,
    KIND_HINTS,
    NARRATIVES_SHEET,
    NOTES_SHEET,
    ClaimItem,
    Entry,
    FormUse,
    TableSheet,
    claim_items,
    scheme_form_entries,
    scheme_tables,
)

#: form sheets' columns
FORM_HEAD = ("项目", "填写内容", "单位", "填写说明")
SCHEME_LABEL = "申报方案"
LEVEL_LABEL = "申报类型"
#: the first data row of table sheets and 评价指标 (row 1: titles, row 2: units and hints)
FIRST_TABLE_ROW = 3
#: rows with dropdowns in table sheets
TABLE_ROWS = 200
NARRATIVE_HINT = "留空时按数据生成草稿（生成后请审核修改）"



# -- writing ----------------------------------------------------------------------------------


@dataclass
class _Style:
    bold: Any
    head_fill: Any
    hint_font: Any
    wrap: Any
    locked_fill: Any


def _style() -> _Style:
    from openpyxl.styles import Alignment, Font, PatternFill

    return _Style(Font(bold=True), PatternFill("solid", fgColor="DDEBF7"), Font(color="666666", size=9),
                  Alignment(wrap_text=True, vertical="top"), PatternFill("solid", fgColor="F2F2F2"))


def _dropdown(ws: Any, ref: str, choices: list[str], what: str) -> None:
    """A list validation over ``ref`` with the Chinese ``choices``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    formula = '"' + ",".join(choices) + '"'
    if any("," in c or '"' in c for c in choices) or len(formula) > 255:
        raise ValueError(_("下拉选项不能含逗号或引号，且合计不超过 255 个字符：{what}").format(what=what))
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error = f"请从下拉列表中选择：{'、'.join(choices)}"
    dv.errorTitle = "取值不在选项中"
    dv.prompt = what
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _number_check(ws: Any, ref: str, e: Entry) -> None:
    """Excel refuses text, and numbers outside the data model's range, in a number cell as it is typed
    (the reader checks again)."""
    if e.kind in ("number", "int"):
        _range_check(ws, ref, e.kind, e.minimum, e.maximum)


#: the widest range of a number cell without a bound of its own
_LIMIT = 1e12


def _range_check(ws: Any, ref: str, kind: str, minimum: float | None, maximum: float | None) -> None:
    """A whole/decimal validation between the field's bounds (± 10^12 where it has none)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    lo = minimum if minimum is not None else -_LIMIT
    hi = maximum if maximum is not None else _LIMIT
    dv = DataValidation(type="whole" if kind == "int" else "decimal", operator="between",
                        formula1=f"{lo:g}" if abs(lo) < _LIMIT else f"{lo:.0f}", formula2=f"{hi:g}" if abs(hi) < _LIMIT else f"{hi:.0f}",
                        allow_blank=True)
    what = "整数" if kind == "int" else "数字（不带单位）"
    bounds = (f"，{lo:g} 到 {hi:g} 之间" if minimum is not None and maximum is not None
              else f"，不小于 {lo:g}" if minimum is not None else f"，不大于 {hi:g}" if maximum is not None else "")
    dv.error = f"请填写{what}{bounds}"
    dv.errorTitle = "应为数字" if not bounds else "超出范围或不是数字"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _hint(e: Entry) -> str:
    hint = e.hint or KIND_HINTS.get(e.kind, "")
    if e.kind == "choice" and e.choices:
        hint = "从下拉列表选择：" + "、".join(e.shown_choices)
    return ("必填；" + hint if e.required else hint).rstrip("；")


def table_hint(e: Entry) -> str:
    """Row 2 of a table sheet: the column's unit and how to fill it in."""
    return "；".join(x for x in (e.unit and f"单位：{e.unit}", _hint(e)) if x)


def _text_format(cell: Any, e: Entry) -> None:
    if e.kind in ("code", "text", "list"):
        cell.number_format = "@"
    elif e.kind == "date":
        cell.number_format = "yyyy-mm-dd"


def _form_sheet(wb: Any, name: str, rows: list[Entry], st: _Style, scheme: Scheme, level: str | None) -> None:
    ws = wb.create_sheet(name)
    append_row(ws, list(FORM_HEAD))
    if name == "基本信息":
        append_row(ws, [SCHEME_LABEL, scheme.name, "", "已按所选方案填好，请勿修改"])
        _dropdown(ws, "B2", [scheme.name], SCHEME_LABEL)
        levels = [lv.name for lv in scheme.levels]
        shown = next((lv.name for lv in scheme.levels if lv.id == level), "")
        append_row(ws, [LEVEL_LABEL, shown, "", "从下拉列表选择：" + "、".join(levels)])
        _dropdown(ws, "B3", levels, LEVEL_LABEL)
    for e in rows:
        if e.path == ("application", "level"):
            continue
        append_row(ws, [e.label, None, e.unit, _hint(e)])
        r = ws.max_row
        _text_format(ws.cell(r, 2), e)
        if e.choices:
            _dropdown(ws, f"B{r}", e.shown_choices, e.label)
        _number_check(ws, f"B{r}", e)
    for c in ws[1]:
        c.font, c.fill = st.bold, st.head_fill
    for row in ws.iter_rows(min_row=2):
        row[0].alignment = st.wrap
        row[3].font = st.hint_font
    for col, w in zip("ABCD", (42, 40, 8, 50), strict=True):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "B2"


def _table_sheet(wb: Any, t: TableSheet, st: _Style) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(t.name)
    cols = ([t.parent_key] if t.parent_key else []) + t.columns
    append_row(ws, [c.label for c in cols])
    append_row(ws, [table_hint(c) for c in cols])
    for i, c in enumerate(cols, 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, min(30, len(c.label) * 2))
        if c.choices:
            _dropdown(ws, f"{letter}{FIRST_TABLE_ROW}:{letter}{FIRST_TABLE_ROW + TABLE_ROWS}", c.shown_choices, c.label)
        _number_check(ws, f"{letter}{FIRST_TABLE_ROW}:{letter}{FIRST_TABLE_ROW + TABLE_ROWS}", c)
        for r in range(FIRST_TABLE_ROW, FIRST_TABLE_ROW + 20):
            _text_format(ws.cell(r, i), c)
    for c in ws[1]:
        c.font, c.fill, c.alignment = st.bold, st.head_fill, st.wrap
    for c in ws[2]:
        c.font, c.alignment = st.hint_font, st.wrap
    ws.row_dimensions[1].height = 45
    ws.row_dimensions[2].height = 45
    ws.freeze_panes = f"B{FIRST_TABLE_ROW}"


def _claims_sheet(wb: Any, items: list[ClaimItem], st: _Style) -> None:
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(CLAIMS_SHEET)
    head = list(CLAIM_HEAD) + [title for _, title, _ in CLAIM_COLUMNS]
    append_row(ws, head)
    append_row(ws, ["", "", "", "有输入项的条目在“指标输入值”中填写", "", "不适用时选“否”", "是/否", "按评价标准自评",
                    "见“输入项”", LIST_HINT_SHORT, "符合情况的简要说明"])
    col = {key: len(CLAIM_HEAD) + i for i, (key, _, _) in enumerate(CLAIM_COLUMNS, 1)}
    value_col = get_column_letter(col["value"])
    for it in items:
        points = it.points if it.points is not None else ""
        inp = it.input
        append_row(ws, [it.number, it.group, it.name, inp.label if inp and not inp.parts else "", points])
        r = ws.max_row
        if it.text:
            ws.cell(r, 3).comment = Comment(it.text, "lingtan", width=320, height=160)
        if inp and not inp.parts:
            if inp.choices:
                _dropdown(ws, f"{value_col}{r}", list(inp.choices.values()), inp.label)
            ws.cell(r, col["value"]).number_format = "@" if inp.kind == "list" else "General"
            if inp.kind == "number":
                _range_check(ws, f"{value_col}{r}", "number", inp.minimum, inp.maximum)
            _note(ws, r, len(CLAIM_HEAD) - 1, inp.unit, inp.hint)
        for part in (inp.parts if inp else {}).values():
            append_row(ws, [it.number, it.group, it.name, part.label, ""])
            pr = ws.max_row
            if part.kind == "bool":
                _dropdown(ws, f"{value_col}{pr}", list(BOOL_CHOICES.values()), part.label)
            elif part.kind == "number":
                _range_check(ws, f"{value_col}{pr}", "number", part.minimum, part.maximum)
            _note(ws, pr, len(CLAIM_HEAD) - 1, part.unit, part.hint)
            for key, c in col.items():
                if key != "value":
                    ws.cell(pr, c).fill = st.locked_fill
    last = ws.max_row
    for key, _title, kind in CLAIM_COLUMNS:
        if kind == "bool":
            letter = get_column_letter(col[key])
            _dropdown(ws, f"{letter}{FIRST_TABLE_ROW}:{letter}{last}", list(BOOL_CHOICES.values()), key)
    for c in ws[1]:
        c.font, c.fill, c.alignment = st.bold, st.head_fill, st.wrap
    for c in ws[2]:
        c.font, c.alignment = st.hint_font, st.wrap
    for letter, w in zip("ABCDEFGHIJK", (10, 14, 34, 30, 6, 9, 9, 9, 16, 40, 40), strict=True):
        ws.column_dimensions[letter].width = w
    ws.freeze_panes = f"D{FIRST_TABLE_ROW}"


LIST_HINT_SHORT = "多份时每份一行或用分号“；”分隔"


def _note(ws: Any, row: int, col: int, unit: str, hint: str) -> None:
    """Unit and hint of a named input, as a cell comment on its 输入项 cell."""
    from openpyxl.comments import Comment

    text = "；".join(x for x in (unit and f"单位：{unit}", hint) if x)
    if text:
        ws.cell(row, col).comment = Comment(text, "lingtan")


def _narratives_sheet(wb: Any, forms: FormUse, st: _Style) -> None:
    ws = wb.create_sheet(NARRATIVES_SHEET)
    append_row(ws, ["项目", "填写内容", "字数要求", "填写说明"])
    for _key, title, limit in forms.narratives:
        append_row(ws, [title, None, limit or "", NARRATIVE_HINT])
        ws.cell(ws.max_row, 2).alignment = st.wrap
    for c in ws[1]:
        c.font, c.fill = st.bold, st.head_fill
    for col, w in zip("ABCD", (30, 80, 12, 36), strict=True):
        ws.column_dimensions[col].width = w


def _notes(scheme: Scheme, level: str | None) -> list[str]:
    level_name = next((lv.name for lv in scheme.levels if lv.id == level), "")
    return [
        f"{scheme.name}{('（' + level_name + '）') if level_name else ''} 数据填报工作簿（lingtan 生成的空白模板）",
        "请按工作表依次填写：基本信息 → 基本条件 → 年度数据 → 其他表格 → 评价指标 → 文字材料。",
        "“基本信息”“基本条件”：在“填写内容”列（B 列）逐项填写；“项目”列是程序识别的依据，请勿修改。",
        "表格类工作表（年度数据、产品产量、管理体系认证、节能降碳项目等）：第 1 行为栏目，第 2 行为单位和说明，从第 3 行起每行一条（年度数据每年一行）。",
        "带下拉箭头的单元格请从下拉列表中选择；是/否 项选择“是”或“否”，留空按默认处理。",
        "日期填写为 Excel 日期或 2026-03-15 形式；统一社会信用代码、邮政编码、行业代码、电话按文本填写。",
        "多项内容（主要产品、证明材料等）每项一行（单元格内按 Alt+Enter 换行）或用分号“；”分隔。",
        "“评价指标”：每个基本条件和评价指标一行；有输入项的条目，在“指标输入值”列填写（分项各占一行）。",
        "“文字材料”留空时，生成申报材料时按数据起草（须审核修改）。",
        "填好后：lingtan validate 本文件.xlsx；lingtan score 本文件.xlsx；lingtan generate 本文件.xlsx --out 输出目录。",
        "出错时，提示会写明工作表、行号、列号和栏目名称。",
    ]


def write_template(scheme: Scheme, level: str | None, out: Path, forms: FormUse | None = None) -> Path:
    """Write the blank workbook of ``scheme`` (and ``level``) to ``out``, atomically. ``forms``: what
    the scheme's forms read beside the scheme (:func:`lingtan.generator.formuse.form_use`); its
    narratives make the 文字材料 sheet."""
    forms = forms or FormUse()
    from openpyxl import Workbook

    st = _style()
    wb = Workbook()
    notes = wb.active
    notes.title = NOTES_SHEET
    for line in _notes(scheme, level):
        append_row(notes, [line])
    notes["A1"].font = st.bold
    notes.column_dimensions["A"].width = 120
    for name, rows in scheme_form_entries(scheme, forms).items():
        _form_sheet(wb, name, rows, st, scheme, level)
    for t in scheme_tables(scheme, forms):
        _table_sheet(wb, t, st)
    _claims_sheet(wb, claim_items(scheme, level), st)
    if forms.narratives:
        _narratives_sheet(wb, forms, st)
    return save_atomic(out, wb.save, _("数据填报模板"))
