"""Text normal forms the checker compares in: full-width folded, whitespace removed, brackets unified."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC: full-width digits, letters and brackets become half-width."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Without whitespace (layouts space label characters out, "名  称", and break lines anywhere)."""
    return _WS.sub("", text)


def norm(text: str) -> str:
    """NFKC, no whitespace, lower-case Latin: the form titles, keywords and names are matched in."""
    return _WS.sub("", unicodedata.normalize("NFKC", text)).lower()


def flat(text: str) -> str:
    """NFKC, no whitespace, full-width brackets: the form company names are compared in."""
    return unicodedata.normalize("NFKC", _WS.sub("", text)).replace("(", "（").replace(")", "）")
