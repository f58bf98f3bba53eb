"""Many submissions at once: ``lingtan check-batch ROOT --scheme S --out OUT``.

Every folder or ``.zip`` directly under ROOT is one submission (hidden and system entries,
symbolic links and other files are listed as ignored). The applicant of a submission comes
from ``--applicants DIR/<name>.yaml`` (``.yml``/``.json``) when that file exists, else from the
manifest or business licence inside the submission (:func:`lingtan.checker.pipeline.check_submission`).

Work runs in a pool of worker processes (always a pool, even with one job, so the limits below
never touch the calling process). A worker receives ``(index, path, applicant file)`` and
returns a small picklable :class:`Outcome`: the summary, the gaps, and the report as JSON and
HTML text — or the error that stopped it. The parent writes ``OUT/reports/<name>.json`` and
``.html`` (atomically) as results arrive, and at the end ``OUT/检查汇总.xlsx`` (sheets 汇总 and
问题明细) and ``OUT/检查汇总.json``.

Limits, inside each worker:

* every file's extraction runs under ``signal.setitimer`` (``doc_timeout`` seconds): a file that
  takes longer becomes an ``unreadable`` file (``timeout``, 处理超时) and the check goes on.
  A watchdog thread ends the worker when a file is still busy well after that (stuck in C code,
  where Python signals cannot interrupt it); the parent reports the submission as failed.
* ``RLIMIT_AS`` (``max_memory_mb``): an allocation beyond it raises MemoryError; the file is
  reported unreadable (内存超限).
* a worker that dies (segfault, killed, watchdog) breaks the pool: the submissions that were
  running are retried one by one in a fresh pool, the one that kills its worker again is
  reported as failed (检查进程异常退出), and the rest of the batch goes on.

Resumable: every finished report is cached under ``OUT/.cache/<key>.json``, the key being a
SHA-256 over the submission's files (relative paths, sizes, contents), the scheme, ``as_of``,
OCR on/off, the limits, the applicant file and the checker's version and code. A re-run skips
every submission whose key is cached and whose reports are still there.

Ctrl-C: the workers are stopped, the reports already written stay, and the summary of what is
done is written (``BatchResult.interrupted``; the command exits 130).
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from lingtan.common.errors import ExitCode, InputError, LingtanError, OutputError
from lingtan.assessment.schemes import load_scheme

from .extract import OcrPolicy, kind_of
from .ingest import _hidden_reason
from .pipeline import read_file as _read
from .model import ExtractedFile, SourceFile

SUMMARY_XLSX = "检查汇总.xlsx"
SUMMARY_JSON = "检查汇总.json"
REPORTS_DIR = "reports"
CACHE_DIR = ".cache"
DEFAULT_DOC_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 3072
MIN_MEMORY_MB = 512
WATCHDOG_GRACE_MIN = 10.0  # the watchdog ends a worker max(this, doc_timeout / 2) seconds after a file's time limit
APPLICANT_SUFFIXES = (".yaml", ".yml", ".json")
CRASHED = "检查进程异常退出"
MEMORY_PROBLEM = "memory"  # the ``problem`` key of a file that ran out of memory
_MEMORY_MARKS = ("memoryerror", "fzerrormemory", "out of memory", "malloc", "cannot allocate")

__all__ = ["BatchResult", "Outcome", "Submission", "check_batch", "collect_submissions", "guarded_read", "submission_key"]


# -- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    index: int  # 0-based, in name order
    name: str  # folder name, or zip name without .zip (the full name when that collides)
    path: str
    applicant: str | None = None  # --applicants DIR/<name>.yaml, when present
    key: str = ""  # cache key (sha256 hex)


@dataclass
class Outcome:
    """What a worker returns for one submission (small and picklable)."""

    index: int
    name: str
    ok: bool  # the check ran to the end (a report exists)
    complete: bool = False
    enterprise: str | None = None
    uscc: str | None = None
    applicant_source: str | None = None
    gaps: list[dict[str, Any]] = field(default_factory=list)  # code, problem, material, material_id, document, pages, message
    files: int = 0
    pages: int = 0
    ocr_pages: int = 0
    ocr_seconds: float = 0.0
    documents: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the worker's peak resident memory so far
    worker_pid: int = 0
    error: str | None = None
    report_json: str | None = None
    report_html: str | None = None
    cached: bool = False

    def gap_counts(self) -> Counter:
        return Counter(g["code"] for g in self.gaps)

    def small(self) -> dict[str, Any]:
        """The outcome without the report texts (cache entries, the summary JSON)."""
        d = asdict(self)
        d.pop("report_json")
        d.pop("report_html")
        return d


@dataclass
class BatchResult:
    root: Path
    out: Path
    scheme_id: str
    scheme_name: str
    as_of: date
    submissions: list[Submission]
    outcomes: list[Outcome]  # in submission order; only the finished ones when interrupted
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (entry under ROOT, why)
    interrupted: bool = False
    seconds: float = 0.0
    summary_xlsx: Path | None = None
    summary_json: Path | None = None

    @property
    def cached(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.cached]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def with_gaps(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and not o.complete]

    @property
    def complete(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and o.complete]

    @property
    def not_done(self) -> list[Submission]:
        done = {o.index for o in self.outcomes}
        return [s for s in self.submissions if s.index not in done]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return int(ExitCode.interrupted)
        if self.failed or self.with_gaps:
            return int(ExitCode.negative_result)
        return int(ExitCode.ok)


# -- the guarded extractor (runs in the worker) --------------------------------------------------


class _DocTimeout(BaseException):
    """Raised by SIGALRM inside an extraction; a BaseException so that extract's broad
    ``except Exception`` handlers do not turn it into a "corrupt" file."""


_LIMITS: dict[str, Any] = {"doc_timeout": DEFAULT_DOC_TIMEOUT}


def _on_alarm(signum: int, frame: Any) -> None:
    raise _DocTimeout()


def _memory_problem(detail: str) -> bool:
    low = detail.lower()
    return any(m in low for m in _MEMORY_MARKS)


def guarded_read(src: SourceFile, ocr: OcrPolicy, needs: Any) -> tuple[ExtractedFile, list[Any]]:
    """:func:`lingtan.checker.pipeline.read_file` under the worker's time limit; a file that runs out of time
    or memory comes back unreadable (``timeout`` / memory) instead of stopping the submission."""

    timeout = float(_LIMITS.get("doc_timeout") or 0)
    use_timer = timeout > 0 and threading.current_thread() is threading.main_thread()
    old = None
    dog: _Watchdog | None = _LIMITS.get("watchdog")
    try:
        if use_timer:
            old = signal.signal(signal.SIGALRM, _on_alarm)
            if dog is not None:
                dog.arm(timeout + max(WATCHDOG_GRACE_MIN, timeout / 2), src.display)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            ef, docs = _read(src, ocr, needs)
        finally:
            if use_timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _DocTimeout:
        gc.collect()
        return ExtractedFile(source=src, kind=kind_of(src.suffix), problem="timeout",
                             problem_detail=f"处理超时：超过 {timeout:g} 秒仍未读完，已跳过"), []
    except MemoryError:
        gc.collect()
        return ExtractedFile(source=src, kind=kind_of(src.suffix), problem=MEMORY_PROBLEM,
                             problem_detail=f"内存超限：处理时所需内存超过上限 {_limit_text()}，已跳过"), []
    finally:
        if dog is not None:
            dog.disarm()
        if old is not None:
            signal.signal(signal.SIGALRM, old)
    _release_memory()
    if ef.problem_detail and _memory_problem(ef.problem_detail):
        ef.problem = MEMORY_PROBLEM
        ef.problem_detail = f"内存超限：处理时所需内存超过上限 {_limit_text()}（{ef.problem_detail}）"
        ef.pages = []
        docs = []
    return ef, docs


_LIBC: Any = None


def _release_memory() -> None:
    """Give freed memory back to the system after a file (glibc keeps it otherwise: page images and
    OCR buffers of every size fragment the heap, and a worker's memory would creep up file by file)."""
    global _LIBC
    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        if _LIBC is None:
            import ctypes

            _LIBC = ctypes.CDLL("libc.so.6")
        _LIBC.malloc_trim(0)
    except (OSError, AttributeError):
        _LIBC = False


def _limit_text() -> str:
    mb = _LIMITS.get("max_memory_mb") or 0
    return f"{mb} MB" if mb else "（系统可用内存）"


class _Watchdog:
    """Ends the worker when one file is still busy long after its time limit (stuck in C code)."""

    def __init__(self, notes_dir: str) -> None:
        self.notes_dir = notes_dir
        self.cond = threading.Condition()
        self.deadline: float | None = None
        self.what = ""
        self.index: int | None = None
        threading.Thread(target=self._run, name="lingtan-watchdog", daemon=True).start()

    def arm(self, seconds: float, what: str) -> None:
        with self.cond:
            self.deadline = time.monotonic() + seconds
            self.what = what
            self.cond.notify()

    def disarm(self) -> None:
        with self.cond:
            self.deadline = None
            self.cond.notify()

    def _run(self) -> None:
        with self.cond:
            while True:
                if self.deadline is None:
                    self.cond.wait()
                    continue
                left = self.deadline - time.monotonic()
                if left > 0:
                    self.cond.wait(left)
                    continue
                _note_death(self.notes_dir, self.index, f"处理超时：{self.what} 超过时限仍未结束，检查进程已被终止")
                os._exit(int(ExitCode.internal_error))


def _note_death(notes_dir: str, index: int | None, reason: str) -> None:
    if index is None:
        return
    try:
        with open(os.path.join(notes_dir, f"died-{index}.txt"), "w", encoding="utf-8") as fh:
            fh.write(reason)
    except OSError:
        pass


# -- the worker ----------------------------------------------------------------------------------

_CONFIG: dict[str, Any] = {}


def _init_worker(cfg: dict[str, Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _CONFIG.clear()
    _CONFIG.update(cfg)
    _LIMITS["doc_timeout"] = cfg["doc_timeout"]
    _LIMITS["max_memory_mb"] = cfg["max_memory_mb"]
    if cfg["max_memory_mb"]:
        limit = int(cfg["max_memory_mb"]) * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            pass
    if cfg["doc_timeout"]:
        _LIMITS["watchdog"] = _Watchdog(cfg["notes_dir"])
    if cfg.get("ocr_threads"):  # share the cores between the workers instead of every engine taking all of them
        from . import ocr as _ocr

        _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.intra_op_num_threads", cfg["ocr_threads"])
        _ocr.PARAMS.setdefault("EngineConfig.onnxruntime.inter_op_num_threads", 1)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def run_check(path: Path, applicant: str | None) -> Any:
    """check_submission with the guarded extractor and the worker's settings."""
    from .pipeline import check_submission

    cfg = _CONFIG
    kwargs = dict(applicant_file=Path(applicant) if applicant else None, as_of=cfg["as_of"],
                  ocr=OcrPolicy(enabled=cfg["ocr"], lazy=not cfg.get("ocr_all")))
    return check_submission(path, cfg["scheme"], read_fn=guarded_read, **kwargs)


def check_one(job: tuple[int, str, str, str | None]) -> Outcome:
    """The worker: check one submission; every error is returned, never raised."""
    from .pipeline import NoApplicantError
    from .report import GAP_ZH, to_html, to_json

    index, name, path, applicant = job
    dog = _LIMITS.get("watchdog")
    if dog is not None:
        dog.index = index
    t0 = time.perf_counter()
    try:
        r = run_check(Path(path), applicant)
        materials = {m.id: m.name for m in r.materials}
        gaps = [{
            "code": g.code, "problem": GAP_ZH.get(g.code, g.code), "material": materials.get(g.material or "", g.material or ""),
            "material_id": g.material, "document": g.document,
            "pages": f"{g.pages[0]}-{g.pages[1]}" if g.pages else "", "message": g.message,
        } for g in r.gaps]
        return Outcome(
            index, name, True, complete=bool(r.complete), enterprise=r.applicant.get("name"), uscc=r.applicant.get("uscc"),
            applicant_source=r.applicant.get("source"), gaps=gaps, files=len(r.files), pages=sum(f.pages for f in r.files),
            ocr_pages=sum(f.ocr_pages for f in r.files), ocr_seconds=round(sum(f.ocr_seconds for f in r.files), 2),
            documents=len(r.documents), seconds=round(time.perf_counter() - t0, 2), peak_rss_mb=_peak_rss_mb(),
            worker_pid=os.getpid(), report_json=to_json(r), report_html=to_html(r),
        )
    except NoApplicantError as exc:
        error = f"{exc}（批量检查时：把企业数据文件放到 --applicants 目录中，命名为 {name}.yaml）"
    except LingtanError as exc:
        error = str(exc)
    except _DocTimeout:
        error = f"处理超时（超过 {_LIMITS.get('doc_timeout'):g} 秒）"
    except MemoryError:
        gc.collect()
        error = f"内存超限：检查这份材料所需内存超过上限 {_limit_text()}"
    except RecursionError as exc:
        error = f"材料结构过深，无法检查：{exc}"
    except Exception as exc:  # noqa: BLE001 - one submission's bug must not stop the batch
        error = f"检查程序内部错误：{type(exc).__name__}: {exc}"
        if os.environ.get("LINGTAN_DEBUG"):
            import traceback

            error += "\n" + traceback.format_exc()
    return Outcome(index, name, False, error=error, seconds=round(time.perf_counter() - t0, 2), peak_rss_mb=_peak_rss_mb(),
                   worker_pid=os.getpid())


# -- inputs --------------------------------------------------------------------------------------


def collect_submissions(root: Path, out: Path | None = None, applicants: Path | None = None) -> tuple[list[Submission], list[tuple[str, str]]]:
    """The submissions directly under ROOT (name order) and the entries ignored (with why)."""
    root = Path(root)
    if not root.exists():
        raise InputError(f"找不到要检查的目录：{root}。ROOT 应为存放多份申报材料（每份一个子目录或 zip）的目录。")
    if not root.is_dir():
        raise InputError(f"{root} 不是目录。ROOT 应为存放多份申报材料（每份一个子目录或 zip）的目录。")
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"无法读取目录 {root}：{exc.strerror or exc}。请检查读取权限。") from exc
    out_real = Path(out).resolve() if out is not None else None
    found: list[tuple[str, str, bool]] = []  # (entry name, path, is zip)
    ignored: list[tuple[str, str]] = []
    for e in entries:
        reason = _hidden_reason(e.name)
        if reason:
            continue  # hidden and system entries: skipped silently
        try:
            if e.is_symlink():
                ignored.append((e.name, "符号链接，为安全起见不跟随"))
                continue
            if out_real is not None and Path(e.path).resolve() == out_real:
                continue  # our own output inside ROOT
            if e.is_dir(follow_symlinks=False):
                found.append((e.name, e.path, False))
            elif e.is_file(follow_symlinks=False) and e.name.lower().endswith(".zip"):
                found.append((e.name, e.path, True))
            else:
                ignored.append((e.name, "不是文件夹或 zip 压缩包，未作为一份申报材料检查"))
        except OSError as exc:
            ignored.append((e.name, f"无法读取（{exc.strerror or exc}）"))
    if not found:
        raise InputError(f"目录 {root} 中没有申报材料：每份材料应为其中的一个子目录或 .zip 压缩包。")
    folders = {n for n, _, z in found if not z}
    subs = []
    for i, (entry, path, is_zip) in enumerate(found):
        name = entry
        if is_zip and entry[:-4] not in folders:
            name = entry[:-4]
        subs.append(Submission(i, name, path, _applicant_for(applicants, name, entry)))
    return subs, ignored


def _applicant_for(applicants: Path | None, name: str, entry: str) -> str | None:
    if applicants is None:
        return None
    for base in dict.fromkeys((name, entry)):
        for suffix in APPLICANT_SUFFIXES:
            p = applicants / f"{base}{suffix}"
            if p.is_file():
                return str(p)
    return None


# -- cache ---------------------------------------------------------------------------------------

_CHUNK = 1 << 20


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file, read in 1 MiB chunks; "error:<reason>" when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        return f"error:{type(exc).__name__}:{exc.errno}"


def _tree(path: str) -> Iterator[tuple[bytes, str, int, str]]:
    """(relative path, kind, size, digest) of everything in a folder, links not followed, in order."""
    stack = [(path, b"")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield prefix, "dir-error", 0, f"{type(exc).__name__}:{exc.errno}"
            continue
        subdirs = []
        for e in entries:
            rel = prefix + os.fsencode(e.name)
            try:
                if e.is_symlink():
                    yield rel, "link", 0, os.readlink(e.path)
                elif e.is_dir(follow_symlinks=False):
                    subdirs.append((e.path, rel + b"/"))
                elif e.is_file(follow_symlinks=False):
                    yield rel, "file", e.stat(follow_symlinks=False).st_size, file_sha256(e.path)
                else:
                    yield rel, "special", 0, ""
            except OSError as exc:
                yield rel, "error", 0, f"{type(exc).__name__}:{exc.errno}"
        stack.extend(reversed(subdirs))


_CODE_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """The lingtan version plus a hash of the checker's code and evidence specs (stale caches after an update)."""
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        from lingtan import __version__

        from lingtan.common.paths import specs_root

        h = hashlib.sha256(__version__.encode())
        files = sorted(Path(__file__).resolve().parent.glob("*.py"))
        try:
            files += sorted(specs_root().glob("*.yaml"))
        except Exception:  # noqa: BLE001 - the specs folder is optional for the fingerprint
            pass
        for p in files:
            h.update(p.name.encode())
            h.update(file_sha256(p).encode())
        _CODE_FINGERPRINT = f"{__version__}:{h.hexdigest()[:16]}"
    return _CODE_FINGERPRINT


def submission_key(sub: Submission, settings: dict[str, Any]) -> str:
    """The cache key of a submission: its files (paths, sizes, contents), the settings, the applicant file, the code."""
    h = hashlib.sha256()
    head = {**settings, "code": code_fingerprint(), "applicant": file_sha256(sub.applicant) if sub.applicant else None}
    h.update(json.dumps(head, sort_keys=True, default=str).encode())
    if os.path.isdir(sub.path):
        for rel, kind, size, digest in _tree(sub.path):
            h.update(b"\0".join((rel, kind.encode(), str(size).encode(), os.fsencode(digest))) + b"\n")
    else:
        h.update(f"zip\0{os.path.getsize(sub.path)}\0{file_sha256(sub.path)}".encode())
    return h.hexdigest()


# -- outputs -------------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temporary file in the same folder and a rename (permissions as for a new file)."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"无法写入输出文件 {path}：{exc.strerror or exc}") from exc


def _report_paths(out: Path, name: str) -> tuple[Path, Path]:
    base = out / REPORTS_DIR
    return base / f"{name}.json", base / f"{name}.html"


def _gap_codes(outcomes: list[Outcome]) -> list[str]:
    from .report import GAP_ZH

    seen = {g["code"] for o in outcomes for g in o.gaps}
    return list(GAP_ZH) + sorted(seen - set(GAP_ZH))


SUMMARY_HEAD = ("序号", "材料包", "企业名称", "统一社会信用代码", "企业信息来源", "材料齐全", "问题数")
SUMMARY_TAIL = ("文件数", "页数", "OCR 页数", "用时（秒）", "报告", "错误")
DETAIL_HEAD = ("材料包", "企业名称", "问题代码", "问题", "材料", "文件", "页", "说明")


def _excel_text(s: Any) -> Any:
    if not isinstance(s, str):
        return s
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    s = ILLEGAL_CHARACTERS_RE.sub("", s)
    return s[:32000]


def summary_workbook(res: BatchResult) -> bytes:
    """OUT/检查汇总.xlsx: 汇总 (one row per submission) and 问题明细 (one row per gap)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .report import GAP_ZH

    codes = _gap_codes(res.outcomes)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    header = [*SUMMARY_HEAD, *(GAP_ZH.get(c, c) for c in codes), *SUMMARY_TAIL]
    ws.append(header)
    for n, o in enumerate(res.outcomes, 1):
        counts = o.gap_counts()
        ws.append([_excel_text(v) for v in (
            n, o.name, o.enterprise or "", o.uscc or "", o.applicant_source or "", ("是" if o.complete else "否") if o.ok else "否",
            len(o.gaps) if o.ok else None, *((counts.get(c, 0) if o.ok else None) for c in codes),
            o.files or None, o.pages or None, o.ocr_pages if o.ok else None, o.seconds,
            f"{REPORTS_DIR}/{o.name}.html" if o.ok else "", o.error or "",
        )])
    widths = [6, 30, 34, 22, 26, 9, 8] + [9] * len(codes) + [8, 8, 9, 10, 36, 60]
    _finish_sheet(ws, widths, Font, get_column_letter)
    for col in range(len(SUMMARY_HEAD) + 1, len(SUMMARY_HEAD) + len(codes) + 1):
        ws.cell(1, col).alignment = Alignment(wrap_text=True)
    wd = wb.create_sheet("问题明细")
    wd.append(list(DETAIL_HEAD))
    for o in res.outcomes:
        for g in o.gaps:
            wd.append([_excel_text(v) for v in (o.name, o.enterprise or "", g["code"], g["problem"], g["material"] or "",
                                                 g["document"] or "", g["pages"], g["message"])])
    _finish_sheet(wd, [30, 34, 16, 14, 28, 48, 8, 90], Font, get_column_letter)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _finish_sheet(ws: Any, widths: list[int], Font: Any, get_column_letter: Callable[[int], str]) -> None:
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def summary_dict(res: BatchResult, settings: dict[str, Any]) -> dict[str, Any]:
    subs = []
    for o in res.outcomes:
        d = o.small()
        d["gap_counts"] = dict(o.gap_counts())
        d["report_json"] = f"{REPORTS_DIR}/{o.name}.json" if o.ok else None
        d["report_html"] = f"{REPORTS_DIR}/{o.name}.html" if o.ok else None
        d["path"] = res.submissions[o.index].path
        subs.append(d)
    return {
        "lingtan_check_batch": 1,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "root": str(res.root),
        "scheme": {"id": res.scheme_id, "name": res.scheme_name},
        "as_of": res.as_of.isoformat(),
        "settings": settings,
        "interrupted": res.interrupted,
        "counts": {
            "total": len(res.submissions), "done": len(res.outcomes), "complete": len(res.complete),
            "with_gaps": len(res.with_gaps), "failed": len(res.failed), "cached": len(res.cached), "not_done": len(res.not_done),
        },
        "seconds": round(res.seconds, 2),
        "summary_xlsx": SUMMARY_XLSX,
        "ignored": [{"entry": n, "reason": why} for n, why in res.ignored],
        "not_done": [s.name for s in res.not_done],
        "submissions": subs,
    }


# -- progress ------------------------------------------------------------------------------------


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """A rich bar on stderr (submissions done, documents and pages per second, time left); one
    plain line per submission when stderr is not a terminal (no control characters)."""

    def __init__(self, total: int, bar: bool, log: bool = True) -> None:
        self.total = total
        self.done = 0
        self.files = 0
        self.documents = 0
        self.pages = 0
        self.log = log and not bar
        self.bar = None
        if not bar or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                elapsed = task.elapsed or 0
                if not elapsed:
                    return Text("— 份文档/秒 · — 页/秒", style="progress.data.speed")
                d, p = task.fields.get("documents", 0), task.fields.get("pages", 0)
                return Text(f"{d / elapsed:.1f} 份文档/秒 · {p / elapsed:.1f} 页/秒", style="progress.data.speed")

        self.bar = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
            TextColumn("已用"), TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self.task = self.bar.add_task("检查申报材料", total=total, files=0, documents=0, pages=0)

    def __enter__(self) -> _Progress:
        if self.bar:
            self.bar.start()
        return self

    def advance(self, o: Outcome) -> None:
        self.done += 1
        self.files += o.files
        self.documents += o.documents
        self.pages += o.pages
        if self.bar:
            self.bar.update(self.task, advance=1, files=self.files, documents=self.documents, pages=self.pages)
        elif self.log:
            if not o.ok:
                status = f"检查失败：{(o.error or '').splitlines()[0] if o.error else ''}"
            else:
                status = "材料齐全" if o.complete else f"发现 {len(o.gaps)} 个问题"
            print(f"[{self.done}/{self.total}] {o.name}：{status}（{o.files} 个文件，{o.pages} 页，{o.seconds:.1f} 秒）",
                  file=sys.stderr, flush=True)

    def __exit__(self, *exc: Any) -> None:
        if self.bar:
            self.bar.stop()


# -- the pool ------------------------------------------------------------------------------------


def _pool_context():
    # fork: workers start at once with the checker already imported (Linux only)
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def _new_pool(workers: int, cfg: dict[str, Any]) -> ProcessPoolExecutor:
    cfg = {**cfg, "ocr_threads": cfg.get("ocr_threads") or max(1, (os.cpu_count() or 1) // workers)}
    return ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_init_worker, initargs=(cfg,))


def _kill_pool(ex: ProcessPoolExecutor) -> None:
    """Stop a pool now: terminate its workers (they may be deep in OCR), then shut it down."""
    procs = list((getattr(ex, "_processes", None) or {}).values())
    for p in procs:
        try:
            if p.is_alive():
                p.terminate()
        except Exception:  # noqa: BLE001
            pass
    for p in procs:
        try:
            p.join(timeout=5)
        except Exception:  # noqa: BLE001
            pass
    ex.shutdown(wait=True, cancel_futures=True)


def _died(sub: Submission, notes_dir: Path, detail: str = "") -> Outcome:
    note = notes_dir / f"died-{sub.index}.txt"
    reason = ""
    try:
        reason = note.read_text(encoding="utf-8")
        note.unlink()
    except OSError:
        pass
    text = f"{CRASHED}（{reason or detail or '可能是内存不足、程序崩溃或被系统终止'}），这份材料未完成检查"
    return Outcome(sub.index, sub.name, False, error=text)


def _run_pool(todo: list[Submission], workers: int, cfg: dict[str, Any], notes_dir: Path,
              finish: Callable[[Outcome], None]) -> None:
    """Check ``todo`` with at most ``workers`` submissions in flight; a broken pool is replaced."""
    queue = deque(todo)
    suspects: deque[Submission] = deque()
    while queue or suspects:
        alone = bool(suspects)
        ex = _new_pool(1 if alone else workers, cfg)
        in_flight: dict[Future, Submission] = {}
        broken = False
        try:
            while (suspects if alone else queue) or in_flight:
                source = suspects if alone else queue
                while source and len(in_flight) < (1 if alone else workers):
                    sub = source.popleft()
                    in_flight[ex.submit(check_one, (sub.index, sub.name, sub.path, sub.applicant))] = sub
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in done:
                    sub = in_flight.pop(fut)
                    try:
                        finish(fut.result())
                    except BrokenProcessPool:
                        broken = True
                        in_flight[fut] = sub  # still unaccounted for
                if broken:
                    break
        except BaseException:
            _kill_pool(ex)
            raise
        if not broken:
            ex.shutdown(wait=True)
            continue
        for fut in list(in_flight):  # finished before the pool broke: keep their results
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                finish(fut.result())
                del in_flight[fut]
        _kill_pool(ex)
        running = list(in_flight.values())
        noted = [s for s in running if (notes_dir / f"died-{s.index}.txt").exists()]
        if alone or len(running) == 1:
            for s in running:  # it killed its worker on its own
                finish(_died(s, notes_dir))
        elif noted:  # the watchdog says who: the others are innocent
            for s in noted:
                finish(_died(s, notes_dir))
            queue.extendleft(reversed([s for s in running if s not in noted]))
        else:  # one of them killed the pool: retry each alone
            suspects.extend(running)


# -- the batch -----------------------------------------------------------------------------------


def check_batch(
    root: Path,
    scheme: str,
    *,
    out: Path,
    jobs: int | None = None,
    as_of: date | None = None,
    applicants: Path | None = None,
    ocr: bool = True,
    ocr_all: bool = False,
    doc_timeout: float = DEFAULT_DOC_TIMEOUT,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    progress: bool = True,
    ocr_threads: int | None = None,
) -> BatchResult:
    """Check every submission under ROOT into OUT (reports, 检查汇总.xlsx/.json); see the module doc.

    Raises InputError when the arguments or ROOT as a whole are unusable; a submission that
    cannot be checked is in the result (``failed``). Ctrl-C: the result has ``interrupted``.
    ``ocr_threads``: threads of each worker's OCR engine (default: the cores shared out among
    the workers — one worker uses them all).
    """
    t_start = time.perf_counter()
    sch = load_scheme(scheme)  # UnknownSchemeError (exit 2) lists the schemes
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs 应为正整数，实际为 {jobs}")
    if doc_timeout is not None and doc_timeout < 0:
        raise InputError(f"--doc-timeout 应为正数（秒；0 表示不限），实际为 {doc_timeout}")
    if max_memory_mb and max_memory_mb < MIN_MEMORY_MB:
        raise InputError(f"--max-memory-mb 至少为 {MIN_MEMORY_MB}（OCR 引擎本身约需 1.3 GB；0 表示不限），实际为 {max_memory_mb}")
    if applicants is not None and not Path(applicants).is_dir():
        raise InputError(f"--applicants 应为存放企业数据文件（<材料名>.yaml）的目录：{applicants}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"输出目录 {out} 已存在且不是目录")
    as_of = as_of or date.today()
    subs, ignored = collect_submissions(Path(root), out, Path(applicants) if applicants else None)
    root_real, out_real = Path(root).resolve(), out.resolve()
    inside = [s.name for s in subs if out_real == Path(s.path).resolve() or Path(s.path).resolve() in out_real.parents]
    if out_real == root_real or inside:
        raise InputError(f"输出目录 {out} 不能是 ROOT 本身，也不能放在申报材料里面（会改动申报材料）")
    settings = {"scheme": sch.id, "as_of": as_of.isoformat(), "ocr": bool(ocr), "ocr_all": bool(ocr_all),
                "doc_timeout": float(doc_timeout or 0), "max_memory_mb": int(max_memory_mb or 0)}
    subs = [Submission(s.index, s.name, s.path, s.applicant, submission_key(s, settings)) for s in subs]
    cache = out / CACHE_DIR
    try:
        (out / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
        cache.mkdir(exist_ok=True)
        notes_dir = Path(tempfile.mkdtemp(prefix="notes-", dir=cache))
    except OSError as exc:
        raise OutputError(f"无法创建输出目录 {out}：{exc.strerror or exc}") from exc

    outcomes: dict[int, Outcome] = {}
    todo: list[Submission] = []
    for s in subs:
        hit = _cache_get(cache, s, out)
        if hit is not None:
            outcomes[s.index] = hit
        else:
            todo.append(s)

    def finish(o: Outcome) -> None:
        sub = subs[o.index]
        j, h = _report_paths(out, sub.name)
        if o.ok:
            try:
                write_atomic(j, o.report_json or "")
                write_atomic(h, o.report_html or "")
                write_atomic(cache / f"{sub.key}.json", json.dumps({"key": sub.key, "outcome": o.small()}, ensure_ascii=False))
            except OutputError as exc:
                o = Outcome(o.index, o.name, False, error=f"报告无法写入：{exc}", seconds=o.seconds)
        else:  # stale reports of an earlier run would contradict the summary
            j.unlink(missing_ok=True)
            h.unlink(missing_ok=True)
        o.report_json = o.report_html = None  # written: do not keep them in memory
        outcomes[o.index] = o
        bar.advance(o)

    cfg = {"scheme": sch.id, "as_of": as_of, "ocr": bool(ocr), "ocr_all": bool(ocr_all), "ocr_threads": ocr_threads,
           "doc_timeout": float(doc_timeout or 0),
           "max_memory_mb": int(max_memory_mb or 0), "notes_dir": str(notes_dir)}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    interrupted = False
    bar = _Progress(len(todo), progress and _stderr_is_terminal(), log=progress)
    try:
        if todo:
            _preload()
            with bar:
                _run_pool(todo, workers, cfg, notes_dir, finish)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        for p in notes_dir.glob("*"):
            p.unlink(missing_ok=True)
        try:
            notes_dir.rmdir()
        except OSError:
            pass
    res = BatchResult(Path(root), out, sch.id, sch.name, as_of, subs, [outcomes[i] for i in sorted(outcomes)], ignored, interrupted)
    if not interrupted:
        _prune_cache(cache, {s.key for s in subs})
    res.seconds = time.perf_counter() - t_start
    res.summary_xlsx = out / SUMMARY_XLSX
    write_atomic(res.summary_xlsx, summary_workbook(res))
    res.summary_json = out / SUMMARY_JSON
    write_atomic(res.summary_json, json.dumps(summary_dict(res, settings), ensure_ascii=False, indent=2))
    return res


def _preload() -> None:
    """Import the checker's stages before forking, so every worker starts with them loaded."""
    from . import pipeline, report  # noqa: F401


def _cache_get(cache: Path, sub: Submission, out: Path) -> Outcome | None:
    """The cached outcome of an unchanged submission whose reports are still in OUT, or None."""
    try:
        entry = json.loads((cache / f"{sub.key}.json").read_text(encoding="utf-8"))
        d = entry["outcome"]
        if entry.get("key") != sub.key or not d.get("ok"):
            return None
        if not all(p.is_file() for p in _report_paths(out, sub.name)):
            return None
        known = {f.name for f in fields(Outcome)}
        o = Outcome(**{k: v for k, v in d.items() if k in known})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    o.index, o.name, o.cached = sub.index, sub.name, True
    return o


def _prune_cache(cache: Path, keep: set[str]) -> None:
    for p in cache.glob("*.json"):
        if p.stem not in keep:
            p.unlink(missing_ok=True)


def summary_lines(res: BatchResult) -> list[str]:
    """What ``lingtan check-batch`` prints at the end (Chinese)."""
    n = len(res.submissions)
    lines = [f"批量检查{'已中断' if res.interrupted else '完成'}：{res.root} → {res.out}（方案：{res.scheme_name}；"
             f"共 {n} 份材料，用时 {res.seconds:.1f} 秒）"]
    if res.cached:
        lines.append(f"跳过 {len(res.cached)} 份未变化的材料（沿用上次的检查结果）")
    lines.append(f"材料齐全 {len(res.complete)} 份，发现问题 {len(res.with_gaps)} 份，检查失败 {len(res.failed)} 份"
                 + (f"，未完成 {len(res.not_done)} 份" if res.not_done else ""))
    if res.failed:
        lines.append("检查失败：")
        for o in res.failed:
            lines.append(f"  - {o.name}：{(o.error or '').replace(chr(10), chr(10) + '      ')}")
    if res.ignored:
        lines.append("未检查的条目：")
        lines += [f"  - {name}：{why}" for name, why in res.ignored]
    lines.append("输出：")
    lines.append(f"  {REPORTS_DIR}/（每份材料一份 .json 和 .html 报告）")
    lines.append(f"  {SUMMARY_XLSX}")
    lines.append(f"  {SUMMARY_JSON}")
    return lines
