"""How the checker reads a file: where documents start, what is OCRed, names, years and dates.

Most tests run on born-digital PDFs built here (no OCR); the few marked "real OCR" run the engine
on scanned files of the committed sample corpus.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from lingtan.checker import classify as C
from lingtan.checker.names import mentions, same_company
from lingtan.checker.extract import OcrPolicy, open_file
from lingtan.checker.fields import extract_fields
from lingtan.checker.ingest import ingest
from lingtan.checker.model import SourceFile
from lingtan.checker.pipeline import Needs, read_file
from lingtan.checker.seal import erase_seals, has_red_seal, red_mask
from lingtan.checker.specs import load_spec

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "submissions"
COMPANY = "张家港恒晟精密轴承有限公司"
USCC = "91320582MA1WQ8TK7L"


def pdf(pages: list[list[str]], *, foot: list[str | None] | None = None, toc: list | None = None) -> bytes:
    """A born-digital PDF: each page's lines from the top, and an optional foot line (a page number)."""
    doc = pymupdf.open()
    for i, lines in enumerate(pages):
        page = doc.new_page()
        for k, line in enumerate(lines):
            page.insert_text((60, 80 + 24 * k), line, fontname="china-s", fontsize=16 if k == 0 else 11)
        if foot and foot[i]:
            page.insert_text((280, 800), foot[i], fontname="china-s", fontsize=10)
    if toc:
        doc.set_toc(toc)
    return doc.tobytes()


def source(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    p = tmp_path / name
    p.write_bytes(data)
    return SourceFile(display=name, suffix=p.suffix, size=len(data), disk_path=str(p))


def ranges(tmp_path: Path, name: str, data: bytes) -> list[tuple[int, int, str]]:
    with open_file(source(tmp_path, name, data), ocr=OcrPolicy(enabled=False)) as r:
        return [(d.pages[0], d.pages[1], d.type) for d in C.classify(r)]


FORM_PAGES = [
    ["江苏省零碳（近零碳）工厂申报书", f"企业名称：{COMPANY}", "申报日期：2026年3月1日"],
    ["目录", "一、基本信息表", "二、零碳（近零碳）工厂自评价报告"],
    ["三、能源结构", "非化石能源利用量统计表", "年度 非化石能源利用量 占比"],
    ["附件：证明材料", "附件3 非化石能源利用量统计表-2025.pdf", "用于：评价指标1非化石能源开发利用"],
]


# -- where documents start ----------------------------------------------------------------------


def test_a_numbered_form_stays_one_document_though_its_pages_name_other_documents(tmp_path):
    """Regression: a scanned 申报书 was cut into pieces at "非化石能源利用量统计表" headings and rows."""
    data = pdf(FORM_PAGES, foot=["第1页", "第2页", "第3页", "第4页"])
    assert ranges(tmp_path, "申报书.pdf", data) == [(1, 4, "application_form")]


def test_an_unnumbered_combined_file_is_split_at_each_new_title(tmp_path):
    pages = [
        ["营业执照", f"名称：{COMPANY}", f"统一社会信用代码：{USCC}", "登记机关：张家港市市场监督管理局"],
        ["质量管理体系认证证书", "证书编号：00124Q30567R2M", f"兹证明 {COMPANY}", "质量管理体系符合 GB/T 19001-2016"],
        ["环境管理体系认证证书", "证书编号：00124E30567R2M", f"兹证明 {COMPANY}", "环境管理体系符合 GB/T 24001-2016"],
        ["关于成立零碳工厂建设领导小组的通知", "文件编号：恒晟发〔2024〕12号", "各部门：", "组长：张三 副组长：李四"],
        ["一、领导小组职责", "领导小组负责审批建设规划、年度目标和重大投资事项。", "二、办公室", "办公室设在能源管理部。"],
    ]
    assert ranges(tmp_path, "证明材料合集.pdf", pdf(pages)) == [
        (1, 1, "business_licence"), (2, 2, "qms_certificate"), (3, 3, "ems_certificate"), (4, 5, "management_body_doc")]


def test_bookmarks_decide_the_ranges_when_present(tmp_path):
    pages = [FORM_PAGES[0], FORM_PAGES[1], ["质量管理体系认证证书", f"兹证明 {COMPANY}", "GB/T 19001-2016"]]
    data = pdf(pages, toc=[[1, "申报书", 1], [1, "质量管理体系认证证书", 3]])
    got = ranges(tmp_path, "合集.pdf", data)
    assert [(a, b) for a, b, _ in got] == [(1, 2), (3, 3)] and got[1][2] == "qms_certificate"


def test_the_reason_for_a_split_is_kept_on_the_document(tmp_path):
    pages = [["营业执照", f"名称：{COMPANY}", f"统一社会信用代码：{USCC}"],
             ["质量管理体系认证证书", "证书编号：00124Q30567R2M", f"兹证明 {COMPANY}"]]
    with open_file(source(tmp_path, "合集.pdf", pdf(pages)), ocr=OcrPolicy(enabled=False)) as r:
        docs = C.classify(r)
    assert "从第2页起为新文件：页首标题“质量管理体系认证证书”" in docs[1].evidence


@pytest.mark.parametrize("foot, number", [
    ("第 3 页", 3), ("第3页 共9页", 3), ("— 12 —", 12), ("- 4 -", 4), ("Page 7", 7), ("3/9", 3), ("第：页", None), ("", None)])
def test_page_numbers_in_a_foot(foot, number):
    assert C.page_number(foot) == number


def test_misread_page_numbers_are_recognised_by_their_neighbours():
    numbers = {1: None, 2: 2, 3: 1, 4: 4}  # "第3页" read as 1
    assert C._misread_one(3, numbers.get)
    assert C._misread_one(2, {1: 1, 2: 1}.get)  # two pages "1" in a row: the second is misread
    assert not C._misread_one(3, {1: 1, 2: 2, 3: 1, 4: 2}.get)  # a new document numbered from 1


def test_numbering_that_runs_on_through_an_unnumbered_page_continues_the_document():
    # document from page 1; page 3 shows no number, page 4 reads 4: page 3 is its page 3
    assert C._numbering_continues(3, 1, {4: 4}.get)
    # page 4 reads 2: page 3 started a new document
    assert not C._numbering_continues(3, 1, {4: 2}.get)


def test_title_lines_skip_labels_translations_and_table_cells():
    head = "示例认证有限公司 证书号 Certificate No.: 02224E20318R1M\nSample Certification Co., Ltd.\n管理体系认证证书\nMANAGEMENT SYSTEM CERTIFICATE"
    assert C.title_lines(head) == ["管理体系认证证书"]
    assert C.title_lines("企业名称 合肥瀚川汽车电子有限公司\n统一社会信用代码 91340111MA2TQ4K8R6") == []
    # a word of a title inside a table cell is no title
    assert C._title_type(["评价企业通过", "绿证交易、碳", "减排项目开发"], ocr=True) == (None, "")
    # a title wrapped over two lines with the years in brackets still names its type
    assert C._title_type(["合肥瀚川汽车电子有限公司零碳示范工厂建", "设规划(2024—2028年)"], ocr=False)[0] == "construction_plan"


def test_a_section_heading_never_starts_a_document():
    assert C._starts_document("一、企业基本情况\n企业名称 合肥瀚川汽车电子有限公司\n统一社会信用代码 91340111MA2TQ4K8R6",
                              False, "self_evaluation_report", False) == (False, "")


# -- what is OCRed (real OCR) --------------------------------------------------------------------------


def _scanned(name: str) -> SourceFile:
    with ingest(CORPUS / "jiangsu-01-clean") as ing:
        return next(s for s in ing.files if name in s.display)


@pytest.mark.ocr
def test_a_scanned_multi_page_form_is_read_from_its_first_page_and_page_numbers():
    """Real OCR: the 申报书 (eight scanned pages) is one document; only its first page is read whole, the others by
    their foot."""
    src = _scanned("申报书")
    needs = Needs.of(load_spec("jiangsu"), None)
    ex, docs = read_file(src, OcrPolicy(), needs)
    assert len(ex.pages) == 8
    assert [(d.pages, d.type) for d in docs] == [((1, 8), "application_form")]
    whole = [p.number for p in ex.pages if p.ocr]
    assert whole == [1]
    assert all(p.foot is not None and p.head is None for p in ex.pages[1:])  # page numbers said "continued"
    assert docs[0].fields.get("holder") == COMPANY
    lazy = sum(p.ocr_seconds for p in ex.pages)
    ex_all, docs_all = read_file(src, OcrPolicy(lazy=False), needs)
    assert [(d.pages, d.type) for d in docs_all] == [((1, 8), "application_form")]
    assert sum(p.ocr for p in ex_all.pages) == 8
    assert sum(p.ocr_seconds for p in ex_all.pages) > 3 * lazy


# -- seals over text -------------------------------------------------------------------------------


def test_a_seal_over_text_is_turned_light_and_the_text_stays_dark():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((200, 300), "合肥市零碳示范工厂动态管理表", fontname="china-s", fontsize=16)
    page.draw_circle((300, 300), 60, color=(0.85, 0.1, 0.1), width=4)
    page.draw_circle((300, 300), 12, color=(0.85, 0.1, 0.1), fill=(0.85, 0.1, 0.1))
    pix = page.get_pixmap(dpi=150)
    img = Image.open(io.BytesIO(pix.tobytes("png"))).convert("RGB")
    assert has_red_seal(img)
    out = np.asarray(erase_seals(img))
    assert not red_mask(out).any()
    before = np.asarray(img.convert("L"))
    after = np.asarray(Image.fromarray(out).convert("L"))
    text_px = before < 60
    assert text_px.sum() > 200 and (after[text_px] < 100).mean() > 0.95  # black text stays black
    plain = Image.new("RGB", (200, 100), "white")
    assert erase_seals(plain) is plain


# -- names, years, dates ---------------------------------------------------------------------------


def test_ocr_tolerates_two_misread_characters_in_a_long_name_only():
    assert mentions("落款：石狮市澳能纺织染整有限公司", "石狮市鸿纶纺织染整有限公司", ocr=True)
    assert not mentions("落款：石狮市澳能纺织染整有限公司", "石狮市鸿纶纺织染整有限公司")
    assert same_company("合肥浦汽车电子有限公司", "合肥瀚川汽车电子有限公司", ocr=True)
    assert not same_company("合肥浦汽车电子有限公司", "合肥瀚川汽车电子有限公司")
    assert not same_company("合肥优嘉汽车零部件有限公司", "合肥瀚川汽车电子有限公司", ocr=True)
    assert not mentions("苏州立新机械有限公司", "苏州恒达机械有限公司", ocr=True)  # too short for any tolerance


@pytest.mark.parametrize("text, years", [
    ("核查年度：2021、2025年度\n核查准则：ISO 14064-3", [2021, 2025]),
    ("对2021、2025年度温室气体排放量进行核查", [2021, 2025]),
    ("浙江海盐恒锐紧固件有限公司2025可持续发展报告", [2025]),
    ("报告期：2023—2025年", [2023, 2024, 2025]),
])
def test_years_covered(text, years):
    assert extract_fields(text)[0]["years"] == years


def test_own_documents_take_their_holder_from_letterhead_title_or_signature():
    f, ev = extract_fields("关于成立零碳（近零碳）工厂建设工作领导小组的决定\n各部门：\n本决定自印发之日起施行。\n石狮市鸿纶纺织染整有限公司\n二〇二四年六月六日", own=True)
    assert f["holder"] == "石狮市鸿纶纺织染整有限公司" and f["issue_date"] == "2024-06-06"
    assert extract_fields("石狮市鸿纶纺织染整有限公司文件\n鸿纶发〔2024〕25号", own=True)[0]["holder"] == "石狮市鸿纶纺织染整有限公司"
    # not for others' documents: the letterhead of a verifier is not the holder
    assert "holder" not in extract_fields("福建省节能监测中心温室气体排放核查报告\n核查结论：无保留意见")[0]


def test_the_years_of_a_material_may_be_spread_over_two_reports():
    """fujian-zero 否决项7 needs 2021 and the reporting year: one report of each is enough."""
    from datetime import date

    from lingtan.checker.applicant import Applicant
    from lingtan.checker.check import document_checks
    from lingtan.checker.model import Document

    m = next(m for m in load_spec("fujian-zero").materials if m.id == "ghg_verification")
    app = Applicant(name="厦门海沧澜晟电子科技有限公司", uscc=None, source="test", reporting_year=2025)

    def report(years: list[int]) -> Document:
        return Document(path=f"{years[0]}.pdf", pages=(1, 3), type="ghg_verification_report", confidence=1.0, ocr=False,
                        fields={"holder": app.name, "issuer": "福建省节能监测中心", "years": years})

    a, b = report([2021]), report([2025])
    both = {2021, 2025}
    assert document_checks(a, m, app, date(2026, 3, 15), "", both) == []
    assert document_checks(b, m, app, date(2026, 3, 15), "", both) == []
    (gap,) = document_checks(b, m, app, date(2026, 3, 15), "", {2025})
    assert gap.code == "years_not_covered" and "缺 2021" in gap.message


@pytest.mark.ocr
def test_a_page_is_read_from_the_top_and_only_as_far_as_asked():
    """Real OCR: Progressive recognises the lines top to bottom; a reader stops when told and resumes later."""
    src = _scanned("入库申报表")
    with open_file(src, ocr=OcrPolicy()) as r:
        asked: list[str] = []

        def enough(text: str) -> bool:
            asked.append(text)
            return "入库申报表" in text.replace(" ", "")

        assert r.ocr(1, enough)
        page = r.ef.pages[0]
        assert page.partial and page.pending and page.ocr and len(asked) == 1
        top = page.text
        assert "入库申报表" in top.replace(" ", "") and "审核推荐意见" not in top  # the bottom was never recognised
        assert r.strip(1, "head").splitlines()[0] == top.splitlines()[0]  # the head comes from what was read
        assert r.ocr(1)  # the rest, without detecting the lines again
        assert not page.partial and not page.pending and len(page.text) > 2 * len(top)
        assert "审核推荐意见" in page.text.replace(" ", "")
        assert not r.ocr(1)  # nothing left to read
