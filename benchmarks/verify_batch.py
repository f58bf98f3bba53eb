"""Compare a check-batch summary workbook with the corpus ground truth (not a test).

    python samples/make_corpus.py --out B/submissions --truth-dir B/truth --applicants B/applicants \\
        --n 200 --schemes jiangsu --seed 5
    lingtan check-batch B/submissions --scheme jiangsu --applicants B/applicants --as-of 2026-03-15 --out B/out
    python benchmarks/verify_batch.py B/out/检查汇总.xlsx B/truth

For every submission row of the workbook's 汇总 sheet: the gap counts by code against the counts
of the truth's ``expected_gaps``; whether "材料齐全" agrees with the truth's ``clean``; and, over
the 问题明细 sheet, that it holds one row per gap counted. Prints every disagreement and a total;
exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lingtan.checker.report import GAP_ZH


def read_workbook(path: Path) -> tuple[dict[str, dict], Counter]:
    """{submission: {"complete": bool, "counts": Counter, "error": str}}, and detail rows per submission."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    rows = list(wb["汇总"].iter_rows(values_only=True))
    head = list(rows[0])
    code_of = {zh: code for code, zh in GAP_ZH.items()}
    col = {h: i for i, h in enumerate(head)}
    out: dict[str, dict] = {}
    for r in rows[1:]:
        counts = Counter({code_of[h]: int(r[i] or 0) for h, i in col.items() if h in code_of})
        out[str(r[col["材料包"]])] = {"complete": r[col["材料齐全"]] == "是", "counts": +counts, "error": r[col["错误"]] or ""}
    detail = Counter(str(r[0]) for r in list(wb["问题明细"].iter_rows(values_only=True))[1:])
    return out, detail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", type=Path)
    ap.add_argument("truth_dir", type=Path)
    args = ap.parse_args(argv)
    got, detail = read_workbook(args.workbook)
    truths = {p.name.removesuffix(".truth.json"): json.loads(p.read_text(encoding="utf-8")) for p in args.truth_dir.glob("*.truth.json")}
    total_exp: Counter = Counter()
    total_got: Counter = Counter()
    bad = 0
    for sid in sorted(set(truths) | set(got)):
        t, g = truths.get(sid), got.get(sid)
        if t is None or g is None:
            print(f"{sid}: {'不在标准答案中' if t is None else '不在汇总表中'}")
            bad += 1
            continue
        exp = Counter(e["code"] for e in t["expected_gaps"])
        total_exp += exp
        total_got += g["counts"]
        problems = []
        if g["error"]:
            problems.append(f"检查失败：{g['error']}")
        if exp != g["counts"]:
            diff = {c: (exp.get(c, 0), g["counts"].get(c, 0)) for c in sorted(set(exp) | set(g["counts"])) if exp.get(c, 0) != g["counts"].get(c, 0)}
            problems.append("问题数（应有, 汇总表）" + json.dumps(diff, ensure_ascii=False))
        if g["complete"] != t["clean"]:
            problems.append(f"材料齐全：应为 {'是' if t['clean'] else '否'}，汇总表为 {'是' if g['complete'] else '否'}")
        if detail.get(sid, 0) != sum(g["counts"].values()):
            problems.append(f"问题明细 {detail.get(sid, 0)} 行，汇总 {sum(g['counts'].values())} 个")
        if problems:
            bad += 1
            print(f"{sid}: " + "；".join(problems))
    print(f"\n{len(truths)} 份材料；与标准答案一致 {len(truths) - bad} 份，不一致 {bad} 份")
    for c in sorted(set(total_exp) | set(total_got), key=lambda c: list(GAP_ZH).index(c) if c in GAP_ZH else 99):
        print(f"  {c:<20} 应有 {total_exp.get(c, 0):5d}  汇总表 {total_got.get(c, 0):5d}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
