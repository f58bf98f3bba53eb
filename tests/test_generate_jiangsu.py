"""A Jiangsu enterprise fills in its data once and gets the province's forms, filled in.

江苏省零碳（近零碳）工厂 (000_0c31a927fc3e3bb0.txt) asks each applicant for 附件2 入库申报表 and
附件3 申报书. Each test generates the package of a sample enterprise (jiangsu-zero: a 零碳工厂 that
meets every condition; jiangsu-near-zero-fails: a 近零碳工厂 that fails two conditions), reads the
.docx back and checks it against the source form (labels transcribed below from the seed), the
data, and the engine's assessment; then changes the data and watches the ticks move.
"""

from __future__ import annotations

import hashlib
import re
import zipfile

import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from lingtan.assessment.engine.context import derived_year_figures
from lingtan.assessment.model.factory import Factory
from conftest import generate, patched, sample_data, score, squash
from lingtan.generator.context import date_zh, num, pct, pts
from lingtan.generator.narratives import count_chars
from lingtan.generator.template_builder import DRAFT_MARK

DRAFT = "【草稿"

# -- the source forms, transcribed from the seed ------------------------------------------

# 附件2 江苏省零碳（近零碳）工厂入库申报表 (seed lines ~277–318): the nine 基本条件 items, in order,
# as printed after "N.□"; each is the condition of jiangsu.yaml cited to 附件2 第N项.
INTAKE_ITEMS = [
    ("bc1", "获得省级及以上绿色工厂称号。"),
    ("bc2", "在自主减排的基础上实现类别1和类别2的碳排放量100%抵消。"),
    ("bc3", "单位产品、工序能耗应达到能耗限额标准先进值或标杆水平。（如无能耗限额标准先进值或标杆水平，则不适用）。"),
    ("bc4", "设有零碳（近零碳）工厂建设的管理机构，制定建设规划，提出总体目标，明确建设路径、重点项目、计划投资等。"),
    ("bc5-1", "近三年来正常经营生产，未发生工商注销、连续停产12个月以上、被市场监督管理部门列入经营异常名单且未被移出等情况。"),
    ("bc5-2", "近三年来未发生安全（含网络安全、数据安全）、质量、环境污染等事故以及偷漏税等违法违规行为。"),
    ("bc5-3", "近三年来在有关政府部门督察工作中未被发现存在严重问题。"),
    ("bc5-4", "近三年来未被列入工业节能监察整改名单或被列入整改名单，但已按要求完成整改。"),
    ("bc5-5", "近三年来未被列为失信被执行人。"),
]

# Every label of 附件2, in the source's order ("（模板）" marks the source as a template: not printed).
INTAKE_LABELS = [
    "附件2", "江苏省零碳（近零碳）工厂入库申报表",
    "企业名称", "企业地址", "企业法人代表及联系电话", "具体负责人及联系电话",
    "企业申报零碳（近零碳）工厂基本条件符合性情况，符合的在“□”内打√。",
    *[text for _, text in INTAKE_ITEMS],
    "零碳（近零碳）工厂培育建设的主要措施与计划（400字左右）。",
    "申报说明：",
    "本企业自愿申报，愿意接受工信部门的监督抽查和核验；如有不实，自愿被取消入库申请资格且3年内不再申报。",
    "企业负责人签章：", "公章：", "年月日",
    "设区市工信部门审核推荐意见。",
    "单位负责人签章：", "公章：", "年月日",
    "填表人及联系电话：", "填表时间：",
]

# 附件3 江苏省零碳（近零碳）工厂申报书 (seed lines ~320–399).
REPORT_SECTIONS = [
    "一、企业基本情况。",
    "二、零碳（近零碳）工厂建设情况。",
    "三、零碳（近零碳）工厂申报条件与确认标准符合性情况。",
    "四、持续改进与提升计划。",
]
APPLICATION_LABELS = [
    "附件3", "江苏省零碳（近零碳）工厂申报书",
    "企业名称：", "地址：", "联系人：", "电话：", "填报日期：",
    "江苏省工业和信息化厅制",
    "填报说明",
    "为规范江苏省零碳（近零碳）工厂的确认工作，请申报主体仔细阅读相关通知及说明，严格按照格式要求，如实填写各部分内容。",
    "1.申报书中基本信息表格请按照要求填写。",
    "2.申报书正文内容请按照要求进行阐述，文字表述清晰简洁，要点突出，结论明确。",
    "3.申报书需签字盖章，并加盖骑缝章，如有缺漏将不予采信，造成不良后果由申报主体自行承担。",
    "4.格式说明：请用A4幅面编辑打印，双面印刷并胶装。一级标题3号黑体，二级标题3号楷体加粗，正文字体为3号仿宋体，"
    "固定行距29磅。目录页码需与正文一一对应，如有证明材料等附件也需在目录中显示。",
    "5.电子版内容格式应与纸质版材料一致，以企业全称命名。",
    "一、基本信息表",
    "企业名称", "企业地址", "所属行业",
    "绿色工厂类别", "国家级", "省级",
    "绿色制造其他相关荣誉", "绿色供应链管理企业", "工业产品绿色设计示范企业",
    "申报类型", "近零碳工厂", "零碳工厂",
    "申报承诺：",
    "我单位自愿申报江苏省零碳（近零碳）工厂的评估确认。本申报书所提交的信息、数据及相关资料均真实、有效，"
    "愿接受并积极配合主管部门的监督抽查和核验；如有不实，愿意承担相应的责任。",
    "在不涉及商业机密的情况下，自愿与其他企业分享经验。",
    "法定代表人签章：", "公章：", "年月日",
    "二、零碳（近零碳）工厂自评价报告",
    *REPORT_SECTIONS,
]


def assert_in_order(text: str, labels: list[str]) -> None:
    """Each label occurs in ``text`` (whitespace ignored), after the one before it."""
    flat, at = squash(text), 0
    for lab in labels:
        i = flat.find(squash(lab), at)
        assert i >= 0, f"label {lab!r} missing (or out of the source's order)"
        at = i + len(squash(lab))


# -- generated packages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zero(tmp_path_factory):
    return generate(sample_data("jiangsu-zero"), tmp_path_factory.mktemp("zero"))


@pytest.fixture(scope="module")
def fails(tmp_path_factory):
    return generate(sample_data("jiangsu-near-zero-fails"), tmp_path_factory.mktemp("fails"))


@pytest.fixture(scope="module")
def packages(zero, fails):
    return {"jiangsu-zero": zero, "jiangsu-near-zero-fails": fails}


SAMPLES = ["jiangsu-zero", "jiangsu-near-zero-fails"]


def ticks(text: str) -> dict[str, str]:
    """The ☑/□ printed before each of the nine 基本条件 items of the 入库申报表, by condition id."""
    flat = squash(text)
    out = {}
    for n, (cid, item) in enumerate(INTAKE_ITEMS, 1):
        hits = [box for box in "☑□" if f"{n}.{box}{squash(item)}" in flat]
        assert len(hits) == 1, f"item {n} ({cid}) printed {len(hits)} times with a box"
        out[cid] = hits[0]
    return out


def expected_ticks(data) -> dict[str, str]:
    """☑ where the engine finds the condition met (item 3 also when not applicable: its own words)."""
    a = score(data, "jiangsu")
    ok = {c.id: c.status == "met" or (c.id == "bc3" and c.status == "not_applicable") for c in a.conditions}
    return {cid: "☑" if ok[cid] else "□" for cid, _ in INTAKE_ITEMS}


def table_with_header(doc, *header: str):
    for t in doc.tables:
        first = [squash(c.text) for c in t.rows[0].cells]
        if first[: len(header)] == list(header):
            return t
    raise AssertionError(f"no table with header {header}")


def body_after_heading(doc, heading: str) -> list[str]:
    """The texts of the body paragraphs after the heading ``heading``, up to the next heading."""
    out, inside = [], False
    for p in doc.paragraphs:
        is_heading = p.style.name.startswith("Heading")
        if is_heading and squash(p.text) == squash(heading):
            inside, out = True, []
            continue
        if inside and is_heading:
            break
        if inside and p.text.strip():
            out.append(p.text)
    return out


# -- 入库申报表 (附件2) ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_intake_form_prints_every_label_of_the_source_in_order(packages, name):
    text = packages[name].text("intake-form")
    assert_in_order(text, INTAKE_LABELS)
    assert "（模板）" not in text


@pytest.mark.parametrize("name", SAMPLES)
def test_intake_form_is_filled_with_the_enterprise_data(packages, name):
    e = sample_data(name)["enterprise"]
    flat = squash(packages[name].text("intake-form"))
    for value in (e["name"], e["address"], e["legal_representative"], e["legal_representative_phone"]):
        assert squash(value) in flat, value
    data = sample_data(name)
    assert squash(f"填表人及联系电话：{e['contact']['name']}{e['contact']['phone']}") in flat
    assert squash(f"填表时间：{date_zh(data['application']['date'])}") in flat
    if e.get("responsible_person"):
        assert squash(e["responsible_person"]["name"] + e["responsible_person"]["phone"]) in flat
    # 企业名称 and 企业地址 sit in the cell next to their label
    table = packages[name].document("intake-form").tables[0]
    assert table.cell(0, 1).text == e["name"] and table.cell(1, 1).text == e["address"]


def test_a_zero_carbon_factory_that_meets_every_condition_gets_nine_ticks(zero):
    assert ticks(zero.text("intake-form")) == {cid: "☑" for cid, _ in INTAKE_ITEMS}
    assert ticks(zero.text("intake-form")) == expected_ticks(sample_data("jiangsu-zero"))


def test_the_failing_conditions_of_the_near_zero_sample_stay_unticked(fails):
    got = ticks(fails.text("intake-form"))
    assert got == expected_ticks(sample_data("jiangsu-near-zero-fails"))
    # the sample's own account: offsets cover 92% (item 2), a quality accident (item 6)
    assert got["bc2"] == "□" and got["bc5-2"] == "□"
    assert [cid for cid, box in got.items() if box == "□"] == ["bc2", "bc5-2"]


def test_changing_the_data_moves_the_ticks(tmp_path):
    data = patched(sample_data("jiangsu-zero"), {
        "honours.green_factory.level": "municipal",      # item 1: a municipal title is not enough
        "compliance.dishonest_judgment_debtor": True,    # item 9
        "energy_efficiency.applicable": False,           # item 3: "如无…则不适用" — still ticked
    })
    g = generate(data, tmp_path)
    got = ticks(g.text("intake-form"))
    assert got == expected_ticks(data)
    assert got["bc1"] == "□" and got["bc5-5"] == "□" and got["bc3"] == "☑"
    assert [cid for cid, box in got.items() if box == "□"] == ["bc1", "bc5-5"]
    # 申报书: a municipal green factory ticks neither 国家级 nor 省级
    assert "□国家级□省级" in squash(g.text("application"))


def test_the_measures_and_plan_are_the_enterprise_text_verbatim(zero):
    given = sample_data("jiangsu-zero")["narratives"]["measures_plan"]
    text = zero.text("intake-form")
    assert given in text
    assert DRAFT not in text  # the text comes from the data: no draft marker


def test_without_measures_in_the_data_the_intake_form_gets_a_marked_draft(tmp_path):
    data = patched(sample_data("jiangsu-zero"), {"narratives": {}})
    g = generate(data, tmp_path)
    text = g.text("intake-form")
    assert DRAFT_MARK in text
    draft = text[text.index(DRAFT_MARK) + len(DRAFT_MARK):]
    assert data["organisation"]["management_body"] in draft and data["organisation"]["plan"]["title"] in draft
    n = next(n for n in g.manifest["narratives"] if n["key"] == "measures_plan")
    assert n["source"] == "draft" and n["limit"] == "约400字"


# -- 申报书 (附件3) ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_application_prints_every_label_of_the_source_in_order(packages, name):
    text = packages[name].text("application")
    assert_in_order(text, APPLICATION_LABELS)
    assert "（模板）" not in text and "（格式）" not in text


@pytest.mark.parametrize("name", SAMPLES)
def test_application_is_filled_with_the_enterprise_data(packages, name):
    data = sample_data(name)
    e = data["enterprise"]
    flat = squash(packages[name].text("application"))
    for label, value in (("企业名称：", e["name"]), ("地址：", e["address"]), ("联系人：", e["contact"]["name"]),
                         ("电话：", e["contact"]["phone"]), ("填报日期：", date_zh(data["application"]["date"]))):
        assert squash(label + value) in flat, label
    assert squash(f"所属行业{e['industry_name']}（{e['industry_code']}）") in flat


def test_application_reports_the_reporting_year_figures_of_the_data_and_the_engine(packages):
    for name, g in packages.items():
        data = sample_data(name)
        fac = Factory.model_validate(data)
        y = next(f for f in fac.years if f.year == fac.reporting_year)
        d = derived_year_figures(y)
        flat = squash(g.text("application"))
        assert squash(
            f"申报上年度（{fac.reporting_year}年）类别1排放量{num(y.emissions.category1)}吨二氧化碳当量、"
            f"类别2排放量{num(y.emissions.category2)}吨二氧化碳当量，合计{num(d['scope12'])}吨；"
            f"碳抵消量合计{num(d['offsets_total'])}吨，抵消比例{pct(d['offset_coverage'])}；"
            f"自主减排比例{pct(d['self_reduction_ratio'])}；可再生能源消费占比{pct(d['renewable_share'])}。"
        ) in flat, name
    # the zero sample, in the words of its data: 3650 + 4480 t, offsets 4480 + 1200 + 2500 t
    assert "合计8130吨；碳抵消量合计8180吨" in squash(packages["jiangsu-zero"].text("application"))


@pytest.mark.parametrize("name", SAMPLES)
def test_application_scores_each_item_as_the_engine_does(packages, name):
    a = score(sample_data(name), "jiangsu")
    doc = packages[name].document("application")
    table = table_with_header(doc, "序号", "类别", "指标", "分值", "自评得分")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(a.indicators) == 16
    for i in a.indicators:
        cells = rows[i.id]
        assert cells[2] == i.name
        assert cells[3] == pts(i.max_points) and cells[4] == pts(i.points), i.id
        assert cells[5] == i.derivation
    total = rows["合计"]
    assert total[3] == pts(a.max_total) and total[4] == pts(a.total)
    assert packages[name].result.total == a.total
    flat = squash(packages[name].text("application"))
    assert f"评价得分{pts(a.total)}分" in flat
    verdict = {"eligible": "符合申报条件", "not_eligible": "不符合申报条件"}[a.verdict.status]
    assert f"自评结论：{verdict}" in flat


def test_the_sample_scores_are_the_expected_ones(zero, fails):
    assert (zero.result.total, zero.result.verdict) == (87.0, "eligible")
    assert (fails.result.total, fails.result.verdict) == (38.0, "not_eligible")


@pytest.mark.parametrize("name", SAMPLES)
def test_application_lists_each_basic_condition_with_the_engine_conclusion(packages, name):
    a = score(sample_data(name), "jiangsu")
    table = table_with_header(packages[name].document("application"), "序号", "基本条件", "具体要求", "自评结论")
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in body] == [c.name for c in a.conditions]
    for r, c in zip(body, a.conditions):
        assert r[2] == c.text
        assert r[3] == {"met": "符合", "not_met": "不符合", "not_applicable": "不适用"}[c.status]
        assert r[5] == ("；".join(c.evidence) or "未列出（待提供）")  # a gap is flagged (issue 25)
        assert r[4] == c.reason
    if name == "jiangsu-near-zero-fails":
        assert [r[3] for r in body if r[3] != "符合"] == ["不符合", "不符合"]


def test_green_factory_class_other_honours_and_application_type_are_ticked_from_the_data(zero, fails, tmp_path):
    z, f = squash(zero.text("application")), squash(fails.text("application"))
    # jiangsu-zero: national green factory, green supply chain, applies as 零碳工厂
    assert "绿色工厂类别☑国家级□省级" in z
    assert "☑绿色供应链管理企业□工业产品绿色设计示范企业" in z
    assert "申报类型□近零碳工厂☑零碳工厂" in z
    # jiangsu-near-zero-fails: provincial green factory, no other honour, applies as 近零碳工厂
    assert "绿色工厂类别□国家级☑省级" in f
    assert "□绿色供应链管理企业□工业产品绿色设计示范企业" in f
    assert "申报类型☑近零碳工厂□零碳工厂" in f
    # the same enterprise applying as 近零碳工厂 with a green-design title
    data = patched(sample_data("jiangsu-zero"), {"application.level": "near-zero", "honours.other": ["green_design_demo"]})
    g = squash(generate(data, tmp_path).text("application"))
    assert "申报类型☑近零碳工厂□零碳工厂" in g
    assert "□绿色供应链管理企业☑工业产品绿色设计示范企业" in g


# typography (填报说明4) -----------------------------------------------------------------------


def _east_asia(el) -> str | None:
    rpr = el.find(qn("w:rPr"))
    rf = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return rf.get(qn("w:eastAsia")) if rf is not None else None


def test_application_typography_follows_the_instructions(zero):
    """一级标题3号黑体，二级标题3号楷体加粗，正文3号仿宋，固定行距29磅，A4."""
    from docx.enum.text import WD_LINE_SPACING

    doc = zero.document("application")
    styles = doc.styles
    expect = {"Heading 1": ("黑体", False), "Heading 2": ("楷体", True), "Normal": ("仿宋", False)}
    for name, (font, bold) in expect.items():
        st = styles[name]
        assert _east_asia(st.element) == font, name
        assert st.font.size == Pt(16), name  # 3号 = 16 pt
        assert bool(st.font.bold) is bold, name
        assert st.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY, name
        assert st.paragraph_format.line_spacing == Pt(29), name
    sec = doc.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)  # A4 portrait
    # the headings of the body use those styles, and their runs the heading fonts
    headings = {squash(p.text): p for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")}
    assert "一、基本信息表" in headings and all(squash(s) in headings for s in REPORT_SECTIONS)
    for p in headings.values():
        font = expect[p.style.name][0]
        assert all(_east_asia(r._r) == font for r in p.runs if r.text.strip()), p.text


@pytest.mark.parametrize("form", ["intake-form", "application", "evidence-index"])
def test_rendered_documents_name_an_east_asian_font_everywhere_and_no_theme_font(zero, form):
    with zipfile.ZipFile(zero.docx(form)) as z:
        for part in ("word/styles.xml", "word/document.xml"):
            xml = z.read(part).decode("utf-8")
            for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme"):
                assert attr not in xml, f"{form} {part}: {attr}"
    body = zero.document(form).element.body
    for r in body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if text.strip():
            assert _east_asia(r), f"{form}: run {text!r} has no eastAsia font"


def _toc_entries(doc) -> list[str]:
    """Texts of the paragraphs inside the TOC field (between its begin and its end)."""
    out, inside = [], False
    for p in doc.element.body.iter(qn("w:p")):
        instr = "".join(i.text or "" for i in p.iter(qn("w:instrText")))
        kinds = [f.get(qn("w:fldCharType")) for f in p.iter(qn("w:fldChar"))]
        if "TOC" in instr:
            inside = True
            continue
        if inside and "end" in kinds:
            break
        if inside:  # the heading's text, without the page number after the entry's tab
            text = "".join(t.text or "" if t.tag == qn("w:t") else "\t" for t in p.iter(qn("w:t"), qn("w:tab")))
            out.append(text.split("\t")[0])
    return out


def _toc_page_numbers(doc) -> list[str]:
    """What each TOC entry prints after its tab (its page number; empty when none)."""
    out = []
    for e in _toc_entry_paragraphs(doc):
        text = "".join(t.text or "" if t.tag == qn("w:t") else "\t" for t in e.iter(qn("w:t"), qn("w:tab")))
        out.append(text.split("\t")[1] if "\t" in text else "")
    return out


def _toc_entry_paragraphs(doc) -> list:
    out, inside = [], False
    for p in doc.element.body.iter(qn("w:p")):
        if "TOC" in "".join(i.text or "" for i in p.iter(qn("w:instrText"))):
            inside = True
        elif inside and "end" in [f.get(qn("w:fldCharType")) for f in p.iter(qn("w:fldChar"))]:
            break
        elif inside and "".join(t.text or "" for t in p.iter(qn("w:t"))).strip():
            out.append(p)
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_the_table_of_contents_lists_the_sections_and_every_attachment(packages, name):
    g = packages[name]
    doc = g.document("application")
    instr = "".join(i.text or "" for i in doc.element.body.iter(qn("w:instrText")))
    assert "TOC" in instr
    entries = [squash(e) for e in _toc_entries(doc)]
    for heading in ["一、基本信息表", "二、零碳（近零碳）工厂自评价报告", *REPORT_SECTIONS, "附件：证明材料"]:
        assert squash(heading) in entries, heading
    files = [f for c in sample_data(name)["claims"]["jiangsu"].values() for f in c.get("evidence", [])]
    assert files
    listed = [e for e in entries if e.startswith("附件") and e != squash("附件：证明材料")]
    assert len(listed) == len(set(files))  # one entry per distinct file: 附件1 … 附件N
    for f in set(files):
        assert any(e.endswith(squash(f)) for e in listed), f
    raw = [e for e in _toc_entries(doc) if re.match(r"附件\d+\s", e)]
    numbers = [int(re.match(r"附件(\d+)", e).group(1)) for e in raw]
    assert numbers == list(range(1, len(listed) + 1))
    # issue 25: with LibreOffice, generation writes each entry's page number and Word need not update
    # the field; without it, Word updates it on opening and the summary says the numbers are to come
    pages = _toc_page_numbers(doc)
    with zipfile.ZipFile(g.docx("application")) as z:
        asks = "w:updateFields" in z.read("word/settings.xml").decode("utf-8")
    if all(n.isdigit() for n in pages):
        assert not asks and [int(n) for n in pages] == sorted(int(n) for n in pages)
    else:
        assert asks and not any(pages)
        assert any(w.startswith("目录页码：") for w in g.manifest["warnings"])


@pytest.mark.parametrize("name", SAMPLES)
def test_the_application_file_is_named_with_the_enterprise_full_name(packages, name):
    g = packages[name]
    enterprise = sample_data(name)["enterprise"]["name"]
    assert g.docx("application").name == enterprise + ".docx"
    assert g.docx("application").is_file() and g.folder.name == enterprise


# narratives ------------------------------------------------------------------------------------


def test_absent_narratives_are_marked_drafts_stating_facts_from_the_data(zero):
    data = sample_data("jiangsu-zero")
    doc = zero.document("application")
    profile = body_after_heading(doc, "一、企业基本情况。")
    assert profile[0].startswith(DRAFT) and profile[0] == DRAFT_MARK
    assert data["enterprise"]["name"] in profile[1] and data["enterprise"]["uscc"] in profile[1]
    status = body_after_heading(doc, "二、零碳（近零碳）工厂建设情况。")
    assert status[0] == DRAFT_MARK
    y2025 = next(y for y in data["years"] if y["year"] == 2025)
    assert f"类别1排放{y2025['emissions']['category1']}吨二氧化碳当量" in status[1]
    assert data["organisation"]["management_body"] in status[1]
    plan = body_after_heading(doc, "四、持续改进与提升计划。")
    assert plan[0] == DRAFT_MARK and data["organisation"]["plan"]["title"] in plan[1]


def test_manifest_lists_each_narrative_with_its_source_and_length_check(zero, fails):
    given = sample_data("jiangsu-zero")["narratives"]["measures_plan"]
    by_key = {n["key"]: n for n in zero.manifest["narratives"]}
    assert set(by_key) == {"measures_plan", "company_profile", "construction_status", "improvement_plan"}
    mp = by_key["measures_plan"]
    assert mp["source"] == "data" and mp["limit"] == "约400字" and mp["chars"] == count_chars(given)
    assert mp["status"] == "too_short"  # about 100 characters where the form asks for about 400
    assert any("约400字" in w for w in zero.manifest["warnings"])
    for key in ("company_profile", "construction_status", "improvement_plan"):
        assert by_key[key]["source"] == "draft" and by_key[key]["status"] == "ok"
    # the failing sample gives no measures: its intake form carries a draft, and the manifest says so
    mp = next(n for n in fails.manifest["narratives"] if n["key"] == "measures_plan")
    assert mp["source"] == "draft" and DRAFT_MARK in fails.text("intake-form")


# manifest and evidence index -------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_manifest_summarises_the_package(packages, name):
    g, data = packages[name], sample_data(name)
    m = g.manifest
    assert m["applicant"]["name"] == data["enterprise"]["name"] and m["applicant"]["uscc"] == data["enterprise"]["uscc"]
    assert m["scheme"]["id"] == "jiangsu" and m["scheme"]["name"] == "江苏省零碳（近零碳）工厂"
    assert m["level"]["id"] == data["application"]["level"]
    assert m["level"]["name"] == {"zero": "零碳工厂", "near-zero": "近零碳工厂"}[data["application"]["level"]]
    claims = data["claims"]["jiangsu"]
    assert set(m["claims"]) == set(claims)
    for cid, claim in claims.items():
        assert m["claims"][cid]["evidence"] == claim.get("evidence", []), cid
    a = score(data, "jiangsu")
    assert m["result"]["total"] == a.total and m["result"]["verdict"] == a.verdict.status
    rows = {r["id"]: r for r in m["evidence_index"]}
    assert list(rows) == [c.id for c in a.conditions] + [i.id for i in a.indicators]
    for cid, row in rows.items():
        assert row["files"] == claims.get(cid, {}).get("evidence", []), cid
    assert [f["id"] for f in m["forms"]] == ["intake-form", "application", "evidence-index"]
    for f in m["forms"]:
        path = g.folder / f["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"], f["file"]


@pytest.mark.parametrize("name", SAMPLES)
def test_evidence_index_lists_each_file_with_the_items_it_backs(packages, name):
    g, claims = packages[name], sample_data(name)["claims"]["jiangsu"]
    doc = g.document("evidence-index")
    by_file = table_with_header(doc, "序号", "材料文件", "支撑的条件或指标")
    listed = {r.cells[1].text: r.cells[2].text for r in by_file.rows[1:]}
    expected: dict[str, list[str]] = {}
    for cid, claim in claims.items():
        for f in claim.get("evidence", []):
            expected.setdefault(f, []).append(cid)
    assert set(listed) == set(expected)
    shown = {r["id"]: r["shown"] for r in g.manifest["evidence_index"]}  # the number a person sees
    for f, ids in expected.items():
        for cid in ids:
            assert f" {shown[cid]} " in listed[f], (f, cid)
    by_item = table_with_header(doc, "序号", "类别", "编号", "条件或指标")
    files_of = {r.cells[0].text: (r.cells[2].text, r.cells[5].text) for r in by_item.rows[1:]}
    row_of = {r["id"]: r for r in g.manifest["evidence_index"]}
    for cid, claim in claims.items():
        number, files = files_of[str(row_of[cid]["no"])]
        assert number == shown[cid]
        assert files == ("；".join(claim.get("evidence", [])) or "未列出（待提供）"), cid  # a gap is flagged (issue 25)
