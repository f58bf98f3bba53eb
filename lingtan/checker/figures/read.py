"""Read the figures a document attests, each with its year, page and the text it came from.

A page's text is cut into tokens — years (``2025年``), figure labels (``类别1``, ``综合能源消费量`` …, the table
:data:`LABELS`), numbers with their unit (:data:`UNITS`) — and read in three ways, best first:

- a **table**: a header of distinct labels, then rows that start with a year and hold one number per
  column (``核查年度 | 类别1 | 类别2 | 合计`` / ``2025年 | 3,650.00 | 4,480.00 | 8,130.00``);
- a **statement**: a label followed closely by a number (``2025年度类别1直接排放量为3,650.00 tCO2e``,
  ``2025年 | 范围一（类别1）直接排放 | 3650.0``), the year the nearest one before it;
- a **quantity**: a number with a unit of electricity or of emissions (``8,349 个（对应上网电量 8349 MWh）``,
  ``合计 1,234 万千瓦时``), converted to MWh or tCO2e; a document's largest one is its total.

Units are converted when read: 万千瓦时 × 10, kWh ÷ 1000, GWh × 1000 → MWh; a green certificate (个) is
1 MWh (``1个绿证对应1000千瓦时``); 万吨 × 10 000 → tonnes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ..text import TRADITIONAL, normalise

#: (figure kind, label pattern) — first match wins at a position, so longer labels come first;
#: kinds starting with ``_`` are labels that only stop a neighbour from being read as a figure
LABELS: tuple[tuple[str, str], ...] = (
    ("scope12", r"类别\s*1\s*[+＋和与及]\s*类别\s*2(?:\s*(?:排放)?(?:合计|总量|之和))?"
                r"|范围\s*[一1]\s*[+＋和与及]\s*范围\s*[二2](?:\s*(?:排放)?(?:合计|总量|之和))?|"
                r"(?:温室气体)?排放总量|总排放量|(?i:total\s*emissions?)"),
    ("_other", r"设计年减排量|单位产品综合能耗|单位产值|单位工业增加值|类别\s*[3-6]|范围\s*[三3]|(?:其中)?绿色电力(?:消费量)?\s*[（(]|外购电力|"
               r"(?i:category\s*[3-6]|scope\s*3)"),
    # English statements: "Category 1: Direct GHG emissions and removals 12,345.6 tCO2e", "Scope 2 (location-based) emissions"
    ("category1", r"(?i:category\s*1|scope\s*1)(?![\d.])(?i:\s*[:：\-–]?\s*(?:direct\s*(?:ghg\s*|greenhouse\s*gas\s*)?emissions?"
                  r"(?:\s*and\s*removals)?|emissions?))?(?i:\s*\((?:tCO2e|t\s*CO2-?e)\))?"),
    ("category2", r"(?i:category\s*2|scope\s*2)(?![\d.])(?i:\s*[:：\-–]?\s*(?:indirect\s*(?:ghg\s*|greenhouse\s*gas\s*)?emissions?"
                  r"(?:\s*from\s*imported\s*energy)?|(?:\(location[\- ]based\)\s*)?emissions?))?(?i:\s*\((?:tCO2e|t\s*CO2-?e)\))?"),
    ("category1", r"(?:范围\s*[一1]\s*[（(]\s*类别\s*1\s*[)）]|类别\s*1|类别一|范围\s*[一1]|(?i:scope\s*1))(?:\s*直接排放(?:量)?)?"
                  r"|直接排放(?:量)?"),
    ("category2", r"(?:范围\s*[二2]\s*[（(]\s*类别\s*2\s*[)）]|类别\s*2|类别二|范围\s*[二2]|(?i:scope\s*2))"
                  r"(?:\s*(?:能源)?间接排放(?:量)?)?|能源间接排放(?:量)?"),
    ("energy_tce", r"综合能源消费量|综合能耗(?:（当量值）)?"),
    ("baseline_tco2", r"基准线(?:情景)?(?:温室气体)?排放量?\s*(?:BE)?"),
    ("reduction_tco2", r"(?:温室气体)?减排量\s*(?:ER)?"),
    ("_other", r"项目(?:情景)?排放量?\s*(?:PE)?|用电量|产品产量|产量"),
)
#: the figure kinds a comparison may name (evidence_specs/figures.yaml ``figure``)
KINDS = ("category1", "category2", "scope12", "energy_tce", "baseline_tco2", "reduction_tco2", "mwh", "tco2", "footprint")
_LABEL_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(LABELS)))
#: unit pattern → (dimension, factor to MWh or tonnes)
UNITS: tuple[tuple[str, str, float], ...] = (
    (r"万千瓦时|万kWh", "mwh", 10.0),
    (r"(?i:gwh)|吉瓦时", "mwh", 1000.0),
    (r"(?i:mwh)|兆瓦时", "mwh", 1.0),
    (r"(?i:kwh)|千瓦时|度(?![电量])", "mwh", 0.001),
    (r"个(?:绿证|证书)?", "certificates", 1.0),
    (r"万吨(?:二氧化碳(?:当量)?|CO2e?)", "tco2", 10000.0),
    (r"(?i:t\s*CO\s*2\s*-?\s*e(?:q)?|t\s*CO\s*2)|吨\s*(?:二氧化碳当量|二氧化碳|CO2e?)|(?i:tonnes?\s*CO2e?)", "tco2", 1.0),
    (r"吨标准煤|吨标煤|(?i:tce)", "tce", 1.0),
)
_UNIT_RE = re.compile("|".join(f"(?P<u{i}>{p})" for i, (p, _, _) in enumerate(UNITS)))
_NOISE = re.compile(r"(?i:ISO\s*\d{4,5}(?:[-:.]\d+)*|GB/?T?\s*\d{3,5}(?:\.\d+)?(?:-\d{4})?|HJ\s*\d+(?:\.\d+)?-\d{4}|CO\s*2|CO₂|"
                    r"\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*\d+\s*[页项条]|[A-Za-z]+-\d[\w-]*|"
                    r"(?m:^[ \t]*\d{1,2}(?:\.\d{1,2})*[ \t]+(?=[\u4e00-\u9fff])(?![万个吨千兆度元套台件人年月日])))")
#: a year: ``2025年度``, ``2023—2025年``, alone on its line, or heading a table row of figures (``2025 7,045.0 11,885.0``)
_YEAR_RE = re.compile(r"(20\d{2})\s*年?\s*(?:[-—–~至到]\s*(20\d{2}))?\s*年\s*度?|^[ \t]*(20\d{2})[ \t]*$"
                      r"|^[ \t]*(20\d{2})(?=[ \t]+\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[ \t]|$)|[ \t]+\d+\.\d+(?:[ \t]|$))", re.M)
_NUM_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")
_EMPTY_CELL = re.compile(r"^[ \t]*[—–\-/][ \t]*$", re.M)
_SENTENCE_GAP = 24  # characters between a label and its number in a statement
_YEAR_REACH = 80  # characters back from a label to the year it is about


@dataclass
class Figure:
    """One figure a document attests."""

    kind: str  # category1 / category2 / scope12 / energy_tce / baseline_tco2 / reduction_tco2 / mwh / tco2 / footprint
    value: float  # in the kind's unit (tCO2e, tce, MWh)
    year: int | None
    page: int
    text: str  # the text it was read from
    how: str  # table / statement / quantity
    unit: str = ""  # a footprint's functional unit (``1套``): checker/figures/footprint.py
    about: str = ""  # a footprint's product

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Tok:
    kind: str  # year / label / num
    start: int
    end: int
    value: Any  # year: (first, last); label: kind; num: (value, unit dimension or None, factor)


def _tokens(t: str) -> list[_Tok]:
    """Years, labels and numbers (with their unit) of a page, in order."""
    toks: list[_Tok] = []
    taken = [False] * (len(t) + 1)

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def take(a: int, b: int) -> None:
        for i in range(a, b):
            taken[i] = True

    for m in _NOISE.finditer(t):
        take(m.start(), m.end())
    for m in _LABEL_RE.finditer(t):
        if free(m.start(), m.end()):
            kind = LABELS[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])][0]
            toks.append(_Tok("label", m.start(), m.end(), kind))
            take(m.start(), m.end())
    for m in _YEAR_RE.finditer(t):
        if free(m.start(), m.end()):
            first = int(m.group(1) or m.group(3) or m.group(4))
            toks.append(_Tok("year", m.start(), m.end(), (first, int(m.group(2) or first))))
            take(m.start(), m.end())
    for m in _NUM_RE.finditer(t):
        if not free(m.start(), m.end()):
            continue
        u = _unit_after(t, m.end())
        dim, factor = None, 1.0
        if u:
            i = int(next(k for k, v in u.groupdict().items() if v is not None)[1:])
            dim, factor = UNITS[i][1], UNITS[i][2]
        toks.append(_Tok("num", m.start(), m.end(), (float(m.group(1).replace(",", "")), dim, factor)))
        take(m.start(), m.end())
    for m in _EMPTY_CELL.finditer(t):
        if free(m.start(), m.end()):
            toks.append(_Tok("num", m.start(), m.end(), (None, None, 1.0)))  # a table cell left empty ("—")
    toks.sort(key=lambda k: k.start)
    return _merge_labels(toks, t)


_WRAP = re.compile(r"[ \t]*\n[ \t]*")


def _unit_after(t: str, end: int) -> re.Match[str] | None:
    """The unit after a number ending at ``end``: on its line, or at the start of the next when the line broke
    between them (``…注销核证自愿减排量3,200`` / ``吨二氧化碳当量。``) — a unit of one character (个, 度) only on its line."""
    at = end + len(t[end:]) - len(t[end:].lstrip(" \t"))
    u = _UNIT_RE.match(t, at)
    if u is None and (w := _WRAP.match(t, end)):
        u = _UNIT_RE.match(t, w.end())
        if u is not None and len(u.group(0)) < 2:
            u = None
    return u


def _merge_labels(toks: list[_Tok], t: str) -> list[_Tok]:
    """``范围一（类别1）直接排放`` is one label: neighbouring labels of one kind with no number between merge."""
    out: list[_Tok] = []
    for k in toks:
        if (out and k.kind == "label" and out[-1].kind == "label" and out[-1].value == k.value and not k.value.startswith("_")
                and len(t[out[-1].end:k.start].strip()) <= 4):
            out[-1] = _Tok("label", out[-1].start, k.end, k.value)
        else:
            out.append(k)
    return out


def _unit_of_label(t: str, label: _Tok) -> tuple[str | None, float]:
    """The unit a label carries in brackets (``对应电量（MWh）``, ``排放量（tCO2e）``)."""
    tail = t[label.end:label.end + 16]
    m = re.match(r"\s*[（(]\s*", tail)
    if m:
        u = _UNIT_RE.match(tail, m.end())
        if u:
            i = int(next(k for k, v in u.groupdict().items() if v is not None)[1:])
            return UNITS[i][1], UNITS[i][2]
    return None, 1.0


def _one_line(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _snippet(t: str, a: int, b: int) -> str:
    return re.sub(r"\s+", " ", t[max(0, a - 20): b + 12]).strip()


def _tables(toks: list[_Tok], t: str, page: int) -> list[Figure]:
    """Header of distinct labels, then rows: a year and one number per column."""
    out: list[Figure] = []
    i = 0
    while i < len(toks):
        if toks[i].kind != "label":
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and toks[j + 1].kind == "label" and not re.search(r"[。；;：:]", t[toks[j].end:toks[j + 1].start]):
            j += 1
        header = toks[i:j + 1]
        kinds = [h.value for h in header]
        real = [k for k in kinds if not k.startswith("_")]
        if len(header) < 2 or len(set(real)) != len(real) or not real:
            i = j + 1
            continue
        r = j + 1
        rows = 0
        while r < len(toks) and toks[r].kind == "year" and toks[r].value[0] == toks[r].value[1]:
            nums: list[_Tok] = []
            c = r + 1
            while c < len(toks) and toks[c].kind == "num" and len(nums) < len(header):
                nums.append(toks[c])
                c += 1
            if len(nums) < len(header):
                break
            year = toks[r].value[0]
            for h, n in zip(header, nums, strict=True):
                if h.value.startswith("_") or n.value[0] is None or n.value[1] not in (None, "tce", "tco2"):
                    continue
                value = n.value[0] * n.value[2]
                head, row = _one_line(t[header[0].start:header[-1].end]), _one_line(t[toks[r].start:nums[-1].end])
                out.append(Figure(h.value, value, year, page, f"{head} … {row}", "table"))
            rows += 1
            r = c
        i = r if rows else j + 1
    return out


def _statements(toks: list[_Tok], t: str, page: int, single_year: int | None) -> list[Figure]:
    """A label followed closely by a number: the figure of the year named just before."""
    out: list[Figure] = []
    for i, k in enumerate(toks):
        if k.kind != "label" or k.value.startswith("_") or i + 1 >= len(toks):
            continue
        n = toks[i + 1]
        between = t[k.end:n.start]
        if n.kind != "num" or n.value[0] is None or len(between) > _SENTENCE_GAP or re.search(r"分别|[。；;]", between):
            continue
        if n.value[1] not in (None, "tce", "tco2"):
            continue
        year = None
        for p in reversed(toks[:i]):
            if k.start - p.end > _YEAR_REACH:
                break
            if p.kind == "year":
                year = p.value[0] if p.value[0] == p.value[1] else None
                break
        year = year if year is not None else single_year
        out.append(Figure(k.value, n.value[0] * n.value[2], year, page, _snippet(t, k.start, n.end), "statement"))
    return out


def _quantities(toks: list[_Tok], t: str, page: int, year: int | None) -> list[Figure]:
    """Numbers with a unit of electricity (→ MWh) or emissions (→ tCO2e); a label's bracketed unit counts."""
    out: list[Figure] = []
    for i, k in enumerate(toks):
        if k.kind != "num" or k.value[0] is None:
            continue
        dim, factor = k.value[1], k.value[2]
        if dim is None and i > 0 and toks[i - 1].kind == "label" and len(t[toks[i - 1].end:k.start]) <= 16:
            dim, factor = _unit_of_label(t, toks[i - 1])
        if dim is None:
            lab = t[max(0, k.start - 16):k.start]
            m = re.search(r"[（(]\s*(MWh|兆瓦时|万千瓦时|kWh|千瓦时|个|tCO2e?|吨)\s*[)）]\s*[:：]?\s*$", lab, re.I)
            if m:
                u = _UNIT_RE.match(m.group(1))
                if u:
                    idx = int(next(kk for kk, v in u.groupdict().items() if v is not None)[1:])
                    dim, factor = UNITS[idx][1], UNITS[idx][2]
        if dim in ("mwh", "certificates"):
            out.append(Figure("mwh", k.value[0] * factor, year, page, _snippet(t, k.start, k.end), "quantity"))
        elif dim == "tco2":
            out.append(Figure("tco2", k.value[0] * factor, year, page, _snippet(t, k.start, k.end), "quantity"))
    return out


def read_figures(pages: list[tuple[int, str]], years: list[int] | None = None) -> list[Figure]:
    """Every figure of a document, from its pages ``(number, text)``; ``years``: the years the document
    covers (its ``years`` field) — a statement without a year of its own is of the single year covered."""
    single = years[0] if years and len(years) == 1 else None
    found: list[Figure] = []
    for number, raw in pages:
        t = normalise(raw).translate(TRADITIONAL)  # OCR reads 综合 as 綜合 at times
        toks = _tokens(t)
        found += _tables(toks, t, number) + _statements(toks, t, number, single) + _quantities(toks, t, number, single)
    return found


def best(figures: list[Figure], kind: str, year: int | None) -> list[Figure]:
    """The readings of one figure for one year, best first (tables before statements), one per value."""
    rank = {"table": 0, "statement": 1, "quantity": 2}
    got = sorted((f for f in figures if f.kind == kind and (year is None or f.year == year)), key=lambda f: (rank[f.how], f.page))
    out: list[Figure] = []
    for f in got:
        if not any(abs(f.value - o.value) <= max(0.01, 0.0005 * abs(o.value)) for o in out):
            out.append(f)
    return out
