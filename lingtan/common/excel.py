"""Summary workbooks of the batch commands (``批量生成汇总.xlsx``, ``检查汇总.xlsx``): cell text
Excel accepts, and the usual finish of a sheet (bold header row, column widths, frozen header,
filter). openpyxl is imported when a workbook is made, not with this module.
"""

from __future__ import annotations

import io
from typing import Any

#: the longest text a cell holds (Excel's limit is 32767 characters)
MAX_CELL_TEXT = 32000


def excel_text(value: Any) -> Any:
    """A cell value Excel accepts: text without the control characters it refuses, cut to
    :data:`MAX_CELL_TEXT`; anything that is not text is returned as it is."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]


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


def workbook_bytes(wb: Any) -> bytes:
    """The .xlsx file of an openpyxl workbook, as bytes (to be written atomically)."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
