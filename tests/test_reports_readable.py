"""A reviewer reads the check reports without a glossary (issue 14, item 3).

Citations name the source in words, the 依据文本 column shows what was read on which page, every
code, type, field and value is a Chinese label (codes only in JSON and as a small tag in HTML),
seal noise is not shown as a value, the console table wraps instead of cutting, and the HTML
report is ready to print.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from checker_helpers import applicant_file, other, page_pdf, render, submission

from lingtan.checker.checks import GAP_KINDS
from lingtan.checker.labels import FIELDS, field_rows, label
from lingtan.checker.specs import load_spec
from lingtan.cli import main
from lingtan.common.sources import SOURCES, cite_text

QMS = "04-质量管理体系认证证书.pdf"

#: an internal name: snake_case or a dotted path, a lower-case English word (vocabulary keys, True/None), a file number cite
RAW_CODE = re.compile(r"[A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+|\b[a-z]{2,}\b|\b(?:True|False|None)\b|(?<![\d-])00\d (?=附件|第)")


@pytest.fixture(scope="module")
def defective(tmp_path_factory) -> Path:
    """A hefei submission with problems of every kind the reports label: expired, another company's, duplicate, unknown."""
    o = other()
    expired = render("qms_certificate", overrides={"expiry_date": "2024-05-09"})
    return submission(tmp_path_factory.mktemp("readable") / "申报材料", "hefei", add={
        QMS: expired,
        "04-质量管理体系认证证书 - 副本.pdf": expired,
        "08-信用报告.pdf": render("credit_report", overrides={"holder": o.name, "uscc": o.uscc}),
        "10-午餐菜单.pdf": page_pdf("本周午餐菜单", ["周一：红烧肉、清炒时蔬、米饭", "周二：宫保鸡丁、番茄蛋汤"]),
    }, drop=("07-能源管理体系认证证书.pdf",))


def _check(capsys, folder: Path, fmt: str, out: Path | None = None) -> tuple[int, str]:
    argv = ["check", str(folder), "--scheme", "hefei", "--as-of", "2026-03-15", "--no-ocr", "--applicant", str(applicant_file("hefei")),
            "--format", fmt, *(["--out", str(out)] if out else [])]
    code = main(argv)
    stdout, _ = capsys.readouterr()
    return code, stdout


class _Visible(HTMLParser):
    """The text a person sees in a page: no <code> tags (the small code tags), styles or title."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []
        self.tags: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("code", "style", "title"):
            self.hidden += 1
            self._in_code = tag == "code"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "style", "title"):
            self.hidden -= 1
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.tags.append(data)
        elif not self.hidden:
            self.text.append(data)


def _without_user_names(text: str, data: dict) -> str:
    """The text less what the submission and the reviewer named: its folder, its file names, the applicant's data file."""
    given = applicant_file("hefei")
    for name in sorted({data["root"], *(f["path"] for f in data["files"]), str(given), given.name}, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def test_html_visible_text_holds_no_raw_code(capsys, defective, tmp_path):
    """Every gap, type, status and field is a Chinese label; codes only in the small tags (and the JSON)."""
    _, out = _check(capsys, defective, "json")
    data = json.loads(out)
    code, _ = _check(capsys, defective, "html", tmp_path / "r.html")
    assert code == 1
    page = _Visible()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    visible = _without_user_names("\n".join(page.text), data)
    assert RAW_CODE.findall(visible) == []
    found = [*data["gaps"], *data["to_verify"]]
    assert {"expired", "name_mismatch", "duplicate", "missing", "unclassified"} <= {g["code"] for g in found}
    for g in found:  # each finding named in Chinese, its code only as a tag
        assert GAP_KINDS[g["code"]].label in visible and g["code"] in page.tags
    assert "质量管理体系认证证书" in visible and "qms_certificate" in page.tags
    assert "有效期至" in visible and "2024-05-09" in visible  # a field by its label, with its value


def test_a_raw_code_in_the_html_would_be_found():
    """The detector of the test above finds what issue 14 saw in the reports."""
    for seen in ("years_not_covered", "business_licence", "uscc_valid：True", "green_power_consumption", "000 附件1-3 第9项", "verify"):
        assert RAW_CODE.search(seen), seen
    for fine in ("江苏方案 附件1-3 第9项", "ISO 9001", "91320582MA1WQ8TK7L", "GB/T 32150", "CCER", "第1–4页"):
        assert not RAW_CODE.search(fine), fine


def test_citations_name_the_source_in_words(capsys, defective, tmp_path):
    _, table = _check(capsys, defective, "table")
    _check(capsys, defective, "html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    for text in (table, page):
        assert "合肥方案" in text and not re.search(r"(?<![\d-])003 ", text)
    assert cite_text("000 附件1-3 第9项") == "江苏方案 附件1-3 第9项"
    assert cite_text("002 附件4 序号1；第七条（一）") == "福建办法 附件4 序号1；第七条（一）"
    assert cite_text("004 附件6-1", "en") == "Zhejiang notice, 附件6-1"


@pytest.mark.parametrize("scheme", ["jiangsu", "suzhou", "fujian-zero", "fujian-near-zero", "hefei", "zhejiang"])
def test_every_cite_of_every_material_names_its_source(scheme):
    for m in load_spec(scheme).materials:
        shown = cite_text(m.cite)
        assert not re.search(r"(?<![\d-])\d{3} ", shown), (m.id, shown)
        assert any(s.short in shown for s in SOURCES.values()), (m.id, shown)


def test_basis_text_shows_what_was_read_or_what_the_source_asks(capsys, defective, tmp_path):
    """The 依据文本 column is never empty: the text read on which page, or (a missing material) the source's words."""
    from openpyxl import load_workbook

    _check(capsys, defective, "xlsx", tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    for sheet in ("问题清单", "需人工核对"):
        rows = list(wb[sheet].iter_rows(values_only=True))
        col = rows[0].index("依据文本")
        assert rows[1:] and all(r[col] for r in rows[1:]), sheet
    basis = {r[2]: r[rows[0].index("依据文本")] for r in wb["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert basis["已过期"].startswith("第1页读到：") and "2024" in basis["已过期"]
    assert basis["缺少材料"].startswith("合肥方案") and "“" in basis["缺少材料"]


def test_xlsx_headers_and_values_are_chinese(capsys, defective, tmp_path):
    from openpyxl import load_workbook

    _, out = _check(capsys, defective, "json")
    data = json.loads(out)
    _check(capsys, defective, "xlsx", tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for ws in wb.worksheets:
        assert cjk.search(ws.title)
        rows = list(ws.iter_rows(values_only=True))
        assert all(cjk.search(h) or h == "OCR" for h in rows[0]), (ws.title, rows[0])
        for row in rows[1:]:
            for v in row:
                assert not isinstance(v, bool), (ws.title, row)
                if isinstance(v, str):
                    assert RAW_CODE.findall(_without_user_names(v, data)) == [], (ws.title, v)
    assert "已过期" in {r[2] for r in wb["问题清单"].iter_rows(min_row=2, values_only=True)}


def test_field_values_are_plain_chinese_and_seal_noise_is_not_a_value():
    rows = dict(field_rows({"uscc": "91320582MA1WQ8TK7L", "uscc_valid": True, "uscc_all": ["91320582MA1WQ8TK7L"], "years": [2024, 2025],
                            "holder": "张家港恒晟精密轴承有限公司", "holder_source": "标题",
                            "issuer": "新恒承有达港有限美张家港恒晟精密轴承有限公司"}))
    assert rows == {"单位名称": "张家港恒晟精密轴承有限公司", "统一社会信用代码": "91320582MA1WQ8TK7L", "信用代码校验": "校验通过",
                    "出具单位": "张家港恒晟精密轴承有限公司", "覆盖年度": "2024年、2025年"}
    noisy = dict(field_rows({"issuer": "苏美有限达新能源江苏发展", "holder": "某某有限公司"}))
    assert "出具单位" not in noisy and noisy["单位名称"] == "某某有限公司"
    assert all(label("field", k) != k for k in FIELDS)


def test_every_code_the_checker_names_has_its_label():
    from lingtan.checker.doctypes import doc_types

    assert all(label("gap", c) not in (c, "") and label("gap", c, "en") != c for c in GAP_KINDS)
    assert all(label("type", t) != t and label("type", t, "en") != t for t in doc_types())
    for kind, codes in (("status", ("ok", "missing", "problem", "verify", "not_required", "unknown")),
                        ("required", ("必需", "不需要", "无法判定")), ("verdict", ("符合", "问题", "待人工核对"))):
        assert all(label(kind, c, "en") != c for c in codes)


def test_console_table_wraps_instead_of_cutting_and_shows_pages(capsys, defective):
    """Long file names and explanations wrap inside their cells; nothing is cut off with an ellipsis."""
    from lingtan.checker.extract import OcrPolicy
    from lingtan.checker.pipeline import check_submission
    from lingtan.checker.report import to_table

    r = check_submission(defective, "hefei", applicant_file=applicant_file("hefei"), as_of=date(2026, 3, 15),
                         ocr=OcrPolicy(enabled=False))
    table = to_table(r, width=100)
    assert "…" not in table and "..." not in table
    assert "┃ 页" in table and "┃ 说明" in table
    column = _column(table, "问题清单", "说明")
    for g in r.gaps:  # each explanation whole, read down its column
        assert g.message.replace(" ", "") in column
    files = _column(table, "文件识别", "文件")
    assert all(f.path.replace(" ", "") in files for f in r.files)


def _column(table: str, title: str, heading: str) -> str:
    """The text of one column of one table of the console report, its wrapped lines joined."""
    lines = table[table.index(title):].splitlines()
    head = next(ln for ln in lines if f"┃ {heading}" in ln)
    cells = [c for c in head.split("┃")]
    i = next(k for k, c in enumerate(cells) if c.strip() == heading)
    out = []
    for ln in lines[lines.index(head) + 2:]:
        if ln.startswith("└"):
            break
        parts = ln.split("│")
        if len(parts) == len(cells):
            out.append(parts[i].strip())
    return "".join(out).replace(" ", "")


def test_html_report_is_print_ready(capsys, defective, tmp_path):
    _check(capsys, defective, "html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "@media print" in page and "size:A4" in page and "thead{display:table-header-group}" in page
    assert "<thead>" in page and "<details" not in page  # nothing folded away on paper
