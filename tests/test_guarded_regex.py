"""The field readers' label searches skip ahead to where a label can begin (checker/guarded.py):
the same matches as the plain pattern, on the corpus's own certificates and on tricky letters."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from lingtan.checker import fields as F
from lingtan.checker.fields import Source, extract_fields
from lingtan.checker.guarded import first_chars, guarded

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "submissions"

LABELS = [F.HOLDER_LABELS, F.ISSUER_LABELS, F.EXPIRY_LABELS, F.ISSUE_LABELS, F.FIRST_ISSUE_LABELS, F.ESTABLISHED_LABELS,
          F.PERIOD_VALID_LABELS, F.PERIOD_LABELS]
PLAIN = [re.compile(p, f) for p, f in [*(("(?:" + labels + r")(?:[（(][^）)]{1,6}[)）])?\s*[:：]?", 0) for labels in LABELS),
                                        *(("(?:" + labels + r")(?:[（(][^）)]{1,6}[)）])?[:：]?", 0) for labels in LABELS)]]
# the guarded ones of fields.py, without their guard
PLAIN += [re.compile(rx.pattern.split(")(?:", 1)[1][:-1], rx.flags)
          for rx in (F.EN_HOLDER_LABEL, F.EN_ISSUER_LABEL, F.STANDARD_RE, F.NUMBER_RE, F.YEAR_LIST_RE, *F.DATE_RES[1:5])]
PATTERNS = [(rx.pattern, rx.flags) for rx in PLAIN]


def _texts() -> list[str]:
    """The text layers of the committed corpus's born-digital certificates and reports (a sample of them)."""
    out = []
    for pdf in sorted(CORPUS.glob("*/*.pdf"))[:60]:
        with pymupdf.open(pdf) as doc:
            text = "\n".join(page.get_text() for page in doc)
        if text.strip():
            out.append(text)
    return out


TRICKY = [
    "Date of Expiry: 21-03-2022", "DATEOFEXPIRY:2022年3月21日", "ſalid until", "Valıd until 2027", "İssue date 2024-01-02",
    "Certificate No. KQ-2024-18", "Registration Number:Ｋ１２３４", "初次发证日期2020年1月1日 发证日期2023年1月1日",
    "首次发证 2019-05-06", "受核查方名称：某某有限公司", "企业：某某厂", "This is to certify that ACME Co., Ltd.",
    "GB/T 19001-2016 idt ISO 9001:2015 iso14001", "K" + "elvin KQ", "",
]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_a_guarded_label_search_finds_what_the_plain_one_finds(pattern, flags):
    plain, fast = re.compile(pattern, flags), guarded(pattern, flags)
    assert fast.pattern != plain.pattern, "a label alternation gets a guard"
    for text in [*_texts(), *TRICKY]:
        for form in {text, (s := Source.of(text)).t, s.q, s.compact}:
            assert [(m.span(), m.groups()) for m in fast.finditer(form)] == [(m.span(), m.groups()) for m in plain.finditer(form)]
        for line in Source.of(text).lines():
            assert str(fast.match(line)) == str(plain.match(line))


def test_case_insensitive_labels_keep_the_letters_python_folds():
    # re's IGNORECASE folds the Kelvin sign into k, the long s into s and dotless ı with i: so must the guard
    for pattern, text in [(r"(?i:kq)", "\u212aQ"), (r"(?i:sv)", "\u017fv"), (r"(?i:iv)", "\u0131v"), (r"(?i:iv)", "\u0130v")]:
        assert guarded(pattern).search(text) is not None
        assert re.search(pattern, text) is not None


def test_no_guard_where_a_match_may_begin_anywhere():
    assert first_chars(r"a*") is None  # an empty match
    assert first_chars(r"[^a]b") is None  # a negated class: any character but one
    assert first_chars(r".b") is None
    assert first_chars(r"(?<!x)(?:ab|(?i:cd))") == "(?=[a]|(?i:[c]))"
    assert guarded(r"(?i)ab").search("AB")  # inline flags first: compiled as it is


def test_fields_of_a_certificate_are_read_the_same_as_before():
    text = ("质量管理体系认证证书\n证书编号：00124Q35678R1M\n兹证明\n张家港恒晟精密轴承有限公司\n统一社会信用代码：91320582MA1WQ8TK7L\n"
            "质量管理体系符合 GB/T 19001-2016 idt ISO 9001:2015\n发证日期：2024年3月1日\n有效期至：2027年2月28日\n"
            "认证机构：中国质量认证中心")
    fields, _ = extract_fields(text)
    assert fields["holder"] == "张家港恒晟精密轴承有限公司"
    assert fields["number"] == "00124Q35678R1M"
    assert (fields["issue_date"], fields["expiry_date"]) == ("2024-03-01", "2027-02-28")
    assert fields["standards"] == ["GB/T 19001-2016", "ISO 9001:2015"]
    assert fields["issuer"] == "中国质量认证中心"
    assert fields["uscc_valid"] is True
