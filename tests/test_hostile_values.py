"""Hostile values and workbooks (issue 29): impossible dates, non-finite numbers, integers of
thousands of digits, and workbooks built to exhaust memory or time are refused with exit 2 and a
message naming the place and the rule, in Chinese and in English; JSON output is strict JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from checker_helpers import set_workbook_cell
from conftest import SAMPLES, sample_data

from lingtan.assessment.model.loading import load_factory
from lingtan.cli import main
from lingtan.common.errors import DataFileError, OutputError
from lingtan.common.jsonout import json_text
from lingtan.dataentry import xlsx
from lingtan.dataentry.batch_workbook import write_workbook

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|（[^）]*年）")


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def english(capsys, *argv: str) -> tuple[int, str]:
    code, err = run(capsys, "--lang", "en", *argv)
    for arg in argv:
        err = err.replace(arg, "FILE")
    return code, err


def no_chinese(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if CJK.search(QUOTED.sub("", ln))]


def sample_yaml() -> str:
    return (SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")


def edited(tmp_path: Path, name: str, pattern: str, replacement: str) -> Path:
    text, n = re.subn(pattern, replacement, sample_yaml(), count=1, flags=re.M)
    assert n == 1
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


# -- YAML -------------------------------------------------------------------------------------

YAML_CASES = [
    # (file, pattern, replacement, Chinese words, English words)
    ("date.yaml", r"established: .*$", "established: 2026-02-30", ("日期 “2026-02-30” 不存在",), ("2026-02-30", "does not exist")),
    ("digits.yaml", r"employees: .*$", "employees: " + "9" * 5000, ("整数位数过多（5000 位",), ("5000 digits",)),
    ("inf.yaml", r"energy_tce: .*$", "energy_tce: .inf", ("“.inf” 不是有限数字",), ("not a finite number",)),
    ("nan.yaml", r"energy_tce: .*$", "energy_tce: .nan", ("“.nan” 不是有限数字",), ("not a finite number",)),
]


@pytest.mark.parametrize(("name", "pattern", "replacement", "zh", "en"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_yaml_hostile_value_is_refused_at_its_line(tmp_path, capsys, name, pattern, replacement, zh, en) -> None:
    path = edited(tmp_path, name, pattern, replacement)
    line = line_of(path, replacement[:20])
    for command in (["validate", str(path)], ["score", str(path), "--as-of", "2026-03-15"]):
        code, err = run(capsys, *command)
        assert code == 2, err
        assert f"第 {line} 行" in err, err
        assert all(w in err for w in zh), err
    code, err = english(capsys, "validate", str(path))
    assert code == 2 and f"line {line}" in err and all(w in err for w in en), err
    assert no_chinese(err) == [], err


def test_yaml_1e309_and_string_inf_are_refused_at_the_field(tmp_path, capsys) -> None:
    for value in ("1e309", "'inf'", "-1.0e400"):
        path = edited(tmp_path, "big.yaml", r"energy_tce: .*$", f"energy_tce: {value}")
        code, err = run(capsys, "validate", str(path))
        assert code == 2, err
        assert "years[0]（2023 年）.energy_tce（综合能耗（当量值）tce）" in err and ("应为有限数字" in err or "不是有限数字" in err), err
    code, err = english(capsys, "validate", str(path))
    assert code == 2 and "finite" in err and no_chinese(err) == [], err


def test_integers_of_1e15_or_more_are_refused_at_the_field(tmp_path, capsys) -> None:
    path = edited(tmp_path, "huge.yaml", r"employees: .*$", "employees: 10000000000000000")
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "enterprise.employees（职工人数）" in err and "整数超出范围" in err, err
    code, err = english(capsys, "validate", str(path))
    assert code == 2 and "enterprise.employees" in err and "integer out of range" in err and no_chinese(err) == [], err
    ok = edited(tmp_path, "fine.yaml", r"employees: .*$", "employees: 999999")
    assert run(capsys, "validate", str(ok))[0] == 0


# -- JSON -------------------------------------------------------------------------------------


def sample_json(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = json.dumps(sample_data("jiangsu-zero"), ensure_ascii=False, indent=1, default=str)
    assert old in text
    p = tmp_path / name
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


JSON_CASES = [
    ("Infinity", '"energy_tce": 9860', '"energy_tce": Infinity', "“Infinity” 不是有限数字"),
    ("-Infinity", '"energy_tce": 9860', '"energy_tce": -Infinity', "“-Infinity” 不是有限数字"),
    ("NaN", '"energy_tce": 9860', '"energy_tce": NaN', "“NaN” 不是有限数字"),
    ("1e309", '"energy_tce": 9860', '"energy_tce": 1e309', "“1e309” 不是有限数字"),
    ("digits", '"employees": 860', '"employees": ' + "7" * 5000, "整数位数过多（5000 位"),
]


@pytest.mark.parametrize(("case", "old", "new", "zh"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_json_hostile_value_is_refused_at_its_line(tmp_path, capsys, case, old, new, zh) -> None:
    path = sample_json(tmp_path, "data.json", old, new)
    line = line_of(path, new[:20])
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and f"第 {line} 行" in err and zh in err, err
    code, err = english(capsys, "validate", str(path))
    assert code == 2 and f"line {line}" in err and no_chinese(err) == [], err


def test_json_impossible_date_is_refused_at_the_field(tmp_path, capsys) -> None:
    path = sample_json(tmp_path, "date.json", '"2012-06-18"', '"2026-02-30"')
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "enterprise.established（成立日期）" in err and "2026-02-30" in err, err


# -- strict JSON out --------------------------------------------------------------------------


def _strict(text: str):
    def refuse(token: str):
        raise AssertionError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def test_score_json_output_is_strict_json(tmp_path, capsys) -> None:
    code = main(["score", str(SAMPLES / "jiangsu-zero.yaml"), "--as-of", "2026-03-15", "--format", "json"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert _strict(out)


def test_json_text_refuses_non_finite_numbers() -> None:
    assert _strict(json_text({"a": 1.5, "b": "零碳"})) == {"a": 1.5, "b": "零碳"}
    for bad in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(OutputError):
            json_text({"x": [bad]})


# -- workbooks --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A valid one-enterprise batch workbook."""
    return write_workbook([load_factory(SAMPLES / "hefei.yaml")], tmp_path_factory.mktemp("book") / "一家.xlsx")


def rewritten(src: Path, dst: Path, replace: dict[str, object], drop: tuple[str, ...] = ()) -> Path:
    """``src`` with some members replaced (bytes, or a callable writing chunks into a stream) or dropped."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:  # fastest: the bombs still pack > 100:1
        for item in zin.infolist():
            if item.filename in drop or item.filename in replace:
                continue
            zout.writestr(item, zin.read(item.filename))
        for name, content in replace.items():
            if callable(content):
                with zout.open(name, "w", force_zip64=True) as f:
                    content(f)
            else:
                zout.writestr(name, content)  # type: ignore[arg-type]
    return dst


def shared_strings(n: int, count_attr: int | None = None, distinct: bool = False):
    """A writer of ``n`` tiny shared strings, streamed in chunks (``distinct``: each its own text,
    so that the part packs as ordinary XML does)."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    attr = f' count="{count_attr}" uniqueCount="{count_attr}"' if count_attr is not None else ""
    head += f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"{attr}>'.encode()
    chunk = b"<si><t>a</t></si>" * 65536

    def write(f) -> None:
        f.write(head)
        if distinct:
            for start in range(0, n, 65536):
                f.write("".join(f"<si><t>{i:x}</t></si>" for i in range(start, min(n, start + 65536))).encode())
            f.write(b"</sst>")
            return
        left = n
        while left > 0:
            k = min(left, 65536)
            f.write(chunk if k == 65536 else b"<si><t>a</t></si>" * k)
            left -= k
        f.write(b"</sst>")

    return write


def refused(capsys, path: Path, *words: str) -> str:
    start = time.monotonic()
    code, err = run(capsys, "validate", str(path))
    assert time.monotonic() - start < 30
    assert code == 2, err
    assert all(w in err for w in words), err
    code, en = english(capsys, "validate", str(path))
    assert code == 2 and no_chinese(en) == [], en
    return err


def test_the_plain_workbook_is_read(book, capsys) -> None:
    assert run(capsys, "validate", str(book))[0] == 0


def test_a_renamed_zip_and_random_bytes_and_missing_parts_are_refused(book, tmp_path, capsys) -> None:
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(renamed, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    random = tmp_path / "random.xlsx"
    random.write_bytes(bytes(range(256)) * 40)
    no_workbook = rewritten(book, tmp_path / "no-workbook.xlsx", {}, drop=("xl/workbook.xml",))
    no_sheet = rewritten(book, tmp_path / "no-sheet.xlsx", {}, drop=("xl/worksheets/sheet1.xml",))
    broken_xml = rewritten(book, tmp_path / "broken-xml.xlsx", {"xl/sharedStrings.xml": b"<sst><si><t>a</t></s"})
    for path in (renamed, random, no_workbook, no_sheet, broken_xml):
        err = refused(capsys, path, "无法读取 Excel 工作簿", "另存为 .xlsx")
        assert "KeyError" not in err and "Error" not in err, err


def test_many_shared_strings_are_refused_by_their_count(book, tmp_path, capsys) -> None:
    # the sst says one string, and holds 600,000: the streaming count does not trust it
    many = rewritten(book, tmp_path / "many.xlsx", {"xl/sharedStrings.xml": shared_strings(600_000, count_attr=1, distinct=True)})
    refused(capsys, many, "工作簿过大", "共享字符串超过 500,000 条")
    # the sst says it holds 30 million: refused before counting
    said = rewritten(book, tmp_path / "said.xlsx", {"xl/sharedStrings.xml": shared_strings(10, count_attr=30_000_000)})
    refused(capsys, said, "共享字符串超过 500,000 条")


def test_the_count_stops_at_the_limit(book, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 1000)
    small = rewritten(book, tmp_path / "small.xlsx", {"xl/sharedStrings.xml": shared_strings(1001)})
    with pytest.raises(DataFileError, match="共享字符串超过 1,000 条"):
        xlsx.open_workbook(small)
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)
    with pytest.raises(DataFileError, match="超过 2 行"):
        xlsx.open_workbook(book)


MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
p = subprocess.run([sys.executable, "-m", "lingtan", "validate", sys.argv[1]], capture_output=True, text=True)
took = time.monotonic() - start
print(p.returncode, took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(p.stderr)
"""


def measured(path: Path) -> tuple[int, float, int, str]:
    """Exit code, seconds, peak memory (KiB) and stderr of ``lingtan validate path`` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True).stdout
    first, _, err = out.partition("\n")
    code, took, rss = first.split()
    return int(code), float(took), int(rss), err


@pytest.mark.slow
def test_a_shared_strings_bomb_of_a_gigabyte_is_refused_small_and_fast(book, tmp_path) -> None:
    n = 64 * 1024 * 1024  # 64 Mi strings of 17 bytes: 1.1 GB unpacked
    bomb = rewritten(book, tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": shared_strings(n)})
    with zipfile.ZipFile(bomb) as z:
        assert z.getinfo("xl/sharedStrings.xml").file_size >= 1024**3
    assert bomb.stat().st_size < 10 * 1024 * 1024
    code, took, rss, err = measured(bomb)
    assert code == 2 and "工作簿过大" in err and "Traceback" not in err, err
    assert took < 30
    assert rss < 1024 * 1024  # KiB: under 1 GB


@pytest.mark.slow
def test_thirty_million_tiny_shared_strings_are_refused_fast(book, tmp_path) -> None:
    strings = rewritten(book, tmp_path / "30m.xlsx", {"xl/sharedStrings.xml": shared_strings(30_000_000, count_attr=30_000_000)})
    code, took, rss, err = measured(strings)
    assert code == 2 and "工作簿过大" in err, err
    assert took < 30 and rss < 1024 * 1024


def test_a_formula_cell_without_a_saved_value_is_named(book, tmp_path, capsys) -> None:
    import openpyxl

    path = tmp_path / "formula.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    cols = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    cell = ws.cell(3, cols["years.2025.energy_tce"])
    cell.value = "=1000+200"
    wb.save(path)
    err = refused(capsys, path, "公式", f"工作表「{ws.title}」{cell.coordinate} 单元格", "在 Excel 或 WPS 中打开并保存")
    assert "必填字段缺失" not in err
    code, en = english(capsys, "validate", str(path))
    assert code == 2 and "formula" in en and cell.coordinate in en, en


def test_a_number_cell_of_thousands_of_digits_is_named(book, tmp_path, capsys) -> None:
    with zipfile.ZipFile(book) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    m = re.search(r'<c r="([A-Z]+3)"(?: s="\d+")?(?: t="n")?><v>(\d+(?:\.\d+)?)</v>', sheet)
    assert m, "a number cell in row 3"
    hostile = sheet[: m.start(2)] + "9" * 5000 + sheet[m.end(2):]
    path = rewritten(book, tmp_path / "digits.xlsx", {"xl/worksheets/sheet1.xml": hostile.encode("utf-8")})
    refused(capsys, path, f"{m.group(1)} 单元格", "数字位数过多（5000 位")


def test_a_non_finite_number_cell_is_refused_at_the_cell(book, tmp_path, capsys) -> None:
    path = set_workbook_cell(book, tmp_path / "inf.xlsx", "years.2025.energy_tce", "1e309")
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "years.2025.energy_tce" in err and "有限数字" in err, err


def test_entry_workbook_year_of_1e309_is_named_at_its_cell(tmp_path, capsys) -> None:
    import openpyxl
    from test_entry_template import Filler, _scheme, make_template

    path = make_template(tmp_path, "jiangsu")
    Filler(path, _scheme("jiangsu")).fill(sample_data("jiangsu-zero"))
    capsys.readouterr()
    wb = openpyxl.load_workbook(path)
    ws = wb["年度数据"]
    row = next(r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, (int, float)))
    ws.cell(row, 1).value = "1e309"
    wb.save(path)
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and f"工作表「年度数据」第 {row} 行 A 列（年份）" in err and "应为有限数字" in err, err


def test_batch_workbook_path_of_thousands_of_digits_is_refused(book, tmp_path, capsys) -> None:
    import openpyxl

    path = tmp_path / "path.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    col = next(c for c in range(1, ws.max_column + 1) if str(ws.cell(2, c).value).startswith("projects."))
    ws.cell(2, col).value = "projects." + "9" * 5000 + ".name"
    wb.save(path)
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "是列表，后面应为从 1 开始的序号" in err, err
