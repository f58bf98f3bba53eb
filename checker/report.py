"""Report a checked submission: Chinese console table, JSON, self-contained HTML, XLSX."""

from __future__ import annotations

import html
import io
import json
from typing import Any

from .checks import GAP_KINDS
from .doctypes import type_name
from .pipeline import Report

#: gap code → Chinese label (from the registry of checks)
GAP_ZH = {code: g.label for code, g in GAP_KINDS.items()}
STATUS_ZH = {"ok": "齐全", "missing": "缺少", "problem": "有问题", "verify": "需人工核对", "not_required": "不需要", "unknown": "无法判定"}


def verdict_text(r: Report) -> str:
    """The one-line conclusion: complete, or how many problems and how many items to verify."""
    if r.complete:
        return "材料齐全，未发现问题"
    parts = [f"发现 {len(r.gaps)} 个问题"] if r.gaps else []
    parts += [f"{len(r.to_verify)} 项需人工核对"] if r.to_verify else []
    return "，".join(parts)


def applicant_name(r: Report) -> str:
    return r.applicant.get("name") or "未能确定"


def to_json(r: Report) -> str:
    return json.dumps(r.to_dict(), ensure_ascii=False, indent=2, default=str)


def to_table(r: Report, width: int = 120, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system="standard" if color else None, soft_wrap=True)
    verdict = verdict_text(r)
    con.print(f"{r.scheme_name}｜申报企业：{applicant_name(r)}（{r.applicant.get('uscc') or '代码未知'}，来源：{r.applicant['source']}）", markup=False)
    con.print(f"检查对象：{r.root}｜基准日：{r.as_of}｜文件 {len(r.files)} 个，识别文档 {len(r.documents)} 份｜结论：{verdict}", markup=False)
    t = Table(title="申报材料清单", show_lines=False)
    for c in ("材料", "出处", "要求", "状态", "对应文件"):
        t.add_column(c)
    for m in r.materials:
        t.add_row(m.name, m.cite, m.required + (f"（{m.note}）" if m.note and m.required != "必需" else ""), STATUS_ZH[m.status], "\n".join(m.documents) or "—")
    con.print(t)
    for title, what, gaps in (("问题清单", "问题", r.gaps), ("需人工核对（无法自动核实，请人工查看原件）", "事项", r.to_verify)):
        if gaps:
            g = Table(title=title)
            for c in ("#", what, "文件", "说明"):
                g.add_column(c)
            for i, gap in enumerate(gaps, 1):
                g.add_row(str(i), GAP_ZH.get(gap.code, gap.code), gap.document or "—", gap.message)
            con.print(g)
    d = Table(title="文件识别")
    for c in ("文件", "页", "类型", "置信度", "OCR"):
        d.add_column(c)
    for doc in r.documents:
        d.add_row(doc.path, f"{doc.pages[0]}–{doc.pages[1]}", type_name(doc.type), f"{doc.confidence:.2f}", "是" if doc.ocr else "")
    con.print(d)
    return buf.getvalue()


_CSS = """body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}
.ok{color:#1a7f37}.bad{color:#c00;font-weight:bold}.muted{color:#777}pre{white-space:pre-wrap;margin:0;font-size:12px;background:#fafafa}
.warn{color:#b35900;font-weight:bold}ul{margin:0;padding-left:16px}details summary{cursor:pointer}"""
VERDICT_CLASS = {"符合": "ok", "问题": "bad", "待人工核对": "warn"}


def to_html(r: Report) -> str:
    """A self-contained HTML report: no external files, scripts or fonts."""
    e = html.escape
    verdict = f'<span class="{"ok" if r.complete else "bad"}">{e(verdict_text(r))}</span>'
    rows = []
    rows.append(f"<h1>证明材料检查报告：{e(applicant_name(r))}</h1>")
    rows.append(f"<p>{e(r.scheme_name)}｜统一社会信用代码：{e(r.applicant.get('uscc') or '未知')}（{e(r.applicant['source'])}）<br>"
                f"检查对象：{e(r.root)}｜基准日：{e(r.as_of)}｜结论：{verdict}</p>")
    for title, gaps, cls, empty in (("问题清单", r.gaps, "bad", "无"), ("需人工核对", r.to_verify, "warn", "无（每项检查都已自动核实）")):
        rows.append(f"<h2>{title}</h2>")
        if not gaps:
            rows.append(f"<p class='ok'>{empty}</p>")
            continue
        rows.append("<table><tr><th>#</th><th>事项</th><th>文件</th><th>页</th><th>说明</th><th>依据文本</th></tr>")
        for i, g in enumerate(gaps, 1):
            pages = f"{g.pages[0]}–{g.pages[1]}" if g.pages else ""
            rows.append(f"<tr><td>{i}</td><td class='{cls}'>{e(GAP_ZH.get(g.code, g.code))}<br><span class='muted'>{e(g.code)}</span></td>"
                        f"<td>{e(g.document or '—')}</td><td>{pages}</td><td>{e(g.message)}</td><td><pre>{e(g.evidence)}</pre></td></tr>")
        rows.append("</table>")
    rows.append("<h2>申报材料清单</h2><table><tr><th>材料</th><th>出处</th><th>要求</th><th>状态</th><th>对应文件</th><th>逐项核对</th></tr>")
    for m in r.materials:
        cls = {"ok": "ok", "missing": "bad", "problem": "bad", "verify": "warn"}.get(m.status, "muted")
        checks = "".join(f"<li class='{VERDICT_CLASS[c['verdict']]}'>{e(c['label'])}：{e(c['verdict'])}——{e(c['reason'])}"
                         f"<span class=muted>（{e(c['document'])} 第{c['pages'][0]}–{c['pages'][1]}页）</span></li>" for c in m.checks)
        rows.append(f"<tr><td>{e(m.name)}</td><td>{e(m.cite)}</td>"
                    f"<td>{e(m.required)}{('<br><span class=muted>' + e(m.note) + '</span>') if m.note else ''}</td>"
                    f"<td class='{cls}'>{STATUS_ZH[m.status]}</td><td>{'<br>'.join(e(x) for x in m.documents) or '—'}</td>"
                    f"<td>{'<ul>' + checks + '</ul>' if checks else '—'}</td></tr>")
    rows.append("</table><h2>文件识别</h2><table><tr><th>文件</th><th>页</th><th>类型</th><th>置信度</th><th>OCR</th><th>识别依据与字段</th></tr>")
    for d in r.documents:
        fields = "\n".join(f"{k}：{v}" for k, v in d.fields.items() if k not in ("uscc_all",))
        ev = "\n".join(f"{k} ← {v}" for k, v in d.field_evidence.items())
        rows.append(f"<tr><td>{e(d.path)}</td><td>{d.pages[0]}–{d.pages[1]}</td><td>{e(type_name(d.type))}<br><span class=muted>{e(d.type)}</span></td>"
                    f"<td>{d.confidence:.2f}</td><td>{'是' if d.ocr else ''}</td><td><details><summary>{e('；'.join(d.evidence))}</summary>"
                    f"<pre>{e(fields)}</pre><pre class=muted>{e(ev)}</pre></details></td></tr>")
    rows.append("</table>")
    if r.skipped:
        rows.append("<h2>已忽略的系统文件</h2><ul>" + "".join(f"<li>{e(p)}：{e(why)}</li>" for p, why in r.skipped) + "</ul>")
    body = "\n".join(rows)
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>证明材料检查报告</title><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>")


def to_xlsx(r: Report) -> bytes:
    """A workbook for officials: 问题清单, 需人工核对, 材料清单, 逐项核对, 文件识别 sheets, filterable."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    for sheet, gaps in ((ws, r.gaps), (wb.create_sheet("需人工核对"), r.to_verify)):
        _sheet(sheet, ["企业", "统一社会信用代码", "问题代码", "问题", "材料", "文件", "页", "说明"], [
            [applicant_name(r), r.applicant.get("uscc") or "", g.code, GAP_ZH.get(g.code, g.code), g.material or "", g.document or "",
             f"{g.pages[0]}-{g.pages[1]}" if g.pages else "", g.message] for g in gaps
        ], Font)
    _sheet(wb.create_sheet("材料清单"), ["材料", "出处", "要求", "状态", "对应文件"], [
        [m.name, m.cite, m.required, STATUS_ZH[m.status], "；".join(m.documents)] for m in r.materials
    ], Font)
    _sheet(wb.create_sheet("逐项核对"), ["材料", "检查", "结果", "说明", "文件", "页", "依据文本", ""], [
        [m.name, c["label"], c["verdict"], c["reason"], c["document"], f"{c['pages'][0]}-{c['pages'][1]}", c["evidence"], ""]
        for m in r.materials for c in m.checks
    ], Font)
    _sheet(wb.create_sheet("文件识别"), ["文件", "起始页", "结束页", "类型", "类型代码", "置信度", "OCR", "字段"], [
        [d.path, d.pages[0], d.pages[1], type_name(d.type), d.type, d.confidence, "是" if d.ocr else "",
         json.dumps({k: v for k, v in d.fields.items() if k != "uscc_all"}, ensure_ascii=False, default=str)] for d in r.documents
    ], Font)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(ws: Any, header: list[str], rows: list[list[Any]], Font: Any) -> None:
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGH", (28, 22, 16, 14, 18, 36, 8, 70), strict=True):
        ws.column_dimensions[col].width = width
