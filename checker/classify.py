"""Classify: which document type each file (or page range of a combined file) is.

Scores every type of ``evidence_specs/doc_types.yaml`` on a page range's text:
its title near the top of the first page (exact, or fuzzy for OCR'd text),
the share of its keywords in the body, required phrases, and hints in the file
name or bookmark title. The best type wins; its confidence reflects the score
and the margin over the runner-up. The phrases that matched are kept on the
result (``Document.evidence``).

Combined PDFs are split by their bookmarks when they have them; otherwise each
page is scored and a page whose title clearly names a *different* type starts
a new document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from assessment.errors import SchemeDefinitionError

from .doctypes import DOC_TYPES
from .model import Document, ExtractedFile
from .specs import specs_root

HEAD_CHARS = 220  # a title is looked for in the first characters of the first page
STRONG_TITLE = 0.85  # a page title this strong starts a new document in a combined PDF
LOW_CONFIDENCE = 0.45
UNCLASSIFIED = 0.22
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC (full-width → half-width), no whitespace, lower-case Latin."""
    return _WS.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class TypeRule:
    id: str
    titles: tuple[str, ...]
    keywords: tuple[str, ...]
    require_any: tuple[str, ...]
    filename: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> tuple[TypeRule, ...]:
    """The recognition rules of every document type (validated against the vocabulary)."""
    path = specs_root() / "doc_types.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemeDefinitionError(f"无法读取文件类型识别规则 {path}：{exc}") from exc
    out = []
    for tid, r in data.items():
        if tid not in DOC_TYPES:
            raise SchemeDefinitionError(f"{path}：未知的文件类型 {tid}")
        out.append(TypeRule(
            tid, tuple(norm(str(t)) for t in r.get("titles", [])), tuple(norm(str(k)) for k in r.get("keywords", [])),
            tuple(norm(str(k)) for k in r.get("require_any", [])), tuple(norm(str(k)) for k in r.get("filename", [])),
        ))
    return tuple(out)


@dataclass
class Score:
    type: str
    total: float
    title: float
    evidence: list[str]


def _title_score(rule: TypeRule, head: str, ocr: bool) -> tuple[float, str | None]:
    best, hit = 0.0, None
    for t in rule.titles:
        weight = 0.7 + 0.3 * min(len(t), 10) / 10  # longer, more specific titles win ties
        if t in head:
            s = weight
        elif ocr and len(t) >= 4:
            r = fuzz.partial_ratio(t, head)
            s = weight * (r - 80) / 20 if r >= 88 else 0.0
        else:
            s = 0.0
        if s > best:
            best, hit = s, t
    return best, hit


def score_text(text: str, name_hint: str = "", *, ocr: bool = False) -> list[Score]:
    """Every type's score for one text, best first."""
    body = norm(text)
    head = body[:HEAD_CHARS]
    hint = norm(name_hint)
    out = []
    for rule in rules():
        ev: list[str] = []
        title, hit = _title_score(rule, head, ocr)
        if hit:
            ev.append(f"标题“{hit}”")
        kws = [k for k in rule.keywords if k in body]
        kw = min(1.0, len(kws) / max(1, min(4, len(rule.keywords)))) if rule.keywords else 0.0
        if kws:
            ev.append("关键词：" + "、".join(kws[:6]))
        fn = [k for k in rule.filename if k and k in hint]
        if fn:
            ev.append(f"文件名/书签含“{fn[0]}”")
        total = 0.55 * title + 0.33 * kw + 0.12 * (1.0 if fn else 0.0)
        if fn and title == 0.0:
            total += 0.2  # a file named for what it is counts when its title was not read (OCR, photo)
        if rule.require_any and not any(k in body or k in hint for k in rule.require_any):
            total *= 0.3
        out.append(Score(rule.id, total, title, ev))
    out.sort(key=lambda s: s.total, reverse=True)
    return out


def _decide(scores: list[Score]) -> tuple[str, float, list[str]]:
    best = scores[0]
    second = scores[1].total if len(scores) > 1 else 0.0
    if best.total < UNCLASSIFIED:
        return "other", round(best.total, 3), best.evidence or ["没有匹配任何文件类型的标题或关键词"]
    conf = min(1.0, best.total + 0.5 * (best.total - second))
    return best.type, round(conf, 3), best.evidence


def _ranges_from_toc(ex: ExtractedFile) -> list[tuple[int, int, str]]:
    n = len(ex.pages)
    top = [(p, t) for lvl, t, p in ex.toc if lvl == 1 and 1 <= p <= n]
    if len(top) < 1:
        return []
    top.sort()
    out = []
    for i, (p, t) in enumerate(top):
        end = top[i + 1][0] - 1 if i + 1 < len(top) else n
        if end >= p:
            out.append((p, end, t))
    if out and out[0][0] > 1:
        out.insert(0, (1, out[0][0] - 1, ""))
    return out


def _ranges_by_page(ex: ExtractedFile, name: str) -> list[tuple[int, int, str]]:
    """Split where a page's title clearly names another type than the running document."""
    ranges: list[list[Any]] = []
    current: str | None = None
    for p in ex.pages:
        scores = score_text(p.text, "", ocr=p.ocr)
        strong = next((s for s in scores if s.title >= STRONG_TITLE and s.total >= 0.5), None)
        if not ranges:
            ranges.append([p.number, p.number])
            current = strong.type if strong else None
            continue
        if strong is not None and current is not None and strong.type != current:
            ranges.append([p.number, p.number])
            current = strong.type
        else:
            ranges[-1][1] = p.number
            if current is None and strong is not None:
                current = strong.type
    return [(a, b, "") for a, b in ranges]


def classify(ex: ExtractedFile) -> list[Document]:
    """The documents in one extracted file (one, or several for a combined PDF)."""
    name = Path(ex.source.display).stem
    if not ex.pages:
        return []
    ranges = _ranges_from_toc(ex) or (_ranges_by_page(ex, name) if len(ex.pages) > 1 else [(1, 1, "")])
    docs = []
    for first, last, bookmark in ranges:
        pages = ex.pages[first - 1 : last]
        text = "\n".join(p.text for p in pages)
        ocr = any(p.ocr for p in pages)
        hint = bookmark or (name if len(ranges) == 1 else "")
        # the title is on the first page of the range: score the head of that page first
        scores = score_text(text, hint, ocr=ocr)
        typ, conf, ev = _decide(scores)
        if bookmark:
            ev = [f"书签“{bookmark}”"] + ev
        seal = None
        if any(p.red_seal is not None for p in pages):
            seal = any(bool(p.red_seal) for p in pages)
        docs.append(Document(
            path=ex.source.display, pages=(first, last), type=typ, confidence=conf, ocr=ocr, evidence=ev,
            red_seal=seal, sha256=ex.sha256,
        ))
    return docs
