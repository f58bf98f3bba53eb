"""Management-system certificates (QMS / EMS / OHSMS / EnMS): Chinese, bilingual and English-only."""

from __future__ import annotations

import re
from datetime import date

from .doc_base import Ctx, add_years, d, rand_date, register, scope_text
from .facts import english_name, place_en
from .pdfkit import (A4_H, A4_W, BLACK, GREY, a4_page, box, date_cn, date_en, date_iso, new_doc, paragraph, red_seal,
                     text, wrap)

SYSTEMS = {
    "qms": ("质量管理体系", "GB/T 19001-2016/ISO 9001:2015", "QUALITY MANAGEMENT SYSTEM", "Q"),
    "ems": ("环境管理体系", "GB/T 24001-2016/ISO 14001:2015", "ENVIRONMENTAL MANAGEMENT SYSTEM", "E"),
    "ohsms": ("职业健康安全管理体系", "GB/T 45001-2020/ISO 45001:2018", "OCCUPATIONAL HEALTH AND SAFETY MANAGEMENT SYSTEM", "S"),
    "enms": ("能源管理体系", "GB/T 23331-2020/ISO 50001:2018", "ENERGY MANAGEMENT SYSTEM", "N"),
}
ISSUER_EN = {
    "中国质量认证中心": "China Quality Certification Centre",
    "方圆标志认证集团有限公司": "China Fangyuan Certification Group Co., Ltd.",
    "北京国金衡信认证有限公司": "Beijing Guojin Hengxin Certification Co., Ltd.",
    "杭州万泰认证有限公司": "Hangzhou Wantai Certification Co., Ltd.",
    "上海质量体系审核中心": "Shanghai Audit Center of Quality Systems",
    "福建省质量认证中心": "Fujian Quality Certification Center",
    "江苏九州认证有限公司": "Jiangsu Jiuzhou Certification Co., Ltd.",
    "必维认证（北京）有限公司": "Bureau Veritas Certification (Beijing) Co., Ltd.",
    "示例认证有限公司": "Sample Certification Co., Ltd.",
}
BLUE = (0.1, 0.28, 0.55)
TEAL = (0.1, 0.45, 0.45)


def split_standard(s: str | list) -> list[str]:
    """'GB/T 19001-2016/ISO 9001:2015' -> ['GB/T 19001-2016', 'ISO 9001:2015']."""
    if isinstance(s, list):
        return s
    return [p.strip() for p in re.split(r"/(?=\s*(?:ISO|IATF|GB|RB|IEC))", s) if p.strip()]


def issuer_en(s: str) -> str:
    if not re.search(r"[\u3000-\u9fff\uff00-\uffef]", s):
        return s
    return ISSUER_EN.get(s) or english_name(s).replace("Co., Ltd.", "Certification Co., Ltd.")


def _ascii(s: str) -> str:
    return english_name(s) if re.search(r"[^\x00-\x7f]", s) else s


def _cert_fields(ctx: Ctx, system: str) -> dict:
    f, rng = ctx.facts, ctx.rng
    zh, std, _en, letter = SYSTEMS[system]
    src = next((c for c in f.certificates if c["system"] == system), None)
    if src is None:
        issued = rand_date(rng, f.reporting_year - 1)
        src = {"standard": std, "issuer": "中国质量认证中心", "issued": issued,
               "number": f"00{issued.year % 100}{rng.randint(1, 4)}{letter}{rng.randint(10000, 99999)}R{rng.randint(0, 3)}M",
               "scope": None}
        src["expires"] = date.fromordinal(add_years(issued, 3).toordinal() - 1)
    fields = {
        "system": system, "holder": f.name, "uscc": f.uscc, "address": f.address,
        "scope": src.get("scope") or scope_text(f), "number": src["number"], "standard": split_standard(src["standard"]),
        "issuer": src["issuer"], "issue_date": d(src["issued"]), "expiry_date": d(src["expires"]),
    }
    if ctx.language == "en":
        fields.update(holder=english_name(f.name), address=f"{place_en(f)}",
                      scope=f"Design, manufacture and service of {', '.join(_products_en(f))}",
                      issuer=issuer_en(src["issuer"]))
    fields = ctx.apply(fields)
    fields["standard"] = split_standard(fields["standard"])
    if ctx.language == "en":  # keep an English certificate free of CJK even when overrides are Chinese
        for k in ("holder", "issuer", "address", "scope"):
            if isinstance(fields.get(k), str):
                fields[k] = issuer_en(fields[k]) if k == "issuer" else _ascii(fields[k])
    return fields


_PROD_EN = {"轴承": "rolling bearings", "紧固件": "fasteners", "螺栓": "bolts", "印制电路板": "printed circuit boards",
            "面料": "fabrics", "铸件": "castings", "食品": "frozen food", "控制器": "controllers", "线束": "wire harnesses",
            "壳体": "housings", "副车架": "subframes", "PCBA": "PCBA", "变流器": "converters", "连接器": "connectors"}


def _products_en(f) -> list[str]:
    out = []
    for p in f.main_products or [f.industry_name]:
        for zh, en in _PROD_EN.items():
            if zh in (p or "") and en not in out:
                out.append(en)
                break
    return out or ["industrial products"]


def _guilloche(page, color, inset=28) -> None:
    W, H = page.rect.width, page.rect.height
    box(page, (inset, inset, W - inset, H - inset), color=color, width=2.2)
    box(page, (inset + 6, inset + 6, W - inset - 6, H - inset - 6), color=color, width=0.6)
    sh = page.new_shape()
    for k in range(0, int(W - 2 * inset - 20), 9):
        x = inset + 10 + k
        sh.draw_bezier((x, inset + 10), (x + 3, inset + 14), (x + 6, inset + 6), (x + 9, inset + 10))
        sh.draw_bezier((x, H - inset - 10), (x + 3, H - inset - 14), (x + 6, H - inset - 6), (x + 9, H - inset - 10))
    sh.finish(color=color, width=0.5)
    sh.commit()


def _accreditation_marks(page, x: float, y: float, en: bool) -> None:
    box(page, (x, y, x + 58, y + 40), color=BLUE, width=0.8)
    text(page, x + 29, y + 17, "CNAS", 12, BLUE, bold=True, font="sans", align="center")
    text(page, x + 29, y + 31, "C001-M", 8, BLUE, font="sans", align="center")
    box(page, (x + 66, y, x + 124, y + 40), color=BLUE, width=0.8)
    text(page, x + 95, y + 17, "IAF", 12, BLUE, bold=True, font="sans", align="center")
    text(page, x + 95, y + 31, "MLA" if en else "MLA 签约", 8, BLUE, font="sans", align="center")


def _zh(ctx: Ctx, fl: dict, system: str):
    zh = SYSTEMS[system][0]
    doc = new_doc(batch=True)
    page = a4_page(doc)
    W = A4_W
    _guilloche(page, TEAL)
    text(page, W / 2, 92, fl["issuer"], 15, TEAL, bold=True, font="hei", align="center")
    title = f"{zh}认证证书"
    text(page, W / 2, 150, title, 26, BLACK, bold=True, font="song", align="center", spacing=3)
    text(page, W - 80, 186, f"证书编号：{fl['number']}", 11, align="right")
    y = 230
    text(page, 80, y, "兹证明", 13)
    y += 34
    for ln in wrap(fl["holder"], W - 160, 18):
        text(page, W / 2, y, ln, 18, bold=True, font="hei", align="center")
        y += 28
    text(page, W / 2, y, f"（统一社会信用代码：{fl['uscc']}）", 11, align="center")
    y += 30
    text(page, 80, y, f"注册地址：{fl['address']}", 11)
    y += 22
    text(page, 80, y, f"生产/经营地址：{fl['address']}", 11)
    y += 34
    std = "/".join(fl["standard"])
    y = paragraph(page, (80, y - 11, W - 80, y + 100), f"建立的{zh}符合标准：{std}", 12.5, indent=0) + 12
    y = paragraph(page, (80, y, W - 80, y + 140), f"认证范围：{fl['scope']}", 12, indent=0) + 30
    text(page, 80, y, f"颁证日期：{date_cn(fl['issue_date'], pad=True)}", 12)
    y += 24
    text(page, 80, y, f"有效期至：{date_cn(fl['expiry_date'], pad=True)}", 12)
    y += 40
    notes = [f"本证书的有效性依据发证机构的定期监督获得保持。",
             "本证书信息可在国家认证认可监督管理委员会官方网站（www.cnca.gov.cn）上查询。"]
    for n in notes:
        y = paragraph(page, (80, y, W - 80, y + 40), n, 9.5, indent=0, color=GREY) + 4
    _accreditation_marks(page, 80, A4_H - 170, False)
    text(page, W - 90, A4_H - 150, "总裁（签字）：", 11, align="right")
    text(page, W - 90, A4_H - 124, fl["issuer"], 11, align="right")
    if ctx.sealed:
        red_seal(page, (W - 160, A4_H - 132), fl["issuer"], radius=42, rng=ctx.seal_rng(), bottom_text="认证专用章")
    text(page, W / 2, A4_H - 48, f"{fl['issuer']}  地址：北京市朝阳区  网址：www.example-cert.cn", 8, GREY, align="center")
    return doc, title


def _bilingual(ctx: Ctx, fl: dict, system: str):
    zh, _std, en, _ = SYSTEMS[system]
    doc = new_doc(batch=True)
    page = a4_page(doc)
    W = A4_W
    _guilloche(page, BLUE, inset=22)
    text(page, 60, 78, fl["issuer"], 13, BLUE, bold=True, font="hei")
    text(page, 60, 94, issuer_en(fl["issuer"]), 9.5, BLUE, font="sans")
    text(page, W - 60, 78, f"证书号 Certificate No.: {fl['number']}", 10, align="right")
    title = "管理体系认证证书"
    text(page, W / 2, 150, title, 26, bold=True, font="hei", align="center", spacing=4)
    text(page, W / 2, 176, "MANAGEMENT SYSTEM CERTIFICATE", 15, bold=True, font="latin", align="center", spacing=1)
    y = 220
    text(page, W / 2, y, "兹证明 / This is to certify that", 11.5, align="center")
    y += 30
    text(page, W / 2, y, fl["holder"], 17, bold=True, font="hei", align="center")
    y += 22
    text(page, W / 2, y, english_name(fl["holder"]), 11.5, font="latin", align="center")
    y += 22
    text(page, W / 2, y, f"统一社会信用代码 Unified Social Credit Code: {fl['uscc']}", 10, align="center")
    y += 20
    for ln in wrap(f"地址：{fl['address']}", W - 140, 10):
        text(page, W / 2, y, ln, 10, align="center")
        y += 15
    y += 14
    std = "/".join(fl["standard"])
    text(page, W / 2, y, f"{zh}符合", 12, align="center")
    y += 24
    text(page, W / 2, y, std, 16, bold=True, font="latin", align="center")
    y += 20
    text(page, W / 2, y, f"has established and applies a {en.lower()} in conformity with the standard above", 9.5,
         font="latin", align="center")
    y += 30
    text(page, 70, y, "认证范围 Scope of certification:", 11, bold=True)
    y = paragraph(page, (70, y + 4, W - 70, y + 100), fl["scope"], 11, indent=0) + 4
    y = paragraph(page, (70, y, W - 70, y + 100), f"Design, manufacture and service of {', '.join(_products_en(ctx.facts))}",
                  9.5, indent=0, font="latin") + 24
    rows = [("发证日期 Date of issue:", date_iso(fl["issue_date"])),
            ("有效期至 Valid until:", date_iso(fl["expiry_date"]))]
    for lab, val in rows:
        text(page, 70, y, lab, 11)
        text(page, 250, y, val, 11.5, bold=True, font="latin")
        y += 22
    y += 8
    paragraph(page, (70, y, W - 70, y + 60),
              "本证书有效性需通过年度监督审核保持，证书状态可在 www.cnca.gov.cn 查询。"
              "The validity of this certificate depends on successful annual surveillance audits.", 8.5, indent=0,
              color=GREY)
    _accreditation_marks(page, 70, A4_H - 150, True)
    text(page, W - 70, A4_H - 126, "授权签字人 Authorized signatory", 10, align="right")
    hline_y = A4_H - 142
    page.draw_line((W - 220, hline_y), (W - 70, hline_y), color=GREY, width=0.5)
    if ctx.sealed:
        red_seal(page, (W - 150, A4_H - 180), fl["issuer"], radius=40, rng=ctx.seal_rng())
    return doc, title


def _english(ctx: Ctx, fl: dict, system: str):
    _zh, _std, en, _ = SYSTEMS[system]
    doc = new_doc(batch=True)
    page = a4_page(doc)
    W = A4_W
    v1 = ctx.variant % 2 == 1
    _guilloche(page, TEAL if v1 else BLUE)
    issuer = fl["issuer"]
    text(page, W / 2, 96, issuer.upper(), 13, BLUE, bold=True, font="sans", align="center")
    title = "CERTIFICATE" if v1 else "CERTIFICATE OF REGISTRATION"
    text(page, W / 2, 160, title, 26 if v1 else 22, bold=True, font="latin", align="center", spacing=2)
    text(page, W / 2, 190, f"Certificate No.: {fl['number']}", 11, font="latin", align="center")
    y = 238
    intro = "We hereby certify that" if v1 else "This is to certify that the management system of"
    text(page, W / 2, y, intro, 12, font="latin", align="center")
    y += 34
    for ln in wrap(fl["holder"], W - 140, 17, font="latin"):
        text(page, W / 2, y, ln, 17, bold=True, font="latin", align="center")
        y += 24
    text(page, W / 2, y, f"Unified Social Credit Code: {fl['uscc']}", 10.5, font="latin", align="center")
    y += 18
    for ln in wrap(fl["address"], W - 140, 10.5, font="latin"):
        text(page, W / 2, y, ln, 10.5, font="latin", align="center")
        y += 15
    y += 18
    mid = (f"operates a {en.title()} which complies with the requirements of" if v1 else
           f"has been assessed and registered as meeting the requirements of")
    text(page, W / 2, y, mid, 11.5, font="latin", align="center")
    y += 30
    for s in fl["standard"]:
        text(page, W / 2, y, s, 18, bold=True, font="latin", align="center")
        y += 24
    y += 10
    text(page, W / 2, y, "for the following scope:" if v1 else "Scope of registration:", 11, font="latin", align="center")
    y += 6
    for ln in wrap(fl["scope"], W - 160, 11.5, font="latin"):
        y += 17
        text(page, W / 2, y, ln, 11.5, font="latin", align="center")
    y += 40
    rows = [("Date of issue:" if v1 else "Original approval / issue date:", date_en(fl["issue_date"])),
            ("Valid until:" if v1 else "Expiry date:", date_en(fl["expiry_date"]))]
    for lab, val in rows:
        text(page, 120, y, lab, 11, font="latin")
        text(page, 320, y, val, 11.5, bold=True, font="latin")
        y += 22
    y += 12
    paragraph(page, (90, y, W - 90, y + 60),
              "This certificate remains valid subject to satisfactory surveillance audits. "
              "Further clarifications regarding the scope and validity may be obtained from the certification body.",
              8.5, indent=0, color=GREY, font="latin")
    _accreditation_marks(page, 80, A4_H - 160, True)
    text(page, W - 90, A4_H - 124, "Authorized signatory / President", 10, font="latin", align="right")
    if ctx.sealed:
        red_seal(page, (W - 160, A4_H - 170), issuer.upper().replace(",", ""), radius=42, rng=ctx.seal_rng())
    return doc, title


def _render(ctx: Ctx, system: str):
    system = ctx.kw.get("system", system)
    ctx.doc_type = f"{system}_certificate"
    fl = _cert_fields(ctx, system)
    if ctx.language == "en":
        doc, title = _english(ctx, fl, system)
    else:
        doc, title = (_zh if ctx.variant == 0 else _bilingual)(ctx, fl, system)
    return ctx.done(title, doc, fl)


@register("qms_certificate")
def qms_certificate(ctx: Ctx):
    return _render(ctx, "qms")


@register("ems_certificate")
def ems_certificate(ctx: Ctx):
    return _render(ctx, "ems")


@register("ohsms_certificate")
def ohsms_certificate(ctx: Ctx):
    return _render(ctx, "ohsms")


@register("enms_certificate")
def enms_certificate(ctx: Ctx):
    return _render(ctx, "enms")
