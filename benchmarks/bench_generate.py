"""Benchmark: one full jiangsu package, and a 200-enterprise batch with --jobs 1 and --jobs 2.

Run: python benchmarks/bench_generate.py [--runs N] [--batch N] [--jobs 1,2]
The batch is made from samples/factories/jiangsu-zero.yaml with varied names, valid
统一社会信用代码 and scaled figures, written as a workbook to a temporary folder (deleted
afterwards). Reports seconds per package (median of N runs) and, per --jobs, the batch's
wall time, packages per minute, seconds per package and the speed-up over the first --jobs
value. Not a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

t0 = time.perf_counter()
import yaml
from stdnum.cn.uscc import calc_check_digit

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_scheme
from lingtan.generator.batch import generate_batch
from lingtan.generator.package import generate_package
from lingtan.dataentry.batch_workbook import read_workbook, write_workbook

IMPORT_S = time.perf_counter() - t0
AS_OF = date(2026, 3, 15)
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(n: int) -> str:
    body = ""
    for _ in range(7):
        body = _ALPHABET[n % len(_ALPHABET)] + body
        n //= len(_ALPHABET)
    code = f"91320582MA{body}"
    return code + calc_check_digit(code)


def enterprises(n: int) -> list[dict]:
    base = yaml.safe_load((ROOT / "samples" / "factories" / "jiangsu-zero.yaml").read_text(encoding="utf-8"))
    old = base["enterprise"]["name"]
    out = []
    for i in range(n):
        d = copy.deepcopy(base)
        name = f"张家港示例第{i + 1:03d}精密制造有限公司"
        d["enterprise"]["name"] = name
        d["enterprise"]["uscc"] = _uscc(1000 + i * 7919)
        d["organisation"]["plan"]["title"] = d["organisation"]["plan"]["title"].replace(old, name)
        f = 0.7 + (i % 13) * 0.05
        for y in d["years"]:
            for k in ("energy_tce", "energy_tce_equivalent", "renewable_tce", "non_fossil_tce", "electricity_mwh", "green_electricity_mwh"):
                if k in y:
                    y[k] = round(y[k] * f)
        out.append(d)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7, help="runs of the single package (median)")
    ap.add_argument("--batch", type=int, default=200, help="enterprises in the batch")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    scheme = load_scheme("jiangsu")
    factory = Factory.model_validate(enterprises(1)[0])

    with tempfile.TemporaryDirectory(prefix="lingtan-bench-") as tmp:
        tmp = Path(tmp)
        generate_package(factory, scheme, "zero", AS_OF, tmp / "warm-up")  # template caches
        times = []
        for i in range(args.runs):
            t = time.perf_counter()
            generate_package(factory, scheme, "zero", AS_OF, tmp / f"single-{i}")
            times.append(time.perf_counter() - t)
        single = statistics.median(times)

        wb = tmp / "enterprises.xlsx"
        t = time.perf_counter()
        write_workbook(enterprises(args.batch), wb)
        write_s = time.perf_counter() - t
        t = time.perf_counter()
        read_workbook(wb)
        read_s = time.perf_counter() - t

        rows = []
        for j in jobs:
            t = time.perf_counter()
            res = generate_batch(wb, scheme, None, AS_OF, tmp / f"batch-j{j}", jobs=j, progress=False)
            wall = time.perf_counter() - t
            assert len(res.succeeded) == args.batch, [o.error for o in res.failed][:3]
            rows.append((j, wall, args.batch / wall * 60, wall / args.batch))

    print(f"lingtan generate benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; imports {IMPORT_S * 1000:.0f} ms")
    print(f"one jiangsu package (3 forms + manifest): {single:.3f} s (median of {args.runs}; min {min(times):.3f}, max {max(times):.3f})")
    print(f"workbook of {args.batch} enterprises: write {write_s:.2f} s, read {read_s:.2f} s")
    print()
    print(f"{'jobs':>4}  {'batch wall s':>12}  {'packages/min':>12}  {'s/package':>9}  {'speed-up':>8}")
    for j, wall, ppm, spp in rows:
        print(f"{j:>4}  {wall:>12.2f}  {ppm:>12.1f}  {spp:>9.3f}  {rows[0][1] / wall:>7.2f}x")
    print(f"(batch = {args.batch} jiangsu enterprises from a workbook, including the xlsx/json summaries)")


if __name__ == "__main__":
    main()
