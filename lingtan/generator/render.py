"""Render one form template with docxtpl, safely, and prove nothing was lost.

docxtpl renders with autoescape *off* by default, and then re-parses the XML
with a recovering parser that silently drops text after a bare ``&`` or
``<``. Here every value is escaped (autoescape on), ``{``/``}`` in values are
written as character references (so docxtpl's ``{_{`` → ``{{`` rewrite cannot
touch data), and after rendering the document is read back: every data value
the template printed must be found in the text, or the form and field are named.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from lingtan.common.errors import RenderCheckError, TemplateRenderError
from lingtan.common.i18n import _

from .sanitize import Tracked

_WS = re.compile(r"\s+")




@dataclass
class Rendered:
    form_id: str
    data: bytes
    printed: list[Tracked] = field(default_factory=list)


@lru_cache(maxsize=64)
def _template_bytes(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def _environment(printed: list[Tracked]) -> jinja2.Environment:
    def finalize(v: Any) -> Any:
        if v is None:
            return ""
        if isinstance(v, Markup):
            return v
        if isinstance(v, Tracked):
            printed.append(v)
        s = escape(str(v))
        return Markup(str(s).replace("{", "&#123;").replace("}", "&#125;"))

    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=finalize)


def render(template: Path, ctx: dict[str, Any], form_id: str, form_name: str) -> Rendered:
    """Render ``template`` with ``ctx``; returns the .docx bytes and the data values printed."""
    printed: list[Tracked] = []
    tpl = DocxTemplate(io.BytesIO(_template_bytes(str(template), template.stat().st_mtime)))
    try:
        tpl.render(ctx, jinja_env=_environment(printed), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateRenderError(_("表单《{form_name}》（{name}）引用了不存在的数据：{message}")
            .format(form_name=form_name, name=template.name, message=exc.message)) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(_("表单《{form_name}》（{name}）模板语法错误（第 {lineno} 行附近）：{message}")
            .format(form_name=form_name, name=template.name, lineno=exc.lineno, message=exc.message)) from exc
    except (TypeError, ValueError, KeyError) as exc:
        raise TemplateRenderError(_("表单《{form_name}》（{name}）渲染失败：{error}: {exc}")
            .format(form_name=form_name, name=template.name, error=type(exc).__name__, exc=exc)) from exc
    _no_blank_page_after_tables(tpl.docx.element.body)
    buf = io.BytesIO()
    tpl.save(buf)
    out = Rendered(form_id=form_id, data=buf.getvalue(), printed=printed)
    verify(out, form_name)
    return out


def _no_blank_page_after_tables(body: Any) -> None:
    """An empty paragraph between a table and a paragraph that starts a new page goes: when the table
    ends at the foot of a page, that paragraph alone would fill the next page, left blank (the template's
    spacer after a table; a table may be followed directly by a paragraph in Word and LibreOffice)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for p in list(body.iter(f"{w}p")):
        if p.getparent() is not body or p.find(f"{w}pPr/{w}pageBreakBefore") is None:
            continue
        prev = p.getprevious()
        empties = []
        while prev is not None and prev.tag == f"{w}p" and not "".join(prev.itertext()).strip() \
                and prev.find(f".//{w}br") is None and prev.find(f".//{w}drawing") is None and prev.find(f"{w}pPr/{w}sectPr") is None:
            empties.append(prev)
            prev = prev.getprevious()
        if prev is not None and prev.tag == f"{w}tbl":
            for e in empties:
                body.remove(e)


def document_text(data: bytes) -> str:
    """All text of a .docx (body, tables, headers, footers), line breaks as newlines."""
    doc = Document(io.BytesIO(data))
    parts: list[str] = []
    roots = [doc.element.body]
    for sec in doc.sections:
        for hf in (sec.header, sec.footer):
            if not hf.is_linked_to_previous:
                roots.append(hf._element)
    t, br, tab, p = qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:p")
    for root in roots:
        for el in root.iter(t, br, tab, p):
            if el.tag == t:
                parts.append(el.text or "")
            elif el.tag == br:
                parts.append("\n")
            elif el.tag == tab:
                parts.append("\t")
            else:
                parts.append("\n")
    return "".join(parts)


def verify(r: Rendered, form_name: str) -> None:
    """Every data value the template printed is in the document (whitespace-insensitive)."""
    text = _WS.sub("", document_text(r.data))
    missing = []
    seen: set[str] = set()
    for v in r.printed:
        needle = _WS.sub("", str(v))
        if not needle or needle in seen:
            continue
        seen.add(needle)
        if needle not in text:
            missing.append(f"{v.path}：{str(v)[:60]!r}")
    if missing:
        raise RenderCheckError(_("表单《{form_name}》生成后回读核对失败：以下数据未完整写入文档").format(form_name=form_name), problems=missing)
