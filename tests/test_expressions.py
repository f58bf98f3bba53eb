"""The scheme expression language: what it computes, and what it refuses to run."""

from __future__ import annotations

import pytest
from conftest import AS_OF, patched, sample_data

from lingtan.assessment.engine.context import Env
from lingtan.assessment.engine.expr import ExprSyntaxError, MissingFact, Trace, compile_expr, evaluate
from lingtan.assessment.model.factory import Factory


def env_for(data: dict, item: str | None = None) -> tuple[dict, Trace]:
    f = Factory.model_validate(data)
    t = Trace()
    return Env(f, "jiangsu", AS_OF, "zero").build(t, item), t


@pytest.mark.parametrize(
    "src",
    [
        "__import__('os')",
        "().__class__.__bases__",
        "last._obj",
        "(lambda: 1)()",
        "[x for x in [1]]",
        "'a'.upper()",
        "2 ** 1000000",
        "open('/etc/passwd')",
        "exec('1')",
        "x := 1",
    ],
)
def test_hostile_expressions_are_refused(src):
    with pytest.raises(ExprSyntaxError):
        e = compile_expr(src)
        evaluate(e, {})  # names the environment does not provide fail too


def test_derived_year_figures():
    env, trace = env_for(sample_data("jiangsu-zero"))
    assert evaluate("last.scope12", env) == 3650 + 4480
    assert evaluate("last.offsets_total", env) == 4480 + 1200 + 2500
    assert evaluate("last.renewable_share", env) == pytest.approx(4620 / 9100)
    assert evaluate("last.carbon_intensity", env) == pytest.approx(8130 / 53800)
    assert evaluate("year(2024).category2", env) == 17800
    assert evaluate("falling(2023, 2025)", env) is True
    assert "years[2025].renewable_tce" in trace.reads


def test_missing_values_name_their_path():
    env, _ = env_for(patched(sample_data("jiangsu-zero"), {"years.2025.baseline_scenario_tco2": None}))
    with pytest.raises(MissingFact) as ei:
        evaluate("last.self_reduction_ratio >= 0.5", env)
    assert ei.value.path == "years[2025].baseline_scenario_tco2"
    assert "缺少数据：2025年基准线情景温室气体排放量" in str(ei.value)  # what a person reads
    with pytest.raises(MissingFact) as ei:
        evaluate("year(2019).scope12", env)
    assert ei.value.path == "years[2019].scope12" and str(ei.value) == "缺少数据：2019年类别1+类别2排放量"
    assert evaluate("present(year(2019))", env) is False
    assert evaluate("default(year(2019).energy_tce, 7)", env) == 7


def test_division_by_zero_is_reported_not_raised():
    env, _ = env_for(patched(sample_data("jiangsu-zero"), {"years.2025.energy_tce": 0, "years.2025.renewable_tce": 0, "years.2025.non_fossil_tce": 0}))
    with pytest.raises(MissingFact) as ei:
        evaluate("last.renewable_share", env)
    assert "分母为 0" in str(ei.value)


def test_certificate_validity_uses_the_as_of_date():
    data = sample_data("jiangsu-zero")
    f = Factory.model_validate(data)
    from datetime import date

    ok = Env(f, "jiangsu", date(2026, 3, 15), "zero").build(Trace())
    late = Env(f, "jiangsu", date(2028, 3, 15), "zero").build(Trace())
    assert evaluate("certified('enms')", ok) is True
    assert evaluate("certified('enms')", late) is False
    assert evaluate("implemented('enms')", late) is True  # still implemented, no longer certified


def test_claims_are_visible_to_their_item():
    env, _ = env_for(sample_data("jiangsu-zero"), item="10")
    assert evaluate("claim.value", env) == 10
    assert evaluate("count(claim_of('1').evidence)", env) == 3
