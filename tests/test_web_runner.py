"""The web app's background checks run on the one executor with the checker's own worker entry point:
a run whose worker process dies fails with its message and the next run is checked; the web app sets
no OCR parameters and imports neither the checker's OCR module nor its private PyMuPDF loader."""

from __future__ import annotations

import ast
import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

from checker_helpers import ROOT

from lingtan.checker import pdf_library
from lingtan.web.db import Run, Submission, open_database
from lingtan.web.runner import Runner, crashed_text


def _pdf(title: str) -> bytes:
    doc = pdf_library().open()
    doc.new_page().insert_text((72, 80), title, fontname="china-s", fontsize=18)
    return doc.tobytes()


def _wait(sessions, run_id: int, states: tuple[str, ...], seconds: float = 120) -> Run:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with sessions() as s:
            run = s.get(Run, run_id)
            if run is not None and run.status in states:
                return run
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} never reached {states}")


def test_a_run_whose_worker_dies_fails_and_the_next_one_is_checked(tmp_path):
    folder = tmp_path / "申报材料"
    folder.mkdir()
    (folder / "质量管理体系认证证书.pdf").write_bytes(_pdf("质量管理体系认证证书"))
    data = tmp_path / "data"
    data.mkdir()
    sessions = open_database(data)
    with sessions() as s:
        sub = Submission(name="甲", scheme="hefei")
        s.add(sub)
        s.flush()
        runs = [Run(submission_id=sub.id, path=str(folder), as_of="2026-03-15", ocr=False, status="queued") for _ in range(2)]
        s.add_all(runs)
        s.commit()
        first, second = (r.id for r in runs)
    runner = Runner(sessions, data, workers=1, doc_timeout=30, max_memory_mb=0)
    runner.start()
    try:
        _wait(sessions, first, ("running",))
        deadline = time.monotonic() + 30
        while not multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.01)
        for p in multiprocessing.active_children():  # the pool's one worker, still starting or checking the first run
            os.kill(p.pid, signal.SIGKILL)
        failed = _wait(sessions, first, ("done", "failed"))
        done = _wait(sessions, second, ("done", "failed"))
    finally:
        runner.stop()
    assert failed.status == "failed" and failed.error == crashed_text() and "检查进程异常退出" in failed.error
    assert done.status == "done", done.error
    report = json.loads(done.report_json)
    assert [f["path"] for f in report["files"]] == ["质量管理体系认证证书.pdf"] and done.complete is not None
    assert not (data / "progress" / str(second)).exists()


def test_the_web_app_passes_ocr_settings_and_reaches_no_private_checker_module():
    """OCR settings are arguments of the checker's public functions (lingtan.checker.batch.setup_worker/check_one)."""
    for path in sorted((ROOT / "lingtan" / "web").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names]
                assert not any(n.startswith("lingtan.checker") and ("._" in n or ".ocr" in n) for n in names), (path, names)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith(("lingtan.checker._", "lingtan.checker.ocr")) for a in node.names), path
            assert not (isinstance(node, ast.Attribute) and node.attr == "PARAMS"), path
    assert Path(ROOT / "lingtan" / "checker" / "__init__.py").read_text(encoding="utf-8").count("def pdf_library") == 1
