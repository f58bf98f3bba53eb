"""Report a checked submission: console table, JSON, self-contained print-ready HTML, XLSX.

People read labels, never codes: every code, type, field and status goes through
:func:`checker.labels.label`, citations through :func:`checker.labels.cite` (the source named in
words). Codes stay in the JSON (for programs) and, in HTML, as a small tag beside their label.
The language is the run's (``common.i18n``): Chinese by default, English with ``--lang en``.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

from lingtan.common.excel import append_row, workbook_bytes
from lingtan.common.i18n import _, language
from lingtan.common.names import printable, utf8_text

from .checks import CHECKS, GAP_KINDS
from .figures import view as figures_view
from .labels import cite, field_rows, label
from .model import Document, Gap
from .pipeline import Report

#: gap code → Chinese label (from the registry of checks); kept for programs that map labels back to codes
GAP_ZH = {code: g.label for code, g in GAP_KINDS.items()}


def verdict_text(r: Report) -> str:
    """The one-line conclusion: complete, or how many problems and how many items to verify."""
    if r.complete:
        return _("材料齐全，未发现问题")
    parts = [_("发现 {n} 个问题").format(n=len(r.gaps))] if r.gaps else []
    parts += [_("{n} 项需人工核对").format(n=len(r.to_verify))] if r.to_verify else []
    return _("，").join(parts)


def applicant_name(r: Report) -> str:
    return r.applicant.get("name") or _("未能确定")


def to_json(r: Report) -> str:
    """The report's JSON (the contract: ``Report.to_json`` / ``Report.from_json``), always valid UTF-8."""
    return utf8_text(r.to_json())


def pages_text(pages: tuple[int, int] | list[int] | None) -> str:
    """``3`` or ``3–5`` (empty when the finding is about no page)."""
    if not pages:
        return ""
    return str(pages[0]) if pages[0] == pages[1] else f"{pages[0]}–{pages[1]}"


def requirement_text(required: str, note: str) -> str:
    """必需, or 无法判定/不需要 with why (the note already starts with the word when it says it)."""
    word = label("required", required)
    if not note or required == "必需":
        return word
    return note if note.startswith((required, word)) else _("{word}（{note}）").format(word=word, note=note)


def evidence_text(phrases: list[str]) -> str:
    """What decided a document's type; matched phrases are lower-cased for matching, shown as printed (ISO14064, CCER)."""
    return "；".join(re.sub(r"[a-z][a-z0-9/\-]*", lambda m: m.group(0).upper().replace("MWH", "MWh"), p) for p in phrases)


def _material_names(r: Report) -> dict[str, str]:
    return {m.id: m.name for m in r.materials}


def basis(r: Report, g: Gap) -> str:
    """What shows a finding: the text read on which page, or — for a missing material — what the source asks for."""
    doc = next((d for d in r.documents if d.path == g.document and (g.pages is None or tuple(d.pages) == tuple(g.pages))), None)
    if g.evidence and doc is not None and g.evidence == "；".join(doc.evidence):
        return _("第{pages}页：").format(pages=pages_text(doc.pages)) + evidence_text(doc.evidence)
    if g.evidence:
        return _("第{pages}页读到：“{text}”").format(pages=pages_text(g.pages), text=g.evidence) if g.pages else g.evidence
    if g.document is None:
        m = next((m for m in r.materials if m.id == g.material), None)
        return _("{cite}：“{name}”").format(cite=cite(m.cite), name=m.name) if m else ""
    if doc is None:
        return ""
    ran = [c["check"] for m in r.materials if m.id == g.material for c in m.checks if c["document"] == g.document and c["code"] == g.code]
    reads = [f for c in CHECKS.values() if (c.id in ran if ran else any(k.code == g.code for k in c.gaps)) for f in c.reads]
    seen = [f"{label('field', f)}：“{doc.field_evidence[f]}”" for f in dict.fromkeys(reads) if doc.field_evidence.get(f)]
    shown = dict(field_rows({f: doc.fields[f] for f in reads if f in doc.fields and not doc.field_evidence.get(f)}, known=[r.applicant.get("name") or ""]))
    seen += [f"{k}：{v}" for k, v in shown.items()]
    if seen:
        return _("第{pages}页读到：").format(pages=pages_text(doc.pages)) + "；".join(seen)
    return _("第{pages}页：").format(pages=pages_text(doc.pages)) + evidence_text(doc.evidence) if doc.evidence else ""


def _fields_text(d: Document, r: Report, sep: str = "\n") -> str:
    known = [r.applicant.get("name") or ""]
    return sep.join(f"{k}：{v}" for k, v in field_rows(d.fields, known=known))


# -- console table --------------------------------------------------------------------------------

def to_table(r: Report, width: int = 120, color: bool = False) -> str:
    """The console report: every column wraps (nothing is cut), findings show their pages."""
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system="standard" if color else None, soft_wrap=False, highlight=False)
    p = printable  # names and texts from the submission: no control or bidi character reaches the terminal

    def table(title: str, *columns: tuple[str, int]) -> Table:
        """Columns as (heading, ratio): a ratio of 0 keeps the column as narrow as its content."""
        t = Table(title=title, show_lines=True, title_justify="left", expand=True)
        for c, ratio in columns:
            t.add_column(c, overflow="fold", ratio=ratio or None, no_wrap=not ratio)
        return t

    con.print(_("{scheme}｜申报企业：{name}（{uscc}，来源：{source}）").format(
        scheme=r.scheme_name, name=p(applicant_name(r)), uscc=p(r.applicant.get("uscc") or _("代码未知")),
        source=p(r.applicant["source"])), markup=False, soft_wrap=True)
    con.print(_("检查对象：{root}｜基准日：{as_of}｜文件 {files} 个，识别文档 {docs} 份｜结论：{verdict}").format(
        root=p(r.root), as_of=r.as_of, files=len(r.files), docs=len(r.documents), verdict=verdict_text(r)), markup=False, soft_wrap=True)
    t = table(_("申报材料清单"), (_("材料"), 3), (_("出处"), 2), (_("要求"), 2), (_("状态"), 0), (_("对应文件"), 3))
    for m in r.materials:
        t.add_row(m.name, cite(m.cite), requirement_text(m.required, m.note), label("status", m.status), p("\n".join(m.documents)) or "—")
    con.print(t)
    names = _material_names(r)
    for title, what, gaps in ((_("问题清单"), _("问题"), r.gaps), (_("需人工核对（无法自动核实，请人工查看原件）"), _("事项"), r.to_verify)):
        if gaps:
            g = table(title, ("#", 0), (what, 0), (_("材料"), 2), (_("文件"), 2), (_("页"), 0), (_("说明"), 5))
            for i, gap in enumerate(gaps, 1):
                g.add_row(str(i), label("gap", gap.code), names.get(gap.material or "", ""), p(gap.document or "—"), pages_text(gap.pages), p(gap.message))
            con.print(g)
    d = table(_("文件识别"), (_("文件"), 3), (_("页"), 0), (_("类型"), 2), (_("置信度"), 0), ("OCR", 0))
    for doc in r.documents:
        d.add_row(p(doc.path), pages_text(doc.pages), label("type", doc.type), f"{doc.confidence:.2f}", _("是") if doc.ocr else "")
    con.print(d)
    return buf.getvalue()


# -- HTML -----------------------------------------------------------------------------------------

_CSS = """body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}
.ok{color:#1a7f37}.bad{color:#c00;font-weight:bold}.muted{color:#777}.basis{white-space:pre-wrap;margin:0;font-size:12px;background:#fafafa}
.warn{color:#b35900;font-weight:bold}ul{margin:0;padding-left:16px}dl{margin:0}dt{float:left;clear:left;color:#555}dt::after{content:"："}
dd{margin:0 0 0 8em}code.tag{font-size:10px;color:#999;font-weight:normal;border:1px solid #ddd;border-radius:3px;padding:0 3px}
@media print{@page{size:A4;margin:14mm 12mm}body{margin:0;font-size:11px}table{font-size:10.5px}h2{break-after:avoid}
thead{display:table-header-group}tr{break-inside:avoid}code.tag{display:none}.ok,.bad,.warn{-webkit-print-color-adjust:exact;print-color-adjust:exact}}"""
_CLASS = {"符合": "ok", "问题": "bad", "待人工核对": "warn"}


def _tag(code: str) -> str:
    """A code beside its label: small, grey, not printed."""
    return f" <code class=tag>{html.escape(code)}</code>"


def _head(*columns: str) -> str:
    return "<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr></thead><tbody>"


def to_html(r: Report) -> str:
    """A self-contained, print-ready HTML report: no external files, scripts or fonts; A4 when printed.

    Every text is escaped without its control and bidi characters (a U+202E in a file name cannot turn a name round)."""
    def e(text: str) -> str:
        return html.escape(printable(text))

    lang = language()
    names = _material_names(r)
    verdict = f'<span class="{"ok" if r.complete else "bad"}">{e(verdict_text(r))}</span>'
    heading = _("证明材料检查报告：{name}").format(name=applicant_name(r))
    rows = [f"<h1>{e(heading)}</h1>"]
    rows.append("<p>" + e(_("{scheme}｜统一社会信用代码：{uscc}（{source}）").format(
        scheme=r.scheme_name, uscc=r.applicant.get("uscc") or _("未知"), source=r.applicant["source"])) + "<br>"
        + e(_("检查对象：{root}｜基准日：{as_of}｜结论：").format(root=r.root, as_of=r.as_of)) + verdict + "</p>")
    for title, gaps, cls, empty in ((_("问题清单"), r.gaps, "bad", _("无")), (_("需人工核对"), r.to_verify, "warn", _("无（每项检查都已自动核实）"))):
        rows.append(f"<h2>{e(title)}</h2>")
        if not gaps:
            rows.append(f"<p class='ok'>{e(empty)}</p>")
            continue
        rows.append(_head("#", _("事项"), _("材料"), _("文件"), _("页"), _("说明"), _("依据文本")))
        for i, g in enumerate(gaps, 1):
            rows.append(f"<tr><td>{i}</td><td class='{cls}'>{e(label('gap', g.code))}{_tag(g.code)}</td><td>{e(names.get(g.material or '', ''))}</td>"
                        f"<td>{e(g.document or '—')}</td><td>{pages_text(g.pages)}</td><td>{e(g.message)}</td>"
                        f"<td><div class=basis>{e(basis(r, g))}</div></td></tr>")
        rows.append("</tbody></table>")
    rows.append(figures_view.html(r.comparisons))
    rows.append("<h2>" + e(_("申报材料清单")) + "</h2>" + _head(_("材料"), _("出处"), _("要求"), _("状态"), _("对应文件"), _("逐项核对")))
    for m in r.materials:
        cls = {"ok": "ok", "missing": "bad", "problem": "bad", "verify": "warn"}.get(m.status, "muted")
        where = _("{document} 第{pages}页")
        checks = "".join(
            f"<li class='{_CLASS[c['verdict']]}'>{e(_check_label(c['check'], c['label'], lang))}：{e(label('verdict', c['verdict']))}——{e(c['reason'])}"
            f"<span class=muted>（{e(where.format(document=c['document'], pages=pages_text(c['pages'])))}）</span></li>"
            for c in m.checks)
        rows.append(f"<tr><td>{e(m.name)}</td><td>{e(cite(m.cite))}</td>"
                    f"<td>{e(requirement_text(m.required, m.note))}</td>"
                    f"<td class='{cls}'>{e(label('status', m.status))}</td><td>{'<br>'.join(e(x) for x in m.documents) or '—'}</td>"
                    f"<td>{'<ul>' + checks + '</ul>' if checks else '—'}</td></tr>")
    rows.append("</tbody></table><h2>" + e(_("文件识别")) + "</h2>" + _head(_("文件"), _("页"), _("类型"), _("置信度"), "OCR", _("识别依据"), _("读到的信息")))
    yes = e(_("是"))
    for d in r.documents:
        known = [r.applicant.get("name") or ""]
        fields = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in field_rows(d.fields, known=known))
        rows.append(f"<tr><td>{e(d.path)}</td><td>{pages_text(d.pages)}</td><td>{e(label('type', d.type))}{_tag(d.type)}</td>"
                    f"<td>{d.confidence:.2f}</td><td>{yes if d.ocr else ''}</td><td>{e(evidence_text(d.evidence))}</td>"
                    f"<td>{'<dl>' + fields + '</dl>' if fields else '—'}</td></tr>")
    rows.append("</tbody></table>")
    if r.skipped:
        rows.append("<h2>" + e(_("已忽略的系统文件")) + "</h2><ul>" + "".join(f"<li>{e(p)}：{e(why)}</li>" for p, why in r.skipped) + "</ul>")
    body = "\n".join(rows)
    html_lang = "en" if lang == "en" else "zh-CN"
    title = e(_("证明材料检查报告"))
    return utf8_text(f"<!DOCTYPE html><html lang='{html_lang}'><head><meta charset='utf-8'><title>{title}</title><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>")


def _check_label(check_id: str, zh: str, lang: str) -> str:
    c = CHECKS.get(check_id)
    return (c.label_en if lang == "en" else c.label) if c else zh


# -- XLSX -----------------------------------------------------------------------------------------

def to_xlsx(r: Report) -> bytes:
    """A workbook for officials: 问题清单, 需人工核对, 材料清单, 逐项核对, 文件识别 sheets, filterable; labels only, no codes."""
    from openpyxl import Workbook

    lang = language()
    names = _material_names(r)
    wb = Workbook()
    ws = wb.active
    ws.title = _("问题清单")
    for sheet, gaps in ((ws, r.gaps), (wb.create_sheet(_("需人工核对")), r.to_verify)):
        _sheet(sheet, [_("企业"), _("统一社会信用代码"), _("问题"), _("材料"), _("文件"), _("页"), _("说明"), _("依据文本")], [
            [applicant_name(r), r.applicant.get("uscc") or "", label("gap", g.code), names.get(g.material or "", ""), g.document or "",
             pages_text(g.pages), g.message, basis(r, g)] for g in gaps
        ], (28, 22, 16, 28, 36, 8, 70, 60))
    _sheet(wb.create_sheet(_("材料清单")), [_("材料"), _("出处"), _("要求"), _("状态"), _("对应文件")], [
        [m.name, cite(m.cite), requirement_text(m.required, m.note), label("status", m.status), "；".join(m.documents)] for m in r.materials
    ], (40, 28, 10, 12, 60))
    _sheet(wb.create_sheet(_("逐项核对")), [_("材料"), _("检查"), _("结果"), _("说明"), _("文件"), _("页"), _("依据文本")], [
        [m.name, _check_label(c["check"], c["label"], lang), label("verdict", c["verdict"]), c["reason"], c["document"], pages_text(c["pages"]), c["evidence"]]
        for m in r.materials for c in m.checks
    ], (36, 24, 12, 60, 36, 8, 60))
    _sheet(wb.create_sheet(_("文件识别")), [_("文件"), _("起始页"), _("结束页"), _("类型"), _("置信度"), "OCR", _("读到的信息")], [
        [d.path, d.pages[0], d.pages[1], label("type", d.type), d.confidence, _("是") if d.ocr else "", _fields_text(d, r)] for d in r.documents
    ], (40, 8, 8, 28, 8, 6, 70))
    _sheet(wb.create_sheet(figures_view.sheet_name()), *figures_view.xlsx_rows(r.comparisons), (28, 8, 14, 14, 12, 8, 10, 36, 8, 70, 60))
    return workbook_bytes(wb, r.applicant.get("name") or None)


def _sheet(ws: Any, header: list[str], rows: list[list[Any]], widths: tuple[int, ...]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    append_row(ws, header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        append_row(ws, row)
        for c in ws[ws.max_row]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
