"""The summaries of a batch: ``OUT/检查汇总.xlsx`` (sheets 汇总 and 问题明细), ``OUT/检查汇总.json``
and the lines ``lingtan check-batch`` prints at the end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lingtan.common.excel import append_row, finish_sheet, workbook_bytes
from lingtan.common.i18n import _
from lingtan.common.names import display_name, printable

from .records import REPORTS_DIR, SUMMARY_JSON, SUMMARY_XLSX, BatchResult, Outcome, report_file

SUMMARY_HEAD = ("序号", "材料包", "企业名称", "统一社会信用代码", "企业信息来源", "材料齐全", "问题数", "需人工核对数")
SUMMARY_TAIL = ("文件数", "页数", "OCR 页数", "用时（秒）", "报告", "错误")
DETAIL_HEAD = ("材料包", "企业名称", "类别", "问题", "材料", "文件", "页", "说明")


def _gap_codes(outcomes: list[Outcome]) -> list[str]:
    from ..checks import GAP_KINDS

    seen = {g["code"] for o in outcomes for g in o.gaps}
    return list(GAP_KINDS) + sorted(seen - set(GAP_KINDS))


def summary_workbook(res: BatchResult) -> bytes:
    """OUT/检查汇总.xlsx: 汇总 (one row per submission) and 问题明细 (one row per gap)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from ..labels import label

    codes = _gap_codes(res.outcomes)
    wb = Workbook()
    ws = wb.active
    ws.title = _("汇总")
    header = [*map(_, SUMMARY_HEAD), *(label("gap", c) for c in codes), *map(_, SUMMARY_TAIL)]
    append_row(ws, header)
    for n, o in enumerate(res.outcomes, 1):
        counts = o.gap_counts()
        append_row(ws, (
            n, o.name, o.enterprise or "", o.uscc or "", o.applicant_source or "", _("是") if o.ok and o.complete else _("否"),
            o.problems if o.ok else None, o.to_verify if o.ok else None, *((counts.get(c, 0) if o.ok else None) for c in codes),
            o.files or None, o.pages or None, o.ocr_pages if o.ok else None, o.seconds,
            f"{REPORTS_DIR}/{report_file(o.name, '.html')}" if o.ok else "", o.error or "",
        ))
    widths = [6, 30, 34, 22, 26, 9, 8, 10] + [9] * len(codes) + [8, 8, 9, 10, 36, 60]
    finish_sheet(ws, widths, autofilter=True)
    for col in range(len(SUMMARY_HEAD) + 1, len(SUMMARY_HEAD) + len(codes) + 1):
        ws.cell(1, col).alignment = Alignment(wrap_text=True)
    wd = wb.create_sheet(_("问题明细"))
    append_row(wd, [_(h) for h in DETAIL_HEAD])
    for o in res.outcomes:
        for g in o.gaps:
            append_row(wd, (o.name, o.enterprise or "", label("verdict", g.get("verdict", "问题")), label("gap", g["code"]),
                            g["material"] or "", g["document"] or "", g["pages"], g["message"]))
    finish_sheet(wd, [30, 34, 12, 16, 28, 48, 8, 90], autofilter=True)
    return workbook_bytes(wb)


def summary_dict(res: BatchResult, settings: dict[str, Any]) -> dict[str, Any]:
    """OUT/检查汇总.json: the settings, the counts, every submission's outcome (without the report texts)."""
    subs = []
    for o in res.outcomes:
        d = o.small()
        d["gap_counts"] = dict(o.gap_counts())
        d["report_json"] = f"{REPORTS_DIR}/{report_file(o.name, '.json')}" if o.ok else None
        d["report_html"] = f"{REPORTS_DIR}/{report_file(o.name, '.html')}" if o.ok else None
        d["path"] = display_name(res.submissions[o.index].path)
        subs.append(d)
    return {
        "lingtan_check_batch": 1,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "root": display_name(str(res.root)),
        "scheme": {"id": res.scheme_id, "name": res.scheme_name},
        "as_of": res.as_of.isoformat(),
        "settings": settings,
        "interrupted": res.interrupted,
        "counts": {
            "total": len(res.submissions), "done": len(res.outcomes), "complete": len(res.complete),
            "with_gaps": len(res.with_gaps), "only_to_verify": len(res.only_to_verify), "failed": len(res.failed),
            "cached": len(res.cached), "not_done": len(res.not_done),
        },
        "seconds": round(res.seconds, 2),
        "summary_xlsx": SUMMARY_XLSX,
        "ignored": [{"entry": n, "reason": why} for n, why in res.ignored],
        "not_done": [s.name for s in res.not_done],
        "submissions": subs,
    }


def summary_lines(res: BatchResult) -> list[str]:
    """What ``lingtan check-batch`` prints at the end (Chinese)."""
    n = len(res.submissions)
    head = _("批量检查已中断：{root} → {out}（方案：{scheme}；共 {n} 份材料，用时 {seconds:.1f} 秒）") if res.interrupted else \
        _("批量检查完成：{root} → {out}（方案：{scheme}；共 {n} 份材料，用时 {seconds:.1f} 秒）")
    lines = [head.format(root=printable(str(res.root)), out=printable(str(res.out)), scheme=res.scheme_name, n=n, seconds=res.seconds)]
    if res.cached:
        lines.append(_("跳过 {n} 份未变化的材料（沿用上次的检查结果）").format(n=len(res.cached)))
    lines.append(_("材料齐全 {complete} 份，发现问题 {gaps} 份，无问题但需人工核对 {verify} 份，检查失败 {failed} 份").format(
        complete=len(res.complete), gaps=len(res.with_gaps) - len(res.only_to_verify), verify=len(res.only_to_verify), failed=len(res.failed))
                 + (_("，未完成 {n} 份").format(n=len(res.not_done)) if res.not_done else ""))
    if res.failed:
        lines.append(_("检查失败："))
        for o in res.failed:
            lines.append(f"  - {o.name}：{printable(o.error or '').replace(chr(10), chr(10) + '      ')}")
    if res.ignored:
        lines.append(_("未检查的条目："))
        lines += [f"  - {name}：{why}" for name, why in res.ignored]
    lines.append(_("输出："))
    lines.append("  " + _("{folder}/（每份材料一份 .json 和 .html 报告）").format(folder=REPORTS_DIR))
    lines.append(f"  {SUMMARY_XLSX}")
    lines.append(f"  {SUMMARY_JSON}")
    return lines
