"""Regeneration never deletes what a person wrote (issue 28; docs/decisions.md "## 重新生成 (issue 28)").

``lingtan generate`` (and generate-batch) into an ``--out`` that holds the package already: a file the
person added survives, a form the person edited survives byte for byte (the new package goes to a
dated folder and the output says where), unchanged tool files are refreshed, ``--force`` replaces
edited tool files but never a file the tool did not write, and a run that fails leaves the old package.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from conftest import patched, run_main, sample_data
from docx import Document

from lingtan.common.manifest import MANIFEST_NAME
from lingtan.generator.render import document_text

NAME = "张家港恒晟精密轴承有限公司"
NOTE = "我的备注.txt"
AS_OF = "2026-03-15"



def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def data_file(tmp_path: Path, address: str | None = None) -> Path:
    d = sample_data("jiangsu-zero")
    if address:
        d = patched(d, {"enterprise.address": address})
    f = tmp_path / "data.yaml"
    f.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return f


def generate(data: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_main("generate", str(data), "--out", str(out), "--as-of", AS_OF, *extra)


def edit_docx(path: Path, text: str = "企业自己补充的一段说明") -> None:
    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))


@pytest.fixture
def first(tmp_path):
    """A package generated once, with a note the person put beside the forms."""
    out = tmp_path / "out"
    code, _o, err = generate(data_file(tmp_path), out)
    assert code == 0, err
    folder = out / NAME
    (folder / NOTE).write_text("周三前找财务确认电费发票", encoding="utf-8")
    (folder / "扫描件").mkdir()
    (folder / "扫描件" / "营业执照.pdf").write_bytes(b"%PDF-1.4 scan")
    return out, folder


def main_form(folder: Path) -> Path:
    return folder / f"{NAME}.docx"


def test_the_manifest_lists_every_file_the_tool_wrote_with_its_hash(first):
    _out, folder = first
    m = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    written = {p.name for p in folder.iterdir() if p.is_file()} - {MANIFEST_NAME, NOTE}
    assert set(m["files"]) == written
    for name, digest in m["files"].items():
        assert sha(folder / name) == digest


def test_added_note_survives_and_unchanged_forms_are_refreshed(first, tmp_path):
    out, folder = first
    code, stdout, err = generate(data_file(tmp_path, address="苏州市张家港市新地址路 88 号"), out)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [NAME]  # no dated folder: nothing was edited
    assert (folder / NOTE).read_text(encoding="utf-8") == "周三前找财务确认电费发票"
    assert (folder / "扫描件" / "营业执照.pdf").read_bytes() == b"%PDF-1.4 scan"
    assert "新地址路" in document_text(main_form(folder).read_bytes())  # refreshed
    assert NOTE in stdout and "保留" in stdout
    m = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert NOTE not in m["files"] and m["files"][main_form(folder).name] == sha(main_form(folder))
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left
    assert main_form(folder).stat().st_mode & 0o044  # readable by others like any new file (umask 022), not 0600


def test_an_edited_form_survives_and_the_new_package_goes_to_a_dated_folder(first, tmp_path):
    out, folder = first
    edit_docx(main_form(folder))
    before = tree(folder)
    code, stdout, err = generate(data_file(tmp_path, address="苏州市张家港市新地址路 88 号"), out)
    assert code == 0, err
    assert tree(folder) == before  # the old folder untouched, the edit kept byte for byte
    (dated,) = [p for p in out.iterdir() if p.name != NAME]
    assert dated.name.startswith(NAME + "-20") and (dated / MANIFEST_NAME).is_file()
    assert "新地址路" in document_text(main_form(dated).read_bytes())
    assert main_form(folder).name in stdout and str(dated) in stdout and "--force" in stdout


def test_force_replaces_an_edited_form_but_keeps_the_persons_files(first, tmp_path):
    out, folder = first
    edit_docx(main_form(folder))
    edited = sha(main_form(folder))
    code, stdout, err = generate(data_file(tmp_path, address="苏州市张家港市新地址路 88 号"), out, "--force")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [NAME]
    assert sha(main_form(folder)) != edited and "新地址路" in document_text(main_form(folder).read_bytes())
    assert (folder / NOTE).is_file() and (folder / "扫描件" / "营业执照.pdf").is_file()
    assert "--force" in stdout and main_form(folder).name in stdout


def test_force_never_overwrites_a_file_the_tool_did_not_write(first, tmp_path):
    out, folder = first
    (folder / MANIFEST_NAME).unlink()  # without the manifest nothing in the folder is known to be the tool's
    before = tree(folder)
    code, stdout, err = generate(data_file(tmp_path), out, "--force")
    assert code == 0, err
    assert tree(folder) == before
    (dated,) = [p for p in out.iterdir() if p.name != NAME]
    assert main_form(dated).is_file() and "不是本工具写入" in stdout


def test_an_output_path_that_is_a_file_is_never_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / NAME).write_text("同名的文件", encoding="utf-8")
    code, _stdout, err = generate(data_file(tmp_path), out)
    assert code == 0, err
    assert (out / NAME).read_text(encoding="utf-8") == "同名的文件"
    (dated,) = [p for p in out.iterdir() if p.name != NAME]
    assert main_form(dated).is_file()


def test_a_run_that_fails_while_writing_leaves_the_old_package(first, tmp_path, monkeypatch):
    out, folder = first
    before = tree(folder)
    from lingtan.generator import regenerate

    real, calls = regenerate.tempfile.mkstemp, []

    def full_disk(*a, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*a, **kw)

    monkeypatch.setattr(regenerate.tempfile, "mkstemp", full_disk)
    code, _stdout, stderr = generate(data_file(tmp_path, address="苏州市张家港市新地址路 88 号"), out)
    assert code == 4 and str(folder) in stderr
    assert tree(folder) == before and len(calls) == 3
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_a_run_that_fails_while_rendering_leaves_the_old_package(first, tmp_path, monkeypatch):
    out, folder = first
    before = tree(folder)
    from lingtan.common.errors import OutputError
    from lingtan.generator import package

    real, calls = package.render_form, []

    def fail_second(*a, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise OutputError("模板损坏")
        return real(*a, **kw)

    monkeypatch.setattr(package, "render_form", fail_second)
    code, _stdout, stderr = generate(data_file(tmp_path), out)
    assert code == 4 and "模板损坏" in stderr
    assert tree(folder) == before and sorted(p.name for p in out.iterdir()) == [NAME]


def test_generate_batch_keeps_notes_and_edits_and_refreshes_the_rest(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(yaml.safe_dump(sample_data("jiangsu-zero"), allow_unicode=True), encoding="utf-8")
    other = sample_data("jiangsu-near-zero-fails")
    (data / "b.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    argv = ("generate-batch", str(data), "--scheme", "jiangsu", "--out", str(out), "--as-of", AS_OF, "--jobs", "1")
    code, stdout, stderr = run_main(*argv)
    assert code in (0, 1), (stdout, stderr)
    a, b = out / NAME, out / other["enterprise"]["name"]
    (a / NOTE).write_text("备注", encoding="utf-8")
    edit_docx(b / f"{b.name}.docx")
    kept_b = tree(b)
    code, stdout, stderr = run_main(*argv)
    assert code in (0, 1), (stdout, stderr)
    assert (a / NOTE).read_text(encoding="utf-8") == "备注"
    m = json.loads((a / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert m["files"][f"{NAME}.docx"] == sha(a / f"{NAME}.docx") and NOTE not in m["files"]  # refreshed in place
    assert tree(b) == kept_b  # edited: untouched, the new package beside it
    dated = [p for p in out.iterdir() if p.is_dir() and p.name.startswith(b.name + "-20")]
    assert len(dated) == 1 and (dated[0] / f"{b.name}.docx").is_file()
    summary = json.loads((out / "批量生成汇总.json").read_text(encoding="utf-8"))
    assert dated[0].name in {e["folder"] for e in summary["enterprises"]}
    assert not [p for p in out.iterdir() if p.name.startswith(".lingtan-batch-")]
    code, stdout, stderr = run_main(*argv, "--force")
    assert code in (0, 1), (stdout, stderr)
    assert sha(b / f"{b.name}.docx") != kept_b[f"{b.name}.docx"] and (a / NOTE).is_file()


@pytest.mark.libreoffice
def test_pdf_copies_are_in_the_manifest_and_survive_a_run_without_pdf(tmp_path):
    out = tmp_path / "out"
    code, stdout, err = generate(data_file(tmp_path), out, "--pdf")
    assert code == 0, err
    folder = out / NAME
    m = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs and set(pdfs) <= set(m["files"]) and "已转换 PDF" in stdout
    code, stdout, err = generate(data_file(tmp_path), out)
    assert code == 0, err
    assert sorted(p.name for p in folder.glob("*.pdf")) == pdfs  # earlier PDFs are never removed
    m = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(pdfs) <= set(m["earlier_files"])


def test_generate_batch_keeps_an_edited_bureau_table(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(yaml.safe_dump(sample_data("suzhou-near-zero"), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    argv = ("generate-batch", str(data), "--scheme", "suzhou", "--out", str(out), "--as-of", AS_OF, "--jobs", "1")
    code, stdout, stderr = run_main(*argv)
    assert code in (0, 1), (stdout, stderr)
    summary = json.loads((out / "批量生成汇总.json").read_text(encoding="utf-8"))
    tables = [t["file"] for t in summary["bureau_tables"] if t["file"]]
    assert tables and set(summary["files"]) == {*tables, "批量生成汇总.xlsx"}
    edited = out / tables[0]
    edit_docx(edited, "区工信局补充的说明")
    kept = sha(edited)
    code, stdout, stderr = run_main(*argv)
    assert code in (0, 1), (stdout, stderr)
    assert sha(edited) == kept  # the official's edit is kept
    stem = Path(tables[0]).stem
    (dated,) = [p for p in out.glob(f"{stem}-20*.docx")]
    assert dated.name in stdout and tables[0] in stdout
    summary = json.loads((out / "批量生成汇总.json").read_text(encoding="utf-8"))
    assert dated.name in {t["file"] for t in summary["bureau_tables"]}
    assert not list(out.glob("批量生成汇总-20*"))  # the untouched summary workbook is refreshed in place


def test_a_failed_pdf_conversion_still_writes_the_forms_and_says_why(first, tmp_path, monkeypatch):
    out, folder = first
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("LINGTAN_SOFFICE", str(fake))
    code, _stdout, stderr = generate(data_file(tmp_path, address="苏州市张家港市新地址路 88 号"), out, "--pdf")
    assert code == 4 and "LibreOffice 转换 PDF 失败" in stderr
    assert "新地址路" in document_text(main_form(folder).read_bytes()) and not list(folder.glob("*.pdf"))
    assert (folder / NOTE).is_file()
