"""The summaries of a batch: ``OUT/检查汇总.xlsx`` (sheets 汇总 and 问题明细), ``OUT/检查汇总.json``
and the lines ``lingtan check-batch`` prints at the end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lingtan.common.excel import excel_text, finish_sheet, workbook_bytes

from .records import REPORTS_DIR, SUMMARY_JSON, SUMMARY_XLSX, BatchResult, Outcome

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
    ws.title = "汇总"
    header = [*SUMMARY_HEAD, *(label("gap", c) for c in codes), *SUMMARY_TAIL]
    ws.append(header)
    for n, o in enumerate(res.outcomes, 1):
        counts = o.gap_counts()
        ws.append([excel_text(v) for v in (
            n, o.name, o.enterprise or "", o.uscc or "", o.applicant_source or "", ("是" if o.complete else "否") if o.ok else "否",
            o.problems if o.ok else None, o.to_verify if o.ok else None, *((counts.get(c, 0) if o.ok else None) for c in codes),
            o.files or None, o.pages or None, o.ocr_pages if o.ok else None, o.seconds,
            f"{REPORTS_DIR}/{o.name}.html" if o.ok else "", o.error or "",
        )])
    widths = [6, 30, 34, 22, 26, 9, 8, 10] + [9] * len(codes) + [8, 8, 9, 10, 36, 60]
    finish_sheet(ws, widths, autofilter=True)
    for col in range(len(SUMMARY_HEAD) + 1, len(SUMMARY_HEAD) + len(codes) + 1):
        ws.cell(1, col).alignment = Alignment(wrap_text=True)
    wd = wb.create_sheet("问题明细")
    wd.append(list(DETAIL_HEAD))
    for o in res.outcomes:
        for g in o.gaps:
            wd.append([excel_text(v) for v in (o.name, o.enterprise or "", g.get("verdict", "问题"), label("gap", g["code"]),
                                                g["material"] or "", g["document"] or "", g["pages"], g["message"])])
    finish_sheet(wd, [30, 34, 12, 16, 28, 48, 8, 90], autofilter=True)
    return workbook_bytes(wb)


def summary_dict(res: BatchResult, settings: dict[str, Any]) -> dict[str, Any]:
    """OUT/检查汇总.json: the settings, the counts, every submission's outcome (without the report texts)."""
    subs = []
    for o in res.outcomes:
        d = o.small()
        d["gap_counts"] = dict(o.gap_counts())
        d["report_json"] = f"{REPORTS_DIR}/{o.name}.json" if o.ok else None
        d["report_html"] = f"{REPORTS_DIR}/{o.name}.html" if o.ok else None
        d["path"] = res.submissions[o.index].path
        subs.append(d)
    return {
        "lingtan_check_batch": 1,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "root": str(res.root),
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
    lines = [f"批量检查{'已中断' if res.interrupted else '完成'}：{res.root} → {res.out}（方案：{res.scheme_name}；"
             f"共 {n} 份材料，用时 {res.seconds:.1f} 秒）"]
    if res.cached:
        lines.append(f"跳过 {len(res.cached)} 份未变化的材料（沿用上次的检查结果）")
    lines.append(f"材料齐全 {len(res.complete)} 份，发现问题 {len(res.with_gaps) - len(res.only_to_verify)} 份，"
                 f"无问题但需人工核对 {len(res.only_to_verify)} 份，检查失败 {len(res.failed)} 份"
                 + (f"，未完成 {len(res.not_done)} 份" if res.not_done else ""))
    if res.failed:
        lines.append("检查失败：")
        for o in res.failed:
            lines.append(f"  - {o.name}：{(o.error or '').replace(chr(10), chr(10) + '      ')}")
    if res.ignored:
        lines.append("未检查的条目：")
        lines += [f"  - {name}：{why}" for name, why in res.ignored]
    lines.append("输出：")
    lines.append(f"  {REPORTS_DIR}/（每份材料一份 .json 和 .html 报告）")
    lines.append(f"  {SUMMARY_XLSX}")
    lines.append(f"  {SUMMARY_JSON}")
    return lines
