"""Static check of a template's attribute paths against the data model and the engine's output.

Walks the Jinja syntax tree of a .docx template and resolves each ``f.…``,
``a.…``, ``cond[…].…``, loop variable and so on to the type it names (pydantic
model, engine dataclass, fixed-key dict), reporting paths that do not exist.
Scalars (str, numbers) and free-form values (claim ``value``) are not checked
further.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from docxtpl import DocxTemplate
from pydantic import BaseModel

from lingtan.assessment.engine import result as R
from lingtan.assessment.engine.context import DERIVED_YEAR_FIGURES
from lingtan.assessment.model.factory import Factory, YearFigures

ANY = ("any",)


def _from_annotation(ann: Any) -> Any:
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _from_annotation(typing.get_args(ann)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        return _from_annotation(args[0]) if len(args) == 1 else ANY
    if origin in (list, tuple):
        args = typing.get_args(ann)
        return ("list", _from_annotation(args[0]) if args else ANY)
    if origin is dict:
        args = typing.get_args(ann)
        return ("map", _from_annotation(args[1]) if args else ANY)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ("model", ann)
    if isinstance(ann, type) and dataclasses.is_dataclass(ann):
        return ("dc", ann)
    return ANY


def _attr(t: Any, name: str, where: str, problems: list[str]) -> Any:
    kind = t[0]
    if kind == "any":
        return ANY
    if kind == "model":
        fields = t[1].model_fields
        if name not in fields:
            problems.append(f"{where}: {name!r} is not a field of {t[1].__name__}")
            return ANY
        return _from_annotation(fields[name].annotation)
    if kind == "dc":
        hints = typing.get_type_hints(t[1])
        if name in CONTEXT_ADDED.get(t[1], ()):
            return ANY
        if name not in hints:
            problems.append(f"{where}: {name!r} is not a field of the engine's {t[1].__name__}")
            return ANY
        return _from_annotation(hints[name])
    if kind == "keys":
        keys = t[1]() if callable(t[1]) else t[1]
        if name not in keys:
            problems.append(f"{where}: {name!r} is not a known key")
            return ANY
        return keys[name]
    if kind == "map":
        return t[1]
    if kind == "list":
        problems.append(f"{where}: attribute {name!r} of a list")
        return ANY
    return ANY


def _year_type() -> Any:
    keys = {n: _from_annotation(f.annotation) for n, f in YearFigures.model_fields.items()}
    for n in ("category1", "category2", "category3", "verified", "verifier", *DERIVED_YEAR_FIGURES):
        keys[n] = ANY
    return ("keys", keys)


YEAR = _year_type()
#: keys generator.context adds to the engine's results (the number a person sees)
CONTEXT_ADDED: dict[type, tuple[str, ...]] = {R.ConditionResult: ("no",), R.IndicatorResult: ("no", "figures")}
EV_ROW = ("keys", {k: ANY for k in ("no", "kind", "id", "shown", "name", "cite", "required", "status", "wanted")} | {"files": ("list", ANY)})
EV_FILE = ("keys", {"no": ANY, "file": ANY, "backs": ("list", ANY)})
METRIC = ("keys", {"label": ANY, "value": ANY, "unit": ANY, "missing": ANY})
NARR = ("keys", {"text": ANY, "draft": ANY, "chars": ANY})
SCHEME = ("keys", {k: ANY for k in ("id", "name", "short_name", "level", "level_name", "form_name")})


def _context() -> dict[str, Any]:
    return BASE


BASE: dict[str, Any] = {
    "f": ("model", Factory),
    "a": ("dc", R.Assessment),
    "cond": ("map", ("dc", R.ConditionResult)),
    "ind": ("map", ("dc", R.IndicatorResult)),
    "cat": ("map", ("dc", R.CategoryResult)),
    "th": ("map", ("dc", R.ThresholdResult)),
    "metrics": ("map", METRIC),
    "y": ("map", YEAR),
    "last": YEAR,
    "prev": YEAR,
    "years": ("list", YEAR),
    "scheme": SCHEME,
    "ev": ("list", EV_ROW),
    "ev_files": ("list", EV_FILE),
    "narr": ("map", NARR),
}
BASE["rows"] = ("list", ("keys", _context))
CALLS = {"yr": YEAR}
LIST_PRESERVING = {"selectattr", "rejectattr", "select", "reject", "list", "sort", "reverse", "unique"}


class _Checker:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def expr(self, n: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(n, nodes.Name):
            return scope.get(n.name, ANY)
        if isinstance(n, nodes.Getattr):
            base = self.expr(n.node, scope)
            return _attr(base, n.attr, f"{self.where} ({_show(n)})", self.problems)
        if isinstance(n, nodes.Getitem):
            base = self.expr(n.node, scope)
            self.expr(n.arg, scope)
            if base[0] == "list" and isinstance(n.arg, nodes.Slice):
                return base
            if base[0] == "list":
                return base[1]
            if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, str) and base[0] in ("model", "dc", "keys"):
                return _attr(base, n.arg.value, f"{self.where} ({_show(n)})", self.problems)
            return base[1] if base[0] == "map" else ANY
        if isinstance(n, nodes.Filter) and n.node is not None:
            base = self.expr(n.node, scope)
            for a in n.args:
                self.expr(a, scope)
            return base if n.name in LIST_PRESERVING and base[0] == "list" else ANY
        if isinstance(n, nodes.Call):
            for a in n.args:
                self.expr(a, scope)
            for kw in n.kwargs:
                self.expr(kw.value, scope)
            if isinstance(n.node, nodes.Name):
                return CALLS.get(n.node.name, ANY)
            if isinstance(n.node, nodes.Getattr):  # a method of a value (str.startswith …)
                self.expr(n.node.node, scope)
            return ANY
        for child in n.iter_child_nodes():
            self.expr(child, scope)
        return ANY

    def stmt(self, n: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(n, nodes.For):
            it = self.expr(n.iter, scope)
            inner = dict(scope)
            elem = it[1] if it[0] == "list" else ANY
            if isinstance(n.target, nodes.Name):
                inner[n.target.name] = elem
            else:
                for t in n.target.find_all(nodes.Name):
                    inner[t.name] = ANY
            inner["loop"] = ANY
            if n.test is not None:
                self.expr(n.test, inner)
            for s in n.body:
                self.stmt(s, inner)
            for s in n.else_:
                self.stmt(s, scope)
            return
        if isinstance(n, nodes.Assign):
            self.expr(n.node, scope)
            for t in n.target.find_all(nodes.Name):
                scope[t.name] = ANY
            return
        if isinstance(n, nodes.Expr) or isinstance(n, nodes.Output):
            for c in n.iter_child_nodes():
                if isinstance(c, nodes.Expr):
                    self.expr(c, scope)
                else:
                    self.stmt(c, scope)
            return
        if isinstance(n, nodes.If):
            self.expr(n.test, scope)
            for s in n.body + n.else_:
                self.stmt(s, scope)
            for e in n.elif_:
                self.stmt(e, scope)
            return
        for c in n.iter_child_nodes():
            if isinstance(c, nodes.Expr):
                self.expr(c, scope)
            else:
                self.stmt(c, scope)


def _show(n: nodes.Node) -> str:
    if isinstance(n, nodes.Name):
        return n.name
    if isinstance(n, nodes.Getattr):
        return f"{_show(n.node)}.{n.attr}"
    if isinstance(n, nodes.Getitem):
        arg = repr(n.arg.value) if isinstance(n.arg, nodes.Const) else "…"
        return f"{_show(n.node)}[{arg}]"
    return type(n).__name__


def template_source(path: Path) -> str:
    """The Jinja source docxtpl renders for a .docx template (body only)."""
    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    return tpl.patch_xml(tpl.get_xml())


def check_template_paths(path: Path) -> list[str]:
    """Problems with the attribute paths a template uses (empty when all exist)."""
    ast = jinja2.Environment().parse(template_source(path))
    c = _Checker(f"{path.parent.name}/{path.name}")
    scope = dict(BASE)
    for s in ast.body:
        c.stmt(s, scope)
    return c.problems
