"""Controlled vocabularies of the factory data model, with their Chinese labels.

Each vocabulary maps a stable English key (used in data files and scheme
expressions) to the Chinese label the forms print. Data files may use either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import BeforeValidator

OWNERSHIP = {  # 单位性质, as printed in fujian 附件1/2 and zhejiang 附件6-1
    "state": "国有",
    "collective": "集体",
    "private": "民营",
    "sino_foreign_jv": "中外合资",
    "hk_macao_taiwan": "港澳台",
    "foreign_owned": "外商独资",
}

GREEN_FACTORY_LEVEL = {
    "national": "国家级",
    "provincial": "省级",
    "municipal": "市级",
    "none": "无",
}

# Titles for smart manufacturing and digitalisation (jiangsu 附件1-2 item 8; suzhou 附件1-2 3 数字化).
SMART_TITLES = {
    "municipal_smart_workshop": "市级智能车间",
    "municipal_smart_factory": "市级智能工厂",
    "provincial_smart_workshop": "省级智能车间",
    "provincial_smart_factory": "省级智能工厂（省先进级智能工厂）",
    "provincial_internet_benchmark": "省级互联网标杆企业",
    "national_excellent_smart_factory": "国家卓越级智能工厂",
    "national_leading_smart_factory": "国家领航级智能工厂",
}

# Other honours that forms offer as checkboxes (jiangsu 附件3; zhejiang 附件6-1 主要荣誉).
HONOURS = {
    "green_supply_chain": "绿色供应链管理企业",
    "green_design_demo": "工业产品绿色设计示范企业",
    "green_design_product": "绿色设计产品",
    "green_product_cert": "绿色产品认证",
    "low_carbon_product_cert": "低碳产品认证",
    "energy_saving_product_cert": "节能产品认证",
    "carbon_footprint_pilot": "碳足迹标识认证试点",
    "specialised_little_giant": "省专精特新小巨人企业",
    "eagle_programme": "省雄鹰行动培育企业",
    "hidden_champion": "省隐形冠军企业",
    "single_champion": "省单项冠军企业",
    "provincial_quality_award": "省政府质量奖",
    "municipal_quality_award": "市政府质量奖",
    "academician_workstation": "院士工作站",
    "water_saving_enterprise": "节水型企业",
    "energy_management_centre": "能源管理中心",
    "green_building": "绿色建筑/近零能耗建筑",
}

MANAGEMENT_SYSTEMS = {
    "qms": "质量管理体系",
    "ems": "环境管理体系",
    "ohsms": "职业健康安全管理体系",
    "enms": "能源管理体系",
    "ghg": "温室气体管理体系",
    "carbon": "碳管理体系",
}

INFORMATISATION = {  # zhejiang 附件6-1 信息化应用
    "smart_microgrid": "智能微电网",
    "energy_platform": "能源管理平台",
    "erp_mrp2": "ERP/MRPⅡ",
    "other": "其他",
}

ACCIDENT_KIND = {
    "safety": "安全",
    "network_security": "网络安全",
    "data_security": "数据安全",
    "quality": "质量",
    "environment": "环境污染",
}

# Severity per the national accident grading; "larger" is 较大 (Ⅲ级 for environmental events).
SEVERITY = {"general": "一般", "larger": "较大", "major": "重大", "extraordinary": "特别重大"}
SEVERITY_RANK = {"general": 1, "larger": 2, "major": 3, "extraordinary": 4}

VIOLATION_KIND = {
    "tax": "偷漏税",
    "energy": "节能违法违规",
    "environment": "环保违法违规",
    "other": "其他违法违规",
}

ENERGY_INSPECTION = {"none": "未被列入", "rectified": "已列入并完成整改", "unrectified": "已列入且未完成整改"}

EFFICIENCY_LEVEL = {
    "benchmark": "能效标杆水平",
    "grade1": "1级",
    "advanced": "先进值",
    "compliant": "达到限定值（未达先进值）",
    "below": "未达到限定值",
}

PROJECT_KIND = {
    "energy_saving": "节能改造",
    "renewable": "可再生能源利用",
    "process": "工艺流程再造",
    "electrification": "电气化改造",
    "resource_recycling": "资源循环利用",
    "building": "建筑节能改造",
    "ccus": "碳捕集、利用与封存",
    "carbon_utilisation": "二氧化碳资源化利用",
    "other": "其他",
}

PROJECT_LIBRARY = {"provincial": "省级项目库", "municipal": "市级项目库", "county": "县级项目库", "none": "未入库"}

OFFSET_KIND = {  # jiangsu 附件1 三（二） 1–7, plus fujian 碳汇
    "green_certificates": "绿色电力证书",
    "in_boundary_project": "边界内自主建设项目",
    "out_boundary_project": "边界外自主建设项目",
    "ccer": "国家核证自愿减排量（CCER）",
    "carbon_inclusive": "碳普惠减排量",
    "energy_saving_project": "节能项目减排量",
    "foreign": "国外核证碳减排量",
    "carbon_sink": "碳汇",
}

GRADE_ABCD = {"A": "A", "B": "B", "C": "C", "D": "D"}
CARBON_EFFICIENCY = {"low": "低碳", "medium": "中碳", "high": "高碳"}


def label(vocab: dict[str, str], key: str | None) -> str:
    """Chinese label of ``key`` in ``vocab`` (the key itself when unknown)."""
    if key is None:
        return ""
    return vocab.get(key, key)


def _mapper(vocab: dict[str, str]):
    reverse = {v: k for k, v in vocab.items()}
    # Accept the short form of labels with a parenthesised note, e.g. 省级智能工厂.
    for k, v in vocab.items():
        for sep in ("（", "("):
            if sep in v:
                reverse.setdefault(v.split(sep)[0], k)

    def to_key(value: Any) -> Any:
        if isinstance(value, str):
            v = value.strip()
            return reverse.get(v, v)
        return value

    return to_key


def vocab_type(vocab: dict[str, str]) -> Any:
    """A pydantic type accepting a key of ``vocab`` or its Chinese label."""
    lit = Literal[tuple(vocab)]  # type: ignore[valid-type]
    return Annotated[lit, BeforeValidator(_mapper(vocab))]


# The field types of the factory data model's vocabularies. Pydantic, at run time, gets the
# Literal of each vocabulary's keys with the label-to-key mapping (vocab_type); a type checker
# cannot evaluate vocab_type, and to it a vocabulary field holds its key, a str.
if TYPE_CHECKING:
    Ownership: TypeAlias = str
    GreenFactoryLevel: TypeAlias = str
    SmartTitle: TypeAlias = str
    Honour: TypeAlias = str
    ManagementSystem: TypeAlias = str
    Informatisation: TypeAlias = str
    AccidentKind: TypeAlias = str
    Severity: TypeAlias = str
    ViolationKind: TypeAlias = str
    EnergyInspection: TypeAlias = str
    EfficiencyLevel: TypeAlias = str
    ProjectKind: TypeAlias = str
    ProjectLibrary: TypeAlias = str
    GradeABCD: TypeAlias = str
    CarbonEfficiency: TypeAlias = str
else:
    Ownership = vocab_type(OWNERSHIP)
    GreenFactoryLevel = vocab_type(GREEN_FACTORY_LEVEL)
    SmartTitle = vocab_type(SMART_TITLES)
    Honour = vocab_type(HONOURS)
    ManagementSystem = vocab_type(MANAGEMENT_SYSTEMS)
    Informatisation = vocab_type(INFORMATISATION)
    AccidentKind = vocab_type(ACCIDENT_KIND)
    Severity = vocab_type(SEVERITY)
    ViolationKind = vocab_type(VIOLATION_KIND)
    EnergyInspection = vocab_type(ENERGY_INSPECTION)
    EfficiencyLevel = vocab_type(EFFICIENCY_LEVEL)
    ProjectKind = vocab_type(PROJECT_KIND)
    ProjectLibrary = vocab_type(PROJECT_LIBRARY)
    GradeABCD = vocab_type(GRADE_ABCD)
    CarbonEfficiency = vocab_type(CARBON_EFFICIENCY)


VOCABULARIES = {
    "ownership": OWNERSHIP,
    "green_factory_level": GREEN_FACTORY_LEVEL,
    "smart_titles": SMART_TITLES,
    "honours": HONOURS,
    "management_systems": MANAGEMENT_SYSTEMS,
    "informatisation": INFORMATISATION,
    "accident_kind": ACCIDENT_KIND,
    "severity": SEVERITY,
    "violation_kind": VIOLATION_KIND,
    "energy_inspection": ENERGY_INSPECTION,
    "efficiency_level": EFFICIENCY_LEVEL,
    "project_kind": PROJECT_KIND,
    "project_library": PROJECT_LIBRARY,
    "offset_kind": OFFSET_KIND,
    "carbon_efficiency": CARBON_EFFICIENCY,
}
