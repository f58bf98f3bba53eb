"""Issue 28: stages per scheme (000 二, 002 第十二条, 004 一（四）), the evaluation date (application.date, then
today) and one offset ratio — hand-computed from the bundled samples."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import condition, generate, patched, sample_data, squash, threshold

from lingtan.assessment.engine.dates import evaluation_date
from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_scheme, resolve_stage, scheme_stages
from lingtan.assessment.schemes.schema import Scheme
from lingtan.cli import main
from lingtan.common.errors import UnknownLevelError


def at(data: dict, scheme: str, stage: str | None = None, as_of: date | None = None):
    fac = Factory.model_validate(data)
    return assess(fac, load_scheme(scheme), level=fac.application.level, as_of=as_of, stage=stage)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- the evaluation date ------------------------------------------------------------------


def test_fujian_near_zero_scores_the_same_without_as_of_as_on_its_application_date():
    data = sample_data("fujian-near-zero")  # application.date 2026-03-15
    default = at(data, "fujian-near-zero")
    given = at(data, "fujian-near-zero", as_of=date(2026, 3, 15))
    assert (default.as_of, default.as_of_basis) == (date(2026, 3, 15), "application")
    assert given.as_of_basis == "given"
    assert default.total == given.total == 80.5
    # a year later the certificates and the three years move: the date is what changed the score before
    assert at(data, "fujian-near-zero", as_of=date(2026, 12, 8)).total == 78.0


def test_without_an_application_date_the_date_is_today_and_it_says_so():
    data = patched(sample_data("zhejiang"), {"application.date": None})
    a = at(data, "zhejiang")
    assert (a.as_of, a.as_of_basis) == (date.today(), "today")
    assert evaluation_date(Factory.model_validate(data), date(2025, 1, 2)) == (date(2025, 1, 2), "given")


def test_every_score_output_says_which_date_and_why(capsys, tmp_path):
    sample = "samples/factories/fujian-near-zero.yaml"
    code, out, _ = run(capsys, "score", sample)
    assert "评价日期：2026-03-15（申报日期）" in out and "评价阶段：验收" in out
    code, out, _ = run(capsys, "score", sample, "--as-of", "2026-06-30")
    assert "评价日期：2026-06-30（指定的评价日期）" in out
    code, out, _ = run(capsys, "score", sample, "--format", "json")
    d = json.loads(out)
    assert (d["as_of"], d["as_of_basis"], d["stage"], d["stage_name"]) == ("2026-03-15", "application", "acceptance", "验收")
    code, out, _ = run(capsys, "generate", sample, "--out", str(tmp_path))
    assert code == 0 and "评价日期：2026-03-15（申报日期）" in out and "评价阶段：验收" in out
    manifest = json.loads(next(tmp_path.glob("*/lingtan-manifest.json")).read_text(encoding="utf-8"))
    assert manifest["as_of"] == "2026-03-15" and manifest["as_of_basis"] == "application"
    assert manifest["as_of_text"] == "评价日期：2026-03-15（申报日期）"
    assert manifest["stage"] == {"id": "acceptance", "name": "验收"}
    code, out, _ = run(capsys, "validate", sample, "--scheme", "fujian-near-zero", "--stage", "申请")
    assert code == 0 and "评价日期：2026-03-15（申报日期）" in out and "评价阶段：申请" in out


# -- one offset ratio ---------------------------------------------------------------------

# jiangsu-zero 2025: 类别1 3650 + 类别2 4480 = 8130 t; offsets: 绿证 10000 (edited, above 类别2), 边界内 1200, CCER 2500.
# Creditable: 13700 − 10000 + min(10000, 4480) = 8180 t; ratio 8180 / 8130 = 100.62 % (raw 13700 / 8130 = 168.51 %).
ABOVE = {"years.2025.offsets": {"green_certificates": 10000, "in_boundary_project": 1200, "ccer": 2500}}


def test_one_offset_ratio_in_the_score_the_forms_and_the_narratives(tmp_path):
    data = patched(sample_data("jiangsu-zero"), ABOVE)
    a = at(data, "jiangsu")
    assert a.metrics["offsets_creditable"]["value"] == pytest.approx(8180)
    assert a.metrics["offset_coverage"]["value"] == pytest.approx(8180 / 8130)
    assert condition(a, "bc2").facts["抵消比例"] == "100.62%"
    g = generate(data, tmp_path)
    for form in ("application", "intake-form"):
        text = squash(g.text(form))
        assert "168.51%" not in text and "1.6851" not in text, form
    app = squash(g.text("application"))
    assert "碳抵消量合计13700吨，抵消比例100.62%" in app
    # the narratives' drafts (generator/narratives/common.yaml: “抵消比例{{ pct(last.offset_coverage) }}”) are in the forms above


# -- stages: jiangsu 入库 / 认定 (000 二（一）（三）; 附件1 四) --------------------------------------


def test_jiangsu_stages_as_the_source_orders_them():
    s = load_scheme("jiangsu")
    assert [(st.id, st.name) for st in scheme_stages(s)] == [("intake", "入库"), ("confirmation", "认定")]
    assert resolve_stage(s, None).id == "intake"
    assert resolve_stage(s, "认定").id == "confirmation"
    with pytest.raises(UnknownLevelError):
        resolve_stage(s, "验收")


def test_jiangsu_intake_judges_the_basic_conditions_only():
    # jiangsu-zero with 自主减排比例 19900 / 38900 = 51.16 % (< 80 % for 零碳) and 评分项 9 at 0 of its points
    data = patched(sample_data("jiangsu-zero"), {"years.2025.self_reduction_tco2": 19900})
    intake = at(data, "jiangsu", "intake")
    assert intake.verdict.status == "eligible", intake.verdict.reasons
    assert not threshold(intake, "self-reduction-zero").passed and not threshold(intake, "self-reduction-zero").in_stage
    assert "入库阶段不以此为确认标准" in threshold(intake, "self-reduction-zero").reason
    confirm = at(data, "jiangsu", "confirmation")
    assert confirm.verdict.status == "not_eligible"
    assert any(r.startswith("自主减排比例") for r in confirm.verdict.reasons)


def test_jiangsu_intake_is_not_refused_for_a_score_below_80():
    data = sample_data("jiangsu-near-zero-fails")  # 38 points; fails bc2 (92 %) and bc5-2 (an accident)
    confirm = at(data, "jiangsu", "confirmation")
    assert confirm.total == 38 and any(r.startswith("评价得分") for r in confirm.verdict.reasons)
    intake = at(data, "jiangsu", "intake")
    assert intake.total == 38
    assert not any(r.startswith(("评价得分", "自主减排比例")) for r in intake.verdict.reasons)
    assert len(intake.verdict.reasons) == 2 and intake.verdict.reasons[0].startswith("碳抵消比例")
    # repaired basic conditions (CCER 12100 t: 10400 + 12100 = 22500 t = 类别1+类别2; no accident): 入库 eligible, 认定 not
    fixed = patched(data, {"years.2025.offsets.ccer": 12100, "compliance.accidents": []})
    assert at(fixed, "jiangsu", "intake").verdict.status == "eligible"
    assert at(fixed, "jiangsu", "confirmation").verdict.status == "not_eligible"


def test_the_cli_stage_option_overrides_the_data(capsys):
    code, out, _ = run(capsys, "score", "samples/factories/jiangsu-near-zero-fails.yaml", "--stage", "intake", "--format", "json")
    d = json.loads(out)
    assert d["stage"] == "intake" and not any(r.startswith("评价得分") for r in d["verdict"]["reasons"])
    code, out, err = run(capsys, "score", "samples/factories/jiangsu-zero.yaml", "--stage", "验收")
    assert code == 2 and "没有评价阶段" in err and "intake（入库）" in err


# -- stages: fujian 近零碳 申请 → 培育 → 验收 (002 第十二条; 附件4) ----------------------------------


def test_fujian_near_zero_veto_7_only_at_acceptance():
    # emissions rising in 2025: 2024 31200 t → 2025 32000 t (not falling, reduction −2.56 %)
    data = patched(sample_data("fujian-near-zero"), {"years.2025.emissions": {"category1": 16000, "category2": 16000}})
    s = load_scheme("fujian-near-zero")
    assert [st.name for st in scheme_stages(s)] == ["申请", "培育", "验收"]
    acc = at(data, "fujian-near-zero", "acceptance")
    assert condition(acc, "7").status == "not_met" and acc.verdict.status == "not_eligible"
    for stage in ("application", "cultivation"):
        a = at(data, "fujian-near-zero", stage)
        assert condition(a, "7").status == "not_applicable", stage
        assert "阶段不评价此项" in condition(a, "7").reason
        assert a.verdict.status == "eligible", (stage, a.verdict.reasons)
        assert a.total == acc.total  # the same 评分项 at every stage


def test_fujian_near_zero_base_frozen_at_application():
    data = patched(sample_data("fujian-near-zero"), {"application.cultivation_base_year": None})
    assert at(data, "fujian-near-zero", "application").metrics["cultivation_base_year"]["value"] == 2025
    assert at(data, "fujian-near-zero", "acceptance").metrics["cultivation_base_year"]["value"] == 2024
    kept = sample_data("fujian-near-zero")  # base year 2024 written in the data: the same at every stage
    for stage in ("application", "cultivation", "acceptance"):
        assert at(kept, "fujian-near-zero", stage).metrics["cultivation_base_year"]["value"] == 2024


# -- stages: zhejiang 推荐 / 动态管理 (004 一（三）（四）; 附件4 二) --------------------------------


def test_zhejiang_dynamic_management_judges_the_compliance_items_only():
    listed = patched(sample_data("zhejiang"), {"honours.green_factory": {"level": "provincial", "year": 2024}})
    rec = at(listed, "zhejiang", "recommendation")
    assert condition(rec, "ex-1").status == "not_met" and rec.verdict.status == "not_eligible"
    dyn = at(listed, "zhejiang", "dynamic")
    assert condition(dyn, "ex-1").status == "not_applicable"
    assert dyn.verdict.status == "eligible", dyn.verdict.reasons
    judged = {c.id for c in dyn.conditions if c.status != "not_applicable"}
    assert judged <= {"ex-2", "ex-3", "ex-5", "ex-6", "ex-7"}
    assert not threshold(dyn, "required-met").in_stage
    # a 失信被执行人 is refused at both stages
    bad = patched(listed, {"compliance.dishonest_judgment_debtor": True})
    assert at(bad, "zhejiang", "dynamic").verdict.status == "not_eligible"


# -- one stage elsewhere ------------------------------------------------------------------


@pytest.mark.parametrize("scheme, stage, sample, total", [
    ("suzhou", "intake", "suzhou-near-zero", 75.771256),
    ("fujian-zero", "application", "fujian-zero", 85.5),
    ("hefei", "application", "hefei", None),
])
def test_one_stage_schemes(scheme, stage, sample, total):
    s = load_scheme(scheme)
    assert [st.id for st in scheme_stages(s)] == [stage]
    a = at(sample_data(sample), scheme)
    assert a.stage == stage and a.total == (pytest.approx(total) if total is not None else None)
    assert all(t.in_stage for t in a.thresholds)


def test_a_stage_naming_an_unknown_item_is_a_scheme_error():
    raw = yaml.safe_load(Path("lingtan/data/schemes/jiangsu/scheme.yaml").read_text(encoding="utf-8"))
    raw["stages"][0]["conditions"].append("bc9")
    with pytest.raises(ValueError, match="bc9"):
        Scheme.model_validate(raw)


# -- rules of the sources the engine skipped (issue 28) -----------------------------------------


def test_jiangsu_bc3_asks_the_benchmark_where_the_state_has_published_one():
    # 000 附件1 三（一）1（2）: 国家已出台能效标杆水平指标的，应达到标杆水平
    base = sample_data("jiangsu-zero")  # 先进值, no key-sector product: met
    assert condition(at(base, "jiangsu"), "bc3").status == "met"
    key = patched(base, {"energy_efficiency.key_sector": True})
    c = condition(at(key, "jiangsu", "intake"), "bc3")
    assert c.status == "not_met" and "标杆水平" in c.reason
    assert condition(at(patched(key, {"energy_efficiency.level": "benchmark"}), "jiangsu"), "bc3").status == "met"


def test_zhejiang_municipal_green_low_carbon_factory_first():
    data = sample_data("zhejiang")  # 市级绿色低碳工厂 (2024)
    assert condition(at(data, "zhejiang"), "municipal-green-factory").status == "met"
    none = patched(data, {"honours.green_factory": None})
    a = at(none, "zhejiang")
    assert condition(a, "municipal-green-factory").status == "not_met" and a.verdict.status == "not_eligible"
    assert condition(at(none, "zhejiang", "dynamic"), "municipal-green-factory").status == "not_applicable"


def test_zhejiang_industry_leading_is_declared_and_silence_is_not_compliance():
    data = sample_data("zhejiang")
    assert condition(at(data, "zhejiang"), "industry-leading").status == "met"
    del data["claims"]["zhejiang"]["industry-leading"]
    c = condition(at(data, "zhejiang"), "industry-leading")
    assert c.status == "not_met" and c.reason.startswith("无法判定")
    no = patched(sample_data("zhejiang"), {"claims.zhejiang.industry-leading": {"met": False}})
    assert condition(at(no, "zhejiang"), "industry-leading").status == "not_met"


def test_suzhou_5_5_claimed_saving_is_reconciled_with_the_project_list():
    data = sample_data("suzhou-near-zero")  # claimed 780 tce = 410 + 370 of the 2025 energy-saving projects
    a = at(data, "suzhou")
    assert not any(w.startswith("5.5") for w in a.warnings)
    claimed = sample_data("suzhou-near-zero")
    claimed["claims"]["suzhou"]["5.5"]["value"] = 5000  # the case: 5,000 t claimed, 780 t listed
    a = at(claimed, "suzhou")
    i = next(r for r in a.indicators if r.id == "5.5")
    assert "5000 tce与项目清单合计 780 tce不一致" in (i.note or "")
    assert any(w.startswith("5.5：企业填报的") for w in a.warnings)
    unknown = patched(data, {"projects": [{"name": "空压站改造", "kind": "energy_saving", "completed_year": 2025}]})
    i = next(r for r in at(unknown, "suzhou").indicators if r.id == "5.5")
    assert "无法核对" in (i.note or "") and "空压站改造" in (i.note or "")
