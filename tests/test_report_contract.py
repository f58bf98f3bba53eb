"""The checker's report contract (``checker.pipeline.Report``): real corpus reports survive their own JSON, a
report written by the checker before the contract (version 1, ``tests/data/report-v1-jiangsu-04-figures.json``,
written by commit 2c0290e's ``to_json`` for the same submission, applicant and date) reads back as today's
report, and every key it had is still written."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lingtan.checker.extract import OcrPolicy
from lingtan.checker.pipeline import REPORT_VERSION, Report, check_submission, upgrade_report
from lingtan.common.errors import DataFileError

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = ROOT / "samples" / "submissions"
V1 = ROOT / "tests" / "data" / "report-v1-jiangsu-04-figures.json"
AS_OF = date(2026, 3, 15)


def check(sample: str, with_applicant: bool = True) -> Report:
    """A committed corpus submission checked as its truth says (its scheme and applicant), without OCR."""
    truth = json.loads((SUBMISSIONS / f"{sample}.truth.json").read_text(encoding="utf-8"))
    applicant = ROOT / truth["applicant"]["factory"] if with_applicant else None
    return check_submission(SUBMISSIONS / sample, truth["scheme"], applicant_file=applicant, as_of=AS_OF, ocr=OcrPolicy(enabled=False))


@pytest.fixture(scope="module")
def figures() -> Report:
    return check("jiangsu-04-figures")


def key_paths(v: Any, at: str = "") -> set[str]:
    """Every key of a JSON value, as a path (list items share ``[]``)."""
    if isinstance(v, dict):
        return {p for k, x in v.items() for p in {f"{at}.{k}"} | key_paths(x, f"{at}.{k}")}
    if isinstance(v, list):
        return {p for x in v for p in key_paths(x, f"{at}[]")}
    return set()


@pytest.mark.parametrize(("sample", "with_applicant"), [("jiangsu-04-figures", True), ("jiangsu-04-figures", False),
                                                         ("zhejiang-03-rounding", True), ("jiangsu-03-zip-defects", True),
                                                         ("hefei-02-hostile", False)])
def test_a_corpus_report_survives_its_json_and_pickle(sample, with_applicant):
    r = check(sample, with_applicant)
    text = r.to_json()
    assert json.loads(text)["schema_version"] == REPORT_VERSION == 2
    back = Report.from_json(text)
    assert back == r
    assert back.to_json() == text
    assert pickle.loads(pickle.dumps(r)) == r  # the batch's workers return reports across processes
    if sample == "jiangsu-04-figures":
        assert len(r.comparisons) >= 10 and back.comparisons == r.comparisons
        assert all(isinstance(d.pages, tuple) for d in back.documents) and all(isinstance(c.pages, tuple) for m in back.materials for c in m.checks)


def test_every_key_of_the_report_before_the_contract_is_still_written(figures):
    old = json.loads(V1.read_text(encoding="utf-8"))
    assert "schema_version" not in old and len(old["comparisons"]) == 14
    new = figures.to_dict()
    missing = key_paths(old) - key_paths(new)
    assert not missing
    assert key_paths(new) - key_paths(old) >= {".schema_version"}


def _comparable(d: dict[str, Any]) -> dict[str, Any]:
    """A report's JSON without what may differ between two runs of the same check (time taken, how the folder was named)
    and without the comparison rows' ``types`` (version 1 dropped them from the rows that were findings)."""
    out = {k: v for k, v in d.items() if k not in ("seconds", "root")}
    out["comparisons"] = [{k: v for k, v in row.items() if k != "types"} for row in d["comparisons"]]
    return out


def test_a_version_1_report_reads_back_as_todays_report(figures):
    old = Report.from_json(V1.read_text(encoding="utf-8"))
    assert old.schema_version == 2 and len(old.comparisons) == 14
    # version 1 named a source's document type by its Chinese name; the contract stores the type id
    assert {s.type for row in old.comparisons for s in row.sources} <= {d.type for d in figures.documents}
    assert _comparable(old.to_dict()) == _comparable(figures.to_dict())


def test_a_version_1_report_without_comparisons_gets_an_empty_table():
    old = json.loads(V1.read_text(encoding="utf-8"))
    del old["comparisons"]
    for d in old["documents"]:
        del d["figures"]
    r = Report.from_json(json.dumps(old, ensure_ascii=False))
    assert r.comparisons == [] and r.schema_version == 2 and all(d.figures == [] for d in r.documents)
    assert len(r.documents) == len(old["documents"]) and len(r.gaps) == len(old["gaps"])


def test_rows_still_read_like_the_dicts_they_were(figures):
    row = next(r for r in figures.comparisons if r.kind == "figure" and r.declared is not None)
    assert row["declared"] == row.declared and row["sources"][0]["page"] == row.sources[0].page
    assert row.get("nothing") is None and row["sources"][0].get("counted", "x") is None
    with pytest.raises(KeyError):
        row["nothing"]
    check_row = figures.materials[0].checks[0]
    assert check_row["verdict"] == check_row.verdict in ("符合", "问题", "待人工核对")


def test_what_is_not_a_report_of_a_known_version_is_refused_in_chinese(figures):
    d = figures.to_dict()
    with pytest.raises(DataFileError, match="版本 3"):
        Report.from_json(json.dumps({**d, "schema_version": 3}))
    with pytest.raises(DataFileError, match="不是有效的 JSON"):
        Report.from_json("{not json")
    with pytest.raises(DataFileError, match="JSON 对象"):
        Report.from_json("[1, 2]")
    bad = json.loads(json.dumps(d))
    bad["comparisons"][0]["unheard_of"] = 1  # a key the contract does not know is refused, not dropped
    with pytest.raises(DataFileError, match="格式不符"):
        Report.from_json(json.dumps(bad))
    with pytest.raises(DataFileError):
        upgrade_report({**d, "schema_version": "2"})
