"""Import PyMuPDF without its optional extras; the checker imports pymupdf only from here.

PyMuPDF 2.x imports ``pymupdf.layout`` (an ONNX layout model: +0.4–0.55 s, ~100 MB per process)
and ``pymupdf4llm`` (which imports onnxruntime: +0.17 s, ~35 MB) when they are installed. The
checker uses neither, so both are kept out (PyMuPDF treats them as not installed). OCR loads
onnxruntime itself, only when a page needs it.
"""

import sys

# None in sys.modules makes an import raise ImportError (documented in the import system reference);
# typeshed types the values as ModuleType only, hence the ignores.
sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
sys.modules.setdefault("pymupdf4llm", None)  # type: ignore[arg-type]

import pymupdf  # noqa: E402

# Damaged files are reported as gaps; MuPDF's own messages on stderr would only confuse users.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

__all__ = ["pymupdf"]
