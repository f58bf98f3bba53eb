"""No source file number (000–004) in a citation a person reads (issues 25/26): every output of the six
samples — score's table and JSON, the generated documents and manifest, check's table, JSON, HTML and
XLSX, the web app's pages — names the source ("江苏方案 附件1-1 序号1"), never "000 附件1-1 序号1".
JSON keeps the machine ``cite`` and adds the readable ``cite_text``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_main
from openpyxl import load_workbook

from lingtan.common.sources import SOURCES, cite_text, readable_cites
from lingtan.generator.render import document_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "factories"
SIX = ["jiangsu-zero", "suzhou-near-zero", "fujian-zero", "fujian-near-zero", "hefei", "zhejiang"]
FILE_NUMBER = re.compile(r"\b00[0-4]\s*(附件|通知|指南|第|正文)")
#: wider: a file number before any Chinese text (hefei cites "003 四（一）1")
ANY_NUMBER = re.compile(r"(?<![\d.,])00[0-4]\s+(?=[\u4e00-\u9fff])")
AS_OF = "2026-03-15"


def run_text(*argv: str) -> tuple[int, str]:
    """``lingtan ARGV``: the exit code and everything it printed."""
    code, out, err = run_main(*argv)
    return code, out + err


def person_text(obj: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text of a JSON document except the machine ``cite`` keys."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k != "cite":
                yield from person_text(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from person_text(v, f"{where}[{i}]")
    elif isinstance(obj, str):
        yield where, obj


def leaks(texts: dict[str, str]) -> list[str]:
    return [f"{where}: …{t[max(0, m.start() - 40):m.end() + 20]}…" for where, t in texts.items()
            for pattern in (FILE_NUMBER, ANY_NUMBER) for m in pattern.finditer(t)]


def test_the_citation_function_names_the_source_and_keeps_the_rest():
    assert cite_text("000 附件1-1 序号1") == "江苏方案 附件1-1 序号1"
    assert cite_text("004 附件6-1；001 正文 二") == "浙江通知 附件6-1；苏州通知 正文 二"
    assert cite_text("000 附件1-1", "en") == "Jiangsu plan, 附件1-1"
    d = readable_cites({"items": [{"cite": "002 第十条", "x": 1}]})
    assert d == {"items": [{"cite": "002 第十条", "x": 1, "cite_text": "福建办法 第十条"}]}


@pytest.mark.parametrize("sample", SIX)
def test_no_source_file_number_in_any_output(sample, tmp_path):
    data = str(SAMPLES / f"{sample}.yaml")
    texts: dict[str, str] = {}
    texts["score table"] = run_text("score", data, "-v", "--as-of", AS_OF)[1]
    score = json.loads(run_text("score", data, "--format", "json", "--as-of", AS_OF)[1])
    texts |= {f"score json{w}": t for w, t in person_text(score)}
    cites = [d for d in _dicts(score) if "cite" in d]
    assert cites and all(d["cite_text"] == cite_text(d["cite"]) for d in cites)  # the machine key kept, the readable one added
    assert any(ANY_NUMBER.search(d["cite"]) for d in cites)  # there were numbers to replace: the scan can fail
    code, texts["generate"] = run_text("generate", data, "--out", str(tmp_path / "gen"), "--as-of", AS_OF)
    assert code == 0, texts["generate"]
    (folder,) = (tmp_path / "gen").iterdir()
    for f in folder.glob("*.docx"):
        texts[f.name] = document_text(f.read_bytes())
    manifest = json.loads((folder / "lingtan-manifest.json").read_text(encoding="utf-8"))
    texts |= {f"manifest{w}": t for w, t in person_text(manifest)}
    scheme = manifest["scheme"]["id"]
    check = ("check", str(folder), "--scheme", scheme, "--no-ocr", "--as-of", AS_OF)
    texts["check table"] = run_text(*check)[1]
    for fmt in ("json", "html", "xlsx"):
        dst = tmp_path / f"report.{fmt}"
        run_text(*check, "--format", fmt, "--out", str(dst))
        if fmt == "json":
            texts |= {f"check json{w}": t for w, t in person_text(json.loads(dst.read_text(encoding="utf-8")))}
        elif fmt == "html":
            texts["check html"] = dst.read_text(encoding="utf-8")
        else:
            for ws in load_workbook(dst):
                texts[f"xlsx {ws.title}"] = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert any(src.short in texts["score table"] for src in SOURCES.values())  # the citations are there, by name
    assert leaks(texts) == []


def _dicts(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from _dicts(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _dicts(v)


def test_the_web_pages_name_the_source(tmp_path):
    """The assessment panel (every sample) and the field hints render citations through the ``cite`` filter;
    no template shows a ``cite`` without it."""
    from datetime import date

    from lingtan.assessment import assess, load_scheme, resolve_level
    from lingtan.dataentry import load_data_file
    from lingtan.web import fields as form_fields
    from lingtan.web.app import create_app
    from lingtan.web.settings import Settings

    create_app(Settings(data_dir=tmp_path / "web"), start_runner=False)
    from lingtan.web import app as web

    for sample in SIX:
        factory = load_data_file(SAMPLES / f"{sample}.yaml")
        scheme = load_scheme(factory.application.scheme)
        a = assess(factory, scheme, level=resolve_level(scheme, factory.application.level), as_of=date(2026, 3, 15))
        page = web.W.env.get_template("_assessment.html").render(a=a, problems=[])
        assert "出处：" in page and leaks({sample: page}) == [], sample
        groups = form_fields.form_groups(scheme, factory.model_dump(mode="json"), factory.application.level)
        assert leaks({f"{sample} fields": json.dumps(groups, ensure_ascii=False, default=str)}) == []
    for tpl in (ROOT / "lingtan" / "web" / "templates").glob("*.html"):
        assert not re.search(r"\{\{[^}]*\.cite\s*\}\}", tpl.read_text(encoding="utf-8")), tpl.name
