"""One reader for every kind of factory data (``lingtan.dataentry.load_data_file``): YAML, JSON, the
data-entry workbook of ``lingtan template`` and a one-enterprise batch workbook — and the checker's
``--applicant`` / ``--applicants`` read the same files with the same messages as ``lingtan validate``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from checker_helpers import applicant_file, submission
from conftest import SAMPLES
from test_check_batch import batch_args, by_name, run_main, tiny_batch
from test_entry_template import Filler, _scheme, make_template

from lingtan.assessment.model.loading import load_factory
from lingtan.cli import main
from lingtan.common.errors import DataFileError, DataValidationError
from lingtan.dataentry import load_data_file
from lingtan.dataentry.batch_workbook import write_workbook


def _filled(tmp_path: Path, sid: str, sample: str) -> Path:
    """A data-entry workbook written by ``lingtan template`` and filled cell by cell from a sample."""
    wb = make_template(tmp_path, sid)
    Filler(wb, _scheme(sid)).fill(yaml.safe_load((SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8")))
    return wb


def test_every_kind_of_data_file_loads_as_the_same_factory(tmp_path: Path) -> None:
    yaml_file = SAMPLES / "hefei.yaml"
    want = load_factory(yaml_file)
    as_json = tmp_path / "hefei.json"
    as_json.write_text(json.dumps(yaml.safe_load(yaml_file.read_text(encoding="utf-8")), ensure_ascii=False, default=str),
                       encoding="utf-8")
    one_row = write_workbook([want], tmp_path / "一家.xlsx")
    assert load_data_file(yaml_file) == want
    assert load_data_file(as_json) == want
    assert load_data_file(one_row) == want
    entry = load_data_file(_filled(tmp_path, "hefei", "hefei"))
    assert (entry.enterprise.name, entry.enterprise.uscc) == (want.enterprise.name, want.enterprise.uscc)
    assert [(y.year, y.energy_tce) for y in entry.years] == [(y.year, y.energy_tce) for y in want.years]  # the figures the scheme reads


def test_a_batch_workbook_of_several_enterprises_is_refused_with_what_to_do(tmp_path: Path) -> None:
    two = write_workbook([load_factory(SAMPLES / "hefei.yaml"), load_factory(SAMPLES / "jiangsu-zero.yaml")],
                         tmp_path / "两家.xlsx")
    with pytest.raises(DataFileError) as e:
        load_data_file(two)
    msg = str(e.value)
    assert "2 家企业" in msg and "generate-batch" in msg and "check-batch --applicants" in msg
    assert "合肥瀚川汽车电子有限公司" in msg


def test_a_bad_row_of_a_one_row_batch_workbook_names_row_and_field(tmp_path: Path) -> None:
    data = yaml.safe_load((SAMPLES / "hefei.yaml").read_text(encoding="utf-8"))
    data["enterprise"]["uscc"] = "123"
    book = write_workbook([data], tmp_path / "一家.xlsx")
    with pytest.raises(DataValidationError) as e:
        load_data_file(book)
    assert "第 3 行" in str(e.value) and "enterprise.uscc" in str(e.value)


# -- the checker reads the same files --------------------------------------------------------------


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    return submission(tmp_path_factory.mktemp("complete") / "合肥瀚川申报材料", "hefei")


def _check(folder: Path, applicant: Path) -> tuple[int, dict]:
    code, out, _ = run_main("check", str(folder), "--scheme", "hefei", "--as-of", "2026-03-15", "--no-ocr",
                            "--format", "json", "--applicant", str(applicant))
    return code, json.loads(out)


def _findings(report: dict) -> list[tuple]:
    return sorted((g["code"], g.get("material"), g.get("document")) for g in [*report["gaps"], *report["to_verify"]])


def test_check_accepts_the_data_entry_workbook_as_applicant(tmp_path: Path, complete: Path) -> None:
    """`check --applicant 企业.xlsx` once answered 不是 UTF-8 编码: now it reads the workbook as validate does."""
    book = _filled(tmp_path, "hefei", "hefei")
    code_x, from_xlsx = _check(complete, book)
    code_y, from_yaml = _check(complete, applicant_file("hefei"))
    assert code_x == code_y == 0
    assert from_xlsx["applicant"]["name"] == from_yaml["applicant"]["name"] == "合肥瀚川汽车电子有限公司"
    assert from_xlsx["applicant"]["uscc"] == from_yaml["applicant"]["uscc"]
    assert book.name in from_xlsx["applicant"]["source"]
    assert _findings(from_xlsx) == _findings(from_yaml)


def test_a_blank_workbook_as_applicant_fails_as_validate_fails(tmp_path: Path, complete: Path, capsys) -> None:
    blank = make_template(tmp_path, "hefei")
    capsys.readouterr()
    assert main(["validate", str(blank)]) == 2
    validate_err = capsys.readouterr().err
    assert main(["check", str(complete), "--scheme", "hefei", "--no-ocr", "--applicant", str(blank)]) == 2
    check_err = capsys.readouterr().err
    assert "工作表「基本信息」" in validate_err and "必填字段缺失" in validate_err
    assert check_err == validate_err
    assert "UTF-8" not in check_err


def test_check_batch_takes_workbooks_from_the_applicants_folder(tmp_path: Path) -> None:
    root, apps = tiny_batch(tmp_path / "b", ["甲", "乙"])
    (apps / "乙.yaml").unlink()
    shutil.copy(_filled(tmp_path, "hefei", "hefei"), apps / "乙.xlsx")
    out = tmp_path / "out"
    _code, stdout, _ = run_main(*batch_args(root, out, apps))
    subs = by_name(out)
    assert set(subs) == {"甲", "乙"} and all(s["ok"] for s in subs.values()), stdout
    for name in ("甲", "乙"):
        report = json.loads((out / "reports" / f"{name}.json").read_text(encoding="utf-8"))
        assert report["applicant"]["name"] == "合肥瀚川汽车电子有限公司"
    report = json.loads((out / "reports" / "乙.json").read_text(encoding="utf-8"))
    assert "乙.xlsx" in report["applicant"]["source"]


def test_the_batch_workbook_titles_carry_the_catalogues_units(tmp_path: Path) -> None:
    import openpyxl

    from lingtan.assessment.schemes import load_scheme
    from lingtan.web.fields import form_groups

    book = write_workbook([load_factory(SAMPLES / "jiangsu-zero.yaml")], tmp_path / "一家.xlsx")
    ws = openpyxl.load_workbook(book).worksheets[0]
    titles = {ws.cell(2, c).value: ws.cell(1, c).value for c in range(1, ws.max_column + 1)}
    assert titles["enterprise.employees"] == "职工人数（人）"
    assert titles["enterprise.registered_capital_wan"] == "注册资本（万元）"  # the model's title has it already
    assert titles["years.2025.offsets.green_certificates"].endswith("绿色电力证书（tCO2e）")
    web = {f.path: f for g in form_groups(load_scheme("jiangsu"), {}, None) for f in g.fields}
    assert web["years.2025.offsets.green_certificates"].unit == "tCO2e" and web["enterprise.employees"].unit == "人"


# -- --lang en: the messages of workbook and YAML reading in English ---------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
#: what may stay Chinese in an English message: the workbook's own sheet names, labels and values, the user's data
QUOTED = re.compile(r"「[^」]*」|“[^”]*”")


def _english(capsys, *argv: str) -> tuple[int, str]:
    """The exit code and stderr of an English run, the files' own (Chinese) names taken out."""
    code = main(["--lang", "en", *argv])
    err = capsys.readouterr().err
    for arg in argv:
        err = err.replace(arg, "FILE")
    return code, err


def _no_chinese(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if CJK.search(QUOTED.sub("", ln))]


def test_english_messages_for_a_bad_yaml_file(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nreporting_year: 2025\nenterprise: {name: 甲公司, uscc: 91320582MA1WQ8TK7L, colour: red}\n"
                   "years:\n  - {year: 2025, energy_tce: abc}\n", encoding="utf-8")
    dup = tmp_path / "dup.yaml"
    dup.write_text("enterprise:\n  name: 甲\n  name: 乙\n", encoding="utf-8")
    syntax = tmp_path / "syntax.yaml"
    syntax.write_text("a: [1, 2\n", encoding="utf-8")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("enterprise: {name: 甲公司}\n".encode("gbk"))
    for path, says in ((bad, "must be a number"), (dup, "duplicate key “name”"), (syntax, "line 2"), (gbk, "not UTF-8")):
        code, err = _english(capsys, "validate", str(path))
        assert code == 2 and says in err, err
        assert _no_chinese(err) == [], err
    code, err = _english(capsys, "validate", str(bad))
    assert "enterprise.colour" in err and "unknown field" in err and "years[0] (year 2025).energy_tce" in err


def test_english_messages_for_bad_workbooks(tmp_path: Path, capsys) -> None:
    code, err = _english(capsys, "validate", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "Excel workbook not found" in err and _no_chinese(err) == []
    blank = make_template(tmp_path, "jiangsu")  # the data-entry workbook, untouched
    capsys.readouterr()
    code, err = _english(capsys, "validate", str(blank))
    assert code == 2 and "sheet 「基本信息」 row" in err and "required" in err, err
    assert _no_chinese(err) == [], err
    # a batch workbook: an unknown field path in row 2, and a cell that is not a number
    book = write_workbook([load_factory(SAMPLES / "hefei.yaml")], tmp_path / "一家.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    cols = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(3, cols["years.2025.energy_tce"]).value = "很多"
    wb.save(book)
    code, err = _english(capsys, "validate", str(book))
    assert code == 2 and "Row 3 (enterprise “合肥瀚川汽车电子有限公司”)" in err and "years.2025.energy_tce" in err and "must be a number" in err, err
    assert _no_chinese(err) == [], err
    ws.cell(2, cols["enterprise.uscc"]).value = "enterprise.usc"
    wb.save(book)
    code, err = _english(capsys, "validate", str(book))
    assert code == 2 and "has no field usc" in err and _no_chinese(err) == [], err
    two = write_workbook([load_factory(SAMPLES / "hefei.yaml"), load_factory(SAMPLES / "jiangsu-zero.yaml")], tmp_path / "两家.xlsx")
    code, err = _english(capsys, "validate", str(two))
    assert code == 2 and "generate-batch" in err
    assert _no_chinese(QUOTED.sub("", err).replace("合肥瀚川汽车电子有限公司", "").replace("张家港恒晟精密轴承有限公司", "")) == [], err
