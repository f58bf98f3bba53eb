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
