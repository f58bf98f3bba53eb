"""Shared helpers for tests: load samples, patch factory data, score."""

from __future__ import annotations

import contextlib
import copy
import fcntl
import io
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.engine.result import Assessment
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_scheme

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "factories"
AS_OF = date(2026, 3, 15)  # a fixed evaluation date keeps certificate validity stable


def run_main(*argv: str) -> tuple[int, str, str]:
    """``lingtan ARGV`` in this process: the exit code, stdout and stderr; never a traceback nor the
    last-resort internal error."""
    from lingtan.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text and "LINGTAN_DEBUG" not in text
    return code, out.getvalue(), err.getvalue()


def once_per_session(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Any]) -> Any:
    """``build(folder)`` run once per test session, by whichever xdist worker comes first (the others wait
    on a lock); every worker gets its JSON result. For slow shared work: LibreOffice conversions."""
    base = tmp_path_factory.getbasetemp()
    session = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the session's, shared by its workers
    shared = session / name
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "done.json"
        if not done.is_file():
            done.write_text(json.dumps(build(shared), ensure_ascii=False), encoding="utf-8")
        return json.loads(done.read_text(encoding="utf-8"))


def sample_data(name: str) -> dict[str, Any]:
    """The raw dict of samples/factories/<name>.yaml (a fresh copy)."""
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def _step(node: Any, part: str) -> Any:
    if isinstance(node, list) and part.isdigit():
        return next(y for y in node if y.get("year") == int(part))
    if node.get(part) is None:
        node[part] = {}
    return node[part]


def patched(data: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``patch`` into a copy of ``data``.

    Keys are dotted paths; a number after ``years`` addresses that year's entry,
    e.g. ``{"years.2025.renewable_tce": 910}`` or ``{"years.2025": {"renewable_tce": 910}}``.
    A value of None sets the field to None (absent).
    """
    out = copy.deepcopy(data)
    for key, value in patch.items():
        parts = key.split(".")
        node: Any = out
        for part in parts[:-1]:
            node = _step(node, part)
        last = parts[-1]
        if isinstance(node, list) and last.isdigit():
            _step(node, last).update(value)
        else:
            node[last] = value
    return out


def score(data: dict[str, Any], scheme: str, level: str | None = None, as_of: date = AS_OF) -> Assessment:
    """Validate ``data`` and assess it against ``scheme``."""
    return assess(Factory.model_validate(data), load_scheme(scheme), level=level, as_of=as_of)


def item(a: Assessment, item_id: str):
    """The indicator result with id ``item_id``."""
    return next(r for r in a.indicators if r.id == item_id)


def condition(a: Assessment, cond_id: str):
    """The condition result with id ``cond_id``."""
    return next(c for c in a.conditions if c.id == cond_id)


def threshold(a: Assessment, th_id: str):
    return next(t for t in a.thresholds if t.id == th_id)


@pytest.fixture(autouse=True)
def _toc_layout_only_for_libreoffice_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Laying out a 目录 runs LibreOffice once per form with one (generator/toc_pages.py): only the
    tests marked ``libreoffice`` pay for it; the others get the documented "页码待更新" path."""
    if request.node.get_closest_marker("libreoffice") is None:
        monkeypatch.setenv("LINGTAN_TOC_PAGES", "0")


@pytest.fixture
def as_of() -> date:
    return AS_OF


# -- generated packages ------------------------------------------------------------------

from dataclasses import dataclass as _dataclass  # noqa: E402


@_dataclass
class Generated:
    """A generated package read back: folder, manifest, and each form's text and document."""

    folder: Path
    manifest: dict[str, Any]
    result: Any

    def docx(self, form_id: str) -> Path:
        """The .docx file of a form (by form id, e.g. "intake-form")."""
        name = next(f["file"] for f in self.manifest["forms"] if f["id"] == form_id)
        return self.folder / name

    def text(self, form_id: str) -> str:
        """All text of a form: body, tables, headers and footers (line breaks as newlines)."""
        from lingtan.generator.render import document_text

        return document_text(self.docx(form_id).read_bytes())

    def document(self, form_id: str):
        from docx import Document

        return Document(str(self.docx(form_id)))


def generate(data: dict[str, Any], out: Path, scheme: str | None = None, level: str | None = None,
             as_of: date = AS_OF, indicators: Path | None = None) -> Generated:
    """Generate the package of ``data`` (a factory dict) into ``out`` and read it back."""
    import json

    from lingtan.assessment.schemes import load_indicator_file, resolve_level, with_indicators
    from lingtan.common.manifest import MANIFEST_NAME
    from lingtan.generator.package import generate_package

    fac = Factory.model_validate(data)
    sch = load_scheme(scheme or fac.application.scheme)
    if indicators is not None:
        sch = with_indicators(sch, load_indicator_file(indicators))
    lvl = resolve_level(sch, level or (fac.application.level if fac.application.scheme in (None, sch.id) else None))
    r = generate_package(fac, sch, lvl, as_of, out)
    folder = Path(r.folder)
    return Generated(folder, json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")), r)


def squash(text: str) -> str:
    """Text without any whitespace (for comparing labels that wrap inside cells)."""
    return "".join(text.split())
