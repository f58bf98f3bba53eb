"""Benchmark: text extraction and OCR of checker.extract.

Run: python benchmarks/bench_extract.py [--pages 300] [--ocr-pages 2]
Generates a born-digital PDF of ``--pages`` text pages and measures pages/s of plain
``page.get_text()`` against ``extract()`` (with and without red-seal detection); then an
image-only PDF of ``--ocr-pages`` pages: OCR seconds per page (the first includes loading the
models). Peak RSS after each phase. Not a test: figures vary by machine and load.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

t0 = time.perf_counter()
from lingtan.checker._pymupdf import pymupdf
from lingtan.checker.extract import OcrPolicy, extract
from lingtan.checker.model import SourceFile

IMPORT_S = time.perf_counter() - t0
LINE = "本公司2024年度综合能源消费量为12345.6吨标准煤，可再生能源电力消费占比为百分之三十二。"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def text_pdf(pages: int) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"第{i + 1}页 温室气体排放核查报告", fontname="china-s", fontsize=16)
        for k in range(35):
            page.insert_text((72, 100 + k * 20), LINE, fontname="china-s", fontsize=10)
    return doc.tobytes(garbage=3, deflate=True)


def scanned_pdf(pages: int) -> bytes:
    src = pymupdf.open()
    page = src.new_page()
    page.insert_text((72, 80), "温室气体排放核查报告", fontname="china-s", fontsize=22)
    for k in range(30):
        page.insert_text((72, 120 + k * 22), LINE[: 20 + k % 15], fontname="china-s", fontsize=11)
    png = page.get_pixmap(dpi=200).tobytes("png")
    out = pymupdf.open()
    for _ in range(pages):
        out.new_page(width=page.rect.width, height=page.rect.height).insert_image(page.rect, stream=png)
    return out.tobytes(deflate=True)


def source(tmp: Path, name: str, data: bytes) -> SourceFile:
    p = tmp / name
    p.write_bytes(data)
    return SourceFile(display=name, suffix=".pdf", size=len(data), disk_path=str(p))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--ocr-pages", type=int, default=2)
    args = ap.parse_args()
    print(f"import lingtan.checker.extract (+pymupdf): {IMPORT_S:.2f} s, peak RSS {peak_mb():.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data = text_pdf(args.pages)
        src = source(tmp_path, "text.pdf", data)

        t = time.perf_counter()
        doc = pymupdf.open(stream=data, filetype="pdf")
        chars = sum(len(p.get_text()) for p in doc)
        doc.close()
        plain = time.perf_counter() - t
        print(f"plain page.get_text():      {args.pages / plain:7.0f} pages/s ({chars / args.pages:.0f} chars/page)")

        for label, seals in (("extract(seals=False):", False), ("extract() (with seals):", True)):
            t = time.perf_counter()
            ef = extract(src, seals=seals)
            dt = time.perf_counter() - t
            assert ef.problem is None and len(ef.pages) == args.pages and not any(p.ocr for p in ef.pages)
            print(f"{label:27s} {args.pages / dt:7.0f} pages/s")
        print(f"peak RSS after text phase: {peak_mb():.0f} MB")

        if args.ocr_pages:
            src = source(tmp_path, "scan.pdf", scanned_pdf(args.ocr_pages))
            t = time.perf_counter()
            ef = extract(src, ocr=OcrPolicy())
            dt = time.perf_counter() - t
            secs = [p.ocr_seconds for p in ef.pages]
            print(f"OCR: {len(secs)} scanned pages in {dt:.1f} s; per page {', '.join(f'{s:.2f}' for s in secs)} s "
                  f"(first includes loading the models); {len(ef.pages[-1].text)} chars on the last page")
            print(f"peak RSS after OCR: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
