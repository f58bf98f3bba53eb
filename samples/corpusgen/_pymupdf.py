"""Import PyMuPDF without its ONNX layout model (saves ~0.4 s and ~100 MB); import pymupdf only from here."""

import sys

sys.modules.setdefault("pymupdf.layout", None)

import pymupdf  # noqa: E402

__all__ = ["pymupdf"]
