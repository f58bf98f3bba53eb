"""The official source texts by the number their rules cite them with, named in words.

Rules, materials and fields cite their source as ``000 附件1-3 第9项``: the leading number is
the file of the source text (``/work/shared/seeds/000_….txt``), an internal name a reviewer
cannot look up. :func:`cite_text` turns it into the source's short name (``江苏方案 附件1-3
第9项``); every writer a person reads (CLI tables, HTML, XLSX, the web pages, the documents) shows
citations through it, and JSON keeps the machine ``cite`` and adds the readable ``cite_text``
(:func:`readable_cites`). Adding a scheme from a new source text is a row in :data:`SOURCES`.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple


class Source(NamedTuple):
    """A source text: its short name as citations show it, in Chinese and English, and its full title."""

    short: str
    short_en: str
    title: str


#: file number → the source text (the issuer's own words for its title)
SOURCES: dict[str, Source] = {
    "000": Source("江苏方案", "Jiangsu plan", "江苏省零碳（近零碳）工厂培育建设工作方案（2025—2027年）"),
    "001": Source("苏州通知", "Suzhou notice", "苏州市工业和信息化局关于组织开展2023年度苏州市“近零碳”工厂（第二批）入库培育工作的通知"),
    "002": Source("福建办法", "Fujian measures", "福建省零碳工厂建设管理办法（征求意见稿）"),
    "003": Source("合肥方案", "Hefei plan", "合肥市零碳示范工厂创建实施方案（2023-2025）（征求意见稿）"),
    "004": Source("浙江通知", "Zhejiang notice",
                  "关于组织开展2023年省级绿色低碳工业园区、工厂推荐工作及绿色制造名单动态管理的通知（浙经信绿色便函〔2023〕32号）"),
}

# a file number where a citation (or one of its parts after ；) starts
_NUMBER = re.compile(r"(?:(?<=^)|(?<=[；;，,、（(\s]))(\d{3})\s+")


def cite_text(cite: str, lang: str = "zh") -> str:
    """A citation with every source file number replaced by the source's short name."""

    def name(m: re.Match[str]) -> str:
        s = SOURCES.get(m.group(1))
        if s is None:
            return m.group(0)
        return (s.short_en + ", " if lang == "en" else s.short + " ")

    return _NUMBER.sub(name, cite)


def readable_cites(obj: Any, lang: str = "zh") -> Any:
    """``obj`` (JSON-like) with ``cite_text`` (:func:`cite_text`) beside every text ``cite`` key; the
    machine ``cite`` is kept as it is."""
    if isinstance(obj, dict):
        out = {k: readable_cites(v, lang) for k, v in obj.items()}
        if isinstance(obj.get("cite"), str) and "cite_text" not in obj:
            out["cite_text"] = cite_text(obj["cite"], lang)
        return out
    if isinstance(obj, list):
        return [readable_cites(v, lang) for v in obj]
    return obj
