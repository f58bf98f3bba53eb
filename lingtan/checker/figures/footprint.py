"""Read a product carbon footprint report: the product, its functional unit and its footprint per unit.

A footprint report (ISO 14067 / GB/T 24067) states one figure per product, e.g.

- a certificate: ``产品名称：新能源汽车轮毂轴承单元`` … ``功能单位：1套`` … ``碳足迹：21.50 kgCO2e/1套``;
- a report's summary table: ``产品 | 新能源汽车轮毂轴承单元`` ``功能单位 | 1套`` ``碳足迹 | 32.4 kgCO2e/套``;
- a report's conclusion: ``结论：新能源汽车轮毂轴承单元（1套）从摇篮到大门的产品碳足迹为32.42 kgCO2e。``

The year is the document's (its ``years`` field), else the one its data are of (``数据年份：2025年``).
The figure is a number with a unit of CO2 equivalent (kg, t or g CO2e, :data:`MASS`) within a short
reach after the word 碳足迹, converted to kgCO2e; the functional unit is the label's value, else the unit
after the slash (``kgCO2e/套`` → 1套), else the bracket of the conclusion. It becomes a :class:`Figure`
of kind ``footprint`` whose ``unit`` is the functional unit and ``about`` the product.
"""

from __future__ import annotations

import re

from ..text import normalise
from .read import Figure

#: mass unit of CO2 equivalent → factor to kg
MASS = {"kg": 1.0, "千克": 1.0, "公斤": 1.0, "t": 1000.0, "吨": 1000.0, "g": 0.001, "克": 0.001}
_CO2E = r"(?:\s*CO\s*2\s*(?:-?\s*e(?:q)?)?|\s*二氧化碳当量|\s*CO\s*2\s*当量)"
_FIGURE_RE = re.compile(
    r"碳足迹[^\d\n。；;]{0,24}?[:：为是]?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<mass>kg|千克|公斤|t|吨|g|克)" + _CO2E + r"(?:\s*[/每]\s*(?P<per>[^\s，,。；;)）]{1,12}))?",
    re.I)
#: a functional unit: a quantity and a unit of counting or measure (1套, 1 t, 100米, 1 kWh, 1吨产品)
_UNIT_WORD = (r"(?:万|千|百)?(?:平方米|立方米|千瓦时|千克|kWh|MWh|kg|m2|m²|m3|㎡|吨|t|件|套|台|个|只|片|米|m|"
              r"辆|箱|卷|块|根|条|双|瓶|升|L|支|张|组|盒|袋|匹|批)(?:产品)?")
_FU_RE = re.compile(r"功能单位\s*(?:[:：为是]|\n)\s*(?P<fu>\d+(?:\.\d+)?\s*" + _UNIT_WORD + r"|[每百千万]\s*" + _UNIT_WORD + r")", re.I)
_PRODUCT_RE = re.compile(r"(?:产品名称|^[ \t]*产品[ \t]*(?=[:：\n]))\s*[:：]?[ \t]*\n?[ \t]*(?P<p>[^\n:：]{2,40})", re.M)
_TITLE_RE = re.compile(r"(?P<p>[\u4e00-\u9fffA-Za-z0-9（）()·\-]{2,30}?)产品碳足迹(?:评价|核算|核查|量化)?(?:报告|证书)")
_YEAR_RE = re.compile(r"(?:数据年份|数据时间范围|数据期间|核算期|评价期|数据年度)\s*[:：为]?\s*(20\d{2})|[（(](20\d{2})年度?数据[)）]")
_CONCLUSION_RE = re.compile(r"(?P<p>[\u4e00-\u9fffA-Za-z0-9·\-]{2,30})[（(](?P<fu>\d+(?:\.\d+)?\s*" + _UNIT_WORD + r")[)）][^。\n]{0,20}碳足迹")


def _fu_from_per(per: str | None) -> str:
    """``套`` → ``1套``, ``1套`` → ``1套``, ``百米`` → ``百米`` (the slash's unit of a footprint's figure)."""
    if not per or per in ("功能单位", "FU", "fu"):
        return ""
    return per if re.match(r"[\d百千万每]", per) else f"1{per}"


def _squash_unit(s: str) -> str:
    return re.sub(r"\s+", "", s)


def read_footprints(pages: list[tuple[int, str]], years: list[int] | None = None) -> list[Figure]:
    """The footprint figures of a report's pages ``(number, text)``, first page first (kgCO2e per functional unit)."""
    joined = "\n".join(normalise(t) for _, t in pages)
    y = _YEAR_RE.search(joined)
    year = max(years) if years else int(y.group(1) or y.group(2)) if y else None
    conclusion = _CONCLUSION_RE.search(joined)
    m = _PRODUCT_RE.search(joined)
    title = _TITLE_RE.search(re.sub(r"\s*\n\s*", "", joined[:400]))
    product = m.group("p").strip() if m else title.group("p") if title else conclusion.group("p") if conclusion else ""
    fu_m = _FU_RE.search(joined)
    fu = _squash_unit(fu_m.group("fu")) if fu_m else _squash_unit(conclusion.group("fu")) if conclusion else ""
    out: list[Figure] = []
    for number, raw in pages:
        t = normalise(raw)
        for f in _FIGURE_RE.finditer(t):
            value = float(f.group("num").replace(",", "")) * MASS[f.group("mass").lower()]
            snippet = re.sub(r"\s+", " ", t[max(0, f.start() - 20): f.end() + 4]).strip()
            if not any(abs(o.value - value) < 1e-9 for o in out):
                out.append(Figure("footprint", value, year, number, snippet, "statement", unit=fu or _fu_from_per(f.group("per")),
                                  about=product))
    return out
