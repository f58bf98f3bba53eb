"""One language at a time (issue 14, item 5): Chinese by default, English with ``--lang en`` or
``LINGTAN_LANG=en`` — help, argparse's own texts, messages and reports; third-party errors in
Chinese where they enter (YAML, zip, the operating system, pydantic).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from checker_helpers import ROOT, applicant_file, other, render, submission

from lingtan.cli import main
from lingtan.common.i18n import ENV, LOCALE_DIR

sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogs

CJK = re.compile(r"[\u4e00-\u9fff]")
SUBCOMMANDS = ("schemes", "template", "validate", "score", "generate", "generate-batch", "check", "check-batch")
SAMPLE = ROOT / "samples" / "factories" / "jiangsu-zero.yaml"
#: the English argparse says when left alone
ARGPARSE_ENGLISH = re.compile(r"\b(usage|options|positional arguments|show this help|error|required|invalid choice|unrecognized|expected|"
                              r"version number|arguments?|ambiguous|not allowed)\b")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # --help, argparse's errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def defective(tmp_path_factory) -> Path:
    o = other()
    return submission(tmp_path_factory.mktemp("lang") / "申报材料", "hefei", add={
        "04-质量管理体系认证证书.pdf": render("qms_certificate", overrides={"expiry_date": "2024-05-09"}),
        "08-信用报告.pdf": render("credit_report", overrides={"holder": o.name, "uscc": o.uscc}),
    })


def check_args(folder: Path, *extra: str) -> list[str]:
    return ["check", str(folder), "--scheme", "hefei", "--as-of", "2026-03-15", "--no-ocr", "--applicant", str(applicant_file("hefei")), *extra]


# -- the catalogs ---------------------------------------------------------------------------------

def test_every_message_has_its_english_translation():
    """Each Chinese message of the code (``_()``), each help text of the command line and each engine label."""
    cat = catalogs.read(catalogs.EN_PO)
    needed = set(catalogs.messages()) | set(catalogs.dynamic_messages())
    untranslated = sorted(m for m in needed if m not in cat or not cat[m].string)
    assert untranslated == []
    assert len(needed) > 150


def test_shipped_catalogs_are_compiled_from_their_sources():
    pos = sorted(LOCALE_DIR.rglob("*.po"))
    assert {p.relative_to(LOCALE_DIR).as_posix() for p in pos} == {"en/LC_MESSAGES/lingtan.po", "zh_CN/LC_MESSAGES/argparse.po"}
    for po in pos:
        assert po.with_suffix(".mo").read_bytes() == catalogs.compiled(po), f"{po}: run python tools/i18n.py compile"


def test_the_wheel_carries_the_catalogs():
    """The catalogs sit inside the package folder (lingtan/common/locale), which the wheel holds as it is."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["lingtan"]' in text
    assert (ROOT / "lingtan" / "common" / "locale" / "en" / "LC_MESSAGES" / "lingtan.mo").is_file()


# -- Chinese by default ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_chinese_help_holds_no_english_fragment(capsys, command, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    code, out, _ = run(capsys, *([command] if command else []), "--help")
    assert code == 0 and "用法：" in out and "显示本帮助并退出" in out
    assert ARGPARSE_ENGLISH.findall(out) == []
    if command is None:
        assert "显示版本号并退出" in out


@pytest.mark.parametrize("argv", [
    ["check"],  # required arguments missing
    ["score", str(SAMPLE), "--format", "yaml"],  # invalid choice
    ["score", str(SAMPLE), "--bogus"],  # unrecognized
    ["score", str(SAMPLE), "--as-of", "2026-13-01"],  # bad date
    ["generate-batch", "x", "--jobs", "many", "--out", "y"],  # bad int
    ["check", ".", "--scheme"],  # expected one argument
    ["frobnicate"],  # unknown command
])
def test_argparse_errors_are_chinese(capsys, argv, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    code, _out, err = run(capsys, *argv)
    assert code == 2 and "错误：" in err
    last = err.strip().splitlines()[-1]
    assert ARGPARSE_ENGLISH.findall(last) == [], last


def test_yaml_errors_are_chinese(tmp_path, capsys):
    for i, text in enumerate(["a: 'x", "a: 1\n---\nb: 2", "? [a]\n: 1\n", "a: !!python/object:x {}", "&a a: &a b", "a: @x"]):
        f = tmp_path / f"bad{i}.yaml"
        f.write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "validate", str(f))
        assert code == 2 and "YAML 格式错误" in err
        words = re.findall(r"[A-Za-z]{3,}", err.replace(str(f), ""))
        assert set(words) <= {"YAML"}, err


def test_zip_and_system_errors_are_chinese(tmp_path, capsys):
    from lingtan.checker.ingest import zip_reason
    from lingtan.common.errors import os_reason

    bad = tmp_path / "材料.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    code, _, err = run(capsys, "check", str(bad), "--scheme", "hefei", "--no-ocr")
    assert code == 2 and "不是有效的 zip 压缩包" in err and "File is not" not in err
    for exc in (zipfile.BadZipFile("File is not a zip file"), zipfile.BadZipFile("Bad CRC-32 for file 'a.pdf'"), EOFError(),
                RuntimeError("File 'a.pdf' is encrypted, password required for extraction"), NotImplementedError("That compression method is not supported")):
        assert CJK.search(zip_reason(exc)) and not re.search(r"[a-z]{3,}", zip_reason(exc).replace("zip", "")), exc
    assert os_reason(PermissionError(13, "Permission denied")) == "没有权限"
    assert os_reason(OSError(28, "No space left on device")) == "磁盘空间不足"


def test_pydantic_messages_are_chinese(tmp_path, capsys):
    data = SAMPLE.read_text(encoding="utf-8").replace("name:", "name: 1\n  bogus_field:", 1)
    f = tmp_path / "bad.yaml"
    f.write_text(data, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(f))
    assert code == 2
    assert not re.search(r"\b(Input should|Field required|Extra inputs|Value error|valid)\b", err), err


# -- English with --lang en / LINGTAN_LANG=en ---------------------------------------------------------

@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_help_in_english(capsys, command):
    code, out, _ = run(capsys, "--lang", "en", *([command] if command else []), "--help")
    assert code == 0 and "usage:" in out and "show this help message and exit" in out and "Exit codes:" in out
    # what stays Chinese: the names of the files lingtan writes (检查汇总.xlsx …) and a README heading
    rest = re.sub(r"检查汇总|批量生成汇总|多台机器（集群）", "", out)
    assert not CJK.search(rest), CJK.findall(rest)


def test_lang_after_the_subcommand_and_argparse_errors_in_english(capsys):
    code, _, err = run(capsys, "check", "--lang", "en")
    assert code == 2 and "error: the following arguments are required" in err and not CJK.search(err)


def test_check_in_english(capsys, defective, tmp_path):
    code, out, _ = run(capsys, *check_args(defective, "--lang", "en"))
    assert code == 1
    for text in ("Required materials", "Problems", "Documents recognised", "Material", "Source", "Status", "Expired", "Company name differs",
                 "Hefei plan", "Quality management system certificate", "problems found"):
        assert text in out, text
    for zh in ("申报材料清单", "问题清单", "文件识别", "已过期", "合肥方案", "结论"):
        assert zh not in out, zh
    code, _, _ = run(capsys, *check_args(defective, "--lang", "en", "--format", "html", "--out", str(tmp_path / "r.html")))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<html lang='en'>" in page and "<h2>Problems</h2>" in page and "Text read" in page and "问题清单" not in page
    run(capsys, *check_args(defective, "--lang", "en", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")))
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Problems", "To verify", "Materials", "Checks", "Documents recognised", "Declared vs evidence"]
    assert not any(CJK.search(str(c)) for c in next(wb["Problems"].iter_rows(values_only=True)))


def test_score_and_validate_in_english(capsys):
    code, out, _ = run(capsys, "score", str(SAMPLE), "--as-of", "2026-03-15", "--lang", "en")
    assert code in (0, 1)
    for text in ("1. Basic conditions and vetoes", "2. Indicators, item by item", "Verdict: ", "Enterprise: ", "Total: "):
        assert text in out, text
    assert "基本条件与否决项" not in out and "结论：" not in out
    code, out, _ = run(capsys, "validate", str(SAMPLE), "--lang", "en")
    assert code == 0 and out.startswith("Data valid: ") and "projects" in out and "数据有效" not in out
    code, _, err = run(capsys, "score", str(SAMPLE.parent / "nothing-here.yaml"), "--lang", "en")
    assert code == 2 and err.startswith("Error: data file not found: ")


def test_data_errors_in_english(capsys, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(SAMPLE.read_text(encoding="utf-8").replace("uscc:", "uscc_typo:", 1), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(f), "--lang", "en")
    assert code == 2 and err.startswith("Error: the data are invalid: ") and "problems)" in err
    assert "required, but missing" in err and "unknown field" in err and "必填" not in err
    f.write_text("a: 'x", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(f), "--lang", "en")
    assert code == 2 and "YAML syntax error" in err and "line 1, column 6: unexpected end of file" in err and not CJK.search(err)


def test_lang_en_does_not_outlive_the_command(capsys, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    run(capsys, "--lang", "en", "schemes")
    assert ENV not in os.environ
    _code, out, _ = run(capsys, "schemes")
    assert out.startswith("方案 id")


@pytest.mark.slow
def test_lingtan_lang_en_check_prints_english(defective):
    """``LINGTAN_LANG=en lingtan check …`` as a user types it (the command from this checkout)."""
    env = {**os.environ, ENV: "en"}
    p = subprocess.run([sys.executable, "-m", "lingtan", *check_args(defective)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 1, p.stderr
    assert "Required materials" in p.stdout and "Problems" in p.stdout and "申报材料清单" not in p.stdout
    p = subprocess.run([sys.executable, "-m", "lingtan", *check_args(defective, "--format", "json")], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert {g["code"] for g in json.loads(p.stdout)["gaps"]} >= {"expired", "name_mismatch"}  # JSON keeps its codes in any language


@pytest.mark.slow
def test_progress_line_only_when_stderr_is_a_terminal(defective, tmp_path):
    """A single check in a terminal says which file it reads on one line of stderr; piped, it says nothing."""
    import pty

    out = tmp_path / "r.json"
    argv = [sys.executable, "-m", "lingtan", *check_args(defective, "--format", "json", "--out", str(out))]
    env = {k: v for k, v in os.environ.items() if k != ENV}
    piped = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert piped.returncode == 1 and "正在检查" not in piped.stderr and "\r" not in piped.stderr
    leader, follower = pty.openpty()
    p = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = io.BytesIO()
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen.write(chunk)
    assert p.wait(timeout=300) == 1
    text = seen.getvalue().decode("utf-8", "replace")
    assert "正在检查文件 1/" in text and "\r" in text and "已写入" in text
