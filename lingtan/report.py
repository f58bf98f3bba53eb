"""Console renderings of an assessment: the item-by-item Chinese table and JSON."""

from __future__ import annotations

from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from lingtan.assessment import METHOD_ZH, REQUIREMENT_ZH, STATUS_ZH, VERDICT_ZH, Assessment, fmt_points, fmt_value
from lingtan.common import _, cite_text, json_text, language

GROUP_ZH = {"basic": "基本条件", "veto": "否决项", "exclusion": "不得申报情形"}


def _console(width: int | None, color: bool) -> tuple[Console, StringIO]:
    buf = StringIO()
    con = Console(
        file=buf, width=width or 120, force_terminal=color, color_system="standard" if color else None, highlight=False, soft_wrap=True, markup=False
    )
    return con, buf


def render_table(a: Assessment, *, width: int | None = None, color: bool = False, verbose: bool = False) -> str:
    """The full report: conditions, indicators, totals, thresholds and verdict."""
    con, buf = _console(width, color)
    con.print(Text(_("{scheme}（{level}）评价结果").format(scheme=a.scheme_name, level=a.level_name), style="bold"))
    con.print(_("企业：{name}    统一社会信用代码：{uscc}    评价基准日：{as_of}").format(name=a.enterprise, uscc=a.uscc, as_of=a.as_of))
    con.print()

    t = Table(title=_("一、基本条件与否决项"), show_lines=True, title_justify="left")
    columns: list[tuple[str, dict[str, Any]]] = [
        (_("序号"), {"no_wrap": True}), (_("类型"), {"no_wrap": True}), (_("名称"), {}),
        (_("具体要求（原文）"), {"ratio": 3}), (_("结论"), {"no_wrap": True}), (_("依据与说明"), {"ratio": 2}),
    ]
    for col, kw in columns:
        t.add_column(col, overflow="fold", **kw)
    for c in a.conditions:
        style = {"met": "green", "not_met": "red", "not_applicable": "yellow"}[c.status]
        facts = "；".join(f"{k}：{v}" for k, v in c.facts.items())
        detail = c.reason + (f"（{facts}）" if facts and c.status != "not_met" else "")
        if c.evidence:
            detail += "\n" + _("证明材料：") + "、".join(c.evidence)
        if verbose:
            detail += "\n" + _("出处：") + cite_text(c.cite, language())
        t.add_row(c.id, _(GROUP_ZH.get(c.group, c.group)), c.name, c.text, Text(_(STATUS_ZH[c.status]), style=style), detail)
    con.print(t)

    if a.indicators:
        if a.indicators_note:
            con.print(Text(_("注意：") + a.indicators_note + (a.indicators_hint or ""), style="yellow"))
        t = Table(title=_("二、评价指标逐项得分"), show_lines=True, title_justify="left")
        columns = [
            (_("序号"), {"no_wrap": True}), (_("类别"), {}), (_("指标"), {"ratio": 2}), (_("类型"), {"no_wrap": True}),
            (_("分值"), {"justify": "right"}), (_("得分"), {"justify": "right"}), (_("得分方式"), {"no_wrap": True}), (_("计算过程"), {"ratio": 3}),
        ]
        for col, kw in columns:
            t.add_column(col, overflow="fold", **kw)
        cat_names = {c.id: c.name for c in a.categories}
        for r in a.indicators:
            req = _(REQUIREMENT_ZH[r.requirement])
            if r.requirement == "required":
                req += "✓" if r.met else "✗"
            score_style = "green" if r.points >= r.max_points - 1e-9 else ("red" if r.points == 0 else "yellow")
            detail = r.derivation + ("\n" + _("注：") + r.note if r.note else "")
            if verbose:
                detail += "\n" + _("出处：") + cite_text(r.cite, language())
                if r.trace:
                    detail += "\n" + _("读取数据：") + "；".join(f"{k} = {fmt_value(v)}" for k, v in r.trace.items())
            name = r.name if not verbose else f"{r.name}\n{r.text}"
            points = Text(fmt_points(r.points), style=score_style)
            t.add_row(r.id, cat_names.get(r.category, r.category), name, req, fmt_points(r.max_points), points, _(METHOD_ZH[r.method]), detail)
        con.print(t)

        t = Table(title=_("三、分类与合计"), title_justify="left")
        for i, col in enumerate(("部分", "类别", "权重", "原始得分", "类别满分（按原文）", "类别得分", "加权得分")):
            t.add_column(_(col), overflow="fold", justify="right" if i > 1 else "left")
        sec_names = {s.id: s.name for s in a.sections}
        for cat in a.categories:
            weight = "—" if cat.weight is None else f"{cat.weight * 100:g}%"
            t.add_row(
                sec_names.get(cat.section, cat.section), cat.name, weight,
                fmt_points(cat.raw), fmt_points(cat.max_raw), fmt_points(cat.score), fmt_points(cat.weighted),
            )
        for s in a.sections:
            t.add_row(Text(s.name, style="bold"), _("小计"), "", "", "", "", Text(f"{fmt_points(s.total)} / {fmt_points(s.max_points)}", style="bold"))
        con.print(t)
        con.print(Text(_("总分：") + f"{fmt_points(a.total or 0)} / {fmt_points(a.max_total or 0)}", style="bold"))
    elif a.indicators_note:
        con.print(Text(_("二、评价指标：") + a.indicators_note + (a.indicators_hint or ""), style="yellow"))

    if a.thresholds:
        con.print()
        t = Table(title=_("四、确认标准"), title_justify="left", show_lines=True)
        for col in (_("标准"), _("原文"), _("结论"), _("说明")):
            t.add_column(col, overflow="fold")
        for th in a.thresholds:
            t.add_row(th.name, th.text, Text(_("满足") if th.passed else _("不满足"), style="green" if th.passed else "red"), th.reason)
        con.print(t)

    con.print()
    style = {"eligible": "bold green", "not_eligible": "bold red", "undetermined": "bold yellow"}[a.verdict.status]
    con.print(Text(_("结论：") + _(VERDICT_ZH[a.verdict.status]), style=style))
    for i, reason in enumerate(a.verdict.reasons, 1):
        con.print(f"  {i}. {reason}")
    if a.warnings:
        con.print()
        con.print(Text(_("提示："), style="yellow"))
        for w in a.warnings:
            con.print(f"  - {w}")
    return buf.getvalue()


def render_summary_line(path: str, a: Assessment) -> str:
    total = "—" if a.total is None else f"{fmt_points(a.total)}/{fmt_points(a.max_total or 0)}"
    return f"{path}\t{a.scheme}/{a.level}\t{a.enterprise}\t" + _("得分 {total}").format(total=total) + "\t" + _(VERDICT_ZH[a.verdict.status])


def render_json(a: Assessment) -> str:
    return json_text(a.to_dict(), indent=2)
