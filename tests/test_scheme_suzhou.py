"""Suzhou (001): 附件1-1 基本要求, every row of 附件1-2, every row of 附件1-4, the 必选 threshold."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from conftest import condition, item, patched, sample_data, score, threshold

from lingtan.common.errors import DataValidationError
from lingtan.assessment.schemes import load_scheme

SCHEME = "suzhou"

# 附件1-2 as printed: (一级指标序号, 要求类型, 分值) for every row, in source order.
ROWS_AS_PRINTED = [
    # 1 近零碳目标与路径
    ("1", "必选", 1), ("1", "必选", 0.5), ("1", "可选", 3), ("1", "必选", 1.5), ("1", "必选", 1.5), ("1", "可选", 2.5),
    # 2 温室气体核算
    ("2", "必选", 1.5), ("2", "必选", 1.5), ("2", "必选", 2.25), ("2", "必选", 3), ("2", "可选", 2.5), ("2", "可选", 2.25), ("2", "可选", 1.5),
    # 3 实施运行
    ("3", "必选", 0.75), ("3", "可选", 1.5), ("3", "必选", 2), ("3", "必选", 2.25), ("3", "可选", 2.5), ("3", "可选", 2), ("3", "可选", 2), ("3", "必选", 1.5),
    # 4 产品
    ("4", "必选", 3), ("4", "必选", 5), ("4", "可选", 2),
    # 5 能源资源投入
    ("5", "必选", 1), ("5", "可选", 3), ("5", "可选", 2), ("5", "可选", 2), ("5", "必选", 2.5), ("5", "必选", 1),
    ("5", "必选", 2), ("5", "必选", 2), ("5", "可选", 2), ("5", "必选", 1), ("5", "可选", 2),
    # 6 环境排放
    ("6", "必选", 1.5), ("6", "必选", 1.5), ("6", "必选", 1.5),
    # 7 绩效
    ("7", "可选", 6.5), ("7", "可选", 6.5), ("7", "必选", 2.75), ("7", "必选", 2.75), ("7", "必选", 2.5), ("7", "必选", 2.5), ("7", "必选", 2.5),
]
REQ = {"必选": "required", "可选": "optional"}

# 附件1-4: (lower bound of 上年度综合能耗 in 万tce or None for "＜0.5", 项目年节能量目标 万tce or None for "—", 综合节能率目标 %)
TABLE_1_4 = [
    (800, None, 4),
    (200, None, 4),
    (100, None, 4),
    (50, 8, 7),
    (30, 5, 8),
    (18, 3, 8),
    (10, 1.5, 8),
    (6, 0.9, 10),
    (2, 0.3, 10),
    (1, 0.15, 10),
    (0.5, 0.05, 10),
    (None, None, 10),
]
# A consumption (万tce) inside each band, well away from its edges.
INSIDE = {800: 1000, 200: 300, 100: 150, 50: 60, 30: 40, 18: 20, 10: 12, 6: 8, 2: 3, 1: 1.5, 0.5: 0.8, None: 0.3}


@pytest.fixture
def sample() -> dict:
    return sample_data("suzhou-near-zero")


def with_claim(data: dict, item_id: str, claim: dict) -> dict:
    """A copy of ``data`` whose suzhou claim for ``item_id`` is ``claim`` (ids contain dots, so no dotted patch)."""
    out = copy.deepcopy(data)
    out.setdefault("claims", {}).setdefault(SCHEME, {})[item_id] = claim
    return out


def energy_case(data: dict, wan_tce: float, saving_tce: float = 0, rate_pct: float | None = 0) -> dict:
    """Last year's consumption ``wan_tce`` 万tce, project savings (claim 5.5, tce) and saving rate; not at an advanced level."""
    tce = wan_tce * 10000
    d = patched(
        data,
        {
            "years.2025": {"energy_tce": tce, "renewable_tce": 0.2 * tce, "non_fossil_tce": 0.2 * tce, "comprehensive_saving_rate_pct": rate_pct},
            "energy_efficiency": {"applicable": False},
        },
    )
    return with_claim(d, "5.5", {"value": saving_tce})


# --- the scheme as printed ----------------------------------------------------------------------


def test_every_row_of_annex_1_2_is_encoded_in_order_with_type_and_points():
    s = load_scheme(SCHEME)
    assert len(s.indicators) == len(ROWS_AS_PRINTED) == 45
    counters: dict[str, int] = {}
    for ind, (no, typ, pts) in zip(s.indicators, ROWS_AS_PRINTED):
        counters[no] = counters.get(no, 0) + 1
        assert ind.id == f"{no}.{counters[no]}"
        assert ind.requirement == REQ[typ], ind.id
        assert ind.points == pts, ind.id
        assert ind.evidence, f"{ind.id} 缺少符合性说明"
        assert ind.cite.startswith(f"001 附件1-2 序号{no}")


def test_maximum_is_100_and_each_category_sums_to_its_printed_points():
    s = load_scheme(SCHEME)
    assert sum(i.points for i in s.indicators) == 100
    assert s.sections[0].max_points == 100
    expected = {"target": 10, "ghg": 14.5, "operation": 14.5, "product": 10, "resources": 20.5, "environment": 4.5, "performance": 26}
    assert {c.id: c.points_as_printed for c in s.categories} == expected
    for cat in s.categories:
        assert sum(i.points for i in s.indicators if i.category == cat.id) == cat.points_as_printed
    # 必选 rows of 附件1-2 add up to 54.25 points, 可选 rows to 45.75.
    assert sum(i.points for i in s.indicators if i.requirement == "required") == 54.25
    assert sum(i.points for i in s.indicators if i.requirement == "optional") == 45.75


def test_basic_requirements_and_thresholds_as_printed():
    s = load_scheme(SCHEME)
    assert [c.id for c in s.conditions] == ["n1", "n2-4", "bc1", "bc2", "bc3", "bc4", "bc5"]
    for c in s.conditions:
        if c.id.startswith("bc"):
            assert c.cite.startswith(f"001 附件1-1 序号{c.id[2:]}")
            assert c.evidence
    assert [(t.id, t.kind) for t in s.thresholds] == [("required", "all_required_met")]
    assert not any(t.kind == "compare" for t in s.thresholds)  # no minimum score in the source
    assert s.required_years == ["reporting_year", "reporting_year - 1", "reporting_year - 2"]
    forms = {f.id: f for f in s.forms}
    assert forms["cultivation-plan"].batch and forms["annual-summary"].batch
    assert set(forms["cultivation-plan"].length_limits.values()) == {"不超400字"}
    assert sorted(forms["annual-summary"].length_limits.values()) == ["300字以内", "400字以内"]


# --- the sample ----------------------------------------------------------------------------------


def test_sample_is_eligible_and_its_total_is_the_sum_of_its_items(sample):
    a = score(sample, SCHEME)
    assert a.verdict.status == "eligible", a.verdict.reasons
    assert all(c.status == "met" for c in a.conditions)
    assert threshold(a, "required").passed
    assert a.max_total == 100
    assert a.total == pytest.approx(sum(r.points for r in a.indicators))
    share = 3355 / 12820
    # computed items: 1.2 0.5, 1.3 2.5 (6 years), 2.5 2.5, 2.6 2.25, 3.6 2, 3.7 0, 5.1 1, 5.2 3×share/0.5,
    # 5.5 1.5 (rate 6% of 10%), 5.6 1 (A), 7.1 6.5×share, 7.2 0.
    computed = 0.5 + 2.5 + 2.5 + 2.25 + 2 + 0 + 1 + 3 * share / 0.5 + 1.5 + 1 + 6.5 * share + 0
    # self-assessed claims by category: 5 + 9.75 + 9 + 8 + 10 + 4.5 + 13 = 59.25.
    self_assessed = sum(r.points for r in a.indicators if r.method == "self_assessed")
    assert self_assessed == pytest.approx(59.25)
    assert a.total == pytest.approx(computed + 59.25, abs=1e-5)
    assert a.total == pytest.approx(75.7713, abs=1e-4)
    assert item(a, "5.5").points == 1.5
    assert not a.warnings


def test_sample_project_saving_claim_matches_its_projects(sample):
    # claims.suzhou."5.5".value is the sum of the 2025 energy-saving projects' savings (等价值).
    saved = sum(p.get("energy_saving_tce", 0) for p in sample["projects"] if p.get("completed_year") == 2025 and p["kind"] == "energy_saving")
    assert saved == sample["claims"]["suzhou"]["5.5"]["value"] == 780
    assert item(score(sample, SCHEME), "5.5").derivation.count("项目节能量得分 1.3") == 1


def test_every_self_assessed_item_of_the_sample_has_a_claim_with_evidence_or_note(sample):
    s = load_scheme(SCHEME)
    claims = sample["claims"]["suzhou"]
    for ind in s.indicators:
        if ind.rule.kind == "self_assessed":
            assert ind.id in claims, ind.id
            assert claims[ind.id].get("evidence") or claims[ind.id].get("note"), ind.id


def test_three_years_of_data_are_required(sample):
    d = copy.deepcopy(sample)
    d["years"] = [y for y in d["years"] if y["year"] != 2023]
    with pytest.raises(DataValidationError) as exc:
        score(d, SCHEME)
    assert any("2023" in p for p in exc.value.problems)


# --- 附件1-4: every row ----------------------------------------------------------------------------


@pytest.mark.parametrize("bound, project, rate", [r for r in TABLE_1_4 if r[1] is not None], ids=lambda v: str(v))
def test_annex_1_4_project_saving_at_and_half_the_target(sample, bound, project, rate):
    wan = INSIDE[bound]
    full = item(score(energy_case(sample, wan, saving_tce=project * 10000, rate_pct=0), SCHEME), "5.5")
    assert full.points == pytest.approx(2.5), full.derivation
    assert f"项目年节能量目标 {project:g} 万tce" in full.derivation
    half = item(score(energy_case(sample, wan, saving_tce=project * 10000 / 2, rate_pct=0), SCHEME), "5.5")
    assert half.points == pytest.approx(1.25), half.derivation
    assert half.met is True  # 必选, met when positive


@pytest.mark.parametrize("bound, project, rate", TABLE_1_4, ids=lambda v: str(v))
def test_annex_1_4_saving_rate_at_and_half_the_target(sample, bound, project, rate):
    wan = INSIDE[bound]
    full = item(score(energy_case(sample, wan, rate_pct=rate), SCHEME), "5.5")
    assert full.points == pytest.approx(2.5), full.derivation
    assert f"综合节能率目标 {rate:g}%" in full.derivation
    half = item(score(energy_case(sample, wan, rate_pct=rate / 2), SCHEME), "5.5")
    assert half.points == pytest.approx(1.25), half.derivation


@pytest.mark.parametrize("bound", [r[0] for r in TABLE_1_4 if r[1] is None])
def test_annex_1_4_rows_without_project_target_ignore_project_savings(sample, bound):
    r = item(score(energy_case(sample, INSIDE[bound], saving_tce=5_000_000, rate_pct=0), SCHEME), "5.5")
    assert r.points == 0
    assert "项目年节能量目标 — 万tce" in r.derivation
    assert r.met is False


def test_annex_1_4_band_edge_at_exactly_50_wan_tce(sample):
    # 500000 tce = 50 万tce belongs to the "≥50" row (project 8, rate 7), not to "≥30" (rate 8).
    at = item(score(energy_case(sample, 50, rate_pct=7), SCHEME), "5.5")
    assert at.points == pytest.approx(2.5)
    assert "项目年节能量目标 8 万tce、综合节能率目标 7%" in at.derivation
    below = item(score(energy_case(sample, 49.99, rate_pct=7), SCHEME), "5.5")
    assert below.points == pytest.approx(2.5 * 7 / 8)
    assert item(score(energy_case(sample, 50, saving_tce=80000), SCHEME), "5.5").points == pytest.approx(2.5)


@pytest.mark.parametrize("bound, project, rate", [r for r in TABLE_1_4 if r[0] is not None], ids=lambda v: str(v))
def test_annex_1_4_each_lower_bound_is_inclusive(sample, bound, project, rate):
    r = item(score(energy_case(sample, bound, rate_pct=rate / 2), SCHEME), "5.5")
    assert f"综合节能率目标 {rate:g}%" in r.derivation
    assert r.points == pytest.approx(1.25)
    assert f"项目年节能量目标 {'—' if project is None else format(project, 'g')} 万tce" in r.derivation


def test_annex_1_4_edge_at_half_a_wan_tce(sample):
    # exactly 0.5 万tce: project target 0.05 万tce = 500 tce; just below: "—", savings do not count.
    assert item(score(energy_case(sample, 0.5, saving_tce=500), SCHEME), "5.5").points == pytest.approx(2.5)
    assert item(score(energy_case(sample, 0.4999, saving_tce=500), SCHEME), "5.5").points == 0


def test_annex_1_4_takes_the_higher_score_capped_at_2_5(sample):
    # band ≥1 (project 0.15 万tce, rate 10%): project 750 tce → 1.25, rate 8% → 2.0: the higher wins.
    assert item(score(energy_case(sample, 1.5, saving_tce=750, rate_pct=8), SCHEME), "5.5").points == pytest.approx(2.0)
    assert item(score(energy_case(sample, 1.5, saving_tce=1200, rate_pct=2), SCHEME), "5.5").points == pytest.approx(2.0)
    capped = item(score(energy_case(sample, 1.5, saving_tce=4500, rate_pct=30), SCHEME), "5.5")
    assert capped.points == 2.5
    assert "超过满分" in capped.derivation


@pytest.mark.parametrize("level, points", [("advanced", 2.5), ("grade1", 2.5), ("benchmark", 2.5), ("compliant", 0), ("below", 0)])
def test_advanced_energy_level_earns_the_item(sample, level, points):
    d = energy_case(sample, 1.5, saving_tce=0, rate_pct=0)
    d["energy_efficiency"] = {"applicable": True, "level": level}
    assert item(score(d, SCHEME), "5.5").points == points


def test_no_project_no_rate_and_not_advanced_fails_the_required_item(sample):
    d = energy_case(sample, 1.5, saving_tce=0, rate_pct=None)
    a = score(d, SCHEME)
    assert item(a, "5.5").points == 0 and item(a, "5.5").met is False
    th = threshold(a, "required")
    assert th.passed is False and "5.5" in th.reason
    assert a.verdict.status == "not_eligible"


# --- 可再生能源 (序号5 第1、2行) ------------------------------------------------------------------------

# share → (必选 1 pt: full at 10%, proportional below; 可选 3 pts: 0 below 10%, 3×share/50%, full from 50%)
@pytest.mark.parametrize(
    "share, required_pts, optional_pts",
    [(0.0, 0, 0), (0.05, 0.5, 0), (0.0999, 0.999, 0), (0.10, 1, 0.6), (0.30, 1, 1.8), (0.50, 1, 3), (0.80, 1, 3)],
)
def test_renewable_share_items(sample, share, required_pts, optional_pts):
    d = patched(sample, {"years.2025": {"energy_tce": 10000, "renewable_tce": share * 10000, "non_fossil_tce": share * 10000}})
    a = score(d, SCHEME)
    assert item(a, "5.1").points == pytest.approx(required_pts), item(a, "5.1").derivation
    assert item(a, "5.2").points == pytest.approx(optional_pts), item(a, "5.2").derivation
    assert item(a, "5.1").met is (share > 0)
    assert threshold(a, "required").passed is (share > 0)
    if share == 0:
        assert "5.1" in threshold(a, "required").reason


# --- 承诺年限 (序号1 第2、3行) ------------------------------------------------------------------------


@pytest.mark.parametrize("years, pts_1_3, pts_1_2", [(1, 3, 0.5), (5, 3, 0.5), (6, 2.5, 0.5), (8, 1.875, 0.5), (10, 1.5, 0.5), (11, 0, 0), (20, 0, 0)])
def test_commitment_years(sample, years, pts_1_3, pts_1_2):
    a = score(patched(sample, {"organisation.plan.near_zero_within_years": years}), SCHEME)
    assert item(a, "1.3").points == pytest.approx(pts_1_3), item(a, "1.3").derivation
    assert item(a, "1.2").points == pts_1_2
    assert threshold(a, "required").passed is (years <= 10)
    if years > 10:
        assert "1.2" in threshold(a, "required").reason


def test_no_commitment_and_no_annual_targets(sample):
    a = score(patched(sample, {"organisation.plan.near_zero_within_years": None}), SCHEME)
    assert item(a, "1.3").points == 0 and item(a, "1.2").points == 0
    b = score(patched(sample, {"organisation.plan": {"near_zero_within_years": 5, "annual_targets": False}}), SCHEME)
    assert item(b, "1.3").points == 3 and item(b, "1.2").points == 0
    c = score(patched(sample, {"organisation.plan": None}), SCHEME)
    assert item(c, "1.3").points == 0 and item(c, "1.2").met is False


# --- 资源集约利用 (序号5 第6行) --------------------------------------------------------------------------


@pytest.mark.parametrize("grade, pts, met", [("A", 1, True), ("B", 0.5, True), ("C", 0, False), ("D", 0, False)])
def test_resource_intensive_grade(sample, grade, pts, met):
    a = score(patched(sample, {"years.2025.resource_intensive_grade": grade}), SCHEME)
    assert item(a, "5.6").points == pts
    assert item(a, "5.6").met is met
    assert threshold(a, "required").passed is met
    assert (a.verdict.status == "eligible") is met
    if not met:
        assert "5.6" in threshold(a, "required").reason


def test_resource_grade_missing_counts_as_not_participating(sample):
    a = score(patched(sample, {"years.2025.resource_intensive_grade": None}), SCHEME)
    assert item(a, "5.6").points == 0 and item(a, "5.6").met is False


# --- 数字化 (序号3 第6、7行) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stars, titles, row6, row7",
    [
        (0, [], 0, 0),
        (3, [], 2, 0),
        (4, [], 2, 2),
        (5, [], 2, 2),
        (0, ["municipal_smart_workshop"], 2, 0),
        (0, ["municipal_smart_factory"], 2, 0),
        (0, ["provincial_smart_workshop"], 2, 2),
        (0, ["provincial_internet_benchmark"], 2, 2),
        (0, ["national_leading_smart_factory"], 2, 2),
    ],
)
def test_digitalisation_rows(sample, stars, titles, row6, row7):
    a = score(patched(sample, {"honours.cloud_stars": stars, "honours.smart_titles": titles}), SCHEME)
    assert item(a, "3.6").points == row6
    assert item(a, "3.7").points == row7


# --- 温室气体核算与核查、绩效 -------------------------------------------------------------------------------


def test_scope3_needs_all_three_years(sample):
    assert item(score(sample, SCHEME), "2.5").points == 2.5
    d = patched(sample, {"years.2023.emissions": {"category1": 9650, "category2": 34964}})
    a = score(d, SCHEME)
    assert item(a, "2.5").points == 0
    assert item(a, "2.6").points == 0  # that year's emissions are no longer marked verified either


def test_verification_needs_all_three_years(sample):
    d = patched(sample, {"years.2024.emissions": {"category1": 9190, "category2": 28070, "category3": 121500, "verified": False}})
    a = score(d, SCHEME)
    assert item(a, "2.6").points == 0
    assert item(a, "2.5").points == 2.5


@pytest.mark.parametrize("share, pts", [(0, 0), (0.5, 3.25), (1, 6.5)])
def test_energy_level_zero_carbon_is_proportional(sample, share, pts):
    d = patched(sample, {"years.2025": {"energy_tce": 10000, "renewable_tce": share * 10000, "non_fossil_tce": share * 10000}})
    assert item(score(d, SCHEME), "7.1").points == pytest.approx(pts)


def test_carbon_neutrality_needs_full_offsets_and_third_party_proof(sample):
    scope12 = 8740 + 24482  # 2025 范围1 + 范围2
    full = with_claim(patched(sample, {"years.2025.offsets": {"ccer": scope12}}), "7.2", {"met": True})
    assert item(score(full, SCHEME), "7.2").points == 6.5
    short = with_claim(patched(sample, {"years.2025.offsets": {"ccer": scope12 - 1}}), "7.2", {"met": True})
    assert item(score(short, SCHEME), "7.2").points == 0
    unproven = with_claim(patched(sample, {"years.2025.offsets": {"ccer": scope12}}), "7.2", {"met": False})
    assert item(score(unproven, SCHEME), "7.2").points == 0


def test_product_item_not_applicable_counts_full(sample):
    r = item(score(with_claim(sample, "4.3", {"applicable": False, "note": "无认证目录"}), SCHEME), "4.3")
    assert r.points == 2 and r.method == "not_applicable"


# --- 必选 self-assessed items ----------------------------------------------------------------------------


def test_partial_self_assessment_of_a_required_item_fails_the_threshold(sample):
    a = score(with_claim(sample, "4.2", {"points": 4, "evidence": ["碳足迹核算报告.pdf"]}), SCHEME)
    assert item(a, "4.2").points == 4 and item(a, "4.2").met is False
    th = threshold(a, "required")
    assert th.passed is False
    assert th.value == 1
    assert "4.2" in th.reason
    assert a.verdict.status == "not_eligible"
    assert a.total == pytest.approx(score(sample, SCHEME).total - 1)


def test_missing_claim_of_a_required_item_is_listed(sample):
    d = copy.deepcopy(sample)
    del d["claims"]["suzhou"]["6.3"]
    a = score(d, SCHEME)
    assert item(a, "6.3").points == 0
    assert "6.3" in threshold(a, "required").reason


def test_optional_items_never_fail_the_threshold(sample):
    d = with_claim(with_claim(sample, "2.7", {"met": False}), "5.11", {"met": False})
    a = score(d, SCHEME)
    assert threshold(a, "required").passed
    assert a.verdict.status == "eligible"


# --- 基本要求 (附件1-1) and 通知 一、二 ----------------------------------------------------------------------


def _fails(a, cond_id: str) -> None:
    assert condition(a, cond_id).status == "not_met"
    assert a.verdict.status == "not_eligible"
    assert any(r.startswith(f"{condition(a, cond_id).name}：") for r in a.verdict.reasons), a.verdict.reasons


@pytest.mark.parametrize(
    "patch, cond",
    [
        ({"enterprise.city": "无锡市"}, "n1"),
        ({"enterprise.independent_legal_person": False}, "n1"),
        ({"compliance.inspection_serious_problems": True}, "n2-4"),
        ({"compliance.energy_inspection": "unrectified"}, "n2-4"),
        ({"compliance.lawful_establishment": False}, "bc1"),
        ({"compliance.accidents": [{"date": "2024-05-20", "kind": "safety", "severity": "larger"}]}, "bc2"),
        ({"compliance.accidents": [{"date": "2025-08-02", "kind": "environment", "severity": "major"}]}, "bc2"),
        ({"compliance.construction_procedures_complete": False}, "bc3"),
        ({"compliance.industrial_policy_compliant": False}, "bc3"),
        ({"honours.green_factory": {"level": "municipal"}}, "bc4"),
        ({"honours.green_factory": None}, "bc4"),
    ],
)
def test_each_basic_condition_can_fail(sample, patch, cond):
    a = score(patched(sample, patch), SCHEME)
    _fails(a, cond)
    others = [c.id for c in a.conditions if c.status == "not_met"]
    assert others == [cond]


@pytest.mark.parametrize(
    "accident, met",
    [
        ({"date": "2025-06-01", "kind": "safety", "severity": "general"}, True),  # 一般 is below 较大
        ({"date": "2023-03-14", "kind": "quality", "severity": "larger"}, True),  # more than 3 years before 2026-03-15
        ({"date": "2023-03-16", "kind": "quality", "severity": "larger"}, False),  # within 3 years
        ({"date": "2025-11-11", "kind": "network_security", "severity": "larger"}, False),  # “等”: any kind
    ],
)
def test_accident_severity_and_window(sample, accident, met):
    a = score(patched(sample, {"compliance.accidents": [accident]}), SCHEME)
    assert (condition(a, "bc2").status == "met") is met


def test_rectified_energy_inspection_and_national_green_factory_pass(sample):
    a = score(patched(sample, {"compliance.energy_inspection": "rectified", "honours.green_factory": {"level": "national"}}), SCHEME)
    assert condition(a, "n2-4").status == "met"
    assert condition(a, "bc4").status == "met"
    assert a.verdict.status == "eligible"


def test_certificates_must_be_valid_at_the_evaluation_date(sample):
    # The three certificates of 2024-07-01 expire 2027-06-30; ISO 50001 runs 2025-03-10 to 2028-03-09.
    later = score(sample, SCHEME, as_of=date(2027, 7, 1))
    _fails(later, "bc5")
    assert condition(later, "bc5").facts["质量管理体系认证证书有效"] == "否"
    assert condition(later, "bc5").facts["能源管理体系认证证书有效"] == "是"
    earlier = score(sample, SCHEME, as_of=date(2025, 3, 1))  # ISO 50001 not yet issued
    _fails(earlier, "bc5")
    assert condition(earlier, "bc5").facts["能源管理体系认证证书有效"] == "否"
    last_day = score(sample, SCHEME, as_of=date(2027, 6, 30))
    assert condition(last_day, "bc5").status == "met"


@pytest.mark.parametrize("system", ["qms", "ems", "ohsms", "enms"])
def test_each_of_the_four_certificates_is_required(sample, system):
    d = copy.deepcopy(sample)
    d["management_systems"]["certificates"] = [c for c in d["management_systems"]["certificates"] if c["system"] != system]
    _fails(score(d, SCHEME), "bc5")


def test_implemented_without_certificate_is_not_enough(sample):
    d = copy.deepcopy(sample)
    d["management_systems"]["certificates"] = [c for c in d["management_systems"]["certificates"] if c["system"] != "enms"]
    assert "enms" in d["management_systems"]["implemented"]
    _fails(score(d, SCHEME), "bc5")


# --- the failing sample ----------------------------------------------------------------------------------------


def test_failing_sample_names_both_reasons():
    a = score(sample_data("suzhou-fails-certificate"), SCHEME)
    assert a.verdict.status == "not_eligible"
    assert len(a.verdict.reasons) == 2
    first, second = a.verdict.reasons
    assert first.startswith(condition(a, "bc5").name + "：") and "能源管理体系认证证书有效：否" in first
    assert second.startswith("必选要求") and "5.6" in second
    assert [c.id for c in a.conditions if c.status == "not_met"] == ["bc5"]
    assert [r.id for r in a.indicators if r.requirement == "required" and not r.met] == ["5.6"]
    # 2.84 万tce → band ≥2 (project 0.3 万tce, rate 10%): 1500 tce → 1.25 beats 4.5% → 1.125.
    assert item(a, "5.5").points == pytest.approx(1.25)
    assert item(a, "4.3").method == "not_applicable"


def test_failing_sample_certificate_was_still_valid_in_january():
    a = score(sample_data("suzhou-fails-certificate"), SCHEME, as_of=date(2026, 1, 31))
    assert condition(a, "bc5").status == "met"
    assert len(a.verdict.reasons) == 1 and "5.6" in a.verdict.reasons[0]
