"""Compiled bundles split into their documents, and text layers that lie OCRed (issue 24).

Bundles are built from the sample corpus's documents (``checker_helpers.render``): merged PDFs of
certificates in Chinese and English and a GHG verification report, with no bookmarks; scanned
versions are the same pages as images. Lying text layers are made on a scanned certificate: glyphs
mapped to private-use code points (a ToUnicode CMap pointing into U+E000…), or one line of text
over the scan of the whole page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checker_helpers import AS_OF, NO_OCR, applicant_file, base_files, render, write_submission

from lingtan.checker._pymupdf import pymupdf
from lingtan.checker.extract import OcrPolicy, open_file, thin_layer
from lingtan.checker.model import SourceFile
from lingtan.checker.needs import Needs
from lingtan.checker.pipeline import check_submission, read_file
from lingtan.checker.report import to_html
from lingtan.checker.segment import PageLook, contents_starts, doc_number, page_of, start_reason
from lingtan.checker.text import GARBAGE, layer_quality

ROOT = Path(__file__).resolve().parents[1]

#: a ToUnicode CMap that maps every printable byte of a simple font to a private-use code point
PUA_CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /PUA def /CMapType 2 def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <E020> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")


def merged(*parts: bytes, scan: bool = False, dpi: int = 120) -> bytes:
    """The parts one after the other in one PDF without bookmarks; ``scan``: every page as an image."""
    out = pymupdf.open()
    for pdf in parts:
        src = pymupdf.open(stream=pdf, filetype="pdf")
        if not scan:
            out.insert_pdf(src)
            continue
        for page in src:
            p = out.new_page(width=page.rect.width, height=page.rect.height)
            p.insert_image(p.rect, stream=page.get_pixmap(dpi=dpi).tobytes("png"))
    out.set_toc([])
    return out.tobytes()


def lying(pdf: bytes, layer: str) -> bytes:
    """A scan of ``pdf``'s first page with a text layer that lies: ``garbage`` (private-use glyphs) or ``thin`` (one line)."""
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    page = src[0]
    p = out.new_page(width=page.rect.width, height=page.rect.height)
    p.insert_image(p.rect, stream=page.get_pixmap(dpi=150).tobytes("png"))
    if layer == "garbage":
        p.insert_text((72, 100), "Certificate of Registration ISO 14001 environmental management system " * 3, fontsize=8)
        for xref, *_rest in p.get_fonts():
            tu = out.get_new_xref()
            out.update_object(tu, "<<>>")
            out.update_stream(tu, PUA_CMAP)
            out.xref_set_key(xref, "ToUnicode", f"{tu} 0 R")
    else:
        p.insert_text((72, 40), "Scanned by OfficeScan 2.1 - page 1", fontsize=8)
    return out.tobytes()


def source(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    f = tmp_path / name
    f.write_bytes(data)
    return SourceFile(display=name, suffix=".pdf", size=len(data), disk_path=str(f))


def documents(tmp_path: Path, data: bytes, ocr: OcrPolicy = NO_OCR) -> list[tuple[str, tuple[int, int]]]:
    _ex, docs = read_file(source(tmp_path, "bundle.pdf", data), ocr, Needs())
    return [(d.type, tuple(d.pages)) for d in docs]


EXPIRED = {"number": "0022E19999R1M", "expiry_date": "2024-05-01"}


# -- born-digital bundles ------------------------------------------------------------------------


def test_bundle_of_certificates_in_two_languages_and_a_report_is_split_into_each(tmp_path):
    """The 8-certificate bundle's pattern: English and Chinese certificates, a 4-page GHG report between them,
    an expired and a current certificate of the same type one after the other — each its own document."""
    data = merged(render("ems_certificate", language="en"), render("qms_certificate", language="en"),
                  render("ghg_verification_report"), render("ohsms_certificate", language="en"),
                  render("ems_certificate", language="en", overrides=EXPIRED), render("ems_certificate"))
    assert documents(tmp_path, data) == [
        ("ems_certificate", (1, 1)), ("qms_certificate", (2, 2)), ("ghg_verification_report", (3, 6)),
        ("ohsms_certificate", (7, 7)), ("ems_certificate", (8, 8)), ("ems_certificate", (9, 9))]


def test_merged_ghg_report_and_iso14001_certificate_are_two_documents(tmp_path):
    assert documents(tmp_path, merged(render("ghg_verification_report"), render("ems_certificate", language="en"))) == [
        ("ghg_verification_report", (1, 4)), ("ems_certificate", (5, 5))]


def test_the_same_certificate_twice_stays_one_per_number(tmp_path):
    """Two certificates of one type and one number (a copy, or an annex repeating the number) are not split
    by the number rule; two numbers are."""
    cert = render("ems_certificate", language="en")
    assert documents(tmp_path, merged(cert, cert)) == [("ems_certificate", (1, 2))]
    assert documents(tmp_path, merged(cert, render("ems_certificate", language="en", overrides=EXPIRED))) == [
        ("ems_certificate", (1, 1)), ("ems_certificate", (2, 2))]


def test_findings_on_a_bundle_carry_the_page_range(tmp_path):
    """The hefei submission with its four certificates bound in one PDF, the environmental one expired: each
    certificate satisfies its material, and the expiry is reported on the bundle's page 2 (JSON and HTML)."""
    files = base_files("hefei")
    certs = ["04-质量管理体系认证证书.pdf", "05-环境管理体系认证证书.pdf", "06-职业健康安全管理体系认证证书.pdf", "07-能源管理体系认证证书.pdf"]
    bundle = merged(render("qms_certificate", language="en"), render("ems_certificate", overrides={"expiry_date": "2025-06-30"}),
                    render("ohsms_certificate", language="en"), render("enms_certificate"))
    files = {n: b for n, b in files.items() if n not in certs} | {"04-管理体系认证证书汇编.pdf": bundle}
    r = check_submission(write_submission(tmp_path / "s", files), "hefei", applicant_file=applicant_file("hefei"), as_of=AS_OF, ocr=NO_OCR)
    found = [(d.type, tuple(d.pages)) for d in r.documents if d.path == "04-管理体系认证证书汇编.pdf"]
    assert found == [("qms_certificate", (1, 1)), ("ems_certificate", (2, 2)), ("ohsms_certificate", (3, 3)), ("enms_certificate", (4, 4))]
    assert not [g for g in r.gaps if g.code == "missing"]
    expired = [g for g in r.gaps if g.code == "expired"]
    assert [(g.document, g.pages) for g in expired] == [("04-管理体系认证证书汇编.pdf", (2, 2))]
    assert '"pages": [\n        2,\n        2\n      ]' in r.to_json()
    assert "第2页" in to_html(r)


# -- page numbers with totals, tables of contents ----------------------------------------------


def test_page_of_reads_numbers_with_their_total():
    assert page_of("正文\n第 1 页/共 3 页") == (1, 3)
    assert page_of("Page 2 of 5\nbody") == (2, 5)
    assert page_of("text\n3/3") == (3, 3)
    assert page_of("第 2 页") is None  # no total
    assert page_of("第 4 页/共 3 页") is None  # not a page of that document


def test_doc_number_and_start_reason():
    assert doc_number("SAMPLE CO.\nCERTIFICATE\nCertificate No.: 02224e20318r1m") == "02224E20318R1M"
    assert doc_number("环境管理体系认证证书\n证书编号：02224E20318R1M") == "02224E20318R1M"
    ems = PageLook("ems_certificate", 1.0, 1.0, "A1234")
    assert start_reason(PageLook("qms_certificate", 0.9, 1.0, None), ems, "ems_certificate")  # another type, titled
    assert not start_reason(PageLook("qms_certificate", 0.9, 0.0, None), ems, "ems_certificate")  # no title at its top
    assert not start_reason(PageLook("qms_certificate", 0.4, 1.0, None), ems, "ems_certificate")  # not sure
    assert start_reason(PageLook("other", 0.2, 1.0, "B9999"), ems, "ems_certificate")  # a titled page with another number
    assert not start_reason(PageLook("ems_certificate", 1.0, 1.0, "A1234"), ems, "ems_certificate")  # the same number


def test_contents_page_entries_are_where_documents_start():
    pages = ["资料汇编\n目  录\n1、营业执照 ........ 2\n2、环境管理体系认证证书 ...... 3\n3、温室气体排放核查报告 ..... 4",
             "营业执照\n统一社会信用代码", "环境管理体系认证证书", "温室气体排放核查报告", "核查发现"]
    assert contents_starts(pages) == {2: "营业执照", 3: "环境管理体系认证证书", 4: "温室气体排放核查报告"}
    # numbered after the 目录's own page
    shifted = ["目录\n营业执照……1\n环境管理体系认证证书……2", "营业执照", "环境管理体系认证证书"]
    assert contents_starts(shifted) == {2: "营业执照", 3: "环境管理体系认证证书"}
    assert contents_starts(["目录\n营业执照……3\n证书……2", "a", "b", "c"]) == {}  # numbers that do not rise


# -- text layers that lie ----------------------------------------------------------------------


def test_layer_quality():
    assert layer_quality("江苏省零碳（近零碳）工厂申报书 企业名称：合肥瀚川汽车电子有限公司") is None
    assert layer_quality("This is to certify that the management system of Hefei Hanchuan has been assessed ISO 14001:2015") is None
    assert layer_quality("管理體系認證證書 環境管理體系 有效期至") is None  # traditional characters are text too
    assert layer_quality("".join(chr(0xE020 + i) for i in range(40))) == GARBAGE  # private use
    assert layer_quality("ÃÂÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜ") == GARBAGE  # a simple font's codes read as Latin-1
    assert layer_quality("䶵䶴䶳䶲䶱䶰䶯䶮䶭䶬䶫䶪䶩䶨䶧") == GARBAGE  # rare CJK: glyph ids landing in the CJK block
    assert layer_quality("Xkqtz Bvcdfgh Mnpqrst Wxzvb Qqrtz Plkjhg Zxcvbnm Trwq") == GARBAGE  # no word-like tokens


def test_lying_layers_are_pending_with_their_reason(tmp_path):
    """Without OCR run: the garbage layer is dropped and the page waits for OCR; the thin one too."""
    cert = render("ems_certificate")
    for layer in ("garbage", "thin"):
        with open_file(source(tmp_path, f"{layer}.pdf", lying(cert, layer)), ocr=OcrPolicy()) as reader:
            page = reader.ef.pages[0]
            assert (page.pending, page.ocr_reason, page.text_source) == (True, layer, "layer")
            assert (page.text == "") == (layer == "garbage")
    with open_file(source(tmp_path, "cert.pdf", cert), ocr=OcrPolicy()) as reader:  # born digital: its layer is good
        assert (reader.ef.pages[0].pending, reader.ef.pages[0].ocr_reason) == (False, "")


def test_thin_layer_needs_ink_the_text_does_not_explain(tmp_path):
    cert = render("ems_certificate")
    scan = merged(cert, scan=True)
    doc = pymupdf.open(stream=lying(cert, "thin"), filetype="pdf")
    assert thin_layer(doc[0])
    # the scan with the certificate's own text laid over it (a searchable scan): its layer explains the ink
    full = pymupdf.open(stream=scan, filetype="pdf")
    full[0].show_pdf_page(full[0].rect, pymupdf.open(stream=cert, filetype="pdf"), 0)
    assert not thin_layer(full[0])
    assert not thin_layer(pymupdf.open(stream=cert, filetype="pdf")[0])  # no image under it


def test_no_committed_sample_page_is_judged_a_lying_layer():
    """Every page with a text layer in the committed and the foreign corpora keeps it (no OCR time added)."""
    judged = 0
    for pdf in sorted([*(ROOT / "samples" / "submissions").rglob("*.pdf"), *(ROOT / "samples" / "foreign").rglob("*.pdf")]):
        src = SourceFile(display=pdf.name, suffix=".pdf", size=pdf.stat().st_size, disk_path=str(pdf))
        with open_file(src, ocr=OcrPolicy()) as reader:
            for p in reader.ef.pages:
                if p.text.strip():
                    judged += 1
                    assert p.ocr_reason in ("", "no_layer"), (pdf.name, p.number, p.ocr_reason)
    assert judged > 300


@pytest.mark.ocr
@pytest.mark.parametrize("layer", ["garbage", "thin"])
def test_lying_layer_is_ocred_and_typed(tmp_path, layer):
    ex, docs = read_file(source(tmp_path, f"{layer}.pdf", lying(render("ems_certificate"), layer)), OcrPolicy(), Needs())
    assert ex.pages[0].ocr and ex.pages[0].text_source == "ocr" and ex.pages[0].ocr_reason == layer
    assert [d.type for d in docs] == ["ems_certificate"]
    assert "环境管理体系" in ex.pages[0].text
    assert any("已改用 OCR 识别" in e for e in docs[0].evidence)


@pytest.mark.ocr
def test_lying_layer_is_ocred_with_ocr_all(tmp_path):
    ex, _docs = read_file(source(tmp_path, "g.pdf", lying(render("ems_certificate"), "garbage")), OcrPolicy(lazy=False), Needs())
    assert ex.pages[0].ocr and not ex.pages[0].pending


@pytest.mark.ocr
def test_scanned_bundle_of_certificates_is_split(tmp_path):
    """Scans: English certificates' head strips carry no Chinese title; their own title and number split them."""
    data = merged(render("ems_certificate", language="en"), render("qms_certificate"), render("ohsms_certificate", language="en"),
                  render("ems_certificate", language="en", overrides=EXPIRED), scan=True)
    assert documents(tmp_path, data, OcrPolicy()) == [
        ("ems_certificate", (1, 1)), ("qms_certificate", (2, 2)), ("ohsms_certificate", (3, 3)), ("ems_certificate", (4, 4))]


# -- real bundles (samples/real: real certificates assembled into one PDF, truth written by hand) ----------

REAL = ROOT / "samples" / "real"


def real_parts(name: str) -> tuple[bytes, list[tuple[str, tuple[int, int]]]]:
    """A real bundle's bytes and its parts (type, pages) as its hand-written truth gives them."""
    import json

    entry = next(d for d in json.loads((REAL / "truth.json").read_text(encoding="utf-8"))["documents"] if d["file"].endswith(name))
    return (REAL / entry["file"]).read_bytes(), [(p["type"], tuple(p["pages"])) for p in entry["parts"]]


def test_real_born_digital_bundle_is_split_into_its_certificates(tmp_path):
    """BSI's ISO 45001, 14001 and 9001 certificates, two pages each (certificate and its annex), in one PDF."""
    data, parts = real_parts("bundle-bsi-hanwha-solutions-45001-14001-9001.pdf")
    assert documents(tmp_path, data) == parts


@pytest.mark.ocr
@pytest.mark.parametrize("name", ["bundle-lrqa-ispat-indo-9001-14001-50001.pdf", "bundle-uamls-drs-smart-solutions-14001-45001-9001.pdf"])
def test_real_bundles_with_scanned_certificates_are_split(tmp_path, name):
    """LRQA: two born-digital certificates and a scanned ISO 50001; UAMLS: three scans whose heads carry only
    "Certificate of Compliance" — each page read from the top tells which certificate it is."""
    data, parts = real_parts(name)
    assert documents(tmp_path, data, OcrPolicy()) == parts
