"""Fujian (002): 零碳工厂 附件3 and 近零碳工厂 附件4 — veto items, the offset formula, every edge."""

from __future__ import annotations

import pytest
from conftest import condition, item, patched, sample_data, score

from lingtan.common.errors import DataValidationError
from lingtan.assessment.schemes import load_scheme

ZERO = "fujian-zero"
NEAR = "fujian-near-zero"


@pytest.fixture
def zero() -> dict:
    return sample_data("fujian-zero")


@pytest.fixture
def near() -> dict:
    return sample_data("fujian-near-zero")


def reasons(a) -> str:
    return "\n".join(a.verdict.reasons)


# --- scheme structure as printed --------------------------------------------------------------


def test_zero_scheme_is_100_points_in_30_30_40():
    s = load_scheme(ZERO)
    assert sum(i.points for i in s.indicators) == 100
    assert s.sections[0].max_points == 100
    assert [i.id for i in s.indicators] == [
        "8", "9", "10", "11-1", "11-2", "11-3", "12", "13", "14", "15-1", "15-2", "16", "17", "18-1", "18-2", "19", "20",
    ]
    sums = {c.id: sum(i.points for i in s.indicators if i.category == c.id) for c in s.categories}
    assert sums == {"performance": 30, "management": 30, "measures": 40}
    for cat in s.categories:
        assert sums[cat.id] == cat.points_as_printed
    assert [c.id for c in s.conditions] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(c.group == "veto" for c in s.conditions)
    assert s.thresholds == []  # 原文不设最低得分
    assert {i.id: i.points for i in s.indicators}["10"] == 20


def test_near_zero_scheme_is_100_points_and_keeps_the_printed_numbering():
    s = load_scheme(NEAR)
    assert sum(i.points for i in s.indicators) == 100
    ids = [i.id for i in s.indicators]
    assert ids == ["9", "10", "12-1", "12-2", "12-3", "13", "14", "15", "16-1", "16-2", "17", "18", "19-1", "19-2", "20", "21"]
    assert "11" not in ids  # 附件4 skips 序号11
    sums = {c.id: sum(i.points for i in s.indicators if i.category == c.id) for c in s.categories}
    assert sums == {"performance": 30, "management": 30, "measures": 40}
    assert {i.id: i.points for i in s.indicators}["9"] == 15
    assert {i.id: i.points for i in s.indicators}["10"] == 15
    assert [c.id for c in s.conditions] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert not any("抵消" in i.name for i in s.indicators)  # no offset item
    assert s.thresholds == []


# --- samples ----------------------------------------------------------------------------------


def test_zero_sample_is_eligible(zero):
    a = score(zero, ZERO)
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert a.level == "zero" and a.max_total == 100
    assert a.total == 85.5
    assert a.total == pytest.approx(sum(r.points for r in a.indicators))
    assert condition(a, "6").status == "not_applicable"
    assert all(c.status == "met" for c in a.conditions if c.id != "6")
    assert a.metrics["offset_share"]["value"] == pytest.approx(4380 / 12000)
    assert a.metrics["reduction_rate"]["value"] == pytest.approx((12000 + 80) / 12000)
    c7 = condition(a, "7")
    assert c7.facts["碳削减率"] == "100.67%"
    assert c7.facts["碳抵消占比"] == "36.5%"
    assert c7.facts["基准期（2021年）碳排放量（tCO2）"] == "12000"
    assert c7.facts["申报上年度碳排放量（未抵消，tCO2）"] == "4300"
    assert c7.facts["申报上年度碳抵消量（tCO2）"] == "4380"
    assert item(a, "10").points == 13.5
    assert item(a, "13").points == 5


def test_near_zero_sample_is_eligible(near):
    a = score(near, NEAR)
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert a.level == "near-zero" and a.max_total == 100
    assert a.total == 80.5
    assert all(c.status == "met" for c in a.conditions)
    assert a.metrics["reduction_rate"]["value"] == pytest.approx((31200 - 29100) / 31200)
    assert condition(a, "7").facts["碳削减率"] == "6.73%"
    assert condition(a, "7").facts["培育期基准年"] == "2024"
    assert item(a, "9").points == 15
    assert item(a, "10").points == 15
    assert item(a, "14").points == 2.5  # 能源管理体系证书 2025-12-09 到期，只剩环境管理体系


def test_failing_sample_names_both_reasons():
    a = score(sample_data("fujian-near-zero-fails"), NEAR)
    assert a.verdict.status == "not_eligible"
    assert [c.id for c in a.conditions if c.status == "not_met"] == ["7", "8"]
    text = reasons(a)
    assert "7 碳削减" in text and "碳削减率：3%" in text
    assert "8 能耗规模及绿色化水平" in text and "4800" in text
    assert len(a.verdict.reasons) == 2
    assert a.total == 54  # the score is still reported


# --- 附件3 序号10: 得分 = 50 − 碳抵消占比 × 100, within 0..20 ----------------------------------------


@pytest.mark.parametrize(
    "share, points",
    [(0.0, 20), (0.20, 20), (0.30, 20), (0.35, 15), (0.40, 10), (0.49, 1), (0.50, 0), (0.60, 0)],
)
def test_offset_formula(zero, share, points):
    # 2021 base = 900 + 11100 = 12000 tCO2; offsets are share × base.
    d = patched(zero, {"years.2025": {"offsets": {"green_certificates": share * 12000}}})
    a = score(d, ZERO)
    r = item(a, "10")
    assert r.points == pytest.approx(points), r.derivation
    assert r.method == "computed"
    assert a.metrics["offset_share"]["value"] == pytest.approx(share)
    if share == 0.60:
        assert condition(a, "7").status == "not_met"
        assert a.verdict.status == "not_eligible"


def test_offset_share_above_50_percent_says_so_in_the_derivation(zero):
    d = patched(zero, {"years.2025": {"offsets": {"green_certificates": 7200}}})
    r = item(score(d, ZERO), "10")
    assert "低于 0 取 0 分" in r.derivation
    d = patched(zero, {"years.2025": {"offsets": {"green_certificates": 0}}})
    r = item(score(d, ZERO), "10")
    assert "超过满分取 20 分" in r.derivation


# --- 附件3 序号7 / 第八条（二）: 碳削减率 100%, offsets ≤ 50% of the 2021 base -----------------------------


def test_veto_7_net_exactly_zero_passes(zero):
    d = patched(zero, {"years.2025": {"offsets": {"green_certificates": 4300}}})
    a = score(d, ZERO)
    assert condition(a, "7").status == "met"
    assert a.metrics["reduction_rate"]["value"] == pytest.approx(1.0)
    assert a.verdict.status == "eligible"


def test_veto_7_net_above_zero_fails(zero):
    d = patched(zero, {"years.2025": {"offsets": {"green_certificates": 4299}}})
    a = score(d, ZERO)
    c = condition(a, "7")
    assert c.status == "not_met"
    assert a.metrics["reduction_rate"]["value"] == pytest.approx((12000 - 1) / 12000)
    assert a.verdict.status == "not_eligible"
    assert any(r.startswith("7 碳削减") for r in a.verdict.reasons)
    assert "99.99%" in c.reason


def test_veto_7_offsets_exactly_half_of_base_pass(zero):
    # gross 6000 = offsets 6000 = 50% of the 2021 base: net 0, share 50%.
    d = patched(zero, {"years.2025": {"emissions": {"category1": 400, "category2": 5600}, "offsets": {"green_certificates": 6000}}})
    a = score(d, ZERO)
    assert a.metrics["offset_share"]["value"] == 0.5
    assert condition(a, "7").status == "met"
    assert item(a, "10").points == 0


def test_veto_7_offsets_above_half_of_base_fail(zero):
    # 6012 / 12000 = 50.1%, even though net is negative.
    d = patched(zero, {"years.2025": {"emissions": {"category1": 400, "category2": 5600}, "offsets": {"green_certificates": 6012}}})
    a = score(d, ZERO)
    c = condition(a, "7")
    assert a.metrics["offset_share"]["value"] == pytest.approx(0.501)
    assert a.metrics["reduction_rate"]["value"] > 1
    assert c.status == "not_met"
    assert "碳抵消占比：50.1%" in c.reason


def test_missing_2021_is_a_data_error_naming_2021(zero):
    d = dict(zero, years=[y for y in zero["years"] if y["year"] != 2021])
    with pytest.raises(DataValidationError) as exc:
        score(d, ZERO)
    assert "2021" in str(exc.value)


# --- 序号8 碳排放强度 and 序号9 能效提升 --------------------------------------------------------------


@pytest.mark.parametrize("scheme, item_id, full", [(ZERO, "8", 5), (NEAR, "9", 15)])
@pytest.mark.parametrize("category2, points_share", [(8000, 1), (8010, 0)])
def test_intensity_threshold_8(zero, near, scheme, item_id, full, category2, points_share):
    data = zero if scheme == ZERO else near
    d = patched(data, {"years.2025": {"added_value_wan": 1000, "emissions": {"category1": 0, "category2": category2}}})
    a = score(d, scheme)
    assert a.metrics["carbon_intensity"]["value"] == pytest.approx(category2 / 1000)
    assert item(a, item_id).points == full * points_share


def test_intensity_uses_gross_not_net_emissions(zero):
    # Offsets do not lower the intensity: 8100 gross / 1000 万元 = 8.1 even with 8100 offset.
    d = patched(zero, {"years.2025": {"added_value_wan": 1000, "emissions": {"category1": 0, "category2": 8100}, "offsets": {"green_certificates": 8100}}})
    assert item(score(d, ZERO), "8").points == 0


@pytest.mark.parametrize("n, zero_points, near_points", [(0, 0, 0), (1, 5 / 3, 5), (2, 10 / 3, 10), (3, 5, 15), (4, 5, 15)])
def test_projects_in_the_last_two_years(zero, near, n, zero_points, near_points):
    projects = [{"name": f"节能改造{i}", "kind": "energy_saving", "completed_year": 2024 + i % 2} for i in range(n)]
    projects.append({"name": "早年光伏", "kind": "renewable", "completed_year": 2023})  # outside 近2年
    assert item(score(patched(zero, {"projects": projects}), ZERO), "9").points == pytest.approx(zero_points, abs=1e-6)
    assert item(score(patched(near, {"projects": projects}), NEAR), "10").points == pytest.approx(near_points, abs=1e-6)


def test_renewable_facility_item_follows_the_project_list(zero):
    no_pv = [{"name": "空压机改造", "kind": "energy_saving", "completed_year": 2025}]
    assert item(score(patched(zero, {"projects": no_pv}), ZERO), "15-2").points == 0
    later = [{"name": "光伏", "kind": "renewable", "completed_year": 2026}]  # not built by the reporting year
    assert item(score(patched(zero, {"projects": later}), ZERO), "15-2").points == 0
    old = [{"name": "光伏", "kind": "renewable", "completed_year": 2019}]
    assert item(score(patched(zero, {"projects": old}), ZERO), "15-2").points == 5


@pytest.mark.parametrize(
    "certs, points",
    [(["enms", "ems"], 5), (["enms"], 2.5), (["ems"], 2.5), ([], 0)],
)
def test_management_system_certification(zero, certs, points):
    all_certs = {c["system"]: c for c in zero["management_systems"]["certificates"]}
    d = patched(zero, {"management_systems.certificates": [all_certs[s] for s in certs]})
    assert item(score(d, ZERO), "13").points == points


def test_expired_certificate_does_not_count(zero):
    certs = [dict(c, expires="2026-03-14") if c["system"] == "enms" else c for c in zero["management_systems"]["certificates"]]
    d = patched(zero, {"management_systems.certificates": certs})
    assert item(score(d, ZERO), "13").points == 2.5


def test_self_assessed_items_are_bounded_and_default_to_zero(zero):
    d = patched(zero, {"claims.fujian-zero.17": {"points": 9}})
    a = score(d, ZERO)
    assert item(a, "17").points == 5
    d = patched(zero, {"claims.fujian-zero": {}})
    a = score(d, ZERO)
    assert item(a, "11-1").points == 0 and "未提供自评" in item(a, "11-1").derivation
    # Computed items do not depend on claims: 5 + 5 + 13.5 + 5 (体系) + 5 (光伏).
    assert a.total == 33.5
    assert a.verdict.status == "eligible"  # no minimum score in the source


# --- veto items 1–6, each failing on its own (both schemes) -------------------------------------------


VETO_FAILURES = [
    ({"enterprise.province": "江苏省"}, "1"),
    # not a manufacturer: manufacturing follows the industry code (issue 28; 4411 电力生产 is 门类 D, outside 13–43)
    ({"enterprise.industry_code": "4411", "enterprise.industry_name": "火力发电"}, "1"),
    ({"compliance.outdated_equipment": True}, "2"),
    ({"compliance.industrial_policy_compliant": False}, "2"),
    ({"compliance.accidents": [{"date": "2024-06-01", "kind": "network_security", "severity": "general"}]}, "3"),
    ({"compliance.violations": [{"date": "2025-01-10", "kind": "tax"}]}, "3"),
    ({"compliance.inspection_serious_problems": True}, "4"),
    ({"compliance.energy_inspection": "unrectified"}, "4"),
    ({"compliance.green_low_carbon_law_compliant": False}, "5"),
    ({"energy_efficiency": {"applicable": True, "level": "compliant"}}, "6"),
    ({"energy_efficiency": {"applicable": True, "level": "advanced", "key_sector": True}}, "6"),
]


@pytest.mark.parametrize("scheme", [ZERO, NEAR])
@pytest.mark.parametrize("patch, veto", VETO_FAILURES)
def test_each_veto_item_can_fail_alone(zero, near, scheme, patch, veto):
    a = score(patched(zero if scheme == ZERO else near, patch), scheme)
    assert [c.id for c in a.conditions if c.status == "not_met"] == [veto]
    assert a.verdict.status == "not_eligible"
    name = condition(a, veto).name
    assert any(r.startswith(f"{veto} {name}：") for r in a.verdict.reasons)


@pytest.mark.parametrize("scheme", [ZERO, NEAR])
def test_dishonest_judgment_debtor_fails_items_3_and_4(zero, near, scheme):
    a = score(patched(zero if scheme == ZERO else near, {"compliance.dishonest_judgment_debtor": True}), scheme)
    assert [c.id for c in a.conditions if c.status == "not_met"] == ["3", "4"]


def test_accident_older_than_36_months_does_not_count(zero):
    # as of 2026-03-15 the window starts 2023-03-15.
    old = patched(zero, {"compliance.accidents": [{"date": "2023-03-14", "kind": "safety", "severity": "general"}]})
    assert condition(score(old, ZERO), "3").status == "met"
    edge = patched(zero, {"compliance.accidents": [{"date": "2023-03-15", "kind": "safety", "severity": "general"}]})
    assert condition(score(edge, ZERO), "3").status == "not_met"


def test_rectified_energy_inspection_is_accepted(zero):
    d = patched(zero, {"compliance.energy_inspection": "rectified"})
    assert condition(score(d, ZERO), "4").status == "met"


@pytest.mark.parametrize(
    "ee, status",
    [
        ({"applicable": True, "level": "grade1", "carbon_limit_applicable": False}, "met"),
        ({"applicable": True, "level": "advanced", "carbon_limit_applicable": False}, "met"),
        ({"applicable": True, "level": "benchmark", "key_sector": True, "carbon_limit_applicable": False}, "met"),
        ({"applicable": True, "level": "grade1", "key_sector": True}, "not_met"),
        ({"applicable": False}, "not_applicable"),
    ],
)
def test_energy_efficiency_levels(zero, ee, status):
    """(A met level also declares that no carbon-emission limit standard applies: blank is 无法判定.)"""
    assert condition(score(patched(zero, {"energy_efficiency": ee}), ZERO), "6").status == status


def test_missing_energy_efficiency_cannot_be_judged_met(zero):
    d = patched(zero, {"energy_efficiency": None})
    c = condition(score(d, ZERO), "6")
    assert c.status == "not_met" and "缺少数据：" in c.reason and "能效标杆水平" in c.reason


# --- 附件4 序号7: 培育期内保持下降且碳削减率 ≥ 5%（未抵消） ------------------------------------------------


def _near_emissions(near: dict, **by_year: float) -> dict:
    patch = {f"years.{y[1:]}": {"emissions": {"category1": 0, "category2": v}} for y, v in by_year.items()}
    return patched(near, patch)


def test_near_veto_7_exactly_5_percent_passes(near):
    d = _near_emissions(near, y2024=30000, y2025=28500)
    a = score(d, NEAR)
    assert a.metrics["reduction_rate"]["value"] == pytest.approx(0.05)
    assert condition(a, "7").status == "met"
    assert a.verdict.status == "eligible"


def test_near_veto_7_4_9_percent_fails(near):
    d = _near_emissions(near, y2024=30000, y2025=28530)
    a = score(d, NEAR)
    assert a.metrics["reduction_rate"]["value"] == pytest.approx(0.049)
    c = condition(a, "7")
    assert c.status == "not_met" and "碳削减率：4.9%" in c.reason
    assert a.verdict.status == "not_eligible"


def test_near_veto_7_falling_then_rising_fails(near):
    # Base year 2023: 32000 → 28000 → 29000 is 9.4% lower overall but rose in 2025.
    d = _near_emissions(near, y2023=32000, y2024=28000, y2025=29000)
    d = patched(d, {"application.cultivation_base_year": 2023})
    a = score(d, NEAR)
    assert a.metrics["reduction_rate"]["value"] == pytest.approx(3000 / 32000)
    c = condition(a, "7")
    assert c.status == "not_met"
    assert "培育期内逐年下降：否" in c.reason


def test_near_veto_7_flat_year_is_not_falling(near):
    d = _near_emissions(near, y2023=32000, y2024=32000, y2025=29000)
    d = patched(d, {"application.cultivation_base_year": 2023})
    assert condition(score(d, NEAR), "7").status == "not_met"


def test_near_veto_7_offsets_do_not_count(near):
    # 2.9% un-offset reduction with large offsets still fails.
    d = _near_emissions(near, y2024=30000, y2025=29130)
    d = patched(d, {"years.2025.offsets": {"green_certificates": 20000}})
    assert condition(score(d, NEAR), "7").status == "not_met"


def test_near_base_year_defaults_to_the_year_before(near):
    d = patched(near, {"application.cultivation_base_year": None})
    a = score(d, NEAR)
    assert a.metrics["cultivation_base_year"]["value"] == 2024
    assert condition(a, "7").status == "met"


def test_near_missing_base_year_data_is_a_data_error(near):
    d = patched(near, {"application.cultivation_base_year": 2022})
    with pytest.raises(DataValidationError) as exc:
        score(d, NEAR)
    assert "2022" in str(exc.value)
    d = dict(near, years=[y for y in near["years"] if y["year"] != 2024])
    with pytest.raises(DataValidationError) as exc:
        score(d, NEAR)
    assert "2024" in str(exc.value)


# --- 附件4 序号8: ≥ 5000 tce（当量值） and 省级及以上绿色工厂 ------------------------------------------------


@pytest.mark.parametrize("tce, status", [(5000, "met"), (4999, "not_met"), (4999.9, "not_met")])
def test_near_veto_8_energy_scale(near, tce, status):
    a = score(patched(near, {"years.2025.energy_tce": tce}), NEAR)
    assert condition(a, "8").status == status


@pytest.mark.parametrize(
    "green, status",
    [({"level": "national"}, "met"), ({"level": "provincial"}, "met"), ({"level": "municipal"}, "not_met"), (None, "not_met")],
)
def test_near_veto_8_green_factory_level(near, green, status):
    a = score(patched(near, {"honours.green_factory": green}), NEAR)
    c = condition(a, "8")
    assert c.status == status
    if status == "not_met":
        assert a.verdict.status == "not_eligible"
        assert any(r.startswith("8 能耗规模及绿色化水平") for r in a.verdict.reasons)


def test_near_veto_8_uses_the_reporting_year(near):
    # 2024 above 5000 does not help when 2025 is below.
    a = score(patched(near, {"years.2025.energy_tce": 4800}), NEAR)
    assert condition(a, "8").status == "not_met"
    assert condition(a, "8").facts["申报上年度综合能耗（当量值，tce）"] == "4800"


def test_levels_are_single():
    assert [lv.id for lv in load_scheme(ZERO).levels] == ["zero"]
    assert [lv.id for lv in load_scheme(NEAR).levels] == ["near-zero"]


def test_intensity_derivation_shows_the_compared_value():
    a = score(sample_data("fujian-zero"), "fujian-zero")
    r = item(a, "8")
    assert r.points == 5
    assert "单位工业增加值碳排放量（tCO2/万元） = 0.1536" in r.derivation


def test_scheme_texts_have_no_folding_spaces_between_chinese_characters():
    import re

    from lingtan.assessment.schemes import all_schemes

    for s in all_schemes():
        for x in [*s.conditions, *s.indicators]:
            for text in (x.text, x.decision or ""):
                assert not re.search(r"[\u4e00-\u9fff，。；：] [\u4e00-\u9fff]", text), (s.id, x.id, text)


# --- 碳排放限额 (002 第八条（一）、第九条（二）; issue 28: a rule of the source the engine skipped) ---

@pytest.mark.parametrize("scheme", ["fujian-near-zero", "fujian-zero"])
@pytest.mark.parametrize(("applicable", "met", "status"), [
    (False, None, "met"),  # no carbon-emission limit standard for the product: judged by energy alone
    (True, True, "met"),
    (True, False, "not_met"),  # a limit standard applies and the factory does not reach it
    (None, None, "unknown"),  # left blank: 无法判定, never compliance
])
def test_veto_6_judges_the_carbon_emission_limit_too(scheme, applicable, met, status):
    data = patched(sample_data(scheme), {"energy_efficiency": {"applicable": True, "level": "advanced", "key_sector": False,
                                                               "carbon_limit_applicable": applicable, "carbon_limit_met": met}})
    c = condition(score(data, scheme), "6")
    assert c.status == status, c.reason
    if status == "unknown":
        assert "碳排放限额" in c.reason
