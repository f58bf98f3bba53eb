"""The sample evidence documents (samples/corpusgen): every type and variant renders a valid, deterministic
PDF whose text carries its title and ground-truth values; overrides, seals and English certificates work."""

from __future__ import annotations

import difflib
import json
import re
import sys

import pytest

from conftest import ROOT, sample_data

sys.path.insert(0, str(ROOT / "samples"))

from corpusgen._pymupdf import pymupdf  # noqa: E402
from corpusgen.documents import DOC_TYPES, VARIANTS, render_document  # noqa: E402
from corpusgen.facts import facts_from_factory, other_company  # noqa: E402
from corpusgen.pdfkit import date_forms, has_seal_drawing, num_forms  # noqa: E402

EXPECTED_TYPES = {
    "business_licence", "qms_certificate", "ems_certificate", "ohsms_certificate", "enms_certificate",
    "green_factory_notice", "smart_factory_notice", "ghg_verification_report", "reduction_assessment_report",
    "carbon_footprint_report", "low_carbon_product_cert", "energy_audit_report", "green_power_certificate",
    "green_power_consumption_proof", "esg_report", "credit_report", "eia_approval", "energy_assessment_approval",
    "pollutant_discharge_permit", "management_body_doc", "construction_plan",
}
CERTS = ["qms_certificate", "ems_certificate", "ohsms_certificate", "enms_certificate"]
CASES = [(t, v) for t in sorted(DOC_TYPES) for v in range(VARIANTS[t])]
SEED = 7
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.fixture(scope="module")
def facts():
    return facts_from_factory(sample_data("jiangsu-zero"))


_cache: dict = {}


def render(facts, doc_type, variant, seed=SEED, overrides=None, **kw):
    key = (doc_type, variant, seed, json.dumps(overrides, sort_keys=True, default=str), tuple(sorted(kw.items())))
    if key not in _cache:
        _cache[key] = render_document(doc_type, facts, variant=variant, seed=seed, overrides=overrides, **kw)
    return _cache[key]


def pdf_text(ev) -> str:
    with pymupdf.open("pdf", ev.pdf) as doc:
        return "\n".join(p.get_text() for p in doc)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def seal_pages(ev) -> list[bool]:
    with pymupdf.open("pdf", ev.pdf) as doc:
        return [has_seal_drawing(p) for p in doc]


def printed(value, text: str, kind: str) -> bool:
    forms = date_forms(value) if kind == "date" else num_forms(value) if kind == "num" else [str(value)]
    t = flat(text)
    return any(flat(f) in t for f in forms)


def test_vocabulary_complete_and_two_variants_each():
    assert set(DOC_TYPES) == EXPECTED_TYPES
    assert all(VARIANTS[t] >= 2 for t in DOC_TYPES)


@pytest.mark.parametrize("doc_type,variant", CASES)
def test_document_text_carries_ground_truth(facts, doc_type, variant):
    ev = render(facts, doc_type, variant)
    assert ev.doc_type == doc_type and ev.variant == variant and ev.language == "zh"
    json.dumps(ev.fields)  # JSON-serialisable
    with pymupdf.open("pdf", ev.pdf) as doc:
        assert len(doc) == ev.pages >= 1
        assert doc.metadata["creationDate"] == "D:20000101000000Z"
        for page in doc:
            assert abs(page.rect.width * page.rect.height - 595.28 * 841.89) < 2  # A4, either orientation
    assert len(ev.pdf) < 200_000
    text = pdf_text(ev)
    t = flat(text)
    f = ev.fields
    assert flat(ev.title) in t
    assert f["holder"] == facts.name and flat(f["holder"]) in t
    for key in ("uscc", "number", "document_number", "issuer"):
        if f.get(key) and not (key == "uscc" and doc_type in ("management_body_doc", "construction_plan", "esg_report")):
            assert flat(str(f[key])) in t, (key, f[key])
    for key in ("issue_date", "expiry_date", "valid_from", "valid_to"):
        if f.get(key):
            assert printed(f[key], text, "date"), (key, f[key])
    for key in ("category1_t", "category2_t", "scope12_t", "quantity_mwh", "reduction_t", "energy_tce"):
        if f.get(key) is not None:
            assert printed(f[key], text, "num"), (key, f[key])
    for std in f.get("standard") or []:
        assert flat(std) in t, std
    for y in f.get("years") or []:
        assert str(y) in t
    assert seal_pages(ev) and any(seal_pages(ev)) == ev.sealed


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_variants_differ(facts, doc_type):
    texts = [pdf_text(render(facts, doc_type, v)) for v in range(VARIANTS[doc_type])]
    for a, b in zip(texts, texts[1:]):
        la, lb = set(a.splitlines()), set(b.splitlines())
        assert len(la & lb) / len(la | lb) < 0.75
        assert difflib.SequenceMatcher(None, a[:1500], b[:1500], autojunk=False).ratio() < 0.85


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_deterministic(facts, doc_type):
    """Same seed -> identical PDF bytes (metadata dates fixed, no new /ID written)."""
    for v in range(VARIANTS[doc_type]):
        a = render(facts, doc_type, v)
        b = render_document(doc_type, facts, variant=v, seed=SEED)
        assert a.pdf == b.pdf and a.fields == b.fields


def test_other_seed_changes_details(facts):
    a = render(facts, "green_factory_notice", 0)
    b = render(facts, "green_factory_notice", 0, seed=SEED + 1)
    assert a.pdf != b.pdf
    assert a.fields["holder"] == b.fields["holder"]


@pytest.mark.parametrize("doc_type", CERTS + ["business_licence"])
def test_holder_and_uscc_overrides(facts, doc_type):
    other = other_company(3)
    ev = render(facts, doc_type, 0, overrides={"holder": other.name, "uscc": other.uscc})
    t = flat(pdf_text(ev))
    assert ev.fields["holder"] == other.name and other.name in t and other.uscc in t
    assert facts.name not in t and facts.uscc not in t


def test_expired_certificate_override(facts):
    for v in (0, 1):
        ev = render(facts, "qms_certificate", v, overrides={"expiry_date": "2024-05-09"})
        assert ev.fields["expiry_date"] == "2024-05-09"
        text = pdf_text(ev)
        assert printed("2024-05-09", text, "date")
        assert not printed("2027-05-09", text, "date")


def test_wrong_check_character_printed_as_given(facts):
    bad = facts.uscc[:-1] + ("0" if facts.uscc[-1] != "0" else "1")
    ev = render(facts, "business_licence", 1, overrides={"uscc": bad})
    assert ev.fields["uscc"] == bad and bad in pdf_text(ev)


def test_ghg_wrong_years_and_self_verification(facts):
    ev = render(facts, "ghg_verification_report", 1, overrides={"years": [2019, 2020], "verifier": facts.name})
    text = flat(pdf_text(ev))
    assert ev.fields["years"] == [2019, 2020] and set(ev.fields["by_year"]) == {"2019", "2020"}
    assert "2019—2020年度" in text and "2025年度" not in text
    assert ev.fields["issuer"] == facts.name
    assert text.count(facts.name) >= 3
    st = render(facts, "ghg_verification_report", 2, overrides={"category1_t": 1234})
    assert st.fields["category1_t"] == 1234 and st.fields["scope12_t"] == 1234 + st.fields["category2_t"]
    assert printed(1234, pdf_text(st), "num")


def test_ghg_statement_is_short(facts):
    for v in (2, 3):
        ev = render(facts, "ghg_verification_report", v)
        assert ev.title == "温室气体排放核查声明" and ev.pages == 1
    assert render(facts, "ghg_verification_report", 0).pages >= 3


def test_green_factory_notice_long_list(facts):
    for v in (0, 1):
        ev = render(facts, "green_factory_notice", v)
        assert ev.pages >= 3 and 31 <= ev.fields["rows"] <= 81
        assert ev.fields["document_number"] == "工信厅节函〔2021〕292号" and ev.fields["level"] == "国家级"
        assert "特此通知" in pdf_text(ev)


@pytest.mark.parametrize("doc_type,variant", [(t, v) for t, v in CASES if t != "esg_report"][::3]
                         + [("qms_certificate", 1), ("ghg_verification_report", 2)])
def test_unsealed_override_draws_no_seal(facts, doc_type, variant):
    ev = render(facts, doc_type, variant, overrides={"sealed": False})
    assert ev.sealed is False and not any(seal_pages(ev))
    assert "sealed" not in ev.fields


def test_esg_report_unsealed_by_default(facts):
    ev = render(facts, "esg_report", 0)
    assert ev.sealed is False and not any(seal_pages(ev))
    assert any(seal_pages(render(facts, "esg_report", 0, overrides={"sealed": True})))


@pytest.mark.parametrize("doc_type", CERTS)
@pytest.mark.parametrize("variant", [0, 1])
def test_english_certificate_has_no_cjk(facts, doc_type, variant):
    ev = render(facts, doc_type, variant, language="en")
    text = pdf_text(ev)
    assert ev.language == "en" and not CJK.search(text), CJK.findall(text)[:10]
    assert ev.fields["holder"] == "Zhangjiagang Hengsheng Precision Bearing Co., Ltd."
    assert ev.fields["number"] in text and ev.fields["uscc"] in text
    assert printed(ev.fields["expiry_date"], text, "date")
    assert any(s.startswith("ISO ") for s in ev.fields["standard"])
    assert any(seal_pages(ev))
    # Chinese overrides are transliterated rather than printed
    ev2 = render(facts, doc_type, variant, language="en", overrides={"holder": "另一家公司"})
    assert not CJK.search(pdf_text(ev2))


def test_system_keyword_selects_certificate(facts):
    ev = render(facts, "qms_certificate", 0, system="enms")
    assert ev.doc_type == "enms_certificate" and "GB/T 23331-2020" in ev.fields["standard"]


def test_other_company_is_valid_and_different(facts):
    from stdnum.cn import uscc

    seen = set()
    for seed in range(20):
        o = other_company(seed)
        assert uscc.is_valid(o.uscc) and o.name != facts.name and o.uscc != facts.uscc
        seen.add(o.name)
        assert other_company(seed) == o
    assert len(seen) >= 18


def test_pdfkit_immediate_and_batched_drawing():
    from corpusgen import pdfkit

    for batch in (False, True):
        doc = pdfkit.new_doc(batch=batch)
        page = pdfkit.a4_page(doc)
        y = pdfkit.title(page, 60, "测试标题 Test")
        y = pdfkit.kv_table(page, y, [("名称", "某某有限公司"), ("代码", "91320582MA1WQ8TK7L")])
        pdfkit.grid_table(page, y + 10, ["序号", "企业名称"], [[str(i), f"企业{i}"] for i in range(60)], [60, 300])
        pdfkit.red_seal(doc[0], (300, 700), "某某有限公司", rng=None)
        data = pdfkit.finish(doc)
        with pymupdf.open("pdf", data) as out:
            text = flat("".join(p.get_text() for p in out))
            assert len(out) == 2 and "测试标题Test" in text and "91320582MA1WQ8TK7L" in text and "企业59" in text
            assert has_seal_drawing(out[0]) and not has_seal_drawing(out[1])
