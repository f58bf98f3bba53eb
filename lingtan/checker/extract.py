"""Extract: the text of every page of a submitted file, OCR where there is no text layer.

:func:`open_file` opens a :class:`~lingtan.checker.model.SourceFile` as a :class:`FileReader`, whose
:class:`~lingtan.checker.model.ExtractedFile` has one :class:`~lingtan.checker.model.PageText` per page:

* **PDF** — the text layer of each page (text blocks in reading order: top to bottom, left to
  right), the number of images on it, and the bookmarks (``toc``). A page with fewer than
  ``OcrPolicy.min_chars`` non-blank characters has no usable text layer: it is ``pending``. So is
  a page whose text layer lies (``PageText.ocr_reason``): unmapped glyphs or glyph soup
  (:func:`text.layer_quality`; that text is dropped), or a layer thinner than what is printed
  (:func:`thin_layer`: a line of text over a scan of the whole page).
  Nothing is rendered yet: the reader OCRs a pending page whole (:meth:`FileReader.ocr`: rendered
  at ``OcrPolicy.dpi``, long side at most 2000 px, seals turned light first, turned upright when
  scanned sideways or upside down) or just its head or foot strip (:meth:`FileReader.strip`)
  when the later stages ask, and looks for a red seal
  (:meth:`FileReader.seal`, a 50-dpi rendering) — see ``docs/architecture.md``. A blank page
  is never OCRed.
* **Images** (.jpg .jpeg .png .tif .tiff .bmp) — checked and decoded with Pillow, turned upright
  by their EXIF orientation, shrunk to a long side of 2000 px, turned upright by what they show
  (:func:`ocr.orientation`: a photo taken sideways or upside down), OCRed whole when opened (a photo
  is one document whose page is needed anyway): one page per image, one per TIFF frame.
* **DOCX** — paragraphs and table cells in document order (text boxes included, deleted text
  not); a new page at every hard page break or "page break before" paragraph.

:func:`extract` is the eager form: every pending page OCRed and every page looked at for a seal.

Nothing from PyMuPDF, Pillow, python-docx or the OCR engine is raised: a file that cannot be
read gets ``ExtractedFile.problem`` (a key of :data:`~lingtan.checker.model.UNREADABLE_REASONS`) and a
``problem_detail`` saying what went wrong. Decisions:

* a ``.pdf`` whose bytes are not a PDF (no ``%PDF`` in the first 1 KiB) is ``not_pdf`` and is not
  read further, even when it is really an image (the corpus labels such a file unreadable, and
  the applicant should resubmit a real PDF); ``problem_detail`` says what it is;
* PDFs with only an owner password (restrictions on printing/copying) open normally; a user
  password is tried empty and otherwise gives ``encrypted``;
* a PDF that MuPDF had to repair is still read; it is ``corrupt`` when it is truncated (no
  ``%%EOF`` at the end), has no pages, or pages fail to load — the pages that could be read are
  kept in ``pages`` for information, but the file counts as unreadable;
* the orientation of a page is looked at only when it is about to be OCRed (whole or a strip),
  once per page, on a 50-dpi rendering (≈ 15 ms); the turn is kept in ``PageText.rotation``;
* a failing OCR (engine cannot load, error on one page) leaves those pages empty and notes it in
  ``problem_detail``, without a ``problem``: the file itself is fine;
* ``sha256`` is set whenever there are bytes (also for damaged files, so that duplicates are
  found); it stays empty for a 0-byte file.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import re
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lingtan.common.errors import OcrEngineError, os_reason
from lingtan.common.i18n import _

from . import ocr as _ocr
from .model import ExtractedFile, PageText, SourceFile
from .red import seal_on_page
from .text import GARBAGE, THIN, dark_share, layer_quality

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
DOCX_SUFFIXES = {".docx"}
MAX_IMAGE_SIDE = 2000


@dataclass(frozen=True)
class OcrPolicy:
    """Which pages are OCRed."""

    enabled: bool = True
    min_chars: int = 20  # a page with fewer non-blank characters in its text layer has no usable text layer
    max_pages: int | None = None  # OCR at most this many whole pages per file (the rest keep empty text); None = all
    dpi: int = 200  # render resolution for OCR
    page_filter: Callable[[int], bool] | None = field(default=None, compare=False)  # which pages (1-based) may be OCRed
    lazy: bool = True  # check_submission: OCR only the pages classification and the checks need (False: every page)


def kind_of(suffix: str) -> str:
    """pdf / image / docx / other, from the lower-case extension."""
    suffix = suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    return "other"


def extract(src: SourceFile, *, ocr: OcrPolicy = OcrPolicy(), seals: bool = True) -> ExtractedFile:
    """Every page's text (OCR of every page without a text layer) and seals; never raises for a bad file."""
    with open_file(src, ocr=ocr) as reader:
        reader.read_all(seals=seals)
        return reader.ef


def open_file(src: SourceFile, *, ocr: OcrPolicy = OcrPolicy()) -> FileReader:
    """A reader of one file: text layers read at once, OCR and seal detection on demand.

    Use it as a context manager (the PDF stays open until then). Never raises for a bad file:
    ``reader.ef.problem`` says what is wrong with it.
    """
    kind = kind_of(src.suffix)
    ef = ExtractedFile(source=src, kind=kind)
    if src.problem:
        ef.problem = src.problem
        return FileReader(ef, ocr)
    try:
        data = src.read()
    except PermissionError as exc:
        return FileReader(_fail(ef, "permission", os_reason(exc)), ocr)
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required for extraction"
        key = "encrypted" if "encrypt" in str(exc).lower() or "password" in str(exc).lower() else "corrupt"
        return FileReader(_fail(ef, key, failure(exc)), ocr)
    except NotImplementedError as exc:  # zipfile: compression method not supported
        return FileReader(_fail(ef, "unsupported", failure(exc)), ocr)
    except Exception as exc:  # OSError, BadZipFile, zlib.error and other decompression failures of zip members
        return FileReader(_fail(ef, "corrupt", failure(exc)), ocr)
    if not data:
        return FileReader(_fail(ef, "empty", ""), ocr)
    ef.sha256 = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        return _open_pdf(ef, data, ocr)
    reader = FileReader(ef, ocr)
    if kind == "image":
        _extract_image(ef, data, ocr)
    elif kind == "docx":
        _extract_docx(ef, data)
    else:
        _fail(ef, "unsupported", _("扩展名 {suffix}").format(suffix=src.suffix or _("（无）")))
    return reader


def _fail(ef: ExtractedFile, problem: str, detail: str) -> ExtractedFile:
    ef.problem = problem
    ef.problem_detail = detail
    return ef


def failure(exc: BaseException) -> str:
    """What a library's exception says went wrong, in Chinese: never its English text, nor an object's
    address (``<_io.BytesIO object at 0x7f…>``), so that two runs on one file give the same report."""
    name = type(exc).__name__
    if name == "UnidentifiedImageError":
        return _("内容不是可识别的图片")
    if name == "DecompressionBombError":
        return _("图片像素过多")
    if isinstance(exc, MemoryError):
        return _("处理时内存不足")
    if isinstance(exc, RuntimeError) and "encrypt" in str(exc).lower():  # zipfile: a member needs a password
        return _("已加密，需要密码")
    if isinstance(exc, NotImplementedError):  # zipfile: a compression method it cannot read
        return _("使用了不支持的压缩方式")
    if isinstance(exc, zlib.error):
        return _("压缩数据已损坏")
    if isinstance(exc, OSError) and getattr(exc, "errno", None):
        return os_reason(exc)
    if isinstance(exc, (EOFError, OSError)) and "truncated" in str(exc).lower():
        return _("文件不完整（被截断）")
    return _("内容已损坏或格式不对，无法解析")


def _note(ef: ExtractedFile, detail: str) -> None:
    if detail and detail not in ef.problem_detail:
        ef.problem_detail = f"{ef.problem_detail}；{detail}" if ef.problem_detail else detail


_BLANK_RUN = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Trailing blanks off every line, at most one empty line in a row, no blank start or end."""
    return _BLANK_RUN.sub("\n\n", "\n".join(map(str.rstrip, text.splitlines()))).strip()


def sniff(data: bytes) -> str:
    """What a file's first bytes say it is (for ``problem_detail``)."""
    head = data[:16]
    for magic, name in (
        (b"%PDF", _("PDF")),
        (b"\x89PNG", _("PNG 图片")),
        (b"\xff\xd8\xff", _("JPEG 图片")),
        (b"GIF8", _("GIF 图片")),
        (b"BM", _("BMP 图片")),
        (b"II*\x00", _("TIFF 图片")),
        (b"MM\x00*", _("TIFF 图片")),
        (b"PK\x03\x04", _("ZIP 压缩包或 Office 文档")),
        (b"\xd0\xcf\x11\xe0", _("旧版 Office 文档或加密的 Office 文档")),
        (b"Rar!", _("RAR 压缩包")),
        (b"7z\xbc\xaf", _("7z 压缩包")),
    ):
        if head.startswith(magic):
            return name
    text = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return _("网页（HTML）")
    sample = data[:512]
    if b"\x00" not in sample:
        for codec in ("utf-8", "gb18030"):
            try:
                codecs.getincrementaldecoder(codec)().decode(sample, final=False)
                return _("文本")
            except UnicodeDecodeError:
                pass
    return _("未知格式")


class FileReader:
    """One opened file: its :class:`ExtractedFile` plus OCR and seal detection on demand.

    Pages without a usable text layer are ``pending`` until :meth:`ocr` reads them whole;
    :meth:`strip` reads only a strip (the top or the bottom) — enough for a title or a page
    number at a fraction of the cost. :meth:`seal` looks for a red seal. Image files are read
    whole when opened (a photo is one document: its page is needed anyway); DOCX files have
    no pages to OCR.
    """

    HEAD = 0.26  # share of the page height read as its head (title, document number, holder)
    FOOT = 0.10  # … and as its foot (page number)
    STRIP_DPI = 200

    def __init__(self, ef: ExtractedFile, policy: OcrPolicy, doc: Any = None):
        self.ef = ef
        self.policy = policy
        self.doc = doc  # the open pymupdf.Document of a PDF
        self.done = 0  # whole pages OCRed
        self.skipped = 0
        self._small: dict[int, Any] = {}
        self._turn: dict[int, int] = {}  # page → degrees it is turned clockwise before OCR (ocr.orientation)
        self._progress: dict[int, Any] = {}  # page → ocr.Progressive of a partly read page

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Release the PDF (the ExtractedFile stays); note pages left without text by the OCR budget."""
        if self.skipped:
            _note(self.ef, _("另有 {skipped} 页无文字层，未做 OCR（每个文件最多 {max_pages} 页）").format(
                skipped=self.skipped, max_pages=self.policy.max_pages))
            self.skipped = 0
        self._small.clear()
        self._turn.clear()
        self._progress.clear()
        if self.doc is not None:
            with contextlib.suppress(Exception):  # noqa: BLE001 - closing a damaged document
                self.doc.close()
            self.doc = None

    def page(self, number: int) -> PageText:
        return self.ef.pages[number - 1]

    # -- whole pages ---------------------------------------------------------------------------

    def ocr(self, number: int, enough: Callable[[str], bool] | None = None) -> bool:
        """OCR page ``number`` when it is pending (within the budget); True when OCR ran.

        Lines are recognised top to bottom (:class:`ocr.Progressive`); with ``enough``, reading
        stops after a step whose text satisfies it — the page is then ``partial`` and a later
        call without ``enough`` reads the rest (the lines are detected once).
        """
        pt = self.page(number)
        if not pt.pending or self.doc is None:
            return False
        p = self.policy
        prog = self._progress.get(number)
        if prog is None:
            if p.max_pages is not None and self.done >= p.max_pages:
                pt.pending = False
                self.skipped += 1
                return False
            small = self._small_rgb(number)
            if small is not None and blank(small):
                pt.pending = False
                return False  # nothing on it to read
            self.done += 1
        t = time.perf_counter()
        try:
            if prog is None:
                prog = self._progress[number] = _ocr.Progressive(self._render(number, p.dpi))
            while not prog.done:
                prog.step()
                if enough is not None and not prog.done and enough(prog.text):
                    break
            text = prog.text
        except _ocr.OcrError as exc:
            _note(self.ef, str(exc))
            self._progress.pop(number, None)
            pt.pending = pt.partial = False
            return False
        except OcrEngineError:
            raise  # the engine cannot load: a missing dependency, not a property of this page
        except Exception as exc:  # rendering the page
            _note(self.ef, _("第 {number} 页无法渲染：{reason}").format(number=number, reason=failure(exc)))
            self._progress.pop(number, None)
            pt.pending = pt.partial = False
            return False
        finally:
            pt.ocr_seconds = round(pt.ocr_seconds + time.perf_counter() - t, 3)
        if prog.done:
            self._progress.pop(number, None)
            pt.pending = pt.partial = False
        else:
            pt.partial = True
        if len("".join(text.split())) >= len("".join(pt.text.split())) or pt.partial or pt.ocr:
            pt.text = text
            pt.ocr = True
        return True

    def read_all(self, seals: bool = True) -> None:
        """OCR every pending page (within the budget) and, with ``seals``, look at every page for a seal."""
        for pt in self.ef.pages:
            self.ocr(pt.number)
            if seals:
                self.seal(pt.number)

    # -- strips --------------------------------------------------------------------------------

    def strip(self, number: int, where: str) -> str:
        """The text of the page's head ("head") or foot ("foot").

        A page with text (a text layer, or OCRed whole) gives its first or last lines; a pending
        page has just that strip OCRed (kept in ``PageText.head`` / ``foot``).
        """
        pt = self.page(number)
        if not pt.pending or (pt.partial and where == "head"):
            lines = [ln for ln in pt.text.splitlines() if ln.strip()]
            return "\n".join(lines[:8] if where == "head" else lines[-3:])
        cached = pt.head if where == "head" else pt.foot
        if cached is not None:
            return cached
        text = ""
        small = self._small_rgb(number)
        if self.doc is not None and (small is None or not blank(small)):
            t = time.perf_counter()
            try:
                text = _ocr.ocr_image(self._render(number, self.STRIP_DPI, where))
            except _ocr.OcrError as exc:
                _note(self.ef, str(exc))
            except OcrEngineError:
                raise
            except Exception as exc:  # rendering the page
                _note(self.ef, _("第 {number} 页无法渲染：{reason}").format(number=number, reason=failure(exc)))
            finally:
                pt.ocr_seconds = round(pt.ocr_seconds + time.perf_counter() - t, 3)
        if where == "head":
            pt.head = text
        else:
            pt.foot = text
        return text

    def orientation(self, number: int) -> int:
        """How far page ``number`` is turned clockwise before OCR (:func:`ocr.orientation` on its
        50-dpi rendering, looked at once per page; kept in ``PageText.rotation``)."""
        if number not in self._turn:
            small = self._small_rgb(number)
            turn = 0
            if small is not None:
                from PIL import Image

                turn = _ocr.orientation(Image.fromarray(small))
            self._turn[number] = self.page(number).rotation = turn
        return self._turn[number]

    def _render(self, number: int, dpi: int, where: str | None = None) -> Any:
        """Page ``number`` upright (:meth:`orientation`), or only its head or foot (``where``), for OCR,
        with the red of its seals turned light (:func:`seal.erase_seals`). A turned page is
        rendered whole and turned, and its strip cut from the upright image."""
        page = self.doc.load_page(number - 1)
        turn = self.orientation(number)
        clip = None
        if where is not None and not turn:
            r = page.rect
            clip = (r.x0, r.y0, r.x1, r.y0 + r.height * self.HEAD) if where == "head" else (r.x0, r.y1 - r.height * self.FOOT, r.x1, r.y1)
        image = _ocr.upright(self._unsealed(number, page, dpi, clip), turn)
        if where is not None and turn:
            w, h = image.size
            image = image.crop((0, 0, w, round(h * self.HEAD)) if where == "head" else (0, h - round(h * self.FOOT), w, h))
        return image

    def _unsealed(self, number: int, page: Any, dpi: int, clip: tuple[float, float, float, float] | None) -> Any:
        """The page (or its ``clip``) rendered at ``dpi``, the red of its seals turned light."""
        from .seal import DPI, seal_boxes

        image = _render(page, dpi, clip=clip)
        small = self._small_rgb(number)
        if small is None:
            return image
        boxes = seal_boxes(small, 25.4 / DPI)
        if not boxes:
            return image
        from .seal import erase_seals

        r = page.rect
        x_off, y_off = (clip[0], clip[1]) if clip else (r.x0, r.y0)
        cw = (clip[2] - clip[0]) if clip else r.width
        k_small = 72.0 / DPI  # points per pixel of the small rendering
        k = image.size[0] / cw  # pixels of the image per point
        return erase_seals(image, [((x0 * k_small + r.x0 - x_off) * k, (y0 * k_small + r.y0 - y_off) * k,
                                    (x1 * k_small + r.x0 - x_off) * k, (y1 * k_small + r.y0 - y_off) * k)
                                   for y0, x0, y1, x1 in boxes])

    # -- seals ---------------------------------------------------------------------------------

    def seal(self, number: int) -> bool | None:
        """Whether a red seal is visible on the page (kept in ``PageText.red_seal``); None when it cannot be rendered."""
        pt = self.page(number)
        if pt.red_seal is None and number not in self._small and self.doc is not None and "numpy" not in sys.modules:
            # the detector's answer without importing numpy (see checker/red.py); a page that cannot be
            # rendered is rendered below (and reported unrenderable there)
            with contextlib.suppress(Exception):  # noqa: BLE001
                pt.red_seal = seal_on_page(self.doc.load_page(number - 1))
        if pt.red_seal is None:
            from .seal import DPI, seal_in_array

            small = self._small_rgb(number)
            if small is not None:
                pt.red_seal = seal_in_array(small, 25.4 / DPI)
        return pt.red_seal

    def _small_rgb(self, number: int) -> Any:
        """The page at 50 dpi (seal detection, blank check), rendered once."""
        if number in self._small or self.doc is None:
            return self._small.get(number)
        from .seal import DPI, render_rgb

        try:
            small = render_rgb(self.doc.load_page(number - 1), DPI)
        except Exception:  # noqa: BLE001 - a page that cannot be rendered has no seal to see
            small = None
        if len(self._small) > 8:
            self._small.clear()
        self._small[number] = small
        return small


def _pymupdf_mod() -> Any:
    from ._pymupdf import pymupdf

    return pymupdf


# --- PDF ---------------------------------------------------------------------------------------


def _open_pdf(ef: ExtractedFile, data: bytes, policy: OcrPolicy) -> FileReader:
    if b"%PDF" not in data[:1024]:
        return FileReader(_fail(ef, "not_pdf", _("文件内容是{what}").format(what=sniff(data))), policy)
    pymupdf = _pymupdf_mod()
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        return FileReader(_fail(ef, "corrupt", failure(exc)), policy)
    reader = FileReader(ef, policy, doc)
    try:
        _read_pdf(ef, doc, data, policy)
    except BaseException:
        reader.close()
        raise
    if ef.problem:
        reader.close()  # unreadable: nothing more will be asked of it
    return reader


def _read_pdf(ef: ExtractedFile, doc: Any, data: bytes, policy: OcrPolicy) -> None:
    """Text layers, bookmarks and the pages that need OCR (``pending``); nothing is rendered."""
    try:
        if doc.needs_pass and not doc.authenticate(""):
            _fail(ef, "encrypted", _("需要打开密码"))
            return
        count = doc.page_count
        repaired = bool(doc.is_repaired)
    except Exception as exc:
        _fail(ef, "corrupt", failure(exc))
        return
    if count == 0:
        _fail(ef, "corrupt" if repaired else "no_pages", _("文件已损坏，找不到任何页面") if repaired else "")
        return
    truncated = repaired and b"%%EOF" not in data[-2048:]
    try:
        ef.toc = [(int(lvl), str(title), int(page)) for lvl, title, page, *_ in doc.get_toc(simple=True)]
    except Exception:
        ef.toc = []  # broken outlines do not make the pages unreadable
    bad: list[int] = []
    for i in range(count):
        number = i + 1
        try:
            page = doc.load_page(i)
            text = _page_text(page)
            images = len(page.get_images(full=False))
        except Exception:
            bad.append(number)
            ef.pages.append(PageText(number=number, text=""))
            continue
        pt = PageText(number=number, text=tidy(text), images=images)
        if not truncated and policy.enabled and (policy.page_filter is None or policy.page_filter(number)):
            pt.ocr_reason = _needs_ocr(page, pt.text, policy, images)
            pt.pending = bool(pt.ocr_reason)
            if pt.ocr_reason == GARBAGE:
                pt.text = ""  # unmapped glyphs say nothing: the page's text is what OCR reads
        ef.pages.append(pt)
    if bad or truncated:  # unreadable anyway: no OCR time is spent on what is left of it
        ef.problem = "corrupt"
        parts = []
        if truncated:
            parts.append(_("文件不完整（被截断）"))
        if bad:
            parts.append(_("第 {pages} 页无法读取").format(pages=_ranges(bad)))
        _note(ef, _("，").join(parts))
        for pt in ef.pages:
            pt.pending = False
    elif repaired:
        _note(ef, _("文件结构有误，已自动修复"))


THIN_DPI = 36  # the rendering the ink of a page under a thin text layer is counted on
THIN_COVER = 0.5  # images cover at least this share of the page (a scan) before its layer may be thin
THIN_INK = 0.01  # ink outside the text's boxes: at least this share of the page …
THIN_RATIO = 3.0  # … and this many times the ink inside them


def _needs_ocr(page: Any, text: str, policy: OcrPolicy, images: int) -> str:
    """Why the page must be OCRed although it was not asked for: "" (its text layer is good), ``no_layer``
    (fewer than ``min_chars`` characters), :data:`~text.GARBAGE` or :data:`~text.THIN` (:func:`thin_layer`)."""
    if len("".join(text.split())) < policy.min_chars:
        return "no_layer"
    if layer_quality(text):
        return GARBAGE
    if images and thin_layer(page):
        return THIN
    return ""


def thin_layer(page: Any) -> bool:
    """True when images cover most of the page and the text layer explains little of its ink: counted on a
    :data:`THIN_DPI` greyscale rendering, the ink left once every text span's box is blanked is at least
    :data:`THIN_INK` of the page and :data:`THIN_RATIO` times the ink inside the boxes (a line of text laid
    over a scanned certificate). A page of vector text and small pictures is never rendered here."""
    pymupdf = _pymupdf_mod()
    r = page.rect
    area = r.width * r.height
    if area <= 0:
        return False
    try:
        covered = 0.0
        for info in page.get_image_info():
            b = pymupdf.Rect(info["bbox"]) & r
            covered += 0.0 if b.is_empty else b.width * b.height
        if covered < THIN_COVER * area:
            return False
        z = THIN_DPI / 72.0
        pix = page.get_pixmap(matrix=pymupdf.Matrix(z, z), colorspace=pymupdf.csGRAY, alpha=False)
        spans = [s["bbox"] for b in page.get_text("dict")["blocks"] if b["type"] == 0
                 for line in b["lines"] for s in line["spans"] if s["text"].strip()]
    except Exception:  # noqa: BLE001 - a page that cannot be rendered keeps its layer
        return False
    buf = bytearray(pix.samples)
    w, h, stride = pix.width, pix.height, pix.stride
    ink = dark_share(buf)
    for x0, y0, x1, y1 in spans:
        a, b = max(0, int((x0 - r.x0) * z) - 1), min(w, int((x1 - r.x0) * z) + 2)
        if b <= a:
            continue
        for y in range(max(0, int((y0 - r.y0) * z) - 1), min(h, int((y1 - r.y0) * z) + 2)):
            buf[y * stride + a : y * stride + b] = b"\xff" * (b - a)
    left = dark_share(buf)
    return left >= THIN_INK * w * h and left >= THIN_RATIO * (ink - left)


def _page_text(page: Any) -> str:
    """A page's text layer, blocks in reading order (top to bottom, then left to right)."""
    blocks = [b for b in page.get_text("blocks") if b[6] == 0]
    blocks.sort(key=lambda b: (round(b[1], 0), b[0]))
    return "\n".join(b[4].rstrip("\n") for b in blocks)


def blank(rgb: Any) -> bool:
    """True when a low-resolution rendering shows (next to) no ink: nothing to OCR."""
    dark = (rgb.min(axis=2) < 160).sum()
    return bool(dark < max(3, rgb.shape[0] * rgb.shape[1] // 20000))


def _render(page: Any, dpi: int, pymupdf: Any = None, clip: tuple[float, float, float, float] | None = None) -> Any:
    """The page (or the ``clip`` part of it) as a PIL RGB image at ``dpi``, long side at most :data:`ocr.MAX_SIDE` px."""
    from PIL import Image

    pymupdf = pymupdf or _pymupdf_mod()
    rect = pymupdf.Rect(clip) if clip else page.rect
    zoom = dpi / 72.0
    long_side = max(rect.width, rect.height) * zoom
    if long_side > _ocr.MAX_SIDE:
        zoom *= _ocr.MAX_SIDE / long_side
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB, alpha=False, clip=rect)
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "、".join(out)


# --- images ------------------------------------------------------------------------------------


def _extract_image(ef: ExtractedFile, data: bytes, policy: OcrPolicy) -> None:
    """Every frame of an image file: OCRed whole (when the policy allows) and looked at for a seal."""
    from PIL import Image, ImageSequence

    from .seal import has_red_seal

    def damaged(exc: Exception) -> None:
        if isinstance(exc, Image.DecompressionBombError):
            _fail(ef, "too_large", _("图片像素过多"))
        else:  # truncated or damaged image data shows up when decoding
            _fail(ef, "corrupt", failure(exc))
        ef.pages = []

    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        img = Image.open(io.BytesIO(data))
    except Exception as exc:
        damaged(exc)
        return
    done = skipped = 0
    with img:
        frames = ImageSequence.Iterator(img)
        number = 0
        while True:
            try:
                frame = next(frames)
                page = _image_page(frame, number + 1)  # decodes the frame
            except StopIteration:
                break
            except Exception as exc:
                damaged(exc)
                return
            number += 1
            pt = PageText(number=number, text="", images=1, ocr_reason="image")
            wanted = policy.enabled and (policy.page_filter is None or policy.page_filter(number))
            if wanted and policy.max_pages is not None and done >= policy.max_pages:
                wanted, skipped = False, skipped + 1
            if wanted:
                done += 1
                t = time.perf_counter()
                try:
                    from .seal import erase_seals

                    pt.rotation = _ocr.orientation(page)
                    pt.text = _ocr.ocr_image(_ocr.upright(erase_seals(page), pt.rotation))
                    pt.ocr = True
                except _ocr.OcrError as exc:
                    _note(ef, str(exc))
                finally:
                    pt.ocr_seconds = round(time.perf_counter() - t, 3)
            pt.red_seal = has_red_seal(page)
            ef.pages.append(pt)
            del page
    if skipped:
        _note(ef, _("另有 {skipped} 页无文字层，未做 OCR（每个文件最多 {max_pages} 页）").format(skipped=skipped, max_pages=policy.max_pages))
    if not ef.pages:
        _fail(ef, "no_pages", "")


def _image_page(frame: Any, number: int) -> Any:
    """One frame upright (EXIF), in RGB or L, long side at most :data:`MAX_IMAGE_SIDE`."""
    from PIL import Image, ImageOps

    img = ImageOps.exif_transpose(frame) if number == 1 else frame.copy()
    if img.mode in ("1", "L", "I;16", "I", "F"):
        img = img.convert("L") if img.mode in ("1", "L") else _to_l(img)
    elif img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
    elif img.mode != "RGB":
        img = img.convert("RGB")
    return _ocr.fit(img, MAX_IMAGE_SIDE)


def _to_l(img: Any) -> Any:
    """16-bit or float greyscale → 8-bit L (scaled by the image's own range)."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(img, dtype=np.float64)
    lo, hi = float(arr.min()), float(arr.max())
    scaled = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(arr)
    return Image.fromarray(scaled.astype(np.uint8), mode="L")


# --- DOCX --------------------------------------------------------------------------------------


def _extract_docx(ef: ExtractedFile, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: an encrypted DOCX or an old .doc
        if "EncryptedPackage".encode("utf-16-le") in data:
            _fail(ef, "encrypted", _("Word 文档已加密"))
        else:
            _fail(ef, "corrupt", _("扩展名为 .docx，但内容是旧版 Word（.doc）文档"))
        return
    if not data.startswith(b"PK"):
        _fail(ef, "corrupt", _("扩展名为 .docx，但内容是{what}").format(what=sniff(data)))
        return
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        pages = _docx_pages(document)
    except Exception as exc:  # BadZipFile, PackageNotFoundError, KeyError, lxml errors …
        _fail(ef, "corrupt", failure(exc))
        return
    ef.pages = [PageText(number=i + 1, text=tidy(t)) for i, t in enumerate(pages)]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_pages(document: Any) -> list[str]:
    """The body's text split at hard page breaks: paragraphs one a line, table rows one a line
    (cells separated by a space, a merged cell once)."""
    pages: list[list[str]] = [[]]
    line: list[str] = []

    def end_line() -> None:
        pages[-1].append("".join(line))
        line.clear()

    def new_page() -> None:
        end_line()
        pages.append([])

    def paragraph(p: Any) -> None:
        ppr = p.find(f"{_W}pPr")
        if ppr is not None:
            pbb = ppr.find(f"{_W}pageBreakBefore")
            if pbb is not None and pbb.get(f"{_W}val", "true") not in ("0", "false", "off") and (any(pages[-1]) or line):
                new_page()
        _inline(p)
        end_line()

    def _inline(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK:
                continue
            if tag == f"{_W}t":
                line.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                line.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                if child.get(f"{_W}type") == "page":
                    new_page()
                else:
                    line.append("\n")
            elif tag == f"{_W}p":  # paragraphs inside text boxes
                end_line()
                paragraph(child)
            elif tag == f"{_W}tbl":
                end_line()
                table(child)
            else:
                _inline(child)

    def table(tbl: Any) -> None:
        for tr in tbl.iter(f"{_W}tr"):
            if tr.getparent() is not tbl:  # rows of nested tables come with their cell
                continue
            cells = []
            for tc in tr.iter(f"{_W}tc"):
                if tc.getparent() is not tr:
                    continue
                cells.append(_cell_text(tc))
            pages[-1].append(" ".join(c for c in cells if c))

    def _cell_text(tc: Any) -> str:
        """A cell's paragraphs (nested tables included) separated by a space."""
        return " ".join(
            "".join(t.text or "" for t in p.iter(f"{_W}t"))
            for p in tc.iter(f"{_W}p")
            if not any(a.tag == _MC_FALLBACK for a in p.iterancestors())
        ).strip()

    body = document.element.body
    for child in body:
        if child.tag == f"{_W}p":
            paragraph(child)
        elif child.tag == f"{_W}tbl":
            table(child)
        elif child.tag == f"{_W}sdt":  # content controls (e.g. a cover page or a table of contents)
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                for sub in content:
                    if sub.tag == f"{_W}p":
                        paragraph(sub)
                    elif sub.tag == f"{_W}tbl":
                        table(sub)
    end_line()
    texts = ["\n".join(p).strip("\n") for p in pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    return texts
