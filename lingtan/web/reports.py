"""A stored report (the checker's JSON) back as the checker's :class:`Report` (``Report.from_json``, the
checker's contract: nothing is rebuilt by hand), so the checker's own writers make the XLSX and HTML
exports; the reviewer's decisions are added to both."""

from __future__ import annotations

import html
import io
from typing import Any

from lingtan.checker import Report
from lingtan.common import append_row

#: a material's status (the checker's) → the three verdicts shown to reviewers
MATERIAL_STATE = {"ok": "符合", "missing": "问题", "problem": "问题", "verify": "待人工核对", "unknown": "待人工核对", "not_required": "不需要"}
ACTION_ZH = {"confirm": "已确认", "dismiss": "已驳回"}


def decision_rows(findings: list[Any]) -> list[list[str]]:
    rows = []
    for f in findings:
        dec = f.decision
        rows.append([f.verdict, f.label, f.document or "", f.message, ACTION_ZH.get(dec.action, "") if dec else "未处理",
                     dec.note if dec else "", dec.created.strftime("%Y-%m-%d %H:%M") if dec else ""])
    return rows


DECISION_HEAD = ["结论", "事项", "文件", "说明", "审核意见", "备注", "时间"]


def export_xlsx(report_json: str, findings: list[Any]) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    from lingtan.checker import to_xlsx

    wb = load_workbook(io.BytesIO(to_xlsx(Report.from_json(report_json))))
    ws = wb.create_sheet("审核意见", 0)
    append_row(ws, DECISION_HEAD)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in decision_rows(findings):
        append_row(ws, row)
    for col, width in zip("ABCDEFG", (12, 18, 36, 70, 10, 40, 18), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_html(report_json: str, findings: list[Any]) -> str:
    from lingtan.checker import to_html

    page = to_html(Report.from_json(report_json))
    e = html.escape
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in decision_rows(findings))
    table = "<h2>审核意见</h2><table><tr>" + "".join(f"<th>{h}</th>" for h in DECISION_HEAD) + f"</tr>{rows}</table>"
    return page.replace("</body>", table + "</body>")
