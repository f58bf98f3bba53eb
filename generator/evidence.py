"""The 证明材料索引: which evidence file backs which condition and indicator.

Built from the engine's results (which carry the evidence files the data's
``claims`` name, and the evidence each item of the scheme asks for), so the
index in the documents, the manifest and the checker all agree.
"""

from __future__ import annotations

from typing import Any

from lingtan.assessment.engine.result import STATUS_ZH, Assessment
from lingtan.assessment.schemes.schema import Scheme

GROUP_ZH = {"basic": "基本条件", "veto": "否决项", "exclusion": "不得申报情形"}


def evidence_index(assessment: Assessment, scheme: Scheme) -> list[dict[str, Any]]:
    """One row per condition and indicator: what it needs, which files the applicant gave."""
    rows: list[dict[str, Any]] = []
    n = 0
    for c in assessment.conditions:
        n += 1
        rows.append({
            "no": n, "kind": GROUP_ZH.get(c.group, c.group), "id": c.id, "name": c.name, "cite": c.cite,
            "required": c.evidence_required or "", "files": list(c.evidence), "status": STATUS_ZH.get(c.status, c.status),
        })
    sections = {s.id: s.name for s in scheme.sections}
    for i in assessment.indicators:
        n += 1
        rows.append({
            "no": n, "kind": sections.get(i.section, "评价指标"), "id": i.id, "name": i.name, "cite": i.cite,
            "required": i.evidence_required or "", "files": list(i.evidence),
            "status": f"{i.points:g}/{i.max_points:g} 分",
        })
    return rows


def files_backing(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The inverse index: evidence file → the items it backs (``id 名称``)."""
    out: dict[str, list[str]] = {}
    for r in rows:
        for f in r["files"]:
            out.setdefault(str(f), []).append(f"{r['kind']} {r['id']} {r['name']}")
    return out
