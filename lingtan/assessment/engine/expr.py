"""A small, safe expression language for scheme files.

Scheme files (and user-supplied indicator files) state their rules as Python-like
expressions over the factory data, e.g. ``last.renewable_share >= 0.5``. They are
parsed with :mod:`ast` and only a whitelist of node types is accepted: literals,
names, attribute and item access (no ``_`` attributes), arithmetic without
``**``, comparisons, ``and``/``or``/``not``, conditional expressions, and calls of
the functions the environment provides. Nothing else — no imports, lambdas,
comprehensions or method calls — so a hostile indicator file cannot run code.

Missing data is not an error of the expression: reading an absent value yields a
:class:`Missing` marker, and using it raises :class:`MissingFact` naming the
field, which the engine reports as "缺少数据".
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, get_args

from pydantic import BaseModel

from lingtan.common.i18n import _

from ..model.fields import is_declaration

_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Is,
    ast.IsNot,
    ast.IfExp,
    ast.Call,
    ast.keyword,
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.Load,
)

MAX_EXPR_LENGTH = 2000


class ExprSyntaxError(ValueError):
    """The expression is not valid in the scheme language."""


class MissingFact(Exception):
    """An expression needed a value the factory data does not have."""

    def __init__(self, path: str, why: str | None = None) -> None:
        super().__init__(path)
        self.path = path
        self.why = why if why is not None else _("缺少数据")

    def __str__(self) -> str:
        """The reason and the data in Chinese (``缺少数据：2024年综合能耗``); ``path`` keeps the data path."""
        from .wording import path_words

        return f"{self.why}：{path_words(self.path)}"


class UnknownFact(MissingFact):
    """An expression needed a declaration the applicant left unfilled (未填写: true, false or unknown)."""

    def __init__(self, path: str, yes_no: bool = True) -> None:
        super().__init__(path, _("未填写"))
        self.yes_no = yes_no

    def __str__(self) -> str:
        """What to fill in, by the field's Chinese label (``未填写“近三年正常经营生产”，请填写“是”或“否”``)."""
        from .wording import path_words

        if self.yes_no:
            return _("未填写“{field}”，请填写“是”或“否”").format(field=path_words(self.path))
        return _("未填写“{field}”，请从选项中选择").format(field=path_words(self.path))


@dataclass(frozen=True)
class Expr:
    """A checked, compiled expression."""

    source: str
    code: Any = field(repr=False, compare=False)
    names: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def compile_expr(source: str) -> Expr:
    """Parse and check ``source``; ExprSyntaxError when it is not allowed."""
    if not isinstance(source, str) or not source.strip():
        raise ExprSyntaxError(_("表达式为空"))
    if len(source) > MAX_EXPR_LENGTH:
        raise ExprSyntaxError(_("表达式过长（{count} 字符，上限 {limit}）").format(count=len(source), limit=MAX_EXPR_LENGTH))
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprSyntaxError(_("表达式语法错误：{source!r}：{msg}").format(source=source, msg=exc.msg)) from exc
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ExprSyntaxError(_("表达式 {source!r} 中不允许使用 {name}").format(source=source, name=type(node).__name__))
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ExprSyntaxError(_("表达式 {source!r} 中不允许访问以下划线开头的属性 {attr}").format(source=source, attr=node.attr))
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise ExprSyntaxError(_("表达式 {source!r} 中不允许使用以下划线开头的名称 {id}").format(source=source, id=node.id))
            names.add(node.id)
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise ExprSyntaxError(_("表达式 {source!r} 只能调用内置函数，不能调用方法").format(source=source))
        if isinstance(node, ast.Constant) and isinstance(node.value, (bytes, complex)):
            raise ExprSyntaxError(_("表达式 {source!r} 中不允许使用该常量").format(source=source))
    code = compile(tree, f"<scheme expr {source[:40]}>", "eval")
    return Expr(source=source.strip(), code=code, names=frozenset(names))


class Missing:
    """An absent value, remembered with its path; any real use raises MissingFact."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __getattr__(self, name: str) -> Missing:
        if name.startswith("_"):
            raise AttributeError(name)
        return Missing(f"{self.path}.{name}")

    def __getitem__(self, key: Any) -> Missing:
        return Missing(f"{self.path}[{key}]")

    def _fail(self, *_: Any) -> Any:
        raise self._fact()

    def _fact(self) -> MissingFact:
        return MissingFact(self.path)

    __bool__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __neg__ = __pos__ = _fail
    __len__ = __iter__ = __contains__ = __float__ = __int__ = _fail
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return _("<缺少 {path}>").format(path=self.path)


class Unknown(Missing):
    """A declaration left unfilled (None): any use raises :class:`UnknownFact`."""

    __slots__ = ("yes_no",)

    def __init__(self, path: str, yes_no: bool = True) -> None:
        super().__init__(path)
        self.yes_no = yes_no  # a 是/否 declaration (else one of a vocabulary's choices)

    def __getattr__(self, name: str) -> Missing:
        if name.startswith("_"):
            raise AttributeError(name)
        return Unknown(f"{self.path}.{name}", self.yes_no)

    def _fact(self) -> MissingFact:
        return UnknownFact(self.path, self.yes_no)


class Trace:
    """Records the leaf facts an evaluation read, for the 'how derived' view."""

    def __init__(self) -> None:
        self.reads: dict[str, Any] = {}

    def note(self, path: str, value: Any) -> None:
        if len(self.reads) < 64:
            self.reads.setdefault(path, value)


def wrap(value: Any, path: str, trace: Trace | None) -> Any:
    """Wrap model objects, dicts and lists in read-only views; note scalars."""
    if value is None:
        return Missing(path)
    if isinstance(value, (BaseModel, dict)):
        return View(value, path, trace)
    if isinstance(value, (list, tuple)):
        return ListView(value, path, trace)
    if trace is not None:
        trace.note(path, value)
    return value


class View:
    """Read-only attribute access to a pydantic model or a dict."""

    __slots__ = ("_extra", "_obj", "_path", "_trace")

    def __init__(self, obj: Any, path: str, trace: Trace | None, extra: dict[str, Callable[[], Any]] | None = None):
        self._obj = obj
        self._path = path
        self._trace = trace
        self._extra = extra or {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        path = f"{self._path}.{name}" if self._path else name
        if name in self._extra:
            return self._extra[name]()
        obj = self._obj
        if isinstance(obj, dict):
            if name not in obj:
                return Missing(path)
            return wrap(obj[name], path, self._trace)
        if name not in type(obj).model_fields:
            raise MissingFact(path, _("数据模型中没有该字段"))
        value = getattr(obj, name)
        if value is None and is_declaration(type(obj), name):
            return Unknown(path, bool in get_args(type(obj).model_fields[name].annotation))
        return wrap(value, path, self._trace)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(self._obj, dict):
            path = f"{self._path}[{key!r}]"
            if key not in self._obj:
                return Missing(path)
            return wrap(self._obj[key], path, self._trace)
        raise MissingFact(f"{self._path}[{key!r}]", _("该对象不支持下标访问"))

    def __repr__(self) -> str:
        return f"<{self._path}>"


class ListView:
    """Read-only list access; iterating yields wrapped elements."""

    __slots__ = ("_items", "_path", "_trace")

    def __init__(self, items: list | tuple, path: str, trace: Trace | None):
        self._items = list(items)
        self._path = path
        self._trace = trace
        if trace is not None and all(isinstance(i, (str, int, float)) for i in self._items):
            trace.note(path, list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        for i, item in enumerate(self._items):
            yield wrap(item, f"{self._path}[{i}]", self._trace)

    def __getitem__(self, i: int) -> Any:
        if not isinstance(i, int):
            raise MissingFact(f"{self._path}[{i!r}]", _("列表下标应为整数"))
        if -len(self._items) <= i < len(self._items):
            return wrap(self._items[i], f"{self._path}[{i}]", self._trace)
        return Missing(f"{self._path}[{i}]")

    def __contains__(self, item: Any) -> bool:
        return item in self._items

    def __eq__(self, other: Any) -> bool:
        return self._items == list(other) if isinstance(other, (list, tuple, ListView)) else False

    def raw(self) -> list:
        return list(self._items)

    def __repr__(self) -> str:
        return repr(self._items)


def is_missing(value: Any) -> bool:
    return isinstance(value, Missing)


#: why a value could not be computed, by the fault Python met (never the exception's own text in a result)
_FAULT_WHY: dict[type, Callable[[], str]] = {
    TypeError: lambda: _("无法计算：所填数据的类型不对（如应填数字处填了文字）"),
    ValueError: lambda: _("无法计算：所填数据的取值不合理"),
    AttributeError: lambda: _("无法计算：所填数据的结构不对"),
    OverflowError: lambda: _("无法计算：数值过大"),
}


def evaluate(expr: Expr | str, env: dict[str, Any]) -> Any:
    """Evaluate ``expr`` in ``env``; MissingFact propagates, other faults become MissingFact."""
    compiled = compile_expr(expr) if isinstance(expr, str) else expr
    try:
        result = eval(compiled.code, {"__builtins__": {}}, env)  # noqa: S307 - AST-whitelisted above
    except MissingFact:
        raise
    except ZeroDivisionError as exc:
        raise MissingFact(compiled.source, _("计算时分母为 0")) from exc
    except NameError as exc:
        raise ExprSyntaxError(_("表达式 {source!r} 使用了未定义的名称：{exc}").format(source=compiled.source, exc=exc)) from exc
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise MissingFact(compiled.source, _FAULT_WHY.get(type(exc), _FAULT_WHY[TypeError])()) from exc
    if isinstance(result, Missing):
        raise result._fact()
    return result


def finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
