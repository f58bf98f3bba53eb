"""Facts about one applicant that evidence documents may print, taken from a sample factory YAML dict."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stdnum.cn import uscc as _uscc

_SMART = {
    "municipal_smart_workshop": "市级智能车间",
    "municipal_smart_factory": "市级智能工厂",
    "provincial_smart_workshop": "省级智能车间",
    "provincial_smart_factory": "省级智能工厂（省先进级智能工厂）",
    "provincial_internet_benchmark": "省级互联网标杆企业",
    "national_excellent_smart_factory": "国家卓越级智能工厂",
    "national_leading_smart_factory": "国家领航级智能工厂",
}
_LEVEL = {"national": "国家级", "provincial": "省级", "municipal": "市级", "none": "无"}


@dataclass
class Facts:
    """Everything a document about one applicant may print."""

    name: str
    uscc: str
    address: str
    legal_representative: str
    established: date | None
    registered_capital_wan: float | None
    company_type: str
    city: str
    province: str
    registration_authority: str
    certificates: list[dict] = field(default_factory=list)
    green_factory: dict | None = None
    smart_titles: list[str] = field(default_factory=list)
    reporting_year: int = 2025
    years: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    # extras (optional; documents fall back to generic wording when empty)
    district: str = ""
    industry_name: str = ""
    industry_code: str = ""
    main_products: list[str] = field(default_factory=list)
    main_business: str = ""
    employees: int | None = None
    contact: str = ""
    contact_phone: str = ""
    top_manager: str = ""
    plan: dict | None = None

    def year(self, y: int) -> dict:
        """Figures for year ``y``; years missing from the data are extrapolated from the nearest one."""
        for row in self.years:
            if row["year"] == y:
                return row
        return synth_year(self.years, y, self.uscc)


def _d(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def company_type_for(name: str, ownership: str | None) -> str:
    if "股份有限公司" in name:
        if ownership == "state":
            return "股份有限公司（国有控股）"
        if ownership in ("foreign", "hmt"):
            return "股份有限公司（中外合资、未上市）"
        return "股份有限公司（非上市、自然人投资或控股）"
    if ownership == "state":
        return "有限责任公司（国有独资）"
    if ownership == "foreign":
        return "有限责任公司（外国法人独资）"
    if ownership == "hmt":
        return "有限责任公司（港澳台法人独资）"
    if ownership == "collective":
        return "有限责任公司（非自然人投资或控股的法人独资）"
    return "有限责任公司（自然人投资或控股）"


def synth_year(years: list[dict], y: int, salt: str = "") -> dict:
    """Plausible figures for a year not in the data (e.g. a report covering the wrong years)."""
    rng = random.Random(f"{salt}:{y}")
    if years:
        near = min(years, key=lambda r: abs(r["year"] - y))
    else:
        near = {"energy_tce": 8000, "electricity_mwh": 40000, "green_electricity_mwh": 0,
                "category1": 4000, "category2": 25000, "category3": 40000}
    f = 1 + (near.get("year", y) - y) * 0.03 + rng.uniform(-0.02, 0.02)

    def sc(v: Any) -> Any:
        return None if v is None else round(float(v) * f / 10) * 10

    row = {k: sc(near.get(k)) for k in ("energy_tce", "electricity_mwh", "category1", "category2", "category3")}
    row.update(year=y, green_electricity_mwh=round(float(near.get("green_electricity_mwh") or 0) * 0.6 / 100) * 100,
               verifier=near.get("verifier"), baseline_scenario_tco2=None, self_reduction_tco2=None,
               green_certificates=0.0, offsets={})
    return row


def _num(v: Any) -> float | None:
    if v is None:
        return None
    f = float(v)
    return int(f) if f.is_integer() else f


def facts_from_factory(data: dict) -> Facts:
    """Facts from a factory YAML dict (samples/factories/*.yaml)."""
    ent = data["enterprise"]
    district = ent.get("district") or ""
    city = ent.get("city") or ""
    authority = f"{district or city}市场监督管理局"
    if district.endswith("区") and city:
        authority = f"{city}{district}市场监督管理局"
    hon = data.get("honours") or {}
    gf = hon.get("green_factory")
    if gf and gf.get("level") not in (None, "none"):
        gf = {"level": _LEVEL.get(gf["level"], gf["level"]), "level_code": gf["level"],
              "year": gf.get("year"), "document": gf.get("document")}
    else:
        gf = None
    certs = []
    for c in (data.get("management_systems") or {}).get("certificates") or []:
        certs.append({"system": c["system"], "standard": c["standard"], "number": str(c["number"]),
                      "issuer": c["issuer"], "issued": _d(c["issued"]), "expires": _d(c["expires"]),
                      "scope": c.get("scope")})
    years = []
    for y in data.get("years") or []:
        em = y.get("emissions") or {}
        off = y.get("offsets") or {}
        years.append({
            "year": int(y["year"]),
            "energy_tce": _num(y.get("energy_tce")),
            "energy_tce_equivalent": _num(y.get("energy_tce_equivalent")),
            "electricity_mwh": _num(y.get("electricity_mwh")),
            "green_electricity_mwh": _num(y.get("green_electricity_mwh")) or 0,
            "renewable_tce": _num(y.get("renewable_tce")) or 0,
            "category1": _num(em.get("category1")),
            "category2": _num(em.get("category2")),
            "category3": _num(em.get("category3")),
            "verifier": em.get("verifier"),
            "baseline_scenario_tco2": _num(y.get("baseline_scenario_tco2")),
            "self_reduction_tco2": _num(y.get("self_reduction_tco2")),
            "green_certificates": _num(off.get("green_certificates")) or 0,
            "offsets": {k: _num(v) for k, v in off.items()},
            "output": y.get("output") or [],
        })
    years.sort(key=lambda r: r["year"])
    org = data.get("organisation") or {}
    contact = ent.get("contact") or {}
    return Facts(
        name=ent["name"], uscc=ent["uscc"], address=ent["address"],
        legal_representative=ent["legal_representative"], established=_d(ent.get("established")),
        registered_capital_wan=_num(ent.get("registered_capital_wan")),
        company_type=company_type_for(ent["name"], ent.get("ownership")),
        city=city, province=ent.get("province") or "", registration_authority=authority,
        certificates=certs, green_factory=gf,
        smart_titles=[_SMART.get(t, t) for t in hon.get("smart_titles") or []],
        reporting_year=int(data.get("reporting_year") or (years[-1]["year"] if years else 2025)),
        years=years, projects=list(data.get("projects") or []),
        district=district, industry_name=ent.get("industry_name") or "",
        industry_code=str(ent.get("industry_code") or ""), main_products=list(ent.get("main_products") or []),
        main_business=ent.get("main_business") or "", employees=ent.get("employees"),
        contact=contact.get("name") or "", contact_phone=str(contact.get("phone") or ""),
        top_manager=org.get("top_manager") or ent["legal_representative"], plan=org.get("plan"),
    )


# --- invented companies --------------------------------------------------------------------------

_PLACES = [  # (province, city, district, 6-digit division code)
    ("江苏省", "苏州市", "昆山市", "320583"), ("江苏省", "无锡市", "江阴市", "320281"),
    ("江苏省", "常州市", "武进区", "320412"), ("江苏省", "南通市", "海门区", "320614"),
    ("浙江省", "宁波市", "慈溪市", "330282"), ("浙江省", "嘉兴市", "海宁市", "330481"),
    ("安徽省", "合肥市", "肥西县", "340123"), ("福建省", "泉州市", "晋江市", "350582"),
    ("山东省", "青岛市", "黄岛区", "370211"), ("广东省", "佛山市", "顺德区", "440606"),
    ("江苏省", "扬州市", "江都区", "321012"), ("浙江省", "湖州市", "长兴县", "330522"),
]
_WORDS = "华 盛 瑞 泰 恒 通 宏 远 鑫 达 金 丰 嘉 德 永 新 博 创 科 力 海 天 中 联 凯 正 信 隆 昌 源 汇 诚 锦 立 伟 明 安 优 迈 纳".split()
_TRADES = ["精密机械", "新材料科技", "电子科技", "汽车零部件", "纺织科技", "化工", "光电科技", "金属制品",
           "智能装备", "塑胶制品", "包装材料", "电气", "环保科技", "新能源科技", "特种钢材", "医疗器械"]
_SURNAMES = "王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 朱 马 胡 郭 林 何 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹".split()
_GIVEN = "建 国 明 华 伟 强 军 平 芳 敏 静 丽 磊 洋 勇 杰 涛 超 鹏 辉 峰 斌 林 海 宇 文 志 红 玲 新".split()
_ROADS = ["工业园路", "兴业大道", "创业路", "经发大道", "科技大道", "滨江路", "长江路", "高新三路", "纬二路", "东方大道"]
_ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code_check(body8: str) -> str:
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in body8]
    s = sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2)))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(rng: random.Random, division: str) -> str:
    """A well-formed 统一社会信用代码 (企业, 工商登记) for the division code."""
    if rng.random() < 0.5:
        body = "MA" + "".join(rng.choice(_ALNUM) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    org = body + _org_code_check(body)
    if not org[-1].isalnum():
        org = org[:-1] + "0"
    code17 = "91" + division + org
    return code17 + _uscc.calc_check_digit(code17)


def person_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def company_name(rng: random.Random, place: tuple | None = None) -> str:
    place = place or rng.choice(_PLACES)
    loc = place[2].rstrip("市区县") if rng.random() < 0.6 else place[1].rstrip("市")
    brand = rng.choice(_WORDS) + rng.choice(_WORDS)
    suffix = "股份有限公司" if rng.random() < 0.25 else "有限公司"
    return f"{loc}{brand}{rng.choice(_TRADES)}{suffix}"


def other_company(seed: int) -> Facts:
    """A plausible different company (with a valid 统一社会信用代码) for "document of another company" defects."""
    rng = random.Random(f"other-company:{seed}")
    place = rng.choice(_PLACES)
    province, city, district, division = place
    name = company_name(rng, place)
    est = date(rng.randint(2003, 2019), rng.randint(1, 12), rng.randint(1, 28))
    authority = f"{city}{district}市场监督管理局" if district.endswith("区") else f"{district}市场监督管理局"
    base_e = rng.randint(20, 120) * 100
    years = []
    for i, y in enumerate((2023, 2024, 2025)):
        f = 1 - 0.04 * i
        el = round(base_e * 5 * f / 10) * 10
        years.append({"year": y, "energy_tce": round(base_e * f), "energy_tce_equivalent": None,
                      "electricity_mwh": el, "green_electricity_mwh": round(el * 0.1 * (i + 1) / 10) * 10,
                      "renewable_tce": 0, "category1": round(base_e * 0.5 * f), "category2": round(el * 0.58 * (1 - 0.1 * i)),
                      "category3": round(base_e * 4 * f), "verifier": None, "baseline_scenario_tco2": None,
                      "self_reduction_tco2": None, "green_certificates": 0, "offsets": {}, "output": []})
    issued = date(rng.randint(2022, 2024), rng.randint(1, 12), rng.randint(1, 28))
    certs = []
    for i, (sys_, std) in enumerate((("qms", "GB/T 19001-2016/ISO 9001:2015"), ("ems", "GB/T 24001-2016/ISO 14001:2015"),
                                     ("ohsms", "GB/T 45001-2020/ISO 45001:2018"), ("enms", "GB/T 23331-2020/ISO 50001:2018"))):
        certs.append({"system": sys_, "standard": std, "number": f"{rng.randint(10000, 99999)}{'QESN'[i]}{rng.randint(10000, 99999)}R{rng.randint(0, 3)}M",
                      "issuer": rng.choice(["中国质量认证中心", "方圆标志认证集团有限公司", "北京国金衡信认证有限公司"]),
                      "issued": issued, "expires": date(issued.year + 3, issued.month, issued.day) if issued.day < 29 else issued,
                      "scope": None})
    return Facts(
        name=name, uscc=make_uscc(rng, division),
        address=f"{province}{city}{district}{rng.choice(_ROADS)}{rng.randint(1, 399)}号",
        legal_representative=person_name(rng), established=est,
        registered_capital_wan=float(rng.choice((500, 1000, 2000, 3000, 5000, 8000, 12000))),
        company_type=company_type_for(name, "private"), city=city, province=province,
        registration_authority=authority, certificates=certs,
        green_factory={"level": "省级", "level_code": "provincial", "year": rng.randint(2019, 2024), "document": None}
        if rng.random() < 0.5 else None,
        smart_titles=[], reporting_year=2025, years=years, projects=[], district=district,
        industry_name="", main_products=[], top_manager="",
    )


# --- English names (for English / bilingual certificates) -------------------------------------------

_EN_WORDS = [
    ("股份有限公司", "Co., Ltd."), ("有限责任公司", "Co., Ltd."), ("有限公司", "Co., Ltd."), ("公司", "Company"),
    ("经济技术开发区", "Economic and Technological Development Zone"), ("开发区", "Development Zone"),
    ("精密机械", "Precision Machinery"), ("新材料科技", "New Material Technology"), ("电子科技", "Electronic Technology"),
    ("汽车零部件", "Auto Parts"), ("汽车部件", "Automotive Components"), ("汽车电子", "Automotive Electronics"),
    ("纺织科技", "Textile Technology"), ("纺织印染", "Textile Printing and Dyeing"), ("纺织染整", "Textile Dyeing and Finishing"),
    ("光电科技", "Optoelectronic Technology"), ("金属制品", "Metal Products"), ("智能装备", "Intelligent Equipment"),
    ("塑胶制品", "Plastic Products"), ("包装材料", "Packaging Materials"), ("环保科技", "Environmental Technology"),
    ("新能源科技", "New Energy Technology"), ("特种钢材", "Special Steel"), ("医疗器械", "Medical Devices"),
    ("电子电路", "Electronic Circuits"), ("精密轴承", "Precision Bearing"), ("精密铸造", "Precision Casting"),
    ("精密", "Precision"), ("轴承", "Bearing"), ("紧固件", "Fastener"), ("食品", "Food"), ("化工", "Chemical"),
    ("电气", "Electric"), ("电子", "Electronics"), ("科技", "Technology"), ("铸造", "Casting"),
    ("武进区", "Wujin District "), ("省", " "), ("市", " "), ("区", " District "), ("县", " County "),
]
_PY = dict(zip(
    "东中丰件优伟佛信兴凯创力包华南博厦合吴品嘉天宁安宏家山岛川州常广建张德徽恒慈扬新无昆昌明晋晟正武永汇江汽沧河泉波泰浙海清港湖源溪澄澜瀚狮瑞盐盛石福立纳纶联肥芜苏融西诚达迈进远通都金鑫锐锡锦镜长门阴隆青顺鸿黄科",
    "dong zhong feng jian you wei fo xin xing kai chuang li bao hua nan bo xia he wu pin jia tian ning an hong jia shan dao "
    "chuan zhou chang guang jian zhang de hui heng ci yang xin wu kun chang ming jin sheng zheng wu yong hui jiang qi cang he "
    "quan bo tai zhe hai qing gang hu yuan xi cheng lan han shi rui yan sheng shi fu li na lun lian fei wu su rong xi cheng "
    "da mai jin yuan tong du jin xin rui xi jin jing chang men yin long qing shun hong huang ke".split()))


_FALLBACK = "an bao chen da fang gao hua jia kang li ming nan ping rong shen tai wei xin yang zhi".split()


def _pinyin_word(s: str) -> str:
    syl = [_PY.get(ch) or (_FALLBACK[ord(ch) % len(_FALLBACK)] if ord(ch) > 127 else ch) for ch in s]
    word = "".join(syl)
    return word.capitalize()


def english_name(name: str) -> str:
    """A plausible English company name, e.g. 张家港恒晟精密轴承有限公司 -> Zhangjiagang Hengsheng Precision Bearing Co., Ltd."""
    parts: list[str] = []
    buf = ""
    i = 0
    while i < len(name):
        for zh, en in _EN_WORDS:
            if name.startswith(zh, i):
                if buf:
                    parts.append(_pinyin_word(buf))
                    buf = ""
                parts.append(en.strip())
                i += len(zh)
                break
        else:
            buf += name[i]
            i += 1
    if buf:
        parts.append(_pinyin_word(buf))
    # split long pinyin runs in two words (place + brand): Zhangjiaganghengsheng -> Zhangjiagang Hengsheng
    out = []
    for p in parts:
        if p and p.isalpha() and p[:1].isupper() and len(p) > 9:
            k = _place_split(p)
            out.extend([p[:k], p[k:].capitalize()] if k else [p])
        else:
            out.append(p)
    return " ".join(x for x in out if x).replace("  ", " ")


def _place_split(word: str) -> int:
    for place in ("zhangjiagang", "changzhou", "hangzhou", "suzhou", "kunshan", "jiangyin", "xiamen", "hefei", "wuhu",
                  "shishi", "fuqing", "haiyan", "ningbo", "cixi", "haining", "jinjiang", "qingdao", "foshan", "changxing",
                  "yangzhou", "wuxi", "nantong", "huzhou", "jiaxing", "feixi", "quanzhou", "shunde", "wujin", "haimen",
                  "jiangdu", "huangdao", "xiamenhaicang", "zhejianghaiyan"):
        if word.lower().startswith(place) and len(word) > len(place) + 2:
            return len(place)
    return 0


def place_en(f: "Facts") -> str:
    bits = []
    for s, strip in ((f.district, "市区县"), (f.city, "市"), (f.province, "省")):
        if s:
            bits.append(_pinyin_word(s.rstrip(strip) if s[-1] in strip else s)
                        + (" District" if s.endswith("区") else " County" if s.endswith("县") else ""))
    return ", ".join(dict.fromkeys(bits)) + ", P.R. China"
