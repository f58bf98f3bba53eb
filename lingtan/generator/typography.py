"""Chinese typography for python-docx documents.

python-docx only sets ``w:ascii``/``w:hAnsi`` fonts, and Word's default styles
name *theme* fonts (``w:asciiTheme`` …) that override explicit names. Chinese
text is drawn with the ``w:eastAsia`` font, so every style and run gets an
explicit eastAsia font and the theme attributes are removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.shared import Pt

LATIN_FONT = "Times New Roman"
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
#: Font for the ☑ / □ glyphs: ships with Windows 7+ and holds both; WPS falls back to its symbol font.
SYMBOL_FONT = "Segoe UI Symbol"

# 字号 → points (GB/T 9704 usage): 2号 22pt, 3号 16pt, 4号 14pt, 小4 12pt, 5号 10.5pt.
SIZE = {"二号": 22, "小二": 18, "三号": 16, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}


@dataclass(frozen=True)
class TextStyle:
    """One paragraph style of a preset: east-Asian font, size (pt), bold, line spacing."""

    font: str
    size: float
    bold: bool = False
    line_exact: float | None = None  # fixed line spacing in pt
    align: str | None = None  # center / right / justify
    first_line_chars: int = 0  # first-line indent in characters
    space_before: float = 0
    space_after: float = 0


@dataclass(frozen=True)
class Preset:
    """A typography preset: the styles a form template uses and its page margins (cm)."""

    name: str
    body: TextStyle
    h1: TextStyle
    h2: TextStyle
    title: TextStyle
    table: TextStyle
    margins: tuple[float, float, float, float]  # top, bottom, left, right


PRESETS: dict[str, Preset] = {
    # 000 附件3 填报说明4: 一级标题3号黑体，二级标题3号楷体加粗，正文3号仿宋，固定行距29磅, A4.
    "official": Preset(
        name="official",
        body=TextStyle("仿宋", SIZE["三号"], line_exact=29, align="justify", first_line_chars=2),
        h1=TextStyle("黑体", SIZE["三号"], line_exact=29, first_line_chars=2),
        h2=TextStyle("楷体", SIZE["三号"], bold=True, line_exact=29, first_line_chars=2),
        title=TextStyle("黑体", SIZE["二号"], align="center", space_before=12, space_after=12),
        table=TextStyle("仿宋", SIZE["小四"]),
        margins=(3.7, 3.5, 2.8, 2.6),
    ),
    # Forms without a format rule in their source: 仿宋 4号 body, 宋体 5号 tables.
    "standard": Preset(
        name="standard",
        body=TextStyle("仿宋", SIZE["四号"], line_exact=26, align="justify", first_line_chars=2),
        h1=TextStyle("黑体", SIZE["四号"], line_exact=26),
        h2=TextStyle("楷体", SIZE["四号"], bold=True, line_exact=26),
        title=TextStyle("黑体", SIZE["小二"], align="center", space_before=6, space_after=12),
        table=TextStyle("宋体", SIZE["五号"]),
        margins=(2.5, 2.5, 2.5, 2.5),
    ),
}


def set_run_fonts(rpr_parent, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Give an rPr-holding element (run, style) explicit fonts and drop theme fonts."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def strip_theme_fonts(root) -> int:
    """Remove every ``*Theme`` font attribute under ``root`` (styles part, docDefaults …)."""
    n = 0
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            if rfonts.attrib.pop(qn(attr), None) is not None:
                n += 1
    return n


def apply_style(style, ts: TextStyle) -> None:
    """Apply a TextStyle to a python-docx paragraph style."""
    style.font.size = Pt(ts.size)
    style.font.bold = ts.bold
    style.font.name = LATIN_FONT
    set_run_fonts(style.element, ts.font)
    pf = style.paragraph_format
    if ts.line_exact:
        from docx.enum.text import WD_LINE_SPACING

        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(ts.line_exact)
    else:
        pf.line_spacing = 1.0
    pf.space_before = Pt(ts.space_before)
    pf.space_after = Pt(ts.space_after)
    if ts.first_line_chars:
        pf.first_line_indent = Pt(ts.size * ts.first_line_chars)
    if ts.align:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        pf.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[ts.align]
