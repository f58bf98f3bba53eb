"""A stored report (the checker's JSON) back as the checker's :class:`Report`, so the checker's own
writers make the XLSX and HTML exports; the reviewer's decisions are added to both."""

from __future__ import annotations

import html
import io
import json
from typing import Any

from lingtan.checker.check import MaterialResult
from lingtan.checker.model import Document, Gap
from lingtan.checker.pipeline import FileSummary, Report

#: a material's status (the checker's) → the three verdicts shown to reviewers
MATERIAL_STATE = {"ok": "符合", "missing": "问题", "problem": "问题", "verify": "待人工核对", "unknown": "待人工核对", "not_required": "不需要"}
ACTION_ZH = {"confirm": "已确认", "dismiss": "已驳回"}


def _pages(v: Any) -> tuple[int, int] | None:
    return (int(v[0]), int(v[1])) if v else None


def report_from_json(text: str) -> Report:
    d = json.loads(text)
    gap = lambda g: Gap(**{**g, "pages": _pages(g.get("pages"))})  # noqa: E731
    docs = [Document(**{**x, "pages": _pages(x["pages"]), "also": [tuple(a) for a in x.get("also", [])]}) for x in d["documents"]]
    return Report(
        scheme=d["scheme"], scheme_name=d["scheme_name"], root=d["root"], as_of=d["as_of"], applicant=d["applicant"], complete=d["complete"],
        documents=docs, gaps=[gap(g) for g in d["gaps"]], materials=[MaterialResult(**m) for m in d["materials"]],
        files=[FileSummary(**f) for f in d["files"]], skipped=[tuple(x) for x in d.get("skipped", [])], seconds=d.get("seconds", 0.0),
        to_verify=[gap(g) for g in d.get("to_verify", [])],
    )


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

    from lingtan.checker.report import to_xlsx

    wb = load_workbook(io.BytesIO(to_xlsx(report_from_json(report_json))))
    ws = wb.create_sheet("审核意见", 0)
    ws.append(DECISION_HEAD)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in decision_rows(findings):
        ws.append(row)
    for col, width in zip("ABCDEFG", (12, 18, 36, 70, 10, 40, 18), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_html(report_json: str, findings: list[Any]) -> str:
    from lingtan.checker.report import to_html

    page = to_html(report_from_json(report_json))
    e = html.escape
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in decision_rows(findings))
    table = "<h2>审核意见</h2><table><tr>" + "".join(f"<th>{h}</th>" for h in DECISION_HEAD) + f"</tr>{rows}</table>"
    return page.replace("</body>", table + "</body>")
