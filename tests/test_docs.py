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


def test_the_evidence_spec_readme_lists_every_check_and_gap_code():
    """Adding a check to the registry without documenting it fails here."""
    from lingtan.checker.checks import CHECKS, GAP_KINDS

    readme = (ROOT / "lingtan" / "data" / "evidence_specs" / "README.md").read_text(encoding="utf-8")
    for c in CHECKS.values():
        assert f"| `{c.id}` | {c.label} |" in readme, f"evidence_specs/README.md: no row for the check {c.id}"
    for g in GAP_KINDS.values():
        assert f"| `{g.code}` | {g.label} | {g.label_en} |" in readme, f"evidence_specs/README.md: no row for the gap code {g.code}"
        assert ("待人工核对" if g.verdict == "verify" else "问题") in readme
