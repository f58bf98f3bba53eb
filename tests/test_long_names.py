"""An 80-character company name generates every form in every scheme, with and without ``--pdf`` (issue 25):
short folder and file names (each within 255 bytes), the full name inside the documents and the manifest,
never an empty output folder; a regeneration's dated folder fits too (tests/test_hostile_names.py covers
jiangsu's other hostile names)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import patched, run_main, sample_data
from docx import Document

from lingtan.assessment.schemes import load_scheme
from lingtan.common.manifest import MANIFEST_NAME
from lingtan.generator.render import document_text

SIX = ["jiangsu-zero", "suzhou-near-zero", "fujian-zero", "fujian-near-zero", "hefei", "zhejiang"]
LONG = "江苏" + "零碳示范" * 18 + "工厂有限公司"  # 80 characters, 240 bytes



def long_named(sample: str, tmp_path: Path) -> Path:
    """The sample under an 80-character name, as a factory on the provincial list (so zhejiang's
    动态管理表, made for listed factories only, is among the forms too)."""
    f = tmp_path / "data.yaml"
    data = patched(sample_data(sample), {"enterprise.name": LONG, "listing": {"provincial_year": 2024}})
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return f


def check_package(folder: Path, scheme_id: str, pdf: bool) -> None:
    assert len(folder.name.encode("utf-8")) <= 255
    m = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert m["applicant"]["name"] == LONG
    assert len(m["forms"]) == len(load_scheme(scheme_id).forms) + 1
    for f in m["forms"]:
        path = folder / f["file"]
        assert path.is_file() and len(f["file"].encode("utf-8")) <= 255, f["file"]
        assert Document(str(path)).core_properties.author == LONG
        if pdf:
            assert path.with_suffix(".pdf").is_file(), f["file"]
    assert any(LONG in re.sub(r"\s+", "", document_text((folder / f["file"]).read_bytes())) for f in m["forms"])
    for p in folder.iterdir():
        assert len(p.name.encode("utf-8")) <= 255


@pytest.mark.parametrize("sample", SIX)
def test_an_80_character_name_generates_every_form(sample, tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = run_main("generate", str(long_named(sample, tmp_path)), "--out", str(out), "--as-of", "2026-03-15")
    assert code == 0, stderr
    (folder,) = out.iterdir()
    check_package(folder, sample_data(sample)["application"]["scheme"], pdf=False)
    if any(LONG not in f.name for f in folder.glob("*.docx")):
        assert "缩短" in stdout  # a clear message where a name was shortened
    # a regeneration with an edited form goes to a dated folder whose name fits as well
    form = next(p for p in folder.glob("*.docx"))
    doc = Document(str(form))
    doc.add_paragraph("补充")
    doc.save(str(form))
    code, stdout, stderr = run_main("generate", str(long_named(sample, tmp_path)), "--out", str(out), "--as-of", "2026-03-15")
    assert code == 0, stderr
    (dated,) = [p for p in out.iterdir() if p != folder]
    check_package(dated, sample_data(sample)["application"]["scheme"], pdf=False)


@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", SIX)
def test_an_80_character_name_generates_every_pdf(sample, tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = run_main("generate", str(long_named(sample, tmp_path)), "--out", str(out), "--as-of", "2026-03-15", "--pdf")
    assert code == 0, stderr
    (folder,) = out.iterdir()
    check_package(folder, sample_data(sample)["application"]["scheme"], pdf=True)
    assert "已转换 PDF" in stdout
