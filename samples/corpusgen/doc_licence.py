"""营业执照 (business licence): the classic landscape 副本 and a portrait print of the 电子营业执照."""

from __future__ import annotations

from datetime import date

from .doc_base import Ctx, add_years, d, rand_date, register
from .pdfkit import (A4_H, A4_W, BLACK, GREY, a4_page, box, date_cn, new_doc, paragraph, pymupdf,
                     red_seal, text, wrap)

BROWN = (0.62, 0.45, 0.18)
GOLD = (0.85, 0.66, 0.12)

_DIG = "零壹贰叁肆伍陆柒捌玖"
_UNIT = ["", "拾", "佰", "仟"]


def _section(n: int) -> str:
    s, zero = "", False
    for i, ch in enumerate(f"{n:04d}"):
        v = int(ch)
        if v == 0:
            zero = bool(s)
        else:
            if zero:
                s += "零"
                zero = False
            s += _DIG[v] + _UNIT[3 - i]
    return s


def money_upper(yuan: float) -> str:
    """Capital in 大写: 180000000 -> 壹亿捌仟万元整."""
    n = int(round(yuan))
    if n == 0:
        return "零元整"
    parts = []
    yi, rest = divmod(n, 10 ** 8)
    wan, ge = divmod(rest, 10 ** 4)
    if yi:
        parts.append(_section(yi).lstrip("零") + "亿")
    if wan:
        parts.append(("零" if yi and wan < 1000 else "") + _section(wan) + "万")
    elif yi and ge:
        parts.append("零")
    if ge:
        parts.append(("零" if (yi or wan) and ge < 1000 and not parts[-1] == "零" else "") + _section(ge))
    return "".join(parts) + "元整"


def capital_forms(wan: float | None) -> list[str]:
    if wan is None:
        return []
    return [money_upper(wan * 10000), f"{wan:g}万元人民币", f"人民币{wan:g}万元整"]


def business_scope(f) -> str:
    prods = "、".join(f.main_products[:3]) if f.main_products else (f.industry_name or "机械零部件")
    base = f.industry_name.replace("制造", "") if f.industry_name else "机械零部件"
    return (f"一般项目：{base}制造；{base}销售；{prods}的研发、生产和销售；技术服务、技术开发、技术咨询、技术交流、"
            f"技术转让、技术推广；货物进出口；技术进出口（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）")


def _fields(ctx: Ctx) -> dict:
    f, rng = ctx.facts, ctx.rng
    est = f.established or date(2010, 3, 1)
    issue = rand_date(rng, max(est.year + 1, 2021), 1, 12) if rng.random() < 0.8 else est
    long_term = rng.random() < 0.7
    fields = {
        "holder": f.name, "uscc": f.uscc, "company_type": f.company_type,
        "legal_representative": f.legal_representative, "address": f.address,
        "registered_capital_wan": f.registered_capital_wan, "established": est, "valid_from": est,
        "valid_to": None if long_term else add_years(est, 30), "issue_date": issue,
        "issuer": f.registration_authority, "business_scope": business_scope(f),
        "licence_number": f"{f.uscc[2:8]}{rng.randint(10 ** 9, 10 ** 10 - 1)}{rng.randint(10, 99)}",
    }
    return ctx.apply(fields)


def term_text(fields: dict) -> str:
    vf, vt = d(fields.get("valid_from") or fields.get("established")), d(fields.get("valid_to"))
    return f"{date_cn(vf)} 至 {date_cn(vt) if vt else '长期'}"


def _qr(page, x: float, y: float, size: float, rng) -> None:
    n = 21
    m = size / n
    box(page, (x - 3, y - 3, x + size + 3, y + size + 3), color=GREY, width=0.4)
    shape = page.new_shape()
    for i in range(n):
        for j in range(n):
            finder = (i < 7 and j < 7) or (i < 7 and j >= n - 7) or (i >= n - 7 and j < 7)
            if finder:
                ii, jj = i % 14 if i < 7 else i - (n - 7), j if j < 7 else j - (n - 7)
                on = ii in (0, 6) or jj in (0, 6) or (2 <= ii <= 4 and 2 <= jj <= 4)
            else:
                on = rng.random() < 0.48
            if on:
                shape.draw_rect(pymupdf.Rect(x + j * m, y + i * m, x + (j + 1) * m, y + (i + 1) * m))
    shape.finish(color=None, fill=BLACK, width=0)
    shape.commit()


def _emblem(page, cx: float, cy: float, r: float) -> None:
    """国徽 placeholder: gold rings and the word 国徽 (not red, so it is never mistaken for a seal)."""
    page.draw_circle((cx, cy), r, color=GOLD, width=2)
    page.draw_circle((cx, cy), r * 0.72, color=GOLD, width=0.8)
    text(page, cx, cy + 4, "国徽", 10, GOLD, font="hei", align="center")


def _classic(ctx: Ctx, fl: dict):
    doc = new_doc(batch=True)
    page = a4_page(doc, landscape=True)
    W, H = A4_H, A4_W
    # decorative frame
    box(page, (22, 22, W - 22, H - 22), color=BROWN, width=3)
    box(page, (30, 30, W - 30, H - 30), color=BROWN, width=0.8)
    sh = page.new_shape()
    for k in range(0, int(W - 60), 12):
        sh.draw_line((30 + k, 26), (36 + k, 26))
        sh.draw_line((30 + k, H - 26), (36 + k, H - 26))
    sh.finish(color=GOLD, width=1)
    sh.commit()
    _emblem(page, W / 2, 78, 32)
    text(page, 58, 70, f"统一社会信用代码", 10.5, font="hei")
    text(page, 58, 88, fl["uscc"], 13, font="hei", bold=True)
    text(page, 58, 106, f"证照编号：{fl['licence_number']}", 9, GREY)
    text(page, W / 2, 150, "营 业 执 照", 38, BLACK, bold=True, font="song", align="center")
    text(page, W / 2, 176, "（副    本）", 14, align="center")
    text(page, W / 2, 194, "（1－1）", 10, GREY, align="center")
    _qr(page, W - 140, 54, 72, ctx.rng)
    for i, line in enumerate(["扫描二维码登录“国家", "企业信用信息公示系统”", "了解更多登记、备案、", "许可、监管信息。"]):
        text(page, W - 146, 144 + i * 11, line, 7.5, GREY)
    left_x, right_x = 78, W / 2 + 40
    lab_w = 76
    y0 = 230
    rows_l = [("名        称", fl["holder"]), ("类        型", fl["company_type"]),
              ("法定代表人", fl["legal_representative"])]
    y = y0
    for lab, val in rows_l:
        text(page, left_x, y, lab, 11.5, font="hei")
        for k, ln in enumerate(wrap(val, W / 2 - left_x - lab_w - 10, 11.5)):
            text(page, left_x + lab_w + 10, y + k * 17, ln, 11.5)
        y += 30
    text(page, left_x, y, "经 营 范 围", 11.5, font="hei")
    paragraph(page, (left_x + lab_w + 10, y - 11.5, W / 2 + 10, H), fl["business_scope"], size=9.5, leading=1.55,
              indent=0)
    cap = fl.get("registered_capital_wan")
    rows_r = [("注 册 资 本", money_upper(cap * 10000) if cap is not None else "—"),
              ("成 立 日 期", date_cn(fl["established"])), ("营 业 期 限", term_text(fl)),
              ("住        所", fl["address"])]
    y = y0
    for lab, val in rows_r:
        text(page, right_x, y, lab, 11.5, font="hei")
        for k, ln in enumerate(wrap(val, W - 60 - right_x - lab_w - 10, 11.5)):
            text(page, right_x + lab_w + 10, y + k * 17, ln, 11.5)
        y += 30 + 17 * (len(wrap(val, W - 60 - right_x - lab_w - 10, 11.5)) - 1)
    # registration authority
    text(page, right_x + 70, H - 128, "登 记 机 关", 12, font="hei")
    text(page, right_x + 150, H - 100, date_cn(fl["issue_date"]), 12, font="song")
    if ctx.sealed:
        red_seal(page, (right_x + 190, H - 116), fl["issuer"], radius=44, rng=ctx.seal_rng())
    text(page, 58, H - 62, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 8.5, GREY)
    text(page, 58, H - 50, "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。", 8.5, GREY)
    text(page, W - 58, H - 50, "国家市场监督管理总局监制", 8.5, GREY, align="right")
    return doc, "营业执照"


def _portrait(ctx: Ctx, fl: dict):
    doc = new_doc(batch=True)
    page = a4_page(doc)
    W, H = A4_W, A4_H
    box(page, (40, 40, W - 40, H - 40), color=BROWN, width=1.5)
    box(page, (46, 46, W - 46, H - 46), color=BROWN, width=0.5)
    text(page, W / 2, 100, "营业执照", 30, bold=True, font="song", align="center", spacing=6)
    text(page, W / 2, 126, "（电子营业执照打印件）", 11, GREY, align="center")
    text(page, 70, 162, f"统一社会信用代码：{fl['uscc']}", 11, font="hei")
    text(page, W - 70, 162, f"编号：{fl['licence_number']}", 9, GREY, align="right")
    _qr(page, W - 138, 182, 60, ctx.rng)
    cap = fl.get("registered_capital_wan")
    rows = [("名称", fl["holder"]), ("类型", fl["company_type"]), ("住所", fl["address"]),
            ("法定代表人", fl["legal_representative"]),
            ("注册资本", f"{cap:g}万元人民币" if cap is not None else "—"),
            ("成立日期", date_cn(fl["established"])), ("营业期限", term_text(fl)),
            ("经营范围", fl["business_scope"])]
    y = 200
    for lab, val in rows:
        text(page, 70, y, lab, 11, font="hei")
        text(page, 146, y, "：", 11)
        lines = wrap(val, W - 70 - 160 - (70 if y < 260 else 0), 11)
        for k, ln in enumerate(lines):
            text(page, 160, y + k * 17, ln, 11)
        y += 17 * len(lines) + 12
    y = max(y + 40, H - 230)
    text(page, W - 90, y, f"登记机关：{fl['issuer']}", 11, align="right")
    text(page, W - 90, y + 24, date_cn(fl["issue_date"]), 11, align="right")
    if ctx.sealed:
        red_seal(page, (W - 150, y + 2), fl["issuer"], radius=46, rng=ctx.seal_rng())
    notes = ["1．本打印件由电子营业执照系统生成，与纸质营业执照具有同等法律效力。",
             "2．可通过国家企业信用信息公示系统（http://www.gsxt.gov.cn）查询登记、备案、许可、监管信息。",
             "3．市场主体应当于每年1月1日至6月30日报送公示上一年度年度报告。"]
    for k, n in enumerate(notes):
        paragraph(page, (70, H - 130 + k * 22, W - 70, H), n, size=8.5, indent=0, color=GREY)
    return doc, "营业执照"


@register("business_licence", variants=2)
def business_licence(ctx: Ctx):
    fl = _fields(ctx)
    doc, title = (_classic if ctx.variant == 0 else _portrait)(ctx, fl)
    return ctx.done(title, doc, fl)
