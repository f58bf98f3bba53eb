"""The web app in a real browser (the system's Chromium through Playwright): an enterprise fills a
jiangsu application and downloads its package; a reviewer uploads a sample submission, dismisses a
finding with a note and finds the decision kept. Screenshots go to test-artifacts/web/."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from tests.web_helpers import ARTIFACTS, CHROMIUM, HOSTILE, ROOT, Server, docx_text, launch_browser

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="system Chromium not installed (.ci/run installs it)")]

SAMPLE_ZIP = ROOT / "samples" / "submissions" / "jiangsu-03-zip-defects" / "张家港恒晟精密轴承申报材料.zip"


def wait_until(cond, timeout: float = 30.0):
    """Poll ``cond`` from Python (the app's CSP forbids the string evaluation of page.wait_for_function)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.fixture
def chrome():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = launch_browser(pw)
        yield b
        b.close()


def test_an_enterprise_fills_a_jiangsu_application_sees_the_score_change_and_downloads_its_package(tmp_path, chrome):
    with Server(tmp_path / "data") as srv:
        page = chrome.new_page(accept_downloads=True)
        page.goto(srv.url + "/enterprise")
        page.select_option("select[name=scheme_level]", "jiangsu|zero")
        page.set_input_files("input[name=datafile]", str(ROOT / "samples" / "factories" / "jiangsu-zero.yaml"))
        page.click("#new-application button[type=submit]")
        page.wait_for_selector("#score")
        before = float(page.inner_text("#score"))
        page.screenshot(path=str(ARTIFACTS / "enterprise-1-start.png"), full_page=False)

        # the company's name, hostile on purpose: shown verbatim, never run as a template or markup
        page.fill('input[name="f:enterprise.name"]', HOSTILE)
        # a lower share of renewable energy in the reporting year loses points under 附件1-2 序号2
        page.click("details.group:nth-of-type(3) > summary")
        page.fill('input[name="f:years.2025.renewable_tce"]', "100")
        wait_until(lambda: page.locator("#score").count() == 1 and float(page.inner_text("#score")) < before)
        after = float(page.inner_text("#score"))
        assert after < before
        lost = page.locator("#result li.lost", has_text="可再生能源")
        assert lost.count() >= 1 and "出处" in lost.first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "enterprise-2-score-changed.png"), full_page=False)

        page.click("#save")
        page.wait_for_selector("#saved")
        assert page.inner_text("#app-title") == HOSTILE
        assert "49" not in page.inner_text("#app-title") and page.locator("澄源").count() == 0
        assert float(page.inner_text("#score")) == after

        with page.expect_download() as dl:
            page.click("#download-package")
        data = Path(dl.value.path()).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            docs = [n for n in names if n.endswith(".docx")]
            assert any(n.endswith("lingtan-manifest.json") for n in names) and len(docs) >= 3
            texts = {n: docx_text(z.read(n)) for n in docs}
        assert all(HOSTILE in t for t in texts.values()), [n for n, t in texts.items() if HOSTILE not in t]
        assert any("91320582MA1WQ8TK7L" in t for t in texts.values())

        with page.expect_download() as dl:
            page.click("#download-data")
        text = Path(dl.value.path()).read_text(encoding="utf-8")
        assert "renewable_tce: 100" in text and "澄源" in text


def test_a_reviewer_uploads_a_sample_submission_dismisses_a_finding_and_finds_the_decision_kept(tmp_path, chrome):
    with Server(tmp_path / "data") as srv:
        page = chrome.new_page()
        page.goto(srv.url + "/review")
        page.select_option("#upload-form select[name=scheme]", "jiangsu")
        page.fill("#upload-form input[name=as_of]", "2026-03-15")
        page.set_input_files("#files", str(SAMPLE_ZIP))
        page.click("#upload")
        page.wait_for_selector("#progress, #run-verdict", timeout=30000)
        page.screenshot(path=str(ARTIFACTS / "review-1-progress.png"))
        page.wait_for_selector("#run-verdict", timeout=300000)
        page.screenshot(path=str(ARTIFACTS / "review-2-report.png"), full_page=True)

        states = page.locator("#materials td.state").all_inner_texts()
        assert states and set(states) <= {"符合", "问题", "待人工核对", "不需要"} and "问题" in states
        codes = page.locator("article.finding").evaluate_all("els => els.map(e => e.dataset.code)")
        # the sample's known defects (samples/submissions/jiangsu-03-zip-defects.truth.json)
        assert {"expired", "duplicate"} <= set(codes), codes
        # a page image with the evidence marked
        img = page.locator("article.finding img.thumb").first
        img.scroll_into_view_if_needed()
        wait_until(lambda: img.evaluate("i => i.complete && i.naturalWidth") > 0)

        finding = page.locator("article.finding").nth(0)
        fid = finding.get_attribute("id")
        finding.locator("input[name=note]").fill("原件已核对：" + HOSTILE)
        finding.locator("button[value=dismiss]").click()
        page.wait_for_load_state()
        page.reload()
        decided = page.locator(f"#{fid} .decision")
        assert decided.get_attribute("data-action") == "dismiss"
        assert "已驳回" in decided.inner_text() and ("原件已核对：" + HOSTILE) in decided.inner_text()
        page.screenshot(path=str(ARTIFACTS / "review-3-dismissed.png"), full_page=True)

        # the exports carry the decision
        resp = page.request.get(srv.url + page.locator("#export-html").get_attribute("href"))
        assert resp.ok and "已驳回" in resp.text() and "&lt;澄源&gt;" in resp.text()
        resp = page.request.get(srv.url + page.locator("#export-xlsx").get_attribute("href"))
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(resp.body()))
        assert wb.sheetnames[0] == "审核意见" and any("已驳回" in str(c.value) for row in wb["审核意见"].iter_rows() for c in row)
