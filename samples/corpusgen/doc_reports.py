"""Third-party reports: GHG verification (report and statement), reduction assessment, carbon footprint,
energy audit / benchmarking; plus low-carbon product certificates."""

from __future__ import annotations

from datetime import date

from .doc_base import Ctx, add_years, d, register, report_date
from .pdfkit import (A4_H, A4_W, GREY, Flow, a4_page, date_cn, date_iso, date_upper, new_doc, num, paragraph,
                     red_seal, text,
                     wrap)

GHG_STANDARDS = ["ISO 14064-1:2018", "ISO 14064-3:2019", "GB/T 32150-2015"]
SECTOR_STD = {  # GB/T 32151 parts and sector guides, by industry keyword
    "轴承": "GB/T 32151.12-2018（机械设备制造企业）", "机械": "GB/T 32151.12-2018（机械设备制造企业）",
    "汽车": "GB/T 32151.12-2018（机械设备制造企业）", "紧固件": "GB/T 32151.12-2018（机械设备制造企业）",
    "铸": "GB/T 32151.12-2018（机械设备制造企业）", "电子": "GB/T 32150-2015 附录（电子设备制造）",
    "纺织": "GB/T 32151.12-2018 参照；《纺织服装企业温室气体排放核算方法与报告指南》",
    "印染": "《纺织服装企业温室气体排放核算方法与报告指南》", "染整": "《纺织服装企业温室气体排放核算方法与报告指南》",
    "食品": "《食品、烟草及酒、饮料和精制茶企业温室气体排放核算方法与报告指南》",
}
VERIFIERS = ["江苏省节能技术服务中心", "中国质量认证中心", "中环联合（北京）认证中心有限公司", "江苏恒信诺金碳咨询有限公司",
             "杭州万泰认证有限公司", "南京国环碳科技有限公司"]
GRID_FACTOR = 0.5366  # tCO2/MWh, national grid average published for 2022


def sector_std(f) -> str:
    for k, v in SECTOR_STD.items():
        if k in (f.industry_name or "") or any(k in p for p in f.main_products):
            return v
    return "GB/T 32151.12-2018（机械设备制造企业）"


def _verifier(ctx: Ctx, year: int) -> str:
    v = ctx.facts.year(year).get("verifier")
    return v or ctx.rng.choice(VERIFIERS)


def emission_fields(ctx: Ctx, years: list[int], extra: dict | None = None) -> dict:
    """Per-year category 1/2 figures plus the latest year's as category1_t/category2_t/scope12_t."""
    f = ctx.facts
    base = {"holder": f.name, "uscc": f.uscc, "years": years, **(extra or {})}
    out = ctx.apply(base)
    yrs = [int(y) for y in out["years"]]
    by_year = {}
    for y in yrs:
        row = f.year(y)
        c1, c2, c3 = row.get("category1") or 0, row.get("category2") or 0, row.get("category3")
        by_year[y] = {"category1_t": c1, "category2_t": c2, "scope12_t": c1 + c2, "category3_t": c3}
    last = by_year[yrs[-1]]
    for k in ("category1_t", "category2_t", "category3_t"):
        if k in ctx.overrides:
            last[k] = ctx.overrides[k]
    if "scope12_t" in ctx.overrides:
        last["scope12_t"] = ctx.overrides["scope12_t"]
    elif "category1_t" in ctx.overrides or "category2_t" in ctx.overrides:
        last["scope12_t"] = last["category1_t"] + last["category2_t"]
    out.update(years=yrs, category1_t=last["category1_t"], category2_t=last["category2_t"],
               scope12_t=last["scope12_t"], by_year=by_year)
    return out


def year_span(years: list[int]) -> str:
    years = sorted(years)
    if len(years) == 1:
        return f"{years[0]}年度"
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}—{years[-1]}年度"
    return "、".join(str(y) for y in years) + "年度"


def _split(total: float, parts: list[tuple[str, float]]) -> list[tuple[str, float]]:
    out, acc = [], 0.0
    for i, (name, share) in enumerate(parts):
        v = round(total - acc, 2) if i == len(parts) - 1 else round(total * share, 2)
        acc += v
        out.append((name, v))
    return out


def _cover(flow: Flow, title: str, sub: str, rows: list[tuple[str, str]], org: str, when: date, ctx: Ctx,
           number: str = "", seal: bool = True) -> None:
    page = flow.page
    if number:
        text(page, A4_W - 72, 96, f"报告编号：{number}", 10.5, align="right")
    y = 210
    for ln in wrap(title, A4_W - 150, 24):
        text(page, A4_W / 2, y, ln, 24, bold=True, font="hei", align="center")
        y += 38
    if sub:
        text(page, A4_W / 2, y + 4, sub, 14, font="song", align="center")
    y = 420
    for lab, val in rows:
        text(page, 130, y, f"{lab}：", 13, font="hei")
        for k, ln in enumerate(wrap(val, A4_W - 130 - 110 - 70, 13)):
            text(page, 240, y + k * 20, ln, 13)
            page.draw_line((238, y + k * 20 + 5), (A4_W - 90, y + k * 20 + 5), color=GREY, width=0.4)
        y += 36 + 20 * (len(wrap(val, A4_W - 130 - 110 - 70, 13)) - 1)
    text(page, A4_W / 2, A4_H - 150, org, 14, font="hei", align="center")
    text(page, A4_W / 2, A4_H - 124, date_upper(when), 13, align="center")
    if seal and ctx.sealed:
        red_seal(page, (A4_W / 2 + 30, A4_H - 140), org, radius=44, rng=ctx.seal_rng())


def _sources(ctx: Ctx, c1: float) -> list[tuple[str, float]]:
    return _split(c1, [("天然气燃烧（热处理炉、食堂）", 0.71), ("柴油燃烧（厂内叉车、应急发电机）", 0.11),
                       ("汽油燃烧（公务车辆）", 0.04), ("制冷剂逸散（HFCs）", 0.09), ("CO2气体保护焊等过程排放", 0.05)])


def _emission_table(flow: Flow, fl: dict, with_c3: bool, scope_word: str = "类别") -> None:
    header = ["核查年度", f"{scope_word}1 直接排放（tCO2e）", f"{scope_word}2 能源间接排放（tCO2e）", f"{scope_word}1+{scope_word}2 合计（tCO2e）"]
    if with_c3:
        header.append(f"{scope_word}3 其他间接排放（tCO2e）")
    rows = []
    for y in fl["years"]:
        r = fl["by_year"][y]
        row = [f"{y}年", num(r["category1_t"], 2, True), num(r["category2_t"], 2, True), num(r["scope12_t"], 2, True)]
        if with_c3:
            row.append(num(r.get("category3_t"), 2, True))
        rows.append(row)
    flow.table(header, rows, size=9.5)


def ghg_number(ctx: Ctx, year: int) -> str:
    return f"GHG-{year + 1}-{ctx.rng.randint(100, 999):03d}{ctx.rng.choice('ABCDEFGH')}"


def _ghg_report(ctx: Ctx, v: int):
    f, rng = ctx.facts, ctx.rng
    y0 = int(ctx.kw.get("year") or f.reporting_year)
    years = [y0] if v == 0 else [y for y in (y0 - 2, y0 - 1, y0) if any(r["year"] == y for r in f.years)] or [y0]
    when = report_date(rng, max(years))
    fl = emission_fields(ctx, years, {
        "issuer": _verifier(ctx, y0), "issue_date": when, "number": ghg_number(ctx, y0),
        "standard": GHG_STANDARDS + [sector_std(f).split("（")[0]],
        "conclusion": "排放报告真实、准确，核查结论为无保留意见",
    })
    years = fl["years"]
    org, when = fl["issuer"], d(fl["issue_date"])
    span = year_span(years)
    title = f"{span}温室气体排放核查报告" if v == 0 else "温室气体排放核查报告"
    doc = new_doc(batch=True)
    flow = Flow(doc, header=f"{org}  温室气体排放核查报告" if v == 1 else "", page_numbers=False)
    if v == 0:
        _cover(flow, f"{span}温室气体排放核查报告", "", [("受核查方", fl["holder"]), ("统一社会信用代码", fl["uscc"]),
                                                      ("核查机构", org), ("核查年度", span), ("报告日期", date_cn(when))],
               org, when, ctx, number=fl["number"])
    else:
        _cover(flow, "温室气体排放核查报告", span, [("受核查方名称", fl["holder"]), ("核查机构名称", org),
                                               ("报告编号", fl["number"]), ("签发日期", date_cn(when, pad=True))],
               org, when, ctx, seal=True)
    flow.page_numbers = True
    flow.new_page()
    leader, member, reviewer = (rng.choice("王李张刘陈杨赵") + rng.choice(["明", "建平", "晓东", "静", "磊", "海燕"]) for _ in range(3))
    std_text = "；".join(["ISO 14064-1:2018《温室气体 第一部分 组织层次上对温室气体排放和清除的量化和报告的规范及指南》",
                         "ISO 14064-3:2019《温室气体 第三部分 温室气体声明审定与核查的规范及指南》",
                         "GB/T 32150-2015《工业企业温室气体排放核算和报告通则》", sector_std(f)])
    if v == 0:
        flow.title("核查基本信息", 16)
        flow.kv([("受核查方名称", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("地址", f.address),
                 ("法定代表人", f.legal_representative), ("所属行业", f"{f.industry_name}（{f.industry_code}）"),
                 ("核查年度", span), ("核查依据", std_text), ("核查机构", org),
                 ("核查组长", leader), ("核查组员", member), ("技术复核人", reviewer),
                 ("现场核查日期", date_cn(date.fromordinal(when.toordinal() - rng.randint(7, 20))))])
        flow.heading("1  核查目的、范围和准则")
        flow.para(f"受{fl['holder']}（以下简称“受核查方”）委托，{org}（以下简称“核查机构”）对受核查方{span}"
                  f"温室气体排放报告进行核查。核查目的是确认受核查方温室气体排放核算边界、排放源识别、活动数据和排放因子"
                  f"的选取及排放量计算是否完整、准确，是否符合相关核算标准的要求。")
        flow.para(f"核查范围为受核查方位于{f.address}的生产厂区，包括主要生产系统、辅助生产系统及附属生产系统。"
                  f"核查的保证等级为合理保证，实质性偏差阈值为5%。")
        flow.heading("2  核查过程和方法")
        for s in ["（1）文件评审：审阅受核查方提交的温室气体排放报告、能源消费台账、能源购进发票、电费结算单、"
                  "计量器具检定证书等资料；",
                  "（2）现场核查：核查组赴受核查方生产现场，查看排放设施和计量器具，访谈能源管理和统计人员，"
                  "抽样核对原始记录；",
                  "（3）核查报告编制与技术复核：核查组根据文件评审和现场核查发现编制核查报告，经独立技术复核后批准签发。"]:
            flow.para(s)
        flow.heading("3  核查发现")
        flow.heading("3.1  排放源识别", size=11.5)
        flow.table(["排放类别", "排放源", "主要设施"],
                   [["类别1", "化石燃料燃烧", "热处理炉、锅炉、叉车、应急发电机"], ["类别1", "逸散排放", "空调、冷水机组"],
                    ["类别2", "外购电力", "生产设备、空压机、照明等"], ["类别3", "外购原材料、运输等", "供应链"]],
                   widths=[80, 130, 241])
        flow.heading("3.2  活动数据", size=11.5)
        rows = []
        for y in years:
            r = f.year(y)
            rows.append([f"{y}年", num(r.get("energy_tce")), num(r.get("electricity_mwh")),
                         num(r.get("green_electricity_mwh"))])
        flow.table(["年度", "综合能源消费量（tce）", "用电量（MWh）", "其中绿色电力（MWh）"], rows)
        flow.heading("3.3  排放量核查结果", size=11.5)
        last = fl["by_year"][years[-1]]
        flow.table(["排放源", f"{years[-1]}年排放量（tCO2e）"],
                   [[n, num(x, 2, True)] for n, x in _sources(ctx, last["category1_t"])]
                   + [["外购电力（扣除绿色电力）", num(last["category2_t"], 2, True)]], widths=[280, 171],
                   aligns=["left", "right"])
        _emission_table(flow, fl, with_c3=False)
        flow.heading("4  核查结论")
        flow.para(f"经核查，{fl['holder']}{span}温室气体排放报告的核算边界清晰，排放源识别完整，活动数据和排放因子"
                  f"选取合理，计算方法符合{GHG_STANDARDS[0]}和GB/T 32150-2015的要求。核查确认的{years[-1]}年度"
                  f"类别1直接排放量为{num(fl['category1_t'], 2, True)} tCO2e，类别2能源间接排放量为"
                  f"{num(fl['category2_t'], 2, True)} tCO2e，类别1和类别2合计{num(fl['scope12_t'], 2, True)} tCO2e。"
                  f"核查机构对上述排放量出具无保留意见的核查结论。")
    else:
        flow.title("核查结论摘要", 16)
        flow.kv([("受核查方", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("核查年度", span),
                 ("核查准则", "ISO 14064-1:2018、ISO 14064-3:2019、GB/T 32150-2015、" + sector_std(f)),
                 ("保证等级 / 实质性", "合理保证 / 5%"), ("核查结论", "无保留意见")])
        _emission_table(flow, fl, with_c3=True)
        flow.heading("一、概述")
        flow.para(f"1.1 核查目的：对{fl['holder']}{span}温室气体排放量进行独立核查，为企业参与零碳（近零碳）工厂评价、"
                  f"碳排放管理和信息披露提供依据。")
        flow.para(f"1.2 受核查方简介：受核查方成立于{date_cn(f.established) if f.established else '—'}，"
                  f"主要从事{f.main_business or f.industry_name}，主要产品为{'、'.join(f.main_products) or f.industry_name}。")
        flow.para("1.3 核查范围：组织边界采用运营控制权法，涵盖厂区内全部生产及辅助设施；报告边界包括类别1至类别6"
                  "（类别3—6合并报告为类别3）。")
        flow.heading("二、核查过程")
        flow.table(["阶段", "时间", "主要工作"],
                   [["合同评审与核查策划", date_cn(date.fromordinal(when.toordinal() - 30)), "确定核查组，编制核查计划和抽样计划"],
                    ["文件评审", date_cn(date.fromordinal(when.toordinal() - 21)), "审阅排放报告、能源台账、结算凭证"],
                    ["现场核查", date_cn(date.fromordinal(when.toordinal() - 12)), "现场查看、人员访谈、数据抽样核对"],
                    ["技术复核与报告签发", date_cn(when), "独立技术复核，签发核查报告"]], widths=[120, 110, 221])
        flow.heading("三、核查发现")
        flow.para("核查组未发现对排放量产生实质性影响的错误、遗漏或错误解释。受核查方已建立温室气体数据质量管理制度，"
                  "计量器具配备符合GB 17167要求，外购电力数据与电网企业结算单一致。")
        flow.heading("四、核查结论")
        flow.para(f"基于核查组执行的核查程序，核查机构认为受核查方{span}温室气体排放量的核算符合核查准则要求，"
                  f"{years[-1]}年类别1排放{num(fl['category1_t'], 2, True)} tCO2e、类别2排放{num(fl['category2_t'], 2, True)} tCO2e，"
                  f"合计{num(fl['scope12_t'], 2, True)} tCO2e。")
    flow.line(f"核查组长：{leader}    技术复核：{reviewer}", size=10.5)
    flow.signature(org, when, ctx.sealed, ctx.seal_rng(), date_style=date_cn)
    return doc, title, fl


def _ghg_statement(ctx: Ctx, v: int):
    f, rng = ctx.facts, ctx.rng
    y0 = int(ctx.kw.get("year") or f.reporting_year)
    when = report_date(rng, y0)
    fl = emission_fields(ctx, [y0], {
        "issuer": _verifier(ctx, y0), "issue_date": when, "number": ghg_number(ctx, y0),
        "standard": GHG_STANDARDS[:2] + ["GB/T 32150-2015"], "conclusion": "无保留意见",
    })
    years, org, when = fl["years"], fl["issuer"], d(fl["issue_date"])
    span = year_span(years)
    title = "温室气体排放核查声明"
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    flow.y = 90
    flow.title(title, 22, spacing=2)
    if v == 3:
        flow.line("GHG Verification Statement", 12, align="center", font="latin")
    flow.line(f"声明编号：{fl['number']}", 10.5, align="right")
    flow.space(6)
    if v == 2:
        flow.kv([("受核查方", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("地址", f.address), ("核查年度", span),
                 ("核查准则", "、".join(fl["standard"])), ("保证等级", "合理保证"), ("实质性偏差", "5%")])
        flow.para(f"{org}依据上述准则，对受核查方{span}温室气体排放进行了核查。核查范围覆盖受核查方全部生产经营场所。"
                  f"经核查，受核查方温室气体排放量如下：")
        _emission_table(flow, fl, with_c3=False)
    else:
        flow.para(f"兹声明：{org}受{fl['holder']}（统一社会信用代码：{fl['uscc']}）委托，按照"
                  f"{'、'.join(fl['standard'])}的要求，对其{span}组织层面温室气体排放进行了核查。")
        rows = []
        for y in years:
            r = fl["by_year"][y]
            rows += [[f"{y}年", "范围一（类别1）直接排放", num(r["category1_t"], 1)],
                     [f"{y}年", "范围二（类别2）能源间接排放", num(r["category2_t"], 1)],
                     [f"{y}年", "范围一与范围二合计", num(r["scope12_t"], 1)]]
        flow.table(["年度", "排放类别", "排放量（tCO2e）"], rows, widths=[90, 230, 131])
    flow.heading("核查结论", 12)
    flow.para(f"受核查方温室气体排放核算边界完整、方法适当、数据真实可靠，核查机构对其{span}排放量出具“{fl['conclusion']}”"
              f"的核查结论。本声明须与核查报告（编号：{fl['number']}）一并使用。")
    flow.signature(org, when, ctx.sealed, ctx.seal_rng(), date_style=date_cn if v == 2 else date_upper,
                   extra=("核查机构（盖章）：",))
    return doc, title, fl


@register("ghg_verification_report", variants=4)
def ghg_verification_report(ctx: Ctx):
    """Variants 0, 1: full 核查报告 (one year / several years); 2, 3: one-page 核查声明."""
    if ctx.variant in (0, 1):
        doc, title, fl = _ghg_report(ctx, ctx.variant)
    else:
        doc, title, fl = _ghg_statement(ctx, ctx.variant)
    return ctx.done(title, doc, fl)


# --- 减排量评估报告 (GB/T 33760) -----------------------------------------------------------------------

ASSESSORS = ["中国质量认证中心", "江苏省节能技术服务中心", "中环联合（北京）认证中心有限公司", "北京中创碳投科技有限公司",
             "南京国环碳科技有限公司"]
KIND_CN = {"renewable": "可再生能源利用", "electrification": "电气化改造", "energy_saving": "节能改造",
           "carbon_utilisation": "二氧化碳利用", "process": "工艺优化", "storage": "储能", "other": "其他"}


@register("reduction_assessment_report", variants=2)
def reduction_assessment_report(ctx: Ctx):
    f, rng = ctx.facts, ctx.rng
    y0 = int(ctx.kw.get("year") or f.reporting_year)
    row = f.year(y0)
    scope12 = (row.get("category1") or 0) + (row.get("category2") or 0)
    baseline = row.get("baseline_scenario_tco2") or round(scope12 * rng.uniform(2.5, 4.0), -1)
    reduction = row.get("self_reduction_tco2") or round(baseline - scope12, -1)
    when = report_date(rng, y0)
    fl = ctx.apply({"holder": f.name, "uscc": f.uscc, "years": [y0], "baseline_t": baseline,
                    "project_t": baseline - reduction, "reduction_t": reduction,
                    "issuer": ctx.rng.choice(ASSESSORS), "issue_date": when, "standard": ["GB/T 33760-2017"],
                    "number": f"JPL-{y0 + 1}-{rng.randint(1000, 9999)}", "conclusion": "减排量真实、可测量、可核查"})
    if "reduction_t" in ctx.overrides and "project_t" not in ctx.overrides:
        fl["project_t"] = fl["baseline_t"] - fl["reduction_t"]
    y0 = fl["years"][-1]
    org, when = fl["issuer"], d(fl["issue_date"])
    span = year_span(fl["years"])
    v = ctx.variant
    title = "温室气体减排量评估报告" if v == 0 else f"{span}自主减排项目减排量评估报告"
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    _cover(flow, title, "（依据GB/T 33760-2017）" if v == 0 else "",
           [("委托方", fl["holder"]), ("评估机构", org), ("评估期", span), ("报告编号", fl["number"])],
           org, when, ctx)
    flow.page_numbers = True
    flow.new_page()
    projects = f.projects or [{"name": "屋顶分布式光伏", "kind": "renewable", "completed_year": y0 - 1, "co2_reduction_t": reduction}]
    prow = [[str(i + 1), p["name"], KIND_CN.get(p.get("kind"), "其他"), str(p.get("completed_year") or "—"),
             num(p.get("co2_reduction_t"), 0)] for i, p in enumerate(projects)]
    if v == 0:
        flow.heading("一、评估概述")
        flow.para(f"受{fl['holder']}（统一社会信用代码：{fl['uscc']}）委托，{org}依据GB/T 33760-2017《基于项目的温室气体"
                  f"减排量评估技术规范 通用要求》，对其{span}实施的自主减排项目产生的温室气体减排量进行评估。")
        flow.heading("二、项目概况")
        flow.table(["序号", "项目名称", "项目类型", "投运年份", "设计年减排量（tCO2e）"], prow, widths=[36, 175, 85, 60, 95])
        flow.heading("三、基准线情景与项目边界")
        flow.para("基准线情景确定为：在不实施上述减排项目的情况下，企业维持原有能源结构和用能设备，生产同等数量产品所产生的"
                  "温室气体排放；电力全部来自区域电网，热处理等工序使用天然气加热。项目边界包括企业厂区内实施减排项目的全部设施。")
        flow.heading("四、减排量计算")
        flow.para("减排量按下式计算：ER = BE - PE - LE，其中BE为基准线情景排放量，PE为项目情景排放量，LE为泄漏排放量（本项目取0）。")
    else:
        flow.title("评估结论摘要", 15)
        flow.kv([("委托方", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("评估依据", "GB/T 33760-2017"),
                 ("评估期", span), ("评估结论", fl["conclusion"])])
        flow.heading("1 减排项目清单", 12)
        flow.table(["序号", "项目名称", "项目类型", "投运年份", "设计年减排量（tCO2e）"], prow, widths=[36, 175, 85, 60, 95])
        flow.heading("2 减排量量化", 12)
    flow.table(["评估年度", "基准线排放量BE（tCO2e）", "项目排放量PE（tCO2e）", "减排量ER（tCO2e）"],
               [[f"{y0}年", num(fl["baseline_t"], 2, True), num(fl["project_t"], 2, True), num(fl["reduction_t"], 2, True)]])
    flow.heading("五、评估结论" if v == 0 else "3 评估结论", 12.5 if v == 0 else 12)
    flow.para(f"经评估，{fl['holder']}{span}自主减排项目产生的温室气体减排量为{num(fl['reduction_t'], 2, True)} tCO2e，"
              f"基准线情景排放量为{num(fl['baseline_t'], 2, True)} tCO2e，减排量{fl['conclusion']}。")
    flow.signature(org, when, ctx.sealed, ctx.seal_rng(), date_style=date_cn)
    return ctx.done(title, doc, fl)


# --- 产品碳足迹 -----------------------------------------------------------------------------------------

FOOTPRINT_ORGS = ["中国质量认证中心", "中环联合（北京）认证中心有限公司", "必维认证（北京）有限公司", "TÜV南德意志集团（上海）",
                  "江苏省产品质量监督检验研究院"]


def _product(f, rng) -> tuple[str, str, float]:
    prod = f.main_products[-1] if f.main_products else (f.industry_name or "产品")
    unit = "套" if "轴承" in prod else "件" if any(k in prod for k in ("铸件", "壳体", "车架", "控制")) else \
        "米" if "面料" in prod else "平方米" if "电路板" in prod else "千克" if "食品" in prod or "鱼丸" in prod else "件"
    return prod, f"1{unit}", round(rng.uniform(1.2, 38.0), 2)


def _footprint_fields(ctx: Ctx, cert: bool) -> dict:
    f, rng = ctx.facts, ctx.rng
    y0 = int(ctx.kw.get("year") or f.reporting_year)
    prod, fu, val = _product(f, rng)
    when = report_date(rng, y0)
    fields = {"holder": f.name, "uscc": f.uscc, "product": prod, "functional_unit": fu, "footprint_kgco2e": val,
              "boundary": "从摇篮到大门", "years": [y0], "issuer": rng.choice(FOOTPRINT_ORGS), "issue_date": when,
              "standard": ["ISO 14067:2018", "GB/T 24067-2024"], "number": f"CFP{y0 + 1}{rng.randint(100000, 999999)}"}
    if cert:
        fields["expiry_date"] = add_years(when, 3)
    return ctx.apply(fields)


@register("carbon_footprint_report", variants=3)
def carbon_footprint_report(ctx: Ctx):
    """Variants 0, 1: 产品碳足迹评价报告 / 核查报告; 2: 产品碳足迹证书."""
    f, rng = ctx.facts, ctx.rng
    v = ctx.variant
    fl = _footprint_fields(ctx, cert=v == 2)
    org, when, y0 = fl["issuer"], d(fl["issue_date"]), fl["years"][-1]
    doc = new_doc(batch=True)
    stages = _split(float(fl["footprint_kgco2e"]), [("原材料获取", 0.62), ("原材料运输", 0.05), ("产品生产", 0.31), ("包装", 0.02)])
    if v == 2:
        from .doc_certs import _guilloche, TEAL
        page = a4_page(doc)
        _guilloche(page, TEAL)
        title = "产品碳足迹证书"
        text(page, A4_W / 2, 110, org, 14, TEAL, bold=True, font="hei", align="center")
        text(page, A4_W / 2, 170, title, 28, bold=True, font="song", align="center", spacing=4)
        text(page, A4_W / 2, 196, "PRODUCT CARBON FOOTPRINT CERTIFICATE", 11, font="latin", align="center")
        text(page, A4_W - 80, 230, f"证书编号：{fl['number']}", 10.5, align="right")
        y = 280
        rows = [("证书持有人", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("产品名称", fl["product"]),
                ("功能单位", fl["functional_unit"]), ("系统边界", fl["boundary"]),
                ("碳足迹", f"{num(fl['footprint_kgco2e'], 2)} kgCO2e/{fl['functional_unit']}"),
                ("评价依据", "、".join(fl["standard"])), ("数据年份", f"{y0}年"),
                ("发证日期", date_cn(fl["issue_date"], pad=True)), ("有效期至", date_cn(fl["expiry_date"], pad=True))]
        for lab, val in rows:
            text(page, 100, y, f"{lab}：", 12, font="hei")
            text(page, 230, y, val, 12)
            y += 27
        paragraph(page, (90, y + 10, A4_W - 90, y + 80), "本证书所示碳足迹结果仅适用于上述产品和功能单位，证书有效期内，"
                  "获证方应保持产品生产工艺和主要原材料不发生重大变化。", 9.5, indent=0, color=GREY)
        text(page, A4_W - 100, A4_H - 130, org, 11.5, align="right")
        if ctx.sealed:
            red_seal(page, (A4_W - 170, A4_H - 140), org, radius=44, rng=ctx.seal_rng())
        return ctx.done(title, doc, fl)
    title = f"{fl['product']}产品碳足迹评价报告" if v == 0 else "产品碳足迹核查报告"
    flow = Flow(doc, page_numbers=False)
    _cover(flow, title, f"（{y0}年度数据）", [("委托单位", fl["holder"]), ("产品名称", fl["product"]),
                                           ("评价机构", org), ("报告编号", fl["number"])], org, when, ctx)
    flow.page_numbers = True
    flow.new_page()
    flow.heading("1 目标与范围" if v == 0 else "一、核查概况")
    flow.para(f"本报告依据ISO 14067:2018《温室气体 产品碳足迹 量化要求和指南》和GB/T 24067-2024，量化{fl['holder']}"
              f"（统一社会信用代码：{fl['uscc']}）"
              f"生产的{fl['product']}的碳足迹。功能单位为{fl['functional_unit']}{fl['product']}，系统边界为{fl['boundary']}，"
              f"数据时间范围为{y0}年1月1日至{y0}年12月31日。")
    flow.heading("2 生命周期清单分析" if v == 0 else "二、数据收集与质量评价")
    flow.para("初级数据来源于企业能源统计台账、物料消耗记录和生产报表；次级数据采用中国生命周期基础数据库（CLCD）和Ecoinvent 3.9数据库；"
              "电力排放因子采用最新公布的区域电网平均排放因子。")
    flow.heading("3 碳足迹结果" if v == 0 else "三、核查结果")
    flow.table(["生命周期阶段", "碳足迹（kgCO2e/功能单位）", "占比"],
               [[n, num(x, 2), f"{x / float(fl['footprint_kgco2e']) * 100:.1f}%"] for n, x in stages]
               + [["合计", num(fl["footprint_kgco2e"], 2), "100.0%"]], widths=[170, 170, 111])
    flow.para(f"结论：{fl['product']}（{fl['functional_unit']}）{fl['boundary']}的产品碳足迹为"
              f"{num(fl['footprint_kgco2e'], 2)} kgCO2e。")
    flow.signature(org, when, ctx.sealed, ctx.seal_rng(), date_style=date_cn)
    return ctx.done(title, doc, fl)


@register("low_carbon_product_cert", variants=2)
def low_carbon_product_cert(ctx: Ctx):
    from .doc_certs import _guilloche, TEAL, BLUE
    f, rng = ctx.facts, ctx.rng
    prod, fu, val = _product(f, rng)
    issued = report_date(rng, f.reporting_year - 1)
    fl = ctx.apply({"holder": f.name, "uscc": f.uscc, "product": prod, "number": f"CQC{issued.year % 100}{rng.randint(10 ** 9, 10 ** 10 - 1)}",
                    "standard": ["《低碳产品认证实施规则》", "CQC 1301-2014"], "issuer": "中国质量认证中心",
                    "issue_date": issued, "expiry_date": add_years(issued, 5) if rng.random() < 0.5 else add_years(issued, 3),
                    "address": f.address})
    doc = new_doc(batch=True)
    page = a4_page(doc)
    v = ctx.variant
    _guilloche(page, TEAL if v == 0 else BLUE)
    title = "低碳产品认证证书" if v == 0 else "产品认证证书"
    text(page, A4_W / 2, 120, title, 26, bold=True, font="song", align="center", spacing=3)
    if v == 1:
        text(page, A4_W / 2, 146, "（低碳产品认证 Low-carbon Product Certification）", 11, align="center")
    text(page, A4_W - 80, 180, f"证书编号：{fl['number']}", 10.5, align="right")
    if v == 0:
        rows = [("委托人名称", fl["holder"]), ("委托人地址", fl["address"]), ("生产者（制造商）名称", fl["holder"]),
                ("生产企业名称", fl["holder"]), ("产品名称", fl["product"]), ("统一社会信用代码", fl["uscc"]),
                ("认证依据", "、".join(fl["standard"])), ("认证模式", "产品检验 + 初始工厂检查 + 获证后监督"),
                ("发证日期", date_cn(fl["issue_date"], pad=True)), ("有效期至", date_cn(fl["expiry_date"], pad=True))]
        y = 220
        for lab, val in rows:
            text(page, 80, y, f"{lab}：", 11.5, font="hei")
            for k, ln in enumerate(wrap(val, A4_W - 80 - 220, 11.5)):
                text(page, 230, y + k * 17, ln, 11.5)
            y += 28 + 17 * (len(wrap(val, A4_W - 80 - 220, 11.5)) - 1)
        paragraph(page, (80, y + 10, A4_W - 80, y + 80), "上述产品符合低碳产品认证要求，特发此证。本证书的有效性依据发证机构的定期监督获得保持。",
                  11, indent=0)
    else:
        from .pdfkit import kv_table
        y = kv_table(page, 200, [("认证委托人 Applicant", f"{fl['holder']}\n{fl['address']}"),
                                 ("信用代码 USCC", fl["uscc"]),
                                 ("产品名称 Product", fl["product"]),
                                 ("产品生产者 Manufacturer", fl["holder"]),
                                 ("认证类别 Category", "低碳产品认证（温室气体排放评价）"),
                                 ("依据标准 Standards", "；".join(fl["standard"])),
                                 ("初次颁证 Issued on", date_iso(fl["issue_date"])),
                                 ("有效期至 Valid until", date_iso(fl["expiry_date"]))], widths=(150, 301), left=72, size=10.5)
        paragraph(page, (72, y + 16, A4_W - 72, y + 90), "兹证明上述产品的单位产品温室气体排放量满足相应评价技术要求，符合低碳产品认证要求。"
                  "获证产品可在产品或其包装上使用低碳产品认证标志。证书状态请登录 www.cqc.com.cn 查询。", 10.5, indent=0)
    text(page, A4_W - 90, A4_H - 120, fl["issuer"], 12, align="right")
    if ctx.sealed:
        red_seal(page, (A4_W - 160, A4_H - 130), fl["issuer"], radius=44, rng=ctx.seal_rng(), bottom_text="认证专用章")
    return ctx.done(title, doc, fl)


# --- 能源审计 / 能效对标 -----------------------------------------------------------------------------------

AUDITORS = ["江苏省节能技术服务中心", "苏州市节能监察中心（技术服务部）", "中国船级社质量认证有限公司", "浙江省能源研究所",
            "江苏方天电力技术有限公司"]


@register("energy_audit_report", variants=2)
def energy_audit_report(ctx: Ctx):
    """Variant 0: 能源审计报告 (GB/T 17166); variant 1: 能效对标报告."""
    f, rng = ctx.facts, ctx.rng
    y0 = int(ctx.kw.get("year") or f.reporting_year)
    years = [y for y in (y0 - 2, y0 - 1, y0) if any(r["year"] == y for r in f.years)] or [y0]
    if ctx.variant == 1:
        years = [y0]
    when = report_date(rng, y0)
    v = ctx.variant
    fl = ctx.apply({"holder": f.name, "uscc": f.uscc, "years": years, "energy_tce": f.year(years[-1]).get("energy_tce"),
                    "issuer": rng.choice(AUDITORS), "issue_date": when, "number": f"NY{y0 + 1}-{rng.randint(100, 999)}",
                    "standard": ["GB/T 17166-2019"] if v == 0 else ["GB/T 17166-2019", "GB 30253-2013"],
                    "conclusion": "单位产品综合能耗达到能耗限额标准先进值" if v == 1 else "能源管理基本规范，具备节能潜力"})
    years = [int(y) for y in fl["years"]]
    org, when = fl["issuer"], d(fl["issue_date"])
    span = year_span(years)
    title = "能源审计报告" if v == 0 else "能效对标报告"
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    _cover(flow, "能源审计报告" if v == 0 else "能效对标报告", f"（审计期：{span}）" if v == 0 else f"（{span}）",
           [("被审计单位" if v == 0 else "对标企业", fl["holder"]), ("统一社会信用代码", fl["uscc"]),
            ("审计机构" if v == 0 else "编制单位", org),
            ("报告编号", fl["number"])], org, when, ctx)
    flow.page_numbers = True
    flow.new_page()
    rows = []
    for i, y in enumerate(years):
        r = f.year(y)
        e = r.get("energy_tce") or 0
        if i == len(years) - 1 and "energy_tce" in ctx.overrides:
            e = fl["energy_tce"]
        out = (r.get("output") or [{}])[0]
        q = out.get("quantity")
        unit = out.get("unit") or "t"
        per = (e * 1000 / q) if q else None  # kgce per unit
        rows.append([f"{y}年", num(e), num(r.get("electricity_mwh")), f"{num(q)} {unit}" if q else "—",
                     f"{per:.2f} kgce/{unit}" if per else "—"])
    if v == 0:
        flow.heading("1 审计概况")
        flow.para(f"根据《中华人民共和国节约能源法》和《重点用能单位节能管理办法》，{org}受{fl['holder']}委托，依据GB/T 17166-2019"
                  f"《能源审计技术通则》对其{span}能源利用状况进行审计，审计内容包括能源管理、用能概况及能源流向、能源计量及统计、"
                  f"能源消费指标计算、重点用能设备运行效率、节能量计算和节能潜力分析。")
        flow.heading("2 企业能源消费情况")
        flow.table(["年度", "综合能源消费量（tce）", "用电量（MWh）", "产品产量", "单位产品综合能耗"], rows,
                   widths=[60, 100, 90, 100, 101])
        flow.heading("3 主要问题与节能潜力")
        flow.para("（1）空压系统存在管网泄漏和压力设定偏高问题；（2）部分热处理炉保温性能下降；（3）照明和暖通系统仍有进一步改造空间。"
                  "预计实施建议项目后可年节能约300 tce。")
        flow.heading("4 审计结论")
        flow.para(f"{fl['holder']}{span}综合能源消费量分别为{'、'.join(r[1] for r in rows)} tce，{fl['conclusion']}。")
    else:
        flow.heading("一、对标依据与对象")
        flow.para(f"对标依据：{'、'.join(fl['standard'])}及行业能效标杆水平。对标对象为{fl['holder']}主要产品的单位产品综合能耗。")
        flow.heading("二、对标结果")
        flow.table(["年度", "综合能源消费量（tce）", "用电量（MWh）", "产品产量", "单位产品综合能耗"], rows,
                   widths=[60, 100, 90, 100, 101])
        flow.table(["指标", "企业值", "限额标准先进值", "标杆水平", "对标结论"],
                   [["单位产品综合能耗", rows[-1][4], "≤0.35 tce/万套", "≤0.30 tce/万套", "达到先进值"]],
                   widths=[100, 100, 90, 80, 81])
        flow.heading("三、结论与建议")
        flow.para(f"经对标分析，{fl['holder']}{span}{fl['conclusion']}；建议继续推进余热回收和电机系统能效提升。")
    flow.signature(org, when, ctx.sealed, ctx.seal_rng(), date_style=date_cn)
    return ctx.done(title, doc, fl)
