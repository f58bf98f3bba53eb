"""Is this the applicant's name? Company-name matching tolerant of legal-form spelling, bracket
width and, for OCRed text, a few misread characters."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .text import flat

OCR_SLIPS = 2  # characters an OCR reading of a name may get wrong (a seal stamped over it) and still be that name
SIGNATURE_SLIPS = 3  # … for a name read from a signature, under the seal, in a name of 9 or more
_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|公司)$")


def company_key(name: str) -> str:
    """A name for comparison: NFKC, no spaces, unified brackets, legal-form suffix removed."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    return _SUFFIXES.sub("", s.replace("(", "（").replace(")", "）"))


def same_company(a: str | None, b: str | None, *, ocr: bool = False, slips: int = OCR_SLIPS) -> bool:
    """Tolerant of 有限公司/股份有限公司 spelling and full/half-width brackets; with ``ocr``, also of
    up to ``slips`` misread characters in a name of 8 or more (see :func:`mentions`)."""
    if not a or not b:
        return False
    ka, kb = company_key(a), company_key(b)
    if ka == kb or (min(len(ka), len(kb)) >= 6 and fuzz.ratio(ka, kb) >= 94):
        return True
    if ocr and min(len(ka), len(kb)) >= 8 - 1 and max(len(ka), len(kb)) >= 8 and Levenshtein.distance(ka, kb, score_cutoff=slips) <= slips:
        return True
    # Seal text read into a name ("精密轴承晟有恒限张家港恒晟精密轴承有限公司") still contains the real name.
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 6 and short in long_ and len(long_) <= 3 * len(short)


def mentions(text: str, name: str, *, ocr: bool = False) -> bool:
    """The applicant's name appears in a text (whitespace and bracket width ignored).

    With ``ocr`` (the text was OCRed), a run of the text as long as the name that differs from
    it in at most :data:`OCR_SLIPS` characters also counts — a seal stamped over a signature
    name makes OCR misread a character or two ("石狮市澳能纺织染整" for "石狮市鸿纶纺织染整"). Only
    for names of at least 8 characters (without the legal form), so that two slips are at most
    a quarter of the name.
    """
    t = flat(text)
    key = company_key(name)
    if not key:
        return False  # no name (the applicant unknown) is in no text
    if key in t:
        return True
    return ocr and near_occurrence(t, key) is not None


def near_occurrence(text: str, key: str) -> str | None:
    """A run of ``text`` within :data:`OCR_SLIPS` edits of ``key`` (a character misread, lost or
    added), or None. Only for keys of 8 or more characters."""
    n = len(key)
    if n < 8:
        return None
    anchors = {key[:3], key[-3:], key[n // 2 - 1 : n // 2 + 2]}
    for i in range(len(text) - n + 2):
        for width in (n, n - 1, n + 1):
            window = text[i : i + width]
            if len(window) == width and any(a in window for a in anchors) and \
                    Levenshtein.distance(window, key, score_cutoff=OCR_SLIPS) <= OCR_SLIPS:
                return window
    return None
