#!/usr/bin/env python3
"""Generate the sample-submissions corpus (with ground truth) for testing the evidence checker.

    python samples/make_corpus.py                      # the fixed set → samples/submissions/
    python samples/make_corpus.py --out DIR --n 1000   # N random submissions (benchmarks)
    python samples/make_corpus.py --out DIR --n 50 --seed 7 --schemes jiangsu,hefei --jobs 4
    python samples/make_corpus.py --out B/submissions --truth-dir B/truth --applicants B/applicants --n 200 --schemes jiangsu
                                                       # a ROOT for lingtan check-batch, truth and data files apart

Without ``--n`` it writes the fixed, committed set: one clean submission per scheme and defect
variants, so that every defect kind and every form of delivery appears at least once. With
``--n N`` it writes N submissions cycling through the schemes, each with 0–3 defects and delivery
options drawn from the seed, in parallel processes. Output is deterministic: the same arguments
give the same files and the same truth. See samples/submissions/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpusgen.assemble import Spec, applicable, build, feasible  # noqa: E402
from corpusgen.materials import SCHEMES  # noqa: E402

DEFAULT_OUT = HERE / "submissions"

FIXED: list[Spec] = [
    Spec("jiangsu-01-clean", "jiangsu", 101, combined="bookmarks", naming=0, note="完整、无缺陷；含带书签的合并 PDF"),
    Spec("suzhou-01-clean", "suzhou", 102, zip=True, naming=1, note="完整、无缺陷；整包为 GBK 文件名的 zip"),
    Spec("fujian-zero-01-clean", "fujian-zero", 103, naming=2, note="完整、无缺陷"),
    Spec("fujian-near-zero-01-clean", "fujian-near-zero", 104, combined="plain", naming=3, note="完整、无缺陷；含无书签的合并 PDF"),
    Spec("hefei-01-clean", "hefei", 105, naming=4, note="完整、无缺陷"),
    Spec("zhejiang-01-clean", "zhejiang", 106, naming=1, photos=2, note="完整、无缺陷；两张手机照片"),
    Spec("jiangsu-02-missing-years", "jiangsu", 201, ("missing", "wrong_years"), naming=1,
         note="缺少必备材料；核查报告覆盖年度错误"),
    Spec("suzhou-02-expired-english", "suzhou", 202, ("expired", "english_only"), naming=0,
         note="证书过期；仅英文证书"),
    # 002 (福建) asks neither for a third-party GHG verification nor for a seal on its forms: a self-issued
    # report or an unsealed 申报书 is no defect there (evidence_specs/fujian-*.yaml); those two defects are
    # exercised by jiangsu-03, whose source asks for both (000 附件1-3 第2、3、5项).
    Spec("fujian-zero-02-other-years", "fujian-zero", 245, ("other_company", "wrong_years"), naming=4,
         note="其他企业的营业执照（名称、信用代码均不符）；温室气体排放报告覆盖年度错误"),
    Spec("fujian-near-zero-02-uscc-missing", "fujian-near-zero", 204, ("uscc_check", "missing"), naming=2,
         note="营业执照统一社会信用代码校验位错误；缺少必备材料"),
    Spec("hefei-02-hostile", "hefei", 205, ("corrupt_pdf", "encrypted_pdf", "duplicate_file"), naming=0,
         combined="bookmarks", note="损坏的 PDF、加密的 PDF、重复文件"),
    Spec("zhejiang-02-hostile", "zhejiang", 206, ("empty_file", "fake_pdf", "image_bomb"), naming=3, combined="plain",
         note="0 字节文件、扩展名为 .pdf 的非 PDF 文件、图片炸弹"),
    Spec("jiangsu-03-zip-defects", "jiangsu", 207, ("expired", "self_verified", "unsealed_form", "duplicate_file"), zip=True,
         naming=2, note="zip（GBK 文件名）内含过期营业执照、企业自行出具的第三方报告、未盖章表单和重复文件"),
    # 申报数据与证明材料对照 (evidence_specs/figures.yaml): a report whose figures disagree with the data file, and
    # one whose figures differ from it only by rounding; the reports born-digital, so that their figures can be read
    Spec("jiangsu-04-figures", "jiangsu", 208, ("figure_mismatch",), naming=0, scan_share=0.0, photos=0,
         delivery={"ghg_verification_report": "born_digital", "energy_audit_report": "born_digital"},
         note="核查报告或能源审计报告上的数据与申报数据不符（超出容差）"),
    Spec("zhejiang-03-rounding", "zhejiang", 209, naming=2, scan_share=0.0, photos=0, rounding=True,
         delivery={"ghg_verification_report": "born_digital", "energy_audit_report": "born_digital"},
         note="完整、无缺陷；核查报告和能源审计报告上的数据与申报数据只差舍入（容差之内）"),
]


def random_spec(i: int, seed: int, schemes: list[str], paper: bool = False) -> Spec:
    """The i-th submission of a random set: scheme by rotation, defects and delivery from the seed."""
    scheme = schemes[i % len(schemes)]
    rnd = random.Random(f"corpus:{seed}:{i}")
    sub_seed = seed * 100000 + i
    pool = applicable(scheme, sub_seed)
    k = rnd.choices((0, 1, 2, 3), weights=(3, 4, 2, 1))[0]
    while True:
        defects = tuple(sorted(rnd.sample(pool, k), key=pool.index))
        if feasible(scheme, defects, sub_seed):
            break
    spec = Spec(
        id=f"{scheme}-r{seed}-{i:05d}", scheme=scheme, seed=sub_seed, defects=defects,
        combined=rnd.choice((None, None, "bookmarks", "plain")), zip=rnd.random() < 0.2,
        scan_share=rnd.uniform(0.1, 0.6), photos=rnd.choice((0, 1, 1, 2)),
        forms_delivery="scanned" if rnd.random() < 0.8 else "born_digital", note="random",
    )
    if paper:  # a submission handed in on paper and scanned: every document, long reports too
        spec.scan_share, spec.scan_long, spec.forms_delivery, spec.combined, spec.note = 1.0, True, "scanned", None, "random, paper"
    return spec


def _one(spec: Spec, out: str, truth_dir: str | None = None, applicants: str | None = None) -> tuple[str, float, int, int]:
    t = time.perf_counter()
    truth = build(spec, Path(out))
    size = sum(f.stat().st_size for f in (Path(out) / spec.id).rglob("*") if f.is_file())
    if truth_dir:  # ROOT for lingtan check-batch holds only the submissions
        Path(truth_dir).mkdir(parents=True, exist_ok=True)
        os.replace(Path(out) / f"{spec.id}.truth.json", Path(truth_dir) / f"{spec.id}.truth.json")
    if applicants:  # check-batch --applicants DIR: <submission>.yaml, the applicant's data file
        Path(applicants).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE.parent / truth["applicant"]["factory"], Path(applicants) / f"{spec.id}.yaml")
    return spec.id, time.perf_counter() - t, size, len(truth["files"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: samples/submissions for the fixed set)")
    ap.add_argument("--n", type=int, default=None, help="generate N random submissions instead of the fixed set")
    ap.add_argument("--seed", type=int, default=1, help="seed of the random set (default 1)")
    ap.add_argument("--schemes", default=",".join(SCHEMES), help="comma-separated schemes for --n (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for --n (default: CPU count)")
    ap.add_argument("--clean", action="store_true", help="empty the output folder's submissions first")
    ap.add_argument("--paper", action="store_true",
                    help="random submissions handed in on paper: every document scanned, long reports too (OCR benchmarks)")
    ap.add_argument("--truth-dir", type=Path, default=None,
                    help="write the .truth.json files here instead of beside the submissions (so that --out is a ROOT for check-batch)")
    ap.add_argument("--applicants", type=Path, default=None,
                    help="also write <id>.yaml (the applicant's data file) here, for lingtan check-batch --applicants")
    args = ap.parse_args(argv)

    schemes = [s.strip() for s in args.schemes.split(",") if s.strip()]
    unknown = [s for s in schemes if s not in SCHEMES]
    if unknown:
        ap.error(f"unknown scheme(s): {', '.join(unknown)}; known: {', '.join(SCHEMES)}")
    if args.n is None:
        specs = [s for s in FIXED if s.scheme in schemes]
        out = args.out or DEFAULT_OUT
    else:
        if args.out is None:
            ap.error("--n needs --out (the committed set in samples/submissions is only the fixed one)")
        specs = [random_spec(i, args.seed, schemes, args.paper) for i in range(args.n)]
        out = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.clean:
        for p in out.iterdir():
            if p.is_dir():
                shutil.rmtree(p)
            elif p.name.endswith(".truth.json"):
                p.unlink()

    t0 = time.perf_counter()
    total_size = 0
    done = 0
    jobs = max(1, min(args.jobs, len(specs))) if args.n is not None else 1
    if jobs == 1:
        results = (_one(s, str(out), args.truth_dir and str(args.truth_dir), args.applicants and str(args.applicants)) for s in specs)
        for sid, dt, size, nfiles in results:
            done += 1
            total_size += size
            print(f"[{done}/{len(specs)}] {sid}: {nfiles} files, {size / 1e6:.2f} MB, {dt:.1f} s", flush=True)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futs = [pool.submit(_one, s, str(out), args.truth_dir and str(args.truth_dir), args.applicants and str(args.applicants))
                    for s in specs]
            for fut in as_completed(futs):
                sid, dt, size, nfiles = fut.result()
                done += 1
                total_size += size
                if done % max(1, len(specs) // 50) == 0 or done == len(specs) or len(specs) <= 50:
                    el = time.perf_counter() - t0
                    print(f"[{done}/{len(specs)}] {sid}: {nfiles} files, {size / 1e6:.2f} MB, {dt:.1f} s "
                          f"(elapsed {el:.0f} s, {el / done:.2f} s/submission)", flush=True)
    el = time.perf_counter() - t0
    n = max(len(specs), 1)
    if args.n is None and out == DEFAULT_OUT:  # the committed set: its README tables follow its truth
        import json

        from corpusgen.readme import rewrite

        truths = [json.loads((out / f"{s.id}.truth.json").read_text(encoding="utf-8")) for s in FIXED]
        if rewrite(out / "README.md", truths, out):
            print("updated the tables of samples/submissions/README.md")
    print(f"wrote {len(specs)} submissions to {out} in {el:.1f} s ({el / n:.2f} s each, {jobs} job(s)); "
          f"{total_size / 1e6:.1f} MB ({total_size / n / 1e6:.2f} MB each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
