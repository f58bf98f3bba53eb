"""Every data file that ships with lingtan is read by one loader, which refuses what a typo makes.

Schemes, evidence specs, document types, narrative recipes and form sources: an unknown key (a
misspelt field), a duplicate key (the second silently winning) or bad YAML stops with a Chinese
message naming the file and the line — exit 3, a defect of the bundled data, not of the user's input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from lingtan.assessment.schemes import load_scheme, scheme_ids
from lingtan.checker.doctypes import doc_types
from lingtan.checker.specs import load_spec
from lingtan.common.dataload import load_bundled
from lingtan.common.errors import BundledDataError, ExitCode
from lingtan.generator.narratives import recipes
from lingtan.generator.template_builder import FormSource

ROOT = Path(__file__).resolve().parents[1]


class Material(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scheme: str
    materials: list[Material]


def test_every_bundled_file_loads():
    assert len(doc_types()) >= 40 and recipes()
    for s in scheme_ids():
        assert load_scheme(s).id == s and load_spec(s).scheme == s
    for src in sorted((ROOT / "lingtan" / "data" / "templates").rglob("*.yaml")):
        assert load_bundled(src, FormSource, what="表单模板源文件").blocks


def test_a_misspelt_key_is_named_with_its_line(tmp_path):
    f = tmp_path / "spec.yaml"
    f.write_text("scheme: x\nmaterials:\n  - id: a\n    name: 营业执照\n  - id: b\n    nmae: 审计报告\n", encoding="utf-8")
    with pytest.raises(BundledDataError) as e:
        load_bundled(f, Spec, what="证明材料清单")
    text = str(e.value)
    assert e.value.exit_code == ExitCode.scheme_error
    assert str(f) in text and "第 6 行 materials[1].nmae：值 “审计报告” 不符合规则：未知字段" in text and "第 5 行 materials[1].name：必填字段缺失" in text


def test_a_duplicate_key_is_refused_not_overwritten(tmp_path):
    f = tmp_path / "spec.yaml"
    f.write_text("scheme: x\nmaterials: []\nscheme: y\n", encoding="utf-8")
    with pytest.raises(BundledDataError, match=r"重复的键 “scheme”（第 3 行）"):
        load_bundled(f, Spec, what="证明材料清单")


def test_bad_yaml_is_explained_in_chinese(tmp_path):
    f = tmp_path / "spec.yaml"
    f.write_text("scheme: x\nmaterials:\n\t- id: a\n", encoding="utf-8")
    with pytest.raises(BundledDataError) as e:
        load_bundled(f, Spec, what="证明材料清单")
    assert "第 3 行第 1 列：不能用 Tab 键缩进" in str(e.value)
    assert not re.search(r"[A-Za-z]{6,}", str(e.value).replace(str(f), ""))  # no English left


def test_no_other_yaml_reading_in_the_product_code():
    readers = []
    for pkg in ("lingtan",):
        for p in (ROOT / pkg).rglob("*.py"):
            text = p.read_text(encoding="utf-8")
            if re.search(r"yaml\.(safe_load|load|full_load|unsafe_load)\(", text) and p.name != "dataload.py":
                readers.append(str(p.relative_to(ROOT)))
    assert readers == []
