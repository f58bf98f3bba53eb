"""The form templates are sound: current with their sources, open in Word's library, and
use only names that exist in the data model and the engine's output."""

from __future__ import annotations

import zipfile
from pathlib import Path

import jinja2
import pytest
from docx import Document
from docxtpl import DocxTemplate

from lingtan.assessment.schemes import all_schemes
from lingtan.generator.context import CONTEXT_NAMES
from lingtan.generator.template_builder import build
from lingtan.generator.templates import template_path, template_sources
from lingtan.common.paths import templates_root

from conftest import ROOT
from template_paths import check_template_paths

TEMPLATES = ROOT / "lingtan" / "data" / "templates"
SOURCES = template_sources()
DOCX = sorted([*TEMPLATES.glob("*/*.docx"), *(ROOT / "lingtan" / "data" / "schemes").glob("*/templates/*.docx")])


def test_templates_come_from_the_source_tree_in_development():
    assert templates_root() in (TEMPLATES.resolve(), ) or templates_root().name == "templates"


def test_every_form_of_every_scheme_has_a_template():
    missing = [f"{s.id}/{fm.id}" for s in all_schemes() for fm in s.forms if not template_path(s.id, fm.id).is_file()]
    assert not missing, f"forms without a template: {missing}"


def test_every_template_has_its_source_and_vice_versa():
    assert {p.with_suffix("") for p in SOURCES} == {p.with_suffix("") for p in DOCX}


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_committed_template_is_current_with_its_source(src: Path, tmp_path: Path):
    """Rebuilding from the .yaml gives the same document and styles as the committed .docx."""
    built = build(src, tmp_path / "built.docx")
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(src.with_suffix(".docx")) as b:
        for part in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
            assert a.read(part) == b.read(part), (
                f"{src.with_suffix('.docx').name} is stale ({part}): run python -m lingtan.generator.template_builder"
            )


@pytest.mark.parametrize("path", DOCX, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_template_opens_in_python_docx_and_uses_only_known_names(path: Path):
    doc = Document(str(path))
    assert doc.paragraphs or doc.tables
    names = DocxTemplate(str(path)).get_undeclared_template_variables(jinja2.Environment())
    assert names <= CONTEXT_NAMES, f"unknown names in {path.name}: {sorted(names - CONTEXT_NAMES)}"


@pytest.mark.parametrize("path", DOCX, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_template_attribute_paths_exist_in_the_model_and_engine_output(path: Path):
    """Every ``f.…`` path is a field of the data model, every ``a.…`` a field of the assessment, …"""
    problems = check_template_paths(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", DOCX, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_template_fonts_are_set_for_chinese(path: Path):
    """Styles and runs name an eastAsia font; no theme font overrides it."""
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
    for part in (styles, body):
        assert "asciiTheme" not in part and "eastAsiaTheme" not in part and "hAnsiTheme" not in part
    assert 'w:eastAsia="' in styles
    doc = Document(str(path))
    for p in doc.paragraphs:
        for r in p.runs:
            if r.text.startswith("{%"):  # template tags: removed with their paragraph when rendered
                continue
            rfonts = r._r.rPr.rFonts if r._r.rPr is not None else None
            assert rfonts is not None and rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"), (
                f"{path.name}: run {r.text!r} has no eastAsia font"
            )
    sec = doc.sections[0]
    assert {round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)} == {21.0, 29.7}  # A4


def test_path_checker_catches_misspelt_fields(tmp_path: Path):
    """The static check is not vacuous: misspelt data-model and engine fields are reported."""
    src = tmp_path / "bad.yaml"
    src.write_text(
        "form: bad\nblocks:\n"
        "  - p: '{{ f.enterprise.nme }}'\n"
        "  - for: 'c in a.conditions'\n    blocks:\n      - p: '{{ c.nmae }}'\n"
        "  - p: '{{ last.energy_tce }} {{ last.enrgy }} {{ cond[\"bc1\"].status }} {{ cond[\"bc1\"].statuz }}'\n"
        "  - for: 'p in f.projects[:5] | selectattr(\"completed_year\")'\n    blocks:\n      - p: '{{ p.name }} {{ p.nme }}'\n",
        encoding="utf-8",
    )
    problems = check_template_paths(build(src))
    text = "\n".join(problems)
    assert "'nme' is not a field of Enterprise" in text
    assert "'nmae' is not a field of the engine's ConditionResult" in text
    assert "'enrgy'" in text and "'statuz'" in text
    assert "'nme' is not a field of Project" in text
    assert len(problems) == 5, problems
