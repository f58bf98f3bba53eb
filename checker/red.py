"""Red ink without numpy: the colour rule of seal detection on one pixel, and a page's red area
counted from the colours of its 50-dpi rendering (:mod:`lingtan.checker.seal` holds the rest of
the detector, on numpy arrays).

Most pages of a submission have no red at all; for them :func:`too_little_red` settles "no
visible seal" from the pixmap's own colour counts (MuPDF, C) — the same early answer
:func:`seal.seal_in_array` gives — without importing numpy (≈ 0.25 s, most of a first seal
check on a text PDF) or building the arrays.
"""

from __future__ import annotations

from typing import Any

DPI = 50  # the rendering seal detection looks at
MIN_RED_MM2 = 25.0  # less red than this on a page is no seal


def is_red(r: int, g: int, b: int) -> bool:
    """The rule of :func:`seal.red_mask` for one pixel: r > 100, c = r − max(g, b) > 50, |g − b| ≤ 0.4·c."""
    chroma = r - max(g, b)
    return r > 100 and chroma > 50 and abs(g - b) * 5 <= chroma * 2


def too_little_red(page: Any) -> bool:
    """True when the page rendered at :data:`DPI` has less red than :data:`MIN_RED_MM2` (no seal can show)."""
    from ._pymupdf import pymupdf

    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csRGB, alpha=False)
    counts = pix.color_count(colors=True)
    red = sum(n for colour, n in counts.items() if is_red(colour[0], colour[1], colour[2]))
    mm_per_px = 25.4 / DPI
    return red * mm_per_px * mm_per_px < MIN_RED_MM2
