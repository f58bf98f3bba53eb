"""Zhejiang (004 附件6-1): exclusions, 附表1.1, 附表1.2 category weighting and capping, 附表1.3 bonus edges."""

from __future__ import annotations

import pytest
from conftest import condition, item, patched, sample_data, score, threshold

from lingtan.common.errors import DataValidationError
from lingtan.assessment.schemes import load_scheme

WEIGHTS = {"infrastructure": 0.20, "management": 0.15, "energy-resources": 0.15, "product": 0.10, "emissions": 0.10, "performance": 0.30}
PRINTED = {"infrastructure": 100, "management": 86, "energy-resources": 110, "product": 106, "emissions": 100, "performance": 100}


@pytest.fixture
def zj() -> dict:
    return sample_data("zhejiang")


def perfect(data: dict) -> dict:
    """The sample with every 附表1.2/1.3 item at its maximum."""
    s = load_scheme("zhejiang")
    full = dict(data["claims"]["zhejiang"])
    full.update({i.id: {"points": i.points} for i in s.indicators if i.rule.kind == "self_assessed"})
    full["6.5.2"] = {"points": 4}  # formula: the claim counts when there is no quota standard
    return patched(
        data,
        {
            "claims.zhejiang": full,
            "honours.other": ["energy_management_centre", "green_design_product", "green_design_demo", "green_product_cert"],
            "years.2025": {"solid_waste_utilised_t": 3600},  # 90%
            "projects": [{"name": "省级库技改", "kind": "energy_saving", "completed_year": 2025, "library": "provincial"}],
        },
    )


def claims(data: dict, updates: dict[str, dict | None]) -> dict:
    """A copy of ``data`` with claims.zhejiang[<id>] replaced (None removes it); ids may contain dots."""
    out = patched(data, {})
    for cid, claim in updates.items():
        if claim is None:
            out["claims"]["zhejiang"].pop(cid, None)
        else:
            out["claims"]["zhejiang"][cid] = claim
    return out


def cat(a, cat_id: str):
    return next(c for c in a.categories if c.id == cat_id)


def section(a, sec_id: str):
    return next(s for s in a.sections if s.id == sec_id)


# --- the scheme as data ------------------------------------------------------------------------


def test_category_points_as_printed_and_weights():
    s = load_scheme("zhejiang")
    main = [c for c in s.categories if c.section == "main"]
    assert {c.id: c.points_as_printed for c in main} == PRINTED
    for c in main:
        assert sum(i.points for i in s.indicators if i.category == c.id) == PRINTED[c.id], c.id
    assert {c.id: c.weight for c in main} == WEIGHTS
    assert sum(c.weight for c in main) == pytest.approx(1.0)
    assert [len([i for i in s.indicators if i.category == c]) for c in PRINTED] == [22, 9, 15, 16, 10, 24]


def test_section_maxima_follow_the_capping_decision():
    s = load_scheme("zhejiang")
    main, bonus = s.sections
    assert (main.id, bonus.id) == ("main", "bonus")
    expected = sum(WEIGHTS[c] * min(PRINTED[c], 100) for c in WEIGHTS)
    assert expected == pytest.approx(97.9)
    assert main.max_points == pytest.approx(97.9)
    assert main.aggregation.method == "category_weighted" and main.aggregation.overflow == "cap"
    assert main.aggregation.category_full == 100
    bonus_items = [i for i in s.indicators if i.section == "bonus"]
    assert [i.id for i in bonus_items] == [f"bonus-{n}" for n in range(1, 6)]
    assert all(i.points == 10 and i.weight == 0.2 for i in bonus_items)
    assert bonus.max_points == 10 == sum(i.points * i.weight for i in bonus_items)


def test_indicator_ids_follow_source_order_and_main_items_carry_no_weight():
    s = load_scheme("zhejiang")
    main = [i for i in s.indicators if i.section == "main"]
    assert main[0].id == "1.1.1" and main[-1].id == "6.5.4"
    assert all(i.weight is None for i in main)
    assert all(i.evidence and i.evidence.startswith("符合性说明及证明材料索引") for i in main)
    req = {i.id for i in main if i.requirement == "required"}
    assert {"1.1.1", "2.1.1", "2.2.1", "2.3.1", "3.1.1", "4.3.1", "5.5.1", "6.4.3", "6.5.3"} <= req
    assert {"2.1.2", "2.4.1", "3.1.2", "4.3.2", "6.4.4"}.isdisjoint(req)
    conditional = {i.id for i in main if i.conditional}
    assert conditional == {"1.1.9", "1.2.4", "1.3.2", "1.3.6", "4.3.1", "4.3.2", "4.4.4", "5.5.4"}


def test_one_all_required_met_threshold_and_no_minimum_score():
    s = load_scheme("zhejiang")
    assert [(t.id, t.kind) for t in s.thresholds] == [("required-met", "all_required_met")]
    assert "附表1.2 注" in s.thresholds[0].cite
    assert any(d.topic == "无最低总分" for d in s.decisions)
    assert [f.id for f in s.forms if f.batch] == ["recommendation-list"]
    assert s.required_years == ["reporting_year", "reporting_year - 1", "reporting_year - 2"]


# --- the sample ------------------------------------------------------------------------------------


def test_sample_is_eligible_and_scores_as_computed(zj):
    a = score(zj, "zhejiang")
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert all(c.status == "met" for c in a.conditions)
    assert not a.warnings
    raw = {c: sum(r.points for r in a.indicators if r.category == c) for c in WEIGHTS}
    assert raw == pytest.approx({"infrastructure": 93, "management": 84, "energy-resources": 102, "product": 82, "emissions": 94, "performance": 86.2})
    main = sum(WEIGHTS[c] * min(raw[c], 100) for c in WEIGHTS)
    bonus = sum(r.points * 0.2 for r in a.indicators if r.section == "bonus")
    assert section(a, "main").total == pytest.approx(main)
    assert section(a, "bonus").total == pytest.approx(bonus)
    assert a.total == pytest.approx(main + bonus)
    assert a.total == pytest.approx(89.66 + 9.4)
    assert a.max_total == pytest.approx(107.9)
    # 能源资源投入 is 102 raw, capped to 100.
    assert cat(a, "energy-resources").raw == 102 and cat(a, "energy-resources").score == 100
    assert cat(a, "energy-resources").weighted == pytest.approx(15)


def test_sample_computed_items(zj):
    a = score(zj, "zhejiang")
    assert item(a, "6.4.4").points == pytest.approx(4 * (0.866 - 0.73) / 0.17)
    assert item(a, "6.4.3").met is True and item(a, "6.4.5").met is True
    assert item(a, "3.1.2").points == 12 and item(a, "3.1.5").points == 3
    assert item(a, "4.1.4").points == 0 and item(a, "4.1.6").points == 0
    assert [item(a, i).points for i in ("2.1.1", "2.1.2", "2.2.2", "2.3.2")] == [10, 4, 10, 4]
    assert a.metrics["carbon_intensity_decline"]["value"] == pytest.approx(
        ((18120 / 38200 - 17160 / 41500) / (18120 / 38200) + (17160 / 41500 - 16680 / 44800) / (17160 / 41500)) / 2
    )


def test_perfect_factory_scores_the_maximum(zj):
    a = score(perfect(zj), "zhejiang")
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert all(r.points == r.max_points for r in a.indicators), [r.id for r in a.indicators if r.points != r.max_points]
    assert cat(a, "management").score == 86
    assert cat(a, "energy-resources").raw == 110 and cat(a, "energy-resources").score == 100
    assert cat(a, "product").raw == 106 and cat(a, "product").score == 100
    assert section(a, "main").total == pytest.approx(97.9)
    assert section(a, "bonus").total == pytest.approx(10)
    assert a.total == pytest.approx(107.9)


def test_category_capping_110_and_95(zj):
    top = score(perfect(zj), "zhejiang")
    c = cat(top, "energy-resources")
    assert (c.raw, c.max_raw, c.score, c.weighted) == (110, 110, 100, pytest.approx(15))
    # Drop 15 optional points: 3.1.3 (10) and 3.2.4 (5) → 95 raw, not capped.
    d = claims(perfect(zj), {"3.1.3": {"points": 0}, "3.2.4": {"points": 0}})
    a = score(d, "zhejiang")
    c = cat(a, "energy-resources")
    assert (c.raw, c.score) == (95, 95)
    assert c.weighted == pytest.approx(95 * 0.15)
    assert a.total == pytest.approx(107.9 - 15 + 95 * 0.15)


def test_surplus_optional_points_make_up_for_misses_within_a_category(zj):
    # 110 printed: losing 10 optional points still leaves 100.
    d = claims(perfect(zj), {"3.1.3": {"points": 0}})
    assert cat(score(d, "zhejiang"), "energy-resources").score == 100


# --- 附表1.3 加分项 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("previous, latest, points", [("A", "A", 10), ("B", "A", 6), ("A", "B", 0), ("B", "B", 0), (None, "A", 6), ("A", None, 0)])
def test_mu_performance_bonus(zj, previous, latest, points):
    d = patched(zj, {"years.2024.mu_performance_grade": previous, "years.2025.mu_performance_grade": latest})
    a = score(d, "zhejiang")
    assert item(a, "bonus-1").points == points, item(a, "bonus-1").derivation
    assert a.verdict.status == "eligible"


@pytest.mark.parametrize("management, report, points", [(True, True, 10), (True, False, 5), (False, True, 5), (False, False, 0)])
def test_carbon_management_bonus(zj, management, report, points):
    d = patched(zj, {"claims.zhejiang.bonus-2": {"value": {"management": management, "annual_report": report}}})
    assert item(score(d, "zhejiang"), "bonus-2").points == points


def test_carbon_management_bonus_without_claim_is_zero(zj):
    d = patched(zj, {"claims.zhejiang.bonus-2": {}})
    assert item(score(d, "zhejiang"), "bonus-2").points == 0


def test_carbon_intensity_decline_bonus_edges(zj):
    i = [18120 / 38200, 17160 / 41500, 16680 / 44800]
    decline = ((i[0] - i[1]) / i[0] + (i[1] - i[2]) / i[1]) / 2
    assert decline == pytest.approx(0.11393, abs=1e-5)
    below = patched(zj, {"claims.zhejiang.bonus-3": {"value": {"provincial_average": decline - 1e-6}}})
    assert item(score(below, "zhejiang"), "bonus-3").points == 10
    above = patched(zj, {"claims.zhejiang.bonus-3": {"value": {"provincial_average": decline + 1e-6}}})
    assert item(score(above, "zhejiang"), "bonus-3").points == 0


def test_carbon_intensity_decline_bonus_when_intensity_rises(zj):
    d = patched(zj, {"years.2025": {"emissions": {"category1": 2780, "category2": 17000, "verified": True}}})
    a = score(d, "zhejiang")
    assert a.metrics["carbon_intensity_decline"]["value"] < 0.045
    assert item(a, "bonus-3").points == 0


def test_carbon_intensity_decline_bonus_without_provincial_average_is_missing(zj):
    d = patched(zj, {"claims.zhejiang.bonus-3": {}})
    r = item(score(d, "zhejiang"), "bonus-3")
    assert r.points == 0 and r.method == "missing_data" and "企业填报的浙江省平均值 （缺少数据：" in r.derivation


@pytest.mark.parametrize(
    "grade, tier, points",
    [("low", None, 10), ("low", 9, 10), ("medium", 1, 10), ("medium", 4, 10), ("medium", 5, 0), ("high", 2, 10), ("high", 3, 0), ("high", 1, 10)],
)
def test_carbon_efficiency_bonus(zj, grade, tier, points):
    d = patched(zj, {"years.2025": {"carbon_efficiency_grade": grade, "carbon_efficiency_tier": tier}})
    assert item(score(d, "zhejiang"), "bonus-4").points == points


def test_carbon_efficiency_bonus_without_grade_is_missing(zj):
    d = patched(zj, {"years.2025": {"carbon_efficiency_grade": None}})
    r = item(score(d, "zhejiang"), "bonus-4")
    assert r.points == 0 and r.method == "missing_data"


@pytest.mark.parametrize(
    "library, diagnosis, points",
    [("provincial", True, 10), ("provincial", False, 8), ("municipal", True, 7), ("municipal", False, 5), ("county", False, 5), ("none", True, 2), ("none", False, 0)],
)
def test_retrofit_bonus(zj, library, diagnosis, points):
    d = patched(
        zj,
        {
            "projects": [{"name": "技改项目", "kind": "energy_saving", "completed_year": 2024, "library": library}],
            "claims.zhejiang.bonus-5": {"value": {"diagnosis": diagnosis}},
        },
    )
    assert item(score(d, "zhejiang"), "bonus-5").points == points


def test_retrofit_bonus_takes_the_higher_library_and_only_the_last_three_years(zj):
    both = [
        {"name": "省级", "kind": "energy_saving", "completed_year": 2023, "library": "provincial"},
        {"name": "市级", "kind": "energy_saving", "completed_year": 2025, "library": "municipal"},
    ]
    d = patched(zj, {"projects": both, "claims.zhejiang.bonus-5": {"value": {"diagnosis": True}}})
    assert item(score(d, "zhejiang"), "bonus-5").points == 10
    old = [{"name": "省级", "kind": "energy_saving", "completed_year": 2022, "library": "provincial"}]
    d = patched(zj, {"projects": old, "claims.zhejiang.bonus-5": {"value": {"diagnosis": False}}})
    assert item(score(d, "zhejiang"), "bonus-5").points == 0


# --- exclusions (通知 一（三）) and 一（二） ----------------------------------------------------------------


@pytest.mark.parametrize("level, excluded", [("provincial", True), ("national", True), ("municipal", False)])
def test_green_factory_title_exclusion(zj, level, excluded):
    d = patched(zj, {"honours.green_factory": {"level": level, "year": 2023}})
    a = score(d, "zhejiang")
    assert condition(a, "ex-1").status == ("not_met" if excluded else "met")
    assert (a.verdict.status == "not_eligible") is excluded
    if excluded:
        assert any(r.startswith(condition(a, "ex-1").name + "：") for r in a.verdict.reasons)


def test_no_green_factory_title_is_not_excluded(zj):
    d = patched(zj, {"honours.green_factory": None})
    assert condition(score(d, "zhejiang"), "ex-1").status == "met"


@pytest.mark.parametrize(
    "patch, cond",
    [
        ({"honours.removed_from_green_list": True}, "ex-4"),
        ({"compliance.normal_operation": False}, "ex-2"),
        ({"compliance.deregistered_or_suspended": True}, "ex-2"),
        ({"compliance.inspection_serious_problems": True}, "ex-5"),
        ({"compliance.energy_inspection": "unrectified"}, "ex-6"),
        ({"compliance.dishonest_judgment_debtor": True}, "ex-7"),
        ({"compliance.outdated_equipment": True}, "outdated-equipment"),
    ],
)
def test_each_exclusion_can_fail(zj, patch, cond):
    a = score(patched(zj, patch), "zhejiang")
    assert condition(a, cond).status == "not_met"
    assert a.verdict.status == "not_eligible"
    assert any(r.startswith(condition(a, cond).name + "：") for r in a.verdict.reasons)


def test_rectified_energy_inspection_is_accepted(zj):
    assert condition(score(patched(zj, {"compliance.energy_inspection": "rectified"}), "zhejiang"), "ex-6").status == "met"


@pytest.mark.parametrize("kind", ["safety", "quality", "environment"])
def test_larger_accident_excludes(zj, kind):
    d = patched(zj, {"compliance.accidents": [{"date": "2024-08-01", "kind": kind, "severity": "larger"}]})
    a = score(d, "zhejiang")
    assert condition(a, "ex-3").status == "not_met"
    assert condition(a, "basic-3").status == "not_met"
    assert a.verdict.status == "not_eligible"


def test_general_accident_does_not_exclude(zj):
    d = patched(zj, {"compliance.accidents": [{"date": "2025-05-10", "kind": "safety", "severity": "general"}]})
    a = score(d, "zhejiang")
    assert condition(a, "ex-3").status == "met"
    assert condition(a, "basic-3").status == "met"
    assert a.verdict.status == "eligible"


def test_larger_accident_older_than_three_years_does_not_exclude(zj):
    d = patched(zj, {"compliance.accidents": [{"date": "2023-03-01", "kind": "safety", "severity": "major"}]})
    assert condition(score(d, "zhejiang"), "ex-3").status == "met"


def test_larger_network_security_accident_fails_basic_3_only(zj):
    d = patched(zj, {"compliance.accidents": [{"date": "2025-01-10", "kind": "network_security", "severity": "larger"}]})
    a = score(d, "zhejiang")
    assert condition(a, "ex-3").status == "met"
    assert condition(a, "basic-3").status == "not_met"


# --- 基本要求（附表1.1） ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "patch, cond",
    [
        ({"compliance.lawful_establishment": False}, "basic-1"),
        ({"compliance.environmental_disclosure": False}, "basic-2"),
        ({"compliance.stakeholder_commitments_met": False}, "basic-4"),
        ({"compliance.site_orderly": False}, "basic-5"),
        ({"organisation.top_manager": None}, "basic-6"),
        ({"claims.zhejiang.basic-7": {"met": False}}, "basic-7"),
        ({"organisation.responsibility_system": False}, "basic-8"),
        ({"organisation.management_body": None}, "basic-8"),
        ({"organisation.plan.end_year": 2025}, "basic-9"),
        ({"organisation.plan.annual_targets": False}, "basic-9"),
        ({"organisation.plan.quantified_targets": False}, "basic-9"),
        ({"organisation.training": False}, "basic-10"),
    ],
)
def test_each_basic_requirement_can_fail(zj, patch, cond):
    a = score(patched(zj, patch), "zhejiang")
    assert condition(a, cond).status == "not_met"
    assert a.verdict.status == "not_eligible"


def test_basic_7_without_claim_is_not_met_and_names_the_claim(zj):
    d = claims(zj, {"basic-7": None})
    c = condition(score(d, "zhejiang"), "basic-7")
    assert c.status == "not_met" and "缺少数据：该项自评" in c.reason


def test_plan_of_exactly_three_years_and_unquantifiable_targets(zj):
    d = patched(zj, {"organisation.plan.end_year": 2026})
    assert condition(score(d, "zhejiang"), "basic-9").status == "met"
    d = patched(zj, {"organisation.plan.quantified_targets": False, "claims.zhejiang.basic-9": {"value": {"quantification_not_feasible": True}}})
    assert condition(score(d, "zhejiang"), "basic-9").status == "met"


# --- 必选 items and the all_required_met threshold ---------------------------------------------------------


def test_required_item_below_full_fails_the_threshold_naming_it(zj):
    d = claims(zj, {"3.2.1": {"points": 8}})
    a = score(d, "zhejiang")
    r = item(a, "3.2.1")
    assert (r.points, r.met) == (8, False)
    th = threshold(a, "required-met")
    assert th.passed is False and th.value == 1
    assert "3.2.1" in th.reason and "节水评价与取水定额" in th.reason and "8/10" in th.reason
    assert a.verdict.status == "not_eligible"


def test_computed_required_item_can_fail_the_threshold(zj):
    # 2025 solid waste utilisation 2600/4000 = 65%: not "大于65%".
    d = patched(zj, {"years.2025.solid_waste_utilised_t": 2600})
    a = score(d, "zhejiang")
    assert item(a, "6.4.3").met is False and item(a, "6.4.4").points == 0
    assert "6.4.3" in threshold(a, "required-met").reason
    d = patched(zj, {"years.2025.solid_waste_utilised_t": 2601})
    assert item(score(d, "zhejiang"), "6.4.3").met is True


def test_missing_management_system_fails_required_item(zj):
    d = patched(zj, {"management_systems": {"implemented": ["qms", "ems", "ohsms"], "certificates": []}})
    a = score(d, "zhejiang")
    assert item(a, "2.3.1").met is False and item(a, "2.3.2").points == 0
    assert item(a, "2.1.1").met is True and item(a, "2.1.2").points == 0
    assert "2.3.1" in threshold(a, "required-met").reason


def test_expired_certificate_loses_the_optional_points_only(zj):
    d = patched(zj, {"management_systems.certificates": [
        {"system": "enms", "standard": "GB/T 23331-2020", "number": "X1", "issuer": "某认证机构", "issued": "2022-01-01", "expires": "2025-12-31"},
    ]})
    a = score(d, "zhejiang")
    assert item(a, "2.3.2").points == 0
    assert item(a, "2.3.1").met is True  # still implemented
    assert threshold(a, "required-met").passed is True


def test_conditional_required_item_claimed_not_applicable_counts_full(zj):
    a = score(zj, "zhejiang")
    r = item(a, "4.3.1")
    assert (r.points, r.max_points, r.method, r.met) == (15, 15, "not_applicable", True)
    assert item(a, "4.3.2").points == 6 and item(a, "4.3.2").method == "not_applicable"
    # Applicable and only partly met: the requirement is not met.
    d = claims(zj, {"4.3.1": {"points": 10}})
    a = score(d, "zhejiang")
    assert item(a, "4.3.1").met is False
    assert "4.3.1" in threshold(a, "required-met").reason


def test_not_applicable_on_a_non_conditional_item_is_ignored_with_a_warning(zj):
    d = claims(zj, {"3.2.1": {"applicable": False}})
    a = score(d, "zhejiang")
    assert item(a, "3.2.1").points == 0 and item(a, "3.2.1").met is False
    assert any("3.2.1" in w for w in a.warnings)


# --- other computed rows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rate, points", [(0.72, 0), (0.73, 0), (0.815, 2), (0.90, 4), (0.97, 4)])
def test_solid_waste_utilisation_proportional(zj, rate, points):
    d = patched(zj, {"years.2025.solid_waste_utilised_t": rate * 4000})
    assert item(score(d, "zhejiang"), "6.4.4").points == pytest.approx(points)


@pytest.mark.parametrize("reused, met", [(17000, False), (17001, True)])
def test_wastewater_reuse_must_exceed_the_industry_average(zj, reused, met):
    # 68000 t × 25% = 17000 t.
    d = patched(zj, {"years.2025.wastewater_reused_t": reused})
    assert item(score(d, "zhejiang"), "6.4.5").met is met


@pytest.mark.parametrize(
    "level, p651, p652",
    [("benchmark", 6, 4), ("advanced", 6, 4), ("compliant", 6, 0), ("below", 0, 0)],
)
def test_energy_consumption_rows_with_a_quota_standard(zj, level, p651, p652):
    d = patched(zj, {"energy_efficiency": {"applicable": True, "level": level}})
    a = score(d, "zhejiang")
    assert (item(a, "6.5.1").points, item(a, "6.5.2").points) == (p651, p652)


def test_energy_consumption_rows_without_a_standard_use_the_claims(zj):
    a = score(zj, "zhejiang")
    assert (item(a, "6.5.1").points, item(a, "6.5.2").points) == (6, 3)
    d = claims(zj, {"6.5.1": {"met": False}})
    assert item(score(d, "zhejiang"), "6.5.1").met is False


def test_missing_year_is_refused(zj):
    d = patched(zj, {"years": [y for y in zj["years"] if y["year"] != 2023]})
    with pytest.raises(DataValidationError) as exc:
        score(d, "zhejiang")
    assert "2023" in str(exc.value.problems)
