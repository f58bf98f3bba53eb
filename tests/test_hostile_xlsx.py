"""No formula from outside data in any workbook lingtan writes (issue 29).

A submission whose file names start like formulas (``=cmd|' /C calc'!A0.pdf``, ``=HYPERLINK(…)``,
``+``, ``-``, ``@``, a tab, the full-width ``＝``) or hold an ESC sequence, an applicant whose
name and city start with ``=``, a check-batch folder named like a formula, enterprises so named
in generate-batch, a reviewer's note, an indicator file and a batch workbook so filled: every
workbook made from them (``check --format xlsx``, ``检查汇总.xlsx``, ``批量生成汇总.xlsx``, the web
export, ``lingtan template``, ``write_workbook``) is opened with openpyxl as written (no
``data_only``) and its sheet XML read raw: not one formula cell, every hostile text found verbatim
in a text cell (the ESC shown as U+FFFD, since a workbook cannot hold it), no exit 70, the inputs
byte for byte as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from checker_helpers import page_pdf
from openpyxl import load_workbook

from lingtan.cli import main
from lingtan.common.excel import FORMULA_LEAD, append_row, excel_text, put

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-03-15"
#: submitted files (paths inside the submission; the first two hold a "/": a folder, then a file)
HOSTILE_FILES = (
    "=cmd|' /C calc'!A0.pdf",
    '=HYPERLINK("http://x","y").pdf',
    "+1+1.pdf",
    "-2+3.pdf",
    "@SUM(A1).pdf",
    "\x1b[31m红.pdf",
    "\t制表符.pdf",
    "＝1+1.pdf",
)
NAME = "=cmd|' /C calc'!A0 有限公司"
CITY = "=1+1"
FOLDER = '=HYPERLINK("x","材料")'
NOTE = '=HYPERLINK("http://x","点这里")'


def shown(name: str) -> str:
    """A hostile text as a workbook shows it: the path as the checker names it, control characters as U+FFFD."""
    return Path(name).as_posix().replace("\x1b", "\ufffd")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(argv))
    text = out.getvalue()
    assert code != 70 and "Traceback" not in text and "内部错误" not in text, text
    return code, text


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def formulas(path: Path) -> list[str]:
    """Every formula cell of the workbook: openpyxl's reading (not data_only) and the sheets' raw XML."""
    found = []
    wb = load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("=") and c.data_type != "s"):
                    found.append(f"{ws.title}!{c.coordinate} {c.value!r}")
    with zipfile.ZipFile(path) as z:
        for member in z.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                found += [f"{member}: <f>" for _ in re.finditer(rb"<f[ >/]", z.read(member))]
    return found


def texts(path: Path) -> dict[str, bool]:
    """Every text cell's value → whether it carries the quote prefix."""
    out: dict[str, bool] = {}
    for ws in load_workbook(path):
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    out[c.value] = out.get(c.value, False) or bool(c.quotePrefix)
    return out


def assert_safe(path: Path, *expected: str) -> None:
    """No formula in ``path``; each of ``expected`` is a text cell's whole value, quote-prefixed when it starts like a formula."""
    assert path.is_file(), path
    assert formulas(path) == [], path
    cells = texts(path)
    for text in expected:
        assert text in cells, (path.name, text)
        assert cells[text] == text.startswith(FORMULA_LEAD), (path.name, text)
    assert not [t for t in cells if "\x1b" in t]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> SimpleNamespace:
    """A hefei submission of hostile file names, the applicant (name and city starting with ``=``),
    the same as a check-batch inbox (one folder named like a formula) and the inputs' hashes."""
    base = tmp_path_factory.mktemp("hostile")
    sub = base / "材料"
    for i, name in enumerate(HOSTILE_FILES):
        (sub / name).parent.mkdir(parents=True, exist_ok=True)
        (sub / name).write_bytes(page_pdf("质量管理体系认证证书", [f"获证组织：{NAME}", f"证书编号：00{i}"]))
    data = yaml.safe_load((ROOT / "samples" / "factories" / "hefei.yaml").read_text(encoding="utf-8"))
    data["enterprise"].update(name=NAME, city=CITY)
    applicant = base / "applicant.yaml"
    applicant.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    inbox, apps = base / "inbox", base / "applicants"
    apps.mkdir()
    shutil.copytree(sub, inbox / FOLDER)
    shutil.copy(applicant, apps / f"{FOLDER}.yaml")
    return SimpleNamespace(base=base, sub=sub, applicant=applicant, inbox=inbox, apps=apps, before=tree_hash(base))


def check_args(h: SimpleNamespace, *extra: str) -> list[str]:
    return ["check", str(h.sub), "--scheme", "hefei", "--as-of", AS_OF, "--no-ocr", "--applicant", str(h.applicant), *extra]


def test_check_xlsx_writes_hostile_file_names_as_text(hostile, tmp_path):
    out = tmp_path / "r.xlsx"
    code, _ = run(*check_args(hostile, "--format", "xlsx", "--out", str(out)))
    assert code in (0, 1)
    assert_safe(out, *map(shown, HOSTILE_FILES), NAME)
    assert tree_hash(hostile.base) == hostile.before


def test_web_export_writes_the_reviewers_notes_as_text(hostile, tmp_path):
    from lingtan.web.reports import export_xlsx

    report = tmp_path / "r.json"
    code, _ = run(*check_args(hostile, "--format", "json", "--out", str(report)))
    assert code in (0, 1)
    decision = SimpleNamespace(action="dismiss", note=NOTE, created=datetime(2026, 3, 16, 9, 30))
    findings = [SimpleNamespace(verdict="问题", label="-重复提交", document=shown(HOSTILE_FILES[0]), message="@" + NAME, decision=decision)]
    out = tmp_path / "export.xlsx"
    out.write_bytes(export_xlsx(report.read_text(encoding="utf-8"), findings))
    assert_safe(out, *map(shown, HOSTILE_FILES), NAME, NOTE, "-重复提交", "@" + NAME)
    assert tree_hash(hostile.base) == hostile.before


def test_check_batch_summary_writes_folder_names_and_the_applicant_as_text(hostile, tmp_path):
    out = tmp_path / "out"
    code, text = run("check-batch", str(hostile.inbox), "--scheme", "hefei", "--out", str(out), "--applicants", str(hostile.apps),
                     "--as-of", AS_OF, "--no-ocr", "--jobs", "1")
    assert code in (0, 1), text
    workbooks = sorted(out.rglob("*.xlsx"))
    assert out / "检查汇总.xlsx" in workbooks
    for path in workbooks:
        assert formulas(path) == [], path
    assert_safe(out / "检查汇总.xlsx", FOLDER, NAME, *map(shown, HOSTILE_FILES))
    assert tree_hash(hostile.base) == hostile.before


def hostile_enterprises() -> list[dict]:
    """A jiangsu enterprise named and placed like formulas, and one more whose code is wrong (it fails)."""
    good = yaml.safe_load((ROOT / "samples" / "factories" / "jiangsu-zero.yaml").read_text(encoding="utf-8"))
    good["enterprise"].update(name=NAME, city=CITY)
    bad = yaml.safe_load((ROOT / "samples" / "factories" / "jiangsu-zero.yaml").read_text(encoding="utf-8"))
    bad["enterprise"].update(name="＠SUM(A1)有限公司", uscc="=1+1")
    return [good, bad]


def test_write_workbook_keeps_hostile_values_as_text_and_reads_them_back(tmp_path):
    from lingtan.dataentry.batch_workbook import read_workbook, write_workbook

    rows = hostile_enterprises()
    rows[0]["enterprise"]["address"] = "\x1b[2J-南京市玄武区1号"
    path = write_workbook(rows, tmp_path / "w.xlsx")
    assert_safe(path, NAME, CITY, "＠SUM(A1)有限公司", "=1+1", "\ufffd[2J-南京市玄武区1号")
    back = read_workbook(path)
    assert [r.data["enterprise"]["name"] for r in back] == [NAME, "＠SUM(A1)有限公司"]
    assert back[0].data["enterprise"]["city"] == CITY


def test_generate_batch_summary_writes_enterprise_names_and_cities_as_text(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, data in enumerate(hostile_enterprises()):
        (src / f"{'=+'[i]}{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = tree_hash(src)
    out = tmp_path / "out"
    code, text = run("generate-batch", str(src), "--scheme", "jiangsu", "--as-of", AS_OF, "--jobs", "1", "--out", str(out))
    assert code not in (0, 70) and "成功 1 家，失败 1 家" in text, text
    summary = out / "批量生成汇总.xlsx"
    assert_safe(summary, NAME, CITY, "+1.yaml")
    wb = load_workbook(summary)
    assert wb["汇总"]["B2"].value == NAME and wb["汇总"]["D2"].value == CITY
    assert wb["未生成"]["B2"].value == "+1.yaml"
    for path in out.rglob("*.xlsx"):
        assert formulas(path) == [], path
    assert tree_hash(src) == before


def test_template_writes_a_hostile_indicator_file_as_text(tmp_path):
    ind = yaml.safe_load((ROOT / "samples" / "indicators" / "hefei-indicators-example.yaml").read_text(encoding="utf-8"))
    first = ind["indicators"][0]
    first["name"] = '=HYPERLINK("http://x","指标")'
    ind["categories"][0]["name"] = "-1+1 一级指标"
    src = tmp_path / "ind.yaml"
    src.write_text(yaml.safe_dump(ind, allow_unicode=True), encoding="utf-8")
    before = src.read_bytes()
    out = tmp_path / "t.xlsx"
    code, text = run("template", "--scheme", "hefei", "--indicators", str(src), "--out", str(out))
    assert code == 0, text
    assert_safe(out, '=HYPERLINK("http://x","指标")')
    assert src.read_bytes() == before


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "＝1", "＋1", "－1", "＠A1", "#N/A", "#REF!"])
def test_put_writes_text_that_looks_like_a_formula_or_an_error_as_text(tmp_path, value):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    append_row(ws, [value, 3, -2.5, None])
    put(ws.cell(2, 1), value)
    wb.save(tmp_path / "w.xlsx")
    got = load_workbook(tmp_path / "w.xlsx").active
    assert [c.value for c in got[1]] == [value, 3, -2.5] and got["A2"].value == value
    assert got["A1"].data_type == got["A2"].data_type == "s" and got["B1"].data_type == got["C1"].data_type == "n"
    assert got["A1"].quotePrefix == got["A2"].quotePrefix == (not value.startswith("#"))
    assert formulas(tmp_path / "w.xlsx") == []


def test_excel_text_replaces_what_a_workbook_cannot_hold():
    assert excel_text("a\x1bb\x00c\udcb0d\ufffe") == "a\ufffdb\ufffdc\ufffdd\ufffd"
    assert excel_text("\t行1\n行2\r") == "\t行1\n行2\r"  # tab, line feed and carriage return are kept
    assert excel_text(1.5) == 1.5 and excel_text(None) is None


def test_every_workbook_writer_fills_its_cells_through_the_shared_writer():
    """A module of lingtan/ that makes a workbook or a sheet imports ``put`` or ``append_row``, and no
    module that handles workbooks fills a cell past them (``ws.cell(…, value=…)``, ``cell.value = …``,
    ``ws.append``)."""
    import ast

    writers, bypass = set(), []
    for path in sorted((ROOT / "lingtan").rglob("*.py")):
        if path.name == "excel.py" and path.parent.name == "common":
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" not in source and "append_row" not in source:
            continue  # no workbook in this module
        tree = ast.parse(source)
        rel = str(path.relative_to(ROOT))
        shared = any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("lingtan.common")
                     and {a.name for a in n.names} & {"put", "append_row"} for n in ast.walk(tree))
        for n in ast.walk(tree):
            if isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute)):
                name = n.func.id if isinstance(n.func, ast.Name) else n.func.attr
                if name in ("Workbook", "create_sheet"):
                    writers.add(rel)
                    if not shared:
                        bypass.append(f"{rel}:{n.lineno} {name}() without the shared writer")
                if name == "cell" and any(k.arg == "value" for k in n.keywords):
                    bypass.append(f"{rel}:{n.lineno} .cell(value=…)")
                if name == "append" and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) \
                        and n.func.value.id in ("ws", "wd", "bad", "notes", "note", "sheet"):
                    bypass.append(f"{rel}:{n.lineno} {n.func.value.id}.append")
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "value"
                                                 and isinstance(t.value, (ast.Name, ast.Call, ast.Subscript)) for t in n.targets):
                bypass.append(f"{rel}:{n.lineno} .value =")
    assert {"lingtan/checker/report.py", "lingtan/checker/batch/summary.py", "lingtan/generator/batch.py", "lingtan/web/reports.py",
            "lingtan/dataentry/batch_workbook.py", "lingtan/dataentry/template.py"} <= writers
    assert bypass == []
