"""Document properties of the generated files: the enterprise as author and company, the form as
title, the generation time as created and modified (never the template's "python-docx" or its
2025-01-01). The .docx's ``docProps/core.xml`` is written anew and ``<Company>`` of
``docProps/app.xml`` set; every other part of the file is copied as it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from xml.sax.saxutils import escape

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_CORE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>"
    "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
)


def _xml(text: str) -> str:
    return escape(_XML_UNSAFE.sub("", text))


def utc_stamp(when: datetime) -> str:
    """``when`` (naive: local time) as UTC in W3CDTF, ``2026-03-15T01:30:00Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def docx_properties(data: bytes, enterprise: str, title: str, when: datetime) -> bytes:
    """The .docx ``data`` with its properties naming ``enterprise`` (author, last modified by,
    company), ``title`` and ``when`` (created and modified)."""
    core = _CORE.format(title=_xml(title), subject=_xml(enterprise), author=_xml(enterprise), when=utc_stamp(when))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        company = f"<Company>{_xml(enterprise)}</Company>"
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = core.encode("utf-8")
            elif info.filename == "docProps/app.xml":
                text = re.sub(r"<Company\s*/>|<Company>.*?</Company>", lambda _m: company, body.decode("utf-8"), count=1, flags=re.S)
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def pdf_metadata(data: bytes, enterprise: str, title: str, when: datetime) -> bytes:
    """The PDF ``data`` with its metadata naming ``enterprise`` (author), ``title`` and ``when``."""
    import pymupdf

    stamp = "D:" + when.astimezone(UTC).strftime("%Y%m%d%H%M%S") + "Z"
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        meta = dict(doc.metadata or {})
        meta.update(author=enterprise, title=title, subject=enterprise, creator="lingtan",
                    creationDate=stamp, modDate=stamp)
        doc.set_metadata({k: v for k, v in meta.items() if k in (
            "author", "title", "subject", "creator", "producer", "keywords", "creationDate", "modDate")})
        return doc.tobytes(garbage=0, deflate=True)
