"""Government list notices (发文 with a long 名单): 绿色工厂 and 智能工厂 / 智能车间."""

from __future__ import annotations

import random
import re
from datetime import date

from .doc_base import Ctx, d, red_header, register, workday_after
from .facts import _TRADES, _WORDS
from .pdfkit import Flow, date_upper, new_doc, text

PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "上海市", "江苏省", "浙江省", "安徽省",
             "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "重庆市", "四川省", "陕西省"]
CITIES = {
    "江苏省": ["南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市", "淮安市", "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市"],
    "浙江省": ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"],
    "安徽省": ["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "铜陵市", "安庆市", "滁州市", "阜阳市", "宣城市"],
    "福建省": ["福州市", "厦门市", "莆田市", "三明市", "泉州市", "漳州市", "南平市", "龙岩市", "宁德市"],
}
PROV_BUREAU = {"江苏省": ("江苏省工业和信息化厅", "苏工信节能"), "浙江省": ("浙江省经济和信息化厅", "浙经信资源"),
               "安徽省": ("安徽省经济和信息化厅", "皖经信节能函"), "福建省": ("福建省工业和信息化厅", "闽工信函节能")}
MORE_TRADES = ["机械制造", "纺织", "化纤", "新材料", "电子", "精密部件", "汽车部件", "钢铁", "铝业", "电器", "食品", "制药",
               "水泥", "玻璃", "家居", "印染", "光伏科技", "电池", "线缆", "轮胎"]


def invent_companies(rng: random.Random, regions: list[str], n: int, exclude: set[str]) -> list[tuple[str, str]]:
    """``n`` invented (region, company) rows, grouped by region in the given order."""
    out: list[tuple[str, str]] = []
    seen = set(exclude)
    per = [0] * len(regions)
    for _ in range(n):
        per[rng.randrange(len(regions))] += 1
    for reg, k in zip(regions, per):
        short = re.sub(r"(省|市|自治区|壮族自治区)$", "", reg)
        for _ in range(k):
            while True:
                brand = rng.choice(_WORDS) + rng.choice(_WORDS)
                trade = rng.choice(_TRADES + MORE_TRADES)
                kind = rng.choice(["有限公司", "股份有限公司", "集团有限公司", "有限公司"])
                name = f"{short}{brand}{trade}{kind}" if rng.random() < 0.7 else f"{brand}{trade}（{short}）有限公司"
                if name not in seen:
                    seen.add(name)
                    out.append((reg, name))
                    break
    return out


def _doc_number(document: str | None) -> str | None:
    if not document:
        return None
    m = re.search(r"([\u4e00-\u9fff]+〔\d{4}〕\d+号)", document)
    return m.group(1) if m else None


def _list_fields(ctx: Ctx, level: str, kind_year: int, issuer: str, number: str, title: str, when: date) -> dict:
    f = ctx.facts
    return ctx.apply({"holder": f.name, "uscc": None, "issuer": issuer, "document_number": number, "title": title,
                      "issue_date": when, "level": level, "years": [kind_year]})


def _notice(ctx: Ctx, fl: dict, body: list[str], list_title: str, section: str, regions: list[str], col: str,
            extra_col: tuple[str, list[str]] | None = None, letter: bool = True):
    f, rng = ctx.facts, ctx.rng
    doc = new_doc(batch=True)
    flow = Flow(doc, page_numbers=True, footer="—")
    issuer = fl["issuer"]
    short_org = issuer.replace("办公厅", "") if letter else issuer
    if letter:
        red_header(flow, issuer, suffix="", size=26)
        text(flow.page, flow.right, flow.y - 6, fl["document_number"], 12, align="right")
        flow.y += 14
    else:
        red_header(flow, issuer, suffix="文件", number=fl["document_number"])
    flow.title(fl["title"], 17)
    for i, p in enumerate(body):
        flow.para(p, indent=0 if i == 0 else 2, size=12)
    flow.para("特此通知。", size=12)
    flow.space(10)
    flow.para(f"附件：{list_title}", indent=2, size=12)
    flow.signature(issuer, d(fl["issue_date"]), ctx.sealed, ctx.seal_rng(), date_style=date_upper)
    flow.new_page()
    flow.line("附件", 13, font="hei", bold=True)
    flow.title(list_title, 16)
    flow.line(section, 12.5, font="hei", bold=True)
    n = rng.randint(30, 80)
    rows = invent_companies(rng, regions, n, {f.name, fl["holder"]})
    # put the holder into its own region's group
    region = next((r for r in regions if r in (f.province, f.city)), regions[0])
    order = {r: k for k, r in enumerate(regions)}
    idx = [i for i, (r, _) in enumerate(rows) if r == region]
    if idx:
        pos = rng.choice(idx + [idx[-1] + 1])
    else:
        pos = next((i for i, (r, _) in enumerate(rows) if order[r] > order[region]), len(rows))
    rows.insert(pos, (region, fl["holder"]))
    header = ["序号", col, "企业名称"]
    widths = [45, 95, 311]
    if extra_col:
        header.append(extra_col[0])
        widths = [40, 80, 231, 100]
    table = []
    for i, (r, name) in enumerate(rows, 1):
        row = [str(i), r, name]
        if extra_col:
            row.append(rng.choice(extra_col[1]))
        table.append(row)
    flow.table(header, table, widths=widths, size=10, aligns=["center", "center", "left", "center"][:len(header)])
    fl["row"] = pos + 1
    fl["rows"] = len(rows)
    flow.para(f"抄送：{short_org}相关处室。", indent=0, size=10)
    return doc


@register("green_factory_notice", variants=2)
def green_factory_notice(ctx: Ctx):
    """Variant 0: 函 of the issuing office (红头 without 文件); variant 1: 红头文件 with a 所属行业 column."""
    f, rng = ctx.facts, ctx.rng
    gf = f.green_factory or {"level": "省级", "year": f.reporting_year - 2, "document": None}
    year = int(gf.get("year") or f.reporting_year - 2)
    level = gf.get("level") or "省级"
    if level == "国家级":
        issuer = "工业和信息化部办公厅"
        number = _doc_number(gf.get("document")) or f"工信厅节函〔{year}〕{rng.randint(200, 420)}号"
        title = f"工业和信息化部办公厅关于公布{year}年度绿色制造名单的通知"
        regions = PROVINCES
        col = "地区"
    else:
        issuer, prefix = PROV_BUREAU.get(f.province, (f"{f.province}工业和信息化厅", "工信节能"))
        number = _doc_number(gf.get("document")) or f"{prefix}〔{year}〕{rng.randint(60, 260)}号"
        title = f"{issuer}关于公布{year}年度{f.province}绿色工厂名单的通知"
        regions = CITIES.get(f.province, [f.city])
        col = "设区市"
    when = workday_after(date(year, rng.randint(10, 12), rng.randint(1, 28)), 0)
    fl = _list_fields(ctx, level, year, issuer, number, title, when)
    issuer, title, year = fl["issuer"], fl["title"], fl["years"][0]
    if issuer.startswith("工业和信息化部"):
        addressees = "各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，有关中央企业："
        basis = (f"按照《工业和信息化部办公厅关于开展{year}年度绿色制造名单推荐工作的通知》要求，经地方工业和信息化主管部门、"
                 f"有关中央企业推荐，专家论证、网上公示等程序，确定了{year}年度绿色工厂、绿色设计产品、绿色工业园区、"
                 f"绿色供应链管理企业名单（见附件），现予以公布。")
        list_title = f"{year}年度绿色制造名单"
        section = "一、绿色工厂名单"
    else:
        addressees = f"各设区市工业和信息化局，有关企业："
        basis = (f"根据《{f.province}绿色制造体系建设实施方案》和{year}年度绿色制造名单推荐工作安排，经企业自评价、"
                 f"第三方评价、设区市推荐、专家评审和网上公示，确定{year}年度省级绿色工厂名单（见附件），现予以公布。")
        list_title = f"{year}年度{f.province}绿色工厂名单"
        section = "省级绿色工厂"
    body = [addressees, basis,
            "请各地工业和信息化主管部门加强对入选单位的动态管理，每年对其绿色发展水平进行跟踪评价，对不再符合要求或出现"
            "重大安全、环保、质量事故的，及时报告并按程序退出名单。入选单位要持续提升能源资源利用效率，降低碳排放强度，"
            "发挥示范带动作用。",
            "请入选单位按要求定期报送相关数据，并在绿色制造公共服务平台上更新绿色低碳发展信息。"]
    if ctx.variant == 1:
        body[2], body[3] = body[3], body[2]
    doc = _notice(ctx, fl, body, list_title, section, regions, col,
                  extra_col=("所属行业", ["通用设备制造业", "汽车制造业", "电气机械和器材制造业", "纺织业", "化学原料和化学制品制造业",
                                      "计算机、通信和其他电子设备制造业", "金属制品业", "非金属矿物制品业"]) if ctx.variant == 1 else None,
                  letter=ctx.variant == 0)
    return ctx.done(title, doc, fl)


SMART = {
    "国家卓越级智能工厂": ("工业和信息化部办公厅", "工信厅联通装函", "关于公布{y}年度卓越级智能工厂名单的通知", "{y}年度卓越级智能工厂名单", "国家级"),
    "国家领航级智能工厂": ("工业和信息化部办公厅", "工信厅联通装函", "关于公布{y}年度领航级智能工厂培育名单的通知", "{y}年度领航级智能工厂培育名单", "国家级"),
    "省级智能工厂（省先进级智能工厂）": ("{bureau}", "{prefix}", "关于公布{y}年度{p}智能制造示范工厂（先进级智能工厂）名单的通知",
                              "{y}年度{p}先进级智能工厂名单", "省级"),
    "省级智能车间": ("{bureau}", "{prefix}", "关于公布{y}年度{p}智能制造示范车间名单的通知", "{y}年度{p}智能制造示范车间名单", "省级"),
}


@register("smart_factory_notice", variants=2)
def smart_factory_notice(ctx: Ctx):
    """A list notice for the applicant's best smart-manufacturing title; kw ``title`` picks another one."""
    f, rng = ctx.facts, ctx.rng
    wanted = ctx.kw.get("title") or next((t for t in ("国家领航级智能工厂", "国家卓越级智能工厂", "省级智能工厂（省先进级智能工厂）",
                                                      "省级智能车间") if t in f.smart_titles), "省级智能工厂（省先进级智能工厂）")
    org, prefix, ttl, list_title, level = SMART.get(wanted, SMART["省级智能工厂（省先进级智能工厂）"])
    bureau, bprefix = PROV_BUREAU.get(f.province, (f"{f.province}工业和信息化厅", "工信装备"))
    year = f.reporting_year - (1 if level == "国家级" else 2)
    org = org.format(bureau=bureau)
    prefix = prefix.format(prefix=bprefix.replace("节能", "智能"))
    title = (org + ttl).format(y=year, p=f.province)
    list_title = list_title.format(y=year, p=f.province)
    number = f"{prefix}〔{year + (1 if level == '国家级' else 0)}〕{rng.randint(20, 240)}号"
    when = workday_after(date(year + (1 if level == "国家级" else 0), rng.randint(1, 12) if level != "国家级" else rng.randint(2, 6),
                              rng.randint(1, 28)), 0)
    fl = _list_fields(ctx, level, year, org, number, title, when)
    fl["honour"] = wanted
    if fl["issuer"].startswith("工业和信息化部"):
        addressees = "各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，有关中央企业："
        basis = (f"为贯彻落实《“十四五”智能制造发展规划》，按照智能工厂梯度培育行动有关安排，经地方推荐、专家评审、网上公示等"
                 f"程序，确定了{year}年度{wanted.replace('国家', '')}名单（见附件），现予以公布。")
        regions = PROVINCES
        col = "地区"
    else:
        addressees = "各设区市工业和信息化局："
        basis = (f"根据《{f.province}智能制造示范工厂建设工作方案》，经企业申报、设区市推荐、专家评审和网上公示，"
                 f"认定{list_title.replace('名单', '')}（见附件），现予以公布。")
        regions = CITIES.get(f.province, [f.city])
        col = "设区市"
    body = [addressees, basis,
            "请各地加强对入选企业的跟踪服务和动态管理，推动智能制造新技术、新模式在行业内复制推广。入选企业要持续深化新一代"
            "信息技术与制造业融合，加快数字化转型和智能化升级，切实发挥引领示范作用。"]
    doc = _notice(ctx, fl, body, list_title, "", regions, col,
                  extra_col=("场景/车间名称", ["智能排产", "质量精准追溯", "设备预测性维护", "能耗数据监测", "柔性生产线",
                                          "数字孪生工厂"]) if ctx.variant == 1 else None,
                  letter=ctx.variant == 0)
    return ctx.done(fl["title"], doc, fl)
