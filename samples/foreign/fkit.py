"""Drawing and degrading helpers for the foreign corpus (PyMuPDF, Pillow, numpy only).

Written apart from the checker and from ``samples/corpusgen``: its own page layouts, its own scan and
photo simulation. Chinese text is set in PyMuPDF's built-in "china-ss" (STSong, simplified Song; not
embedded, the viewer supplies the glyphs); Latin text in the Base-14 Times ("tiro"/"tibo"), Helvetica
("helv"/"hebo") or Courier ("cour").
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFilter

CJK = "china-ss"
_CJK_FONT = pymupdf.Font(CJK)
BLACK = (0, 0, 0)
RED = (0.86, 0.08, 0.08)
GREY = (0.35, 0.35, 0.35)
BLUE = (0.1, 0.2, 0.5)
A4 = (595.0, 842.0)
A4L = (842.0, 595.0)
METADATA = {"producer": "foreign-corpus", "creator": "samples/foreign/make_foreign.py",
            "creationDate": "D:20260301090000+08'00'", "modDate": "D:20260301090000+08'00'", "title": "", "author": "",
            "subject": "", "keywords": ""}


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x2000 and ch not in "·"


def runs(s: str) -> list[tuple[bool, str]]:
    """Split ``s`` into (latin?, text) runs."""
    out: list[tuple[bool, str]] = []
    for ch in s:
        lat = _is_latin(ch)
        if out and out[-1][0] == lat:
            out[-1] = (lat, out[-1][1] + ch)
        else:
            out.append((lat, ch))
    return out


def width(s: str, size: float, latin: str = "tiro") -> float:
    w = 0.0
    for lat, part in runs(s):
        w += pymupdf.get_text_length(part, latin, size) if lat else _CJK_FONT.text_length(part, size)
    return w


class Pen:
    """Writes mixed Chinese/Latin text on one page."""

    def __init__(self, page: pymupdf.Page, latin: str = "tiro"):
        self.page = page
        self.latin = latin
        self.W = page.rect.width
        self.H = page.rect.height

    def t(self, x: float, y: float, s: str, size: float = 10.5, color=BLACK, bold: bool = False, latin: str | None = None,
          opacity: float = 1.0) -> float:
        """Write ``s`` with its baseline at y; returns the x where it ends."""
        latin = latin or self.latin
        for lat, part in runs(s):
            if lat:
                font = {"tiro": "tibo", "helv": "hebo", "cour": "cobo"}.get(latin, latin) if bold else latin
                self.page.insert_text((x, y), part, fontname=font, fontsize=size, color=color, fill_opacity=opacity)
                x += pymupdf.get_text_length(part, font, size)
            else:
                kw = {"render_mode": 2, "border_width": 0.03} if bold else {}
                self.page.insert_text((x, y), part, fontname=CJK, fontsize=size, color=color, fill_opacity=opacity,
                                      stroke_opacity=opacity, **kw)
                x += _CJK_FONT.text_length(part, size)
        return x

    def c(self, y: float, s: str, size: float = 10.5, cx: float | None = None, **kw) -> None:
        cx = self.W / 2 if cx is None else cx
        self.t(cx - width(s, size, kw.get("latin") or self.latin) / 2, y, s, size, **kw)

    def r(self, xr: float, y: float, s: str, size: float = 10.5, **kw) -> None:
        self.t(xr - width(s, size, kw.get("latin") or self.latin), y, s, size, **kw)

    def spaced(self, y: float, s: str, size: float, gap: float, **kw) -> None:
        """Centre ``s`` with extra space between characters (titles such as “营 业 执 照”)."""
        total = sum(width(ch, size) for ch in s) + gap * (len(s) - 1)
        x = self.W / 2 - total / 2
        for ch in s:
            self.t(x, y, ch, size, **kw)
            x += width(ch, size) + gap

    def wrap(self, x: float, y: float, w: float, s: str, size: float = 10.5, lead: float = 1.6, indent: int = 0,
             **kw) -> float:
        """Write a paragraph wrapped to width w; returns the baseline after its last line."""
        line = "　" * indent
        for ch in s:
            if width(line + ch, size) > w:
                self.t(x, y, line, size, **kw)
                y += size * lead
                line = ""
            line += ch
        if line:
            self.t(x, y, line, size, **kw)
            y += size * lead
        return y

    def hline(self, x0: float, x1: float, y: float, w: float = 0.6, color=BLACK) -> None:
        self.page.draw_line((x0, y), (x1, y), color=color, width=w)

    def box(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.6, color=BLACK, fill=None) -> None:
        self.page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=color, width=w, fill=fill)

    def grid(self, x: float, y: float, cols: list[float], rows: list[list[str]], size: float = 9.5, h: float = 20,
             header: bool = True) -> float:
        """A ruled table; returns the y below it."""
        for i, row in enumerate(rows):
            cx = x
            for wcol, cell in zip(cols, row, strict=False):
                self.box(cx, y, cx + wcol, y + h, w=0.5)
                self.t(cx + 4, y + h / 2 + size * 0.35, str(cell), size, bold=header and i == 0)
                cx += wcol
            y += h
        return y


def new_doc() -> pymupdf.Document:
    return pymupdf.open()


def pdf_bytes(doc: pymupdf.Document, toc: list | None = None) -> bytes:
    doc.set_metadata(METADATA)
    if toc:
        doc.set_toc(toc)
    return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


# --- marks ----------------------------------------------------------------------------------------

def seal(page: pymupdf.Page, cx: float, cy: float, r: float, text: str, bottom: str = "", color=RED,
         opacity: float = 0.8) -> None:
    """A round red seal: ring, five-pointed star, the name along the upper arc, a line at the bottom."""
    page.draw_circle((cx, cy), r, color=color, width=r * 0.06, stroke_opacity=opacity)
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r * 0.28 if i % 2 == 0 else r * 0.11
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    page.draw_polyline([*pts, pts[0]], color=color, fill=color, width=0.1, fill_opacity=opacity, stroke_opacity=opacity,
                       closePath=True)
    n = len(text)
    size = min(r * 0.30, r * 3.6 / max(n, 1))
    span = min(math.radians(250), n * size * 1.05 / (r * 0.76))
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        px, py = cx + r * 0.76 * math.cos(a), cy + r * 0.76 * math.sin(a)
        rot = pymupdf.Matrix(math.degrees(a + math.pi / 2))
        p = pymupdf.Point(px - size / 2, py + size / 2 - size * 0.12)
        page.insert_text(p, ch, fontname=CJK, fontsize=size, color=color, fill_opacity=opacity,
                         morph=(pymupdf.Point(px, py), rot))
    if bottom:
        bs = r * 0.2
        w = width(bottom, bs)
        page.insert_text((cx - w / 2, cy + r * 0.58), bottom, fontname=CJK, fontsize=bs, color=color, fill_opacity=opacity)


def square_seal(page: pymupdf.Page, x: float, y: float, s: float, text: str, opacity: float = 0.8) -> None:
    """A square red seal (used by some certification bodies)."""
    page.draw_rect(pymupdf.Rect(x, y, x + s, y + s), color=RED, width=s * 0.05, stroke_opacity=opacity)
    half = len(text) // 2 + len(text) % 2
    cols = [text[:half], text[half:]]
    size = s * 0.8 / max(half, 1)
    for k, col in enumerate(cols):
        cx = x + s * (0.7 if k == 0 else 0.3)
        for i, ch in enumerate(col):
            page.insert_text((cx - size / 2, y + s * 0.12 + size * (i + 0.9)), ch, fontname=CJK, fontsize=size, color=RED,
                             fill_opacity=opacity)


def qr_square(page: pymupdf.Page, rect: pymupdf.Rect, seed: int, n: int = 25) -> None:
    """A drawn QR-code-like square (random modules with three finder patterns); encodes nothing."""
    rng = random.Random(seed)
    cell = rect.width / n
    shape = page.new_shape()

    def finder(i0: int, j0: int) -> None:
        for i in range(7):
            for j in range(7):
                ring = max(abs(i - 3), abs(j - 3))
                if ring != 2:
                    shape.draw_rect(pymupdf.Rect(rect.x0 + (j0 + j) * cell, rect.y0 + (i0 + i) * cell,
                                                 rect.x0 + (j0 + j + 1) * cell, rect.y0 + (i0 + i + 1) * cell))

    finder(0, 0)
    finder(0, n - 7)
    finder(n - 7, 0)
    for i in range(n):
        for j in range(n):
            if (i < 8 and j < 8) or (i < 8 and j >= n - 8) or (i >= n - 8 and j < 8):
                continue
            if rng.random() < 0.5:
                shape.draw_rect(pymupdf.Rect(rect.x0 + j * cell, rect.y0 + i * cell, rect.x0 + (j + 1) * cell,
                                             rect.y0 + (i + 1) * cell))
    shape.finish(color=None, fill=BLACK, width=0)
    shape.commit()


def emblem(page: pymupdf.Page, cx: float, cy: float, r: float, color=RED) -> None:
    """A simple stand-in for the national emblem on licences: rings and a star (not the real emblem)."""
    page.draw_circle((cx, cy), r, color=color, width=1.2)
    page.draw_circle((cx, cy), r * 0.8, color=color, width=0.6)
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r * 0.45 if i % 2 == 0 else r * 0.18
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    page.draw_polyline([*pts, pts[0]], color=color, fill=color, width=0.1, closePath=True)


def guilloche_border(page: pymupdf.Page, margin: float, color=(0.55, 0.45, 0.2), waves: int = 60) -> None:
    """A certificate frame: two rules and a wavy band between them."""
    r = page.rect
    outer = pymupdf.Rect(margin, margin, r.width - margin, r.height - margin)
    inner = pymupdf.Rect(margin + 12, margin + 12, r.width - margin - 12, r.height - margin - 12)
    page.draw_rect(outer, color=color, width=2.2)
    page.draw_rect(inner, color=color, width=0.8)
    for (x0, y0, x1, _y1) in ((outer.x0 + 6, outer.y0 + 6, outer.x1 - 6, outer.y0 + 6),
                              (outer.x0 + 6, outer.y1 - 6, outer.x1 - 6, outer.y1 - 6)):
        pts = [(x0 + (x1 - x0) * k / (waves * 4), y0 + 3 * math.sin(k * math.pi / 2)) for k in range(waves * 4 + 1)]
        page.draw_polyline(pts, color=color, width=0.5)
    for (x0, y0, _x1, y1) in ((outer.x0 + 6, outer.y0 + 6, outer.x0 + 6, outer.y1 - 6),
                              (outer.x1 - 6, outer.y0 + 6, outer.x1 - 6, outer.y1 - 6)):
        m = int(waves * 4 * (y1 - y0) / (r.width - 2 * margin))
        pts = [(x0 + 3 * math.sin(k * math.pi / 2), y0 + (y1 - y0) * k / max(m, 1)) for k in range(m + 1)]
        page.draw_polyline(pts, color=color, width=0.5)


# --- raster: scans and photos ---------------------------------------------------------------------

def render(page: pymupdf.Page, dpi: int) -> Image.Image:
    pix = page.get_pixmap(dpi=dpi, alpha=False)
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def scan_page(img: Image.Image, rng: np.random.Generator, tilt: float, grey: bool = True) -> Image.Image:
    """A flatbed scan: slight tilt, paper tone, noise, a little blur; greyscale unless ``grey`` is False."""
    im = img.convert("L") if grey else img
    im = im.rotate(tilt, resample=Image.BICUBIC, expand=False, fillcolor=255 if grey else (255, 255, 255))
    im = im.filter(ImageFilter.GaussianBlur(0.5))
    a = np.asarray(im).astype(np.float32)
    a = a * 0.92 + 8.0  # paper tone, less contrast
    a += rng.normal(0.0, 5.0, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def jpeg(img: Image.Image, quality: int, dpi: int | None = None) -> bytes:
    buf = io.BytesIO()
    kw = {"dpi": (dpi, dpi)} if dpi else {}
    img.save(buf, "JPEG", quality=quality, optimize=True, **kw)
    return buf.getvalue()


def image_pdf(pages: list[tuple[bytes, int, int]], dpi: int) -> bytes:
    """An image-only PDF: each page one JPEG (bytes, width px, height px) at ``dpi``; no text layer."""
    doc = pymupdf.open()
    for data, w, h in pages:
        pg = doc.new_page(width=w * 72.0 / dpi, height=h * 72.0 / dpi)
        pg.insert_image(pg.rect, stream=data)
    doc.set_metadata({**METADATA, "producer": "Scanner PDF (simulated)", "creator": "DS-Scan 150dpi"})
    return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients for PIL's Image.transform(PERSPECTIVE): maps output (dst) points to input (src) points."""
    m = []
    rhs = []
    for (x, y), (u, v) in zip(dst, src, strict=False):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return list(np.linalg.solve(np.array(m, dtype=np.float64), np.array(rhs, dtype=np.float64)))


def photo(img: Image.Image, rng: np.random.Generator, *, rotation: int = 0, perspective: bool = False,
          long_side: int = 1600) -> Image.Image:
    """A phone photo of a page lying on a desk.

    ``rotation``: how the page content ends up turned in the final picture, clockwise degrees (0, 90, 180,
    270); the pixels are turned, no EXIF orientation tag is written. ``perspective``: the page is a
    quadrilateral (camera not square to the page). Always: desk background, uneven light, slight blur.
    """
    page = img.convert("RGB")
    pw, ph = page.size
    scale = long_side * 0.82 / max(pw, ph)
    page = page.resize((int(pw * scale), int(ph * scale)), Image.LANCZOS)
    pw, ph = page.size
    W, H = (int(pw / 0.82), int(ph / 0.82)) if pw < ph else (int(pw / 0.80), int(ph / 0.78))
    # desk: brownish grey with a soft grain
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    base = np.array([128, 112, 96], dtype=np.float32)
    grain = rng.normal(0, 7, (H // 8 + 1, W // 8 + 1)).astype(np.float32)
    grain = np.kron(grain, np.ones((8, 8), dtype=np.float32))[:H, :W]
    desk = base[None, None, :] + grain[..., None] + (xx / W * 18)[..., None]
    bg = Image.fromarray(np.clip(desk, 0, 255).astype(np.uint8))
    ox, oy = (W - pw) // 2, (H - ph) // 2
    if perspective:
        j = lambda k: float(rng.uniform(-k, k))  # noqa: E731
        quad = [(ox + pw * 0.07 + j(8), oy + j(8)), (ox + pw * 0.95 + j(8), oy + ph * 0.03 + j(8)),
                (ox + pw + j(6), oy + ph + j(6)), (ox - pw * 0.02 + j(6), oy + ph * 0.97 + j(6))]
        coeffs = _perspective_coeffs(quad, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
        warped = page.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0))
        mask = Image.new("L", (W, H), 0)
        ImageDraw.Draw(mask).polygon(quad, fill=255)
        shadow = Image.new("L", (W, H), 0)
        ImageDraw.Draw(shadow).polygon([(x + 10, y + 12) for x, y in quad], fill=120)
        shadow = shadow.filter(ImageFilter.GaussianBlur(12))
        bg.paste(Image.new("RGB", (W, H), (40, 34, 30)), (0, 0), shadow)
        bg.paste(warped, (0, 0), mask)
    else:
        tilt = float(rng.uniform(-2.5, 2.5))
        rot = page.rotate(tilt, resample=Image.BICUBIC, expand=True, fillcolor=(0, 0, 0))
        m = Image.new("L", page.size, 255).rotate(tilt, resample=Image.BICUBIC, expand=True, fillcolor=0)
        bx, by = (W - rot.size[0]) // 2, (H - rot.size[1]) // 2
        shadow = m.filter(ImageFilter.GaussianBlur(10)).point(lambda v: v * 120 // 255)
        bg.paste(Image.new("RGB", rot.size, (40, 34, 30)), (bx + 9, by + 11), shadow)
        bg.paste(rot, (bx, by), m)
    # uneven light: brighter towards one corner, darker at the opposite one
    cx, cy = float(rng.uniform(0.1, 0.4)) * W, float(rng.uniform(0.05, 0.35)) * H
    d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / math.hypot(W, H)
    light = (1.08 - 0.45 * d)[..., None]
    a = np.asarray(bg).astype(np.float32) * light
    a = a * np.array([1.0, 0.98, 0.93], dtype=np.float32)  # warm indoor light
    a += rng.normal(0, 3.5, a.shape).astype(np.float32)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    if rotation:
        out = out.rotate(-rotation, expand=True)  # PIL rotates counter-clockwise
    return out
