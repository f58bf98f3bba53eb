"""A bureau (or a consultancy) runs `lingtan generate-batch` on many enterprises at once.

Stories: the example workbook gives one package per row; a bad row is reported by row number and
field while the others are generated; a folder of YAML files works the same way; a real process
pool (--jobs 2) gives the same results; inputs are never touched; the bureau tables of suzhou and
zhejiang have one row per enterprise, and so does the officials' .xlsx summary.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import ROOT, SAMPLES, patched, sample_data

from lingtan.common.errors import DataValidationError
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_scheme
from lingtan.generator.batch import SUMMARY_COLUMNS, SUMMARY_JSON, SUMMARY_XLSX
from lingtan.common.manifest import MANIFEST_NAME
from lingtan.dataentry.batch_workbook import factory_from_row, factory_to_row, read_workbook, write_workbook
from lingtan.cli import main

BATCH = ROOT / "samples" / "batch"
AS_OF = "2026-03-15"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) → sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def packages(out: Path) -> dict[str, dict]:
    """Enterprise folder name → its manifest."""
    return {p.name: json.loads((p / MANIFEST_NAME).read_text(encoding="utf-8")) for p in sorted(out.iterdir()) if p.is_dir()}


def summary_sheet(out: Path, sheet: str = "汇总") -> list[tuple]:
    wb = openpyxl.load_workbook(out / SUMMARY_XLSX)
    return list(wb[sheet].iter_rows(values_only=True))


def workbook_names(path: Path) -> list[str]:
    return [r.name for r in read_workbook(path)]


def copy_input(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "input" / src.name
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return dst


# -- the workbook format ------------------------------------------------------------------


def test_every_sample_survives_yaml_to_workbook_to_factory(tmp_path):
    datas = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.yaml"))]
    path = write_workbook(datas, tmp_path / "all.xlsx")
    rows = read_workbook(path)
    assert [r.row for r in rows] == list(range(3, 3 + len(datas)))
    for data, row in zip(datas, rows):
        assert factory_from_row(row) == Factory.model_validate(data), row.name


def test_cells_use_the_documented_paths():
    cells = factory_to_row(sample_data("jiangsu-zero"))
    assert cells["enterprise.uscc"] == "91320582MA1WQ8TK7L"
    assert cells["years.2025.energy_tce"] == 9100
    assert cells["years.2025.emissions.category1"] == 3650
    assert cells["projects.1.name"] == "厂房屋顶分布式光伏（12 MWp）"
    # choices and the names of an indicator's parts in Chinese, as a clerk reads them
    assert cells["claims.jiangsu.1.value"] == "实施规模化利用"
    assert cells["claims.jiangsu.7.value"] == (
        "{采购绿色低碳产品（原辅料）的程度: 1, 采用绿色低碳物流的程度: 1, 构建低（零）碳供应链管理体系的程度: 1}")
    assert cells["enterprise.ownership"] == "民营"
    assert cells["honours.smart_titles"] == "[省级智能工厂（省先进级智能工厂）, 国家卓越级智能工厂]"
    assert cells["energy_efficiency.applicable"] == "是"
    assert cells["enterprise.main_products"] == "[深沟球轴承, 圆锥滚子轴承, 新能源汽车轮毂轴承单元]"
    assert cells["narratives.measures_plan"].startswith("公司以")
    suzhou = factory_to_row(sample_data("suzhou-near-zero"))
    assert "claims.suzhou.5.5.value" in suzhou  # item ids with dots


def test_the_old_codes_are_still_read(tmp_path):
    """Workbooks written before the Chinese choices (codes, English part names) read the same."""
    path = write_workbook([sample_data("jiangsu-zero")], tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    assert ws.cell(3, col["enterprise.ownership"]).value == "民营"
    ws.cell(3, col["enterprise.ownership"]).value = "private"
    ws.cell(3, col["honours.smart_titles"]).value = "[provincial_smart_factory, national_excellent_smart_factory]"
    ws.cell(3, col["claims.jiangsu.1.value"]).value = "scale"
    ws.cell(3, col["claims.jiangsu.7.value"]).value = "{green_procurement: 1, green_logistics: 1, low_carbon_supply_chain: 1}"
    ws.cell(3, col["energy_efficiency.applicable"]).value = True
    wb.save(path)
    [row] = read_workbook(path)
    assert factory_from_row(row) == Factory.model_validate(sample_data("jiangsu-zero"))


def test_choice_columns_have_chinese_dropdowns(tmp_path):
    path = write_workbook([sample_data("jiangsu-zero")], tmp_path / "w.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    col = {ws.cell(2, c).value: openpyxl.utils.get_column_letter(c) for c in range(1, ws.max_column + 1)}
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists[f"{col['enterprise.ownership']}3"] == '"国有,集体,民营,中外合资,港澳台,外商独资"'
    assert lists[f"{col['energy_efficiency.applicable']}3"] == '"是,否"'


def test_cell_problems_name_the_row_the_enterprise_and_the_column(tmp_path):
    path = write_workbook([sample_data("jiangsu-zero")], tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(3, col["enterprise.main_products"]).value = "[深沟球轴承, 圆锥滚子轴承"
    ws.cell(3, col["years.2025.energy_tce"]).value = "九千一百"
    ws.cell(3, col["energy_efficiency.applicable"]).value = "是"
    wb.save(path)
    (row,) = read_workbook(path)
    with pytest.raises(DataValidationError) as exc:
        factory_from_row(row)
    assert "第 3 行（企业：张家港恒晟精密轴承有限公司）：enterprise.main_products" in str(exc.value)
    row.problems.clear()
    row.data["enterprise"]["main_products"] = ["深沟球轴承"]
    with pytest.raises(DataValidationError) as exc:
        factory_from_row(row)
    assert "第 3 行（企业：张家港恒晟精密轴承有限公司）：years.2025.energy_tce：" in str(exc.value) and "应为数字" in str(exc.value)


def test_unreadable_workbooks_and_unknown_columns_are_clear_errors(tmp_path, capsys):
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    code, _, err = run(capsys, "generate-batch", str(corrupt), "--scheme", "jiangsu", "--out", str(tmp_path / "out"))
    assert code == 2 and "无法读取 Excel 工作簿" in err and "另存为 .xlsx" in err
    assert not (tmp_path / "out").exists()

    path = write_workbook([sample_data("jiangsu-zero")], tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(2, 1).value = "enterprise.nmae"
    wb.save(path)
    code, _, err = run(capsys, "generate-batch", str(path), "--scheme", "jiangsu", "--out", str(tmp_path / "out"))
    assert code == 2 and "A 列" in err and "enterprise 没有字段 nmae" in err


# -- generating -----------------------------------------------------------------------------


def test_example_workbook_gives_one_package_per_row_with_every_form(tmp_path, capsys):
    src = copy_input(BATCH / "jiangsu-enterprises.xlsx", tmp_path)
    before = tree_hash(src.parent)
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--jobs", "1", "--out", str(out))
    assert code == 0, stdout
    assert "成功 4 家，失败 0 家" in stdout
    names = workbook_names(src)
    pk = packages(out)
    assert sorted(pk) == sorted(names) and len(pk) == 4
    expected = {f.id for f in load_scheme("jiangsu").forms} | {"evidence-index"}
    for name, m in pk.items():
        assert m["applicant"]["name"] == name
        assert {f["id"] for f in m["forms"]} == expected
        for f in m["forms"]:
            assert (out / name / f["file"]).stat().st_size > 5000
    # the officials' summary: one row per enterprise, in workbook order
    rows = summary_sheet(out)
    assert rows[0] == SUMMARY_COLUMNS
    assert [r[1] for r in rows[1:]] == names
    assert rows[1][2] == "91320582MA1WQ8TK7L" and rows[1][3] == "苏州市" and rows[1][5] == 87 and rows[1][6] == "符合申报条件"
    assert rows[4][6] == "不符合申报条件" and rows[4][7] == names[3]
    s = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert s["counts"] == {"total": 4, "ok": 4, "failed": 0}
    assert [e["row"] for e in s["enterprises"]] == [3, 4, 5, 6]
    assert all(e["ok"] and e["folder"] in pk and e["verdict"] for e in s["enterprises"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging or temporary files left
    assert tree_hash(src.parent) == before  # the input is never modified
    # each enterprise's word-count and draft notes are printed under it, as generate prints them
    for name, m in pk.items():
        after = stdout.split(f"  {name}/")[1].splitlines()[1:]
        notes = [line for line in after[: next((i for i, x in enumerate(after) if not x.startswith("      - ")), len(after))]]
        assert notes == [f"      - {w}" for w in m["warnings"]], name
    assert "草稿：" in stdout or "字数：" in stdout


def test_bad_row_is_reported_by_row_and_field_and_the_others_are_generated(tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "generate-batch", str(BATCH / "jiangsu-with-bad-row.xlsx"), "--scheme", "jiangsu",
                          "--as-of", AS_OF, "--out", str(out))
    assert code == 2
    assert "成功 2 家，失败 1 家" in stdout
    assert "第 4 行（企业：海门海润智能装备有限公司）：enterprise.uscc：" in stdout and "校验位错误" in stdout
    assert sorted(packages(out)) == sorted(["张家港恒晟精密轴承有限公司", "江阴澄明新材料科技有限公司"])
    s = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    bad = [e for e in s["enterprises"] if not e["ok"]]
    assert len(bad) == 1 and bad[0]["row"] == 4 and bad[0]["folder"] is None and "enterprise.uscc" in bad[0]["error"]
    assert len(summary_sheet(out)) == 3  # header + the two generated enterprises
    failed = summary_sheet(out, "未生成")
    assert failed[1][1] == "第 4 行" and "enterprise.uscc" in failed[1][3]


def test_a_folder_of_data_files_works_and_is_left_untouched(tmp_path, capsys):
    src = tmp_path / "企业数据"
    (src / "无锡").mkdir(parents=True)
    shutil.copy2(SAMPLES / "jiangsu-zero.yaml", src / "jiangsu-zero.yaml")
    other = patched(sample_data("jiangsu-zero"), {"enterprise.name": "无锡澄明新材料科技有限公司", "enterprise.uscc": "91320211MA1Y2K3P4W"})
    (src / "无锡" / "chengming.json").write_text(json.dumps(other, ensure_ascii=False, default=str), encoding="utf-8")
    bad = patched(sample_data("jiangsu-zero"), {"years.2025.energy_tce": -1})
    (src / "无锡" / "bad.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    (src / ".~lock.yaml").write_text("not: [valid", encoding="utf-8")  # hidden: skipped
    (src / ".drafts").mkdir()
    (src / ".drafts" / "x.yaml").write_text("also: [invalid", encoding="utf-8")
    (src / "说明.txt").write_text("不是数据文件", encoding="utf-8")
    before = tree_hash(src)
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--out", str(out))
    assert code == 2
    assert "成功 2 家，失败 1 家" in stdout
    assert "bad.yaml" in stdout and "years[2]（2025 年）.energy_tce" in stdout
    assert sorted(packages(out)) == ["张家港恒晟精密轴承有限公司", "无锡澄明新材料科技有限公司"]
    s = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert [e["file"] for e in s["enterprises"]] == ["jiangsu-zero.yaml", "无锡/bad.yaml", "无锡/chengming.json"]
    assert tree_hash(src) == before


def test_jobs_2_uses_a_process_pool_with_the_same_results(tmp_path, capsys):
    src = BATCH / "jiangsu-enterprises.xlsx"
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(capsys, "generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--jobs", "1", "--out", str(one))[0] == 0
    code, stdout, _ = run(capsys, "generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--jobs", "2", "--out", str(two))
    assert code == 0 and "成功 4 家" in stdout

    def results(out: Path) -> dict:
        return {n: (m["result"], [(f["id"], f["file"]) for f in m["forms"]]) for n, m in packages(out).items()}

    assert results(one) == results(two)
    assert summary_sheet(one) == summary_sheet(two)

    def summary(out: Path) -> dict:
        s = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
        s.pop("generated_at")
        assert set(s.pop("files")) == {SUMMARY_XLSX}  # hashes of files whose properties hold the generation time
        return s

    assert summary(one) == summary(two) and summary(one)["counts"] == {"total": 4, "ok": 4, "failed": 0}


def test_an_enterprise_that_kills_its_worker_fails_and_the_others_are_generated(tmp_path, capsys, monkeypatch):
    """The executor's broken-worker policy: the pool forks, so the workers inherit the patch."""
    import os

    import lingtan.generator.batch as gen_batch

    src = BATCH / "jiangsu-enterprises.xlsx"
    names = workbook_names(src)
    victim = names[1]
    real = gen_batch.generate_package

    def dying(factory, *args, **kwargs):
        if factory.enterprise.name == victim:
            os._exit(9)  # like a segfault or the memory limit
        return real(factory, *args, **kwargs)

    monkeypatch.setattr(gen_batch, "generate_package", dying)
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--jobs", "2", "--out", str(out))
    assert code != 0 and "成功 3 家，失败 1 家" in stdout
    assert sorted(packages(out)) == sorted(n for n in names if n != victim)
    (failed,) = [e for e in json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))["enterprises"] if not e["ok"]]
    assert failed["row"] == 4 and failed["error"].startswith("第 4 行") and "工作进程意外退出" in failed["error"]


def test_enterprises_with_the_same_name_do_not_overwrite_each_other(tmp_path, capsys):
    base = sample_data("jiangsu-zero")
    twin = patched(base, {"enterprise.uscc": "91320211MA1Y2K3P4W"})
    other = patched(base, {"enterprise.name": "江阴澄明新材料科技有限公司", "enterprise.uscc": "91320281MA1X5R2N3F"})
    src = write_workbook([base, other, twin], tmp_path / "twins.xlsx")
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--jobs", "2", "--out", str(out))
    assert code == 0, stdout
    pk = packages(out)
    assert sorted(pk) == sorted([
        "张家港恒晟精密轴承有限公司-91320582MA1WQ8TK7L", "张家港恒晟精密轴承有限公司-91320211MA1Y2K3P4W", "江阴澄明新材料科技有限公司",
    ])
    assert pk["张家港恒晟精密轴承有限公司-91320211MA1Y2K3P4W"]["applicant"]["uscc"] == "91320211MA1Y2K3P4W"
    assert [r[7] for r in summary_sheet(out)[1:]] == [
        "张家港恒晟精密轴承有限公司-91320582MA1WQ8TK7L", "江阴澄明新材料科技有限公司", "张家港恒晟精密轴承有限公司-91320211MA1Y2K3P4W",
    ]


def test_scheme_is_required_and_help_is_chinese(tmp_path, capsys):
    code, _, err = run(capsys, "generate-batch", str(BATCH / "jiangsu-enterprises.xlsx"), "--out", str(tmp_path / "o"))
    assert code == 2 and "--scheme" in err
    with pytest.raises(SystemExit):
        main(["generate-batch", "--help"])
    out = capsys.readouterr().out
    assert "Excel 工作簿" in out and "--jobs" in out and "generate-batch：部分行或文件的数据无效" in out


# -- the bureau tables ----------------------------------------------------------------------


def table_rows_naming(docx: Path, names: list[str]) -> dict[str, int]:
    """For each name: how many table rows of the document contain it."""
    from docx import Document

    counts = dict.fromkeys(names, 0)
    for table in Document(str(docx)).tables:
        for row in table.rows:
            text = "".join(dict.fromkeys(c.text for c in row.cells))
            squashed = "".join(text.split())
            for n in names:
                if n in squashed:
                    counts[n] += 1
    return counts


@pytest.mark.parametrize("scheme, workbook", [("suzhou", "suzhou-enterprises.xlsx"), ("zhejiang", "zhejiang-enterprises.xlsx")])
def test_bureau_tables_have_one_row_per_enterprise(tmp_path, capsys, scheme, workbook):
    sch = load_scheme(scheme)
    batch_forms = [fm for fm in sch.forms if fm.batch]
    assert batch_forms
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "generate-batch", str(BATCH / workbook), "--scheme", scheme, "--as-of", AS_OF, "--jobs", "2", "--out", str(out))
    assert code == 0, stdout
    names = workbook_names(BATCH / workbook)
    assert len(names) == 3
    for fm in batch_forms:
        docx = next(p for p in out.glob("*.docx") if p.stem == fm.name.replace("/", "_"))
        assert fm.name in stdout or docx.name in stdout
        assert table_rows_naming(docx, names) == dict.fromkeys(names, 1), fm.id
    rows = summary_sheet(out)
    assert [r[1] for r in rows[1:]] == names
    assert all(r[4] for r in rows[1:])  # 申报类型
    s = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert sorted(t["form"] for t in s["bureau_tables"]) == sorted(fm.id for fm in batch_forms)
