"""docs/decisions.md is generated from the scheme files and must be current."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import gen_decisions_doc  # noqa: E402


def test_decisions_page_is_current():
    committed = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    assert committed == gen_decisions_doc.render(), "run: python tools/gen_decisions_doc.py"


def test_every_scheme_item_has_a_citation():
    from lingtan.assessment.schemes import all_schemes

    for s in all_schemes():
        for x in [*s.conditions, *s.indicators, *s.thresholds, *s.forms]:
            assert x.cite.strip(), f"{s.id} {x.id} has no citation"
