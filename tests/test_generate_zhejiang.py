"""A Zhejiang factory applying for 省级绿色低碳工厂 generates its 自评价报告 (附件6-1) and its
动态管理表 (附件4); the city bureau collects its recommended factories into the 推荐名单汇总表
(附件2). Each form reads back with every label of the source, the data's values, the engine's
points and scores, and ticks that follow the data."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from lingtan.assessment.engine.context import derived_year_figures
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_scheme
from conftest import AS_OF, generate, patched, sample_data, score, squash
from lingtan.generator.context import num, pct, pts
from lingtan.generator.package import prepare, render_batch_form
from lingtan.generator.render import document_text
from lingtan.generator.template_builder import DRAFT_MARK

# -- the source's labels (004_fbc723e62dab8526.txt), transcribed --------------------------------

COVER = ["附件6-1", "绿色低碳工厂自评价报告", "申报单位：", "所在省市：", "浙江省经济和信息化厅制"]
FILLING_NOTES = [
    "填 写 说 明",
    "一、申请企业应当准确、如实填报。",
    "二、所属行业请依据 GB/T 4754-2017《国民经济行业分类》填写；单位性质依据营业执照中的类型填写。",
    "三、有关项目页面不够时，可加附页。",
    "四、自评价报告应按照规定格式填写。",
]
BASIC_INFO = [
    "绿色低碳工厂申报单位基本信息表（自评价）", "一、企业基本信息", "工厂名称", "工厂地址", "所属行业", "单位性质",
    "统一社会信用代码", "主营业务", "主导产品", "成立日期", "注册资本", "法定代表人", "法人代表电话", "申报工作联系人",
    "联系电话", "信用等级", "环境评价信用等级", "亩均绩效*（近两年）", "年度：", "级别：", "碳效评价等级*",
    "企业近 3年经营情况", "年度金额", "工业总产值（亿元）", "利润总额（万元）", "纳税总额（万元）",
    "近 3年单位工业增加值碳排放量（吨 CO2/万元）", "最近一年能源消耗情况（根据企业实际选择填写单耗情况）",
    "年综合能耗（吨标准煤）", "单位产品综合能耗（吨标煤/产品单位）", "单位产品碳排放（吨 CO2当量/产品单位）",
    "主要荣誉（可复选）", "体系认证（可复选）", "信息化应用（可复选）", "注：以上相关信息需提供证实性材料。",
    "二、绿色低碳工厂自评价结果", "报告编制负责人", "负责人电话", "报告审核人", "报告审核人电话", "基本要求满足情况",
    "评价指标得分", "加分项得分", "总分", "材料真实性承诺",
    "我单位郑重承诺：本次申报绿色工厂所提交的相关数据和信息均真实、有效，愿接受并积极配合主管部门的监督抽查和核验。"
    "若存在弄虚作假，本单位愿承担相应的责任。",
    "法人代表或单位负责人签名：", "（公章）", "日期：",
    "表注*：亩均绩效、碳效评价等级如申报时 2022 年度数据未出，则填写已有的最新年度数据并注明。",
]
OWNERSHIP_ITEMS = {"state": "国有", "collective": "集体", "private": "民营", "sino_foreign_jv": "中外合资",
                   "hk_macao_taiwan": "港澳台", "foreign_owned": "外商独资"}
HONOUR_ITEMS = {"specialised_little_giant": "省专精特新小巨人企业", "eagle_programme": "省雄鹰行动培育企业",
                "hidden_champion": "省隐形冠军企业", "single_champion": "省单项冠军企业",
                "provincial_quality_award": "省政府质量奖", "municipal_quality_award": "市政府质量奖",
                "academician_workstation": "院士工作站", "water_saving_enterprise": "节水型企业",
                "energy_management_centre": "能源管理中心"}
CERT_ITEMS = ["质量体系认证", "环境体系认证", "职业健康安全体系认证", "能源管理体系认证", "绿色产品认证"]
INFORMATISATION_ITEMS = {"smart_microgrid": "智能微电网", "energy_platform": "能源管理平台", "erp_mrp2": "ERP/MRPⅡ", "other": "其他"}
SECTIONS = [
    "一、工厂基本情况", "二、绿色低碳工厂创建情况", "1. 基础设施情况。", "2. 管理体系情况。", "3. 能源资源投入情况。",
    "4. 产品情况。", "5. 环境排放情况。", "6. 加分项情况。", "三、下一步工作", "四、绿色低碳工厂创建自评表",
    "五、相关证明材料", "证明性材料包括但不限于以下材料（需加盖单位公章）：",
    "1. 企业营业执照复印件；", "2. 企业生产许可证复印件（适用时）；", "3. 能评批复或验收文件（适用时）；",
    "4. 工厂建设批复文件复印件；", "5. 三同时验收文件复印件；", "6. 环评验收文件复印件；", "7. 厂区平面图；",
    "8. 国家企业信用信息公示系统、信用中国、信用浙江平台信用等级查询记录；",
    "9. 审计报告关键页（含近三年工业总产值、纳税总额）。",
]
BASIC_REQUIREMENTS = [  # 附表1.1, in the source's order
    "绿色低碳工厂应依法设立，在建设和生产过程中应遵守有关法律、法规、政策和标准。",
    "依据《浙江省环境信息依法披露制度改革实施方案》的规定对环境信息进行披露。",
    "近三年（含成立不足三年）无较大及以上安全、环保、质量等事故。",
    "对利益相关方的环境要求做出承诺的，应同时满足有关承诺的要求。",
    "工厂生产现场应布局合理整洁、功能区标线清晰，安全防护措施到位。",
    "最高管理者在绿色低碳工厂方面的领导作用和承诺满足导则中 1.3.1 a)的要求。",
    "最高管理者应确保在工厂内部分配并沟通与绿色低碳工厂相关角色的职责和权限，且满足 1.3.1 b)的要求。",
    "工厂应设有绿色低碳工厂管理机构，负责有关绿色低碳工厂的制度建设、实施、考核及奖励工作，建立目标责任制。",
    "应有开展绿色低碳工厂的中长期（不少于3年）规划及年度目标、指标和实施方案。可行时，指标应明确且可量化。",
    "工厂应传播绿色低碳制造的概念和知识，定期为员工提供绿色低碳制造相关知识的教育、培训，并对教育和培训的结果进行考评。",
]
INDICATOR_HEADER = ["序号", "一级指标", "二级指标", "具体评价要求", "符合性说明及证明材料索引", "要求类型", "分值", "权重", "得分"]
FIRST_LEVEL = {"基础设施": "20%", "管理体系": "15%", "能源资源投入": "15%", "产品": "10%", "环境排放": "10%", "绩效": "30%"}
SECOND_LEVEL = {  # 二级指标 of 附表1.2 with the first row of each (by the scheme's row ids)
    "1.1.1": "建筑", "1.2.1": "照明", "1.3.1": "设备设施",
    "2.1.1": "一般要求", "2.2.1": "环境管理体系", "2.3.1": "能源管理体系", "2.4.1": "社会责任",
    "3.1.1": "能源投入", "3.2.1": "资源投入", "3.3.1": "采购",
    "4.1.1": "生态设计", "4.2.1": "有害物质使用", "4.3.1": "节能", "4.4.1": "减碳", "4.5.1": "可回收利用率",
    "5.1.1": "大气污染物", "5.2.1": "水体污染物", "5.3.1": "固体废弃物", "5.4.1": "噪声", "5.5.1": "温室气体",
    "6.1.1": "用地集约化", "6.2.1": "原料无害化", "6.3.1": "生产洁净化", "6.4.1": "废物资源化", "6.5.1": "能源低碳化",
}
REQUIREMENT_TEXTS = [  # a sample of 附表1.2 具体评价要求, as the source prints them
    "工厂的建筑应满足国家或地方相关法律法规及标准的要求。",
    "适用时，工厂的厂房采用多层建筑。",
    "人工照明应符合 GB 50034规定。",
    "工厂使用的通用用能设备采用了节能型产品或效率高、能耗低、水耗低、物耗低的产品。",
    "工厂建立、实施并保持满足 GB/T 19001的要求的质量管理体系。",
    "每年发布社会责任报告，说明履行利益相关方责任的情况，特别是环境社会责任的履行情况，报告公开可获得。",
    "建有厂区光伏电站、智能微电网。",
    "工厂应按照 GB/T7119的要求对其开展节水评价工作，且满足 GB/T18916（所有部分）中对应本行业的取水定额要求。",
    "满足绿色低碳供应链评价要求。",
    "入围国家工信部绿色设计产品。",
    "达到相关标准中的节能评价值/先进值要求，未制定标准的，产品能效达到行业前 20%的水平，前 5%为满分。",
    "利用计算结果对产品的可回收利用率进行改善。",
    "工厂产生的固体废弃物的处理应符合 GB 18599 及相关标准的要求。工厂无法自行处理的，应将固体废弃物转交给具备相应能力和资质的处理厂进行处理。",
    "可行时，利用核算或核查结果对其温室气体的排放进行改善。",
    "按照 GB/T 36132附录 A计算工厂建筑密度，建筑密度达到 40%。",
    "按照 GB/T 36132附录 A计算工业固体废物综合利用率，指标达到 73%（根据行业特点，该指标可在±20%之间选取），90%为满分。",
    "按照 GB/T 36132附录 A计算单位产品碳排放量，指标优于行业前 20%水平。（装备、电子、电器等离散制造业可采用单位产值或单位工业增加值指标。）前 5%为满分。",
]
BONUS_HEADER = ["序号", "一级指标", "二级指标", "具体评价要求", "要求类型", "分值", "权重", "得分", "证明材料索引"]
BONUS_ROWS = [  # 附表1.3: 一级指标, 二级指标, 具体评价要求
    ("综合绩效", "亩均综合绩效评价", "企业亩均综合绩效评价最近两年均为A类得10分，最近一年为A类得6分。"),
    ("碳排放管理", "碳排放管理", "工厂确定碳排放管理责任部门，制定碳排放管理制度，激励各部门为减少碳排放做出贡献，得5分；形成绿色低碳发展年度报告，得5分。"),
    ("碳排放强度", "碳排放强度下降率", "近三年，工厂单位工业增加值碳排放量年均下降率达到或超过浙江省平均值的得10分。"),
    ("碳排放强度", "碳效评价等级", "碳效综合评价为低碳的工厂，得10分；碳效综合评价为中碳的工厂，行业维度1-4档，得10分；碳效综合评价为高碳的工厂，行业维度1-2档，得10分。"),
    ("节能减碳", "节能减碳技术改造", "近3年，工厂组织实施节能减碳诊断的，得2分；实施节能减碳技术改造项目：（1）入选经信部门省级项目库的，得8分；（2）入选经信部门市级或县级项目库的得5分。"),
]

DYNAMIC_LABELS = [
    "附件4", "绿色低碳工厂动态管理表", "一、基本信息", "工厂名称", "入选年份", "工厂地址", "工厂所属行业代码",
    "（填写 4位代码）", "工厂主要产品", "填报信息联系人", "联系人电话", "项目", "亩均绩效*", "碳效评价等级*", "产值（万元）",
    "工业增加值（万元）", "能源消费总量（tce）", "可再生能源消耗量（tce）", "二、合规性信息",
    "1.工厂是否已停产或经营异常",
    "2.近三年是否发生安全（含网络安全、数据安全）、质量、环境污染等事故以及偷漏税等违法违规行为",
    "3.近三年是否在相关督查工作中被发现存在严重问题", "4.近三年是否被列入工业节能监察整改名单",
    "5.近三年是否被列为失信被执行人",
    "6.近三年是否因投资、并购或其他原因造成实际生产经营范围、生产地址或组织边界与列入绿色制造名单时相比发生重大变更",
    "7.列入以来是否发生工厂名称变更", "三、持续改进情况", "1.绩效指标提升情况", "指标名称", "指标涉及的参数",
    "列入名单时指标情况", "用地集约化", "用地面积（亩）", "单位用地面积产值（万元/亩）", "能源低碳化",
    "能源消耗总量（tce）", "碳排放总量（tce）", "单位工业增加值能耗（tce/万元）", "单位工业增加值碳排放量（tce/万元）",
    "原料节约化", "产品产量（填写产品名称及单位或者产值，以申报时采用的为准，下同，例：储水桶/万只或储水桶/万元）",
    "单位产品或产值主要原材料 1消耗量（填写原材料名称及单位，例：PP（吨/万只）或PP（吨/万元），下同）",
    "单位产品或产值主要原材料 2消耗量", "单位产品或产值主要原材料 3消耗量", "生产洁净化", "单位产品或产值废水产生量",
    "单位产品或产值氨氮产生量", "单位产品或产值 COD产生量", "单位产品或产值 SO2产生量", "单位产品或产值 NOX产生量",
    "有其他污染物自行添加",
    "2.节能降碳技改项目实施情况（填写入选绿色低碳工厂以来完成的成效最为显著的节能降碳技改项目，最多填写 5项）",
    "项目名称", "项目内容", "项目总投资", "项目实施成效", "四、列入名单以来开展的亮点工作", "五、意见和建议", "（酌情填写）",
    "真实性承诺：", "本工厂承诺，已对本表内容进行了全面审核，信息真实有效，若存在弄虚作假，愿承担相应责任。",
    "法人签字：", "（单位公章）", "表注 1：按国民经济行业分类（GB/T 4754-2017）标准填写 4位代码",
    "表注 2：统计时间为列入名单以来。存在合规性信息中所述情况的，请另附情况说明。",
    "表注 3：请根据申报时所填原材料类型填写。", "表注 4：请根据申报时所填污染物类型填写。",
    "表注*：亩均绩效、碳效评价等级如申报时 2022 年度数据未出，则填写已有的最新年度数据并注明。",
]

# -- helpers --------------------------------------------------------------------------------------


def cells(tr) -> list[str]:
    """The squashed text of each cell of a table row (vertically merged continuations read as "")."""
    return [squash("".join(t.text or "" for t in tc.iter(qn("w:t")))) for tc in tr.findall(qn("w:tc"))]


def table_with_header(doc, header: list[str]):
    for t in doc.tables:
        if cells(t.rows[0]._tr) == [squash(h) for h in header]:
            return t
    raise AssertionError(f"no table with header {header}")


def ticked(text: str, item: str) -> bool:
    """True for "☑item", False for "□item" (fails when the item has no box)."""
    t = squash(text)
    if f"☑{squash(item)}" in t:
        return True
    assert f"□{squash(item)}" in t, f"no checkbox before {item!r}"
    return False


def section_total(a, section_id: str) -> float:
    return next(s.total for s in a.sections if s.id == section_id)


@pytest.fixture(scope="module")
def data():
    return sample_data("zhejiang")


@pytest.fixture(scope="module")
def assessment(data):
    return score(data, "zhejiang")


@pytest.fixture(scope="module")
def generated(data, tmp_path_factory):
    return generate(data, tmp_path_factory.mktemp("zhejiang"))


@pytest.fixture(scope="module")
def report(generated):
    return generated.text("self-assessment")


#: the 动态管理表 is for factories on the provincial list (issue 25): the sample applicant is not; this copy is
LISTING = {"listing": {"provincial_year": 2024}}


@pytest.fixture(scope="module")
def listed(data, tmp_path_factory):
    return generate(patched(data, LISTING), tmp_path_factory.mktemp("zhejiang-listed"))


@pytest.fixture(scope="module")
def dynamic(listed):
    return listed.text("dynamic-management")


# -- the package -----------------------------------------------------------------------------------


def test_the_package_holds_every_zhejiang_form_and_no_template_code(generated, listed):
    ids = [f["id"] for f in listed.manifest["forms"]]
    assert ids == ["self-assessment", "third-party-report", "dynamic-management", "recommendation-list", "evidence-index"]
    for form_id in ids:
        text = listed.text(form_id)
        assert "{{" not in text and "{%" not in text and "[[" not in text, form_id


def test_an_applicant_not_on_the_provincial_list_gets_no_dynamic_management_table(generated):
    ids = [f["id"] for f in generated.manifest["forms"]]
    assert ids == ["self-assessment", "third-party-report", "recommendation-list", "evidence-index"]
    assert any("未生成绿色低碳工厂动态管理表" in w for w in generated.manifest["warnings"])


# -- 附件6-1 自评价报告 ---------------------------------------------------------------------------


def test_the_report_prints_the_cover_the_filling_notes_and_every_label_of_the_basic_information_table(report):
    t = squash(report)
    missing = [x for x in COVER + FILLING_NOTES + BASIC_INFO if squash(x) not in t]
    assert not missing


def test_the_cover_and_the_basic_information_table_carry_the_enterprise_data(report, data):
    t = squash(report)
    e = data["enterprise"]
    for needle in (
        f"申报单位：{e['name']}", f"所在省市：{e['province']}{e['city']}", "2026年3月15日",
        e["address"], f"{e['industry_name']}（{e['industry_code']}）", e["uscc"], e["main_business"],
        "、".join(e["main_products"]), "2008年9月12日", "12000万元", e["legal_representative"],
        e["legal_representative_phone"], e["contact"]["name"], e["contact"]["phone"], e["credit_rating"],
        "年度：2024级别：A", "年度：2025级别：A", "2025年：中碳（行业维度第3档）",
    ):
        assert squash(needle) in t, needle


def test_the_three_year_figures_are_the_data_and_the_engines_derived_intensities(generated, data):
    doc = generated.document("self-assessment")
    info = doc.tables[0]
    rows = [cells(r._tr) for r in info.rows]
    fac = Factory.model_validate(data)
    years = {y["year"]: y for y in data["years"]}
    assert ["企业近3年经营情况", "年度金额", "2023", "2024", "2025"] in rows
    assert ["", "利润总额（万元）"] + [num(years[y]["profit_wan"]) for y in (2023, 2024, 2025)] in rows
    assert ["", "纳税总额（万元）"] + [num(years[y]["tax_wan"]) for y in (2023, 2024, 2025)] in rows
    intensity = [num(derived_year_figures(fac.year(y))["carbon_intensity"], 4) for y in (2023, 2024, 2025)]
    assert intensity == ["0.4743", "0.4135", "0.3723"]
    assert [squash("近3年单位工业增加值碳排放量（吨CO2/万元）")] + intensity in rows
    assert any(r[-2:] == ["年综合能耗（吨标准煤）", num(years[2025]["energy_tce"])] for r in rows)
    # 亿元: the engine's derived figure output_value_yi (output_value_wan / 10000), not computed in the template
    assert ["", "工业总产值（亿元）"] + [num(years[y]["output_value_wan"] / 10000, 2) for y in (2023, 2024, 2025)] in rows


def test_ownership_honours_certificates_and_informatisation_are_ticked_from_the_data(report):
    assert {k: ticked(report, v) for k, v in OWNERSHIP_ITEMS.items()} == {k: k == "private" for k in OWNERSHIP_ITEMS}
    assert "内资（□国有□集体☑民营）" in squash(report)
    have = {"specialised_little_giant", "energy_management_centre", "water_saving_enterprise"}
    assert {k: ticked(report, v) for k, v in HONOUR_ITEMS.items()} == {k: k in have for k in HONOUR_ITEMS}
    assert [ticked(report, c) for c in CERT_ITEMS] == [True, True, True, True, False]
    assert {k: ticked(report, v) for k, v in INFORMATISATION_ITEMS.items()} == {
        "smart_microgrid": False, "energy_platform": True, "erp_mrp2": True, "other": False}
    assert ticked(report, "符合") and not ticked(report, "不符合")


def test_changing_the_data_moves_the_ticks(data, tmp_path):
    changed = patched(data, {
        "enterprise.ownership": "state",
        "enterprise.informatisation": ["smart_microgrid"],
        "honours.other": ["hidden_champion", "green_product_cert"],
        "management_systems.certificates": [  # the QMS certificate expired before the evaluation date
            dict(c, expires="2025-12-31") if c["system"] == "qms" else c for c in data["management_systems"]["certificates"]
        ],
        "organisation.training": False,  # 附表1.1 last row no longer met
    })
    text = generate(changed, tmp_path).text("self-assessment")
    assert ticked(text, "国有") and not ticked(text, "民营")
    assert ticked(text, "智能微电网") and not ticked(text, "能源管理平台")
    assert ticked(text, "省隐形冠军企业") and not ticked(text, "省专精特新小巨人企业")
    assert [ticked(text, c) for c in CERT_ITEMS] == [False, True, True, True, True]
    assert ticked(text, "不符合") and "☑符合" not in squash(text)


def test_the_scores_of_the_basic_information_table_are_the_engines(report, assessment):
    t = squash(report)
    assert f"评价指标得分{pts(section_total(assessment, 'main'))}" in t
    assert f"加分项得分{pts(section_total(assessment, 'bonus'))}" in t
    assert f"总分{pts(assessment.total)}" in t
    assert (pts(section_total(assessment, "main")), pts(section_total(assessment, "bonus")), pts(assessment.total)) == ("89.66", "9.4", "99.06")


def test_sections_one_to_five_print_the_narratives_and_the_evidence_files(report, generated, data):
    t = squash(report)
    missing = [x for x in SECTIONS if squash(x) not in t]
    assert not missing
    for key in ("overview", "creation", "next_steps"):  # given in the data: printed as written, not drafted
        assert squash(data["narratives"][key]) in t
    drafted = {n["key"] for n in generated.manifest["narratives"] if n["source"] == "draft"}
    assert {"creation_infrastructure", "creation_management", "creation_bonus"} <= drafted
    assert squash(DRAFT_MARK) in t
    assert "厂房竣工验收备案表.pdf" in t and "评价指标1.1.1建筑满足法律法规及标准" in t
    assert "01724Q30567R2M" in t  # the management-system draft states the certificates of the data


def test_appendix_1_1_lists_every_basic_requirement_with_the_engines_conclusion(generated, assessment):
    table = table_with_header(generated.document("self-assessment"), ["基本要求", "是否符合", "证明材料索引"])
    rows = [cells(r._tr) for r in table.rows[1:]]
    assert [r[0] for r in rows] == [squash(x) for x in BASIC_REQUIREMENTS]
    basic = [c for c in assessment.conditions if c.group == "basic"]
    assert [r[1] for r in rows] == ["符合" if c.status == "met" else "不符合" for c in basic]
    assert rows[6][2].endswith("绿色低碳工厂相关岗位职责与权限分配文件.pdf")


def test_appendix_1_2_prints_every_indicator_with_its_points_and_the_engines_score(generated, assessment):
    doc = generated.document("self-assessment")
    text = squash(document_text(generated.docx("self-assessment").read_bytes()))
    assert "附表1.2" in text and "绿色低碳工厂评价指标自评表" in text and "（2025年）" in text
    table = table_with_header(doc, INDICATOR_HEADER)
    rows = [cells(r._tr) for r in table.rows[1:]]
    main = [i for i in assessment.indicators if i.section == "main"]
    body = rows[: len(main)]
    assert len(body) == len(main) == 96
    for i, r in zip(main, body):
        assert r[3] == squash(i.text), i.id
        req = "必选" if i.requirement == "required" else "可选"
        assert r[5] == req + ("（适用时）" if i.id in ("4.3.1", "4.3.2") else ""), i.id
        assert (r[6], r[8]) == (pts(i.max_points), pts(i.points)), i.id
        assert r[2] == squash(SECOND_LEVEL.get(i.id, "")), i.id
    # 一级指标 (with 序号 and 权重) is printed once, at the first row of its category
    firsts = {r[1]: (r[0], r[7]) for r in body if r[1]}
    assert firsts == {name: (str(n), w) for n, (name, w) in enumerate(FIRST_LEVEL.items(), 1)}
    assert rows[len(main)] == ["总分", pts(section_total(assessment, "main"))]
    for x in REQUIREMENT_TEXTS + ["注：绿色工厂必须满足各项必选要求，可选要求按照受评工厂满足程度在0分到满分中取值。"]:
        assert squash(x) in text, x
    # derivation and evidence of a computed row
    row = body[[i.id for i in main].index("6.4.4")]
    assert row[8] == "3.2" and "86.6%" in row[4]


def test_appendix_1_2_merges_first_level_and_weight_over_their_rows_as_the_source_does(generated):
    table = table_with_header(generated.document("self-assessment"), INDICATOR_HEADER)
    trs = [r._tr for r in table.rows[1:10]]  # 基础设施-建筑: 9 rows

    def vmerge(tr, col):
        el = tr.findall(qn("w:tc"))[col].find(qn("w:tcPr")).find(qn("w:vMerge"))
        return None if el is None else (el.get(qn("w:val")) or "continue")

    for col in (0, 1, 7):
        assert [vmerge(tr, col) for tr in trs] == ["restart"] + ["continue"] * 8
    assert all(vmerge(tr, 2) is None for tr in trs)


def test_the_category_scores_are_the_engines_weighted_scores(generated, assessment):
    table = table_with_header(generated.document("self-assessment"), ["序号", "一级指标", "各行得分合计", "一级指标得分", "权重", "加权得分"])
    rows = [cells(r._tr) for r in table.rows[1:]]
    cats = [c for c in assessment.categories if c.section == "main"]
    assert rows[:-1] == [[str(n), c.name, pts(c.raw), pts(c.score), pct(c.weight, 0), pts(c.weighted)] for n, c in enumerate(cats, 1)]
    assert rows[2][2:4] == ["102", "100"]  # 能源资源投入: the row sum over 100 counts as 100
    assert rows[-1] == ["总分", pts(section_total(assessment, "main"))]


def test_appendix_1_3_prints_the_bonus_items_and_their_total(generated, assessment):
    text = squash(generated.text("self-assessment"))
    assert "附表1.3" in text and "绿色低碳工厂加分项评价表" in text
    table = table_with_header(generated.document("self-assessment"), BONUS_HEADER)
    rows = [cells(r._tr) for r in table.rows[1:]]
    bonus = [i for i in assessment.indicators if i.section == "bonus"]
    assert [tuple(r[1:4]) for r in rows[:-1]] == [tuple(squash(x) for x in row) for row in BONUS_ROWS]
    assert [r[4:8] for r in rows[:-1]] == [["可选", "10", "20%", pts(i.points)] for i in bonus]
    assert [r[7] for r in rows[:-1]] == ["10", "10", "10", "10", "7"]
    assert rows[-1][:2] == ["加分合计", pts(section_total(assessment, "bonus"))]
    assert "2025年度碳效码.pdf" in rows[3][8]


# -- 附件4 动态管理表 ------------------------------------------------------------------------------


def test_the_dynamic_management_table_prints_every_label_of_the_source(dynamic):
    t = squash(dynamic)
    missing = [x for x in DYNAMIC_LABELS if squash(x) not in t]
    assert not missing


def test_the_dynamic_management_table_carries_three_years_of_figures(listed, data):
    doc = listed.document("dynamic-management")
    rows = [cells(r._tr) for r in doc.tables[0].rows]
    years = {y["year"]: y for y in data["years"]}
    assert ["项目", "2023年", "2024年", "2025年"] in rows
    assert ["工厂名称", data["enterprise"]["name"], "入选年份", "2024"] in rows
    for label, key in (("产值（万元）", "output_value_wan"), ("工业增加值（万元）", "added_value_wan"),
                       ("能源消费总量（tce）", "energy_tce"), ("可再生能源消耗量（tce）", "renewable_tce")):
        assert [label] + [num(years[y][key]) for y in (2023, 2024, 2025)] in rows, label
    assert ["亩均绩效*", "A", "A", "A"] in rows
    assert ["碳效评价等级*", "中碳（第4档）", "中碳（第4档）", "中碳（第3档）"] in rows


def test_the_improvement_table_compares_the_listing_year_with_the_reporting_year(listed, data):
    table = table_with_header(listed.document("dynamic-management"), ["指标名称", "指标涉及的参数", "列入名单时指标情况", "2025年指标情况"])
    rows = {r[-3]: r[-2:] for r in (cells(tr._tr) for tr in table.rows[1:])}
    fac = Factory.model_validate(data)
    listed, last = derived_year_figures(fac.year(2024)), derived_year_figures(fac.year(2025))
    assert rows["用地面积（亩）"] == ["186", "186"]
    assert rows["碳排放总量（tce）"] == [num(listed["scope12"]), num(last["scope12"])] == ["17160", "16680"]
    assert rows[squash("单位工业增加值能耗（tce/万元）")] == [num(listed["energy_intensity"], 4), num(last["energy_intensity"], 4)]
    assert rows[squash("单位工业增加值碳排放量（tce/万元）")] == [num(listed["carbon_intensity"], 4), num(last["carbon_intensity"], 4)]
    assert rows["单位用地面积产值（万元/亩）"] == ["", ""]  # no derived figure: left for hand filling


def test_compliance_answers_follow_the_data(dynamic, data, tmp_path):
    t = squash(dynamic)
    for n in range(1, 6):
        assert re.search(rf"{n}\.[^□☑]*□是☑否", t), n
    assert "重大变更□是□否" in t and "名称变更□是□否" in t  # no data field: left for hand ticking
    changed = patched(data, {
        **LISTING,
        "compliance.accidents": [{"date": "2025-06-01", "kind": "safety", "severity": "general"}],
        "compliance.energy_inspection": "rectified",
    })
    t2 = squash(generate(changed, tmp_path).text("dynamic-management"))
    assert "违法违规行为☑是□否" in t2 and "整改名单☑是□否" in t2
    assert "经营异常□是☑否" in t2


def test_the_retrofit_projects_are_listed_up_to_five(listed, data, tmp_path):
    header = ["项目名称", "项目内容", "项目总投资", "项目实施成效"]
    rows = [cells(r._tr) for r in table_with_header(listed.document("dynamic-management"), header).rows[1:]]
    assert [r[0] for r in rows] == [squash(f"项目{n}：{p['name']}") for n, p in enumerate(data["projects"], 1)]
    assert rows[2][2:] == ["620万元", squash("节能310吨标煤，降碳760吨；年节约天然气23万立方米")]
    assert rows[2][1] == squash("节能改造（实施期限：2023—2024年）")
    many = patched(data, {**LISTING, "projects": data["projects"] + [dict(data["projects"][0], name=f"补充项目{k}") for k in range(3)]})
    doc = generate(many, tmp_path).document("dynamic-management")
    assert len(table_with_header(doc, header).rows) == 1 + 5


# -- 附件2 推荐名单汇总表 (a batch table) ----------------------------------------------------------


def _prepared(data):
    scheme = load_scheme("zhejiang")
    return prepare(Factory.model_validate(data), scheme, "provincial", AS_OF)


def test_the_bureaus_recommendation_list_has_one_row_per_enterprise(data):
    scheme = load_scheme("zhejiang")
    form = next(fm for fm in scheme.forms if fm.id == "recommendation-list")
    assert form.batch
    others = [
        patched(data, {"enterprise.name": "嘉兴示例化纤有限公司", "enterprise.industry_code": "2822", "enterprise.industry_name": "涤纶纤维制造"}),
        patched(data, {"enterprise.name": "平湖示例光电科技有限公司", "enterprise.industry_code": "3976", "enterprise.industry_name": "光电子器件制造"}),
    ]
    rendered = render_batch_form(scheme, form, [_prepared(d) for d in [data] + others])
    doc = Document(io.BytesIO(rendered.data))
    text = squash(document_text(rendered.data))
    for label in ("附件 2", "设区市经济和信息化局省级绿色制造名单推荐汇总表", "绿色低碳工业园区", "绿色低碳工厂"):
        assert squash(label) in text
    parks = table_with_header(doc, ["序号", "园区名称", "第三方机构名称"])
    assert [cells(r._tr)[0] for r in parks.rows[1:]] == ["1", "2", "…"]
    factories = table_with_header(doc, ["序号", "企业名称", "第三方机构名称", "所属行业"])
    assert [cells(r._tr) for r in factories.rows[1:]] == [
        ["1", data["enterprise"]["name"], "", "紧固件制造（3482）"],
        ["2", "嘉兴示例化纤有限公司", "", "涤纶纤维制造（2822）"],
        ["3", "平湖示例光电科技有限公司", "", "光电子器件制造（3976）"],
    ]


def test_an_enterprises_own_package_lists_itself_in_the_recommendation_list(generated, data):
    doc = generated.document("recommendation-list")
    factories = table_with_header(doc, ["序号", "企业名称", "第三方机构名称", "所属行业"])
    assert [cells(r._tr)[:2] for r in factories.rows[1:]] == [["1", data["enterprise"]["name"]]]


def test_without_texts_the_sections_get_marked_drafts_stating_the_datas_facts(data, assessment, tmp_path):
    g = generate(patched(data, {"narratives": {}, **LISTING}), tmp_path)
    t = squash(g.text("self-assessment"))
    drafted = {n["key"] for n in g.manifest["narratives"] if n["source"] == "draft"}
    assert {"overview", "creation", "next_steps", "highlights"} <= drafted
    e = data["enterprise"]
    assert squash(f"{e['name']}（统一社会信用代码{e['uscc']}）位于{e['address']}") in t
    assert "企业还获得省专精特新小巨人企业、能源管理中心、节水型企业等荣誉。" in t
    assert (f"评价指标得分{pts(section_total(assessment, 'main'))}分，加分项得分{pts(section_total(assessment, 'bonus'))}分，"
            f"总分{pts(assessment.total)}分。") in t
    assert "合计16680吨，经嘉兴绿衡低碳技术服务有限公司第三方核查。" in t
    assert "拟实施的重大项目" not in t  # every project of the sample is completed: no sentence about planned ones
    highlights = squash(g.text("dynamic-management"))
    assert "网带式热处理炉燃烧系统优化及余热回收改造（2024年，入选市级项目库）" in highlights
