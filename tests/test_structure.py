"""The house's rooms: who may import whom.

Read from the source with ``ast`` (imports inside functions count; ``if TYPE_CHECKING:`` imports
do not, they never run). The rules (docs/architecture.md, "Where each kind of change goes"):

- no import circle anywhere in the product code;
- ``common`` imports nothing of the halves; nothing but the command line imports ``web`` (the web app);
  ``assessment`` nothing of ``dataentry``, ``generator`` or ``checker``;
  ``dataentry`` (data files, workbooks, the field catalogue) only ``assessment`` and ``common``;
  the checker nothing of the generator and the generator nothing of the checker;
- no half imports the command line (``lingtan.cli``, ``lingtan.report``);
- everything is imported under ``lingtan.`` (no bare ``import checker``), in tests and tools too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assessment", "dataentry", "generator", "checker", "common", "web")
CLI_MODULES = {"lingtan.cli", "lingtan.report", "lingtan.__main__"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _product_files() -> list[Path]:
    return sorted((ROOT / "lingtan").rglob("*.py"))


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                lines.update(range(sub.lineno, (sub.end_lineno or sub.lineno) + 1))
    return lines


def _imports(path: Path, modules: set[str], *, typing_too: bool = False) -> set[str]:
    """The project modules a file imports at run time (resolved, relative imports included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if typing_too else _type_checking_lines(tree)
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" for a in node.names] + [mod]
        for t in targets:
            while t and t not in modules:  # "lingtan.checker.check.requirement" → the module "lingtan.checker.check"
                t = t.rpartition(".")[0]
            if t and t != name and t != "lingtan":
                out.add(t)
    return out


def _graph(*, typing_too: bool = False) -> dict[str, set[str]]:
    files = _product_files()
    modules = {_module_name(p) for p in files}
    graph = {_module_name(p): _imports(p, modules, typing_too=typing_too) for p in files}
    # importing a package's submodule runs the package's __init__: not an edge back to the importer
    return {m: {t for t in deps if not m.startswith(t + ".")} for m, deps in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read():
    g = _graph()
    assert "lingtan.checker.check" in g and "lingtan.checker.checks" in g["lingtan.checker.check"]
    assert "lingtan.common.errors" in g["lingtan.assessment.schemes"]
    assert "lingtan.dataentry.catalogue" in g["lingtan.dataentry.template"]
    assert "lingtan.dataentry.catalogue" in g["lingtan.generator.formuse"]


def test_no_import_circle():
    assert _cycles(_graph()) == []


def test_no_import_circle_even_through_type_only_imports():
    """A circle closed only by ``if TYPE_CHECKING:`` imports still ties the modules together for a reader
    (checks ↔ specs was one: the checks now name what they read of a material as a Protocol)."""
    assert _cycles(_graph(typing_too=True)) == []


def test_the_parts_are_tied_by_real_arrows():
    """The import graph between modules shows the real ties of the parts (no hidden face that hides them)."""
    g = _graph()
    arrows = {(m, t) for m, deps in g.items() for t in deps}
    assert len(arrows) >= 20
    part = lambda m: ".".join(m.split(".")[:2])  # noqa: E731
    assert len({(part(m), part(t)) for m, t in arrows if part(m) != part(t)}) >= 8


def test_a_planted_circle_is_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(("room", "forbidden"), [
    ("lingtan.common", ("lingtan.assessment", "lingtan.dataentry", "lingtan.generator", "lingtan.checker")),
    ("lingtan.assessment", ("lingtan.dataentry", "lingtan.generator", "lingtan.checker")),
    ("lingtan.dataentry", ("lingtan.generator", "lingtan.checker", "lingtan.web", "lingtan.cli", "lingtan.report")),
    ("lingtan.checker", ("lingtan.generator",)),
    ("lingtan.generator", ("lingtan.checker",)),
])
def test_rooms_import_only_what_they_may(room, forbidden):
    bad = sorted((m, t) for m, deps in _graph().items() if m.startswith(room) for t in deps if t.startswith(forbidden))
    assert bad == []


def test_nothing_but_the_command_line_imports_the_web_app():
    bad = sorted((m, t) for m, deps in _graph().items() if not m.startswith("lingtan.web") and m not in CLI_MODULES
                 for t in deps if t.startswith("lingtan.web"))
    assert bad == []


def test_no_half_imports_the_command_line():
    halves = tuple(f"lingtan.{p}" for p in PACKAGES)
    bad = sorted((m, t) for m, deps in _graph().items() if m.startswith(halves) for t in deps if t in CLI_MODULES)
    assert bad == []


def test_everything_is_imported_under_lingtan():
    bare = []
    for p in ROOT.rglob("*.py"):
        if ".venv" in p.parts:
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            bare += [f"{p.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in PACKAGES]
    assert bare == []


def test_one_real_package_without_symlinks():
    """Every part is a real folder of lingtan/ (no symbolic link in the tree, tracked or not)."""
    links = [str(p.relative_to(ROOT)) for p in (ROOT / "lingtan").rglob("*") if p.is_symlink()]
    assert links == []
    for part in PACKAGES:
        assert (ROOT / "lingtan" / part / "__init__.py").is_file()
        assert not (ROOT / part).exists(), f"{part}/ is back at the top level"
    assert (ROOT / "lingtan" / "data" / "templates").is_dir() and (ROOT / "lingtan" / "data" / "evidence_specs").is_dir()


FACES = ("lingtan.assessment", "lingtan.common", "lingtan.dataentry", "lingtan.generator", "lingtan.checker")


def _outside_imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """The ``from lingtan.X… import names`` of a file that reach outside the web app (every one, in functions too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("lingtan.") \
                and not (node.module or "").startswith("lingtan.web"):
            out.append((node.lineno, node.module or "", [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name, []) for a in node.names if a.name.startswith("lingtan.") and not a.name.startswith("lingtan.web")]
    return out


def test_the_web_app_and_the_command_line_use_only_the_public_faces():
    """web/, cli.py and report.py import each part only as ``from lingtan.<part> import name`` with a name of that
    part's ``__all__`` (its public face), never one of its modules."""
    import importlib

    faces = {f: set(importlib.import_module(f).__all__) for f in FACES}
    users = [*sorted((ROOT / "lingtan" / "web").rglob("*.py")), ROOT / "lingtan" / "cli.py", ROOT / "lingtan" / "report.py"]
    bad = []
    for p in users:
        for line, module, names in _outside_imports(p):
            where = f"{p.relative_to(ROOT)}:{line}"
            if module not in faces:
                bad.append(f"{where}: {module} is not a part's face")
            else:
                bad += [f"{where}: {module} has no public {n}" for n in names if n not in faces[module]]
    assert bad == []
    checker_modules = {m for p in (ROOT / "lingtan" / "web").rglob("*.py") for _, m, _ in _outside_imports(p) if m.startswith("lingtan.checker")}
    assert checker_modules <= {"lingtan.checker"}


def test_every_public_name_is_there():
    """Each name of a face's ``__all__`` resolves (the lazy table names real modules and names)."""
    import importlib
    import importlib.util

    for f in FACES:
        mod = importlib.import_module(f)
        for name in mod.__all__:
            assert getattr(mod, name) is not None, f"{f}.{name}"
            # a public name that is also a module's name would become that module once the module is imported
            assert importlib.util.find_spec(f"{f}.{name}") is None, f"{f}.{name} is also a module of {f}"
    import lingtan.checker as checker

    with pytest.raises(AttributeError):
        _ = checker.no_such_name
