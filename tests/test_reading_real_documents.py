"""Reading documents written apart from the project: English and bilingual certificates, a CCC
certificate, licences laid out by their labels, a misprinted 统一社会信用代码, and scans and photos
that lie sideways or upside down.

Every test builds a real file here (PyMuPDF, Pillow) and puts it through the real reader
(:func:`lingtan.checker.pipeline.read_file`: extract → classify → fields). Tests named ``*_ocr_*``
run the OCR engine (about a second a page); the others read text layers only.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from stdnum.cn import uscc as stdnum_uscc

from lingtan.checker import ocr as ocr_mod
from lingtan.checker._pymupdf import pymupdf
from lingtan.checker.applicant import Applicant
from lingtan.checker.check import document_checks
from lingtan.checker.extract import OcrPolicy
from lingtan.checker.fields import extract_fields, uscc_corrections
from lingtan.checker.model import Document, ExtractedFile, SourceFile
from lingtan.checker.pipeline import Needs, read_file
from lingtan.checker.specs import load_spec

COMPANY = "合肥瀚川汽车电子有限公司"
COMPANY_EN = "Hefei Hanchuan Automotive Electronics Co., Ltd."
USCC = "91340111MA2TQ4K8R6"
AS_OF = date(2026, 3, 15)
NO_OCR = OcrPolicy(enabled=False)


def page_pdf(lines: list[tuple[str, float]], *, width: float = 595, height: float = 842, top: float = 90) -> bytes:
    """A born-digital one-page PDF: (text, font size) lines from the top; Chinese text in china-s, Latin in Helvetica."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    y = top
    for text, size in lines:
        if text:
            font = "china-s" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "helv"
            page.insert_text((50, y), text, fontname=font, fontsize=size)
        y += size * 1.9
    return doc.tobytes()


def source(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    p = tmp_path / name
    p.write_bytes(data)
    return SourceFile(display=name, suffix=p.suffix.lower(), size=len(data), disk_path=str(p))


def read(tmp_path: Path, name: str, data: bytes, *, scheme: str = "hefei", ocr: OcrPolicy = NO_OCR) -> tuple[ExtractedFile, list[Document]]:
    return read_file(source(tmp_path, name, data), ocr, Needs.of(load_spec(scheme), None))


def applicant() -> Applicant:
    return Applicant(name=COMPANY, uscc=USCC, source="test", reporting_year=2025)


def gaps(d: Document, material: str, text: str, scheme: str = "hefei") -> list[str]:
    m = next(m for m in load_spec(scheme).materials if m.id == material)
    return [g.code for g in document_checks(d, m, applicant(), AS_OF, text)]


# -- English and bilingual certificates ------------------------------------------------------------

ISO9001_EN = [
    ("CERTIFICATE", 30),
    ("This is to certify that the organization:", 12),
    (COMPANY_EN, 14),
    ("No. 88 Fanhua Avenue, Economic and Technological Development Zone, Hefei, Anhui, China", 10),
    ("has established and applies a Quality Management System in accordance with", 11),
    ("ISO 9001:2015", 16),
    ("for the following scope: design and manufacture of automotive electronic control units", 10),
    ("Certificate No./Registration No.: 04419Q21033R0M", 11),
    ("Date of issue: 21-03-2019", 11),
    ("Date of expiry: 21-03-2022", 11),
    ("Certification body: Nordhaven Assurance Services Ltd.", 11),
]


def test_an_english_iso_9001_certificate_is_read_and_found_expired(tmp_path):
    """Regression: "Date of expiry: 21-03-2022" (day first) was not read, so the expired certificate passed."""
    ex, (d,) = read(tmp_path, "certificate.pdf", page_pdf(ISO9001_EN))
    assert d.type == "qms_certificate" and d.language == "en"
    f = d.fields
    assert f["holder"] == COMPANY_EN  # English, as printed (the name check leaves English to the untranslated gap)
    assert (f["issue_date"], f["expiry_date"]) == ("2019-03-21", "2022-03-21")
    assert f["number"] == "04419Q21033R0M" and f["standards"] == ["ISO 9001:2015"]
    assert f["issuer"] == "Nordhaven Assurance Services Ltd."
    assert "expired" in gaps(d, "qms_certificate", ex.text)


def test_an_english_iso_14001_certificate_is_typed_and_read(tmp_path):
    """Regression: an English-only ISO 14001 certificate was typed ``other``."""
    lines = [
        ("CERTIFICATE OF REGISTRATION", 24),
        ("Environmental Management System", 16),
        ("This is to certify that", 12),
        (COMPANY_EN, 14),
        ("operates an Environmental Management System which complies with ISO 14001:2015", 10),
        ("Original certification date: March 5, 2018", 11),
        ("Issue date: June 18, 2024", 11),
        ("Valid until: 17/06/2027", 11),
        ("Certificate Number: EMS-2024-0618", 11),
        ("China Quality Certification Centre", 12),
    ]
    _, (d,) = read(tmp_path, "scan0001.pdf", page_pdf(lines))
    assert d.type == "ems_certificate" and d.language == "en"
    f = d.fields
    assert (f["holder"], f["issue_date"], f["expiry_date"]) == (COMPANY_EN, "2024-06-18", "2027-06-17")
    assert f["issuer"] == "China Quality Certification Centre" and f["number"] == "EMS-2024-0618"


def test_each_management_system_in_english_is_told_apart(tmp_path):
    systems = {
        "qms_certificate": ("Quality Management System", "ISO 9001:2015"),
        "ems_certificate": ("Environmental Management System", "ISO 14001:2015"),
        "ohsms_certificate": ("Occupational Health and Safety Management System", "ISO 45001:2018"),
        "enms_certificate": ("Energy Management System", "ISO 50001:2018"),
    }
    for expected, (system, standard) in systems.items():
        lines = [("MANAGEMENT SYSTEM CERTIFICATE", 22), ("This is to certify that", 12), (COMPANY_EN, 14),
                 (f"has implemented a {system} which conforms to {standard}", 10), ("Valid until: 17 June 2027", 11)]
        _, (d,) = read(tmp_path, f"{expected}.pdf", page_pdf(lines))
        assert d.type == expected, (system, d.type, d.evidence)


def test_a_bilingual_certificate_is_bilingual_and_its_chinese_fields_win(tmp_path):
    lines = [
        ("环境管理体系认证证书", 24),
        ("ENVIRONMENTAL MANAGEMENT SYSTEM CERTIFICATE", 14),
        ("证书编号 Certificate No.: 02224E20318R1M", 11),
        ("兹证明 This is to certify that", 12),
        (COMPANY, 14),
        (COMPANY_EN, 12),
        (f"统一社会信用代码：{USCC}", 11),
        ("环境管理体系符合 GB/T 24001-2016 / ISO 14001:2015 标准", 11),
        ("颁证日期 Date of issue：2024年6月18日", 11),
        ("有效期至 Date of expiry：18-06-2027", 11),
        ("认证机构：华信联合认证（北京）有限公司", 11),
        ("Certification body: Huaxin United Certification (Beijing) Co., Ltd.", 10),
    ]
    ex, (d,) = read(tmp_path, "环境管理体系认证证书.pdf", page_pdf(lines))
    assert d.type == "ems_certificate" and d.language == "bilingual"  # both languages: it carries its own translation
    f = d.fields
    assert (f["holder"], f["issuer"]) == (COMPANY, "华信联合认证(北京)有限公司")
    assert (f["issue_date"], f["expiry_date"]) == ("2024-06-18", "2027-06-18")
    assert gaps(d, "ems_certificate", ex.text) == []


@pytest.mark.parametrize("printed", ["21-03-2022", "21/03/2022", "21.03.2022", "21 March 2022", "March 21, 2022", "21-Mar-2022",
                                     "2022.03.21", "2022-03-21", "2022年3月21日", "21st March 2022", "Mar. 21, 2022"])
@pytest.mark.parametrize("label", ["Date of expiry", "Expiry date", "Valid until", "Valid to", "Expiration Date"])
def test_expiry_dates_in_every_common_form(label, printed):
    assert extract_fields(f"{label}: {printed}")[0]["expiry_date"] == "2022-03-21"
    # OCR drops spaces (and the text is searched without them)
    assert extract_fields(f"{label}:{printed}".replace(" ", ""))[0]["expiry_date"] == "2022-03-21"


def test_english_dates_labels_and_names():
    f = extract_fields("Name of organization: Foo Bar Industrial Limited\nExpiration Date: 03/21/2022\n"
                       "Original certification date: 2016-05-04\nissued by ACME Certification Co., Ltd.")[0]
    assert f["holder"] == "Foo Bar Industrial Limited"
    assert f["expiry_date"] == "2022-03-21"  # a second number above 12 can only be the day: month first
    assert f["issue_date"] == "2016-05-04"  # no current issue date printed: the first one
    assert f["issuer"] == "ACME Certification Co., Ltd."
    f = extract_fields("Organization: Qux Works GmbH\nValid from 18 June 2024 to 17 June 2027")[0]
    assert (f["holder"], f["valid_from"], f["expiry_date"]) == ("Qux Works GmbH", "2024-06-18", "2027-06-17")
    assert "expiry_date" not in extract_fields("依据 HJ 2.1-2016 编制")[0]  # a standard's number is no date


# -- a CCC certificate is no offset proof ----------------------------------------------------------


def test_a_ccc_certificate_is_its_own_type_not_an_offset_proof(tmp_path):
    """Regression: a CCC product certificate (it mentions 注销) was typed offset_purchase_proof."""
    lines = [
        ("中国国家强制性产品认证证书", 22),
        ("CHINA COMPULSORY CERTIFICATION", 12),
        ("证书编号：2024010703123456", 11),
        (f"认证委托人名称、地址：{COMPANY}", 11),
        (f"生产者（制造商）名称、地址：{COMPANY}", 11),
        ("产品名称和系列、规格、型号：汽车用电子控制单元 HC-ECU-200", 11),
        ("产品标准和技术要求：GB 4943.1-2022", 11),
        ("上述产品符合强制性产品认证实施规则的要求，特发此证。", 11),
        ("发证日期：2024年3月8日  有效期至：2029年3月7日", 11),
        ("本证书的有效性依据发证机构的定期监督获得保持，证书的暂停、撤销和注销信息可通过官网查询。", 9),
        ("中国质量认证中心", 14),
    ]
    _, (d,) = read(tmp_path, "其他佐证.pdf", page_pdf(lines), scheme="jiangsu")
    assert d.type == "ccc_certificate"
    assert (d.fields["holder"], d.fields["expiry_date"]) == (COMPANY, "2029-03-07")


# -- 统一社会信用代码 misread ---------------------------------------------------------------------------


def test_a_misread_uscc_gets_the_one_correction_that_passes_the_check_digit(tmp_path):
    """A 3 read as 8: uscc_invalid as before, and the one confusable substitution that passes is offered."""
    misread = USCC.replace("TQ4K8", "TQ4K3")  # the code as printed/read: one character off
    assert not stdnum_uscc.is_valid(misread) and uscc_corrections(misread) == [USCC]
    data = page_pdf([("营业执照", 30), (f"统一社会信用代码 {misread}", 13), (f"名称 {COMPANY}", 13), ("登记机关 合肥市市场监督管理局", 12)])
    ex, (d,) = read(tmp_path, "营业执照.pdf", data)
    f = d.fields
    assert (f["uscc"], f["uscc_valid"], f["uscc_corrected"], f["uscc_all"]) == (misread, False, USCC, [misread])
    assert f"第16位“3”改为“8”后唯一通过校验：{USCC}" in d.field_evidence["uscc"]
    assert "uscc_invalid" in gaps(d, "business_licence", ex.text)
    # no correction when none, or more than one, passes
    assert "uscc_corrected" not in extract_fields(f"统一社会信用代码：{USCC}")[0]
    two = "91320532MA1WQ8TK7L"
    assert len(uscc_corrections(two)) > 1 and "uscc_corrected" not in extract_fields(f"统一社会信用代码：{two}")[0]


# -- business licences by their labels -------------------------------------------------------------


def test_a_licence_founding_date_is_never_its_issue_date(tmp_path):
    """Regression: issue_date came out as 成立日期 (the last date on the page before the registrar's)."""
    lines = [
        ("营业执照", 30),
        (f"统一社会信用代码 {USCC}", 12),
        (f"名称 {COMPANY}", 12),
        ("类型 有限责任公司（自然人投资或控股）", 12),
        ("法定代表人 王建国", 12),
        ("经营范围 汽车电子产品研发、制造、销售", 12),
        ("登记机关", 12),
        ("2023年08月16日", 12),
        ("注册资本 人民币伍仟万元整", 12),
        ("成立日期 2015年04月22日", 12),
        ("营业期限 2015年04月22日 至 长期", 12),
    ]
    _, (d,) = read(tmp_path, "营业执照.pdf", page_pdf(lines))
    f = d.fields
    assert d.type == "business_licence" and (f["holder"], f["uscc"]) == (COMPANY, USCC)
    assert (f["established"], f["valid_from"], f["expiry_date"], f["issue_date"]) == ("2015-04-22", "2015-04-22", "长期", "2023-08-16")
    # without a registration date, the signature fallback takes neither the founding date nor the term's dates
    f = extract_fields("营业执照\n名称 " + COMPANY + "\n成立日期 2015年04月22日\n营业期限 2015年04月22日至2045年04月21日")[0]
    assert (f["established"], f["expiry_date"]) == ("2015-04-22", "2045-04-21") and "issue_date" not in f


# -- orientation (real model; the OCR tests run the engine) -----------------------------------------


def _licence_image() -> Image.Image:
    lines = [("营业执照", 34), (f"名称：{COMPANY}", 16), (f"统一社会信用代码：{USCC}", 16), ("类型：有限责任公司", 14),
             ("法定代表人：王建国", 14), ("经营范围：汽车电子产品研发、制造、销售", 14), ("成立日期：2015年04月22日", 14),
             ("营业期限：2015年04月22日至长期", 14), ("登记机关：合肥市市场监督管理局", 14)]
    pix = pymupdf.open(stream=page_pdf(lines, top=120), filetype="pdf")[0].get_pixmap(dpi=110)
    return Image.open(io.BytesIO(pix.tobytes("png"))).convert("RGB")


@pytest.mark.ocr
def test_page_orientation_is_found_at_small_cost():
    """The orientation model (no OCR) finds each quarter turn; an upright page is left alone."""
    img = _licence_image()
    for ccw in (0, 90, 180, 270):
        turned = img.rotate(ccw, expand=True)  # PIL turns counter-clockwise
        turn = ocr_mod.orientation(turned)
        assert turn == ccw, (ccw, turn)  # a page turned 90° counter-clockwise is turned 90° clockwise back
        assert ocr_mod.orientation(ocr_mod.upright(turned, turn)) == 0
    assert ocr_mod.orientation(Image.new("RGB", (400, 600), "white")) == 0  # nothing on it: read as it is


@pytest.mark.ocr
def test_ocr_a_licence_photographed_turned_counter_clockwise_is_turned_back(tmp_path):
    """Regression: a licence photographed 90° counter-clockwise was "other" with no fields."""
    buf = io.BytesIO()
    _licence_image().rotate(90, expand=True).save(buf, "JPEG", quality=88)
    ex, (d,) = read(tmp_path, "IMG_0412.jpg", buf.getvalue(), ocr=OcrPolicy())
    assert ex.pages[0].rotation == 90
    assert d.type == "business_licence" and (d.fields["holder"], d.fields["uscc"]) == (COMPANY, USCC)
    assert "页面顺时针旋转 90° 后识别" in d.evidence


@pytest.mark.ocr
def test_ocr_an_english_certificate_scanned_upside_down(tmp_path):
    """A two-page scan, both pages upside down: the first read whole after turning, the second by its
    (turned) foot strip only; "Dateofexpiry:21-03-2022" as OCR gives it is read, and the certificate is expired."""
    src = pymupdf.open(stream=page_pdf(ISO9001_EN), filetype="pdf")
    annex = pymupdf.open(stream=page_pdf([("Appendix to certificate 04419Q21033R0M", 14), ("Sites covered:", 12),
                                          ("Hefei plant, No. 88 Fanhua Avenue", 12)]), filetype="pdf")
    annex[0].insert_text((280, 800), "Page 2", fontname="helv", fontsize=11)
    src.insert_pdf(annex)
    scan = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=150)
        img = Image.open(io.BytesIO(pix.tobytes("png"))).convert("L").rotate(180)
        buf = io.BytesIO()
        img.save(buf, "PNG")
        out = scan.new_page(width=595, height=842)
        out.insert_image(out.rect, stream=buf.getvalue())
    ex, docs = read(tmp_path, "ISO9001.pdf", scan.tobytes(), ocr=OcrPolicy())
    assert [(d.pages, d.type) for d in docs] == [((1, 2), "qms_certificate")]
    first, second = ex.pages
    assert first.rotation == second.rotation == 180
    assert second.foot is not None and "2" in second.foot and not second.ocr  # the foot strip, cut from the turned page
    d = docs[0]
    assert d.fields["expiry_date"] == "2022-03-21" and d.language == "en"
    assert "第1页顺时针旋转 180° 后识别" in d.evidence
    assert "expired" in gaps(d, "qms_certificate", ex.text)


def test_dates_by_short_labels_and_values_next_to_the_next_label(tmp_path):
    """A certificate listing 初次发证 / 本次发证 / 证书到期 each over its date; a licence whose 营业期限 runs
    into 经营范围 (no space between "…12日" and the next label); a credit report's query period is no issue date."""
    lines = [("证书", 26), ("能源管理体系", 16), ("获证组织", 11), (COMPANY, 12), ("证书编号", 11), ("ENMS-AH-2025-00052", 11),
             ("初次发证", 11), ("2022-02-10", 11), ("本次发证", 11), ("2025-02-10", 11), ("证书到期", 11), ("2028-02-09", 11),
             ("下次监督审核", 11), ("2026-02-09", 11), ("依据标准 GB/T 23331-2020/ISO 50001:2018", 11), ("认证机构：东方诚信体系认证有限公司", 11)]
    _, (d,) = read(tmp_path, "能源管理体系证书.pdf", page_pdf(lines))
    assert d.type == "enms_certificate"
    assert (d.fields["issue_date"], d.fields["expiry_date"], d.fields["issuer"]) == ("2025-02-10", "2028-02-09", "东方诚信体系认证有限公司")
    f = extract_fields("营业执照\n成立日期：2017年4月12日\n营业期限：2017年4月12日至2047年4月12日\n经营范围：电子电路制造")[0]
    assert (f["established"], f["valid_from"], f["expiry_date"]) == ("2017-04-12", "2017-04-12", "2047-04-12")
    f = extract_fields("企业信用报告\n报告生成时间：2026年2月5日\n成立日期 2008年9月12日\n本报告信息查询期间为2023年2月1日至2026年2月5日。")[0]
    assert f["issue_date"] == "2026-02-05"
    assert "issue_date" not in extract_fields("企业信用报告\n成立日期 2008年9月12日\n本报告信息查询期间为2023年2月1日至2026年2月5日。")[0]
