"""A generic evidence document for any document type without a specific renderer.

Evidence specs accept ~50 document types; ``doc_*.py`` draw 21 of them in detail. Every other type
(项目备案证、三同时验收意见、厂区平面布置图、审计报告、设备台账、培训记录 …, and ``other`` — materials
with no type of their own, matched by the material's name) is drawn here: a realistic one- or
two-page A4 document whose title is the first ``titles`` entry of the type in
``evidence_specs/doc_types.yaml`` (for a few types whose first entry is a bare phrase such as
“三同时” or “光伏”, a fuller title containing it), for ``other`` the material's own name; then the
holder's name and 统一社会信用代码 with labels (“单位名称：…”、“统一社会信用代码：…”), a date, 3–8
lines of body text that use the type's ``keywords`` naturally (what a keyword-based classifier
looks for), often a small table, and the red seal of the issuer (an authority, a third party, a
counterparty, or the applicant itself for its own documents).

Two layouts (``variant`` 0: a form with a label/value table; 1: a letter with labelled lines and
numbered paragraphs); the site plan and the platform screenshot are drawings (variant 1 of the site
plan and variant 0 of the screenshot on landscape A4).

Ground truth: ``holder``, ``uscc``, ``issue_date``, ``issuer``, ``title``, ``number``; ``years``
for documents about years; ``expiry_date`` for licences and certificates with a validity; ``party``
for contracts. ``overrides`` replace fields before drawing (expired, another holder, wrong years,
self-issued, ``{"sealed": False}``), as for :func:`documents.render_document`.

    render_generic("site_plan", facts, variant=0, seed=7)
    render_generic("other", facts, variant=1, seed=7, material_name="企业亩均综合绩效评价结果", years=[2024, 2025])
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from .doc_base import Ctx, EvidenceDoc, add_years, d, report_date, workday_after
from .facts import Facts, person_name
from .pdfkit import (BLACK, GREY, LIGHT, Flow, a4_page, box, date_cn, date_upper, hline, measure, new_doc, num, red_seal,
                     text, wrap)

# titles whose first doc_types.yaml entry is a bare phrase: a fuller title that contains it
FULL_TITLES = {
    "three_simultaneous_acceptance": "建设项目环境保护“三同时”竣工验收意见",
    "renewable_project_contract": "屋顶分布式光伏发电项目合同",
    "fire_acceptance": "建设工程消防验收意见书",
    "completion_acceptance": "竣工验收备案表",
    "carbon_platform_evidence": "能碳管理平台运行截图及说明",
    "environmental_monitoring_report": "环境监测报告",
    "green_design_notice": "关于公布绿色设计示范企业名单的通知",
    "project_approval": "企业投资项目备案证",
}

THIRD = {
    "safety_assessment": ["江苏安信安全技术咨询有限公司", "浙江正安安全评价有限公司", "安徽中衡安全技术服务有限公司"],
    "audit_report": ["天衡会计师事务所（特殊普通合伙）", "立信中联会计师事务所（特殊普通合伙）", "中汇会计师事务所（特殊普通合伙）"],
    "environmental_monitoring_report": ["苏州市华测环境检测技术有限公司", "浙江中通检测科技有限公司", "安徽省谱尼环境检测有限公司"],
    "hazardous_waste_contract": ["江苏绿源固废处置有限公司", "浙江红狮环保股份有限公司", "合肥市危险废物处置中心有限公司"],
    "carbon_neutrality_certificate": ["中国质量认证中心", "北京中创碳投科技有限公司", "方圆标志认证集团有限公司"],
    "renewable_project_contract": ["江苏苏美达新能源发展有限公司", "浙江正泰安能电力系统工程有限公司", "阳光新能源开发股份有限公司"],
    "green_power_contract": ["国网江苏综合能源服务有限公司", "浙江浙能电力销售有限公司", "华能江苏能源销售有限责任公司"],
    "offset_purchase_proof": ["全国温室气体自愿减排注册登记系统", "上海环境能源交易所股份有限公司"],
    "ecodesign_evaluation": ["中国电子技术标准化研究院", "江苏省产品质量监督检验研究院", "中国标准化研究院"],
    "third_party_evaluation_report": ["中国质量认证中心", "杭州万泰认证有限公司", "浙江省能源研究所（评价中心）"],
    "green_design_notice": ["工业和信息化部办公厅"],
}
CONTRACTS = {"hazardous_waste_contract", "renewable_project_contract", "green_power_contract"}


@dataclass(frozen=True)
class Meta:
    issuer: str            # applicant | authority | third
    yearly: bool = False   # about one or more years (ground truth ``years``)
    valid_years: int | None = None  # validity (ground truth ``expiry_date``)
    when: str = "past"     # past: 2019–2024 | report: early in the year after the years | recent: early 2026


META: dict[str, Meta] = {
    "production_licence": Meta("authority", valid_years=5),
    "land_property_cert": Meta("authority"),
    "project_approval": Meta("authority"),
    "safety_assessment": Meta("third"),
    "fire_acceptance": Meta("authority"),
    "completion_acceptance": Meta("authority"),
    "three_simultaneous_acceptance": Meta("applicant"),
    "site_plan": Meta("applicant"),
    "audit_report": Meta("third", yearly=True, when="report"),
    "environmental_monitoring_report": Meta("third", yearly=True, when="report"),
    "hazardous_waste_contract": Meta("third", when="recent"),
    "green_design_notice": Meta("authority"),
    "ghg_inventory": Meta("applicant", yearly=True, when="report"),
    "carbon_neutrality_certificate": Meta("third", yearly=True, when="report"),
    "energy_structure_table": Meta("applicant", yearly=True, when="report"),
    "renewable_project_contract": Meta("third"),
    "green_power_contract": Meta("third", yearly=True, when="report"),
    "offset_purchase_proof": Meta("third", yearly=True, when="report"),
    "equipment_ledger": Meta("applicant", when="recent"),
    "carbon_platform_evidence": Meta("applicant", when="recent"),
    "ecodesign_evaluation": Meta("third"),
    "training_records": Meta("applicant", yearly=True, when="report"),
    "third_party_evaluation_report": Meta("third", when="recent"),
    "other": Meta("applicant", when="recent"),
}


@lru_cache(maxsize=1)
def recognition() -> dict[str, dict]:
    """evidence_specs/doc_types.yaml: titles and keywords per document type."""
    from lingtan.common.paths import specs_root

    return yaml.safe_load((specs_root() / "doc_types.yaml").read_text(encoding="utf-8"))


def title_for(doc_type: str, material_name: str | None = None) -> str:
    if doc_type == "other":
        return material_name or "情况说明"
    if doc_type in FULL_TITLES:
        return FULL_TITLES[doc_type]
    titles = recognition().get(doc_type, {}).get("titles") or [doc_type]
    return titles[0]


def keywords(doc_type: str) -> list[str]:
    return list(recognition().get(doc_type, {}).get("keywords") or [])


def _authority(doc_type: str, f: Facts, rng: random.Random) -> str:
    local = f.district or f.city or "市"
    local = f"{f.city}{local}" if local.endswith("区") and f.city else local
    return {
        "production_licence": f"{f.province}市场监督管理局",
        "land_property_cert": f"{f.city or local}自然资源和规划局",
        "project_approval": f"{local}行政审批局" if rng.random() < 0.5 else f"{local}发展和改革局",
        "fire_acceptance": f"{f.city or local}住房和城乡建设局",
        "completion_acceptance": f"{local}住房和城乡建设局",
        "green_design_notice": "工业和信息化部办公厅",
    }.get(doc_type, f"{local}人民政府")


def _products(f: Facts) -> str:
    return "、".join(f.main_products) if f.main_products else (f.industry_name or "工业产品")


def _years_text(ys: list[int]) -> str:
    """2025年度, 2023—2025年度 (consecutive years) or 2021年度、2025年度."""
    ys = sorted(ys)
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}—{ys[-1]}年度"
    return "、".join(f"{y}年度" for y in ys)


def _mwp(f: Facts) -> str:
    for p in f.projects:
        if "光伏" in str(p.get("name", "")):
            m = re.search(r"(\d+(?:\.\d+)?)\s*MWp", str(p["name"]))
            if m:
                return m.group(1)
    return "3.6"


# ---- content per type: (extra kv rows, body lines, table) -----------------------------------------------

Content = tuple[list[tuple[str, str]], list[str], tuple[list[str], list[list[str]], list[float]] | None]


def _content(ctx: Ctx, fl: dict) -> Content:
    f, rng, t = ctx.facts, ctx.rng, ctx.doc_type
    name, ys = fl["holder"], [int(y) for y in fl.get("years") or []]
    y = max(ys) if ys else f.reporting_year
    row = f.year(y)
    prod = _products(f)
    addr = f.address
    if t == "production_licence":
        return ([("产品名称", prod), ("许可证编号", fl["number"]), ("住所", addr), ("生产地址", addr)],
                [f"经审查，{name}生产的{prod}符合取得生产许可证的条件，特发此证。",
                 "检验方式：实地核查及产品检验；证书有效期内企业应保持生产条件并接受监督检查。",
                 f"有效期至：{date_cn(fl['expiry_date'])}", f"发证机关：{fl['issuer']}"], None)
    if t == "land_property_cert":
        area = rng.randint(20, 180) * 100
        unit = f"{rng.randint(320000, 349999)}{rng.randint(100, 999)}GB{rng.randint(10000, 99999)}F{rng.randint(10000000, 99999999)}"
        return ([("权利人", name), ("共有情况", "单独所有"), ("坐落", addr), ("不动产单元号", unit),
                 ("权利类型", "国有建设用地使用权/房屋（构筑物）所有权"), ("用途", "工业用地/工业"),
                 ("面积", f"共有宗地面积{num(area)}㎡/房屋建筑面积{num(area * 0.62, 2)}㎡")],
                ["权利性质：出让/自建房。", f"使用期限：国有建设用地使用权{fl['issue_date'][:4]}年起50年。",
                 "根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利人申请登记的本证所列不动产权利，"
                 "经审查核实，准予登记，颁发此证。"], None)
    if t == "project_approval":
        code = f"{fl['issue_date'][:4]}-{rng.randint(320000, 349999)}-{rng.choice(['34', '36', '38', '39'])}-03-{rng.randint(100000, 999999)}"
        inv = rng.randint(8, 60) * 1000
        return ([("项目代码", code), ("项目名称", f"年产{prod}技术改造项目"), ("项目单位", name), ("建设地点", addr),
                 ("建设规模", "改造生产厂房及配套设施，购置生产线设备"),
                 ("总投资", f"{num(inv)}万元")],
                ["项目单位承诺所填写备案信息真实、完整、准确，项目符合国家产业政策。",
                 "项目备案后，项目法人发生变化，项目建设地点、规模、内容发生重大变更，应及时告知备案机关并修改相关信息。",
                 "本备案证自备案之日起两年内有效，项目未开工建设的可申请延期。"], None)
    if t == "safety_assessment":
        return ([("评价对象", f"{name}生产系统及公用辅助设施"), ("评价类型", "安全现状评价")],
                [f"受{name}委托，本机构依据《中华人民共和国安全生产法》和应急管理部门有关规定开展安全评价。",
                 "评价组对生产工艺、设备设施、作业环境进行了现场勘查，辨识出机械伤害、触电、火灾、起重伤害等主要危险有害因素。",
                 "企业已建立安全生产责任制和应急救援预案，重大危险源辨识、隐患排查治理等符合要求。",
                 "评价结论：该企业安全生产条件符合有关法律法规和标准规范的要求，安全风险处于可接受水平。"], None)
    if t == "fire_acceptance":
        return ([("建设单位", name), ("工程名称", f"{name}生产厂房及配套用房工程"), ("工程地址", addr)],
                [f"{name}：你单位申请的建设工程消防验收收悉。",
                 "根据《中华人民共和国消防法》《建设工程消防设计审查验收管理暂行规定》，我局对该工程进行了消防验收，"
                 "现场抽查了消防车道、防火分区、安全疏散、消防给水及自动喷水灭火系统、火灾自动报警系统等项目。",
                 "综合评定，该工程消防验收合格。"], None)
    if t == "completion_acceptance":
        return ([("工程名称", f"{name}零碳技改及配套设施工程"), ("建设单位", name), ("施工单位", f"{f.city or ''}建工集团有限公司"),
                 ("监理单位", "华诚工程咨询有限公司"), ("竣工验收日期", date_cn(fl["issue_date"]))],
                ["该工程已按设计文件和合同约定的内容完成施工，建设单位组织勘察、设计、施工、监理单位进行了竣工验收。",
                 "验收组查验了工程质量、节能和消防等资料，各分部工程质量验收合格，同意竣工验收。",
                 "备案机关已收到该工程竣工验收备案文件，文件齐全，准予备案。"], None)
    if t == "three_simultaneous_acceptance":
        return ([("建设单位", name), ("项目名称", f"年产{prod}建设项目"), ("验收形式", "建设单位自主验收")],
                [f"{name}组织验收组对本项目配套建设的环境保护设施进行了竣工环境保护验收，验收组由建设单位、设计单位、监测单位及三名专家组成。",
                 "项目执行了环境影响评价和环境保护设施与主体工程同时设计、同时施工、同时投产使用的“三同时”制度。",
                 "废气、废水、噪声治理设施运行正常，验收监测期间各项污染物排放满足相应标准要求，固体废物得到妥善处置。",
                 "验收意见：本项目环境保护设施竣工验收合格，同意通过验收。"], None)
    if t == "audit_report":
        yt = _years_text(ys or [y])
        return ([("被审计单位", name), ("审计期间", yt), ("报告文号", fl["number"])],
                [f"{name}全体股东：",
                 f"一、审计意见：我们审计了{name}财务报表，包括{'、'.join(f'{x}年12月31日' for x in (ys or [y]))}的资产负债表，"
                 "以及相应期间的利润表、现金流量表、所有者权益变动表和相关财务报表附注。我们认为，后附的财务报表在所有重大方面按照"
                 "企业会计准则的规定编制，公允反映了公司的财务状况以及经营成果和现金流量。",
                 "二、形成审计意见的基础：我们按照中国注册会计师审计准则的规定执行了审计工作，获取的审计证据是充分、适当的。",
                 f"{fl['issuer']}    中国注册会计师：{person_name(rng)}、{person_name(rng)}"],
                (["年度", "资产总额（万元）", "营业收入（万元）", "净利润（万元）", "审计意见类型"],
                 [[f"{x}年", num(rng.randint(40, 160) * 1000), num(rng.randint(30, 200) * 1000), num(rng.randint(2, 20) * 500), "标准无保留意见"]
                  for x in (ys or [y])], [60, 100, 100, 90, 101]))
    if t == "environmental_monitoring_report":
        pts = [("DA001 热处理废气排口", "颗粒物", f"{rng.uniform(2, 8):.1f} mg/m³", "20 mg/m³"),
               ("DA001 热处理废气排口", "氮氧化物", f"{rng.randint(20, 80)} mg/m³", "150 mg/m³"),
               ("DW001 污水总排口", "化学需氧量", f"{rng.randint(60, 200)} mg/L", "500 mg/L"),
               ("DW001 污水总排口", "氨氮", f"{rng.uniform(2, 15):.1f} mg/L", "45 mg/L"),
               ("厂界东侧 N1", "厂界噪声（昼间）", f"{rng.randint(52, 60)} dB(A)", "65 dB(A)")]
        return ([("委托单位", name), ("监测类别", "委托监测（年度自行监测）"), ("采样日期", f"{y}年{rng.randint(6, 11)}月{rng.randint(1, 28)}日")],
                [f"受{name}委托，本公司于{_years_text(ys or [y])}对其废气、废水和厂界噪声开展监测。",
                 "监测点位、监测项目及频次按排污许可证和自行监测方案确定，采样、分析方法符合国家标准。",
                 "检测结果表明，各监测项目均未超过相应排放限值。"],
                (["监测点位", "监测项目", "检测结果", "排放限值"], [list(p) for p in pts], [150, 100, 100, 101]))
    if t == "hazardous_waste_contract":
        return ([("甲方（产生单位）", name), ("乙方（处置单位）", fl["party"]), ("合同编号", fl["number"])],
                ["甲方委托乙方对其生产过程中产生的危险废物进行收集、运输和处置，双方经协商一致订立本合同。",
                 "危险废物名称及类别：废矿物油（HW08）、废乳化液（HW09）、废包装桶（HW49）、含油抹布（HW49）。",
                 "乙方具有危险废物经营许可证，按国家规定采用焚烧、物化等方式处置，并执行危险废物转移联单制度。",
                 f"合同期限：{date_cn(fl['issue_date'])}起一年，处置费用按实际转移量结算。"], None)
    if t == "green_design_notice":
        return ([("文号", fl["number"])],
                ["各省、自治区、直辖市及计划单列市工业和信息化主管部门：",
                 "按照《工业和信息化部办公厅关于开展绿色制造体系建设的通知》要求，经企业申报、地方推荐、专家论证和公示，"
                 "现将绿色设计示范企业名单予以公布。",
                 f"名单（节选）：{name}；苏州恒泰电子科技有限公司；宁波德远新材料股份有限公司。",
                 "请各地加强对示范企业的跟踪管理，发挥绿色设计示范引领作用。"], None)
    if t == "ghg_inventory":
        yrs = ys or [y]
        rows = []
        for x in yrs:
            r = f.year(x)
            c1, c2 = r.get("category1") or 0, r.get("category2") or 0
            rows.append([f"{x}年", num(c1, 2, True), num(c2, 2, True), num(c1 + c2, 2, True)])
        return ([("报告主体", name), ("报告年度", _years_text(yrs)), ("核算边界", addr)],
                [f"本报告依据GB/T 32150-2015及行业核算方法，对{name}{_years_text(yrs)}温室气体排放进行核算。",
                 "排放源包括天然气、柴油燃烧排放，制冷剂逸散排放，以及外购电力、热力产生的间接排放。",
                 "活动数据取自能源计量台账、购买发票和结算单；排放因子采用核算指南缺省值和电网平均排放因子。",
                 "各年度核算结果见下表。"],
                (["年度", "类别1直接排放（tCO2e）", "类别2间接排放（tCO2e）", "合计（tCO2e）"], rows, [70, 130, 130, 121]))
    if t == "carbon_neutrality_certificate":
        c12 = (row.get("category1") or 0) + (row.get("category2") or 0)
        return ([("证书编号", fl["number"]), ("碳中和主体", name), ("碳中和期间", _years_text(ys or [y]))],
                [f"兹证明{name}{_years_text(ys or [y])}类别1、类别2温室气体排放量{num(c12, 0, True)} tCO2e，",
                 "已通过购买并注销绿色电力证书和核证自愿减排量（CCER）全部抵消，实现碳中和。",
                 "抵消所用减排量已在登记系统完成注销，不得重复使用。"], None)
    if t == "energy_structure_table":
        yrs = ys or [y]
        rows = []
        for x in yrs:
            r = f.year(x)
            e = r.get("energy_tce") or 0
            ren = r.get("renewable_tce") or round((r.get("green_electricity_mwh") or 0) * 0.1229)
            rows.append([f"{x}年", num(e), num(ren), num(ren), f"{(100 * ren / e if e else 0):.1f}%"])
        return ([("填报单位", name), ("统计期", _years_text(yrs))],
                [f"本统计表汇总{name}{_years_text(yrs)}能源消费量及非化石能源利用量，单位为吨标准煤（当量值）。",
                 "非化石能源包括厂区分布式光伏自发自用电量和外购绿色电力，可再生能源消费量按电热当量法折算。",
                 "数据来源于能源计量器具读数、电网结算单和绿电交易凭证。"],
                (["年度", "综合能源消费量（吨标准煤）", "非化石能源利用量（吨标准煤）", "可再生能源消费量（吨标准煤）", "占比"],
                 rows, [55, 110, 110, 110, 66]))
    if t == "renewable_project_contract":
        mw = _mwp(f)
        return ([("甲方", name), ("乙方", fl["party"]), ("合同编号", fl["number"]), ("项目地点", addr)],
                [f"甲方同意乙方在其厂房屋顶投资建设分布式光伏发电项目，装机容量{mw} MWp，所发电量优先由甲方自发自用、余电上网。",
                 f"合同金额：工程总价{num(float(mw) * 320, 0)}万元（含设备、安装及并网），甲方按进度分期支付。",
                 "乙方负责项目设计、设备采购、施工及并网手续办理，质保期内负责运行维护。",
                 "合同期限二十五年，自项目并网发电之日起计算。"], None)
    if t == "green_power_contract":
        q = round((row.get("green_electricity_mwh") or 5000) / 10) * 10
        return ([("购电方", name), ("售电方", fl["party"]), ("合同编号", fl["number"]), ("交易周期", f"{y}年1月1日至{y}年12月31日")],
                [f"购电方向售电方购买绿色电力，合同电量{num(q, 0, True)} MWh，电能量价格与环境价值（绿证）分别结算。",
                 "售电方保证所售电量来自风电、光伏等可再生能源发电项目，并将对应绿色电力证书划转至购电方。",
                 "本合同经电力交易中心交易平台备案后生效。"], None)
    if t == "offset_purchase_proof":
        q = rng.randint(5, 60) * 100  # drawn also when the data declare the amount: the draws after it stay as they were
        q = (row.get("offsets") or {}).get("ccer") or q  # the CCER the applicant declares it cancelled (what the figures check compares)
        return ([("注销编号", fl["number"]), ("注销方", name), ("减排量类型", "核证自愿减排量（CCER）")],
                [f"{name}于{date_cn(fl['issue_date'])}通过交易购买并注销核证自愿减排量{num(q, 0, True)}吨二氧化碳当量。",
                 f"注销用途：抵消{name}{_years_text(ys or [y])}温室气体排放。",
                 "所注销减排量来自林业碳汇和风电项目，不包含碳普惠减排量，已在注册登记系统中完成注销，不得再次交易或使用。"], None)
    if t == "equipment_ledger":
        items = [("空气压缩机", "BLT-75A", 4, "1级"), ("永磁同步电机", "TYCX-280M", 26, "1级"), ("变压器", "SCB18-2000/10", 2, "1级"),
                 ("冷水机组", "30XW-1252", 2, "2级"), ("LED照明灯具", "BY698P", 860, "1级"), ("电动叉车", "CPD30", 12, "—")]
        return ([("单位名称", name), ("统计截至", date_cn(fl["issue_date"]))],
                ["本台账登记公司在用通用设备、专用设备和新能源运输工具，逐台注明能效等级。",
                 "在用设备均不属于国家明令淘汰的高耗能落后机电设备。"],
                (["序号", "设备名称", "型号", "数量", "能效等级"],
                 [[str(i + 1), a, b, str(c), e] for i, (a, b, c, e) in enumerate(items)], [40, 140, 120, 70, 81]))
    if t == "ecodesign_evaluation":
        return ([("评价对象", f"{prod}"), ("申请单位", name), ("报告编号", fl["number"])],
                [f"受{name}委托，依据GB/T 32161《生态设计产品评价通则》及相应产品评价规范，对其{prod}开展生态设计评价。",
                 "评价从资源属性、能源属性、环境属性和产品属性四个方面进行，现场核查了生产过程和检测报告。",
                 "评价结论：所评价产品满足绿色设计产品评价要求，符合生态设计产品要求。"], None)
    if t == "training_records":
        yrs = ys or [y]
        rows = [[f"{x}年{m}月{rng.randint(1, 28)}日", topic, str(rng.randint(18, 60)), "考核合格"]
                for x in yrs for m, topic in ((3, "温室气体排放核算与报告"), (9, "节能降碳与零碳工厂建设"))]
        return ([("单位名称", name), ("培训年度", _years_text(yrs))],
                [f"为提升全员低碳意识，{name}按年度培训计划组织开展能碳管理专题培训。",
                 "每次培训均有签到记录，培训结束后进行书面考核，考核结果纳入员工绩效。"],
                (["日期", "培训内容", "参加人数", "考核情况"], rows, [110, 190, 70, 81]))
    if t == "third_party_evaluation_report":
        return ([("受评价单位", name), ("评价机构", fl["issuer"]), ("报告编号", fl["number"])],
                [f"受{name}委托，{fl['issuer']}作为第三方评价机构，依据评价指标体系开展第三方评价。",
                 f"评价组于{date_cn(fl['issue_date'])}前完成文件审查和现场评价，核查了能源、碳排放和资源利用数据。",
                 "评价结论：该工厂满足基本要求，评价指标得分符合申报条件，建议推荐。"], None)
    if t == "site_plan":
        return ([], ["图例：生产车间、仓库、办公楼、光伏屋顶、污水处理站、危废暂存间。", "比例 1:1000。"], None)
    if t == "carbon_platform_evidence":
        return ([], [f"{name}能碳管理平台实时采集各车间电、气、水计量数据，截图时间{date_cn(fl['issue_date'])}。",
                     "平台按日、月统计能耗和碳排放，监测重点用能设备运行状态并自动生成报表。"], None)
    # other (and any type without its own content): a statement about the material, in its own words
    topic = fl.get("title") or title_for(t)
    kws = [k for k in keywords(t) if k.isascii() is False][:4]
    yt = _years_text(ys) if ys else f"{f.reporting_year}年度"
    lines = [f"根据申报要求，{name}现提供“{topic}”，具体情况说明如下：",
             f"一、本材料涵盖{yt}公司生产经营活动，由能碳管理办公室会同相关部门整理编制。",
             "二、相关数据来源于企业能源计量台账、生产统计报表和财务记录，已经公司内部审核确认。",
             "三、本单位对所提供材料的真实性、准确性负责。"]
    if kws:
        lines.insert(2, f"主要内容包括：{'、'.join(kws)}等。")
    return [], lines, None


# ---- layout -------------------------------------------------------------------------------------------

_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff（）]{2,24}：")  # "有效期至：…", "评价结论：…", "浙江某某有限公司：…"


def _date_label(doc_type: str) -> str:
    if doc_type in CONTRACTS:
        return "签订日期"
    if doc_type in ("equipment_ledger", "energy_structure_table", "training_records", "other", "site_plan"):
        return "填报日期"
    if doc_type in ("production_licence", "land_property_cert", "carbon_neutrality_certificate"):
        return "发证日期"
    if doc_type == "carbon_platform_evidence":
        return "截图日期"
    if doc_type in ("project_approval", "completion_acceptance"):
        return "备案日期"
    return "出具日期"


def _signature(flow: Flow, ctx: Ctx, fl: dict) -> None:
    if ctx.doc_type in CONTRACTS:
        flow.ensure(130)
        flow.y += 16
        top = flow.y
        left_x, right_x = flow.left + 10, flow.left + flow.width / 2 + 20
        text(flow.page, left_x, top + 12, "甲方（盖章）：", 11)
        text(flow.page, left_x, top + 32, fl["holder"], 10.5)
        text(flow.page, right_x, top + 12, "乙方（盖章）：", 11)
        text(flow.page, right_x, top + 32, fl["party"], 10.5)
        text(flow.page, left_x, top + 58, f"日期：{date_cn(fl['issue_date'])}", 10.5)
        text(flow.page, right_x, top + 58, f"日期：{date_cn(fl['issue_date'])}", 10.5)
        if ctx.sealed:
            red_seal(flow.page, (left_x + min(measure(fl["holder"], 10.5), 200) / 2, top + 30), fl["holder"], radius=42,
                     rng=ctx.seal_rng())
            red_seal(flow.page, (right_x + min(measure(fl["party"], 10.5), 200) / 2, top + 30), fl["party"], radius=42,
                     rng=ctx.seal_rng(), bottom_text="合同专用章")
        flow.y = top + 90
        return
    style = date_upper if ctx.variant == 0 else date_cn
    flow.signature(fl["issuer"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=style)


def _kv_rows(ctx: Ctx, fl: dict, extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    rows = [("单位名称", fl["holder"]), ("统一社会信用代码", fl["uscc"] or "—")]
    labels = {r[0] for r in extra}
    rows += [r for r in extra if r[1] != fl["holder"]]
    if fl.get("number") and not any("编号" in lab or "文号" in lab for lab in labels) and ctx.doc_type != "other":
        rows.append(("编号", fl["number"]))
    if fl.get("expiry_date") and not any("有效期" in lab for lab in labels):
        rows.append(("有效期至", date_cn(fl["expiry_date"])))
    if META.get(ctx.doc_type, Meta("applicant")).issuer == "third" and ctx.doc_type not in CONTRACTS:
        rows.append(("出具单位", fl["issuer"]))
    rows.append((_date_label(ctx.doc_type), date_cn(fl["issue_date"])))
    return rows


def _draw_document(ctx: Ctx, fl: dict) -> tuple[Any, str]:
    title = fl["title"]
    extra, lines, table = _content(ctx, fl)
    doc = new_doc(batch=True)
    if ctx.doc_type in ("site_plan", "carbon_platform_evidence"):
        _drawing(doc, ctx, fl, lines)
        return doc, title
    flow = Flow(doc, page_numbers=False)
    flow.y = 86
    if ctx.variant == 0:
        if fl.get("number") and ctx.doc_type != "other":
            flow.line(f"编号：{fl['number']}", 10, align="right")
        flow.title(title, 18 if len(title) <= 22 else 16)
        flow.space(4)
        flow.kv(_kv_rows(ctx, fl, extra), widths=(140, flow.width - 140), size=10.5)
        for ln in lines:
            flow.para(ln, size=11, leading=1.65)
    else:
        flow.title(title, 18 if len(title) <= 22 else 16)
        hline(flow.page, flow.left, flow.right, flow.y - 8, BLACK, 0.8)
        flow.space(6)
        flow.line(f"单位名称：{fl['holder']}", 11.5)
        flow.line(f"统一社会信用代码：{fl['uscc'] or '—'}", 11.5)
        for lab, val in extra:
            if val != fl["holder"] and len(val) <= 34:
                flow.line(f"{lab}：{val}", 11)
        if fl.get("expiry_date") and not any("有效期" in lab for lab, _ in extra):
            flow.line(f"有效期至：{date_cn(fl['expiry_date'])}", 11)
        if META.get(ctx.doc_type, Meta("applicant")).issuer == "third" and ctx.doc_type not in CONTRACTS:
            flow.line(f"出具单位：{fl['issuer']}", 11)
        flow.line(f"{_date_label(ctx.doc_type)}：{date_cn(fl['issue_date'])}", 11)
        flow.space(6)
        nums = "一二三四五六七八"
        k = 0
        for ln in lines:
            if _LABEL_LINE.match(ln) or ln.endswith("：") or ln.startswith(("一、", "二、", "三、")) or "    " in ln:
                flow.para(ln, size=11, leading=1.65, indent=0 if _LABEL_LINE.match(ln) else 2)
            else:
                flow.para(f"{nums[k]}、{ln}", size=11, leading=1.65)
                k += 1
    if table:
        header, rows, widths = table
        flow.table(header, rows, widths=widths, size=9.5)
    _signature(flow, ctx, fl)
    return doc, title


def _drawing(doc, ctx: Ctx, fl: dict, lines: list[str]) -> None:
    """厂区平面布置图 or 平台截图: a drawing with the labelled header block and the seal."""
    landscape = (ctx.doc_type == "site_plan") == (ctx.variant == 1)
    page = a4_page(doc, landscape=landscape)
    W, H = page.rect.width, page.rect.height
    rng = ctx.rng
    text(page, W / 2, 64, fl["title"], 20, bold=True, font="hei", align="center")
    text(page, 56, 92, f"单位名称：{fl['holder']}", 10.5)
    text(page, 56, 108, f"统一社会信用代码：{fl['uscc'] or '—'}", 10.5)
    text(page, W - 56, 92, f"{_date_label(ctx.doc_type)}：{date_cn(fl['issue_date'])}", 10.5, align="right")
    top, bottom = 122, H - 150
    box(page, (48, top, W - 48, bottom), width=1.2)
    if ctx.doc_type == "site_plan":
        cw, ch = W - 96, bottom - top
        blocks = [("1# 生产车间（屋顶光伏）", 0.05, 0.08, 0.42, 0.38), ("2# 生产车间（屋顶光伏）", 0.52, 0.08, 0.42, 0.38),
                  ("成品仓库", 0.05, 0.55, 0.25, 0.2), ("办公楼", 0.36, 0.55, 0.2, 0.16), ("污水处理站", 0.62, 0.58, 0.14, 0.12),
                  ("危废暂存间", 0.8, 0.58, 0.12, 0.1), ("配电房", 0.62, 0.78, 0.12, 0.1), ("门卫", 0.42, 0.86, 0.08, 0.07)]
        for label, x, yy, w, h in blocks:
            r = (48 + cw * x, top + ch * yy, 48 + cw * (x + w), top + ch * (yy + h))
            box(page, r, width=0.8, fill=LIGHT if "车间" in label else None)
            text(page, (r[0] + r[2]) / 2, (r[1] + r[3]) / 2 + 4, label, 9, align="center")
        text(page, 48 + cw * 0.5, bottom - 8, "厂区主入口", 8.5, GREY, align="center")
        text(page, W - 62, top + 22, "N ↑", 12, bold=True, font="sans", align="right")
        ly = bottom + 22
        text(page, 56, ly, "图例：", 10, bold=True, font="hei")
        box(page, (96, ly - 9, 114, ly + 1), fill=LIGHT)
        text(page, 118, ly, "生产车间", 9)
        box(page, (170, ly - 9, 188, ly + 1))
        text(page, 192, ly, "辅助用房", 9)
        text(page, 56, ly + 18, f"比例 1:{rng.choice((500, 800, 1000))}    单位：m    平面布置依据项目竣工图绘制", 9)
    else:
        cw = W - 96
        tiles = [("今日用电量", f"{rng.randint(60, 160)} MWh"), ("今日天然气", f"{rng.randint(800, 3000)} m3"),
                 ("实时负荷", f"{rng.randint(4, 15)} MW"), ("光伏发电（实时）", f"{rng.randint(1, 9)} MW"),
                 ("本月碳排放", f"{rng.randint(600, 1800)} tCO2e"), ("绿电占比", f"{rng.randint(25, 60)}%")]
        tw = (cw - 70) / 3
        for i, (lab, val) in enumerate(tiles):
            x0 = 48 + 10 + (i % 3) * (tw + 25)
            y0 = top + 14 + (i // 3) * 64
            box(page, (x0, y0, x0 + tw, y0 + 52), width=0.6, fill=(0.92, 0.95, 0.98))
            text(page, x0 + 8, y0 + 18, lab, 9.5, GREY)
            text(page, x0 + 8, y0 + 42, val, 15, bold=True, font="sans")
        gy0 = top + 150
        gy1 = bottom - 20
        box(page, (58, gy0, W - 58, gy1), width=0.5)
        text(page, 64, gy0 + 14, "碳排放实时监测曲线（近24小时，tCO2e/h）", 9, GREY)
        pts = []
        for k in range(25):
            v = 0.4 + 0.35 * rng.random()
            pts.append((62 + (W - 128) * k / 24, gy1 - 10 - (gy1 - gy0 - 40) * v))
        for a, b in zip(pts, pts[1:]):
            page.draw_line(a, b, color=(0.1, 0.35, 0.7), width=1.2)
    y = bottom + 62 if ctx.doc_type == "site_plan" else bottom + 26
    for ln in lines:
        if ctx.doc_type == "site_plan":
            break
        for w_ in wrap(ln, W - 112, 10):
            text(page, 56, y, w_, 10)
            y += 16
    # issuer and seal at the bottom right
    text(page, W - 60, H - 54, fl["issuer"], 11, align="right")
    text(page, W - 60, H - 36, date_cn(fl["issue_date"]), 10.5, align="right")
    if ctx.sealed:
        red_seal(page, (W - 60 - min(measure(fl["issuer"], 11), 230) / 2, H - 62), fl["issuer"], radius=40, rng=ctx.seal_rng())


# ---- entry point ---------------------------------------------------------------------------------------

PROV_SHORT = {"江苏省": "苏", "浙江省": "浙", "安徽省": "皖", "福建省": "闽"}


def _number(doc_type: str, f: Facts, rng: random.Random, when: date) -> str:
    """A document number in the style of its issuer."""
    prov = PROV_SHORT.get(f.province, "苏")
    city = (f.city or "市")[:2].rstrip("市")
    n = rng.randint(10, 999)
    y = when.year
    return {
        "production_licence": f"（{prov}）XK{rng.randint(1, 30):02d}-{rng.randint(100, 999)}-{rng.randint(10000, 99999)}",
        "land_property_cert": f"{prov}（{y}）{city}不动产权第{rng.randint(1000000, 9999999)}号",
        "project_approval": f"{city}发改备〔{y}〕{n}号",
        "fire_acceptance": f"{city}建消验字〔{y}〕第{n:04d}号",
        "completion_acceptance": f"{city}建竣备〔{y}〕{n}号",
        "audit_report": f"{prov}审字〔{y}〕第{rng.randint(1000, 9999)}号",
        "environmental_monitoring_report": f"HJ{y}{rng.randint(10000, 99999)}",
        "green_design_notice": f"工信厅节函〔{y}〕{n}号",
        "safety_assessment": f"AP-{y}-{n:03d}",
        "offset_purchase_proof": f"CCER-ZX-{y}{rng.randint(100000, 999999)}",
    }.get(doc_type, f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{y}-{rng.randint(1000, 9999)}")


def _issue_date(meta: Meta, rng: random.Random, years: list[int], f: Facts) -> date:
    if meta.when == "report":
        return report_date(rng, max(years) if years else f.reporting_year)
    if meta.when == "recent":
        return workday_after(date(2026, 1, 8), rng.randint(0, 55))
    # documents with a validity were issued recently enough to be valid in early 2026
    first = 2027 - meta.valid_years + 1 if meta.valid_years else 2019
    return workday_after(date(rng.randint(max(first, 2019), 2024), rng.randint(1, 12), rng.randint(1, 25)), 0)


def render_generic(doc_type: str, facts: Facts, *, variant: int, seed: int, overrides: dict | None = None,
                   material_name: str | None = None, years: list[int] | None = None, **kw: Any) -> EvidenceDoc:
    """Render a generic document of ``doc_type`` about ``facts`` (see the module docstring).

    ``years``: the years the document is about (default: the reporting year for yearly types);
    ``material_name``: the title of an ``other`` document.
    """
    ctx = Ctx(doc_type=doc_type, facts=facts, variant=variant % 2, seed=seed, overrides=dict(overrides or {}), kw=kw)
    f, rng = facts, ctx.rng
    meta = META.get(doc_type, Meta("applicant", when="recent"))
    ys = sorted({int(y) for y in years}) if years else ([int(kw.get("year") or f.reporting_year)] if meta.yearly else [])
    if meta.issuer == "applicant":
        issuer = f.name
    elif meta.issuer == "authority":
        issuer = _authority(doc_type, f, rng)
    else:
        issuer = rng.choice(THIRD.get(doc_type, ["中国质量认证中心"]))
    when = _issue_date(meta, rng, ys, f)
    base: dict[str, Any] = {
        "holder": f.name, "uscc": f.uscc, "issuer": issuer, "issue_date": when, "title": title_for(doc_type, material_name),
        "number": _number(doc_type, f, rng, when),
    }
    if doc_type in CONTRACTS:
        base["party"], base["issuer"] = issuer, issuer
    if ys:
        base["years"] = ys
    if meta.valid_years:
        base["expiry_date"] = date.fromordinal(add_years(when, meta.valid_years).toordinal() - 1)
    fl = ctx.apply(base)
    if doc_type in CONTRACTS:
        fl["party"] = fl["issuer"]
    from .doc_base import jsonable

    fl = jsonable(fl)
    doc, title = _draw_document(ctx, fl)
    return ctx.done(title, doc, fl)


def render_any(doc_type: str, facts: Facts, *, variant: int, seed: int, overrides: dict | None = None,
               material_name: str | None = None, years: list[int] | None = None, **kw: Any) -> EvidenceDoc:
    """A specific renderer when ``documents`` has one for the type, else the generic one."""
    from .documents import DOC_TYPES, render_document

    if doc_type in DOC_TYPES:
        return render_document(doc_type, facts, variant=variant, seed=seed, overrides=overrides, **kw)
    return render_generic(doc_type, facts, variant=variant, seed=seed, overrides=overrides, material_name=material_name,
                          years=years, **kw)


__all__ = ["META", "render_any", "render_generic", "title_for", "keywords", "recognition"]
