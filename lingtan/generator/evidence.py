"""The 证明材料索引: which evidence file backs which condition and indicator.

Built from the engine's results (which carry the evidence files the data's
``claims`` name, and the evidence each item of the scheme asks for), so the
index in the documents, the manifest and the checker all agree.
"""

from __future__ import annotations

from typing import Any

from lingtan.assessment.engine.result import STATUS_ZH, Assessment
from lingtan.assessment.engine.wording import source_no
from lingtan.assessment.schemes.schema import Scheme

GROUP_ZH = {"basic": "基本条件", "veto": "否决项", "exclusion": "不得申报情形"}
#: What the index says where the data names no file for an item (so a gap is flagged, not left blank).
NOT_LISTED = "未列出（待提供）"


def display_numbers(items: list[Any], group_of: str) -> list[str]:
    """The number a person sees for each item: the source's own (``5.5``, ``12-1``) where the id is
    one, else the item's place within its group (``bc1`` → ``1``, ``bonus-2`` → ``2``)."""
    seen: dict[Any, int] = {}
    out = []
    for it in items:
        group = it[group_of] if isinstance(it, dict) else getattr(it, group_of)
        seen[group] = seen.get(group, 0) + 1
        item_id = it["id"] if isinstance(it, dict) else it.id
        out.append(source_no(item_id).strip() or str(seen[group]))
    return out


def evidence_index(assessment: Assessment, scheme: Scheme) -> list[dict[str, Any]]:
    """One row per condition and indicator: what it needs, which files the applicant gave."""
    rows: list[dict[str, Any]] = []
    n = 0
    for c, shown in zip(assessment.conditions, display_numbers(assessment.conditions, "group"), strict=True):
        n += 1
        rows.append({
            "no": n, "kind": GROUP_ZH.get(c.group, c.group), "id": c.id, "shown": shown, "name": c.name, "cite": c.cite,
            "required": c.evidence_required or "", "files": list(c.evidence), "status": STATUS_ZH.get(c.status, c.status),
            "wanted": "" if c.evidence else NOT_LISTED,
        })
    sections = {s.id: s.name for s in scheme.sections}
    for i, shown in zip(assessment.indicators, display_numbers(assessment.indicators, "section"), strict=True):
        n += 1
        rows.append({
            "no": n, "kind": sections.get(i.section, "评价指标"), "id": i.id, "shown": shown, "name": i.name, "cite": i.cite,
            "required": i.evidence_required or "", "files": list(i.evidence), "wanted": "" if i.evidence else NOT_LISTED,
            "status": f"{i.points:g}/{i.max_points:g} 分",
        })
    return rows


def files_backing(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The inverse index: evidence file → the items it backs (``id 名称``)."""
    out: dict[str, list[str]] = {}
    for r in rows:
        for f in r["files"]:
            out.setdefault(str(f), []).append(f"{r['kind']} {r['shown']} {r['name']}")
    return out
