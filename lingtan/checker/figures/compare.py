"""Compare the applicant's declared figures with what the evidence attests (``evidence_specs/figures.yaml``).

Every comparison ends as 符合, 问题 or 待人工核对 with both values, the document and page of the
evidence's figure and the text it was read from — a figure that cannot be found is 待人工核对, never a
silent pass. Four kinds of row:

- **figures** (``comparisons``): a declared figure of a year against one document's figure of that year
  (``combine: one`` — each GHG report, each audit) or the sum of all documents of the year
  (``combine: sum`` — certificates, each 证书编号 once across files), units converted when read;
- **recomputed** metrics: the scheme's metric (自主减排比例, 抵消比例) computed by the assessment engine
  itself on the applicant's data with the evidence's figures put in, against the level's threshold;
- **dates**: a report dated before the end of the period it reports on (``dated_after_period``);
- **addresses**: a document's address against the applicant's (a difference is for a person to judge);
- **shown** figures (``shown``): a figure nothing declared compares with (a product's carbon footprint), in the
  table for information (仅供参考) — no verdict and no finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from rapidfuzz import fuzz

from ..doctypes import type_name
from ..model import ComparisonRow, Document, Gap
from ..names import same_company
from ..text import norm, normalise
from .read import Figure, best
from .spec import Comparison, FigureSpec, Outcome, Recomputed, Shown, load_figure_spec

if TYPE_CHECKING:
    from ..applicant import Applicant

VERDICT_ZH = {"ok": "符合", "problem": "问题", "verify": "待人工核对", "info": "仅供参考"}
#: a figure kind (checker/figures/read.py) as a reviewer reads it
FIGURE_ZH = {"category1": "类别1排放量", "category2": "类别2排放量", "scope12": "类别1+类别2排放量", "energy_tce": "综合能源消费量",
             "baseline_tco2": "基准线情景排放量", "reduction_tco2": "温室气体减排量", "mwh": "电量", "tco2": "减排量"}
ADDRESS_RE = re.compile(r"(?:注册地址|生产地址|经营场所|通讯地址|住所|地址)\s*[:：]?\s*\n?\s*([\u4e00-\u9fff][^\n:：]{5,60})")


@dataclass
class FigureView:
    """What the comparisons look at: the submission's documents (duplicates removed) and the applicant."""

    docs: list[Document]
    app: Applicant
    scheme: str
    as_of: date
    texts: dict[tuple[str, int], str] = field(default_factory=dict)


@dataclass
class FigureResult:
    rows: list[ComparisonRow]  # the 申报数据与证明材料对照 table
    gaps: list[Gap]


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    s = f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e9 else f"{v:.4g}"
    return f"{s} {unit}".strip()


def _where(src: dict[str, Any]) -> str:
    return f"{src['document']} 第{src['page']}页"


def _row(label: str, year: int | None, unit: str, declared: float | None, evidence: float | None, sources: list[dict[str, Any]],
         outcome: Outcome | Literal["info"], code: str | None, reason: str, cite: str, tolerance: str = "", kind: str = "figure",
         id: str = "") -> dict[str, Any]:
    return {"id": id or kind, "kind": kind, "label": label, "year": year, "unit": unit, "declared": declared, "evidence": evidence,
            "difference": None if declared is None or evidence is None else round(evidence - declared, 4),
            "sources": sources, "tolerance": tolerance, "verdict": VERDICT_ZH[outcome], "outcome": outcome, "code": code,
            "reason": reason, "cite": cite}


def _gap(row: ComparisonRow) -> Gap:
    src = row.sources[0] if row.sources else None
    page = src.page if src else None
    assert row.code is not None
    return Gap(code=row.code, material=None, types=list(row.types), document=src.document if src else None,
               pages=(page, page) if page else None, message=row.reason, evidence="\n".join(s.text for s in row.sources),
               verdict=row.outcome)


def _figures(d: Document, kind: str) -> list[Figure]:
    return [Figure(**f) for f in d.figures if f["kind"] == kind]


def _all_figures(d: Document) -> list[Figure]:
    return [Figure(**f) for f in d.figures]


def _source(d: Document, f: Figure | None, **extra: Any) -> dict[str, Any]:
    out = {"document": d.path, "type": d.type, "page": f.page if f else d.pages[0], "text": f.text if f else "",
           "value": f.value if f else None}
    out.update(extra)
    return out


def _doc_year(d: Document) -> int | None:
    years = [int(y) for y in d.fields.get("years") or []]
    return max(years) if years else None


def _verdict(c: Comparison, tol_default: Any, declared: float, evidence: float) -> tuple[Outcome, str]:
    tol = c.tolerance or tol_default
    if tol.allows(declared, evidence):
        return "ok", "一致" if declared == evidence else f"相差 {_fmt(evidence - declared, c.unit)}，在容差（{tol.text(c.unit)}）之内"
    side = "short" if evidence < declared else "over"
    diff = f"相差 {_fmt(evidence - declared, c.unit)}，超出容差（{tol.text(c.unit)}）"
    return getattr(c, side), diff


class _Comparer:
    def __init__(self, view: FigureView, spec: FigureSpec) -> None:
        self.v, self.spec = view, spec
        self.rows: list[dict[str, Any]] = []
        self.declared: dict[str, dict[str, float]] = dict(view.app.declared)
        self.form_source: dict[tuple[str, str], dict[str, Any]] = {}  # (declared name, year) → the form it was read from
        if not self.declared:
            self._from_forms()

    def _from_forms(self) -> None:
        """No data file and no manifest: the figures the applicant's own forms state (申报书, 入库申报表 …) are the declared
        ones — tables and statements only, per year (a figure without a year: the year the form covers)."""
        by_kind = {c.figure: c.declared for c in self.spec.comparisons if c.combine == "one"}
        for d in self.v.docs:
            if d.type not in self.spec.declared_forms:
                continue
            for f in _all_figures(d):
                name = by_kind.get(f.kind)
                year = f.year or _doc_year(d) or self.v.app.reporting_year
                if name is None or year is None or f.how == "quantity" or (name, str(year)) in self.form_source:
                    continue
                self.declared.setdefault(name, {})[str(year)] = f.value
                self.form_source[(name, str(year))] = _source(d, f)

    def add(self, row: dict[str, Any], types: list[str]) -> None:
        en = {c.id: c.label_en for c in self.spec.comparisons} | {r.id: r.label_en for r in self.spec.recomputed}
        en |= {s.id: s.label_en for s in self.spec.shown}
        row["label_en"] = en.get(row["id"]) or {"date": "Report dated after its period", "address": "Address"}.get(row["id"], "")
        row["types"] = types
        self.rows.append(row)

    def docs(self, types: tuple[str, ...], when_text: tuple[str, ...] = ()) -> list[Document]:
        """The documents of these types that are the applicant's (another company's is the ``name`` check's problem)."""
        app = self.v.app
        out = [d for d in self.v.docs if d.type in types
               and not (app.known and d.fields.get("holder") and not same_company(d.fields["holder"], app.name, ocr=d.ocr))]
        if when_text:
            words = [norm(w) for w in when_text]
            out = [d for d in out if any(w in norm(self.v.texts.get((d.path, d.pages[0]), "")) for w in words)]
        return out

    # -- declared figure against the evidence --------------------------------------------------------------
    def compare(self, c: Comparison) -> None:
        docs = self.docs(c.types, c.when_text)
        if not docs:
            return  # whether the material is needed at all is the material checks' business
        declared = self.declared.get(c.declared)
        if declared is None and not self.v.app.declared:
            for d in docs:
                self.add(_row(c.label, _doc_year(d), c.unit, None, None, [_source(d, None)], "verify", "declared_unknown",
                              f"{c.label}：申报数据未知（未提供企业数据文件或申报材料清单），无法与{d.path}对照，请人工核对", c.cite, id=c.id), list(c.types))
            return
        if c.combine == "one":
            self._each(c, docs, declared or {})
        else:
            self._sum(c, docs, declared or {})

    def _each(self, c: Comparison, docs: list[Document], declared: dict[str, float]) -> None:
        ry = self.v.app.reporting_year
        for d in docs:
            figs = _figures(d, c.figure)
            years = sorted({f.year for f in figs if f.year is not None})
            covered = [int(y) for y in d.fields.get("years") or []]
            if ry in covered and ry not in years:
                years.append(ry)  # the report covers the reporting year: its figure must be found
            if not years:
                self._unread(c, d, None, covered)
                continue
            for y in years:
                want = declared.get(str(y))
                if want is None:
                    continue  # a year the applicant declares nothing for: nothing to compare
                got = best(figs, c.figure, y)
                if not got:
                    self._unread(c, d, y, covered)
                    continue
                f = got[0]
                value = f.value * c.factor
                outcome, diff = _verdict(c, self.spec.tolerance, want, value)
                more = f"（文件中另有读数 {'、'.join(_fmt(o.value, c.unit) for o in got[1:])}）" if len(got) > 1 else ""
                form = self.form_source.get((c.declared, str(y)))
                said = f"{form['document']} 第{form['page']}页申报" if form else "申报"
                reason = (f"{c.label}（{y}年）：{said} {_fmt(want, c.unit)}，{d.path} 第{f.page}页为 {_fmt(value, c.unit)}，{diff}{more}")
                code = None if outcome == "ok" else "figure_mismatch" if outcome == "problem" else "figure_short"
                self.add(_row(c.label, y, c.unit, want, value, [_source(d, f)] + ([dict(form, declared=True)] if form else []),
                              outcome, code, reason, c.cite,
                              (c.tolerance or self.spec.tolerance).text(c.unit), id=c.id), list(c.types))

    def _unread(self, c: Comparison, d: Document, year: int | None, covered: list[int]) -> None:
        when = f"{year}年的" if year else ""
        self.add(_row(c.label, year, c.unit, self.declared.get(c.declared, {}).get(str(year)) if year else None, None, [_source(d, None)],
                      "verify", "figure_unread",
                      f"{c.label}：在{d.path}（{type_name(d.type)}）中未读到{when}{c.label}，无法与申报数据对照，请人工核对", c.cite, id=c.id),
                 list(c.types))

    def _sum(self, c: Comparison, docs: list[Document], declared: dict[str, float]) -> None:
        ry = self.v.app.reporting_year
        by_year: dict[int | None, list[Document]] = {}
        for d in docs:
            by_year.setdefault(_doc_year(d) or ry, []).append(d)
        years = sorted(int(y) for y, v in declared.items() if v > 0 and (int(y) in by_year or int(y) == ry))
        for y in years:
            want = declared[str(y)]
            group = by_year.get(y, [])
            if not group:
                self.add(_row(c.label, y, c.unit, want, None, [], "verify", "figure_unread",
                              f"{c.label}（{y}年）：申报 {_fmt(want, c.unit)}，提交的{'、'.join(type_name(t) for t in c.types)}中没有{y}年的，请人工核对",
                              c.cite, id=c.id), list(c.types))
                continue
            seen: dict[str, str] = {}
            sources, total, unread = [], 0.0, []
            for d in group:
                figs = sorted(_figures(d, c.figure), key=lambda f: -f.value)
                if not figs:
                    unread.append(d)
                    continue
                f = figs[0]  # a document's largest quantity is its total (monthly rows, batches and the 1 个 = 1 MWh note are parts)
                number = str(d.fields.get("number") or "")
                if number and number in seen:
                    sources.append(_source(d, f, counted=False, note=f"与 {seen[number]} 为同一证书（编号 {number}），不重复计算"))
                    continue
                if number:
                    seen[number] = d.path
                total += f.value * c.factor
                sources.append(_source(d, f, counted=True, number=number))
            for d in unread:
                self._unread(c, d, y, [])
            if not any(s.get("counted") for s in sources):
                continue
            outcome, diff = _verdict(c, self.spec.tolerance, want, total)
            factor = f"（{c.factor_text}）" if c.factor != 1 else ""
            parts = "、".join(f"{_where(s)} {_fmt(s['value'])}" for s in sources if s.get("counted"))
            dup = "；" + "；".join(s["note"] for s in sources if not s.get("counted")) if any(not s.get("counted") for s in sources) else ""
            reason = f"{c.label}（{y}年）：申报 {_fmt(want, c.unit)}，证明材料合计 {_fmt(total, c.unit)}{factor}（{parts}{dup}），{diff}"
            if outcome != "ok" and total < want and c.short_text:
                reason += f"；{c.short_text}"
            raw = sum(s["value"] for s in sources if s.get("counted"))
            if c.factor != 1 and not (c.tolerance or self.spec.tolerance).allows(want, total) and (c.tolerance or self.spec.tolerance).allows(want, raw):
                reason += f"；证明材料的数量 {_fmt(raw)} 与申报的 {_fmt(want, c.unit)} 数值相同，疑将其直接当作{c.unit}计算（{c.factor_text}）"
            code = None if outcome == "ok" else "figure_mismatch" if outcome == "problem" else "figure_short"
            self.add(_row(c.label, y, c.unit, want, round(total, 4), sources, outcome, code, reason, c.cite,
                          (c.tolerance or self.spec.tolerance).text(c.unit), id=c.id), list(c.types))

    # -- the scheme's metrics with the evidence's figures --------------------------------------------------
    def recompute(self, r: Recomputed) -> None:
        from lingtan.assessment.engine.evaluate import assess
        from lingtan.assessment.schemes import load_scheme, resolve_level

        app = self.v.app
        fac = app.factory
        types = sorted({t for s in r.from_.values() for t in s.types})
        if fac is None or app.reporting_year is None or not self.docs(tuple(types)):
            return
        scheme = load_scheme(self.v.scheme)
        if r.metric not in scheme.metrics:
            return
        ry = app.reporting_year
        values: dict[str, tuple[float, dict[str, Any]]] = {}
        for path, s in r.from_.items():
            got = [(d, f) for d in self.docs(s.types) for f in best(_figures(d, s.figure), s.figure, ry)]
            if not got:
                what = f"{ry}年{FIGURE_ZH.get(s.figure, '数据')}"
                self.add(_row(r.label, ry, "%", None, None, [_source(d, None) for d in self.docs(s.types)], "verify", "figure_unread",
                              f"{r.label}（{ry}年）：在{'、'.join(type_name(t) for t in s.types)}中未读到重算所需的{what}，请人工核对",
                              r.cite, kind="recomputed", id=r.id), types)
                return
            d, f = got[0]
            values[path] = (f.value, _source(d, f))
        level = resolve_level(scheme, app.level)
        mine = fac.model_copy(deep=True)
        year = mine.year(ry)
        if year is None:
            return
        for path, (v, _) in values.items():
            *parents, name = path.split(".")
            obj: Any = year
            for p in parents:
                obj = getattr(obj, p)
            if obj is None:
                return
            setattr(obj, name, v)
        declared = assess(fac, scheme, level, self.v.as_of).metrics.get(r.metric, {}).get("value")
        shown = assess(mine, scheme, level, self.v.as_of).metrics.get(r.metric, {}).get("value")
        targets = [(r.target, ">=", r.cite)] if r.target is not None else [
            (float(t.target), t.op, t.cite) for t in scheme.thresholds
            if t.value == r.metric and t.target is not None and (not t.levels or level in t.levels)]
        sources = [s for _, s in values.values()]
        if shown is None:
            self.add(_row(r.label, ry, "%", declared, None, sources, "verify", "figure_unread",
                          f"{r.label}（{ry}年）：无法由证明材料的数据算出，请人工核对", r.cite, kind="recomputed", id=r.id), types)
            return
        pct = f"{shown * 100:.1f}%"
        if not targets:
            self.add(_row(r.label, ry, "%", declared, shown, sources, "ok", None,
                          f"证明材料支持的{r.label}为 {pct}（申报数据为 {_pct(declared)}），该级别无门槛", r.cite, kind="recomputed", id=r.id), types)
            return
        target, op, cite = targets[0]
        ok = _OPS[op](shown, target)
        need = f"{_OP_ZH[op]}{target * 100:g}%"
        if ok:
            reason = f"证明材料支持的{r.label}为 {pct}（申报数据为 {_pct(declared)}），达到本级别要求的{need}（{cite}）"
        else:
            reason = (f"证明材料支持的{r.label}为 {pct}，未达到本级别要求的{need}（{cite}）；申报数据为 {_pct(declared)}"
                      f"（依据：{'；'.join(_where(s) + ' ' + _fmt(s['value']) for s in sources)}）")
        self.add(_row(r.label, ry, "%", declared, shown, sources, "ok" if ok else "problem", None if ok else "threshold_not_met",
                      reason, r.cite, tolerance=need, kind="recomputed", id=r.id), types)

    # -- figures shown for information ---------------------------------------------------------------------
    def show(self, s: Shown) -> None:
        """Each document's figure as read (product, functional unit, page, text), or that none was read: 仅供参考."""
        for d in self.docs(s.types):
            figs = _figures(d, s.figure)
            if not figs:
                self.add(_row(s.label, _doc_year(d), s.unit, None, None, [_source(d, None)], "info", None,
                              f"{d.path}（{type_name(d.type)}）：未在已读出的文字中读到{s.label}的数值（扫描件只识别检查需要的页，"
                              f"不为仅供参考的数据多识别）；{s.why}", s.cite,
                              kind="shown", id=s.id), list(s.types))
                continue
            for f in figs:
                what = f"{f.about}（功能单位 {f.unit}）" if f.about and f.unit else f.about or (f"功能单位 {f.unit}" if f.unit else "")
                unit = f"{s.unit}/{f.unit}" if f.unit else s.unit
                label = f"{s.label}：{f.about}" if f.about else s.label
                self.add(_row(label, f.year, unit, None, f.value, [_source(d, f, product=f.about, functional_unit=f.unit)], "info", None,
                              f"{d.path} 第{f.page}页：{what}的{s.label}为 {_fmt(f.value, unit)}；{s.why}", s.cite,
                              kind="shown", id=s.id), list(s.types))
                if f.about:
                    self.rows[-1]["label_en"] = f"{s.label_en}: {f.about}"

    # -- dates and addresses ---------------------------------------------------------------------------------
    def dates(self) -> None:
        for d in self.v.docs:
            if d.type not in self.spec.dated_after_period:
                continue
            issued, years = d.fields.get("issue_date"), [int(y) for y in d.fields.get("years") or []]
            if not issued or not years:
                continue
            end = date(max(years), 12, 31)
            src = {"document": d.path, "type": d.type, "page": d.pages[0],
                   "text": d.field_evidence.get("issue_date", ""), "value": issued}
            if date.fromisoformat(issued) <= end:
                self.add(_row("报告日期晚于所报告期间", max(years), "", None, None, [src], "problem", "date_inconsistent",
                              f"{d.path}（{type_name(d.type)}）：报告日期 {issued} 不晚于其所报告期间的最后一天 {end.isoformat()}"
                              f"（覆盖 {'、'.join(map(str, years))} 年），不能证明该期间的数据，请核对", "", kind="date"), [d.type])
            else:
                self.add(_row("报告日期晚于所报告期间", max(years), "", None, None, [src], "ok", None,
                              f"报告日期 {issued} 晚于所报告期间（至 {end.isoformat()}）", "", kind="date"), [d.type])

    def addresses(self) -> None:
        mine = self.v.app.address
        if not mine:
            return
        for d in self.v.docs:
            text = normalise(self.v.texts.get((d.path, d.pages[0]), ""))
            m = ADDRESS_RE.search(text)
            if not m or d.language != "zh":
                continue
            theirs = re.split(r"\s{2,}|[，,；;。]|(?:邮编|邮政编码|电话|法定代表人|联系人)", m.group(1))[0].strip()
            if len(theirs) < 6 or not re.search(r"[省市区县镇路街道号]", theirs):
                continue
            a, b = _addr_key(mine), _addr_key(theirs)
            src = {"document": d.path, "type": d.type, "page": d.pages[0], "text": m.group(0).strip(), "value": theirs}
            if a in b or b in a or fuzz.partial_ratio(a, b) >= 90:
                continue  # the same address: no row (every document would be one)
            self.add(_row("地址", None, "", None, None, [src], "verify", "address_differs",
                          f"{d.path}（{type_name(d.type)}）上的地址“{theirs}”与申报地址“{mine}”不一致（可能为生产地址、旧址或简写），请人工核对",
                          "", kind="address"), [d.type])


_OPS = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b}
_OP_ZH = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于"}


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _addr_key(s: str) -> str:
    """An address for comparison: without whitespace and punctuation (a prefix left out is allowed by the comparison)."""
    return re.sub(r"[\s,，.。()（）·\-—]", "", normalise(s))


def compare_all(view: FigureView, spec: FigureSpec | None = None) -> FigureResult:
    """Every comparison of ``evidence_specs/figures.yaml`` on one submission: the table's rows and the gaps."""
    spec = spec or load_figure_spec()
    c = _Comparer(view, spec)
    for comp in spec.comparisons:
        c.compare(comp)
    for r in spec.recomputed:
        c.recompute(r)
    for s in spec.shown:
        c.show(s)
    c.dates()
    c.addresses()
    rows = [ComparisonRow(**r) for r in c.rows]  # the dicts built above, checked against the report's contract
    return FigureResult(rows, [_gap(r) for r in rows if r.outcome not in ("ok", "info")])
