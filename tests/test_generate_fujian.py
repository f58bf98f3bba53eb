"""A Fujian enterprise fills in its data once and gets the province's forms, filled in.

福建省零碳工厂建设管理办法（征求意见稿）(002_34be30084f328820.txt) asks a 零碳工厂 applicant for
附件1 申报书 and 附件3 评价指标表, and a 近零碳工厂 for 附件2 申报书 and 附件4 验收评价表. Each test
generates the package of a sample enterprise, reads the .docx back and checks it against the
source form (labels transcribed below from the seed), the data, and the engine's assessment.
"""

from __future__ import annotations

import re

import pytest

from lingtan.assessment.model.vocab import OWNERSHIP
from lingtan.assessment.schemes import load_scheme
from conftest import ROOT, generate, patched, sample_data, score, squash
from lingtan.generator.context import label, num, pts

# -- the source forms, transcribed from the seed ------------------------------------------

# 附件1 福建省零碳工厂申报书 (seed lines ~69–140), in the source's order.
ZERO_APPLICATION_LABELS = [
    "附件1", "福建省零碳工厂申报书", "企业名称：",
    "基本信息表", "一、企业基本信息",
    "企业名称", "企业地址", "所属行业", "主要产品",
    "单位性质", "内资（", "国有", "集体", "民营）", "中外合资", "港澳台", "外商独资",
    "统一社会信用代码", "法定代表人", "联系部门", "联系人", "联系电话", "电子邮箱",
    "年综合能耗（tce）", "基准值（2021年）：", "年碳排放量（tCO2）", "基准值（2021年）：",
    "申报上年度值：", "申报上年度值：",
    "主要产品产量", "基准值（2021年）：", "碳抵消量（tCO2）", "申报上年度值：",
    "二、“零碳”工厂自评价结果", "自评价得分", "零碳建设主要成效",
]

# 附件2 福建省近零碳工厂申报书 (seed lines ~143–205).
NEAR_ZERO_APPLICATION_LABELS = [
    "附件2", "福建省近零碳工厂申报书", "企业名称：",
    "基本信息表", "一、企业基本信息",
    "企业名称", "企业地址", "所属行业", "主要产品",
    "单位性质", "内资（", "国有", "集体", "民营）", "中外合资", "港澳台", "外商独资",
    "统一社会信用代码", "法定代表人", "联系部门", "联系人", "联系电话", "电子邮箱",
    "年综合能耗（tce）", "年碳排放量（tCO2）", "主要产品产量", "碳抵消量（tCO2）",
    "二、近零碳工厂自评价结果", "是否获评省级及以上绿色工厂", "自评价得分", "零碳建设现状及规划",
]

OWNERSHIP_ITEMS = ["国有", "集体", "民营", "中外合资", "港澳台", "外商独资"]

# 评价要求 of the rows shared by 附件3 and 附件4 (identical wording in both).
R_REGISTERED = "福建省内依法注册登记、开展生产经营活动的制造业企业。"
R_POLICY = "符合国家产业政策要求，未使用国家明令禁止或者列入限制、淘汰目录的落后工艺、设备和产品。"
R_ACCIDENTS = "近36个月无安全（含网络安全、数据安全）、质量、环境污染等事故，无节能、环保、偷漏税等违法违规行为。"
R_INSPECTION = "近三年未在国务院及有关部门相关督查工作中被发现存在严重问题，未被列入工业节能监察整改名单或已按要求完成整改，不属于失信被执行人。"
R_LAWS = "严格遵守国家和地方绿色低碳循环利用相关法律法规、政策、标准和相关规定。"
R_EFFICIENCY = (
    "单位产品、工序能耗应达到相关行业强制性能耗限额国家标准的1级或先进值或福建省能源消耗限额标准的先进值（适用时）。"
    "涉及工业重点领域产品的，工厂的能效水平应达到《工业重点领域能效标杆水平和基准水平》的能效标杆水平。"
)
R_INTENSITY = "单位工业增加值碳排放量达到我省平均水平（≤8吨二氧化碳/万元，以未抵消的碳排放量计算）。"
R_PROJECTS = "近2年开展3项及以上节能减碳改造项目（含可再生能源利用项目）。"
R_BODY = "设立温室气体排放管理机构，指定专人负责企业温室气体排放管理的制度建设和节能降碳工作推进。"
R_TRAINING = "加强员工温室气体排放管理相关能力建设，定期组织相关的教育、培训，并对结果进行考评。"
R_REPORTING = "建立温室气体排放统计及报告制度，明确数据收集、量化、报告及归档要求。"
R_ACCOUNTING = (
    "依据生态环境部发布的企业温室气体排放核算与报告指南、国家发展改革委发布的重点行业企业温室气体排放核算方法与报告指南（试行）、"
    "GB/T 32151、ISO14064-1:2018等对温室气体排放进行核算和报告，必要时进行结果披露。"
)
R_CERTIFIED = "能源管理体系、环境管理体系通过认证。"
R_DIGITAL = "按照工业和信息化部《工业企业和园区数字化能碳管理中心建设指南》建设数字化能碳管理中心。"
R_STRUCTURE = "优化能源结构，控制化石能源消费，提高非化石能源消费占比。"
R_ONSITE = "利用厂区条件建设光伏发电或风力发电等可再生能源利用设施。"
R_TECH = "采用国家和福建省节能、低碳技术推广目录中推荐的技术或产品，应用节能、低碳或负碳技术减少温室气体排放。"
R_SUPPLY = "向上游供应商获取原材料碳足迹相关数据，并采取措施推动供应链全链条低零碳发展。"
R_ECODESIGN = "按照GB/T 24256对生产的产品进行生态设计，优化产品设计和生产工艺，减少原辅材料和能源的消耗。"
R_ECOEVAL = "按照GB/T 32161等适用标准对生产的产品进行生态设计产品评价。"
R_FOOTPRINT = "采用GB/T 24067等标准开展产品碳足迹核算或认证工作，根据核算结果实施产品碳足迹改善措施。"
R_AUDIT = "定期开展节能诊断或能源审计，挖掘节能减碳空间，提出合理化节能减碳措施。"
NOTE = (
    "注：评价指标来源于福建省地方标准《低零碳工厂建设导则》（DB35/T 2285—2025）《工业企业碳效评价导则》"
    "（DB35/T 2258-2025），相关指标解释及计算方法可参考该标准，各项评价指标按照满足程度在0分到满分中取值。"
)

# 否决项: (序号, 评价指标 as printed — None where the cell above is merged over it, 评价要求).
ZERO_VETO = [
    ("1", "基本条件", R_REGISTERED),
    ("2", None, R_POLICY),
    ("3", None, R_ACCIDENTS),
    ("4", None, R_INSPECTION),
    ("5", None, R_LAWS),
    ("6", "能效水平", R_EFFICIENCY),
    ("7", "碳削减", "以2021年为基准期，碳削减率达100%（其中通过绿证交易、碳汇购买、自愿减排项目开发等碳抵消方式削减的碳排放量不得超过基准值的50%）。"),
]
NEAR_ZERO_VETO = ZERO_VETO[:6] + [
    ("7", "碳削减", "培育期内年碳排放量保持下降且碳削减率不低于5%（以未抵消的碳排放量计算）。"),
    ("8", "能耗规模及绿色化水平", "年综合能源消费量在5000吨标准煤及以上（当量值），且获得省级及以上绿色工厂称号。"),
]

# 评分项: (the scheme's id of the row, 序号 as printed, category as printed or None where merged,
# 评价指标 or None where merged, 评价要求, 分值).
ZERO_SCORED = [
    ("8", "8", "温室气体减排绩效（30）", "碳排放强度", R_INTENSITY, 5),
    ("9", "9", None, "能效提升", R_PROJECTS, 5),
    ("10", "10", None, "碳抵消（逆向指标）",
     "评价企业通过绿证交易、碳汇购买、自愿减排项目开发等碳抵消方式削减的碳排放量（即Ei,offset，碳抵消量）占碳排放基准值的比例，"
     "碳抵消占比越高，此项得分越低。【碳抵消占比=Ei,offset（碳抵消量）/E基准线（基准线碳排放量），该项得分=50−碳抵消占比×100】", 20),
    ("11-1", "11", "建立零碳管理体系（30）", "温室气体排放管理体系", R_BODY, 5),
    ("11-2", None, None, None, R_TRAINING, 5),
    ("11-3", None, None, None, R_REPORTING, 5),
    ("12", "12", None, "温室气体排放核算和报告", R_ACCOUNTING, 5),
    ("13", "13", None, "体系建设", R_CERTIFIED, 5),
    ("14", "14", None, "信息化系统", R_DIGITAL, 5),
    ("15-1", "15", "温室气体减排措施（40）", "低零碳能源", R_STRUCTURE, 5),
    ("15-2", None, None, None, R_ONSITE, 5),
    ("16", "16", None, "低零碳技术", R_TECH, 5),
    ("17", "17", None, "低零碳供应链", R_SUPPLY, 5),
    ("18-1", "18", None, "产品生态设计及评价", R_ECODESIGN, 5),
    ("18-2", None, None, None, R_ECOEVAL, 5),
    ("19", "19", None, "产品碳足迹评价", R_FOOTPRINT, 5),
    ("20", "20", None, "能源审计和节能诊断", R_AUDIT, 5),
]
# 附件4: no 碳抵消 item, 15 points for 9 and 10, and no 序号 11 (the source skips it).
NEAR_ZERO_SCORED = [
    ("9", "9", "温室气体减排绩效（30）", "碳排放强度", R_INTENSITY, 15),
    ("10", "10", None, "能效提升", R_PROJECTS, 15),
    ("12-1", "12", "建立零碳管理体系（30）", "温室气体排放管理体系", R_BODY, 5),
    ("12-2", None, None, None, R_TRAINING, 5),
    ("12-3", None, None, None, R_REPORTING, 5),
    ("13", "13", None, "温室气体排放核算和报告", R_ACCOUNTING, 5),
    ("14", "14", None, "体系建设", R_CERTIFIED, 5),
    ("15", "15", None, "信息化系统", R_DIGITAL, 5),
    ("16-1", "16", "温室气体减排措施（40）", "低零碳能源", R_STRUCTURE, 5),
    ("16-2", None, None, None, R_ONSITE, 5),
    ("17", "17", None, "低零碳技术", R_TECH, 5),
    ("18", "18", None, "低零碳供应链", R_SUPPLY, 5),
    ("19-1", "19", None, "产品生态设计及评价", R_ECODESIGN, 5),
    ("19-2", None, None, None, R_ECOEVAL, 5),
    ("20", "20", None, "产品碳足迹评价", R_FOOTPRINT, 5),
    ("21", "21", None, "能源审计和节能诊断", R_AUDIT, 5),
]


def table_labels(attachment: str, title: str, veto: list, scored: list) -> list[str]:
    """Every label of an evaluation table, in the source's order."""
    out = [attachment, title, "企业名称：", "序号", "评价指标", "评价要求", "是否符合", "否决项"]
    for no, name, text in veto:
        out += [no] + ([name] if name else []) + [text]
    out += ["序号", "评价指标", "评价要求", "分值", "得分", "评分项"]
    for _, no, category, name, text, points in scored:
        out += [x for x in (no, category, name) if x] + [text, str(points)]
    return out + ["合计", "100", NOTE]


# -- helpers --------------------------------------------------------------------------------

def assert_in_order(text: str, labels: list[str]) -> None:
    """Each label appears in ``text`` (whitespace ignored), each after the one before."""
    flat, pos = squash(text), 0
    for lab in labels:
        at = flat.find(squash(lab), pos)
        assert at >= 0, f"label {lab!r} missing (or out of order) after …{flat[max(0, pos - 30):pos]}"
        pos = at + len(squash(lab))


def rows_labelled(doc, lab: str) -> list[list[str]]:
    """The rows of the document's first table whose first cell reads ``lab`` (cell texts squashed)."""
    return [[squash(c.text) for c in r.cells] for r in doc.tables[0].rows if squash(r.cells[0].text) == squash(lab)]


def value_of(doc, lab: str) -> str:
    """The (squashed) text of the cell right of the label ``lab``, anywhere in the first table."""
    for r in doc.tables[0].rows:
        cells = [squash(c.text) for c in r.cells]
        for i, c in enumerate(cells[:-1]):
            if c == squash(lab) and cells[i + 1] != c:
                return cells[i + 1]
    raise AssertionError(f"no cell labelled {lab!r}")


def ticks(text: str) -> dict[str, str]:
    """单位性质 item → its box (☑ or □)."""
    found = dict((item, box) for box, item in re.findall(r"([☑□])\s*(国有|集体|民营|中外合资|港澳台|外商独资)", text))
    assert set(found) == set(OWNERSHIP_ITEMS), found
    return found


def veto_rows(doc) -> list[list[str]]:
    """The 否决项 rows of an evaluation table: between the first and the second header."""
    rows = [[squash(c.text) for c in r.cells] for r in doc.tables[0].rows]
    second = next(i for i, r in enumerate(rows) if i > 0 and r[1] == "序号")
    return rows[1:second]


def scored_rows(doc) -> list[list[str]]:
    """The 评分项 rows of an evaluation table: after the second header, before 合计."""
    rows = [[squash(c.text) for c in r.cells] for r in doc.tables[0].rows]
    second = next(i for i, r in enumerate(rows) if i > 0 and r[1] == "序号")
    return [r for r in rows[second + 1:] if r[1] != "合计"]


def total_row(doc) -> list[str]:
    return next([squash(c.text) for c in r.cells] for r in doc.tables[0].rows if squash(r.cells[1].text) == "合计")


def scope12(data: dict, year: int) -> float:
    e = next(y for y in data["years"] if y["year"] == year)["emissions"]
    return e["category1"] + e["category2"]


def year_of(data: dict, year: int) -> dict:
    return next(y for y in data["years"] if y["year"] == year)


# -- the packages ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zero(tmp_path_factory):
    return generate(sample_data("fujian-zero"), tmp_path_factory.mktemp("zero"))


@pytest.fixture(scope="module")
def near(tmp_path_factory):
    return generate(sample_data("fujian-near-zero"), tmp_path_factory.mktemp("near"))


@pytest.fixture(scope="module")
def fails(tmp_path_factory):
    return generate(sample_data("fujian-near-zero-fails"), tmp_path_factory.mktemp("fails"))


# -- 零碳工厂: 附件1 申报书 -----------------------------------------------------------------

def test_a_zero_carbon_applicant_gets_the_application_and_the_evaluation_table(zero):
    assert [f["id"] for f in zero.manifest["forms"]] == ["application", "evaluation-table", "evidence-index"]
    name = sample_data("fujian-zero")["enterprise"]["name"]
    assert zero.docx("application").name == f"{name}-福建省零碳工厂申报书.docx"
    assert zero.docx("evaluation-table").name == f"{name}-福建省零碳工厂评价指标表.docx"


def test_the_zero_carbon_application_prints_every_label_of_attachment_1_in_order(zero):
    assert_in_order(zero.text("application"), ZERO_APPLICATION_LABELS)


def test_the_zero_carbon_application_shows_the_enterprise_as_the_data_gives_it(zero):
    data = sample_data("fujian-zero")
    e, doc = data["enterprise"], zero.document("application")
    assert value_of(doc, "企业名称") == squash(e["name"])
    assert value_of(doc, "企业地址") == squash(e["address"])
    assert e["industry_code"] in value_of(doc, "所属行业") and e["industry_name"] in value_of(doc, "所属行业")
    assert value_of(doc, "主要产品") == "、".join(e["main_products"])
    assert value_of(doc, "统一社会信用代码") == e["uscc"]
    assert value_of(doc, "法定代表人") == e["legal_representative"]
    assert value_of(doc, "联系部门") == e["contact"]["department"]
    assert value_of(doc, "联系人") == e["contact"]["name"]
    assert value_of(doc, "联系电话") == e["contact"]["phone"]
    assert value_of(doc, "电子邮箱") == e["contact"]["email"]
    cover = squash(zero.text("application").split("基本信息表")[0])
    assert f"企业名称：{squash(e['name'])}" in cover and "2026年3月15日" in cover


def test_the_zero_carbon_application_gives_2021_and_last_year_energy_emissions_output_and_offsets(zero):
    data, doc = sample_data("fujian-zero"), zero.document("application")
    base, last = year_of(data, 2021), year_of(data, data["reporting_year"])
    energy = rows_labelled(doc, "年综合能耗（tce）")
    assert energy[0][1] == f"基准值（2021年）：{num(base['energy_tce'])}"
    assert energy[1][1] == f"申报上年度值：{num(last['energy_tce'])}"
    assert energy[0][3] == f"基准值（2021年）：{num(scope12(data, 2021))}"  # 类别1 + 类别2
    assert energy[1][3] == f"申报上年度值：{num(scope12(data, data['reporting_year']))}"
    assert (energy[0][3], energy[1][3]) == ("基准值（2021年）：12000", "申报上年度值：4300")
    output = rows_labelled(doc, "主要产品产量")
    o0, o1 = base["output"][0], last["output"][0]
    assert output[0][1] == squash(f"基准值（2021年）：{o0['name']} {num(o0['quantity'])}{o0['unit']}")
    assert output[1][1] == squash(f"申报上年度值：{o1['name']} {num(o1['quantity'])}{o1['unit']}")
    offsets = sum(last["offsets"].values())
    assert offsets == 4380
    assert output[0][3] == f"{num(offsets)}（{data['reporting_year']}年）"


def test_the_zero_carbon_application_gives_the_engines_score_and_the_300_character_text(zero):
    data, doc = sample_data("fujian-zero"), zero.document("application")
    a = score(data, "fujian-zero")
    assert zero.result.total == a.total == 85.5
    assert value_of(doc, "自评价得分") == pts(a.total)
    assert value_of(doc, "零碳建设主要成效") == squash(data["narratives"]["zero_carbon_achievements"])
    n = next(n for n in zero.manifest["narratives"] if n["key"] == "zero_carbon_achievements")
    assert n["source"] == "data" and n["limit"] == "限300字以内（零碳建设主要成效）" and n["status"] == "ok"


def test_the_sample_ownership_is_ticked_and_the_other_five_are_not(zero, near):
    assert ticks(zero.text("application")) == {i: "☑" if i == "中外合资" else "□" for i in OWNERSHIP_ITEMS}
    assert ticks(near.text("application")) == {i: "☑" if i == "民营" else "□" for i in OWNERSHIP_ITEMS}


@pytest.mark.parametrize("key", list(OWNERSHIP))
def test_changing_the_ownership_moves_the_tick(key, tmp_path):
    g = generate(patched(sample_data("fujian-zero"), {"enterprise.ownership": key}), tmp_path)
    assert ticks(g.text("application")) == {i: "☑" if i == OWNERSHIP[key] else "□" for i in OWNERSHIP_ITEMS}


def test_ownership_given_by_its_chinese_label_ticks_the_same_box(tmp_path):
    g = generate(patched(sample_data("fujian-near-zero"), {"enterprise.ownership": "港澳台"}), tmp_path)
    assert ticks(g.text("application")) == {i: "☑" if i == "港澳台" else "□" for i in OWNERSHIP_ITEMS}


def test_without_an_application_date_the_cover_date_is_left_for_handwriting(tmp_path):
    g = generate(patched(sample_data("fujian-zero"), {"application.date": None}), tmp_path)
    cover = squash(g.text("application").split("基本信息表")[0])
    assert cover.endswith("年月日") and "2026年" not in cover


# -- 零碳工厂: 附件3 评价指标表 ----------------------------------------------------------

def test_the_evaluation_table_prints_every_label_of_attachment_3_in_order(zero):
    assert_in_order(zero.text("evaluation-table"), table_labels("附件3", "福建省零碳工厂评价指标表", ZERO_VETO, ZERO_SCORED))
    assert f"企业名称：{squash(sample_data('fujian-zero')['enterprise']['name'])}" in squash(zero.text("evaluation-table"))


def test_the_rows_of_the_evaluation_tables_are_the_schemes_conditions_and_indicators():
    """The source's numbering (序号 11, 15, 18 of 附件3 spread over several rows; 附件4 without 11)
    is the scheme's, and each template reads the engine's result of exactly those ids, in order."""
    for scheme_id, form, veto, scored in (
        ("fujian-zero", "evaluation-table", ZERO_VETO, ZERO_SCORED),
        ("fujian-near-zero", "acceptance-table", NEAR_ZERO_VETO, NEAR_ZERO_SCORED),
    ):
        scheme = load_scheme(scheme_id)
        assert [c.id for c in scheme.conditions if c.group == "veto"] == [v[0] for v in veto]
        assert [c.id for c in scheme.conditions] == [v[0] for v in veto]
        assert [i.id for i in scheme.indicators] == [s[0] for s in scored]
        assert [i.points for i in scheme.indicators] == [s[5] for s in scored]
        assert [i.id.split("-")[0] for i in scheme.indicators] == [s[1] or prev for s, prev in zip(scored, _carry(scored))]
        src = (ROOT / "lingtan" / "data" / "schemes" / scheme_id / "templates" / f"{form}.yaml").read_text(encoding="utf-8")
        assert re.findall(r"cond\['([\w-]+)'\]", src) == [v[0] for v in veto]
        assert re.findall(r"ind\['([\w-]+)'\]", src) == [s[0] for s in scored]


def _carry(scored: list) -> list[str]:
    """序号 of each row, the merged ones taking the number of the row above."""
    out, last = [], None
    for s in scored:
        last = s[1] or last
        out.append(last)
    return out


def test_each_veto_row_shows_whether_the_engine_found_it_met(zero):
    a = score(sample_data("fujian-zero"), "fujian-zero")
    rows = veto_rows(zero.document("evaluation-table"))
    assert [r[1] for r in rows] == [v[0] for v in ZERO_VETO]
    assert [r[4] for r in rows] == [squash(v[2]) for v in ZERO_VETO]
    assert [r[5] for r in rows] == [label("status", c.status) for c in a.conditions]
    # the sample: no energy-consumption standard applies to 电子电路制造, so 能效水平 is 不适用
    assert [r[5] for r in rows] == ["符合"] * 5 + ["不适用", "符合"]


def test_each_scored_row_shows_its_points_and_the_engines_score(zero):
    a = score(sample_data("fujian-zero"), "fujian-zero")
    rows = scored_rows(zero.document("evaluation-table"))
    assert len(rows) == len(ZERO_SCORED) == len(a.indicators)
    for row, src, ind in zip(rows, ZERO_SCORED, a.indicators):
        assert ind.id == src[0]
        assert row[1] == ind.id.split("-")[0]
        assert row[4] == squash(src[4])
        assert row[5] == str(src[5]) == pts(ind.max_points)
        assert row[6] == pts(ind.points), ind.id
    assert rows[2][6] == "13.5"  # 碳抵消占比 36.5% → 50 − 36.5
    assert total_row(zero.document("evaluation-table"))[5:] == ["100", pts(a.total)]
    assert pts(a.total) == pts(zero.result.total) == "85.5"


def test_offsetting_more_than_half_the_base_year_fails_the_veto_and_zeroes_item_10(tmp_path):
    data = patched(sample_data("fujian-zero"), {"years.2025": {"offsets": {"green_certificates": 6500, "ccer": 800}}})
    g = generate(data, tmp_path)
    a = score(data, "fujian-zero")
    doc = g.document("evaluation-table")
    assert veto_rows(doc)[6][5] == "不符合"
    assert scored_rows(doc)[2][6] == "0" == pts(next(i for i in a.indicators if i.id == "10").points)
    assert total_row(doc)[6] == pts(a.total)
    assert g.manifest["result"]["verdict"] == "not_eligible"


# -- 近零碳工厂: 附件2 申报书 ---------------------------------------------------------------

def test_a_near_zero_applicant_gets_the_application_and_the_acceptance_table(near):
    assert [f["id"] for f in near.manifest["forms"]] == ["application", "acceptance-table", "evidence-index"]


def test_the_near_zero_application_prints_every_label_of_attachment_2_in_order(near):
    text = near.text("application")
    assert_in_order(text, NEAR_ZERO_APPLICATION_LABELS)
    assert "基准值" not in text  # 附件2 asks for one value per figure


def test_the_near_zero_application_gives_last_years_figures_the_green_factory_and_the_score(near):
    data, doc = sample_data("fujian-near-zero"), near.document("application")
    ry = data["reporting_year"]
    last = year_of(data, ry)
    assert value_of(doc, "年综合能耗（tce）") == f"{num(last['energy_tce'])}（{ry}年）" == "11800（2025年）"
    assert value_of(doc, "年碳排放量（tCO2）") == f"{num(scope12(data, ry))}（{ry}年）" == "29100（2025年）"
    o = last["output"][0]
    assert value_of(doc, "主要产品产量") == squash(f"{o['name']} {num(o['quantity'])}{o['unit']}（{ry}年）")
    assert value_of(doc, "碳抵消量（tCO2）") == f"{num(sum(last['offsets'].values()))}（{ry}年）"
    assert value_of(doc, "是否获评省级及以上绿色工厂") == "是（省级绿色工厂，2023年）"
    assert value_of(doc, "统一社会信用代码") == data["enterprise"]["uscc"]
    a = score(data, "fujian-near-zero")
    assert value_of(doc, "自评价得分") == pts(a.total) == pts(near.result.total) == "80.5"
    assert value_of(doc, "零碳建设现状及规划") == squash(data["narratives"]["zero_carbon_status_plan"])


@pytest.mark.parametrize("green_factory, shown", [
    ({"level": "national", "year": 2021}, "是（国家级绿色工厂，2021年）"),
    ({"level": "municipal", "year": 2022}, "否"),
    (None, "否"),
])
def test_only_a_provincial_or_national_green_factory_answers_yes(green_factory, shown, tmp_path):
    g = generate(patched(sample_data("fujian-near-zero"), {"honours.green_factory": green_factory}), tmp_path)
    assert value_of(g.document("application"), "是否获评省级及以上绿色工厂") == shown


def test_an_applicant_without_the_text_gets_a_marked_draft_from_the_data(fails):
    text = squash(fails.text("application"))
    assert "【草稿：" in text
    n = next(n for n in fails.manifest["narratives"] if n["key"] == "zero_carbon_status_plan")
    assert n["source"] == "draft" and n["status"] == "ok"
    assert "12028" in value_of(fails.document("application"), "零碳建设现状及规划")  # 2025 scope 1+2 from the data


# -- 近零碳工厂: 附件4 验收评价表 ----------------------------------------------------------

def test_the_acceptance_table_prints_every_label_of_attachment_4_in_order(near):
    text = near.text("acceptance-table")
    assert_in_order(text, table_labels("附件4", "福建省近零碳工厂验收评价表", NEAR_ZERO_VETO, NEAR_ZERO_SCORED))
    assert "碳抵消（逆向指标）" not in text


def test_the_acceptance_table_keeps_the_printed_numbering_without_11(near):
    rows = scored_rows(near.document("acceptance-table"))
    assert [r[1] for r in rows] == _carry(NEAR_ZERO_SCORED)
    assert "11" not in {r[1] for r in rows}


def test_the_acceptance_table_shows_the_engines_conditions_points_and_total(near):
    a = score(sample_data("fujian-near-zero"), "fujian-near-zero")
    doc = near.document("acceptance-table")
    assert [r[5] for r in veto_rows(doc)] == [label("status", c.status) for c in a.conditions] == ["符合"] * 8
    rows = scored_rows(doc)
    for row, src, ind in zip(rows, NEAR_ZERO_SCORED, a.indicators, strict=True):
        assert ind.id == src[0]
        assert row[4] == squash(src[4])
        assert row[5] == str(src[5]) == pts(ind.max_points)
        assert row[6] == pts(ind.points), ind.id
    assert rows[6][6] == "2.5"  # 序号14: the energy management certificate has expired, half points
    assert total_row(doc)[5:] == ["100", pts(a.total)]


def test_a_failing_veto_shows_不符合_in_the_acceptance_table(fails):
    a = score(sample_data("fujian-near-zero-fails"), "fujian-near-zero")
    rows = veto_rows(fails.document("acceptance-table"))
    shown = {r[1]: r[5] for r in rows}
    assert shown == {c.id: label("status", c.status) for c in a.conditions}
    # 7: emissions fell only 3% in the cultivation period; 8: 4800 tce < 5000 tce
    assert shown["7"] == shown["8"] == "不符合"
    assert shown["6"] == "不适用"
    assert all(shown[i] == "符合" for i in "12345")
    assert fails.manifest["result"]["verdict"] == "not_eligible"
    # the points are still scored (the source sets no minimum score)
    assert total_row(fails.document("acceptance-table"))[6] == pts(a.total) == "54"
    assert value_of(fails.document("application"), "自评价得分") == "54"
