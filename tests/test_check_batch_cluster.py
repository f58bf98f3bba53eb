"""``lingtan check-batch --cluster``: the same batch on a Dask distributed cluster gives what a local run gives.

A local cluster of two worker processes (loopback only) stands in for several machines: they
see ROOT at the same path, as machines sharing a folder would. The batch is four submissions of
the sample corpus (two folders, a zip, one without an applicant file) and an empty folder that
fails, run without OCR and with ROOT, --applicants and OUT given relative to the working
directory (the workers' checking processes work there too). The cluster run and a local run
must give the same reports, workbook and JSON summary, timings aside; a second run takes every
finished submission from the cache; Ctrl-C keeps what is done; the per-file time limit still
holds on the workers; an unreachable scheduler is exit 2 with a Chinese message.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pymupdf
import pytest
from conftest import run_main
from openpyxl import load_workbook

import lingtan.checker.batch.cluster as cluster_mod
import lingtan.checker.batch.progress as progress_mod
import lingtan.checker.batch.remote as remote
from lingtan.checker.batch.pool import CRASHED
from lingtan.checker.batch.records import Outcome

ROOT_DIR = Path(__file__).resolve().parents[1]
SAMPLES = ROOT_DIR / "samples" / "submissions"
JIANGSU = ROOT_DIR / "samples" / "factories" / "jiangsu-zero.yaml"
HEFEI = ROOT_DIR / "samples" / "factories" / "hefei.yaml"
# a second local cluster in the same process finds the first's HTTP port (loopback) taken and picks another
pytestmark = [pytest.mark.cluster, pytest.mark.filterwarnings("ignore:Port 8787 is already in use:UserWarning")]
TIMINGS = {"seconds", "ocr_seconds", "peak_rss_mb", "worker_pid", "generated_at"}  # what differs between any two runs



def batch_args(out: str, *extra: str, root: str = "root") -> list[str]:
    return ["check-batch", root, "--scheme", "jiangsu", "--out", out, "--applicants", "apps", "--as-of", "2026-03-15",
            "--no-ocr", *extra]


def text_pdf(title: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), title, fontname="china-s", fontsize=18)
    page.insert_text((72, 120), "获证组织：合肥瀚川汽车电子有限公司", fontname="china-s", fontsize=11)
    return doc.tobytes()


def tiny_batch(base: Path, files: dict[str, dict[str, bytes]]) -> tuple[Path, Path]:
    """ROOT with one small hefei submission per name (a certificate and ``files``) and an applicants folder."""
    root, apps = base / "root", base / "applicants"
    for name, extra in files.items():
        (root / name).mkdir(parents=True)
        for rel, data in {"质量管理体系认证证书.pdf": text_pdf("质量管理体系认证证书"), **extra}.items():
            (root / name / rel).write_bytes(data)
        apps.mkdir(exist_ok=True)
        shutil.copy(HEFEI, apps / f"{name}.yaml")
    return root, apps


def scrub(value):
    """The value without the keys that differ between any two runs (timings, process ids, the time written)."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in TIMINGS}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def summary(out: Path) -> dict:
    return json.loads((out / "检查汇总.json").read_text(encoding="utf-8"))


def workbook_cells(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows, the 用时（秒） column blanked."""
    wb = load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if rows and "用时（秒）" in rows[0]:
            col = rows[0].index("用时（秒）")
            for r in rows[1:]:
                r[col] = None
        sheets[ws.title] = [tuple(r) for r in rows]
    return sheets


def progress_lines(stderr: str) -> list[str]:
    """The per-submission progress lines, without their position and time (the order of finishing varies)."""
    lines = [ln for ln in stderr.splitlines() if re.match(r"\[\d+/\d+\] ", ln)]
    return sorted(re.sub(r"，[\d.]+ 秒）$", "）", re.sub(r"^\[\d+/\d+\] ", "", ln)) for ln in lines)


def children_on_workers(client) -> dict[str, int]:
    return client.run(_children)


def _children() -> int:
    return len(remote._CHILDREN)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            distributed.Client(lc, set_as_default=False) as client:
        yield lc.scheduler_address, client


@pytest.fixture
def base(tmp_path, monkeypatch):
    """ROOT (four sample submissions and an empty one) and --applicants under the working directory."""
    root, apps = tmp_path / "root", tmp_path / "apps"
    root.mkdir()
    apps.mkdir()
    for name in ("jiangsu-01-clean", "jiangsu-02-missing-years"):
        shutil.copytree(SAMPLES / name, root / name)
        shutil.copy(JIANGSU, apps / f"{name}.yaml")
    (zipped,) = (SAMPLES / "jiangsu-03-zip-defects").glob("*.zip")
    shutil.copy(zipped, root / "jiangsu-03-zip-defects.zip")
    shutil.copy(JIANGSU, apps / "jiangsu-03-zip-defects.yaml")
    shutil.copytree(SAMPLES / "zhejiang-02-hostile", root / "zhejiang-02-hostile")  # no applicant file
    (root / "空材料").mkdir()  # nothing to check: a failed submission
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_cluster_run_gives_what_a_local_run_gives_and_a_rerun_takes_the_cache(base, cluster):
    address, client = cluster
    t0 = time.monotonic()
    code_local, stdout_local, stderr_local = run_main(*batch_args("out-local", "--jobs", "2"))
    t1 = time.monotonic()
    code, stdout, stderr = run_main(*batch_args("out-cluster", "--cluster", address))
    t2 = time.monotonic()
    print(f"local {t1 - t0:.1f} s, cluster {t2 - t1:.1f} s")
    local, remote_out = base / "out-local", base / "out-cluster"

    assert code == code_local == 1
    s_local, s = summary(local), summary(remote_out)
    assert s["counts"] == s_local["counts"] and s["counts"]["failed"] == 1 and s["counts"]["done"] == 5
    assert scrub(s) == scrub(s_local)
    failed = next(o for o in s["submissions"] if not o["ok"])
    assert failed["name"] == "空材料" and "没有可检查的文件" in failed["error"]
    assert os.getpid() not in {o["worker_pid"] for o in s["submissions"]}  # checked elsewhere
    assert workbook_cells(remote_out / "检查汇总.xlsx") == workbook_cells(local / "检查汇总.xlsx")
    reports = sorted(p.name for p in (local / "reports").iterdir())
    assert reports == sorted(p.name for p in (remote_out / "reports").iterdir()) and len(reports) == 8
    for name in reports:
        a, b = (local / "reports" / name).read_text(encoding="utf-8"), (remote_out / "reports" / name).read_text(encoding="utf-8")
        if name.endswith(".html"):
            assert a == b, name
        else:
            assert scrub(json.loads(a)) == scrub(json.loads(b)), name
            assert json.loads(b)["root"].startswith("root/")  # as given, relative: the checking process works where the caller does
    assert progress_lines(stderr) == progress_lines(stderr_local) and len(progress_lines(stderr)) == 5
    assert stdout.splitlines()[1:] == stdout_local.splitlines()[1:]  # the first names OUT and the time taken
    assert set(children_on_workers(client).values()) == {0}  # the checking processes ended with the batch

    code2, stdout2, stderr2 = run_main(*batch_args("out-cluster", "--cluster", address))
    assert code2 == 1 and "跳过 4 份未变化的材料" in stdout2
    assert summary(remote_out)["counts"]["cached"] == 4
    assert [ln.split("：")[0] for ln in progress_lines(stderr2)] == ["空材料"]  # only the failed one is checked again
    assert scrub(summary(remote_out)["submissions"]) == scrub([{**o, "cached": o["ok"]} for o in s["submissions"]])
    assert workbook_cells(remote_out / "检查汇总.xlsx") == workbook_cells(local / "检查汇总.xlsx")


def test_ctrl_c_on_a_cluster_keeps_what_is_done_and_stops_the_workers(base, cluster, monkeypatch):
    address, client = cluster
    real = progress_mod.CheckProgress.advance

    def advance_then_ctrl_c(self, o):
        real(self, o)
        raise KeyboardInterrupt

    monkeypatch.setattr(progress_mod.CheckProgress, "advance", advance_then_ctrl_c)
    code, _, stderr = run_main(*batch_args("out", "--cluster", address))
    assert code == 130 and "已中断" in stderr
    s = summary(base / "out")
    assert s["interrupted"] and s["counts"]["done"] == 1 and s["counts"]["not_done"] == 4
    assert set(children_on_workers(client).values()) == {0}  # the batch's checking processes were ended
    monkeypatch.setattr(progress_mod.CheckProgress, "advance", real)
    code, stdout, _ = run_main(*batch_args("out", "--cluster", address))
    done = s["submissions"][0]
    assert code == 1 and summary(base / "out")["counts"]["done"] == 5
    if done["ok"]:
        assert "跳过 1 份未变化的材料" in stdout


def test_the_per_file_time_limit_holds_on_the_workers(base, cluster):
    """A Dask worker runs tasks in threads, where SIGALRM cannot reach; the checking process it starts can."""
    address, _ = cluster
    code, _, _ = run_main(*batch_args("out", "--cluster", address, "--doc-timeout", "0.001"))
    assert code == 1
    report = json.loads((base / "out" / "reports" / "jiangsu-01-clean.json").read_text(encoding="utf-8"))
    assert any(f["problem"] == "timeout" for f in report["files"])
    gap = next(g for g in report["gaps"] if g["code"] == "unreadable")
    assert "处理超时" in gap["message"]


# Loaded by every checking process that a worker of the cluster below starts (PYTHONPATH in the
# workers' environment): it makes 卡住.pdf stick where Python signals cannot reach, as a file
# stuck in C code would, and shortens the watchdog's grace.
STUCK_HOOK = """
import importlib.abc, importlib.util, signal, sys, time


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "lingtan.checker.batch.limits":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        real_exec = spec.loader.exec_module

        def exec_module(module):
            real_exec(module)
            real_read = module._read

            def stuck(src, *a, **kw):
                if src.display == "卡住.pdf":
                    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                    time.sleep(60)
                return real_read(src, *a, **kw)

            module._read = stuck
            module.WATCHDOG_GRACE_MIN = 0.5

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Hook())
"""


def test_the_watchdog_ends_the_checking_process_not_the_dask_worker(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(STUCK_HOOK, encoding="utf-8")
    root, apps = tiny_batch(tmp_path, {"卡住": {"卡住.pdf": text_pdf("能源审计报告")}, "正常": {}})
    out = tmp_path / "out"
    env = {"PYTHONPATH": str(hook)}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, env=env) as lc, \
            distributed.Client(lc, set_as_default=False) as client:
        before = client.run(os.getpid)
        t0 = time.monotonic()
        code, _, _ = run_main("check-batch", str(root), "--scheme", "hefei", "--out", str(out), "--applicants", str(apps),
                              "--as-of", "2026-03-15", "--no-ocr", "--doc-timeout", "0.5", "--cluster", lc.scheduler_address)
        assert time.monotonic() - t0 < 40
        assert client.run(os.getpid) == before  # the same Dask worker did both, one after the other
    subs = {o["name"]: o for o in summary(out)["submissions"]}
    assert code == 1 and subs["正常"]["ok"]
    stuck = subs["卡住"]
    assert not stuck["ok"] and CRASHED in stuck["error"] and "卡住.pdf" in stuck["error"] and "处理超时" in stuck["error"]


def test_workers_running_other_code_are_refused(base, cluster, monkeypatch):
    address, _ = cluster
    monkeypatch.setattr(cluster_mod, "code_fingerprint", lambda: "0.0.0:other")
    code, _, stderr = run_main(*batch_args("out", "--cluster", address))
    assert code == 2 and "与本机不同" in stderr and "同一版本的 lingtan" in stderr
    assert not (base / "out").exists()


def test_an_unreachable_scheduler_exits_2_and_says_how_to_start_one(base, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT", 2.0)
    t0 = time.monotonic()
    code, _, stderr = run_main(*batch_args("out", "--cluster", "tcp://127.0.0.1:1"))
    assert code == 2 and time.monotonic() - t0 < 30
    assert "无法连接 Dask 调度器 tcp://127.0.0.1:1" in stderr and "dask scheduler" in stderr and "dask worker" in stderr
    assert not (base / "out").exists()
    code, _, stderr = run_main(*batch_args("out", "--cluster", "tcp://127.0.0.1:1", "--jobs", "2"))
    assert code == 2 and "--jobs" in stderr


def test_a_task_whose_worker_cannot_see_the_submission_fails_in_chinese(tmp_path):
    cfg = {"batch": "t", "code": remote.code_fingerprint(), "cwd": str(tmp_path)}
    o = remote.remote_check((0, "甲", str(tmp_path / "不存在"), None), cfg)
    assert isinstance(o, Outcome) and not o.ok and "找不到" in o.error and "共享文件夹" in o.error
    o = remote.remote_check((0, "甲", str(tmp_path), None), {**cfg, "code": "0.0.0:other"})
    assert not o.ok and "同一版本的 lingtan" in o.error
