"""Page numbers in a form's 目录 (TOC field), computed once by LibreOffice and written into the .docx.

A TOC field's *result* (the entries between its ``separate`` and ``end`` marks) is what Word, WPS
and LibreOffice show until someone updates the field; only a layout engine knows the pages. So:

1. every entry gets a tab and a two-digit placeholder (the TOC styles have a right tab stop with a
   dot leader at the text width), so the layout measured is the layout delivered;
2. LibreOffice converts that document to PDF once (headless, :func:`lingtan.generator.pdf.convert_all`);
3. the page of each heading is read from the PDF (PyMuPDF: the first text block, after the 目录,
   whose text is the heading's), and the placeholders are replaced by those numbers;
4. ``w:updateFields`` is removed from the settings, so Word no longer asks to update on opening.

Without LibreOffice (or when it fails) the document is delivered as rendered (Word asks to update
the fields on opening) and :func:`fill_page_numbers` returns a note for the generate summary.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library, no stubs

from lingtan.common.errors import LingtanError, PdfConversionError
from lingtan.common.i18n import _

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = f"{{{W}}}"
PLACEHOLDER = "00"
#: seconds LibreOffice may take to lay one document out before generation goes on without the numbers
LAYOUT_TIMEOUT = 180
_WS = re.compile(r"\s+")
#: page numbers found per document layout (document.xml + styles.xml), within one process
_CACHE: dict[str, list[int]] = {}


def _norm(text: str) -> str:
    return _WS.sub("", text)


def has_toc(data: bytes) -> bool:
    """Whether the .docx holds a TOC field."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"TOC \\" in z.read("word/document.xml")


def _paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_Q + "t"))


def toc_entries(root: etree._Element) -> list[etree._Element]:
    """The paragraphs of the TOC field's result that hold an entry (a heading's text)."""
    out: list[etree._Element] = []
    inside = False
    for p in root.iter(_Q + "p"):
        kinds = [fc.get(_Q + "fldCharType") for fc in p.iter(_Q + "fldChar")]
        instr = "".join(i.text or "" for i in p.iter(_Q + "instrText"))
        if "begin" in kinds and "TOC" in instr:
            inside = True
            continue
        if inside and "end" in kinds:
            return out
        if inside and _norm(_paragraph_text(p)):
            out.append(p)
    return []  # no end mark: not a field this module can fill


def _number_run(p: etree._Element) -> etree._Element:
    """The entry's page-number run (the run after its tab), added with the placeholder when missing."""
    runs = p.findall(_Q + "r")
    for i, r in enumerate(runs[:-1]):
        if r.find(_Q + "tab") is not None and runs[i + 1].find(_Q + "t") is not None:
            return runs[i + 1]
    rpr = runs[-1].find(_Q + "rPr") if runs else None
    for child in ("tab", "t"):
        r = etree.SubElement(p, _Q + "r")
        if rpr is not None:
            r.append(etree.fromstring(etree.tostring(rpr)))
        el = etree.SubElement(r, _Q + child)
        if child == "t":
            el.text = PLACEHOLDER
    return r


def _rewrite(data: bytes, numbers: list[str] | None) -> tuple[bytes, list[str]]:
    """The .docx with every TOC entry ending in a tab and a number (``numbers``, or the placeholder),
    and the entries' texts; with numbers, ``w:updateFields`` is dropped from the settings."""
    src = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    entries = toc_entries(root)
    titles = []
    for i, p in enumerate(entries):
        run = _number_run(p)
        text = run.find(_Q + "t")
        text.text = numbers[i] if numbers is not None else PLACEHOLDER
        titles.append(_norm(_paragraph_text(p))[: -len(text.text)])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "word/settings.xml" and numbers is not None:
                settings = etree.fromstring(body)
                for el in settings.findall(_Q + "updateFields"):
                    settings.remove(el)
                body = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, body)
    return buf.getvalue(), titles


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines, whitespace removed, empty lines dropped."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return [[n for n in map(_norm, page.get_text("text").splitlines()) if n] for page in doc]


def _holds(lines: list[str], title: str) -> bool:
    """Whether the page prints ``title`` as a paragraph of its own (on up to three lines)."""
    return any("".join(lines[i : i + k]) == title for i in range(len(lines)) for k in (1, 2, 3))


def heading_pages(pdf: Path, titles: list[str]) -> list[int]:
    """The printed page (1-based) of each heading, in order: the first page after the 目录 that prints
    the heading as a paragraph of its own. Raises when a heading is not found."""
    pages = page_lines(pdf)
    start = 0
    for i, lines in enumerate(pages):  # the 目录 ends on the last page holding an entry line ("…… 12")
        if any(ln.startswith(t) and ln != t and ln[-1].isdigit() for ln in lines for t in titles[:1]):
            start = i + 1
    found: list[int] = []
    at = start
    for title in titles:
        page = next((i for i in range(at, len(pages)) if _holds(pages[i], title)), None)
        if page is None:
            raise PdfConversionError(_("正文中未找到标题“{title}”").format(title=title))
        found.append(page + 1)
        at = page
    return found


def _layout_key(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return hashlib.sha256(z.read("word/document.xml") + z.read("word/styles.xml")).hexdigest()


def fill_page_numbers(data: bytes, form_name: str) -> tuple[bytes, str | None]:
    """The .docx with its 目录 page numbers filled in (LibreOffice lays it out once), and a note for the
    generate summary when they could not be (no LibreOffice, a conversion failure): then the document
    is returned as it was, and Word updates the field on opening."""
    if not has_toc(data):
        return data, None
    from . import pdf

    if os.environ.get("LINGTAN_TOC_PAGES") == "0":  # the layout run switched off (tests without LibreOffice work)
        return data, _("目录页码：已按设置（LINGTAN_TOC_PAGES=0）不计算，《{form}》目录中的页码待更新（用 Word/WPS 打开时选择更新域）").format(form=form_name)
    placed, titles = _rewrite(data, None)
    key = _layout_key(placed)
    if key not in _CACHE:
        if pdf.find_soffice() is None:
            return data, _("目录页码：未找到 LibreOffice，《{form}》目录中的页码待更新（用 Word/WPS 打开时选择更新域，或全选后按 F9）").format(form=form_name)
        try:
            with tempfile.TemporaryDirectory(prefix="lingtan-toc-") as tmp:
                docx = Path(tmp) / "toc.docx"
                docx.write_bytes(placed)
                made = pdf.convert_all([docx], outdir=Path(tmp), timeout=LAYOUT_TIMEOUT).pdfs[0]
                _CACHE[key] = heading_pages(made, titles)
        except (LingtanError, OSError) as exc:  # no room for the temporary copy, LibreOffice failed or hung
            return data, _("目录页码：《{form}》目录中的页码未能计算（{exc}），页码待更新（用 Word/WPS 打开时选择更新域）").format(form=form_name, exc=exc)
    filled, _titles = _rewrite(data, [str(n) for n in _CACHE[key]])
    return filled, None
