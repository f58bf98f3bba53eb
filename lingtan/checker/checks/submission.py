"""Submission checks: run on every submission, whatever its scheme lists — files that cannot be
read, duplicates, documents whose type is unknown or uncertain (待人工核对), foreign documents
without a translation — and the material check (``present``: a required material is there; when
whether it is required cannot be told and nothing satisfies it, 待人工核对)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from lingtan.common.i18n import _, language
from lingtan.common.sources import cite_text

from ..doctypes import type_name
from ..model import LOW_CONFIDENCE, UNREADABLE_REASONS, Document, ExtractedFile, Gap
from ..text import normalise
from .document import Material, doc_label, make_gap


class _Rule(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def cite(self) -> str: ...


class EvidenceSpec(Protocol):
    """What the submission checks read of a scheme's evidence spec (``specs.EvidenceSpec``)."""

    @property
    def translation_rule(self) -> _Rule | None: ...

_COPY_MARK = re.compile(r"(\(\d+\)|（\d+）|副本|copy|拷贝|- 副本)", re.I)


@dataclass
class SubmissionView:
    """What the submission checks look at."""

    files: list[ExtractedFile]
    spec: EvidenceSpec
    usable: list[Document] = field(default_factory=list)  # documents, without duplicate files
    duplicates: dict[str, str] = field(default_factory=dict)  # copy → original (display paths)
    matched_other: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(``other`` document) → (material id, title/filename)


def _copy_rank(path: str) -> tuple[int, int, str]:
    """Which of identical files is the original: not named like a copy, then the shortest name."""
    name = path.rsplit("/", 1)[-1]
    return (1 if _COPY_MARK.search(name) else 0, len(name), name)


def find_duplicates(files: list[ExtractedFile]) -> dict[str, str]:
    """Files whose bytes equal another's: copy → the one taken as the original."""
    by_hash: dict[str, list[str]] = {}
    for ex in files:
        if not ex.problem:
            by_hash.setdefault(ex.sha256, []).append(ex.source.display)
    out: dict[str, str] = {}
    for paths in by_hash.values():
        if len(paths) > 1:
            original = min(paths, key=_copy_rank)
            out.update((p, original) for p in paths if p != original)
    return out


def unreadable(v: SubmissionView) -> list[Gap]:
    """A file that cannot be opened (corrupt, encrypted, empty, mislabelled, too large …)."""
    gaps = []
    for ex in v.files:
        if ex.problem:
            reason = _(UNREADABLE_REASONS.get(ex.problem, ex.problem))
            detail = f"（{ex.problem_detail}）" if ex.problem_detail else ""
            gaps.append(Gap("unreadable", None, [], ex.source.display, None, _("{file}：{reason}{detail}，请重新提供可打开的文件").format(
                file=ex.source.display, reason=reason, detail=detail)))
    return gaps


def duplicates(v: SubmissionView) -> list[Gap]:
    """The same file submitted twice."""
    said = _("{file} 与 {original} 内容完全相同（重复提交）")
    return [Gap("duplicate", None, [], p, None, said.format(file=p, original=original)) for p, original in v.duplicates.items()]


def recognised(v: SubmissionView) -> list[Gap]:
    """Every document's type is known, and known with confidence."""
    gaps = []
    for d in v.usable:
        material, how = v.matched_other.get(id(d), (None, None))
        if d.type == "other" and how == "title":
            continue
        if d.type == "other" and how == "filename":
            g = make_gap("low_confidence", d, _("{file}（第{first}–{last}页）：只凭文件名对应到所需材料，内容中未找到该材料的名称，请人工核对").format(
                file=d.path, first=d.pages[0], last=d.pages[1]), evidence="；".join(d.evidence), verdict="verify")
            g.material = material
            gaps.append(g)
            continue
        if d.type == "other":
            gaps.append(make_gap("unclassified", d, _("{file}（第{first}–{last}页）：无法识别文件类型，请核对是否为所需材料").format(
                file=d.path, first=d.pages[0], last=d.pages[1]),
                                 evidence="；".join(d.evidence), verdict="verify"))
        elif d.confidence < LOW_CONFIDENCE:
            gaps.append(make_gap("low_confidence", d, _("{document}：文件类型识别把握不大（{confidence:.2f}），请人工核对").format(
                document=doc_label(d), confidence=d.confidence),
                                 evidence="；".join(d.evidence), verdict="verify"))
    return gaps


def translated(v: SubmissionView) -> list[Gap]:
    """A foreign-language document comes with a Chinese one of the same type, where the scheme's list of
    materials asks for translations (``translation_rule``: only 000 附件1-3 does); other schemes ask none."""
    gaps: list[Gap] = []
    if v.spec.translation_rule is None:
        return gaps
    for d in v.usable:
        if d.language == "en" and not any(o.type == d.type and o.language != "en" for o in v.usable):  # bilingual carries its translation
            rule = v.spec.translation_rule
            msg = _("{document}：外文材料未附中文翻译件").format(document=doc_label(d)) + (
                f"（{rule.text}，{cite_text(rule.cite, language())}）" if rule else "")
            gaps.append(make_gap("untranslated", d, msg))
    return gaps


class _Content(Protocol):
    @property
    def speaks(self) -> list[str]: ...
    @property
    def holds(self) -> list[str]: ...
    @property
    def min_holds(self) -> int: ...
    @property
    def types(self) -> list[str]: ...
    @property
    def reason(self) -> str: ...


PASSAGE = 240  # characters of a document's text shown as the passage that speaks about a material
HOLDS_REACH = 600  # characters after the phrase in which what the material must hold is looked for (its own passage)


@dataclass(frozen=True)
class ContentMatch:
    """What a document says about a material it is not of the type of (``satisfied_by_content``)."""

    phrase: str  # the phrase that shows it speaks about the material
    held: tuple[str, ...]  # which of what the source asks it holds
    enough: bool  # 符合 (else 待人工核对)
    passage: str  # the text from the phrase on


def by_content(rule: _Content | None, doc_type: str, text: str) -> ContentMatch | None:
    """Whether a document's text speaks about a material (any phrase of ``speaks``), and holds what the source
    asks (``min_holds`` of ``holds``, read after the phrase); None when it does not speak about it."""
    if rule is None or (rule.types and doc_type not in rule.types) or not text:
        return None
    flat_text = "".join(normalise(text).split())
    at = min(((i, p) for p in rule.speaks if (i := flat_text.find("".join(normalise(p).split()))) >= 0), default=None)
    if at is None:
        return None
    i, phrase = at
    rest = flat_text[i : i + HOLDS_REACH]
    held = tuple(h for h in rule.holds if "".join(normalise(h).split()) in rest)
    return ContentMatch(phrase, held, len(held) >= rule.min_holds, rest[:PASSAGE])


def content_gap(m: Material, d: Document, match: ContentMatch) -> Gap | None:
    """待人工核对 for a document that speaks about a material without holding what the source asks (None when it does)."""
    if match.enough:
        return None
    return make_gap("content_partial", d, _("{document}：提到“{phrase}”，但未见“{name}”应包含的内容（{cite}），请人工核对该段落").format(
        document=doc_label(d), phrase=match.phrase, name=m.name, cite=cite_text(m.cite, language())), m, evidence=match.passage, verdict="verify")


def present(m: Material, required: bool | None, why: str) -> list[Gap]:
    """A material no document satisfies: missing when required, 待人工核对 when that cannot be told."""
    names = _("、").join(type_name(t, language()) for t in m.types)
    if required:
        return [Gap("missing", m.id, list(m.types), None, None, _("缺少“{name}”（{cite}）：应提供{types}").format(
            name=m.name, cite=cite_text(m.cite, language()), types=names))]
    if required is None:
        return [Gap("requirement_unknown", m.id, list(m.types), None, None,
                    _("未提供“{name}”（{cite}），是否需要{why}，请人工核对").format(name=m.name, cite=cite_text(m.cite, language()),
                                                                             why=why.removeprefix(_("无法判定"))), verdict="verify")]
    return []
