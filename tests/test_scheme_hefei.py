"""Hefei (003): basic requirements 四（一）1–5, the missing indicator system, user-supplied indicator files.

The 《合肥市零碳示范工厂评价指标体系》 is not in the source: without --indicators the verdict is
"undetermined" with the scheme's note; samples/indicators/hefei-indicators-example.yaml is an
unofficial format example used to exercise the user-supplied path.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml
from conftest import AS_OF, ROOT, condition, item, patched, sample_data, score, threshold

from lingtan.assessment.engine.evaluate import assess
from lingtan.common.errors import DataValidationError
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_indicator_file, load_scheme, with_indicators
from lingtan.cli import main

SAMPLE = ROOT / "samples" / "factories" / "hefei.yaml"
FAILS = ROOT / "samples" / "factories" / "hefei-fails.yaml"
EXAMPLE = ROOT / "samples" / "indicators" / "hefei-indicators-example.yaml"
CONDITION_IDS = ["bc1", "bc2", "bc3", "bc4", "bc5-1", "bc5-2", "bc5-3", "bc5-4", "bc5-5"]


@pytest.fixture
def hefei() -> dict:
    return sample_data("hefei")


def score_with_example(data: dict, as_of: date = AS_OF):
    scheme = with_indicators(load_scheme("hefei"), load_indicator_file(EXAMPLE))
    return assess(Factory.model_validate(data), scheme, as_of=as_of)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["score", *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the scheme as data ------------------------------------------------------------------------


def test_scheme_encodes_only_the_basic_requirements_and_says_why():
    s = load_scheme("hefei")
    assert [lv.id for lv in s.levels] == ["demonstration"] and s.levels[0].name == "零碳示范工厂"
    assert [c.id for c in s.conditions] == CONDITION_IDS
    assert [c.group for c in s.conditions] == ["basic"] * 4 + ["exclusion"] * 5
    assert all(c.cite.startswith("003 四（一）") for c in s.conditions)
    assert s.indicators_in_source is False
    assert s.sections == [] and s.categories == [] and s.indicators == [] and s.thresholds == []
    note = s.indicators_note
    assert "《合肥市零碳示范工厂评价指标体系》" in note and "不包含在本方案的原文" in note
    assert "不会自行编造" in note and "--indicators FILE" in s.indicators_hint  # the hint is for the command line only
    assert s.required_years == ["reporting_year"]


def test_forms_and_the_scoring_rule_of_section_4_2_are_recorded():
    s = load_scheme("hefei")
    forms = {f.name: f.cite for f in s.forms}
    assert forms == {"合肥市零碳示范工厂评价报告": "003 五（二）2", "合肥市零碳示范工厂动态管理表": "003 六（一）"}
    d = next(d for d in s.decisions if d.cite == "003 四（二）")
    assert "满分100分" in d.text
    assert "必须满足各项必选要求，可选要求按照工厂满足程度在0分到满分中取值，最后按照权重汇总得分" in d.text
    assert "category_weighted" in d.text and "all_required_met" in d.text


# --- without an indicator file ------------------------------------------------------------------


def test_without_indicators_every_condition_is_evaluated_and_the_verdict_is_undetermined(hefei):
    a = score(hefei, "hefei")
    assert [c.id for c in a.conditions] == CONDITION_IDS
    assert all(c.status == "met" for c in a.conditions), [c.reason for c in a.conditions]
    assert a.indicators == [] and a.total is None and a.max_total is None
    assert a.verdict.status == "undetermined"
    assert a.verdict.reasons == [load_scheme("hefei").indicators_note]
    # the general accident of 2024-08-12 is below 较大 and does not exclude the applicant
    assert condition(a, "bc5-3").facts == {"近三年较大及以上事故起数": "0"}


def test_cli_without_indicators_exits_1_and_prints_the_note(capsys):
    code, out, err = run_cli(capsys, str(SAMPLE), "--scheme", "hefei", "--as-of", "2026-03-15")
    assert code == 1
    assert "结论：无法判定" in out
    assert "《合肥市零碳示范工厂评价指标体系》" in out and "--indicators FILE" in out
    assert err == ""


# --- with the (unofficial) example indicator file -----------------------------------------------


def test_example_file_is_marked_unofficial_and_encodes_section_4_2():
    ind = load_indicator_file(EXAMPLE)
    assert "示例（非官方）" in ind.title
    assert "并非官方《合肥市零碳示范工厂评价指标体系》" in ind.source
    assert ind.sections[0].max_points == 100 and ind.sections[0].aggregation.method == "category_weighted"
    assert sum(c.weight for c in ind.categories) == pytest.approx(1)
    for cat in ind.categories:
        assert sum(i.points for i in ind.indicators if i.category == cat.id) == 100
    assert {i.requirement for i in ind.indicators} == {"required", "optional"}
    assert {i.rule.kind for i in ind.indicators} >= {"bands", "yes_no", "self_assessed"}
    assert [t.kind for t in ind.thresholds] == ["all_required_met"]
    assert EXAMPLE.read_text(encoding="utf-8").startswith("# 示例（非官方）")


def test_with_the_example_file_indicators_are_scored_and_totals_computed(hefei):
    a = score_with_example(hefei)
    points = {r.id: r.points for r in a.indicators}
    # A1/A2 data yes; A3 self-assessed 24; B1 1920/6000 = 32% → “≥30%” 45; B2 intensity 0.4 → 0.37,
    # fall 7.5% → 40 × 0.075/0.1 = 30; C1 four projects 2023–2025 × 10; C2 30 × 6512/16280 = 12; C3 provincial 15.
    assert points == {"A1": 40, "A2": 30, "A3": 24, "B1": 45, "B2": 30, "C1": 40, "C2": 12, "C3": 15}
    assert item(a, "B1").method == "computed" and "32%" in item(a, "B1").derivation
    assert item(a, "A3").method == "self_assessed"
    assert [(c.id, c.raw, c.max_raw) for c in a.categories] == [("A", 94, 100), ("B", 75, 100), ("C", 67, 100)]
    assert [c.weighted for c in a.categories] == pytest.approx([28.2, 30, 20.1])
    assert a.total == pytest.approx(78.3)
    assert a.max_total == 100
    assert threshold(a, "required").passed is True
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert "示例（非官方）" in a.indicators_note


def test_cli_with_the_example_file_exits_0(capsys):
    code, out, err = run_cli(
        capsys, str(SAMPLE), "--scheme", "hefei", "--as-of", "2026-03-15", "--indicators", str(EXAMPLE)
    )
    assert code == 0, err
    assert "总分：78.3 / 100" in out
    assert "结论：符合申报条件" in out


def test_an_unmet_required_item_of_the_file_makes_the_factory_not_eligible(hefei):
    d = patched(hefei, {"years.2025.emissions": {"category1": 1680, "category2": 14600, "verified": False}})
    a = score_with_example(d)
    assert item(a, "A2").points == 0 and item(a, "A2").met is False
    th = threshold(a, "required")
    assert th.passed is False and th.value == 1 and "A2" in th.reason
    assert a.total == pytest.approx(78.3 - 0.3 * 30)
    assert a.verdict.status == "not_eligible"
    assert any("必选要求" in r and "A2" in r for r in a.verdict.reasons)


def test_self_assessed_item_without_a_claim_scores_zero(hefei):
    d = patched(hefei, {"claims.hefei": {}})
    a = score_with_example(d)
    assert item(a, "A3").points == 0 and "未提供自评" in item(a, "A3").derivation
    assert a.total == pytest.approx(78.3 - 0.3 * 24)


# --- invalid indicator files: exit 2, a Chinese message naming the problem, no traceback ---------


def _example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _set_rule(data: dict, ind_id: str, **rule) -> dict:
    data = copy.deepcopy(data)
    ind = next(i for i in data["indicators"] if i["id"] == ind_id)
    ind["rule"] = rule
    return data


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d: _set_rule(d, "A1", kind="magic", input="True"), ["indicators[0].rule", "'magic'"]),
        (lambda d: _set_rule(d, "A1", kind="yes_no", input="__import__('os')"), ["indicators[0].rule.yes_no.input", "不允许使用以下划线开头的名称 __import__"]),
        (lambda d: _set_rule(d, "A1", kind="yes_no", input="__import__('os').system('true')"), ["indicators[0].rule.yes_no.input", "只能调用内置函数，不能调用方法"]),
        (lambda d: _set_rule(d, "B2", kind="formula", expr="max(lambda: 40, 0)"), ["indicators[4].rule.formula.expr", "不允许使用 Lambda"]),
        (lambda d: _set_rule(d, "A2", kind="yes_no", input="last._obj"), ["indicators[1].rule.yes_no.input", "不允许访问以下划线开头的属性 _obj"]),
        (lambda d: _set_rule(d, "C3", kind="yes_no", input="enterprise.__class__"), ["不允许访问以下划线开头的属性 __class__"]),
        (lambda d: {**d, "indicators": [{**d["indicators"][0], "category": "Z"}, *d["indicators"][1:]]}, ["指标体系文件存在引用错误", "指标 A1 引用了未定义的类别 'Z'"]),
        (lambda d: {k: v for k, v in d.items() if k != "title"}, ["title：必填字段缺失"]),
    ],
    ids=["unknown-rule-kind", "dunder-import", "method-call", "lambda", "underscore-attribute", "dunder-attribute", "unknown-category", "missing-title"],
)
def test_invalid_indicator_file_is_refused_with_exit_2(tmp_path, capsys, make, expected):
    bad = tmp_path / "bad-indicators.yaml"
    bad.write_text(yaml.safe_dump(make(_example_data()), allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run_cli(capsys, str(SAMPLE), "--scheme", "hefei", "--as-of", "2026-03-15", "--indicators", str(bad))
    assert code == 2
    assert out == ""
    assert err.startswith("错误：指标体系文件")
    assert str(bad) in err
    for text in expected:
        assert text in err, err
    assert "Traceback" not in err
    with pytest.raises(DataValidationError):
        load_indicator_file(bad)


def test_missing_indicator_file_is_an_input_error(tmp_path, capsys):
    code, out, err = run_cli(capsys, str(SAMPLE), "--scheme", "hefei", "--indicators", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "找不到数据文件" in err and "Traceback" not in err


# --- each basic requirement and exclusion can fail -----------------------------------------------


@pytest.mark.parametrize(
    "patch, cond, shown",
    [
        ({"enterprise.city": "芜湖市"}, "bc1", "所在设区市：芜湖市"),
        ({"enterprise.independent_legal_person": False}, "bc1", "具有独立法人资格：否"),
        ({"compliance.lawful_establishment": False}, "bc1", "依法设立并遵守法律法规、政策和标准：否"),
        ({"organisation.management_body": None}, "bc2", "专门机构：（缺少数据：零碳（绿色低碳）工厂管理机构）"),
        ({"organisation.top_manager": None}, "bc2", "主要管理者：（缺少数据：最高管理者）"),
        ({"organisation.responsibility_system": False}, "bc2", "建立目标责任制：否"),
        ({"organisation.training": False}, "bc2", "开展教育培训：否"),
        ({"organisation.plan": None}, "bc3", "规划起始年：（缺少数据：规划起始年）"),
        ({"organisation.plan.annual_targets": False}, "bc3", "设定年度目标：否"),
        ({"organisation.plan.quantified_targets": False}, "bc3", "目标量化：否"),
        ({"organisation.plan.path_defined": False}, "bc3", "明确建设路径：否"),
        ({"compliance.normal_operation": False}, "bc5-1", "近三年正常经营生产：否"),
        ({"compliance.deregistered_or_suspended": True}, "bc5-1", "工商注销或连续停产12个月以上：是"),
        ({"compliance.credit_blacklist": True}, "bc5-2", "被列入失信企业、法人代表黑名单：是"),
        ({"honours.removed_from_green_list": True}, "bc5-4", "近三年被动态调整出绿色制造（绿色工厂）名单：是"),
        ({"claims.hefei.bc5-4": {"met": False}}, "bc5-4", "未被调整出零碳示范工厂名单（企业声明）：否"),
        ({"compliance.inspection_serious_problems": True}, "bc5-5", "督查中被发现存在严重问题：是"),
        ({"compliance.energy_inspection": "unrectified"}, "bc5-5", "工业节能监察整改名单：已列入且未完成整改"),
        ({"compliance.energy_inspection": "rectified"}, "bc5-5", "工业节能监察整改名单：已列入并完成整改"),
        ({"compliance.dishonest_judgment_debtor": True}, "bc5-5", "被列为失信被执行人：是"),
    ],
)
def test_each_condition_failing_makes_the_factory_not_eligible_and_is_named(hefei, patch, cond, shown):
    a = score(patched(hefei, patch), "hefei")
    c = condition(a, cond)
    assert c.status == "not_met"
    assert shown in c.reason
    assert a.verdict.status == "not_eligible"
    assert [r.split("：")[0] for r in a.verdict.reasons] == [c.name]  # named as the source names it
    assert shown in a.verdict.reasons[0]
    assert all(x.status == "met" for x in a.conditions if x.id != cond)
    # the supplied indicator system does not rescue a failed basic requirement
    assert score_with_example(patched(hefei, patch)).verdict.status == "not_eligible"


@pytest.mark.parametrize("city, met", [("合肥市", True), ("合肥", True), ("芜湖市", False), ("六安市", False)])
def test_enterprise_must_be_in_hefei(hefei, city, met):
    c = condition(score(patched(hefei, {"enterprise.city": city}), "hefei"), "bc1")
    assert (c.status == "met") is met
    assert c.facts["所在设区市"] == city


@pytest.mark.parametrize("start, end", [(2024, 2028), (2025, 2027), (2025, 2026), (2022, 2025)])
def test_the_plan_period_is_shown_not_judged(hefei, start, end):
    # 003 四（一）3 asks for a 中长期规划 with quantified annual targets; it sets no length and no "still in force"
    # (issue 28: the ≥ 3 years and end ≥ as-of year rule was not in the source and is removed)
    d = patched(hefei, {"organisation.plan.start_year": start, "organisation.plan.end_year": end})
    c = condition(score(d, "hefei"), "bc3")
    assert c.status == "met", c.reason
    assert c.facts["规划起始年"] == str(start) and c.facts["规划终止年"] == str(end)


def _with_cert(data: dict, system: str, **changes) -> dict:
    d = copy.deepcopy(data)
    for cert in d["management_systems"]["certificates"]:
        if cert["system"] == system:
            cert.update(changes)
    return d


def test_expired_enms_certificate_fails_on_the_as_of_date(hefei):
    d = _with_cert(hefei, "enms", issued="2023-03-15", expires="2026-03-14")
    a = score(d, "hefei", as_of=date(2026, 3, 15))
    c = condition(a, "bc4")
    assert c.status == "not_met"
    assert c.facts["能源管理体系认证（评价基准日有效）"] == "否"
    assert c.facts["质量管理体系认证（评价基准日有效）"] == "是"
    assert c.trace["management_systems.certificates[enms] 在 2026-03-15 有效"] is False
    assert "能源管理体系认证（评价基准日有效）：否" in a.verdict.reasons[0]
    # the same certificate is valid on its last day
    on_last_day = score(d, "hefei", as_of=date(2026, 3, 14))
    assert condition(on_last_day, "bc4").status == "met"
    assert condition(on_last_day, "bc4").trace["management_systems.certificates[enms] 在 2026-03-14 有效"] is True


def test_certificate_not_yet_issued_on_the_as_of_date_does_not_count(hefei):
    d = _with_cert(hefei, "qms", issued="2026-04-01", expires="2029-03-31")
    c = condition(score(d, "hefei"), "bc4")
    assert c.status == "not_met" and c.facts["质量管理体系认证（评价基准日有效）"] == "否"


@pytest.mark.parametrize("system, label", [("qms", "质量管理体系"), ("ems", "环境管理体系"), ("ohsms", "职业健康安全管理体系"), ("enms", "能源管理体系")])
def test_each_of_the_four_management_systems_is_required(hefei, system, label):
    d = copy.deepcopy(hefei)
    d["management_systems"]["certificates"] = [c for c in d["management_systems"]["certificates"] if c["system"] != system]
    c = condition(score(d, "hefei"), "bc4")
    assert c.status == "not_met"
    assert c.facts[f"{label}认证（评价基准日有效）"] == "否"
    assert sum(v == "否" for v in c.facts.values()) == 1


@pytest.mark.parametrize(
    "when, severity, kind, met, count",
    [
        ("2023-03-16", "larger", "safety", False, 1),  # within three years of 2026-03-15
        ("2023-03-15", "larger", "environment", False, 1),  # exactly three years: still within
        ("2022-03-01", "larger", "safety", True, 0),  # four years ago
        ("2025-06-30", "general", "quality", True, 0),  # 一般 accidents do not exclude
        ("2025-06-30", "major", "quality", False, 1),
        ("2025-06-30", "extraordinary", "data_security", False, 1),  # “等”: any kind
    ],
)
def test_larger_accidents_within_three_years_exclude(hefei, when, severity, kind, met, count):
    d = patched(hefei, {"compliance.accidents": [{"date": when, "kind": kind, "severity": severity}]})
    a = score(d, "hefei")
    c = condition(a, "bc5-3")
    assert (c.status == "met") is met
    assert c.facts["近三年较大及以上事故起数"] == str(count)
    assert (a.verdict.status == "not_eligible") is (not met)
    if not met:
        assert a.verdict.reasons[0].startswith("较大及以上事故：")


def test_enterprise_younger_than_three_years_is_judged_since_establishment(hefei):
    young = patched(hefei, {"enterprise.established": "2024-05-20"})
    assert condition(score(young, "hefei"), "bc5-3").status == "met"
    d = patched(young, {"compliance.accidents": [{"date": "2024-07-01", "kind": "environment", "severity": "larger"}]})
    assert condition(score(d, "hefei"), "bc5-3").status == "not_met"


# --- the instructive failing sample --------------------------------------------------------------


def test_failing_sample_names_both_reasons():
    a = score(sample_data("hefei-fails"), "hefei")
    assert a.verdict.status == "not_eligible"
    assert [r.split("：")[0] for r in a.verdict.reasons] == [condition(a, "bc1").name, condition(a, "bc4").name]
    assert "所在设区市：芜湖市" in a.verdict.reasons[0]
    assert "能源管理体系认证（评价基准日有效）：否" in a.verdict.reasons[1]
    assert "质量管理体系认证（评价基准日有效）：是" in a.verdict.reasons[1]
    assert {c.id for c in a.conditions if c.status == "not_met"} == {"bc1", "bc4"}


def test_failing_sample_on_the_cli_exits_1(capsys):
    code, out, err = run_cli(capsys, str(FAILS), "--as-of", "2026-03-15")
    assert code == 1
    assert "结论：不符合申报条件" in out and "芜湖市" in out
    code, out, err = run_cli(capsys, str(FAILS), "--as-of", "2026-03-15", "--indicators", str(EXAMPLE))
    assert code == 1 and "结论：不符合申报条件" in out
