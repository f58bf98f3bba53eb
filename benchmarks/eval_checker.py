"""Measure the checker against the corpus ground truth (not a test).

    python benchmarks/eval_checker.py [CORPUS_DIR] [--only ID ...] [--json OUT]

For every submission ``<id>/`` with ``<id>.truth.json`` beside it: run the
checker (applicant from the truth's factory data file), then report

* document-type accuracy on born-digital and on scanned/photographed documents,
* each expected gap found (recall) and each gap reported that the truth does not
  expect (false alarms),
* whether any submission with a defect was reported complete (must be none),
* seconds per submission and OCR seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.pipeline import check_submission  # noqa: E402

SCANNED = {"scanned", "photo"}
UNREADABLE = {"corrupt", "encrypted", "empty", "fake_pdf"}


def _display(f: dict) -> str:
    return f"{f['container']}/{f['path']}" if f.get("container") else f["path"]


def evaluate(sub: Path, truth: dict) -> dict:
    factory = ROOT / truth["applicant"]["factory"] if truth["applicant"].get("factory") else None
    t0 = time.perf_counter()
    r = check_submission(sub, truth["scheme"], applicant_file=factory, as_of=date.fromisoformat(truth["as_of"]))
    secs = time.perf_counter() - t0
    by_path: dict[str, list] = {}
    for d in r.documents:
        by_path.setdefault(d.path, []).append(d)
    types = []  # (delivery, expected, got, path, pages)
    for f in truth["files"]:
        if f["delivery"] in UNREADABLE or f["delivery"] == "duplicate":
            continue
        got_docs = by_path.get(_display(f), [])
        for td in f.get("documents", []):
            first = td["pages"][0]
            match = next((d for d in got_docs if d.pages[0] <= first <= d.pages[1]), None)
            delivery = f["delivery"] if f["delivery"] != "combined" else (td.get("rendering") == "image" and "scanned" or "born_digital")
            if td.get("rendering") == "image" and delivery == "born_digital":
                delivery = "scanned"
            types.append((delivery, td["doc_type"], match.type if match else None, _display(f), td["pages"]))
    expected = truth["expected_gaps"]
    got = [{"code": g.code, "file": g.document, "material": g.material, "types": g.types, "message": g.message} for g in r.gaps]

    def same(e: dict, g: dict) -> bool:
        if e["code"] != g["code"]:
            return False
        if e["code"] == "missing":
            return (e.get("material") and e.get("material") == g["material"]) or e.get("doc_type") in (g["types"] or [])
        ef = e.get("file")
        return ef is not None and g["file"] is not None and (g["file"] == ef or g["file"].endswith("/" + ef) or ef.endswith(g["file"]))

    found = [e for e in expected if any(same(e, g) for g in got)]
    missed = [e for e in expected if e not in found]
    false = [g for g in got if not any(same(e, g) for e in expected)]
    ocr_secs = sum(f.ocr_seconds for f in r.files)
    return {
        "id": truth["id"], "clean": truth.get("clean", not expected), "complete": r.complete, "seconds": round(secs, 2),
        "ocr_seconds": round(ocr_secs, 2), "pages": sum(f.pages for f in r.files), "ocr_pages": sum(f.ocr_pages for f in r.files),
        "types": types, "expected": len(expected), "found": len(found), "missed": missed, "false": false,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT / "samples" / "submissions")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    results = []
    for tpath in sorted(args.corpus.glob("*.truth.json")):
        truth = json.loads(tpath.read_text(encoding="utf-8"))
        if args.only and truth["id"] not in args.only:
            continue
        sub = args.corpus / truth["id"]
        res = evaluate(sub, truth)
        results.append(res)
        bad = sum(1 for t in res["types"] if t[1] != t[2])
        print(f"{res['id']:<40} {res['seconds']:6.1f}s  OCR {res['ocr_pages']:3d} 页 {res['ocr_seconds']:6.1f}s  类型错 {bad:2d}/{len(res['types']):2d}  "
              f"缺陷 {res['found']}/{res['expected']}  误报 {len(res['false'])}  {'齐全' if res['complete'] else '有问题'}", flush=True)
        for t in res["types"]:
            if t[1] != t[2]:
                print(f"    类型：{t[3]} 第{t[4]}页 期望 {t[1]}，得到 {t[2]}（{t[0]}）")
        for e in res["missed"]:
            print(f"    漏报：{e['code']} {e.get('file') or e.get('material') or e.get('doc_type')}")
        for g in res["false"]:
            print(f"    误报：{g['code']} {g['file'] or g['material']}：{g['message'][:80]}")
    tally: Counter = Counter()
    for res in results:
        for delivery, exp, got, *_ in res["types"]:
            group = "scanned" if delivery in SCANNED else "born_digital"
            tally[(group, "n")] += 1
            tally[(group, "ok")] += exp == got
    exp_n = sum(r["expected"] for r in results)
    found_n = sum(r["found"] for r in results)
    false_n = sum(len(r["false"]) for r in results)
    defective_complete = [r["id"] for r in results if not r["clean"] and r["complete"]]
    print("\n汇总 / summary")
    for group in ("born_digital", "scanned"):
        n = tally[(group, "n")]
        if n:
            print(f"  文件类型准确率 {group}: {tally[(group, 'ok')]}/{n} = {tally[(group, 'ok')] / n:.1%}")
    print(f"  缺陷检出 recall: {found_n}/{exp_n} = {found_n / max(1, exp_n):.1%}；误报 false alarms: {false_n}")
    print(f"  有缺陷却报“齐全”的提交: {len(defective_complete)} {defective_complete}")
    total = sum(r["seconds"] for r in results)
    print(f"  用时 {total:.1f}s（{len(results)} 份，OCR {sum(r['ocr_pages'] for r in results)} 页 {sum(r['ocr_seconds'] for r in results):.1f}s）")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
