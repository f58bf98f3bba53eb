"""An official reads every generated document of every scheme in the source's language: no data path
(``claims.jiangsu.1.value``), no expression (``4 * claim.value.general_equipment``), no snake_case
name, no English vocabulary key (``national_excellent_smart_factory``) and no internal item id
(``bc1``). Every document is read back with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from docx import Document

from lingtan.assessment.model.vocab import VOCABULARIES
from lingtan.generator.render import document_text
from sample_packages import Package, generate_all

#: Units and notations the forms print as the sources do.
UNITS = {"tce", "tCO2", "tCO2e", "kWh", "MWh", "MWp", "kW", "MW", "kgce", "kgCO2", "m3", "t", "kg", "km", "h"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
FILE_EXT = re.compile(r"\.(pdf|xlsx|xls|docx|doc|jpg|jpeg|png|zip|ofd|txt)\b", re.IGNORECASE)
TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*")
SCHEMES = Path(__file__).resolve().parents[1] / "lingtan" / "data" / "schemes"


def source_words(scheme_id: str) -> set[str]:
    """ASCII words of the source's own wording (``Ei,offset`` in 福建 附件3, ``1.3.1 a)`` in 浙江),
    which the forms transcribe: the text, name and evidence of every item of the scheme."""
    data = yaml.safe_load((SCHEMES / scheme_id / "scheme.yaml").read_text(encoding="utf-8"))
    words: set[str] = set()
    for part in ("conditions", "indicators", "thresholds"):
        for it in data.get(part) or []:
            for key in ("text", "name", "evidence"):
                words.update(TOKEN.findall(str(it.get(key) or "")))
    return words


def identifiers(text: str, allowed: set[str]) -> list[str]:
    """ASCII identifiers in ``text``: snake_case, dotted paths and words starting in lower case
    (``scale``, ``bc1``) that are neither a unit nor the source's own; names and acronyms written
    as people write them (``ISO14001``, ``RoHS``, ``PCBA``) are not identifiers."""
    text = FILE_EXT.sub(" ", EMAIL.sub(" ", text))
    found = []
    for tok in TOKEN.findall(text):
        dotted = "." in tok and re.search(r"[a-z]", tok)
        if "_" in tok or dotted or (tok[0].islower() and tok not in allowed):
            found.append(tok)
    return found


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> list[Package]:
    return generate_all(tmp_path_factory.mktemp("packages"))


def test_every_sample_generates_every_form(packages):
    assert len(packages) == 11
    assert {p.scheme for p in packages} == {"jiangsu", "suzhou", "zhejiang", "fujian-zero", "fujian-near-zero", "hefei"}
    assert all(len(p.documents) >= 3 for p in packages)


def test_no_ascii_identifier_in_any_generated_document(packages):
    problems = []
    for p in packages:
        allowed = UNITS | source_words(p.scheme)
        for doc in p.documents:
            text = document_text(doc.read_bytes())
            for tok in identifiers(text, allowed):
                i = text.find(tok)
                problems.append(f"{p.sample}/{doc.name}: {tok!r} in …{text[max(0, i - 30):i + len(tok) + 10]!r}")
    assert not problems, "\n".join(problems[:40])


def test_vocabulary_keys_never_reach_a_document(packages):
    keys = {k for vocab in VOCABULARIES.values() for k in vocab if re.search(r"[a-z]", k)}
    for p in packages:
        for doc in p.documents:
            words = set(TOKEN.findall(document_text(doc.read_bytes())))
            assert not words & keys, f"{p.sample}/{doc.name}: {sorted(words & keys)}"


def test_the_detector_catches_what_the_issue_saw():
    seen = ("claims.jiangsu.1.value：none/project/scale = scale，按“scale”计 10 分；"
            "4 * claim.value.general_equipment + …；renewable_tce / energy_tce；用于：基本条件 bc1")
    assert identifiers(seen, UNITS) == [
        "claims.jiangsu.1.value", "none", "project", "scale", "scale", "scale", "claim.value.general_equipment",
        "renewable_tce", "energy_tce", "bc1",
    ]
    assert identifiers("可再生能源消费量 5330 tce ÷ 综合能源消费量 10500 tce；IATF16949证书.pdf；a@b.example.com", UNITS) == []


def test_jiangsu_scoring_basis_explains_the_computation_in_the_sources_terms(packages):
    folder = next(p.folder for p in packages if p.sample == "jiangsu-zero")
    doc = Document(str(next(folder.glob("*有限公司.docx"))))  # 申报书: named by the enterprise's full name
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号" and "得分依据" in [c.text for c in t.rows[0].cells])
    basis = {r.cells[2].text: r.cells[5].text for r in table.rows[1:]}
    assert re.fullmatch(
        r"申报上年度可再生能源消费量 [\d.]+ tce ÷ 综合能源消费量 [\d.]+ tce = [\d.]+%，落在“[^”]+”档，得 \d+ 分",
        basis["可再生能源消费占比"],
    ), basis["可再生能源消费占比"]
    assert "按“规模化利用”计 10 分" in basis["非化石能源开发利用"] or "按“实施开发项目”计 5 分" in basis["非化石能源开发利用"]
    assert re.match(r"通用设备能效满足程度 [\d.]+ × 4 \+ 专用设备能效满足程度 [\d.]+ × 4 \+ 新能源运输工具满足程度 [\d.]+ × 2 = ",
                    basis["设备能效与新能源运输"])
