"""Every form of every scheme looks in LibreOffice (and WPS, which also lays tables out by their grid)
as it does in Word: the grid's column widths (``w:gridCol``) equal the cells' widths (``w:tcW``) and
fit between the margins, each column holds at least two characters, covers fit their first page,
no style draws a stray border or colour. The LibreOffice tests convert every generated document to
PDF (one soffice run), read the PDFs back with PyMuPDF and keep PNG renders of every page under
test-artifacts/forms/ for a person to look at. They need LibreOffice: .ci/run installs it, and
without it they fail (they never skip)."""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import once_per_session
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from sample_packages import generate_all

from lingtan.generator.fonts import STAND_INS, fonts_in
from lingtan.generator.pdf import Converted, convert_all, find_soffice, substitution_lines

sys.modules.setdefault("pymupdf.layout", None)  # keep PyMuPDF's ONNX layout model from loading
import pymupdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "forms"
TWIP = 1 / 20  # pt
TOLERANCE_PT = 4.0


@dataclass(frozen=True)
class Doc:
    name: str  # "<sample>__<file>" without .docx
    docx: Path


def _documents(out: Path) -> list[Doc]:
    flat = out / "docx"
    flat.mkdir(parents=True, exist_ok=True)
    docs = []
    for p in generate_all(out / "packages"):
        for d in p.documents:
            target = flat / f"{p.sample}__{d.name}"
            shutil.copyfile(d, target)
            docs.append(Doc(target.stem, target))
    return docs


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Doc]:
    return _documents(tmp_path_factory.mktemp("render"))


def grid(tbl) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in tbl.tblGrid.iter(qn("w:gridCol"))]


def text_width_twips(doc) -> int:
    sec = doc.sections[0]
    return round((sec.page_width - sec.left_margin - sec.right_margin) / 635)  # EMU → twips


def cell_margins_pt(tbl) -> float:
    """Left + right cell margins of a table (Word's and LibreOffice's default: 0.19 cm each)."""
    mar = tbl.tblPr.find(qn("w:tblCellMar"))
    sides = [mar.find(qn(f"w:{s}")) if mar is not None else None for s in ("left", "right")]
    return sum(int(el.get(qn("w:w"))) * TWIP if el is not None else 108 * TWIP for el in sides)


def table_font_pt(doc) -> float:
    st = next((s for s in doc.styles if s.name == "表格文字"), None)
    size = st.font.size if st is not None and st.font.size else Pt(12)
    return size.pt


# -- the .docx: grid and cell widths, styles (no LibreOffice needed) ------------------------------------


def test_every_table_grid_equals_its_cells_and_fits_the_page(documents):
    problems = []
    for d in documents:
        doc = Document(str(d.docx))
        room = text_width_twips(doc)
        for n, table in enumerate(doc.tables, 1):
            tbl = table._tbl
            two_chars = 2 * table_font_pt(doc) + cell_margins_pt(tbl)
            cols = grid(tbl)
            where = f"{d.name} 表{n}"
            if sum(cols) > room + 2:
                problems.append(f"{where}: columns {sum(cols)} twips wider than the text {room}")
            tblw = tbl.tblPr.find(qn("w:tblW"))
            if tblw is None or tblw.get(qn("w:type")) != "dxa" or int(tblw.get(qn("w:w"))) != sum(cols):
                problems.append(f"{where}: table width is not the sum of its grid")
            layout = tbl.tblPr.find(qn("w:tblLayout"))
            if layout is None or layout.get(qn("w:type")) != "fixed":
                problems.append(f"{where}: layout is not fixed")
            narrow = [w * TWIP for w in cols if w * TWIP < two_chars - 0.5]
            if narrow:
                problems.append(f"{where}: columns {narrow} pt hold fewer than two characters")
            for r, tr in enumerate(tbl.tr_lst, 1):
                at = 0
                for tc in tr.tc_lst:
                    span = tc.grid_span
                    want = sum(cols[at:at + span])
                    tcw = tc.tcPr.find(qn("w:tcW")) if tc.tcPr is not None else None
                    if tcw is None or int(tcw.get(qn("w:w"))) != want:
                        got = None if tcw is None else tcw.get(qn("w:w"))
                        problems.append(f"{where} 行{r}: cell width {got} ≠ grid {want}")
                    at += span
                if at != len(cols):
                    problems.append(f"{where} 行{r}: {at} grid columns covered of {len(cols)}")
    assert not problems, "\n".join(problems[:30])


def test_no_style_draws_a_border_or_a_theme_colour(documents):
    for d in documents:
        with zipfile.ZipFile(d.docx) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
            body = z.read("word/document.xml").decode("utf-8")
        used = set(re.findall(r'<w:pStyle w:val="([^"]+)"', body)) | {"Normal"}
        for sid in used:
            m = re.search(rf'<w:style [^>]*w:styleId="{re.escape(sid)}".*?</w:style>', styles, re.S)
            assert m, f"{d.name}: style {sid} is used but not defined"
            xml = m.group(0)
            assert "<w:pBdr" not in xml, f"{d.name}: style {sid} draws a border"
            assert "themeColor" not in xml, f"{d.name}: style {sid} takes a theme colour"
            assert "<w:u " not in xml, f"{d.name}: style {sid} underlines"
            if sid == "表格文字":  # justified text in a narrow cell spreads its characters apart (合 规 条 件)
                assert '<w:jc w:val="left"/>' in xml, f"{d.name}: table text is not left-aligned"


def test_pdf_conversion_names_the_stand_in_of_every_missing_font():
    lines = substitution_lines(Converted([], [("仿宋", "AR PL UMing CN"), ("黑体", "Noto Sans CJK SC")]))
    assert lines[1:] == ["  仿宋 → AR PL UMing CN", "  黑体 → Noto Sans CJK SC"]
    assert {"仿宋", "黑体", "楷体", "宋体"} <= set(STAND_INS)


# -- LibreOffice: PDFs, pages, covers, column widths, PNG renders --------------------------------------


@pytest.fixture(scope="module")
def pdfs(documents, tmp_path_factory) -> dict[str, Path]:
    """Every document converted by LibreOffice (once per test session, whichever worker comes
    first), PNG renders of every page kept under test-artifacts/forms/."""
    assert find_soffice(), "LibreOffice (soffice) is required for these tests: .ci/run installs it with apt-get"

    def build(shared: Path) -> dict[str, Any]:
        out = shared / "pdf"
        out.mkdir(exist_ok=True)
        c = convert_all([d.docx for d in documents], outdir=out)
        _render_pngs(c.pdfs)
        return {"pdfs": [str(p) for p in c.pdfs], "substituted": c.substituted}

    data = once_per_session(tmp_path_factory, "lingtan-forms-pdf", build)
    return {Path(p).stem: Path(p) for p in data["pdfs"]}


def _render_pngs(pdf_files: list[Path]) -> None:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    pages = {}
    for p in pdf_files:
        with pymupdf.open(p) as doc:
            pages[p.stem] = doc.page_count
            for i, page in enumerate(doc, 1):
                page.get_pixmap(dpi=60).save(str(ARTIFACTS / f"{p.stem}-第{i}页.png"))
        shutil.copyfile(p, ARTIFACTS / p.name)
    (ARTIFACTS / "pages.json").write_text(json.dumps(pages, ensure_ascii=False, indent=1), encoding="utf-8")


def _blocks_between_page_breaks(docx: Path) -> list[tuple[str, bool]]:
    """The document's text cut at its hard page breaks (``w:br w:type="page"``, or a paragraph's
    ``w:pageBreakBefore``: the templates' breaks since issue 25), whitespace removed, each with whether
    it holds a table."""
    doc = Document(str(docx))
    parts: list[tuple[str, bool]] = []
    cur: list[str] = []
    table = False
    for el in doc.element.body.iter(qn("w:t"), qn("w:br"), qn("w:tbl"), qn("w:pageBreakBefore")):
        if (el.tag == qn("w:br") and el.get(qn("w:type")) == "page") or el.tag == qn("w:pageBreakBefore"):
            parts.append(("".join(cur), table))
            cur, table = [], False
        elif el.tag == qn("w:tbl"):
            table = True
        elif el.tag == qn("w:t"):
            cur.append(re.sub(r"\s+", "", el.text or ""))
    parts.append(("".join(cur), table))
    return parts


def _page_texts(pdf: Path) -> list[str]:
    with pymupdf.open(pdf) as doc:
        return [re.sub(r"\s+", "", page.get_text()) for page in doc]


@pytest.mark.libreoffice
def test_every_form_of_every_scheme_converts_to_pdf(documents, pdfs):
    assert sorted(pdfs) == sorted(d.name for d in documents)
    for name, pdf in pdfs.items():
        assert pdf.stat().st_size > 1000, name
    assert (ARTIFACTS / "pages.json").is_file()
    assert len(list(ARTIFACTS.glob("*.png"))) >= len(pdfs)


@pytest.mark.libreoffice
def test_covers_fit_page_one_and_every_page_break_starts_a_page(documents, pdfs):
    """A cover (what comes before the first page break, without a table) is all on page 1; each
    part after a page break starts a page of its own, in order; pages.json keeps the page counts."""
    problems = []
    covers = 0
    for d in documents:
        blocks = _blocks_between_page_breaks(d.docx)
        pages = _page_texts(pdfs[d.name])
        if len(pages) < len(blocks):
            problems.append(f"{d.name}: {len(pages)} pages for {len(blocks)} page-break sections")
            continue
        first, has_table = blocks[0]
        if len(blocks) > 1 and first and not has_table:
            covers += 1
            if first[-8:] not in pages[0]:
                problems.append(f"{d.name}: the cover's end {first[-8:]!r} is not on page 1")
        at = 0
        for text, _ in blocks[1:]:
            head = text[:6]
            if not head:
                continue
            starts = [i for i in range(at + 1, len(pages)) if pages[i].startswith(head)]
            if not starts:
                problems.append(f"{d.name}: no page after page {at + 1} starts with {head!r}")
                break
            at = starts[0]
    assert covers >= 8
    assert not problems, "\n".join(problems)


@pytest.mark.libreoffice
def test_jiangsu_cover_ends_with_the_issuer_on_page_one(documents, pdfs):
    name = next(d.name for d in documents if d.name.startswith("jiangsu-zero__") and d.name.endswith("有限公司"))
    pages = _page_texts(pdfs[name])
    assert "江苏省工业和信息化厅制" in pages[0] and "江苏省工业和信息化厅制" not in pages[1]
    assert pages[1].startswith("填报说明")


@pytest.mark.libreoffice
def test_drawn_columns_have_the_widths_of_the_grid(documents, pdfs):
    """Each table PyMuPDF finds in a PDF lies between the page margins and, where it sees as many
    columns as one of the document's tables has, has that table's column widths (its .docx grid,
    within 4 pt or 3 %; equal grids, as before, were off by 20 pt and more)."""
    problems, matched = [], 0
    for d in documents:
        doc = Document(str(d.docx))
        grids = [[w * TWIP for w in grid(t._tbl)] for t in doc.tables]
        sec = doc.sections[0]
        left, right = sec.left_margin.pt, Length(sec.page_width - sec.right_margin).pt
        with pymupdf.open(pdfs[d.name]) as pdf:
            for i, page in enumerate(pdf, 1):
                for tb in page.find_tables().tables:
                    cells = [c for c in tb.cells if c]
                    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
                    if xs[0] < left - TOLERANCE_PT or xs[-1] > right + TOLERANCE_PT:
                        problems.append(f"{d.name} 第{i}页: table {xs[0]:.0f}–{xs[-1]:.0f} pt outside the margins {left:.0f}–{right:.0f}")
                    drawn = [b - a for a, b in zip(xs, xs[1:], strict=False) if b - a > 1]
                    same_count = [g for g in grids if len(g) == len(drawn)]
                    if not same_count:  # PyMuPDF saw merged or extra columns (spans, two tables side by side)
                        continue
                    if not any(all(abs(dw - gw) <= max(TOLERANCE_PT, 0.03 * gw) for dw, gw in zip(drawn, g, strict=True))
                               for g in same_count):
                        problems.append(f"{d.name} 第{i}页: drawn columns {[round(w) for w in drawn]} pt match no grid")
                    matched += 1
    assert matched >= 40
    assert not problems, "\n".join(problems[:30])


@pytest.mark.libreoffice
def test_the_pdfs_use_the_free_stand_ins_for_the_chinese_fonts(documents, pdfs):
    used = set().union(*(fonts_in(d.docx) for d in documents))
    assert {"仿宋", "黑体", "宋体"} <= used
    with pymupdf.open(next(p for n, p in pdfs.items() if n.startswith("jiangsu-zero__") and n.endswith("有限公司"))) as pdf:
        embedded = {f[3].split("+")[-1] for page in pdf for f in page.get_fonts()}
    # 黑体 headings, 仿宋 body, 楷体 sub-headings: each drawn with a CJK font, never a Japanese one
    assert any("NotoSansCJK" in f or "ZenHei" in f for f in embedded), embedded
    assert any("UMing" in f or "NotoSerifCJK" in f for f in embedded), embedded
    assert any("UKai" in f for f in embedded), embedded
    assert not any("JP" in f for f in embedded), embedded


def test_png_renders_are_kept_out_of_git():
    assert "/test-artifacts/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.libreoffice
def test_generate_pdf_names_each_substituted_font(tmp_path, capsys):
    from conftest import SAMPLES

    from lingtan.cli import main
    from lingtan.generator.fonts import uses_fontconfig

    code = main(["generate", str(SAMPLES / "zhejiang.yaml"), "--out", str(tmp_path), "--pdf", "--as-of", "2026-03-15"])
    out = capsys.readouterr().out
    assert code == 0
    folder = next(tmp_path.iterdir())
    assert len(list(folder.glob("*.pdf"))) == len(list(folder.glob("*.docx")))
    assert uses_fontconfig()  # the machine CI runs on
    # this machine has none of the forms' Chinese fonts: each is named with its stand-in
    for font, stand_in in (("仿宋", "AR PL UMing CN"), ("黑体", "Noto Sans CJK SC"), ("宋体", "Noto Serif CJK SC")):
        assert f"  {font} → {stand_in}" in out, out
    assert "字体替换" in out


def test_a_table_ending_at_the_foot_of_a_page_leaves_no_blank_page_before_the_next_part():
    """Regression (zhejiang 自评价报告, page 9 of 23 blank): the template's empty spacer paragraph after the
    evidence table, followed by 附表1.1 on a new page, overflowed alone onto a page of its own when the
    table filled page 8. The rendered document keeps no empty paragraph between a table and a page break."""
    import io

    from docx import Document as _Doc

    from lingtan.generator.render import _no_blank_page_after_tables

    d = _Doc()
    d.add_table(rows=1, cols=1)
    d.add_paragraph("")
    d.add_paragraph("")
    nxt = d.add_paragraph("附表1.1")
    nxt.paragraph_format.page_break_before = True
    body = d.element.body
    _no_blank_page_after_tables(body)
    kids = [el.tag.rsplit("}", 1)[1] for el in body]
    assert kids[:2] == ["tbl", "p"] and body[1].find(".//{*}pageBreakBefore") is not None
    buf = io.BytesIO()
    d.save(buf)
    assert _Doc(io.BytesIO(buf.getvalue())).paragraphs[0].text == "附表1.1"
