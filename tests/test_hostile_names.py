"""Hostile file and company names (issue 29): names that are not UTF-8, control and bidi characters,
names no file system accepts.

A GBK-named file (as old Windows copies and zips make them) is reported in every format, by
``check`` and ``check-batch`` alike, shown in Chinese (or with U+FFFD when it is not GBK either), and
the reports stay valid UTF-8 (never exit 70). An ESC or U+202E in a name never reaches the terminal
and never an output file name. ``generate`` makes a folder and files every file system accepts from
any company name, keeping the full name in the documents and the manifest. Inputs are never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from checker_helpers import ROOT, applicant_file, other, page_pdf
from conftest import patched, sample_data
from openpyxl import load_workbook

from lingtan.cli import main
from lingtan.common.manifest import MANIFEST_NAME
from lingtan.common.names import display_name, printable, safe_file_name

GBK_NAME = "营业执照".encode("gbk") + b".pdf"  # 8 bytes of GBK, not UTF-8
NOT_GBK = b"\xff\xfe-scan.pdf"  # neither UTF-8 nor GBK
HOSTILE = "a\x1b[31m红色\x1b]0;title\x07\u202eFDP.exe.pdf"  # ESC sequences, BEL and a right-to-left override
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM\d|LPT\d)$", re.IGNORECASE)


def licence() -> bytes:
    return page_pdf("营业执照", ["名称：合肥瀚川汽车电子有限公司", "统一社会信用代码：91340100MA2TEST001"])


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is raw bytes (not necessarily UTF-8), created as the OS sees it."""
    fd = os.open(os.path.join(os.fsencode(folder), name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def gbk_zip(path: Path, data: bytes) -> Path:
    """A zip with one member named in GBK and no UTF-8 flag (as Chinese Windows makes them)."""
    placeholder = b"X" * (len(GBK_NAME) - 4) + b".pdf"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(placeholder.decode("ascii"), data)
    raw = path.read_bytes()
    assert raw.count(placeholder) == 2  # local header and central directory
    path.write_bytes(raw.replace(placeholder, GBK_NAME))
    with zipfile.ZipFile(path) as z:
        assert not z.infolist()[0].flag_bits & 0x800
    return path


def tree_hash(folder: Path) -> dict[bytes, str]:
    """Every file under ``folder`` (by its name in bytes) with its SHA-256."""
    out = {}
    for dirpath, _dirs, files in os.walk(os.fsencode(folder)):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[p] = hashlib.sha256(fh.read()).hexdigest()
    return out


def run_main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text and "LINGTAN_DEBUG" not in text, text
    return code, out.getvalue(), err.getvalue()


def run_cli(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed command in a child process: its stdout as the terminal would get it (bytes)."""
    return subprocess.run([sys.executable, "-m", "lingtan", *argv], capture_output=True, cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"})


def check_args(path: Path, *extra: str) -> list[str]:
    return ["check", str(path), "--scheme", "hefei", "--as-of", "2026-03-15", "--no-ocr", "--applicant", str(applicant_file("hefei")), *extra]


# -- the helpers ------------------------------------------------------------------------------------


def test_display_name_decodes_gbk_and_replaces_what_it_cannot():
    assert display_name(os.fsdecode(GBK_NAME)) == "营业执照.pdf"
    assert display_name(os.fsdecode(NOT_GBK)) == "\ufffd\ufffd-scan.pdf"
    assert display_name("普通名称.pdf") == "普通名称.pdf"
    display_name(os.fsdecode(NOT_GBK)).encode("utf-8")  # encodable


def test_printable_removes_controls_and_bidi_but_keeps_lines():
    assert printable(HOSTILE) == "a[31m红色]0;titleFDP.exe.pdf"
    assert printable("一\n二\t三\u2066四\u200f") == "一\n二\t三四"
    assert printable("一\n二", newlines=False) == "一二"


@pytest.mark.parametrize("name", ["..", "CON", "con.txt", "NUL .docx", "a<b>:c|d?*", "x" * 300, "江苏" * 200, HOSTILE, ""])
def test_safe_file_name_fits_every_file_system(name):
    safe = safe_file_name(name, suffix="-申报书.docx")
    assert safe.endswith("-申报书.docx") and len(safe.encode("utf-8")) <= 255
    assert not CONTROL.search(safe) and not re.search(r'[<>:"/\\|?*]', safe)
    stem = safe.removesuffix("-申报书.docx")
    assert stem.strip(".") and not RESERVED.match(stem.split(".")[0].strip())


# -- check: a GBK-named file on disk and in a zip ---------------------------------------------------


@pytest.fixture(scope="module")
def gbk_submission(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gbk") / "申报材料"
    folder.mkdir()
    write_bytes_name(folder, GBK_NAME, licence())
    write_bytes_name(folder, NOT_GBK, licence())
    gbk_zip(folder / "附件.zip", licence())
    return folder


def test_gbk_names_are_reported_in_json_html_and_xlsx(gbk_submission, tmp_path):
    before = tree_hash(gbk_submission)
    for fmt in ("json", "html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        code, _out, err = run_main(*check_args(gbk_submission, "--format", fmt, "--out", str(out)))
        assert code in (0, 1), (fmt, code, err)
        if fmt == "xlsx":
            wb = load_workbook(out)
            cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
            text = "\n".join(cells)
        else:
            text = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
        assert "营业执照.pdf" in text, fmt
        assert "附件.zip/营业执照.pdf" in text, fmt
        assert "\ufffd\ufffd-scan.pdf" in text, fmt
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    paths = {f["path"] for f in report["files"]}
    assert {"营业执照.pdf", "附件.zip/营业执照.pdf", "\ufffd\ufffd-scan.pdf"} <= paths
    assert tree_hash(gbk_submission) == before


def test_gbk_names_on_stdout_are_valid_utf8(gbk_submission):
    for fmt in ("json", "table"):
        r = run_cli(*check_args(gbk_submission, "--format", fmt))
        assert r.returncode in (0, 1), r.stderr.decode("utf-8", "replace")
        text = r.stdout.decode("utf-8")  # strict
        assert "营业执照.pdf" in text
        if fmt == "json":
            json.loads(text)


# -- check-batch: a GBK-named submission ------------------------------------------------------------


def test_check_batch_with_gbk_names_completes_and_so_does_a_rerun(tmp_path):
    root, apps, out = tmp_path / "root", tmp_path / "apps", tmp_path / "out"
    root.mkdir()
    apps.mkdir()
    gbk_folder = os.path.join(os.fsencode(root), "申报".encode("gbk"))
    os.mkdir(gbk_folder)
    write_bytes_name(Path(os.fsdecode(gbk_folder)), GBK_NAME, licence())
    plain = root / "普通企业"
    plain.mkdir()
    write_bytes_name(plain, GBK_NAME, licence())
    shutil.copy(applicant_file("hefei"), apps / "普通企业.yaml")
    before = tree_hash(root)
    args = ["check-batch", str(root), "--scheme", "hefei", "--out", str(out), "--applicants", str(apps),
            "--as-of", "2026-03-15", "--no-ocr", "--jobs", "1"]
    for run in (1, 2):
        code, stdout, stderr = run_main(*args)
        assert code in (0, 1), (run, stdout, stderr)
        summary = json.loads((out / "检查汇总.json").read_bytes().decode("utf-8"))
        assert summary["counts"]["done"] == 2 and summary["counts"]["failed"] == 0
        names = {s["name"] for s in summary["submissions"]}
        assert names == {"申报", "普通企业"}
        for s in summary["submissions"]:
            report = json.loads((out / s["report_json"]).read_bytes().decode("utf-8"))
            assert "营业执照.pdf" in {f["path"] for f in report["files"]}
        if run == 1:
            assert "申报" in stderr  # the progress line names it, decoded
    assert summary["counts"]["cached"] == 2  # the rerun found every report of the first
    for name in os.listdir(os.fsencode(out / "reports")):
        name.decode("utf-8")  # every report file name is valid UTF-8
    wb = load_workbook(out / "检查汇总.xlsx")
    assert "申报" in [c.value for c in wb.worksheets[0]["B"]]
    assert tree_hash(root) == before


# -- control and bidi characters ---------------------------------------------------------------------


def test_escape_and_bidi_names_never_reach_the_terminal_raw(tmp_path):
    folder = tmp_path / "申报材料"
    folder.mkdir()
    (folder / HOSTILE).write_bytes(licence())
    before = tree_hash(folder)
    r = run_cli(*check_args(folder))
    assert r.returncode in (0, 1), r.stderr.decode("utf-8", "replace")
    for stream in (r.stdout, r.stderr):
        assert b"\x1b" not in stream and "\u202e".encode() not in stream and b"\x07" not in stream
    assert "FDP.exe.pdf" in r.stdout.decode("utf-8")
    html_out = tmp_path / "r.html"
    assert run_main(*check_args(folder, "--format", "html", "--out", str(html_out)))[0] in (0, 1)
    page = html_out.read_text(encoding="utf-8")
    assert "\x1b" not in page and "\u202e" not in page and "FDP.exe.pdf" in page
    assert tree_hash(folder) == before


def test_check_batch_keeps_escape_and_bidi_out_of_its_output_and_names(tmp_path):
    root, apps, out = tmp_path / "root", tmp_path / "apps", tmp_path / "out"
    apps.mkdir()
    sub = root / ("企业\x1b[2J\u202e甲")
    sub.mkdir(parents=True)
    (sub / HOSTILE).write_bytes(licence())
    before = tree_hash(root)
    code, stdout, stderr = run_main("check-batch", str(root), "--scheme", "hefei", "--out", str(out), "--applicants", str(apps),
                                    "--as-of", "2026-03-15", "--no-ocr", "--jobs", "1")
    assert code in (0, 1), stderr
    for text in (stdout, stderr):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "企业[2J甲" in stdout + stderr
    written = [p.name for p in out.rglob("*")]
    assert written and not any(CONTROL.search(n) for n in written)
    assert (out / "reports" / "企业[2J甲.json").is_file()
    summary = json.loads((out / "检查汇总.json").read_text(encoding="utf-8"))
    assert summary["submissions"][0]["report_json"] == "reports/企业[2J甲.json"
    assert tree_hash(root) == before


# -- generate: company names no file system accepts as they are --------------------------------------

NAMES = {
    "80": "江苏" + "零碳示范" * 18 + "工厂有限公司",  # 80 characters, 240 bytes
    "300": "江苏" + "零碳示范工厂" * 49 + "公司",  # 300 characters, 900 bytes
    "dots": "..",
    "con": "CON",
    "esc": "江苏\x1b[31m红色\u202e有限公司",
}


@pytest.mark.parametrize("key", list(NAMES))
def test_generate_makes_safe_names_and_keeps_the_full_name_inside(key, tmp_path):
    name = NAMES[key]
    data_file = tmp_path / "data.yaml"
    data_file.write_text(yaml.safe_dump(patched(sample_data("jiangsu-zero"), {"enterprise.name": name}), allow_unicode=True), encoding="utf-8")
    before = tree_hash(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = run_main("generate", str(data_file), "--out", str(out), "--as-of", "2026-03-15")
    assert code == 0, stderr
    assert "\x1b" not in stdout + stderr and "\u202e" not in stdout + stderr
    folders = list(out.iterdir())
    assert len(folders) == 1 and folders[0].is_dir()  # no temporary folder left beside it
    folder = folders[0]
    assert len(folder.name.encode("utf-8")) <= 255 and folder.name.strip(".")
    assert not CONTROL.search(folder.name) and not re.search(r'[<>:"/\\|?*]', folder.name)
    assert not RESERVED.match(folder.name.split(".")[0].strip())
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["applicant"]["name"] == name
    from lingtan.assessment.schemes import load_scheme

    assert len(manifest["forms"]) == len(load_scheme("jiangsu").forms) + 1
    for f in manifest["forms"]:
        assert (folder / f["file"]).is_file()
        assert len(f["file"].encode("utf-8")) <= 255 and not CONTROL.search(f["file"])
        assert not f["file"].startswith(("-", ".")) and not RESERVED.match(f["file"].split(".")[0].strip())
    from lingtan.generator.render import document_text

    intake = next(f["file"] for f in manifest["forms"] if f["id"] == "intake-form")
    text = re.sub(r"\s+", "", document_text((folder / intake).read_bytes()))
    shown = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", name)  # characters XML forbids cannot be in a document (reported)
    assert shown in text
    if key in ("300",):
        assert "缩短" in stdout
    if key in ("dots", "con", "esc"):
        assert "改为" in stdout
    if key == "80":  # the folder keeps the name; the form files' names had to be cut (255 bytes), and the output says so
        assert folder.name == name and "改为" not in stdout and "文件名中的企业名称已缩短" in stdout
    assert {k: v for k, v in tree_hash(tmp_path).items() if not k.startswith(os.fsencode(out))} == before


def test_generate_batch_names_long_and_reserved_companies_safely(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    base = sample_data("jiangsu-zero")
    second = other().uscc  # a valid code of another company
    for i, name in enumerate([NAMES["300"], NAMES["300"], NAMES["con"]]):
        d = patched(base, {"enterprise.name": name, "enterprise.uscc": base["enterprise"]["uscc"] if i != 1 else second})
        (data / f"{i}.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run_main("generate-batch", str(data), "--scheme", "jiangsu", "--out", str(out), "--as-of", "2026-03-15", "--jobs", "1")
    assert code == 0, (stdout, stderr)
    summary = json.loads((out / "批量生成汇总.json").read_text(encoding="utf-8"))
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len(folders) == 3 and sorted(e["folder"] for e in summary["enterprises"]) == folders
    uscc = base["enterprise"]["uscc"]
    assert sum(f.endswith(f"-{uscc}") for f in folders) == 1 and sum(f.endswith(f"-{second}") for f in folders) == 1
    assert "_CON" in folders
    for f in folders:
        assert len(f.encode("utf-8")) <= 255 and not RESERVED.match(f.split(".")[0].strip())
        for p in (out / f).iterdir():
            assert len(p.name.encode("utf-8")) <= 255


def test_a_failed_generate_leaves_no_empty_output_folder(tmp_path, monkeypatch):
    from lingtan.common.errors import OutputError
    from lingtan.generator import package

    def fail(folder, files):
        folder.parent.mkdir(parents=True, exist_ok=True)
        raise OutputError("磁盘已满")

    monkeypatch.setattr(package, "write_folder_atomic", fail)
    out = tmp_path / "new" / "out"
    code, _stdout, stderr = run_main("generate", str(ROOT / "samples" / "factories" / "jiangsu-zero.yaml"), "--out", str(out),
                                     "--as-of", "2026-03-15")
    assert code != 0 and "磁盘已满" in stderr
    assert not (tmp_path / "new").exists()


def test_check_batch_names_long_and_clashing_submissions_apart(tmp_path):
    """An 80-character name (240 bytes) gets a report that fits; two names one file system would merge get two reports."""
    root, apps, out = tmp_path / "root", tmp_path / "apps", tmp_path / "out"
    apps.mkdir()
    names = ["零碳示范工厂" * 13 + "有限", "甲:乙", "甲_乙"]
    for n in names:
        (root / n).mkdir(parents=True)
        (root / n / "营业执照.pdf").write_bytes(licence())
    code, _stdout, stderr = run_main("check-batch", str(root), "--scheme", "hefei", "--out", str(out), "--applicants", str(apps),
                                    "--as-of", "2026-03-15", "--no-ocr", "--jobs", "1")
    assert code in (0, 1), stderr
    summary = json.loads((out / "检查汇总.json").read_text(encoding="utf-8"))
    assert summary["counts"]["done"] == 3 and summary["counts"]["failed"] == 0
    reports = [s["report_json"] for s in summary["submissions"]]
    assert len(set(reports)) == 3
    for r in reports:
        assert (out / r).is_file() and len(Path(r).name.encode("utf-8")) <= 255
