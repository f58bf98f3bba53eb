"""Import PyMuPDF without its ONNX layout model; the checker imports pymupdf only from here.

PyMuPDF 2.x loads ``pymupdf.layout`` (an ONNX layout model) on import unless the module is kept
out: that costs 0.4–0.55 s and ~100 MB per process, and the checker never uses it.
"""

import sys

sys.modules.setdefault("pymupdf.layout", None)

import pymupdf  # noqa: E402

__all__ = ["pymupdf"]
