"""What a complete submission holds, per scheme: the materials, their document types and sources.

Each scheme's list follows its source's list of materials (citations below and in ``cite``),
cut to what the corpus renders and to a realistic 8–15 files: an enterprise hands in the items
the basic conditions (and 否决项) require, plus a few that back scored indicators.

- jiangsu — 000 附件1-3 江苏省零碳（近零碳）工厂申报材料清单, items 1–14.
- suzhou — 001 附件1-1 基本要求, column 符合性说明 (the evidence of each of the five requirements),
  and 附件1-2 for the verification report.
- fujian-zero / fujian-near-zero — 002 第十一条/第十二条（一）申请报告 (附件1/2 申报书), and the
  evidence of the 否决项 of 附件3/4 (基本条件 1–5, 能效, 碳削减; 近零碳 also 能耗规模及绿色化水平).
- hefei — 003 四（一）基本要求 1–5 and 五（二）2 评价报告, 六（一）动态管理表.
- zhejiang — 004 附件6-1 五、相关证明材料 items 1–9, the 自评价报告 itself and 附件4 动态管理表.

``required`` marks the materials whose absence a checker reports as a gap ``missing``; the
others back scored indicators (their absence costs points, not admissibility).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Material:
    doc_type: str
    label: str          # how enterprises name the file (without number or extension)
    cite: str
    required: bool = True
    form: bool = False  # the applicant's own form, produced by lingtan (see forms.py)
    kw: dict = field(default_factory=dict, hash=False, compare=False)  # passed to render_document
    year_offset: int | None = None  # reports about reporting_year + year_offset (None: the renderer's default)
    year: int | None = None  # reports about a fixed year (福建零碳: base year 2021)


def _cert(system: str, label: str, cite: str, required: bool = True) -> Material:
    return Material(f"{system}_certificate", label, cite, required, kw={"system": system})


MATERIALS: dict[str, list[Material]] = {
    "jiangsu": [
        Material("business_licence", "营业执照", "000 附件1-3 第1项"),
        Material("intake_form", "入库申报表", "000 附件1-3 第2项；附件2", form=True),
        Material("application_form", "申报书", "000 附件1-3 第3项；附件3", form=True),
        Material("green_factory_notice", "绿色工厂发文", "000 附件1-3 第4项；附件1-1 基本条件1"),
        Material("ghg_verification_report", "温室气体排放核查报告", "000 附件1-3 第5项；附件1-1 基本条件2"),
        Material("reduction_assessment_report", "减排量第三方评估报告", "000 附件1-3 第5项；附件1-2 自主减排", required=False),
        Material("energy_audit_report", "能源审计报告", "000 附件1-3 第6项；附件1-1 基本条件3"),
        Material("management_body_doc", "零碳工厂建设领导小组成立文件", "000 附件1-3 第7项；附件1-1 基本条件4"),
        Material("construction_plan", "零碳工厂建设规划", "000 附件1-3 第7项；附件1-1 基本条件4"),
        Material("green_power_certificate", "绿色电力证书", "000 附件1-3 第9项；附件1-1 基本条件2"),
        Material("green_power_contract", "绿电购买合同", "000 附件1-3 第9项", required=False),
        Material("smart_factory_notice", "智能工厂认定文件", "000 附件1-3 第11项", required=False),
        Material("carbon_platform_evidence", "碳排放管理平台截图", "000 附件1-3 第12项", required=False),
    ],
    "suzhou": [
        Material("business_licence", "营业执照", "001 通知 二（一）培育主体；附件1-1"),
        Material("self_evaluation_report", "评价指标体系自评表", "001 附件1-1、1-2", form=True),
        Material("land_property_cert", "不动产权证书", "001 附件1-1 第1项（土地证、房产证）"),
        Material("eia_approval", "环评批复", "001 附件1-1 第1项（环保批复和验收）；第3项（环评）"),
        Material("fire_acceptance", "消防验收意见书", "001 附件1-1 第1项（消防备案和验收）；第3项"),
        Material("energy_assessment_approval", "节能审查意见", "001 附件1-1 第3项（能评）"),
        Material("credit_report", "公共信用信息报告", "001 附件1-1 第2项（法人公共信用信息一体化查询报告）"),
        Material("green_factory_notice", "绿色工厂公示名单", "001 附件1-1 第4项（荣誉证书、奖牌或政府公示名单）"),
        _cert("qms", "质量管理体系认证证书", "001 附件1-1 第5项"),
        _cert("ems", "环境管理体系认证证书", "001 附件1-1 第5项"),
        _cert("ohsms", "职业健康安全管理体系认证证书", "001 附件1-1 第5项"),
        _cert("enms", "能源管理体系认证证书", "001 附件1-1 第5项"),
        Material("ghg_verification_report", "温室气体核查报告", "001 附件1-2 温室气体核算与核查", required=False),
    ],
    "fujian-zero": [
        Material("application_form", "零碳工厂申报书", "002 第十一条（一）；附件1", form=True),
        Material("self_evaluation_report", "评价指标表（自评）", "002 附件3", form=True),
        Material("business_licence", "营业执照", "002 第七条（一）；附件3 否决项1"),
        Material("credit_report", "信用中国信用报告", "002 第七条（三）；附件3 否决项3"),
        Material("energy_audit_report", "能源审计报告", "002 第八条（一）；附件3 否决项6"),
        Material("ghg_verification_report", "2021年度温室气体核查报告", "002 第八条（二）基准期2021年；附件3 否决项7", year=2021),
        Material("ghg_verification_report", "温室气体核查报告", "002 第八条（二）；附件3 否决项7", year_offset=0),
        Material("green_power_certificate", "绿证", "002 第八条（二）碳抵消（绿证交易）；附件3 否决项7"),
        Material("offset_purchase_proof", "碳汇购买凭证", "002 第八条（二）碳抵消（碳汇购买）；附件3 否决项7", required=False),
    ],
    "fujian-near-zero": [
        Material("application_form", "近零碳工厂申报书", "002 第十二条（一）；附件2", form=True),
        Material("self_evaluation_report", "验收评价表（自评）", "002 附件4", form=True),
        Material("business_licence", "营业执照", "002 第七条（一）；附件4 否决项1"),
        Material("credit_report", "信用中国信用报告", "002 第七条（三）；附件4 否决项3"),
        Material("energy_audit_report", "能源审计报告", "002 第九条（二）；附件4 否决项6"),
        Material("ghg_verification_report", "上年度温室气体核查报告", "002 第九条（三）；附件4 否决项7", year_offset=-1),
        Material("ghg_verification_report", "温室气体核查报告", "002 第九条（三）；附件4 否决项7", year_offset=0),
        Material("green_factory_notice", "省级绿色工厂公布文件", "002 第九条（一）；附件4 否决项8"),
        Material("energy_structure_table", "能源消费统计表", "002 第九条（一）能源消费量（当量值）；附件4 否决项8"),
    ],
    "hefei": [
        Material("self_evaluation_report", "零碳示范工厂评价报告", "003 五（二）2", form=True),
        Material("dynamic_management_table", "动态管理表", "003 六（一）", form=True),
        Material("business_licence", "营业执照", "003 四（一）1 依法设立、独立法人"),
        Material("management_body_doc", "零碳工作领导小组文件", "003 四（一）2 专门机构、目标责任制"),
        Material("construction_plan", "零碳示范工厂建设规划", "003 四（一）3 中长期规划及年度目标"),
        _cert("qms", "质量管理体系证书", "003 四（一）4"),
        _cert("ems", "环境管理体系证书", "003 四（一）4"),
        _cert("ohsms", "职业健康安全管理体系证书", "003 四（一）4"),
        _cert("enms", "能源管理体系证书", "003 四（一）4"),
        Material("credit_report", "信用报告", "003 四（一）5（2）（5）失信、黑名单"),
        Material("ghg_verification_report", "温室气体排放核查报告", "003 四（二）评价指标（碳排放核算）", required=False),
    ],
    "zhejiang": [
        Material("self_evaluation_report", "绿色低碳工厂自评价报告", "004 附件6-1", form=True),
        Material("dynamic_management_table", "动态管理表", "004 附件4", form=True),
        Material("business_licence", "营业执照", "004 附件6-1 五 第1项"),
        Material("production_licence", "生产许可证", "004 附件6-1 五 第2项（适用时）", required=False),
        Material("energy_assessment_approval", "能评批复", "004 附件6-1 五 第3项（适用时）", required=False),
        Material("project_approval", "工厂建设批复", "004 附件6-1 五 第4项"),
        Material("three_simultaneous_acceptance", "三同时验收文件", "004 附件6-1 五 第5项"),
        Material("eia_approval", "环评验收文件", "004 附件6-1 五 第6项"),
        Material("site_plan", "厂区平面图", "004 附件6-1 五 第7项"),
        Material("credit_report", "信用查询记录", "004 附件6-1 五 第8项"),
        Material("audit_report", "审计报告关键页", "004 附件6-1 五 第9项"),
        Material("ghg_verification_report", "温室气体核查报告", "004 附表1.2 温室气体核查", required=False),
    ],
}

SCHEMES = list(MATERIALS)

# the sample factory of each scheme (samples/factories/<file>.yaml)
FACTORIES = {
    "jiangsu": "jiangsu-zero",
    "suzhou": "suzhou-near-zero",
    "fujian-zero": "fujian-zero",
    "fujian-near-zero": "fujian-near-zero",
    "hefei": "hefei",
    "zhejiang": "zhejiang",
}


def materials(scheme: str, available: set[str] | None = None) -> list[Material]:
    """The materials of a complete submission for ``scheme`` (forms always; evidence the renderer knows)."""
    out = []
    for m in MATERIALS[scheme]:
        if m.form or available is None or m.doc_type in available:
            out.append(m)
    return out
