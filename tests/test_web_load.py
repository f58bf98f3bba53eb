"""Load and crash: 20 submissions uploaded at once over loopback are all checked by the bounded pool,
in bounded memory, with the reports `lingtan check` gives; a server killed mid-way loses no finished
run and, restarted, resumes the unfinished ones (or fails them with a clear message)."""

from __future__ import annotations

import io
import json
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

from lingtan.cli import main as cli_main
from tests.web_helpers import ROOT, Client, Server, wait_runs

pytestmark = pytest.mark.slow  # each test runs a server and many checks (15–30 s)

CLEAN = ROOT / "samples" / "submissions" / "jiangsu-01-clean"
BORN_DIGITAL = ["04-绿色工厂发文.pdf", "05-温室气体排放核查报告.pdf", "08-分布式光伏项目合同.pdf", "12-绿色电力证书.pdf", "13-绿电交易合同.pdf",
                "14-绿色电力现场相关设施照片.pdf", "16-智能工厂认定文件.pdf", "17-能碳管理平台截图.pdf", "19-低碳产品认证证书.pdf", "21-证明材料汇编.pdf"]
AS_OF = "2026-03-15"
WORKERS = 2


def _submission(i: int) -> bytes:
    """A small born-digital submission: three of the clean sample's text PDFs, a different three each time."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k in (i, i + 3, i + 7):
            name = BORN_DIGITAL[k % len(BORN_DIGITAL)]
            z.write(CLEAN / name, name)
    return buf.getvalue()


def _comparable(report: dict) -> dict:
    """A report without what differs between two runs of the same check: where it lay, how long it took."""
    out = {k: v for k, v in report.items() if k not in ("root", "seconds")}
    out["files"] = [{k: v for k, v in f.items() if k != "ocr_seconds"} for f in report["files"]]
    return out


def _group_rss_mb(pgid: int) -> tuple[float, int]:
    """Resident memory of a process group (MB) and how many processes it has."""
    total, n = 0.0, 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != pgid:
                continue
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
            n += 1
        except (OSError, IndexError, ValueError):
            continue
    return total, n


def _upload_all(client: Client, blobs: list[bytes]) -> list[int]:
    run_ids: list[int | None] = [None] * len(blobs)

    def one(i: int) -> None:
        c = Client(client.base)
        c.jar, c.opener, c.csrf = client.jar, client.opener, client.csrf
        status, _, url = c.post("/review/upload", {"scheme": "jiangsu", "as_of": AS_OF, "name": f"材料{i:02d}", "no_ocr": "1"},
                                [("files", f"材料{i:02d}.zip", blobs[i])])
        assert status == 200, status
        run_ids[i] = int(url.rsplit("/", 1)[1])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(blobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is not None for r in run_ids)
    return [r for r in run_ids if r is not None]


def test_twenty_uploads_at_once_are_all_checked_in_bounded_memory_as_lingtan_check_reports_them(tmp_path):
    blobs = [_submission(i) for i in range(20)]
    with Server(tmp_path / "d", "--workers", str(WORKERS)) as srv:
        c = Client(srv.url)
        c.get("/review")
        peak = {"rss": 0.0, "procs": 0}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                rss, n = _group_rss_mb(srv.proc.pid)
                peak["rss"], peak["procs"] = max(peak["rss"], rss), max(peak["procs"], n)
                time.sleep(0.3)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            ids = _upload_all(c, blobs)
            states = wait_runs(c, ids, timeout=240)
        finally:
            done.set()
            sampler.join()
        assert {s["status"] for s in states.values()} == {"done"}
        # bounded: the server, its resource tracker and at most WORKERS checking processes
        assert peak["procs"] <= WORKERS + 2, peak
        assert peak["rss"] < 1500, peak
        reports = {}
        for i, rid in enumerate(ids):
            status, _ = c.get(f"/runs/{rid}/report.html")
            assert status == 200
            reports[i] = rid
    # the same submissions through the command line
    from lingtan.web.db import Run, open_database

    sessions = open_database(tmp_path / "d")
    for i, blob in enumerate(blobs):
        z = tmp_path / f"材料{i:02d}.zip"
        z.write_bytes(blob)
        out = tmp_path / f"cli{i:02d}.json"
        assert cli_main(["check", str(z), "--scheme", "jiangsu", "--as-of", AS_OF, "--no-ocr", "--format", "json", "--out", str(out)]) in (0, 1)
        with sessions() as s:
            web = json.loads(s.get(Run, reports[i]).report_json)
        assert _comparable(web) == _comparable(json.loads(out.read_text(encoding="utf-8"))), f"submission {i}"


def test_a_killed_server_loses_no_finished_run_and_resumes_the_unfinished_ones(tmp_path):
    blobs = [_submission(i) for i in range(5)]
    srv = Server(tmp_path / "d", "--workers", "1").start()
    try:
        c = Client(srv.url)
        c.get("/review")
        ids = _upload_all(c, blobs)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            states = {r: c.json(f"/runs/{r}/status")["status"] for r in ids}
            if "done" in states.values():
                break
            time.sleep(0.3)
        finished = [r for r, st in states.items() if st == "done"]
        unfinished = [r for r, st in states.items() if st != "done"]
        assert finished and unfinished, states
        before = {r: c.get(f"/runs/{r}")[1].count("article class=\"finding") for r in finished}
        srv.kill()
    finally:
        srv.stop()
    with Server(tmp_path / "d", "--workers", "1") as again:
        c = Client(again.url)
        c.get("/review")
        for r in finished:  # kept as they were
            assert c.json(f"/runs/{r}/status")["status"] == "done"
            assert c.get(f"/runs/{r}")[1].count("article class=\"finding") == before[r]
        states = wait_runs(c, ids, timeout=180)
        for r in unfinished:
            st = states[r]
            assert st["status"] == "done" or (st["status"] == "failed" and "服务器" in (st["error"] or "")), st
        assert all(states[r]["status"] == "done" for r in unfinished)  # resumed: each had tried fewer than MAX_ATTEMPTS times
