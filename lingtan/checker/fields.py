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
from functools import cache, cached_property, lru_cache
from itertools import islice
from typing import Any

from stdnum.cn import uscc as _uscc

from .guarded import guarded
from .text import normalise, squash

USCC_RE = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10})(?![0-9A-Z])")
COMPANY_SUFFIX = r"(?:股份有限公司|有限责任公司|有限公司|集团公司|总公司|分公司|公司|工厂|厂|研究院|研究所|中心|事务所|合作社)"
COMPANY_RE = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa50-9()（）·\-]{2,40}?" + COMPANY_SUFFIX + r")")
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|"
          r"dec(?:ember)?)\.?(?![a-z])")
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_SEP = r"[ \t]*"
#: every form a date is printed in (the text is NFKC-normalised; OCR may drop the spaces)
DATE_RES = [
    re.compile(_YEAR + r"\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),  # 2022年3月21日
    guarded(r"(?<!\d)" + _YEAR + _SEP + r"[-./]" + _SEP + r"(?P<m>\d{1,2})" + _SEP + r"[-./]" + _SEP + r"(?P<d>\d{1,2})(?!\d)"),  # 2022-03-21
    # 21-03-2022, 21/03/2022, 21.03.2022: day first, as ISO certification bodies in China (and most of the world)
    # print them; only a second number above 12 makes it month first (03/21/2022, US style). The two separators
    # are the same ("HJ 2.1-2016" is a standard, not a date).
    guarded(r"(?<![\d.\-/])(?P<a>\d{1,2})" + _SEP + r"(?P<sep>[-./])" + _SEP + r"(?P<b>\d{1,2})" + _SEP + r"(?P=sep)" + _SEP + _YEAR + r"(?!\d)"),
    guarded(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \t\-./,]*" + _MONTH + r"[ \t\-./,]*" + _YEAR + r"(?!\d)", re.I),  # 21 March 2022, 21-Mar-2022
    guarded(r"(?<![a-z])" + _MONTH + r"[ \t\-./]*(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \t,.]*" + _YEAR + r"(?!\d)", re.I),  # March 21, 2022
]
HOLDER_LABELS = (
    r"(?:兹证明|兹证实|本证书证明|受核查方名称|受核查方|受核查单位|委托人名称|认证委托人|委托方|委托单位|持证单位|获证组织|获证单位|证书持有人|持有人名称|"
    r"购电主体|购电方|电力用户名称|电力用户|用电单位|被审计单位|对标企业|建设单位|市场主体名称|排污单位|重点排放单位|核查对象|被评估方|"
    r"企业名称|单位名称|组织名称|申请人|申请单位|申报单位|权利人|账户名称|名称)"
    r"|(?:企业|用户名称|持有人)(?=[:：])"  # short, generic labels count only with a colon
)
ORG_SUFFIX = r"(?:股份有限公司|有限责任公司|有限公司|公司|研究院|研究所|中心|事务所|办公厅|委员会|管理局|监督管理局|局|厅|部|站|所)"
ORG_RE = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa5()（）·]{1,30}?" + ORG_SUFFIX + r")(?![\u4e00-\u9fa5]{0,1}(?:公司|中心))")
LEAD_JUNK = re.compile(r"^(?:[\d年月日\-./:：,，()（）\s]|[A-Za-z])*")
ISSUER_LABELS = (r"(?:认证机构|发证机构|颁证机构|核查机构|核查单位|评估机构|审计机构|评价机构|登记机关|发证机关|"
                 r"发证单位|核发机构|核发单位|签发机构|出具单位|出具机构|编制单位|颁发单位)")
# English labels are matched in text without whitespace (OCR drops spaces: "Dateofexpiry:21-03-2022"), any case
EXPIRY_LABELS = (r"(?:有效期至|有效期限至|有效截止日期|证书有效期至|到期日期|失效日期|有效期到|证书到期日?|到期日|"
                 r"(?i:dateofexp[a-z]{0,8}|exp[a-z]{0,8}date|exp(?:iry|iration|ires|ired)(?:on)?|valid(?:ity)?(?:until|till|to|through|thru)|"
                 r"certificate(?:is)?valid(?:until|till|to|through)))")
ISSUE_LABELS = (r"(?<!初次)(?<!首次)(?:发证日期|颁证日期|签发日期|颁发日期|核发日期|注册日期|登记日期|核准日期|批准日期|出具日期|报告日期|发文日期|换证日期|"
                r"本次发证(?:日期)?|发证时间|颁证时间|填报日期|发布日期|编制日期|签订日期|查询日期|截图日期|生成日期|声明日期|生成时间|出具时间|打印日期|"
                r"(?i:dateof(?:current)?issu[a-z]{0,3}|(?<!original)(?<!initial)(?<!first)(?:current)?(?:issu(?:e|ing|ance)|certification|registration)date|"
                r"issuedon|dateofcertification|dateofregistration|effectivedate))")
#: issue dates of an earlier certificate: read only when no current one is printed
FIRST_ISSUE_LABELS = (r"(?:初次发证(?:日期)?|初次认证日期|首次发证(?:日期)?|首次认证日期|初次颁证日期|"
                      r"(?i:(?:original|initial|first)(?:certification|issue|registration)date|dateof(?:original|initial|first)"
                      r"(?:certification|issue|registration)))")
ESTABLISHED_LABELS = r"(?:成立日期|(?i:dateofestablishment|establishmentdate|dateofincorporation|incorporationdate))"
#: a validity period: its end is the expiry date ("营业期限：2015年06月18日至长期", "Valid from 18 June 2024 to 17 June 2027")
PERIOD_VALID_LABELS = (r"(?:证书有效期|许可有效期|有效期限|有效期|营业期限|经营期限|合伙期限|"
                       r"(?i:validityperiod|periodofvalidity|valid(?:ity)?(?:from)?))")
OPEN_ENDED = re.compile(r"长期|永久|无固定期限|不约定期限|(?i:indefinite|permanent|unlimited)")
#: the labels of a business licence: a value ends where the next one begins (OCR puts the columns on one line)
LICENCE_LABELS = re.compile(r"名称|类型|住所|法定代表人|负责人|注册资本|成立日期|营业期限|经营期限|经营范围|登记机关|统一社会信用代码|经营场所")
#: a date after these on its line is a founding date or the end of a period, never the date under a signature
PERIOD_START = re.compile(r"\s*(?:至|到|[~～\-—–]|(?i:to|until)\d)")  # the date is the start of a period ("2023年2月1日至2026年2月5日")
NOT_ISSUE_CONTEXT = re.compile(r"(?:成立日期|营业期限|经营期限|有效期|合伙期限|核查期|报告期|至|(?i:valid|expir|establish|until|from))[^\d]{0,12}$"
                               r"|(?<![A-Za-z])(?i:to|till)[:：]?$")  # "Valid from 2024-03-12 to 2027-03-11": the end of the period
STANDARD_RE = guarded(r"((?:GB/T|GB|ISO|IEC|HJ|IATF)\s*\d{3,5}(?:\.\d+)?(?:\s*-\s*\d{1,2}(?!\d))?(?:\s*[-:]\s*\d{4})?)", re.I)
_EN_NO = r"(?:Certificate|Registration|Cert\.?|Reg\.?)\s*(?:No\.?|Number|#)"
NUMBER_RE = guarded(
    r"(?:证书编号|证书号|注册号|许可证编号|证照编号|编号|证号|" + _EN_NO + r")"
    r"\s*(?:[/／]?\s*" + _EN_NO + r")?\s*[:：.]?\s*([A-Za-z0-9\-/]*\d[A-Za-z0-9\-/]{3,40})",
    re.I,
)
NEXT_LABEL = re.compile(r"[\u4e00-\u9fa5]{2,8}[:：]")
DECLARE_RE = re.compile(
    r"兹(?:声明|证明)[:：]?([\u4e00-\u9fa5()（）]{2,40}?(?:中心|公司|研究院|研究所|事务所|局))"
    r"受([\u4e00-\u9fa5()（）]{2,40}?(?:公司|厂))(?:（[^）]*）)?委托"
)
PERIOD_LABELS = (r"(?:核查年度|报告年度|排放年度|核算年度|核查期|核算期|统计期|生产时间|交易时间|结算周期|结算期|"
                 r"消费时间|消费周期|电量生产时间|报告期|期间|周期|时段|Period)")
#: English period labels: their values are longer ("1January2023to31December2023"), read in a wider window
EN_PERIOD_LABELS = r"(?i:reportingperiod|verificationperiod|periodcovered|periodofreporting|reportingyear|calendaryear)"  # 时段: "电量生产/消费时段"
#: "2022—2024年", "2019年度—2020年度", "2022年至2024年": a range read whole (a 年 after one of the two years)
YEAR_RANGE_RE = re.compile(r"(20\d{2})\s*(?:年\s*度?)?\s*(?:[-—–~～至到]+|to)\s*(20\d{2})\s*年")
#: inside a period's value a bare range counts too ("核查年度：2022–2024", "Reporting period: 2022-2023")
BARE_RANGE_RE = re.compile(r"(?<![\d\-./])(20\d{2})\s*(?:年\s*度?)?\s*(?:[-—–~～至到]+|(?i:to))\s*(20\d{2})(?![\d\-./])")
#: "calendar year 2023", "reporting year: 2023", "FY2023"
EN_YEAR_RE = re.compile(r"(?i:(?:calendar|reporting|financial|fiscal)\s*year|FY)\s*[:：]?\s*(20\d{2})(?!\d)")
YEAR_RE = re.compile(r"(20\d{2})\s*年度")
YEAR_TITLE_RE = re.compile(r"(20\d{2})\s*(?=可持续发展|ESG|社会责任|环境、社会|温室气体|碳排放|碳足迹|能源审计|能效对标)", re.I)  # "2025可持续发展报告"
YEAR_LIST_RE = guarded(r"((?:20\d{2}\s*年?度?\s*[、,，和及与]\s*)+20\d{2})\s*年")  # 2021、2025年度 / 2021年和2025年
MWH_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:MWh|兆瓦时)", re.I)
KWH_WAN_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万千瓦时")
TCO2_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:t\s*CO\s*[2₂]\s*-?\s*e(?:q)?|t\s*CO\s*[2₂]|tonnes?\s*(?:of\s*)?CO\s*[2₂]\s*-?\s*e?|"
                     r"吨二氧化碳当量|吨CO2e?|吨二氧化碳)", re.I)
#: the units alone: a text without them has no figure to look for (numbers are many, units few)
MWH_UNIT = guarded(r"MWh|兆瓦时", re.I)
TCO2_UNIT = guarded(r"t\s*CO\s*[2₂]|tonnes?\s*(?:of\s*)?CO\s*[2₂]|吨二氧化碳|吨CO2", re.I)
#: the legal form or kind at the end of an English organisation name
EN_ORG_END = (r"(?i:Co\.?\s*,?\s*Ltd\.?|Co\.?\s*,?\s*Limited|Company\s*Limited|Limited|Ltd\.?|Inc\.?|Incorporated|Corporation|Corp\.?|"
              r"L\.?L\.?C\.?|GmbH|AG|S\.A\.?|B\.V\.?|PLC|Plc|Pty\.?\s*Ltd\.?|Company|Certification\s*Cent(?:er|re)|"
              r"(?:Quality|Certification|Assessment|Testing|Inspection)\s*(?:Cent(?:er|re)|Institute|Services?|Bureau)|Cent(?:er|re)|Institute)")
EN_NAME_CHARS = r"[A-Za-zÀ-ÿ0-9&'’.,()\- ]"  # TÜV SÜD, Société Générale de Surveillance
EN_ORG_RE = re.compile(r"([A-ZÀ-Þ]" + EN_NAME_CHARS + r"{1,110}?" + EN_ORG_END + r")(?![A-Za-z])")
#: where an English name's line goes on with a sentence ("TÜV Rheinland Cert GmbH hereby certifies that …")
EN_NAME_STOP = re.compile(r"\s+(?:hereby|has|have|is|are|was|were|certif(?:y|ies)|verif(?:y|ies)|declares?|confirms?|located|situated|at)\b.*$",
                          re.I | re.S)
EN_HOLDER_LABEL = guarded(
    r"(?:this\s*is\s*to\s*(?:certify|verify|confirm|declare)\s*that|(?:we\s*)?hereby\s*(?:certif(?:y|ies)|verif(?:y|ies))\s*that|"
    r"certif(?:y|ies)\s*that|verif(?:y|ies)\s*that)"
    r"(?:\s*the)?(?:\s*(?:[A-Za-z&,\- ]{0,60}?management\s*systems?\s*of|(?:ghg|greenhouse\s*gas)\s*(?:emissions?\s*)?"
    r"(?:statement|assertion|inventory|report)\s*of|carbon\s*footprint\s*of[A-Za-z0-9 ,\-]{0,60}?\s*of|"
    r"organi[sz]ation|company|enterprise))?\s*[:：]?"
    r"|(?:name\s*of\s*(?:the\s*)?(?:organi[sz]ation|company|enterprise|certificate\s*holder|licensee|client|responsible\s*party)|"
    r"organi[sz]ation\s*name|company\s*name|client\s*name|responsible\s*party|verified\s*organi[sz]ation|"
    r"certificate\s*holder|certified\s*organi[sz]ation)\s*[:：]?"
    r"|(?<![a-z])(?:organi[sz]ation|holder|licensee)\s*[:：]",
    re.I)
EN_ISSUER_LABEL = guarded(
    r"(?:certification\s*body|certifying\s*body|certification\s*organi[sz]ation|registrar|issued\s*by|issuing\s*(?:body|authority|organi[sz]ation)|"
    r"verification\s*body|verifier|assurance\s*provider|(?:for\s*and\s*)?on\s*behalf\s*of|signed\s*for|verified\s*by)"
    r"\s*[:：]?", re.I)
#: certification and verification bodies that issue in English: (the name shown, how the text names it) — the logo or
#: the signature block names them even when no label does
KNOWN_BODIES: tuple[tuple[str, str], ...] = (
    ("BSI", r"\bBSI\b|British\s*Standards\s*Institution"),
    ("SGS", r"\bSGS\b|Soci[ée]t[ée]\s*G[ée]n[ée]rale\s*de\s*Surveillance"),
    ("TÜV SÜD", r"T[ÜU]E?V\s*S[ÜU]E?D"),
    ("TÜV Rheinland", r"T[ÜU]E?V\s*Rheinland"),
    ("TÜV NORD", r"T[ÜU]E?V\s*NORD"),
    ("TÜV AUSTRIA", r"T[ÜU]E?V\s*AUSTRIA"),
    ("DNV", r"\bDNV(?:\s*GL)?\b|Det\s*Norske\s*Veritas"),
    ("Bureau Veritas", r"Bureau\s*Veritas|\bBVC?\b(?=\s*(?:Certification|China|Shanghai|Holding))"),
    ("LRQA", r"\bLRQA\b|Lloyd'?s\s*Register"),
    ("Intertek", r"\bIntertek\b"),
    ("DEKRA", r"\bDEKRA\b"),
    ("CQC", r"\bCQC\b|China\s*Quality\s*Certification\s*Cent(?:er|re)"),
    ("CEC", r"China\s*Environmental\s*United\s*Certification\s*Cent(?:er|re)|\bCEC\b"),
    ("CCCI", r"\bCCCI\b|China\s*Classification\s*Society\s*Certification"),
    ("CTI", r"\bCTI\b(?=\s*(?:Certification|Testing|Group|Centre|Center))|Centre\s*Testing\s*International"),
    ("ABS", r"\bABS\s*Quality\s*Evaluations\b"),
    ("Kiwa", r"\bKiwa\b"),
    ("NQA", r"\bNQA\b"),
    ("Control Union", r"Control\s*Union"),
    ("UL", r"\bUL\s*(?:Solutions|Verification|Certification|LLC)\b"),
    ("中国质量认证中心", r"中国质量认证中心"),
    ("中环联合（北京）认证中心", r"中环联合[(（]北京[)）]认证中心"),
)
KNOWN_BODY_RE = guarded("|".join(f"(?P<b{i}>{rx})" for i, (_, rx) in enumerate(KNOWN_BODIES)))
#: "SHANGHAI AUDIT CENTER OF QUALITY SYSTEMS": a line of three or more words in capitals, one of them a word bodies are named by
CAPS_BODY_RE = re.compile(r"[A-Z][A-Z&'’.,()\-]*(?: [A-Z&'’.,()\-]+){2,12}")
BODY_WORD_RE = re.compile(r"\b(?:CENT(?:ER|RE)|CERTIFICATION|ASSURANCE|REGISTRAR|INSTITUTE|BUREAU|AUDIT|INSPECTION|VERIFICATION)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")  # counted by runs: as many characters as CJK finds, in far fewer matches
LATIN_RUN = re.compile(r"[A-Za-z]+")
CODE_SPACE = re.compile(r" (?<=[0-9A-Z] )(?=[0-9A-Z])")  # a space inside a code (OCR splits a 统一社会信用代码)


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
    """The date a match of one of :data:`DATE_RES` stands for (None: no such day)."""
    g = m.groupdict()
    try:
        if g.get("a") is not None:  # day first, unless the second number can only be a day
            a, b = int(g["a"]), int(g["b"])
            day, month = (b, a) if b > 12 >= a else (a, b)
        else:
            day = int(g["d"])
            month = MONTHS[g["mon"][:3].lower()] if g.get("mon") else int(g["m"])
        return date(int(g["y"]), month, day)
    except (KeyError, ValueError):
        return None


def _dates(s: str) -> list[tuple[int, date, str]]:
    """Every date in ``s`` in any printed form (start, date, the text), in order; of overlapping
    readings the one that starts first (then the longest) counts."""
    found = []
    for rx in DATE_RES:
        for m in rx.finditer(s):
            d = _date(m)
            if d:
                found.append((m.start(), m.end(), d, m.group(0)))
    for m in CN_DATE_RE.finditer(s):
        d = _cn_date(m)
        if d:
            found.append((m.start(), m.end(), d, m.group(0)))
    found.sort(key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, date, str]] = []
    end = -1
    for start, stop, d, text in found:
        if start >= end:
            out.append((start, d, text))
            end = stop
    return out


def _first_date(s: str) -> tuple[date, str] | None:
    found = _dates(s)
    return (found[0][1], found[0][2]) if found else None


@cache
def _label_re(labels: str) -> re.Pattern[str]:
    """A label of ``labels`` with what may follow it before its value: a short bracketed note, a colon."""
    return guarded("(?:" + labels + r")(?:[（(][^）)]{1,6}[)）])?\s*[:：]?")


@cache
def _label_line_re(labels: str) -> re.Pattern[str]:
    """A label of ``labels`` at the start of a line (spaces removed), its note and colon (:func:`_stacked`)."""
    return guarded("(?:" + labels + r")(?:[（(][^）)]{1,6}[)）])?[:：]?")


def _after_label(text: str, labels: str, window: int = 60) -> list[tuple[str, str]]:
    """(following text, snippet) after each occurrence of a label."""
    out = []
    for m in _label_re(labels).finditer(text):
        tail = text[m.end() : m.end() + window]
        out.append((tail, text[max(0, m.start() - 5) : m.end() + window].replace("\n", " ")))
    return out


NAME_WORD = re.compile(r"^(?:[:：、]|名称|全称|单位名称|企业名称|[和及]?地址)+")  # "认证委托人名称、地址：××公司"


#: what a company's name never holds: another label of a licence or form, an amount, a bare legal form
#: ("注册资本贰亿元整类型其他有限责任公司" is the next columns of a licence photo read on one line, not a name)
NOT_A_NAME = re.compile(r"注册资本|实收资本|类型|住所|法定代表人|负责人|成立日期|营业期限|经营范围|登记机关|统一社会信用代码|"
                        r"经营场所|[亿万]元|元整|人民币|^(?:其他)?(?:有限责任公司|股份有限公司|有限公司|分公司|公司)")


def plausible_name(name: str) -> bool:
    """Whether a name read after a label looks like a company's or body's name (:data:`NOT_A_NAME`)."""
    return NOT_A_NAME.search(name) is None


def _company_in(s: str) -> str | None:
    """The company name at the start of ``s`` (whitespace-free text; Latin and dates skipped)."""
    s = NAME_WORD.sub("", LEAD_JUNK.sub("", s))
    m = COMPANY_RE.match(s)
    return m.group(1) if m and plausible_name(m.group(1)) else None


def _org_in(s: str) -> str | None:
    """An organisation name (company, bureau, centre …) at the start of ``s``."""
    s = NAME_WORD.sub("", LEAD_JUNK.sub("", s))
    m = COMPANY_RE.match(s) or ORG_RE.match(s)
    return m.group(1) if m and plausible_name(m.group(1)) else None


#: a registration authority, wherever a licence prints it (its seal's ring, the line by the date under 登记机关)
AUTHORITY_RE = re.compile(r"([\u4e00-\u9fa5]{2,14}?(?:市场监督管理局|市场监管局|工商行政管理局|工商局|行政审批局|行政审批服务局|"
                          r"市场和质量监督管理局|数据局))")


def _en_name(tail: str) -> str | None:
    """An organisation's name at the start of ``tail`` (text after an English label): a Chinese
    company name, else an English one up to its legal form ("… Co., Ltd.", "… Certification
    Centre"; a name may wrap onto a second line), else the first line when it reads like a name."""
    tail = tail.lstrip(" \t\n:：-—–/|")
    if not tail:
        return None
    if CJK.match(tail):
        return _company_in(squash(tail[:80]))
    lines = [ln.strip() for ln in tail.split("\n")]
    first = lines[0]
    first = EN_NAME_STOP.sub("", first)
    m = re.match(r"([A-ZÀ-Þ]" + EN_NAME_CHARS + r"{1,110}" + EN_ORG_END + r")(?![A-Za-z])", first) or EN_ORG_RE.match(" ".join(lines[:2]))
    if m:
        return EN_NAME_STOP.sub("", re.sub(r"\s+", " ", m.group(1))).strip()
    if (re.match(r"[A-ZÀ-Þ]", first) and 6 <= len(first) <= 100 and len(LATIN.findall(first)) >= 6 and not re.search(r"[:：]|\d{3,}", first)
            and not re.match(r"(?i)(?:has|is|are|for|that|the|this|with|in|to|of)\b", first)):
        return first.rstrip(" ,.;")
    return None


#: a Chinese text's words are about this many characters long (words are what the shares compare)
CJK_WORD_CHARS = 2
#: the share of Chinese words at or above which a document is ``zh``, at or below which it is ``en``; between: ``bilingual``
ZH_SHARE, EN_SHARE = 0.7, 0.3
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
#: Latin words a Chinese document uses as Chinese does (units, standards, codes): not a second language
NOT_ENGLISH = frozenset(("iso", "gb", "hj", "iatf", "co", "tco", "mwh", "kwh", "gwh", "tce", "kg", "pdf", "no", "ltd", "http", "https",
                         "www", "com", "cn", "esg", "ccer", "ghg", "ppa"))


def language(text: str) -> str:
    """``zh``, ``en`` or ``bilingual``, by the share of Chinese words (characters / :data:`CJK_WORD_CHARS`) among
    all words — not "any Chinese makes it Chinese": an English statement naming its client in Chinese is ``en``,
    a certificate printed in both languages ``bilingual``."""
    cjk = sum(map(len, CJK_RUN.findall(text))) / CJK_WORD_CHARS
    latin = sum(1 for w in LATIN_WORD.findall(text) if w.lower() not in NOT_ENGLISH)
    if cjk + latin < 10:
        return "en" if latin > cjk else "zh"
    share = cjk / (cjk + latin)
    if share >= ZH_SHARE:
        return "zh"
    return "en" if share <= EN_SHARE else "bilingual"


def _num(s: str) -> float:
    return float(s.replace(",", ""))


SEAL_MARK_RE = re.compile(r"[（(](?:盖章|公章|盖公章|签章)[)）][:：]?")
LETTERHEAD_RE = re.compile(r"^(.{4,40}?" + COMPANY_SUFFIX + r")文件$")
#: a certification body's name at the head of a certificate with its number beside it ("中标环球认证有限公司 No.CN-OHS-2024-1184")
LETTERHEAD_NO_RE = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa5()（）·]{2,40}?" + COMPANY_SUFFIX + r")"
                              r"(?:证书编号|证书号|编号|注册号|(?:Certificate|Registration)?No\.?)+[:：]?[A-Za-z0-9\-/]{4,40}", re.I)
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
        return cls(t, squash(t), CODE_SPACE.sub("", t), own)

    @cached_property
    def _lines(self) -> list[str]:
        return [q for ln in self.t.split("\n") if len(q := ln.strip().replace(" ", "")) >= 4]

    def lines(self) -> list[str]:
        """The text's lines of 4 or more characters, spaces removed."""
        return list(self._lines)


Fields = dict[str, Any]
Evidence = dict[str, str]


#: characters OCR (or a typist) confuses; a code failing its check digit is tried with each swapped for the others
#: of its group, one at a time
CONFUSABLE = ("0ODQ", "1IL7", "2Z", "5S", "8B3", "6G")
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
#: GB 32100-2015 table 1: registration authority and organisation type (the first two characters; python-stdnum
#: admits digits only there) …
USCC_KINDS = frozenset(("11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39", "41", "49", "51",
                        "52", "53", "59", "61", "62", "69", "71", "72", "79", "81", "89", "91", "92", "93"))
#: … and GB/T 2260 provinces (the first two digits of the division code, characters 3–4)
PROVINCES = frozenset(("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
                       "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"))


@lru_cache(maxsize=1024)
def uscc_valid(code: str) -> bool:
    """Whether ``code`` passes the GB 32100-2015 check (python-stdnum); a submission prints its applicant's code
    in most of its documents, so the answers are kept."""
    return bool(_uscc.is_valid(code))


def uscc_corrections(code: str) -> list[str]:
    """The codes that pass the GB 32100-2015 check digit when one OCR-confusable character of
    ``code`` is replaced (the first eight characters by digits only, the rest by characters a
    USCC may hold — as python-stdnum checks them; a changed authority, type or province must exist)."""
    out: list[str] = []
    for i, c in enumerate(code):
        for group in CONFUSABLE:
            if c not in group:
                continue
            for alt in group:
                if alt == c or alt not in (USCC_CHARS[:10] if i < 8 else USCC_CHARS):
                    continue
                cand = code[:i] + alt + code[i + 1 :]
                if i < 4 and (cand[:2] not in USCC_KINDS or cand[2:4] not in PROVINCES):
                    continue  # no such registration authority, organisation type or province
                if cand not in out and uscc_valid(cand):
                    out.append(cand)
    return out


def read_uscc(s: Source, f: Fields, ev: Evidence) -> None:
    """统一社会信用代码: prefer one next to its label; validated with python-stdnum. A code that fails
    the check digit, but passes it with exactly one OCR-confusable character changed (3→8, B→8 …),
    gets that reading as ``uscc_corrected``; ``uscc`` and ``uscc_all`` stay as printed."""
    labelled = [tail for tail, _ in _after_label(s.compact, r"(?:统一社会信用代码|社会信用代码|信用代码|USCC|Unified Social Credit Code)", 40)]
    codes = [m.group(1) for tail in labelled for m in USCC_RE.finditer(tail)] or [m.group(1) for m in USCC_RE.finditer(s.compact)]
    if codes:
        code = codes[0]
        f["uscc"] = code
        f["uscc_valid"] = uscc_valid(code)
        f["uscc_all"] = sorted(set(codes))
        i = s.compact.find(code)
        ev["uscc"] = s.compact[max(0, i - 15) : i + 22].replace("\n", " ")
        if not f["uscc_valid"]:
            fixes = uscc_corrections(code)
            if len(fixes) == 1:
                fixed = fixes[0]
                k = next(j for j, (a, b) in enumerate(zip(code, fixed, strict=True)) if a != b)
                f["uscc_corrected"] = fixed
                ev["uscc"] += f"（校验位不符；把第{k + 1}位“{code[k]}”改为“{fixed[k]}”后唯一通过校验：{fixed}）"
            else:
                ev["uscc"] += f"（校验位不符；改动一个易误识字符后通过校验的有 {len(fixes)} 个）"


def read_holder(s: Source, f: Fields, ev: Evidence) -> None:
    """The company the document is of: after a holder label; for the applicant's own documents its
    title, letterhead or signature; or the client of a "兹声明……受……委托" declaration."""
    for tail, snip in _after_label(s.q, HOLDER_LABELS):
        name = _company_in(tail)
        if name:
            f["holder"], ev["holder"] = name, snip
            return
    stacked = _stacked(s, HOLDER_LABELS, _whole_company)
    if stacked:
        f["holder"], ev["holder"] = stacked
        return
    if s.own:
        found = _own_holder(s.t)
        if found:
            f["holder"], ev["holder"], f["holder_source"] = found
            return
    m = DECLARE_RE.search(s.q)
    if m:
        f["holder"], ev["holder"] = m.group(2), m.group(0)
        return
    # English (and the English half of a bilingual document, whose Chinese labels came first)
    for m in EN_HOLDER_LABEL.finditer(s.t):
        name = _en_name(s.t[m.end() : m.end() + 240])
        if name:
            f["holder"], ev["holder"] = name, s.t[m.start() : m.end() + 120].replace("\n", " ")
            return


def read_issuer(s: Source, f: Fields, ev: Evidence) -> None:
    """The organisation that issued or verified the document: after an issuer label, the verifier of
    a declaration, the name after "（盖章）" in the signature block, or a name standing alone by the
    seal or in the letterhead."""
    for tail, snip in _after_label(s.q, ISSUER_LABELS, 50):
        name = _org_in(tail)
        if name:
            f["issuer"], ev["issuer"] = name, snip
            return
    if re.search(r"登记机关|发证机关", s.q) and (m := AUTHORITY_RE.search(s.q)):  # a licence: the authority by its seal and date
        f["issuer"], ev["issuer"] = m.group(1), s.q[max(0, m.start() - 10) : m.end() + 16]
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
    for m in EN_ISSUER_LABEL.finditer(s.t):  # "Certification body: …", "Issued by …", "For and on behalf of BSI"
        name = _en_name(s.t[m.end() : m.end() + 200])
        if not name and (kb := _known_body(s.t[m.end() : m.end() + 60].split("\n\n")[0], f.get("holder"))):
            name = kb[0]
        if name and name != f.get("holder") and len(name) >= 4:
            f["issuer"], ev["issuer"] = name, s.t[m.start() : m.end() + 100].replace("\n", " ")
            return
    pairs = [(q, w) for ln in s.t.split("\n") if len(q := (w := ln.strip()).replace(" ", "")) >= 4]  # lines, spaces kept too
    for line, words in list(reversed(pairs[-8:])) + pairs[:6]:
        if re.match(HOLDER_LABELS, line):
            continue  # "受核查方<企业>" names the holder, not the issuer
        m = COMPANY_RE.fullmatch(line) or ORG_RE.fullmatch(line) or LETTERHEAD_NO_RE.fullmatch(line)
        if m and (s.own or m.group(1) != f.get("holder")) and len(m.group(1)) >= 4 and plausible_name(m.group(1)):
            f["issuer"], ev["issuer"] = m.group(1), line
            return
        m = None if CJK.search(words) else re.fullmatch(r"([A-Z][A-Za-z0-9&'’.,()\- ]{1,110}" + EN_ORG_END + r")\.?", words)
        if m and not EN_HOLDER_LABEL.search(words) and (s.own or m.group(1) != f.get("holder")):
            f["issuer"], ev["issuer"] = m.group(1), words  # a certification body's name standing alone (by its seal, in the letterhead)
            return
    for _line, words in pairs[:3]:  # a body's name in capitals heading an English certificate
        if CAPS_BODY_RE.fullmatch(words) and BODY_WORD_RE.search(words) and words != (f.get("holder") or "").upper():
            f["issuer"], ev["issuer"] = words, words
            return
    found = _known_body(s.t, f.get("holder"))
    if found:
        f["issuer"], ev["issuer"] = found


def _known_body(t: str, holder: str | None) -> tuple[str, str] | None:
    """A certification or verification body of :data:`KNOWN_BODIES` the text names (its logo, its signature block),
    as (name, the line): its full name on that line when one is printed there ("BSI Assurance UK Ltd"), else its
    short name — never the holder's."""
    for m in KNOWN_BODY_RE.finditer(t):
        short = KNOWN_BODIES[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])][0]
        a, b = t.rfind("\n", 0, m.start()) + 1, t.find("\n", m.end())
        line = t[a : b if b >= 0 else len(t)].strip()
        full = EN_ORG_RE.search(line[m.start() - a :]) if not CJK.search(short) else None
        name = EN_NAME_STOP.sub("", full.group(1)).strip() if full and full.start() == 0 else short
        if holder and (name == holder or short in holder):
            continue
        return name, line[:160]
    return None


def _labelled_date(s: Source, labels: str, key: str, f: Fields, ev: Evidence) -> bool:
    """The first date right after one of ``labels``, as ``f[key]`` (or, in two columns of stacked
    labels and values, the date standing alone a line or two below the label); whether one was found."""
    for tail, snip in _after_label(s.q, labels, 30):
        d = _first_date(tail)
        if d:
            f[key], ev[key] = d[0].isoformat(), snip
            return True
    found = _stacked(s, labels, _whole_date)
    if found:
        f[key], ev[key] = found
        return True
    return False


STACK_LABEL_MAX = 8  # more Chinese characters than this after a label make its line prose, not a column heading
STACK_DEPTH = 3  # lines below a label looked at for its value (two columns of labels with values beneath)


def _stacked(s: Source, labels: str, pick: Callable[[str], str | None]) -> tuple[str, str] | None:
    """A value standing alone on a line just below a label that stands alone on its line.

    Two columns of "label above value" read row by row interleave: "依据标准 / 证书到期 / GB/T 23331-2020 /
    2028-02-09", "获证组织 / 证书编号 / ENMS-AH-2025-00052 / ××有限公司". The value of such a label is the
    first of the next :data:`STACK_DEPTH` lines that is wholly a value of its kind (``pick``: the value,
    or None); (value, evidence snippet) or None."""
    lines = s.lines()
    label_line = _label_line_re(labels)
    for k, line in enumerate(lines):
        m = label_line.match(line)
        if not m:
            continue
        # the label alone, or (OCR joins the columns' lines) followed by the other column's label or value, not its
        # own — never by running text ("受核查方温室气体排放核算边界完整…" is prose, not a label heading a column)
        rest = line[m.end():].strip()
        prose = len(CJK.findall(rest)) > STACK_LABEL_MAX
        if rest and (prose or pick(rest) or _dates(rest) or _company_in(rest)):
            continue
        for j in range(k + 1, min(len(lines), k + 1 + STACK_DEPTH)):
            value = pick(lines[j])
            if value:
                return value, " / ".join(lines[k : j + 1])
    return None


def _whole_date(line: str) -> str | None:
    """The date a line consists of (ISO), or None."""
    found = _dates(line)
    return found[0][1].isoformat() if len(found) == 1 and len(found[0][2].replace(" ", "")) == len(line) else None


def _whole_company(line: str) -> str | None:
    """The company name a line consists of, or None."""
    m = COMPANY_RE.fullmatch(line)
    return m.group(1) if m and len(m.group(1)) >= 6 and plausible_name(m.group(1)) else None


def _value(tail: str) -> str:
    """The value after a label: up to the next label ("住所：", or a licence's own labels, which OCR
    may put on the same line as the value before)."""
    cut = [m.start() + (tail[m.start()] == "日" and tail[m.start() - 1 : m.start()].isdigit())  # "…12日经营范围：": the 日 ends a date
           for rx in (NEXT_LABEL, LICENCE_LABELS) for m in rx.finditer(tail) if m.start() > 0]
    return tail[: min(cut)] if cut else tail


def read_expiry(s: Source, f: Fields, ev: Evidence) -> None:
    """The expiry date: after an expiry label, or the end of a validity period ("长期" kept as is;
    the start of the period is ``valid_from``)."""
    if _labelled_date(s, EXPIRY_LABELS, "expiry_date", f, ev):
        return
    # "有效期：2024年5月10日至2027年5月9日" / "营业期限：2015年06月18日至长期" / "Valid from 18 June 2024 to 17 June 2027"
    for tail, snip in _after_label(s.q, PERIOD_VALID_LABELS, 60):
        value = _value(tail)
        cont = re.match(r"(?:至|到|[~～\-—–])?(?:" + OPEN_ENDED.pattern + ")", tail[len(value):])
        if cont and re.search(r"(?:日|\d|至|到|[~～\-—–])$", value):
            value += cont.group(0)  # "…日至长期经营范围：": the cut at the next label took 至长期 for part of that label
        dates = _dates(value)
        open_end = OPEN_ENDED.search(value[:40])
        if open_end and (not dates or open_end.start() > dates[0][0]):
            f["expiry_date"], ev["expiry_date"] = "长期", snip
            if dates:
                f.setdefault("valid_from", dates[0][1].isoformat())
            return
        until = bool(dates) and re.search(r"至|到|(?i:until|till|through|to)[:：]?$", value[: dates[0][0]]) is not None
        if len(dates) >= 2 or until:
            ordered = sorted(d for _, d, _ in dates)
            f["expiry_date"], ev["expiry_date"] = ordered[-1].isoformat(), snip
            if len(dates) >= 2:
                f.setdefault("valid_from", ordered[0].isoformat())
            return


def read_established(s: Source, f: Fields, ev: Evidence) -> None:
    """The date a company was founded (a business licence's 成立日期): never its issue date."""
    _labelled_date(s, ESTABLISHED_LABELS, "established", f, ev)


def read_issue_date(s: Source, f: Fields, ev: Evidence) -> None:
    """The issue date: after an issue-date label (the current certificate's before its first issue's),
    the date under a licence's 登记机关 and its seal, or the date under the signature at the end —
    never a founding date (成立日期) or a date of a validity period (营业期限、有效期)."""
    if _labelled_date(s, ISSUE_LABELS, "issue_date", f, ev) or _labelled_date(s, FIRST_ISSUE_LABELS, "issue_date", f, ev):
        return
    for tail, _ in _after_label(s.q, r"登记机关", 60):  # "登记机关 [seal] 2023年08月16日"
        found = _dates(_value(tail))
        if found:
            start, d, text = found[0]
            f["issue_date"], ev["issue_date"] = d.isoformat(), "登记机关" + tail[: start + len(text)]
            return
    lines = list(islice((ln.strip().replace(" ", "") for ln in reversed(s.t.split("\n")) if ln.strip()), 8))[::-1]  # the last 7, and the one before
    for k in range(len(lines) - 1, max(-1, len(lines) - 7), -1):
        line = lines[k]
        before = lines[k - 1] if k else ""
        dated = [(d, text) for start, d, text in _dates(line) if not NOT_ISSUE_CONTEXT.search((before + line[:start])[-24:])
                 and not PERIOD_START.match(line[start + len(text) :])]
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
    """The years covered: from a period's own value when a period label is present (核查年度：2024年度,
    "2019年度—2020年度" and "2022–2024" read whole, "reporting period 1 January 2023 to 31 December 2023"),
    else from year ranges, "20xx年度", "calendar year 2023", a year in the title and year lists anywhere in the text."""
    years: set[int] = set()
    labelled = _after_label(s.q, PERIOD_LABELS, 40) + _after_label(s.q, EN_PERIOD_LABELS, 64)
    for tail, snip in labelled:
        value = NEXT_LABEL.split(tail, 1)[0]
        if (nxt := _label_re(ISSUE_LABELS + "|" + EXPIRY_LABELS + "|" + ISSUER_LABELS).search(value, 1)) is not None:
            value = value[: nxt.start()]  # "…至2025-12-31电源类型…核发日期2026年1月22日": the next field's date is not the period's
        found: set[int] = set()
        for rx in (YEAR_RANGE_RE, BARE_RANGE_RE):
            for m in rx.finditer(value + "年"):
                found.update(_span(int(m.group(1)), int(m.group(2))))
        found.update(d.year for _, d, _ in _dates(value))
        found.update(int(y) for y in re.findall(r"(20\d{2})年", value))
        found.update(int(m.group(1)) for m in EN_YEAR_RE.finditer(value))
        if not found and (m0 := re.match(r"[:：]?(20\d{2})(?![\d、,，和及与\-—–~至到])", value)):
            found.add(int(m0.group(1)))  # "Reporting year: 2023"
        for m in YEAR_LIST_RE.finditer(value):
            found.update(int(y) for y in re.findall(r"20\d{2}", m.group(1)))
        if found and not years:
            ev["years"] = snip
        years |= found
    if not years:
        t = s.t
        for m in YEAR_RANGE_RE.finditer(t):
            years.update(_span(int(m.group(1)), int(m.group(2))))
        years.update(int(m.group(1)) for m in YEAR_RE.finditer(t))
        years.update(int(m.group(1)) for m in EN_YEAR_RE.finditer(t))
        years.update(int(m.group(1)) for m in YEAR_TITLE_RE.finditer(t[:300]))  # a year in the title
        for m in YEAR_LIST_RE.finditer(t):
            years.update(int(y) for y in re.findall(r"20\d{2}", m.group(1)))
    if years:
        f["years"] = sorted(years)


#: the year an application form declares its data for ("数据年度为2024年（申报上年度）", "申报年度：2024年")
DECLARED_YEAR_RE = re.compile(r"(?:数据年度|申报数据年度|统计年度|填报年度|申报年度|报告年度)(?:为|是)?[:：]?(20\d{2})年?(?!\d|[-—–~至到])")


def read_declared_year(s: Source, f: Fields, ev: Evidence) -> None:
    """The year an application form says its data are of (the applicant's reporting year when no data file gives one)."""
    m = DECLARED_YEAR_RE.search(s.q)
    if m:
        f["declared_year"], ev["declared_year"] = int(m.group(1)), s.q[max(0, m.start() - 6) : m.end() + 12]


def read_quantities(s: Source, f: Fields, ev: Evidence) -> None:
    """Electricity (MWh; 万千瓦时 converted) and emissions (tCO2) figures."""
    mwh = [_num(m.group(1)) for m in MWH_RE.finditer(s.t)] if MWH_UNIT.search(s.t) else []
    if "万千瓦时" in s.t:
        mwh += [_num(m.group(1)) * 10 for m in KWH_WAN_RE.finditer(s.t)]
    if mwh:
        f["quantity_mwh"] = max(mwh)
    tco2 = [_num(m.group(1)) for m in TCO2_RE.finditer(s.t)] if TCO2_UNIT.search(s.t) else []
    if tco2:
        f["tco2"] = tco2[:12]


def read_language(s: Source, f: Fields, ev: Evidence) -> None:
    """zh, en or bilingual (see :func:`language`)."""
    f["language"] = language(s.t)


#: one extractor per field, run in this order (the issuer's look at standalone names skips the holder)
EXTRACTORS: tuple[Callable[[Source, Fields, Evidence], None], ...] = (
    read_uscc, read_holder, read_issuer, read_expiry, read_established, read_issue_date, read_number, read_standards, read_years,
    read_declared_year, read_quantities, read_language,
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
