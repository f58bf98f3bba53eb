"""申报数据与证明材料对照 on scanned documents: OCR is lazy (a scan is read only as far as classification and its
fields need), so a report whose figures are on a later page is read further — page by page — when, and only
when, a declared figure is to be compared with them (``Needs.figures``, ``checker/figures/wanted.py``).

Tests named ``*_ocr_*`` run the OCR engine on real scans (a few seconds a page); the others read text only.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from checker_helpers import page_pdf, write_submission

from lingtan.checker.applicant import from_factory_file
from lingtan.checker.check import check
from lingtan.checker.extract import OcrPolicy
from lingtan.checker.figures.read import read_figures
from lingtan.checker.figures.wanted import missing_figures, wanted_figures
from lingtan.checker.model import SourceFile
from lingtan.checker.pipeline import Needs, check_submission, read_file
from lingtan.checker.specs import load_spec

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 3, 15)
FOREIGN_F01 = ROOT / "samples" / "foreign" / "submissions" / "fujian-near-zero-f01-bilingual"
OWN = ROOT / "samples" / "submissions"


def source(path: Path) -> SourceFile:
    return SourceFile(display=path.name, suffix=path.suffix.lower(), size=path.stat().st_size, disk_path=str(path))


def applicant(scheme: str, factory: str):
    return from_factory_file(ROOT / "samples" / "factories" / factory, scheme)


def figures(docs, kind: str) -> dict[int | None, tuple[float, int]]:
    return {f["year"]: (f["value"], f["page"]) for d in docs for f in d.figures if f["kind"] == kind and f["how"] == "table"}


@pytest.mark.ocr
def test_ocr_a_scanned_ghg_report_whose_table_is_on_page_2_is_compared_and_lazy_reading_stays_without_declared_figures():
    """The foreign corpus' 150-dpi scan of a GHG report prints 7,045 / 11,885 t for 2025 in a table on page 2; the data
    file declares 14,600 / 14,500 t: both disagreements are problems naming page 2 (before, page 2 was never OCRed and
    the comparison said figure_unread)."""
    app = applicant("fujian-near-zero", "fujian-near-zero.yaml")
    spec = load_spec("fujian-near-zero")
    needs = Needs.of(spec, app)
    src = source(FOREIGN_F01 / "6-温室气体核查报告.pdf")
    ex, docs = read_file(src, OcrPolicy(), needs)
    assert [p.ocr for p in ex.pages] == [True, True]
    assert figures(docs, "category1") == {2024: (8120.0, 2), 2025: (7045.0, 2)}
    assert figures(docs, "category2") == {2024: (13360.0, 2), 2025: (11885.0, 2)}
    texts = {(d.path, d.pages[0]): "\n".join(p.text for p in ex.pages) for d in docs}
    result = check(docs, [ex], spec, app, AS_OF, texts)
    found = {(g["id"], g["year"]): (g["declared"], g["evidence"], g["verdict"], g["sources"][0]["page"]) for g in result.comparisons
             if g["id"] in ("category1", "category2")}
    assert found[("category1", 2025)] == (14600, 7045, "问题", 2) and found[("category2", 2025)] == (14500, 11885, "问题", 2)
    mismatch = [g for g in result.gaps if g.code == "figure_mismatch"]
    assert any("7,045" in g.message and "14,600" in g.message and "第2页" in g.message for g in mismatch)
    assert not [g for g in result.to_verify if g.code == "figure_unread"]
    # nothing declared to compare: the report is read only as far as its fields need (page 2 left unread)
    ex, docs = read_file(src, OcrPolicy(), dataclasses.replace(needs, figures={}))
    assert [p.ocr for p in ex.pages] == [True, False] and not figures(docs, "category1")


@pytest.mark.ocr
def test_ocr_our_corpus_scans_give_the_figures_their_clean_submissions_declare():
    """Each was figure_unread on a clean (or only otherwise defective) submission of samples/submissions:

    - fujian-near-zero-01-clean: the 能效对标报告's cover is page 1, its 综合能源消费量 (11,800 tce) in a table on
      page 2 — never OCRed while reading was lazy;
    - suzhou-02: OCR reads the table's header as 綜合能源消费量 (a traditional 綜) — read as 综合;
    - jiangsu-02: the CCER cancellation prints ``…注销核证自愿减排量2,500`` / ``吨二氧化碳当量。`` (the 2,500 t the data
      declare: the corpus prints the declared CCER) — the unit on the next line is the number's unit.
    """
    fujian = Needs.of(load_spec("fujian-near-zero"), applicant("fujian-near-zero", "fujian-near-zero.yaml"))
    _, docs = read_file(source(OWN / "fujian-near-zero-01-clean" / "（5）能源审计报告.pdf"), OcrPolicy(), fujian)
    assert figures(docs, "energy_tce") == {2025: (11800.0, 2)}
    suzhou = Needs.of(load_spec("suzhou"), applicant("suzhou", "suzhou-near-zero.yaml"))
    _, docs = read_file(source(OWN / "suzhou-02-expired-english" / "44-能源审计报告.pdf"), OcrPolicy(), suzhou)
    assert figures(docs, "energy_tce") == {2025: (12820.0, 2)}
    jiangsu = Needs.of(load_spec("jiangsu"), applicant("jiangsu", "jiangsu-zero.yaml"))
    _, docs = read_file(source(OWN / "jiangsu-02-missing-years" / "附件21 CCER注销证明.pdf"), OcrPolicy(), jiangsu)
    (ccer,) = [f for d in docs for f in d.figures if f["kind"] == "tco2"]
    assert ccer["value"] == 2500.0 and "吨二氧化碳当量" in ccer["text"]


def _scan(pages: list[bytes], dpi: int = 150) -> bytes:
    """Born-digital pages printed and scanned: one image a page, no text layer."""
    from lingtan.checker._pymupdf import pymupdf

    out = pymupdf.open()
    for data in pages:
        src = pymupdf.open(stream=data, filetype="pdf")
        pix = src[0].get_pixmap(dpi=dpi)
        page = out.new_page(width=src[0].rect.width, height=src[0].rect.height)
        page.insert_image(page.rect, stream=pix.tobytes("png"))
    return out.tobytes()


@pytest.mark.ocr
def test_ocr_a_scanned_report_without_the_figure_is_read_to_its_end_and_left_for_a_person(tmp_path):
    """A scanned GHG report that never prints 类别1/类别2: every page is OCRed looking for them, then each is
    待人工核对 (figure_unread) with the reason — never a silent pass."""
    cover = page_pdf("2025年度温室气体排放核查报告", ["受核查方：张家港恒晟精密轴承有限公司", "统一社会信用代码：91320582MA1WQ8TK7L",
                                            "核查机构：江苏省节能技术服务中心", "核查年度：2025年度", "报告日期：2026年2月1日"])
    body = page_pdf("核查结论", ["核查组按照核算指南对排放报告进行了文件评审和现场核查。", "核查结论：排放报告真实、准确。"])
    folder = write_submission(tmp_path / "scan", {"05-温室气体排放核查报告.pdf": _scan([cover, body])})
    app = ROOT / "samples" / "factories" / "jiangsu-zero.yaml"
    r = check_submission(folder, "jiangsu", applicant_file=app, as_of=AS_OF, ocr=OcrPolicy())
    (f,) = r.files
    assert f.ocr_pages == 2  # read to its end looking for the figures
    unread = [g for g in r.to_verify if g.code == "figure_unread"]
    assert {g.message.split("：")[0] for g in unread} >= {"类别1（范围一）直接排放", "类别2（范围二）能源间接排放"}
    assert all(g.verdict == "verify" and "未读到" in g.message and "请人工核对" in g.message for g in unread)
    assert not [g for g in unread if "emissions" in g.message or "category" in g.message]  # no field path reaches a person
    assert not r.complete


# -- which figures are wanted, and when they are there (no OCR) --------------------------------------------------


def test_figures_are_wanted_only_where_a_declared_figure_is_compared():
    app = applicant("jiangsu", "jiangsu-zero.yaml")
    wanted = wanted_figures("jiangsu", app)
    assert 2025 in wanted["ghg_verification_report"]["category1"] and 2025 in wanted["energy_audit_report"]["energy_tce"]
    assert "business_license" not in wanted
    # nothing declared (no data file, no manifest): the applicant's own forms may state the reports' figures
    anonymous = wanted_figures("jiangsu", None)
    assert anonymous["ghg_verification_report"] == {"category1": frozenset(), "category2": frozenset()}
    assert "green_power_certificate" not in anonymous
    # an applicant that declares no emissions wants none from the GHG report
    quiet = dataclasses.replace(app, declared={k: v for k, v in app.declared.items() if k not in ("category1", "category2")},
                                factory=None)
    assert "ghg_verification_report" not in wanted_figures("jiangsu", quiet)


def test_a_report_covering_two_years_lacks_its_figures_until_both_years_are_read():
    wanted = {"category1": frozenset({2024, 2025})}
    first = [f.as_dict() for f in read_figures([(2, "年度 类别1排放（tCO2e） 类别2排放（tCO2e）\n2024 8,120.0 13,360.0")])]
    both = [f.as_dict() for f in read_figures([(2, "年度 类别1排放（tCO2e） 类别2排放（tCO2e）\n2024 8,120.0 13,360.0\n2025 7,045.0 11,885.0")])]
    assert missing_figures(wanted, first, [2024, 2025]) == ["category1"]
    assert missing_figures(wanted, both, [2024, 2025]) == []
    assert missing_figures(wanted, both, []) == []  # the years it covers unknown: one figure is enough


def test_a_table_row_headed_by_a_bare_year_is_read_as_that_years_figures():
    """Regression (foreign f01's GHG report, OCRed): ``2025 7,045.0 11,885.0 18,930.0`` under a header of labels — the year
    has no 年 after it; the row was not read, and ``类别1+类别2合计 2024`` made 2024 a total."""
    text = ("类别1、类别2排放量经核实如下表（单位：吨二氧化碳当量，tCO2e）。\n年度 类别1排放（tCO2e） 类别2排放（tCO2e） 类别1+类别2合计\n"
            "2024 8,120.0 13,360.0 21,480.0\n2025 7,045.0 11,885.0 18,930.0\n闽南碳核查技术服务有限公司\n2026年3月30日")
    got = {(f.kind, f.year): f.value for f in read_figures([(2, text)]) if f.how == "table"}
    assert got == {("category1", 2024): 8120.0, ("category2", 2024): 13360.0, ("scope12", 2024): 21480.0,
                   ("category1", 2025): 7045.0, ("category2", 2025): 11885.0, ("scope12", 2025): 18930.0}
    assert not [f for f in read_figures([(2, text)]) if f.value in (2024.0, 2025.0)]
