"""lingtan.checker.extract / checker.seal / checker.ocr on files made here with PyMuPDF, Pillow and python-docx.

Tests named ``test_ocr_*`` run the real OCR engine (RapidOCR, ~3 s a page on 2 cores, plus ~1.5 s
to load the models once): two pages in all. Deselect them with ``-k "not ocr"``.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from lingtan.checker import extract as ex
from lingtan.checker import ocr as ocr_mod
from lingtan.checker._pymupdf import pymupdf
from lingtan.checker.extract import OcrPolicy, extract
from lingtan.checker.model import UNREADABLE_REASONS, SourceFile
from lingtan.checker.seal import has_red_seal

USCC = "91320582MA1WQ8TK7L"
COMPANY = "张家港恒晟精密轴承有限公司"
RED = (0.9, 0.1, 0.12)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def source(path: Path, **kw) -> SourceFile:
    return SourceFile(display=path.name, suffix=path.suffix.lower(), size=path.stat().st_size, disk_path=str(path), **kw)


def write(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    p = tmp_path / name
    p.write_bytes(data)
    return source(p)


def licence_page(doc, *, seal: bool = False):
    """An A4 page like a business licence: big clear title, company name, the code."""
    page = doc.new_page(width=595, height=842)
    page.insert_text((200, 120), "营业执照", fontname="china-s", fontsize=40)
    page.insert_text((60, 220), "名称：" + COMPANY, fontname="china-s", fontsize=22)
    page.insert_text((60, 280), "统一社会信用代码", fontname="china-s", fontsize=22)
    page.insert_text((250, 280), USCC, fontname="helv", fontsize=22)
    page.insert_text((60, 340), "类型：有限责任公司（自然人投资或控股）", fontname="china-s", fontsize=18)
    if seal:
        draw_seal(page, (420, 600), 60, COMPANY)
    return page


def draw_seal(page, center, radius, org):
    """A red round seal: ring, star, the name around the top (rotated characters)."""
    cx, cy = center
    page.draw_circle(pymupdf.Point(cx, cy), radius, color=RED, width=radius * 0.06)
    pts = []
    for k in range(10):
        ang = math.radians(-90 + k * 36)
        r = radius * 0.27 if k % 2 == 0 else radius * 0.11
        pts.append(pymupdf.Point(cx + r * math.cos(ang), cy + r * math.sin(ang)))
    page.draw_polyline(pts + [pts[0]], color=RED, fill=RED, closePath=True)
    size = radius * 0.22
    n = len(org)
    for i, ch in enumerate(org):
        theta = -90 - 110 + 220 * (i + 0.5) / n
        t = math.radians(theta)
        r = radius * 0.86 - size
        x, y = cx + r * math.cos(t), cy + r * math.sin(t)
        pivot = pymupdf.Point(x, y)
        page.insert_text((x - size / 2, y + size / 2), ch, fontname="china-s", fontsize=size, color=RED,
                         morph=(pivot, pymupdf.Matrix(-(theta + 90))))


def text_pdf(pages: int = 2, **save) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        page.insert_text((72, 80), f"检测报告 第{i + 1}页", fontname="china-s", fontsize=18)
        page.insert_text((72, 120), f"委托单位：{COMPANY}，统一社会信用代码 {USCC}", fontname="china-s", fontsize=11)
        page.insert_text((72, 150), "检测依据：GB/T 32150-2015 工业企业温室气体排放核算和报告通则", fontname="china-s", fontsize=11)
    return doc.tobytes(**save)


def scanned_pdf(pages: int) -> bytes:
    """Image-only PDF: each page is a 150 dpi rendering of a text page (no text layer)."""
    src = pymupdf.open()
    licence_page(src)
    out = pymupdf.open()
    for _ in range(pages):
        pix = src[0].get_pixmap(dpi=150)
        page = out.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=pix.tobytes("png"))
    return out.tobytes(deflate=True)


@pytest.fixture
def no_ocr(monkeypatch):
    """Fail the test if anything is handed to the OCR engine."""

    def boom(image):  # pragma: no cover - only runs on failure
        raise AssertionError("OCR must not run here")

    monkeypatch.setattr(ex._ocr, "ocr_image", boom)
    monkeypatch.setattr(ex._ocr, "get_engine", boom)


# --- PDF with a text layer -----------------------------------------------------------------------


def test_born_digital_pdf_text_without_ocr(tmp_path, no_ocr):
    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page()
        page.insert_text((72, 80), f"第{i + 1}部分 {'营业执照' if i == 0 else '检测报告'}", fontname="china-s", fontsize=16)
        page.insert_text((72, 120), f"企业名称：{COMPANY}", fontname="china-s", fontsize=11)
        page.insert_text((72, 140), f"统一社会信用代码：{USCC}", fontname="china-s", fontsize=11)
    img = Image.new("RGB", (40, 40), (30, 90, 200))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc[1].insert_image(pymupdf.Rect(300, 300, 340, 340), stream=buf.getvalue())
    doc.set_toc([[1, "营业执照", 1], [1, "检测报告", 2], [2, "附件", 3]])
    src = write(tmp_path, "合并材料.pdf", doc.tobytes())

    ef = extract(src)

    assert ef.problem is None and ef.kind == "pdf"
    assert [p.number for p in ef.pages] == [1, 2, 3]
    assert not any(p.ocr for p in ef.pages)
    assert COMPANY in ef.pages[0].text and USCC in squash(ef.pages[0].text)
    assert ef.pages[0].text.splitlines()[0].startswith("第1部分")
    assert [p.images for p in ef.pages] == [0, 1, 0]
    assert ef.toc == [(1, "营业执照", 1), (1, "检测报告", 2), (2, "附件", 3)]
    assert [p.red_seal for p in ef.pages] == [False, False, False]
    assert len(ef.sha256) == 64


def test_disabled_or_filtered_pages_keep_engine_away(tmp_path, no_ocr):
    src = write(tmp_path, "扫描件.pdf", scanned_pdf(2))
    ef = extract(src, ocr=OcrPolicy(enabled=False))
    assert ef.problem is None and [p.text for p in ef.pages] == ["", ""] and not any(p.ocr for p in ef.pages)
    ef = extract(src, ocr=OcrPolicy(page_filter=lambda n: False), seals=False)
    assert [p.text for p in ef.pages] == ["", ""] and [p.red_seal for p in ef.pages] == [None, None]
    assert [p.images for p in ef.pages] == [1, 1]


def test_blank_page_is_not_ocred(tmp_path, no_ocr):
    doc = pymupdf.open(stream=text_pdf(1), filetype="pdf")
    doc.new_page()  # an empty separator page: no text layer, but nothing to read either
    ef = extract(write(tmp_path, "a.pdf", doc.tobytes()))
    assert ef.problem is None and ef.pages[1].text == "" and not ef.pages[1].ocr


def test_seals_can_be_skipped(tmp_path, no_ocr):
    ef = extract(write(tmp_path, "a.pdf", text_pdf(1)), seals=False)
    assert ef.pages[0].red_seal is None


def test_an_engine_that_cannot_load_is_a_missing_dependency_not_a_note_per_file(tmp_path, monkeypatch):
    """Issue 15: a broken install stops the run (exit 5, how to reinstall) instead of noting every scanned file."""
    import sys

    from lingtan.common.errors import ExitCode, OcrEngineError

    monkeypatch.setattr(ocr_mod, "_engine", None)
    monkeypatch.setattr(ocr_mod, "_load_error", None)
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import fails
    with pytest.raises(OcrEngineError) as raised:
        ocr_mod.preflight()
    assert raised.value.exit_code == ExitCode.missing_dependency and "pip install" in str(raised.value)
    with pytest.raises(OcrEngineError):
        extract(write(tmp_path, "扫描件.pdf", scanned_pdf(2)))
    assert not ocr_mod.engine_loaded()
    # a text PDF needs no engine and reads as before
    assert extract(write(tmp_path, "电子版.pdf", text_pdf(1))).problem is None


# --- OCR (slow: the real engine) -----------------------------------------------------------------


@pytest.mark.ocr
def test_ocr_scanned_pdf_recovers_code_and_name_and_respects_max_pages(tmp_path):
    src = write(tmp_path, "营业执照扫描件.pdf", scanned_pdf(2))
    ef = extract(src, ocr=OcrPolicy(max_pages=1))

    assert ef.problem is None
    first, second = ef.pages
    assert first.ocr and first.ocr_seconds > 0
    flat = squash(first.text)
    assert USCC in flat
    assert COMPANY in flat
    assert "营业执照" in flat
    assert second.text == "" and not second.ocr and second.ocr_seconds == 0
    assert "未做 OCR" in ef.problem_detail
    assert ocr_mod.engine_loaded()


@pytest.mark.ocr
def test_ocr_png_image_text_and_seal(tmp_path):
    doc = pymupdf.open()
    licence_page(doc, seal=True)
    pix = doc[0].get_pixmap(dpi=130)
    p = tmp_path / "营业执照照片.png"
    pix.save(str(p))

    ef = extract(source(p))

    assert ef.problem is None and ef.kind == "image"
    (page,) = ef.pages
    assert page.ocr and USCC in squash(page.text) and COMPANY in squash(page.text)
    assert page.red_seal is True


# --- unreadable PDFs -------------------------------------------------------------------------------


def test_encrypted_pdf(tmp_path, no_ocr):
    data = text_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    ef = extract(write(tmp_path, "加密.pdf", data))
    assert ef.problem == "encrypted" and ef.pages == []
    assert ef.problem in UNREADABLE_REASONS and ef.sha256


def test_owner_password_only_pdf_opens(tmp_path, no_ocr):
    data = text_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", permissions=int(pymupdf.PDF_PERM_ACCESSIBILITY))
    ef = extract(write(tmp_path, "限制打印.pdf", data))
    assert ef.problem is None
    assert COMPANY in ef.pages[0].text


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_truncated_pdf_is_corrupt(tmp_path, no_ocr, fraction):
    data = text_pdf(4)
    ef = extract(write(tmp_path, "截断.pdf", data[: int(len(data) * fraction)]))
    assert ef.problem == "corrupt"


def test_pdf_garbage_after_header_is_corrupt(tmp_path, no_ocr):
    ef = extract(write(tmp_path, "坏.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20))
    assert ef.problem == "corrupt"


def test_pdf_without_pages(tmp_path, no_ocr):
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size 3/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    ef = extract(write(tmp_path, "空白.pdf", bytes(out)))
    assert ef.problem == "no_pages"


def test_text_or_image_named_pdf_is_not_pdf(tmp_path, no_ocr):
    ef = extract(write(tmp_path, "说明.pdf", "这不是 PDF，只是文本。".encode()))
    assert ef.problem == "not_pdf" and "文本" in ef.problem_detail
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buf, "PNG")
    ef = extract(write(tmp_path, "执照.pdf", buf.getvalue()))
    assert ef.problem == "not_pdf" and "PNG" in ef.problem_detail and ef.pages == []


def test_empty_file(tmp_path, no_ocr):
    ef = extract(write(tmp_path, "空.pdf", b""))
    assert ef.problem == "empty" and ef.sha256 == ""


def test_problem_known_at_ingest_is_kept_without_reading(tmp_path, no_ocr):
    src = SourceFile(display="x.pdf", suffix=".pdf", size=10, disk_path=str(tmp_path / "does-not-exist.pdf"), problem="too_large")
    ef = extract(src)
    assert ef.problem == "too_large" and ef.pages == [] and ef.sha256 == ""


def test_missing_file_and_unsupported_type(tmp_path, no_ocr):
    src = SourceFile(display="x.pdf", suffix=".pdf", size=10, disk_path=str(tmp_path / "gone.pdf"))
    assert extract(src).problem == "corrupt"
    ef = extract(write(tmp_path, "数据.xlsx", b"PK\x03\x04 not really"))
    assert ef.problem == "unsupported" and ef.kind == "other"


def test_zip_member(tmp_path, no_ocr):
    z = tmp_path / "材料.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("附件1 检测报告.pdf", text_pdf(1))
    src = SourceFile(display="材料.zip/附件1 检测报告.pdf", suffix=".pdf", size=1, archive=str(z), member="附件1 检测报告.pdf")
    ef = extract(src)
    assert ef.problem is None and "检测报告" in ef.pages[0].text


# --- images --------------------------------------------------------------------------------------


def test_broken_image_is_corrupt(tmp_path, no_ocr):
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(buf, "PNG")
    ef = extract(write(tmp_path, "照片.png", buf.getvalue()[:60]))
    assert ef.problem == "corrupt"
    ef = extract(write(tmp_path, "照片.jpg", b"\xff\xd8\xff\xe0 not a jpeg"))
    assert ef.problem == "corrupt"


def test_image_without_ocr_still_gets_pages(tmp_path, no_ocr):
    buf = io.BytesIO()
    Image.new("L", (100, 140), 255).save(buf, "TIFF")
    ef = extract(write(tmp_path, "扫描.tif", buf.getvalue()), ocr=OcrPolicy(enabled=False))
    assert ef.problem is None and len(ef.pages) == 1 and ef.pages[0].text == "" and ef.pages[0].red_seal is False
    buf = io.BytesIO()
    frames = [Image.new("RGB", (100, 140), "white") for _ in range(3)]
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])  # a multi-page scan
    ef = extract(write(tmp_path, "多页扫描.tiff", buf.getvalue()), ocr=OcrPolicy(enabled=False))
    assert ef.problem is None and [p.number for p in ef.pages] == [1, 2, 3]


# --- DOCX ----------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_page_breaks(tmp_path, no_ocr):
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_heading("零碳工厂自评价报告", level=1)
    d.add_paragraph(f"企业名称：{COMPANY}")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "统一社会信用代码"
    t.cell(0, 1).text = USCC
    t.cell(1, 0).text = "所属行业"
    t.cell(1, 1).text = "轴承制造"
    d.add_paragraph("第一页结束").add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("二、建设情况")
    buf = io.BytesIO()
    d.save(buf)
    ef = extract(write(tmp_path, "自评价报告.docx", buf.getvalue()))

    assert ef.problem is None and ef.kind == "docx"
    assert len(ef.pages) == 2
    lines = ef.pages[0].text.splitlines()
    assert lines[0] == "零碳工厂自评价报告"
    assert f"统一社会信用代码 {USCC}" in lines and "所属行业 轴承制造" in lines
    assert lines.index(f"企业名称：{COMPANY}") < lines.index("所属行业 轴承制造") < lines.index("第一页结束")
    assert ef.pages[1].text == "二、建设情况"


def test_broken_docx(tmp_path, no_ocr):
    assert extract(write(tmp_path, "a.docx", b"PK\x03\x04" + b"\x00" * 100)).problem == "corrupt"
    assert extract(write(tmp_path, "b.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))).problem == "encrypted"
    assert extract(write(tmp_path, "c.docx", b"hello")).problem == "corrupt"


# --- red seals -----------------------------------------------------------------------------------


def test_red_seal_detected():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "特此证明。", fontname="china-s", fontsize=14)
    draw_seal(page, (420, 650), 60, COMPANY)
    assert has_red_seal(page) is True


def test_small_seal_stamped_over_text_detected():
    doc = pymupdf.open()
    page = doc.new_page()
    for k in range(6):
        page.insert_text((300, 620 + 16 * k), "单位（盖章）：" + COMPANY, fontname="china-s", fontsize=12)
    draw_seal(page, (400, 660), 42, "苏州某检测技术有限公司")
    assert has_red_seal(page) is True


def test_red_heading_is_not_a_seal():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((90, 110), "苏州市工业和信息化局文件", fontname="china-s", fontsize=30, color=RED)
    page.draw_line((60, 140), (535, 140), color=RED, width=2)
    page.insert_text((72, 200), "关于公布2025年度零碳工厂名单的通知", fontname="china-s", fontsize=16)
    assert has_red_seal(page) is False


def test_short_red_heading_and_solid_logo_are_not_seals():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((220, 110), "通知", fontname="china-s", fontsize=48, color=RED)
    page.draw_rect(pymupdf.Rect(60, 60, 110, 110), color=RED, fill=RED)  # a solid red logo
    assert has_red_seal(page) is False


def test_plain_page_has_no_seal():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "这是一页普通的黑色文字。" * 3, fontname="china-s", fontsize=12)
    assert has_red_seal(page) is False


def test_seal_on_image():
    img = Image.new("RGB", (1240, 1754), (250, 249, 244))
    d = ImageDraw.Draw(img)
    d.ellipse((800, 1200, 1080, 1480), outline=(210, 40, 45), width=9)
    d.polygon([(940, 1290), (965, 1370), (915, 1370)], fill=(210, 40, 45))
    assert has_red_seal(img) is True
    assert has_red_seal(img.convert("L")) is False
    plain = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(plain).rectangle((100, 100, 1100, 140), fill=(210, 40, 45))  # a red bar
    assert has_red_seal(plain) is False


# --- OCR line order (no engine) -------------------------------------------------------------------


def test_join_lines_reading_order_with_skew():
    def box(x, y, w, h, slope=0.03):
        return [(x, y), (x + w, y + slope * w), (x + w, y + slope * w + h), (x, y + h)]

    boxes = [box(500, 115, 300, 30), box(100, 100, 300, 30), box(100, 150, 200, 30), box(500, 165, 300, 30), box(100, 40, 600, 40)]
    txts = ["91320582MA1WQ8TK7L", "统一社会信用代码", "名称", COMPANY, "营业执照"]
    assert ocr_mod.join_lines(boxes, txts) == f"营业执照\n统一社会信用代码 {USCC}\n名称 {COMPANY}"
    assert ocr_mod.join_lines([], []) == ""
