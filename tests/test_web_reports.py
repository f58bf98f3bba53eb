"""The web app reads stored reports through the checker's contract (``Report.from_json``): a database of the first
schema with version-1 reports is upgraded by migration 0002 and read; the web's HTML and XLSX exports of a submission
with comparisons show the same 申报数据与证明材料对照 rows as ``lingtan check --format html/xlsx`` of it.

The app is driven in-process through its ASGI interface (no browser, no server), the check through the web's own
worker function (``lingtan.web.worker.check_run``) and ``store_report``, as the runner calls them."""

from __future__ import annotations

import asyncio
import html
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lingtan.checker.pipeline import REPORT_VERSION, Report
from lingtan.web.reports import export_html

ROOT = Path(__file__).resolve().parents[1]
V1 = ROOT / "tests" / "data" / "report-v1-jiangsu-04-figures.json"
SAMPLE = ROOT / "samples" / "submissions" / "jiangsu-04-figures"
AS_OF = "2026-03-15"
EMPTY = "材料中没有可与申报数据对照的数据"
TITLE = "申报数据与证明材料对照"


def _alembic(url: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from lingtan.web.migrations import HERE

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, revision)


def _run_row(conn: Any, run_id: int, report_json: str | None) -> None:
    conn.execute(sa.text(
        "INSERT INTO runs (id, submission_id, status, path, files_json, as_of, ocr, attempts, progress, total, problems, to_verify,"
        " report_json, created) VALUES (:id, 1, 'done', '', '[]', :as_of, 0, 1, 0, 0, 0, 0, :j, '2026-12-01 00:00:00')"),
        {"id": run_id, "as_of": AS_OF, "j": report_json})


def test_migration_0002_upgrades_stored_version_1_reports(tmp_path):
    from lingtan.web.migrations import upgrade

    url = f"sqlite:///{tmp_path / 'lingtan.sqlite3'}"
    _alembic(url, "0001")
    v1 = V1.read_text(encoding="utf-8")
    older = json.loads(v1)
    del older["comparisons"]  # a report of a checker before the 对照 table
    current = Report.from_json(v1).to_json()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO submissions (id, name, scheme, created) VALUES (1, 'x', 'jiangsu', '2026-12-01 00:00:00')"))
        _run_row(conn, 1, v1)
        _run_row(conn, 2, json.dumps(older, ensure_ascii=False))
        _run_row(conn, 3, "{broken")
        _run_row(conn, 4, current)
        _run_row(conn, 5, None)
    upgrade(url)
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT id, report_json FROM runs")).all())
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    engine.dispose()
    first, second = json.loads(stored[1]), json.loads(stored[2])
    assert first["schema_version"] == second["schema_version"] == REPORT_VERSION
    assert len(first["comparisons"]) == 14 and second["comparisons"] == []
    assert stored[1] == current  # normalised: as the checker writes it today
    assert stored[3] == "{broken" and stored[4] == current and stored[5] is None  # unreadable left as it is; current untouched
    # and read by the web: the 对照 table of the upgraded report is in its export
    page = export_html(stored[1], [])
    assert TITLE in page and EMPTY not in page and "3,650" in page
    assert EMPTY in export_html(stored[2], [])


# -- the web's exports against lingtan check --------------------------------------------------------------------------

def _submission(tmp_path: Path) -> Path:
    """jiangsu-04-figures with the generator's manifest of its applicant (the web checks without a data file: the
    manifest gives the declared figures the 对照 table compares)."""
    from lingtan.assessment.model.facts import declared_figures
    from lingtan.assessment.model.loading import load_factory
    from lingtan.common.manifest import MANIFEST_NAME

    sub = tmp_path / "申报材料"
    shutil.copytree(SAMPLE, sub)
    fac = load_factory(ROOT / "samples" / "factories" / "jiangsu-zero.yaml")
    manifest = {"applicant": {"name": fac.enterprise.name, "uscc": fac.enterprise.uscc, "address": fac.enterprise.address},
                "level": {"id": fac.application.level}, "reporting_year": fac.reporting_year, "declared": declared_figures(fac)}
    (sub / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return sub


def _get(app: Any, path: str) -> tuple[int, bytes]:
    """One GET through the app's ASGI interface."""
    async def call() -> tuple[int, bytes]:
        got: dict[str, Any] = {"status": 0, "body": b""}
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.Event().wait()  # the client stays connected
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(msg: dict[str, Any]) -> None:
            if msg["type"] == "http.response.start":
                got["status"] = msg["status"]
            elif msg["type"] == "http.response.body":
                got["body"] += msg.get("body", b"")

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
                 "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": [(b"host", b"127.0.0.1")],
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
        await app(scope, receive, send)
        return got["status"], got["body"]

    return asyncio.run(call())


def _html_rows(page: str) -> list[list[str]]:
    """The 对照 table's rows as shown (cell texts)."""
    section = page.split(f"<h2>{TITLE}</h2>", 1)[1].split("</table>", 1)[0]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr>(.*?)</tr>", section, re.S)]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in row] for row in rows if row]


def _xlsx_rows(blob: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(blob))["申报数据对照"].iter_rows(values_only=True))


def test_the_web_exports_show_the_same_comparisons_as_lingtan_check(tmp_path):
    from lingtan.cli import main
    from lingtan.web.app import create_app
    from lingtan.web.db import Run, Submission
    from lingtan.web.runner import store_report
    from lingtan.web.settings import Settings
    from lingtan.web.worker import check_run

    sub = _submission(tmp_path)
    cli_html, cli_xlsx = tmp_path / "check.html", tmp_path / "check.xlsx"
    for fmt, out in (("html", cli_html), ("xlsx", cli_xlsx)):
        code = main(["check", str(sub), "--scheme", "jiangsu", "--no-ocr", "--as-of", AS_OF, "--format", fmt, "--out", str(out)])
        assert code in (0, 1)

    app = create_app(Settings(data_dir=tmp_path / "data", ocr=False), start_runner=False)
    from lingtan.web import app as web

    with web.W.sessions() as s:
        submission = Submission(name="恒晟", scheme="jiangsu")
        s.add(submission)
        s.flush()
        run = Run(submission_id=submission.id, status="running", path=str(sub), files_json="[]", as_of=AS_OF, ocr=False)
        s.add(run)
        s.commit()
        run_id = run.id
    res = check_run({"run_id": run_id, "path": str(sub), "scheme": "jiangsu", "as_of": AS_OF, "ocr": False,
                     "progress_file": str(tmp_path / "progress")})
    assert res.ok and res.report_json, res
    assert Report.from_json(res.report_json).applicant["source"] == "申报材料清单 lingtan-manifest.json"  # the declared figures' source
    with web.W.sessions() as s:
        run = s.get(Run, run_id)
        store_report(s, run, res.report_json)
        run.status = "done"
        s.commit()

    status, body = _get(app, f"/runs/{run_id}/report.html")
    assert status == 200
    web_rows, cli_rows = _html_rows(body.decode("utf-8")), _html_rows(cli_html.read_text(encoding="utf-8"))
    assert len(cli_rows) >= 10 and web_rows == cli_rows
    declared = [r for r in cli_rows if r[2] not in ("—", "")]  # rows with a declared figure, compared with the evidence
    assert any(r[0].startswith("类别1") and r[2] == "3,650" for r in declared) and any(r[6] == "问题" for r in declared)
    assert EMPTY not in body.decode("utf-8")

    status, blob = _get(app, f"/runs/{run_id}/report.xlsx")
    assert status == 200
    web_x, cli_x = _xlsx_rows(blob), _xlsx_rows(cli_xlsx.read_bytes())
    assert len(cli_x) == 1 + len(cli_rows) and web_x == cli_x

    status, page = _get(app, f"/runs/{run_id}")  # the run's page reads the stored report through the contract too
    assert status == 200 and "恒晟" in page.decode("utf-8")
