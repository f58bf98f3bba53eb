"""Benchmark: load + validate + score of every bundled sample, repeated.

Run: python benchmarks/bench_score.py [--repeat N]
Reports process start-up import time, ms per load+validate, ms per assessment, and
assessments per second on one process. Not a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

t0 = time.perf_counter()
from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.model.loading import load_factory
from lingtan.assessment.schemes import load_scheme, scheme_ids

IMPORT_S = time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    t = time.perf_counter()
    for sid in scheme_ids():
        load_scheme(sid)
    schemes_s = time.perf_counter() - t
    files = sorted((ROOT / "samples" / "factories").glob("*.yaml"))
    as_of = date(2026, 3, 15)
    t = time.perf_counter()
    factories = [load_factory(f) for f in files for _ in range(args.repeat)]
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    n = 0
    for f in factories:
        s = load_scheme(f.application.scheme)
        assess(f, s, level=f.application.level, as_of=as_of)
        n += 1
    score_s = time.perf_counter() - t
    print(f"imports: {IMPORT_S * 1000:.0f} ms; loading all {len(scheme_ids())} scheme files: {schemes_s * 1000:.0f} ms")
    print(f"load+validate: {load_s / len(factories) * 1000:.2f} ms per data file ({len(factories)} files)")
    print(f"assess: {score_s / n * 1000:.2f} ms per assessment; {n / score_s:.0f} assessments/s on one process ({n} runs)")


if __name__ == "__main__":
    main()
