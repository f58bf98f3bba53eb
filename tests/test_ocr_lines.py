"""OCR as lingtan runs it (issue 16): each text line recognised at about its own width (lines of nearly the same
width together) — the text, and where it lies on the page, read as before, in less time
(benchmarks/bench_batch.py --only ocr)."""

from __future__ import annotations

import pymupdf
import pytest
from PIL import Image

from lingtan.checker import ocr

pytestmark = pytest.mark.ocr  # every test here runs the real engine


def _page(lines: list[tuple[float, float, str]], fontsize: float = 13) -> Image.Image:
    """An A4 page with ``lines`` (x, y in points, text) printed on it, rendered at 200 dpi as a scan would be."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text in lines:
        page.insert_text((x, y), text, fontname="china-s", fontsize=fontsize)
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csRGB, alpha=False)
    doc.close()
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def _flat(text: str) -> str:
    """The text without spaces, full-width punctuation as ASCII (what the checks compare)."""
    return "".join(text.split()).replace("，", ",").replace("：", ":")


def test_short_labels_dates_numbers_and_long_lines_are_all_read():
    """A licence's short lines (a label, a date, a code) and a long one, each padded to about its own width."""
    image = _page([(80, 120, "营业执照"), (80, 170, "统一社会信用代码 91320583MA1XY2B3C4"),
                   (80, 210, "名称 苏州示例精密制造有限公司"), (80, 250, "有效期至 2027年03月14日"),
                   (80, 290, "经营范围：精密机械零部件的研发、生产和销售；货物及技术的进出口业务。"), (80, 330, "登记机关")])
    text = _flat(ocr.ocr_image(image))
    for want in ("营业执照", "91320583MA1XY2B3C4", "苏州示例精密制造有限公司", "2027年03月14日", "精密机械零部件的研发", "登记机关"):
        assert want in text, (want, text)


def test_a_line_reads_the_same_at_its_own_width_as_in_rapidocrs_batches(monkeypatch):
    """Reading each line at about its own width gives the text RapidOCR's batches (padded to the widest) give."""
    image = _page([(80, 120, "核查结论"), (80, 160, "2025年度温室气体排放总量为 12,345.6 吨二氧化碳当量"),
                   (80, 200, "类别1 8,765.4"), (80, 240, "核查机构：示例低碳技术服务有限公司")])
    alone = ocr.ocr_image(image)
    monkeypatch.setattr(ocr, "REC_MIN_WIDTH", None)
    assert _flat(ocr.ocr_image(image)) == _flat(alone)
    assert "12,345.6" in _flat(alone) and "8,765.4" in _flat(alone)


def test_text_in_a_corner_of_a_blank_page_keeps_its_place():
    """The lines found are placed where they are on the page (the reading order and the seal checks use it)."""
    image = _page([(330, 700, "证书编号 GF-2025-0317"), (330, 730, "发证日期 2025年6月30日")])
    prog = ocr.Progressive(image)
    while not prog.done:
        prog.step()
    assert "GF-2025-0317" in _flat(prog.text) and "2025年6月30日" in _flat(prog.text)
    k = ocr.fit(image).size[1] / 842  # pixels per point of the page as OCR sees it (long side ≤ 2000 px)
    for box in prog.boxes:
        xs, ys = [x for x, _ in box], [y for _, y in box]
        assert 320 * k <= min(xs) and max(xs) <= 595 * k, box
        assert 680 * k <= min(ys) and max(ys) <= 740 * k, box


def test_rapidocrs_batches_can_be_turned_back_on(monkeypatch):
    """The benchmark's before-issue-16 side reads with RapidOCR's batches; the page is still read."""
    monkeypatch.setattr(ocr, "REC_MIN_WIDTH", None)
    image = _page([(80, 120, "能源管理体系认证证书"), (80, 160, "注册号 00125E31234R0M")])
    text = _flat(ocr.ocr_image(image))
    assert "能源管理体系认证证书" in text and "00125E31234R0M" in text
