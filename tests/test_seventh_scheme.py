"""A province publishes a new scheme: an engineer adds it with data files only.

One folder ``schemes/<id>/`` of the same shape as a bundled scheme's — the scheme (``scheme.yaml``), a
form's source (``templates/<form>.yaml``, compiled to .docx by the template builder), the evidence spec
(``evidence_spec.yaml``), the labels of its indicator inputs (``claim_inputs.yaml``) and the recipe of its
drafted text (``narratives.yaml``) — and ``LINGTAN_EXTRA_DATA`` pointing at the folder above it: the new
scheme is listed, scores a factory, generates its form with the drafted text, writes its data-entry
workbook with the input's label, and checks a submission, with no Python change.
(docs/schemes.md, "Adding a scheme".)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checker_helpers import page_pdf, write_submission
from docx import Document as Docx

from lingtan.assessment.schemes import load_scheme
from lingtan.checker.doctypes import doc_types
from lingtan.checker.specs import load_spec
from lingtan.cli import main
from lingtan.common.paths import EXTRA_DATA_ENV
from lingtan.dataentry.catalogue import input_labels
from lingtan.generator.narratives import recipes
from lingtan.generator.template_builder import build

ROOT = Path(__file__).resolve().parents[1]
FACTORY = ROOT / "samples" / "factories" / "jiangsu-zero.yaml"

SCHEME = """\
id: testland
name: 测试省低碳工厂
short_name: 测试省低碳工厂
region: 测试省
source: {file: testland.txt, title: 测试省低碳工厂评价办法, issuer: 测试省工业和信息化厅, year: 2026}
summary: 为检验“只用数据文件新增方案”而写的方案：一项基本条件、两项指标、不低于 10 分。
levels:
  - {id: standard, name: 低碳工厂, cite: 测试办法 第一条}
default_level: standard
required_years: [reporting_year]
conditions:
  - id: c1
    group: basic
    name: 独立法人
    text: 具有独立法人资格的工业企业。
    cite: 测试办法 第二条
    test: enterprise.independent_legal_person
    evidence: 营业执照
sections:
  - {id: main, name: 评价指标, cite: 测试办法 附表, max_points: 20, aggregation: {method: sum}}
categories:
  - {id: energy, name: 能源, cite: 测试办法 附表}
indicators:
  - id: "1"
    category: energy
    name: 可再生能源消费占比
    text: 不低于10%的得10分，低于10%的得2分。
    cite: 测试办法 附表 第1项
    points: 10
    rule:
      kind: bands
      input: last.renewable_share
      unit: percent
      bands: [{gte: 0.1, points: 10}, {points: 2}]
  - id: "2"
    category: energy
    name: 综合能耗
    text: 综合能耗低于100万吨标准煤的得10分。
    cite: 测试办法 附表 第2项
    points: 10
    rule:
      kind: bands
      input: last.energy_tce
      bands: [{gte: 1000000, points: 0}, {points: 10}]
  - id: "3"
    category: energy
    name: 能源计量器具
    text: 每配备一类能源计量器具得1分，最高3分。
    cite: 测试办法 附表 第3项
    points: 3
    rule:
      kind: per_unit
      input: claim.value
      input_label: 配备的能源计量器具类数
      unit: count
      per: 1
      cap: 3
thresholds:
  - {id: score, name: 评价得分, text: 评价得分不低于10分。, cite: 测试办法 第三条, value: total, op: ">=", target: 10, unit: points}
forms:
  - {id: application, name: 测试省低碳工厂申报表, cite: 测试办法 附件}
"""

FORM = """\
form: application
preset: standard
blocks:
  - title: 测试省低碳工厂申报表
  - table:
      widths: [4, 12]
      rows:
        - [{text: 企业名称, bold: true}, "{{ f.enterprise.name }}"]
        - [{text: 评价得分, bold: true}, "{{ a.total }}"]
  - narrative: testland_status
"""

CLAIM_INPUTS = """\
"3":
  label: 已配备的能源计量器具类数
  unit: 类
  hint: 电、水、天然气、蒸汽等，每类计1
"""

NARRATIVES = """\
testland_status:
  title: 测试省低碳工厂建设情况
  sentences:
    - "{{ last.year }}年综合能耗{{ num(last.energy_tce) }}吨标准煤。"
"""

SPEC = """\
scheme: testland
source: testland.txt
materials:
  - id: business_licence
    name: 企业营业执照
    cite: 测试办法 附件 第1项
    types: [business_licence]
    checks: [name, uscc]
  - id: qms
    name: 质量管理体系认证证书
    cite: 测试办法 附件 第2项
    types: [qms_certificate]
    checks: [name, valid]
"""


@pytest.fixture
def testland(tmp_path, monkeypatch):
    data = tmp_path / "方案扩展"
    folder = data / "schemes" / "testland"
    (folder / "templates").mkdir(parents=True)
    (folder / "scheme.yaml").write_text(SCHEME, encoding="utf-8")
    source = folder / "templates" / "application.yaml"
    source.write_text(FORM, encoding="utf-8")
    build(source)  # the form's .docx beside its source, as `python -m lingtan.generator.template_builder` does
    (folder / "evidence_spec.yaml").write_text(SPEC, encoding="utf-8")
    (folder / "claim_inputs.yaml").write_text(CLAIM_INPUTS, encoding="utf-8")
    (folder / "narratives.yaml").write_text(NARRATIVES, encoding="utf-8")
    monkeypatch.setenv(EXTRA_DATA_ENV, str(data))
    caches = (load_scheme, load_spec, recipes, input_labels)
    for cached in caches:
        cached.cache_clear()
    yield folder
    monkeypatch.delenv(EXTRA_DATA_ENV)
    for cached in caches:
        cached.cache_clear()


def test_a_seventh_scheme_from_data_files_only(testland, tmp_path, capsys):
    assert not (ROOT / "lingtan" / "data" / "schemes" / "testland").exists()
    assert main(["schemes"]) == 0
    assert "测试省低碳工厂" in capsys.readouterr().out

    # score: the engine evaluates its condition, indicators and threshold
    assert main(["score", str(FACTORY), "--scheme", "testland", "--format", "json", "--as-of", "2026-03-15"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["scheme"] == "testland" and result["verdict"]["status"] == "eligible"
    assert {i["id"]: i["points"] for i in result["indicators"]} == {"1": 10, "2": 10, "3": 0}

    # generate: the form from the extra folder's template, read back
    out = tmp_path / "申报材料"
    assert main(["generate", str(FACTORY), "--scheme", "testland", "--out", str(out), "--as-of", "2026-03-15"]) == 0
    capsys.readouterr()
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    (form,) = [p for p in folder.glob("*.docx") if "测试省低碳工厂申报表" in p.name]
    cells = [c.text for t in Docx(str(form)).tables for row in t.rows for c in row.cells]
    assert "张家港恒晟精密轴承有限公司" in cells and "20" in "".join(cells)
    body = "\n".join(p.text for p in Docx(str(form)).paragraphs)
    assert "年综合能耗" in body and "吨标准煤" in body  # the scheme folder's narrative recipe, drafted from the data

    # template: the data-entry workbook names the indicator's input as the folder's claim_inputs.yaml says
    book = tmp_path / "测试省-数据填报.xlsx"
    assert main(["template", "--scheme", "testland", "--out", str(book)]) == 0
    capsys.readouterr()
    from openpyxl import load_workbook

    texts = {str(c.value) for ws in load_workbook(book).worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("已配备的能源计量器具类数" in t for t in texts)

    # check: the spec from the extra folder; a licence present, the certificate missing
    sub = write_submission(tmp_path / "提交", {"01-营业执照.pdf": page_pdf("营业执照", [
        "名称：张家港恒晟精密轴承有限公司", "统一社会信用代码：91320582MA1WQ8TK7L", "登记机关：张家港市市场监督管理局"])})
    code = main(["check", str(sub), "--scheme", "testland", "--applicant", str(FACTORY), "--as-of", "2026-03-15",
                 "--no-ocr", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(g["code"], g["material"]) for g in report["gaps"]] == [("missing", "qms")]
    assert {m["id"]: m["status"] for m in report["materials"]} == {"business_licence": "ok", "qms": "missing"}


def test_an_extra_scheme_with_a_typo_is_refused_with_file_and_line(testland, capsys):
    spec = testland / "evidence_spec.yaml"
    spec.write_text(SPEC.replace("    checks: [name, valid]", "    checks: [name, valid]\n    chekcs: [sealed]"), encoding="utf-8")
    assert main(["check", str(testland), "--scheme", "testland", "--no-ocr"]) == 3
    err = capsys.readouterr().err
    assert "证明材料清单" in err and "第 14 行" in err and "chekcs" in err and "未知字段" in err


def test_an_extra_spec_may_use_only_the_bundled_document_types(testland, capsys):
    assert "qms_certificate" in doc_types()
    spec = testland / "evidence_spec.yaml"
    spec.write_text(SPEC.replace("types: [qms_certificate]", "types: [quality_cert]"), encoding="utf-8")
    assert main(["check", str(testland), "--scheme", "testland", "--no-ocr"]) == 3
    assert "未知的文件类型 quality_cert" in capsys.readouterr().err
