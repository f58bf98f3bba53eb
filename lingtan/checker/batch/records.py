"""The records of a batch check: a submission, a worker's outcome, the batch result, and where
their outputs lie in OUT."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lingtan.common.batchresult import BatchTally
from lingtan.common.errors import ExitCode
from lingtan.common.names import safe_file_name

SUMMARY_XLSX = "检查汇总.xlsx"
SUMMARY_JSON = "检查汇总.json"
REPORTS_DIR = "reports"
CACHE_DIR = ".cache"


@dataclass(frozen=True)
class Submission:
    index: int  # 0-based, in name order
    name: str  # folder name, or zip name without .zip (the full name when that collides), as shown (common.names.printable)
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
    gaps: list[dict[str, Any]] = field(default_factory=list)  # code, problem, verdict (问题/待人工核对), material, document, pages, message
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

    @property
    def problems(self) -> int:
        """How many findings are problems (问题); the rest are to verify by hand."""
        return sum(g.get("verdict", "问题") == "问题" for g in self.gaps)

    @property
    def to_verify(self) -> int:
        return len(self.gaps) - self.problems

    def small(self) -> dict[str, Any]:
        """The outcome without the report texts (cache entries, the summary JSON)."""
        d = asdict(self)
        d.pop("report_json")
        d.pop("report_html")
        return d


@dataclass
class BatchResult(BatchTally[Outcome]):
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
    def with_gaps(self) -> list[Outcome]:
        """Checked and not complete: problems found, or something left to verify by hand."""
        return [o for o in self.outcomes if o.ok and not o.complete]

    @property
    def only_to_verify(self) -> list[Outcome]:
        """Checked, no problem, but something left to verify by hand."""
        return [o for o in self.with_gaps if not o.problems]

    @property
    def complete(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and o.complete]

    @property
    def not_done(self) -> list[Submission]:
        done = {o.index for o in self.outcomes}
        return [s for s in self.submissions if s.index not in done]

    def problem_codes(self) -> Iterable[int]:
        """130 when interrupted; 1 for every failed submission and every one not complete."""
        if self.interrupted:
            yield ExitCode.interrupted
        for _ in self.failed + self.with_gaps:
            yield ExitCode.negative_result


#: the longest report file name (bytes): the atomic write's temporary name beside it repeats its first 100 characters
REPORT_NAME_BYTES = 200


def report_file(name: str, suffix: str = "") -> str:
    """reports/<name><suffix> (suffix .json or .html) as a file name every file system accepts (``common.names.safe_file_name``)."""
    return safe_file_name(name, REPORT_NAME_BYTES - len(".html")) + suffix


def report_paths(out: Path, name: str) -> tuple[Path, Path]:
    """OUT/reports/<name>.json and .html."""
    base = out / REPORTS_DIR
    return base / report_file(name, ".json"), base / report_file(name, ".html")
