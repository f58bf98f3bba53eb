"""The registry of checks: one entry per check, every gap code with its labels.

A **document check** is listed by id in an evidence spec's material (``checks: [name, valid]``)
and runs on each document that satisfies the material; its entry says which fields it reads
from a document (so that OCR reads until it has them, see ``checker/needs.py``), whether it
looks at seals, which gap codes it reports and how it is labelled. **Submission checks** run on
every submission without being listed (unreadable files, duplicates, unrecognised types,
untranslated documents); the ``present`` check is the material being there at all; the ``figures``
check compares the applicant's declared figures with the evidence's (``checker/figures/``). Every check
of every document ends as 符合, 问题 (a gap code of verdict ``problem``) or 待人工核对 (a gap code of
verdict ``verify``: a field not read, the applicant unknown, a type uncertain) — never silence.

Adding a check: its entry here (with the labels of the gap codes it reports), its
function (``document.py`` or ``submission.py``), its test (``tests/test_check_gaps.py``).
Nothing else reads check ids or gap codes from code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import document, figures, submission


@dataclass(frozen=True)
class GapKind:
    """A kind of finding a check reports: its stable code, how it is named, and its verdict —
    ``problem`` (问题) or ``verify`` (待人工核对: could not be verified, a person must look)."""

    code: str
    label: str  # Chinese, as reports show it
    label_en: str
    verdict: str = "problem"


@dataclass(frozen=True)
class Check:
    """One check: what it reads, what it reports, how it is named, what runs it."""

    id: str
    label: str  # Chinese: what is checked
    label_en: str
    gaps: tuple[GapKind, ...]  # the kinds of finding it may report
    run: Callable[..., Any]
    scope: str = "document"  # document (listed in evidence specs) / submission (always run) / material
    reads: tuple[str, ...] = ()  # fields it reads from a document (OCR reads until they are found)
    seal: bool = False  # looks at red seals on the document's pages


# 待人工核对 kinds shared by several checks
FIELD_UNREAD = GapKind("field_unread", "未读到所需信息", "Information not read", "verify")
APPLICANT_UNKNOWN = GapKind("applicant_unknown", "申报企业未知", "Applicant unknown", "verify")

# In this order reports and the batch summary list the gap codes; submission checks run in it.
CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("present", "材料已提供", "Material provided", (GapKind("missing", "缺少材料", "Missing material"),
          GapKind("requirement_unknown", "是否需要无法判定", "Requirement undetermined", "verify"),
          GapKind("content_partial", "内容待核对", "Content to verify", "verify")), submission.present, scope="material"),
    Check("valid", "在有效期内", "Not expired", (GapKind("expired", "已过期", "Expired"), FIELD_UNREAD), document.valid, reads=("expiry_date",)),
    Check("name", "单位名称为申报企业", "Holder is the applicant", (GapKind("name_mismatch", "单位名称不符", "Company name differs"), APPLICANT_UNKNOWN),
          document.name, reads=("holder",)),
    Check("uscc", "统一社会信用代码有效且为申报企业的", "Credit code valid and the applicant's",
          (GapKind("uscc_invalid", "信用代码无效", "Invalid credit code"), GapKind("uscc_mismatch", "信用代码不符", "Credit code differs"),
           FIELD_UNREAD, APPLICANT_UNKNOWN), document.uscc, reads=("uscc",)),
    Check("years", "覆盖所需年度", "Covers the years", (GapKind("years_not_covered", "年度未覆盖", "Years not covered"), FIELD_UNREAD,
          APPLICANT_UNKNOWN), document.years, reads=("years",)),
    Check("third_party", "由第三方出具", "Issued by a third party", (GapKind("not_third_party", "非第三方出具", "Not issued by a third party"),
          FIELD_UNREAD), document.third_party, reads=("issuer",)),
    Check("sealed", "加盖公章", "Sealed", (GapKind("unsealed", "未盖章", "No seal"), FIELD_UNREAD), document.sealed, seal=True),
    Check("translated", "外文材料附中文译文", "Foreign documents translated", (GapKind("untranslated", "缺中文译文", "No Chinese translation"),),
          submission.translated, scope="submission"),
    Check("readable", "文件可以打开", "File opens", (GapKind("unreadable", "无法读取", "Unreadable file"),), submission.unreadable, scope="submission"),
    Check("unique", "没有重复文件", "No duplicate files", (GapKind("duplicate", "重复文件", "Duplicate file"),), submission.duplicates, scope="submission"),
    Check("recognised", "文件类型可以确定", "Type recognised",
          (GapKind("unclassified", "无法识别类型", "Type not recognised", "verify"), GapKind("low_confidence", "类型存疑", "Type uncertain", "verify")),
          submission.recognised, scope="submission"),
    Check("figures", "申报数据与证明材料一致", "Declared figures match the evidence",
          (GapKind("figure_mismatch", "申报数据与证明材料不符", "Declared figure differs from the evidence"),
           GapKind("threshold_not_met", "证明材料不支持达标", "Evidence does not reach the threshold"),
           GapKind("date_inconsistent", "日期矛盾", "Dates inconsistent"),
           GapKind("figure_unread", "证明材料中未读到数据", "Figure not found in the evidence", "verify"),
           GapKind("figure_short", "证明材料少于申报数量", "Evidence covers less than declared", "verify"),
           GapKind("declared_unknown", "申报数据未知", "Declared figure unknown", "verify"),
           GapKind("address_differs", "地址不一致", "Address differs", "verify")),
          figures.consistent, scope="figures"),
)}

#: every gap code with its labels and verdict, in the checks' order
GAP_KINDS: dict[str, GapKind] = {g.code: g for c in CHECKS.values() for g in c.gaps}


def document_check_ids() -> tuple[str, ...]:
    """The ids an evidence spec may list under a material's ``checks``."""
    return tuple(c.id for c in CHECKS.values() if c.scope == "document")


def problem_codes() -> list[str]:
    """Gap codes whose verdict is 问题, in order (the batch summary's columns)."""
    return [c for c, g in GAP_KINDS.items() if g.verdict == "problem"]
