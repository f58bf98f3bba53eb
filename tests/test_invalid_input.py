"""An enterprise's data file with mistakes: clear Chinese errors naming field, value and rule; exit 2; no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import patched, sample_data

from lingtan.common.errors import DataValidationError, ExitCode
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.loading import load_factory, validate_data
from lingtan.cli import main


def write(tmp_path: Path, data: dict, name: str = "data.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def good() -> dict:
    return sample_data("jiangsu-zero")


def test_wrong_check_character_names_field_value_and_expected_character(tmp_path, capsys, good):
    bad = patched(good, {"enterprise.uscc": "91320582MA1WQ8TK7A"})
    code, out, err = run(capsys, "validate", str(write(tmp_path, bad)))
    assert code == ExitCode.invalid_input == 2
    assert "enterprise.uscc" in err
    assert "91320582MA1WQ8TK7A" in err
    assert "校验位错误" in err and "应为 L" in err


def test_negative_energy_names_the_year(tmp_path, capsys, good):
    bad = patched(good, {"years.2024.energy_tce": -5})
    code, _, err = run(capsys, "score", str(write(tmp_path, bad)), "--scheme", "jiangsu")
    assert code == 2
    assert "years[1]（2024 年）.energy_tce" in err
    assert "-5" in err and "应大于或等于 0" in err


def test_missing_reporting_year_is_refused(tmp_path, capsys, good):
    bad = patched(good, {"reporting_year": 2026})
    code, _, err = run(capsys, "validate", str(write(tmp_path, bad)))
    assert code == 2
    assert "reporting_year = 2026" in err and "缺少" in err


def test_year_the_scheme_needs_is_missing(tmp_path, capsys, good):
    # fujian-zero needs the 2021 base year; the jiangsu sample has 2023–2025 only.
    code, _, err = run(capsys, "score", str(write(tmp_path, good)), "--scheme", "fujian-zero")
    assert code == 2
    assert "缺少 2021 年" in err


def test_unknown_scheme(tmp_path, capsys, good):
    code, _, err = run(capsys, "score", str(write(tmp_path, good)), "--scheme", "shanghai")
    assert code == 2
    assert "未知的评价方案" in err and "shanghai" in err and "jiangsu" in err


def test_unknown_level(tmp_path, capsys, good):
    code, _, err = run(capsys, "score", str(write(tmp_path, good)), "--scheme", "jiangsu", "--level", "carbon-negative")
    assert code == 2
    assert "near-zero" in err and "零碳工厂" in err


def test_all_problems_are_reported_at_once(good):
    bad = patched(
        good,
        {
            "enterprise.uscc": "123",
            "enterprise.industry_code": "99999",
            "enterprise.ownership": "股份制",
            "years.2025.renewable_tce": 99999,
            "enterprise.contact.email": "not-an-email",
            "management_systems.certificates": [
                {"system": "qms", "standard": "GB/T 19001", "number": "X", "issuer": "Y", "issued": "2025-01-01", "expires": "2024-01-01"}
            ],
            "enterprise.favourite_colour": "green",
        },
    )
    with pytest.raises(DataValidationError) as ei:
        validate_data(Factory, bad, source="test")
    msg = str(ei.value)
    for expected in (
        "enterprise.uscc",
        "18 位",
        "enterprise.industry_code",
        "enterprise.ownership",
        "国有",  # the rule lists the allowed values
        "renewable_tce",
        "enterprise.contact.email",
        "有效期至",
        "enterprise.favourite_colour",
        "未知字段",
    ):
        assert expected in msg, expected
    assert len(ei.value.problems) >= 7


def test_chinese_vocabulary_labels_are_accepted(good):
    d = patched(good, {"enterprise.ownership": "中外合资", "honours.green_factory": {"level": "省级"}})
    f = Factory.model_validate(d)
    assert f.enterprise.ownership == "sino_foreign_jv"
    assert f.honours.green_factory.level == "provincial"


def test_duplicate_years_are_refused(good):
    d = patched(good, {})
    d["years"].append(dict(d["years"][0]))
    with pytest.raises(DataValidationError) as ei:
        validate_data(Factory, d, source="t")
    assert "年份重复" in str(ei.value)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "数据文件为空"),
        ("enterprise: [unclosed\n", "YAML 格式错误"),
        ("- just\n- a list\n", "顶层应为键值映射"),
        ("a: 1\na: 2\n", "重复的键"),
    ],
)
def test_broken_yaml_files(tmp_path, capsys, content, expected):
    p = tmp_path / "broken.yaml"
    p.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(p))
    assert code == 2 and expected in err


def test_broken_json_and_wrong_encoding(tmp_path, capsys, good):
    p = tmp_path / "d.json"
    p.write_text('{"enterprise": ', encoding="utf-8")
    code, _, err = run(capsys, "validate", str(p))
    assert code == 2 and "JSON 格式错误" in err
    g = tmp_path / "gbk.yaml"
    g.write_bytes("企业: 测试".encode("gbk"))
    code, _, err = run(capsys, "validate", str(g))
    assert code == 2 and "UTF-8" in err


def test_json_data_file_is_accepted(tmp_path, capsys, good):
    p = tmp_path / "d.json"
    p.write_text(json.dumps(good, ensure_ascii=False, default=str), encoding="utf-8")
    assert load_factory(p).enterprise.name == good["enterprise"]["name"]


def test_missing_file_and_directory(tmp_path, capsys):
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "找不到数据文件" in err
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "是目录" in err


def test_bad_arguments_are_explained_in_chinese(capsys):
    with pytest.raises(SystemExit) as ei:
        main(["score"])
    assert ei.value.code == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err
    with pytest.raises(SystemExit):
        main(["score", "x.yaml", "--as-of", "2025/01/01"])
    assert "日期格式应为" in capsys.readouterr().err
