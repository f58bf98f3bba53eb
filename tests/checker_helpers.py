"""Build submissions for the checker's tests from the sample corpus's document renderers.

A submission is a folder of born-digital PDFs drawn by ``samples/corpusgen`` for one sample
factory (the applicant), plus hand-made pages for the applicant's own forms. Rendering is cached:
the same document is drawn once per test session.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "samples") not in sys.path:
    sys.path.insert(0, str(ROOT / "samples"))

from corpusgen.documents import render_document  # noqa: E402
from corpusgen.facts import Facts, facts_from_factory, other_company  # noqa: E402
from corpusgen.pdfkit import a4_page, finish, new_doc, red_seal, text, title  # noqa: E402

from lingtan.checker.extract import OcrPolicy  # noqa: E402
from lingtan.checker.pipeline import Report, check_submission  # noqa: E402

AS_OF = date(2026, 3, 15)
NO_OCR = OcrPolicy(enabled=False)
FACTORIES = {"hefei": "hefei", "jiangsu": "jiangsu-zero"}  # scheme → sample factory (the applicant)
CJK = re.compile(r"[\u4e00-\u9fff]")


def applicant_file(scheme: str) -> Path:
    return ROOT / "samples" / "factories" / f"{FACTORIES[scheme]}.yaml"


@cache
def facts(scheme: str) -> Facts:
    """The applicant's facts (the sample factory of ``scheme``)."""
    return facts_from_factory(yaml.safe_load(applicant_file(scheme).read_text(encoding="utf-8")))


def other() -> Facts:
    """Another company, with a valid 统一社会信用代码 of its own."""
    return other_company(3)


@cache
def _render(doc_type: str, scheme: str, variant: int, overrides: str, kw: tuple) -> bytes:
    return render_document(doc_type, facts(scheme), variant=variant, seed=1, overrides=json.loads(overrides),
                           **dict(kw)).pdf


def render(doc_type: str, scheme: str = "hefei", *, variant: int = 0, overrides: dict | None = None, **kw: Any) -> bytes:
    """A born-digital evidence PDF about the applicant of ``scheme`` (cached)."""
    return _render(doc_type, scheme, variant, json.dumps(overrides or {}, sort_keys=True, ensure_ascii=False), tuple(sorted(kw.items())))


def page_pdf(heading: str | None, lines: list[str], *, seal: str | None = None) -> bytes:
    """A hand-made one-page PDF: a title, lines of text and, when ``seal`` names an organisation, its red seal."""
    doc = new_doc()
    page = a4_page(doc)
    y = title(page, 80, heading) if heading else 90.0
    for i, line in enumerate(lines):
        text(page, 72, y + 30 + 26 * i, line, 12)
    if seal:
        red_seal(page, (420, y + 30 + 26 * len(lines) + 40), seal)
    return finish(doc)


def own_form(heading: str, scheme: str, *, sealed: bool = True) -> bytes:
    """The applicant's own form: its title, the applicant's name and code, and (when ``sealed``) its red seal."""
    f = facts(scheme)
    lines = [f"申报单位（盖章）：{f.name}", f"统一社会信用代码：{f.uscc}", f"联系人：{f.contact or '张工'}",
             "申报单位承诺所填报内容和提交材料真实、准确、完整。", f"日期：{AS_OF.year}年3月1日"]
    return page_pdf(heading, lines, seal=f.name if sealed else None)


# -- the two base submissions ------------------------------------------------------------------------

HEFEI_FILES: dict[str, tuple[str, dict]] = {
    "01-营业执照.pdf": ("business_licence", {}),
    "02-零碳工作领导小组成立文件.pdf": ("management_body_doc", {}),
    "03-零碳示范工厂建设规划.pdf": ("construction_plan", {}),
    "04-质量管理体系认证证书.pdf": ("qms_certificate", {}),
    "05-环境管理体系认证证书.pdf": ("ems_certificate", {}),
    "06-职业健康安全管理体系认证证书.pdf": ("ohsms_certificate", {}),
    "07-能源管理体系认证证书.pdf": ("enms_certificate", {}),
    "08-信用报告.pdf": ("credit_report", {}),
}
HEFEI_REPORT = "09-零碳示范工厂评价报告.pdf"

JIANGSU_FILES: dict[str, tuple[str, dict]] = {
    "01-营业执照.pdf": ("business_licence", {}),
    "04-绿色工厂发文.pdf": ("green_factory_notice", {}),
    "05-温室气体排放核查报告.pdf": ("ghg_verification_report", {}),
    "06-减排量评估报告.pdf": ("reduction_assessment_report", {}),
    "07-能源审计报告.pdf": ("energy_audit_report", {}),
    "08-管理机构设立文件.pdf": ("management_body_doc", {}),
    "09-零碳工厂建设规划.pdf": ("construction_plan", {}),
}
JIANGSU_INTAKE = "02-入库申报表.pdf"
JIANGSU_APPLICATION = "03-申报书.pdf"
INTAKE_TITLE = "江苏省零碳（近零碳）工厂入库申报表"
APPLICATION_TITLE = "江苏省零碳（近零碳）工厂申报书"


def base_files(scheme: str) -> dict[str, bytes]:
    """File name → bytes of a clean submission of ``scheme``."""
    if scheme == "hefei":
        out = {n: render(t, "hefei", **kw) for n, (t, kw) in HEFEI_FILES.items()}
        out[HEFEI_REPORT] = own_form("合肥市零碳示范工厂评价报告", "hefei")
        return out
    out = {n: render(t, "jiangsu", **kw) for n, (t, kw) in JIANGSU_FILES.items()}
    out[JIANGSU_INTAKE] = own_form(INTAKE_TITLE, "jiangsu")
    out[JIANGSU_APPLICATION] = own_form(APPLICATION_TITLE, "jiangsu")
    return out


def write_submission(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def submission(folder: Path, scheme: str, *, drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None) -> Path:
    """A clean submission of ``scheme`` written to ``folder``, less ``drop``, with ``add`` added or replaced."""
    files = {n: b for n, b in base_files(scheme).items() if n not in drop}
    files.update(add or {})
    return write_submission(folder, files)


def check(folder: Path, scheme: str, *, ocr: OcrPolicy = NO_OCR) -> Report:
    return check_submission(folder, scheme, applicant_file=applicant_file(scheme), as_of=AS_OF, ocr=ocr)


def gaps(report: Report, code: str, document: str | None = None) -> list:
    """The findings of ``code`` (problems and to-verify items alike)."""
    return [g for g in [*report.gaps, *report.to_verify] if g.code == code and (document is None or g.document == document)]


def chinese(message: str) -> bool:
    """A Chinese sentence: mostly CJK, not an English or code-only message."""
    return len(CJK.findall(message)) >= 6


#: ``python -c`` script: ``lingtan`` with every submission of a batch taking a second more (``worker.run_check``
#: slowed), so that a test can interrupt or kill a check-batch run part way through
SLOW_BATCH = (
    "import sys, time\n"
    "import lingtan.checker.batch.worker as w\n"
    "real = w.run_check\n"
    "def slow(path, applicant):\n"
    "    time.sleep(1.0)\n"
    "    return real(path, applicant)\n"
    "w.run_check = slow\n"
    "from lingtan.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def set_workbook_cell(book: Path, out: Path, path: str, value: object, row: int = 3) -> Path:
    """``book`` (a batch workbook: field paths in row 2) saved as ``out`` with ``value`` in the column of ``path``."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    cols = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(row, cols[path]).value = value
    wb.save(out)
    return out
