"""The reviewer at the command line: ``lingtan check`` on a submission folder.

Outputs: the Chinese table (default), JSON, a self-contained HTML report and an XLSX workbook;
exit codes 0 (complete), 1 (gaps), 2 (unusable input); the submission is never modified.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checker_helpers import ROOT, applicant_file, other, page_pdf, render, submission, write_submission

from lingtan.checker.report import GAP_ZH
from lingtan.cli import main

QMS = "04-质量管理体系认证证书.pdf"
MENU_TEXT = ["周一：红烧肉、清炒时蔬、米饭", "周二：宫保鸡丁、番茄蛋汤"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err
    return code, out, err


def check_args(folder: Path, *extra: str, scheme: str = "hefei", applicant: bool = True) -> list[str]:
    args = ["check", str(folder), "--scheme", scheme, "--as-of", "2026-03-15", "--no-ocr"]
    if applicant:
        args += ["--applicant", str(applicant_file(scheme))]
    return args + list(extra)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with its SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    """A complete hefei submission: every required material, valid, the applicant's own, sealed where needed."""
    return submission(tmp_path_factory.mktemp("complete") / "合肥瀚川申报材料", "hefei")


@pytest.fixture(scope="module")
def defective(tmp_path_factory) -> Path:
    """A hefei submission with five gaps: an expired QMS certificate, the credit report of another company
    (its name and its code), a duplicate, and a lunch menu nobody asked for."""
    o = other()
    expired = render("qms_certificate", overrides={"expiry_date": "2024-05-09"})
    return submission(tmp_path_factory.mktemp("defective") / "申报材料", "hefei", add={
        QMS: expired,
        "04-质量管理体系认证证书 - 副本.pdf": expired,
        "08-信用报告.pdf": render("credit_report", overrides={"holder": o.name, "uscc": o.uscc}),
        "10-午餐菜单.pdf": page_pdf("本周午餐菜单", MENU_TEXT),
    })


def _json(capsys, folder: Path, *extra: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, *check_args(folder, "--format", "json", *extra))
    return code, json.loads(out)


# -- table ---------------------------------------------------------------------------------------------

def test_table_lists_materials_and_problems_in_chinese(capsys, defective):
    code, out, _ = run(capsys, *check_args(defective))
    assert code == 1
    assert "申报材料清单" in out and "问题清单" in out and "需人工核对" in out and "文件识别" in out
    assert "合肥瀚川汽车电子有限公司" in out and "发现 4 个问题，1 项需人工核对" in out
    for label in ("已过期", "单位名称不符", "信用代码不符", "重复文件", "无法识别类型"):
        assert label in out
    assert "10-午餐菜单.pdf" in out


def test_complete_submission_exits_0(capsys, complete):
    code, out, _ = run(capsys, *check_args(complete))
    assert code == 0
    assert "材料齐全，未发现问题" in out and "申报材料清单" in out
    assert "问题清单" not in out and "需人工核对" not in out  # nothing to list


def test_applicant_taken_from_the_business_licence_when_not_given(capsys, complete):
    code, out, _ = run(capsys, *check_args(complete, "--format", "json", applicant=False))
    data = json.loads(out)
    assert data["applicant"]["name"] == "合肥瀚川汽车电子有限公司" and "营业执照" in data["applicant"]["source"]
    assert code == 0 and data["complete"] is True and data["to_verify"] == []  # hefei's materials need no claims


# -- json ----------------------------------------------------------------------------------------------

def test_json_report_shape(capsys, defective):
    code, data = _json(capsys, defective)
    assert code == 1
    assert data["scheme"] == "hefei" and data["complete"] is False
    files = {p.name for p in defective.iterdir()}
    assert {d["path"] for d in data["documents"]} == files
    for d in data["documents"]:
        assert {"path", "pages", "type", "confidence", "ocr", "fields"} <= set(d)
        assert len(d["pages"]) == 2 and 0 <= d["confidence"] <= 1 and d["ocr"] is False
    by_code = {}
    for g in data["gaps"]:
        assert {"code", "material", "types", "document", "pages", "message"} <= set(g)
        by_code[g["code"]] = g
    assert set(by_code) == {"expired", "name_mismatch", "uscc_mismatch", "duplicate"}
    (menu,) = data["to_verify"]  # a document nobody can type is for a person to look at, not a problem
    assert menu["code"] == "unclassified" and menu["verdict"] == "verify" and menu["document"] == "10-午餐菜单.pdf"
    assert all(g["verdict"] == "problem" for g in data["gaps"])
    assert by_code["expired"]["document"] == QMS and by_code["expired"]["material"] == "qms_certificate"
    assert by_code["expired"]["types"] == ["qms_certificate"] and by_code["expired"]["pages"] == [1, 1]
    assert by_code["name_mismatch"]["document"] == by_code["uscc_mismatch"]["document"] == "08-信用报告.pdf"
    assert by_code["duplicate"]["document"] == "04-质量管理体系认证证书 - 副本.pdf" and by_code["duplicate"]["pages"] is None
    qms = next(d for d in data["documents"] if d["path"] == QMS)
    assert qms["type"] == "qms_certificate" and qms["fields"]["expiry_date"] == "2024-05-09"


def test_json_of_a_complete_submission(capsys, complete):
    code, data = _json(capsys, complete)
    assert code == 0 and data["complete"] is True and data["gaps"] == [] and data["to_verify"] == []
    assert {m["status"] for m in data["materials"]} <= {"ok", "not_required"}
    for m in data["materials"]:  # every check of every document says 符合, with its reason
        assert all(c["verdict"] == "符合" and c["reason"] for c in m["checks"]), m["id"]


# -- html ----------------------------------------------------------------------------------------------

def test_html_report_is_self_contained_and_carries_every_gap(capsys, tmp_path, defective):
    out = tmp_path / "r.html"
    code, stdout, err = run(capsys, *check_args(defective, "--format", "html", "--out", str(out)))
    assert code == 1 and stdout == "" and "已写入" in err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)  # no remote scripts, styles, fonts
    assert not re.search(r"<script[^>]+src|<link[^>]+stylesheet|@import|url\(", page, re.I)
    assert "http://" not in page and "https://" not in page
    _, data = _json(capsys, defective)
    assert len(data["gaps"]) == 4 and len(data["to_verify"]) == 1
    assert "<h2>问题清单</h2>" in page and "<h2>需人工核对</h2>" in page
    for g in [*data["gaps"], *data["to_verify"]]:
        assert html.escape(g["message"]) in page, g["message"]
        assert GAP_ZH[g["code"]] in page


# -- xlsx ----------------------------------------------------------------------------------------------

def test_xlsx_report_has_its_sheets_and_one_row_per_finding(capsys, tmp_path, defective):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    code, stdout, _ = run(capsys, *check_args(defective, "--format", "xlsx", "--out", str(out)))
    assert code == 1 and stdout == ""
    wb = load_workbook(out)
    assert wb.sheetnames == ["问题清单", "需人工核对", "材料清单", "逐项核对", "文件识别", "申报数据对照"]
    rows = list(wb["问题清单"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "问题" in header and "说明" in header and "依据文本" in header
    _, data = _json(capsys, defective)
    assert len(body) == len(data["gaps"]) == 4
    assert [r[2] for r in wb["需人工核对"].iter_rows(min_row=2, values_only=True)] == ["无法识别类型"]
    assert wb["逐项核对"].max_row == 1 + sum(len(m["checks"]) for m in data["materials"])
    label_col, msg_col = header.index("问题"), header.index("说明")
    assert sorted(r[label_col] for r in body) == sorted(GAP_ZH[g["code"]] for g in data["gaps"])
    assert {r[msg_col] for r in body} == {g["message"] for g in data["gaps"]}
    assert wb["材料清单"].max_row == 1 + len(data["materials"])
    assert wb["文件识别"].max_row == 1 + len(data["documents"])


def test_xlsx_without_out_is_an_input_error(capsys, complete, tmp_path):
    code, out, err = run(capsys, *check_args(complete, "--format", "xlsx"))
    assert code == 2 and out == ""
    assert "--out" in err


# -- exit 2 --------------------------------------------------------------------------------------------

def test_missing_path_exits_2(capsys, tmp_path):
    code, out, err = run(capsys, *check_args(tmp_path / "没有这个文件夹"))
    assert code == 2 and "找不到" in err and out == ""


def test_unknown_scheme_exits_2(capsys, complete):
    code, _, err = run(capsys, "check", str(complete), "--scheme", "shanghai", "--as-of", "2026-03-15", "--no-ocr")
    assert code == 2 and "shanghai" in err


def test_no_applicant_determinable_still_gives_a_report(capsys, tmp_path):
    """Issue 12: certificates only — no --applicant, no lingtan-manifest.json, no business licence or 申报书.
    The missing licence is a gap, the name and code checks are for a person to verify, and the report is written."""
    folder = write_submission(tmp_path / "只有证书", {QMS: render("qms_certificate"), "05-环境管理体系认证证书.pdf": render("ems_certificate")})
    code, data = _json_no_applicant(capsys, folder)
    assert code == 1 and data["complete"] is False
    assert data["applicant"]["name"] == "" and "未能确定" in data["applicant"]["source"]
    assert {g["material"] for g in data["gaps"] if g["code"] == "missing"} >= {"business_licence"}
    unknown = [g for g in data["to_verify"] if g["code"] == "applicant_unknown" and g["document"] == QMS]
    assert unknown and "申报企业未能确定" in unknown[0]["message"]
    code, out, _ = run(capsys, *check_args(folder, applicant=False))
    assert code == 1 and "申报企业：未能确定" in out and "缺少材料" in out


def _json_no_applicant(capsys, folder: Path) -> tuple[int, dict]:
    code, out, _ = run(capsys, *check_args(folder, "--format", "json", applicant=False))
    return code, json.loads(out)


# -- the submission is left alone ---------------------------------------------------------------------

def test_check_does_not_modify_the_submission(capsys, tmp_path):
    o = other()
    folder = submission(tmp_path / "材料", "hefei", add={"08-信用报告.pdf": render("credit_report", overrides={"holder": o.name, "uscc": o.uscc}),
                                                         "补充材料/.DS_Store": b"\x00\x01",
                                                         "补充材料/10-零碳工作领导小组成立文件（续）.pdf": render("management_body_doc", variant=1)})
    before = snapshot(folder)
    mtimes = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    for fmt in ("table", "json", "html", "xlsx"):
        extra = ["--format", fmt] + (["--out", str(tmp_path / f"r.{fmt}")] if fmt in ("html", "xlsx") else [])
        code, _, _ = run(capsys, *check_args(folder, *extra))
        assert code == 1, fmt
    assert snapshot(folder) == before
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == mtimes  # nothing added, removed or touched


# -- as a program ------------------------------------------------------------------------------------

def test_lingtan_check_as_a_program(defective):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "lingtan", *check_args(defective, "--format", "json")],
                       capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert {g["code"] for g in data["gaps"]} == {"expired", "name_mismatch", "uscc_mismatch", "duplicate"}
    assert {g["code"] for g in data["to_verify"]} == {"unclassified"}


@pytest.mark.parametrize("broken", ["rapidocr", "onnxruntime"])
@pytest.mark.slow
def test_an_ocr_engine_that_cannot_load_stops_the_run_before_any_work(tmp_path, broken):
    """Not a note on every scanned file and exit 1: exit 5 at once, saying how to reinstall."""
    folder = write_submission(tmp_path / "s", {"01-营业执照.pdf": page_pdf("营业执照", ["名称：某某有限公司"])})
    code = (f"import sys; sys.modules[{broken!r}] = None\n"
            "from lingtan.cli import main\n"
            f"sys.exit(main(['check', {str(folder)!r}, '--scheme', 'hefei', '--applicant', {str(applicant_file('hefei'))!r}]))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 5, r.stderr
    assert "OCR 引擎无法加载" in r.stderr and "--no-ocr" in r.stderr and "Traceback" not in r.stderr
    # with --no-ocr the same submission is checked as usual
    r = subprocess.run([sys.executable, "-c", code.replace("'--applicant'", "'--no-ocr', '--applicant'")],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr
