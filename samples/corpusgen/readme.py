"""The tables of samples/submissions/README.md that describe the fixed set, made from its truth.

``make_corpus.py`` rewrites the text between each pair of markers after writing the fixed set, and
``tests/test_corpus.py`` checks that the README still says what the truth files say.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

MARKERS = {
    "materials": ("<!-- 各方案材料表：由 make_corpus.py 生成 -->", "<!-- /各方案材料表 -->"),
    "fixed": ("<!-- 固定样例表：由 make_corpus.py 生成 -->", "<!-- /固定样例表 -->"),
}


def materials_table(truths: list[dict]) -> str:
    """Per scheme: the evidence spec, how many of its materials a clean submission must hold for the
    sample applicant, and the document types of the clean submission."""
    rows = ["| 方案 | 证明材料清单（`lingtan/data/schemes/<方案>/evidence_spec.yaml`） | 清单条目：必备 / 条件满足而需要 / 共计 | 无缺陷样例中的文件类型 |", "| --- | --- | --- | --- |"]
    for t in sorted((t for t in truths if t["clean"]), key=lambda t: t["scheme"]):
        mats = t["materials"]
        always = sum(1 for m in mats if m["requirement"] == "always")
        when = sum(1 for m in mats if m["requirement"] == "when" and m["required"])
        types = Counter(d["doc_type"] for f in t["files"] for d in f["documents"])
        shown = "、".join(f"{k}×{v}" if v > 1 else k for k, v in sorted(types.items()))
        rows.append(f"| `{t['scheme']}` | `{t['spec']}` | {always} / {when} / {len(mats)} | {shown} |")
    return "\n".join(rows)


def fixed_table(truths: list[dict], folder: Path) -> str:
    """One row per fixed submission: files, forms of delivery, defects, expected gaps, size."""
    rows = ["| 编号 | 方案 | 文件数 | 交付形式 | 缺陷 | 应报问题 | 大小 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for t in truths:
        deliveries = "、".join(f"{k}×{v}" for k, v in t["delivery_summary"].items())
        defects = "、".join(d["code"] for d in t["defects"]) or "—（无缺陷）"
        gaps = Counter(g["code"] for g in t["expected_gaps"])
        expected = "、".join(f"{k}×{v}" if v > 1 else k for k, v in gaps.items()) or "—"
        size = sum(p.stat().st_size for p in (folder / t["id"]).rglob("*") if p.is_file())
        rows.append(f"| `{t['id']}` | {t['scheme']} | {len(t['files'])} | {deliveries} | {defects} | {expected} | {size / 1e6:.2f} MB |")
    total = sum(p.stat().st_size for t in truths for p in (folder / t["id"]).rglob("*") if p.is_file())
    rows.append(f"\n共 {len(truths)} 份，{sum(len(t['files']) for t in truths)} 个文件，{total / 1e6:.1f} MB。")
    return "\n".join(rows)


def render(truths: list[dict], folder: Path) -> dict[str, str]:
    truths = sorted(truths, key=lambda t: t["id"])
    return {"materials": materials_table(truths), "fixed": fixed_table(truths, folder)}


def rewrite(readme: Path, truths: list[dict], folder: Path) -> bool:
    """Replace the generated blocks of ``readme``; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    new = text
    for key, body in render(truths, folder).items():
        start, end = MARKERS[key]
        new = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: f"{start}\n{body}\n{end}", new, flags=re.S)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def blocks(readme: Path) -> dict[str, str]:
    """The generated blocks as the README has them now."""
    text = readme.read_text(encoding="utf-8")
    out = {}
    for key, (start, end) in MARKERS.items():
        m = re.search(re.escape(start) + r"\n(.*?)\n" + re.escape(end), text, flags=re.S)
        out[key] = m.group(1) if m else ""
    return out
