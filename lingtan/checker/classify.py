"""Classify: where the documents of a file start, and which document type each one is.

Scores every type of ``evidence_specs/doc_types.yaml`` on a page range's text:
its title near the top of the first page (exact, or fuzzy for OCR'd text),
the share of its keywords in the body, required phrases, and hints in the file
name or bookmark title. The best type wins; its confidence reflects the score
and the margin over the runner-up. The phrases that matched are kept on the
result (``Document.evidence``).

Combined PDFs are split by their bookmarks when they have them; otherwise page
by page (:func:`_ranges_by_page`): page numbers say "continued", and title lines
at the top of a page (a title naming another type, page number 1 under a title,
a title over a holder or number block) start a new document. Given a
:class:`~lingtan.checker.extract.FileReader`, pages without a text layer are OCRed only
as far as these decisions need: strips for page numbers and titles, and the
first page of each document from the top until its type is sure and the checks
have what they need (:func:`first_look`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise
from pathlib import Path

from rapidfuzz import fuzz

from lingtan.common.i18n import _

from .doctypes import doc_types
from .extract import FileReader, OcrPolicy
from .model import Document, ExtractedFile, PageText
from .needs import Needs
from .segment import PageLook, contents_starts, doc_number, page_of, start_reason
from .text import fold, norm, normalise

HEAD_CHARS = 220  # a title is looked for in the first characters of the first page
SURE = 0.6  # a document whose type is decided with less confidence gets more of its pages read
STRONG_TITLE = 0.85  # a title score this high (a specific title in a title line) settles the type of a first page
UNCLASSIFIED = 0.22
TITLED = 0.5  # a page still to be OCRed whose head names a type this strongly is read from the top (segmentation)


@dataclass(frozen=True)
class TypeRule:
    id: str
    titles: tuple[str, ...]
    keywords: tuple[str, ...]
    require_any: tuple[str, ...]
    filename: tuple[str, ...]
    own: bool = False  # the applicant writes it itself (see doc_types.yaml)


@cache
def rules() -> tuple[TypeRule, ...]:
    """The recognition rules of every recognisable document type (``doc_types.yaml``), normalised."""
    return tuple(
        TypeRule(tid, tuple(norm(t) for t in d.titles), tuple(norm(k) for k in d.keywords),
                 tuple(norm(k) for k in d.require_any), tuple(norm(k) for k in d.filename), d.own)
        for tid, d in doc_types().items() if d.recognisable
    )


#: phrases by the rarest of their characters (among all phrases): (phrase, its next rarest character, the
#: positions in :func:`rules` of the rules that have it)
_Index = dict[str, list[tuple[str, str, frozenset[int]]]]


def _by_phrase(phrases: Callable[[TypeRule], tuple[str, ...]]) -> _Index:
    """Each distinct (non-empty) phrase of the rules, filed under its rarest character: a text without
    that character and the next rarest cannot hold the phrase, and most texts lack one or the other."""
    where: dict[str, set[int]] = {}
    for i, rule in enumerate(rules()):
        for k in phrases(rule):
            if k:
                where.setdefault(k, set()).add(i)
    freq = Counter(c for k in where for c in set(k))
    out: _Index = {}
    for k, rule_ids in where.items():
        rare = sorted(set(k), key=lambda c: (freq[c], c))
        out.setdefault(rare[0], []).append((k, rare[1] if len(rare) > 1 else rare[0], frozenset(rule_ids)))
    return out


@cache
def _phrase_index() -> tuple[_Index, _Index, _Index]:
    """(titles, keywords, file-name hints) of all rules, each phrase once: a text is searched for every
    phrase once, and only the rules whose phrases it holds are looked at one by one (:func:`score_text`)."""
    return (_by_phrase(lambda r: r.titles), _by_phrase(lambda r: r.keywords), _by_phrase(lambda r: r.filename))


def _rules_with(index: _Index, text: str, chars: set[str] | None = None) -> set[int]:
    """The positions of the rules having a phrase of ``index`` that occurs in ``text`` (``chars``: the
    characters of ``text``, or more)."""
    chars = set(text) if chars is None else chars
    out: set[int] = set()
    for c in index.keys() & chars:
        for k, second, where in index[c]:
            if second in chars and k in text:
                out |= where
    return out


@dataclass
class Score:
    type: str
    total: float
    title: float
    evidence: list[str]


def _title_score(rule: TypeRule, head: str, titles: str, ocr: bool) -> tuple[float, str | None]:
    """How strongly the head names the rule's type: a title in a title-like line (``titles``: the
    head's lines without sentence punctuation) counts fully, inside a sentence half; for OCRed text
    a near match in a title-like line (a misread character in a long title) counts in part."""
    best, hit = 0.0, None
    for t in rule.titles:
        weight = 0.7 + 0.3 * min(len(t), 10) / 10  # longer, more specific titles win ties
        if t in titles:
            s = weight
        elif t in head:
            s = 0.5 * weight  # "…获得省级及以上绿色工厂称号。": a word of a sentence, not a title
        elif ocr and len(t) >= 4:
            r = fuzz.partial_ratio(t, titles)
            s = weight * (r - 80) / 20 if r >= 88 else 0.0
        else:
            s = 0.0
        if s > best:
            best, hit = s, t
    return best, hit


def _titleish(text: str) -> str:
    """The first lines of a text that could be titles (no sentence punctuation), normalised and joined."""
    lines = islice((ln for ln in text.splitlines() if ln.strip()), 12)
    return "".join(t for ln in lines if not _BODY.search(ln) and len(t := norm(ln)) <= 60)[:HEAD_CHARS]


def score_text(text: str, name_hint: str = "", *, ocr: bool = False) -> list[Score]:
    """Every type's score for one text, best first."""
    body = fold(normalise(text))
    head = body[:HEAD_CHARS]
    titles = _titleish(text)
    hint = norm(name_hint)
    # Each phrase is looked for once; a rule none of whose titles, keywords or file-name hints occur scores 0
    # (fuzzy titles aside: OCRed text has every rule's titles compared).
    by_title, by_keyword, by_name = _phrase_index()
    chars = set(body)
    titled = _rules_with(by_title, titles) | _rules_with(by_title, head, chars)
    worded = _rules_with(by_keyword, body, chars)
    named = _rules_with(by_name, hint) if hint else set()
    out = []
    found = titled | worded | named
    for i, rule in enumerate(rules()):
        if not ocr and i not in found:
            out.append(Score(rule.id, 0.0, 0.0, []))  # what the lines below come to for it
            continue
        ev: list[str] = []
        title, hit = _title_score(rule, head, titles, ocr) if ocr or i in titled else (0.0, None)
        if hit:
            ev.append(f"标题“{hit}”")
        kws = [k for k in rule.keywords if k in body] if i in worded else []
        kw = min(1.0, len(kws) / max(1, min(4, len(rule.keywords)))) if rule.keywords else 0.0
        if kws:
            ev.append("关键词：" + "、".join(kws[:6]))
        fn = [k for k in rule.filename if k and k in hint] if i in named else []
        if fn:
            ev.append(f"文件名/书签含“{fn[0]}”")
        total = 0.55 * title + 0.33 * kw + 0.12 * (1.0 if fn else 0.0)
        if fn and title == 0.0:
            total += 0.2  # a file named for what it is counts when its title was not read (OCR, photo)
        if total and rule.require_any and not any(k in body or k in hint for k in rule.require_any):
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


# -- where documents start in a file without bookmarks ------------------------------------------

_PAGE_NO = [
    re.compile(r"第\s*(\d{1,3})\s*页"),                       # 第 3 页（共 9 页）
    re.compile(r"(?:^|\s)[-—–－]\s*(\d{1,3})\s*[-—–－]?\s*$"),  # — 3 —, - 3 -
    re.compile(r"(?i)page\s*(\d{1,3})"),
    re.compile(r"^\s*(\d{1,3})\s*/\s*\d{1,3}\s*$"),             # 3/9
]
_SKIP_LINE = re.compile(r"^(?:附件\s*[0-9０-９\-一二三四五六七八九十]*\s*[:：]?|.{0,20}[〔\[［(（]\s*20\d\d\s*[〕\]］)）]\s*\d+\s*号|"
                        r"(?:文件编号|证书编号|证书号|编号|文号|No\.?).*)$", re.I)
_ENUM_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．)]|第[一二三四五六七八九十\d]+[条章节])")
_SENTENCE = re.compile(r"[，。；：:,;]|\.?pdf$|\.pdf|\.?docx?$|\.?xlsx?$", re.I)
_ATTACHMENT_REF = re.compile(r"^附件\s*\d")  # "附件4 光伏电站实地照片.pdf": a list of attachments, not a title
_BODY = re.compile(r"[，。；]")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_LABEL_ROW = re.compile(r"^(?:企业名称|单位名称|公司名称|工厂名称|统一社会信用代码|法定代表人|企业地址|注册地址|地址|联系人|所属行业)")
_INNER_BRACKETS = re.compile(r"[(（][^()（）]{0,10}[)）]")
_TRAILING_BRACKETS = re.compile(r"[(（][^()（）]{0,20}[)）].{0,3}$")  # "(2024—2028年)", and OCR crumbs of a seal after it
_CLOSED = re.compile(r"[)）]$")
#: a line that starts a document's holder/number block: a label at the start of the line with its value
_IDENTITY_LINE = re.compile(
    r"^(?:(?:单位名称|企业名称|公司名称|工厂名称|受核查方(?:名称)?|委托方|持证单位|证书持有人|权利人|兹证明)[:：]?.{0,40}?"
    r"(?:公司|厂|中心|院|所|局)"
    r"|统一社会信用代码[:：]?[0-9a-z]{18}"
    r"|(?:证书编号|证书号|certificateno\.?|文件编号|报告编号|声明编号|编号)[:：]?[a-z0-9]"
    r"|.{0,16}[〔\[［(（【]20\d\d[〕\]］)）】]\d+号"
    r"|(?:填报日期|出具日期|发文日期)[:：]?20\d\d)", re.I)


def page_number(foot: str) -> int | None:
    """The page number printed in a page's foot (第3页, — 3 —, Page 3, 3/9), or None."""
    lines = [ln.strip() for ln in foot.splitlines() if ln.strip()]
    for line in reversed(lines[-3:]):
        for rx in _PAGE_NO:
            m = rx.search(line)
            if m:
                return int(m.group(1))
    return None


def title_lines(head: str, limit: int = 4) -> list[str]:
    """The lines at the top of a page that read like a title: 4–60 characters, not numbered (一、
    (1) 第一条), no punctuation, not a label row ("企业名称 ××公司"). Attachment labels, document
    numbers, label lines ("证书号 Certificate No.: …") and lines in Latin letters only
    (translations) are passed over; body text (a sentence, a long line) ends the search."""
    out: list[str] = []
    last_was_title = False
    for line in head.splitlines():
        t = norm(line)
        if not t or _SKIP_LINE.match(t) or not CJK_RE.search(t):
            continue
        if _BODY.search(line):
            break  # a sentence: the title lines, if any, are above it
        if _SENTENCE.search(line) or _LABEL_ROW.match(t) or _ATTACHMENT_REF.match(t):
            continue  # a label line or row, an attachment reference
        if len(t) > 60:
            break
        if len(t) < 4 and out and last_was_title:
            if not _CLOSED.search(out[-1]):
                out[-1] += t  # the tail of a wrapped title ("…产品碳足迹评价" / "报告")
            continue  # after "(2024—2027年)" the title is whole: a short line is seal text or a caption
        last_was_title = len(t) >= 4 and not _ENUM_START.match(t)
        if last_was_title:
            out.append(t)
            if len(out) >= limit:
                break
    return out


def _first_line(head: str) -> str:
    """The first line of a head that carries Chinese text (attachment labels and numbers passed over)."""
    for line in head.splitlines():
        t = norm(line)
        if t and not _SKIP_LINE.match(t) and CJK_RE.search(t):
            return t
    return ""


def _title_type(lines: list[str], ocr: bool) -> tuple[str | None, str]:
    """The document type the title lines name, and the title phrase.

    A line (or two lines together: a long title wraps) names a type when it ends with one of
    the type's titles ("江苏省零碳（近零碳）工厂申报书") or is mostly that title — not when the
    title is a word inside a longer line ("绿证交易、碳" in a table cell is no 绿证).
    """
    cands = lines + [a + b for a, b in pairwise(lines)]
    cands += [c2 for c in cands if (c2 := _INNER_BRACKETS.sub("", c)) != c]  # "…公司治理(esg)报告"
    best: tuple[int, str | None, str] = (0, None, "")
    by_title = _phrase_index()[0]
    for cand in cands:
        cand = _TRAILING_BRACKETS.sub("", cand.rstrip("。.:："))  # "…建设规划(2024—2028年)"
        named = None if ocr else _rules_with(by_title, cand)  # the types with a title in the line (OCR: fuzzy, every type)
        for i, rule in enumerate(rules()):
            if named is not None and i not in named:
                continue
            for t in rule.titles:
                if len(t) <= best[0]:
                    continue
                hit = cand.endswith(t) or (t in cand and 4 * len(t) >= 3 * len(cand))
                if not hit and ocr and len(t) >= 4:
                    tail = cand[-len(t) - 1 :]
                    hit = fuzz.ratio(t, tail[-len(t):]) >= 88 or fuzz.ratio(t, tail) >= 88
                if hit:
                    best = (len(t), rule.id, t)
    return best[1], best[2]


def _starts_document(head: str, numbered_one: bool, running: str | None, ocr: bool) -> tuple[bool, str]:
    """Whether a page starts a new document, from its head (and a page number 1), and why."""
    if _ENUM_START.match(_first_line(head)):
        return False, ""  # "一、企业基本情况": a section of the document before
    lines = title_lines(head)
    if not lines:
        return False, ""
    typ, hit = _title_type(lines, ocr)
    rows = [norm(line) for line in head.splitlines() if line.strip()]
    identity = any(_IDENTITY_LINE.match(a + b) for a, b in zip(rows, [*rows[1:], ""], strict=True))  # the value may be on the next line
    if typ is not None and typ != running:
        return True, f"页首标题“{hit}”"
    if numbered_one:
        return True, "页码为第1页"
    if identity and (typ is not None or len(lines[0]) >= 6):
        return True, f"页首标题“{hit or lines[0]}”及单位信息"
    return False, ""


def first_look(reader: FileReader, number: int, hint: str, needs: Needs | None) -> None:
    """Read a document's first page: line by line from the top, until its type is sure and the
    checks have what they need from it (``needs``); without ``needs``, the whole page."""
    if needs is None:
        reader.ocr(number)
        return

    def enough(text: str) -> bool:
        scores = score_text(text, hint, ocr=True)
        typ, conf, _ = _decide(scores)
        sure = conf >= SURE or (scores[0].title >= STRONG_TITLE and scores[0].type == typ)  # its title, in a title line
        return sure and needs.met_by(typ, text)

    reader.ocr(number, enough)


def _ranges_by_page(reader: FileReader, name: str, trace: list[str] | None = None,
                    needs: Needs | None = None) -> list[tuple[int, int, str]]:
    """Split a file without bookmarks where a new document starts.

    A page whose foot shows a page number above 1 continues the document before it (read from
    the foot strip alone when the page has no text layer; a "1" between two numbers that
    follow each other is taken for a misread). Otherwise the page's head decides: title lines
    naming another type, page number 1 under title lines, or a title with the holder/number
    block of a new document start one. Pages that start a document are then read whole.
    Returns (first, last, why the range starts there); ``trace`` collects every page's decision.
    """
    ef = reader.ef
    n = len(ef.pages)
    first_look(reader, 1, name, needs)
    running = _decide(score_text(ef.pages[0].text, name, ocr=ef.pages[0].ocr))[0]
    starts = [1]
    why = {1: ""}
    numbers: dict[int, int | None] = {}
    looks: dict[int, PageLook] = {}
    contents = contents_starts([p.text for p in ef.pages[:3]] + ["" for _p in ef.pages[3:]]) if n > 2 else {}

    def look(k: int, head: str) -> PageLook:
        """What page ``k`` says of itself (segment.py): its own type from its text (its head while it waits for OCR)."""
        if k not in looks:
            p = ef.pages[k - 1]
            text = p.text if not p.pending or p.ocr else head  # OCRed from the top (partial) counts as its text
            scores = score_text(text, "", ocr=p.ocr or p.pending)
            typ, conf, _ev = _decide(scores)
            title = next((sc.title for sc in scores if sc.type == typ), scores[0].title)  # "other": the best title still
            looks[k] = PageLook(typ, conf, title, doc_number(text))
        return looks[k]

    def own_start(k: int, head: str, local: bool) -> str:
        """segment.py's rules for page ``k``: a 目录 entry, a page after the last of "共N页", the page's own type;
        ``local``: its page number continues the running document (only a 目录 entry then starts one)."""
        if (t := doc_types().get(running)) is not None and t.form:
            return ""  # an application form names every material in its headings and 目录: it stays one document
        if k in contents:
            return _("目录中“{title}”从此页起").format(title=contents[k])
        if local:
            return ""
        before = page_of(reader.strip(k - 1, "foot")) if not ef.pages[k - 2].pending or ef.pages[k - 2].foot is not None else None
        if before is not None and before[0] == before[1] and k - starts[-1] >= before[1]:
            return _("上页为“第{page}页/共{pages}页”，前一文件到上页为止").format(page=before[0], pages=before[1])
        s = starts[-1]
        first = looks.get(s) or look(s, reader.strip(s, "head"))
        seen = look(k, head)
        if ef.pages[k - 1].pending and not ef.pages[k - 1].ocr and seen.title >= TITLED and not start_reason(seen, first, running):
            # a scan titled at its top ("Certificate of Registration") whose head does not say which one: read it from
            # the top until its type is sure (what a new document's first page gets anyway), then judge again
            first_look(reader, k, "", needs)
            looks.pop(k, None)
            seen = look(k, head)
        if seen.confidence >= SURE and seen.type != "other" and (first.confidence < SURE or first.type == "other") and ef.pages[s - 1].partial:
            # the running document's first page was read only as far as the file name's hint made its type sure: what
            # that page itself is decides whether this one is another document
            reader.ocr(s)
            looks.pop(s, None)
            first = look(s, reader.strip(s, "head"))
        return start_reason(seen, first, first.type if first.confidence >= SURE and first.type != "other" else running)

    def number(k: int) -> int | None:
        if k not in numbers:
            numbers[k] = page_number(reader.strip(k, "foot")) if 1 <= k <= n else None
        return numbers[k]

    def trusted(k: int) -> int | None:
        """The page number of page ``k``, None for a "1" its neighbours show to be misread."""
        num = number(k)
        return None if num == 1 and k > 1 and _misread_one(k, number) else num

    def note(k: int, text: str) -> None:
        if trace is not None:
            trace.append(f"第{k}页：{text}")

    for p in ef.pages[1:]:
        k = p.number
        num = number(k)
        if num is not None and num > 1:
            # numbering of the running document (its own pages, or after a cover) continues it; numbering that runs
            # across a bundle's documents does not say where one ends: the page's own type may
            local = num in {k - starts[-1] + 1, k - starts[-1]}
            reason = own_start(k, reader.strip(k, "head"), local) if not p.pending or not local else ""
            if not reason:
                note(k, f"页码 {num}，接上页")
                continue
            note(k, f"新文件（{reason}）；页码 {num}")
            first_look(reader, k, "", needs)
            starts.append(k)
            why[k] = reason
            running = _decide(score_text(p.text, "", ocr=p.ocr))[0]
            continue
        if num == 1 and _misread_one(k, number):
            note(k, "页码读作 1，但与前后页码不连续，视为误读")
            num = None
        head = reader.strip(k, "head")
        if p.pending and sum(1 for ln in head.splitlines() if ln.strip()) <= 2:
            reader.ocr(k)  # a sparse top: a cover page, its title large or lower down — read it whole
            head = reader.strip(k, "head")
        seq = _numbering(k, starts[-1], trusted) if num is None else None
        if seq == "continues":
            note(k, f"无页码，但后页页码与第{starts[-1]}页起的文件连续，接上页；页首 {title_lines(head)}")
            continue
        start, reason = _starts_document(head, False, running, p.ocr or p.pending)
        if not start and seq == "restarts" and title_lines(head):
            start, reason = True, "后页页码从此页重新编起"
        if not start and num == 1:
            if starts[-1] == k - 1 and number(k - 1) is None:
                note(k, "页码 1 紧接无页码的首页（封面后才开始编页码），接上页")
                continue
            start, reason = _starts_document(head, True, running, p.ocr or p.pending)
            total = page_of(reader.strip(k, "foot"))
            if not start and total is not None:
                start, reason = True, _("页码从“第1页/共{pages}页”重新编起").format(pages=total[1])
        if not start:
            reason = own_start(k, head, False)
            start = bool(reason)
        note(k, f"{'新文件（' + reason + '）' if start else '接上页'}；页首 {title_lines(head)}；页码 {num}")
        if start:
            first_look(reader, k, "", needs)
            starts.append(k)
            why[k] = reason
            running = _decide(score_text(p.text, "", ocr=p.ocr))[0]
    bounds = [*starts, n + 1]
    return [(bounds[i], bounds[i + 1] - 1, why[bounds[i]]) for i in range(len(starts))]


def _numbering(k: int, start: int, number: Callable[[int], int | None]) -> str | None:
    """What the next numbered page (within two) says of page ``k``: "continues" when its number is
    the one it has in the document that started at ``start`` and not the one it would have if
    page ``k`` began a new document, "restarts" the other way round, None when it cannot tell."""
    after = next(((j, number(k + j)) for j in (1, 2) if number(k + j) is not None), None)
    if after is None:
        return None
    j, n = after
    cont = {k + j - start + 1, k + j - start}  # numbered from the first page, or after a cover
    if n in cont and n not in {j + 1, j}:
        return "continues"
    if n == j + 1 and n not in cont:  # numbered from this page on
        return "restarts"
    return None


def _numbering_continues(k: int, start: int, number: Callable[[int], int | None]) -> bool:
    return _numbering(k, start, number) == "continues"


def _misread_one(k: int, number: Callable[[int], int | None]) -> bool:
    """Page ``k`` reads "1", but the numbers around it run through it (3, ?, "1", 6), or the page
    before reads "1" too: a misreading."""
    if number(k - 1) == 1:
        return True
    before = next(((j, number(k - j)) for j in (1, 2, 3) if k - j >= 1 and number(k - j) is not None), None)
    after = next(((j, number(k + j)) for j in (1, 2) if number(k + j) is not None), None)
    if before is None or after is None:
        return False
    (jb, nb), (ja, na) = before, after
    return nb is not None and na is not None and na - nb == ja + jb


def range_text(ex: ExtractedFile, first: int, last: int) -> str:
    """The text of pages first..last (pages still pending contribute nothing)."""
    return "\n".join(p.text for p in ex.pages[first - 1 : last])


def turned_notes(pages: list[PageText], single: bool) -> list[str]:
    """Evidence notes for the pages turned upright before OCR ("页面顺时针旋转 90° 后识别")."""
    return [f"{'页面' if single else f'第{p.number}页'}顺时针旋转 {p.rotation}° 后识别" for p in pages if p.rotation]


def classify(ex: ExtractedFile | FileReader, needs: Needs | None = None) -> list[Document]:
    """The documents in one file (one, or several for a combined PDF).

    Given a :class:`FileReader`, pages without a text layer are OCRed as the decisions need
    them: the first page of every document from the top (:func:`first_look`), the others by
    strips or not at all; a document whose type is still unsure from its first page gets the
    rest of it and up to two more pages read.
    """
    reader = ex if isinstance(ex, FileReader) else FileReader(ex, OcrPolicy(enabled=False))
    ex = reader.ef
    name = Path(ex.source.display).stem
    if not ex.pages:
        return []
    toc = _ranges_from_toc(ex)
    split = [] if toc or len(ex.pages) == 1 else _ranges_by_page(reader, name, needs=needs)
    ranges = toc or [(a, b, "") for a, b, _ in split] or [(1, 1, "")]
    reasons = {a: why for a, _b, why in split}
    docs = []
    for first, last, bookmark in ranges:
        hint = bookmark or (name if len(ranges) == 1 else "")
        first_look(reader, first, hint, needs)
        extra = 0
        while True:
            pages = ex.pages[first - 1 : last]
            typ, conf, ev = _decide(score_text(range_text(ex, first, last), hint, ocr=any(p.ocr for p in pages)))
            more = next((p.number for p in pages if p.pending), None)
            if conf >= SURE or more is None or extra >= 2:
                break
            reader.ocr(more)
            extra += 1
        if bookmark:
            ev = [f"书签“{bookmark}”", *ev]
        elif reasons.get(first):
            ev = [f"从第{first}页起为新文件：{reasons[first]}", *ev]
        ev += turned_notes(pages, first == last)
        for p in pages:  # a decision on every page that is a scan or carries an image (a few milliseconds at 50 dpi)
            if p.red_seal is None and (p.ocr or p.pending or p.images or ex.kind == "image"):
                reader.seal(p.number)
        seal = None
        if any(p.red_seal is not None for p in pages):
            seal = any(bool(p.red_seal) for p in pages)
        docs.append(Document(
            path=ex.source.display, pages=(first, last), type=typ, confidence=conf, ocr=any(p.ocr for p in pages), evidence=ev,
            red_seal=seal, sha256=ex.sha256,
        ))
    return docs
