"""Faults and rough edges (issue 29): what happens when the run, the disk or the user misbehaves.

- zips with two members of one name (each read by its own entry, the later one reported), a
  ``.png`` that is really a PDF (a Chinese reason, no library text or memory address), and the
  same hostile submission checked twice giving the same JSON (minus the measured times);
- ``check-batch`` killed with SIGKILL mid-run and resumed (every finished report kept and whole,
  the summary right after the rerun, the stale lock no obstacle); two runs on one ``--out`` (the
  second refused, exit 2); ``--out`` inside ROOT refused;
- a full disk and a read-only output folder (a small tmpfs mounted for the test: root only, skipped
  with the reason otherwise) for ``check --out`` and ``generate``: exit 4, a Chinese message, no
  traceback, nothing half-written; SIGINT of ``check``: exit 130;
- the command line: the inbox hint of ``check``, ``generate-batch --help`` showing ``--scheme`` as
  required, ``score -v`` naming the data read in Chinese, tables folded at 80 columns.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pymupdf
import pytest
import yaml
from checker_helpers import SLOW_BATCH
from conftest import run_main

from lingtan.checker.ingest import ingest
from lingtan.cli import main

ROOT_DIR = Path(__file__).resolve().parents[1]
HEFEI = ROOT_DIR / "samples" / "factories" / "hefei.yaml"
JIANGSU = ROOT_DIR / "samples" / "factories" / "jiangsu-zero.yaml"
COMPANY = "合肥瀚川汽车电子有限公司"
ADDRESS = re.compile(r"0x[0-9a-f]{6,}")
ENGLISH_ERROR = re.compile(r"[A-Za-z]+Error|cannot identify|object at")


def text_pdf(title: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), title, fontname="china-s", fontsize=18)
    page.insert_text((72, 120), f"获证组织：{COMPANY}", fontname="china-s", fontsize=11)
    return doc.tobytes()


def png() -> bytes:
    doc = pymupdf.open()
    return doc.new_page(width=120, height=80).get_pixmap().tobytes("png")



def lingtan(*argv: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    """``python -m lingtan ARGV`` in a child process (as a user runs it)."""
    return subprocess.run([sys.executable, "-m", "lingtan", *argv], cwd=ROOT_DIR, capture_output=True, text=True,
                          timeout=timeout, **kw)


# -- zip members, image errors, deterministic reports --------------------------------------------


def duplicate_zip(path: Path) -> Path:
    """Two members named 营业执照.pdf (different bytes), a .png that is a PDF, a .pdf that is a PNG."""
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as z:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
        z.writestr("营业执照.pdf", text_pdf("营业执照 第一份"))
        z.writestr("营业执照.pdf", text_pdf("质量管理体系认证证书 第二份"))
        z.writestr("证书照片.png", text_pdf("不是图片"))
        z.writestr("扫描件.pdf", png())
    return path


def test_two_members_of_one_name_are_each_read_by_their_own_entry_and_the_later_one_is_reported(tmp_path):
    sub = duplicate_zip(tmp_path / "材料.zip")
    with zipfile.ZipFile(sub) as z:
        first, second = (z.open(i).read() for i in z.infolist() if i.filename == "营业执照.pdf")
    with ingest(sub) as ing:
        (read,) = [f for f in ing.files if f.display == "营业执照.pdf"]
        assert read.read() == first != second  # not the last member's bytes, as reading by name gives
        (again,) = [p for p in ing.problems if p.problem == "duplicate_member"]
        assert again.display == "营业执照.pdf（第 2 个同名成员）" and again.read() == second
        assert "与 营业执照.pdf 同名" in ing.detail(again) and "改名" in ing.detail(again)
    _code, out, _ = run_main("check", str(sub), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15", "--format", "json")
    report = json.loads(out)
    (gap,) = [g for g in report["gaps"] if g["document"] == "营业执照.pdf（第 2 个同名成员）"]
    assert gap["code"] == "unreadable" and "同名" in gap["message"] and "营业执照.pdf" in gap["message"]


def test_an_image_that_is_not_an_image_gets_a_chinese_reason_without_an_address(tmp_path):
    sub = duplicate_zip(tmp_path / "材料.zip")
    _code, out, _ = run_main("check", str(sub), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15", "--format", "json")
    report = json.loads(out)
    files = {f["path"]: f for f in report["files"]}
    assert files["证书照片.png"]["problem"] == "corrupt" and files["扫描件.pdf"]["problem"] == "not_pdf"
    messages = {g["document"]: g["message"] for g in report["gaps"] if g["code"] == "unreadable"}
    assert "内容不是可识别的图片" in messages["证书照片.png"]
    assert "PNG 图片" in messages["扫描件.pdf"]
    assert not ADDRESS.search(out) and not ENGLISH_ERROR.search(out), out


def _untimed(value):
    """The report without its measured times (``seconds``, ``ocr_seconds``)."""
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if not k.endswith("seconds")}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def test_the_same_hostile_submission_checked_twice_gives_the_same_json(tmp_path):
    sub = tmp_path / "材料"
    sub.mkdir()
    duplicate_zip(sub / "附件.zip")
    (sub / "坏图片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(64))
    (sub / "截断.pdf").write_bytes(text_pdf("营业执照")[:400])
    (sub / "不是文档.docx").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    (sub / "空.pdf").write_bytes(b"")
    runs = []
    for _ in range(2):
        r = lingtan("check", str(sub), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15", "--format", "json")
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert not ADDRESS.search(r.stdout) and not ENGLISH_ERROR.search(r.stdout), r.stdout
        runs.append(json.dumps(_untimed(json.loads(r.stdout)), ensure_ascii=False, indent=1).encode("utf-8"))
    assert runs[0] == runs[1]
    assert "seconds" in json.loads(r.stdout)  # the measured time is still reported


# -- check-batch: kill -9, two runs at once, --out inside ROOT -----------------------------------


def tiny_batch(base: Path, n: int) -> tuple[Path, Path]:
    root, apps = base / "root", base / "applicants"
    apps.mkdir(parents=True)
    for i in range(1, n + 1):
        (root / str(i)).mkdir(parents=True)
        (root / str(i) / "质量管理体系认证证书.pdf").write_bytes(text_pdf(f"质量管理体系认证证书 {i}"))
        shutil.copy(HEFEI, apps / f"{i}.yaml")
    return root, apps


def batch_args(root: Path, out: Path, apps: Path, *extra: str) -> list[str]:
    return ["check-batch", str(root), "--scheme", "hefei", "--out", str(out), "--applicants", str(apps),
            "--as-of", "2026-03-15", "--no-ocr", *extra]




def slow_batch(args: list[str]) -> subprocess.Popen:
    """check-batch with every submission taking a second more, in its own process group."""
    return subprocess.Popen([sys.executable, "-c", SLOW_BATCH, *args], cwd=ROOT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def summary(out: Path) -> dict:
    return json.loads((out / "检查汇总.json").read_text(encoding="utf-8"))


def test_kill_9_mid_run_keeps_every_finished_report_whole_and_the_rerun_completes(tmp_path):
    root, apps = tiny_batch(tmp_path, 5)
    out = tmp_path / "out"
    proc = slow_batch(batch_args(root, out, apps, "--jobs", "1"))
    wait_for(lambda: len(list((out / "reports").glob("*.json"))) >= 2)  # the first is finished (cached) for sure
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, without a chance to clean up
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    kept = {p.name: p.read_bytes() for p in (out / "reports").iterdir() if not p.name.startswith(".")}
    finished = [n for n in kept if n.endswith(".json")]
    assert 2 <= len(finished) < 5
    for name, data in kept.items():  # none half-written
        if name.endswith(".json"):
            json.loads(data)
        else:
            assert data.rstrip().endswith(b"</html>")
    assert (out / ".lock").exists()  # left behind by the killed run …
    code, stdout, stderr = run_main(*batch_args(root, out, apps))  # … and no obstacle to the next
    assert code == 1, stderr
    skipped = int(re.search(r"跳过 (\d+) 份未变化的材料", stdout).group(1))
    assert len(finished) - 1 <= skipped <= len(finished)  # at most the one being cached at the kill is checked again
    s = summary(out)
    assert s["counts"]["done"] == 5 and not s["interrupted"]
    for name in finished:  # the reports finished before the kill are kept (the same, but for the measured times)
        again = json.loads((out / "reports" / name).read_bytes())
        assert _untimed(again) == _untimed(json.loads(kept[name]))
    reports = sorted(p.name for p in (out / "reports").iterdir() if not p.name.startswith("."))
    assert reports == sorted(f"{i}.{ext}" for i in range(1, 6) for ext in ("html", "json"))


def test_a_second_run_on_the_same_out_is_refused_while_the_first_runs(tmp_path):
    root, apps = tiny_batch(tmp_path, 3)
    out = tmp_path / "out"
    first = slow_batch(batch_args(root, out, apps, "--jobs", "1"))
    try:
        wait_for(lambda: (out / "reports").is_dir())
        code, _, stderr = run_main(*batch_args(root, out, apps))
        assert code == 2 and stderr.startswith("错误：")
        assert "正被另一次 check-batch 使用" in stderr and "--out" in stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    assert first.returncode == 130
    code, _, _ = run_main(*batch_args(root, out, apps))  # the lock went with the first run
    assert code == 1 and summary(out)["counts"]["done"] == 3


def test_out_inside_root_is_refused_and_root_left_alone(tmp_path):
    root, apps = tiny_batch(tmp_path, 2)
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    for out in (root / "检查结果", root / "检查结果" / "深处", root):
        code, _, stderr = run_main(*batch_args(root, out, apps))
        assert code == 2 and "不能是收件目录" in stderr and "--out" in stderr, stderr
        assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == before


# -- a full disk, a read-only folder, Ctrl-C of check ------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted for the test (root only); yields its folder, unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: a small file system for the disk-full and read-only tests cannot be made")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here (needs root): {r.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill_up(disk: Path) -> None:
    """Write a filler file until the disk is full."""
    with open(disk / "filler", "wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def a_submission(tmp_path: Path) -> Path:
    sub = tmp_path / "材料"
    sub.mkdir()
    (sub / "质量管理体系认证证书.pdf").write_bytes(text_pdf("质量管理体系认证证书"))
    return sub


def write_into(what: str, tmp_path: Path, disk: Path) -> subprocess.CompletedProcess:
    """``lingtan check --out`` a report, or ``lingtan generate --out`` a package, onto ``disk``."""
    if what == "check":
        return lingtan("check", str(a_submission(tmp_path)), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15",
                       "--format", "json", "--out", str(disk / "报告.json"))
    return lingtan("generate", str(JIANGSU), "--as-of", "2026-03-15", "--out", str(disk / "申报材料"))


@pytest.mark.parametrize("what", ["check", "generate"])
def test_a_full_disk_is_exit_4_with_a_chinese_message_and_nothing_half_written(tmp_path, small_disk, what):
    fill_up(small_disk)
    r = write_into(what, tmp_path, small_disk)
    assert r.returncode == 4, r.stderr
    assert r.stderr.startswith("错误：") and "磁盘空间不足" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert [p.name for p in small_disk.rglob("*") if not p.is_dir()] == ["filler"]  # no file, whole or half
    assert [p.name for p in small_disk.rglob("*") if p.is_dir()] == []  # and no empty folder left behind


@pytest.mark.parametrize("what", ["check", "generate"])
def test_a_read_only_output_folder_is_exit_4(tmp_path, small_disk, what):
    r = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"remounting read-only is not permitted here: {r.stderr.strip()}")
    r = write_into(what, tmp_path, small_disk)
    assert r.returncode == 4, r.stderr
    assert r.stderr.startswith("错误：") and "只读文件系统" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert files_under(small_disk) == []


def test_ctrl_c_of_check_is_exit_130(tmp_path):
    sub = a_submission(tmp_path)
    started = tmp_path / "started"
    script = (
        "import sys, time, pathlib\n"
        "import lingtan.checker.pipeline as p\n"
        "real = p.read_file\n"
        "def slow(*a, **k):\n"
        f"    pathlib.Path({str(started)!r}).touch()\n"
        "    time.sleep(30)\n"
        "    return real(*a, **k)\n"
        "p.read_file = slow\n"
        "p.check_submission.__kwdefaults__['read_fn'] = slow\n"
        "from lingtan.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "报告.json"
    proc = subprocess.Popen([sys.executable, "-c", script, "check", str(sub), "--scheme", "hefei", "--no-ocr",
                             "--format", "json", "--out", str(out)], cwd=ROOT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wait_for(started.exists)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "已中断" in stderr and "Traceback" not in stderr, stderr
    assert not out.exists()


# -- the command line ----------------------------------------------------------------------------


def test_check_given_an_inbox_suggests_check_batch(tmp_path):
    inbox = tmp_path / "收件"
    for name in ("甲公司", "乙公司"):
        (inbox / name).mkdir(parents=True)
        (inbox / name / "营业执照.pdf").write_bytes(text_pdf("营业执照"))
        (inbox / name / "质量管理体系认证证书.pdf").write_bytes(text_pdf("质量管理体系认证证书"))
    code, _, stderr = run_main("check", str(inbox), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15")
    assert code == 1 and "这看起来是多份申报材料，是否要用 lingtan check-batch？" in stderr
    zips = tmp_path / "zips"
    zips.mkdir()
    for name in ("甲.zip", "乙.zip"):
        with zipfile.ZipFile(zips / name, "w") as z:
            z.writestr("营业执照.pdf", text_pdf("营业执照"))
    _, _, stderr = run_main("check", str(zips), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15")
    assert "check-batch" in stderr
    # one submission in sections (subfolders without a licence each) is no inbox
    one = tmp_path / "一份"
    for section in ("一、基本条件", "二、评价指标"):
        (one / section).mkdir(parents=True)
        (one / section / "证明.pdf").write_bytes(text_pdf("证明"))
    (one / "营业执照.pdf").write_bytes(text_pdf("营业执照"))
    _, _, stderr = run_main("check", str(one), "--scheme", "hefei", "--no-ocr", "--as-of", "2026-03-15")
    assert "check-batch" not in stderr


def test_generate_batch_help_shows_scheme_as_required(capsys):
    with pytest.raises(SystemExit):
        main(["generate-batch", "--help"])
    out = capsys.readouterr().out
    usage = out.split("\n\n")[0]
    assert "--scheme SCHEME" in usage and "[--scheme" not in usage
    assert re.search(r"--scheme SCHEME\s+评价方案 id（必填）", out)


def test_score_verbose_names_the_data_read_in_chinese_for_a_workbook(tmp_path, capsys):
    from test_entry_template import Filler, _scheme, make_template

    from lingtan.assessment import assess, load_scheme
    from lingtan.dataentry import load_data_file
    from lingtan.report import render_table

    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, _scheme("jiangsu")).fill(yaml.safe_load(JIANGSU.read_text(encoding="utf-8")))
    capsys.readouterr()
    main(["score", str(filled), "--as-of", "2026-03-15", "-v"])
    out = capsys.readouterr().out
    assert out.count("读取数据：") >= 10
    assert "claims." not in out and "years[" not in out and "projects" not in out and "honours." not in out
    scheme = load_scheme("jiangsu")
    a = assess(load_data_file(filled), scheme, level="zero", as_of=date(2026, 3, 15))
    wide = render_table(a, width=600, verbose=True, scheme=scheme)  # each cell on one line
    assert "读取数据：非化石能源开发利用程度 = 实施规模化利用" in wide
    assert "2025 年综合能耗（当量值）tce = 9100" in wide
    assert "智能制造称号 = 省级智能工厂（省先进级智能工厂）" in wide
    assert "节能降碳项目（–，二氧化碳资源化利用, 碳捕集、利用与封存） = 1" in wide


def test_the_score_table_folds_at_80_columns_with_all_its_text():
    from rich.cells import cell_len

    from lingtan.assessment import assess, load_scheme
    from lingtan.assessment.model.loading import load_factory
    from lingtan.report import render_table

    scheme = load_scheme("jiangsu")
    a = assess(load_factory(JIANGSU), scheme, level="zero", as_of=date(2026, 3, 15))
    wide = render_table(a, width=200, verbose=True, scheme=scheme)
    narrow = render_table(a, width=80, verbose=True, scheme=scheme)
    assert max(cell_len(line) for line in narrow.splitlines()) <= 80
    assert max(cell_len(line) for line in wide.splitlines()) > 80

    def letters(text: str) -> list[str]:  # what is written, without the table's lines and the wrapping
        return sorted(re.sub(r"[\s\u2500-\u257f]", "", text))

    assert letters(narrow) == letters(wide)
    assert a.enterprise in re.sub(r"\s", "", narrow)
