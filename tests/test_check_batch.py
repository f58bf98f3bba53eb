"""``lingtan check-batch``: many submissions in a process pool, one report each, a summary workbook.

A small batch from the sample corpus (the jiangsu submissions, one of them a zip, and a
zhejiang one whose applicant cannot be found) runs without OCR; the other stories use tiny
hand-made submissions and, where a worker must misbehave (crash, hang, run out of memory),
a monkeypatched stage — the pool forks, so the workers inherit the patch. One story runs real
OCR on a single image, under the default memory limit.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pymupdf
import pytest
from checker_helpers import SLOW_BATCH
from conftest import run_main
from openpyxl import load_workbook

import lingtan.checker.batch as batch
from lingtan.checker.report import GAP_ZH

ROOT_DIR = Path(__file__).resolve().parents[1]
SAMPLES = ROOT_DIR / "samples" / "submissions"
JIANGSU = ROOT_DIR / "samples" / "factories" / "jiangsu-zero.yaml"
HEFEI = ROOT_DIR / "samples" / "factories" / "hefei.yaml"
COMPANY = "合肥瀚川汽车电子有限公司"



def text_pdf(title: str, pages: int = 1) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        page.insert_text((72, 80), f"{title} 第{i + 1}页", fontname="china-s", fontsize=18)
        page.insert_text((72, 120), f"获证组织：{COMPANY}", fontname="china-s", fontsize=11)
    return doc.tobytes()


def tiny_batch(base: Path, names: list[str], extra: dict[str, dict[str, bytes]] | None = None) -> tuple[Path, Path]:
    """ROOT with one small hefei submission per name (one or two text PDFs) and an applicants folder."""
    root, apps = base / "root", base / "applicants"
    root.mkdir(parents=True)
    apps.mkdir()
    for name in names:
        files = {"质量管理体系认证证书.pdf": text_pdf("质量管理体系认证证书"), **(extra or {}).get(name, {})}
        for rel, data in files.items():
            (root / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / name / rel).write_bytes(data)
        shutil.copy(HEFEI, apps / f"{name}.yaml")
    return root, apps


def batch_args(root: Path, out: Path, apps: Path, *extra: str, scheme: str = "hefei") -> list[str]:
    return ["check-batch", str(root), "--scheme", scheme, "--out", str(out), "--applicants", str(apps),
            "--as-of", "2026-03-15", "--no-ocr", *extra]


def summary(out: Path) -> dict:
    return json.loads((out / "检查汇总.json").read_text(encoding="utf-8"))


def by_name(out: Path) -> dict[str, dict]:
    return {s["name"]: s for s in summary(out)["submissions"]}


# -- a batch from the sample corpus --------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    root, apps, out = base / "root", base / "applicants", base / "out"
    root.mkdir()
    apps.mkdir()
    for name in ("jiangsu-01-clean", "jiangsu-02-missing-years"):
        shutil.copytree(SAMPLES / name, root / name)
        shutil.copy(JIANGSU, apps / f"{name}.yaml")
    (zipped,) = (SAMPLES / "jiangsu-03-zip-defects").glob("*.zip")
    shutil.copy(zipped, root / "jiangsu-03-zip-defects.zip")
    shutil.copy(JIANGSU, apps / "jiangsu-03-zip-defects.yaml")
    shutil.copytree(SAMPLES / "zhejiang-02-hostile", root / "zhejiang-02-hostile")  # no applicant anywhere
    (root / ".DS_Store").write_bytes(b"\0")
    (root / "说明.txt").write_text("不是申报材料", encoding="utf-8")
    code, stdout, stderr = run_main(*batch_args(root, out, apps, "--jobs", "2", scheme="jiangsu"))
    return {"root": root, "out": out, "apps": apps, "code": code, "stdout": stdout, "stderr": stderr}


@pytest.mark.slow
def test_one_report_per_submission_even_without_an_applicant(corpus_batch):
    """Every submission gets its report; the one whose applicant nothing names (no data file, no manifest, no
    readable licence) too — its missing licence is a gap and its names are to verify (issue 12)."""
    out = corpus_batch["out"]
    assert corpus_batch["code"] == 1
    names = {"jiangsu-01-clean", "jiangsu-02-missing-years", "jiangsu-03-zip-defects", "zhejiang-02-hostile"}
    assert {p.name for p in (out / "reports").iterdir()} == {f"{n}{s}" for n in names for s in (".json", ".html")}
    subs = by_name(out)
    assert set(subs) == names and all(s["ok"] for s in subs.values())
    assert "检查失败 0 份" in corpus_batch["stdout"] and "说明.txt" in corpus_batch["stdout"]
    assert summary(out)["ignored"] == [{"entry": "说明.txt", "reason": "不是文件夹或 zip 压缩包，未作为一份申报材料检查"}]
    for name in names:
        report = json.loads((out / "reports" / f"{name}.json").read_text(encoding="utf-8"))
        assert report["applicant"]["name"] == ("" if name == "zhejiang-02-hostile" else "张家港恒晟精密轴承有限公司")
        assert subs[name]["complete"] == report["complete"]
        assert len(subs[name]["gaps"]) == len(report["gaps"]) + len(report["to_verify"])
    orphan = json.loads((out / "reports" / "zhejiang-02-hostile.json").read_text(encoding="utf-8"))
    assert "business_licence" in {g["material"] for g in orphan["gaps"] if g["code"] == "missing"}


@pytest.mark.slow
def test_summary_workbook_matches_the_reports(corpus_batch):
    out = corpus_batch["out"]
    wb = load_workbook(out / "检查汇总.xlsx")
    assert wb.sheetnames == ["汇总", "问题明细"]
    ws, wd = wb["汇总"], wb["问题明细"]
    for sheet in (ws, wd):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r["材料包"] for r in rows] == ["jiangsu-01-clean", "jiangsu-02-missing-years", "jiangsu-03-zip-defects",
                                        "zhejiang-02-hostile"]
    total = 0
    for row in rows:
        report = json.loads((out / "reports" / f"{row['材料包']}.json").read_text(encoding="utf-8"))
        counts = Counter(g["code"] for g in [*report["gaps"], *report["to_verify"]])
        assert (row["企业名称"] or "") == report["applicant"]["name"] and row["统一社会信用代码"] == report["applicant"]["uscc"]
        assert row["材料齐全"] == ("是" if report["complete"] else "否") and row["问题数"] == len(report["gaps"])
        assert row["需人工核对数"] == len(report["to_verify"])
        assert {code: row[GAP_ZH[code]] for code in GAP_ZH} == {code: counts.get(code, 0) for code in GAP_ZH}
        assert not row["错误"]
        total += len(report["gaps"]) + len(report["to_verify"])
    details = list(wd.iter_rows(min_row=2, values_only=True))
    assert [c.value for c in wd[1]] == list(batch.DETAIL_HEAD)
    assert len(details) == total > 0
    assert {d[2] for d in details} <= {"问题", "待人工核对"}
    assert Counter((d[0], d[3]) for d in details) == Counter(
        (row["材料包"], GAP_ZH[code]) for row in rows if not row["错误"] for code in GAP_ZH for _ in range(row[GAP_ZH[code]]))


@pytest.mark.slow
def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(corpus_batch):
    err = corpus_batch["stderr"]
    assert "\x1b" not in err and "\r" not in err
    assert len([ln for ln in err.splitlines() if ln.startswith("[")]) == 4


@pytest.mark.slow
def test_rerun_skips_everything_unchanged(corpus_batch):
    out = corpus_batch["out"]
    mtimes = {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()}
    code, stdout, _ = run_main(*batch_args(corpus_batch["root"], out, corpus_batch["apps"], scheme="jiangsu"))
    assert code == 1
    assert "跳过 4 份未变化的材料" in stdout
    assert {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()} == mtimes
    assert summary(out)["counts"]["cached"] == 4


# -- resumable -----------------------------------------------------------------------------------


def test_a_changed_file_or_a_missing_report_is_checked_again(tmp_path):
    root, apps = tiny_batch(tmp_path, ["甲", "乙", "丙"])
    out = tmp_path / "out"
    assert run_main(*batch_args(root, out, apps))[0] == 1
    code, stdout, _ = run_main(*batch_args(root, out, apps))
    assert "跳过 3 份未变化的材料" in stdout
    with open(root / "乙" / "质量管理体系认证证书.pdf", "ab") as fh:
        fh.write(b"\n% one more line\n")
    (out / "reports" / "丙.html").unlink()
    code, stdout, _ = run_main(*batch_args(root, out, apps))
    assert "跳过 1 份未变化的材料" in stdout
    subs = by_name(out)
    assert subs["甲"]["cached"] and not subs["乙"]["cached"] and not subs["丙"]["cached"]
    assert (out / "reports" / "丙.html").is_file()
    assert len(list((out / ".cache").glob("*.json"))) == 3  # the stale entry of 乙 is pruned
    # other settings are other results
    code, stdout, _ = run_main(*batch_args(root, out, apps, "--as-of", "2026-04-01"))
    assert "跳过" not in stdout


# -- the pool ------------------------------------------------------------------------------------


def test_two_jobs_use_two_worker_processes(tmp_path, monkeypatch):
    root, apps = tiny_batch(tmp_path, ["一", "二", "三", "四"])
    real = batch.worker.run_check

    def slow(path, applicant):
        time.sleep(0.4)  # keeps both workers busy
        return real(path, applicant)

    monkeypatch.setattr(batch.worker, "run_check", slow)
    out = tmp_path / "out"
    code, _, _ = run_main(*batch_args(root, out, apps, "--jobs", "2"))
    pids = {s["worker_pid"] for s in summary(out)["submissions"]}
    assert code == 1 and len(pids) == 2 and os.getpid() not in pids


def test_a_crashing_submission_is_listed_and_the_rest_is_done(tmp_path, monkeypatch):
    root, apps = tiny_batch(tmp_path, ["a-正常", "b-崩溃", "c-出错", "d-正常"])
    real = batch.worker.run_check

    def flaky(path, applicant):
        if "崩溃" in path.name:
            os.kill(os.getpid(), signal.SIGKILL)  # like a segfault in a C library
        if "出错" in path.name:
            raise RuntimeError("boom")
        return real(path, applicant)

    monkeypatch.setattr(batch.worker, "run_check", flaky)
    out = tmp_path / "out"
    code, stdout, _ = run_main(*batch_args(root, out, apps, "--jobs", "2"))
    assert code == 1
    subs = by_name(out)
    assert subs["a-正常"]["ok"] and subs["d-正常"]["ok"]
    assert not subs["b-崩溃"]["ok"] and batch.CRASHED in subs["b-崩溃"]["error"]
    assert not subs["c-出错"]["ok"] and "RuntimeError: boom" in subs["c-出错"]["error"]
    assert {p.stem for p in (out / "reports").glob("*.json")} == {"a-正常", "d-正常"}
    assert "检查失败 2 份" in stdout and batch.CRASHED in stdout


def test_a_slow_file_times_out_and_the_submission_goes_on(tmp_path, monkeypatch):
    root, apps = tiny_batch(tmp_path, ["慢"], {"慢": {"慢.pdf": text_pdf("能源审计报告")}})
    real = batch.limits._read

    def slow(src, *a, **kw):
        if src.display == "慢.pdf":
            time.sleep(30)
        return real(src, *a, **kw)

    monkeypatch.setattr(batch.limits, "_read", slow)
    out = tmp_path / "out"
    t0 = time.monotonic()
    code, _, _ = run_main(*batch_args(root, out, apps, "--doc-timeout", "0.5"))
    assert time.monotonic() - t0 < 20
    report = json.loads((out / "reports" / "慢.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in report["files"]}
    assert files["慢.pdf"]["problem"] == "timeout" and files["质量管理体系认证证书.pdf"]["problem"] is None
    (gap,) = [g for g in report["gaps"] if g["code"] == "unreadable"]
    assert gap["document"] == "慢.pdf" and "处理超时" in gap["message"]


def test_a_file_stuck_in_c_code_is_ended_by_the_watchdog(tmp_path, monkeypatch):
    root, apps = tiny_batch(tmp_path, ["卡住", "正常"], {"卡住": {"卡住.pdf": text_pdf("能源审计报告")}})
    real = batch.limits._read

    def stuck(src, *a, **kw):
        if src.display == "卡住.pdf":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # Python cannot interrupt it
            time.sleep(60)
        return real(src, *a, **kw)

    monkeypatch.setattr(batch.limits, "_read", stuck)
    monkeypatch.setattr(batch.limits, "WATCHDOG_GRACE_MIN", 0.5)
    out = tmp_path / "out"
    t0 = time.monotonic()
    code, _, _ = run_main(*batch_args(root, out, apps, "--doc-timeout", "0.5", "--jobs", "2"))
    assert time.monotonic() - t0 < 30
    subs = by_name(out)
    assert subs["正常"]["ok"]
    assert not subs["卡住"]["ok"] and batch.CRASHED in subs["卡住"]["error"] and "卡住.pdf" in subs["卡住"]["error"]


def test_running_out_of_memory_makes_the_file_unreadable(tmp_path, monkeypatch):
    root, apps = tiny_batch(tmp_path, ["大"], {"大": {"大.pdf": text_pdf("能源审计报告")}})
    real = batch.limits._read

    def greedy(src, *a, **kw):
        if src.display == "大.pdf":
            blob = bytearray(6 * 1024**3)  # beyond the worker's address-space limit
            del blob
        return real(src, *a, **kw)

    monkeypatch.setattr(batch.limits, "_read", greedy)
    out = tmp_path / "out"
    code, _, _ = run_main(*batch_args(root, out, apps, "--max-memory-mb", "3072"))
    report = json.loads((out / "reports" / "大.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in report["files"]}
    assert files["大.pdf"]["problem"] == batch.MEMORY_PROBLEM and files["质量管理体系认证证书.pdf"]["problem"] is None
    (gap,) = [g for g in report["gaps"] if g["code"] == "unreadable"]
    assert "内存超限" in gap["message"]


def test_ctrl_c_keeps_what_is_done_and_the_rerun_resumes(tmp_path):
    root, apps = tiny_batch(tmp_path, ["1", "2", "3", "4", "5"])
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BATCH, *batch_args(root, out, apps, "--jobs", "1")],
                            cwd=ROOT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list((out / "reports").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "已中断" in stderr
    s = summary(out)
    assert s["interrupted"] and 1 <= s["counts"]["done"] < 5 and s["counts"]["not_done"] == 5 - s["counts"]["done"]
    done = s["counts"]["done"]
    assert len(list((out / "reports").glob("*.json"))) == done
    assert load_workbook(out / "检查汇总.xlsx")["汇总"].max_row == done + 1
    code, stdout, _ = run_main(*batch_args(root, out, apps))
    assert code == 1 and f"跳过 {done} 份未变化的材料" in stdout and summary(out)["counts"]["done"] == 5


def test_progress_bar_on_a_terminal(tmp_path):
    import pty

    root, apps = tiny_batch(tmp_path, ["甲"])
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "lingtan", *batch_args(root, tmp_path / "out", apps)],
                            cwd=ROOT_DIR, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1 and "检查申报材料" in text and "页/秒" in text and "\x1b" in text


# -- arguments -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["missing-root", "root-is-file", "empty-root", "jobs-0", "unknown-scheme", "out-in-submission",
                                  "applicants-missing", "memory-too-small"])
def test_bad_arguments_exit_2(tmp_path, case):
    root, apps = tiny_batch(tmp_path, ["甲"])
    out = tmp_path / "out"
    extra: list[str] = []
    if case == "missing-root":
        root = tmp_path / "nowhere"
    elif case == "root-is-file":
        root = root / "甲" / "质量管理体系认证证书.pdf"
    elif case == "empty-root":
        root = tmp_path / "empty"
        root.mkdir()
        (root / ".hidden").mkdir()
    elif case == "jobs-0":
        extra = ["--jobs", "0"]
    elif case == "out-in-submission":
        out = root / "甲" / "out"
    elif case == "applicants-missing":
        apps = tmp_path / "no-applicants"
    elif case == "memory-too-small":
        extra = ["--max-memory-mb", "100"]
    args = batch_args(root, out, apps, *extra)
    if case == "unknown-scheme":
        args[args.index("hefei")] = "no-such-scheme"
    code, stdout, stderr = run_main(*args)
    assert code == 2 and stderr.startswith("错误：")
    assert not out.exists()


# -- real OCR, once ------------------------------------------------------------------------------


@pytest.mark.ocr
def test_ocr_runs_in_a_worker_under_the_memory_limit(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=300)
    page.insert_text((30, 60), "质量管理体系认证证书", fontname="china-s", fontsize=22)
    page.insert_text((30, 110), f"获证组织：{COMPANY}", fontname="china-s", fontsize=14)
    png = page.get_pixmap(dpi=150).tobytes("png")
    root, apps = tiny_batch(tmp_path, ["扫描"])
    (root / "扫描" / "质量管理体系认证证书.pdf").unlink()
    (root / "扫描" / "证书照片.png").write_bytes(png)
    out = tmp_path / "out"
    args = batch_args(root, out, apps)
    args.remove("--no-ocr")
    code, _, _ = run_main(*args)
    s = by_name(out)["扫描"]
    assert s["ok"] and s["ocr_pages"] == 1 and s["peak_rss_mb"] < 1500
    report = json.loads((out / "reports" / "扫描.json").read_text(encoding="utf-8"))
    assert any(d["path"] == "证书照片.png" and d["ocr"] for d in report["documents"])


def test_check_batch_stops_before_any_work_when_the_ocr_engine_cannot_load(tmp_path):
    root = tmp_path / "收件"
    (root / "甲").mkdir(parents=True)
    (root / "甲" / "营业执照.pdf").write_bytes(text_pdf("营业执照"))
    out = tmp_path / "结果"
    code = ("import sys; sys.modules['onnxruntime'] = None\n"
            "from lingtan.cli import main\n"
            f"sys.exit(main(['check-batch', {str(root)!r}, '--scheme', 'hefei', '--out', {str(out)!r}, '--jobs', '1']))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 5, r.stderr
    assert "OCR 引擎无法加载" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists() or not any((out / "reports").glob("*"))
