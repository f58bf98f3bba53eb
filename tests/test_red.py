"""Seal checks on text pages without numpy (checker/red.py): the same answer as the detector."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from checker_helpers import page_pdf

from lingtan.checker._pymupdf import pymupdf
from lingtan.checker.red import DPI, is_red, too_little_red
from lingtan.checker.seal import has_red_seal, red_mask, render_rgb, seal_in_array

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def test_the_one_pixel_rule_is_the_detectors_rule():
    levels = range(0, 256, 15)
    grid = np.array([[(r, g, b) for r in levels for g in levels for b in levels]], dtype=np.uint8)
    mask = red_mask(grid)[0]
    assert mask.any() and not mask.all()
    assert [is_red(int(r), int(g), int(b)) for r, g, b in grid[0]] == mask.tolist()


def test_a_page_without_red_is_told_apart_from_a_sealed_page_as_the_detector_does():
    sealed = pymupdf.open(stream=page_pdf("承诺书", ["本企业承诺所提交材料真实有效。"], seal="示例精密制造有限公司"), filetype="pdf")[0]
    plain = pymupdf.open(stream=page_pdf("承诺书", ["本企业承诺所提交材料真实有效。"]), filetype="pdf")[0]
    assert has_red_seal(sealed) and not too_little_red(sealed)
    assert not has_red_seal(plain) and too_little_red(plain)
    assert not seal_in_array(render_rgb(plain, DPI), 25.4 / DPI)


def test_a_text_pdf_is_checked_for_seals_without_importing_numpy(tmp_path):
    """The import of numpy is most of a first seal check on a text PDF: a page with or without red needs none."""
    (tmp_path / "承诺书.pdf").write_bytes(page_pdf("承诺书", ["本企业承诺所提交材料真实有效。"]))
    (tmp_path / "盖章承诺书.pdf").write_bytes(page_pdf("承诺书", ["本企业承诺所提交材料真实有效。"], seal="示例精密制造有限公司"))
    code = ("import sys\nfrom lingtan.checker.extract import open_file\nfrom lingtan.checker.model import SourceFile\n"
            "def read(name):\n"
            f"    p = {str(tmp_path)!r} + '/' + name\n"
            "    with open_file(SourceFile(display=name, suffix='.pdf', size=1, disk_path=p)) as r:\n"
            "        return r.seal(1)\n"
            "print(read('承诺书.pdf'), 'numpy' in sys.modules, read('盖章承诺书.pdf'), 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True).stdout
    assert out.split() == ["False", "False", "True", "False"]


def test_the_numpy_free_decision_is_the_detectors_on_the_corpus_pages():
    """Every page of a few committed submissions (born-digital, stamped, scanned): the same red pixels, the
    same blobs and the same answer as the numpy detector."""
    from lingtan.checker import red as R
    from lingtan.checker.seal import _blobs

    seen = {True: 0, False: 0}
    for pdf in sorted((ROOT / "samples" / "submissions").glob("jiangsu-0[12]*/*.pdf")):
        with pymupdf.open(pdf) as doc:
            for page in doc:
                rgb = render_rgb(page, DPI)
                mask = red_mask(rgb)
                pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csRGB, alpha=False)
                red = R.red_pixels(pix.samples, pix.width, pix.height)
                assert red == [tuple(p) for p in np.argwhere(mask).tolist()]
                assert sorted(R._blobs(red, *mask.shape, 25.4 / DPI)) == sorted(_blobs(mask, 25.4 / DPI))
                answer = seal_in_array(rgb, 25.4 / DPI)
                assert R.seal_on_page(page) is answer, f"{pdf.name} 第{page.number + 1}页"
                seen[answer] += 1
    assert seen[True] >= 5 and seen[False] >= 5
