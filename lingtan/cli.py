"""The ``lingtan`` command: schemes, validate, score, generate, generate-batch, check, check-batch.

Each ``cmd_*`` function parses nothing and prints little: it calls the halves (``assessment``,
``generator``, ``checker``) and maps their :class:`~lingtan.common.errors.LingtanError` to an exit
code (see README "退出码"): 0 ok / eligible / complete, 1 not eligible or undecidable / gaps found,
2 invalid input or arguments, 3 invalid scheme definition, 4 output not written, 5 a required
component (the OCR engine) cannot load, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from lingtan.assessment import (
    VERDICT_ZH,
    Assessment,
    Factory,
    Scheme,
    all_schemes,
    as_of_text,
    assess,
    evaluation_date,
    load_indicator_file,
    load_scheme,
    resolve_level,
    resolve_stage,
    scheme_ids,
    with_indicators,
)
from lingtan.common import LANGUAGES, ExitCode, InputError, LingtanError, _, argparse_language, json_text, printable, speaking, write_atomic

from . import __version__
from .report import json_dict, render_json, render_summary_line, render_table


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps our hand-wrapped descriptions and the exit-code table as written; Chinese section headings
    end with a full-width colon (argparse writes ``选项:``)."""

    def format_help(self) -> str:
        text = super().format_help()
        return re.sub(r"^([^\s][^\n]*?[\u4e00-\u9fff]):$", r"\1：", text, flags=re.M)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        """An option the command checks itself (``shown_required``) is shown without brackets, as required."""
        shown = [a for a in actions if getattr(a, "shown_required", False) and not a.required]
        for a in shown:
            a.required = True
        try:
            return super()._format_usage(usage, actions, groups, prefix)
        finally:
            for a in shown:
                a.required = False


DATA_SUFFIXES = (".yaml", ".yml", ".json")
#: the narrowest terminal the tables are laid out for (narrower ones get lines of this width); they fold at 80 columns
MIN_WIDTH = 60

EPILOG = """退出码：
  0   成功（score：符合申报条件；score 目录：全部文件均已评价；validate：数据有效；check：材料齐全无问题）
  1   运行正常，但结论为不符合申报条件或无法判定（单个文件）；check：材料不齐全（有问题或需人工核对的事项）
  2   输入无效：参数错误、数据文件无法读取或不符合规则、未知方案
      generate-batch：部分行或文件的数据无效（其余企业已生成，汇总中列出每个错误）
      check-batch：0 全部齐全，1 有材料发现问题或检查失败（汇总中列出），2 参数错误或 ROOT 不可用，130 中断（已完成的报告和汇总保留）
  3   方案定义文件无效
  4   输出文件无法写入
  5   缺少运行所需的组件（OCR 引擎无法加载）：请重新安装 lingtan；只有电子版文件时可加 --no-ocr
  70  内部错误（请附输入文件报告问题）
  130 被用户中断（Ctrl-C）"""


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(_("日期格式应为 YYYY-MM-DD，实际为 {value!r}").format(value=s)) from None


#: each subcommand's one-line help and its description (--help)
HELP: dict[str, tuple[str, str]] = {
    "schemes": (
        "列出支持的评价方案",
        "列出支持的评价方案及其申报类型。",
    ),
    "template": (
        "生成空白数据填报工作簿（Excel）：按方案列出要填的项目、单位、说明和下拉选项",
        "为一个评价方案生成空白的 Excel 数据填报工作簿：基本信息、基本条件、年度数据、评价指标、文字材料等工作表，"
        "只含该方案用到的项目，每项有中文名称、单位、填写说明，可选项为下拉列表。\n"
        "填好后可直接用于 validate、score、generate 和 generate-batch。",
    ),
    "validate": (
        "校验企业数据文件",
        "校验企业数据文件（YAML、JSON 或数据填报工作簿 .xlsx），一次列出全部问题。",
    ),
    "score": (
        "按方案评价：基本条件、逐项得分、合计与结论",
        "按评价方案逐项评价企业数据：基本条件与否决项、每个指标的得分及计算过程、分类与加权合计、确认标准和结论。\n"
        "DATA 为目录时，逐个评价其中的数据文件并输出汇总。",
    ),
    "generate": (
        "生成申报材料：该方案的全部表单（.docx）、证明材料索引和清单文件",
        "按评价方案为一家企业生成全部申报表单（.docx），分数与结论由评价引擎计算；"
        "同时生成证明材料索引和机器可读的清单 lingtan-manifest.json。输出到 OUT/<企业全称>/。",
    ),
    "generate-batch": (
        "批量生成：多家企业的申报材料（数据文件目录或 Excel 工作簿），以及主管部门汇总表",
        "为多家企业并行生成申报材料：INPUT 为数据文件目录（.yaml/.yml/.json，含子目录，跳过隐藏文件）"
        "或 Excel 工作簿（.xlsx，每行一家企业，列的写法见 samples/batch/README.md）。\n"
        "每家企业输出到 OUT/<企业全称>/（企业名称相同时加统一社会信用代码后缀）；"
        "方案有汇总表（如苏州培育计划汇总表、浙江推荐汇总表）时生成 OUT/<表单名称>.docx；"
        "并生成 OUT/批量生成汇总.xlsx 和 OUT/批量生成汇总.json。\n"
        "某一行或某个文件数据有误时报告行号（或文件名）和字段，其余企业照常生成。批量生成须用 --scheme 指定评价方案。",
    ),
    "check": (
        "检查一份申报材料（目录或 zip）：缺少哪些材料、每份文件有何问题",
        "按方案的申报材料清单检查一份提交的材料（目录或 zip 压缩包）：识别每份文件的类型和关键字段，"
        "逐项列出缺少的材料，以及过期、单位名称或信用代码不符、年度未覆盖、非第三方出具、未盖章、缺中文译文、无法读取、重复等问题。",
    ),
    "check-batch": (
        "批量检查：ROOT 下每个子目录或 zip 为一份申报材料，输出每份报告和汇总表",
        "批量检查多份申报材料：ROOT 下的每个子目录或 .zip 为一份材料（跳过隐藏文件）。"
        "每份材料输出 OUT/reports/<名称>.json 和 .html，最后生成 OUT/检查汇总.xlsx 和 OUT/检查汇总.json。\n"
        "多进程并行；每个文件有处理时限和内存上限，超限的文件报告为无法读取；某份材料检查失败不影响其余材料。"
        "结果缓存在 OUT/.cache/，再次运行时跳过未变化的材料（中断后可续跑）。",
    ),
    "serve": (
        "启动本机网页版：企业填报与评分、材料上传与审核、检查历史",
        "启动网页版（在本机运行，不连接互联网）：企业按栏目填写数据、实时查看基本条件和得分、下载申报材料；"
        "审核人员上传申报材料或登记批量材料文件夹，后台检查，逐条确认或驳回。历史记录保存在 --data 目录的 SQLite 数据库中。\n"
        "默认只监听 127.0.0.1（仅本机可访问）；监听其他地址时必须用 --password 或环境变量 LINGTAN_WEB_PASSWORD 设置访问密码，否则拒绝启动（退出码 2）。",
    ),
}


def _command(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> argparse.ArgumentParser:
    """A subcommand with its help from :data:`HELP`, the Chinese help layout and the exit codes."""
    brief, description = HELP[name]
    p = sub.add_parser(name, help=brief, description=description, formatter_class=HelpFormatter, epilog=EPILOG)
    _lang_arg(p)
    return p


def _lang_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGUAGES, default=None, help="界面语言：zh（中文，默认）或 en（英文）；也可设置环境变量 LINGTAN_LANG")


def parser_texts(p: argparse.ArgumentParser) -> list[tuple[Any, str, str]]:
    """Every text of a parser tree a person reads in --help: (object, attribute, text)."""
    out: list[tuple[Any, str, str]] = []
    for obj, attr in ((p, "description"), (p, "epilog")):
        if getattr(obj, attr):
            out.append((obj, attr, getattr(obj, attr)))
    for group in p._action_groups:
        if group.title and not group.title.isascii():
            out.append((group, "title", group.title))
    for action in p._actions:
        for attr in ("help", "metavar"):
            text = getattr(action, attr)
            if isinstance(text, str) and text and not text.isascii():
                out.append((action, attr, text))
        if isinstance(action, argparse._SubParsersAction):
            out += [(ca, "help", ca.help) for ca in action._choices_actions if ca.help]
            for sp in dict.fromkeys(action.choices.values()):
                out += parser_texts(sp)
    return out


def _localise(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Every help text, description, epilog and Chinese metavar of the parser tree in the run's language."""
    for obj, attr, text in parser_texts(p):
        setattr(obj, attr, _(text))
    return p


def build_parser() -> argparse.ArgumentParser:
    """The command line, its texts in the run's language (argparse's own through ``argparse_language``)."""
    p = argparse.ArgumentParser(
        prog="lingtan",
        description="零碳（近零碳）工厂、绿色低碳工厂申报的数据校验、评分与材料检查工具。",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"lingtan {__version__}", help="显示版本号并退出")
    _lang_arg(p)
    sub = p.add_subparsers(dest="command", title="子命令", metavar="命令")

    s = _command(sub, "schemes")
    s.add_argument("--verbose", "-v", action="store_true", help="显示每个方案的条件、指标数量与出处")

    t = _command(sub, "template")
    t.add_argument("--scheme", required=True, help="评价方案 id；用 lingtan schemes 查看")
    t.add_argument("--level", help="申报类型，如 near-zero / zero（省略时列出全部申报类型的条目）")
    t.add_argument("--indicators", type=Path, metavar="FILE", help="用户提供的评价指标体系文件（如合肥市零碳示范工厂评价指标体系）")
    t.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="输出的工作簿（原子写入）")

    v = _command(sub, "validate")
    v.add_argument("data", type=Path, metavar="DATA", help="企业数据文件（.yaml/.yml/.json，或数据填报工作簿 .xlsx）")
    v.add_argument("--scheme", help="同时检查该方案所需的年度数据等")
    _stage_arg(v)

    sc = _command(sub, "score")
    sc.add_argument("data", type=Path, metavar="DATA", help="企业数据文件，或包含数据文件的目录")
    _scheme_args(sc)
    sc.add_argument("--format", choices=("table", "json"), default="table", help="输出格式：table（中文表格，默认）或 json")
    sc.add_argument("--out", type=Path, metavar="FILE", help="把结果写入文件（原子写入），而不是打印")
    sc.add_argument("--verbose", "-v", action="store_true", help="显示每项的原文、出处和读取的数据")

    g = _command(sub, "generate")
    g.add_argument("data", type=Path, metavar="DATA", help="企业数据文件（.yaml/.yml/.json，或数据填报工作簿 .xlsx）")
    _scheme_args(g)
    g.add_argument("--out", type=Path, default=Path("lingtan-out"), metavar="DIR", help="输出目录（默认 ./lingtan-out）；每家企业一个子目录")
    g.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转换为 PDF（需已安装 LibreOffice）")
    g.add_argument("--force", action="store_true", help="重新生成时替换上次生成后被修改过的文件（不是本工具写入的文件始终保留）")

    gb = _command(sub, "generate-batch")
    gb.add_argument("input", type=Path, metavar="INPUT", help="数据文件目录，或 Excel 工作簿（.xlsx）")
    _scheme_args(gb, scheme_help="评价方案 id（必填）；用 lingtan schemes 查看", stage=False)
    gb.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="并行进程数（默认为 CPU 核数；1 表示不并行）")
    gb.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出目录；每家企业一个子目录，汇总表在目录顶层")
    gb.add_argument("--force", action="store_true", help="重新生成时替换上次生成后被修改过的文件（不是本工具写入的文件始终保留）")

    ck = _command(sub, "check")
    ck.add_argument("path", type=Path, metavar="PATH", help="一份申报材料：目录或 .zip")
    ck.add_argument("--scheme", required=True, help="评价方案 id；用 lingtan schemes 查看")
    ck.add_argument("--applicant", type=Path, metavar="DATA", help="申报企业的数据文件（省略时使用材料中的 lingtan-manifest.json 或营业执照）")
    ck.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                    help="判断是否过期的基准日，默认 --applicant 数据文件的申报日期 application.date，否则今天")
    ck.add_argument("--format", choices=("table", "json", "html", "xlsx"), default="table", help="输出格式：table（默认）、json、html、xlsx")
    ck.add_argument("--out", type=Path, metavar="FILE", help="把报告写入文件（原子写入）；xlsx 必须指定")
    ck.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别（更快，但扫描件无法识别）")
    ck.add_argument("--ocr-all", action="store_true", help="对每个无文字层的页面整页识别（默认只识别检查需要的页，更快）")

    cb = _command(sub, "check-batch")
    cb.add_argument("root", type=Path, metavar="ROOT", help="存放多份申报材料的目录（每份一个子目录或 .zip）")
    cb.add_argument("--scheme", required=True, help="评价方案 id；用 lingtan schemes 查看")
    cb.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出目录：reports/、检查汇总.xlsx、检查汇总.json")
    cb.add_argument("--applicants", type=Path, metavar="DIR", help="企业数据文件目录：<材料名称>.yaml（省略或缺文件时使用材料中的清单文件或营业执照）")
    cb.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="判断是否过期的基准日，默认今天")
    cb.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="并行进程数（默认为 CPU 核数）")
    cb.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别（更快，但扫描件无法识别）")
    cb.add_argument("--ocr-all", action="store_true", help="对每个无文字层的页面整页识别（默认只识别检查需要的页，更快）")
    cb.add_argument("--doc-timeout", type=float, default=120.0, metavar="秒", help="每个文件的处理时限（默认 120 秒；0 表示不限），超时的文件报告为无法读取")
    cb.add_argument("--max-memory-mb", type=int, default=3072, metavar="MB", help="每个检查进程的内存上限（默认 3072 MB；0 表示不限）")
    cb.add_argument("--cluster", metavar="tcp://HOST:8786",
                    help="在 Dask 集群上检查（多台机器）：调度器地址；各台机器须在同一路径下看到 ROOT 和 --applicants（共享文件夹），"
                         "报告、缓存和汇总仍由本机写入（需安装 lingtan[cluster]；见 README“多台机器（集群）”）")

    sv = _command(sub, "serve")
    sv.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问；其他地址须设置访问密码）")
    sv.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    sv.add_argument("--data", type=Path, default=Path("lingtan-data"), metavar="DIR", help="数据目录：数据库、上传的文件（默认 ./lingtan-data）")
    sv.add_argument("--password", default=None, help="访问密码（至少 8 个字符；也可用环境变量 LINGTAN_WEB_PASSWORD）")
    sv.add_argument("--workers", type=int, default=2, metavar="N", help="同时检查的材料数（默认 2；每个检查进程另有内存上限）")
    sv.add_argument("--max-upload-mb", type=int, default=200, metavar="MB", help="单次上传的总大小上限（默认 200 MB）")
    sv.add_argument("--max-files", type=int, default=500, metavar="N", help="单次上传的文件数上限（默认 500）")
    sv.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别（更快，但扫描件无法识别）")
    return _localise(p)


def _scheme_args(p: argparse.ArgumentParser, scheme_help: str | None = None, stage: bool = True) -> None:
    """--scheme, --level, --as-of, --indicators; with ``scheme_help`` --scheme is required (the command says so itself,
    listing the schemes; the usage line shows it without brackets)."""
    scheme = p.add_argument("--scheme", help=scheme_help or "评价方案 id（省略时使用数据文件 application.scheme）；用 lingtan schemes 查看")
    scheme.shown_required = scheme_help is not None  # type: ignore[attr-defined]
    p.add_argument("--level", help="申报类型，如 near-zero / zero（省略时使用数据文件 application.level 或方案默认值）")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="评价日期（证书有效期、近三年等），默认数据文件的申报日期 application.date，未填写时为今天")
    if stage:  # generate-batch: each enterprise at the stage its data declares (application.stage)
        _stage_arg(p)
    p.add_argument("--indicators", type=Path, metavar="FILE", help="用户提供的评价指标体系文件（如合肥市零碳示范工厂评价指标体系）")


def _stage_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stage", help="评价阶段，如 intake（入库）/ confirmation（认定）；省略时使用数据文件 application.stage 或方案的第一个阶段")


def _with_stage(factory: Factory, scheme: Scheme, stage: str | None) -> Factory:
    """The factory as evaluated at ``stage`` (checked against the scheme; the generator reads the stage from the data):
    the data's own stage when None."""
    if stage is None:
        return factory
    st = resolve_stage(scheme, stage).id
    return factory.model_copy(update={"application": factory.application.model_copy(update={"scheme": scheme.id, "stage": st})})


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_atomic(out, text)
        print(_("已写入：{path}").format(path=printable(str(out))), file=sys.stderr)


def cmd_schemes(args: argparse.Namespace) -> int:
    lines = [_("方案 id\t名称\t申报类型\t来源")]
    for s in all_schemes():
        levels = "、".join(f"{lv.id}（{lv.name}）" for lv in s.levels)
        lines.append(f"{s.id}\t{s.name}\t{levels}\t{s.source.issuer}《{s.source.title}》")
        if args.verbose:
            n_req = sum(1 for i in s.indicators if i.requirement == "required")
            lines.append(
                _("\t条件 {conditions} 项；指标 {indicators} 项（必选 {required}）；确认标准 {thresholds} 项；满分 {points}").format(
                    conditions=len(s.conditions), indicators=len(s.indicators), required=n_req, thresholds=len(s.thresholds),
                    points=" + ".join(f"{sec.name} {sec.max_points:g}" for sec in s.sections) or "—")
            )
            lines.append(f"\t{s.summary}")
            if s.indicators_note:
                lines.append(_("\t注意：{note}{hint}").format(note=s.indicators_note, hint=s.indicators_hint or ""))
    print("\n".join(lines))
    return ExitCode.ok


def cmd_template(args: argparse.Namespace) -> int:
    from lingtan.dataentry import write_template
    from lingtan.generator import form_use

    scheme = load_scheme(args.scheme)
    if args.indicators:
        scheme = with_indicators(scheme, load_indicator_file(args.indicators))
    level = resolve_level(scheme, args.level) if args.level else None
    if args.out.suffix.lower() != ".xlsx":
        raise InputError(_("--out 应为 .xlsx 文件，实际为 {path}").format(path=args.out))
    write_template(scheme, level, args.out, form_use(scheme))
    print(_("已生成空白数据填报工作簿：{path}（方案：{scheme}）\n填好后运行：lingtan validate {path}").format(path=args.out, scheme=scheme.name))
    return ExitCode.ok


def load_factory(path: Path) -> Factory:
    """A data file or a data-entry workbook (.xlsx) as a validated Factory."""
    from lingtan.dataentry import load_data_file
    from lingtan.generator import narrative_titles

    return load_data_file(path, narrative_titles())


def cmd_validate(args: argparse.Namespace) -> int:
    factory = load_factory(args.data)
    shown = [as_of_text(*evaluation_date(factory))]
    if args.scheme:
        scheme = load_scheme(args.scheme)
        a = assess(factory, scheme, level=None, stage=args.stage)  # raises on missing years
        shown.append(_("评价阶段：{stage}").format(stage=a.stage_name))
    elif args.stage:
        raise InputError(_("--stage 需要同时用 --scheme 指定评价方案"))
    n_claims = sum(len(v) for v in factory.claims.values())
    print(_("数据有效：{path}\n企业：{name}（{uscc}）\n年度数据：{years}；项目 {projects} 个；自评条目 {claims} 项").format(
        path=args.data, name=factory.enterprise.name, uscc=factory.enterprise.uscc,
        years=_("、").join(str(y.year) for y in sorted(factory.years, key=lambda y: y.year)), projects=len(factory.projects), claims=n_claims))
    print("\n".join(shown))
    return ExitCode.ok


def _scheme_for(factory, path: Path, args: argparse.Namespace):
    """The scheme and level for one data file, from the arguments or the data."""
    scheme_id = args.scheme or factory.application.scheme
    if not scheme_id:
        raise InputError(_("{path}：未指定评价方案。请用 --scheme 指定（可选：{schemes}），或在数据文件中填写 application.scheme").format(
            path=path, schemes=_("、").join(scheme_ids())))
    scheme = load_scheme(scheme_id)
    if args.indicators:
        scheme = with_indicators(scheme, load_indicator_file(args.indicators))
    level = args.level
    if level is None and factory.application.scheme in (None, scheme.id):
        level = factory.application.level
    return scheme, resolve_level(scheme, level)


def cmd_generate(args: argparse.Namespace) -> int:
    from lingtan.generator import generate_package

    factory = load_factory(args.data)
    scheme, level = _scheme_for(factory, args.data, args)
    from lingtan.generator import conversion_failed, find_soffice, missing_tool

    pdf = args.pdf and find_soffice() is not None  # without LibreOffice: the .docx files, then the hint
    r = generate_package(_with_stage(factory, scheme, args.stage), scheme, level, args.as_of, args.out, pdf=pdf, force=args.force)
    folder = Path(r.folder)
    level_name = next((lv.name for lv in scheme.levels if lv.id == level), level)
    lines = [_("已生成：{path}").format(path=printable(str(folder))),
             _("企业：{name}（{uscc}）  方案：{scheme}  申报类型：{level}").format(
                 name=printable(r.enterprise), uscc=printable(r.uscc), scheme=scheme.name, level=level_name),
             as_of_text(date.fromisoformat(r.as_of), r.as_of_basis) + "  " + _("评价阶段：{stage}").format(stage=r.stage_name)]
    lines += [f"  {printable(o.file)}" for o in r.forms]
    lines.append("  lingtan-manifest.json")
    if r.total is not None:
        lines.append(_("评价得分：") + f"{r.total:.2f}/{r.max_total:g}")
    lines.append(_("评价结论：") + _(VERDICT_ZH[r.verdict]))
    if r.warnings or r.notes:
        lines.append(_("提示："))
        lines += [f"  - {w}" for w in [*r.notes, *r.warnings]]
    print(printable("\n".join(lines)))
    if args.pdf and not pdf:
        raise missing_tool()
    if r.pdf_error:
        raise conversion_failed(r.pdf_error)
    if pdf:
        from lingtan.generator import substitution_lines

        print(printable("\n".join([_("已转换 PDF："), *(f"  {p}" for p in r.pdfs), *substitution_lines(r)])))
    return ExitCode.ok


def _score_one(path: Path, args: argparse.Namespace) -> tuple[Assessment, Scheme]:
    """The assessment of one data file, and the scheme it was assessed by (with --indicators)."""
    factory = load_factory(path)
    scheme, level = _scheme_for(factory, path, args)
    return assess(factory, scheme, level=level, as_of=args.as_of, stage=args.stage), scheme


def cmd_score(args: argparse.Namespace) -> int:
    if args.data.is_dir():
        from lingtan.generator import data_files

        files = data_files(args.data)
        if not files:
            raise InputError(_("目录 {path} 中没有 .yaml/.yml/.json 数据文件或 .xlsx 数据填报工作簿").format(path=args.data))
        lines, worst = [], ExitCode.ok
        results = []
        for f in files:
            try:
                a = _score_one(f, args)[0]
            except InputError as exc:
                lines.append(_("{path}\t数据错误：{error}").format(path=printable(str(f)), error=printable(str(exc))))
                worst = max(worst, ExitCode.invalid_input)
                continue
            results.append(a)
            lines.append(render_summary_line(printable(str(f)), a))
        n_ok = sum(1 for a in results if a.verdict.status == "eligible")
        lines.append(_("共 {n} 个文件：符合 {ok} 个，不符合或无法判定 {not_ok} 个，数据错误 {bad} 个").format(
            n=len(files), ok=n_ok, not_ok=len(results) - n_ok, bad=len(files) - len(results)))
        if args.format == "json":

            _emit(json_text([json_dict(a) for a in results], indent=2), args.out)
        else:
            _emit("\n".join(lines), args.out)
        return worst
    a, scheme = _score_one(args.data, args)
    tty = args.out is None and sys.stdout.isatty()
    color = tty and not os.environ.get("NO_COLOR")
    width = max(MIN_WIDTH, shutil.get_terminal_size((120, 40)).columns) if tty else 120
    text = render_json(a) if args.format == "json" else render_table(a, width=width, color=color, verbose=args.verbose, scheme=scheme)
    _emit(text, args.out)
    return ExitCode.ok if a.verdict.status == "eligible" else ExitCode.negative_result


def cmd_generate_batch(args: argparse.Namespace) -> int:
    from lingtan.generator import SUMMARY_JSON, SUMMARY_XLSX, generate_batch

    if not args.scheme:
        raise InputError(_("批量生成须用 --scheme 指定评价方案（可选：{schemes}）").format(schemes=_("、").join(scheme_ids())))
    if args.jobs is not None and args.jobs < 1:
        raise InputError(_("--jobs 应为正整数，实际为 {jobs}").format(jobs=args.jobs))
    scheme = load_scheme(args.scheme)
    if args.indicators:
        scheme = with_indicators(scheme, load_indicator_file(args.indicators))
    res = generate_batch(args.input, scheme, args.level, args.as_of, args.out, jobs=args.jobs, force=args.force)
    n = len(res.outcomes)
    lines = [_("批量生成完成：{input} → {out}（方案：{scheme}；共 {n} 家，用时 {seconds:.1f} 秒）").format(
        input=printable(str(args.input)), out=printable(str(args.out)), scheme=scheme.name, n=n, seconds=res.seconds)]
    lines.append(_("成功 {ok} 家，失败 {failed} 家").format(ok=len(res.succeeded), failed=len(res.failed)))
    if res.failed:
        lines.append(_("失败："))
        for o in res.failed:
            text = (o.error or "").replace("\n", "\n      ")
            lines.append(f"  - {o.label}：{text}" if not text.startswith(o.label) else f"  - {text}")
    lines.append(_("输出："))
    for o in res.succeeded:
        r = o.package
        score = f"{r.total:.2f}/{r.max_total:g}" if r.total is not None else "—"
        lines.append(f"  {Path(r.folder).name}/  " + _("得分 {total}").format(total=score) + "  " + _(VERDICT_ZH[r.verdict])
                     + "  " + as_of_text(date.fromisoformat(r.as_of), r.as_of_basis))
        lines += [f"      - {w}" for w in [*r.notes, *r.warnings]]  # regeneration, 字数、草稿 and other notes, as generate prints them
    for t in res.tables:
        lines.append(f"  {t.file}" if t.file else "  " + _("汇总表 {name} 未生成：{error}").format(name=t.name, error=t.error))
    lines.append(f"  {res.summary_xlsx.name if res.summary_xlsx else SUMMARY_XLSX}")
    lines.append(f"  {res.summary_json.name if res.summary_json else SUMMARY_JSON}")
    lines += [f"  - {n}" for n in res.notes]
    print(printable("\n".join(lines)))  # enterprise names and file names: no control or bidi character reaches the terminal
    return res.exit_code


def cmd_check(args: argparse.Namespace) -> int:
    from lingtan.checker import OcrPolicy, check_submission, to_html, to_json, to_table, to_xlsx

    if args.scheme not in scheme_ids():
        load_scheme(args.scheme)  # raises UnknownSchemeError with the list
    if args.format == "xlsx" and args.out is None:
        raise InputError(_("--format xlsx 需要用 --out 指定输出文件"))
    if _looks_like_inbox(args.path):
        print(_("提示：{path} 中有多个子目录或 zip，各自像一份完整的申报材料。这看起来是多份申报材料，是否要用 lingtan check-batch？"
                "（check 把整个目录当作一份材料检查，下面照常检查）").format(path=args.path), file=sys.stderr)
    as_of = args.as_of
    if as_of is None and args.applicant is not None:
        as_of = evaluation_date(load_factory(args.applicant))[0]  # the applicant's 申报日期, as score and generate
    r = check_submission(args.path, args.scheme, applicant_file=args.applicant, as_of=as_of,
                         ocr=OcrPolicy(enabled=not args.no_ocr, lazy=not args.ocr_all), progress=_progress_line())
    if args.format == "xlsx":
        write_atomic(args.out, to_xlsx(r))
        print(_("已写入：{path}").format(path=args.out), file=sys.stderr)
    elif args.format == "json":
        _emit(to_json(r), args.out)
    elif args.format == "html":
        _emit(to_html(r), args.out)
    else:
        tty = args.out is None and sys.stdout.isatty()
        width = max(MIN_WIDTH, shutil.get_terminal_size((120, 40)).columns) if tty else 140
        _emit(to_table(r, width=width, color=tty and not os.environ.get("NO_COLOR")), args.out)
    return ExitCode.ok if r.complete else ExitCode.negative_result


def _looks_like_inbox(path: Path, depth: int = 3) -> bool:
    """True when ``path`` is a folder holding at least two zips or subfolders that each look like a whole
    submission (a business licence or a manifest inside): an inbox for check-batch, not one submission."""
    def whole(folder: Path, level: int) -> bool:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return False
        for e in entries:
            if e.is_file(follow_symlinks=False) and ("营业执照" in e.name or e.name == "lingtan-manifest.json"):
                return True
        return level > 1 and any(whole(Path(e.path), level - 1) for e in entries
                                 if e.is_dir(follow_symlinks=False) and not e.name.startswith("."))

    if not path.is_dir():
        return False
    try:
        children = [e for e in os.scandir(path) if not e.name.startswith(".") and not e.is_symlink()]
    except OSError:
        return False
    zips = sum(1 for e in children if e.is_file() and e.name.lower().endswith(".zip"))
    folders = sum(1 for e in children if e.is_dir() and whole(Path(e.path), depth))
    return zips + folders >= 2


def _progress_line() -> Callable[[int, int, str], None] | None:
    """A single ``check`` in a terminal: one line on stderr, rewritten as each file is read, erased at the end
    (nothing when stderr is not a terminal, so logs and pipes stay clean)."""
    from rich.cells import cell_len, set_cell_size

    from lingtan.common import stderr_is_terminal

    if not stderr_is_terminal():
        return None

    def show(done: int, total: int, name: str) -> None:
        if total == 0:
            text = _("正在加载文字识别引擎…")
        elif done < total:
            text = _("正在检查文件 {done}/{total}：{name}").format(done=done + 1, total=total, name=printable(name, newlines=False))
        else:
            text = ""
        width = shutil.get_terminal_size((80, 24)).columns - 1
        if cell_len(text) > width:
            text = set_cell_size(text, width - 1) + "…"
        sys.stderr.write("\r\x1b[K" + text)
        sys.stderr.flush()

    return show


def cmd_check_batch(args: argparse.Namespace) -> int:
    from lingtan.checker import check_batch, summary_lines

    res = check_batch(args.root, args.scheme, out=args.out, jobs=args.jobs, as_of=args.as_of, applicants=args.applicants,
                      ocr=not args.no_ocr, ocr_all=args.ocr_all, doc_timeout=args.doc_timeout, max_memory_mb=args.max_memory_mb,
                      cluster=args.cluster)
    print(printable("\n".join(summary_lines(res))))
    if res.interrupted:
        print(_("已中断：已完成的报告和汇总已写入；再次运行同一命令可继续（跳过已检查的材料）。"), file=sys.stderr)
    return res.exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    from lingtan.web.serve import serve
    from lingtan.web.settings import Settings

    settings = Settings.from_env_password(args.data, args.password, host=args.host, port=args.port, workers=args.workers,
                                          max_upload_mb=args.max_upload_mb, max_files=args.max_files, ocr=not args.no_ocr)
    return serve(settings)


COMMANDS = {"serve": cmd_serve, "check": cmd_check, "schemes": cmd_schemes, "template": cmd_template, "validate": cmd_validate, "score": cmd_score,
            "generate": cmd_generate,
            "generate-batch": cmd_generate_batch, "check-batch": cmd_check_batch}


def _lang_in(argv: Sequence[str]) -> str | None:
    """The language asked for with ``--lang X`` / ``--lang=X`` anywhere on the command line (read before the
    parser is built, so that its help is in that language); argparse checks the value again."""
    for i, a in enumerate(argv):
        value = argv[i + 1] if a == "--lang" and i + 1 < len(argv) else a.removeprefix("--lang=") if a.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with speaking(_lang_in(argv)):
        return _main(argv)


def _main(argv: list[str]) -> int:
    with argparse_language():
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return ExitCode.invalid_input
    try:
        return int(COMMANDS[args.command](args))
    except LingtanError as exc:
        print(_("错误：{message}").format(message=printable(str(exc))), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("已中断。"), file=sys.stderr)
        return ExitCode.interrupted
    except BrokenPipeError:
        return ExitCode.ok
    except Exception as exc:  # noqa: BLE001 - last-resort guard: no tracebacks for users
        if os.environ.get("LINGTAN_DEBUG"):
            raise
        print(_("内部错误：{error}\n请设置环境变量 LINGTAN_DEBUG=1 重新运行以获得详细信息，并附输入文件报告问题。").format(
            error=printable(f"{type(exc).__name__}: {exc}")), file=sys.stderr)
        return ExitCode.internal_error


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
