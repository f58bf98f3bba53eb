"""Content tests of the evidence specs of fujian-zero, fujian-near-zero and zhejiang.

The generic checks over every spec file (schema, doc-type ids, …) live in
tests/test_evidence_specs.py; these tests pin what the sources ask for.
"""

from __future__ import annotations

import ast

import pytest

from lingtan.assessment.engine.expr import compile_expr, evaluate
from lingtan.checker.specs import load_spec

SCHEMES = ("fujian-zero", "fujian-near-zero", "zhejiang")


def materials(scheme: str) -> dict:
    return {m.id: m for m in load_spec(scheme).materials}


def years_of(material, reporting_year: int) -> list[int]:
    expr = material.check_arg("years")
    assert expr is not None, f"{material.id} has no years check"
    return sorted(set(evaluate(compile_expr(expr), {"reporting_year": reporting_year})))


def claimed_items(expr: str) -> list[str]:
    tree = ast.parse(expr, mode="eval")
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "claimed"
    ]


# --- all three (the generic checks are in tests/test_evidence_specs.py) ------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_spec_loads(scheme):
    spec = load_spec(scheme)
    assert spec.scheme == scheme
    assert spec.source.startswith(("002_", "004_"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_optional_materials_explain_themselves(scheme):
    for m in load_spec(scheme).materials:
        if m.required == "optional":
            assert m.note, m.id


# --- fujian-zero -----------------------------------------------------------------------------------


def test_fujian_zero_requires_a_ghg_report_of_2021_and_the_reporting_year():
    m = materials("fujian-zero")["ghg_verification"]
    assert m.required == "always"
    # 002 asks for 核算和报告 (附件3 序号12), never for a third-party verification: a report the
    # enterprise compiled itself will do, so there is no third_party check.
    assert m.types == ["ghg_verification_report", "ghg_inventory"]
    assert "third_party" not in m.check_ids()
    assert "第三方" in m.note and "现场核查" in m.note
    assert years_of(m, 2025) == [2021, 2025]
    assert years_of(m, 2024) == [2021, 2024]
    assert "序号7" in m.cite


def test_fujian_zero_forms_and_veto_evidence():
    ms = materials("fujian-zero")
    app = ms["application_form"]
    assert app.required == "always" and app.types == ["application_form"]
    assert {"name", "uscc"} <= set(app.check_ids())
    assert "附件1" in app.cite
    assert "附件3" in ms["evaluation_table"].cite
    lic = ms["business_licence"]
    assert lic.required == "always" and {"name", "uscc", "valid"} <= set(lic.check_ids())
    assert ms["credit_report"].required == "always" and "信用中国" in ms["credit_report"].name
    eff = ms["energy_efficiency_proof"]
    assert eff.required == "always" and eff.types == ["energy_audit_report"]
    # The applicant's own forms come first, then the evidence in 附件3 order.
    order = list(ms)
    assert order[:2] == ["application_form", "evaluation_table"]
    assert order.index("business_licence") < order.index("ghg_verification") < order.index("energy_audit")


def test_fujian_zero_offsets_proofs():
    m = materials("fujian-zero")["offset_proof"]
    assert {"green_power_certificate", "offset_purchase_proof"} <= set(m.types)
    assert "name" in m.check_ids()
    assert years_of(m, 2025) == [2025]
    # 否决项序号7 and 评分项序号10 rest on the offsets: required when offsets are used.
    assert m.required == "when" and m.when == "offsets_used"
    assert "序号7、10" in m.cite


@pytest.mark.parametrize("scheme", ["fujian-zero", "fujian-near-zero"])
def test_fujian_own_forms_are_not_checked_for_a_seal(scheme):
    """002 has no 盖章/公章/签章 anywhere (附件1–4 have no seal box): the forms are not checked for one."""
    for m in load_spec(scheme).materials:
        if set(m.types) & {"application_form", "self_evaluation_report"}:
            assert "sealed" not in m.check_ids(), m.id
    assert any("盖章" in d.text and "公章" in d.text for d in load_spec(scheme).decisions)


@pytest.mark.parametrize("scheme", ["fujian-zero", "fujian-near-zero"])
def test_fujian_ghg_reports_are_not_checked_as_third_party(scheme):
    for m in load_spec(scheme).materials:
        if set(m.types) & {"ghg_verification_report", "ghg_inventory"}:
            assert "third_party" not in m.check_ids(), m.id


@pytest.mark.parametrize("scheme, factory", [("fujian-zero", "fujian-zero"), ("fujian-near-zero", "fujian-near-zero")])
def test_fujian_offset_proof_is_required_exactly_when_offsets_are_used(scheme, factory, tmp_path):
    from pathlib import Path

    import yaml

    from lingtan.checker.applicant import from_factory_file
    from lingtan.checker.requirements import requirement

    m = materials(scheme)["offset_proof"]
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / f"samples/factories/{factory}.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "f.yaml"

    def required() -> bool | None:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return requirement(m, from_factory_file(path, scheme))[0]

    last = next(y for y in data["years"] if y["year"] == data["reporting_year"])
    last["offsets"] = {"ccer": 300}
    assert required() is True
    last["offsets"] = {}
    assert required() is False


def test_fujian_zero_scoring_evidence_only_when_claimed():
    ms = materials("fujian-zero")
    expected = {
        "retrofit_projects": "9",
        "ghg_management_body": "11-1",
        "ghg_training": "11-2",
        "ghg_inventory": "12",
        "carbon_management_centre": "14",
        "onsite_renewable": "15-2",
        "ecodesign_evaluation": "18-2",
        "carbon_footprint": "19",
        "energy_audit": "20",
    }
    for mid, item in expected.items():
        assert ms[mid].required == "when"
        assert claimed_items(ms[mid].when) == [item], mid
    for system in ("enms", "ems"):
        m = ms[f"{system}_certificate"]
        assert f"certified('{system}')" in m.when and claimed_items(m.when) == ["13"]
        assert {"valid", "third_party"} <= set(m.check_ids())
    # No near-zero-only material: the green factory title is not a 零碳工厂 condition.
    assert "green_factory_notice" not in ms


# --- fujian-near-zero ------------------------------------------------------------------------------


def test_fujian_near_zero_requires_the_green_factory_notice():
    m = materials("fujian-near-zero")["green_factory_notice"]
    assert m.required == "always"
    assert m.types == ["green_factory_notice"]
    assert "序号8" in m.cite and "name" in m.check_ids()


def test_fujian_near_zero_ghg_verification_covers_the_cultivation_year():
    m = materials("fujian-near-zero")["ghg_verification"]
    assert m.required == "always"
    assert "third_party" not in m.check_ids()  # 002 never asks for a third-party verification
    assert years_of(m, 2025) == [2024, 2025]
    # It is not the zero-carbon 2021 base year.
    assert 2021 not in years_of(m, 2025)


def test_fujian_near_zero_forms_energy_scale_and_numbering():
    ms = materials("fujian-near-zero")
    assert "附件2" in ms["application_form"].cite
    assert "附件4" in ms["acceptance_table"].cite
    assert ms["energy_consumption"].required == "always"
    assert years_of(ms["energy_consumption"], 2025) == [2025]
    # Offsets do not score for near-zero (附件4 序号7、9 以未抵消的排放量计算), but the 申报书 states them
    # (附件2 “碳抵消量”) and 序号7 can be checked as un-offset only knowing them: required when used.
    assert ms["offset_proof"].required == "when" and ms["offset_proof"].when == "offsets_used"
    # 附件4's numbering as printed (no 序号11): the scoring evidence follows it.
    assert claimed_items(ms["ghg_management_body"].when) == ["12-1"]
    assert claimed_items(ms["energy_audit"].when) == ["21"]
    assert claimed_items(ms["ecodesign_evaluation"].when) == ["19-2"]


# --- zhejiang --------------------------------------------------------------------------------------

ZHEJIANG_FIVE = [  # 附件6-1 五 相关证明材料, in order
    ("business_licence", "营业执照", "always"),
    ("production_licence", "生产许可证", "optional"),
    ("energy_assessment", "能评", "optional"),
    ("construction_approval", "建设批复", "always"),
    ("three_simultaneous_acceptance", "三同时验收", "always"),
    ("eia_acceptance", "环评验收", "always"),
    ("site_plan", "厂区平面图", "always"),
    ("credit_records", "信用", "always"),
    ("audit_report", "审计报告关键页", "always"),
]


def test_zhejiang_lists_every_item_of_section_five_with_its_cite():
    ms = materials("zhejiang")
    order = list(ms)
    positions = []
    for n, (mid, word, required) in enumerate(ZHEJIANG_FIVE, start=1):
        m = ms[mid]
        assert m.cite.startswith(f"004 附件6-1 五（{n}）"), (mid, m.cite)
        assert word in m.name, (mid, m.name)
        assert m.required == required, mid
        # “需加盖单位公章”
        assert "sealed" in m.check_ids(), mid
        positions.append(order.index(mid))
    assert positions == sorted(positions)
    assert positions == list(range(positions[0], positions[0] + 9))


def test_zhejiang_section_five_types_and_checks():
    ms = materials("zhejiang")
    assert ms["business_licence"].types == ["business_licence"]
    assert {"name", "uscc", "valid"} <= set(ms["business_licence"].check_ids())
    assert ms["production_licence"].types == ["production_licence"]
    assert "适用时" in ms["production_licence"].name and ms["production_licence"].note
    assert "energy_assessment_approval" in ms["energy_assessment"].types
    assert ms["construction_approval"].types == ["project_approval"]
    assert ms["site_plan"].types == ["site_plan"]
    assert ms["credit_records"].types == ["credit_report"]
    assert ms["audit_report"].types == ["audit_report"]
    assert years_of(ms["audit_report"], 2022) == [2020, 2021, 2022]


def test_zhejiang_reports_and_tables():
    ms = materials("zhejiang")
    own = ms["self_evaluation_report"]
    assert own.required == "always" and own.types == ["self_evaluation_report"]
    assert "sealed" in own.check_ids() and "附件6-1" in own.cite
    third = ms["third_party_evaluation_report"]
    assert third.required == "always" and third.types == ["third_party_evaluation_report"]
    assert {"third_party", "sealed"} <= set(third.check_ids()) and "附件6-2" in third.cite
    dyn = ms["dynamic_management_table"]
    assert dyn.types == ["dynamic_management_table"] and "sealed" in dyn.check_ids()
    assert "附件4" in dyn.cite
    # Only factories already on the list file it each year: not demanded of a new applicant.
    assert dyn.required == "optional" and dyn.note


def test_zhejiang_basic_requirements_evidence_is_always_required():
    ms = materials("zhejiang")
    for mid, row, doc_type in (
        ("management_body", "第8行", "management_body_doc"),
        ("green_low_carbon_plan", "第9行", "construction_plan"),
        ("training_records", "第10行", "training_records"),
    ):
        assert ms[mid].required == "always"
        assert ms[mid].cite == f"004 附件6-1 附表1.1 {row}"
        assert ms[mid].types == [doc_type]
    # 004 通知 一（二） asks for a 说明 in the 推荐材料, not a ledger: the ledger is optional (issue 28)
    assert ms["no_outdated_equipment"].required == "optional"
    assert ms["no_outdated_equipment"].cite == "004 通知 一（二）"
    assert ms["self_evaluation_report"].required == "always"


def test_zhejiang_indicator_evidence_only_when_claimed():
    ms = materials("zhejiang")
    expected = {
        "water_saving_evaluation": ["3.2.1"],
        "social_responsibility_report": ["2.4.1"],
        "product_carbon_footprint_verification": ["4.4.2"],
        "ghg_inventory": ["5.5.1"],
        "ghg_verification": ["5.5.2"],
        "mu_performance_evaluation": ["bonus-1"],
        "carbon_efficiency_rating": ["bonus-4"],
        "energy_saving_diagnosis": ["bonus-5"],
    }
    for mid, items in expected.items():
        assert ms[mid].required == "when", mid
        assert claimed_items(ms[mid].when) == items, mid
    for system, item in (("qms", "2.1.2"), ("ohsms", "2.1.4"), ("ems", "2.2.2"), ("enms", "2.3.2")):
        m = ms[f"{system}_certificate"]
        assert f"certified('{system}')" in m.when and claimed_items(m.when) == [item]
        assert {"name", "valid", "third_party"} <= set(m.check_ids())
    for mid in ("ghg_verification", "product_carbon_footprint_verification", "emission_monitoring"):
        assert "third_party" in ms[mid].check_ids(), mid
    assert years_of(ms["ghg_verification"], 2022) == [2022]
    assert years_of(ms["carbon_intensity_accounting"], 2022) == [2020, 2021, 2022]


def test_zhejiang_every_material_is_sealed():
    # 附件6-1 五：“证明性材料包括但不限于以下材料（需加盖单位公章）”.
    for m in load_spec("zhejiang").materials:
        assert "sealed" in m.check_ids(), m.id
