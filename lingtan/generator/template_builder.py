"""Build the .docx form templates from their reviewable sources.

Each form template ``schemes/<scheme>/templates/<form>.docx`` is compiled from
``schemes/<scheme>/templates/<form>.yaml`` (``templates/_common/`` for the scheme-independent ones): a list of blocks that transcribes the
source form (labels, rows, columns, checkbox items, in the source's order and
wording) with docxtpl/Jinja placeholders where the data goes. The .docx is what
lingtan renders at run time; the YAML exists so that a change to a form is a
readable diff. ``python -m lingtan.generator.template_builder`` rebuilds every
template; a test checks the committed .docx files are current.

Block kinds (see docs/templates.md for the full reference)::

    {attachment: 附件2}            left-aligned 黑体 attachment label
    {title: …} / {subtitle: …}     centred title / subtitle
    {h1: …} / {h2: …}              headings (listed in the table of contents)
    {p: …, align:, bold:, indent:} body paragraph; one paragraph per line
    {narrative: key}               narrative text, with a visible draft marker when drafted
    {table: {widths:, header_rows:, rows: […]}}
    {if: expr, blocks: […]} / {for: "x in xs", blocks: […]}
    {toc: 目录}                    table of contents field, prefilled from the headings
    {page_break: true} / {blank: n}

Inline markup inside text: ``[[expr]]`` is a checkbox (☑ when expr is true,
□ otherwise) drawn in a symbol font; ``**text**`` is bold.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from pydantic import BaseModel, ConfigDict, field_validator

from lingtan.common.dataload import load_bundled
from lingtan.common.errors import TemplateSourceError
from lingtan.common.i18n import _

from .typography import PRESETS, SYMBOL_FONT, Preset, TextStyle, apply_style, set_run_fonts, strip_theme_fonts


class FormSource(BaseModel):
    """A form source's top level (its blocks are checked block by block while building)."""

    model_config = ConfigDict(extra="forbid")

    form: str
    preset: str = "standard"
    orientation: Literal["portrait", "landscape"] = "portrait"
    blocks: list[Any]

    @field_validator("preset")
    @classmethod
    def _preset(cls, v: str) -> str:
        if v not in PRESETS:
            raise ValueError(_("未知的排版预设 {v!r}（可选：{choices}）").format(v=v, choices='、'.join(PRESETS)))
        return v

INLINE = re.compile(r"(\[\[.+?\]\]|\*\*.+?\*\*)")
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
STYLE_NAMES = {
    "body": "Normal", "h1": "Heading 1", "h2": "Heading 2", "title": "Title",
    "table": "表格文字", "toc1": "目录 1", "toc2": "目录 2", "draft": "草稿提示",
}
CELL_MARGIN_TWIPS = 57  # 0.1 cm
DRAFT_MARK = "【草稿：本段由申报工具根据填报数据自动生成，请核实修改后删除本提示】"



class _Builder:
    def __init__(self, spec: dict[str, Any], where: str) -> None:
        self.spec = spec
        self.where = where
        self.preset: Preset = PRESETS[spec.get("preset", "standard")]
        self.doc = Document()
        self.headings: list[tuple[int, str, list[tuple[str, str]]]] = []
        self._setup()

    # -- document set-up ---------------------------------------------------------------
    def _setup(self) -> None:
        doc, pr = self.doc, self.preset
        sec = doc.sections[0]
        landscape = self.spec.get("orientation") == "landscape"
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))  # A4
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Cm(m) for m in pr.margins)
        styles = doc.styles
        strip_theme_fonts(styles.element)
        # docDefaults: explicit fonts so nothing falls back to the theme.
        rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        set_run_fonts(_RprHolder(rpr_default), pr.body.font)
        apply_style(styles["Normal"], pr.body)
        for key, ts in (("h1", pr.h1), ("h2", pr.h2), ("title", pr.title)):
            st = styles[STYLE_NAMES[key]]
            apply_style(st, ts)
            st.font.color.rgb = RGBColor(0, 0, 0)
            st.font.italic = False
            _plain(st.element)  # python-docx's Title has a blue bottom border (its theme's accent)
        for key, ts in (("table", pr.table), ("toc1", pr.body), ("toc2", pr.body), ("draft", pr.table)):
            st = styles.add_style(STYLE_NAMES[key], WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            apply_style(st, TextStyle(ts.font, ts.size, bold=key == "draft", line_exact=ts.line_exact if key.startswith("toc") else None))
        styles[STYLE_NAMES["toc2"]].paragraph_format.left_indent = Pt(pr.body.size * 2)
        for key in ("toc1", "toc2"):  # the page number (generator/toc_pages.py) right-aligned after a dot leader
            styles[STYLE_NAMES[key]].paragraph_format.tab_stops.add_tab_stop(Cm(self.text_width_cm()), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        # Table text is left-aligned: justified text in a narrow cell spreads its characters apart.
        styles[STYLE_NAMES["table"]].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        styles[STYLE_NAMES["draft"]].font.color.rgb = RGBColor(0xC0, 0, 0)
        strip_theme_fonts(styles.element)
        if self.spec.get("page_numbers", True):
            self._footer_page_number()

    def text_width_cm(self) -> float:
        """The width between the margins (版心宽度) in cm."""
        sec = self.doc.sections[0]
        return ((sec.page_width or 0) - (sec.left_margin or 0) - (sec.right_margin or 0)) / 360000

    def _footer_page_number(self) -> None:
        p = self.doc.sections[0].footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, "— ")
        _field(p, "PAGE", "1", self)
        self._run(p, " —")

    # -- runs and paragraphs -------------------------------------------------------------
    def _run(self, p, text: str, bold: bool | None = None, symbol: bool = False):
        r = p.add_run(text)
        if symbol:
            set_run_fonts(r._r, SYMBOL_FONT, latin=SYMBOL_FONT)
        else:
            set_run_fonts(r._r, self._font_of(p))
        if bold:
            r.bold = True
        return r

    def _font_of(self, p) -> str:
        name = p.style.name if p.style is not None else "Normal"
        pr = self.preset
        fonts = {"Heading 1": pr.h1.font, "Heading 2": pr.h2.font, "Title": pr.title.font, "表格文字": pr.table.font, "草稿提示": pr.table.font}
        return fonts.get(name, pr.body.font)

    def _fill(self, p, text: str, bold: bool = False) -> None:
        for part in INLINE.split(text):
            if not part:
                continue
            if part.startswith("[[") and part.endswith("]]"):
                self._run(p, "{{ box(" + part[2:-2].strip() + ") }}", symbol=True)
            elif part.startswith("**") and part.endswith("**"):
                self._run(p, part[2:-2], bold=True)
            else:
                self._run(p, part, bold=bold or None)

    def _para(self, container, text: str, style: str = "body", *, align: str | None = None, bold: bool = False, indent: bool | None = None, first: Any = None):
        p = first if first is not None else container.add_paragraph()
        p.style = self.doc.styles[STYLE_NAMES[style]]
        if align:
            p.alignment = ALIGN[align]
        if indent is False or (style == "table" and indent is None):
            p.paragraph_format.first_line_indent = Pt(0)
        self._fill(p, text, bold=bold)
        if style != "table" and text.rstrip().endswith("："):  # a lead-in ("…证明材料：") keeps with what it introduces
            p.paragraph_format.keep_with_next = True
        return p

    def _lines(self, container, text: str, style: str, *, first: Any = None, **kw) -> None:
        for i, line in enumerate(str(text).split("\n")):
            tag = line.strip()
            if tag.startswith("{%p") or tag.startswith("{%tr"):
                p = first if (i == 0 and first is not None) else container.add_paragraph()
                p.add_run(tag)
                continue
            self._para(container, line, style, first=first if i == 0 else None, **kw)

    # -- blocks --------------------------------------------------------------------------
    def blocks(self, container, blocks: list, wrappers: list[tuple[str, str]], style: str = "body") -> None:
        for i, b in enumerate(blocks):
            where = _("{where} 第 {n} 块").format(where=self.where, n=i + 1)
            if isinstance(b, str):
                b = {"p": b}
            if not isinstance(b, dict) or not b:
                raise TemplateSourceError(_("{where}：应为映射（如 {{p: 文字}}），实际为 {b!r}").format(where=where, b=b))
            kind = next(iter(b))
            handler = getattr(self, f"_b_{kind}", None)
            if handler is None:
                raise TemplateSourceError(_("{where}：未知的块类型 {kind!r}").format(where=where, kind=kind))
            handler(container, b, wrappers, style, where)

    def _b_p(self, c, b, w, style, where):
        self._lines(c, b["p"], style, align=b.get("align"), bold=b.get("bold", False), indent=b.get("indent"))

    def _b_attachment(self, c, b, w, style, where):
        p = c.add_paragraph(style=self.doc.styles[STYLE_NAMES["h1"]])
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.outline_level = 9  # not a TOC heading
        _set_outline_body(p)
        self._run(p, b["attachment"])

    def _b_title(self, c, b, w, style, where):
        self._lines(c, b["title"], "title")

    def _b_subtitle(self, c, b, w, style, where):
        self._lines(c, b["subtitle"], "body", align="center", indent=False)

    def _heading(self, c, text: str, level: int, w) -> None:
        self.headings.append((level, text, list(w)))
        self._para(c, text, f"h{level}")

    def _b_h1(self, c, b, w, style, where):
        self._heading(c, b["h1"], 1, w)

    def _b_h2(self, c, b, w, style, where):
        self._heading(c, b["h2"], 2, w)

    def _b_narrative(self, c, b, w, style, where):
        key = b["narrative"]
        tag = f"narr[{key!r}]"
        self._lines(c, "{%p if " + tag + ".draft %}", style)
        self._para(c, DRAFT_MARK, "draft", indent=False)
        self._lines(c, "{%p endif %}", style)
        self._para(c, "{{ " + tag + ".text }}", style)

    def _b_blank(self, c, b, w, style, where):
        for _blank in range(int(b["blank"])):
            c.add_paragraph(style=self.doc.styles[STYLE_NAMES[style]])

    def _b_page_break(self, c, b, w, style, where):
        p = c.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)

    def _wrapped(self, c, b, w, style, where, kind: str):
        expr = b[kind]
        inner = b.get("blocks")
        if not isinstance(inner, list):
            raise TemplateSourceError(_("{where}：{kind} 块需要 blocks 列表").format(where=where, kind=kind))
        self._lines(c, "{%p " + kind + " " + expr + " %}", style)
        self.blocks(c, inner, [*w, (kind, expr)], style)
        self._lines(c, "{%p end" + kind + " %}", style)

    def _b_if(self, c, b, w, style, where):
        self._wrapped(c, b, w, style, where, "if")

    def _b_for(self, c, b, w, style, where):
        self._wrapped(c, b, w, style, where, "for")

    def _b_toc(self, c, b, w, style, where):
        self._toc_at = (c, c.add_paragraph(), b["toc"])

    def _b_table(self, c, b, w, style, where):
        spec = b["table"]
        rows = spec["rows"]
        widths = [float(x) for x in spec["widths"]]
        ncols = len(widths)
        room = self.text_width_cm()
        if sum(widths) > room + 0.005:
            raise TemplateSourceError(
                _("{where}：表格列宽合计 {total:.2f} cm 超出版心宽度 {room:.2f} cm（页宽减左右页边距），请调整 widths")
                    .format(where=where, total=sum(widths), room=room)
            )
        table = c.add_table(rows=0, cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header_rows = int(spec.get("header_rows", 0))
        pending_vmerge: list[tuple[int, int, int]] = []  # (row, col, rowspan)
        for ri, row in enumerate(rows):
            rwhere = _("{where} 表格第 {n} 行").format(where=where, n=ri + 1)
            if isinstance(row, dict) and ("for" in row or "if" in row):
                kind = "for" if "for" in row else "if"
                self._tag_row(table, ncols, "{%tr " + kind + " " + row[kind] + " %}")
                self._row(table, row["cells"], widths, rwhere, bold=False, vm=pending_vmerge)
                self._tag_row(table, ncols, "{%tr end" + kind + " %}")
                continue
            if isinstance(row, dict):
                raise TemplateSourceError(_("{where}：行应为单元格列表，或带 for/if 与 cells 的映射").format(where=rwhere))
            self._row(table, row, widths, rwhere, bold=ri < header_rows, vm=pending_vmerge, header=ri < header_rows)
        for r, col, span in pending_vmerge:
            table.cell(r, col).merge(table.cell(r + span - 1, col))
        _fixed_grid(table, widths)
        c.add_paragraph(style=self.doc.styles[STYLE_NAMES["table"]]) if spec.get("space_after", True) else None

    def _tag_row(self, table, ncols: int, tag: str) -> None:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(tag)

    def _row(self, table, cells: list, widths: list[float], where: str, *, bold: bool, vm: list, header: bool = False) -> None:
        row = table.add_row()
        trpr = row._tr.get_or_add_trPr()
        for tag, wanted in (("w:cantSplit", True), ("w:tblHeader", header)):  # a row never splits across pages; header rows repeat
            if wanted:
                el = OxmlElement(tag)
                el.set(qn("w:val"), "true")
                trpr.append(el)
        col = 0
        for cell in cells:
            if col >= len(widths):
                raise TemplateSourceError(_("{where}：单元格数超过列数 {count}").format(where=where, count=len(widths)))
            if not isinstance(cell, dict):
                cell = {"text": "" if cell is None else str(cell)}
            span = int(cell.get("span", 1))
            target = row.cells[col]
            if span > 1:
                target = target.merge(row.cells[col + span - 1])
            target.width = Cm(sum(widths[col : col + span]))
            first = target.paragraphs[0]
            if "blocks" in cell:
                first._p.getparent().remove(first._p)
                self.blocks(target, cell["blocks"], [], "table")
            else:
                align = cell.get("align", "center" if header else None)
                self._lines(target, cell.get("text", ""), "table", first=first, align=align, bold=bool(cell.get("bold", bold)))
            if int(cell.get("rowspan", 1)) > 1:
                vm.append((len(table.rows) - 1, col, int(cell["rowspan"])))
            col += span
        for i, wdt in enumerate(widths):
            row.cells[i].width = Cm(wdt)

    # -- table of contents ---------------------------------------------------------------
    def finish_toc(self) -> None:
        if not hasattr(self, "_toc_at"):
            return
        _at, anchor, title = self._toc_at
        p_title = anchor
        p_title.style = self.doc.styles[STYLE_NAMES["title"]]
        self._run(p_title, title)
        _set_outline_body(p_title)
        entries: list = []
        begin = self.doc.add_paragraph(style=self.doc.styles[STYLE_NAMES["toc1"]])
        _fld_char(begin, "begin")
        r = begin.add_run()
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = ' TOC \\o "1-2" \\h \\z \\u '
        r._r.append(instr)
        _fld_char(begin, "separate")
        entries.append(begin)
        for level, text, wrappers in self.headings:
            for kind, expr in wrappers:
                entries.append(self._tag_para("{%p " + kind + " " + expr + " %}"))
            e = self.doc.add_paragraph(style=self.doc.styles[STYLE_NAMES[f"toc{level}"]])
            e.paragraph_format.first_line_indent = Pt(0)
            self._fill(e, text)
            entries.append(e)
            for kind, _wrapper in reversed(wrappers):
                entries.append(self._tag_para("{%p end" + kind + " %}"))
        end = self.doc.add_paragraph(style=self.doc.styles[STYLE_NAMES["toc1"]])
        _fld_char(end, "end")
        entries.append(end)
        brk = self.doc.add_paragraph()
        brk.add_run().add_break(WD_BREAK.PAGE)
        entries.append(brk)
        # move the entries (appended at the end of the body) to right after the title
        at = p_title._p
        for e in entries:
            at.addnext(e._p)
            at = e._p
        # Word updates the TOC field on opening unless generation wrote its page numbers (generator/toc_pages.py drops this).
        settings = self.doc.settings.element
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)

    def _tag_para(self, tag: str):
        p = self.doc.add_paragraph()
        p.add_run(tag)
        return p


def _plain(style_el) -> None:
    """Drop a style's paragraph borders and shading (kept black on white, as the sources print)."""
    ppr = style_el.find(qn("w:pPr"))
    for tag in ("w:pBdr", "w:shd"):
        el = ppr.find(qn(tag)) if ppr is not None else None
        if el is not None:
            ppr.remove(el)


def _fixed_grid(table, widths: list[float]) -> None:
    """Grid columns (``w:gridCol``, which LibreOffice and WPS lay out by) equal to the cells' widths
    (``w:tcW``, which Word uses), a table width that is their sum, and a fixed layout, so that every
    program draws the columns the source prescribes."""
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol")))))
    cols = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    for tr in table._tbl.tr_lst:  # every cell (merged ones too) as wide as the grid columns it spans
        at = 0
        for tc in tr.tc_lst:
            tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(sum(cols[at : at + tc.grid_span])))
            tc.tcPr.tcW.set(qn("w:type"), "dxa")
            at += tc.grid_span
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")  # 0.1 cm each side: narrow columns keep two characters a line
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    look = tblpr.find(qn("w:tblLook"))  # the schema's order: … tblLayout, tblCellMar, tblLook
    for el in (layout, margins):
        if look is not None:
            look.addprevious(el)
        else:
            tblpr.append(el)


class _RprHolder:
    """Adapter giving docDefaults/rPrDefault the ``get_or_add_rPr`` interface."""

    def __init__(self, el) -> None:
        self.el = el

    def get_or_add_rPr(self):
        rpr = self.el.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            self.el.append(rpr)
        return rpr


def _set_outline_body(p) -> None:
    ppr = p._p.get_or_add_pPr()
    ol = OxmlElement("w:outlineLvl")
    ol.set(qn("w:val"), "9")
    ppr.append(ol)


def _fld_char(p, kind: str) -> None:
    r = p.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    r._r.append(fc)


def _field(p, code: str, shown: str, builder: _Builder) -> None:
    _fld_char(p, "begin")
    r = p.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    r._r.append(instr)
    _fld_char(p, "separate")
    builder._run(p, shown)
    _fld_char(p, "end")


def build(source: Path, target: Path | None = None) -> Path:
    """Compile one form source (.yaml) into its .docx template; returns the .docx path."""
    spec = load_bundled(source, FormSource, what="表单模板源文件").model_dump()
    b = _Builder(spec, str(source))
    b.blocks(b.doc, spec["blocks"], [])
    b.finish_toc()
    _breaks_before(b.doc)
    target = target or source.with_suffix(".docx")
    _fonts_everywhere(b)
    _normalise_core(b.doc)
    b.doc.save(str(target))
    return target


def _is_break(p) -> bool:
    """A paragraph holding nothing but a page break."""
    brs = [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    return bool(brs) and not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()


def _is_empty(p) -> bool:
    """A paragraph with no text and nothing else in its runs (no break, field mark, tab or picture)."""
    marks = {qn("w:rPr"), qn("w:t")}
    return (p.tag == qn("w:p") and not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
            and all(child.tag in marks for r in p.iter(qn("w:r")) for child in r))


def _breaks_before(doc) -> None:
    """A page break followed by a paragraph becomes that paragraph's ``w:pageBreakBefore``, and the
    empty paragraphs just before it go: a paragraph holding only a break, pushed onto a new page by a
    full page, would leave that page blank (Word and LibreOffice both). Breaks before a table or a
    template tag stay as they are."""
    body = doc.element.body
    for p in [el for el in body if el.tag == qn("w:p") and _is_break(el)]:
        nxt = p.getnext()
        text = "".join(t.text or "" for t in nxt.iter(qn("w:t"))) if nxt is not None else ""
        if nxt is None or nxt.tag != qn("w:p") or text.lstrip().startswith("{%"):
            continue
        prev = p.getprevious()
        while prev is not None and _is_empty(prev) and prev.getprevious() is not None:
            gone, prev = prev, prev.getprevious()
            body.remove(gone)
        body.remove(p)
        ppr = nxt.get_or_add_pPr()
        el = OxmlElement("w:pageBreakBefore")
        ppr.insert_element_before(el, *_AFTER_PAGE_BREAK_BEFORE)


#: the pPr children that come after ``w:pageBreakBefore`` in the schema's order
_AFTER_PAGE_BREAK_BEFORE = tuple("w:" + t for t in (
    "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))


def _fonts_everywhere(b: _Builder) -> None:
    """Runs made without text styling (breaks, fields, tags) still name an eastAsia font."""
    roots = [b.doc.element.body, b.doc.sections[0].footer._element]
    for root in roots:
        for r in root.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            rf = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if rf is None or rf.get(qn("w:eastAsia")) is None:
                set_run_fonts(r, b.preset.body.font)


def _normalise_core(doc) -> None:
    """Fixed core properties so rebuilding an unchanged source gives identical XML."""
    import datetime as _dt

    cp = doc.core_properties
    cp.author = "lingtan"
    cp.last_modified_by = "lingtan"
    cp.created = cp.modified = _dt.datetime(2025, 1, 1)
    cp.revision = 1
    cp.title = ""


def main(argv: list[str] | None = None) -> int:
    """Rebuild every template (or the given sources)."""
    from .templates import template_sources

    args = argv if argv is not None else sys.argv[1:]
    paths = [Path(a) for a in args] or template_sources()
    for src in paths:
        out = build(src)
        print(f"{src} → {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
