"""The enterprise form holds every value of a data file: each sample's data → the form's fields →
posted back as a browser posts them → the same validated data."""

from __future__ import annotations

from pathlib import Path

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


def _words_of(scheme_id: str) -> set[str]:
    """Every identifier the scheme's source file, its form templates and the narrative drafts mention (read
    from the files themselves), with the fields a derived figure reads."""
    import re
    import zipfile

    from lingtan.common.paths import templates_root
    from lingtan.dataentry.catalogue import DERIVED

    root = Path(__file__).resolve().parents[1] / "lingtan"
    folder = root / "data" / "schemes" / scheme_id
    texts = [(folder / "scheme.yaml").read_text(encoding="utf-8")]
    for docx in [*(folder / "templates").glob("*.docx"), templates_root() / "_common" / "evidence-index.docx"]:
        with zipfile.ZipFile(docx) as z:
            texts.append(re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8")))
    texts += [p.read_text(encoding="utf-8") for p in [*(root / "generator" / "narratives").glob("*.yaml"), *(root / "data" / "schemes").glob("*/narratives.yaml")]]
    words = set(re.findall(r"[a-z][a-z0-9_]*", "\n".join(texts)))
    for name, fields in DERIVED.items():
        if name in words:
            words.update(fields)
    return words


def _required(path: str) -> bool:
    """The data model requires the field at ``path`` (and every section on the way)."""
    from typing import get_args

    from pydantic import BaseModel

    model: type[BaseModel] | None = Factory
    for seg in (s for s in path.split(".") if not s.isdigit()):
        info = model.model_fields[seg] if model is not None else None
        if info is None or not info.is_required():
            return False
        stack, model = [info.annotation], None
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                model = tp
                break
            stack.extend(get_args(tp))
    return True


def _shown_fields(scheme_id: str) -> dict[str, object]:
    groups = form_groups(load_scheme(scheme_id), {}, None)
    return {f.path: f for g in groups for f in g.fields if not f.path.startswith("claims.")}


def test_the_jiangsu_form_shows_only_what_the_scheme_uses_each_number_with_its_unit():
    shown = _shown_fields("jiangsu")
    words = _words_of("jiangsu")
    unused = []
    for path in shown:
        segs = [s for s in path.split(".") if not s.isdigit()]
        in_table = any(s.isdigit() for s in path.split(".")) and segs[0] != "years"
        parent = segs[-2] if len(segs) >= 3 or in_table else None
        if not (segs[-1] in words or (parent and parent != "years" and parent in words) or _required(path)):
            unused.append(path)
    assert unused == []
    # fields the jiangsu scheme never reads are gone; hefei (which reads them) still shows them
    hefei = _shown_fields("hefei")
    for gone in ("years.2025.non_fossil_tce", "organisation.top_manager", "enterprise.district"):
        assert gone not in shown and gone in hefei
    assert not any(p.startswith(("management_systems.certificates.", "enterprise.postcode")) for p in shown)
    numbers = [f for f in shown.values() if f.kind == "number"]
    assert numbers and [f.path for f in numbers if not f.unit] == []
    assert shown["years.2025.energy_tce"].unit == "tce" and shown["years.2025.energy_tce"].label == "综合能耗（当量值）"
    assert shown["projects.1.co2_reduction_t"].unit == "tCO2" and shown["projects.1.co2_reduction_t"].label == "年减碳量"
    assert shown["enterprise.registered_capital_wan"].label == "注册资本" and shown["enterprise.registered_capital_wan"].unit == "万元"
    assert all("Alt+Enter" not in f.hint and "单元格" not in f.hint for f in shown.values())  # no Excel hint on the web
