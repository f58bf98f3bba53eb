"""What a document holds besides its own type: the parts of a combined document.

Some sources list two things as one item — jiangsu 附件1-3 第7项 "设立负责零碳（近零碳）工厂建设的
管理机构、制定的建设规划等相关资料" — and an enterprise may put both in one PDF (领导小组文件 followed
by 建设规划, numbered as one file). Such a document has one type but holds a second: its headings
name it. A heading is a title-like line (short, without sentence punctuation) that carries a title
phrase of another type. Only documents the applicant writes itself (``own`` in doc_types.yaml)
and that are not application forms (``form``) are looked into, and only for other ``own``
types: a form names every material in its headings, a certificate holds no second document.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from .doctypes import doc_types
from .extract import FileReader
from .model import Document
from .text import norm

_SENTENCE = re.compile(r"[，。；,;]")
MAX_HEADING = 30  # characters of a heading line
MAX_PAGES = 12  # pages of a document whose pages are looked at for parts


def _container(type_id: str) -> bool:
    t = doc_types().get(type_id)
    return bool(t and t.own and not t.form)


@cache
def _titles_of_parts() -> dict[str, list[str]]:
    """The title phrases (normalised, 4 characters or more) of every type that may be a part of another."""
    return {tid: [norm(t) for t in td.titles if len(norm(t)) >= 4] for tid, td in doc_types().items() if _container(tid)}


def _headings(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and len(ln.strip()) <= MAX_HEADING and not _SENTENCE.search(ln)]


def find_parts(d: Document, reader: FileReader) -> list[tuple[str, int, str]]:
    """(type, page, heading) of each other type whose heading shows inside ``d``, first page first.

    Pages without a text layer are looked at through their head strip (OCR of the page's top,
    cached by the reader), so a scanned bundle is split in the same way."""
    if not _container(d.type) or d.pages[1] - d.pages[0] + 1 > MAX_PAGES:
        return []
    wanted = {tid: titles for tid, titles in _titles_of_parts().items() if tid != d.type}
    found: dict[str, tuple[str, int, str]] = {}
    for n in range(d.pages[0], d.pages[1] + 1):
        page = reader.ef.pages[n - 1]
        text = page.text
        if page.pending and n > d.pages[0]:
            text = (text + "\n" + reader.strip(n, "head")) if page.partial else reader.strip(n, "head")
        heads = _headings(text)
        # a heading wrapped over two lines ("…零碳工厂建" / "设规划（2024—2027年）") is read joined too
        lines = [(line, norm(line)) for line in [*heads, *(a + b for a, b in pairwise(heads))]]
        every = "\n".join(flat for _, flat in lines)  # no title holds a line break: a title in it is in one of the lines
        hits = []  # (line, order of the type, type, heading): the first line showing each type not yet found
        for order, (tid, titles) in enumerate(wanted.items()):
            if tid not in found and any(t in every for t in titles):
                k, line = next((k, line) for k, (line, flat) in enumerate(lines) if any(t in flat for t in titles))
                hits.append((k, order, tid, line))
        for _k, _order, tid, line in sorted(hits):
            found[tid] = (tid, n, line)
    return sorted(found.values(), key=lambda p: p[1])
