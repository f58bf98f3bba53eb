"""Extract the key fields of a document from its text, keeping the text each came from.

Holder / company name, 统一社会信用代码 (validated with python-stdnum), issue
and expiry dates, certificate number, standards, issuing or verifying
organisation, years covered, quantities (MWh, tCO2), language. Label-driven
regular expressions over NFKC-normalised text; every field records the
snippet it was read from (``field_evidence``) for the report's debug view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from stdnum.cn import uscc as _uscc

from .text import normalise, squash

USCC_RE = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10})(?![0-9A-Z])")
COMPANY_SUFFIX = r"(?:股份有限公司|有限责任公司|有限公司|集团公司|总公司|分公司|公司|工厂|厂|研究院|研究所|中心|事务所|合作社)"
COMPANY_RE = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa50-9()（）·\-]{2,40}?" + COMPANY_SUFFIX + r")")
DATE_RES = [
    re.compile(r"(20\d{2}|19\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(20\d{2}|19\d{2})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
]
HOLDER_LABELS = (
    r"(?:兹证明|兹证实|受核查方名称|受核查方|受核查单位|委托人名称|认证委托人|委托方|委托单位|持证单位|获证组织|获证单位|证书持有人|持有人名称|"
    r"购电主体|购电方|电力用户名称|电力用户|用电单位|被审计单位|对标企业|建设单位|市场主体名称|排污单位|重点排放单位|核查对象|被评估方|"
    r"企业名称|单位名称|组织名称|申请人|申请单位|申报单位|权利人|账户名称|名称)"
    r"|(?:企业|用户名称|持有人)(?=[:：])"  # short, generic labels count only with a colon
)
ORG_SUFFIX = r"(?:股份有限公司|有限责任公司|有限公司|公司|研究院|研究所|中心|事务所|办公厅|委员会|管理局|监督管理局|局|厅|部|站|所)"
ORG_RE = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa5()（）·]{1,30}?" + ORG_SUFFIX + r")(?![\u4e00-\u9fa5]{0,1}(?:公司|中心))")
LEAD_JUNK = re.compile(r"^(?:[\d年月日\-./:：,，()（）\s]|[A-Za-z])*")
ISSUER_LABELS = (r"(?:认证机构|发证机构|颁证机构|核查机构|核查单位|评估机构|审计机构|评价机构|登记机关|发证机关|"
                 r"发证单位|核发机构|核发单位|签发机构|出具单位|出具机构|编制单位|颁发单位)")
EXPIRY_LABELS = r"(?:有效期至|有效期限至|有效截止日期|证书有效期至|到期日期|失效日期|有效期到)"
ISSUE_LABELS = (r"(?:发证日期|颁证日期|签发日期|颁发日期|核发日期|注册日期|登记日期|核准日期|批准日期|出具日期|报告日期|发文日期|换证日期|"
                r"初次发证日期|填报日期|发布日期|编制日期|签订日期|查询日期|截图日期|生成日期|声明日期)")
STANDARD_RE = re.compile(r"((?:GB/T|GB|ISO|IEC|HJ)\s*\d{3,5}(?:\.\d+)?(?:\s*[-:]\s*\d{4})?)", re.I)
NUMBER_RE = re.compile(
    r"(?:证书编号|证书号|注册号|许可证编号|证照编号|编号|证号|Certificate\s*No\.?|Registration\s*No\.?)"
    r"\s*(?:(?:Certificate|Registration|Cert\.?)\s*No\.?)?\s*[:：.]?\s*([A-Za-z0-9\-/]*\d[A-Za-z0-9\-/]{3,40})",
    re.I,
)
NEXT_LABEL = re.compile(r"[\u4e00-\u9fa5]{2,8}[:：]")
DECLARE_RE = re.compile(
    r"兹(?:声明|证明)[:：]?([\u4e00-\u9fa5()（）]{2,40}?(?:中心|公司|研究院|研究所|事务所|局))"
    r"受([\u4e00-\u9fa5()（）]{2,40}?(?:公司|厂))(?:（[^）]*）)?委托"
)
PERIOD_LABELS = (r"(?:核查年度|报告年度|排放年度|核算年度|核查期|核算期|统计期|生产时间|交易时间|结算周期|结算期|"
                 r"消费时间|消费周期|电量生产时间|报告期|期间|周期|Period)")
YEAR_RANGE_RE = re.compile(r"(20\d{2})\s*(?:年)?\s*(?:[-—–~至到]|—)\s*(20\d{2})\s*年")
YEAR_RE = re.compile(r"(20\d{2})\s*年度")
YEAR_TITLE_RE = re.compile(r"(20\d{2})\s*(?=可持续发展|ESG|社会责任|环境、社会|温室气体|碳排放|碳足迹|能源审计|能效对标)", re.I)  # "2025可持续发展报告"
YEAR_LIST_RE = re.compile(r"((?:20\d{2}\s*年?度?\s*[、,，和及与]\s*)+20\d{2})\s*年")  # 2021、2025年度 / 2021年和2025年
MWH_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:MWh|兆瓦时)", re.I)
KWH_WAN_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万千瓦时")
TCO2_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:tCO2e?|tCO₂e?|吨二氧化碳当量|吨CO2e?|吨二氧化碳)", re.I)
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_DATE_RE = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


def _cn_number(s: str) -> int:
    """一 … 三十一 (the month and day of a date written in Chinese numerals)."""
    if "十" not in s:
        return CN_DIGIT.get(s, 0)
    tens, _, ones = s.partition("十")
    return (CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (CN_DIGIT.get(ones, 0) if ones else 0)


def _cn_date(m: re.Match) -> date | None:
    """二〇二四年六月六日 → 2024-06-06 (official documents date their signature so)."""
    try:
        return date(int("".join(str(CN_DIGIT[c]) for c in m.group(1))), _cn_number(m.group(2)), _cn_number(m.group(3)))
    except (KeyError, ValueError):
        return None


def _date(m: re.Match) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _first_date(s: str) -> tuple[date, str] | None:
    best = None
    for rx in DATE_RES:
        m = rx.search(s)
        if m and (best is None or m.start() < best[0]):
            d = _date(m)
            if d:
                best = (m.start(), d, m.group(0))
    return (best[1], best[2]) if best else None


def _after_label(text: str, labels: str, window: int = 60) -> list[tuple[str, str]]:
    """(following text, snippet) after each occurrence of a label."""
    out = []
    for m in re.finditer("(?:" + labels + r")(?:[（(][^）)]{1,6}[)）])?\s*[:：]?", text):
        tail = text[m.end() : m.end() + window]
        out.append((tail, text[max(0, m.start() - 5) : m.end() + window].replace("\n", " ")))
    return out


NAME_WORD = re.compile(r"^(?:[:：]|名称|全称|单位名称|企业名称)+")


def _company_in(s: str) -> str | None:
    """The company name at the start of ``s`` (whitespace-free text; Latin and dates skipped)."""
    s = NAME_WORD.sub("", LEAD_JUNK.sub("", s))
    m = COMPANY_RE.match(s)
    return m.group(1) if m else None


def _org_in(s: str) -> str | None:
    """An organisation name (company, bureau, centre …) at the start of ``s``."""
    s = NAME_WORD.sub("", LEAD_JUNK.sub("", s))
    m = COMPANY_RE.match(s) or ORG_RE.match(s)
    return m.group(1) if m else None


def language(text: str) -> str:
    """``zh`` when the text has Chinese characters in earnest, ``en`` when Latin letters dominate."""
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    if cjk >= 20 or (cjk > 0 and cjk * 3 >= latin):
        return "zh"
    return "en" if latin >= 20 else "zh"


def _num(s: str) -> float:
    return float(s.replace(",", ""))


SEAL_MARK_RE = re.compile(r"[（(](?:盖章|公章|盖公章|签章)[)）][:：]?")
LETTERHEAD_RE = re.compile(r"^(.{4,40}?" + COMPANY_SUFFIX + r")文件$")
FIRM_RE = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa50-9()（）·\-]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团公司|总公司|分公司|公司))")


def _own_holder(t: str) -> tuple[str, str, str] | None:
    """The company that wrote a document of its own, when no label names it: in a title line
    ("浙江××有限公司2025可持续发展报告", "××有限公司零碳工厂建设规划"), a letterhead ("××有限公司文件"),
    a line of its own near the top (a cover), or the signature at the end."""
    lines = [ln.strip().replace(" ", "") for ln in t.split("\n") if len(ln.strip().replace(" ", "")) >= 4]
    for line in lines[:5]:
        m = LETTERHEAD_RE.match(line)
        if m:
            return m.group(1), line, "文头"
        m = FIRM_RE.match(NAME_WORD.sub("", LEAD_JUNK.sub("", line)))  # a firm's name, not "关于成立零碳工厂…"
        if m and len(m.group(1)) >= 6 and not re.match(HOLDER_LABELS + "|关于", line):
            return m.group(1), line, "标题"
    for line in reversed(lines[-8:]):
        m = COMPANY_RE.fullmatch(line)
        if m and len(m.group(1)) >= 6:
            return m.group(1), line, "署名"
    return None


@dataclass(frozen=True)
class Source:
    """A document's text in the forms the extractors read."""

    t: str  # NFKC-normalised
    q: str  # … without whitespace (layouts space label characters out, "名  称", and break lines anywhere)
    compact: str  # … with spaces inside codes removed (OCR splits a 统一社会信用代码)
    own: bool  # the applicant wrote the document itself (``own`` in doc_types.yaml)

    @classmethod
    def of(cls, text: str, own: bool = False) -> Source:
        t = normalise(text)
        return cls(t, squash(t), re.sub(r"(?<=[0-9A-Z]) (?=[0-9A-Z])", "", t), own)

    def lines(self) -> list[str]:
        """The text's lines of 4 or more characters, spaces removed."""
        return [ln.strip().replace(" ", "") for ln in self.t.split("\n") if len(ln.strip().replace(" ", "")) >= 4]


Fields = dict[str, Any]
Evidence = dict[str, str]


def read_uscc(s: Source, f: Fields, ev: Evidence) -> None:
    """统一社会信用代码: prefer one next to its label; validated with python-stdnum."""
    labelled = [tail for tail, _ in _after_label(s.compact, r"(?:统一社会信用代码|社会信用代码|信用代码|USCC|Unified Social Credit Code)", 40)]
    codes = [m.group(1) for tail in labelled for m in USCC_RE.finditer(tail)] or [m.group(1) for m in USCC_RE.finditer(s.compact)]
    if codes:
        code = codes[0]
        f["uscc"] = code
        f["uscc_valid"] = bool(_uscc.is_valid(code))
        f["uscc_all"] = sorted(set(codes))
        i = s.compact.find(code)
        ev["uscc"] = s.compact[max(0, i - 15) : i + 22].replace("\n", " ")


def read_holder(s: Source, f: Fields, ev: Evidence) -> None:
    """The company the document is of: after a holder label; for the applicant's own documents its
    title, letterhead or signature; or the client of a "兹声明……受……委托" declaration."""
    for tail, snip in _after_label(s.q, HOLDER_LABELS):
        name = _company_in(tail)
        if name:
            f["holder"], ev["holder"] = name, snip
            return
    if s.own:
        found = _own_holder(s.t)
        if found:
            f["holder"], ev["holder"], f["holder_source"] = found
            return
    m = DECLARE_RE.search(s.q)
    if m:
        f["holder"], ev["holder"] = m.group(2), m.group(0)


def read_issuer(s: Source, f: Fields, ev: Evidence) -> None:
    """The organisation that issued or verified the document: after an issuer label, the verifier of
    a declaration, the name after "（盖章）" in the signature block, or a name standing alone by the
    seal or in the letterhead."""
    for tail, snip in _after_label(s.q, ISSUER_LABELS, 50):
        name = _org_in(tail)
        if name:
            f["issuer"], ev["issuer"] = name, snip
            return
    m = DECLARE_RE.search(s.q)  # "兹声明：<核查机构>受<企业>委托……"
    if m:
        f["issuer"], ev["issuer"] = m.group(1), m.group(0)
        return
    q = s.q
    for m in reversed(list(SEAL_MARK_RE.finditer(q))):  # the last "（盖章）": the signature block
        if not s.own and re.search(r"(?:受核查方|受评价方|委托方|委托单位|申报单位|被审计单位|用电单位)(?:名称)?$", q[max(0, m.start() - 8) : m.start()]):
            continue  # the applicant's own seal line on someone else's document
        name = _org_in(q[m.end() : m.end() + 50])
        if name and len(name) >= 4:
            f["issuer"], ev["issuer"] = name, q[max(0, m.start() - 8) : m.end() + 40]
            return
    lines = s.lines()
    for line in list(reversed(lines[-8:])) + lines[:6]:
        if re.match(HOLDER_LABELS, line):
            continue  # "受核查方<企业>" names the holder, not the issuer
        m = COMPANY_RE.fullmatch(line) or ORG_RE.fullmatch(line)
        if m and (s.own or m.group(1) != f.get("holder")) and len(m.group(1)) >= 4:
            f["issuer"], ev["issuer"] = m.group(1), line
            return


def _labelled_date(s: Source, labels: str, key: str, f: Fields, ev: Evidence) -> bool:
    """The first date right after one of ``labels``, as ``f[key]``; whether one was found."""
    for tail, snip in _after_label(s.q, labels, 30):
        d = _first_date(tail)
        if d:
            f[key], ev[key] = d[0].isoformat(), snip
            return True
    return False


def read_expiry(s: Source, f: Fields, ev: Evidence) -> None:
    """The expiry date: after an expiry label, or the end of a validity period ("长期" kept as is)."""
    if _labelled_date(s, EXPIRY_LABELS, "expiry_date", f, ev):
        return
    # "有效期：2024年5月10日至2027年5月9日" / "营业期限：… 至 …"
    for tail, snip in _after_label(s.q, r"(?:有效期|有效期限|营业期限|证书有效期|许可有效期|Valid(?:ity)?(?:until|to)?)", 60):
        dates = sorted((d, m.start()) for rx in DATE_RES for m in rx.finditer(tail) if (d := _date(m)))
        if len(dates) >= 2 or (dates and ("至" in tail[: dates[0][1]] or "until" in tail.lower())):
            f["expiry_date"], ev["expiry_date"] = dates[-1][0].isoformat(), snip
            if len(dates) >= 2:
                f.setdefault("valid_from", dates[0][0].isoformat())
            return
        if "长期" in tail[:12]:
            f["expiry_date"], ev["expiry_date"] = "长期", snip
            return


def read_issue_date(s: Source, f: Fields, ev: Evidence) -> None:
    """The issue date: after an issue-date label, or the date under the signature at the end."""
    if _labelled_date(s, ISSUE_LABELS, "issue_date", f, ev):
        return
    tail_lines = [ln.strip() for ln in s.t.split("\n") if ln.strip()][-6:]
    for line in reversed(tail_lines):
        compact_line = line.replace(" ", "")
        found = [(_date(m), m.group(0)) for rx in DATE_RES for m in rx.finditer(compact_line)]
        found += [(_cn_date(m), m.group(0)) for m in CN_DATE_RE.finditer(compact_line)]
        dated = [(dd, g) for dd, g in found if dd]
        if dated:
            f["issue_date"], ev["issue_date"] = dated[-1][0].isoformat(), line
            return


def read_number(s: Source, f: Fields, ev: Evidence) -> None:
    """The certificate, licence or registration number."""
    m = NUMBER_RE.search(s.t)
    if m:
        f["number"], ev["number"] = m.group(1), s.t[max(0, m.start()) : m.end()].replace("\n", " ")


def read_standards(s: Source, f: Fields, ev: Evidence) -> None:
    """The standards named (GB/T 19001, ISO 14001 …), in order of appearance."""
    stds: list[str] = []
    for m in STANDARD_RE.finditer(s.t):
        std = re.sub(r"\s+", " ", m.group(1).upper().replace("GB/T", "GB/T ").replace("ISO", "ISO ")).replace("  ", " ").strip()
        if std not in stds:
            stds.append(std)
    if stds:
        f["standards"] = stds


def _span(a: int, b: int) -> range:
    return range(a, b + 1) if 0 <= b - a <= 10 else range(0)


def read_years(s: Source, f: Fields, ev: Evidence) -> None:
    """The years covered: from a period's own value when a period label is present (核查年度：2024年度),
    else from year ranges, "20xx年度", a year in the title and year lists anywhere in the text."""
    years: set[int] = set()
    for tail, _ in _after_label(s.q, PERIOD_LABELS, 40):
        value = NEXT_LABEL.split(tail, 1)[0]
        for m in YEAR_RANGE_RE.finditer(value + "年"):
            years.update(_span(int(m.group(1)), int(m.group(2))))
        for rx in DATE_RES:
            years.update(int(m.group(1)) for m in rx.finditer(value))
        years.update(int(y) for y in re.findall(r"(20\d{2})年", value))
        for m in YEAR_LIST_RE.finditer(value):
            years.update(int(y) for y in re.findall(r"20\d{2}", m.group(1)))
    if not years:
        t = s.t
        for m in YEAR_RANGE_RE.finditer(t):
            years.update(_span(int(m.group(1)), int(m.group(2))))
        years.update(int(m.group(1)) for m in YEAR_RE.finditer(t))
        years.update(int(m.group(1)) for m in YEAR_TITLE_RE.finditer(t[:300]))  # a year in the title
        for m in YEAR_LIST_RE.finditer(t):
            years.update(int(y) for y in re.findall(r"20\d{2}", m.group(1)))
    if years:
        f["years"] = sorted(years)


def read_quantities(s: Source, f: Fields, ev: Evidence) -> None:
    """Electricity (MWh; 万千瓦时 converted) and emissions (tCO2) figures."""
    mwh = [_num(m.group(1)) for m in MWH_RE.finditer(s.t)] + [_num(m.group(1)) * 10 for m in KWH_WAN_RE.finditer(s.t)]
    if mwh:
        f["quantity_mwh"] = max(mwh)
    tco2 = [_num(m.group(1)) for m in TCO2_RE.finditer(s.t)]
    if tco2:
        f["tco2"] = tco2[:12]


def read_language(s: Source, f: Fields, ev: Evidence) -> None:
    """zh or en (see :func:`language`)."""
    f["language"] = language(s.t)


#: one extractor per field, run in this order (the issuer's look at standalone names skips the holder)
EXTRACTORS: tuple[Callable[[Source, Fields, Evidence], None], ...] = (
    read_uscc, read_holder, read_issuer, read_expiry, read_issue_date, read_number, read_standards, read_years,
    read_quantities, read_language,
)


def extract_fields(text: str, *, own: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """Fields found in a document's text, and the snippet each was read from.

    ``own``: the applicant wrote the document itself (``own`` in doc_types.yaml), so the company
    in its title, letterhead or signature is the holder when no label names one.
    """
    src = Source.of(text, own)
    f: Fields = {}
    ev: Evidence = {}
    for extractor in EXTRACTORS:
        extractor(src, f, ev)
    return f, ev


def company_names(text: str) -> list[str]:
    """Every company-like name in a text (for notices that list many enterprises)."""
    t = normalise(text).replace(" ", "")
    return list(dict.fromkeys(m.group(1) for m in COMPANY_RE.finditer(t)))
