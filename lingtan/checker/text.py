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


# -- is a text layer what the page shows? -------------------------------------------------------

#: why a page with a text layer is OCRed all the same (``PageText.ocr_reason``), besides "no_layer" (none to speak of)
GARBAGE = "garbage"  # unmapped glyphs: private-use or replacement characters, symbol soup, no word-like tokens
THIN = "thin"  # the layer explains little of the ink: a line of text over a scan of the whole page

_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
_VOWELS = set("aeiouyAEIOUY")
_CONSONANT_RUN = re.compile(r"[^aeiouyAEIOUY]{5,}")
_OK_SYMBOLS = set("，。、；：？！“”‘’（）《》【】〔〕—…·.,;:?!'\"()[]/-_%&+#@*=<>~|°×：")
MIN_JUDGED = 12  # a layer shorter than this (non-blank characters) is not judged: too little to tell


@lru_cache(maxsize=16384)
def _common_cjk(c: str) -> bool:
    """A Chinese character of everyday text: in GB 2312 (simplified) or Big5's frequent block (traditional).
    Glyph soup mapped onto the CJK block lands mostly on rare characters."""
    try:
        return len(c.encode("gb2312")) == 2
    except UnicodeEncodeError:
        pass
    try:
        b = c.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA440 <= int.from_bytes(b, "big") <= 0xC67E


_CJK_CHAR = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ORDINARY = re.compile("[0-9A-Za-z０-９Ａ-Ｚａ-ｚ" + re.escape("".join(sorted(_OK_SYMBOLS))) + "]")  # full-width too


def layer_quality(text: str) -> str | None:
    """:data:`GARBAGE` when a page's text layer is not text (unmapped glyphs, glyph soup), else None.

    Judged on the characters themselves: the share of unmapped characters, of Chinese characters of
    everyday text among the Chinese ones, of letters, digits and ordinary punctuation among all, and
    for Latin text the share of word-like tokens (a vowel, no run of five consonants)."""
    flat = "".join(text.split())
    n = len(flat)
    if n < MIN_JUDGED:
        return None
    if len(_UNMAPPED.findall(flat)) >= 0.1 * n:
        return GARBAGE
    cjk = _CJK_CHAR.findall(flat)
    common = sum(map(_common_cjk, cjk))
    if len(cjk) >= MIN_JUDGED and common < 0.8 * len(cjk):
        return GARBAGE
    ordinary = common + len(_ORDINARY.findall(flat))
    if ordinary < 0.6 * n:
        return GARBAGE
    words = _LATIN_WORD.findall(text)
    if len(cjk) < MIN_JUDGED and len(words) >= 6:
        wordlike = sum(1 for w in words if (w.isupper() and len(w) <= 6) or (set(w) & _VOWELS and not _CONSONANT_RUN.search(w)))
        if wordlike < 0.6 * len(words):
            return GARBAGE
    return None


def dark_share(samples: bytes | bytearray) -> int:
    """How many bytes of a greyscale rendering are ink (darker than 160)."""
    return len(bytes(samples).translate(None, _LIGHT))  # the light bytes deleted: the dark ones are left


_LIGHT = bytes(range(160, 256))
