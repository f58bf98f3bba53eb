"""The corpus of real public documents (``samples/real``): its hand-written truth is well formed and points
at real files, none from the repositories kept for the independent check; and the evaluator
(``benchmarks/eval_checker.py``, :func:`evaluate_real`) measures the born-digital part of it without a
traceback. No accuracy threshold yet: the engineers improving the checker add those.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image

from lingtan.checker._pymupdf import pymupdf
from lingtan.checker.extract import OcrPolicy

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "samples" / "real"
TRUTH = REAL / "truth.json"
DOC_TYPES = ROOT / "lingtan" / "data" / "evidence_specs" / "doc_types.yaml"

#: issue 24: kept for the independent check — never a file from them, nor from a fork of them
FORBIDDEN = {
    "cleartime/ins-new", "TQLeung/yep", "caicai0/images", "linyugeng1225/qinocean", "smileyimao/Logistics_AI",
    "xmqjofficial/xinma-tech", "guanshuicheng/invoice", "wejxbb/sztubb.com", "lianrenxingyu/company", "zliwen/docs",
    "imethanlee/OCR", "chenthreee/BQCWebsite", "keyuquan/company", "shangfr/GreenCreditPolicy", "gyshuang1996/guotong",
    "xxx170601/hsxiugai1", "i1nobody/hnieex", "myourlife/Picture", "freedomxiao/111", "MaksymKurbesov/nordic-solar",
    "vipulbansal1224-wq/pye", "gansolinho/uvex_dummy", "matt94nanari/Easy", "hctmo/hctmo.github.io",
}
DELIVERIES = {"born_digital", "scanned", "photo"}
LANGUAGES = {"zh", "en", "bilingual"}
PART_KEYS = {"pages", "type", "language", "holder", "issuer", "registration_authority", "valid_from", "valid_until", "years",
             "category1", "category2", "seal", "notes", "delivery", "text_layer"}
MAX_BYTES = 10_000_000  # "under 10 MB"


def _truth() -> dict:
    import json

    return json.loads(TRUTH.read_text(encoding="utf-8"))


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_checker", ROOT / "benchmarks" / "eval_checker.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _page_count(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        with pymupdf.open(path) as doc:
            return doc.page_count
    with Image.open(path) as im:
        im.verify()
    return 1


def _provenances(entry: dict) -> list[dict]:
    return [entry["provenance"], *entry.get("parts_provenance", [])]


def test_truth_lists_real_files_with_their_provenance() -> None:
    truth = _truth()
    assert truth["corpus_version"] == 1
    docs = truth["documents"]
    assert len(docs) >= 25
    files = [d["file"] for d in docs]
    assert len(files) == len(set(files)), "a file listed twice"
    on_disk = {p.relative_to(REAL).as_posix() for p in (REAL / "docs").iterdir()}
    assert on_disk == set(files), f"files without truth: {on_disk - set(files)}; truth without a file: {set(files) - on_disk}"
    for d in docs:
        for prov in _provenances(d):
            assert prov.get("repo") and prov.get("path"), d["file"]
            assert re.fullmatch(r"[0-9a-f]{40}", prov.get("commit", "")), d["file"]
            assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+", prov["repo"]), prov["repo"]
        assert d["delivery"] in DELIVERIES, d["file"]
        assert d["assembled"] == ("parts_provenance" in d), d["file"]


def test_no_file_comes_from_a_forbidden_repository() -> None:
    lower = {r.lower() for r in FORBIDDEN}
    for d in _truth()["documents"]:
        for prov in _provenances(d):
            assert prov["repo"].lower() not in lower, f"{d['file']} comes from {prov['repo']}, kept for the independent check"
            # a fork keeps the name of what it forked
            assert prov["repo"].split("/")[1].lower() not in {r.split("/")[1].lower() for r in FORBIDDEN}, d["file"]


def test_parts_are_vocabulary_types_within_the_file() -> None:
    vocabulary = set(yaml.safe_load(DOC_TYPES.read_text(encoding="utf-8")))
    for d in _truth()["documents"]:
        n = _page_count(REAL / d["file"])
        last = 0
        assert d["parts"], d["file"]
        for p in d["parts"]:
            assert set(p) <= PART_KEYS, f"{d['file']}: unknown keys {set(p) - PART_KEYS}"
            assert p["type"] in vocabulary, f"{d['file']}: {p['type']} is not a document type id"
            first, end = p["pages"]
            assert last < first <= end <= n, f"{d['file']}: pages {p['pages']} (file has {n}, previous part ends at {last})"
            last = end
            assert p.get("language", "zh") in LANGUAGES
            assert p.get("delivery", d["delivery"]) in DELIVERIES
            for key in ("valid_from", "valid_until"):
                if key in p:
                    date.fromisoformat(p[key])
            if "valid_from" in p and "valid_until" in p:
                assert p["valid_from"] < p["valid_until"], d["file"]
            assert all(isinstance(y, int) and 1990 < y < 2100 for y in p.get("years", []))
            assert "seal" not in p or isinstance(p["seal"], bool)
            assert p.get("text_layer", "ok") in {"garbage", "thin", "ok"}
        if d["assembled"]:
            assert len(d["parts"]) == len(d["parts_provenance"]), d["file"]


def test_corpus_mix_and_size() -> None:
    docs = _truth()["documents"]
    total = sum((REAL / d["file"]).stat().st_size for d in docs)
    assert total < MAX_BYTES, f"the corpus is {total} bytes"
    parts = [p for d in docs for p in d["parts"]]
    assert sum(p.get("language") in ("en", "bilingual") for p in parts) >= 8
    assert sum(len(d["parts"]) > 1 for d in docs) >= 4
    assert {d["delivery"] for d in docs} >= {"born_digital", "scanned"}
    assert (REAL / "README.md").is_file()


def test_evaluator_detects_the_real_corpus(tmp_path: Path) -> None:
    ev = _eval_module()
    assert ev.is_real_corpus(REAL)
    assert not ev.is_real_corpus(ROOT / "samples" / "submissions")
    (tmp_path / "truth.json").write_text("{not json", encoding="utf-8")
    assert not ev.is_real_corpus(tmp_path)


def test_evaluator_compares_names_dates_and_figures() -> None:
    ev = _eval_module()
    assert ev.same_name("PT Ispat Indo", "PT. ISPAT INDO")
    assert ev.same_name("苏州绿创检测技术服务有限公司", "苏州绿创检测技术服务有限公司 ")
    assert not ev.same_name("苏州绿创检测技术服务有限公司", "注册资本贰亿元整类型其他有限责任公司")
    assert not ev.same_name("BSI", None)
    assert ev._figure_right(1000.0, [{"kind": "category1", "value": 1004.0}], "category1")[0]
    assert not ev._figure_right(1000.0, [{"kind": "category1", "value": 1006.0}], "category1")[0]
    assert not ev._figure_right(1000.0, [{"kind": "category2", "value": 1000.0}], "category1")[0]


@pytest.mark.slow
def test_born_digital_part_measured_without_traceback() -> None:
    ev = _eval_module()
    born = [d for d in _truth()["documents"] if d["delivery"] == "born_digital"]
    assert born
    real = ev.evaluate_real(REAL, OcrPolicy(enabled=False), deliveries={"born_digital"}, as_of=date(2026, 3, 15))
    assert real["tracebacks"] == []
    assert len(real["files"]) == len(born)
    rows = [r for f in real["files"] for r in f["rows"]]
    assert sum(1 for r in rows if r["field"] == "type") == sum(len(d["parts"]) for d in born)
    table = {row["field"]: row for row in real["table"]}
    assert table["type"]["all"]["n"] == sum(len(d["parts"]) for d in born)
