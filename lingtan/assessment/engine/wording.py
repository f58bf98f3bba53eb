"""Chinese wording of data paths and values for the engine's explanations.

The engine's explanations (derivations, reasons, "缺少数据" messages) are read
by enterprises and officials, so a data path such as ``years[2024].energy_tce``
or ``claims.jiangsu.5.value.general_equipment`` is shown in the source's terms
(``2024年综合能源消费量``, ``第5项自评的填报值``). The words come from data: the
data model's field titles, the labels of the derived quantities below and the
names the expressions use; nothing here branches on a particular field.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from ..model.factory import Factory, YearFigures

#: Derived quantities of a year (``context.DERIVED_YEAR_FIGURES``) and names of the expression language.
DERIVED_WORDS: dict[str, str] = {
    "scope12": "类别1+类别2排放量",
    "offsets_total": "碳抵消量合计",
    "offsets_creditable": "可计入的碳抵消量（绿证至多抵消类别2）",
    "net_scope12": "抵消后类别1+类别2排放量",
    "non_fossil": "非化石能源消费量",
    "renewable_share": "可再生能源消费占比",
    "non_fossil_share": "非化石能源消费占比",
    "carbon_intensity": "单位工业增加值碳排放量",
    "energy_intensity": "单位工业增加值综合能耗",
    "self_reduction_ratio": "自主减排比例",
    "offset_coverage": "碳抵消比例（可计入的碳抵消量 ÷ 类别1+类别2排放量）",
    "solid_waste_utilisation": "工业固体废物综合利用率",
    "wastewater_reuse": "废水处理回用率",
    "output_value_yi": "工业总产值（亿元）",
    "unit_product_energy": "单位产品综合能耗",
    "unit_product_emissions": "单位产品碳排放",
    "verified": "排放经第三方核查",
    "category1": "类别1排放量",
    "category2": "类别2排放量",
    "category3": "类别3排放量",
    "verifier": "核查机构",
}

#: The top-level names of the expression language that stand for a year or a claim.
NAME_WORDS: dict[str, str] = {
    "last": "申报上年度",
    "prev": "申报上年度的前一年",
    "claim": "企业自评",
    "claims": "企业自评",
    "enterprise": "",
    "years": "",
    "value": "的填报值",
    "met": "（是否符合）",
    "points": "的自评分",
    "evidence": "的证明材料",
}

_SEGMENT = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def _field(model: Any, name: str) -> tuple[str | None, Any]:
    """The title of ``model``'s field ``name`` and the model its values are (if any)."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None, None
    info = model.model_fields.get(name)
    if info is None:
        return None, None
    subs = _models_in(info.annotation)
    return info.title, subs[0] if subs else None


def _models_in(ann: Any) -> list[type[BaseModel]]:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [ann]
    return [m for a in getattr(ann, "__args__", ()) for m in _models_in(a)]


def _strip_unit(title: str) -> str:
    """``综合能耗（当量值）tce`` keeps its words; a trailing unit after a space is dropped."""
    return re.sub(r"\s*[A-Za-z][A-Za-z0-9/·]*$", "", title) or title


def path_words(path: str) -> str:
    """A data path in Chinese: ``years[2024].energy_tce`` → ``2024年综合能耗``.

    The year (``years[2024]``, ``last``, ``prev``) or the claim (``claims.<scheme>.<item>``) is
    named first, then the most specific field along the path that has a Chinese name.
    """
    parts = [(n or i) for n, i in _SEGMENT.findall(str(path))]
    prefix, leaf = "", ""
    model: Any = Factory
    i = 0
    while i < len(parts):
        name = parts[i]
        if name == "claims" and i + 2 < len(parts):  # claims.<scheme>.<item>…
            item = parts[i + 2]
            prefix = f"第{item}项自评" if re.fullmatch(r"[\d.\-]+", item) else "该项自评"
            model, i = None, i + 3
            continue
        if name == "years" and i + 1 < len(parts):
            prefix, model, i = f"{parts[i + 1]}年", YearFigures, i + 2
            continue
        if name in ("last", "prev", "claim"):
            prefix, model = NAME_WORDS[name], (YearFigures if name != "claim" else None)
            i += 1
            continue
        title, sub = _field(model, name)
        word = title or DERIVED_WORDS.get(name) or NAME_WORDS.get(name)
        if word:
            leaf = _strip_unit(word) if not word.startswith("的") else (leaf + word if leaf else word[1:])
        model = sub
        i += 1
    text = prefix + leaf
    return text or "相关数据"


_PLACEHOLDER = re.compile(r"\{([^{}|]+)(?:\|(\w+))?\}")


def placeholders(template: str) -> list[tuple[str, str | None]]:
    """The ``{expr}`` / ``{expr|unit}`` placeholders of an ``explain`` text."""
    return [(m.group(1).strip(), m.group(2)) for m in _PLACEHOLDER.finditer(template)]


def fill(template: str, value_of: Any) -> str:
    """``template`` with each placeholder replaced by ``value_of(expr, unit)``."""
    return _PLACEHOLDER.sub(lambda m: value_of(m.group(1).strip(), m.group(2)), template)


def source_no(item_id: str) -> str:
    """An item's number as the source prints it (``5.5 ``), or nothing for an internal id (``bc1``)."""
    return f"{item_id} " if re.fullmatch(r"[A-Z]?\d+(?:[.\-]\d+)*", item_id) else ""


_YEAR_READ = re.compile(r"years\[(\d{4})\]")


def years_read(paths: Any) -> list[int]:
    """The years an item's facts were read from (``years[2025].…`` in its trace), oldest first."""
    return sorted({int(y) for p in paths for y in _YEAR_READ.findall(str(p))})


def met_reason(
    *, declared: bool, name: str, facts: dict[str, str], missing: list[str], years: list[int],
    evidence: list[str], required: str | None,
) -> str:
    """The 符合性说明 of a met condition, item by item: the figures (with their unit and year) or the
    enterprise's declaration, then the documents that prove it, or ``待提供：…`` naming what is missing.

    A ``其中…`` breakdown that is zero is left out (only the kinds that count are listed).
    """
    shown = [(k, v) for k, v in facts.items() if k not in missing and not (k.startswith("其中") and v == "0")]
    when = "、".join(str(y) for y in years)
    if shown:
        basis = "企业声明" if declared else (f"{when}年数据" if when else "数据")
        head = f"{basis}：" + "；".join(f"{k}：{v}" for k, v in shown)
    else:
        head = "企业声明符合本项要求" if declared else "数据符合本项要求"
    wanted = [f"{k}（数据未填写）" for k in missing]
    if evidence:
        tail = "证明材料：" + "、".join(evidence)
    else:
        wanted.append(required.rstrip("。") if required else ("本项声明的证明材料（如承诺书、信用查询结果）" if declared else f"{name}的证明材料"))
        tail = ""
    out = head + (f"；{tail}" if tail else "")
    if wanted:
        out += "；待提供：" + "；".join(wanted)
    return out


_SCORE_TAIL = re.compile(r"(?:，落在“[^”]*”档|，未达到任何分档|，不在计分表中)?，得(?:满分)?\s*[\d.]*\s*分$")


def figures_only(derivation: str) -> str:
    """A computed item's derivation without its judgement (the band and the points): the figures an
    assessor checks, e.g. ``…消费量 690 tce 大于 0：是，得 3 分`` → ``…消费量 690 tce 大于 0：是``."""
    return _SCORE_TAIL.sub("", derivation)
