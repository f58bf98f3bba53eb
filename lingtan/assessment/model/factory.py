"""The factory data model: everything the six schemes' forms and scoring ask for.

One :class:`Factory` is one enterprise's application data. Field names are
English; the Chinese label of each field is its ``title`` (shown in errors and
forms). Unknown fields are refused so that a misspelt key never silently drops
a figure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from lingtan.common.i18n import _

from .fields import USCC, Declared, Email, IndustryCode, NonNegative, Phone, Text, Year, check_int_range, is_manufacturing
from .vocab import (
    AccidentKind,
    CarbonEfficiency,
    EfficiencyLevel,
    EnergyInspection,
    GradeABCD,
    GreenFactoryLevel,
    Honour,
    Informatisation,
    ManagementSystem,
    Ownership,
    ProjectKind,
    ProjectLibrary,
    Severity,
    SmartTitle,
    ViolationKind,
)


class Strict(BaseModel):
    """Base: refuse unknown fields, strip strings, validate defaults."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _sane_integers(cls, value: Any) -> Any:
        """Every integer field within ±10^15 (no count, year or level comes near it)."""
        return check_int_range(value)


class Contact(Strict):
    name: Text = Field(title="姓名")
    phone: Phone | None = Field(None, title="联系电话")
    department: str | None = Field(None, title="联系部门")
    title: str | None = Field(None, title="职务")
    email: Email | None = Field(None, title="电子邮箱")
    fax: str | None = Field(None, title="传真")


class Enterprise(Strict):
    name: Text = Field(title="企业名称")
    uscc: USCC = Field(title="统一社会信用代码")
    address: Text = Field(title="企业地址")
    postcode: str | None = Field(None, title="邮政编码", pattern=r"^\d{6}$")
    province: Text = Field(title="所在省")
    city: Text = Field(title="所在设区市")
    district: str | None = Field(None, title="所在县（市、区）")
    legal_representative: Text = Field(title="法定代表人")
    legal_representative_phone: Phone | None = Field(None, title="法人代表电话")
    contact: Contact = Field(title="申报联系人")
    responsible_person: Contact | None = Field(None, title="具体负责人")
    industry_code: IndustryCode = Field(title="所属行业代码（GB/T 4754-2017）")
    industry_name: Text = Field(title="所属行业名称")
    ownership: Ownership = Field(title="单位性质")
    established: dt.date | None = Field(None, title="成立日期")
    registered_capital_wan: NonNegative | None = Field(None, title="注册资本（万元）")
    main_business: str | None = Field(None, title="主营业务")
    main_products: list[Text] = Field(default_factory=list, title="主要产品")
    employees: int | None = Field(None, ge=0, title="职工人数")
    manufacturing: bool | None = Field(None, title="是否制造业企业", validate_default=True, json_schema_extra={"declaration": True})
    independent_legal_person: bool | None = Declared("是否具有独立法人资格")
    credit_rating: str | None = Field(None, title="信用等级")
    environmental_credit_rating: str | None = Field(None, title="环境评价信用等级")
    informatisation: list[Informatisation] = Field(default_factory=list, title="信息化应用")

    @field_validator("manufacturing", mode="after")
    @classmethod
    def _manufacturing_from_code(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        """Follows the industry code (制造业 = 门类 C, 大类 13–43); a declaration that contradicts it is refused."""
        code = info.data.get("industry_code")
        if code is None:  # the code itself is invalid: its own error says so
            return value
        derived = is_manufacturing(code)
        if value is not None and value != derived:
            raise ValueError(_("填为“{declared}”，与所属行业代码 {code}（大类 {division}）不符：制造业为门类 C、大类 13–43，该代码{verdict}").format(
                declared=_("是") if value else _("否"), code=code, division=code[:2],
                verdict=_("属于制造业") if derived else _("不属于制造业")))
        return derived


class GreenFactory(Strict):
    level: GreenFactoryLevel = Field(title="绿色工厂级别")
    year: Year | None = Field(None, title="获评年份")
    document: str | None = Field(None, title="发文名称及文号")


class Honours(Strict):
    green_factory: GreenFactory | None = Field(None, title="绿色工厂")
    smart_titles: list[SmartTitle] = Field(default_factory=list, title="智能制造称号")
    cloud_stars: int = Field(0, ge=0, le=5, title="星级上云星级")
    other: list[Honour] = Field(default_factory=list, title="其他荣誉")
    removed_from_green_list: bool | None = Declared("近三年是否被动态调整出绿色制造名单")


class Certificate(Strict):
    system: ManagementSystem = Field(title="管理体系")
    standard: Text = Field(title="依据标准")
    number: Text = Field(title="证书编号")
    issuer: Text = Field(title="认证机构")
    issued: dt.date = Field(title="发证日期")
    expires: dt.date = Field(title="有效期至")
    scope: str | None = Field(None, title="认证范围")
    file: str | None = Field(None, title="证明文件")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Certificate:
        if self.expires <= self.issued:
            raise ValueError(_("证书有效期至（{expires}）应晚于发证日期（{issued}）").format(expires=self.expires, issued=self.issued))
        return self


class ManagementSystems(Strict):
    implemented: list[ManagementSystem] = Field(default_factory=list, title="已建立并实施的管理体系")
    certificates: list[Certificate] = Field(default_factory=list, title="第三方认证证书")


class Accident(Strict):
    date: dt.date = Field(title="发生日期")
    kind: AccidentKind = Field(title="事故类别")
    severity: Severity = Field(title="事故等级")
    description: str | None = Field(None, title="情况说明")


class Violation(Strict):
    date: dt.date = Field(title="发生日期")
    kind: ViolationKind = Field(title="违法违规类别")
    description: str | None = Field(None, title="情况说明")


class Compliance(Strict):
    """Facts over the last three years (成立不足三年的按成立以来), as the applicant declares them.

    Each declaration is true, false or unknown (None, 未填写): silence is not compliance.
    """

    lawful_establishment: bool | None = Declared("依法设立并遵守法律法规、政策和标准")
    normal_operation: bool | None = Declared("近三年正常经营生产")
    deregistered_or_suspended: bool | None = Declared("工商注销或连续停产12个月以上")
    abnormal_operation_list: bool | None = Declared("被列入经营异常名单且未被移出")
    accidents: list[Accident] = Field(default_factory=list, title="近三年事故")
    violations: list[Violation] = Field(default_factory=list, title="近三年违法违规行为")
    inspection_serious_problems: bool | None = Declared("督查工作中被发现存在严重问题")
    energy_inspection: EnergyInspection | None = Declared("工业节能监察整改名单")
    dishonest_judgment_debtor: bool | None = Declared("被列为失信被执行人")
    credit_blacklist: bool | None = Declared("被列入失信企业、法人代表黑名单")
    outdated_equipment: bool | None = Declared("使用明令禁止或淘汰目录的落后工艺、设备和产品")
    industrial_policy_compliant: bool | None = Declared("符合国家产业政策")
    construction_procedures_complete: bool | None = Declared("新、改、扩建项目履行能评、环评、三同时等手续")
    green_low_carbon_law_compliant: bool | None = Declared("遵守绿色低碳循环利用相关法律法规")
    environmental_disclosure: bool | None = Declared("依法披露环境信息")
    stakeholder_commitments_met: bool | None = Declared("满足对利益相关方的环境承诺")
    site_orderly: bool | None = Declared("生产现场布局合理整洁、安全防护到位")
    emission_targets_met: bool | None = Declared("完成节能减排指标")


class EnergyEfficiency(Strict):
    applicable: bool = Field(title="有适用的能耗限额标准先进值或能效标杆水平")
    level: EfficiencyLevel | None = Field(None, title="达到的能效水平")
    key_sector: bool = Field(False, title="涉及工业重点领域产品")
    standard: str | None = Field(None, title="对标标准")
    carbon_limit_applicable: bool | None = Declared("有适用的碳排放限额标准（国家强制性标准或福建省地方标准）")
    carbon_limit_met: bool | None = Declared("单位产品、工序碳排放达到碳排放限额标准的1级或先进值")

    @model_validator(mode="after")
    def _level_when_applicable(self) -> EnergyEfficiency:
        if self.applicable and self.level is None:
            raise ValueError(_("有适用的能耗限额标准时，须填写达到的能效水平 level"))
        return self


class Plan(Strict):
    title: str | None = Field(None, title="建设规划名称")
    start_year: Year | None = Field(None, title="规划起始年")
    end_year: Year | None = Field(None, title="规划终止年")
    overall_target: str | None = Field(None, title="总体目标")
    quantified_targets: bool = Field(False, title="指标明确且可量化")
    annual_targets: bool = Field(False, title="设定各年度目标")
    path_defined: bool = Field(False, title="明确建设路径")
    key_projects: bool = Field(False, title="明确重点项目")
    investment_wan: NonNegative | None = Field(None, title="计划投资（万元）")
    near_zero_within_years: int | None = Field(None, ge=1, le=60, title="承诺实现近零碳排放的年限（年）")

    @model_validator(mode="after")
    def _years_in_order(self) -> Plan:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError(_("规划终止年（{end_year}）早于起始年（{start_year}）").format(end_year=self.end_year, start_year=self.start_year))
        return self


class Organisation(Strict):
    management_body: str | None = Field(None, title="零碳（绿色低碳）工厂管理机构")
    top_manager: str | None = Field(None, title="最高管理者")
    responsibility_system: bool = Field(False, title="建立目标责任制")
    full_time_staff: int = Field(0, ge=0, title="专职人员数")
    training: bool = Field(False, title="定期开展教育培训并考评")
    plan: Plan | None = Field(None, title="建设规划")


class ProductOutput(Strict):
    name: Text = Field(title="产品名称")
    quantity: NonNegative = Field(title="产量")
    unit: Text = Field(title="计量单位")


class Emissions(Strict):
    """GHG emissions in tCO2e; 类别1/2/3 (jiangsu) are 范围1/2/3 (suzhou)."""

    category1: NonNegative = Field(title="类别1（范围1）直接排放 tCO2e")
    category2: NonNegative = Field(title="类别2（范围2）能源间接排放 tCO2e")
    category3: NonNegative | None = Field(None, title="类别3（范围3）其他间接排放 tCO2e")
    verified: bool = Field(False, title="经第三方核查")
    verifier: str | None = Field(None, title="核查机构")


class Offsets(Strict):
    """Offsets used against the year's emissions, tCO2e, by kind (jiangsu 附件1 三（二）)."""

    green_certificates: NonNegative = Field(0, title="绿色电力证书")
    in_boundary_project: NonNegative = Field(0, title="边界内自主建设项目")
    out_boundary_project: NonNegative = Field(0, title="边界外自主建设项目")
    ccer: NonNegative = Field(0, title="国家核证自愿减排量（CCER）")
    carbon_inclusive: NonNegative = Field(0, title="碳普惠减排量")
    energy_saving_project: NonNegative = Field(0, title="节能项目减排量")
    foreign: NonNegative = Field(0, title="国外核证碳减排量")
    carbon_sink: NonNegative = Field(0, title="碳汇")


class YearFigures(Strict):
    year: Year = Field(title="年份")
    energy_tce: NonNegative = Field(title="综合能耗（当量值）tce")
    energy_tce_equivalent: NonNegative | None = Field(None, title="综合能耗（等价值）tce")
    renewable_tce: NonNegative = Field(0, title="可再生能源消费量 tce")
    non_fossil_tce: NonNegative | None = Field(None, title="非化石能源消费量 tce")
    electricity_mwh: NonNegative | None = Field(None, title="用电量 MWh")
    green_electricity_mwh: NonNegative = Field(0, title="绿色电力消费量 MWh")
    output: list[ProductOutput] = Field(default_factory=list, title="主要产品产量")
    output_value_wan: NonNegative | None = Field(None, title="工业总产值（万元）")
    added_value_wan: NonNegative | None = Field(None, title="工业增加值（万元）")
    profit_wan: float | None = Field(None, title="利润总额（万元）")
    tax_wan: NonNegative | None = Field(None, title="纳税总额（万元）")
    emissions: Emissions | None = Field(None, title="温室气体排放")
    baseline_scenario_tco2: NonNegative | None = Field(None, title="基准线情景温室气体排放量 tCO2e（GB/T 33760）")
    self_reduction_tco2: NonNegative | None = Field(None, title="自主减排措施形成的温室气体减排量 tCO2e")
    offsets: Offsets = Field(default_factory=Offsets, title="碳抵消量")
    fresh_water_m3: NonNegative | None = Field(None, title="工业用新鲜水量 m³")
    solid_waste_t: NonNegative | None = Field(None, title="工业固体废物产生量 t")
    solid_waste_utilised_t: NonNegative | None = Field(None, title="工业固体废物综合利用量 t")
    hazardous_waste_t: NonNegative | None = Field(None, title="危险废物产生量 t")
    wastewater_t: NonNegative | None = Field(None, title="废水产生量 t")
    wastewater_reused_t: NonNegative | None = Field(None, title="废水处理回用量 t")
    land_area_mu: NonNegative | None = Field(None, title="用地面积（亩）")
    comprehensive_saving_rate_pct: NonNegative | None = Field(None, title="综合节能率 %")
    mu_performance_grade: GradeABCD | None = Field(None, title="亩均综合绩效评价等级")
    carbon_efficiency_grade: CarbonEfficiency | None = Field(None, title="碳效综合评价等级")
    carbon_efficiency_tier: int | None = Field(None, ge=1, le=10, title="碳效评价行业维度档位")
    resource_intensive_grade: GradeABCD | None = Field(None, title="苏州市资源集约利用评价等级")

    @model_validator(mode="after")
    def _consistent(self) -> YearFigures:
        problems = []
        if self.renewable_tce > self.energy_tce:
            problems.append(f"可再生能源消费量 renewable_tce（{self.renewable_tce:g}）不应大于综合能耗 energy_tce（{self.energy_tce:g}）")
        if self.non_fossil_tce is not None and self.non_fossil_tce > self.energy_tce:
            problems.append(f"非化石能源消费量 non_fossil_tce（{self.non_fossil_tce:g}）不应大于综合能耗 energy_tce（{self.energy_tce:g}）")
        if (
            self.self_reduction_tco2 is not None
            and self.baseline_scenario_tco2 is not None
            and self.self_reduction_tco2 > self.baseline_scenario_tco2
        ):
            problems.append("自主减排量 self_reduction_tco2 不应大于基准线情景排放量 baseline_scenario_tco2")
        if (
            self.solid_waste_utilised_t is not None
            and self.solid_waste_t is not None
            and self.solid_waste_utilised_t > self.solid_waste_t * 1.5
        ):
            problems.append("固体废物综合利用量明显大于产生量（超过 1.5 倍），请核对单位")
        if problems:
            raise ValueError(_("{year} 年数据：{problems}").format(year=self.year, problems="；".join(problems)))
        return self


class Project(Strict):
    name: Text = Field(title="项目名称")
    kind: ProjectKind = Field(title="项目类别")
    content: str | None = Field(None, title="项目内容")
    start_year: Year | None = Field(None, title="开始年份")
    completed_year: Year | None = Field(None, title="建成年份")
    investment_wan: NonNegative | None = Field(None, title="项目总投资（万元）")
    energy_saving_tce: NonNegative | None = Field(None, title="年节能量（等价值）tce")
    co2_reduction_t: NonNegative | None = Field(None, title="年减碳量 tCO2")
    library: ProjectLibrary = Field("none", title="入选经信部门项目库")
    results: str | None = Field(None, title="项目实施成效")


class Claim(Strict):
    """The applicant's claim for one condition or indicator of one scheme."""

    points: NonNegative | None = Field(None, title="自评得分")
    met: bool | None = Field(None, title="是否符合")
    value: Any = Field(None, title="指标输入值")
    applicable: bool = Field(True, title="是否适用")
    evidence: list[Text] = Field(default_factory=list, title="证明材料")
    note: str | None = Field(None, title="符合性说明")


class Listing(Strict):
    """The factory is already on the scheme's provincial list (the object of dynamic management)."""

    provincial_year: Year = Field(title="列入省级名单年份")
    document: str | None = Field(None, title="列入名单发文名称及文号")


class Application(Strict):
    scheme: str | None = Field(None, title="申报方案")
    level: str | None = Field(None, title="申报类型")
    stage: str | None = Field(None, title="评价阶段")  # a stage of the scheme (scheme.stages), e.g. acceptance (验收)
    date: dt.date | None = Field(None, title="填报日期")
    cultivation_base_year: Year | None = Field(None, title="培育期起始（基准）年份")


class Factory(Strict):
    """One enterprise's application data, for any of the schemes."""

    schema_version: int = Field(1, title="数据格式版本")
    application: Application = Field(default_factory=Application, title="申报信息")
    enterprise: Enterprise = Field(title="企业基本信息")
    honours: Honours = Field(default_factory=Honours, title="荣誉称号")
    listing: Listing | None = Field(None, title="已列入省级名单（已入选的工厂填写）")
    management_systems: ManagementSystems = Field(default_factory=ManagementSystems, title="管理体系")
    compliance: Compliance = Field(default_factory=Compliance, title="合规情况（近三年）")
    energy_efficiency: EnergyEfficiency | None = Field(None, title="能效水平")
    organisation: Organisation = Field(default_factory=Organisation, title="组织管理")
    reporting_year: Year = Field(title="申报上年度（最近完整年度）")
    years: list[YearFigures] = Field(min_length=1, title="年度数据")
    projects: list[Project] = Field(default_factory=list, title="节能降碳项目")
    claims: dict[str, dict[str, Claim]] = Field(default_factory=dict, title="逐项自评与证明材料（按方案、条目）")
    narratives: dict[str, str] = Field(default_factory=dict, title="文字材料")

    @model_validator(mode="after")
    def _years_consistent(self) -> Factory:
        counts = Counter(y.year for y in self.years)
        seen = set(counts)
        dups = sorted(y for y, n in counts.items() if n > 1)
        problems = []
        if dups:
            problems.append(f"年度数据 years 中年份重复：{', '.join(map(str, dups))}")
        if self.reporting_year not in seen:
            have = "、".join(str(y) for y in sorted(seen)) or "无"
            problems.append(f"缺少申报上年度 reporting_year = {self.reporting_year} 的年度数据（已有：{have}）")
        if problems:
            raise ValueError("；".join(problems))
        return self

    def year(self, y: int) -> YearFigures | None:
        """The figures of year ``y``, or None."""
        return next((f for f in self.years if f.year == y), None)
