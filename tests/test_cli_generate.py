"""An enterprise runs `lingtan generate` on its data file and gets its application package."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, patched, sample_data
from lingtan.cli import main
from test_cli import _installed_command

import yaml


def test_generate_writes_every_form_the_index_and_the_manifest(tmp_path, capsys):
    code = main(["generate", str(SAMPLES / "jiangsu-zero.yaml"), "--out", str(tmp_path), "--as-of", "2026-03-15"])
    out = capsys.readouterr().out
    assert code == 0
    folder = tmp_path / "张家港恒晟精密轴承有限公司"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([
        "张家港恒晟精密轴承有限公司-江苏省零碳（近零碳）工厂入库申报表.docx",
        "张家港恒晟精密轴承有限公司.docx",  # 申报书: named with the enterprise's full name (附件3 填报说明5)
        "张家港恒晟精密轴承有限公司-证明材料索引.docx",
        "lingtan-manifest.json",
    ])
    assert "评价得分：87.00/100" in out and "符合申报条件" in out and "草稿" in out
    drafts = [ln for ln in out.splitlines() if "草稿：" in ln]
    assert drafts and all("“文字材料”工作表" in ln and not re.search(r"[a-z]+_[a-z]+", ln) for ln in drafts), drafts  # no data key shown
    m = json.loads((folder / "lingtan-manifest.json").read_text(encoding="utf-8"))
    assert m["applicant"]["uscc"] == "91320582MA1WQ8TK7L" and m["level"]["id"] == "zero"


def test_generating_again_replaces_the_package_without_leftovers(tmp_path, capsys):
    args = ["generate", str(SAMPLES / "jiangsu-zero.yaml"), "--out", str(tmp_path), "--as-of", "2026-03-15"]
    assert main(args) == 0 and main(args) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["张家港恒晟精密轴承有限公司"]  # no temporary folders left


def test_every_sample_generates_every_form_of_its_scheme(tmp_path, capsys):
    for path in sorted(SAMPLES.glob("*.yaml")):
        out = tmp_path / path.stem
        assert main(["generate", str(path), "--out", str(out), "--as-of", "2026-03-15"]) == 0, path.name
        folder = next(out.iterdir())
        m = json.loads((folder / "lingtan-manifest.json").read_text(encoding="utf-8"))
        from lingtan.assessment.schemes import load_scheme

        listed = "listing" in yaml.safe_load(path.read_text(encoding="utf-8"))  # a 动态管理表 only for a listed factory
        expected = {f.id for f in load_scheme(m["scheme"]["id"]).forms if listed or not f.listed_only} | {"evidence-index"}
        assert {f["id"] for f in m["forms"]} == expected, path.name
        for f in m["forms"]:
            assert (folder / f["file"]).stat().st_size > 5000


def test_invalid_data_names_the_field_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(patched(sample_data("jiangsu-zero"), {"enterprise.uscc": "91320582MA1WQ8TK7X"}), allow_unicode=True), encoding="utf-8")
    code = main(["generate", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "enterprise.uscc" in err
    assert not (tmp_path / "out").exists()


def test_pdf_without_libreoffice_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LINGTAN_SOFFICE", str(tmp_path / "no-such-soffice"))
    code = main(["generate", str(SAMPLES / "jiangsu-zero.yaml"), "--out", str(tmp_path), "--pdf", "--as-of", "2026-03-15"])
    err = capsys.readouterr().err
    assert code == 4
    assert "LibreOffice" in err and "apt install libreoffice-writer" in err and ".docx 文件已正常生成" in err
    assert (tmp_path / "张家港恒晟精密轴承有限公司" / "张家港恒晟精密轴承有限公司.docx").is_file()


@pytest.mark.skipif(_installed_command() is None, reason="lingtan is not installed in this environment")
def test_installed_command_generates_outside_the_checkout(tmp_path):
    """Templates and draft recipes travel with the wheel."""
    sample = tmp_path / "f.yaml"
    shutil.copy(SAMPLES / "zhejiang.yaml", sample)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([_installed_command(), "generate", str(sample), "--out", "out", "--as-of", "2026-03-15"],
                       cwd=tmp_path, capture_output=True, text=True, env=env, timeout=180)
    assert r.returncode == 0, r.stderr
    folder = next((tmp_path / "out").iterdir())
    assert len(list(folder.glob("*.docx"))) >= 4
