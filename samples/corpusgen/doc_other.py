"""Green power certificates and consumption proofs; permits and approvals; credit report; the applicant's
own documents (management body notice, construction plan, ESG report)."""

from __future__ import annotations

import calendar
from datetime import date

from .doc_base import Ctx, add_years, d, red_header, register, workday_after
from .pdfkit import (A4_H, A4_W, GREY, Flow, a4_page, box, date_cn, date_upper, new_doc, num,
                     red_seal, text, wrap)

GREEN = (0.05, 0.45, 0.25)
TRADING = {"江苏省": "江苏电力交易中心有限公司", "浙江省": "浙江电力交易中心有限公司", "安徽省": "安徽电力交易中心有限公司",
           "福建省": "福建电力交易中心有限公司"}
GEN_GROUPS = ["国家能源集团", "华能", "大唐", "三峡新能源", "国家电投", "华电", "中广核新能源", "龙源电力"]
GEN_SITES = [("内蒙古", "乌兰察布", "风电场"), ("甘肃", "酒泉", "风电场"), ("青海", "海南州", "光伏电站"), ("宁夏", "中卫", "光伏电站"),
             ("江苏", "如东", "海上风电场"), ("新疆", "哈密", "风电场"), ("河北", "张北", "风电场"), ("江苏", "射阳", "海上风电场")]


def _period(year: int, m0: int = 1, m1: int = 12) -> str:
    return f"{date(year, m0, 1).isoformat()}/{date(year, m1, calendar.monthrange(year, m1)[1]).isoformat()}"


def _period_cn(period: str) -> str:
    a, b = period.split("/")
    return f"{date_cn(a)}至{date_cn(b)}"


def _project(rng) -> str:
    prov, site, kind = rng.choice(GEN_SITES)
    cap = rng.choice([100, 200, 300, 400, 500]) if "光伏" in kind else rng.choice([49.5, 100, 150, 200, 300])
    return f"{rng.choice(GEN_GROUPS)}{site}{cap:g}MW{kind}"


@register("green_power_certificate", variants=2)
def green_power_certificate(ctx: Ctx):
    """绿色电力证书: variant 0 a single landscape certificate; variant 1 a portrait certificate with batch detail."""
    f, rng = ctx.facts, ctx.rng
    year = int(ctx.kw.get("year") or f.reporting_year)
    row = f.year(year)
    gc_t = row.get("green_certificates") or 0
    qty = round(gc_t / 0.5366) if gc_t else round((row.get("green_electricity_mwh") or 1000) * 0.3)
    when = workday_after(date(year + 1, 1, 5), rng.randint(0, 40))
    fl = ctx.apply({
        "holder": f.name, "uscc": f.uscc, "number": f"GEC{year}{rng.randint(10 ** 11, 10 ** 12 - 1)}",
        "project": _project(rng), "quantity_mwh": qty, "period": _period(year, rng.randint(1, 3), rng.randint(10, 12)),
        "issuer": "国家能源局", "issue_date": when, "years": [year],
    })
    doc = new_doc(batch=True)
    if ctx.variant == 0:
        page = a4_page(doc, landscape=True)
        W, H = A4_H, A4_W
        box(page, (24, 24, W - 24, H - 24), color=GREEN, width=3)
        box(page, (32, 32, W - 32, H - 32), color=GREEN, width=0.7)
        title = "绿色电力证书"
        text(page, W / 2, 100, "中华人民共和国", 15, GREEN, font="hei", align="center", spacing=4)
        text(page, W / 2, 146, title, 34, GREEN, bold=True, font="song", align="center", spacing=8)
        text(page, W / 2, 172, "GREEN ELECTRICITY CERTIFICATE", 12, GREEN, font="sans", align="center", spacing=2)
        rows = [("证书编号", fl["number"]), ("证书持有人", fl["holder"]), ("统一社会信用代码", fl["uscc"] or "—"),
                ("项目名称", fl["project"]), ("电量生产时间", _period_cn(fl["period"])),
                ("证书数量", f"{fl['quantity_mwh']:,} 个（对应上网电量 {num(fl['quantity_mwh'], 0)} MWh）"),
                ("核发日期", date_cn(fl["issue_date"]))]
        y = 220
        for lab, val in rows:
            text(page, 150, y, f"{lab}：", 13, font="hei")
            text(page, 290, y, val, 13)
            y += 30
        text(page, 150, H - 76, "说明：1个绿证对应1000千瓦时可再生能源电量。证书信息可通过国家绿证核发交易系统查询核验。", 9, GREY)
        text(page, W - 110, H - 120, "核发机构：国家能源局", 12, align="right")
        if ctx.sealed:
            red_seal(page, (W - 170, H - 130), "国家能源局", radius=44, rng=ctx.seal_rng(), bottom_text="绿证核发专用章")
    else:
        title = "中国绿色电力证书"
        flow = Flow(doc, page_numbers=False)
        flow.y = 90
        flow.title(title, 24, spacing=4)
        flow.line("China Green Electricity Certificate", 11, align="center", font="latin")
        flow.space(10)
        flow.kv([("证书编号", fl["number"]), ("持有人名称", fl["holder"]), ("持有人统一社会信用代码", fl["uscc"] or "—"),
                 ("核发机构", fl["issuer"]), ("证书总量（个）", f"{fl['quantity_mwh']}"),
                 ("对应电量（MWh）", num(fl["quantity_mwh"], 0)), ("生产周期", fl["period"].replace("/", " 至 ")),
                 ("交易方式", "绿证交易平台单独交易（双边协商）"), ("证书状态", "已划转至持有人账户，可用于绿色电力消费核算")],
                widths=(150, 301))
        flow.heading("证书批次明细", 12)
        q = fl["quantity_mwh"]
        n = 3
        parts = [round(q * s) for s in (0.45, 0.35)]
        parts.append(q - sum(parts))
        a, b = fl["period"].split("/")
        flow.table(["批次", "发电项目", "生产年月", "数量（个）"],
                   [[str(i + 1), fl["project"] if i == 0 else _project(rng),
                     f"{d(a).year}年{min(d(a).month + i * 3, 12)}月", str(p)] for i, p in enumerate(parts[:n])],
                   widths=[45, 226, 100, 80])
        flow.para("注：绿色电力证书是我国可再生能源电量环境属性的唯一证明，是认定可再生能源电力生产、消费的唯一凭证。"
                  "1个绿证单位对应1000千瓦时可再生能源电量。", size=9, indent=0)
        flow.signature(fl["issuer"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_cn,
                       seal_text="绿证核发专用章")
    return ctx.done(title, doc, fl)


@register("green_power_consumption_proof", variants=2)
def green_power_consumption_proof(ctx: Ctx):
    """Variant 0: 绿色电力消费凭证 (北京电力交易中心); variant 1: 绿电交易凭证 of the provincial centre with monthly detail."""
    f, rng = ctx.facts, ctx.rng
    year = int(ctx.kw.get("year") or f.reporting_year)
    row = f.year(year)
    qty = round((row.get("green_electricity_mwh") or 0) * 0.65 / 10) * 10 or 1000
    issuer = "北京电力交易中心有限公司" if ctx.variant == 0 else TRADING.get(f.province, "北京电力交易中心有限公司")
    fl = ctx.apply({
        "holder": f.name, "uscc": f.uscc, "number": f"LDXF{year}{rng.randint(10 ** 9, 10 ** 10 - 1)}",
        "quantity_mwh": qty, "period": _period(year), "issuer": issuer,
        "issue_date": workday_after(date(year + 1, 1, 15), rng.randint(0, 30)), "years": [year],
    })
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    flow.y = 90
    if ctx.variant == 0:
        title = "绿色电力消费凭证"
        flow.title(title, 24, spacing=4)
        flow.line(f"凭证编号：{fl['number']}", 10.5, align="right")
        flow.para(f"兹证明{fl['holder']}（统一社会信用代码：{fl['uscc']}）于{_period_cn(fl['period'])}期间，"
                  f"通过绿色电力交易累计消费绿色电力{num(fl['quantity_mwh'])}兆瓦时（MWh），"
                  f"对应绿色电力证书{num(fl['quantity_mwh'])}个，已随绿色电力交易同步划转至消费者账户。", size=12)
        flow.kv([("电力用户名称", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("消费周期", fl["period"].replace("/", " 至 ")),
                 ("绿色电力消费量（MWh）", num(fl["quantity_mwh"])), ("电源类型", "风电、光伏"),
                 ("对应绿证数量（个）", num(fl["quantity_mwh"]))])
        flow.para("本凭证依据电力交易结算结果及绿证划转记录出具，可登录绿证核发交易系统或电力交易平台核验。", size=10, indent=0)
    else:
        title = "绿色电力交易凭证"
        flow.title(title, 22, spacing=2)
        flow.line(f"编号：{fl['number']}", 10.5, align="right")
        flow.kv([("购电主体", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("交易品种", "省内绿色电力交易（年度双边协商）"),
                 ("售电主体", _project(rng)), ("交易周期", _period_cn(fl["period"]))], widths=(120, 331))
        months = 12
        base = fl["quantity_mwh"] / months
        vals = [round(base * rng.uniform(0.85, 1.15)) for _ in range(months - 1)]
        vals.append(round(fl["quantity_mwh"] - sum(vals)))
        a = d(fl["period"].split("/")[0])
        flow.table(["结算月份", "绿电结算电量（MWh）", "环境价值（元/MWh）"],
                   [[f"{a.year}年{m + 1}月", num(v), num(rng.choice([5, 8, 10, 12, 15]))] for m, v in enumerate(vals)]
                   + [["合计", num(fl["quantity_mwh"]), "—"]], widths=[130, 170, 151])
        flow.para(f"经核对，上述购电主体在交易周期内结算绿色电力合计{num(fl['quantity_mwh'])} MWh，特此证明。", size=11)
    flow.signature(fl["issuer"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_cn,
                   seal_text="业务专用章")
    return ctx.done(title, doc, fl)


# --- 企业信用报告 ------------------------------------------------------------------------------------------

@register("credit_report", variants=2)
def credit_report(ctx: Ctx):
    """Variant 0: 信用中国 style 企业信用报告; variant 1: 市场主体专用信用报告（无违法违规记录版）."""
    f, rng = ctx.facts, ctx.rng
    when = workday_after(date(f.reporting_year + 1, 2, 1), rng.randint(0, 35))
    prov = f.province.rstrip("省市")
    issuer = "信用中国" if ctx.variant == 0 else f"{f.province}公共信用信息中心"
    start = date(when.year - 3, when.month, 1)
    fl = ctx.apply({"holder": f.name, "uscc": f.uscc, "issuer": issuer, "issue_date": when,
                    "number": f"{'XYZG' if ctx.variant == 0 else 'JSXY'}{when:%Y%m%d}{rng.randint(100000, 999999)}",
                    "period": f"{start.isoformat()}/{when.isoformat()}", "conclusion": "无违法违规记录"})
    doc = new_doc(batch=True)
    flow = Flow(doc, header="信用中国  www.creditchina.gov.cn" if ctx.variant == 0 else f"信用中国（{prov}）")
    a, b = fl["period"].split("/")
    if ctx.variant == 0:
        title = "企业信用报告"
        flow.y = 90
        flow.title(title, 24, spacing=4)
        flow.line(f"报告编号：{fl['number']}", 10, align="center")
        flow.line(f"报告生成时间：{date_cn(fl['issue_date'])}", 10, align="center")
        flow.space(10)
        flow.heading("一、基本信息")
        flow.kv([("企业名称", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("法定代表人", f.legal_representative),
                 ("企业类型", f.company_type), ("成立日期", date_cn(f.established) if f.established else "—"),
                 ("登记机关", f.registration_authority), ("住所", f.address), ("登记状态", "存续（在营、开业、在册）")])
        items = [("行政许可信息", f"{rng.randint(2, 9)}条"), ("行政处罚信息", "无"), ("严重失信主体名单", "无"),
                 ("失信被执行人", "无"), ("经营异常名录", "无"), ("重大税收违法失信主体", "无"), ("守信激励信息", f"{rng.randint(0, 3)}条")]
        flow.heading("二、信用信息概览")
        flow.table(["信息类别", "记录情况"], [list(x) for x in items], widths=[250, 201])
        flow.heading("三、说明")
        flow.para(f"本报告信息查询期间为{date_cn(a)}至{date_cn(b)}。经查询，该企业在查询期间内无行政处罚、严重失信主体名单、"
                  f"失信被执行人等失信记录。本报告仅反映截至报告生成时间“信用中国”网站归集的公共信用信息。", size=10.5)
    else:
        title = "市场主体专用信用报告（无违法违规记录版）"
        flow.y = 90
        flow.title("市场主体专用信用报告", 22, spacing=2)
        flow.line("（无违法违规记录版）", 12, align="center")
        flow.line(f"报告编号：{fl['number']}", 10, align="right")
        flow.kv([("市场主体名称", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("查询期间", f"{date_cn(a)}至{date_cn(b)}")])
        flow.para("经查询，该市场主体在查询期间内，以下领域无违法违规记录：", indent=0, size=11)
        fields = ["发展改革", "工业和信息化", "公安", "人力资源社会保障", "自然资源", "生态环境", "住房城乡建设", "交通运输",
                  "应急管理", "市场监管", "税务", "统计", "消防救援", "医疗保障"]
        flow.table(["序号", "领域", "查询结果"], [[str(i + 1), x, "无违法违规记录"] for i, x in enumerate(fields)],
                   widths=[50, 220, 181])
        flow.para("本报告依据市场主体专用信用报告制度出具，可替代相关领域有无违法违规证明。", size=10, indent=0)
    flow.signature(issuer if ctx.variant == 1 else "国家公共信用信息中心", when, ctx.sealed, ctx.seal_rng(),
                   date_style=date_cn, seal_text="信用报告专用章")
    return ctx.done(title, doc, fl)


# --- 环评批复 / 节能审查意见 -------------------------------------------------------------------------------

def _project_name(f, rng) -> str:
    prods = f.main_products or [f.industry_name or "产品"]
    return rng.choice([f"年产{rng.randint(2, 12) * 100}万套{prods[-1]}扩建项目", f"{prods[0]}智能化生产线技术改造项目",
                       f"年产{prods[-1]}{rng.randint(2, 9) * 50}万件新建项目"])


def _approval(ctx: Ctx, kind: str):
    f, rng = ctx.facts, ctx.rng
    city_short = (f.district or f.city).rstrip("市区县")
    when = workday_after(date(rng.randint(max(2016, (f.established.year if f.established else 2016) + 1), 2023),
                              rng.randint(1, 12), rng.randint(1, 28)), 0)
    project = _project_name(f, rng)
    if kind == "eia":
        issuer = f"{f.city}生态环境局"
        number = f"{f.city[:1]}环建〔{when.year}〕{rng.randint(1, 99):02d}第{rng.randint(100, 999)}号"
        title = f"关于对{f.name}{project}环境影响报告表的批复"
    else:
        issuer = f"{f.district or f.city}发展和改革委员会" if f.district.endswith("市") else f"{f.city}发展和改革委员会"
        number = f"{city_short[:1]}发改能审〔{when.year}〕{rng.randint(1, 60)}号"
        title = f"关于{f.name}{project}节能报告的审查意见"
    energy = round((f.year(f.reporting_year).get("energy_tce") or 5000) * rng.uniform(0.15, 0.3), -1)
    fl = ctx.apply({"holder": f.name, "uscc": f.uscc, "issuer": issuer, "document_number": number, "issue_date": when,
                    "project": project, "title": title, "conclusion": "同意"})
    if kind == "energy":
        fl.setdefault("energy_tce", energy)
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    if ctx.variant == 0:
        red_header(flow, fl["issuer"], suffix="", number=fl["document_number"], size=26)
        flow.title(fl["title"], 16)
        flow.para(f"{fl['holder']}：", indent=0, size=12)
        if kind == "eia":
            flow.para(f"你单位报送的《{fl['project']}环境影响报告表》（以下简称《报告表》）及相关材料收悉。经研究，批复如下：", size=12)
            items = [f"一、该项目位于{f.address}，属于{f.industry_name or '制造业'}，项目建设符合国家和地方产业政策。"
                     f"在全面落实《报告表》提出的各项污染防治措施后，从环境保护角度，同意该项目按《报告表》所列性质、规模、地点进行建设。",
                     "二、项目建设和运营中应重点做好以下工作：（一）严格落实废气污染防治措施，热处理废气经收集处理后达标排放；"
                     "（二）生产废水经预处理后接管至污水处理厂集中处理；（三）按规定分类收集、贮存和处置固体废物，危险废物委托有资质单位处置；"
                     "（四）选用低噪声设备，厂界噪声达标。",
                     "三、项目建设必须严格执行配套的环境保护设施与主体工程同时设计、同时施工、同时投产使用的环境保护“三同时”制度。"
                     "项目竣工后，须按规定开展竣工环境保护验收。",
                     "四、本批复自下达之日起超过五年方决定开工建设的，环境影响评价文件应当报我局重新审核。"]
        else:
            flow.para(f"你单位报送的《{fl['project']}节能报告》收悉。经审查，现提出以下审查意见：", size=12)
            items = [f"一、该项目建设地点位于{f.address}，项目建成后年综合能源消费量{num(fl.get('energy_tce'))}吨标准煤（当量值）。",
                     "二、项目采用的主要用能设备能效均达到国家能效标准2级及以上水平，单位产品能耗达到国内先进水平，"
                     "节能报告提出的节能措施基本可行。",
                     "三、原则同意该项目节能报告。项目建设单位应严格落实节能报告及本审查意见提出的各项节能措施，"
                     "项目投入生产前须按规定进行节能验收。",
                     "四、本审查意见有效期为2年，逾期未开工建设的应重新进行节能审查。"]
        for it in items:
            flow.para(it, size=12)
        fl.pop("uscc", None)  # a 批复 addresses the company by name only
        flow.signature(fl["issuer"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_upper)
        flow.para(f"抄送：{f.city}{'生态环境综合行政执法局' if kind == 'eia' else '工业和信息化局'}。", indent=0, size=10)
        title = fl["title"]
    else:
        title = "建设项目环境影响评价文件审批意见" if kind == "eia" else "固定资产投资项目节能审查意见书"
        flow.y = 90
        flow.title(title, 18)
        flow.line(f"文号：{fl['document_number']}", 11, align="right")
        rows = [("建设单位", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("项目名称", fl["project"]),
                ("建设地点", f.address)]
        if kind == "energy":
            rows.append(("年综合能源消费量", f"{num(fl.get('energy_tce'))}吨标准煤（当量值）"))
            rows.append(("审查意见", "经审查，该项目节能报告符合相关法律法规和强制性节能标准要求，同意通过节能审查。"))
        else:
            rows.append(("环评文件类型", "环境影响报告表"))
            rows.append(("审批意见", "经研究，同意该项目环境影响报告表结论，项目在落实报告表提出的各项污染防治措施后，"
                                     "可以按报告表所列内容建设。"))
        rows.append(("审批日期", date_cn(fl["issue_date"])))
        flow.kv(rows, widths=(130, 321))
        flow.signature(fl["issuer"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_cn,
                       extra=("审批部门（盖章）：",))
    return ctx.done(title, doc, fl)


@register("eia_approval", variants=2)
def eia_approval(ctx: Ctx):
    return _approval(ctx, "eia")


@register("energy_assessment_approval", variants=2)
def energy_assessment_approval(ctx: Ctx):
    return _approval(ctx, "energy")


# --- 排污许可证 ------------------------------------------------------------------------------------------

@register("pollutant_discharge_permit", variants=2)
def pollutant_discharge_permit(ctx: Ctx):
    """Variant 0: the 正本 (one page, framed); variant 1: 副本 with outlets and limits (several pages)."""
    f, rng = ctx.facts, ctx.rng
    issued = workday_after(date(rng.randint(2021, 2024), rng.randint(1, 12), rng.randint(1, 28)), 0)
    valid_to = date.fromordinal(add_years(issued, 5).toordinal() - 1)
    fl = ctx.apply({"holder": f.name, "uscc": f.uscc, "number": f"{f.uscc}{rng.randint(1, 3):03d}{rng.choice('VPQUX')}",
                    "issuer": f"{f.city}生态环境局", "issue_date": issued, "valid_from": issued, "valid_to": valid_to,
                    "address": f.address})
    doc = new_doc(batch=True)
    title = "排污许可证"
    if ctx.variant == 0:
        page = a4_page(doc)
        box(page, (36, 36, A4_W - 36, A4_H - 36), color=(0.1, 0.3, 0.6), width=2.5)
        text(page, A4_W / 2, 130, "排 污 许 可 证", 32, bold=True, font="song", align="center")
        text(page, A4_W / 2, 162, "（正  本）", 13, align="center")
        text(page, A4_W - 80, 200, f"证书编号：{fl['number']}", 10.5, align="right")
        rows = [("单位名称", fl["holder"]), ("注册地址", fl["address"]), ("法定代表人", f.legal_representative),
                ("生产经营场所地址", fl["address"]), ("行业类别", f.industry_name or "—"),
                ("统一社会信用代码", fl["uscc"]),
                ("有效期限", f"自{date_cn(fl['valid_from'])}至{date_cn(fl['valid_to'])}止")]
        y = 250
        for lab, val in rows:
            text(page, 80, y, f"{lab}：", 12, font="hei")
            for k, ln in enumerate(wrap(val, A4_W - 80 - 210, 12)):
                text(page, 210, y + k * 18, ln, 12)
            y += 32 + 18 * (len(wrap(val, A4_W - 80 - 210, 12)) - 1)
        text(page, A4_W - 100, A4_H - 170, f"发证机关：{fl['issuer']}", 12, align="right")
        text(page, A4_W - 100, A4_H - 144, f"发证日期：{date_cn(fl['issue_date'])}", 12, align="right")
        if ctx.sealed:
            red_seal(page, (A4_W - 180, A4_H - 160), fl["issuer"], radius=44, rng=ctx.seal_rng())
        text(page, A4_W / 2, A4_H - 60, "中华人民共和国生态环境部监制    全国排污许可证管理信息平台打印", 9, GREY, align="center")
    else:
        flow = Flow(doc)
        flow.y = 90
        flow.title("排污许可证（副本）", 22)
        flow.line(f"证书编号：{fl['number']}", 10.5, align="right")
        flow.kv([("单位名称", fl["holder"]), ("统一社会信用代码", fl["uscc"]), ("注册地址", fl["address"]),
                 ("行业类别", f.industry_name or "—"), ("排污许可管理类别", rng.choice(["简化管理", "重点管理"])),
                 ("有效期限", f"{date_cn(fl['valid_from'])}至{date_cn(fl['valid_to'])}"), ("发证机关", fl["issuer"]),
                 ("发证日期", date_cn(fl["issue_date"]))])
        flow.heading("一、排污单位基本信息")
        flow.para(f"{fl['holder']}主要从事{f.main_business or f.industry_name}，主要产品为{'、'.join(f.main_products) or '—'}。")
        flow.heading("二、大气污染物排放")
        flow.table(["排放口编号", "排放口名称", "污染物种类", "排放浓度限值（mg/m³）", "执行标准"],
                   [[f"DA00{i + 1}", n, p, lim, "GB 16297-1996"] for i, (n, p, lim) in
                    enumerate([("热处理废气排放口", "颗粒物、非甲烷总烃", "20、60"), ("清洗废气排放口", "非甲烷总烃", "60"),
                               ("食堂油烟排放口", "油烟", "2.0"), ("危废仓库废气排放口", "非甲烷总烃", "60")])],
                   widths=[70, 110, 100, 90, 81])
        flow.heading("三、水污染物排放")
        flow.table(["排放口编号", "排放去向", "污染物种类", "执行标准"],
                   [["DW001", "进入城镇污水处理厂", "COD、氨氮、总磷、SS、石油类", "GB 8978-1996 三级"]], widths=[70, 130, 150, 101])
        flow.heading("四、环境管理要求")
        for s in ["1．按规定开展自行监测，监测数据保存原始记录不少于5年；", "2．按时提交排污许可证执行报告（年报、季报）；",
                  "3．建立环境管理台账，如实记录污染防治设施运行情况；", "4．依法公开污染物排放信息。"]:
            flow.para(s, indent=0)
        flow.signature(fl["issuer"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_cn,
                       extra=("发证机关（盖章）：",))
        title = "排污许可证（副本）"
    return ctx.done(title, doc, fl)


# --- the applicant's own documents --------------------------------------------------------------------------

@register("management_body_doc", variants=2)
def management_body_doc(ctx: Ctx):
    """关于成立零碳工厂建设领导小组的通知 — variant 0: 红头文件; variant 1: plain 决定 memo."""
    from .doc_base import short_name
    from .facts import person_name
    f, rng = ctx.facts, ctx.rng
    year = (f.plan or {}).get("start_year") or f.reporting_year - 1
    when = workday_after(date(int(year), rng.randint(1, 6), rng.randint(1, 28)), 0)
    abbr = short_name(f)
    fl = ctx.apply({"holder": f.name, "issuer": f.name, "uscc": f.uscc, "document_number": f"{abbr}发〔{year}〕{rng.randint(3, 30)}号",
                    "issue_date": when, "leader": f.top_manager or f.legal_representative,
                    "title": "关于成立零碳工厂建设领导小组的通知" if ctx.variant == 0 else
                    "关于成立零碳（近零碳）工厂建设工作领导小组及能碳管理办公室的决定"})
    fl.pop("uscc", None)  # not printed on this document: the ground truth lists what is printed
    members = [person_name(rng) for _ in range(7)]
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    if ctx.variant == 0:
        red_header(flow, fl["holder"], suffix="文件", number=fl["document_number"],
                   size=min(28, 420 / (len(fl["holder"]) + 2)))
    else:
        flow.y = 90
        flow.line(f"文件编号：{fl['document_number']}", 10.5, align="right")
    flow.title(fl["title"], 17)
    if ctx.variant == 0:
        flow.para("公司各部门、各车间：", indent=0, size=12)
        flow.para("为贯彻落实国家碳达峰碳中和决策部署，系统推进公司零碳工厂建设，经公司总经理办公会研究，决定成立零碳工厂建设领导小组。"
                  "现将有关事项通知如下：", size=12)
        flow.para("一、领导小组组成", size=12, indent=0)
        flow.para(f"组  长：{fl['leader']}（总经理）", size=12)
        flow.para(f"副组长：{members[0]}（副总经理）、{members[1]}（总工程师）", size=12)
        flow.para(f"成  员：{'、'.join(members[2:])}及生产部、设备部、安全环保部、财务部、采购部负责人", size=12)
        flow.para(f"领导小组下设能碳管理办公室，办公室设在安全环保部，{f.contact or members[2]}任办公室主任，配备专职能碳管理人员，"
                  f"负责日常工作。", size=12)
        flow.para("二、主要职责", size=12, indent=0)
        for s_ in ["（一）贯彻落实国家和地方关于碳达峰碳中和、零碳工厂建设的政策要求，审定公司零碳工厂建设规划和年度计划；",
                   "（二）统筹协调能源替代、节能改造、数字化能碳管理平台建设等重点项目，落实资金、人员保障；",
                   "（三）组织开展温室气体排放核算、第三方核查、产品碳足迹评价和碳抵消工作；",
                   "（四）建立零碳工厂建设目标责任制，对各部门目标完成情况进行考核；",
                   "（五）组织开展全员低碳培训和宣传，定期向公司管理层报告工作进展。"]:
            flow.para(s_, size=12)
        flow.para("特此通知。", size=12)
    else:
        flow.para("各部门、各分厂：", indent=0, size=12)
        flow.para(f"根据《{f.province}零碳（近零碳）工厂建设指南》要求，为加强对零碳（近零碳）工厂建设工作的组织领导，"
                  f"明确管理职责，公司决定设立零碳（近零碳）工厂建设工作领导小组和能碳管理办公室。具体决定如下：", size=12)
        flow.table(["机构", "职务", "人员", "所在部门/职务"],
                   [["领导小组", "组长", fl["leader"], "总经理"], ["领导小组", "常务副组长", members[0], "分管生产副总经理"],
                    ["领导小组", "副组长", members[1], "总工程师"],
                    *[["领导小组", "组员", m, d_] for m, d_ in zip(members[2:6], ["设备部经理", "生产部经理", "财务部经理", "采购部经理"])],
                    ["能碳管理办公室", "主任", f.contact or members[6], "安全环保部"],
                    ["能碳管理办公室", "专职人员", members[6], "能源管理员"]], widths=[110, 90, 90, 161], size=10.5)
        flow.para("第一条  领导小组是公司零碳（近零碳）工厂建设的决策机构，负责审批建设规划、年度目标和重大投资事项。", size=12)
        flow.para("第二条  能碳管理办公室负责能源和碳排放数据的采集、统计、分析和报送，组织编制温室气体排放报告，"
                  "对接第三方核查机构，管理绿证、绿电交易和碳抵消事务。", size=12)
        flow.para("第三条  各部门负责人为本部门节能降碳第一责任人，节能降碳目标纳入年度绩效考核。", size=12)
        flow.para("第四条  本决定自印发之日起施行。", size=12)
    flow.signature(fl["holder"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_upper)
    return ctx.done(fl["title"], doc, fl)


@register("construction_plan", variants=2)
def construction_plan(ctx: Ctx):
    """零碳工厂建设规划 — variant 0: narrative 规划; variant 1: table-led 实施方案."""
    f, rng = ctx.facts, ctx.rng
    plan = f.plan or {}
    y0 = int(plan.get("start_year") or f.reporting_year - 1)
    y1 = int(plan.get("end_year") or y0 + 3)
    default_title = plan.get("title") or f"{f.name}零碳工厂建设规划（{y0}—{y1}年）"
    if ctx.variant == 1:
        default_title = default_title.replace("建设规划", "建设实施方案")
    fl = ctx.apply({"holder": f.name, "issuer": f.name, "uscc": f.uscc, "title": default_title, "years": list(range(y0, y1 + 1)),
                    "investment_wan": plan.get("investment_wan") or 3000, "issue_date": workday_after(date(y0, 3, 1), rng.randint(0, 60)),
                    "target": plan.get("overall_target") or f"{y1}年实现类别1、类别2排放100%抵消"})
    fl.pop("uscc", None)  # not printed on this document: the ground truth lists what is printed
    years = [int(y) for y in fl["years"]]
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=False)
    # cover
    flow.y = 230
    for ln in wrap(fl["title"], A4_W - 160, 22):
        flow.line(ln, 22, align="center", bold=True, font="hei")
    flow.y = A4_H - 220
    flow.line(fl["holder"], 14, align="center")
    flow.line(date_upper(fl["issue_date"]), 13, align="center")
    flow.page_numbers = True
    flow.new_page()
    projects = f.projects or []
    prow = [[str(i + 1), p["name"], str(p.get("completed_year") or "—"), num(p.get("investment_wan")), num(p.get("co2_reduction_t"))]
            for i, p in enumerate(projects)]
    last = f.year(f.reporting_year)
    if ctx.variant == 0:
        flow.heading("一、企业概况与碳排放现状")
        flow.para(f"{fl['holder']}成立于{date_cn(f.established) if f.established else '—'}，主要从事{f.main_business or f.industry_name}。"
                  f"{f.reporting_year}年综合能源消费量{num(last.get('energy_tce'))} tce，用电量{num(last.get('electricity_mwh'))} MWh，"
                  f"类别1排放{num(last.get('category1'))} tCO2e，类别2排放{num(last.get('category2'))} tCO2e。")
        flow.heading("二、指导思想与总体目标")
        flow.para(f"以“能源替代+能效提升+数字管控”为主线，规划期{years[0]}—{years[-1]}年。总体目标：{fl['target']}。")
        flow.heading("三、建设路径")
        for s in ["（一）能源结构优化：建设屋顶分布式光伏，扩大绿色电力交易和绿证采购规模；",
                  "（二）工艺和设备电气化：推进热处理、烘干等工序电能替代，淘汰低效燃气设备；",
                  "（三）节能降碳改造：实施空压站群控、余热回收、高效电机和照明改造；",
                  "（四）数字化能碳管理：建设能碳管理平台，实现重点设备能耗和碳排放实时监测；",
                  "（五）碳抵消：对剩余排放通过绿证、CCER等方式实现100%抵消。"]:
            flow.para(s)
        flow.heading("四、重点项目与投资计划")
        if prow:
            flow.table(["序号", "项目名称", "计划完成年份", "投资（万元）", "年减排量（tCO2e）"], prow, widths=[36, 185, 75, 75, 80])
        flow.para(f"规划期内计划总投资{num(fl['investment_wan'])}万元。")
        flow.heading("五、保障措施")
        flow.para("成立零碳工厂建设领导小组，建立目标责任制和考核机制；落实专项资金；加强人才培养和全员培训；定期评估规划实施情况并动态调整。")
    else:
        flow.heading("1 目标指标", 13)
        rows = []
        for i, y in enumerate(years):
            share = min(100, 40 + i * 20)
            rows.append([f"{y}年", f"{share}%", f"{min(100, 60 + i * 15)}%", "≥80%" if i >= 2 else f"≥{60 + i * 10}%"])
        flow.table(["年度", "绿色电力占比目标", "类别1、2排放抵消比例", "自主减排比例"], rows, widths=[80, 120, 130, 121])
        flow.para(f"总体目标：{fl['target']}。计划总投资{num(fl['investment_wan'])}万元。")
        flow.heading("2 重点项目安排", 13)
        if prow:
            flow.table(["序号", "项目名称", "计划完成年份", "投资（万元）", "年减排量（tCO2e）"], prow, widths=[36, 185, 75, 75, 80])
        flow.heading("3 职责分工", 13)
        flow.table(["工作任务", "牵头部门", "配合部门"],
                   [["光伏及绿电采购", "设备部", "采购部、财务部"], ["电气化和节能改造", "生产部", "设备部"],
                    ["能碳管理平台", "信息部", "安全环保部"], ["核算、核查与碳抵消", "安全环保部", "财务部"]], widths=[180, 120, 151])
        flow.heading("4 进度安排", 13)
        flow.para(f"{years[0]}年完成规划编制和基础能力建设；{years[min(1, len(years) - 1)]}年完成主要改造项目；"
                  f"{years[-1]}年实现规划目标并开展零碳工厂评价。")
    flow.signature(fl["holder"], d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_upper)
    return ctx.done(fl["title"], doc, fl)


@register("esg_report", variants=2)
def esg_report(ctx: Ctx):
    """Variant 0: ESG 报告; variant 1: 可持续发展报告. Normally unsealed."""
    from .doc_base import default_unsealed
    default_unsealed(ctx)
    f, rng = ctx.facts, ctx.rng
    y0 = int(ctx.kw.get("year") or f.reporting_year)
    row = f.year(y0)
    fl = ctx.apply({"holder": f.name, "issuer": f.name, "uscc": f.uscc, "years": [y0],
                    "category1_t": row.get("category1"), "category2_t": row.get("category2"),
                    "scope12_t": (row.get("category1") or 0) + (row.get("category2") or 0),
                    "issue_date": workday_after(date(y0 + 1, 3, 1), rng.randint(0, 10)) if rng.random() < 0.3 else
                    workday_after(date(y0 + 1, 1, 20), rng.randint(0, 35))})
    fl.pop("uscc", None)  # not printed on this document: the ground truth lists what is printed
    y0 = fl["years"][-1]
    title = f"{y0}年度环境、社会及公司治理（ESG）报告" if ctx.variant == 0 else f"{y0}可持续发展报告"
    doc = new_doc(batch=True)
    flow = Flow(doc, header=f"{fl['holder']}  {title}", page_numbers=False)
    page = flow.page
    page.draw_rect(page.rect, color=None, fill=(0.86, 0.93, 0.88) if ctx.variant == 0 else (0.88, 0.91, 0.97),
                   overlay=False)
    flow.y = 260
    flow.line(fl["holder"], 16, align="center", font="hei")
    flow.space(10)
    for ln in wrap(title, A4_W - 140, 24):
        flow.line(ln, 24, align="center", bold=True, font="hei")
    flow.line("Environmental, Social and Governance Report" if ctx.variant == 0 else "Sustainability Report", 12,
              align="center", font="latin")
    flow.y = A4_H - 150
    flow.line(f"发布日期：{date_cn(fl['issue_date'])}", 11, align="center")
    flow.page_numbers = True
    flow.new_page()
    history = sorted({r["year"] for r in f.years} | {y0})

    def figures(y):
        r = f.year(y)
        c1, c2 = (fl["category1_t"], fl["category2_t"]) if y == y0 else (r.get("category1"), r.get("category2"))
        s12 = fl["scope12_t"] if y == y0 else (c1 or 0) + (c2 or 0)
        return r, c1, c2, s12

    if ctx.variant == 0:
        flow.heading("关于本报告")
        flow.para(f"本报告是{fl['holder']}发布的第{rng.randint(2, 4)}份ESG报告，报告时间范围为{y0}年1月1日至{y0}年12月31日，"
                  f"编制参考GRI可持续发展报告标准及《企业可持续披露准则——基本准则（试行）》。报告数据来源于公司内部统计及第三方核查报告。")
        flow.heading("董事长致辞")
        flow.para("面对全球气候变化挑战，公司坚持绿色低碳发展理念，将零碳工厂建设作为高质量发展的重要抓手，持续推进能源结构优化、"
                  "能效提升和数字化能碳管理，努力为行业绿色转型贡献力量。")
        flow.heading("环境绩效")
        rows = []
        for y in history:
            r, c1, c2, s12 = figures(y)
            rows.append([f"{y}年", num(r.get("energy_tce")), num(r.get("green_electricity_mwh")), num(c1), num(c2), num(s12)])
        flow.table(["年度", "综合能耗（tce）", "绿色电力（MWh）", "类别1排放（tCO2e）", "类别2排放（tCO2e）", "类别1+2（tCO2e）"], rows,
                   widths=[55, 75, 75, 82, 82, 82], size=9)
        flow.heading("零碳工厂建设情况")
        flow.para(f"报告期内，公司温室气体排放经第三方核查机构核查，{y0}年类别1排放{num(fl['category1_t'])} tCO2e、类别2排放"
                  f"{num(fl['category2_t'])} tCO2e；主要产品完成碳足迹核算。公司通过分布式光伏、绿色电力交易和绿证采购等方式推进零碳工厂建设。")
        flow.heading("社会责任与公司治理")
        flow.para(f"公司现有员工{f.employees or rng.randint(200, 1500)}人，全年开展安全生产培训，未发生较大及以上安全、环境、质量事故。"
                  "公司建立了规范的治理结构和内部控制体系，持续加强商业道德和反腐败管理。")
    else:
        flow.heading("第一章  走进我们", font="hei")
        flow.para(f"{fl['holder']}地处{f.city}{f.district}，专注于{f.main_business or f.industry_name}。我们以“创新、绿色、共享”为发展理念，"
                  f"将可持续发展融入战略制定、生产运营和供应链管理全过程。")
        flow.heading("第二章  可持续发展管理", font="hei")
        flow.para("公司设立可持续发展委员会，由总经理担任主任，统筹环境、社会及治理议题；通过问卷调查和访谈识别利益相关方关注的实质性议题，"
                  "包括应对气候变化、产品质量、员工健康与安全、供应链责任和社区贡献。")
        flow.heading("第三章  绿色低碳运营", font="hei")
        flow.para(f"{y0}年，公司范围一（类别1）排放{num(fl['category1_t'])}吨二氧化碳当量，范围二（类别2）排放{num(fl['category2_t'])}"
                  f"吨二氧化碳当量，两者合计{num(fl['scope12_t'])}吨，已经第三方机构核查。")
        header = ["关键绩效指标"] + [f"{y}年" for y in history]
        rows = [["综合能耗（吨标准煤）"] + [num(figures(y)[0].get("energy_tce")) for y in history],
                ["用电量（兆瓦时）"] + [num(figures(y)[0].get("electricity_mwh")) for y in history],
                ["绿色电力消费量（兆瓦时）"] + [num(figures(y)[0].get("green_electricity_mwh")) for y in history],
                ["范围一排放（吨二氧化碳当量）"] + [num(figures(y)[1]) for y in history],
                ["范围二排放（吨二氧化碳当量）"] + [num(figures(y)[2]) for y in history],
                ["范围一和范围二合计"] + [num(figures(y)[3]) for y in history]]
        flow.table(header, rows, widths=[171] + [280 / len(history)] * len(history), size=9.5,
                   aligns=["left"] + ["right"] * len(history))
        flow.heading("第四章  员工与社区", font="hei")
        flow.para(f"截至{y0}年末，公司共有员工{f.employees or rng.randint(200, 1500)}人，劳动合同签订率100%，职业健康体检覆盖率100%。"
                  f"公司持续开展志愿服务和乡村振兴帮扶活动。")
        flow.heading("第五章  展望", font="hei")
        flow.para("未来，公司将继续推进零碳工厂建设，扩大可再生能源使用比例，携手供应链伙伴共同降低产品全生命周期碳排放。")
    if ctx.sealed:
        flow.signature(fl["holder"], d(fl["issue_date"]), True, ctx.seal_rng(), date_style=date_cn)
    return ctx.done(title, doc, fl)
