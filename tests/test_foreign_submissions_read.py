"""Documents of the foreign corpus (samples/foreign) that the checker once got wrong, each read from
its real file through the real reader (:func:`lingtan.checker.pipeline.read_file`: extract →
classify → fields) and checked as a reviewer would see it.

Tests named ``*_ocr_*`` run the OCR engine on a scan or photo (a few seconds each); the others read
text layers only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lingtan.checker import classify as classify_mod
from lingtan.checker.applicant import from_factory_file
from lingtan.checker.check import check
from lingtan.checker.classify import title_lines
from lingtan.checker.contents import find_parts
from lingtan.checker.extract import FileReader, OcrPolicy, open_file
from lingtan.checker.model import Document, SourceFile
from lingtan.checker.pipeline import Needs, read_file
from lingtan.checker.specs import load_spec

ROOT = Path(__file__).resolve().parents[1]
SUBS = ROOT / "samples" / "foreign" / "submissions"
FACTORIES = {"jiangsu": "jiangsu-zero.yaml", "fujian-near-zero": "fujian-near-zero.yaml", "hefei": "hefei.yaml"}
AS_OF = date(2026, 3, 15)
NO_OCR = OcrPolicy(enabled=False)


def source(path: Path) -> SourceFile:
    return SourceFile(display=path.name, suffix=path.suffix.lower(), size=path.stat().st_size, disk_path=str(path))


def applicant(scheme: str):
    return from_factory_file(ROOT / "samples" / "factories" / FACTORIES[scheme], scheme)


def read(sub: str, name: str, scheme: str, ocr: OcrPolicy = NO_OCR):
    return read_file(source(SUBS / sub / name), ocr, Needs.of(load_spec(scheme), applicant(scheme)))


def verdicts(sub: str, names: list[str], scheme: str, ocr: OcrPolicy = NO_OCR):
    """The check of a submission made of just these files of a foreign submission."""
    files, docs, texts = [], [], {}
    for name in names:
        ex, found = read(sub, name, scheme, ocr)
        files.append(ex)
        for d in found:
            docs.append(d)
            texts[(d.path, d.pages[0])] = "\n".join(p.text for p in ex.pages[d.pages[0] - 1 : d.pages[1]])
    return docs, check(docs, files, load_spec(scheme), applicant(scheme), AS_OF, texts)


def material(result, material_id: str):
    return next(m for m in result.materials if m.id == material_id)


# -- photo sheets are no contracts ----------------------------------------------------------------


def test_a_photo_sheet_of_the_pv_plant_is_no_contract_and_satisfies_the_photos_material():
    """Regression: "非化石能源项目实地照片" (captions "1号厂房屋顶光伏", file "08-3 光伏实地照片.pdf") was typed
    renewable_project_contract, so the photos were reported missing; the contract itself is still a contract."""
    docs, r = verdicts("jiangsu-f01-clean", ["08-3 光伏实地照片.pdf", "08-1 光伏项目合同.pdf"], "jiangsu")
    types = {d.path: d.type for d in docs}
    assert types == {"08-3 光伏实地照片.pdf": "other", "08-1 光伏项目合同.pdf": "renewable_project_contract"}
    photos = material(r, "renewable_site_photos")
    assert photos.status == "ok" and photos.documents and "08-3" in photos.documents[0]
    assert material(r, "renewable_project_contract").status != "missing"


# -- fujian: statistics, a GHG office, a training record photographed sideways ----------------------


def test_an_energy_consumption_structure_table_is_no_pv_contract():
    """Regression: "2025年度能源消费结构统计表" (a row "光伏自发自用") was typed renewable_project_contract."""
    docs, r = verdicts("fujian-near-zero-f02-expired-years", ["能源消费统计.pdf"], "fujian-near-zero")
    assert [d.type for d in docs] == ["energy_structure_table"]
    assert material(r, "energy_structure").status != "missing"


def test_a_notice_setting_up_a_ghg_office_is_a_management_body_document():
    """Regression: "关于设立温室气体排放管理办公室并指定专人负责的通知" was typed other, and the
    material "设立温室气体排放管理机构、指定专人负责的文件" reported missing."""
    docs, r = verdicts("fujian-near-zero-f02-expired-years", ["温室气体管理办公室.pdf"], "fujian-near-zero")
    assert [d.type for d in docs] == ["management_body_doc"]
    assert material(r, "ghg_management_body").status != "missing"


@pytest.mark.ocr
def test_ocr_a_training_record_photographed_sideways_is_typed_by_its_title():
    """Regression: "温室气体排放管理培训及考评记录" photographed at 90° (file IMG_….jpg, no hint in the
    name) was typed other: the title was read but named no type."""
    ex, (d,) = read("fujian-near-zero-f02-expired-years", "IMG_20260303_152207.jpg", "fujian-near-zero", OcrPolicy())
    assert ex.pages[0].rotation in (90, 270) and d.type == "training_records"


# -- a scanned bundle without bookmarks: 领导小组文件 + 建设规划 --------------------------------------


def test_a_wrapped_plan_title_with_seal_crumbs_starts_a_new_document():
    """The cover of a plan as OCR reads it: the title wraps, the year range closes it, and seal text
    ("密轴") follows. The title lines name a construction plan — not the notice before it."""
    head = "张家港恒晟精密轴承有限公司零碳工厂建\n设规划（2024—2027年）\n密轴\n张家港恒晟精密轴承有限公司\n2024年3月"
    lines = title_lines(head)
    assert lines[:2] == ["张家港恒晟精密轴承有限公司零碳工厂建", "设规划(2024—2027年)"]
    assert classify_mod._starts_document(head, False, "management_body_doc", True)[0]
    head2 = "合肥瀚川汽车电子有限公司零碳示范工厂\n建设中长期规划及年度实施方案（2024—2\n028年）车电x\n合肥瀚川汽车电子有限公司"
    assert classify_mod._title_type(title_lines(head2), True)[0] == "construction_plan"


@pytest.mark.ocr
def test_ocr_a_scanned_bundle_without_bookmarks_is_split_into_its_two_documents():
    """Regression: pages 2–3 (the plan) of a scanned 领导小组文件＋建设规划 were read as part of the
    management-body notice, and jiangsu's construction_plan was reported missing."""
    docs, r = verdicts("jiangsu-f02-years-uscc", ["组织机构和规划.pdf"], "jiangsu", OcrPolicy())
    assert [(d.pages, d.type) for d in docs] == [((1, 1), "management_body_doc"), ((2, 3), "construction_plan")]
    assert material(r, "construction_plan").status != "missing"
    assert material(r, "management_body").status != "missing"


def test_a_plan_heading_wrapped_over_two_lines_is_found_inside_a_document(tmp_path):
    """contents.find_parts joins a heading wrapped over two lines ("…零碳工厂建" / "设规划（…）")."""
    import pymupdf

    doc = pymupdf.open()
    for lines in (["张家港恒晟精密轴承有限公司文件", "关于成立零碳工厂建设领导小组的通知", "组长：周建华；副组长：王立新。"],
                  ["张家港恒晟精密轴承有限公司零碳工厂建", "设规划（2024—2027年）", "一、总体目标"]):
        page = doc.new_page()
        for i, text in enumerate(lines):
            page.insert_text((60, 90 + 30 * i), text, fontname="china-s", fontsize=14)
    path = tmp_path / "bundle.pdf"
    path.write_bytes(doc.tobytes())
    with open_file(source(path), ocr=NO_OCR) as reader:
        assert isinstance(reader, FileReader)
        d = Document(path="bundle.pdf", pages=(1, 2), type="management_body_doc", confidence=1.0, ocr=False, evidence=[])
        assert [(t, page) for t, page, _ in find_parts(d, reader)] == [("construction_plan", 2)]


# -- certificates laid out in two columns of stacked labels and values ------------------------------


def test_a_certificate_with_its_dates_in_a_side_panel_is_read():
    """Regression: the side panel's "证书到期 / 2028-02-09" interleaves with "依据标准 / GB/T 23331-2020"
    in reading order, so the expiry (and the holder under 获证组织) was not read: validity left to verify."""
    _, (d,) = read("hefei-f01-cert-bodies", "6.能源管理体系证书.pdf", "hefei")
    assert d.type == "enms_certificate"
    f = d.fields
    assert (f["holder"], f["expiry_date"], f["issue_date"], f["number"]) == (
        "合肥瀚川汽车电子有限公司", "2028-02-09", "2025-02-10", "ENMS-AH-2025-00052")
    docs, r = verdicts("hefei-f04-no-licence", ["质量体系证书.pdf"], "hefei")
    assert docs[0].fields["expiry_date"] == "2027-06-17"
    assert not [g for g in [*r.gaps, *r.to_verify] if g.document == "质量体系证书.pdf" and g.code == "field_unread"]


# -- truth: what the files hold --------------------------------------------------------------------


def test_the_ccc_certificate_and_the_offered_expired_certificate_are_as_the_truth_says():
    """The CCC certificate is a ccc_certificate; the old ISO 14001 certificate offered beyond the list
    is reported expired — and both are so in the foreign truth, written from the files."""
    import json

    t = json.loads((SUBS / "hefei-f01-cert-bodies.truth.json").read_text(encoding="utf-8"))
    ccc = next(f for f in t["files"] if f["path"] == "其他佐证/CCC认证证书.pdf")
    assert ccc["documents"][0]["doc_type"] == "ccc_certificate"
    _, (d,) = read("hefei-f01-cert-bodies", "其他佐证/CCC认证证书.pdf", "hefei")
    assert d.type == "ccc_certificate" and d.fields["expiry_date"] == "2029-09-11"
    js = json.loads((SUBS / "jiangsu-f01-clean.truth.json").read_text(encoding="utf-8"))
    old = "15 其他-环境管理体系证书（旧）.pdf"
    assert [(g["code"], g["file"]) for g in js["expected_gaps"]] == [("expired", old)]
    _, r = verdicts("jiangsu-f01-clean", [old], "jiangsu")
    (g,) = [g for g in r.gaps if g.document == old]
    assert g.code == "expired" and g.material is None


def test_a_green_power_voucher_covers_the_years_of_its_period():
    """Regression: "电量生产/消费时段 2025-01-01 至 2025-12-31" was no period label, so the years were
    not read and the voucher's 2025 was left to verify."""
    docs, r = verdicts("jiangsu-f01-clean", ["09-1 绿电消费凭证.pdf"], "jiangsu")
    assert docs[0].type == "green_power_consumption_proof" and docs[0].fields["years"] == [2025]
    # the years are read, so nothing about them is left to verify (its quantity against the declared green power is
    # the figures check's concern: tests/test_check_figures.py)
    assert not [g for g in r.to_verify + r.gaps if g.document == "09-1 绿电消费凭证.pdf" and g.code in ("field_unread", "years_not_covered")]


def _pdf(tmp_path: Path, name: str, lines: list[tuple[str, float]]) -> Path:
    """A one-page PDF with these lines (Chinese in china-s, Latin in Helvetica): a text layer as OCR gives it."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    y = 80.0
    for text, size in lines:
        font = "china-s" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "helv"
        page.insert_text((50, y), text, fontname=font, fontsize=size)
        y += size * 2
    path = tmp_path / name
    path.write_bytes(doc.tobytes())
    return path


def test_a_certificate_read_with_traditional_forms_and_joined_columns_is_typed_and_dated(tmp_path):
    """Regression (photos of hefei-f03): OCR gave "管理體系認证證书" for the title, so the certificate
    was typed at confidence 0.33; and joined the side panel's "证书到期" with the standard beside it
    ("证书到期 GB/T 24001-2016/ISO 14001:2015" / "2027-06-17"), so the expiry was not read."""
    path = _pdf(tmp_path, "IMG_0001.pdf", [
        ("江淮质量体系认证中心有限公司 注册号 CN-IATF-2024-0457", 10), ("管理體系認证證书", 22),
        ("兹证明 合肥瀚川汽车电子有限公司", 12), ("的汽车行业质量管理体系已经审核，符合IATF16949:2016标准的要求，特发此证。", 11),
        ("依据标准", 10), ("证书到期 IATF 16949:2016", 11), ("2027-06-17", 11),
        ("发证机构：江淮质量体系认证中心有限公司", 11)])
    _, (d,) = read_file(source(path), NO_OCR, Needs.of(load_spec("hefei"), applicant("hefei")))
    assert d.type == "qms_certificate" and d.confidence >= 0.6
    assert d.fields["expiry_date"] == "2027-06-17"


def test_a_certification_body_named_at_the_head_beside_the_number_is_the_issuer(tmp_path):
    """Regression (a 150-dpi scan of hefei-f02): the body's name under its seal was lost to OCR, and the
    name at the head ("中标环球认证有限公司 No.CN-OHS-2024-1184") was not taken: third_party left to verify."""
    path = _pdf(tmp_path, "ohs.pdf", [
        ("中标环球认证有限公司 No.CN-OHS-2024-1184", 10), ("职业健康安全管理体系认证证书", 20),
        ("本证书证明合肥瀚川汽车电子有限公司（地址：安徽省合肥市包河区）建立的职业健康安全管理体系符合标准：", 10),
        ("GB/T45001-2020/ISO 45001:2018。", 10), ("证书有效期：自2024年6月18日至2027年6月17日", 11), ("发证机构：", 11), ("同", 11)])
    _, (d,) = read_file(source(path), NO_OCR, Needs.of(load_spec("hefei"), applicant("hefei")))
    assert d.type == "ohsms_certificate" and d.fields["issuer"] == "中标环球认证有限公司"


def test_a_licence_valid_without_end_is_read_when_the_next_label_follows_at_once(tmp_path):
    """Regression (the licence photo of samples/submissions/hefei-01-clean): OCR reads "营业期限：2015年4月22日至长期"
    and the next label runs on ("至长期经营范围："), so the cut at the next label took 至长期 with it and the
    validity was left to verify."""
    path = _pdf(tmp_path, "licence.pdf", [
        ("营业执照", 24), ("统一社会信用代码：91340111MA2TQ4K8R6", 11), ("名称：合肥瀚川汽车电子有限公司", 11),
        ("成立日期：2015年4月22日", 11), ("营业期限：2015年4月22日至长期经营范围：一般项目：汽车零部件及配件制造", 11),
        ("登记机关：合肥市包河区市场监督管理局", 11), ("2021年1月6日", 11)])
    _, (d,) = read_file(source(path), NO_OCR, Needs.of(load_spec("hefei"), applicant("hefei")))
    assert d.type == "business_licence"
    assert (d.fields["expiry_date"], d.fields["valid_from"], d.fields["issue_date"]) == ("长期", "2015-04-22", "2021-01-06")


def test_the_certification_body_heading_a_certificate_is_its_issuer(tmp_path):
    """Regression (samples/submissions/suzhou-02-expired-english): the body's name heads the certificate —
    in capitals on an English one ("SHANGHAI AUDIT CENTER OF QUALITY SYSTEMS", the committed PDF), beside
    the number on a bilingual scan as OCR reads it ("上海质量体系审核中心 证书号 Certificate No.: …") — and
    was not read: third_party left to verify."""
    own = ROOT / "samples" / "submissions" / "suzhou-02-expired-english"
    needs = Needs.of(load_spec("suzhou"), None)
    _, (en,) = read_file(source(own / "14-环境管理体系认证证书.pdf"), NO_OCR, needs)
    path = _pdf(tmp_path, "16.pdf", [
        ("上海质量体系审核中心 证书号 Certificate No.: 04125N20315R1M", 10), ("Shanghai Audit Center of Quality Systems", 10),
        ("管理体系认证证书", 20), ("兹证明 / This is to certify that", 11), ("苏州澄远精密汽车部件有限公司", 13),
        ("能源管理体系符合 GB/T 23331-2020/ISO 50001:2018", 11), ("有效期至 Valid until: 2028-03-09", 11)])
    _, (zh,) = read_file(source(path), NO_OCR, needs)
    assert en.fields["issuer"] == "SHANGHAI AUDIT CENTER OF QUALITY SYSTEMS" and en.language == "en"
    assert zh.fields["issuer"] == "上海质量体系审核中心"
