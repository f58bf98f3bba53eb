"""A part's public face, loaded on first use (PEP 562).

Each part of lingtan (``assessment``, ``dataentry``, ``generator``, ``checker``, ``common``) names in
its ``__init__`` what the command line and the web app may use, in the style of httpx's curated
top-level names: the ``from .module import name as name`` lines of its ``if TYPE_CHECKING:`` block.
Those lines are the one list: mypy reads them for the real types, and :func:`public_face` reads them
(with ``ast``) for ``__all__`` and for a module ``__getattr__`` that imports each name from its module
only when first used, so that ``import lingtan.checker.red`` does not load PyMuPDF or the OCR engine.
``tests/test_structure.py`` keeps the web app and the command line to these names.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def _typing_imports(init_file: str) -> dict[str, tuple[str, str]]:
    """public name → (relative module, its name there) of the ``from .x import name as public`` lines inside
    ``if TYPE_CHECKING:`` of a file."""
    tree = ast.parse(Path(init_file).read_text(encoding="utf-8"))
    table: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for imp in node.body:
                if isinstance(imp, ast.ImportFrom) and imp.level:
                    module = "." * imp.level + (imp.module or "")
                    table.update({a.asname or a.name: (module, a.name) for a in imp.names})
    return table


def public_face(package: str, init_file: str, namespace: dict[str, Any],
                also: Iterable[str] = ()) -> tuple[list[str], Callable[[str], Any]]:
    """``__all__`` and the module ``__getattr__`` of ``package``: the names of its ``TYPE_CHECKING`` imports
    (plus ``also``, defined in the ``__init__`` itself), each imported once from its module and then kept in
    the package's ``namespace``. A public name must not be the name of one of the package's modules: once that
    module is imported, Python sets the package's attribute of that name to the module itself."""
    table = _typing_imports(init_file)

    def __getattr__(name: str) -> Any:
        where = table.get(name)
        if where is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[0], package), where[1])
        namespace[name] = value
        return value

    return sorted({*table, *also}), __getattr__
