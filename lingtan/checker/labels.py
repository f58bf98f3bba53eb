"""How the checker's codes are named to people: one table per kind, one function to look them up.

Reports (table, HTML, XLSX, batch summary) show labels, never codes: gap codes come from the
registry of checks (``checks.GAP_KINDS``: label / label_en), document types from
``doc_types.yaml`` (name / name_en), the rest from the tables here. Codes appear only in JSON
and as a small tag beside their label. :func:`label` is the one lookup; :func:`field_rows`
turns a document's fields into (label, plain value) pairs with noise and internals left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lingtan.common.i18n import language, pick
from lingtan.common.sources import cite_text

from .checks import GAP_KINDS
from .doctypes import type_name

#: field key → (Chinese, English) label; fields not listed here are internal and not shown
FIELDS: dict[str, tuple[str, str]] = {
    "holder": ("单位名称", "Holder"),
    "uscc": ("统一社会信用代码", "Unified social credit code"),
    "uscc_valid": ("信用代码校验", "Credit code check digit"),
    "uscc_corrected": ("信用代码（按校验位更正）", "Credit code (corrected by its check digit)"),
    "issuer": ("出具单位", "Issued by"),
    "issue_date": ("出具日期", "Issue date"),
    "valid_from": ("有效期起", "Valid from"),
    "expiry_date": ("有效期至", "Valid until"),
    "established": ("成立日期", "Established"),
    "number": ("编号", "Number"),
    "standards": ("依据标准", "Standards"),
    "years": ("覆盖年度", "Years covered"),
    "quantity_mwh": ("电量（兆瓦时）", "Electricity (MWh)"),
    "tco2": ("排放量或减排量（吨二氧化碳当量）", "Emissions or reductions (tCO2e)"),
}

#: material status → (Chinese, English)
STATUS: dict[str, tuple[str, str]] = {
    "ok": ("齐全", "Complete"), "missing": ("缺少", "Missing"), "problem": ("有问题", "Problem"),
    "verify": ("需人工核对", "To verify"), "not_required": ("不需要", "Not required"), "unknown": ("无法判定", "Undetermined"),
}

#: a check's verdict (as the checker writes it) → (Chinese, English)
VERDICTS: dict[str, tuple[str, str]] = {
    "符合": ("符合", "Compliant"), "问题": ("问题", "Problem"), "待人工核对": ("待人工核对", "To verify"),
    "problem": ("问题", "Problem"), "verify": ("待人工核对", "To verify"),
}

#: whether a material is required (as the checker writes it) → (Chinese, English)
REQUIRED: dict[str, tuple[str, str]] = {"必需": ("必需", "Required"), "不需要": ("不需要", "Not required"), "无法判定": ("无法判定", "Undetermined")}

#: yes / no
YES_NO = {True: ("是", "yes"), False: ("否", "no")}


def label(kind: str, code: str | None, lang: str | None = None) -> str:
    """The name of ``code`` of a ``kind`` (gap, type, field, status, verdict, required) in the run's language.

    An unknown code is returned as it is (a test keeps every code the checker emits in the tables)."""
    if code is None:
        return ""
    lang = lang or language()
    if kind == "gap":
        g = GAP_KINDS.get(code)
        return pick(g.label, g.label_en, lang) if g else code
    if kind == "type":
        return type_name(code, lang)
    table = {"field": FIELDS, "status": STATUS, "verdict": VERDICTS, "required": REQUIRED}[kind]
    pair = table.get(code)
    return pick(*pair, lang) if pair else code


def cite(text: str, lang: str | None = None) -> str:
    """A citation with the source named in words (江苏方案 附件1-3 第9项)."""
    return cite_text(text, lang or language())


# a name read across a seal: "有限" not followed by 公司/责任 is a seal's ring of characters read into the line
_SEAL_NOISE = re.compile(r"有限(?!公司|责任)")


def clean_name(value: str, known: Iterable[str] = ()) -> str | None:
    """A company name as read, cleaned: a known name (the applicant's, the holder's) found inside a longer
    reading is that name; a reading that shows seal noise and holds no known name is ``None`` (not shown)."""
    hits = [k for k in known if k and k in value]
    if hits:
        return max(hits, key=len)
    return None if _SEAL_NOISE.search(value) else value


def field_value(key: str, value: Any, lang: str | None = None, known: Iterable[str] = ()) -> str | None:
    """A field's value as a person reads it; ``None`` when there is nothing trustworthy to show."""
    lang = lang or language()
    if isinstance(value, bool):
        if key == "uscc_valid":
            return pick("校验通过" if value else "校验未通过（代码有误或识别有误）",
                        "check digit correct" if value else "check digit wrong (code or reading wrong)", lang)
        return pick(*YES_NO[value], lang)
    if isinstance(value, list | tuple):
        if key == "years":
            return pick("、".join(f"{y}年" for y in value), ", ".join(str(y) for y in value), lang)
        return ("、" if lang == "zh" else ", ").join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if key in ("holder", "issuer") and isinstance(value, str):
        return clean_name(value, known)
    return None if value in (None, "") else str(value)


def field_rows(fields: dict[str, Any], lang: str | None = None, known: Iterable[str] = ()) -> list[tuple[str, str]]:
    """A document's fields as (label, value) pairs, in the table's order; internal and unreadable ones left out."""
    known = [*known, *([fields["holder"]] if isinstance(fields.get("holder"), str) and not _SEAL_NOISE.search(fields["holder"]) else [])]
    rows = []
    for key in FIELDS:
        if key in fields:
            shown = field_value(key, fields[key], lang, known)
            if shown:
                rows.append((label("field", key, lang), shown))
    return rows
