"""What every generated document says (issue 25), read with python-docx, tables included: in the six samples
and in a copy of each keeping only the fields the data model requires, no bare 数据表明符合/企业声明符合 cell, no
tool voice (本工具), no doubled punctuation, no "0兆瓦时" for a figure the data never gave, no field path or
snake_case name; the zhejiang 第三方评价报告 leaves every score and the conclusion to the assessor; the jiangsu
condition 2 (100 % 抵消) names its documents, and a condition with no file listed is flagged."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLES, generate, patched, sample_data, score
from docx import Document
from docx.oxml.ns import qn
from pydantic import BaseModel

from lingtan.assessment.model.factory import Factory

SAMPLE_SCHEMES = {
    "jiangsu-zero": "jiangsu", "suzhou-near-zero": "suzhou", "hefei": "hefei", "zhejiang": "zhejiang",
    "fujian-zero": "fujian-zero", "fujian-near-zero": "fujian-near-zero",
}
BARE = {"数据表明符合", "企业声明符合"}
DOUBLED = re.compile(r"。。|；。|，。|。；|；；|，，")
ZERO_MWH = re.compile(r"(?<![\d.])0\s*(?:兆瓦时|MWh)")
SNAKE = re.compile(r"(?<![A-Za-z0-9])[a-z][a-z0-9]*_[a-z0-9_]+(?![A-Za-z0-9])")
FIELD_PATH = re.compile(r"\b(?:years|claims|enterprise|honours|organisation|narratives|compliance|emissions|offsets)(?:\[|\.[a-z])")


def _models_in(ann: Any) -> list[type[BaseModel]]:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [ann]
    return [m for a in getattr(ann, "__args__", ()) for m in _models_in(a)]


def required_only(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every field the model does not require removed, at every depth."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data or not info.is_required():
            continue
        value, subs = data[name], _models_in(info.annotation)
        if subs and isinstance(value, dict):
            value = required_only(subs[0], value)
        elif subs and isinstance(value, list):
            value = [required_only(subs[0], x) if isinstance(x, dict) else x for x in value]
        out[name] = value
    return out


def texts(path: Path) -> tuple[list[str], list[str]]:
    """Every paragraph (body, headers, footers) and every table cell's whole text."""
    doc = Document(str(path))
    parts = [doc.element.body, *(s.header._element for s in doc.sections), *(s.footer._element for s in doc.sections)]
    paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p"))]
    cells = ["\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
             for tc in doc.element.body.iter(qn("w:tc"))]
    return paras, cells


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[tuple[str, str], Any]:
    out = {}
    for name, scheme in SAMPLE_SCHEMES.items():
        full = sample_data(name)
        out[(name, "full")] = generate(full, tmp_path_factory.mktemp(f"{name}-full"), scheme=scheme)
        minimal = required_only(Factory, full)
        assert "narratives" not in minimal and "claims" not in minimal and "honours" not in minimal
        out[(name, "minimal")] = generate(minimal, tmp_path_factory.mktemp(f"{name}-min"), scheme=scheme)
    return out


def all_documents(packages) -> list[tuple[str, str, Path]]:
    return [(name, kind, p) for (name, kind), g in packages.items() for p in sorted(Path(g.folder).glob("*.docx"))]


def test_the_minimal_copies_keep_only_required_fields():
    data = required_only(Factory, yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    assert set(data) == {"enterprise", "reporting_year", "years"}
    assert all(set(y) == {"year", "energy_tce"} for y in data["years"])
    Factory.model_validate(data)


def test_no_document_has_a_bare_verdict_tool_voice_doubled_punctuation_or_internal_names(packages):
    docs = all_documents(packages)
    assert len(docs) >= 2 * 19  # every form of the six schemes, twice
    problems = []
    for name, kind, path in docs:
        paras, cells = texts(path)
        where = f"{name}/{kind}/{path.name}"
        problems += [f"{where}: bare cell {c!r}" for c in cells if c.strip() in BARE]
        problems += [f"{where}: bare paragraph {p!r}" for p in paras if p.strip() in BARE]
        for p in paras:
            if "本工具" in p:
                problems.append(f"{where}: tool voice {p[:60]!r}")
            if m := DOUBLED.search(p):
                problems.append(f"{where}: doubled punctuation {p[max(0, m.start() - 20):m.end() + 5]!r}")
            if m := SNAKE.search(p):
                problems.append(f"{where}: internal name {m.group(0)!r}")
            if m := FIELD_PATH.search(p):
                problems.append(f"{where}: field path {p[m.start():m.start() + 30]!r}")
            if kind == "minimal" and (m := ZERO_MWH.search(p)):
                problems.append(f"{where}: absent figure printed as zero {p[max(0, m.start() - 20):m.end()]!r}")
    assert not problems, "\n".join(problems[:40])


def test_the_scanner_catches_what_it_looks_for(tmp_path):
    """The checks above can fail: a document carrying each fault is caught."""
    from docx import Document as New

    d = New()
    d.add_paragraph("绿色电力消费0兆瓦时。；见 years[2025].green_electricity_mwh，本工具生成")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "数据表明符合"
    d.save(str(tmp_path / "bad.docx"))
    paras, cells = texts(tmp_path / "bad.docx")
    assert any(c.strip() in BARE for c in cells)
    assert any(DOUBLED.search(p) and ZERO_MWH.search(p) and SNAKE.search(p) and FIELD_PATH.search(p) and "本工具" in p
               for p in paras)


def test_every_met_condition_states_its_facts_and_its_documents_or_what_is_missing(packages):
    for name, scheme in SAMPLE_SCHEMES.items():
        for kind, data in (("full", sample_data(name)), ("minimal", required_only(Factory, sample_data(name)))):
            a = score(data, scheme)
            for c in a.conditions:
                if c.status != "met":
                    continue
                assert c.reason not in BARE, (name, c.id)
                assert ("证明材料：" in c.reason) == bool(c.evidence), (name, kind, c.id, c.reason)
                assert c.evidence or "待提供：" in c.reason, (name, kind, c.id, c.reason)
                assert all(f in c.reason for f in c.evidence), (name, c.id)


def test_jiangsu_condition_2_names_its_offset_documents_and_amounts(packages, tmp_path):
    g = packages[("jiangsu-zero", "full")]
    data = sample_data("jiangsu-zero")
    last = next(y for y in data["years"] if y["year"] == data["reporting_year"])
    _paras, cells = texts(g.docx("application"))
    cell = next(c for c in cells if "可计入的碳抵消量" in c)
    assert f"{data['reporting_year']}年数据" in cell
    for kind, title in (("green_certificates", "绿色电力证书"), ("in_boundary_project", "边界内自主建设项目"),
                        ("ccer", "国家核证自愿减排量（CCER）")):
        amount = last["offsets"][kind]
        assert amount and f"其中{title}（tCO2e）：{amount:g}" in cell, kind
    assert "碳普惠" not in cell  # a kind the data does not use is not listed
    assert "待提供：温室气体排放核算第三方核查报告；绿色电力证书、CCER 等各类抵消凭证" in cell  # no file listed
    _index_paras, index_cells = texts(g.docx("evidence-index"))
    row = index_cells[index_cells.index("碳抵消比例") + 2]  # 条件或指标 → 方案要求的证明材料 → 企业提供的证明材料
    assert row == "未列出（待提供）"
    # with the offset documents named, the cell lists them and asks for nothing
    files = ["2025年度温室气体排放核查报告.pdf", "绿色电力证书（2025）.pdf", "CCER注销证明.pdf"]
    g2 = generate(patched(data, {"claims.jiangsu.bc2": {"evidence": files}}), tmp_path)
    cell2 = next(c for c in texts(g2.docx("application"))[1] if "可计入的碳抵消量" in c)
    assert "证明材料：" + "、".join(files) in cell2 and "待提供" not in cell2


def test_the_zhejiang_third_party_report_leaves_scores_and_conclusion_to_the_assessor(packages):
    for kind in ("full", "minimal"):
        g = packages[("zhejiang", kind)]
        paras, cells = texts(g.docx("third-party-report"))
        text = "".join(paras)
        assert "预填" in text.split("浙江省经济和信息化厅制")[0]  # the cover says so
        assert "结论：【由第三方评价机构填写】" in text
        assert "符合申报条件" not in text and "企业自评完全符合" not in text
        for label in ("评价指标得分", "加分项得分", "总分"):
            assert cells[cells.index(label) + 1] == "", label  # the cell after the label is empty
        assert cells[cells.index("基本要求\n满足情况") + 1] == "□符合  □不符合"
        basic = [c for c in score(sample_data("zhejiang"), "zhejiang").conditions if c.group == "basic"]
        assert cells.count("□符合\n□不符合") == len(basic)  # 附表2.1 是否符合: every box empty
    a = score(sample_data("zhejiang"), "zhejiang")
    full = "".join(texts(packages[("zhejiang", "full")].docx("third-party-report"))[0])
    assert f"{a.total:g}" not in full


def test_an_absent_figure_is_left_out_of_a_draft_and_a_zero_is_stated(tmp_path):
    data = sample_data("hefei")
    data.pop("narratives", None)
    last = next(y for y in data["years"] if y["year"] == data["reporting_year"])
    last.pop("green_electricity_mwh", None)
    absent = "".join(texts(generate(data, tmp_path / "absent").docx("evaluation-report"))[0])
    assert "绿色电力消费" not in absent
    last["green_electricity_mwh"] = 0
    zero = "".join(texts(generate(data, tmp_path / "zero").docx("evaluation-report"))[0])
    assert "绿色电力消费0兆瓦时" in zero


def test_third_party_verification_is_stated_only_when_the_data_says_so(tmp_path):
    data = sample_data("jiangsu-zero")
    data.pop("narratives", None)
    last = next(y for y in data["years"] if y["year"] == data["reporting_year"])
    last["emissions"]["verified"] = False
    text = "".join(texts(generate(data, tmp_path / "no").docx("application"))[0])
    assert "经第三方评估" not in text and "温室气体排放量经第三方核查" not in text  # the draft's sentence
    last["emissions"]["verified"] = True
    assert "温室气体排放量经第三方核查" in "".join(texts(generate(data, tmp_path / "yes").docx("application"))[0])


def test_the_improvement_draft_names_projects_and_years_or_asks_for_them(tmp_path):
    data = sample_data("jiangsu-zero")
    data.pop("narratives", None)
    data["projects"] = [{"name": "屋顶光伏二期", "kind": "renewable", "start_year": 2026, "completed_year": 2027,
                         "investment_wan": 1800}]
    text = "".join(texts(generate(data, tmp_path / "planned").docx("application"))[0])
    assert "改进措施及项目：屋顶光伏二期（2026年开始，计划2027年建成，计划投资1800万元）" in text
    data["projects"] = []
    text = "".join(texts(generate(data, tmp_path / "none").docx("application"))[0])
    assert "各项提升措施、重点项目及完成年份：待补充" in text


@pytest.mark.parametrize(("value", "points"), [(None, 0), (0, 0), (120, 2)])
def test_category3_accounting_needs_an_accounted_figure(value, points):
    """000 附件1-2 序号12: 对其他间接排放（类别3）进行核算和报告 — a 0 is no accounting result."""
    data = sample_data("jiangsu-zero")
    em = next(y for y in data["years"] if y["year"] == data["reporting_year"])["emissions"]
    em.pop("category3", None)
    if value is not None:
        em["category3"] = value
    item = next(i for i in score(data, "jiangsu").indicators if i.id == "12")
    assert item.points == points
