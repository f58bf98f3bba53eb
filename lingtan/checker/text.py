"""Text normal forms the checker compares in: full-width folded, whitespace removed, brackets unified."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")


@lru_cache(maxsize=64)
def normalise(text: str) -> str:
    """NFKC: full-width digits, letters and brackets become half-width.

    A document's text is normalised by classification, by the fields and by the figures in turn: the
    last texts are kept (a 1–4-page text costs as much to normalise as to look up many times over)."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Without whitespace (layouts space label characters out, "名  称", and break lines anywhere)."""
    return "".join(text.split())  # str.split and the regex \s split at the same characters (str.isspace)


#: traditional forms OCR gives for simplified characters of certificates and reports (a photo of "管理体系认证证书"
#: read as "管理體系認证證书", a report's "綜合能源消费量"): matched as the simplified ones
TRADITIONAL = str.maketrans(
    "體認證書質環國業會記產機構號發電廠區與為時實際開關個於動標準項類驗檢測報過進達運營範圍綠減計劃續職務長員組織單碼統權責資負監審態簽頒範證綜額費總",
    "体认证书质环国业会记产机构号发电厂区与为时实际开关个于动标准项类验检测报过进达运营范围绿减计划续职务长员组织单码统权责资负监审态签颁范证综额费总",
)


_TRADITIONAL_RE = re.compile("[" + "".join(map(chr, TRADITIONAL)) + "]")


def norm(text: str) -> str:
    """NFKC, no whitespace, lower-case Latin, traditional forms as simplified (:data:`TRADITIONAL`):
    the form titles, keywords and names are matched in."""
    return fold(unicodedata.normalize("NFKC", text))


def fold(text: str) -> str:
    """An NFKC-normalised text in the form of :func:`norm` (``norm(t) == fold(normalise(t))``)."""
    t = "".join(text.split()).lower()  # str.split and the regex \s split at the same characters (str.isspace)
    return t.translate(TRADITIONAL) if _TRADITIONAL_RE.search(t) else t  # born-digital text has none of them


def flat(text: str) -> str:
    """NFKC, no whitespace, full-width brackets: the form company names are compared in."""
    return unicodedata.normalize("NFKC", _WS.sub("", text)).replace("(", "（").replace(")", "）")
