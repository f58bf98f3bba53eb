"""The 申报数据与证明材料对照 table in the reports: declared figure, evidence figure, difference, verdict, page.

``report.py`` calls :func:`html` and :func:`xlsx_rows`; the JSON report carries the rows as they are
(``comparisons``)."""

from __future__ import annotations

import html as _html
from typing import Any

from lingtan.common.i18n import language, pick

from ..model import ComparisonRow

TITLE = ("申报数据与证明材料对照", "Declared figures against the evidence")
SHEET = ("申报数据对照", "Declared vs evidence")
HEADER = (["项目", "年度", "申报数据", "证明材料数据", "差额", "单位", "结论", "文件", "页", "说明", "依据文本"],
          ["Item", "Year", "Declared", "Evidence", "Difference", "Unit", "Verdict", "File", "Page", "Explanation", "Text read"])
EMPTY = ("材料中没有可与申报数据对照的数据（温室气体核查报告、绿证、能源审计报告等）",
         "No document gives a figure to compare with the declared data (GHG verification reports, green certificates, energy audits …)")
VERDICT = {"符合": "Compliant", "问题": "Problem", "待人工核对": "To verify", "仅供参考": "For information"}
_CLASS = {"符合": "ok", "问题": "bad", "待人工核对": "warn", "仅供参考": "muted"}


def _t(pair: tuple[Any, Any]) -> Any:
    return pick(pair[0], pair[1], language())


def sheet_name() -> str:
    """The workbook sheet's name in the run's language."""
    return str(_t(SHEET))


def _num(v: Any, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "%":
        return f"{v * 100:.1f}%"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def cells(row: ComparisonRow) -> list[Any]:
    """One row of the table as shown (the first source's file and page; all sources' texts)."""
    srcs = row.sources
    files = "；".join(dict.fromkeys(s.document for s in srcs)) or "—"
    pages = "、".join(str(s.page) for s in srcs if s.page) or ""
    diff = row.difference
    lab = row.label if language() != "en" else row.label_en or row.label
    verdict = row.verdict if language() != "en" else VERDICT.get(row.verdict, row.verdict)
    return [lab, row.year or "", _num(row.declared, row.unit), _num(row.evidence, row.unit),
            "" if diff is None else (f"{diff * 100:+.1f}%" if row.unit == "%" else f"{diff:+,.2f}".rstrip("0").rstrip(".")),
            "" if row.unit == "%" else row.unit, verdict, files, pages, row.reason,
            "\n".join(s.text for s in srcs)]


def html(rows: list[ComparisonRow]) -> str:
    """The section of the HTML report (a note when no document gives a figure to compare)."""
    e = _html.escape
    out = [f"<h2>{e(_t(TITLE))}</h2>"]
    if not rows:
        out.append(f"<p class='muted'>{e(_t(EMPTY))}</p>")
        return "\n".join(out)
    out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in _t(HEADER)) + "</tr>")
    for row in rows:
        c = cells(row)
        tds = [f"<td>{e(str(x))}</td>" for x in c[:6]]
        tds.append(f"<td class='{_CLASS.get(row.verdict, '')}'>{e(c[6])}</td>")
        tds += [f"<td>{e(str(c[7]))}</td>", f"<td>{e(str(c[8]))}</td>", f"<td>{e(c[9])}</td>", f"<td><pre>{e(c[10])}</pre></td>"]
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def xlsx_rows(rows: list[ComparisonRow]) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of the workbook's 申报数据对照 sheet (numbers stay numbers, so officials can filter and sum)."""
    out = []
    for row in rows:
        c = cells(row)
        out.append([c[0], c[1], row.declared, row.evidence, row.difference, c[5], c[6], c[7], c[8], c[9], c[10]])
    return list(_t(HEADER)), out
