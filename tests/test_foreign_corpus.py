"""The foreign sample corpus (samples/foreign): independent of the checker, truth agrees with the files, reproducible."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pymupdf
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FOREIGN = ROOT / "samples" / "foreign"
SUBS = FOREIGN / "submissions"
TRUTHS = sorted(SUBS.glob("*.truth.json"))
FORBIDDEN = ("lingtan", "checker", "corpusgen", "samples.corpusgen", "generator", "assessment", "common")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append(("." * node.level) + (node.module or ""))
            if node.module is None or node.level:
                out += [f"{'.' * node.level}{node.module or ''}.{a.name}" for a in node.names]
    return out


def test_generator_imports_nothing_of_the_checker_or_corpusgen():
    files = sorted(FOREIGN.rglob("*.py"))
    assert files, "samples/foreign has no Python files"
    for py in files:
        for name in _imports(py):
            bare = name.lstrip(".")
            root = bare.split(".")[0]
            assert root not in FORBIDDEN and not bare.startswith("samples.corpusgen"), f"{py.relative_to(ROOT)} imports {name}"
            assert "corpusgen" not in name and "checker" not in name, f"{py.relative_to(ROOT)} imports {name}"


def test_corpus_present_and_small():
    assert len(TRUTHS) >= 8
    total = sum(p.stat().st_size for p in SUBS.rglob("*") if p.is_file())
    assert total <= 8 * 1024 * 1024, total
    schemes = {json.loads(t.read_text(encoding="utf-8"))["scheme"] for t in TRUTHS}
    assert len(schemes) >= 3


DOC_TYPES = set(yaml.safe_load((ROOT / "lingtan" / "data" / "evidence_specs" / "doc_types.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def test_truth_agrees_with_files(truth_path: Path):
    t = json.loads(truth_path.read_text(encoding="utf-8"))
    folder = SUBS / t["id"]
    assert folder.is_dir()
    assert (ROOT / t["applicant"]["factory"]).is_file()
    for key in ("id", "scheme", "level", "as_of", "applicant", "clean", "files", "defects", "expected_gaps"):
        assert key in t, key
    assert t["clean"] == (not t["expected_gaps"])
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == {f["path"] for f in t["files"]}, "files on disk and in the truth differ"
    for f in t["files"]:
        data = (folder / f["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
        assert len(data) == f["size"], f["path"]
        for d in f["documents"]:
            assert d["doc_type"] in DOC_TYPES, (f["path"], d["doc_type"])
            assert 1 <= d["pages"][0] <= d["pages"][1] <= f["pages"]
        if f["path"].lower().endswith(".pdf"):
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                assert doc.page_count == f["pages"], f["path"]
                if f["delivery"] in ("scanned", "photo") or f.get("text_layer") is False:
                    for page in doc:
                        assert page.get_text().strip() == "", f"{f['path']}: page {page.number + 1} has a text layer"
                else:
                    assert all(page.get_text().strip() for page in doc), f"{f['path']}: a page without text"
                if f.get("bookmarks"):
                    assert [e[2] for e in doc.get_toc()] == [d["pages"][0] for d in f["documents"]]
                elif f["delivery"] == "combined":
                    assert doc.get_toc() == []
        else:
            assert f["delivery"] == "photo" and f["pages"] == 1
            with pymupdf.open(stream=data, filetype="jpg") as doc:
                assert doc[0].get_text().strip() == ""
    for g in t["expected_gaps"]:
        if g["file"]:
            assert g["file"].split("#")[0] in {f["path"] for f in t["files"]}, g


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_foreign_under_test", FOREIGN / "make_foreign.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = mod  # dataclasses look the module up while the class is made
    spec.loader.exec_module(mod)
    return mod


def test_regenerating_one_submission_reproduces_the_committed_bytes(tmp_path: Path):
    sys_path = list(sys.path)
    try:
        gen = _load_generator()
        sid = "hefei-f01-cert-bodies"
        t = gen.build(gen.SUBMISSIONS[sid], tmp_path)
    finally:
        sys.path[:] = sys_path
        for name in ("make_foreign_under_test", "fkit", "fdocs"):
            sys.modules.pop(name, None)
    committed = json.loads((SUBS / f"{sid}.truth.json").read_text(encoding="utf-8"))
    assert t["files"] == committed["files"]
    assert t["expected_gaps"] == committed["expected_gaps"]
    for f in committed["files"]:
        assert (tmp_path / sid / f["path"]).read_bytes() == (SUBS / sid / f["path"]).read_bytes(), f["path"]
