"""Drawing helpers for born-digital evidence PDFs: mixed CJK/Latin text, tables, seals, flowing pages.

Text uses only PyMuPDF's built-in fonts (nothing embedded, PDFs stay tiny): CJK characters in
``china-ss`` (宋体) or ``china-s`` (黑体), ASCII runs in Times/Helvetica, because the built-in CJK
fonts carry no width table and would print Latin letters full-width. All coordinates are PDF
points, origin top-left; ``y`` of :func:`text` is the baseline.
"""

from __future__ import annotations

import math
import random
from datetime import date
from typing import Iterable, Sequence

from ._pymupdf import pymupdf

A4_W, A4_H = 595.28, 841.89
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 72.0, 72.0, 72.0, 64.0
BLACK = (0, 0, 0)
RED = (0.86, 0.06, 0.08)  # seals and 红头; detectably red: r > 0.7, g and b < 0.3
SEAL_RED = (0.9, 0.1, 0.12)
GREY = (0.35, 0.35, 0.35)
LIGHT = (0.93, 0.93, 0.93)
FIXED_DATE = "D:20000101000000Z"

_LATIN = {("song", False): "tiro", ("song", True): "tibo", ("hei", False): "helv", ("hei", True): "hebo",
          ("kai", False): "tiro", ("kai", True): "tibo", ("latin", False): "tiro", ("latin", True): "tibo",
          ("sans", False): "helv", ("sans", True): "hebo"}
_CJK = {"song": "china-ss", "hei": "china-s", "kai": "china-ss", "latin": "china-ss", "sans": "china-s"}
_FONTS: dict[str, pymupdf.Font] = {}


def _font(name: str) -> pymupdf.Font:
    if name not in _FONTS:
        _FONTS[name] = pymupdf.Font(name)
    return _FONTS[name]


def shape(page):
    """A Shape to draw on ``page``.

    For documents made with ``new_doc(batch=True)`` this is the page's pending Shape, committed once
    (by :func:`flush` / :func:`finish`, or when a page is added with :func:`a4_page`) — far faster than
    a content-stream rewrite per call. Otherwise a fresh Shape that :func:`_commit` commits at once.
    """
    doc = page.parent
    if not doc.__dict__.get("_corpusgen_batch"):
        return page.new_shape()
    reg = doc.__dict__.setdefault("_corpusgen_shapes", {})
    sh = reg.get(page.number)
    if sh is None:
        sh = reg[page.number] = page.new_shape()
    return sh


def _commit(page, sh) -> None:
    if not page.parent.__dict__.get("_corpusgen_batch"):
        sh.commit()


def flush(doc) -> None:
    """Commit the pending drawing of every page of ``doc``."""
    reg = doc.__dict__.pop("_corpusgen_shapes", {})
    for _n, sh in sorted(reg.items()):
        sh.commit()


def _is_latin(ch: str) -> bool:
    return ord(ch) < 128


def runs(s: str) -> list[tuple[bool, str]]:
    """Split ``s`` into (is_latin, substring) runs."""
    out: list[tuple[bool, str]] = []
    for ch in s:
        lat = _is_latin(ch)
        if out and out[-1][0] == lat:
            out[-1] = (lat, out[-1][1] + ch)
        else:
            out.append((lat, ch))
    return out


def measure(s: str, size: float = 11, font: str = "song", bold: bool = False) -> float:
    """Printed width of ``s`` in points."""
    w = 0.0
    for lat, part in runs(s):
        if lat:
            w += _font(_LATIN[(font, bold)]).text_length(part, fontsize=size)
        else:
            w += size * len(part)
    return w


def text(page, x: float, y: float, s: str, size: float = 11, color=BLACK, bold: bool = False,
         font: str = "song", align: str = "left", rotate: float = 0.0, opacity: float = 1.0,
         spacing: float = 0.0) -> float:
    """Draw one line of text with its baseline at ``y``; returns its width.

    ``align`` is left/center/right relative to ``x``; ``rotate`` turns the line about its start
    point (degrees, clockwise on the page); ``spacing`` adds extra points between characters.
    """
    if not s:
        return 0.0
    width = measure(s, size, font, bold) + spacing * max(len(s) - 1, 0)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    pivot = pymupdf.Point(x, y)
    morph = (pivot, pymupdf.Matrix(-rotate)) if rotate else None
    cx = x
    pieces = [(lat, ch) for lat, part in runs(s) for ch in part] if spacing else runs(s)
    for lat, part in pieces:
        kw = {}
        if lat:
            fname = _LATIN[(font, bold)]
            w = _font(fname).text_length(part, fontsize=size)
        else:
            fname = _CJK[font]
            w = size * len(part)
            if bold:
                kw = {"render_mode": 2, "border_width": 0.04}
        if part.strip():
            sh = shape(page)
            sh.insert_text((cx, y), part, fontname=fname, fontsize=size, color=color, fill=color if kw else None,
                           morph=morph, fill_opacity=opacity, stroke_opacity=opacity, **kw)
            _commit(page, sh)
        cx += w + (spacing if spacing else 0)
    return width


def wrap(s: str, width: float, size: float = 11, font: str = "song", first_indent: float = 0.0) -> list[str]:
    """Break ``s`` into lines no wider than ``width`` (keeps ASCII words whole, honours newlines)."""
    lines: list[str] = []
    for para in s.split("\n"):
        tokens: list[str] = []
        for lat, part in runs(para):
            if lat:
                tokens.extend(t for t in _split_keep(part) if t)
            else:
                tokens.extend(part)
        cur, avail = "", width - (first_indent if not lines else 0)
        for tok in tokens:
            if measure(cur + tok, size, font) <= avail or not cur:
                cur += tok
            else:
                if tok in "，。、；：）》」”！？" and len(tok) == 1:  # no closing punctuation at line start
                    cur += tok
                    continue
                lines.append(cur.rstrip())
                cur, avail = tok.lstrip(), width
        lines.append(cur.rstrip())
    return lines


def _split_keep(s: str) -> list[str]:
    out, cur = [], ""
    for ch in s:
        cur += ch
        if ch == " ":
            out.append(cur)
            cur = ""
    out.append(cur)
    return out


def paragraph(page, rect, s: str, size: float = 11, leading: float = 1.65, indent: int = 2,
              font: str = "song", color=BLACK, align: str = "left") -> float:
    """Draw wrapped text inside ``rect`` (x0, y0, x1, _); first line indented by ``indent`` characters.

    Returns the y below the last line (the text may run past rect's bottom; use :class:`Flow` to paginate).
    """
    x0, y0, x1 = rect[0], rect[1], rect[2]
    ind = indent * size
    y = y0 + size
    for i, line in enumerate(wrap(s, x1 - x0, size, font, first_indent=ind)):
        if align == "center":
            text(page, (x0 + x1) / 2, y, line, size, color, font=font, align="center")
        else:
            text(page, x0 + (ind if i == 0 else 0), y, line, size, color, font=font)
        y += size * leading
    return y - size * leading + size * 0.6


def title(page, y: float, s: str, size: float = 20, color=BLACK, font: str = "hei", spacing: float = 0.0) -> float:
    """A centred bold title whose top is at ``y``; returns the y below it."""
    text(page, A4_W / 2 if page.rect.width < 700 else page.rect.width / 2, y + size, s, size, color,
         bold=True, font=font, align="center", spacing=spacing)
    return y + size * 1.9


def new_doc(batch: bool = False) -> pymupdf.Document:
    """An empty PDF. ``batch=True`` defers drawing to one Shape per page (fast); then call :func:`finish`
    or :func:`flush` before saving or rendering the document."""
    doc = pymupdf.open()
    if batch:
        doc.__dict__["_corpusgen_batch"] = True
    return doc


def a4_page(doc, landscape: bool = False):
    """Append an A4 page (pending drawing of earlier pages is committed first: adding a page orphans them)."""
    flush(doc)
    return doc.new_page(width=A4_H, height=A4_W) if landscape else doc.new_page(width=A4_W, height=A4_H)


def hline(page, x0: float, x1: float, y: float, color=BLACK, width: float = 0.6) -> None:
    sh = shape(page)
    sh.draw_line((x0, y), (x1, y))
    sh.finish(color=color, width=width)
    _commit(page, sh)


def box(page, rect, color=BLACK, width: float = 0.6, fill=None) -> None:
    sh = shape(page)
    sh.draw_rect(pymupdf.Rect(rect))
    sh.finish(color=color, width=width, fill=fill)
    _commit(page, sh)


def _cell_lines(s: str, w: float, size: float, font: str) -> list[str]:
    return wrap(str(s), max(w - 8, size), size, font) if s not in (None, "") else [""]


def kv_table(page, top: float, rows: Sequence[tuple[str, str]], widths: Sequence[float] = (120, 331.28),
             left: float | None = None, size: float = 10.5, font: str = "song", label_fill=LIGHT,
             line_color=BLACK, min_h: float = 0.0) -> float:
    """A two-column bordered label/value table; returns the y below it."""
    left = MARGIN_L if left is None else left
    y = top
    wl, wv = widths[0], widths[1]
    for label, value in rows:
        ll = _cell_lines(label, wl, size, font)
        vl = _cell_lines(value, wv, size, font)
        h = max(len(ll), len(vl)) * size * 1.45 + size * 0.9
        h = max(h, min_h)
        box(page, (left, y, left + wl, y + h), color=line_color, fill=label_fill)
        box(page, (left + wl, y, left + wl + wv, y + h), color=line_color)
        _cell_text(page, left, y, wl, h, ll, size, font, "center")
        _cell_text(page, left + wl, y, wv, h, vl, size, font, "left")
        y += h
    return y


def _cell_text(page, x: float, y: float, w: float, h: float, lines: list[str], size: float, font: str,
               align: str, bold: bool = False) -> None:
    lh = size * 1.45
    ty = y + (h - len(lines) * lh) / 2 + size * 1.05
    for line in lines:
        if align == "center":
            text(page, x + w / 2, ty, line, size, font=font, align="center", bold=bold)
        elif align == "right":
            text(page, x + w - 4, ty, line, size, font=font, align="right", bold=bold)
        else:
            text(page, x + 4, ty, line, size, font=font, bold=bold)
        ty += lh


def grid_table(page, top: float, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
               left: float | None = None, size: float = 9.5, font: str = "song", bottom: float | None = None,
               aligns: Sequence[str] | None = None, header_fill=LIGHT, repeat_header: bool = True,
               new_page=None) -> float:
    """A bordered grid with a header row; returns the y below it.

    Multi-page safe: when a row would cross ``bottom`` a new page is added to ``page.parent``
    (via ``new_page(doc)`` if given) and the header is repeated; the returned y then refers to the
    document's last page (``page.parent[-1]``).
    """
    doc = page.parent
    total = sum(widths)
    left = (page.rect.width - total) / 2 if left is None else left
    bottom = page.rect.height - MARGIN_B if bottom is None else bottom
    aligns = list(aligns or ["center"] * len(widths))

    def draw_row(pg, y, cells, fill=None, bold=False, aligns_=None):
        lines = [_cell_lines(c, w, size, font) for c, w in zip(cells, widths)]
        h = max(len(ls) for ls in lines) * size * 1.4 + size * 0.8
        if pg is not None:
            x = left
            for ls, w, al in zip(lines, widths, aligns_ or aligns):
                box(pg, (x, y, x + w, y + h), fill=fill, width=0.5)
                _cell_text(pg, x, y, w, h, ls, size, font, al, bold=bold)
                x += w
        return h

    y = top
    if header:
        y += draw_row(page, y, header, fill=header_fill, bold=True, aligns_=["center"] * len(widths))
    for row in rows:
        h = draw_row(None, y, row)
        if y + h > bottom:
            page = new_page(doc) if new_page else a4_page(doc, landscape=page.rect.width > page.rect.height)
            y = MARGIN_T
            if header and repeat_header:
                y += draw_row(page, y, header, fill=header_fill, bold=True, aligns_=["center"] * len(widths))
        y += draw_row(page, y, row)
    return y


def red_seal(page, center: tuple[float, float], org: str, radius: float = 42, rng: random.Random | None = None,
             bottom_text: str = "", color=SEAL_RED, number: str = "") -> None:
    """A red round seal: ring, the organisation's name around the top, a five-pointed star, optional
    bottom text (e.g. 专用章 / 业务专用章) — vector graphics and red text, slightly rotated and faded
    when ``rng`` is given."""
    cx, cy = center
    rot = rng.uniform(-12, 12) if rng else 0.0
    op = rng.uniform(0.78, 0.95) if rng else 0.9
    if rng:
        cx += rng.uniform(-3, 3)
        cy += rng.uniform(-3, 3)
    c = pymupdf.Point(cx, cy)
    sh = shape(page)
    sh.draw_circle(c, radius)
    sh.finish(color=color, width=max(radius * 0.055, 1.6), stroke_opacity=op)
    if radius > 30:
        sh.draw_circle(c, radius - radius * 0.1)
        sh.finish(color=color, width=0.4, stroke_opacity=op * 0.6)
    # star
    rs = radius * 0.27
    pts = []
    for k in range(10):
        ang = math.radians(-90 + rot + k * 36)
        r = rs if k % 2 == 0 else rs * 0.4
        pts.append(pymupdf.Point(cx + r * math.cos(ang), cy + r * math.sin(ang)))
    sh.draw_polyline(pts + [pts[0]])
    sh.finish(color=color, fill=color, width=0.3, closePath=True, fill_opacity=op, stroke_opacity=op)
    _commit(page, sh)
    # name around the ring
    chars = [ch for ch in org if not ch.isspace()]
    n = len(chars)
    if n:
        size = min(radius * 0.27, max(radius * 0.15, radius * 5.2 / (n + 4)))
        span = min(250.0, max(100.0, n * size / (radius - size) * 57.3 * 1.08))
        r_base = radius * 0.86 - size
        for i, ch in enumerate(chars):
            theta = -90 - span / 2 + (span * (i + 0.5) / n) + rot
            t = math.radians(theta)
            # character centred on the radial line, upright pointing outward
            w = size if not _is_latin(ch) else _font("helv").text_length(ch, fontsize=size)
            tx, ty = -math.sin(t), math.cos(t)  # text direction (tangent, clockwise)
            bx = cx + r_base * math.cos(t) - tx * w / 2
            by = cy + r_base * math.sin(t) - ty * w / 2
            text(page, bx, by, ch, size, color, bold=True, font="hei", rotate=theta + 90, opacity=op)
    if bottom_text:
        bs = radius * 0.17
        _rot_line(page, cx, cy, radius * 0.55, bottom_text, bs, color, rot, op)
    if number:
        _rot_line(page, cx, cy, radius * 0.78, number, radius * 0.11, color, rot, op)


def _rot_line(page, cx, cy, dy, s, size, color, rot, op):
    """A horizontal line of text below the seal centre, turned with the seal."""
    w = measure(s, size, "hei")
    t = math.radians(rot)
    # start point relative to centre before rotation: (-w/2, dy)
    x0, y0 = -w / 2, dy
    px = cx + x0 * math.cos(t) - y0 * math.sin(t)
    py = cy + x0 * math.sin(t) + y0 * math.cos(t)
    text(page, px, py, s, size, color, font="hei", rotate=rot, opacity=op)


def has_seal_drawing(page) -> bool:
    """True if the page carries a red curved vector drawing (a seal ring)."""
    for d in page.get_drawings():
        col = d.get("color") or d.get("fill")
        if col and col[0] > 0.7 and col[1] < 0.3 and col[2] < 0.3 and any(it[0] == "c" for it in d["items"]):
            return True
    return False


# --- dates and numbers ----------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"


def as_date(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def date_cn(v, pad: bool = False) -> str:
    """2024年5月10日 (``pad``: 2024年05月10日)."""
    d = as_date(v)
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if pad else f"{d.year}年{d.month}月{d.day}日"


def _cn_small(n: int) -> str:
    if n < 10:
        return "〇一二三四五六七八九"[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def date_upper(v) -> str:
    """二〇二四年五月十日 (the way official documents date themselves)."""
    d = as_date(v)
    return "".join(_CN_DIGITS[int(c)] for c in str(d.year)) + "年" + _cn_small(d.month) + "月" + _cn_small(d.day) + "日"


def date_iso(v) -> str:
    return as_date(v).isoformat()


def date_dot(v) -> str:
    d = as_date(v)
    return f"{d.year}.{d.month:02d}.{d.day:02d}"


def date_en(v) -> str:
    d = as_date(v)
    return f"{d.day} {('January February March April May June July August September October November December').split()[d.month - 1]} {d.year}"


def date_forms(v) -> list[str]:
    """Every printed form of a date used by the renderers (for tests and checkers)."""
    return [date_cn(v), date_cn(v, pad=True), date_upper(v), date_iso(v), date_dot(v), date_en(v)]


def num(v, decimals: int = 0, comma: bool = False) -> str:
    """Format a number: ``num(3650)`` -> 3650, ``num(3650, 2, True)`` -> 3,650.00."""
    if v is None:
        return "—"
    f = float(v)
    return f"{f:,.{decimals}f}" if comma else f"{f:.{decimals}f}"


def num_forms(v) -> list[str]:
    return [num(v, d, c) for d in (0, 1, 2) for c in (False, True)]


# --- flowing multi-page layout ---------------------------------------------------------------------

class Flow:
    """Top-to-bottom writer that adds pages as needed (portrait A4, with optional running header/footer)."""

    def __init__(self, doc, header: str = "", footer: str = "", font: str = "song", size: float = 11,
                 left: float = MARGIN_L, right: float = A4_W - MARGIN_R, page_numbers: bool = True):
        self.doc, self.header, self.footer, self.font, self.size = doc, header, footer, font, size
        self.left, self.right = left, right
        self.page_numbers = page_numbers
        self.page = None
        self.y = MARGIN_T
        self.new_page()

    @property
    def width(self) -> float:
        return self.right - self.left

    def _decorate(self, page) -> None:
        if self.header:
            text(page, self.right, 48, self.header, 8.5, GREY, align="right")
            hline(page, self.left, self.right, 53, GREY, 0.5)
        if self.page_numbers:
            n = len(self.doc)
            text(page, A4_W / 2, A4_H - 34, f"第 {n} 页" if not self.footer else f"{self.footer}  {n}", 8.5, GREY,
                 align="center")

    def new_page(self, doc=None):
        self.page = a4_page(self.doc)
        self._decorate(self.page)
        self.y = MARGIN_T
        return self.page

    def ensure(self, h: float) -> None:
        if self.y + h > A4_H - MARGIN_B:
            self.new_page()

    def space(self, h: float) -> None:
        self.y += h

    def title(self, s: str, size: float = 18, spacing: float = 0.0) -> None:
        lines = wrap(s, self.width - 20, size, "hei")
        self.ensure(size * 1.5 * len(lines) + size)
        for i, ln in enumerate(lines):
            if i < len(lines) - 1:
                text(self.page, (self.left + self.right) / 2, self.y + size, ln, size, bold=True, font="hei",
                     align="center")
                self.y += size * 1.45
            else:
                self.y = title(self.page, self.y, ln, size, spacing=spacing)

    def heading(self, s: str, size: float | None = None, font: str = "hei") -> None:
        size = size or self.size + 1.5
        self.ensure(size * 3.5)
        self.y += size * 0.5
        text(self.page, self.left, self.y + size, s, size, bold=True, font=font)
        self.y += size * 1.9

    def para(self, s: str, size: float | None = None, indent: int = 2, leading: float = 1.7, align: str = "left",
             font: str | None = None) -> None:
        size = size or self.size
        font = font or self.font
        for i, line in enumerate(wrap(s, self.width, size, font, first_indent=indent * size)):
            self.ensure(size * leading)
            if align == "center":
                text(self.page, (self.left + self.right) / 2, self.y + size, line, size, font=font, align="center")
            elif align == "right":
                text(self.page, self.right, self.y + size, line, size, font=font, align="right")
            else:
                text(self.page, self.left + (indent * size if i == 0 else 0), self.y + size, line, size, font=font)
            self.y += size * leading
        self.y += size * 0.3

    def line(self, s: str, size: float | None = None, x: float | None = None, align: str = "left", bold: bool = False,
             font: str | None = None, color=BLACK) -> None:
        size = size or self.size
        self.ensure(size * 1.8)
        xx = x if x is not None else (self.left if align == "left" else self.right if align == "right"
                                      else (self.left + self.right) / 2)
        text(self.page, xx, self.y + size, s, size, color, bold=bold, font=font or self.font, align=align)
        self.y += size * 1.8

    def kv(self, rows: Sequence[tuple[str, str]], widths: Sequence[float] | None = None, size: float = 10.5) -> None:
        widths = widths or (self.width * 0.3, self.width * 0.7)
        for row in rows:  # row by row so that long tables break across pages
            h = (max(len(_cell_lines(row[0], widths[0], size, self.font)),
                     len(_cell_lines(row[1], widths[1], size, self.font))) * size * 1.45 + size * 0.9)
            self.ensure(h)
            self.y = kv_table(self.page, self.y, [row], widths, left=self.left, size=size, font=self.font)
        self.y += 8

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float] | None = None,
              size: float = 9.5, aligns: Sequence[str] | None = None) -> None:
        n = len(header)
        widths = list(widths or [self.width / n] * n)
        scale = self.width / sum(widths) if sum(widths) > self.width else 1.0
        widths = [w * scale for w in widths]
        self.ensure(size * 5)
        self.y = grid_table(self.page, self.y, header, list(rows), widths, left=self.left, size=size, font=self.font,
                            aligns=aligns, new_page=lambda doc: self.new_page())
        self.page = self.doc[-1]
        self.y += 10

    def signature(self, org: str, when, seal: bool, rng: random.Random | None, date_style=date_upper,
                  extra: Sequence[str] = (), seal_text: str = "") -> None:
        """Right-aligned issuing organisation and date, with the seal over them."""
        self.ensure(110)
        self.y += 18
        x = self.right - 10
        lines = list(extra) + [org, date_style(when)]
        top = self.y
        for s in lines:
            text(self.page, x, self.y + self.size, s, self.size, font=self.font, align="right")
            self.y += self.size * 1.9
        if seal:
            red_seal(self.page, (x - measure(org, self.size) / 2, top + (self.y - top) / 2 + 2), seal_name(org),
                     radius=44, rng=rng, bottom_text=seal_text)
        self.y += 6


def seal_name(org: str) -> str:
    """Name on an organisation's seal (the part before any newline)."""
    return org.split("\n")[0]


def finish(doc, title_: str = "", subject: str = "") -> bytes:
    """Commit pending drawing; deterministic bytes: fixed metadata, no new document ID."""
    flush(doc)
    doc.set_metadata({"title": title_, "author": "", "subject": subject, "keywords": "", "creator": "corpusgen",
                      "producer": "corpusgen", "creationDate": FIXED_DATE, "modDate": FIXED_DATE})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)
