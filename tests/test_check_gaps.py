"""A reviewer's story for each problem the checker reports (``lingtan check``).

Every gap code is shown on a real submission — born-digital PDFs drawn by the sample corpus for a
sample factory, written to a temporary folder — that contains the defect, and on the same
submission without it. A reviewer reads the gap's code, the file it points at and a Chinese message
that names the problem.

The hefei submission (business licence, management body, plan, four certificates, credit report,
the applicant's own 评价报告) is complete when clean, so each defect is the only gap. The jiangsu
applicant claims many indicators, so its clean submission still lacks their evidence: jiangsu tests
look only at the gap under test.
"""

from __future__ import annotations

import io

import pytest
from checker_helpers import (
    APPLICATION_TITLE, AS_OF, INTAKE_TITLE, JIANGSU_APPLICATION, JIANGSU_INTAKE, NO_OCR, base_files, check, chinese, facts, gaps,
    other, own_form, page_pdf, render, submission, write_submission,
)

from lingtan.checker import model as check_mod
from lingtan.checker import classify
from lingtan.checker.checks import CHECKS, GAP_KINDS
from lingtan.checker.pipeline import check_submission
from lingtan.checker.specs import load_spec

QMS = "04-质量管理体系认证证书.pdf"
LICENCE = "01-营业执照.pdf"
GHG = "05-温室气体排放核查报告.pdf"
GREEN = "04-绿色工厂发文.pdf"

TESTED_CODES = {"missing", "expired", "name_mismatch", "uscc_invalid", "uscc_mismatch", "years_not_covered",
                "not_third_party", "unsealed", "untranslated", "unreadable", "duplicate", "unclassified", "low_confidence",
                "field_unread", "applicant_unknown", "requirement_unknown",
                # the figures check's codes: their stories are in tests/test_check_figures.py
                "figure_mismatch", "threshold_not_met", "date_inconsistent", "figure_unread", "figure_short", "declared_unknown",
                "address_differs",
                # a material held inside another document (satisfied_by_content): its stories are in tests/test_real_reading.py
                "content_partial"}


def test_every_gap_code_has_a_story_here():
    """Each gap code of the registry of checks has its story in this file (a test on a real file)."""
    assert set(GAP_KINDS) == TESTED_CODES
    assert {g.code for c in CHECKS.values() for g in c.gaps} == TESTED_CODES


@pytest.fixture(scope="module")
def clean_hefei(tmp_path_factory):
    return check(submission(tmp_path_factory.mktemp("hefei") / "申报材料", "hefei"), "hefei")


@pytest.fixture(scope="module")
def clean_jiangsu(tmp_path_factory):
    return check(submission(tmp_path_factory.mktemp("jiangsu") / "申报材料", "jiangsu"), "jiangsu")


def one(report, code, document=None):
    found = gaps(report, code, document)
    assert len(found) == 1, f"{code} on {document}: {[(g.code, g.document, g.message) for g in report.gaps]}"
    g = found[0]
    assert chinese(g.message), g.message
    if document:
        assert document in g.message  # the message says which file
    return g


def test_clean_hefei_submission_is_complete(clean_hefei):
    r = clean_hefei
    assert r.complete and r.gaps == [] and r.to_verify == []
    types = {d.path: d.type for d in r.documents}
    assert types[QMS] == "qms_certificate" and types[LICENCE] == "business_licence"
    assert types["09-零碳示范工厂评价报告.pdf"] == "self_evaluation_report"
    assert all(m.status in ("ok", "not_required") for m in r.materials)


# -- missing --------------------------------------------------------------------------------------------

def test_missing_green_factory_notice_is_reported_with_its_material(tmp_path, clean_jiangsu):
    r = check(submission(tmp_path, "jiangsu", drop=(GREEN,)), "jiangsu")
    g = next(g for g in gaps(r, "missing") if g.material == "green_factory")
    assert g.types == ["green_factory_notice"]
    assert g.document is None and g.pages is None
    assert chinese(g.message) and g.message.startswith("缺少") and "绿色工厂" in g.message
    assert next(m for m in r.materials if m.id == "green_factory").status == "missing"

    # with the notice (which lists the applicant among other enterprises) the material is satisfied
    assert not [g for g in gaps(clean_jiangsu, "missing") if g.material == "green_factory"]
    m = next(m for m in clean_jiangsu.materials if m.id == "green_factory")
    assert m.status == "ok" and any(GREEN in d for d in m.documents)


# -- expired -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, doc_type, overrides, shown", [
    (QMS, "qms_certificate", {"expiry_date": "2024-05-09"}, "2024-05-09"),
    (LICENCE, "business_licence", {"valid_to": "2025-12-31"}, "2025-12-31"),  # 营业期限 … 至 2025年12月31日
], ids=["qms", "licence"])
def test_expired_document(tmp_path, clean_hefei, name, doc_type, overrides, shown):
    r = check(submission(tmp_path, "hefei", add={name: render(doc_type, overrides=overrides)}), "hefei")
    g = one(r, "expired", name)
    assert "已过期" in g.message and shown in g.message and "2026-03-15" in g.message
    assert g.material == ("qms_certificate" if doc_type == "qms_certificate" else "business_licence")
    assert [x.code for x in r.gaps] == ["expired"]
    assert not gaps(clean_hefei, "expired")


# -- name / 统一社会信用代码 ---------------------------------------------------------------------------------

def test_certificate_of_another_company_is_a_name_mismatch(tmp_path, clean_hefei):
    o = other()
    r = check(submission(tmp_path, "hefei", add={QMS: render("qms_certificate", overrides={"holder": o.name, "uscc": o.uscc})}), "hefei")
    g = one(r, "name_mismatch", QMS)
    assert o.name in g.message and facts("hefei").name in g.message and "不一致" in g.message
    assert not gaps(clean_hefei, "name_mismatch")


def test_licence_with_a_wrong_check_character_is_uscc_invalid(tmp_path, clean_hefei):
    code = facts("hefei").uscc
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    r = check(submission(tmp_path, "hefei", add={LICENCE: render("business_licence", overrides={"uscc": bad})}), "hefei")
    g = one(r, "uscc_invalid", LICENCE)
    assert bad in g.message and "校验位" in g.message
    assert not gaps(r, "uscc_mismatch")  # a mistyped code is not "another company's code"
    assert not gaps(clean_hefei, "uscc_invalid")


def test_licence_with_another_companys_valid_code_is_uscc_mismatch(tmp_path, clean_hefei):
    o = other()
    r = check(submission(tmp_path, "hefei", add={LICENCE: render("business_licence", overrides={"uscc": o.uscc})}), "hefei")
    g = one(r, "uscc_mismatch", LICENCE)
    assert o.uscc in g.message and facts("hefei").uscc in g.message and "不一致" in g.message
    assert not gaps(r, "name_mismatch")  # the name printed is the applicant's
    assert not gaps(clean_hefei, "uscc_mismatch")


# -- years ---------------------------------------------------------------------------------------------

def test_verification_of_2019_2020_does_not_cover_the_reporting_year(tmp_path, clean_jiangsu):
    r = check(submission(tmp_path, "jiangsu", add={GHG: render("ghg_verification_report", "jiangsu", overrides={"years": [2019, 2020]})}),
              "jiangsu")
    g = one(r, "years_not_covered", GHG)
    assert g.material == "ghg_verification"
    assert "2025" in g.message and "缺 2025 年" in g.message and "2019" in g.message
    assert not gaps(clean_jiangsu, "years_not_covered", GHG)


def test_verification_of_the_year_before_dated_in_the_reporting_year_does_not_cover_it(tmp_path):
    pdf = render("ghg_verification_report", "jiangsu", overrides={"years": [2024], "issue_date": "2025-02-10"})
    r = check(submission(tmp_path, "jiangsu", add={GHG: pdf}), "jiangsu")
    assert "缺 2025 年" in one(r, "years_not_covered", GHG).message


# -- third party ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", [
    0, 1,  # full 核查报告: “核查机构：…”
    2,  # 核查声明 signed “核查机构（盖章）：<name>” (regression: the （盖章） hid the name)
    3,  # 核查声明 worded “兹声明：<verifier>受<applicant>委托…” (regression: 兹声明 was no label)
])
def test_verification_issued_by_the_applicant_itself_is_not_third_party(tmp_path, clean_jiangsu, variant):
    me = facts("jiangsu").name
    pdf = render("ghg_verification_report", "jiangsu", variant=variant, overrides={"verifier": me})
    r = check(submission(tmp_path, "jiangsu", add={GHG: pdf}), "jiangsu")
    g = one(r, "not_third_party", GHG)
    assert me in g.message and "第三方" in g.message
    assert not gaps(clean_jiangsu, "not_third_party")


# -- seal ----------------------------------------------------------------------------------------------

def test_own_form_without_red_seal_is_unsealed(tmp_path, clean_jiangsu):
    r = check(submission(tmp_path, "jiangsu", add={JIANGSU_INTAKE: own_form(INTAKE_TITLE, "jiangsu", sealed=False)}), "jiangsu")
    g = one(r, "unsealed", JIANGSU_INTAKE)
    assert g.material == "intake_form" and "公章" in g.message
    doc = next(d for d in r.documents if d.path == JIANGSU_INTAKE)
    assert doc.type == "intake_form" and doc.red_seal is False
    # the sealed form (and the sealed 申报书) of the clean submission
    assert not gaps(clean_jiangsu, "unsealed")
    assert {d.type: d.red_seal for d in clean_jiangsu.documents if d.type in ("intake_form", "application_form")} == {
        "intake_form": True, "application_form": True}


# -- translation ---------------------------------------------------------------------------------------

def test_english_only_certificate_is_untranslated_where_the_list_asks_for_translations(tmp_path):
    # only 000 附件1-3 (jiangsu) asks for Chinese translations of foreign-language material (issue 28)
    r = check(submission(tmp_path / "js", "jiangsu", add={QMS: render("qms_certificate", language="en")}), "jiangsu")
    doc = next(d for d in r.documents if d.path == QMS)
    assert doc.type == "qms_certificate" and doc.language == "en"
    g = one(r, "untranslated", QMS)
    assert "外文" in g.message and "中文" in g.message and "附件1-3" in g.message


def test_english_only_certificate_is_no_gap_where_the_source_asks_no_translation(tmp_path):
    # 003 (hefei) names no translation: the rule was invented before issue 28 and is removed
    r = check(submission(tmp_path, "hefei", add={QMS: render("qms_certificate", language="en")}), "hefei")
    doc = next(d for d in r.documents if d.path == QMS)
    assert doc.type == "qms_certificate" and doc.language == "en"
    assert not gaps(r, "untranslated")
    assert r.gaps == []


def test_english_certificate_with_its_chinese_version_is_fine(tmp_path):
    english = "04-质量管理体系认证证书（英文版）.pdf"
    r = check(submission(tmp_path, "hefei", add={english: render("qms_certificate", language="en")}), "hefei")
    assert {d.path: d.language for d in r.documents if d.type == "qms_certificate"} == {QMS: "zh", english: "en"}
    assert not gaps(r, "untranslated")
    assert r.complete


# -- unreadable ----------------------------------------------------------------------------------------

def _encrypted(pdf: bytes) -> bytes:
    from lingtan.checker._pymupdf import pymupdf

    doc = pymupdf.open(stream=pdf, filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mima123", owner_pw="owner456")


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (200, 120), (255, 255, 255)).save(buf, format="PNG")
    return buf.getvalue()


UNREADABLE = {
    "corrupt": (lambda: render("ems_certificate")[:1500], "损坏"),  # a download cut short
    "encrypted": (lambda: _encrypted(render("ems_certificate")), "加密"),
    "empty": (lambda: b"", "0 字节"),
    "png": (_png, "不是 PDF"),
    "text": (lambda: "营业执照扫描件见附件。\n".encode("utf-8"), "不是 PDF"),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_unreadable_file_is_reported_and_the_rest_still_checked(tmp_path, kind):
    make, words = UNREADABLE[kind]
    bad = "10-补充材料.pdf"
    expired_qms = render("qms_certificate", overrides={"expiry_date": "2024-05-09"})
    folder = submission(tmp_path, "hefei", add={bad: make(), QMS: expired_qms})
    r = check(folder, "hefei")
    g = one(r, "unreadable", bad)
    assert words in g.message and g.material is None
    assert not [d for d in r.documents if d.path == bad]
    # every other file was read, classified and checked
    readable = {p.name for p in folder.iterdir()} - {bad}
    assert {d.path for d in r.documents} == readable
    assert "other" not in {d.type for d in r.documents}
    one(r, "expired", QMS)
    assert sorted(x.code for x in r.gaps) == ["expired", "unreadable"]


def test_all_kinds_of_unreadable_file_in_one_submission(tmp_path):
    bad = {f"1{i}-{kind}.pdf": make() for i, (kind, (make, _)) in enumerate(UNREADABLE.items())}
    r = check(submission(tmp_path, "hefei", add=bad), "hefei")
    assert {g.document for g in gaps(r, "unreadable")} == set(bad)
    assert [g.code for g in r.gaps] == ["unreadable"] * len(bad)  # nothing missing: the good files were all used
    assert len(r.documents) == 9


# -- duplicate -----------------------------------------------------------------------------------------

def test_same_bytes_under_two_names_is_one_duplicate_gap_on_the_copy(tmp_path, clean_hefei):
    copy = "04-质量管理体系认证证书 - 副本.pdf"
    r = check(submission(tmp_path, "hefei", add={copy: render("qms_certificate")}), "hefei")
    g = one(r, "duplicate", copy)
    assert QMS in g.message and "重复" in g.message
    assert [x.code for x in r.gaps] == ["duplicate"]  # the copy is not checked a second time
    assert not gaps(clean_hefei, "duplicate")


def test_duplicate_of_a_defective_file_reports_the_defect_once(tmp_path):
    copy = "04-质量管理体系认证证书(1).pdf"
    expired = render("qms_certificate", overrides={"expiry_date": "2024-05-09"})
    r = check(submission(tmp_path, "hefei", add={QMS: expired, copy: expired}), "hefei")
    assert sorted((x.code, x.document) for x in r.gaps) == [("duplicate", copy), ("expired", QMS)]


# -- classification ------------------------------------------------------------------------------------

def _menu() -> bytes:
    return page_pdf("本周午餐菜单", ["周一：红烧肉、清炒时蔬、米饭", "周二：宫保鸡丁、番茄蛋汤", "周三：鱼香肉丝、紫菜汤",
                                  "食堂开放时间：11:30—13:00"])


def test_lunch_menu_is_unclassified(tmp_path, clean_hefei):
    menu = "10-午餐菜单.pdf"
    r = check(submission(tmp_path, "hefei", add={menu: _menu()}), "hefei")
    doc = next(d for d in r.documents if d.path == menu)
    assert doc.type == "other" and doc.confidence < classify.UNCLASSIFIED
    g = one(r, "unclassified", menu)
    assert "无法识别" in g.message
    assert not gaps(r, "low_confidence")
    assert not gaps(clean_hefei, "unclassified")


def _leading_group(heading: str | None) -> bytes:
    name = facts("hefei").name
    return page_pdf(heading, [name, "零碳工作领导小组由总经理任组长，", "副组长由分管副总经理担任，",
                              "各部门负责人参加。"])


def test_weak_signals_give_low_confidence_between_the_thresholds(tmp_path):
    weak, strong = "10-附件.pdf", "11-附件.pdf"
    r = check(submission(tmp_path, "hefei", add={weak: _leading_group(None),
                                                 strong: _leading_group("关于成立零碳工作领导小组的通知")}), "hefei")
    docs = {d.path: d for d in r.documents}
    # keywords only (领导小组、组长、副组长), no title, a file name that says nothing
    assert docs[weak].type == "management_body_doc"
    assert classify.UNCLASSIFIED <= docs[weak].confidence < check_mod.LOW_CONFIDENCE
    g = one(r, "low_confidence", weak)
    assert "把握不大" in g.message and f"{docs[weak].confidence:.2f}" in g.message
    # the same page under its title is recognised with confidence
    assert docs[strong].type == "management_body_doc" and docs[strong].confidence >= check_mod.LOW_CONFIDENCE
    assert not gaps(r, "low_confidence", strong)
    assert r.gaps == [] and [x.code for x in r.to_verify] == ["low_confidence"] and not r.complete


def test_confidence_thresholds_are_ordered():
    assert 0 < classify.UNCLASSIFIED < check_mod.LOW_CONFIDENCE < 1


# -- 待人工核对: what cannot be verified is said, never passed in silence (issue 12) ---------------------

def test_a_field_not_read_is_to_verify_not_a_silent_pass(tmp_path):
    """A certificate whose expiry date cannot be read: the validity check says so; not complete."""
    f = facts("hefei")
    blind = page_pdf("质量管理体系认证证书", [f"兹证明：{f.name}", f"统一社会信用代码：{f.uscc}",
                                          "质量管理体系符合 GB/T 19001-2016 / ISO 9001:2015 标准", "认证机构：华信认证中心有限公司"])
    r = check(submission(tmp_path, "hefei", add={QMS: blind}), "hefei")
    g = one(r, "field_unread", QMS)
    assert g.verdict == "verify" and "有效期" in g.message and g.material == "qms_certificate"
    assert r.gaps == [] and not r.complete
    m = next(m for m in r.materials if m.id == "qms_certificate")
    assert m.status == "verify"
    rows = {c["label"]: c["verdict"] for c in m.checks}
    assert rows["在有效期内"] == "待人工核对" and rows["单位名称为申报企业"] == "符合"


def test_years_without_the_applicants_data_are_to_verify(tmp_path):
    """Issue 12: a GHG report covering 2019–2020 passed without a word when the applicant's data were not
    given. Issue 24 (the new contract): without a data file the year needed is the one before the as-of date
    (2025 for a check as of 2026-03-15), so a report for 2019–2020 is 待人工核对 naming both — a presumed year is
    no finding of fact — and one that covers 2025 is 符合."""
    folder = submission(tmp_path, "jiangsu", add={GHG: render("ghg_verification_report", "jiangsu", overrides={"years": [2019, 2020]})})
    r = check_submission(folder, "jiangsu", as_of=AS_OF, ocr=NO_OCR)  # no --applicant: taken from the licence
    assert "营业执照" in r.applicant["source"]
    g = one(r, "years_not_covered", GHG)
    assert g.verdict == "verify" and "2019、2020" in g.message and "2025" in g.message and "推定" in g.message and not r.complete
    folder = submission(tmp_path / "2025", "jiangsu", add={GHG: render("ghg_verification_report", "jiangsu", overrides={"years": [2025]})})
    r = check_submission(folder, "jiangsu", as_of=AS_OF, ocr=NO_OCR)
    assert not gaps(r, "years_not_covered", GHG) and not gaps(r, "applicant_unknown", GHG)


def test_without_any_applicant_the_report_is_still_written(tmp_path):
    """Issue 12: no --applicant, no manifest, no licence: the missing licence is a gap, names are to verify."""
    files = {n: b for n, b in base_files("hefei").items() if n != LICENCE}
    r = check_submission(write_submission(tmp_path / "无营业执照", files), "hefei", as_of=AS_OF, ocr=NO_OCR)
    assert r.applicant["name"] == "" and "未能确定" in r.applicant["source"]
    assert [g.material for g in r.gaps if g.code == "missing"] == ["business_licence"]
    assert one(r, "applicant_unknown", QMS).verdict == "verify"
    assert not r.complete


def test_a_conditional_material_without_data_is_to_verify_when_absent(tmp_path):
    """Without the applicant's claims, a material needed only for a claimed item cannot be called missing or
    not needed: when nothing satisfies it, 待人工核对."""
    r = check_submission(submission(tmp_path, "jiangsu"), "jiangsu", as_of=AS_OF, ocr=NO_OCR)
    unknown = [g for g in r.to_verify if g.code == "requirement_unknown"]
    assert unknown and all(g.verdict == "verify" and g.material for g in unknown)
    assert {m.id for m in r.materials if m.status == "unknown"} == {g.material for g in unknown}


# -- one file, two materials (issue 12) -------------------------------------------------------------------

def test_one_file_holding_the_management_body_and_the_plan_satisfies_both(tmp_path):
    """jiangsu 附件1-3 第7项 lists 管理机构 and 建设规划 as one item; an enterprise puts both in one PDF,
    numbered as one document. No false ``missing construction_plan``: the plan's heading shows it."""
    from lingtan.checker._pymupdf import pymupdf

    f = facts("jiangsu")
    both = pymupdf.open()
    for part in (render("management_body_doc", "jiangsu"), render("construction_plan", "jiangsu")):
        both.insert_pdf(pymupdf.open(stream=part, filetype="pdf"))
    files = {n: b for n, b in base_files("jiangsu").items() if n not in ("08-管理机构设立文件.pdf", "09-零碳工厂建设规划.pdf")}
    files["08-领导小组及建设规划.pdf"] = both.tobytes()
    r = check(write_submission(tmp_path / "合并", files), "jiangsu")
    assert not [g for g in r.gaps if g.code == "missing" and g.material in ("management_body", "construction_plan")], r.gaps
    plan = next(m for m in r.materials if "construction_plan" in m.types)
    assert plan.status in ("ok", "verify") and any("08-领导小组及建设规划.pdf" in x for x in plan.documents)
    assert f.name  # the applicant's own documents


def test_a_heading_in_an_application_form_satisfies_nothing(tmp_path):
    """A form names every material in its headings: those are no second document."""
    files = {n: b for n, b in base_files("jiangsu").items() if n != "09-零碳工厂建设规划.pdf"}
    files[JIANGSU_APPLICATION] = page_pdf(APPLICATION_TITLE, [
        "一、企业基本情况", "二、零碳工厂建设规划", "三、符合性情况", f"申报单位（盖章）：{facts('jiangsu').name}"], seal=facts("jiangsu").name)
    r = check(write_submission(tmp_path / "无规划", files), "jiangsu")
    assert [g.material for g in r.gaps if g.code == "missing" and g.material == "construction_plan"] == ["construction_plan"]


# -- weak identification and offered evidence (issue 12) ----------------------------------------------------

def test_a_document_matched_only_by_its_file_name_is_to_verify(tmp_path):
    """A file no rule recognises, whose content says nothing, matched to a material by its name alone."""
    menu = ["周一：红烧肉、清炒时蔬、米饭", "周二：宫保鸡丁、番茄蛋汤"]
    r = check(submission(tmp_path, "hefei", add={"10-节能降碳制度文件.pdf": page_pdf(None, menu)}), "hefei")
    weak = [g for g in r.to_verify if g.document == "10-节能降碳制度文件.pdf"]
    if any(m for m in load_spec("hefei").materials if "other" in m.types):
        (g,) = weak
        assert g.code == "low_confidence" and "只凭文件名" in g.message
    assert not r.complete


def test_an_expired_certificate_the_scheme_does_not_ask_for_is_still_reported(tmp_path, clean_hefei):
    """The enterprise offers it as evidence: its validity is checked and shown."""
    extra = "11-低碳产品认证证书.pdf"
    r = check(submission(tmp_path, "hefei", add={extra: render("low_carbon_product_cert", overrides={"expiry_date": "2023-06-30"})}), "hefei")
    g = one(r, "expired", extra)
    assert g.material is None and "未要求" in g.message and "2023-06-30" in g.message
