"""The 目录's page numbers written into the delivered .docx (lingtan/generator/toc_pages.py), without
LibreOffice: the note when it is missing, the numbers written where the layout puts them, the pages
read from a PDF. The LibreOffice render of every form is checked in tests/test_render_layout.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import generate, sample_data
from docx import Document

from lingtan.generator import pdf as pdf_mod
from lingtan.generator import toc_pages
from lingtan.generator.render import document_text

pymupdf = pytest.importorskip("pymupdf")


@pytest.fixture(autouse=True)
def _layout_on(monkeypatch):
    """These tests stub LibreOffice themselves: the suite-wide switch (conftest) stays off here."""
    monkeypatch.delenv("LINGTAN_TOC_PAGES", raising=False)


def test_the_layout_switched_off_leaves_the_field_for_word_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("LINGTAN_TOC_PAGES", "0")
    monkeypatch.setattr(toc_pages, "_CACHE", {})
    g = generate(sample_data("jiangsu-zero"), tmp_path / "out")
    assert "w:updateFields" in _settings(g.docx("application").read_bytes())
    assert any("LINGTAN_TOC_PAGES=0" in w and "待更新" in w for w in g.manifest["warnings"])


@pytest.fixture
def no_soffice(monkeypatch, tmp_path):
    monkeypatch.setenv("LINGTAN_SOFFICE", str(tmp_path / "no-such-soffice"))
    monkeypatch.setattr(toc_pages, "_CACHE", {})


@pytest.fixture
def application(no_soffice, tmp_path) -> tuple[bytes, list[str]]:
    """The jiangsu 申报书 as generated without LibreOffice, and the package's warnings."""
    g = generate(sample_data("jiangsu-zero"), tmp_path / "out")
    return g.docx("application").read_bytes(), g.manifest["warnings"]


def _settings(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/settings.xml").decode("utf-8")


def test_without_libreoffice_word_updates_the_field_and_the_summary_says_so(application):
    data, warnings = application
    notes = [w for w in warnings if w.startswith("目录页码：")]
    assert len(notes) == 1 and "未找到 LibreOffice" in notes[0] and "江苏省零碳（近零碳）工厂申报书" in notes[0]
    assert "w:updateFields" in _settings(data)
    same, note = toc_pages.fill_page_numbers(data, "申报书")
    assert same == data and note and "《申报书》" in note
    Document(io.BytesIO(data))  # opens


def test_the_computed_pages_are_written_after_each_entry_and_word_no_longer_asks(application, monkeypatch, tmp_path):
    data, _warnings = application
    seen: dict[str, list[str]] = {}

    def pages(pdf: Path, titles: list[str]) -> list[int]:
        seen["titles"] = titles
        return [5 + i for i in range(len(titles))]

    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf_mod, "convert_all", lambda files, **kw: pdf_mod.Converted([tmp_path / "x.pdf"]))
    monkeypatch.setattr(toc_pages, "heading_pages", pages)
    filled, note = toc_pages.fill_page_numbers(data, "申报书")
    assert note is None
    assert seen["titles"][:2] == ["一、基本信息表", "二、零碳（近零碳）工厂自评价报告"]
    assert "w:updateFields" not in _settings(filled)
    text = document_text(filled)
    assert "一、基本信息表\t5\n" in text and "二、零碳（近零碳）工厂自评价报告\t6\n" in text
    body = Document(io.BytesIO(filled)).element.body
    entries = toc_pages.toc_entries(body)
    assert len(entries) == len(seen["titles"])
    assert text.count("\t") == len(entries)  # a number per entry, nothing outside the field touched


def test_a_failed_layout_keeps_the_document_and_names_the_reason(application, monkeypatch, tmp_path):
    data, _warnings = application

    def missing(pdf: Path, titles: list[str]) -> list[int]:
        raise toc_pages.PdfConversionError("正文中未找到标题“一、基本信息表”")

    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf_mod, "convert_all", lambda files, **kw: pdf_mod.Converted([tmp_path / "x.pdf"]))
    monkeypatch.setattr(toc_pages, "heading_pages", missing)
    same, note = toc_pages.fill_page_numbers(data, "申报书")
    assert same == data
    assert note and "未能计算" in note and "一、基本信息表" in note


def test_heading_pages_are_read_after_the_contents(tmp_path):
    doc = pymupdf.open()
    for lines in (["Contents", "Alpha ........ 00", "Beta ........ 00"], ["Intro Alpha is named here"], ["Alpha"], ["text", "Beta"]):
        page = doc.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 100 + 20 * i), line)
    path = tmp_path / "toc.pdf"
    doc.save(path)
    assert toc_pages.heading_pages(path, ["Alpha", "Beta"]) == [3, 4]
    with pytest.raises(toc_pages.PdfConversionError):
        toc_pages.heading_pages(path, ["Alpha", "Gamma"])


def test_a_document_without_a_toc_is_left_alone(no_soffice, tmp_path):
    g = generate(sample_data("zhejiang"), tmp_path / "out")
    data = g.docx("self-assessment").read_bytes()
    assert toc_pages.fill_page_numbers(data, "自评价报告") == (data, None)
    assert not any(w.startswith("目录页码：") for w in g.manifest["warnings"])
