"""Every workbook lingtan writes (the check report, the batch summaries ``批量生成汇总.xlsx`` and
``检查汇总.xlsx``, the web export, the data-entry workbooks) fills its cells here: text is a text
cell, never a formula (OWASP's CSV-injection rule on the leading character: ``=``, ``+``, ``-``,
``@``, tab, carriage return and their full-width forms also get Excel's quote prefix, so editing
the cell does not turn it into one), kept as it is except for the characters a workbook cannot
hold; numbers stay numbers. Also the usual finish of a sheet (bold header row, column widths,
frozen header, filter). openpyxl is imported when a workbook is made, not with this module.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

#: the longest text a cell holds (Excel's limit is 32767 characters)
MAX_CELL_TEXT = 32000
#: what a cell's text may not hold: control characters (openpyxl's ILLEGAL_CHARACTERS_RE), lone
#: surrogates (an undecodable file name's bytes) and the two non-characters XML refuses
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: shown in place of an unstorable character
REPLACEMENT = "\ufffd"
#: leading characters that make a spreadsheet read text as a formula (OWASP, CSV injection)
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def excel_text(value: Any) -> Any:
    """A cell value a workbook holds: text with each unstorable character replaced by U+FFFD,
    cut to :data:`MAX_CELL_TEXT`; anything that is not text is returned as it is."""
    if not isinstance(value, str):
        return value
    return UNSTORABLE.sub(REPLACEMENT, value)[:MAX_CELL_TEXT]


def put(cell: Any, value: Any) -> Any:
    """Set ``cell`` to ``value`` and return it: text (:func:`excel_text`) as a text cell, never a
    formula or an error code, with the quote prefix when it starts like a formula; numbers,
    dates, booleans and ``None`` as openpyxl stores them."""
    value = excel_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_LEAD):
            cell.quotePrefix = True
    return cell


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """``ws.append(values)`` with every value set by :func:`put`."""
    from openpyxl.cell.cell import Cell

    ws.append([put(Cell(ws), v) for v in values])


def finish_sheet(ws: Any, widths: list[int], *, freeze: bool = True, autofilter: bool = False) -> None:
    """Row 1 bold, the columns' widths (from column A); ``freeze``: keep row 1 in view;
    ``autofilter``: a filter over the rows written so far."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for c in ws[1]:
        c.font = Font(bold=True)
    if autofilter:
        ws.auto_filter.ref = ws.dimensions
    if freeze:
        ws.freeze_panes = "A2"
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def set_properties(wb: Any, author: str | None = None, title: str | None = None) -> None:
    """The workbook's properties: ``author`` (the enterprise; "lingtan" for a workbook of many or of
    none) as creator and last modified by, created and modified now (never openpyxl's name)."""
    from datetime import datetime

    who = excel_text(author or "lingtan")
    props = wb.properties
    props.creator = props.lastModifiedBy = who
    props.created = props.modified = datetime.now().replace(microsecond=0)
    if title:
        props.title = excel_text(title)


def workbook_bytes(wb: Any, author: str | None = None) -> bytes:
    """The .xlsx file of an openpyxl workbook, as bytes (to be written atomically), its properties
    naming ``author`` (:func:`set_properties`)."""
    set_properties(wb, author)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
