"""Reading documents as certification bodies, registration authorities and enterprises print them (issue 24):
English and bilingual statements and certificates, who is who by role (holder, issuer, registration
authority), a material held inside another document (000 附件1-3 item 7), year ranges read whole, and the
applicant and its years without a data file.

Each rule is shown on a small real PDF built here and put through the real reader or the whole check
(text layers: no OCR engine).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from checker_helpers import JIANGSU_FILES, gaps, submission
from test_reading_real_documents import page_pdf, read

from lingtan.checker.applicant import from_documents
from lingtan.checker.extract import OcrPolicy
from lingtan.checker.fields import extract_fields, language
from lingtan.checker.figures.read import read_figures
from lingtan.checker.model import Document
from lingtan.checker.pipeline import check_submission

NO_OCR = OcrPolicy(enabled=False)
AS_OF = date(2026, 3, 15)

BSI_STATEMENT = [
    ("bsi.", 20),
    ("Greenhouse Gas Verification Opinion Statement", 16),
    ("This is to verify that", 11),
    ("Zhejiang Huayu Textile Co., Ltd.", 12),
    ("No. 88 Industrial Road, Shaoxing, Zhejiang, China", 10),
    ("has been verified in accordance with ISO 14064-3:2019 as meeting the requirements of ISO 14064-1:2018", 9),
    ("for the reporting period 1 January 2023 to 31 December 2023", 10),
    ("Category 1: Direct GHG emissions 12,345.6 tCO2e", 10),
    ("Category 2: Indirect GHG emissions from imported energy 23,456.7 t CO2-e", 10),
    ("Level of assurance: reasonable. Materiality: 5%.", 10),
    ("For and on behalf of BSI:", 10),
    ("Issue date: 12 March 2024", 10),
    ("BSI Assurance UK Ltd, Kitemark Court, Davy Avenue, Milton Keynes MK5 8PP", 8),
]


def test_an_english_ghg_verification_statement_is_read_whole(tmp_path):
    _, (d,) = read(tmp_path, "statement.pdf", page_pdf(BSI_STATEMENT))
    assert d.type == "ghg_verification_report" and d.language == "en", (d.type, d.evidence)
    f = d.fields
    assert f["holder"] == "Zhejiang Huayu Textile Co., Ltd."
    assert f["issuer"] == "BSI" and f["issuer"] != f["holder"]  # the body, never the holder again
    assert f["years"] == [2023] and f["issue_date"] == "2024-03-12"
    assert "ISO 14064-3:2019" in f["standards"]
    got = {(x["kind"], x["value"], x["year"]) for x in d.figures if x["kind"] in ("category1", "category2")}
    assert got == {("category1", 12345.6, 2023), ("category2", 23456.7, 2023)}


def test_an_english_carbon_footprint_statement_and_an_iatf_certificate(tmp_path):
    cfp = [("Carbon Footprint Verification Statement", 16), ("SGS hereby verifies that the carbon footprint of", 10),
           ("Foshan Ceramics Co., Ltd.", 12), ("was quantified in accordance with ISO 14067:2018. Functional unit: 1 m2 tile.", 9),
           ("Date of issue: 2024-05-06", 10), ("SGS-CSTC Standards Technical Services Co., Ltd.", 10)]
    _, (d,) = read(tmp_path, "cfp.pdf", page_pdf(cfp))
    assert d.type == "carbon_footprint_report" and d.fields["issuer"].startswith("SGS")
    iatf = [("CERTIFICATE", 20), ("IATF 16949:2016", 14),
            ("The Certification Body TÜV Rheinland Cert GmbH hereby certifies that the organization", 9),
            ("Ningbo Autoparts Co., Ltd.", 12), ("has established and applies a quality management system for automotive production.", 9),
            ("Certificate Registration No. 0123456", 10), ("Valid from 2024-03-12 to 2027-03-11", 10)]
    _, (d,) = read(tmp_path, "iatf.pdf", page_pdf(iatf))
    f = d.fields
    assert d.type == "qms_certificate" and f["holder"] == "Ningbo Autoparts Co., Ltd."
    assert f["issuer"] == "TÜV Rheinland Cert GmbH"  # not "… hereby certifies that the organization"
    assert (f["valid_from"], f["expiry_date"]) == ("2024-03-12", "2027-03-11") and f.get("issue_date") != "2027-03-11"


@pytest.mark.parametrize(("text", "lang"), [
    ("This statement verifies the greenhouse gas emissions of 浙江华宇纺织有限公司 for calendar year 2023 in accordance with ISO 14064-3", "en"),
    ("环境管理体系认证证书 Environmental Management System Certificate 兹证明 This is to certify that 某某有限公司 "
     "Some Company Co., Ltd. 有效期至 Date of expiry", "bilingual"),
    ("温室气体核查声明：受核查方的排放量按 ISO 14064 核算，共 12,345 tCO2e（类别1），核查机构为某某认证有限公司", "zh"),
])
def test_language_is_the_share_of_words_not_any_chinese(text, lang):
    assert language(text) == lang


@pytest.mark.parametrize(("text", "years"), [
    ("核查年度：2019年度—2020年度", [2019, 2020]),
    ("报告年度：2022–2024", [2022, 2023, 2024]),
    ("本报告覆盖2022年至2024年的温室气体排放", [2022, 2023, 2024]),
    ("Reporting period: 1 January 2023 to 31 December 2023", [2023]),
])
def test_year_ranges_are_read_whole(text, years):
    assert extract_fields(text)[0]["years"] == years


def test_a_ghg_report_for_two_years_in_a_pdf(tmp_path):
    lines = [("温室气体排放核查报告", 20), ("受核查方：江苏恒泰新材料有限公司", 12), ("核查年度：2019年度—2020年度", 12),
             ("核查机构：中环联合（北京）认证中心有限公司", 12)]
    _, (d,) = read(tmp_path, "核查报告.pdf", page_pdf(lines), scheme="jiangsu")
    assert d.type == "ghg_verification_report" and d.fields["years"] == [2019, 2020]


LICENCE = [
    ("营业执照", 24),
    ("统一社会信用代码 91320594MA1MXXXX6Q", 10),
    ("名称 注册资本 贰亿元整", 11),  # a photo's columns read on one line: the holder's value is elsewhere
    ("类型 其他有限责任公司 成立日期 2015年06月18日", 11),
    ("住所 苏州工业园区星湖街328号", 11),
    ("登记机关", 11),
    ("苏州工业园区市场监督管理局", 11),
    ("2023年08月16日", 11),
]


def test_a_licence_holder_is_a_company_name_and_its_issuer_the_registration_authority(tmp_path):
    _, (d,) = read(tmp_path, "营业执照.pdf", page_pdf(LICENCE), scheme="jiangsu")
    assert d.type == "business_licence"
    assert "holder" not in d.fields  # never "注册资本贰亿元整类型其他有限责任公司"
    assert d.fields["issuer"] == "苏州工业园区市场监督管理局"
    assert from_documents([d]) is None  # a missing holder never becomes the applicant
    named = [(t.replace("名称 注册资本 贰亿元整", "名称 苏州澄远精密汽车部件有限公司"), s) for t, s in LICENCE]
    _, (d2,) = read(tmp_path, "营业执照2.pdf", page_pdf(named), scheme="jiangsu")
    assert d2.fields["holder"] == "苏州澄远精密汽车部件有限公司" and d2.fields["issuer"] == "苏州工业园区市场监督管理局"


def _doc(path: str, typ: str, **fields) -> Document:
    return Document(path=path, pages=(1, 1), type=typ, confidence=0.9, ocr=False, evidence=[], fields=fields)


def test_the_applicant_comes_from_the_most_reliable_document_and_disagreement_is_said():
    garbage = _doc("a.jpg", "business_licence", holder="注册资本贰亿元整类型其他有限责任公司")
    form = _doc("申报书.pdf", "application_form", holder="苏州澄远精密汽车部件有限公司", declared_year=2024)
    app = from_documents([garbage, form])
    assert app is not None and app.name == "苏州澄远精密汽车部件有限公司" and app.reporting_year == 2024
    licence = _doc("执照.pdf", "business_licence", holder="苏州另一家科技有限公司", uscc="91320594MA1MXXXX6Q", uscc_valid=True)
    app = from_documents([form, licence])
    assert app is not None and app.name == "苏州另一家科技有限公司" and "待人工核对" in app.source and "苏州澄远" in app.source


NOTICE = [
    ("张家港恒晟精密轴承有限公司文件", 16),
    ("关于成立零碳工厂建设领导小组的通知", 16),
    ("各部门：为推进零碳工厂建设，公司决定成立零碳工厂建设领导小组。", 11),
    ("组长：张明（总经理）；副组长：李华；成员：各部门负责人。", 11),
    ("领导小组职责：统筹零碳工厂建设，审定建设规划，协调重点项目。", 11),
    ("附：零碳工厂建设规划（2025—2027年）要点：建设目标、能源方案、实现路径、", 11),
    ("重点项目及计划投资，详见各年度实施计划。", 11),
    ("张家港恒晟精密轴承有限公司", 11),
    ("2025年3月1日", 11),
]


def _jiangsu(tmp_path: Path, notice: list[tuple[str, float]]):
    plan = next(n for n, (t, _) in JIANGSU_FILES.items() if t == "construction_plan")
    body = next(n for n, (t, _) in JIANGSU_FILES.items() if t == "management_body_doc")
    folder = submission(tmp_path / "sub", "jiangsu", drop=(plan, body), add={body: page_pdf(notice)})
    from checker_helpers import applicant_file
    return check_submission(folder, "jiangsu", applicant_file=applicant_file("jiangsu"), as_of=AS_OF, ocr=NO_OCR)


def test_the_plan_inside_the_leading_groups_notice_satisfies_item_7(tmp_path):
    r = _jiangsu(tmp_path, NOTICE)
    plan = next(m for m in r.materials if m.id == "construction_plan")
    assert plan.status == "ok", (plan.status, plan.documents)
    assert not [g for g in r.gaps if g.material in ("construction_plan", "management_body")]
    assert not gaps(r, "content_partial")
    assert any("建设规划" in f for f in plan.documents)


def test_a_notice_that_names_the_plan_without_its_content_is_to_verify_never_missing(tmp_path):
    thin = [ln for ln in NOTICE if not ln[0].startswith(("附：", "重点项目"))] + [("附：零碳工厂建设规划（2025—2027年）另行印发。", 11)]
    r = _jiangsu(tmp_path, thin)
    plan = next(m for m in r.materials if m.id == "construction_plan")
    assert plan.status == "verify"
    assert not [g for g in r.gaps if g.code == "missing" and g.material == "construction_plan"]
    (g,) = gaps(r, "content_partial")
    assert g.material == "construction_plan" and "建设规划" in g.evidence


def test_without_any_plan_the_material_is_still_missing(tmp_path):
    bare = [ln for ln in NOTICE if not ln[0].startswith(("附：", "重点项目"))]  # names the plan among its duties only
    r = _jiangsu(tmp_path, bare)
    assert [g.code for g in r.gaps if g.material == "construction_plan"] == ["missing"]


def test_read_figures_in_english_units():
    figs = read_figures([(1, "Scope 1 emissions: 1,000 tCO2e\nScope 2 emissions: 2,000 t CO2-e\n")], [2023])
    assert {(f.kind, f.value) for f in figs if f.how == "statement"} == {("category1", 1000.0), ("category2", 2000.0)}


# -- real public documents (samples/real, truth written by hand: samples/real/README.md) ----------------------------

REAL = Path(__file__).resolve().parents[1] / "samples" / "real"


def _real(name: str) -> tuple[dict, list[Document]]:
    import json

    from lingtan.checker.model import SourceFile
    from lingtan.checker.pipeline import Needs, read_file
    from lingtan.checker.specs import load_spec

    entry = next(e for e in json.loads((REAL / "truth.json").read_text(encoding="utf-8"))["documents"] if e["file"] == f"docs/{name}")
    p = REAL / entry["file"]
    src = SourceFile(display=p.name, suffix=p.suffix.lower(), size=p.stat().st_size, disk_path=str(p))
    _, docs = read_file(src, NO_OCR, Needs.of(load_spec("jiangsu"), None))
    return entry, docs


@pytest.mark.parametrize("name", ["licence-suzhou-lvchuang-jiance.jpg", "licence-shanghai-chuanglin-keji.jpg",
                                  "licence-hebei-zuorun-renli-2019.jpg", "lrqa-iso9001-ispat-indo-2018.pdf",
                                  "bv-iatf16949-multi-tools-2025.pdf"])
def test_real_documents_get_a_seal_decision_and_the_right_one(name):
    """Issue 24: seals were undecided on 20 of 24 real documents. A scan or a page with an image is always decided
    (without OCR); a licence's 登记机关 seal is found, a certificate's printed logos and marks are no seal."""
    entry, docs = _real(name)
    (part,) = entry["parts"]
    (d,) = docs
    assert d.red_seal is not None and d.red_seal == part["seal"], (name, d.red_seal, part["seal"])


def test_a_real_english_certificate_holder_issuer_validity_and_language():
    entry, (d,) = _real("lrqa-iso9001-ispat-indo-2018.pdf")
    (part,) = entry["parts"]
    assert d.type == part["type"] == "qms_certificate" and d.language == part["language"] == "en"
    assert d.fields["holder"].replace(".", "") == part["holder"].replace(".", "")
    assert d.fields["expiry_date"] == part["valid_until"]
    assert d.fields["issuer"] not in (None, d.fields["holder"])
