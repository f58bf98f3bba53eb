"""Red ink without numpy: the colour rule of seal detection on one pixel, a page's red area
counted from the colours of its 50-dpi rendering, and the whole decision of
:func:`seal.seal_in_array` on a page (:mod:`lingtan.checker.seal` holds the detector on numpy
arrays, which OCR and photos use).

Most pages of a submission have no red at all; for them :func:`too_little_red` settles "no
visible seal" from the pixmap's own colour counts (MuPDF, C) without importing numpy (≈ 0.08 s
of CPU, more than reading a hundred small text pages' words) or building the arrays. A page with
red — a stamped born-digital PDF — is decided by :func:`seal_on_page`: the same steps as the
detector in plain Python, on the few red pixels found by whole-page integer arithmetic.
"""

from __future__ import annotations

import math
import re
from typing import Any

DPI = 50  # the rendering seal detection looks at
MIN_RED_MM2 = 25.0  # less red than this on a page is no seal
A4_LONG_MM = 297.0
CELL_MM = 1.5
MIN_SIDE_MM, MAX_SIDE_MM = 12.0, 90.0
MAX_ASPECT = 1.7
MIN_FILL = 0.04  # red pixels / box area
MIN_RING = 0.6  # share of sectors where the border is red
MAX_CORE_FILL = 0.6  # red share of the inner half of the box


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


def seal_on_page(page: Any) -> bool | None:
    """:func:`seal.seal_in_array` on the page's :data:`DPI` rendering, without numpy (None: a pixmap
    layout this does not read; ask the detector)."""
    from ._pymupdf import pymupdf

    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csRGB, alpha=False)
    if pix.n != 3 or pix.stride != 3 * pix.width:
        return None
    mm_per_px = 25.4 / DPI
    counts = pix.color_count(colors=True)
    if sum(n for colour, n in counts.items() if is_red(colour[0], colour[1], colour[2])) * mm_per_px * mm_per_px < MIN_RED_MM2:
        return False  # too_little_red
    red = red_pixels(pix.samples, pix.width, pix.height)
    if len(red) * (mm_per_px * mm_per_px) < MIN_RED_MM2:
        return False
    return any(_is_seal(red, box, mm_per_px) for box in _blobs(red, pix.height, pix.width, mm_per_px))


def _lanes(channel: bytes) -> int:
    """One byte per pixel spread into 16-bit lanes of one integer (little-endian): room to add and subtract."""
    buf = bytearray(2 * len(channel))
    buf[0::2] = channel
    return int.from_bytes(buf, "little")


def red_pixels(samples: bytes, width: int, height: int) -> list[tuple[int, int]]:
    """(y, x) of the pixels :func:`is_red` holds for, in rows from the top, of packed RGB ``samples``.

    r > 100 and r − g > 50 and r − b > 50 are worked out for every pixel at once, each in a 16-bit
    lane of a big integer (a lane of r + 461 − g reaches 512 exactly when r − g > 50); the few pixels
    left get the rule's last part (|g − b| ≤ 0.4·c) one by one."""
    n = width * height
    r, g, b = _lanes(samples[0::3]), _lanes(samples[1::3]), _lanes(samples[2::3])

    def const(v: int) -> int:
        return int.from_bytes(v.to_bytes(2, "little") * n, "little")

    c461 = const(461)
    hits = (r + c461 - g) & (r + c461 - b) & (r + const(411)) & const(512)
    out = []
    for m in re.finditer(b"\x02", hits.to_bytes(2 * n, "little")):  # bit 9 of lane i: byte 2i + 1
        i = m.start() // 2
        if is_red(samples[3 * i], samples[3 * i + 1], samples[3 * i + 2]):
            out.append(divmod(i, width))
    return out


def _blobs(red: list[tuple[int, int]], h: int, w: int, mm_per_px: float) -> list[tuple[int, int, int, int]]:
    """:func:`seal._blobs` on the red pixels: boxes (y0, x0, y1, x1) of 8-connected groups of red cells."""
    cell = max(1, round(CELL_MM / mm_per_px))
    cells = {(y // cell, x // cell) for y, x in red}
    seen: set[tuple[int, int]] = set()
    boxes = []
    for start in sorted(cells):
        if start in seen:
            continue
        seen.add(start)
        stack = [start]
        y0 = y1 = start[0]
        x0 = x1 = start[1]
        while stack:
            cy, cx = stack.pop()
            y0, y1, x0, x1 = min(y0, cy), max(y1, cy), min(x0, cx), max(x1, cx)
            for ny in (cy - 1, cy, cy + 1):
                for nx in (cx - 1, cx, cx + 1):
                    if (ny, nx) in cells and (ny, nx) not in seen:
                        seen.add((ny, nx))
                        stack.append((ny, nx))
        boxes.append((y0 * cell, x0 * cell, min(h, (y1 + 1) * cell), min(w, (x1 + 1) * cell)))
    return boxes


def seal_sized(box: tuple[int, int, int, int], mm_per_px: float) -> bool:
    """A blob's bounding box (y0, x0, y1, x1) has a seal's size and shape: each side 12–90 mm, at most 1.7:1."""
    y0, x0, y1, x1 = box
    hmm, wmm = (y1 - y0) * mm_per_px, (x1 - x0) * mm_per_px
    if not (MIN_SIDE_MM <= hmm <= MAX_SIDE_MM and MIN_SIDE_MM <= wmm <= MAX_SIDE_MM):
        return False
    return max(hmm, wmm) / min(hmm, wmm) <= MAX_ASPECT


def _is_seal(red: list[tuple[int, int]], box: tuple[int, int, int, int], mm_per_px: float) -> bool:
    """:func:`seal._is_seal`: size, shape, fill, a border going round, a hollow middle (same arithmetic)."""
    if not seal_sized(box, mm_per_px):
        return False
    y0, x0, y1, x1 = box
    inside = [(y - y0, x - x0) for y, x in red if y0 <= y < y1 and x0 <= x < x1]
    if len(inside) * mm_per_px * mm_per_px < MIN_RED_MM2 or len(inside) < MIN_FILL * ((y1 - y0) * (x1 - x0)):
        return False
    hy, hx = (y1 - y0) / 2.0, (x1 - x0) / 2.0
    uv = [((x + 0.5 - hx) / hx, (y + 0.5 - hy) / hy) for y, x in inside]
    ring = max(_coverage([(u, v) for u, v in uv if 0.72 <= math.hypot(u, v) <= 1.08]),
               _coverage([(u, v) for u, v in uv if 0.8 <= max(abs(u), abs(v)) <= 1.01]))
    if ring < MIN_RING:
        return False
    core = sum(1 for u, v in uv if abs(u) < 0.5 and abs(v) < 0.5)
    core_px = max(1, round(hy) * round(hx))
    return core / core_px <= MAX_CORE_FILL


def _coverage(uv: list[tuple[float, float]]) -> float:
    """Share of 24 angular sectors holding a point of ``uv``."""
    if not uv:
        return 0.0
    return len({int((math.atan2(v, u) + math.pi) / (2 * math.pi) * 24) % 24 for u, v in uv}) / 24.0
