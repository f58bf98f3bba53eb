"""Scanner and phone-camera simulation: image-only PDFs, JPEG/PNG photos, deterministic by seed.

A scan renders each page with PyMuPDF at 200–300 dpi, then with Pillow only: paper tint and
uneven brightness, a slight rotation (±0.3–1.5°), mild blur, sensor noise and a few specks of
dust, JPEG-compressed and placed as the only content of an A4 page. The result has **no text
layer** (a checker must OCR it). Colour scans keep red seals red; grayscale scans turn them grey,
as an office copier does.

A photo is one page shot with a phone: lower resolution, the sheet skewed in perspective on a
desk, a shadow across it, saved as JPEG (with the phone's EXIF) or PNG (as forwarded in a chat).

Everything is a function of the input bytes and the seed: the noise comes from ``random.Random``,
never from Pillow's unseeded ``effect_noise``; PDFs are written without a random /ID.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, TiffImagePlugin

from ._pymupdf import pymupdf

A4 = (595.28, 841.89)  # points

SCANNERS = [
    "Canon iR-ADV C5535 PDF", "RICOH MP C3004", "KONICA MINOLTA bizhub C300i",
    "HP LaserJet MFP M437", "EPSON DS-530", "Kyocera TASKalfa 3253ci", "SHARP MX-3158NC",
]
PHONES = [("HUAWEI", "ALN-AL00"), ("Xiaomi", "23127PN0CC"), ("OPPO", "PHZ110"), ("vivo", "V2309A"), ("Apple", "iPhone 14 Pro")]


@dataclass
class ScanInfo:
    """How a document was scanned (recorded in the ground truth)."""

    dpi: int
    mode: str  # color | gray | bw | auto (colour for pages with red ink, black-and-white otherwise)
    page_modes: list[str]
    quality: int
    rotation: list[float]
    producer: str

    def as_dict(self) -> dict:
        return {"dpi": self.dpi, "mode": self.mode, "page_modes": self.page_modes, "jpeg_quality": self.quality,
                "rotation_deg": [round(a, 2) for a in self.rotation], "producer": self.producer}


def _pixmap_image(page, dpi: int) -> Image.Image:
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def _noise(rnd: random.Random, size: tuple[int, int], amplitude: int, grain: int = 2) -> Image.Image:
    """Gaussian-ish sensor noise centred on 128 (an "L" image), from the seeded generator."""
    w, h = max(1, size[0] // grain), max(1, size[1] // grain)
    raw = Image.frombytes("L", (w, h), rnd.randbytes(w * h))
    # two uniform draws averaged ≈ triangular distribution: mild, centred noise
    raw2 = Image.frombytes("L", (w, h), rnd.randbytes(w * h))
    tri = ImageChops.add(raw, raw2, scale=2.0)
    lut = [max(0, min(255, 128 + (v - 128) * amplitude // 128)) for v in range(256)]
    return tri.point(lut).resize(size, Image.Resampling.BILINEAR)


def _illumination(rnd: random.Random, size: tuple[int, int], low: int, high: int = 255, cells: int = 3) -> Image.Image:
    """A smooth brightness field (an "L" image, 255 = unchanged) for uneven lighting."""
    field = Image.new("L", (cells, cells))
    field.putdata([rnd.randint(low, high) for _ in range(cells * cells)])
    return field.resize(size, Image.Resampling.BICUBIC)


def _apply_field(img: Image.Image, field: Image.Image) -> Image.Image:
    if img.mode == "RGB":
        field = Image.merge("RGB", (field, field, field))
    return ImageChops.multiply(img, field)


def _add_noise(img: Image.Image, noise: Image.Image) -> Image.Image:
    if img.mode == "RGB":
        noise = Image.merge("RGB", (noise, noise, noise))
    return ImageChops.add(img, noise, scale=1.0, offset=-128)


def _specks(img: Image.Image, rnd: random.Random, count: int) -> None:
    d = ImageDraw.Draw(img)
    w, h = img.size
    ink = {"L": 40, "1": 0}.get(img.mode, (40, 40, 40))
    for _ in range(count):
        x, y, r = rnd.randrange(w), rnd.randrange(h), rnd.choice((1, 1, 1, 2, 3))
        d.ellipse((x - r, y - r, x + r, y + r), fill=ink)


def has_red(img: Image.Image) -> bool:
    """True if the RGB page image carries red ink (a seal, a red letterhead)."""
    small = img.resize((img.width // 4, img.height // 4), Image.Resampling.BOX)
    r, g, b = small.split()
    mask = ImageChops.multiply(ImageChops.multiply(r.point(lambda v: 255 if v > 150 else 0), g.point(lambda v: 255 if v < 110 else 0)),
                               b.point(lambda v: 255 if v < 120 else 0))
    return mask.getbbox() is not None


def degrade_page(img: Image.Image, rnd: random.Random, *, mode: str, angle: float) -> Image.Image:
    """Paper, light, skew, blur, noise: the page image as a flatbed or feeder scanner delivers it.

    ``mode`` color → RGB, gray → L, bw → 1-bit (thresholded after blur and noise, as a
    black-and-white document scan is).
    """
    color = mode == "color"
    if not color:
        img = img.convert("L")
    w, h = img.size
    if color:  # paper tint
        tint = Image.new("RGB", (w, h), (255, 253 - rnd.randint(0, 4), 246 - rnd.randint(0, 8)))
        img = ImageChops.multiply(img, tint)
    if mode == "bw":
        img = _apply_field(img, _illumination(rnd, (w, h), 200))
    bg = (250, 249, 244) if color else 250
    img = img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=bg)
    # mild optical blur: a 3×3 binomial kernel (a Gaussian of σ≈0.6–0.85 px, 2× faster than GaussianBlur)
    c = rnd.choice((4, 6, 8))
    img = img.filter(ImageFilter.Kernel((3, 3), (1, 2, 1, 2, c, 2, 1, 2, 1)))
    if mode == "bw":
        img = _add_noise(img, _noise(rnd, (w, h), amplitude=rnd.randint(28, 40), grain=1))
        cut = rnd.randint(150, 175)
        img = img.point(lambda v: 255 if v > cut else 0).convert("1", dither=Image.Dither.NONE)
        _specks(img, rnd, rnd.randint(5, 40))
        return img
    img = _add_noise(img, _noise(rnd, (w, h), amplitude=rnd.randint(3, 5)))
    # the scanner's background removal: paper near white becomes white (keeps JPEGs small)
    cut = rnd.randint(234, 242)
    lut = [min(255, v * 255 // cut) for v in range(256)]
    img = img.point(lut * (3 if color else 1))
    img = _apply_field(img, _illumination(rnd, (w, h), 234))
    _specks(img, rnd, rnd.randint(3, 25))
    return img


def _g4(img: Image.Image) -> bytes:
    """A 1-bit image as one CCITT Group 4 strip (the data of a /CCITTFaxDecode stream)."""
    old = TiffImagePlugin.STRIP_SIZE
    TiffImagePlugin.STRIP_SIZE = 1 << 30
    try:
        buf = io.BytesIO()
        img.save(buf, format="TIFF", compression="group4")
    finally:
        TiffImagePlugin.STRIP_SIZE = old
    raw = buf.getvalue()
    tif = Image.open(io.BytesIO(raw))
    offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    if len(offsets) != 1:
        raise RuntimeError("TIFF written in several strips")
    return raw[offsets[0]:offsets[0] + counts[0]]




def _jpeg(img: Image.Image, quality: int, **extra) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True, subsampling=2, **extra)
    return buf.getvalue()


def images_to_pdf(images: list[tuple[str, bytes, tuple[int, int]]], *, producer: str, date: str, page_size=A4) -> bytes:
    """An image-only PDF: each image ("jpeg" bytes, or "g4" CCITT data with its size) fills one page.

    Each page is ``page_size`` (A4) turned to the image's orientation — a landscape page scanned
    stays landscape, so nothing is squashed (a seal stays round). No text, no random /ID, fixed
    dates: the same images give the same bytes.
    """
    out = pymupdf.open()
    short, long_ = sorted(page_size)
    for kind, data, (w, h) in images:
        pw, ph = (long_, short) if w > h else (short, long_)
        page = out.new_page(width=pw, height=ph)
        if kind == "jpeg":
            page.insert_image(page.rect, stream=data, keep_proportion=False)
            continue
        # a new image object per page (inserting one placeholder image and overwriting its stream
        # would give every page the same object: PyMuPDF reuses identical images)
        xref = out.get_new_xref()
        out.update_object(xref, "<</Type/XObject/Subtype/Image>>")
        out.update_stream(xref, data, compress=0)
        for key, val in (("Width", str(w)), ("Height", str(h)), ("BitsPerComponent", "1"), ("ColorSpace", "/DeviceGray"),
                         ("Filter", "/CCITTFaxDecode"), ("DecodeParms", f"<</K -1/Columns {w}/Rows {h}/BlackIs1 true>>")):
            out.xref_set_key(xref, key, val)
        page.insert_image(page.rect, xref=xref, keep_proportion=False)
    stamp = "D:" + date.replace("-", "") + "093000+08'00'"
    out.set_metadata({"producer": producer, "creator": producer, "creationDate": stamp, "modDate": stamp})
    return out.tobytes(garbage=3, deflate=True, no_new_id=True)


def scan_pdf(pdf: bytes, *, seed: int, mode: str | None = None, dpi: int | None = None, quality: int | None = None,
             date: str = "2026-03-10", pages: list[int] | None = None) -> tuple[bytes, ScanInfo]:
    """Print-and-scan ``pdf`` (all pages, or the 0-based ``pages``): an image-only PDF and how it was made.

    ``mode``: color, gray, bw, or auto (a scanner's automatic colour detection: pages with red ink
    in colour, the others black-and-white); chosen from the seed when None.
    """
    rnd = random.Random(f"scan:{seed}")
    mode = mode or rnd.choice(("color", "gray", "bw", "color", "auto"))
    dpi = dpi or rnd.choice((200, 200, 240, 300) if mode == "bw" else (200, 200, 200, 240))
    quality = quality or rnd.randint(56, 64)
    producer = rnd.choice(SCANNERS)
    src = pymupdf.open(stream=pdf, filetype="pdf")
    base = rnd.choice((-1, 1)) * rnd.uniform(0.3, 1.2)  # a feeder skews every sheet alike, roughly
    images, angles, modes = [], [], []
    for i in pages if pages is not None else range(src.page_count):
        angle = max(-1.5, min(1.5, base + rnd.uniform(-0.25, 0.25)))
        if abs(angle) < 0.3:
            angle = 0.3 if angle >= 0 else -0.3
        img = _pixmap_image(src[i], dpi)
        m = mode if mode != "auto" else ("color" if has_red(img) else "bw")
        img = degrade_page(img, rnd, mode=m, angle=angle)
        if m == "bw":
            images.append(("g4", _g4(img), img.size))
        else:
            images.append(("jpeg", _jpeg(img, quality, dpi=(dpi, dpi)), img.size))
        angles.append(angle)
        modes.append(m)
    return images_to_pdf(images, producer=producer, date=date), ScanInfo(dpi, mode, modes, quality, angles, producer)


# ---- phone photos -------------------------------------------------------------------------------

def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8×8, pure Python)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE): output point in ``dst`` ← input point in ``src``."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    return _solve(a, b)


def photo(pdf: bytes, page: int = 0, *, seed: int, fmt: str = "jpeg", date: str = "2026-03-08") -> tuple[bytes, dict]:
    """A phone photo of one page lying on a desk: skewed, shadowed, lower resolution."""
    rnd = random.Random(f"photo:{seed}")
    src = pymupdf.open(stream=pdf, filetype="pdf")
    sheet = _pixmap_image(src[page], rnd.choice((96, 108, 120)))
    sw, sh = sheet.size
    W, H = int(sw * 1.12), int(sh * 1.1)
    desk = rnd.choice(((128, 98, 70), (176, 170, 160), (92, 96, 104), (205, 200, 190)))
    canvas = Image.new("RGB", (W, H), desk)
    # where the sheet's corners land (tl, tr, br, bl): a hand-held, slightly tilted shot
    mx, my = (W - sw) / 2, (H - sh) / 2
    j = lambda s: rnd.uniform(-s, s)  # noqa: E731
    k = 0.035 * sw
    dst = [(mx + j(k), my + j(k)), (W - mx + j(k), my + j(k) + k * 0.6), (W - mx + j(k) - k * 0.7, H - my + j(k)), (mx + j(k) + k * 0.5, H - my + j(k))]
    coeffs = _perspective_coeffs(dst, [(0, 0), (sw, 0), (sw, sh), (0, sh)])
    warped = sheet.transform((W, H), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", (sw, sh), 255).transform((W, H), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR, fillcolor=0)
    shadow = mask.filter(ImageFilter.GaussianBlur(12))
    canvas = Image.composite(Image.new("RGB", (W, H), tuple(int(c * 0.6) for c in desk)), canvas, ImageChops.offset(shadow, 8, 10))
    canvas = Image.composite(warped, canvas, mask)
    # the photographer's shadow and the lamp: a strong gradient across the picture
    img = _apply_field(canvas, _illumination(rnd, (W, H), 150, 250, cells=2))
    img = img.filter(ImageFilter.GaussianBlur(radius=rnd.uniform(0.5, 1.1)))
    make, model = rnd.choice(PHONES)
    info = {"format": fmt, "size": [W, H], "device": f"{make} {model}"}
    if fmt == "png":
        # forwarded through a chat app: downsized, palette-reduced PNG (octree keeps a small red seal red;
        # median cut gives the 64 entries to the desk and paper and turns the seal brown)
        img = img.resize((W * 3 // 4, H * 3 // 4), Image.Resampling.LANCZOS).quantize(
            colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True)
        info["size"] = list(img.size)
        return buf.getvalue(), info
    img = _add_noise(img, _noise(rnd, (W, H), amplitude=10))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = make, model
    exif[0x0132] = date.replace("-", ":") + f" {rnd.randint(8, 18):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}"
    return _jpeg(img, rnd.randint(68, 78), exif=exif.tobytes()), info
