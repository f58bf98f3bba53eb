"""Write the example workbooks of samples/batch/ from the sample factories.

Each workbook holds the samples of one scheme plus a few variations (other names, valid
统一社会信用代码 with the check character computed by python-stdnum, other figures), one
enterprise per row. ``jiangsu-with-bad-row.xlsx`` has one deliberately invalid row (a wrong
check character in row 4) to show row-level error reporting.

Run: python tools/make_example_workbooks.py   (all names, codes and figures are fictitious)
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdnum.cn.uscc import calc_check_digit  # noqa: E402

from lingtan.dataentry.batch_workbook import write_workbook  # noqa: E402
from lingtan.generator.formuse import narrative_titles  # noqa: E402

SAMPLES = ROOT / "samples" / "factories"
OUT = ROOT / "samples" / "batch"
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# fields of a year's figures that are amounts (scaled in a variation); rates, grades and tiers are not
_SCALED_SUFFIXES = ("_tce", "_tce_equivalent", "_mwh", "_wan", "_tco2", "_t", "_m3", "_mu")


def sample(name: str) -> dict[str, Any]:
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def uscc(region: str, serial: int, *, wrong_check: bool = False) -> str:
    """A fictitious but valid 统一社会信用代码: 91 + 行政区划码 + MA + 7 characters + check character."""
    body, n = "", serial
    for _ in range(7):
        body = _ALPHABET[n % len(_ALPHABET)] + body
        n //= len(_ALPHABET)
    code17 = f"91{region}MA{body}"
    check = calc_check_digit(code17)
    if wrong_check:
        check = next(c for c in "0123456789" if c != check)
    return code17 + check


def _replace_strings(node: Any, old: str, new: str) -> Any:
    if isinstance(node, str):
        return node.replace(old, new)
    if isinstance(node, list):
        return [_replace_strings(x, old, new) for x in node]
    if isinstance(node, dict):
        return {k: _replace_strings(v, old, new) for k, v in node.items()}
    return node


def _scale(v: Any, factor: float) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    return round(v * factor) if isinstance(v, int) else round(v * factor, 2)


def variant(data: dict[str, Any], *, name: str, code: str, address: str, city: str, district: str, postcode: str,
            legal: str, factor: float, level: str | None = None) -> dict[str, Any]:
    """The sample with another enterprise's identity and every year's amounts scaled by ``factor``."""
    d = copy.deepcopy(data)
    old_name, old_legal = d["enterprise"]["name"], d["enterprise"]["legal_representative"]
    d = _replace_strings(d, old_name, name)
    d = _replace_strings(d, old_legal, legal)
    e = d["enterprise"]
    e.update(name=name, uscc=code, address=address, city=city, district=district, postcode=postcode)
    if level:
        d["application"]["level"] = level
    for y in d["years"]:
        for k, v in list(y.items()):
            if k.endswith(_SCALED_SUFFIXES):
                y[k] = _scale(v, factor)
        for sub in ("emissions", "offsets"):
            if isinstance(y.get(sub), dict):
                y[sub] = {k: _scale(v, factor) if k != "verified" else v for k, v in y[sub].items()}
        for o in y.get("output") or []:
            o["quantity"] = _scale(o["quantity"], factor)
    return d


def jiangsu_rows(bad: bool = False) -> list[dict[str, Any]]:
    base = sample("jiangsu-zero")
    a = variant(base, name="江阴澄明新材料科技有限公司", code=uscc("320281", 1001), address="江苏省无锡市江阴市临港街道滨江西路1号",
                city="无锡市", district="江阴市", postcode="214400", legal="许志强", factor=0.8)
    b = variant(base, name="海门海润智能装备有限公司", code=uscc("320614", 2002, wrong_check=bad), address="江苏省南通市海门区海门港新区通海大道66号",
                city="南通市", district="海门区", postcode="226100", legal="黄海东", factor=1.15, level="near-zero")
    if bad:
        return [base, b, a]  # row 4 (the second enterprise) is the invalid one
    return [base, a, b, sample("jiangsu-near-zero-fails")]


def suzhou_rows() -> list[dict[str, Any]]:
    base = sample("suzhou-near-zero")
    a = variant(base, name="苏州工业园区澄明光电科技有限公司", code=uscc("320571", 3003), address="江苏省苏州市苏州工业园区星湖街328号",
                city="苏州市", district="苏州工业园区", postcode="215123", legal="钱卫东", factor=0.6)
    return [base, a, sample("suzhou-fails-certificate")]


def zhejiang_rows() -> list[dict[str, Any]]:
    base = sample("zhejiang")
    a = variant(base, name="平湖澄江精工机械有限公司", code=uscc("330482", 4004), address="浙江省嘉兴市平湖市经济技术开发区新兴三路99号",
                city="嘉兴市", district="平湖市", postcode="314200", legal="吴建国", factor=0.75)
    b = variant(base, name="桐乡恒远新材料有限公司", code=uscc("330483", 5005), address="浙江省嘉兴市桐乡市梧桐街道复兴北路188号",
                city="嘉兴市", district="桐乡市", postcode="314500", legal="徐国平", factor=1.2)
    return [base, a, b]


WORKBOOKS = {
    "jiangsu-enterprises.xlsx": lambda: jiangsu_rows(),
    "jiangsu-with-bad-row.xlsx": lambda: jiangsu_rows(bad=True),
    "suzhou-enterprises.xlsx": suzhou_rows,
    "zhejiang-enterprises.xlsx": zhejiang_rows,
}


def main() -> None:
    for fname, rows in WORKBOOKS.items():
        data = rows()
        write_workbook(data, OUT / fname, {key: title for title, key in narrative_titles().items()})
        print(f"{OUT / fname}: {len(data)} 家企业")


if __name__ == "__main__":
    main()
