"""A clerk's story: make the blank workbook of a scheme, fill it in Excel, score it.

For every scheme, ``lingtan template`` writes the blank workbook; the test fills it cell by cell
with openpyxl from the scheme's YAML sample, finding each cell by the labels a person reads (the
项目 column, the column titles, the item names of 评价指标) and choosing enumerations among the
dropdown's Chinese choices; then the filled workbook scores exactly as the YAML sample does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, get_args

import openpyxl
import pytest
import yaml
from pydantic import BaseModel

from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.loading import load_factory
from lingtan.assessment.model.vocab import VOCABULARIES
from lingtan.assessment.schemes import load_indicator_file, load_scheme, with_indicators
from lingtan.cli import main
from lingtan.dataentry import load_data_file as _load_data_file
from lingtan.generator.formuse import narrative_titles
from lingtan.generator.narratives import recipes

from conftest import AS_OF, ROOT, SAMPLES

INPUTS = {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "lingtan" / "data" / "schemes").glob("*/claim_inputs.yaml")}


def load_data_file(path: Path) -> Factory:
    """The data-entry workbook as the commands read it (its 文字材料 too)."""
    return _load_data_file(path, narrative_titles())


HEFEI_INDICATORS = ROOT / "samples" / "indicators" / "hefei-indicators-example.yaml"

#: scheme → its YAML sample (one per scheme)
SAMPLE_OF = {
    "jiangsu": "jiangsu-zero",
    "suzhou": "suzhou-near-zero",
    "zhejiang": "zhejiang",
    "fujian-zero": "fujian-zero",
    "fujian-near-zero": "fujian-near-zero",
    "hefei": "hefei",
}
#: the table sheets the README documents, and the list each holds
TABLES = {
    "管理体系认证": ("management_systems", "certificates"),
    "节能降碳项目": ("projects",),
    "近三年事故": ("compliance", "accidents"),
    "近三年违法违规": ("compliance", "violations"),
}
FORM_SHEETS = ("基本信息", "基本条件")
ALL_LABELS = {zh: key for vocab in VOCABULARIES.values() for key, zh in vocab.items()}


def _scheme(sid: str):
    s = load_scheme(sid)
    return with_indicators(s, load_indicator_file(HEFEI_INDICATORS)) if sid == "hefei" else s


def make_template(tmp_path: Path, sid: str) -> Path:
    out = tmp_path / f"{sid}-空白.xlsx"
    args = ["template", "--scheme", sid, "--out", str(out)]
    if sid == "hefei":
        args += ["--indicators", str(HEFEI_INDICATORS)]
    assert main(args) == 0
    return out


# -- reading the template as a person does ------------------------------------------------------


def dropdown(ws: Any, cell: str) -> list[str] | None:
    """The Chinese choices of the dropdown on ``cell`` (None when it has none)."""
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list" and cell in dv.sqref:
            return next(iter(re.findall(r'"(.*)"', dv.formula1)), "").split(",")
    return None


def _field(model: type[BaseModel], name: str):
    return model.model_fields[name]


def _inner_model(info) -> type[BaseModel] | None:
    stack = [info.annotation]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
        stack.extend(get_args(tp))
    return None


def _shown(value: Any, choices: list[str] | None) -> Any:
    """The cell value a person enters for ``value``: the dropdown's Chinese choice for a code."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if choices:
        zh = next((c for c in choices if ALL_LABELS.get(c) == value or c == value), None)
        assert zh is not None, f"{value!r} 不在下拉选项 {choices} 中"
        return zh
    if isinstance(value, list):
        return "；".join(map(str, value))
    return value


class Filler:
    """Fills a blank workbook from a sample's data, finding cells by their labels."""

    def __init__(self, path: Path, scheme) -> None:
        self.path = path
        self.wb = openpyxl.load_workbook(path)
        self.scheme = scheme
        self.unfilled: list[str] = []

    def form_rows(self, sheet: str) -> dict[str, int]:
        ws = self.wb[sheet]
        return {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}

    def put_form(self, label: str, value: Any, where: str) -> None:
        for sheet in FORM_SHEETS:
            rows = self.form_rows(sheet)
            if label in rows:
                ws = self.wb[sheet]
                ref = f"B{rows[label]}"
                ws[ref] = _shown(value, dropdown(ws, ref))
                return
        self.unfilled.append(where)

    def walk_form(self, model: type[BaseModel], data: dict[str, Any], titles: tuple[str, ...], where: str) -> None:
        for name, value in data.items():
            info = _field(model, name)
            title = info.title or name
            sub = _inner_model(info)
            here = f"{where}.{name}"
            if value is None or value == [] or value == {}:
                continue
            if sub is not None and isinstance(value, dict):
                self.walk_form(sub, value, (*titles, title), here)
            elif sub is not None and isinstance(value, list):
                sheet = next(s for s, p in TABLES.items() if p[-1] == name)
                self.fill_table(sheet, sub, value, here)
            elif isinstance(value, list) and all(v in ALL_LABELS.values() or v in _keys_of(info) for v in value) and _keys_of(info):
                for v in value:  # a multiple choice: one 是/否 row per choice
                    self.put_form("·".join((*titles, title, _label_of(info, v))), True, f"{here}[{v}]")
            else:
                self.put_form("·".join((*titles, title)), value, here)

    def header(self, sheet: str) -> dict[str, int]:
        ws = self.wb[sheet]
        return {str(c.value): c.column for c in ws[1] if c.value}

    def fill_table(self, sheet: str, model: type[BaseModel], items: list[dict[str, Any]], where: str,
                   extra: dict[str, Any] | None = None) -> None:
        if sheet not in self.wb.sheetnames:
            self.unfilled.append(f"{where}（无工作表 {sheet}）")
            return
        ws = self.wb[sheet]
        cols = self.header(sheet)
        row = 3
        while any(ws.cell(row, c).value is not None for c in cols.values()):
            row += 1
        for i, item in enumerate(items):
            flat: dict[str, Any] = dict(extra or {})
            _flatten_titles(model, item, (), flat, skip={"output"})
            for label, value in flat.items():
                if label not in cols:
                    self.unfilled.append(f"{where}[{i}]·{label}")
                    continue
                ref = f"{openpyxl.utils.get_column_letter(cols[label])}{row}"
                ws[ref] = _shown(value, dropdown(ws, ref))
            row += 1

    def fill_claims(self, claims: dict[str, dict[str, Any]]) -> None:
        ws = self.wb["评价指标"]
        cols = self.header("评价指标")
        names = {i.id: i.name for i in [*self.scheme.conditions, *self.scheme.indicators]}
        inputs = INPUTS.get(self.scheme.id, {})
        for item_id, claim in claims.items():
            rows = [r for r in range(3, ws.max_row + 1) if ws.cell(r, cols["条目"]).value == names[item_id]]
            assert rows, f"评价指标中没有“{names[item_id]}”"
            main_row = rows[0]
            for key, value in claim.items():
                title = {"points": "自评得分", "met": "是否符合", "applicable": "是否适用", "value": "指标输入值",
                         "evidence": "证明材料", "note": "符合性说明"}[key]
                if key == "value" and isinstance(value, dict):
                    parts = inputs[item_id]["parts"]
                    for part, v in value.items():
                        r = next(r for r in rows if ws.cell(r, cols["输入项"]).value == parts[part]["label"])
                        ref = f"{openpyxl.utils.get_column_letter(cols[title])}{r}"
                        ws[ref] = _shown(v, dropdown(ws, ref))
                    continue
                if key == "value" and isinstance(value, str):
                    value = inputs[item_id]["choices"][value]
                ref = f"{openpyxl.utils.get_column_letter(cols[title])}{main_row}"
                ws[ref] = _shown(value, dropdown(ws, ref))

    def fill_narratives(self, narratives: dict[str, str]) -> None:
        titles = {k: r.title for k, r in recipes().items()}
        if "文字材料" not in self.wb.sheetnames:
            self.unfilled += [f"narratives.{k}" for k in narratives]
            return
        ws = self.wb["文字材料"]
        rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
        for key, text in narratives.items():
            if titles.get(key) in rows:
                ws.cell(rows[titles[key]], 2).value = text
            else:
                self.unfilled.append(f"narratives.{key}")

    def fill(self, data: dict[str, Any]) -> None:
        app = data.get("application", {})
        basic = self.form_rows("基本信息")
        ws = self.wb["基本信息"]
        assert ws.cell(basic["申报方案"], 2).value == self.scheme.name
        if app.get("level"):
            ws.cell(basic["申报类型"], 2).value = next(lv.name for lv in self.scheme.levels if lv.id == app["level"])
        rest = {k: v for k, v in app.items() if k not in ("scheme", "level")}
        self.walk_form(Factory.model_fields["application"].annotation, rest, (), "application")  # type: ignore[arg-type]
        self.put_form(Factory.model_fields["reporting_year"].title, data["reporting_year"], "reporting_year")
        for section in ("enterprise", "honours", "management_systems", "compliance", "energy_efficiency", "organisation"):
            if data.get(section):
                self.walk_form(_inner_model(Factory.model_fields[section]), data[section], (), section)
        from lingtan.assessment.model.factory import ProductOutput, YearFigures

        for year in data["years"]:
            self.fill_table("年度数据", YearFigures, [year], f"years[{year['year']}]")
            if year.get("output"):
                self.fill_table("产品产量", ProductOutput, year["output"], f"years[{year['year']}].output", {"年份": year["year"]})
        if data.get("projects"):
            from lingtan.assessment.model.factory import Project

            self.fill_table("节能降碳项目", Project, data["projects"], "projects")
        self.fill_claims(data.get("claims", {}).get(self.scheme.id, {}))
        self.fill_narratives(data.get("narratives", {}))
        self.wb.save(self.path)


def _keys_of(info) -> list[str]:
    for vocab in VOCABULARIES.values():
        if str(info.annotation).count("Literal") and all(f"'{k}'" in str(info.annotation) for k in vocab):
            return list(vocab)
    return []


def _label_of(info, key: str) -> str:
    for vocab in VOCABULARIES.values():
        if key in vocab and all(f"'{k}'" in str(info.annotation) for k in vocab):
            return vocab[key]
    raise KeyError(key)


def _flatten_titles(model: type[BaseModel], data: dict[str, Any], titles: tuple[str, ...], out: dict[str, Any],
                    skip: set[str]) -> None:
    for name, value in data.items():
        if name in skip or value is None or value == {}:
            continue
        info = model.model_fields[name]
        sub = _inner_model(info)
        title = info.title or name
        if sub is not None and isinstance(value, dict):
            _flatten_titles(sub, value, (*titles, title), out, skip)
        else:
            out["·".join((*titles, title))] = value


# -- the story -------------------------------------------------------------------------------


def _assess(factory: Factory, scheme, stage: str | None = None):
    return assess(factory, scheme, level=factory.application.level, as_of=AS_OF, stage=stage)


def _without_traces(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _without_traces(v) for k, v in d.items() if k != "trace"}
    if isinstance(d, list):
        return [_without_traces(v) for v in d]
    return d


def _points(a) -> dict[str, Any]:
    return {r.id: (r.points, r.met, r.derivation) for r in a.indicators}


@pytest.mark.parametrize("sid", sorted(SAMPLE_OF))
def test_blank_template_filled_cell_by_cell_scores_as_the_yaml_sample(tmp_path: Path, sid: str) -> None:
    scheme = _scheme(sid)
    blank = make_template(tmp_path, sid)
    sample_path = SAMPLES / f"{SAMPLE_OF[sid]}.yaml"
    data = yaml.safe_load(sample_path.read_text(encoding="utf-8"))
    filled = tmp_path / f"{sid}-已填.xlsx"
    filled.write_bytes(blank.read_bytes())
    f = Filler(filled, scheme)
    f.fill(data)
    # every figure and every claim the scoring reads found its cell
    assert not [u for u in f.unfilled if u.startswith(("claims", "reporting_year"))], f.unfilled

    from_yaml = _assess(load_factory(sample_path), scheme)
    # the workbook has no cell for the stage (issue 28: application.stage, or --stage on the command line): both are
    # assessed at the stage the YAML sample declares
    from_xlsx = _assess(load_data_file(filled), scheme, stage=from_yaml.stage)
    assert from_xlsx.verdict.status == from_yaml.verdict.status
    assert from_xlsx.total == from_yaml.total
    assert _points(from_xlsx) == _points(from_yaml)
    assert [(c.id, c.status) for c in from_xlsx.conditions] == [(c.id, c.status) for c in from_yaml.conditions]
    # every figure, fact and derivation alike (the traces list multiple choices in the dropdown's order)
    assert _without_traces(from_xlsx.to_dict()) == _without_traces(from_yaml.to_dict())


def test_score_reads_the_filled_workbook_from_the_command_line(tmp_path: Path, capsys) -> None:
    scheme = _scheme("jiangsu")
    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, scheme).fill(yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    capsys.readouterr()
    code_x = main(["score", str(filled), "--as-of", AS_OF.isoformat(), "--format", "json"])
    out_x = json.loads(capsys.readouterr().out)
    code_y = main(["score", str(SAMPLES / "jiangsu-zero.yaml"), "--as-of", AS_OF.isoformat(), "--format", "json"])
    out_y = json.loads(capsys.readouterr().out)
    assert code_x == code_y == 0
    assert out_x["total"] == out_y["total"]
    assert main(["validate", str(filled)]) == 0
    assert "张家港恒晟精密轴承有限公司" in capsys.readouterr().out


def test_template_offers_only_chinese_labels_and_dropdowns(tmp_path: Path) -> None:
    blank = make_template(tmp_path, "jiangsu")
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames[:5] == ["填写说明", "基本信息", "基本条件", "年度数据", "节能降碳项目"]
    assert "评价指标" in wb.sheetnames and "文字材料" in wb.sheetnames
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+\b", v), f"{ws.title}: {v}"
    basic = wb["基本信息"]
    rows = {basic.cell(r, 1).value: r for r in range(2, basic.max_row + 1)}
    assert dropdown(basic, f"B{rows['单位性质']}") == ["国有", "集体", "民营", "中外合资", "港澳台", "外商独资"]
    assert dropdown(basic, f"B{rows['申报类型']}") == ["近零碳工厂", "零碳工厂"]
    cond = wb["基本条件"]
    crow = {cond.cell(r, 1).value: r for r in range(2, cond.max_row + 1)}
    assert dropdown(cond, f"B{crow['智能制造称号·国家卓越级智能工厂']}") == ["是", "否"]
    assert dropdown(cond, f"B{crow['绿色工厂·绿色工厂级别']}") == ["国家级", "省级", "市级", "无"]
    # only what jiangsu uses: no 苏州 资源集约利用 grade, no zhejiang 碳效 figures
    years = [c.value for c in wb["年度数据"][1]]
    assert "苏州市资源集约利用评价等级" not in years and "碳效综合评价等级" not in years
    assert "综合能耗（当量值）tce" in years
    year_ws = wb["年度数据"]
    energy = openpyxl.utils.get_column_letter(years.index("综合能耗（当量值）tce") + 1)
    [check] = [dv for dv in year_ws.data_validations.dataValidation if f"{energy}3" in dv.sqref]
    assert check.type == "decimal" and check.showErrorMessage  # Excel refuses text as it is typed
    claims = wb["评价指标"]
    values = {claims.cell(r, 3).value: r for r in range(3, claims.max_row + 1)}
    assert dropdown(claims, f"I{values['非化石能源开发利用']}") == ["未开展", "实施开发项目", "实施规模化利用"]


def test_every_input_the_schemes_read_has_a_chinese_label() -> None:
    from lingtan.dataentry.catalogue import input_shape

    for sid in SAMPLE_OF:
        scheme = _scheme(sid)
        given = INPUTS.get(sid, {})
        for item in [*scheme.conditions, *scheme.indicators]:
            kind, parts, keys = input_shape(item)
            if kind == "none":
                assert item.id not in given, f"{sid} {item.id}: claim_inputs.yaml 中的条目未被使用"
                continue
            assert item.id in given, f"{sid} {item.id}: 缺少输入项名称"
            if kind == "parts":
                assert set(given[item.id]["parts"]) == parts
            else:
                assert given[item.id].get("label")
            if kind == "choice":
                assert set(given[item.id]["choices"]) == set(keys)


def test_a_bad_cell_names_sheet_row_and_column(tmp_path: Path, capsys) -> None:
    scheme = _scheme("jiangsu")
    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, scheme).fill(yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    wb = openpyxl.load_workbook(filled)
    ws = wb["年度数据"]
    col = next(c.column_letter for c in ws[1] if c.value == "综合能耗（当量值）tce")
    ws[f"{col}5"] = "九千一百"  # the third year's row
    basic = wb["基本信息"]
    row = next(r for r in range(2, basic.max_row + 1) if basic.cell(r, 1).value == "单位性质")
    basic[f"B{row}"] = "私营"
    wb.save(filled)
    capsys.readouterr()
    assert main(["score", str(filled), "--as-of", AS_OF.isoformat()]) == 2
    err = capsys.readouterr().err
    assert f"工作表「年度数据」第 5 行 {col} 列（综合能耗（当量值）tce）：值 “九千一百” 不符合规则：应为数字" in err
    assert f"工作表「基本信息」第 {row} 行 B 列（单位性质）：值 “私营” 不符合规则：应从下拉列表中选择：国有、集体、民营" in err
    assert "energy_tce" not in err and "ownership" not in err


def test_dates_and_codes_survive_excel(tmp_path: Path) -> None:
    """A date typed as text, a 统一社会信用代码 and a 行业代码 with a leading zero read back right."""
    scheme = _scheme("jiangsu")
    filled = make_template(tmp_path, "jiangsu")
    data = yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8"))
    data["enterprise"]["industry_code"] = "0610"
    data["enterprise"]["industry_name"] = "烟煤和无烟煤开采洗选"
    data["enterprise"]["established"] = "2012年6月18日"  # typed as text, the Chinese way
    data["application"]["date"] = "2026/3/15"
    Filler(filled, scheme).fill(data)
    fac = load_data_file(filled)
    assert fac.enterprise.industry_code == "0610"
    assert fac.enterprise.established == dt.date(2012, 6, 18)
    assert fac.application.date == dt.date(2026, 3, 15)
    assert fac.enterprise.uscc == "91320582MA1WQ8TK7L"


def test_generate_and_generate_batch_read_filled_workbooks(tmp_path: Path, capsys) -> None:
    """A folder of filled workbooks (and YAML files) is a batch; one workbook is one enterprise."""
    scheme = _scheme("jiangsu")
    inbox = tmp_path / "收件"
    inbox.mkdir()
    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, scheme).fill(yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    (inbox / "恒晟.xlsx").write_bytes(filled.read_bytes())
    (inbox / "另一家.yaml").write_bytes((SAMPLES / "jiangsu-near-zero-fails.yaml").read_bytes())
    out = tmp_path / "输出"
    code = main(["generate-batch", str(inbox), "--scheme", "jiangsu", "--as-of", AS_OF.isoformat(), "--jobs", "1",
                 "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "成功 2 家，失败 0 家" in text
    assert (out / "张家港恒晟精密轴承有限公司" / "张家港恒晟精密轴承有限公司.docx").is_file()
    # a damaged workbook in the folder is that enterprise's failure; the others are generated
    (inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    again = tmp_path / "输出2"
    code = main(["generate-batch", str(inbox), "--scheme", "jiangsu", "--as-of", AS_OF.isoformat(), "--jobs", "1",
                 "--out", str(again)])
    text = capsys.readouterr().out
    assert code == 2, text
    assert "成功 2 家，失败 1 家" in text and "损坏.xlsx" in text
    single = tmp_path / "单家"
    assert main(["generate", str(filled), "--as-of", AS_OF.isoformat(), "--out", str(single)]) == 0
    assert (single / "张家港恒晟精密轴承有限公司" / "lingtan-manifest.json").is_file()


def _visible_text(path: Path) -> list[str]:
    import docx

    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            out += [c.text for c in row.cells]
    return out


@pytest.mark.parametrize("sid", sorted(SAMPLE_OF))
def test_forms_from_the_filled_workbook_read_as_from_the_yaml_sample(tmp_path: Path, sid: str) -> None:
    """The template leaves out only what the scheme does not use: every form generated from the
    filled workbook reads word for word as the one generated from the YAML sample."""
    from lingtan.assessment.schemes import resolve_level
    from lingtan.generator.package import generate_package

    scheme = _scheme(sid)
    filled = make_template(tmp_path, sid)
    sample_path = SAMPLES / f"{SAMPLE_OF[sid]}.yaml"
    Filler(filled, scheme).fill(yaml.safe_load(sample_path.read_text(encoding="utf-8")))
    from_yaml = load_factory(sample_path)
    level = resolve_level(scheme, from_yaml.application.level)
    a = generate_package(load_data_file(filled), scheme, level, AS_OF, tmp_path / "from-xlsx")
    b = generate_package(from_yaml, scheme, level, AS_OF, tmp_path / "from-yaml")
    assert [o.file for o in a.forms] == [o.file for o in b.forms]
    for fa, fb in zip(a.forms, b.forms, strict=True):
        assert _visible_text(Path(a.folder) / fa.file) == _visible_text(Path(b.folder) / fb.file), fa.file


def test_a_blank_workbook_lists_what_is_required_where(tmp_path: Path, capsys) -> None:
    """Validating the untouched template names every required cell still empty, sheet by sheet."""
    out = tmp_path / "空白.xlsx"
    assert main(["template", "--scheme", "jiangsu", "--level", "zero", "--out", str(out)]) == 0
    basic = openpyxl.load_workbook(out)["基本信息"]
    rows = {basic.cell(r, 1).value: r for r in range(2, basic.max_row + 1)}
    assert basic.cell(rows["申报类型"], 2).value == "零碳工厂"
    capsys.readouterr()
    assert main(["validate", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"工作表「基本信息」第 {rows['企业名称']} 行 B 列（企业名称）：必填字段缺失" in err
    assert f"工作表「基本信息」第 {rows['申报联系人·姓名']} 行 B 列（申报联系人·姓名）：必填字段缺失" in err
    assert "工作表「年度数据」第 3 行 A 列" in err
    assert err.index("企业名称") < err.index("年度数据")  # in the order a person goes through the file


def test_a_renamed_label_is_reported_not_ignored(tmp_path: Path, capsys) -> None:
    out = make_template(tmp_path, "suzhou")
    wb = openpyxl.load_workbook(out)
    ws = wb["年度数据"]
    ws["B1"] = "能耗"
    wb.save(out)
    capsys.readouterr()
    assert main(["validate", str(out)]) == 2
    assert "工作表「年度数据」第 1 行 B 列（能耗）：无法识别的栏目" in capsys.readouterr().err


def test_rows_may_be_moved_or_the_hint_row_deleted(tmp_path: Path) -> None:
    """The reader goes by labels: deleting the hint row of 年度数据 and 评价指标, and moving form rows,
    changes nothing."""
    scheme = _scheme("jiangsu")
    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, scheme).fill(yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    before = load_data_file(filled)
    wb = openpyxl.load_workbook(filled)
    wb["年度数据"].delete_rows(2)
    wb["评价指标"].delete_rows(2)
    basic = wb["基本信息"]
    basic.move_range("A6:D7", rows=basic.max_row, cols=0)  # 企业名称 and 统一社会信用代码 to the end
    wb.save(filled)
    assert load_data_file(filled) == before


def test_score_a_folder_of_filled_workbooks(tmp_path: Path, capsys) -> None:
    """score DIR takes YAML files and data-entry workbooks; other workbooks in the folder are left alone."""
    scheme = _scheme("jiangsu")
    folder = tmp_path / "数据"
    folder.mkdir()
    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, scheme).fill(yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    (folder / "恒晟.xlsx").write_bytes(filled.read_bytes())
    (folder / "批量.xlsx").write_bytes((ROOT / "samples" / "batch" / "jiangsu-enterprises.xlsx").read_bytes())
    (folder / "恒晟.yaml").write_bytes((SAMPLES / "jiangsu-zero.yaml").read_bytes())
    capsys.readouterr()
    assert main(["score", str(folder), "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "共 2 个文件：符合 2 个" in out and "批量.xlsx" not in out


def _calc() -> str | None:
    """LibreOffice with its spreadsheet (Calc), or None."""
    import os
    import shutil

    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(os.path.realpath(soffice)).parent
    return soffice if (program / "libsclo.so").exists() else None


@pytest.mark.skipif(_calc() is None, reason="LibreOffice Calc 未安装（apt install libreoffice-calc-nogui）")
@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_calc_reads_the_same(tmp_path: Path) -> None:
    """A clerk with LibreOffice (or WPS, which writes the same format) opens, fills and saves the
    workbook: the dropdowns survive and the data read back are the same."""
    import subprocess

    scheme = _scheme("jiangsu")
    filled = make_template(tmp_path, "jiangsu")
    Filler(filled, scheme).fill(yaml.safe_load((SAMPLES / "jiangsu-zero.yaml").read_text(encoding="utf-8")))
    out = tmp_path / "calc"
    subprocess.run([_calc(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "xlsx:Calc Office Open XML", "--outdir", str(out), str(filled)],
                   check=True, capture_output=True, timeout=180)
    saved = out / filled.name
    assert load_data_file(saved) == load_data_file(filled)
    basic = openpyxl.load_workbook(saved)["基本信息"]
    rows = {basic.cell(r, 1).value: r for r in range(2, basic.max_row + 1)}
    assert dropdown(basic, f"B{rows['单位性质']}") == ["国有", "集体", "民营", "中外合资", "港澳台", "外商独资"]
