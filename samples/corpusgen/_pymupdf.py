"""Import PyMuPDF without its optional extras; import pymupdf only from here.

PyMuPDF 2.x imports ``pymupdf.layout`` (an ONNX layout model: ~0.4 s and ~100 MB per process) and
``pymupdf4llm`` (which imports onnxruntime: ~0.17 s and ~34 MB) when they are installed. The corpus
generator uses neither, so both are kept out (PyMuPDF treats them as not installed).
"""

import sys

sys.modules.setdefault("pymupdf.layout", None)
sys.modules.setdefault("pymupdf4llm", None)

import pymupdf  # noqa: E402

__all__ = ["pymupdf"]
