"""A Hefei enterprise gets its 评价报告 and its annual 动态管理表, filled in from its data.

合肥市零碳示范工厂创建实施方案 (003_bc74420948de0502.txt) asks the applicant to write a
《合肥市零碳示范工厂评价报告》 (五（二）2) and, once listed, to fill in a 动态管理表 every year (六（一）).
The source prints neither form; lingtan's layouts are in templates/hefei/*.yaml. Its 评价指标体系 is
a separate document that is not in the source: without one (``--indicators``) the report says so
and scores nothing; with the (unofficial) example file it prints each item and the engine's total.
"""

from __future__ import annotations

import pytest

from lingtan.assessment.engine.context import derived_year_figures
from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_indicator_file, load_scheme, with_indicators
from conftest import AS_OF, ROOT, generate, patched, sample_data, squash
from lingtan.generator.context import date_zh, num, pct, pts
from lingtan.generator.template_builder import DRAFT_MARK

INDICATORS = ROOT / "samples" / "indicators" / "hefei-indicators-example.yaml"
NO_INDICATORS = "本次评价未提供《合肥市零碳示范工厂评价指标体系》"

# 四（一）基本要求 (seed lines ~21–30), in the source's wording and order: items 1–4, then the lead-in
# of item 5 and its five situations.
BASIC_REQUIREMENTS = [
    ("bc1", "企业依法设立并在合肥市内具有独立法人资格，在建设和生产过程中遵守有关法律、法规、政策和标准。"),
    ("bc2", "企业主要管理者高度重视绿色低碳发展，内部设有专门机构，负责零碳示范工厂的制度建设、教育培训、实施、考核及奖励工作，建立目标责任制。"),
    ("bc3", "企业制定了零碳示范工厂建设中长期规划及量化的年度目标和实施方案。"),
    ("bc4", "企业有较强的质量、职业健康、环保、安全生产和能源管理水平，具有健全的质量管理体系、环境管理体系、职业健康安全管理体系、能源管理体系，并通过第三方认证机构认证。"),
]
EXCLUSION_LEAD = "近三年（成立不足三年的，按成立以来算）有下列情况的，不得申报零碳示范工厂："
EXCLUSIONS = [
    ("bc5-1", "（1）未正常经营生产的。"),
    ("bc5-2", "（2）不遵守质量、安全、节能、环保等有关法律、 法规、政策和标准，被列入失信企业、法人代表黑名单的。"),
    ("bc5-3", "（3）发生较大及以上安全、环境污染、质量等事故的。"),
    ("bc5-4", "（4）被动态调整出绿色工厂和零碳示范工厂名单的。"),
    ("bc5-5", "（5）在国家、省、市有关部门相关督查中被发现存在严重问题，被列入节能监察整改名单、失信被执行人等。"),
]
STATUS = {"met": "符合", "not_met": "不符合", "not_applicable": "不适用"}
REPORT_HEADINGS = [
    "一、企业基本情况", "二、零碳示范工厂创建情况", "三、基本要求符合性（对照实施方案四（一））",
    "四、评价指标（对照实施方案四（二））", "五、评价结论", "六、持续改进计划", "七、企业声明",
]


def assessed(name: str, indicators: bool = False):
    scheme = load_scheme("hefei")
    if indicators:
        scheme = with_indicators(scheme, load_indicator_file(INDICATORS))
    return assess(Factory.model_validate(sample_data(name)), scheme, level=None, as_of=AS_OF)


def table_with_header(doc, *header: str):
    for t in doc.tables:
        first = [squash(c.text) for c in t.rows[0].cells]
        if first[: len(header)] == [squash(h) for h in header]:
            return t
    raise AssertionError(f"no table with header {header}")


def rows_of(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows[1:]]


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The hefei sample, scored on the 基本要求 only (no indicator file)."""
    return generate(sample_data("hefei"), tmp_path_factory.mktemp("plain"))


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The hefei sample with the unofficial example indicator system."""
    return generate(sample_data("hefei"), tmp_path_factory.mktemp("scored"), indicators=INDICATORS)


@pytest.fixture(scope="module")
def fails(tmp_path_factory):
    return generate(sample_data("hefei-fails"), tmp_path_factory.mktemp("fails"))


# -- 评价报告 ------------------------------------------------------------------------------------


def test_the_package_holds_the_report_the_management_table_and_the_index(plain):
    forms = {f["id"]: f["file"] for f in plain.manifest["forms"]}
    name = sample_data("hefei")["enterprise"]["name"]
    assert forms == {
        "evaluation-report": f"{name}-合肥市零碳示范工厂评价报告.docx",
        "dynamic-management": f"{name}-合肥市零碳示范工厂动态管理表.docx",
        "evidence-index": f"{name}-证明材料索引.docx",
    }
    assert plain.manifest["scheme"]["id"] == "hefei" and plain.manifest["level"]["id"] == "demonstration"


def test_the_report_cover_names_the_enterprise_and_date_and_leaves_the_seal_blank(plain):
    data = sample_data("hefei")
    flat = squash(plain.text("evaluation-report"))
    assert flat.startswith("合肥市零碳示范工厂评价报告")
    for label, value in (("企业名称：", data["enterprise"]["name"]), ("统一社会信用代码：", data["enterprise"]["uscc"]),
                         ("所在县（市）区、开发区：", data["enterprise"]["district"]),
                         ("编制日期：", date_zh(data["application"]["date"]))):
        assert squash(label + value) in flat, label
    assert "企业（盖章）：一、企业基本情况" in flat  # the seal line is empty


def test_the_report_has_its_parts_in_order(plain):
    flat, at = squash(plain.text("evaluation-report")), 0
    for h in REPORT_HEADINGS:
        at = flat.index(squash(h), at)
    assert "企业负责人（签字）：企业（盖章）：年月日" in flat[at:]


def test_the_report_lists_every_basic_requirement_in_the_source_wording_and_order(plain):
    a = assessed("hefei")
    rows = rows_of(table_with_header(plain.document("evaluation-report"), "序号", "基本要求", "自评结论", "符合性说明", "证明材料"))
    cond = {c.id: c for c in a.conditions}
    expected = [[str(n), text, cid] for n, (cid, text) in enumerate(BASIC_REQUIREMENTS, 1)]
    expected += [["5", EXCLUSION_LEAD, None]] + [["", text, cid] for cid, text in EXCLUSIONS]
    assert len(rows) == len(expected) == len(a.conditions) + 1
    for row, (no, text, cid) in zip(rows, expected):
        assert row[0] == no and squash(row[1]) == squash(text), text
        if cid is None:
            continue
        c = cond[cid]
        assert row[2] == STATUS[c.status] == "符合"
        assert row[3] == c.reason
        assert row[4] == "；".join(c.evidence)
    assert rows[0][4] == "营业执照（副本）.pdf"
    assert rows[3][4] == "质量管理体系认证证书.pdf；环境管理体系认证证书.pdf；职业健康安全管理体系认证证书.pdf；能源管理体系认证证书.pdf"


def test_without_an_indicator_system_the_report_says_none_was_supplied_and_scores_nothing(plain):
    a = assessed("hefei")
    assert a.indicators == [] and a.indicators_note and a.total is None
    text = plain.text("evaluation-report")
    section = squash(text)[squash(text).index("四、评价指标"):squash(text).index("五、评价结论")]
    assert squash(NO_INDICATORS) in section
    assert squash(a.indicators_note) in section  # the engine's note, as it stands
    assert "得分依据" not in text and "评价得分：" not in text  # no indicator table, no score
    assert squash("评价结论：无法判定。") in squash(text)
    assert plain.manifest["result"]["total"] is None and plain.manifest["result"]["verdict"] == "undetermined"


def test_with_the_example_indicator_system_the_report_scores_each_item_as_the_engine(scored):
    a = assessed("hefei", indicators=True)
    doc = scored.document("evaluation-report")
    text = scored.text("evaluation-report")
    assert NO_INDICATORS not in text
    assert squash(a.indicators_note) in squash(text)  # where the indicator system comes from
    rows = {r[0]: r for r in rows_of(table_with_header(doc, "编号", "一级指标", "二级指标及要求", "类型", "分值", "得分"))}
    assert list(rows) == [i.id for i in a.indicators] == ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]
    cats = {c.id: c for c in a.categories}
    for i in a.indicators:
        row = rows[i.id]
        assert row[1] == cats[i.category].name
        assert row[2].startswith(i.name) and squash(i.text) in squash(row[2])
        assert row[3].startswith({"required": "必选", "optional": "可选"}[i.requirement])
        assert (row[4], row[5]) == (pts(i.max_points), pts(i.points)), i.id
        assert row[6] == i.derivation
        assert row[7] == "；".join(i.evidence)
    assert rows["A3"][5] == "24" and rows["A3"][7] == "能碳管理平台界面截图.pdf"  # the enterprise's own claim
    # the weighted summary of the 一级指标 and the engine's total
    summary = rows_of(table_with_header(doc, "编号", "一级指标", "权重", "一级指标得分", "加权得分"))
    assert len(summary) == len(a.categories) + 1
    for row, c in zip(summary, a.categories):
        assert row[:5] == [c.id, c.name, num(c.weight, 4), pts(c.score), pts(c.weighted)]
    assert summary[-1][0] == "合计" and summary[-1][-1] == pts(a.total)
    assert a.total == 78.3 and scored.result.total == a.total
    flat = squash(text)
    assert f"评价得分：{pts(a.total)}分（满分{pts(a.max_total)}分）" in flat
    assert "评价结论：符合申报条件。" in flat
    # the 确认标准 of the indicator file: every required item met
    th = rows_of(table_with_header(doc, "序号", "确认标准", "结论", "说明"))
    assert [(r[1], r[2]) for r in th] == [(t.text, "符合") for t in a.thresholds]


def test_a_failing_requirement_shows_as_not_met_with_its_reason(fails):
    a = assessed("hefei-fails")
    failing = [c for c in a.conditions if c.status == "not_met"]
    assert [c.id for c in failing] == ["bc1", "bc4"]  # registered in 芜湖市; energy certificate expired
    rows = rows_of(table_with_header(fails.document("evaluation-report"), "序号", "基本要求", "自评结论"))
    by_text = {squash(r[1]): r for r in rows}
    for cid, text in BASIC_REQUIREMENTS:
        row = by_text[squash(text)]
        assert row[2] == ("不符合" if cid in ("bc1", "bc4") else "符合"), cid
    assert "芜湖市" in by_text[squash(BASIC_REQUIREMENTS[0][1])][3]
    assert "能源管理体系认证（评价基准日有效）：否" in by_text[squash(BASIC_REQUIREMENTS[3][1])][3]
    flat = squash(fails.text("evaluation-report"))
    assert "评价结论：不符合申报条件。" in flat
    conclusion = flat[flat.index("五、评价结论"):flat.index("六、持续改进计划")]
    for n, reason in enumerate(a.verdict.reasons, 1):
        assert squash(f"{n}. {reason}") in conclusion


def test_the_report_narratives_are_marked_drafts_unless_the_data_gives_them(plain, tmp_path):
    data = sample_data("hefei")
    text = plain.text("evaluation-report")
    assert text.count(DRAFT_MARK) == 3  # 企业基本情况, 创建情况, 持续改进计划
    profile = text[text.index("一、企业基本情况"):text.index("二、零碳示范工厂创建情况")]
    assert DRAFT_MARK in profile and data["enterprise"]["name"] in profile
    creation = text[text.index("二、零碳示范工厂创建情况"):text.index("三、基本要求符合性")]
    assert DRAFT_MARK in creation and "类别1排放1680吨二氧化碳当量" in creation
    by_key = {n["key"]: n["source"] for n in plain.manifest["narratives"]}
    assert by_key == {k: "draft" for k in ("company_profile", "hefei_creation_status", "improvement_plan",
                                           "work_and_results", "next_year_measures")}
    given = "公司将在2026年完成二期屋顶光伏建设，并推进焊接工艺电能替代。"
    g = generate(patched(data, {"narratives": {"improvement_plan": given}}), tmp_path)
    text = g.text("evaluation-report")
    plan = text[text.index("六、持续改进计划"):text.index("七、企业声明")]
    assert given in plan and DRAFT_MARK not in plan


def test_the_report_shows_the_years_figures(plain):
    fac = Factory.model_validate(sample_data("hefei"))
    rows = {r[0]: r for r in rows_of(table_with_header(plain.document("evaluation-report"), "年度", "综合能耗（当量值，吨标准煤）"))}
    for y in fac.years:
        d = derived_year_figures(y)
        assert rows[str(y.year)][1:] == [
            num(y.energy_tce), pct(d["renewable_share"]), num(y.emissions.category1), num(y.emissions.category2),
            num(d["scope12"]), num(d["offsets_total"]), num(d["carbon_intensity"], 4),
        ]


# -- 动态管理表 ----------------------------------------------------------------------------------


def management_rows(g) -> dict[str, list[str]]:
    table = table_with_header(g.document("dynamic-management"), "序号", "指标", "单位")
    return {r[1]: r for r in rows_of(table)}


def test_the_management_table_shows_this_year_and_last_year(plain):
    fac = Factory.model_validate(sample_data("hefei"))
    this, last = (next(y for y in fac.years if y.year == n) for n in (2025, 2024))
    table = table_with_header(plain.document("dynamic-management"), "序号", "指标", "单位")
    assert [c.text for c in table.rows[0].cells][3:] == ["2024年（上年度）", "2025年（本年度）"]
    rows = management_rows(plain)
    dl, dt = derived_year_figures(last), derived_year_figures(this)
    expect = {
        "综合能耗（当量值）": (num(last.energy_tce), num(this.energy_tce)),
        "可再生能源消费量": (num(last.renewable_tce), num(this.renewable_tce)),
        "可再生能源消费占比": (pct(dl["renewable_share"]), pct(dt["renewable_share"])),
        "绿色电力消费量": (num(last.green_electricity_mwh), num(this.green_electricity_mwh)),
        "工业增加值": (num(last.added_value_wan), num(this.added_value_wan)),
        "碳排放量（类别1）": (num(last.emissions.category1), num(this.emissions.category1)),
        "碳排放量（类别2）": (num(last.emissions.category2), num(this.emissions.category2)),
        "碳排放量（类别1+类别2）": (num(dl["scope12"]), num(dt["scope12"])),
        "碳抵消量合计": (num(dl["offsets_total"]), num(dt["offsets_total"])),
        "碳抵消覆盖率（碳抵消量/类别1+类别2排放量）": (pct(dl["offset_coverage"]), pct(dt["offset_coverage"])),
        "抵消后净排放量（类别1+类别2）": (num(dl["net_scope12"]), num(dt["net_scope12"])),
        "单位工业增加值碳排放": (num(dl["carbon_intensity"], 4), num(dt["carbon_intensity"], 4)),
    }
    for label, values in expect.items():
        assert tuple(rows[label][3:]) == values, label
    # in the sample's own figures
    assert rows["碳排放量（类别1+类别2）"][3:] == ["16000", "16280"]
    assert rows["可再生能源消费占比"][3:] == ["20%", "32%"]
    assert rows["其中：碳抵消方式及数量"][3:] == ["绿色电力证书 2000", "绿色电力证书 6512"]


def test_a_year_missing_from_the_data_is_left_blank(fails):
    rows = management_rows(fails)
    assert rows["综合能耗（当量值）"][3:] == ["", "14200"]
    assert rows["碳排放量（类别1+类别2）"][3:] == ["", "41000"]


def test_the_management_table_reports_identity_compliance_and_projects(plain, fails):
    data = sample_data("hefei")
    flat = squash(plain.text("dynamic-management"))
    assert squash(f"（{data['reporting_year']}年度）") in flat
    for value in (data["enterprise"]["name"], data["enterprise"]["uscc"], data["enterprise"]["address"],
                  data["enterprise"]["district"], data["organisation"]["management_body"], data["organisation"]["plan"]["title"]):
        assert squash(value) in flat, value
    for g, name in ((plain, "hefei"), (fails, "hefei-fails")):
        a = assessed(name)
        rows = rows_of(table_with_header(g.document("dynamic-management"), "序号", "基本要求", "状态", "说明"))
        assert [r[2] for r in rows] == [STATUS[c.status] for c in a.conditions]
        assert [r[3] for r in rows] == [c.reason for c in a.conditions]
    assert [r[2] for r in rows_of(table_with_header(fails.document("dynamic-management"), "序号", "基本要求", "状态"))].count("不符合") == 2
    assert "评价指标：未提供《合肥市零碳示范工厂评价指标体系》，未计算评价得分。" in flat
    projects = rows_of(table_with_header(plain.document("dynamic-management"), "序号", "项目名称", "项目类别", "建成年份"))
    assert [(r[1], r[3]) for r in projects] == [(p["name"], str(p["completed_year"])) for p in data["projects"]]
    assert DRAFT_MARK in plain.text("dynamic-management")  # 当年工作 and 下一年度计划 are drafted


def test_the_management_table_prints_the_score_when_indicators_are_supplied(scored):
    flat = squash(scored.text("dynamic-management"))
    assert "评价指标得分：78.3分（满分100分）；评价结论：符合申报条件。" in flat
