"""A Zhejiang factory's package holds the 第三方评价报告 (附件6-2) the checker requires, prepared for the
third-party evaluator: the source's cover, 基本信息表 and report sections, the factory's data and
附表2.1–2.3 item by item with the figures and the evidence; every judgement (是否符合, scores, the conclusion)
is the evaluator's and left blank (issue 25: it was the engine's before), and the cover says the report is prefilled.
The 自评价报告 (附件6-1) fills 工业总产值, 单位产品综合能耗/碳排放 and 报告编制负责人 from the data."""

from __future__ import annotations

import pytest

from conftest import generate, sample_data, score, squash
from lingtan.generator.context import num, pts

COVER = ["附件6-2", "绿色低碳工厂第三方评价报告", "工厂名称：", "第三方评价机构名称：", "浙江省经济和信息化厅制"]
BASIC_INFO = [
    "绿色低碳工厂第三方评价基本信息表", "评价机构名称", "评价机构地址", "机构法定代表人", "法人代表电话", "机构联系人",
    "联系人电话", "报告编制负责人", "负责人电话", "报告审核人", "报告审核人电话", "工厂名称", "工厂地址", "所属行业",
    "单位性质", "统一社会信用代码", "主营业务", "主导产品", "成立日期", "注册资本", "法定代表人", "基本要求满足情况",
    "评价指标得分", "加分项得分", "总分",
    "本机构郑重承诺已对工厂材料进行全面审核，保证报告数据真实有效，评价程序公正，评价结果客观。评价报告若存在弄虚作假，"
    "本机构愿承担由此产生的相应责任。",
    "法人代表或单位负责人签名：", "（公章）",
]
SECTIONS = ["一、概述", "二、评价过程和方法", "三、评价内容", "四、评价结论", "五、建议", "六、参考文件",
            "七、第三方机构资质符合性证明材料"]
ANNEXES = ["附表2.1", "绿色低碳工厂基本要求第三方评价表", "附表2.2", "绿色低碳工厂评价指标第三方评价表", "附表2.3",
           "绿色低碳工厂加分项第三方评价表"]


@pytest.fixture(scope="module")
def data():
    return sample_data("zhejiang")


@pytest.fixture(scope="module")
def generated(data, tmp_path_factory):
    return generate(data, tmp_path_factory.mktemp("zhejiang-6-2"))


@pytest.fixture(scope="module")
def text(generated):
    return squash(generated.text("third-party-report"))


def test_the_package_holds_the_third_party_report(generated, data):
    assert "third-party-report" in [f["id"] for f in generated.manifest["forms"]]
    assert generated.docx("third-party-report").name == f"{data['enterprise']['name']}-绿色低碳工厂第三方评价报告.docx"


def test_it_has_the_sources_cover_basic_information_sections_and_annexes(text, data):
    missing = [x for x in COVER + BASIC_INFO + SECTIONS + ANNEXES if squash(x) not in text]
    assert not missing
    assert squash(f"工厂名称：{data['enterprise']['name']}") in text
    assert data["enterprise"]["uscc"] in text


def test_facts_are_prefilled_and_every_judgement_is_left_to_the_evaluator(text, data):
    a = score(data, "zhejiang")
    main = next(s for s in a.sections if s.id == "main")
    assert "预填" in text.split("浙江省经济和信息化厅制")[0]  # the cover says so
    assert squash("评价指标得分加分项得分总分") in text  # the three score cells are empty
    assert f"总分{pts(a.total)}" not in text and pts(main.total) not in text
    assert "结论：【由第三方评价机构填写】" in text
    assert "符合申报条件" not in text and "企业自评完全符合" not in text and "得满分" not in text.split("附表2.2")[0]
    for i in a.indicators:  # every row of 附表2.2 and 2.3; 2.2 gives the figures read, without the verdict
        assert squash(i.text) in text, i.id
        if i.section == "main" and i.method == "computed":
            assert squash(i.derivation.rsplit("，得", 1)[0].split("，落在")[0]) in text, i.id
    for c in a.conditions:
        if c.group == "basic":
            assert all(squash(f"{k}：{v}") in text for k, v in c.facts.items()), c.id


def test_the_evaluators_parts_are_marked_for_the_evaluator(text):
    assert text.count("【由第三方评价机构填写】") >= 4


def test_a_failing_factory_is_not_concluded_either(tmp_path):
    d = sample_data("zhejiang")
    d["compliance"]["outdated_equipment"] = True
    g = generate(d, tmp_path)
    t = squash(g.text("third-party-report"))
    a = score(d, "zhejiang")
    assert a.verdict.status == "not_eligible"
    assert "不符合申报条件" not in t and "结论：【由第三方评价机构填写】" in t
    assert not any(squash(r) in t for r in a.verdict.reasons)


def test_self_assessment_fills_output_value_unit_figures_and_report_author(generated, data):
    t = squash(generated.text("self-assessment"))
    years = {y["year"]: y for y in data["years"]}
    last = years[data["reporting_year"]]
    values = "".join(num(years[y]["output_value_wan"] / 10000, 2) for y in sorted(years)[-3:])
    assert squash("工业总产值（亿元）") + values in t
    product = last["output"][0]
    energy = num(last["energy_tce"] / product["quantity"], 2)
    assert squash(f"单位产品综合能耗（吨标煤/产品单位）{energy}吨标煤/{product['unit']}（{product['name']}）") in t
    scope12 = last["emissions"]["category1"] + last["emissions"]["category2"]
    emissions = num(scope12 / product["quantity"], 2)
    assert squash(f"单位产品碳排放（吨CO2当量/产品单位）{emissions}吨CO2当量/{product['unit']}（{product['name']}）") in t
    person = data["enterprise"]["responsible_person"]
    assert squash(f"报告编制负责人{person['name']}负责人电话{person['phone']}") in t
