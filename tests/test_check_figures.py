"""A reviewer's story for 申报数据与证明材料对照: the figures the applicant declares (its data file) against
the figures its evidence attests — each comparison on real, born-digital PDFs of a jiangsu submission.

The applicant (samples/factories/jiangsu-zero.yaml) declares for 2025 类别1 3,650 t, 类别2 4,480 t, energy
9,100 tce, green certificates offsetting 4,480 t (= 8,349 MWh × 0.5366), self reduction 31,900 of a
38,900 t baseline (82.0 %, the zero-carbon level needs 80 %).
"""

from __future__ import annotations

import json

import pytest
from checker_helpers import AS_OF, NO_OCR, applicant_file, base_files, check, gaps, page_pdf, render, write_submission

from lingtan.checker.pipeline import check_submission
from lingtan.checker.report import to_html, to_json, to_xlsx

GHG = "05-温室气体排放核查报告.pdf"
AUDIT = "07-能源审计报告.pdf"
REDUCTION = "06-减排量评估报告.pdf"
FIGURE_CODES = {"figure_mismatch", "threshold_not_met", "date_inconsistent", "figure_unread", "figure_short", "declared_unknown",
                "address_differs"}


def run(tmp_path, name: str, **replace: bytes):
    files = base_files("jiangsu")
    files.update(replace)
    return check(write_submission(tmp_path / name, files), "jiangsu")


def rows(report, label: str, year: int | None = None, kind: str = "figure") -> list[dict]:
    return [r for r in report.comparisons if r["kind"] == kind and r["label"].startswith(label) and (year is None or r["year"] == year)]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return check(write_submission(tmp_path_factory.mktemp("clean") / "申报材料", base_files("jiangsu")), "jiangsu")


def test_a_clean_submission_agrees_figure_by_figure(clean):
    (c1,) = rows(clean, "类别1", 2025)
    assert (c1["declared"], c1["evidence"], c1["verdict"]) == (3650, 3650, "符合")
    assert c1["sources"][0]["document"] == GHG and c1["sources"][0]["page"] == 3 and "3,650.00" in c1["sources"][0]["text"]
    assert [r["verdict"] for r in rows(clean, "综合能源消费量")] == ["符合"] * 3  # the audit's 2023–2025 table, year by year
    (ratio,) = rows(clean, "自主减排比例", kind="recomputed")
    assert ratio["verdict"] == "符合" and abs(ratio["evidence"] - 31900 / 38900) < 1e-9 and "80%" in ratio["reason"]
    assert not [g for g in [*clean.gaps, *clean.to_verify] if g.code in FIGURE_CODES]


def test_a_ghg_report_beyond_tolerance_is_a_problem_with_both_values_and_the_page(tmp_path):
    r = run(tmp_path, "c2", **{GHG: render("ghg_verification_report", "jiangsu", overrides={"category2_t": 5376})})
    (g,) = gaps(r, "figure_mismatch", GHG)
    assert g.verdict == "problem" and g.pages == (3, 3)
    assert "4,480" in g.message and "5,376" in g.message and "第3页" in g.message and "类别2" in g.message
    (row,) = rows(r, "类别2", 2025)
    assert (row["declared"], row["evidence"], row["difference"], row["verdict"]) == (4480, 5376, 896, "问题")
    assert rows(r, "类别1", 2025)[0]["verdict"] == "符合"


def test_two_figures_of_one_page_are_two_findings(tmp_path):
    r = run(tmp_path, "both", **{GHG: render("ghg_verification_report", "jiangsu", overrides={"category1_t": 3000, "category2_t": 5376})})
    found = gaps(r, "figure_mismatch", GHG)
    assert sorted(g.message.split("（")[0] for g in found) == ["类别1", "类别2"] and {g.pages for g in found} == {(3, 3)}


def test_rounding_is_no_problem(tmp_path):
    r = run(tmp_path, "round", **{GHG: render("ghg_verification_report", "jiangsu", overrides={"category1_t": 3650.4, "category2_t": 4479.6})})
    assert [x["verdict"] for x in rows(r, "类别", 2025)] == ["符合", "符合"]
    assert "容差" in rows(r, "类别1", 2025)[0]["reason"] and not gaps(r, "figure_mismatch")


def test_a_report_of_three_years_is_matched_year_by_year(tmp_path):
    """Variant 1 verifies 2023–2025 in one table; only the year that differs is reported."""
    r = run(tmp_path, "years", **{GHG: render("ghg_verification_report", "jiangsu", variant=1, overrides={"category1_t": 4100})})
    got = {x["year"]: (x["declared"], x["evidence"], x["verdict"]) for x in rows(r, "类别1")}
    assert got == {2023: (4200, 4200, "符合"), 2024: (3900, 3900, "符合"), 2025: (3650, 4100, "问题")}
    (g,) = gaps(r, "figure_mismatch", GHG)
    assert "2025年" in g.message and "4,100" in g.message


def test_an_energy_audit_that_disagrees(tmp_path):
    r = run(tmp_path, "audit", **{AUDIT: render("energy_audit_report", "jiangsu", overrides={"energy_tce": 9900})})
    (g,) = gaps(r, "figure_mismatch", AUDIT)
    assert "9,100" in g.message and "9,900" in g.message and "综合能源消费量" in g.message


def certificate(number: str, amount: str) -> bytes:
    return page_pdf("绿色电力证书", ["证书编号：" + number, "证书持有人：张家港恒晟精密轴承有限公司", "统一社会信用代码：91320582MA1WQ8TK7L",
                                   "电量生产时间：2025年1月1日至2025年12月31日", f"对应电量：{amount}", "核发机构：国家能源局",
                                   "核发日期：2026年1月20日"])


def test_certificates_in_wan_kwh_are_converted_and_one_certificate_counts_once(tmp_path):
    """834.9 万千瓦时 = 8,349 MWh → × 0.5366 = 4,480 t, the declared offset; the same certificate in a second file is not added."""
    same = certificate("GEC2025000000001", "834.9万千瓦时")
    r = run(tmp_path, "gec", **{"10-绿色电力证书.pdf": same, "11-绿色电力证书（复印）.pdf": same.replace(b"%%EOF", b"%%EOF\n%copy")})
    (row,) = rows(r, "绿色电力证书", 2025)
    assert row["verdict"] == "符合" and abs(row["evidence"] - 8349 * 0.5366) < 0.01
    assert [s.get("counted") for s in row["sources"]] == [True, False] and "不重复计算" in row["reason"]


def test_too_few_certificates_in_mwh_are_for_a_person_with_both_values(tmp_path):
    r = run(tmp_path, "gec-short", **{"10-绿色电力证书.pdf": certificate("GEC2025000000002", "5,000 MWh")})
    (g,) = gaps(r, "figure_short", "10-绿色电力证书.pdf")
    assert g.verdict == "verify" and "4,480" in g.message and "2,683" in g.message and "0.5366" in g.message


def test_a_figure_that_cannot_be_found_is_for_a_person(tmp_path):
    blank = page_pdf("2025年度温室气体排放核查报告", ["受核查方：张家港恒晟精密轴承有限公司", "核查机构：江苏省节能技术服务中心",
                                            "核查年度：2025年度", "核查结论：排放报告真实、准确。", "报告日期：2026年2月1日"])
    r = run(tmp_path, "unread", **{GHG: blank})
    found = gaps(r, "figure_unread", GHG)
    assert {g.verdict for g in found} == {"verify"} and all("未读到" in g.message for g in found)
    # 类别1 and 类别2 of 2025, and the offset share that needs them
    assert sorted(g.message.split("：")[0] for g in found) == ["类别1+类别2碳排放抵消比例（2025年）", "类别1（范围一）直接排放", "类别2（范围二）能源间接排放"]
    assert not r.complete and [x["verdict"] for x in rows(r, "类别", 2025)] == ["待人工核对", "待人工核对"]


def test_a_report_dated_before_the_end_of_its_year(tmp_path):
    r = run(tmp_path, "date", **{GHG: render("ghg_verification_report", "jiangsu", overrides={"issue_date": "2025-11-20"})})
    (g,) = gaps(r, "date_inconsistent", GHG)
    assert g.verdict == "problem" and "2025-11-20" in g.message and "2025-12-31" in g.message


def test_the_self_reduction_ratio_recomputed_from_the_assessment_report(tmp_path):
    """28,000 / 38,900 = 72.0 %: below the 80 % the zero-carbon level needs (000 附件1 四), though the data says 82 %."""
    r = run(tmp_path, "ratio", **{REDUCTION: render("reduction_assessment_report", "jiangsu", overrides={"reduction_t": 28000})})
    (g,) = gaps(r, "threshold_not_met")
    assert "72.0%" in g.message and "80%" in g.message and "82.0%" in g.message and REDUCTION in g.message


def test_an_address_that_differs_is_shown_with_both(tmp_path):
    audit = page_pdf("能源审计报告", ["被审计单位：张家港恒晟精密轴承有限公司", "地址：江苏省苏州市张家港市杨舍镇人民中路9号",
                                 "审计期：2025年度", "2025年综合能源消费量为9,100 tce。", "审计机构：苏州市节能监察中心", "报告日期：2026年2月5日"])
    r = run(tmp_path, "addr", **{AUDIT: audit})
    (g,) = gaps(r, "address_differs", AUDIT)
    assert g.verdict == "verify" and "人民中路9号" in g.message and "港城大道88号" in g.message
    assert rows(r, "综合能源消费量", 2025)[0]["verdict"] == "符合"  # read from the sentence


def test_without_declared_data_the_figures_are_for_a_person(tmp_path):
    folder = write_submission(tmp_path / "anon", base_files("jiangsu"))
    r = check_submission(folder, "jiangsu", applicant_file=None, as_of=AS_OF, ocr=NO_OCR)
    assert gaps(r, "declared_unknown") and all(x["verdict"] == "待人工核对" for x in r.comparisons if x["kind"] == "figure")


def test_without_a_data_file_the_applicants_own_form_is_what_it_declared(tmp_path):
    """No data file: the 申报书 says 类别2 was 5,000 t in 2025, the GHG report 4,480 t — caught, the form's page cited;
    类别1 agrees (3,650); energy, which the form does not state, is for a person."""
    form = page_pdf("江苏省零碳（近零碳）工厂申报书", ["申报单位：张家港恒晟精密轴承有限公司", "统一社会信用代码：91320582MA1WQ8TK7L",
                                           "二、碳排放情况（2025年）", "类别1排放：3,650 tCO2e", "类别2排放：5,000 tCO2e"], seal="张家港恒晟精密轴承有限公司")
    files = base_files("jiangsu")
    files["03-申报书.pdf"] = form
    r = check_submission(write_submission(tmp_path / "forms", files), "jiangsu", applicant_file=None, as_of=AS_OF, ocr=NO_OCR)
    (g,) = gaps(r, "figure_mismatch", GHG)
    assert "03-申报书.pdf 第1页申报 5,000" in g.message and "4,480" in g.message
    assert rows(r, "类别1", 2025)[0]["verdict"] == "符合"
    assert {x["verdict"] for x in rows(r, "综合能源消费量")} == {"待人工核对"}


def test_the_reports_carry_the_table(tmp_path):
    import io

    from openpyxl import load_workbook

    r = run(tmp_path, "views", **{GHG: render("ghg_verification_report", "jiangsu", overrides={"category2_t": 5376})})
    page = to_html(r)
    assert "申报数据与证明材料对照" in page and "5,376" in page and "4,480" in page
    wb = load_workbook(io.BytesIO(to_xlsx(r)))
    ws = wb["申报数据对照"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["项目", "年度", "申报数据", "证明材料数据", "差额"]
    bad = [row for row in ws.iter_rows(min_row=2, values_only=True) if row[6] == "问题"]
    assert [(b[0], b[1], b[2], b[3], b[4], b[8]) for b in bad][0] == ("类别2（范围二）能源间接排放", 2025, 4480, 5376, 896, "3")
    # the offsets declared cover 类别1+类别2 as declared (100.6 %), not as verified (90.6 %: 000 附件1 四 asks 100 %)
    assert bad[1][0] == "类别1+类别2碳排放抵消比例" and round(bad[1][3], 3) == 0.906
    data = json.loads(to_json(r))
    assert any(c["code"] == "figure_mismatch" for c in data["comparisons"])
    assert applicant_file("jiangsu").name == "jiangsu-zero.yaml"


@pytest.mark.parametrize("truth", ["samples/submissions/jiangsu-04-figures.truth.json", "samples/submissions/zhejiang-03-rounding.truth.json",
                                   "samples/foreign/submissions/jiangsu-f03-figures.truth.json"])
def test_the_corpora_figures_are_found_as_their_truth_says(truth):
    """Both corpora: each figure a report prints (the truth's figure_checks, written by the corpus generators from what
    they print) is compared — a disagreement as 问题 with both values and a page of its document, agreement (also
    within rounding) as 符合."""
    from checker_helpers import ROOT

    t = json.loads((ROOT / truth).read_text(encoding="utf-8"))
    r = check_submission((ROOT / truth).parent / t["id"], t["scheme"], applicant_file=ROOT / t["applicant"]["factory"], as_of=AS_OF,
                         ocr=NO_OCR)
    ids = {"category1": "category1", "category2": "category2", "energy_tce": "energy"}
    assert t["figure_checks"] and any(fc["agree"] for fc in t["figure_checks"])
    for fc in t["figure_checks"]:
        (row,) = [x for x in r.comparisons if x["id"] == ids[fc["figure"]] and x["year"] == fc["year"]
                  and x["sources"][0]["document"] == fc["file"]]
        assert (row["declared"], row["evidence"]) == (fc["declared"], fc["evidence"]), fc
        assert row["verdict"] == ("符合" if fc["agree"] else "问题"), (fc, row["reason"])
        assert fc["pages"][0] <= row["sources"][0]["page"] <= fc["pages"][1]
    expected = {(g["code"], g["file"]) for g in t["expected_gaps"] if g["code"] == "figure_mismatch"}
    assert {(g.code, g.document) for g in r.gaps if g.code == "figure_mismatch"} == expected


FOOTPRINT = "10-产品碳足迹报告.pdf"


@pytest.mark.parametrize("variant, page", [(0, 2), (2, 1)])
def test_a_footprint_report_is_shown_with_its_product_unit_and_page_and_no_verdict(tmp_path, variant, page):
    """A report (variant 0: figure in the conclusion on page 2) and a certificate (variant 2: 碳足迹：… kgCO2e/1套 on
    page 1): the product, functional unit and figure are in the table for information — nothing the applicant declares
    is a product footprint (evidence_specs/figures.yaml ``shown``), so no finding and no 待人工核对."""
    pdf = render("carbon_footprint_report", "jiangsu", variant=variant, overrides={"footprint_kgco2e": 27.35})
    r = run(tmp_path, f"cfp{variant}", **{FOOTPRINT: pdf})
    (row,) = rows(r, "产品碳足迹", kind="shown")
    assert (row["evidence"], row["unit"], row["verdict"], row["year"]) == (27.35, "kgCO2e/1套", "仅供参考", 2025)
    src = row["sources"][0]
    assert (src["document"], src["page"], src["product"], src["functional_unit"]) == (FOOTPRINT, page, "新能源汽车轮毂轴承单元", "1套")
    assert "27.35" in src["text"] and "新能源汽车轮毂轴承单元" in row["label"] and "GB/T 36132" in row["reason"]
    assert row["label_en"] == "Product carbon footprint: 新能源汽车轮毂轴承单元"
    assert not [g for g in [*r.gaps, *r.to_verify] if g.code in FIGURE_CODES]
    assert "仅供参考" in to_html(r) and "27.35" in to_html(r)


def test_a_footprint_in_tonnes_per_tonne_is_converted_to_kilograms(tmp_path):
    pdf = page_pdf("热轧钢板产品碳足迹核查报告", ["委托单位：张家港恒晟精密轴承有限公司", "产品名称：热轧钢板", "功能单位：1 吨热轧钢板",
                                         "数据年份：2025年", "经核查，产品碳足迹为 1.85 tCO2e/t（从摇篮到大门）。", "报告日期：2026年2月1日"])
    r = run(tmp_path, "cfp-t", **{FOOTPRINT: pdf})
    (row,) = rows(r, "产品碳足迹", kind="shown")
    assert (row["evidence"], row["unit"], row["sources"][0]["product"]) == (1850, "kgCO2e/1吨", "热轧钢板")


def test_a_footprint_report_without_a_figure_is_shown_as_unread_without_a_finding(tmp_path):
    pdf = page_pdf("产品碳足迹评价报告", ["委托单位：张家港恒晟精密轴承有限公司", "产品名称：新能源汽车轮毂轴承单元",
                                   "评价依据：GB/T 24067-2024", "报告日期：2026年2月1日"])
    r = run(tmp_path, "cfp-none", **{FOOTPRINT: pdf})
    (row,) = rows(r, "产品碳足迹", kind="shown")
    assert row["evidence"] is None and row["verdict"] == "仅供参考" and "未在已读出的文字中读到" in row["reason"]
    assert not [g for g in [*r.gaps, *r.to_verify] if g.code in FIGURE_CODES]


def test_certificates_in_kwh_are_converted(tmp_path):
    """8,349,000 kWh = 8,349 MWh → × 0.5366 = 4,480 t: the declared offset, 符合."""
    r = run(tmp_path, "gec-kwh", **{"10-绿色电力证书.pdf": certificate("GEC2025000000003", "8,349,000 kWh")})
    (row,) = rows(r, "绿色电力证书", 2025)
    assert row["verdict"] == "符合" and abs(row["evidence"] - 8349 * 0.5366) < 0.01 and "8,349" in row["reason"]


def test_certificates_counted_as_tonnes_are_named_so(tmp_path):
    """4,480 certificates (4,480 MWh) offset 2,404 t, not the 4,480 t declared (000 附件1 三（二）1: 对应的减排量): for a person,
    the row saying the number of certificates equals the tonnes declared."""
    r = run(tmp_path, "gec-t", **{"10-绿色电力证书.pdf": certificate("GEC2025000000004", "4,480 个（4,480 MWh）")})
    (g,) = gaps(r, "figure_short", "10-绿色电力证书.pdf")
    assert g.verdict == "verify" and "2,403.97" in g.message and "数值相同" in g.message and "0.5366" in g.message


def test_a_report_verifying_two_years_is_matched_to_each(tmp_path):
    """A hand-made report of 2024–2025: 2024 agrees with the data (3,900 / 17,800 t), 2025 prints 类别2 5,000 t (declared
    4,480) — one problem, of 2025, both values and the page; 2024 符合."""
    report = page_pdf("2024—2025年度温室气体排放核查报告", [
        "受核查方：张家港恒晟精密轴承有限公司", "统一社会信用代码：91320582MA1WQ8TK7L", "核查机构：江苏省节能技术服务中心",
        "核查年度：2024年度、2025年度", "核查年度  类别1直接排放  类别2能源间接排放", "2024年  3,900.00  17,800.00",
        "2025年  3,650.00  5,000.00", "报告日期：2026年2月1日"])
    r = run(tmp_path, "two-years", **{GHG: report})
    got = {(x["label"][:3], x["year"]): (x["declared"], x["evidence"], x["verdict"]) for x in rows(r, "类别")}
    assert got == {("类别1", 2024): (3900, 3900, "符合"), ("类别2", 2024): (17800, 17800, "符合"),
                   ("类别1", 2025): (3650, 3650, "符合"), ("类别2", 2025): (4480, 5000, "问题")}
    (g,) = gaps(r, "figure_mismatch", GHG)
    assert "2025年" in g.message and "5,000" in g.message and "4,480" in g.message and g.pages == (1, 1)


def test_the_recomputed_ratio_below_the_near_zero_threshold(tmp_path):
    """The same applicant applying for 近零碳: the assessment report's 18,283 / 38,900 t = 47.0 %, below the 50 % the level
    needs (000 附件1 四) — the evidence supports 47.0 %, the data says 82.0 %."""
    import yaml

    data = yaml.safe_load(applicant_file("jiangsu").read_text(encoding="utf-8"))
    data["application"]["level"] = "near-zero"
    near = tmp_path / "jiangsu-near-zero.yaml"
    near.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    files = base_files("jiangsu")
    files[REDUCTION] = render("reduction_assessment_report", "jiangsu", overrides={"reduction_t": 18283})
    r = check_submission(write_submission(tmp_path / "near", files), "jiangsu", applicant_file=near, as_of=AS_OF, ocr=NO_OCR)
    (g,) = gaps(r, "threshold_not_met")
    assert g.verdict == "problem" and "47.0%" in g.message and "不低于50%" in g.message and "82.0%" in g.message
    (row,) = rows(r, "自主减排比例", kind="recomputed")
    assert row["verdict"] == "问题" and abs(row["evidence"] - 18283 / 38900) < 1e-9


def test_another_companys_report_is_a_name_problem_and_its_figures_are_not_the_applicants(tmp_path):
    """A GHG report of another company (its name and code): the name check reports it (the GHG material checks the
    name; codes are the uscc check's, tests/test_check_gaps.py), and its figures are not compared with the applicant's
    (a mismatch there would be about someone else)."""
    from checker_helpers import other

    o = other()
    r = run(tmp_path, "other", **{GHG: render("ghg_verification_report", "jiangsu", overrides={"holder": o.name, "uscc": o.uscc,
                                                                                            "category2_t": 9999})})
    (g,) = gaps(r, "name_mismatch", GHG)
    assert g.verdict == "problem" and o.name in g.message
    assert not gaps(r, "figure_mismatch", GHG) and not rows(r, "类别2")


def test_green_electricity_proofs_short_of_the_declared_say_what_the_rest_may_be(tmp_path):
    """Proofs of 23,720 MWh against 36,500 MWh declared: for a person (the rest may be self-generated PV, which has no
    trading voucher), the row saying what to check."""
    proof = page_pdf("绿色电力消费凭证", ["凭证编号：LDXF20250000001", "电力用户名称：张家港恒晟精密轴承有限公司",
                                   "统一社会信用代码：91320582MA1WQ8TK7L", "消费周期：2025年1月1日至2025年12月31日",
                                   "绿色电力消费量：23,720 MWh", "出具单位：北京电力交易中心有限公司"])
    r = run(tmp_path, "gp-short", **{"12-绿色电力消费凭证.pdf": proof})
    (g,) = gaps(r, "figure_short", "12-绿色电力消费凭证.pdf")
    assert g.verdict == "verify" and "36,500" in g.message and "23,720" in g.message and "自发自用" in g.message


def test_a_newer_grid_factor_replaces_the_2022_one(tmp_path, monkeypatch):
    """000 附件1 五（八） takes the latest published factor: LINGTAN_GRID_FACTOR sets it (issue 28). 5,000 MWh × 0.6 = 3,000 t."""
    monkeypatch.setenv("LINGTAN_GRID_FACTOR", "0.6")
    r = run(tmp_path, "gec-factor", **{"10-绿色电力证书.pdf": certificate("GEC2025000000004", "5,000 MWh")})
    (row,) = rows(r, "绿色电力证书", 2025)
    assert abs(row["evidence"] - 3000) < 0.01
    assert "0.6 tCO2/MWh" in row["reason"] and "LINGTAN_GRID_FACTOR" in row["reason"] and "0.5366" not in row["reason"]


@pytest.mark.parametrize("value", ["0", "-1", "inf", "abc"])
def test_a_grid_factor_that_is_no_positive_number_is_refused(monkeypatch, value):
    from lingtan.checker.figures.spec import load_figure_spec
    from lingtan.common.errors import InputError

    monkeypatch.setenv("LINGTAN_GRID_FACTOR", value)
    with pytest.raises(InputError, match="LINGTAN_GRID_FACTOR"):
        load_figure_spec()
