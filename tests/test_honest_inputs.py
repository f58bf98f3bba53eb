"""Issue 28, part 1: silence is not compliance; out-of-range and wrong-kind input is refused.

Told as a clerk would meet it, starting each time from a bundled sample and editing a copy:
a blank 基本条件 is 未填写 (无法判定, not met) in the score and the 申报书; a degree typed as 80 or a
number typed as 全部 is refused by validate, score and generate (exit 2) naming the input and its
range — in a workbook, its cell; manufacturing follows the industry code; the entry workbook
carries the ranges as Excel data validation; and the samples, which declare every fact, score as
before.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml
from conftest import AS_OF, SAMPLES, sample_data
from test_entry_template import Filler, make_template

from lingtan.cli import main

#: the declarations of the data model (every 合规/否决/基本条件 fact the applicant states)
COMPLIANCE_DECLARATIONS = (
    "lawful_establishment", "normal_operation", "deregistered_or_suspended", "abnormal_operation_list",
    "inspection_serious_problems", "energy_inspection", "dishonest_judgment_debtor", "credit_blacklist",
    "outdated_equipment", "industrial_policy_compliant", "construction_procedures_complete",
    "green_low_carbon_law_compliant", "environmental_disclosure", "stakeholder_commitments_met", "site_orderly",
    "emission_targets_met",
)


def write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def blank_compliance(name: str) -> dict[str, Any]:
    """A sample whose clerk left the 基本条件 declarations blank (only the lists of events kept)."""
    data = sample_data(name)
    data["compliance"] = {k: v for k, v in data["compliance"].items() if k in ("accidents", "violations")}
    return data


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def docx_text(path: Path) -> list[str]:
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]


# --- silence is not compliance ----------------------------------------------------------------------


def test_a_blank_compliance_sheet_is_not_met_and_says_what_to_fill_in(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "jiangsu-blank", blank_compliance("jiangsu-zero"))
    code, out, _err = run(capsys, "score", str(path), "--format", "json", "--as-of", AS_OF.isoformat())
    a = json.loads(out)
    assert code == 1
    assert a["verdict"]["status"] == "not_eligible"
    bc51 = next(c for c in a["conditions"] if c["id"] == "bc5-1")
    assert bc51["status"] == "unknown"
    assert "未填写“近三年正常经营生产”" in bc51["reason"] and "企业声明符合" not in bc51["reason"]
    assert any("合规条件（1）" in r and "未填写“近三年正常经营生产”" in r for r in a["verdict"]["reasons"])
    assert "normal_operation" not in out.split('"trace"')[0]  # no internal name in the words people read
    # the lists of events (no accident, no violation) still decide their own item
    assert next(c for c in a["conditions"] if c["id"] == "bc5-2")["status"] == "met"


def test_the_generated_forms_leave_an_unknown_declaration_unticked(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "jiangsu-blank", blank_compliance("jiangsu-zero"))
    code, _out, _err = run(capsys, "generate", str(path), "--as-of", AS_OF.isoformat(), "--out", str(tmp_path / "out"))
    assert code == 0
    folder = next((tmp_path / "out").iterdir())
    intake = next(folder.glob("*入库申报表.docx"))
    lines = [t for t in docx_text(intake) if "正常经营生产" in t]
    item5 = next(ln for text in lines for ln in text.splitlines() if ln.startswith("5."))
    assert item5.startswith("5.□"), item5
    application = next(p for p in folder.glob("*.docx") if p.stem == folder.name)
    texts = docx_text(application)
    assert "无法判定：未填写“近三年正常经营生产”，请填写“是”或“否”" in texts
    assert "无法判定" in texts  # the 自评结论 column


def test_zhejiang_1_1_2_earns_nothing_by_default_and_its_checkboxes_stay_empty(tmp_path: Path, capsys) -> None:
    data = blank_compliance("zhejiang")
    data["listing"] = {"provincial_year": 2024}  # the 动态管理表 is for a factory on the provincial list (issue 25)
    path = write(tmp_path, "zhejiang-blank", data)
    code, out, _err = run(capsys, "score", str(path), "--format", "json", "--as-of", AS_OF.isoformat())
    a = json.loads(out)
    item = next(i for i in a["indicators"] if i["id"] == "1.1.2")
    assert item["points"] == 0
    assert "未填写“新、改、扩建项目履行能评、环评、三同时等手续”" in item["derivation"]
    assert a["verdict"]["status"] == "not_eligible"
    code, _out, _err = run(capsys, "generate", str(path), "--as-of", AS_OF.isoformat(), "--out", str(tmp_path / "out"))
    assert code == 0
    form = next(p for p in next((tmp_path / "out").iterdir()).glob("*.docx") if "动态" in p.name)
    rows = [t for t in docx_text(form) if re.fullmatch(r"[☑□]是\s+[☑□]否.*", t)]
    unknown = [t for t in rows if "未填写" in t]
    assert len(unknown) == 4, rows  # 停产或经营异常, 督查, 节能监察, 失信 (the events list decides 事故)
    assert all(t.startswith("□是  □否") for t in unknown), unknown


def test_a_declared_compliance_still_passes(tmp_path: Path, capsys) -> None:
    code, out, _err = run(capsys, "score", str(SAMPLES / "jiangsu-zero.yaml"), "--format", "json", "--as-of", AS_OF.isoformat())
    a = json.loads(out)
    assert code == 0
    assert next(c for c in a["conditions"] if c["id"] == "bc5-1")["reason"].startswith("企业声明符合")  # then its evidence (issue 25)


# --- manufacturing from the industry code -------------------------------------------------------------


def test_a_non_manufacturer_by_its_industry_code_fails_fujian_veto_1(tmp_path: Path, capsys) -> None:
    data = sample_data("fujian-zero")
    data["enterprise"].update(industry_code="4411", industry_name="火力发电")  # 门类 D, 大类 44
    data["enterprise"].pop("manufacturing", None)
    code, out, _err = run(capsys, "score", str(write(tmp_path, "power", data)), "--format", "json", "--as-of", AS_OF.isoformat())
    a = json.loads(out)
    assert code == 1
    veto1 = next(c for c in a["conditions"] if c["id"] == "1")
    assert veto1["status"] == "not_met"
    assert a["verdict"]["status"] == "not_eligible"


def test_a_declaration_contradicting_the_industry_code_is_refused_naming_both(tmp_path: Path, capsys) -> None:
    data = sample_data("fujian-zero")
    data["enterprise"].update(industry_code="4411", industry_name="火力发电", manufacturing=True)
    code, _out, err = run(capsys, "validate", str(write(tmp_path, "power", data)))
    assert code == 2
    assert "是否制造业企业" in err and "4411" in err and "13–43" in err


# --- ranges and kinds ---------------------------------------------------------------------------------


def with_claims(**values: Any) -> dict[str, Any]:
    data = sample_data("jiangsu-zero")
    claims = data["claims"]["jiangsu"]
    for item, value in values.items():
        claims[item.removeprefix("i")]["value"] = value
    return data


def test_the_web_app_refuses_them_too_before_scoring_or_packaging() -> None:
    """The web form's result panel and its 申报材料 download both go through the same assessment step."""
    from lingtan.web.app import _assessment

    data = with_claims(i5={"general_equipment": 80, "special_equipment": 1, "new_energy_logistics": 0.5})
    a, problems = _assessment("jiangsu", None, data)
    assert a is None
    assert len(problems) == 1 and "近三年新增通用设备达到能效2级及以上的程度：值 “80” 超出范围：应为 0 到 1 之间的数字" in problems[0]
    a, problems = _assessment("jiangsu", None, sample_data("jiangsu-zero"))
    assert a is not None and problems == []


@pytest.mark.parametrize("command", ["validate", "score", "generate"])
def test_80_for_a_degree_and_quan_bu_for_a_number_are_refused(tmp_path: Path, capsys, command: str) -> None:
    data = with_claims(i5={"general_equipment": 80, "special_equipment": 1, "new_energy_logistics": 0.5},
                       i7={"green_procurement": "全部", "green_logistics": 1, "low_carbon_supply_chain": 1})
    path = write(tmp_path, "typed", data)
    extra = ["--out", str(tmp_path / "out")] if command == "generate" else []
    code, out, err = run(capsys, command, str(path), *extra)
    assert code == 2
    assert "近三年新增通用设备达到能效2级及以上的程度：值 “80” 超出范围：应为 0 到 1 之间的数字" in err
    assert "采购绿色低碳产品（原辅料）的程度：值 “全部” 不符合规则：应为 0 到 1 之间的数字" in err
    for never in ("数据有效", "超过满分", "320", "TypeError", "无法计算（"):
        assert never not in out + err
    if command == "generate":
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_80_in_the_workbook_is_refused_at_its_cell(tmp_path: Path, capsys) -> None:
    from lingtan.assessment.schemes import load_scheme

    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, load_scheme("jiangsu")).fill(sample_data("jiangsu-zero"))
    wb = openpyxl.load_workbook(filled)
    ws = wb["评价指标"]
    head = {c.value: c.column_letter for c in ws[1]}
    row = next(r for r in range(3, ws.max_row + 1) if ws[f"{head['输入项']}{r}"].value == "近三年新增通用设备达到能效2级及以上的程度")
    ws[f"{head['指标输入值']}{row}"] = 80
    wb.save(filled)
    code, out, err = run(capsys, "validate", str(filled))
    assert code == 2 and "数据有效" not in out
    assert (f"工作表「评价指标」第 {row} 行 {head['指标输入值']} 列（设备能效与新能源运输·近三年新增通用设备达到能效2级及以上的程度）："
            "值 “80” 超出范围：应为 0 到 1 之间的数字") in err


def test_an_impossible_date_and_an_infinity_exit_2(tmp_path: Path, capsys) -> None:
    text = (SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")
    bad_date = tmp_path / "date.yaml"
    bad_date.write_text(text.replace("date: 2026-03-15", "date: 2026-02-30", 1), encoding="utf-8")
    code, _out, err = run(capsys, "validate", str(bad_date))
    assert code == 2 and "2026-02-30" in err
    inf = tmp_path / "inf.yaml"
    inf.write_text(re.sub(r"(\n    green_electricity_mwh: )[\d.]+", r"\1.inf", text, count=1), encoding="utf-8")
    assert ".inf" in inf.read_text(encoding="utf-8")
    code, _out, err = run(capsys, "score", str(inf), "--as-of", AS_OF.isoformat())
    assert code == 2 and "inf%" not in err


# --- the entry workbook carries the ranges -------------------------------------------------------------


def validations(ws: Any) -> dict[str, Any]:
    """Each validated cell (or range start) → its DataValidation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng.split(":")[0]] = dv
    return out


def test_the_entry_workbook_validates_ranges_and_offers_unfilled(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(make_template(tmp_path, "jiangsu"))
    basic = wb["基本条件"]
    rows = {basic.cell(r, 1).value: r for r in range(2, basic.max_row + 1)}
    dv = validations(basic)
    assert dv[f"B{rows['近三年正常经营生产']}"].formula1 == '"是,否,未填写"'
    assert "未填写" in dv[f"B{rows['工业节能监察整改名单']}"].formula1
    stars = dv.get(f"B{rows.get('星级上云星级')}") if "星级上云星级" in rows else None
    if stars is not None:
        assert (stars.type, stars.formula1, stars.formula2) == ("whole", "0", "5")
    claims = wb["评价指标"]
    head = {c.value: c.column_letter for c in claims[1]}
    cdv = validations(claims)
    degree_rows = [r for r in range(3, claims.max_row + 1) if str(claims[f"{head['输入项']}{r}"].value or "").endswith("的程度")]
    assert len(degree_rows) == 6
    for r in degree_rows:
        v = cdv[f"{head['指标输入值']}{r}"]
        assert (v.type, v.operator, v.formula1, v.formula2) == ("decimal", "between", "0", "1")
    years = wb["年度数据"]
    ydv = validations(years)
    col = next(c.column_letter for c in years[1] if c.value == "综合能耗（当量值）tce")
    assert (ydv[f"{col}3"].type, ydv[f"{col}3"].formula1) == ("decimal", "0")


def test_unfilled_in_the_workbook_reads_as_unknown(tmp_path: Path, capsys) -> None:
    from lingtan.assessment.schemes import load_scheme

    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, load_scheme("jiangsu")).fill(blank_compliance("jiangsu-zero"))
    wb = openpyxl.load_workbook(filled)
    basic = wb["基本条件"]
    row = next(r for r in range(2, basic.max_row + 1) if basic.cell(r, 1).value == "被列为失信被执行人")
    basic[f"B{row}"] = "未填写"
    wb.save(filled)
    code, out, _err = run(capsys, "score", str(filled), "--format", "json", "--as-of", AS_OF.isoformat())
    a = json.loads(out)
    assert code == 1
    assert {c["id"]: c["status"] for c in a["conditions"]}["bc5-5"] == "unknown"
    assert {c["id"]: c["status"] for c in a["conditions"]}["bc5-1"] == "unknown"


# --- the samples declare their facts and score as before ------------------------------------------------

#: totals and verdicts of `lingtan score <sample> --as-of <its application date>` before and after issue 28
BEFORE = {
    "fujian-near-zero-fails": (54.0, "not_eligible"),
    "fujian-near-zero": (80.5, "eligible"),
    "fujian-zero": (85.5, "eligible"),
    "hefei-fails": (None, "not_eligible"),
    "hefei": (None, "undetermined"),
    "jiangsu-near-zero-fails": (38.0, "not_eligible"),
    "jiangsu-zero": (87.0, "eligible"),
    "suzhou-fails-certificate": (73.538733, "not_eligible"),
    "suzhou-near-zero": (75.771256, "eligible"),
    "zhejiang": (99.06, "eligible"),
}


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_every_sample_declares_every_fact_and_scores_as_before(capsys, name: str) -> None:
    data = sample_data(name)
    assert set(COMPLIANCE_DECLARATIONS) <= set(data["compliance"]), name
    assert "independent_legal_person" in data["enterprise"] and "removed_from_green_list" in data["honours"]
    code, out, _err = run(capsys, "score", str(SAMPLES / f"{name}.yaml"), "--format", "json",
                          "--as-of", str(data["application"]["date"]))
    a = json.loads(out)
    assert (a["total"], a["verdict"]["status"]) == BEFORE[name]
    assert code == (0 if BEFORE[name][1] == "eligible" else 1)
    assert "unknown" not in {c["status"] for c in a["conditions"]}


def test_the_batch_workbook_offers_unfilled_for_declarations_only(tmp_path: Path) -> None:
    from lingtan.dataentry.batch_workbook import write_workbook

    ws = openpyxl.load_workbook(write_workbook([sample_data("jiangsu-zero")], tmp_path / "w.xlsx")).worksheets[0]
    col = {ws.cell(2, c).value: openpyxl.utils.get_column_letter(c) for c in range(1, ws.max_column + 1)}
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists[f"{col['compliance.normal_operation']}3"] == '"是,否,未填写"'
    assert lists[f"{col['energy_efficiency.applicable']}3"] == '"是,否"'
