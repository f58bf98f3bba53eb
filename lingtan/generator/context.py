"""The render context: factory data + the engine's results + display helpers.

Templates see only what is built here. Every number a form prints is either a
data value or a result of the scoring engine (``a``: the assessment; ``y``:
each year's figures with the engine's derived quantities); templates format
values but never compute them.

Names available to templates (the template test checks nothing else is used):

=========  ==============================================================
f          factory data (field names as in the data model)
a          the assessment (engine output, ``Assessment.to_dict()``)
cond       conditions by id          ind   indicators by id
cat        categories by id          th    thresholds by id
metrics    scheme metrics by name    y     year → figures + derived values
yr(n)      figures of year n (blank values when the year is absent)
last/prev  reporting year / the year before;  years: all years, oldest first
scheme     id, name, short_name, level, level_name, form_name
ev         evidence index rows (see generator.evidence)
ev_files   distinct evidence files: {no, file, backs}
narr       narrative key → {text, draft}
rows       batch forms: one context per enterprise
box(x) ☑/□;  num(x, d) number;  pct(x, d) percentage;  pts(x) points;
label(vocab, key) Chinese label;  has(list, key) membership;  date_zh(d)
=========  ==============================================================
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lingtan.assessment.engine.context import derived_year_figures
from lingtan.assessment.engine.result import METHOD_ZH, REQUIREMENT_ZH, STATUS_ZH, VERDICT_ZH, Assessment
from lingtan.assessment.engine.wording import figures_only
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.vocab import VOCABULARIES
from lingtan.assessment.schemes.schema import Scheme

from .evidence import display_numbers, evidence_index, files_backing
from .sanitize import Cleaning, track

CHECKED, UNCHECKED = "☑", "□"
CONTEXT_NAMES = frozenset(
    [
        "f", "a", "cond", "ind", "cat", "th", "metrics", "y", "yr", "last", "prev", "years",
        "scheme", "ev", "ev_files", "narr", "rows", "box", "num", "pct", "pts", "label", "has", "date_zh",
    ]
)


class BlankYear(dict):
    """A year that is not in the data: every figure reads as blank."""

    def __missing__(self, key: str) -> None:
        return None


def box(x: Any) -> str:
    """☑ when ``x`` is true, □ otherwise."""
    return CHECKED if x else UNCHECKED


def num(x: Any, digits: int = 2) -> str:
    """A number without trailing zeros (``9100``, ``0.5``, ``75.77``); blank for None."""
    if x is None or x == "":
        return ""
    if isinstance(x, bool):
        return "是" if x else "否"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    s = f"{round(v, digits):.{digits}f}".rstrip("0").rstrip(".") if digits > 0 else f"{round(v):d}"
    return "0" if s in ("-0", "") else s


def pct(x: Any, digits: int = 2) -> str:
    """A ratio as a percentage: ``0.8201`` → ``82.01%``; blank for None."""
    if x is None or x == "":
        return ""
    return f"{num(float(x) * 100, digits)}%"


def pts(x: Any) -> str:
    """Points as the engine prints them (up to 2 decimals)."""
    return num(x, 2)


ENGINE_LABELS = {"status": STATUS_ZH, "method": METHOD_ZH, "requirement": REQUIREMENT_ZH, "verdict": VERDICT_ZH}


def label(vocab: str, key: Any) -> str:
    """Chinese label of a vocabulary key (``label('ownership', 'private')`` → 民营).

    ``vocab`` is a data-model vocabulary (ownership, honours, …) or one of the
    engine's: status (符合/不符合/不适用), method, requirement (必选/可选), verdict.
    """
    if key is None:
        return ""
    table = ENGINE_LABELS.get(vocab) or VOCABULARIES[vocab]
    return table.get(str(key), str(key))


def has(collection: Any, key: Any) -> bool:
    """True when ``key`` is in the list (blank lists are empty)."""
    return bool(collection) and key in collection


def date_zh(d: Any) -> str:
    """``2026-03-15`` → ``2026年3月15日``; blank for None."""
    if not d:
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


#: Figures the data model defaults to 0, and the derived figures resting on them: when the data never gave
#: the figure, a draft must not state it (zero and absent differ: "绿色电力消费0兆瓦时" only for a given 0).
DEFAULTED_FIGURES: dict[str, tuple[str, ...]] = {
    "renewable_tce": ("renewable_share",),
    "green_electricity_mwh": (),
    "offsets": ("offsets_total", "offset_coverage", "net_scope12"),
}


def draft_context(ctx: dict[str, Any], factory: Factory) -> dict[str, Any]:
    """The context the narrative drafts read: as ``ctx``, with each defaulted figure the data never gave blank."""
    years: dict[int, dict[str, Any]] = {}
    for fig in factory.years:
        row = dict(ctx["y"][fig.year])
        for name, derived in DEFAULTED_FIGURES.items():
            if name not in fig.model_fields_set:
                row.update(dict.fromkeys((name, *derived)))
        years[fig.year] = row

    def yr(n: Any) -> dict[str, Any]:
        try:
            return years.get(int(n)) or BlankYear(year=int(n))
        except (TypeError, ValueError):
            return BlankYear()

    last = factory.reporting_year
    return {**ctx, "y": years, "yr": yr, "last": yr(last), "prev": yr(last - 1), "years": [years[k] for k in sorted(years)]}


HELPERS = {"box": box, "num": num, "pct": pct, "pts": pts, "label": label, "has": has, "date_zh": date_zh}


def build_context(factory: Factory, scheme: Scheme, assessment: Assessment, log: Cleaning) -> dict[str, Any]:
    """The context of one enterprise's forms (narratives are added by the package step)."""
    f = track(factory.model_dump(mode="json"), "", log)
    a = track(assessment.to_dict(), "评价结果", Cleaning())  # data strings in it were logged via ``f``
    years: dict[int, dict[str, Any]] = {}
    for raw, fig in zip(f["years"], factory.years, strict=True):  # the dump of the same list
        em = raw.get("emissions") or {}
        flat = {k: em.get(k) for k in ("category1", "category2", "category3", "verified", "verifier")}
        years[fig.year] = {**raw, **flat, **derived_year_figures(fig)}

    def yr(n: Any) -> dict[str, Any]:
        try:
            return years.get(int(n)) or BlankYear(year=int(n))
        except (TypeError, ValueError):
            return BlankYear()

    for key, group in (("conditions", "group"), ("indicators", "section")):
        for item, shown in zip(a[key], display_numbers(a[key], group), strict=True):
            item["no"] = shown  # the number a person sees (the source's, or the place in its group)
    for item in a["indicators"]:  # the figures without the verdict, for the assessor's forms
        item["figures"] = figures_only(item["derivation"]) if item["method"] in ("computed", "missing_data") else ""
    ev = track(evidence_index(assessment, scheme), "证明材料索引", Cleaning())
    level = next((lv for lv in scheme.levels if lv.id == assessment.level), None)
    ctx: dict[str, Any] = {
        "f": f,
        "a": a,
        "cond": {c["id"]: c for c in a["conditions"]},
        "ind": {i["id"]: i for i in a["indicators"]},
        "cat": {c["id"]: c for c in a["categories"]},
        "th": {t["id"]: t for t in a["thresholds"]},
        "metrics": a["metrics"],
        "y": years,
        "yr": yr,
        "last": yr(factory.reporting_year),
        "prev": yr(factory.reporting_year - 1),
        "years": [years[k] for k in sorted(years)],
        "scheme": {
            "id": scheme.id, "name": scheme.name, "short_name": scheme.short_name,
            "level": assessment.level, "level_name": level.name if level else assessment.level_name, "form_name": "",
        },
        "ev": ev,
        "ev_files": [{"no": n, "file": fname, "backs": backs} for n, (fname, backs) in enumerate(files_backing(ev).items(), 1)],
        "narr": {},
        "rows": [],
        **HELPERS,
    }
    return ctx
