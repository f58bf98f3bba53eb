"""Jiangsu (000 附件1): basic conditions, every band edge of 附件1-2, thresholds of 附件1 四."""

from __future__ import annotations

import pytest
from conftest import condition, item, patched, sample_data, score, threshold

from lingtan.assessment.schemes import load_scheme


@pytest.fixture
def zero() -> dict:
    return sample_data("jiangsu-zero")


def test_scheme_maximum_is_100_as_the_source_says():
    s = load_scheme("jiangsu")
    assert sum(i.points for i in s.indicators) == 100
    assert s.sections[0].max_points == 100
    assert len(s.indicators) == 16  # 附件1-2 序号1–16
    for cat in s.categories:
        assert sum(i.points for i in s.indicators if i.category == cat.id) == cat.points_as_printed


def test_sample_is_eligible_with_every_item_scored(zero):
    a = score(zero, "jiangsu", "zero")
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert [r.id for r in a.indicators] == [str(i) for i in range(1, 17)]
    assert a.total == pytest.approx(sum(r.points for r in a.indicators))
    assert a.total == 87
    assert all(c.status in ("met", "not_applicable") for c in a.conditions)


# 附件1-2 序号2: ≥50% 10, [40,50) 8, [30,40) 6, [20,30) 4, [10,20) 2, <10% 1.
@pytest.mark.parametrize(
    "share, points",
    [(0.0, 1), (0.0999, 1), (0.10, 2), (0.1999, 2), (0.20, 4), (0.2999, 4), (0.30, 6), (0.3999, 6), (0.40, 8), (0.4999, 8), (0.50, 10), (0.80, 10)],
)
def test_renewable_share_bands(zero, share, points):
    d = patched(zero, {"years.2025": {"energy_tce": 10000, "renewable_tce": share * 10000, "non_fossil_tce": share * 10000}})
    r = item(score(d, "jiangsu"), "2")
    assert r.points == points, r.derivation
    assert r.method == "computed"


@pytest.mark.parametrize("value, points", [("none", 0), ("project", 5), ("scale", 10)])
def test_non_fossil_development_lookup(zero, value, points):
    d = patched(zero, {"claims.jiangsu.1": {"value": value}})
    assert item(score(d, "jiangsu"), "1").points == points


@pytest.mark.parametrize("n, points", [(0, 0), (1, 2), (4, 8), (5, 10), (7, 10)])
def test_achievements_two_points_each_max_10(zero, n, points):
    d = patched(zero, {"claims.jiangsu.3": {"evidence": [f"成果{i}.pdf" for i in range(n)]}})
    assert item(score(d, "jiangsu"), "3").points == points


@pytest.mark.parametrize("functions, points", [(0, 0), (1, 0.5), (11, 5.5), (12, 6)])
def test_energy_carbon_centre_half_point_per_function(zero, functions, points):
    d = patched(zero, {"claims.jiangsu.10": {"value": functions}})
    assert item(score(d, "jiangsu"), "10").points == points


@pytest.mark.parametrize("systems, points", [([], 0), (["暖通"], 1), (["暖通", "照明", "电梯", "供配电", "给排水"], 5), (["暖通", "照明", "电梯", "供配电", "给排水", "空压"], 5)])
def test_building_systems_one_point_each_max_5(zero, systems, points):
    d = patched(zero, {"claims.jiangsu.6": {"value": systems}})
    assert item(score(d, "jiangsu"), "6").points == points


@pytest.mark.parametrize(
    "titles, points",
    [([], 0), (["municipal_smart_factory"], 0), (["provincial_smart_factory"], 5), (["national_excellent_smart_factory"], 8), (["provincial_smart_factory", "national_leading_smart_factory"], 10)],
)
def test_smart_factory_levels(zero, titles, points):
    d = patched(zero, {"honours.smart_titles": titles})
    assert item(score(d, "jiangsu"), "8").points == points


@pytest.mark.parametrize("n, points", [(0, 0), (1, 1), (4, 4), (6, 4)])
def test_ccus_one_point_each_max_4(zero, n, points):
    projects = [{"name": f"CCUS{i}", "kind": "ccus", "completed_year": 2025} for i in range(n)]
    d = patched(zero, {"projects": projects})
    assert item(score(d, "jiangsu"), "9").points == points


def test_equipment_item_sums_its_three_parts(zero):
    d = patched(zero, {"claims.jiangsu.5": {"value": {"general_equipment": 1, "special_equipment": 0, "new_energy_logistics": 1}}})
    assert item(score(d, "jiangsu"), "5").points == 6


def test_category3_and_verification_items_follow_the_data(zero):
    d = patched(zero, {"years.2025": {"emissions": {"category1": 3650, "category2": 4480, "verified": False}}})
    a = score(d, "jiangsu")
    assert item(a, "11").points == 0
    assert item(a, "12").points == 0


def test_self_assessed_points_are_bounded_by_the_maximum(zero):
    d = patched(zero, {"claims.jiangsu.4": {"points": 15}})
    a = score(d, "jiangsu")
    assert item(a, "4").points == 10
    assert any("超过满分" in w for w in a.warnings)


def test_missing_claim_scores_zero_and_says_so(zero):
    d = patched(zero, {"claims.jiangsu": {}})
    r = item(score(d, "jiangsu"), "4")
    assert r.points == 0 and "未提供自评" in r.derivation


# --- basic conditions (附件1-1) -------------------------------------------------------------


def test_municipal_green_factory_fails_condition_1(zero):
    d = patched(zero, {"honours.green_factory": {"level": "municipal"}})
    a = score(d, "jiangsu", "zero")
    assert condition(a, "bc1").status == "not_met"
    assert a.verdict.status == "not_eligible"
    assert any(r.startswith(condition(a, "bc1").name + "：") for r in a.verdict.reasons)


def test_offsets_must_cover_category_1_and_2_fully(zero):
    # 2025: category1 3650 + category2 4480 = 8130; offsets 4480+1200+2500 = 8180.
    # Green certificates cover at most category 2 (4480); the rest must come from other kinds.
    exact = patched(zero, {"years.2025": {"offsets": {"green_certificates": 4480, "ccer": 3650}}})
    assert condition(score(exact, "jiangsu"), "bc2").status == "met"
    short = patched(zero, {"years.2025": {"offsets": {"green_certificates": 4480, "ccer": 3649}}})
    a = score(short, "jiangsu")
    assert condition(a, "bc2").status == "not_met"
    assert "8129" in condition(a, "bc2").reason


# 000 附件1 三（二）1：“购买国内绿色电力证书，用其对应的减排量抵消剩余排放（类别2）” — the only kind the source
# limits to a category; 三（二）2–7 name no category.
def _year(cat1: float, cat2: float, offsets: dict) -> dict:
    return {"years.2025": {"emissions": {"category1": cat1, "category2": cat2, "verified": True}, "offsets": offsets}}


def test_green_certificates_cannot_offset_category_1(zero):
    # 1,000 t of 类别1, none of 类别2, 1,000 t of 绿证: met under the old rule (all offsets against
    # 类别1+类别2: 1000 >= 1000), not met now — a green certificate offsets only 类别2.
    a = score(patched(zero, _year(1000, 0, {"green_certificates": 1000})), "jiangsu")
    c = condition(a, "bc2")
    assert c.status == "not_met"
    assert c.facts["碳抵消量合计（tCO2e）"] == "1000"
    assert c.facts["可计入的碳抵消量（绿证至多抵消类别2，tCO2e）"] == "0"
    assert a.verdict.status == "not_eligible" and any(r.startswith(condition(a, "bc2").name + "：") for r in a.verdict.reasons)


def test_green_certificates_still_offset_category_2(zero):
    a = score(patched(zero, _year(0, 1000, {"green_certificates": 1000})), "jiangsu")
    assert condition(a, "bc2").status == "met"
    # Beyond 类别2 they do not count: 类别1 1000 + 类别2 500 needs 1000 from other kinds.
    assert condition(score(patched(zero, _year(1000, 500, {"green_certificates": 1000, "ccer": 500})), "jiangsu"),
                     "bc2").status == "not_met"
    assert condition(score(patched(zero, _year(1000, 500, {"green_certificates": 500, "ccer": 1000})), "jiangsu"),
                     "bc2").status == "met"


@pytest.mark.parametrize(
    "kind", ["in_boundary_project", "out_boundary_project", "ccer", "carbon_inclusive", "energy_saving_project", "foreign", "carbon_sink"]
)
def test_other_offset_kinds_may_offset_category_1(zero, kind):
    # The same 1,000 t of 类别1 offset by a kind the source does not limit: still met.
    a = score(patched(zero, _year(1000, 0, {kind: 1000})), "jiangsu")
    assert condition(a, "bc2").status == "met"
    assert a.metrics["offset_coverage"]["value"] == pytest.approx(1.0)


def test_energy_efficiency_not_applicable_without_a_standard(zero):
    d = patched(zero, {"energy_efficiency": {"applicable": False}})
    assert condition(score(d, "jiangsu"), "bc3").status == "not_applicable"
    d = patched(zero, {"energy_efficiency": {"applicable": True, "level": "compliant"}})
    assert condition(score(d, "jiangsu"), "bc3").status == "not_met"


def test_any_accident_in_three_years_fails_compliance(zero, as_of):
    d = patched(zero, {"compliance.accidents": [{"date": "2024-01-05", "kind": "safety", "severity": "general"}]})
    assert condition(score(d, "jiangsu"), "bc5-2").status == "not_met"
    old = patched(zero, {"compliance.accidents": [{"date": "2022-01-05", "kind": "safety", "severity": "general"}]})
    assert condition(score(old, "jiangsu"), "bc5-2").status == "met"


@pytest.mark.parametrize(
    "patch, cond",
    [
        ({"compliance.abnormal_operation_list": True}, "bc5-1"),
        ({"compliance.inspection_serious_problems": True}, "bc5-3"),
        ({"compliance.energy_inspection": "unrectified"}, "bc5-4"),
        ({"compliance.dishonest_judgment_debtor": True}, "bc5-5"),
        ({"organisation.management_body": None}, "bc4"),
    ],
)
def test_each_compliance_condition_can_fail(zero, patch, cond):
    a = score(patched(zero, patch), "jiangsu")
    assert condition(a, cond).status == "not_met"
    assert a.verdict.status == "not_eligible"


def test_rectified_energy_inspection_is_accepted(zero):
    d = patched(zero, {"compliance.energy_inspection": "rectified"})
    assert condition(score(d, "jiangsu"), "bc5-4").status == "met"


# --- thresholds (附件1 四) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "level, reduction, passed",
    [("near-zero", 19450, True), ("near-zero", 19449, False), ("zero", 31120, True), ("zero", 31119, False)],
)
def test_self_reduction_ratio_thresholds(zero, level, reduction, passed):
    # baseline scenario 38900: 50% = 19450, 80% = 31120.
    d = patched(zero, {"years.2025.self_reduction_tco2": reduction})
    a = score(d, "jiangsu", level)
    th = next(t for t in a.thresholds if t.name == "自主减排比例")
    assert th.passed is passed
    assert (a.verdict.status == "eligible") is passed


def test_score_below_80_fails(zero):
    # Drop 8 points: from 87 to 79.
    d = patched(zero, {"claims.jiangsu.4": {"points": 1}})
    a = score(d, "jiangsu", "zero")
    assert a.total == 79
    assert threshold(a, "score").passed is False
    assert a.verdict.status == "not_eligible"
    assert any("评价得分" in r for r in a.verdict.reasons)


def test_score_exactly_80_passes(zero):
    d = patched(zero, {"claims.jiangsu.4": {"points": 2}})
    a = score(d, "jiangsu", "zero")
    assert a.total == 80
    assert threshold(a, "score").passed is True


def test_missing_reduction_data_fails_the_threshold_with_the_field_named(zero):
    d = patched(zero, {"years.2025.baseline_scenario_tco2": None})
    a = score(d, "jiangsu", "zero")
    th = threshold(a, "self-reduction-zero")
    assert th.passed is False and "缺少数据：2025年基准线情景温室气体排放量" in th.reason


def test_instructive_failing_sample_lists_every_reason():
    a = score(sample_data("jiangsu-near-zero-fails"), "jiangsu", "near-zero")
    assert a.verdict.status == "not_eligible"
    text = "\n".join(a.verdict.reasons)
    for expected in (condition(a, "bc2").name + "：", condition(a, "bc5-2").name + "：", "自主减排比例", "评价得分"):
        assert expected in text
