"""Segmentation: where the documents of a compiled bundle (资料汇编) start, page by page.

``classify._ranges_by_page`` splits a file without bookmarks at title lines in Chinese, page numbers
and holder/number blocks. A bundle binds certificates and reports of any language one after the
other, often with no page numbers; the rules here add what the page itself says (:func:`start_reason`):

* **type change** — the page, classified on its own (its text, or its head strip when it is still
  to be OCRed), is sure of a type other than the running document's and carries that type's title
  at its top: an English certificate after a Chinese report, an ISO 45001 after an ISO 14001;
* **another certificate of the same type** — same type and title, but the certificate or report
  number at the top differs from the one the running document began with (an expired and a
  current ISO 14001 certificate one after the other); a page that repeats its document's number in
  a running header continues it;
* **page numbers with totals** — "第1页/共3页", "Page 1 of 3" restart a document; the page after
  "第3页/共3页" starts the next one;
* **a table of contents** (目录, :func:`contents_starts`) — its entries with page numbers are
  where documents start.

A continuation page (no title, the same type or none) joins the document before it. Pure
functions of page texts: classification scores come in as :class:`PageLook` records, so this module
imports nothing of ``classify``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lingtan.common.i18n import _

from .doctypes import type_name
from .text import norm

SURE = 0.6  # the page's own type must be at least this sure (classify.SURE)
STRONG_TITLE = 0.85  # a title this strong (classify's score: a specific title in a title line) with another number starts a document

_PAGE_OF = [
    re.compile(r"第\s*(\d{1,3})\s*页\s*[/／，,、]?\s*[(（]?\s*共\s*(\d{1,3})\s*页"),  # 第1页/共3页, 第 1 页（共 3 页）
    re.compile(r"(?i)\bpage\s*(\d{1,3})\s*(?:of|/)\s*(\d{1,3})\b"),  # Page 1 of 3
    re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{1,3})\s*$"),  # 1/3
]

#: a certificate's or report's number near the top of its first page (the value is compared, not the label)
_NUMBER = re.compile(
    r"(?:证书编号|证书号|注册号|报告编号|声明编号|核查声明编号|认证证书号|certificate\s*(?:no|number)|registration\s*(?:no|number)"
    r"|statement\s*(?:no|number)|report\s*(?:no|number))\s*\.?\s*[:：]?\s*([a-z0-9][a-z0-9\-/]{3,})", re.I)

#: a 目录 entry: its title, dots or spaces, its page number at the end of the line
_ENTRY = re.compile(r"^\s*(?:[0-9一二三四五六七八九十]+[、.．\s]\s*)?(.{2,60}?)[\s.…·．\-—_]{2,}\s*(\d{1,3})\s*$")
_CONTENTS = {"目录", "目次", "contents", "tableofcontents"}


@dataclass(frozen=True)
class PageLook:
    """What one page says of itself: its own best type and confidence, how strongly its top names that
    type (``title``, classify's title score) and the certificate or report number at its top."""

    type: str
    confidence: float
    title: float
    number: str | None = None


def page_of(text: str) -> tuple[int, int] | None:
    """(page, pages) of a page number printed with its total ("第1页/共3页", "Page 1 of 3", "1/3"), looked
    for in the last and the first three lines (a foot or a head), else None."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in [*reversed(lines[-3:]), *lines[:3]]:
        for rx in _PAGE_OF:
            m = rx.search(line)
            if m and 1 <= int(m.group(1)) <= int(m.group(2)):
                return int(m.group(1)), int(m.group(2))
    return None


def doc_number(head: str) -> str | None:
    """The certificate or report number at the top of a page (``证书编号：…``, ``Certificate No.: …``), upper-case."""
    m = _NUMBER.search(" ".join(ln.strip() for ln in head.splitlines()[:12]))
    return m.group(1).upper() if m else None


def start_reason(page: PageLook, first: PageLook | None, running: str) -> str:
    """Why a page starts a new document, from what it says of itself ("" when it continues the one before).

    ``first`` is what the running document's first page said of itself, ``running`` its type."""
    if page.title >= STRONG_TITLE and page.number and first is not None and first.number and page.number != first.number:
        return _("页首有标题，编号 {number} 与本文件首页的 {first} 不同").format(number=page.number, first=first.number)
    if page.type == "other" or page.confidence < SURE or page.title <= 0:
        return ""  # no type of its own, or not named at its top: a continuation page
    if page.type != running:
        return _("此页自身为{type}（页首有其标题）").format(type=type_name(page.type))
    return ""


def contents_starts(pages: list[str]) -> dict[int, str]:
    """Page → the entry title of a 目录 (table of contents) among the first three pages: where its
    documents start. The entries' numbers are taken as the file's pages, or as counted after the
    目录's page when that puts more entries' titles on the pages they point to (pages without text
    are no evidence either way); a 目录 of fewer than two entries, or whose numbers do not rise, says nothing."""
    for i, text in enumerate(pages[:3]):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if not any(norm(ln) in _CONTENTS for ln in lines[:4]):
            continue
        entries = [(m.group(1).strip(), int(m.group(2))) for ln in lines if (m := _ENTRY.match(ln))]
        numbers = [n for _t, n in entries]
        if len(entries) < 2 or numbers != sorted(numbers) or len(set(numbers)) < len(numbers):
            continue
        toc_page = i + 1
        best: tuple[int, int] | None = None
        for offset in (0, toc_page):
            targets = [n + offset for n in numbers]
            if targets[0] <= toc_page or targets[-1] > len(pages):
                continue
            hits = sum(1 for (title, _n), p in zip(entries, targets, strict=True) if norm(title)[:6] in norm(pages[p - 1]))
            if best is None or hits > best[1]:
                best = (offset, hits)
        if best is None:
            continue
        return {n + best[0]: title for title, n in entries}
    return {}
