"""Measure the checker against the corpus ground truth (not a test).

    python benchmarks/eval_checker.py [CORPUS_DIR] [--only ID ...] [--json OUT]

For every submission ``<id>/`` with ``<id>.truth.json`` beside it: run the
checker (applicant from the truth's factory data file), then report

* document-type accuracy on born-digital and on scanned/photographed documents,
* each expected gap found (recall) and each gap reported that the truth does not
  expect (false alarms),
* whether any submission with a defect was reported complete (must be none),
* seconds per submission and OCR seconds,
* 申报数据与证明材料对照: for the submissions whose truth lists ``figure_checks`` (what each report prints
  against the data file), each disagreement found as a problem with both values and a page of its
  document, and no problem on the figures that agree (within rounding).

    python benchmarks/eval_checker.py samples/real [--ocr-cache DIR] [--json OUT] [--only FILE ...]

A corpus with ``truth.json`` holding ``documents`` (the corpus of real public documents, ``samples/real``)
is measured file by file: each file checked as a one-file submission (scheme jiangsu, no applicant), the
checker's documents matched to the truth's parts by page overlap, and a table per field (types,
bundles split, holder, issuer, registration authority, validity, years, category 1/2, language, seal)
with every miss listed (:func:`evaluate_real`).
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

from lingtan.checker.extract import OcrPolicy
from lingtan.checker.pipeline import check_submission

SCANNED = {"scanned", "photo"}
FIGURE_CODES = {"figure_mismatch", "threshold_not_met", "date_inconsistent", "figure_unread", "figure_short", "declared_unknown",
                "address_differs"}
UNREADABLE = {"corrupt", "encrypted", "empty", "fake_pdf"}


def _display(f: dict) -> str:
    return f"{f['container']}/{f['path']}" if f.get("container") else f["path"]


OCR_CALLS = {"calls": 0, "cached": 0, "seconds": 0.0}


def cache_ocr(cache: Path) -> None:
    """Keep OCR results in ``cache`` by image content and OCR settings, so that re-runs redo only the
    other stages. Whole pages and strips alike go through ``ocr.Progressive`` (``ocr_image`` reads
    all its steps), so caching it caches both.

    The seconds the engine took when the result was first computed are added up in
    ``OCR_CALLS`` (the pages' own ``ocr_seconds`` are then near zero): use an uncached run for timings.
    """
    import hashlib
    import pickle

    from lingtan.checker import ocr as ocr_mod

    real_progressive = ocr_mod.Progressive

    class CachedProgressive:
        """ocr.Progressive with each step's lines kept in the cache (the engine runs only for steps not cached)."""

        def __init__(self, image):
            self.image = image
            settings = f"P{real_progressive.STEPS}{ocr_mod.REC_MIN_WIDTH}{ocr_mod.REC_BATCH}{ocr_mod.REC_SLACK}"
            self.key = hashlib.sha256(f"{settings}{image.mode}{image.size}".encode() + image.tobytes()).hexdigest()
            self.path = cache / f"{self.key}.pickle"
            self.real = None
            if self.path.is_file():
                self.entry = pickle.loads(self.path.read_bytes())  # {"steps": [text after each step], "n": steps in all, "secs": [...]}
            else:
                self.entry = {"steps": [], "n": None, "secs": []}
                self._real()
            self.pos = 0

        def _real(self):
            if self.real is None:
                t = time.perf_counter()
                self.real = real_progressive(self.image)
                self.det_secs = time.perf_counter() - t
                for _ in range(self.pos if hasattr(self, "pos") else 0):
                    self.real.step()
                self.entry["n"] = len(self.real.batches) + (self.pos if hasattr(self, "pos") else 0)
            return self.real

        @property
        def done(self):
            n = self.entry["n"]
            return n is not None and self.pos >= n

        def step(self):
            if self.done:
                return
            OCR_CALLS["calls"] += 1
            if self.pos < len(self.entry["steps"]):
                OCR_CALLS["cached"] += 1
                OCR_CALLS["seconds"] += self.entry["secs"][self.pos]
            else:
                real = self._real()
                t = time.perf_counter()
                real.step()
                secs = time.perf_counter() - t + (self.det_secs if self.pos == 0 else 0)
                self.entry["steps"].append(real.text)
                self.entry["secs"].append(secs)
                OCR_CALLS["seconds"] += secs
                self.path.write_bytes(pickle.dumps(self.entry))
            self.pos += 1

        @property
        def text(self):
            return self.entry["steps"][self.pos - 1] if self.pos else ""

    ocr_mod.Progressive = CachedProgressive


#: fields the checks read (holder → name, uscc, expiry → valid, issuer → third_party, years)
CHECKED_FIELDS = ("holder", "uscc", "expiry", "issuer", "years")
LIST_TYPES = {"green_factory_notice", "smart_factory_notice", "green_design_notice"}


def field_results(td: dict, d) -> list[tuple[str, bool, object, object]]:
    """(field, read right?, truth, read) for each key field the ground truth gives for a document."""
    from lingtan.checker.names import company_key, same_company

    tf, gf = td["fields"], d.fields
    out = []
    if tf.get("holder") and td["doc_type"] not in LIST_TYPES:
        out.append(("holder", same_company(gf.get("holder"), tf["holder"]), tf["holder"], gf.get("holder")))
    if tf.get("uscc"):
        out.append(("uscc", gf.get("uscc") == tf["uscc"], tf["uscc"], gf.get("uscc")))
    expiry = tf.get("expiry_date") or tf.get("valid_to")
    if expiry:
        out.append(("expiry", gf.get("expiry_date") == expiry, expiry, gf.get("expiry_date")))
    if tf.get("issuer"):
        a, b = company_key(gf.get("issuer") or ""), company_key(tf["issuer"])
        out.append(("issuer", bool(a) and (a == b or (len(a) >= 4 and (a in b or b in a))), tf["issuer"], gf.get("issuer")))
    if tf.get("years"):
        out.append(("years", set(tf["years"]) <= set(gf.get("years") or []), tf["years"], gf.get("years")))
    if tf.get("issue_date"):
        out.append(("issue_date", gf.get("issue_date") == tf["issue_date"], tf["issue_date"], gf.get("issue_date")))
    if tf.get("number"):
        out.append(("number", (gf.get("number") or "").replace(" ", "").upper() == str(tf["number"]).replace(" ", "").upper(),
                    tf["number"], gf.get("number")))
    if tf.get("quantity_mwh"):
        out.append(("quantity_mwh", gf.get("quantity_mwh") is not None and abs(gf["quantity_mwh"] - tf["quantity_mwh"]) < 0.5,
                    tf["quantity_mwh"], gf.get("quantity_mwh")))
    return out


#: the truth's figure → the comparison id of evidence_specs/figures.yaml
FIGURE_IDS = {"category1": "category1", "category2": "category2", "energy_tce": "energy"}


def figure_results(truth: dict, rows: list[dict]) -> list[dict]:
    """Each of the truth's ``figure_checks``: the checker's row for it, and whether it is right — same values
    (within 0.01), the page within the document, 问题 exactly when the truth disagrees."""
    out = []
    for fc in truth.get("figure_checks", []):
        cid = FIGURE_IDS[fc["figure"]]
        cands = [r for r in rows if r.get("id") == cid and r.get("year") == fc["year"]
                 and any(s["document"] == fc["file"] or s["document"].endswith("/" + fc["file"]) for s in r["sources"])]
        row = cands[0] if cands else None
        ok = bool(row) and row["declared"] is not None and row["evidence"] is not None \
            and abs(row["declared"] - fc["declared"]) < 0.01 and abs(row["evidence"] - fc["evidence"]) < 0.01 \
            and (row["verdict"] == "问题") == (not fc["agree"]) and row["verdict"] in ("符合", "问题") \
            and all(fc["pages"][0] <= s["page"] <= fc["pages"][1] for s in row["sources"])
        out.append({**fc, "ok": ok, "got": None if row is None else {k: row[k] for k in ("declared", "evidence", "verdict")}
                    | {"pages": [s["page"] for s in row["sources"]]}})
    return out


def footprint_results(truth: dict, rows: list[dict]) -> list[dict]:
    """Each footprint report of the truth whose fields give its figure (``footprint_kgco2e``): the checker's 产品碳足迹 row
    for that file, right when it shows the same figure (within 0.01 kg), functional unit and product."""
    out = []
    for f in truth.get("files", []):
        for d in f.get("documents", []):
            tf = d.get("fields") or {}
            if d.get("doc_type") != "carbon_footprint_report" or tf.get("footprint_kgco2e") is None:
                continue
            path = _display(f)
            got = [r for r in rows if r.get("kind") == "shown" and r.get("id") == "carbon_footprint"
                   and any(s["document"] == path for s in r["sources"])]
            shown = [(r["evidence"], r["sources"][0].get("functional_unit"), r["sources"][0].get("product")) for r in got]
            ok = any(e is not None and abs(e - tf["footprint_kgco2e"]) < 0.01 and fu == tf.get("functional_unit")
                     and prod == tf.get("product") for e, fu, prod in shown)
            out.append({"file": path, "delivery": f.get("delivery"), "ok": ok,
                        "want": (tf["footprint_kgco2e"], tf.get("functional_unit"), tf.get("product")), "got": shown})
    return out


NEED_NAMES = {"expiry_date": "expiry"}  # checker.pipeline.Needs field → field_results name


def _needs(scheme: str, factory: Path | None):
    """What the checks of ``scheme`` read from each document type (checker.pipeline.Needs)."""
    from lingtan.checker.applicant import from_factory_file
    from lingtan.checker.pipeline import Needs
    from lingtan.checker.specs import load_spec

    return Needs.of(load_spec(scheme), from_factory_file(factory, scheme) if factory else None)


def evaluate(sub: Path, truth: dict, policy: OcrPolicy) -> dict:
    factory = ROOT / truth["applicant"]["factory"] if truth["applicant"].get("factory") else None
    t0 = time.perf_counter()
    r = check_submission(sub, truth["scheme"], applicant_file=factory, as_of=date.fromisoformat(truth["as_of"]), ocr=policy)
    secs = time.perf_counter() - t0
    needs = _needs(truth["scheme"], factory)
    by_path: dict[str, list] = {}
    for d in r.documents:
        by_path.setdefault(d.path, []).append(d)
    types = []  # (delivery, expected, got, path, pages)
    fields = []  # (delivery, field, right?, path, pages)
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
            if match is not None and match.type == td["doc_type"] and match.pages[0] == first:
                needed = {NEED_NAMES.get(n, n) for n in needs.fields.get(td["doc_type"], ())}
                for name, ok, want, got in field_results(td, match):
                    fields.append((delivery, name, ok, _display(f), td["pages"], td["doc_type"], want, got, name in needed))
    expected = truth["expected_gaps"]
    got = [{"code": g.code, "file": g.document, "material": g.material, "types": g.types, "message": g.message,
            "verdict": getattr(g, "verdict", "problem")} for g in [*r.gaps, *getattr(r, "to_verify", [])]]

    def same(e: dict, g: dict) -> bool:
        if e["code"] != g["code"]:
            return False
        if e["code"] == "missing":
            return (e.get("material") and e.get("material") == g["material"]) or e.get("doc_type") in (g["types"] or [])
        ef = e.get("file")
        return ef is not None and g["file"] is not None and (g["file"] == ef or g["file"].endswith("/" + ef) or ef.endswith(g["file"]))

    found = [e for e in expected if any(same(e, g) for g in got)]
    missed = [e for e in expected if e not in found]
    unexpected = [g for g in got if not any(same(e, g) for e in expected)]
    false = [g for g in unexpected if g["verdict"] == "problem"]  # a problem the truth does not have: a false alarm
    verify = [g for g in unexpected if g["verdict"] != "problem"]  # left for a person to check: counted apart
    ocr_secs = sum(f.ocr_seconds for f in r.files)
    figures = figure_results(truth, getattr(r, "comparisons", []))
    return {
        "figures": figures,
        "footprints": footprint_results(truth, getattr(r, "comparisons", [])),
        "id": truth["id"], "clean": truth.get("clean", not expected), "complete": r.complete, "seconds": round(secs, 2),
        "ocr_seconds": round(ocr_secs, 2), "pages": sum(f.pages for f in r.files), "ocr_pages": sum(f.ocr_pages for f in r.files),
        "ocr_by_length": {k: round(sum(f.ocr_seconds for f in r.files if f.ocr_seconds and (f.pages >= 3) == (k == "3+")), 2)
                          for k in ("1-2", "3+")},
        "types": types, "fields": fields, "expected": len(expected), "found": len(found), "missed": missed, "false": false,
        "verify": verify,
    }


# ---------------------------------------------------------------------------------------------------------
# The corpus of real public documents (samples/real): truth.json with "documents", one file = one submission
# ---------------------------------------------------------------------------------------------------------

#: the fields of a truth part measured, in the order of the table
REAL_FIELDS = ("type", "bundle_split", "holder", "issuer", "registration_authority", "valid_from", "valid_until",
               "years", "category1", "category2", "language", "seal_decided", "seal")
REAL_SCHEME = "jiangsu"
HOLDER_FUZZ = 90  # rapidfuzz ratio of the normalised names
FIGURE_TOLERANCE = 0.005  # category 1/2 figures: within 0.5 %


def is_real_corpus(corpus: Path) -> bool:
    """Whether ``corpus`` is a corpus of real documents: a ``truth.json`` with ``documents`` in it."""
    t = corpus / "truth.json"
    if not t.is_file():
        return False
    try:
        return "documents" in json.loads(t.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def norm_name(s: object) -> str:
    """A name for comparison: NFKC, lower case, no spaces, no brackets or quotes, no trailing punctuation."""
    import re
    import unicodedata

    t = unicodedata.normalize("NFKC", str(s or "")).lower()
    return re.sub(r"[\s()（）\[\]【】《》<>\"'“”‘’,，.。:：;；·・]", "", t)


def same_name(want: str, got: object) -> bool:
    """Holder/issuer compare: normalised equal, or rapidfuzz ratio ≥ :data:`HOLDER_FUZZ`."""
    from rapidfuzz import fuzz

    a, b = norm_name(want), norm_name(got)
    return bool(a) and bool(b) and (a == b or fuzz.ratio(a, b) >= HOLDER_FUZZ)


def _iso(v: object) -> str | None:
    """A date value the checker gives (date or text) as YYYY-MM-DD, or None."""
    if v is None or v == "":
        return None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)[:10]


def _overlap(a: tuple[int, int] | list[int], b: tuple[int, int] | list[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def _figure_right(want: float, figures: list[dict], kind: str) -> tuple[bool, list[float]]:
    got = [f["value"] for f in figures if f.get("kind") == kind and f.get("value") is not None]
    return any(abs(g - want) <= FIGURE_TOLERANCE * max(abs(want), 1e-9) for g in got), got


def part_results(part: dict, d) -> list[tuple[str, bool, object, object]]:
    """(field, right?, truth, read) for every field ``part`` gives, against the checker's document ``d``
    (None: no document of the checker overlaps the part)."""
    f = d.fields if d is not None else {}
    out: list[tuple[str, bool, object, object]] = [("type", d is not None and d.type == part["type"], part["type"],
                                                     d.type if d is not None else None)]
    for key in ("holder", "issuer"):
        if part.get(key):
            out.append((key, same_name(part[key], f.get(key)), part[key], f.get(key)))
    if part.get("registration_authority"):
        got = f.get("registration_authority") or f.get("issuer")
        out.append(("registration_authority", same_name(part["registration_authority"], got), part["registration_authority"], got))
    for key, field_name in (("valid_from", "issue_date"), ("valid_until", "expiry_date")):
        if part.get(key):
            got = _iso(f.get(key) or f.get(field_name))  # a licence's 营业期限 start may come as its own field
            out.append((key, got == part[key], part[key], got))
    if part.get("years"):
        got = sorted(set(f.get("years") or []))
        out.append(("years", got == sorted(set(part["years"])), part["years"], got))
    for kind in ("category1", "category2"):
        if part.get(kind) is not None:
            ok, got = _figure_right(float(part[kind]), d.figures if d is not None else [], kind)
            out.append((kind, ok, part[kind], got))
    if part.get("language"):
        got = d.language if d is not None else None
        out.append(("language", got == part["language"], part["language"], got))
    if "seal" in part:
        got = d.red_seal if d is not None else None
        out.append(("seal_decided", got is not None, part["seal"], got))
        out.append(("seal", got is not None and got == part["seal"], part["seal"], got))
    return out


def evaluate_real_file(corpus: Path, entry: dict, policy: OcrPolicy, as_of: date | None = None) -> dict:
    """Check one file of the real corpus as a one-file submission and measure it against its truth parts."""
    import shutil
    import tempfile
    import traceback

    src = corpus / entry["file"]
    parts = entry["parts"]
    res: dict = {"file": entry["file"], "delivery": entry["delivery"], "assembled": entry.get("assembled", False),
                 "parts": len(parts), "rows": [], "traceback": None, "seconds": 0.0, "documents": []}
    t0 = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="lingtan-real-") as tmp:
            sub = Path(tmp) / "submission"
            sub.mkdir()
            shutil.copy2(src, sub / src.name)
            report = check_submission(sub, REAL_SCHEME, as_of=as_of, ocr=policy)
    except Exception:  # noqa: BLE001 — a traceback is what this measures
        res["traceback"] = traceback.format_exc()
        res["seconds"] = round(time.perf_counter() - t0, 2)
        return res
    res["seconds"] = round(time.perf_counter() - t0, 2)
    docs = list(report.documents)
    res["documents"] = [{"pages": list(d.pages), "type": d.type, "language": d.language, "red_seal": d.red_seal,
                         "fields": {k: v for k, v in d.fields.items() if k in ("holder", "issuer", "registration_authority",
                                                                               "issue_date", "expiry_date", "years")}}
                        for d in docs]
    best = []
    for p in parts:
        cands = [(_overlap(p["pages"], d.pages), -abs(d.pages[0] - p["pages"][0]), i) for i, d in enumerate(docs)]
        cands = [c for c in cands if c[0] > 0]
        best.append(max(cands)[2] if cands else None)
    for i, p in enumerate(parts):
        j = best[i]
        d = docs[j] if j is not None else None
        own = j is not None and best.count(j) == 1
        rows = part_results(p, d)
        if len(parts) > 1:
            rows.insert(1, ("bundle_split", own and rows[0][1], f"{p['type']} p{p['pages'][0]}-{p['pages'][1]}",
                            None if d is None else f"{d.type} p{d.pages[0]}-{d.pages[1]}"))
        delivery = p.get("delivery", entry["delivery"])  # a part of an assembled bundle may be a scan among born-digital pages
        res["rows"].extend({"part": i + 1, "pages": p["pages"], "delivery": delivery, "field": name, "ok": ok, "truth": want, "got": got}
                           for name, ok, want, got in rows)
    return res


def evaluate_real(corpus: Path, policy: OcrPolicy, only: list[str] | None = None, deliveries: set[str] | None = None,
                  as_of: date | None = None) -> dict:
    """Measure the checker on the real corpus: every file of ``truth.json`` (or those named in ``only``, or of
    the ``deliveries`` given), each as a one-file submission. Returns the per-file results and the tally."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    files = []
    for entry in truth["documents"]:
        if only and entry["file"] not in only and Path(entry["file"]).name not in only:
            continue
        if deliveries and entry["delivery"] not in deliveries:
            continue
        r = evaluate_real_file(corpus, entry, policy, as_of=as_of)
        files.append(r)
        bad = [row for row in r["rows"] if not row["ok"]]
        print(f"{r['file']:<58} {r['seconds']:6.1f}s  {'TRACEBACK' if r['traceback'] else ''}"
              f"部分 {r['parts']}  错 {len(bad)}/{len(r['rows'])}", flush=True)
    tally: Counter = Counter()
    misses = []
    for r in files:
        for row in r["rows"]:
            group = "scanned" if row["delivery"] in SCANNED else "born_digital"
            tally[(row["field"], group, "n")] += 1
            tally[(row["field"], group, "ok")] += bool(row["ok"])
            if not row["ok"]:
                misses.append({"file": r["file"], **row})
    table = []
    for name in REAL_FIELDS:
        row = {"field": name}
        for group in ("born_digital", "scanned"):
            n, ok = tally[(name, group, "n")], tally[(name, group, "ok")]
            row[group] = {"ok": ok, "n": n, "pct": round(100 * ok / n, 1) if n else None}
        n = row["born_digital"]["n"] + row["scanned"]["n"]
        ok = row["born_digital"]["ok"] + row["scanned"]["ok"]
        row["all"] = {"ok": ok, "n": n, "pct": round(100 * ok / n, 1) if n else None}
        table.append(row)
    tracebacks = [{"file": r["file"], "traceback": r["traceback"]} for r in files if r["traceback"]]
    return {"corpus": str(corpus), "files": files, "table": table, "misses": misses, "tracebacks": tracebacks,
            "seconds": round(sum(r["seconds"] for r in files), 1)}


def _pct(c: dict) -> str:
    return f"{c['ok']}/{c['n']} = {c['pct']:.1f} %" if c["n"] else "—"


def print_real(real: dict) -> None:
    """The table per field (born-digital, scanned/photo, all) and every miss, for the people improving the checker."""
    print("\n逐项未对 / misses (file, part pages, field: truth → got)")
    for m in real["misses"]:
        print(f"  {m['file']} 第{m['pages'][0]}-{m['pages'][1]}页 [{m['delivery']}] {m['field']}: {m['truth']!r} → {m['got']!r}")
    print(f"\n汇总 / summary ({len(real['files'])} files, {real['seconds']:.0f} s)")
    print(f"  {'field':<24}{'born_digital':>22}{'scanned/photo':>22}{'all':>22}")
    for row in real["table"]:
        print(f"  {row['field']:<24}{_pct(row['born_digital']):>22}{_pct(row['scanned']):>22}{_pct(row['all']):>22}")
    print(f"  tracebacks: {len(real['tracebacks'])}")
    for t in real["tracebacks"]:
        print(f"    {t['file']}\n{t['traceback']}")
    if OCR_CALLS["calls"]:
        print(f"  OCR 调用 {OCR_CALLS['calls']} 次（缓存命中 {OCR_CALLS['cached']}），引擎用时（首次计算时） {OCR_CALLS['seconds']:.1f}s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT / "samples" / "submissions")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--truth-dir", type=Path, default=None, help="where the .truth.json files are (default: beside the submissions)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--ocr-cache", type=Path, default=None, metavar="DIR",
                    help="keep OCR results in DIR by image content: re-runs only redo the other stages (timings then meaningless)")
    ap.add_argument("--ocr-all", action="store_true", help="OCR every page without a text layer (not only the pages the checks need)")
    args = ap.parse_args(argv)
    if args.ocr_cache:
        args.ocr_cache.mkdir(parents=True, exist_ok=True)
        cache_ocr(args.ocr_cache)
    policy = OcrPolicy(lazy=not args.ocr_all)
    if is_real_corpus(args.corpus):
        real = evaluate_real(args.corpus, policy, only=args.only)
        print_real(real)
        if args.json:
            args.json.write_text(json.dumps(real, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return 0
    results = []
    for tpath in sorted((args.truth_dir or args.corpus).glob("*.truth.json")):
        truth = json.loads(tpath.read_text(encoding="utf-8"))
        if args.only and truth["id"] not in args.only:
            continue
        sub = args.corpus / truth["id"]
        res = evaluate(sub, truth, policy)
        results.append(res)
        bad = sum(1 for t in res["types"] if t[1] != t[2])
        print(f"{res['id']:<40} {res['seconds']:6.1f}s  OCR {res['ocr_pages']:3d} 页 {res['ocr_seconds']:6.1f}s  类型错 {bad:2d}/{len(res['types']):2d}  "
              f"缺陷 {res['found']}/{res['expected']}  误报 {len(res['false'])}  待核对 {len(res['verify'])}  "
              f"{'齐全' if res['complete'] else '不齐全'}", flush=True)
        for t in res["types"]:
            if t[1] != t[2]:
                print(f"    类型：{t[3]} 第{t[4]}页 期望 {t[1]}，得到 {t[2]}（{t[0]}）")
        for e in res["missed"]:
            print(f"    漏报：{e['code']} {e.get('file') or e.get('material') or e.get('doc_type')}")
        for g in res["false"]:
            print(f"    误报：{g['code']} {g['file'] or g['material']}：{g['message'][:80]}")
        for g in res["verify"]:
            print(f"    待核对：{g['code']} {g['file'] or g['material']}：{g['message'][:80]}")
        for fc in res["figures"]:
            print(f"    对照：{'对' if fc['ok'] else '错'} {fc['file']} {fc['year']}年 {fc['figure']} 申报 {fc['declared']:g} 报告 {fc['evidence']:g}"
                  f"（{'一致' if fc['agree'] else '不符'}）→ 检查器 {fc['got']}")
        for fp in res["footprints"]:
            if not fp["ok"]:
                print(f"    碳足迹：错 {fp['file']}（{fp['delivery']}）应为 {fp['want']} → 检查器 {fp['got']}")
    tally: Counter = Counter()
    for res in results:
        for delivery, exp, got, *_ in res["types"]:
            group = "scanned" if delivery in SCANNED else "born_digital"
            tally[(group, "n")] += 1
            tally[(group, "ok")] += exp == got
    ftally: Counter = Counter()
    for res in results:
        for delivery, name, ok, *rest in res["fields"]:
            group = "scanned" if delivery in SCANNED else "born_digital"
            ftally[(group, name, "n")] += 1
            ftally[(group, name, "ok")] += ok
            if rest[-1]:  # a field this document's checks read
                ftally[(group, "needed", "n")] += 1
                ftally[(group, "needed", "ok")] += ok
    exp_n = sum(r["expected"] for r in results)
    found_n = sum(r["found"] for r in results)
    false_n = sum(len(r["false"]) for r in results)
    defective_complete = [r["id"] for r in results if not r["clean"] and r["complete"]]
    false_missing = [(r["id"], g["material"]) for r in results if r["clean"] for g in r["false"] if g["code"] == "missing"]
    verify_n = Counter(g["code"] for r in results for g in r["verify"])
    print("\n汇总 / summary")
    for group in ("born_digital", "scanned"):
        n = tally[(group, "n")]
        if n:
            print(f"  文件类型准确率 {group}: {tally[(group, 'ok')]}/{n} = {tally[(group, 'ok')] / n:.1%}")
    for group in ("born_digital", "scanned"):
        names = [n for n in CHECKED_FIELDS + ("issue_date", "number", "quantity_mwh") if ftally[(group, n, "n")]]
        need_ok, need_n = ftally[(group, "needed", "ok")], ftally[(group, "needed", "n")]
        parts = "，".join(f"{n} {ftally[(group, n, 'ok')]}/{ftally[(group, n, 'n')]}" for n in names)
        print(f"  字段准确率 {group}: 各文件的检查所需字段 {need_ok}/{need_n} = {need_ok / max(1, need_n):.1%}；全部关键字段（{parts}）")
    print(f"  缺陷检出 recall: {found_n}/{exp_n} = {found_n / max(1, exp_n):.1%}；误报 false alarms: {false_n}")
    print(f"  有缺陷却报“齐全”的提交: {len(defective_complete)} {defective_complete}")
    print(f"  无缺陷提交中误报“缺少材料”: {len(false_missing)} {false_missing}")
    print(f"  需人工核对（标准答案之外）: {sum(verify_n.values())} {dict(verify_n)}；"
          f"判为齐全的提交 {sum(r['complete'] for r in results)}/{len(results)}")
    figs = [fc for r in results for fc in r["figures"]]
    bad_n = sum(not fc["agree"] for fc in figs)
    if figs:
        print(f"  申报数据对照：不符 {sum(fc['ok'] for fc in figs if not fc['agree'])}/{bad_n} 检出（两值与页码均对）；"
              f"一致（含舍入） {sum(fc['ok'] for fc in figs if fc['agree'])}/{len(figs) - bad_n} 判为符合、无误报")
    fps = [fp for r in results for fp in r["footprints"]]
    if fps:
        by = {g: [fp for fp in fps if (fp["delivery"] in SCANNED) == (g == "scanned")] for g in ("born_digital", "scanned")}
        print("  产品碳足迹（产品、功能单位、数值均对，仅供参考行）：" + "；".join(
            f"{g} {sum(fp['ok'] for fp in v)}/{len(v)}" for g, v in by.items() if v))
    fig_false = Counter(g["code"] for r in results for g in r["false"] if g["code"] in FIGURE_CODES)
    fig_verify = Counter(g["code"] for r in results for g in r["verify"] if g["code"] in FIGURE_CODES)
    print(f"  申报数据对照的误报（标准答案之外的问题）: {sum(fig_false.values())} {dict(fig_false)}；待人工核对 {dict(fig_verify)}")
    total = sum(r["seconds"] for r in results)
    print(f"  用时 {total:.1f}s（{len(results)} 份，OCR {sum(r['ocr_pages'] for r in results)} 页 {sum(r['ocr_seconds'] for r in results):.1f}s）")
    if OCR_CALLS["calls"]:
        print(f"  OCR 调用 {OCR_CALLS['calls']} 次（缓存命中 {OCR_CALLS['cached']}），引擎用时（首次计算时） {OCR_CALLS['seconds']:.1f}s")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
