"""Document properties name the enterprise and the generation date (issue 25): every generated .docx of the
six samples, the PDFs of ``--pdf``, the check report workbook and the batch summary — never "python-docx",
"openpyxl" or the template's 2025-01-01."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import run_main
from docx import Document
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "factories"
SIX = ["jiangsu-zero", "suzhou-near-zero", "fujian-zero", "fujian-near-zero", "hefei", "zhejiang"]



def _recent(when: datetime | None) -> bool:
    return when is not None and abs((when.replace(tzinfo=None) - datetime.utcnow()).total_seconds()) < 3600 * 14


@pytest.mark.parametrize("sample", SIX)
def test_every_form_names_the_enterprise_and_the_generation_date(sample, tmp_path):
    code, _o, err = run_main("generate", str(SAMPLES / f"{sample}.yaml"), "--out", str(tmp_path), "--as-of", "2026-03-15")
    assert code == 0, err
    (folder,) = tmp_path.iterdir()
    import json

    name = json.loads((folder / "lingtan-manifest.json").read_text(encoding="utf-8"))["applicant"]["name"]
    forms = sorted(folder.glob("*.docx"))
    assert len(forms) >= 2
    for f in forms:
        props = Document(str(f)).core_properties
        assert props.author == name and props.last_modified_by == name, f.name
        assert props.title, f.name  # the form's name
        assert _recent(props.created) and _recent(props.modified), (f.name, props.created)
        with zipfile.ZipFile(f) as z:
            meta = z.read("docProps/core.xml").decode("utf-8") + z.read("docProps/app.xml").decode("utf-8")
        assert "python-docx" not in meta and "2025-01-01" not in meta, f.name
        assert re.search(rf"<Company>{re.escape(name)}</Company>", meta), f.name


def test_workbooks_name_their_author_not_openpyxl(tmp_path):
    out = tmp_path / "gen"
    code, _o, err = run_main("generate", str(SAMPLES / "jiangsu-zero.yaml"), "--out", str(out), "--as-of", "2026-03-15")
    assert code == 0, err
    (folder,) = out.iterdir()
    report = tmp_path / "report.xlsx"
    code, _o, err = run_main("check", str(folder), "--scheme", "jiangsu", "--format", "xlsx", "--out", str(report),
                             "--no-ocr", "--as-of", "2026-03-15")
    assert report.is_file(), err
    props = load_workbook(report).properties
    assert props.creator == "张家港恒晟精密轴承有限公司" and props.lastModifiedBy == props.creator
    assert _recent(props.created)
    batch = tmp_path / "batch"
    code, _o, err = run_main("generate-batch", str(SAMPLES), "--scheme", "jiangsu", "--out", str(batch), "--as-of", "2026-03-15",
                             "--jobs", "1")
    props = load_workbook(batch / "批量生成汇总.xlsx").properties
    assert props.creator == "lingtan" and "openpyxl" not in (props.lastModifiedBy or "")
    assert props.created.date() >= date(2026, 1, 1)


@pytest.mark.libreoffice
def test_pdf_copies_name_the_enterprise_and_the_date(tmp_path):
    import pymupdf

    code, _stdout, err = run_main("generate", str(SAMPLES / "hefei.yaml"), "--out", str(tmp_path), "--as-of", "2026-03-15", "--pdf")
    assert code == 0, err
    (folder,) = tmp_path.iterdir()
    pdfs = sorted(folder.glob("*.pdf"))
    assert pdfs
    today = datetime.utcnow().strftime("%Y%m%d")
    for f in pdfs:
        with pymupdf.open(f) as doc:
            meta = doc.metadata
        assert meta["author"] == folder.name and meta["title"], f.name
        assert meta["creationDate"][2:10] == today and meta["modDate"] == meta["creationDate"], meta
