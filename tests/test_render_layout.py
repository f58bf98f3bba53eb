"""Pagination and typography of every generated form, read from its LibreOffice render (issue 25).

Every form of every sample in samples/factories (and of the six passing samples with every optional
field removed) is converted to PDF by LibreOffice once per test session; each PDF is read with
PyMuPDF (lines, words and tables with their positions) and must show:

- a 目录 whose every line ends with a page number, equal to the printed page (the footer's
  "— n —") on which that heading is printed;
- no table row split across two pages;
- no table that continues on a new page without its header row (a table has one when its first
  row is two or more bold cells);
- no page under a fifth full (content from the top margin down to its last line, over the text
  area's height), except: the cover (page 1), the last page, and the last page of a part that a
  hard page break ends when it holds two lines or more (text flowing to its natural end; widow
  control never leaves a paragraph's last line alone, so a lone line is a note or a lead-in cut
  from what it belongs to, and an empty page is a stray break: both defects);
- no total (a 合计/总分/小计 row's value) printed on two lines.

Each detector is also run on a small hand-made document that has the defect, and must find it.
These tests need LibreOffice (marker ``libreoffice``).
"""

from __future__ import annotations

import itertools
import re
import shutil
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLES, generate, once_per_session, sample_data
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pydantic import BaseModel
from sample_packages import generate_all

from lingtan.assessment.model.factory import Factory
from lingtan.generator.pdf import convert_all, find_soffice

sys.modules.setdefault("pymupdf.layout", None)  # keep PyMuPDF's ONNX layout model from loading
import pymupdf  # noqa: E402

pytestmark = pytest.mark.libreoffice

PASSING = ("fujian-near-zero", "fujian-zero", "hefei", "jiangsu-zero", "suzhou-near-zero", "zhejiang")
TOTAL = re.compile(r"^(合计|总分|总计|小计|加分合计)")
TOC_LINE = re.compile(r"^(?P<title>.*?)[.·…‥]{2,}(?P<page>\d+)$")
FOOTER = re.compile(r"^—?(\d+)—?$")
MIN_FILL = 0.20


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


# -- what the .docx says ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocTable:
    rows: list[str]  # each row's text, cells joined (a vertically merged cell's continuation is empty)
    cells: list[list[str]]
    header: int  # rows that make the header (0: none)


def _cell_text(tc) -> str:
    return _norm("".join(t.text or "" for t in tc.iter(qn("w:t"))))


def _bold(tc) -> bool:
    runs = [r for r in tc.iter(qn("w:r")) if _norm("".join(t.text or "" for t in r.iter(qn("w:t"))))]
    return bool(runs) and all(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in runs)


def doc_tables(docx: Path) -> list[DocTable]:
    """The body's tables (nested ones are part of their cell's text)."""
    body = Document(str(docx)).element.body
    out = []
    for tbl in body.iter(qn("w:tbl")):
        if tbl.getparent() is not body:
            continue
        cells = [[_cell_text(tc) for tc in tr.iter(qn("w:tc")) if tc.getparent() is tr] for tr in tbl.iter(qn("w:tr"))]
        first = [tc for tc in tbl.find(qn("w:tr")).iter(qn("w:tc"))]
        header = 1 if len(first) >= 2 and all(_bold(tc) for tc in first if _cell_text(tc)) and any(_cell_text(tc) for tc in first) else 0
        out.append(DocTable(["".join(c) for c in cells], cells, header))
    return out


def part_heads(docx: Path) -> list[str]:
    """The first characters of each part that starts on a new page (a page break before it)."""
    body = Document(str(docx)).element.body
    heads, pending = [], False
    for el in body.iter(qn("w:p"), qn("w:tbl")):
        text = _norm("".join(t.text or "" for t in el.iter(qn("w:t")))) if el.tag == qn("w:p") else ""
        breaks = el.tag == qn("w:p") and (el.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None)
        if breaks or pending:
            if text:
                heads.append(text[:6])
                pending = False
            else:
                pending = pending or breaks
        if el.tag == qn("w:p") and any(br.get(qn("w:type")) == "page" for br in el.iter(qn("w:br"))):
            pending = True
    return heads


# -- what the PDF shows -------------------------------------------------------------------------------


@dataclass
class PdfPage:
    number: int  # printed page number (the footer's), else its position
    lines: list[tuple[float, float, str]]  # y0, y1, text (whitespace removed), in the text area
    rows: list[tuple[list[str], list[Any]]]  # each table row: cell texts, cell boxes (top to bottom)
    tables: list[Any]
    fill: float


def read_pdf(pdf: Path, docx: Path) -> list[PdfPage]:
    sec = Document(str(docx)).sections[0]
    top, bottom = sec.top_margin.pt, sec.bottom_margin.pt
    pages = []
    with pymupdf.open(pdf) as doc:
        for i, page in enumerate(doc):
            height = page.rect.height
            limit = height - bottom + 2
            lines, number = [], i + 1
            for block in page.get_text("dict")["blocks"]:
                for ln in block.get("lines", []):
                    text = _norm("".join(s["text"] for s in ln["spans"]))
                    if not text:
                        continue
                    y0, y1 = ln["bbox"][1], ln["bbox"][3]
                    if y0 >= limit - 2:
                        m = FOOTER.match(text)
                        number = int(m.group(1)) if m else number
                        continue
                    lines.append((y0, y1, text))
            lines.sort()
            tables = page.find_tables().tables
            rows = []
            for tb in sorted(tables, key=lambda t: t.bbox[1]):
                for r, texts in zip(tb.rows, tb.extract(), strict=True):
                    rows.append(([_norm(t) for t in texts], list(r.cells)))
            bottoms = [y1 for _y0, y1, _t in lines] + [tb.bbox[3] for tb in tables if tb.bbox[3] < limit]
            fill = (max(bottoms) - top) / (height - top - bottom) if bottoms else 0.0
            pages.append(PdfPage(number, lines, rows, tables, fill))
    return pages


# -- the detectors ------------------------------------------------------------------------------------


def _holds(lines: list[str], title: str) -> bool:
    return any("".join(lines[i:i + k]) == title for i in range(len(lines)) for k in (1, 2, 3))


def toc_problems(pages: list[PdfPage]) -> list[str]:
    """Every line of a 目录 ends with a page number, which is the printed page of that heading."""
    problems: list[str] = []
    at = next((i for i, p in enumerate(pages) if any(t == "目录" for _a, _b, t in p.lines)), None)
    if at is None:
        return problems
    entries: list[tuple[str, int]] = []
    last = at
    for i in range(at, len(pages)):
        texts = [t for _a, _b, t in pages[i].lines]
        if i > at and (not texts or (not TOC_LINE.match(texts[-1]) and not TOC_LINE.match(texts[0]))):
            break
        pending = ""
        for t in texts[texts.index("目录") + 1:] if i == at else texts:
            m = TOC_LINE.match(pending + t)
            if m:
                entries.append((m.group("title"), int(m.group("page"))))
                pending = ""
            else:
                pending += t
        if pending:
            problems.append(f"目录第{pages[i].number}页：“{pending[:40]}”没有页码")
        last = i
    if not entries:
        problems.append("目录没有页码")
    body = [[t for _a, _b, t in p.lines] for p in pages]
    start = last + 1
    for title, shown in entries:
        found = next((i for i in range(start, len(pages)) if _holds(body[i], title)), None)
        if found is None:
            problems.append(f"目录“{title}”：正文中找不到该标题")
            continue
        if pages[found].number != shown:
            problems.append(f"目录“{title}”：页码 {shown}，标题印在第 {pages[found].number} 页")
        start = found
    return problems


def _key(text: str) -> str:
    """A row's characters in sorted order: PyMuPDF's table text keeps a cell's characters but not
    always their order (a wrapped "2.75" reads "275.")."""
    return "".join(sorted(text))


def _row_keys(tables: list[DocTable]) -> tuple[set[str], dict[str, tuple[DocTable, int]]]:
    whole = {_key(r) for t in tables for r in t.rows if r}
    where = {_key(r): (t, i) for t in tables for i, r in enumerate(t.rows) if r}
    return whole, where


def split_row_problems(pages: list[PdfPage], tables: list[DocTable]) -> list[str]:
    """No row is cut by a page end: the last row of a page and the first row (after a repeated header)
    of the next are each a whole row of the document, never two parts of one."""
    whole, _where = _row_keys(tables)
    headers = {_key(t.rows[0]) for t in tables if t.header}
    problems = []
    for a, b in itertools.pairwise(pages):
        if not a.rows or not b.rows:
            continue
        bottom = "".join(a.rows[-1][0])
        top_rows = [r for r in b.rows if _key("".join(r[0])) not in headers]
        if not top_rows or not bottom:
            continue
        top = "".join(top_rows[0][0])
        if _key(bottom) in whole or _key(top) in whole:
            continue
        if _key(bottom + top) in whole:
            problems.append(f"第{a.number}–{b.number}页：表格行“{(bottom + top)[:30]}”跨页断开")
    return problems


def header_problems(pages: list[PdfPage], tables: list[DocTable]) -> list[str]:
    """A table with a header row that continues on a new page starts that page with its header."""
    _whole, where = _row_keys(tables)
    problems = []
    for p in pages[1:]:
        if not p.rows or not p.lines:
            continue
        first_table_top = min(tb.bbox[1] for tb in p.tables)
        if p.lines[0][0] < first_table_top - 1:  # text before the first table: the table starts here
            continue
        text = _key("".join(p.rows[0][0]))
        hit = where.get(text)
        if hit is None:  # the first row is the rest of a split row: look at the next whole one
            hit = next((where[k] for k in (_key("".join(r[0])) for r in p.rows[1:]) if k in where), None)
        if hit is None:
            continue
        table, index = hit
        if table.header and index >= table.header and text != _key(table.rows[0]):
            problems.append(f"第{p.number}页：表格“{table.rows[0][:20]}”续页没有重复表头")
    return problems


def sparse_page_problems(pages: list[PdfPage], heads: list[str]) -> list[str]:
    """No page under a fifth full, except the cover, the last page, and the last page of a part
    ending at a hard page break that holds two lines or more."""
    problems = []
    starts = {i for i, p in enumerate(pages) if any("".join(t for _a, _b, t in p.lines).startswith(h) for h in heads)}
    for i, p in enumerate(pages):
        if i == 0 or i == len(pages) - 1 or p.fill >= MIN_FILL:
            continue
        if i + 1 in starts and len(p.lines) >= 2:
            continue
        problems.append(f"第{p.number}页只用了版心的 {p.fill:.0%}（{len(p.lines)} 行）")
    return problems


def wrapped_total_problems(pages: list[PdfPage], pdf: Path) -> list[str]:
    """The values of a 合计/总分 row are each printed on one line."""
    problems = []
    with pymupdf.open(pdf) as doc:
        for p_index, p in enumerate(pages):
            for texts, boxes in p.rows:
                label = next((t for t in texts if t), "")
                if not TOTAL.match(label):
                    continue
                for text, box in zip(texts, boxes, strict=False):
                    if not text or text == label or box is None or len(text) > 16:
                        continue
                    words = doc[p_index].get_text("words", clip=pymupdf.Rect(box))
                    lines = {round(w[3]) for w in words if _norm(w[4])}
                    if len(lines) > 1:
                        problems.append(f"第{p.number}页：{label}“{text}”折成 {len(lines)} 行")
    return problems


# -- the documents: samples, samples without optional fields, hand-made defects ------------------------


def without_optional(data: Any, model: Any) -> Any:
    """``data`` with every field its model does not require removed (recursively)."""
    origin = typing.get_origin(model)
    if origin in (list, tuple) and isinstance(data, list):
        (inner, *_rest) = typing.get_args(model) or (Any,)
        return [without_optional(x, inner) for x in data]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        models = [a for a in typing.get_args(model) if isinstance(a, type) and issubclass(a, BaseModel)]
        return without_optional(data, models[0]) if models else data
    if isinstance(model, type) and issubclass(model, BaseModel) and isinstance(data, dict):
        return {k: without_optional(v, model.model_fields[k].annotation) for k, v in data.items()
                if k in model.model_fields and model.model_fields[k].is_required()}
    return data


def bare_samples(out: Path) -> list[tuple[str, Path]]:
    """The passing samples with every optional field removed, generated into ``out``."""
    made = []
    for name in PASSING:
        data = sample_data(name)
        scheme, level = data["application"]["scheme"], data["application"].get("level")
        g = generate(without_optional(data, Factory), out / f"{name}-bare", scheme=scheme, level=level)
        made.append((f"{name}-bare", g.folder))
    return made


def _para(doc, text: str, *, size: float = 12, bold: bool = False):
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.bold = bold
    r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    return p


def _table(doc, rows: list[list[str]], widths: list[float], *, bold_first: bool = False, header: bool = False, cant_split: bool = False):
    t = doc.add_table(rows=0, cols=len(widths))
    t.style = doc.styles["Table Grid"]
    for ri, cells in enumerate(rows):
        row = t.add_row()
        trpr = row._tr.get_or_add_trPr()
        for tag, on in (("w:cantSplit", cant_split), ("w:tblHeader", header and ri == 0)):
            if on:
                trpr.append(OxmlElement(tag))
        for c, text in enumerate(cells):
            cell = row.cells[c]
            cell.width = Cm(widths[c])
            r = cell.paragraphs[0].add_run(text)
            r.bold = bold_first and ri == 0
    for col, w in zip(t.columns, widths, strict=True):
        col.width = Cm(w)
    return t


def bad_documents(out: Path) -> dict[str, Path]:
    """Small documents each with one defect the detectors must find."""
    out.mkdir(parents=True, exist_ok=True)
    made = {}

    doc = Document()  # a 目录 without page numbers
    _para(doc, "目录", size=16)
    for h in ("第一章", "第二章"):
        _para(doc, h)
    for h in ("第一章", "第二章"):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(doc, h, size=16, bold=True)
        _para(doc, "正文。" * 200)
    made["toc"] = out / "bad-toc.docx"

    doc.save(str(made["toc"]))
    doc = Document()  # a row split across pages
    for _ in range(15):
        _para(doc, "前文。" * 10)
    _table(doc, [["甲", "乙"], ["长行", "很长的单元格内容。" * 100]], [3, 12])
    made["split"] = out / "bad-split.docx"
    doc.save(str(made["split"]))

    doc = Document()  # a table continuing without its header (bold first row, no w:tblHeader)
    _table(doc, [["序号", "名称", "得分"], *[[str(i), f"第{i}项", "1"] for i in range(1, 90)]], [2, 9, 3], bold_first=True, cant_split=True)
    made["header"] = out / "bad-header.docx"
    doc.save(str(made["header"]))

    doc = Document()  # a page holding one line between two full ones
    _para(doc, "第一部分。" * 400)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "孤零零的一行。")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "第三部分。" * 400)
    made["sparse"] = out / "bad-sparse.docx"
    doc.save(str(made["sparse"]))

    doc = Document()  # a total too long for its cell
    _table(doc, [["项目", "得分"], ["甲", "1"], ["合计", "12345.678/100.00"]], [10, 1.2], cant_split=True)
    made["total"] = out / "bad-total.docx"
    doc.save(str(made["total"]))
    return made


@dataclass(frozen=True)
class Rendered:
    name: str
    docx: Path
    pdf: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, list[Rendered]]:
    """Every generated form and every hand-made bad document, converted once per test session."""
    assert find_soffice(), "LibreOffice (soffice) is required for these tests"

    def build(shared: Path) -> dict[str, list[tuple[str, str, str]]]:
        flat = shared / "docx"
        flat.mkdir(exist_ok=True)
        forms = []
        packages = [(p.sample, p.folder) for p in generate_all(shared / "packages")] + bare_samples(shared / "bare")
        for sample, folder in packages:
            for d in sorted(folder.glob("*.docx")):
                target = flat / f"{sample}__{d.name}"
                shutil.copyfile(d, target)
                forms.append(target)
        bad = bad_documents(shared / "bad")
        pdfs = convert_all([*forms, *bad.values()], outdir=shared / "pdf").pdfs
        by_stem = {p.stem: p for p in pdfs}
        return {
            "forms": [(d.stem, str(d), str(by_stem[d.stem])) for d in forms],
            "bad": [(k, str(d), str(by_stem[d.stem])) for k, d in bad.items()],
        }

    data = once_per_session(tmp_path_factory, "lingtan-render-layout", build)
    return {k: [Rendered(n, Path(d), Path(p)) for n, d, p in v] for k, v in data.items()}


@pytest.fixture(scope="module")
def forms(rendered) -> list[tuple[Rendered, list[PdfPage]]]:
    return [(r, read_pdf(r.pdf, r.docx)) for r in rendered["forms"]]


def _bad(rendered, kind: str) -> tuple[Rendered, list[PdfPage]]:
    r = next(x for x in rendered["bad"] if x.name == kind)
    return r, read_pdf(r.pdf, r.docx)


def _all(forms, check) -> list[str]:
    return [f"{r.name}：{m}" for r, pages in forms for m in check(r, pages)]


# -- the generated forms ------------------------------------------------------------------------------


def test_every_sample_and_every_bare_sample_is_rendered(rendered):
    names = {r.name.split("__")[0] for r in rendered["forms"]}
    assert {*PASSING, *(f"{n}-bare" for n in PASSING)} <= names
    assert len(rendered["forms"]) >= 50


def test_every_toc_has_the_page_of_each_heading(forms):
    with_toc = [(r, pages) for r, pages in forms if any(t == "目录" for p in pages for _a, _b, t in p.lines)]
    assert len(with_toc) >= 3  # the jiangsu 申报书 of each jiangsu sample
    problems = _all(with_toc, lambda r, pages: toc_problems(pages))
    assert not problems, "\n".join(problems)


def test_no_table_row_is_split_across_pages(forms):
    problems = _all(forms, lambda r, pages: split_row_problems(pages, doc_tables(r.docx)))
    assert not problems, "\n".join(problems)


def test_tables_that_continue_on_a_new_page_repeat_their_header(forms):
    problems = _all(forms, lambda r, pages: header_problems(pages, doc_tables(r.docx)))
    continued = sum(1 for r, pages in forms for p in pages[1:] if p.rows and p.lines and p.lines[0][0] >= min(t.bbox[1] for t in p.tables) - 1)
    assert continued >= 5  # the check saw tables continuing on new pages
    assert not problems, "\n".join(problems)


def test_no_page_is_under_a_fifth_full(forms):
    problems = _all(forms, lambda r, pages: sparse_page_problems(pages, part_heads(r.docx)))
    assert not problems, "\n".join(problems)


def test_no_total_wraps(forms):
    totals = sum(1 for _r, pages in forms for p in pages for texts, _b in p.rows if TOTAL.match(next((t for t in texts if t), "")))
    assert totals >= 10
    problems = _all(forms, lambda r, pages: wrapped_total_problems(pages, r.pdf))
    assert not problems, "\n".join(problems)


# -- each detector finds its defect ---------------------------------------------------------------------


def test_a_toc_without_page_numbers_is_found(rendered):
    _r, pages = _bad(rendered, "toc")
    problems = toc_problems(pages)
    assert any("没有页码" in m for m in problems), problems


def test_a_toc_with_a_wrong_page_number_is_found():
    line = lambda y, t: (y, y + 10, t)  # noqa: E731
    pages = [PdfPage(1, [line(100, "目录"), line(120, "第一章......2"), line(140, "第二章......2")], [], [], 1.0),
             PdfPage(2, [line(100, "第一章")], [], [], 1.0), PdfPage(3, [line(100, "第二章")], [], [], 1.0)]
    assert toc_problems(pages) == ["目录“第二章”：页码 2，标题印在第 3 页"]


def test_a_row_split_across_pages_is_found(rendered):
    r, pages = _bad(rendered, "split")
    assert split_row_problems(pages, doc_tables(r.docx)), [p.rows for p in pages]


def test_a_table_continuing_without_its_header_is_found(rendered):
    r, pages = _bad(rendered, "header")
    assert len(pages) >= 2
    assert header_problems(pages, doc_tables(r.docx))


def test_a_page_holding_one_line_is_found(rendered):
    r, pages = _bad(rendered, "sparse")
    problems = sparse_page_problems(pages, part_heads(r.docx))
    assert any("（1 行）" in m for m in problems), problems


def test_a_wrapped_total_is_found(rendered):
    r, pages = _bad(rendered, "total")
    assert wrapped_total_problems(pages, r.pdf)


def test_the_bare_sample_keeps_only_what_the_model_requires():
    data = without_optional(sample_data("zhejiang"), Factory)
    assert "narratives" not in data and "honours" not in data and "phone" not in data["enterprise"]["contact"]
    assert data["years"] and all("year" in y for y in data["years"])
    Factory.model_validate(data)
    assert yaml.safe_dump(data, allow_unicode=True)
    assert SAMPLES.is_dir()
