"""Document layouts of the foreign corpus: each builder appends its pages to a PyMuPDF document and
returns what it printed (the truth of that document).

Every value that a builder returns in ``fields`` is a value it printed on the page (dates as ISO
strings in the truth, in the printed style on the page). Nothing here reads or imitates the checker.
"""

from __future__ import annotations

import random
import zlib
from datetime import date

import pymupdf
from fkit import A4, A4L, BLUE, GREY, RED, Pen, emblem, guilloche_border, qr_square, seal, square_seal, width

GOLD = (0.55, 0.42, 0.12)
GREEN = (0.1, 0.4, 0.25)


def cn(d: date, pad: bool = False) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if pad else f"{d.year}年{d.month}月{d.day}日"


def entry(doc_type: str, title: str, pages: int, fields: dict, *, sealed: bool = False, language: str = "zh", **extra) -> dict:
    e = {"doc_type": doc_type, "title": title, "npages": pages, "fields": fields, "sealed": sealed, "language": language}
    e.update(extra)
    return e


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ================================================================================================
# Business licences
# ================================================================================================

def licence_qr(doc: pymupdf.Document, ctx: dict, *, issue: date, printed_uscc: str | None = None, seed: int = 1) -> dict:
    """Current (2019–) licence: landscape, QR code top right, two field columns, seal and date bottom right."""
    page = doc.new_page(width=A4L[0], height=A4L[1])
    p = Pen(page)
    page.draw_rect(pymupdf.Rect(18, 18, A4L[0] - 18, A4L[1] - 18), color=(0.75, 0.2, 0.15), width=3)
    page.draw_rect(pymupdf.Rect(24, 24, A4L[0] - 24, A4L[1] - 24), color=(0.75, 0.2, 0.15), width=0.8)
    emblem(page, A4L[0] / 2, 70, 30)
    code = printed_uscc or ctx["uscc"]
    p.t(48, 62, "统一社会信用代码", 10.5)
    p.t(48, 80, code, 13, latin="helv", bold=True)
    p.spaced(140, "营业执照", 34, 22, bold=True)
    p.c(162, "（ 副  本 ）", 12)
    qr_square(page, pymupdf.Rect(A4L[0] - 130, 44, A4L[0] - 62, 112), seed)
    p.t(A4L[0] - 168, 126, "扫描市场主体身份码了解更多登记、", 6.5, color=GREY)
    p.t(A4L[0] - 168, 135, "备案、许可、监管信息，体验更多应用服务。", 6.5, color=GREY)
    left = [("名　　称", ctx["name"]), ("类　　型", ctx["company_type"]), ("法定代表人", ctx["legal"])]
    right = [("注 册 资 本", f"人民币{ctx['capital_cn']}"), ("成 立 日 期", cn(ctx["established"], pad=True)),
             ("营 业 期 限", f"{cn(ctx['established'], pad=True)} 至 长期"), ("住　　所", ctx["address"])]
    y = 200
    for k, v in left:
        p.t(60, y, k, 11, bold=True)
        p.t(140, y, v, 11)
        y += 26
    p.t(60, y, "经营范围", 11, bold=True)
    p.wrap(140, y, 280, ctx["scope"], 9.5, lead=1.55)
    y = 200
    for k, v in right:
        p.t(450, y, k, 11, bold=True)
        p.wrap(530, y, 240, v, 11, lead=1.4)
        y += 26
    p.t(560, 470, "登 记 机 关", 11, bold=True)
    seal(page, 690, 470, 44, ctx["registrar"])
    p.t(628, 520, cn(issue, pad=True), 12)
    p.c(560, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn　　　　国家市场监督管理总局监制", 7.5, color=GREY)
    fields = {"holder": ctx["name"], "uscc": code, "company_type": ctx["company_type"], "legal_representative": ctx["legal"],
              "registered_capital": ctx["capital_cn"], "established": iso(ctx["established"]),
              "valid_from": iso(ctx["established"]), "valid_to": None, "term": "长期", "issue_date": iso(issue),
              "issuer": ctx["registrar"], "address": ctx["address"]}
    return entry("business_licence", "营业执照", 1, fields, sealed=True, variant="qr-landscape")


def licence_old(doc: pymupdf.Document, ctx: dict, *, issue: date, term_to: date | None, copy_no: str = "1-1",
                reg_no: str = "") -> dict:
    """2016–2018 三证合一 licence, 副本 layout: portrait, code line at the top, fields one under another."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="cour")
    page.draw_rect(pymupdf.Rect(30, 30, A4[0] - 30, A4[1] - 30), color=(0.6, 0.15, 0.1), width=1.5)
    emblem(page, A4[0] / 2, 92, 34)
    p.t(52, 58, f"统一社会信用代码  {ctx['uscc']}", 10)
    p.r(A4[0] - 52, 58, f"（{copy_no}）", 10)
    p.spaced(178, "营业执照", 30, 18, bold=True)
    p.c(206, "（副　本）", 14)
    org = ctx["uscc"][8:16] + "-" + ctx["uscc"][16]
    p.t(70, 238, f"注 册 号：{reg_no}（三证合一前）", 9, color=GREY)
    p.t(330, 238, f"组织机构代码：{org}", 9, color=GREY)
    rows = [("名　　　　称", ctx["name"]), ("类　　　　型", ctx["company_type"]), ("住　　　　所", ctx["address"]),
            ("法定代表人", ctx["legal"]), ("注 册 资 本", f"{ctx['capital_cn']}"),
            ("成 立 日 期", cn(ctx["established"], pad=True)),
            ("营 业 期 限", f"{cn(ctx['established'], pad=True)}至{cn(term_to, pad=True) if term_to else '长期'}")]
    y = 280
    for k, v in rows:
        p.t(80, y, k, 11)
        y = p.wrap(175, y, 340, v, 11, lead=1.45) + 8
    p.t(80, y, "经 营 范 围", 11)
    y = p.wrap(175, y, 340, ctx["scope"], 10, lead=1.6)
    p.t(360, 700, "登记机关", 12)
    seal(page, 440, 700, 46, ctx["registrar"])
    p.t(370, 760, cn(issue, pad=True), 12)
    p.c(800, "提示：每年1月1日至6月30日通过企业信用信息公示系统报送上一年度年度报告并公示。", 7.5, color=GREY)
    p.c(812, "企业信用信息公示系统网址：", 7.5, color=GREY)
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "company_type": ctx["company_type"], "legal_representative": ctx["legal"],
              "registered_capital": ctx["capital_cn"], "established": iso(ctx["established"]),
              "valid_from": iso(ctx["established"]), "valid_to": iso(term_to), "term": "长期" if not term_to else None,
              "issue_date": iso(issue), "issuer": ctx["registrar"], "address": ctx["address"],
              "registration_number": reg_no, "organization_code": org, "copy": "副本", "copy_no": copy_no}
    return entry("business_licence", "营业执照（副本）", 1, fields, sealed=True, variant="old-copy-portrait")


# ================================================================================================
# Management-system certificates, in several certification bodies' styles
# ================================================================================================

SYSTEM_ZH = {"qms": "质量管理体系", "ems": "环境管理体系", "ohsms": "职业健康安全管理体系", "enms": "能源管理体系",
             "iatf": "汽车行业质量管理体系"}
SYSTEM_EN = {"qms": "Quality Management System", "ems": "Environmental Management System",
             "ohsms": "Occupational Health and Safety Management System", "enms": "Energy Management System",
             "iatf": "Automotive Quality Management System"}
TYPE_OF = {"qms": "qms_certificate", "iatf": "qms_certificate", "ems": "ems_certificate", "ohsms": "ohsms_certificate",
           "enms": "enms_certificate"}


def cert_fields(ctx: dict, body: dict, c: dict, *, holder: str | None = None, address: str | None = None) -> dict:
    return {"holder": holder or ctx["name"], "uscc": c.get("uscc"), "number": c["number"], "standard": c["standard"],
            "issuer": body["zh"] if holder is None or c.get("zh_issuer") else body["en"], "issue_date": iso(c["issue"]),
            "expiry_date": iso(c["expiry"]), "first_issue": iso(c.get("first")), "scope": c["scope"],
            "address": address or ctx["address"], "system": c["system"]}


def cert_bilingual_columns(doc, ctx, body, c) -> dict:
    """Landscape, gold frame, Chinese labels in the left column and English in the right one."""
    page = doc.new_page(width=A4L[0], height=A4L[1])
    p = Pen(page, latin="tiro")
    guilloche_border(page, 22, color=GOLD)
    p.c(88, body["zh"], 13, bold=True)
    p.c(106, body["en"], 10.5, latin="tibo")
    p.c(146, "认 证 证 书", 26, color=GOLD, bold=True)
    p.c(168, "CERTIFICATE OF REGISTRATION", 13, latin="tibo", color=GOLD)
    p.t(560, 196, f"证书编号 Registration No.: {c['number']}", 10)
    rows = [("组织名称", "Organization", ctx["name"], ctx["en_name"]),
            ("注册地址", "Registered address", ctx["address"], ctx["en_address"]),
            ("认证标准", "Standard", c["standard"], c["standard"]),
            ("覆盖范围", "Scope", c["scope"], c["scope_en"])]
    y = 228
    for zk, ek, zv, ev in rows:
        p.t(70, y, zk, 10.5, bold=True)
        p.t(70, y + 13, ek, 8, color=GREY)
        y1 = p.wrap(160, y, 270, zv, 10.5, lead=1.45)
        y2 = p.wrap(450, y, 330, ev, 9.5, lead=1.35)
        y = max(y1, y2, y + 26) + 8
    p.t(70, y + 6, f"颁证日期 Date of issue：{cn(c['issue'], pad=True)}", 10.5)
    p.t(70, y + 26, f"有效期至 Valid until：{cn(c['expiry'], pad=True)}", 10.5)
    if c.get("first"):
        p.t(70, y + 46, f"初次认证 First certification：{c['first'].isoformat()}", 9, color=GREY)
    p.t(470, 500, "发证机构 Issued by", 9, color=GREY)
    p.t(470, 516, body["zh"], 10.5)
    seal(page, 690, 470, 40, body["zh"], bottom="认证专用章")
    p.t(60, 548, "本证书的有效性可在国家认证认可监督管理委员会官方网站（www.cnca.gov.cn）查询。", 7.5, color=GREY)
    p.t(60, 558, "The validity of this certificate can be verified on the CNCA website.", 7.5, color=GREY)
    return entry(TYPE_OF[c["system"]], "认证证书 CERTIFICATE OF REGISTRATION", 1, cert_fields(ctx, body, c), sealed=True,
                 bilingual=True, variant="bilingual-columns")


def cert_benzhengshu(doc, ctx, body, c) -> dict:
    """Portrait, prose: “本证书证明……”, validity as “证书有效期：自……至……”."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    page.draw_rect(pymupdf.Rect(36, 36, A4[0] - 36, A4[1] - 36), color=BLUE, width=1.2)
    page.draw_rect(pymupdf.Rect(42, 42, A4[0] - 42, A4[1] - 42), color=BLUE, width=0.4)
    p.t(70, 90, body["zh"], 12, color=BLUE, bold=True)
    p.r(A4[0] - 70, 90, f"No. {c['number']}", 10, latin="cour")
    p.c(170, f"{SYSTEM_ZH[c['system']]}认证证书", 24, bold=True)
    y = p.wrap(90, 240, 415, f"本证书证明　{ctx['name']}　（地址：{ctx['address']}）建立的{SYSTEM_ZH[c['system']]}"
                              f"符合标准：{c['standard']}。", 12.5, lead=1.9, indent=2)
    y = p.wrap(90, y + 10, 415, f"该体系覆盖以下范围：{c['scope']}。", 12, lead=1.9, indent=2)
    p.t(90, y + 40, f"证书有效期：自{cn(c['issue'])}至{cn(c['expiry'])}", 12)
    p.t(90, y + 66, "本证书在有效期内须通过年度监督审核方可保持有效。", 10, color=GREY)
    p.t(330, 690, "发证机构：", 11)
    p.t(330, 710, body["zh"], 11)
    seal(page, 440, 700, 44, body["zh"])
    p.t(330, 760, f"签发日期：{cn(c['issue'])}", 10.5)
    return entry(TYPE_OF[c["system"]], f"{SYSTEM_ZH[c['system']]}认证证书", 1, cert_fields(ctx, body, c), sealed=True,
                 variant="benzhengshu-portrait")


def cert_zizhengming(doc, ctx, body, c) -> dict:
    """Landscape, “兹证明”, a ruled grid of fields with ISO dates, square seal."""
    page = doc.new_page(width=A4L[0], height=A4L[1])
    p = Pen(page, latin="helv")
    page.draw_rect(pymupdf.Rect(26, 26, A4L[0] - 26, A4L[1] - 26), color=GREEN, width=4)
    p.t(52, 66, body["zh"], 11, color=GREEN, bold=True)
    p.r(A4L[0] - 52, 66, f"注册号 {c['number']}", 10)
    p.c(118, "管 理 体 系 认 证 证 书", 24, bold=True, color=GREEN)
    p.t(80, 162, f"兹证明　{ctx['name']}", 14, bold=True)
    p.wrap(80, 190, 690, f"的{SYSTEM_ZH[c['system']]}已经审核，符合 {c['standard']} 标准的要求，特发此证。", 12, lead=1.6)
    rows = [["组织名称", ctx["name"]], ["注册地址", ctx["address"]], ["认证范围", c["scope"]],
            ["发证日期", c["issue"].isoformat()], ["有效期至", c["expiry"].isoformat()]]
    y = 230
    for k, v in rows:
        p.box(80, y, 180, y + 28, w=0.6)
        p.box(180, y, 770, y + 28, w=0.6)
        p.t(90, y + 18, k, 11)
        p.t(190, y + 18, v if width(v, 10.5) < 570 else v[:52] + "…", 10.5)
        y += 28
    square_seal(page, 620, 420, 80, body["short"] + "认证章")
    p.t(80, 470, f"发证机构：{body['zh']}", 11)
    p.t(80, 492, f"地址：{body['address']}", 9, color=GREY)
    p.t(80, 540, "获证组织应接受监督审核；证书状态可在认证机构网站或扫描二维码查询。", 8, color=GREY)
    qr_square(page, pymupdf.Rect(720, 470, 776, 526), zlib.crc32(c["number"].encode()) % 1000)
    return entry(TYPE_OF[c["system"]], "管理体系认证证书", 1, cert_fields(ctx, body, c), sealed=True, variant="zizhengming-grid")


def cert_multidate(doc, ctx, body, c) -> dict:
    """Portrait with several dates (initial certification, this issue, expiry, next surveillance) in a side panel."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    page.draw_rect(pymupdf.Rect(0, 0, 150, A4[1]), color=None, fill=(0.9, 0.93, 0.97))
    p.t(20, 80, body["short"], 20, color=BLUE, bold=True)
    p.t(20, 100, "CERTIFICATION", 9, color=BLUE)
    p.t(180, 110, "证　书", 30, bold=True)
    p.t(180, 140, f"{SYSTEM_ZH[c['system']]}", 16)
    p.t(180, 200, "获证组织", 10, color=GREY)
    p.t(180, 222, ctx["name"], 14, bold=True)
    p.t(180, 256, "组织地址", 10, color=GREY)
    p.wrap(180, 276, 360, ctx["address"], 11)
    p.t(180, 320, "依据标准", 10, color=GREY)
    p.t(180, 340, c["standard"], 12)
    p.t(180, 376, "认证覆盖的活动", 10, color=GREY)
    p.wrap(180, 396, 360, c["scope"], 11)
    y = 200
    for k, v in [("证书编号", c["number"]), ("初次发证", c["first"].isoformat() if c.get("first") else "—"),
                 ("本次发证", c["issue"].isoformat()), ("证书到期", c["expiry"].isoformat()),
                 ("下次监督审核", c["surveillance"].isoformat() if c.get("surveillance") else "—")]:
        p.t(16, y, k, 9, color=GREY)
        p.t(16, y + 16, v, 10)
        y += 44
    seal(page, 420, 640, 44, body["zh"])
    p.t(180, 720, f"认证机构：{body['zh']}", 11)
    p.t(180, 738, f"机构批准号：{body['approval']}", 9, color=GREY)
    return entry(TYPE_OF[c["system"]], "证书", 1, cert_fields(ctx, body, c), sealed=True, variant="multidate-sidepanel")


def en_date(d: date, style: str) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return {"dmy-dash": f"{d.day:02d}-{d.month:02d}-{d.year}", "dmy-slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
            "d-month-y": f"{d.day} {months[d.month - 1]} {d.year}", "month-d-y": f"{months[d.month - 1]} {d.day}, {d.year}",
            "ymd-dot": f"{d.year}.{d.month:02d}.{d.day:02d}"}[style]


def cert_english(doc, ctx, body, c, *, date_style: str, expiry_style: str | None = None) -> dict:
    """English only: “This is to certify that the organization: …”."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="tiro")
    guilloche_border(page, 28, color=(0.2, 0.3, 0.45), waves=40)
    p.c(110, body["en"].upper(), 12, latin="tibo", color=(0.2, 0.3, 0.45))
    p.c(180, "CERTIFICATE", 34, latin="tibo")
    p.c(215, "This is to certify that the organization:", 13, latin="tiro")
    p.c(255, ctx["en_name"], 17, latin="tibo")
    y = 280
    for line in _split_en(ctx["en_address"], 70):
        p.c(y, line, 11)
        y += 15
    p.c(y + 20, "has implemented and maintains a", 12)
    p.c(y + 42, SYSTEM_EN[c["system"]], 15, latin="tibo")
    p.c(y + 66, "which fulfills the requirements of the following standard:", 12)
    p.c(y + 92, c["standard"], 16, latin="tibo")
    y += 130
    p.c(y, "Scope:", 11, latin="tibo")
    for line in _split_en(c["scope_en"], 80):
        y += 15
        p.c(y, line, 10.5)
    y += 50
    es = expiry_style or date_style
    p.t(90, y, f"Certificate No.: {c['number']}", 11)
    p.t(90, y + 20, f"Date of issue: {en_date(c['issue'], date_style)}", 11)
    p.t(90, y + 40, f"Date of expiry: {en_date(c['expiry'], es)}", 11)
    if c.get("first"):
        p.t(90, y + 60, f"Original certification date: {en_date(c['first'], date_style)}", 9)
    page.draw_line((340, 720), (500, 720), color=(0, 0, 0), width=0.5)
    p.t(360, 735, "Managing Director", 10)
    p.t(90, 735, body["en"], 9)
    p.t(90, 790, "This certificate remains the property of the certification body and is subject to surveillance audits.",
        7.5)
    f = cert_fields(ctx, body, c, holder=ctx["en_name"], address=ctx["en_address"])
    f["date_style"] = {"issue": date_style, "expiry": es}
    return entry(TYPE_OF[c["system"]], "CERTIFICATE", 1, f, sealed=False, language="en", variant=f"english-{date_style}")


def _split_en(s: str, n: int) -> list[str]:
    out, cur = [], ""
    for w in s.split():
        if len(cur) + len(w) + 1 > n and cur:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return out + ([cur] if cur else [])


def cert_translation(doc, ctx, body, c, *, of_file: str) -> dict:
    """A Chinese translation of an English certificate, made and sealed by the applicant (翻译件)."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    p.c(80, "证书（中文翻译件）", 18, bold=True)
    p.c(102, f"原件：{of_file}", 9, color=GREY)
    y = p.wrap(80, 150, 435, f"兹证明组织：{ctx['name']}（{ctx['address']}）已建立并保持{SYSTEM_ZH[c['system']]}，"
                             f"符合以下标准的要求：{c['standard']}。", 12, lead=1.9, indent=2)
    y = p.wrap(80, y + 8, 435, f"认证范围：{c['scope']}。", 12, lead=1.9, indent=2)
    for k, v in [("证书编号", c["number"]), ("颁发日期", cn(c["issue"])), ("有效期至", cn(c["expiry"])),
                 ("认证机构", f"{body['en']}（{body['zh']}）")]:
        p.t(80, y + 20, f"{k}：{v}", 11.5)
        y += 26
    p.wrap(80, y + 40, 435, "本翻译件与英文原件内容一致，如有歧义以英文原件为准。", 10.5, color=GREY)
    p.t(330, 700, ctx["name"], 11)
    seal(page, 420, 690, 42, ctx["name"])
    p.t(360, 750, cn(date(2026, 3, 2)), 11)
    f = cert_fields(ctx, body, c)
    f["translation_of"] = of_file
    f["translator"] = ctx["name"]
    return entry(TYPE_OF[c["system"]], "证书（中文翻译件）", 1, f, sealed=True, variant="translation")


def ccc_certificate(doc, ctx, *, number: str, product: str, models: str, standard: str, issue: date, expiry: date,
                    body: dict) -> dict:
    """强制性产品认证证书 (CCC): type ``ccc_certificate``."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    page.draw_rect(pymupdf.Rect(30, 30, A4[0] - 30, A4[1] - 30), color=(0.15, 0.3, 0.6), width=2)
    page.draw_circle((A4[0] / 2, 96), 30, color=(0.15, 0.3, 0.6), width=3)
    p.c(104, "CCC", 20, latin="hebo", color=(0.15, 0.3, 0.6))
    p.c(160, "中国国家强制性产品认证证书", 20, bold=True)
    p.c(184, "CERTIFICATE FOR CHINA COMPULSORY PRODUCT CERTIFICATION", 9.5)
    p.t(70, 220, f"证书编号：{number}", 11)
    rows = [("委托人名称、地址", f"{ctx['name']}　{ctx['address']}"), ("生产者（制造商）名称、地址", f"{ctx['name']}　{ctx['address']}"),
            ("生产企业名称、地址", f"{ctx['name']}　{ctx['address']}"), ("产品名称和系列、规格、型号", f"{product}　{models}"),
            ("产品标准和技术要求", standard), ("认证模式", "型式试验＋获证后监督"),
            ("上述产品符合", "强制性产品认证实施规则的要求，特发此证。")]
    y = 250
    for k, v in rows:
        p.t(70, y, k, 10, color=GREY)
        y = p.wrap(70, y + 18, 450, v, 11, lead=1.45) + 6
    p.t(70, y + 20, f"发证日期：{cn(issue, pad=True)}　　　有效期至：{cn(expiry, pad=True)}", 11)
    p.t(70, y + 40, "本证书的有效性依据发证机构的定期监督获得保持。", 9, color=GREY)
    p.t(300, 740, body["zh"], 11)
    seal(page, 450, 720, 42, body["zh"])
    fields = {"holder": ctx["name"], "number": number, "product": product, "models": models, "standard": [standard],
              "issuer": body["zh"], "issue_date": iso(issue), "expiry_date": iso(expiry)}
    return entry("ccc_certificate", "中国国家强制性产品认证证书", 1, fields, sealed=True, variant="ccc",
                 note="强制性产品认证（CCC）证书（文件类型 ccc_certificate）：本方案不要求，企业自行附上；在有效期内")


# ================================================================================================
# Credit report
# ================================================================================================

def credit_report(doc, ctx, *, issue: date, number: str, issuer: str) -> dict:
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    page.draw_rect(pymupdf.Rect(0, 0, A4[0], 56), color=None, fill=(0.78, 0.1, 0.12))
    p.t(40, 36, issuer, 15, color=(1, 1, 1), bold=True)
    p.c(110, "法人和非法人组织公共信用信息报告", 19, bold=True)
    p.c(132, "（无违法违规记录证明专用版）", 11)
    p.t(40, 166, f"报告编号：{number}", 9.5)
    p.r(A4[0] - 40, 166, f"出具时间：{cn(issue)}", 9.5)
    y = p.grid(40, 184, [130, 385], [["主体名称", ctx["name"]], ["统一社会信用代码", ctx["uscc"]],
                                      ["法定代表人", ctx["legal"]], ["成立日期", ctx["established"].isoformat()],
                                      ["住所", ctx["address"]]], size=10, h=24, header=False)
    y += 26
    for k, v in [("一、行政管理信息", "查询期内未发现该主体在市场监管、税务、生态环境、应急管理、节能监察等领域受到行政处罚的记录。"),
                 ("二、严重失信主体名单信息", "查询期内未发现该主体被列入严重失信主体名单、失信被执行人名单。"),
                 ("三、经营异常信息", "查询期内未发现该主体被列入经营异常名录。"),
                 ("四、查询说明", f"本报告查询期为{issue.year - 3}年{issue.month}月至{issue.year}年{issue.month}月（近36个月），"
                              "信息来源于各级信用信息共享平台归集的数据。")]:
        p.t(40, y, k, 12, bold=True)
        y = p.wrap(56, y + 22, 480, v, 10.5, lead=1.7) + 12
    seal(page, 470, 720, 40, issuer, bottom="信用报告专用章")
    p.t(40, 800, "本报告仅供申报零碳工厂使用，有效期以使用单位要求为准。", 8, color=GREY)
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "issuer": issuer, "issue_date": iso(issue), "number": number,
              "period": f"{issue.year - 3}-{issue.month:02d}/{issue.year}-{issue.month:02d}"}
    return entry("credit_report", "法人和非法人组织公共信用信息报告", 1, fields, sealed=True)


# ================================================================================================
# The enterprise's own documents: red-header files, plans, tables, forms
# ================================================================================================

def red_header(doc, ctx, *, title: str, docno: str, issue: date, paras: list[str], members: list[tuple[str, str, str]] | None = None,
               doc_type: str = "management_body_doc", extra_fields: dict | None = None, pages_hint: int = 1) -> dict:
    """“××有限公司文件” with a red rule, a document number, the body, optional member table, seal and date."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    p.c(90, f"{ctx['name']}文件", 24, color=RED, bold=True)
    p.c(130, docno, 11)
    p.hline(60, A4[0] - 60, 142, w=1.8, color=RED)
    y = p.wrap(70, 190, 455, title, 16, lead=1.5, bold=True)
    p.t(70, y + 10, "各部门、各车间：", 11.5)
    y += 40
    npages = 1
    for para in paras:
        if y > 740:
            page = doc.new_page(width=A4[0], height=A4[1])
            p = Pen(page)
            y = 80
            npages += 1
        y = p.wrap(70, y, 455, para, 11.5, lead=1.8, indent=2) + 6
    if members:
        if y > 600:
            page = doc.new_page(width=A4[0], height=A4[1])
            p = Pen(page)
            y = 80
            npages += 1
        y = p.grid(70, y + 4, [70, 140, 245], [["职务", "姓名", "部门及职责"]] + [list(m) for m in members], size=9.5, h=21) + 20
    if y > 680:
        page = doc.new_page(width=A4[0], height=A4[1])
        p = Pen(page)
        y = 100
        npages += 1
    p.t(330, y + 30, ctx["name"], 11.5)
    seal(page, 410, y + 26, 44, ctx["name"])
    p.t(360, y + 60, cn(issue), 11.5)
    fields = {"holder": ctx["name"], "issuer": ctx["name"], "document_number": docno, "issue_date": iso(issue), "title": title}
    fields.update(extra_fields or {})
    return entry(doc_type, title, npages, fields, sealed=True)


def plan_doc(doc, ctx, *, title: str, years: list[int], issue: date, target: str, projects: list[tuple[str, str, str]],
             doc_type: str = "construction_plan") -> dict:
    """A multi-page plan: cover page, then chapters and a project table."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    y = p.wrap(90, 250, 415, title, 22, lead=1.5, bold=True)
    p.c(520, ctx["name"], 14)
    p.c(546, f"{issue.year}年{issue.month}月", 13)
    seal(page, A4[0] / 2, 528, 44, ctx["name"])
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    chapters = [("一、现状与基础", f"公司现有主要产品为{'、'.join(ctx['products'])}。近年来通过能源管理体系运行、"
                                  "设备节能改造和分布式光伏建设，单位产品能耗持续下降，为建设零碳工厂打下基础。"),
                ("二、总体目标", f"规划期为{years[0]}—{years[-1]}年。{target}"),
                ("三、年度目标", "；".join(f"{y}年：单位产值碳排放较{years[0] - 1}年下降{(i + 1) * 6}%" for i, y in enumerate(years)) + "。"),
                ("四、实施路径", "以“节能提效、用能替代、数字管控、抵消兜底”为主线，分阶段推进工艺改造、可再生能源利用、"
                                 "绿电绿证采购和碳排放数字化管理。"),
                ("五、保障措施", "成立由总经理任组长的领导小组，建立目标责任制和考核奖励办法，设立专项资金，每年开展评估并滚动修订本规划。")]
    y = 80
    for head, body in chapters:
        p.t(70, y, head, 13, bold=True)
        y = p.wrap(70, y + 24, 455, body, 11, lead=1.8, indent=2) + 14
    p.t(70, y + 6, "六、重点项目", 13, bold=True)
    y = p.grid(70, y + 20, [200, 90, 165], [["项目", "计划年度", "预期成效"]] + [list(x) for x in projects], size=9.5, h=22)
    fields = {"holder": ctx["name"], "issuer": ctx["name"], "title": title, "years": years, "issue_date": iso(issue),
              "target": target}
    return entry(doc_type, title, 2, fields, sealed=True)


def table_doc(doc, ctx, *, doc_type: str, title: str, header: list[str], rows: list[list[str]], cols: list[float],
              issue: date, note: str = "", years: list[int] | None = None, landscape: bool = False, sealed: bool = True,
              extra_fields: dict | None = None) -> dict:
    """An enterprise table (statistics, ledgers, training records) with the company line, seal and date."""
    W, H = A4L if landscape else A4
    page = doc.new_page(width=W, height=H)
    p = Pen(page, latin="helv")
    p.c(70, title, 17, bold=True)
    p.t(50, 104, f"填报单位（盖章）：{ctx['name']}", 10.5)
    p.r(W - 50, 104, f"统一社会信用代码：{ctx['uscc']}", 9.5)
    y = p.grid(50, 118, cols, [header, *rows], size=9, h=22)
    if note:
        y = p.wrap(50, y + 20, W - 100, note, 9, lead=1.5, color=GREY)
    p.t(W - 260, y + 40, f"填报日期：{cn(issue)}", 10.5)
    if sealed:
        seal(page, 170, y + 40, 40, ctx["name"])
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "issuer": ctx["name"], "issue_date": iso(issue), "title": title}
    if years:
        fields["years"] = years
    fields.update(extra_fields or {})
    return entry(doc_type, title, 1, fields, sealed=sealed)


def form_doc(doc, ctx, *, doc_type: str, title: str, sections: list[tuple[str, list[tuple[str, str]]]], issue: date,
             promise: str, sealed: bool = True) -> dict:
    """The applicant's own application form / self-evaluation: a cover and ruled sections, sealed on the cover
    and on the signature page."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    y = p.wrap(80, 220, 435, title, 22, lead=1.5, bold=True)
    p.t(120, 460, f"申报单位（公章）：{ctx['name']}", 13)
    p.t(120, 492, f"统一社会信用代码：{ctx['uscc']}", 12)
    p.t(120, 524, f"填报日期：{cn(issue)}", 12)
    if sealed:
        seal(page, 330, 460, 46, ctx["name"])
    npages = 1
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    npages += 1
    y = 70
    for head, rows in sections:
        if y > 700:
            page = doc.new_page(width=A4[0], height=A4[1])
            p = Pen(page)
            npages += 1
            y = 70
        p.t(60, y, head, 12.5, bold=True)
        y += 12
        for k, v in rows:
            lines = max(1, int(width(v, 9.5) // 330) + 1)
            h = 8 + 14 * lines
            if y + h > 790:
                page = doc.new_page(width=A4[0], height=A4[1])
                p = Pen(page)
                npages += 1
                y = 70
            p.box(60, y, 190, y + h)
            p.box(190, y, 535, y + h)
            p.t(66, y + 15, k, 9.5)
            p.wrap(196, y + 15, 330, v, 9.5, lead=1.48)
            y += h
        y += 26
    if y > 640:
        page = doc.new_page(width=A4[0], height=A4[1])
        p = Pen(page)
        npages += 1
        y = 80
    p.t(60, y + 10, "申报单位承诺", 12.5, bold=True)
    y = p.wrap(60, y + 34, 475, promise, 10.5, lead=1.7, indent=2)
    p.t(300, y + 30, f"法定代表人（签字）：{ctx['legal']}", 11)
    p.t(300, y + 60, f"申报单位（公章）：{ctx['name']}", 11)
    if sealed:
        seal(page, 400, y + 54, 44, ctx["name"])
    p.t(300, y + 90, cn(issue), 11)
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "issue_date": iso(issue), "title": title}
    return entry(doc_type, title, npages, fields, sealed=sealed)


# ================================================================================================
# Third-party reports
# ================================================================================================

def report_doc(doc, ctx, *, doc_type: str, title: str, issuer: str, number: str, issue: date, years: list[int] | None,
               summary: list[tuple[str, str]], paras: list[str], table: tuple[list[str], list[list[str]], list[float]] | None = None,
               standards: list[str] | None = None, extra_fields: dict | None = None, period_text: str | None = None) -> dict:
    """A cover page (title, client, body, number, date) and one or two content pages."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    p.t(60, 70, f"报告编号：{number}", 10)
    y = p.wrap(80, 230, 435, title, 21, lead=1.5, bold=True)
    rows = [("委托单位", ctx["name"]), ("统一社会信用代码", ctx["uscc"])]
    if period_text:
        rows.append(("报告期", period_text))
    rows += [("编制单位", issuer), ("报告日期", cn(issue))]
    y = 470
    for k, v in rows:
        p.t(110, y, f"{k}：", 12)
        p.t(230, y, v, 12)
        y += 30
    seal(page, 400, y - 50, 44, issuer)
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    npages = 2
    p.t(60, 70, "报告摘要", 15, bold=True)
    y = p.grid(60, 86, [150, 325], [["项目", "内容"]] + [[k, v] for k, v in summary], size=9.5, h=22) + 26
    for para in paras:
        y = p.wrap(60, y, 475, para, 10.5, lead=1.75, indent=2) + 6
    if table:
        head, rows2, cols = table
        if y > 620:
            page = doc.new_page(width=A4[0], height=A4[1])
            p = Pen(page, latin="helv")
            npages += 1
            y = 80
        y = p.grid(60, y + 8, cols, [head, *rows2], size=9.5, h=22) + 20
    if y > 680:
        page = doc.new_page(width=A4[0], height=A4[1])
        p = Pen(page, latin="helv")
        npages += 1
        y = 100
    p.t(300, y + 30, f"{issuer}", 11)
    seal(page, 390, y + 26, 42, issuer)
    p.t(330, y + 60, cn(issue), 11)
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "issuer": issuer, "number": number, "issue_date": iso(issue),
              "title": title}
    if years:
        fields["years"] = years
    if standards:
        fields["standard"] = standards
    fields.update(extra_fields or {})
    return entry(doc_type, title, npages, fields, sealed=True)


def ghg_verification(doc, ctx, *, years: list[int], by_year: dict[int, tuple[float, float]], issuer: str, number: str,
                     issue: date) -> dict:
    """温室气体排放核查报告 with 类别1/类别2 figures for each year covered."""
    yr = f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"
    title = f"{ctx['name']}{yr}温室气体排放核查报告"
    rows = [[f"{y}", f"{by_year[y][0]:,.1f}", f"{by_year[y][1]:,.1f}", f"{by_year[y][0] + by_year[y][1]:,.1f}"] for y in years]
    period = "；".join(f"{y}年1月1日至{y}年12月31日" for y in years)
    summary = [("核查年度", "、".join(f"{y}年" for y in years)), ("核查依据", "ISO 14064-3:2019；GB/T 32150-2015"),
               ("核查方式", "文件评审＋现场核查"), ("核查组组长", "孟凡宇（注册核查员）"),
               ("核查结论", "排放量数据真实、完整，符合核算指南要求")]
    paras = [f"受{ctx['name']}委托，{issuer}组成核查组，对其{yr}温室气体排放报告进行了核查，核查期间为{period}。",
             "核查范围为企业厂区边界内的直接排放（类别1：化石燃料燃烧、工业过程）和外购电力、热力产生的间接排放（类别2）。"
             "类别1、类别2排放量经核实如下表（单位：吨二氧化碳当量，tCO2e）。"]
    f = {"category1_t": by_year[years[-1]][0], "category2_t": by_year[years[-1]][1],
         "scope12_t": round(by_year[years[-1]][0] + by_year[years[-1]][1], 1),
         "by_year": {str(y): {"category1_t": by_year[y][0], "category2_t": by_year[y][1]} for y in years},
         "verifier": issuer, "period": period}
    return report_doc(doc, ctx, doc_type="ghg_verification_report", title=title, issuer=issuer, number=number, issue=issue,
                      years=years, summary=summary, paras=paras,
                      table=(["年度", "类别1排放（tCO2e）", "类别2排放（tCO2e）", "类别1+类别2合计"], rows, [70, 135, 135, 135]),
                      standards=["ISO 14064-3:2019", "GB/T 32150-2015"], extra_fields=f, period_text=period)


# ================================================================================================
# Government notices (lists of enterprises)
# ================================================================================================

FILLER = ["南京启衡新材料科技有限公司", "无锡澄联电子元件有限公司", "常州瑞拓传动机械有限公司", "南通海祺纺织科技有限公司",
          "扬州华润包装材料有限公司", "镇江恒泰铝业股份有限公司", "盐城金翼新能源科技有限公司", "泰州弘远医药化工有限公司",
          "宿迁锦程家居制造有限公司", "连云港鼎丰食品有限公司", "徐州大屯工程机械有限公司", "淮安嘉禾电缆有限公司",
          "芜湖长信汽车部件有限公司", "马鞍山中钢轧辊有限公司", "福州闽江绿能科技有限公司", "泉州安泰鞋材有限公司",
          "漳州恒润食品有限公司", "莆田兴达电机有限公司", "宁德蓝海电池材料有限公司", "三明青山纸业股份有限公司"]


def notice_list(doc, ctx, *, issuer: str, docno: str, title: str, issue: date, list_title: str, year: int, rng: random.Random,
                doc_type: str = "green_factory_notice", region: str = "") -> dict:
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    p.c(90, issuer, 22, color=RED, bold=True)
    p.c(126, docno, 11)
    p.hline(60, A4[0] - 60, 138, w=1.6, color=RED)
    y = p.wrap(80, 185, 435, title, 16, lead=1.5, bold=True)
    p.t(70, y + 10, "各设区市工业和信息化主管部门：", 11.5)
    y = p.wrap(70, y + 40, 455, f"根据有关工作安排，经企业申报、地方推荐、专家评审和网上公示，确定{list_title}（见附件）。"
                                 "请各地加强对入选企业的动态管理，引导企业持续提升绿色低碳发展水平。", 11.5, lead=1.8, indent=2)
    p.t(70, y + 10, f"附件：{list_title}", 11.5)
    p.t(340, y + 70, issuer, 11.5)
    seal(page, 420, y + 66, 44, issuer)
    p.t(370, y + 100, cn(issue), 11.5)
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    p.t(60, 70, "附件", 12, bold=True)
    p.c(100, list_title, 15, bold=True)
    names = rng.sample(FILLER, 14)
    pos = rng.randint(4, 11)
    names.insert(pos, ctx["name"])
    rows = [[str(i + 1), n, region or ctx["city"]] for i, n in enumerate(names)]
    p.grid(70, 120, [50, 300, 105], [["序号", "企业名称", "所在地区"], *rows], size=10, h=24)
    fields = {"holder": ctx["name"], "issuer": issuer, "document_number": docno, "issue_date": iso(issue), "title": title,
              "years": [year], "row": pos + 1, "rows": len(names)}
    return entry(doc_type, title, 2, fields, sealed=True)


# ================================================================================================
# Contracts, green power papers, screenshots, photos
# ================================================================================================

def contract_doc(doc, ctx, *, doc_type: str, title: str, number: str, party: str, party_role: str, sign: date,
                 clauses: list[str], years: list[int] | None = None, extra_fields: dict | None = None) -> dict:
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    p.c(90, title, 20, bold=True)
    p.r(A4[0] - 60, 120, f"合同编号：{number}", 10)
    p.t(60, 160, f"甲方（{party_role[0]}）：{ctx['name']}", 11.5)
    p.t(60, 184, f"乙方（{party_role[1]}）：{party}", 11.5)
    y = 220
    for i, c in enumerate(clauses):
        y = p.wrap(60, y, 475, f"第{'一二三四五六七八九十'[i]}条　{c}", 11, lead=1.75) + 6
    p.t(60, y + 40, f"甲方（盖章）：{ctx['name']}", 10.5)
    p.t(320, y + 40, f"乙方（盖章）：{party}", 10.5)
    seal(page, 150, y + 40, 38, ctx["name"])
    seal(page, 420, y + 40, 38, party)
    p.t(60, y + 100, f"签订日期：{cn(sign)}", 10.5)
    p.t(320, y + 100, f"签订日期：{cn(sign)}", 10.5)
    fields = {"holder": ctx["name"], "uscc": None, "party": party, "issuer": party, "number": number, "issue_date": iso(sign),
              "title": title}
    if years:
        fields["years"] = years
    fields.update(extra_fields or {})
    return entry(doc_type, title, 1, fields, sealed=True)


def green_certificate(doc, ctx, *, doc_type: str, title: str, number: str, issuer: str, issue: date, mwh: float,
                      period: tuple[date, date], source: str, years: list[int] | None) -> dict:
    """绿证 / 绿色电力消费凭证: landscape, green band, a field list."""
    page = doc.new_page(width=A4L[0], height=A4L[1])
    p = Pen(page, latin="helv")
    page.draw_rect(pymupdf.Rect(0, 0, A4L[0], 70), color=None, fill=(0.12, 0.5, 0.3))
    p.c(46, title, 22, color=(1, 1, 1), bold=True)
    rows = [("编号", number), ("用户名称", ctx["name"]), ("统一社会信用代码", ctx["uscc"]), ("电量", f"{mwh:,.0f} 兆瓦时（MWh）"),
            ("电量生产/消费时段", f"{period[0].isoformat()} 至 {period[1].isoformat()}"), ("电源类型及项目", source),
            ("核发日期", cn(issue))]
    y = 120
    for k, v in rows:
        p.t(120, y, k, 12, color=GREY)
        p.t(300, y, v, 12.5)
        y += 36
    p.t(520, 470, issuer, 12)
    seal(page, 640, 460, 46, issuer)
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "number": number, "quantity_mwh": mwh,
              "period": f"{period[0].isoformat()}/{period[1].isoformat()}", "issuer": issuer, "issue_date": iso(issue)}
    if years:
        fields["years"] = years
    return entry(doc_type, title, 1, fields, sealed=True)


def photo_sheet(doc, ctx, *, title: str, captions: list[str], issue: date, rng: random.Random, doc_type: str = "other",
                extra_fields: dict | None = None) -> dict:
    """A page of site photographs (drawn stand-ins: sky, roof, panel rows) with captions."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page)
    p.c(70, title, 17, bold=True)
    p.c(92, ctx["name"], 11)
    for i, cap in enumerate(captions[:4]):
        x0 = 60 + (i % 2) * 245
        y0 = 120 + (i // 2) * 300
        r = pymupdf.Rect(x0, y0, x0 + 230, y0 + 240)
        page.draw_rect(pymupdf.Rect(r.x0, r.y0, r.x1, r.y0 + 90), color=None, fill=(0.62, 0.78, 0.92))
        page.draw_rect(pymupdf.Rect(r.x0, r.y0 + 90, r.x1, r.y1), color=None, fill=(0.55, 0.55, 0.58))
        for k in range(6):
            yy = r.y0 + 105 + k * 22
            off = rng.uniform(-4, 4)
            page.draw_quad(pymupdf.Quad((r.x0 + 15 + off, yy), (r.x1 - 15 + off, yy), (r.x0 + 5, yy + 16), (r.x1 - 25, yy + 16)),
                           color=None, fill=(0.12, 0.18, 0.35))
        page.draw_rect(r, color=(0, 0, 0), width=0.5)
        p.c(y0 + 258, cap, 9.5, cx=x0 + 115)
    p.t(60, 760, f"拍摄日期：{cn(issue)}　　拍摄人：设备动力部", 10)
    fields = {"holder": ctx["name"], "issuer": ctx["name"], "issue_date": iso(issue), "title": title}
    fields.update(extra_fields or {})
    return entry(doc_type, title, 1, fields, sealed=False)


def platform_screens(doc, ctx, *, title: str, issue: date, rng: random.Random, system_name: str) -> dict:
    """Screenshots of an energy/carbon management platform (drawn dashboard) with a short description."""
    page = doc.new_page(width=A4L[0], height=A4L[1])
    p = Pen(page, latin="helv")
    page.draw_rect(pymupdf.Rect(40, 40, A4L[0] - 40, 380), color=None, fill=(0.08, 0.12, 0.22))
    p.t(60, 68, system_name, 14, color=(0.9, 0.95, 1), bold=True)
    for i, (k, v) in enumerate([("今日用电 kWh", f"{rng.randint(60000, 90000):,}"), ("光伏发电 kWh", f"{rng.randint(8000, 20000):,}"),
                                ("碳排放 tCO2e", f"{rng.uniform(30, 60):.1f}"), ("绿电占比", f"{rng.uniform(20, 45):.1f}%")]):
        x = 60 + i * 185
        page.draw_rect(pymupdf.Rect(x, 90, x + 170, 160), color=(0.3, 0.6, 0.9), width=0.8)
        p.t(x + 10, 112, k, 9, color=(0.7, 0.8, 0.9))
        p.t(x + 10, 146, v, 20, color=(0.4, 0.9, 0.6), latin="hebo")
    pts = [(60 + k * 12, 340 - 120 * abs(((k * 7) % 23) / 23.0)) for k in range(60)]
    page.draw_polyline(pts, color=(0.4, 0.8, 1), width=1.2)
    p.t(60, 372, "图1　能碳管理平台首页（实时监测）", 9, color=(0.8, 0.8, 0.8))
    y = p.wrap(60, 420, 720, f"{ctx['name']}于2024年建成能碳管理平台，接入电、天然气、蒸汽、光伏等计量点位326个，"
                             "实现能源消耗和碳排放的分项计量、实时监测、统计分析和报表生成。", 11, lead=1.7, indent=2)
    p.t(560, y + 30, f"{ctx['name']}", 10.5)
    p.t(600, y + 52, cn(issue), 10.5)
    fields = {"holder": ctx["name"], "issuer": ctx["name"], "issue_date": iso(issue), "title": title, "system": system_name}
    return entry("carbon_platform_evidence", title, 1, fields, sealed=False)


def ccer_cancellation(doc, ctx, *, number: str, issuer: str, issue: date, tonnes: float, project: str, vintage: int,
                      use_year: int) -> dict:
    """国家核证自愿减排量（CCER）注销证明: portrait, a ruled box of fields, registry seal."""
    page = doc.new_page(width=A4[0], height=A4[1])
    p = Pen(page, latin="helv")
    p.c(96, "全国温室气体自愿减排注册登记系统", 13, color=BLUE)
    p.c(136, "核证自愿减排量注销证明", 21, bold=True)
    p.r(A4[0] - 60, 170, f"证明编号：{number}", 10)
    rows = [["注销主体", ctx["name"]], ["统一社会信用代码", ctx["uscc"]], ["注销数量", f"{tonnes:,.0f} 吨二氧化碳当量（tCO2e）"],
            ["减排量来源项目", project], ["减排量产生年度", f"{vintage}年"], ["注销用途", f"抵消{use_year}年度温室气体排放（零碳工厂申报）"],
            ["注销日期", cn(issue)]]
    y = 190
    for k, v in rows:
        p.box(60, y, 200, y + 30)
        p.box(200, y, 535, y + 30)
        p.t(68, y + 19, k, 10.5)
        p.t(208, y + 19, v if width(v, 10.5) < 320 else v[:28] + "…", 10.5)
        y += 30
    p.wrap(60, y + 30, 475, "经核实，上述核证自愿减排量已在注册登记系统中完成注销，不再用于交易或其他抵消用途，特此证明。", 11, lead=1.7,
           indent=2)
    p.t(330, y + 130, issuer, 11)
    seal(page, 420, y + 124, 44, issuer)
    fields = {"holder": ctx["name"], "uscc": ctx["uscc"], "number": number, "issuer": issuer, "issue_date": iso(issue),
              "quantity_t": tonnes, "vintage": vintage, "years": [use_year], "project": project}
    return entry("offset_purchase_proof", "核证自愿减排量注销证明", 1, fields, sealed=True)
