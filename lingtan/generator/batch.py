"""Many enterprises at once: ``lingtan generate-batch``.

INPUT is a folder of data files (.yaml/.yml/.json, searched recursively; hidden files and
folders are skipped) or an Excel workbook (.xlsx, one enterprise per row: see
:mod:`lingtan.dataentry.batch_workbook`). Every enterprise's package is generated in a pool of worker
processes; a worker receives ``(index, label, row or path)`` and returns a small
:class:`Outcome` (the :class:`PackageResult`, or the error naming the row or file). One
bad row or file is reported and the others go on.

Each worker writes its package into a private staging folder ``OUT/.lingtan-batch-*/``;
the parent moves finished packages to ``OUT/<企业全称>/`` (when two enterprises have the same
name, both folders get the 统一社会信用代码 as a suffix: ``OUT/<企业全称>-<代码>/``).

After all packages, in the parent: the bureau tables — every form of the scheme with
``batch: true``, one table row per generated enterprise — as ``OUT/<表单名称>.docx``; the
same list as ``OUT/批量生成汇总.xlsx`` (for officials), and ``OUT/批量生成汇总.json``
(every input, with its result or error). Every output is written atomically; input files
are only read.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lingtan.assessment.engine.result import VERDICT_ZH
from lingtan.assessment.schemes import load_scheme, resolve_level
from lingtan.assessment.schemes.schema import Form, Scheme
from lingtan.common.atomic import write_atomic
from lingtan.common.batchresult import BatchTally
from lingtan.common.errors import DataFileError, ExitCode, InputError, LingtanError, OutputError, os_reason
from lingtan.common.excel import append_row, finish_sheet, workbook_bytes
from lingtan.common.executor import Executor, ProcessExecutor, SerialExecutor, WorkerDied, bug_text, worker_count
from lingtan.common.i18n import _
from lingtan.common.jsonout import json_text
from lingtan.common.progress import ProgressBar, stderr_is_terminal
from lingtan.dataentry.batch_workbook import WorkbookRow, factory_from_row, read_workbook
from lingtan.dataentry.entry_workbook import is_entry_workbook
from lingtan.dataentry.load import load_data_file

from .formuse import narrative_titles
from .package import PackageResult, folder_name, generate_package, prepare, render_batch_form
from .properties import docx_properties
from .regenerate import place_staged, previous_batch_files, sha256_file, top_level_name
from .sanitize import safe_filename

DATA_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SUMMARY_XLSX = "批量生成汇总.xlsx"
SUMMARY_JSON = "批量生成汇总.json"
SUMMARY_COLUMNS = ("序号", "企业名称", "统一社会信用代码", "设区市", "申报类型", "评价得分", "结论", "输出目录")
STAGING_PREFIX = ".lingtan-batch-"


@dataclass
class Item:
    """One enterprise to generate: a workbook row or a data file."""

    index: int  # 0-based, input order
    label: str  # "第 5 行" or the file's path relative to INPUT
    source: WorkbookRow | str  # the row (with its data dict) or the file path
    row: int | None = None
    file: str | None = None


@dataclass
class Outcome:
    """What a worker returns: small and picklable."""

    index: int
    label: str
    ok: bool
    result: PackageResult | None = None
    error: str | None = None
    exit_code: int = ExitCode.ok
    name: str | None = None
    uscc: str | None = None
    city: str | None = None
    seconds: float = 0.0

    @property
    def package(self) -> PackageResult:
        """The generated package: every successful outcome (``ok``) has one, a failed one has none."""
        if self.result is None:
            raise ValueError(_("{label}：未生成申报材料，没有结果").format(label=self.label))
        return self.result


@dataclass
class BureauTable:
    form: str
    name: str
    file: str | None
    error: str | None = None
    exit_code: int = ExitCode.ok


@dataclass
class BatchResult(BatchTally[Outcome]):
    out_root: Path
    scheme: Scheme
    items: list[Item]
    outcomes: list[Outcome]  # input order
    tables: list[BureauTable] = field(default_factory=list)
    summary_xlsx: Path | None = None
    summary_json: Path | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # top-level files kept because they were edited

    def problem_codes(self) -> Iterable[int]:
        """The exit code of every failed enterprise and every bureau table not generated."""
        return [o.exit_code for o in self.failed] + [t.exit_code for t in self.tables if t.error]


# -- inputs -----------------------------------------------------------------------------


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _entry_or_unreadable(path: Path) -> bool:
    """A workbook in INPUT is one enterprise when it is a data-entry workbook, or when it cannot be
    read at all (then it is reported as that enterprise's failure, and the batch goes on)."""
    try:
        return is_entry_workbook(path)
    except DataFileError:
        return True


def data_files(folder: Path, out_root: Path | None = None) -> list[Path]:
    """The enterprises' data files under ``folder``, in order: YAML/JSON files and data-entry workbooks
    (other workbooks, hidden files, Excel's ``~$`` lock files and our own output are skipped)."""
    skip = Path(out_root).resolve() if out_root is not None else None
    files = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        entry_book = p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$")
        if _hidden(rel) or (p.suffix.lower() not in DATA_SUFFIXES and not entry_book) or not p.is_file():
            continue
        if entry_book and not _entry_or_unreadable(p):
            continue  # only data-entry workbooks (lingtan template) are one enterprise each
        if skip is not None and (skip == p.resolve().parent or skip in p.resolve().parents):
            continue  # our own output inside INPUT (manifests, summaries)
        files.append(p)
    return files


def collect_inputs(inputs: Path, out_root: Path | None = None) -> list[Item]:
    """The enterprises of INPUT, in order; InputError when there are none or INPUT is unusable."""
    inputs = Path(inputs)
    if not inputs.exists():
        raise InputError(_("找不到输入：{inputs}（应为数据文件目录或 .xlsx 工作簿）").format(inputs=inputs))
    if inputs.is_dir():
        files = data_files(inputs, out_root)
        if not files:
            raise InputError(_("目录 {inputs} 中没有 .yaml/.yml/.json 数据文件或 .xlsx 数据填报工作簿").format(inputs=inputs))
        return [Item(i, str(p.relative_to(inputs)), str(p), file=str(p.relative_to(inputs))) for i, p in enumerate(files)]
    suffix = inputs.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES and is_entry_workbook(inputs):  # one enterprise's data-entry workbook
        return [Item(0, inputs.name, str(inputs), file=inputs.name)]
    if suffix in WORKBOOK_SUFFIXES or suffix == ".xls":
        rows = read_workbook(inputs)
        return [Item(i, r.label, r, row=r.row) for i, r in enumerate(rows)]
    if suffix in DATA_SUFFIXES:
        return [Item(0, inputs.name, str(inputs), file=inputs.name)]
    raise InputError(_("无法批量处理 {inputs}：INPUT 应为数据文件目录，或 Excel 工作簿（.xlsx）").format(inputs=inputs))


# -- workers ----------------------------------------------------------------------------

_CONFIG: dict[str, Any] = {}


def _init_worker(scheme: Scheme, level: str | None, as_of: date | None, staging: str) -> None:
    _CONFIG.update(scheme=scheme, level=level, as_of=as_of, staging=staging)


def _level_for(factory, scheme: Scheme, level: str | None) -> str:
    if level is not None:
        return level
    lv = factory.application.level if factory.application.scheme in (None, scheme.id) else None
    return resolve_level(scheme, lv)


def _load(source: WorkbookRow | str):
    if isinstance(source, WorkbookRow):
        return factory_from_row(source)
    return load_data_file(Path(source), narrative_titles())


def _with_place(message: str, item_label: str, source: WorkbookRow | str) -> str:
    """Make sure an error message says which row or file it is about."""
    if isinstance(source, WorkbookRow):
        return message if message.startswith((source.label, source.prefix)) else source.prefix + message
    return message if str(source) in message else f"{item_label}：{message}"


def generate_one(job: tuple[int, str, WorkbookRow | str]) -> Outcome:
    """The worker: validate one enterprise and write its package into the staging folder."""
    index, label, source = job
    t0 = time.perf_counter()
    cfg = _CONFIG
    name = uscc = None
    if isinstance(source, WorkbookRow):
        name = source.name
        ent = source.data.get("enterprise")
        uscc = str(ent["uscc"]).strip() if isinstance(ent, dict) and ent.get("uscc") is not None else None
    try:
        factory = _load(source)
        name, uscc = factory.enterprise.name, factory.enterprise.uscc
        scheme: Scheme = cfg["scheme"]
        level = _level_for(factory, scheme, cfg["level"])
        r = generate_package(factory, scheme, level, cfg["as_of"], Path(cfg["staging"]) / f"{index:06d}")
        return Outcome(index, label, True, result=r, name=name, uscc=uscc, city=factory.enterprise.city,
                       seconds=time.perf_counter() - t0)
    except LingtanError as exc:
        return Outcome(index, label, False, error=_with_place(str(exc), label, source), exit_code=int(exc.exit_code),
                       name=name, uscc=uscc, seconds=time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - one enterprise's bug must not stop the batch
        msg = f"内部错误：{bug_text(exc)}"
        return Outcome(index, label, False, error=_with_place(msg, label, source), exit_code=int(ExitCode.internal_error),
                       name=name, uscc=uscc, seconds=time.perf_counter() - t0)


def _failed(job: tuple[int, str, WorkbookRow | str], exc: BaseException) -> Outcome:
    """The outcome of an enterprise whose worker died (or whose task raised): failed, naming its row or file."""
    index, label, source = job
    reason = str(exc) if isinstance(exc, WorkerDied) else _("内部错误：{bug}").format(bug=bug_text(exc))
    return Outcome(index, label, False, error=_with_place(reason, label, source), exit_code=int(ExitCode.internal_error))


# -- placing finished packages ----------------------------------------------------------


class _Placer:
    """Final folder names: the enterprise's name; name-uscc for every enterprise sharing a name."""

    def __init__(self, out_root: Path, force: bool = False) -> None:
        self.out_root = out_root
        self.force = force
        self.fresh: dict[str, bool] = {}  # placed folder → it holds that package only (may be moved aside)
        self.by_name: dict[str, list[Outcome]] = {}
        self.taken: set[str] = set()

    def _unique(self, enterprise: str, *tags: str) -> str:
        cand, n = folder_name(enterprise, *tags), 2
        while cand.casefold() in self.taken:
            cand = folder_name(enterprise, *tags, str(n))
            n += 1
        self.taken.add(cand.casefold())
        return cand

    def _set(self, o: Outcome, folder_name: str) -> None:
        r = o.package
        placed = place_staged(Path(r.folder), self.out_root / folder_name, self.force)
        self.fresh[str(placed.folder)] = placed.fresh
        o.result = replace(r, folder=str(placed.folder), notes=placed.notes())

    def place(self, o: Outcome) -> None:
        """Move a successful outcome's package from the staging folder to its final folder."""
        r = o.package
        staged = Path(r.folder)
        base = folder_name(r.enterprise)
        key = base.casefold()
        same = self.by_name.setdefault(key, [])
        if not same:
            name = self._unique(r.enterprise)
        else:
            first = same[0].package
            if len(same) == 1 and self.fresh.get(first.folder, False):  # the first one with this name moves aside too
                # (not when it was written into a folder that was there: that folder holds a person's files)
                self.taken.discard(Path(first.folder).name.casefold())
                self._set(same[0], self._unique(first.enterprise, first.uscc))
            name = self._unique(r.enterprise, r.uscc)
        self._set(o, name)
        same.append(o)
        with contextlib.suppress(OSError):
            staged.parent.rmdir()  # the worker's staging/<index> folder, now empty


# -- progress ---------------------------------------------------------------------------


def _rate(elapsed: float, done: float, counters: dict[str, Any]) -> str:
    if not elapsed or not done:
        return "— 家/分钟"
    return f"{done / elapsed * 60:.1f} 家/分钟"


def _progress(total: int, enabled: bool) -> ProgressBar:
    """The bar on stderr (packages/min, ETA), or nothing when not ``enabled``."""
    return ProgressBar(total, "生成申报材料", _rate, enabled)


# -- outputs ----------------------------------------------------------------------------


def _level_name(scheme: Scheme, level: str) -> str:
    return next((lv.name for lv in scheme.levels if lv.id == level), level)


def _folder_rel(o: Outcome, out_root: Path) -> str:
    return Path(o.result.folder).name if o.result else ""


def _bureau_tables(scheme: Scheme, items: list[Item], ok: list[Outcome], as_of: date | None, out_root: Path,
                   recorded: dict[str, str] | None = None) -> list[BureauTable]:
    """Every ``batch: true`` form of the scheme, one table row per generated enterprise (input order); a
    table edited since the last run (not as ``recorded``) is kept and the new one gets a dated name."""
    forms: list[Form] = [fm for fm in scheme.forms if fm.batch]
    if not forms or not ok:
        return []
    try:
        prepared = [prepare(_load(items[o.index].source), scheme, o.package.level, as_of) for o in ok]  # ~20 ms each
    except LingtanError as exc:
        return [BureauTable(fm.id, fm.name, None, str(exc), int(exc.exit_code)) for fm in forms]
    tables = []
    for fm in forms:
        fname = top_level_name(out_root, safe_filename(fm.name) + ".docx", recorded)
        try:
            r = render_batch_form(scheme, fm, prepared)
            author = prepared[0].factory.enterprise.name if len(prepared) == 1 else "lingtan"  # a table of many: no one author
            write_atomic(out_root / fname, docx_properties(r.data, author, fm.name, datetime.now()))
            tables.append(BureauTable(fm.id, fm.name, fname))
        except LingtanError as exc:
            tables.append(BureauTable(fm.id, fm.name, None, str(exc), int(exc.exit_code)))
    return tables


def summary_rows(res: BatchResult) -> list[list[Any]]:
    """The officials' table: one row per generated enterprise (columns SUMMARY_COLUMNS)."""
    rows = []
    for n, o in enumerate(res.succeeded, 1):
        r = o.package
        rows.append([
            n, r.enterprise, r.uscc, o.city or "", _level_name(res.scheme, r.level),
            round(r.total, 2) if r.total is not None else None, VERDICT_ZH.get(r.verdict, r.verdict), _folder_rel(o, res.out_root),
        ])
    return rows


def _write_summary_xlsx(res: BatchResult, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    append_row(ws, SUMMARY_COLUMNS)
    for row in summary_rows(res):
        append_row(ws, row)
    finish_sheet(ws, [6, 36, 22, 12, 14, 10, 16, 40])
    if res.failed:
        bad = wb.create_sheet("未生成")
        append_row(bad, ["序号", "行号或文件", "企业名称", "错误"])
        for n, o in enumerate(res.failed, 1):
            append_row(bad, [n, o.label, o.name or "", o.error or ""])
        finish_sheet(bad, [6, 24, 36, 120], freeze=False)
    write_atomic(path, workbook_bytes(wb))


def summary_json(res: BatchResult, inputs: Path, as_of: date | None) -> dict[str, Any]:
    ents = []
    for o in res.outcomes:
        it = res.items[o.index]
        r = o.result
        ents.append({
            "index": o.index + 1,
            "row": it.row,
            "file": it.file,
            "name": r.enterprise if r else o.name,
            "uscc": r.uscc if r else o.uscc,
            "ok": o.ok,
            "folder": _folder_rel(o, res.out_root) or None,
            "level": r.level if r else None,
            "total": r.total if r else None,
            "max_total": r.max_total if r else None,
            "verdict": r.verdict if r else None,
            "verdict_zh": VERDICT_ZH.get(r.verdict) if r else None,
            "as_of": r.as_of if r else None,
            "as_of_basis": r.as_of_basis if r else None,
            "warnings": list(r.warnings) if r else [],
            "notes": list(r.notes) if r else [],
            "error": o.error,
        })
    return {
        "lingtan_batch": 1,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "input": str(inputs),
        "scheme": {"id": res.scheme.id, "name": res.scheme.name},
        "as_of": as_of.isoformat() if as_of else None,  # None: each enterprise's own (enterprises[].as_of)
        "counts": {"total": len(res.outcomes), "ok": len(res.succeeded), "failed": len(res.failed)},
        "bureau_tables": [{"form": t.form, "name": t.name, "file": t.file, "error": t.error} for t in res.tables],
        "summary_xlsx": SUMMARY_XLSX,
        "enterprises": ents,
    }


# -- the batch --------------------------------------------------------------------------


def generate_batch(
    inputs: Path,
    scheme: Scheme | str,
    level: str | None,
    as_of: date | None,
    out_root: Path,
    jobs: int | None = None,
    progress: bool = True,
    on_outcome: Callable[[Outcome], None] | None = None,
    force: bool = False,
) -> BatchResult:
    """Generate every enterprise of INPUT into OUT, then the bureau tables and the summaries.

    ``level`` None: each enterprise's ``application.level`` (or the scheme's default).
    ``jobs`` None: ``os.cpu_count()``; 1 runs in this process. ``progress``: draw the bar when
    stderr is a terminal. ``force``: a regeneration replaces tool files edited since (see
    :mod:`generator.regenerate`; files the tool did not write are always kept). Raises InputError only when INPUT as a whole is unusable; per-row and
    per-file problems are in the result (``failed``, ``exit_code``).
    """
    t_start = time.perf_counter()
    if isinstance(scheme, str):
        scheme = load_scheme(scheme)
    if level is not None:
        level = resolve_level(scheme, level)
    # as_of None: each enterprise at its own application.date (engine.dates.evaluation_date)
    out_root = Path(out_root)
    if out_root.exists() and not out_root.is_dir():
        raise OutputError(_("输出目录 {out} 已存在且不是目录").format(out=out_root))
    items = collect_inputs(inputs, out_root)
    jobs = worker_count(jobs, len(items))
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_root))
    except OSError as exc:
        raise OutputError(_("无法创建输出目录 {out}：{reason}").format(out=out_root, reason=os_reason(exc))) from exc

    outcomes: dict[int, Outcome] = {}
    placer = _Placer(out_root, force)
    show = progress and stderr_is_terminal()

    def finish(o: Outcome, bar: ProgressBar) -> None:
        if o.ok:
            try:
                placer.place(o)
            except OutputError as exc:
                o = replace(o, ok=False, error=f"{o.label}：{exc}", exit_code=int(exc.exit_code), result=None)
        outcomes[o.index] = o
        bar.step()
        if on_outcome:
            on_outcome(o)

    tasks = [(it.index, it.label, it.source) for it in items]
    initargs = (scheme, level, as_of, str(staging))
    executor: Executor[tuple[int, str, WorkbookRow | str], Outcome] = (
        SerialExecutor(generate_one, failed=_failed, initializer=_init_worker, initargs=initargs) if jobs == 1
        else ProcessExecutor(generate_one, jobs, failed=_failed, initializer=_init_worker, initargs=initargs))
    saved = dict(_CONFIG)  # the serial form sets up this process: put it back afterwards
    try:
        with _progress(len(items), show) as bar:
            executor.run(tasks, lambda o: finish(o, bar))
    finally:
        _CONFIG.clear()
        _CONFIG.update(saved)
        shutil.rmtree(staging, ignore_errors=True)

    res = BatchResult(out_root, scheme, items, [outcomes[i] for i in sorted(outcomes)])
    recorded = previous_batch_files(out_root / SUMMARY_JSON)
    if show and res.succeeded and any(fm.batch for fm in scheme.forms):
        from rich.console import Console

        with Console(stderr=True).status(f"生成汇总表（{len(res.succeeded)} 家企业）…"):
            res.tables = _bureau_tables(scheme, items, res.succeeded, as_of, out_root, recorded)
    else:
        res.tables = _bureau_tables(scheme, items, res.succeeded, as_of, out_root, recorded)
    res.summary_xlsx = out_root / top_level_name(out_root, SUMMARY_XLSX, recorded)
    _write_summary_xlsx(res, res.summary_xlsx)
    json_name = SUMMARY_JSON if recorded is not None else top_level_name(out_root, SUMMARY_JSON, None)
    res.summary_json = out_root / json_name
    res.seconds = time.perf_counter() - t_start
    written = [t.file for t in res.tables if t.file] + [res.summary_xlsx.name]
    res.notes = [_("重新生成：{old} 在上次生成后被修改过（或不是本工具写入的），已保留；新的文件为 {new}").format(
        old=_dated_from(n), new=n) for n in [*written, json_name] if n != _dated_from(n)]
    summary = summary_json(res, Path(inputs), as_of)
    summary["files"] = {n: sha256_file(out_root / n) for n in written}
    write_atomic(res.summary_json, json_text(summary, indent=2))
    return res


def _dated_from(name: str) -> str:
    """The name a dated top-level file stands beside (``汇总表-20260315-093000.docx`` → ``汇总表.docx``)."""
    return re.sub(r"-\d{8}-\d{6}(-\d+)?(?=\.[^.]+$)", "", name)
