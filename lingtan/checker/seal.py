"""Is a red seal (公章、专用章) visible on a page? A cheap look at a low-resolution rendering.

The page is rendered at 50 dpi (≈ 1 ms for a born-digital A4 page); an image file is shrunk to
the same scale, taking its long side as an A4 page's 297 mm. Then:

1. **red pixels** — red clearly above green and blue, green ≈ blue (so orange, pink-purple and
   brown are not red; an anti-aliased thin red line on white and a seal in a photo's shadow
   still are), see :func:`red_mask`;
2. **blobs** — red pixels grouped on a grid of ~1.5 mm cells (8-connected), so that the ring,
   the characters and the star of one seal form one blob while separate text lines stay apart;
3. **seal shape** — a blob is a seal when it is 12–90 mm on each side, not elongated (≤ 1.7 : 1,
   which drops red headings, red rules and 红头 titles), covers enough of its box, has a border
   going round (≥ 60 % of 24 sectors of an ellipse or a rectangle following the box) and is not
   filled solid in the middle (which drops solid red logos and blocks).

A grey or black-and-white scan shows no red: its seals are not "visible red seals".
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .red import (  # the thresholds, shared with the numpy-free decision on text pages (red.py)
    A4_LONG_MM,
    CELL_MM,
    DPI,
    MAX_CORE_FILL,
    MIN_FILL,
    MIN_RED_MM2,
    MIN_RING,
    seal_sized,
)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Boolean mask of red pixels of an H×W×3 uint8 RGB array: r > 100, c = r − max(g, b) > 50 and
    |g − b| ≤ 0.4·c (red, not orange, brown or magenta; also a seal in a photo's shadow or an
    anti-aliased thin red line on white)."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    limit = r - np.uint8(50)  # uint8: wraps where r < 50, but only pixels with r > 100 count
    mask = (r > 100) & (g < limit) & (b < limit)
    if mask.any():
        rr, gg, bb = (c[mask].astype(np.int16) for c in (r, g, b))
        chroma = rr - np.maximum(gg, bb)
        mask[mask] = np.abs(gg - bb) * 5 <= chroma * 2
    return mask


def has_red_seal(obj: Any, *, dpi: int = DPI) -> bool:
    """True when a red seal is visible on a PyMuPDF page or a PIL image."""
    if hasattr(obj, "get_pixmap"):  # a pymupdf.Page
        return seal_in_array(render_rgb(obj, dpi), 25.4 / dpi)
    return seal_in_image(obj, dpi=dpi)


def render_rgb(page: Any, dpi: int = DPI) -> np.ndarray:
    """A PyMuPDF page rendered as an H×W×3 uint8 RGB array."""
    from ._pymupdf import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)


def seal_in_image(image: Any, *, dpi: int = DPI) -> bool:
    """:func:`has_red_seal` for a PIL image of a whole page (its long side taken as 297 mm)."""
    from PIL import Image

    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return False  # no colour, no red
    if image.mode != "RGB":
        image = image.convert("RGB")
    long_px = round(A4_LONG_MM / 25.4 * dpi)
    w, h = image.size
    if max(w, h) > long_px:
        scale = long_px / max(w, h)
        image = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BOX)
    rgb = np.asarray(image, dtype=np.uint8)
    return seal_in_array(rgb, A4_LONG_MM / max(image.size))


def seal_in_array(rgb: np.ndarray, mm_per_px: float) -> bool:
    """The decision on an RGB array whose pixels are ``mm_per_px`` wide."""
    mask = red_mask(rgb)
    px_mm2 = mm_per_px * mm_per_px
    total = int(mask.sum())
    if total * px_mm2 < MIN_RED_MM2:
        return False
    return any(_is_seal(mask, box, mm_per_px) for box in _blobs(mask, mm_per_px))


def _blobs(mask: np.ndarray, mm_per_px: float) -> list[tuple[int, int, int, int]]:
    """Pixel boxes (y0, x0, y1, x1) of the 8-connected groups of red cells."""
    cell = max(1, round(CELL_MM / mm_per_px))
    h, w = mask.shape
    ch, cw = -(-h // cell), -(-w // cell)
    padded = np.zeros((ch * cell, cw * cell), dtype=bool)
    padded[:h, :w] = mask
    cells = np.zeros((ch, cw), dtype=bool)  # a red cell: any red pixel in it
    padded.reshape(ch, cell, cw, cell).any(axis=(1, 3), out=cells)
    seen = np.zeros_like(cells)
    boxes = []
    for y, x in np.argwhere(cells):
        if seen[y, x]:
            continue
        seen[y, x] = True
        stack = [(int(y), int(x))]
        y0 = y1 = int(y)
        x0 = x1 = int(x)
        while stack:
            cy, cx = stack.pop()
            y0, y1, x0, x1 = min(y0, cy), max(y1, cy), min(x0, cx), max(x1, cx)
            for ny in (cy - 1, cy, cy + 1):
                if 0 <= ny < ch:
                    for nx in (cx - 1, cx, cx + 1):
                        if 0 <= nx < cw and cells[ny, nx] and not seen[ny, nx]:
                            seen[ny, nx] = True
                            stack.append((ny, nx))
        boxes.append((y0 * cell, x0 * cell, min(h, (y1 + 1) * cell), min(w, (x1 + 1) * cell)))
    return boxes


def _is_seal(mask: np.ndarray, box: tuple[int, int, int, int], mm_per_px: float) -> bool:
    if not seal_sized(box, mm_per_px):
        return False
    y0, x0, y1, x1 = box
    sub = mask[y0:y1, x0:x1]
    red = int(sub.sum())
    if red * mm_per_px * mm_per_px < MIN_RED_MM2 or red < MIN_FILL * sub.size:
        return False
    ys, xs = np.nonzero(sub)
    # position relative to the box centre, scaled so that the box edge is at 1
    hy, hx = (y1 - y0) / 2.0, (x1 - x0) / 2.0
    u = (xs + 0.5 - hx) / hx
    v = (ys + 0.5 - hy) / hy
    ring = max(_coverage(u, v, np.hypot(u, v), 0.72, 1.08), _coverage(u, v, np.maximum(abs(u), abs(v)), 0.8, 1.01))
    if ring < MIN_RING:
        return False
    core = (abs(u) < 0.5) & (abs(v) < 0.5)
    core_px = max(1, round(hy) * round(hx))  # the inner half of the box has a quarter of its area
    return int(core.sum()) / core_px <= MAX_CORE_FILL


def _coverage(u: np.ndarray, v: np.ndarray, radius: np.ndarray, lo: float, hi: float) -> float:
    """Share of 24 angular sectors that hold red pixels with ``lo <= radius <= hi``."""
    sel = (radius >= lo) & (radius <= hi)
    if not sel.any():
        return 0.0
    sectors = ((np.arctan2(v[sel], u[sel]) + math.pi) / (2 * math.pi) * 24).astype(int) % 24
    return len(np.unique(sectors)) / 24.0


def seal_boxes(rgb: np.ndarray, mm_per_px: float) -> list[tuple[int, int, int, int]]:
    """Pixel boxes (y0, x0, y1, x1) of the seals on an RGB array (see :func:`seal_in_array`)."""
    mask = red_mask(rgb)
    if int(mask.sum()) * mm_per_px * mm_per_px < MIN_RED_MM2:
        return []
    return [box for box in _blobs(mask, mm_per_px) if _is_seal(mask, box, mm_per_px)]


def erase_seals(image: Any, boxes: list[tuple[float, float, float, float]] | None = None) -> Any:
    """A copy of a page image (PIL, RGB) with the red ink of its seals turned light.

    A seal stamped over a title or a company name hides the black text under it from OCR.
    Inside each seal box the image is replaced by its red channel as grey — red ink turns
    light, black (and grey, anti-aliased) text keeps its darkness; red text elsewhere (a 红头
    letterhead, a red heading) is untouched. ``boxes`` are (x0, y0, x1, y1) in the image's
    pixels; when None they are found on the image itself. No seal: the image comes back as is.
    """
    from PIL import Image

    if image.mode != "RGB":
        return image
    w, h = image.size
    if boxes is None:
        scale = min(1.0, round(A4_LONG_MM / 25.4 * DPI) / max(w, h))
        small = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BOX) if scale < 1 else image
        boxes = [(x0 / scale, y0 / scale, x1 / scale, y1 / scale)
                 for y0, x0, y1, x1 in seal_boxes(np.asarray(small, dtype=np.uint8), A4_LONG_MM / max(small.size))]
    boxes = [b for b in boxes if b[2] > 0 and b[3] > 0 and b[0] < w and b[1] < h]
    if not boxes:
        return image
    rgb = np.array(image, dtype=np.uint8)
    for x0, y0, x1, y1 in boxes:
        xa, ya = max(0, int(x0) - 4), max(0, int(y0) - 4)
        xb, yb = min(w, int(x1) + 5), min(h, int(y1) + 5)
        sub = rgb[ya:yb, xa:xb]
        sub[...] = sub[..., :1]  # the red channel as grey
    return Image.fromarray(rgb)
