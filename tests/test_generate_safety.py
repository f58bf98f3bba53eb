"""An enterprise whose data is full of characters that break naive document generators still
gets valid documents that say exactly what the data says."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from conftest import generate, patched, sample_data, squash
from lingtan.generator import render as render_mod
from lingtan.common.manifest import MANIFEST_NAME
from lingtan.generator.render import RenderCheckError, Rendered, verify
from lingtan.generator.sanitize import Cleaning, Tracked, clean_text, safe_filename

HOSTILE_NAME = "A & B <公司> “引号”'单'\"双\" 🌱有限公司"
TEMPLATE_SYNTAX = "{{ 7*7 }} {% raw %} {_{ x }_} {%p if 1 %}路1号"
LONG_TEXT = ("零碳工厂建设措施🌞、" * 500)[:5000]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    data = patched(sample_data("jiangsu-zero"), {
        "enterprise.name": HOSTILE_NAME,
        "enterprise.address": TEMPLATE_SYNTAX,
        "enterprise.main_business": "精密\x0b轴承\x07研发",
        "narratives": {"measures_plan": LONG_TEXT},
    })
    return generate(data, tmp_path_factory.mktemp("hostile"))


def test_every_part_of_every_document_is_well_formed_xml(hostile):
    for form in hostile.manifest["forms"]:
        path = hostile.folder / form["file"]
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    etree.fromstring(z.read(name), etree.XMLParser(recover=False))  # raises if broken
        Document(str(path))


def test_ampersands_brackets_quotes_and_emoji_arrive_intact(hostile):
    for form_id in ("intake-form", "application", "evidence-index"):
        assert HOSTILE_NAME in hostile.text(form_id), form_id


def test_template_syntax_in_data_is_printed_verbatim_not_executed(hostile):
    address_cell = hostile.document("intake-form").tables[0].cell(1, 1).text
    assert address_cell == TEMPLATE_SYNTAX  # not "49 …": data never acts as template code


def test_control_characters_are_removed_and_reported_with_their_field(hostile):
    text = hostile.text("application")
    assert "精密轴承研发" in squash(text)
    assert "\x0b" not in text and "\x07" not in text
    msgs = [w for w in hostile.manifest["warnings"] if "enterprise.main_business" in w]
    assert msgs and "U+000B" in msgs[0] and "U+0007" in msgs[0]


def test_a_5000_character_narrative_is_kept_whole_and_its_length_reported(hostile):
    assert squash(LONG_TEXT) in squash(hostile.text("intake-form"))
    n = next(n for n in hostile.manifest["narratives"] if n["key"] == "measures_plan")
    assert n["source"] == "data" and n["chars"] == 5000 and n["status"] == "too_long"
    assert any("约400字" in w for w in hostile.manifest["warnings"])


def test_the_package_folder_and_files_get_safe_names(hostile):
    assert hostile.folder.name == safe_filename(HOSTILE_NAME)
    assert "<" not in hostile.folder.name and '"' not in hostile.folder.name
    assert (hostile.folder / MANIFEST_NAME).is_file()
    assert hostile.manifest["applicant"]["name"] == HOSTILE_NAME


def test_the_read_back_check_names_the_form_and_field_when_a_value_is_lost():
    """A document that lost a value (as docxtpl's recovering parser does after '&') is refused."""
    doc_bytes = (Path(__file__).parent.parent / "lingtan" / "data" / "schemes" / "jiangsu" / "templates" / "intake-form.docx").read_bytes()
    r = Rendered("intake-form", doc_bytes, printed=[Tracked("A & B 公司", "enterprise.name")])
    with pytest.raises(RenderCheckError) as e:
        verify(r, "江苏省零碳（近零碳）工厂入库申报表")
    assert "入库申报表" in str(e.value) and "enterprise.name" in str(e.value)


def test_clean_text_logs_each_field_once():
    log = Cleaning()
    assert clean_text("a\x00b\r\nc\x1fd", "x.y", log) == "ab\ncd"
    assert log.messages() == ["x.y：已删除 2 个无法写入 Word 文档的控制字符（U+0000、U+001F）"]


def test_autoescape_is_on_and_braces_become_character_references():
    printed: list = []
    env = render_mod._environment(printed)
    out = env.from_string("<w:t>{{ v }}</w:t>").render(v=Tracked("a&b<c>{{x}}", "p"))
    assert out == "<w:t>a&amp;b&lt;c&gt;&#123;&#123;x&#125;&#125;</w:t>"
    assert printed == ["a&b<c>{{x}}"]
