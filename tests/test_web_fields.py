"""The enterprise form holds every value of a data file: each sample's data → the form's fields →
posted back as a browser posts them → the same validated data."""

from __future__ import annotations

import pytest
import yaml

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.schemes import load_scheme
from lingtan.web.fields import form_groups, form_to_data
from tests.conftest import SAMPLES

SAMPLES_BY_SCHEME = [("jiangsu-zero", "jiangsu"), ("suzhou-near-zero", "suzhou"), ("zhejiang", "zhejiang"), ("fujian-zero", "fujian-zero"),
                     ("fujian-near-zero", "fujian-near-zero"), ("hefei", "hefei")]


def _posted(groups) -> list[tuple[str, str]]:
    """What a browser posts for the form as shown: every input's name and value (checkbox groups one pair per box)."""
    pairs = []
    for g in groups:
        for f in g.fields:
            v = f.value
            if v is None:
                continue
            if isinstance(v, list) and f.kind == "multi":
                pairs += [(f"f:{f.path}", str(x)) for x in v]
            elif isinstance(v, list):  # a textarea: one item a line
                pairs.append((f"f:{f.path}", "\n".join(str(x) for x in v)))
            elif isinstance(v, bool):
                pairs.append((f"f:{f.path}", "true" if v else "false"))
            else:
                pairs.append((f"f:{f.path}", str(v)))
    return pairs


@pytest.mark.parametrize(("sample", "scheme_id"), SAMPLES_BY_SCHEME)
def test_a_data_file_survives_the_form(sample, scheme_id):
    data = yaml.safe_load((SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8"))
    scheme = load_scheme(scheme_id)
    level = data.get("application", {}).get("level")
    groups = form_groups(scheme, data, level)
    shown = [f for g in groups for f in g.fields]
    assert not any("." in f.label and f.label.split(".")[0].isidentifier() for f in shown)  # no data path is shown as a label
    back, problems = form_to_data(_posted(groups), scheme_id, level)
    assert problems == []
    assert Factory.model_validate(back).model_dump() == Factory.model_validate(data).model_dump()


def test_the_form_groups_as_the_sources_do():
    groups = form_groups(load_scheme("jiangsu"), {}, "zero")
    titles = [g.title for g in groups]
    assert titles[:3] == ["基本信息", "基本条件", "年度数据"] and "评价指标（自评）" in titles
    fields = {f.path: f for g in groups for f in g.fields}
    assert fields["years.2025.energy_tce"].unit == "tce" or fields["years.2025.energy_tce"].label.endswith("tce")
    assert fields["enterprise.ownership"].kind == "select" and ("private", "民营") in fields["enterprise.ownership"].choices
    met = [f for p, f in fields.items() if p.startswith("claims.jiangsu.") and p.endswith(".met")]
    assert met and all("出处" not in f.hint or "000" in f.hint for f in met) and any(f.hint for f in met)
