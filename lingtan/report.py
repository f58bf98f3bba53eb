"""Console renderings of an assessment: the item-by-item Chinese table and JSON."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from lingtan.assessment import METHOD_ZH, REQUIREMENT_ZH, STATUS_ZH, VERDICT_ZH, Assessment, Scheme, as_of_text, fmt_points, fmt_value
from lingtan.common import _, cite_text, json_text, language, printable, readable_cites
from lingtan.dataentry import CLAIM_COLUMNS, claim_items, model_fields

GROUP_ZH = {"basic": "基本条件", "veto": "否决项", "exclusion": "不得申报情形"}


def _console(width: int | None, color: bool) -> tuple[Console, StringIO]:
    buf = StringIO()
    con = Console(
        file=buf, width=width or 120, force_terminal=color, color_system="standard" if color else None, highlight=False, soft_wrap=False, markup=False
    )
    return con, buf


_LIST_ITEM = re.compile(r"^(\w+)\[([^\]]+)\]\.(.+)$")  # years[2025].energy_tce
_LIST_COUNT = re.compile(r"^(\w+)（(.*)）$")  # projects（2023–，['ccus']）: the items of a list counted


class TraceLabels:
    """The Chinese label of each data path an item read (``claims.jiangsu.1.value`` → "非化石能源开发利用程度"),
    from the field catalogue and the scheme's claim inputs; a path it does not know is shown as it is."""

    def __init__(self, scheme: Scheme, level: str | None) -> None:
        self.scheme = scheme.id
        self.items = {it.id: it for it in claim_items(scheme, level)}
        self.fields: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        for e in model_fields():
            self.fields.setdefault((e.table, e.path), e.label.rsplit("·", 1)[0] if e.option else e.label)
        self.columns = {key: zh for key, zh, _kind in CLAIM_COLUMNS}
        self.tables = {e.table: e.group for e in model_fields() if e.table}

    def line(self, path: str, value: Any, row: str = "") -> str:
        """``标签 = 值`` for one data path read by item ``row`` (its own claim is named without the item)."""
        if path.startswith(f"claims.{self.scheme}."):
            label, value = self._claim(path, value, row)
        else:
            label = self._field(path)
        return f"{label} = {fmt_value(value)}"

    def _field(self, path: str) -> str:
        m = _LIST_ITEM.match(path)
        if m:
            table, key, rest = m.group(1), m.group(2), tuple(m.group(3).split("."))
            label = self.fields.get(((table,), rest))
            if label is None:
                return path
            return _("{year} 年{label}").format(year=key, label=label) if table == "years" else f"{key}·{label}"
        m = _LIST_COUNT.match(path)
        if m and (m.group(1),) in self.tables:
            inner = re.sub(r"\[|\]", "", re.sub(r"'(\w+)'", lambda k: fmt_value(k.group(1)), m.group(2)))
            return f"{self.tables[(m.group(1),)]}（{inner}）"
        return self.fields.get(((), tuple(path.split("."))), path)

    def _claim(self, path: str, value: Any, row: str) -> tuple[str, Any]:
        rest = path.removeprefix(f"claims.{self.scheme}.")
        item_id = max((i for i in self.items if rest == i or rest.startswith(i + ".")), key=len, default=None)
        if item_id is None:
            return path, value
        item = self.items[item_id]
        column, *part = rest[len(item_id) + 1:].split(".", 1)
        shown = self.columns.get(column, column)
        given = item.input
        if column == "value" and given is not None:
            if part and part[0] in given.parts:
                given = given.parts[part[0]]
                shown = given.label
            elif not part and given.label:
                shown = given.label
            if isinstance(value, str) and given.choices and value in given.choices:
                value = given.choices[value]
        return (shown if item_id == row else f"{item.number} {item.name}·{shown}"), value


def render_table(a: Assessment, *, width: int | None = None, color: bool = False, verbose: bool = False,
                 scheme: Scheme | None = None) -> str:
    """The full report: conditions, indicators, totals, thresholds and verdict (``verbose``: with the source's
    wording, citations and the data read, labelled in Chinese from ``scheme``'s catalogue)."""
    con, buf = _console(width, color)
    labels = TraceLabels(scheme, a.level) if verbose and scheme is not None else None
    con.print(Text(_("{scheme}（{level}）评价结果").format(scheme=a.scheme_name, level=a.level_name), style="bold"))
    con.print(_("企业：{name}    统一社会信用代码：{uscc}").format(name=printable(a.enterprise), uscc=printable(a.uscc)))
    con.print(as_of_text(a.as_of, a.as_of_basis) + "    " + _("评价阶段：{stage}").format(stage=a.stage_name))
    con.print()

    t = Table(title=_("一、基本条件与否决项"), show_lines=True, title_justify="left")
    columns: list[tuple[str, dict[str, Any]]] = [
        (_("序号"), {"no_wrap": True}), (_("类型"), {"no_wrap": True}), (_("名称"), {}),
        (_("具体要求（原文）"), {"ratio": 3}), (_("结论"), {"no_wrap": True}), (_("依据与说明"), {"ratio": 2}),
    ]
    for col, kw in columns:
        t.add_column(col, overflow="fold", **kw)
    for c in a.conditions:
        style = {"met": "green", "not_met": "red", "not_applicable": "yellow", "unknown": "magenta"}[c.status]
        facts = "；".join(f"{k}：{v}" for k, v in c.facts.items())
        detail = c.reason + (f"（{facts}）" if facts and c.status not in ("not_met", "unknown") else "")
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
                    read = (labels.line(k, v, r.id) if labels else f"{k} = {fmt_value(v)}" for k, v in r.trace.items())
                    detail += "\n" + _("读取数据：") + "；".join(read)
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
            shown = (_("满足") if th.passed else _("不满足")) if th.in_stage else _("本阶段不适用")
            t.add_row(th.name, th.text, Text(shown, style="green" if th.passed or not th.in_stage else "red"), th.reason)
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
    enterprise = printable(a.enterprise, newlines=False)
    return f"{printable(path)}\t{a.scheme}/{a.level}\t{enterprise}\t" + _("得分 {total}").format(total=total) + "\t" + _(VERDICT_ZH[a.verdict.status])


def json_dict(a: Assessment) -> dict[str, Any]:
    """The assessment as JSON data: every ``cite`` as it is, and ``cite_text`` naming the source for a person."""
    return readable_cites(a.to_dict(), language())


def render_json(a: Assessment) -> str:
    return json_text(json_dict(a), indent=2)
