"""Evidence specs (evidence_specs/<scheme>.yaml): every file is well-formed, and the content of
jiangsu, suzhou and hefei follows their sources (000 附件1-3; 001 附件1-1; 003 四（一）)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from conftest import AS_OF

from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.engine.expr import ExprSyntaxError, compile_expr
from lingtan.assessment.model.facts import FACT_NAMES
from lingtan.assessment.model.vocab import MANAGEMENT_SYSTEMS
from lingtan.assessment.schemes import load_scheme, scheme_ids
from lingtan.checker.checks import document_check_ids
from lingtan.checker.doctypes import doc_types
from lingtan.checker.specs import EvidenceSpec, Material, load_spec
from lingtan.common.paths import schemes_root

# the names a `when` (and a `years` check) may use: checker/specs.py docstring
ALLOWED_NAMES = {"claimed", "level", "reporting_year", "has", "honour", "certified", *FACT_NAMES}
SOURCE_IDS = ("000", "001", "002", "003", "004")
_CITE = re.compile(r"^(00[0-4])(?!\d)")


def _spec_files() -> list[Path]:
    """The evidence spec of every bundled scheme folder (``schemes/<id>/evidence_spec.yaml``)."""
    out = []
    for p in sorted(schemes_root().glob("*/evidence_spec.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if isinstance(data, dict) and ("materials" in data or "scheme" in data):
            out.append(p)
    return out


SPEC_FILES = _spec_files()
SPEC_IDS = [p.parent.name for p in SPEC_FILES]


def _spec(scheme: str) -> EvidenceSpec:
    return load_spec(scheme)


def _cites(spec: EvidenceSpec) -> list[str]:
    cites = [m.cite for m in spec.materials] + [d.cite for d in spec.decisions]
    if spec.translation_rule is not None:
        cites.append(spec.translation_rule.cite)
    return cites


def _expressions(m: Material) -> list[tuple[str, str]]:
    out = []
    if m.when is not None:
        out.append(("when", m.when))
    for c in m.checks:
        if isinstance(c, dict):
            out.extend((k, v) for k, v in c.items())
    return out


def _calls(src: str, fn: str) -> list[ast.Call]:
    tree = ast.parse(src.strip(), mode="eval")
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == fn]


def _by_id(spec: EvidenceSpec) -> dict[str, Material]:
    return {m.id: m for m in spec.materials}


# --- every spec file ------------------------------------------------------------------------------


def test_spec_files_exist():
    assert {"jiangsu", "suzhou", "hefei"} <= set(SPEC_IDS)


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_spec_loads_and_names_an_existing_scheme(scheme):
    spec = _spec(scheme)
    assert spec.scheme == scheme, f"{scheme}.yaml 的 scheme 字段应为 {scheme}"
    assert scheme in scheme_ids(), f"{scheme}.yaml：没有该方案（lingtan/data/schemes/{scheme}/scheme.yaml）"
    assert spec.materials, "清单为空"
    source_file = load_scheme(scheme).source.file
    assert source_file[:3] in spec.source, f"source 应指明原文 {source_file}"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_ids_unique_and_snake_case(scheme):
    ids = [m.id for m in _spec(scheme).materials]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    assert not dups, f"材料 id 重复：{dups}"
    bad = [i for i in ids if not re.fullmatch(r"[a-z][a-z0-9_]*", i)]
    assert not bad, f"材料 id 应为 snake_case：{bad}"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_every_cite_names_a_source_file(scheme):
    spec = _spec(scheme)
    bad = [c for c in _cites(spec) if not _CITE.match(c.strip())]
    assert not bad, f"引用应以原文短编号（{'/'.join(SOURCE_IDS)}）开头：{bad}"
    own = load_scheme(scheme).source.file[:3]
    assert any(c.startswith(own) for c in _cites(spec)), f"没有引用本方案原文 {own}"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_types_and_checks_are_in_the_vocabulary(scheme):
    for m in _spec(scheme).materials:
        assert m.types, m.id
        unknown = [t for t in m.types if t not in doc_types()]
        assert not unknown, f"{m.id}：未知的文件类型 {unknown}"
        assert len(set(m.types)) == len(m.types), f"{m.id}：文件类型重复"
        for c in m.checks:
            key = c if isinstance(c, str) else next(iter(c))
            assert key in document_check_ids(), f"{m.id}：未知的检查项 {key}"
            if isinstance(c, dict):
                assert len(c) == 1, f"{m.id}：带参数的检查项每项只能有一个键：{c}"
                assert key == "years", f"{m.id}：只有 years 检查带参数：{c}"
            else:
                assert c != "years", f"{m.id}：years 检查须给出年度表达式，如 {{years: \"[reporting_year]\"}}"
        keys = m.check_ids()
        assert len(set(keys)) == len(keys), f"{m.id}：检查项重复"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_required_when_has_expression_and_text(scheme):
    for m in _spec(scheme).materials:
        if m.required == "when":
            assert m.when and m.when.strip(), m.id
            assert m.when_text and re.search(r"[\u4e00-\u9fff]", m.when_text), f"{m.id}：缺少中文 when_text"
        else:
            assert m.when is None, f"{m.id}：只有 required: when 才写 when"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_expressions_parse_and_use_only_allowed_names(scheme):
    scheme_def = load_scheme(scheme)
    items = {c.id for c in scheme_def.conditions} | {i.id for i in scheme_def.indicators}
    levels = {lv.id for lv in scheme_def.levels}
    for m in _spec(scheme).materials:
        for what, src in _expressions(m):
            try:
                expr = compile_expr(src)
            except ExprSyntaxError as exc:  # pragma: no cover - the message is the point
                pytest.fail(f"{m.id} 的 {what} 表达式无法解析：{exc}")
            extra = set(expr.names) - ALLOWED_NAMES
            assert not extra, f"{m.id} 的 {what} 表达式使用了不允许的名称 {sorted(extra)}：{src}"
            for call in _calls(src, "claimed"):
                assert len(call.args) == 1 and isinstance(call.args[0], ast.Constant), f"{m.id}：claimed() 应有一个字面量参数"
                assert str(call.args[0].value) in items, f"{m.id}：claimed({call.args[0].value!r}) 不是方案 {scheme} 的条件或指标"
            for call in _calls(src, "certified"):
                assert len(call.args) == 1 and isinstance(call.args[0], ast.Constant), f"{m.id}：certified() 应有一个字面量参数"
                assert call.args[0].value in MANAGEMENT_SYSTEMS, f"{m.id}：未知的管理体系 {call.args[0].value!r}"
            tree = ast.parse(src.strip(), mode="eval")
            for node in ast.walk(tree):
                if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "level":
                    for comp in node.comparators:
                        values = comp.elts if isinstance(comp, (ast.Tuple, ast.List)) else [comp]
                        for v in values:
                            if isinstance(v, ast.Constant):
                                assert v.value in levels, f"{m.id}：方案 {scheme} 没有申报类型 {v.value!r}"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_years_checks_evaluate_to_lists_of_years(scheme):
    for m in _spec(scheme).materials:
        arg = m.check_arg("years")
        if arg is None:
            continue
        tree = ast.parse(arg.strip(), mode="eval")
        assert isinstance(tree.body, ast.List), f"{m.id}：years 应为年度列表，如 [reporting_year]：{arg}"
        ys = eval(compile_expr(arg).code, {"__builtins__": {}}, {"reporting_year": 2025})  # noqa: S307 - checked above
        assert ys and all(isinstance(y, int) and 2015 <= y <= 2030 for y in ys), f"{m.id}：{arg} → {ys}"


@pytest.mark.parametrize("scheme", SPEC_IDS)
def test_every_spec_requires_the_business_licence(scheme):
    ms = [m for m in _spec(scheme).materials if "business_licence" in m.types and m.required == "always"]
    assert ms, f"{scheme}：缺少营业执照"
    assert any({"name", "uscc"} <= set(m.check_ids()) for m in ms), f"{scheme}：营业执照应核验名称和统一社会信用代码"


# --- jiangsu: 000 附件1-3 ---------------------------------------------------------------------------


def test_jiangsu_has_the_14_items_of_annex_1_3():
    spec = _spec("jiangsu")
    found = set()
    for m in spec.materials:
        found |= {int(n) for n in re.findall(r"附件1-3 第(\d+)项", m.cite)}
    assert found == set(range(1, 15)), f"缺少附件1-3 第{sorted(set(range(1, 15)) - found)}项"
    # in the source's order
    firsts = [int(re.search(r"附件1-3 第(\d+)项", m.cite).group(1)) for m in spec.materials if "附件1-3 第" in m.cite]
    assert firsts == sorted(firsts)


def test_jiangsu_translation_rule():
    rule = _spec("jiangsu").translation_rule
    assert rule is not None and "中文翻译件" in rule.text and rule.cite.startswith("000 附件1-3")


def test_jiangsu_item_5_is_split():
    ms = _by_id(_spec("jiangsu"))
    for mid, typ in [
        ("ghg_verification", "ghg_verification_report"),
        ("reduction_assessment", "reduction_assessment_report"),
        ("carbon_footprint", "carbon_footprint_report"),
    ]:
        assert typ in ms[mid].types and "附件1-3 第5项" in ms[mid].cite
    assert "third_party" in ms["ghg_verification"].check_ids()
    assert ms["ghg_verification"].check_arg("years") == "[reporting_year]"
    assert ms["ghg_verification"].required == "always"


def test_jiangsu_own_forms_are_sealed():
    ms = _by_id(_spec("jiangsu"))
    assert ms["intake_form"].types == ["intake_form"] and "sealed" in ms["intake_form"].check_ids()
    assert ms["application_form"].types == ["application_form"] and "sealed" in ms["application_form"].check_ids()


def test_jiangsu_conditional_materials():
    ms = _by_id(_spec("jiangsu"))
    assert ms["smart_factory"].required == "when" and "claimed('8')" in ms["smart_factory"].when
    assert ms["renewable_project_contract"].required == "when" and "claimed('1')" in ms["renewable_project_contract"].when
    for mid in ("business_licence", "green_factory", "energy_audit", "management_body", "construction_plan"):
        assert ms[mid].required == "always", mid


def _required_for(scheme: str, data: dict, tmp_path: Path) -> dict[str, bool | None]:
    """material id -> required, for the applicant of a factory data file (as the checker decides it)."""
    from lingtan.checker.applicant import from_factory_file
    from lingtan.checker.requirements import requirement

    path = tmp_path / "factory.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    app = from_factory_file(path, scheme)
    return {m.id: requirement(m, app)[0] for m in _spec(scheme).materials}


def _jiangsu_without_green_power() -> dict:
    """The jiangsu sample, reporting year 2025 with no renewable energy, no green electricity and CCER offsets only."""
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "samples/factories/jiangsu-zero.yaml").read_text(encoding="utf-8"))
    y = next(y for y in data["years"] if y["year"] == 2025)
    y.update(renewable_tce=0, non_fossil_tce=0, green_electricity_mwh=0, offsets={"ccer": 9000})
    data["claims"]["jiangsu"]["1"] = {"value": "none"}
    data["claims"]["jiangsu"].pop("2", None)
    return data


GREEN_POWER = ("green_power_contract", "green_power_consumption", "green_power_certificate", "non_fossil_statistics")


def test_jiangsu_green_power_materials_follow_actual_use_not_the_indicator_2_score(tmp_path):
    """附件1-2 序号2 gives “小于10%的得1分”: every applicant scores indicator 2, so claimed('2') cannot say
    who must show a 绿电购买合同 (附件1-3 第9项); what the applicant actually buys and uses does."""
    from lingtan.assessment.model.factory import Factory

    data = _jiangsu_without_green_power()
    a = assess(Factory.model_validate(data), load_scheme("jiangsu"), "zero", AS_OF)
    assert next(i for i in a.indicators if i.id == "2").points == 1  # scored, so claimed('2') holds
    req = _required_for("jiangsu", data, tmp_path)
    for mid in GREEN_POWER:
        assert req[mid] is False, mid
    for mid in GREEN_POWER:
        assert "claimed('2')" not in (_by_id(_spec("jiangsu"))[mid].when or ""), mid

    y = next(y for y in data["years"] if y["year"] == 2025)
    y.update(green_electricity_mwh=5000, renewable_tce=600)
    req = _required_for("jiangsu", data, tmp_path)
    assert req["green_power_contract"] and req["green_power_consumption"] and req["non_fossil_statistics"]
    assert req["green_power_certificate"] is False  # no green certificate among the offsets
    y["offsets"] = {"green_certificates": 4480, "ccer": 4000}
    assert _required_for("jiangsu", data, tmp_path)["green_power_certificate"] is True


OFFSET_PROOFS = {  # offset kind (years[].offsets) -> the material proving it (000 附件1 三（二）3–7；附件1-3 第14项)
    "out_boundary_project": "out_boundary_offset_proof",
    "carbon_sink": "out_boundary_offset_proof",
    "ccer": "ccer_offset_proof",
    "carbon_inclusive": "carbon_inclusive_offset_proof",
    "energy_saving_project": "energy_saving_offset_proof",
    "foreign": "foreign_offset_proof",
}


@pytest.mark.parametrize("kind", sorted(OFFSET_PROOFS))
def test_jiangsu_offset_proofs_are_required_for_the_kinds_used(kind, tmp_path):
    """基本条件2（100% 抵消）rests on the offsets: the proof of each kind used is required, the others are not."""
    data = _jiangsu_without_green_power()
    next(y for y in data["years"] if y["year"] == 2025)["offsets"] = {kind: 9000}
    req = _required_for("jiangsu", data, tmp_path)
    assert req[OFFSET_PROOFS[kind]] is True
    for other in set(OFFSET_PROOFS.values()) - {OFFSET_PROOFS[kind]}:
        assert req[other] is False, other
    m = _by_id(_spec("jiangsu"))[OFFSET_PROOFS[kind]]
    assert m.required == "when" and "附件1-3 第14项" in m.cite and "附件1 三（二）" in m.cite
    assert "offset_purchase_proof" not in _by_id(_spec("jiangsu"))["other_supporting"].types


def test_jiangsu_in_boundary_offsets_need_the_project_contract_and_statistics(tmp_path):
    data = _jiangsu_without_green_power()
    next(y for y in data["years"] if y["year"] == 2025)["offsets"] = {"in_boundary_project": 9000}
    req = _required_for("jiangsu", data, tmp_path)
    assert req["renewable_project_contract"] and req["non_fossil_statistics"]


def test_applicant_facts_name_each_offset_kind():
    from lingtan.assessment.model.factory import Factory, Offsets
    from lingtan.assessment.model.facts import FACT_NAMES, OFFSET_KIND_FACTS, applicant_facts

    assert set(OFFSET_KIND_FACTS) == set(Offsets.model_fields)
    assert set(OFFSET_KIND_FACTS.values()) <= set(FACT_NAMES)
    data = _jiangsu_without_green_power()
    facts = applicant_facts(Factory.model_validate(data))
    assert list(facts) == list(FACT_NAMES)
    assert facts["ccer_used"] and facts["offsets_used"]
    assert not facts["green_certificates_used"] and not facts["carbon_inclusive_used"] and not facts["renewable_energy_used"]


# --- suzhou: 001 附件1-1 -----------------------------------------------------------------------------

SUZHOU_BASIC = {
    1: {"land_property_cert", "project_approval", "eia_approval", "three_simultaneous_acceptance",
        "fire_acceptance", "completion_acceptance"},
    2: {"credit_report"},
    3: {"energy_assessment_approval", "eia_approval", "safety_assessment", "fire_acceptance"},
    4: {"green_factory_notice"},
    5: {"qms_certificate", "ems_certificate", "ohsms_certificate", "enms_certificate"},
}


@pytest.mark.parametrize("n", sorted(SUZHOU_BASIC))
def test_suzhou_covers_each_basic_requirement_with_its_evidence(n):
    spec = _spec("suzhou")
    ms = [m for m in spec.materials if re.search(rf"附件1-1 序号(?:\d+、(?:序号)?)*{n}(?!\d)", m.cite)]
    assert ms, f"附件1-1 序号{n} 没有证明材料"
    assert all(m.required == "always" for m in ms), f"附件1-1 序号{n} 是一票否决的基本要求，其材料应为必备"
    types = set().union(*(m.types for m in ms))
    assert SUZHOU_BASIC[n] <= types, f"附件1-1 序号{n} 缺少 {SUZHOU_BASIC[n] - types}"


def test_suzhou_requires_the_four_certificates_valid():
    spec = _spec("suzhou")
    for system in ("qms", "ems", "ohsms", "enms"):
        ms = [m for m in spec.materials if m.types == [f"{system}_certificate"]]
        assert len(ms) == 1, system
        assert ms[0].required == "always" and "valid" in ms[0].check_ids(), system


def test_suzhou_recent_three_years_of_ghg_reports():
    m = _by_id(_spec("suzhou"))["ghg_reports"]
    assert m.required == "always"
    assert m.check_arg("years") == "[reporting_year - 2, reporting_year - 1, reporting_year]"


def test_suzhou_optional_requirements_are_conditional():
    """Evidence of a 可选 row of 附件1-2 is needed only when the row is claimed; of a 必选 row, always."""
    scheme = load_scheme("suzhou")
    requirement = {i.id: i.requirement for i in scheme.indicators}
    for m in _spec("suzhou").materials:
        if m.required != "when":
            continue
        claimed = [c.args[0].value for c in _calls(m.when, "claimed")]
        assert claimed and all(requirement[c] == "optional" for c in claimed), m.id


# --- hefei: 003 四（一） -----------------------------------------------------------------------------


def test_hefei_requires_certificates_body_and_plan():
    spec = _spec("hefei")
    for system in ("qms", "ems", "ohsms", "enms"):
        ms = [m for m in spec.materials if f"{system}_certificate" in m.types]
        assert len(ms) == 1, system
        assert ms[0].required == "always", system
        assert {"third_party", "valid"} <= set(ms[0].check_ids()), system
        assert ms[0].cite.startswith("003 四（一）4")
    ms = _by_id(spec)
    assert ms["management_body"].types == ["management_body_doc"] and ms["management_body"].required == "always"
    assert ms["construction_plan"].types == ["construction_plan"] and ms["construction_plan"].required == "always"
    assert ms["evaluation_report"].types == ["self_evaluation_report"]
