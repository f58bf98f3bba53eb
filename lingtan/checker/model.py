"""The records that flow through the checker's stages (all small and picklable).

ingest → :class:`SourceFile` (where a file came from, its bytes on demand)
extract → :class:`ExtractedFile` with one :class:`PageText` per page
classify → :class:`Document` (a file or a page range of a combined file)
check → :class:`Gap`, :class:`CheckRow` (one check of one document), :class:`ComparisonRow` (申报数据与证明材料对照)

The records a report carries (:class:`Document`, :class:`Gap`, :class:`CheckRow`, :class:`ComparisonRow` and
its :class:`ComparisonSource`; the report itself is ``pipeline.Report``) are pydantic dataclasses: built
like dataclasses (by position or keyword, mutable), validated when built, and read back from the report's
JSON by ``Report.from_json``. Those that never leave a run (SourceFile, PageText, ExtractedFile) are plain
dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ConfigDict
from pydantic.dataclasses import dataclass as record

#: the records of a report: a key the contract does not know is refused when a report is read back
RECORD = ConfigDict(extra="forbid")

#: a document typed with less confidence than this is reported ``low_confidence``
LOW_CONFIDENCE = 0.45

#: Why a file could not be read (the ``unreadable`` gap's detail).
UNREADABLE_REASONS = {
    "empty": "文件为空（0 字节）",
    "encrypted": "文件已加密，需要密码才能打开",
    "corrupt": "文件已损坏，无法解析",
    "not_pdf": "扩展名为 .pdf，但内容不是 PDF 文件",
    "unsupported": "不支持的文件类型",
    "no_pages": "文件没有任何页面",
    "too_large": "文件超过大小或页数上限",
    "timeout": "处理超时",
    "memory": "处理时内存超限",
    "unsafe": "压缩包成员不安全（路径穿越、链接或压缩炸弹）",
    "permission": "没有读取权限",
    "duplicate_member": "压缩包中有同名的成员",
}


@dataclass(frozen=True)
class SourceFile:
    """One file of a submission: on disk, or a member of a zip (``archive`` + ``member``)."""

    display: str  # the path shown to users, relative to the submission root ("材料.zip/附件1 营业执照.pdf")
    suffix: str  # lower-case extension including the dot (".pdf")
    size: int
    disk_path: str | None = None  # for files on disk
    archive: str | None = None  # for zip members: the zip file on disk …
    member: str | None = None  # … and the raw member name inside it (as stored)
    problem: str | None = None  # a key of UNREADABLE_REASONS when ingest already knows
    index: int | None = None  # for zip members: the position of its entry in the central directory

    def read(self) -> bytes:
        """The file's bytes (a zip member is read by its own entry, so two members of one name each give their own)."""
        if self.disk_path is not None:
            with open(self.disk_path, "rb") as fh:
                return fh.read()
        import zipfile

        assert self.archive is not None and self.member is not None
        with zipfile.ZipFile(self.archive) as z:
            infos = z.infolist()
            if self.index is not None and self.index < len(infos) and infos[self.index].filename == self.member:
                return z.read(infos[self.index])
            return z.read(self.member)


@dataclass
class PageText:
    number: int  # 1-based
    text: str
    ocr: bool = False  # text came from OCR of the whole page
    ocr_seconds: float = 0.0  # OCR time spent on this page (whole page and strips)
    red_seal: bool | None = None  # a red seal is visible on the rendered page (None: not looked at)
    images: int = 0
    pending: bool = False  # no usable text layer and not OCRed whole (yet): ``text`` is empty, or partial
    partial: bool = False  # ``text`` is OCR of the top of the page only (the lines below not recognised yet)
    head: str | None = None  # the text of the top strip of a pending page, read by strip OCR
    foot: str | None = None  # the text of the bottom strip of a pending page, read by strip OCR
    rotation: int = 0  # degrees the page image was turned clockwise before OCR (0, 90, 180, 270: ocr.orientation)
    #: why the page is (to be) OCRed: "" (its text layer is good), no_layer, garbage (unmapped glyphs), thin (the
    #: layer explains little of the ink: text.THIN), image (an image file)
    ocr_reason: str = ""

    @property
    def text_source(self) -> str:
        """Where ``text`` comes from: "ocr" (the page OCRed whole) or "layer" (its text layer, or nothing yet)."""
        return "ocr" if self.ocr else "layer"

    @property
    def strips(self) -> int:
        """How many strips of this page were OCRed (instead of the whole page)."""
        return (self.head is not None) + (self.foot is not None)


@dataclass
class ExtractedFile:
    source: SourceFile
    kind: str  # pdf / image / docx / other
    pages: list[PageText] = field(default_factory=list)
    toc: list[tuple[int, str, int]] = field(default_factory=list)  # (level, title, first page) bookmarks
    sha256: str = ""
    problem: str | None = None  # a key of UNREADABLE_REASONS
    problem_detail: str = ""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


@record(config=RECORD)
class Document:
    """A classified document: a whole file or a page range of a combined file."""

    path: str  # SourceFile.display
    pages: tuple[int, int]  # first, last (1-based, inclusive)
    type: str  # a document type id (checker.doctypes)
    confidence: float  # 0..1
    ocr: bool
    evidence: list[str] = field(default_factory=list)  # what decided the type (phrases matched, bookmark title …)
    fields: dict[str, Any] = field(default_factory=dict)
    field_evidence: dict[str, str] = field(default_factory=dict)  # field → the text it was read from
    language: str = "zh"
    red_seal: bool | None = None
    sha256: str = ""
    also: list[tuple[str, int, str]] = field(default_factory=list)  # other types it holds: (type, page, heading)
    figures: list[dict[str, Any]] = field(default_factory=list)  # figures it attests (checker/figures/read.py Figure.as_dict)


@record(config=RECORD)
class Gap:
    """A finding a person must act on: a problem (问题), or something to verify by hand (待人工核对).
    ``code`` is a gap code of the registry of checks (``checker/checks/``)."""

    code: str
    material: str | None  # the evidence spec's material id (None for file-level gaps)
    types: list[str]  # document types that would satisfy the material
    document: str | None  # the file (display path)
    pages: tuple[int, int] | None
    message: str  # Chinese, says what is wrong and what to do
    evidence: str = ""  # the text that shows it (for the HTML report)
    verdict: str = "problem"  # problem (问题) / verify (待人工核对)


class _Keys:
    """Rows read like the dicts they were before the contract (``row["label"]``, ``row.get("year")``), so code
    written against the report's JSON keys reads the records the same way."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


@record(config=RECORD)
class CheckRow(_Keys):
    """One check of one document for a material (the 逐项核对 rows): 符合, 问题 or 待人工核对 with why."""

    document: str  # the file (display path)
    pages: tuple[int, int]
    check: str  # a check id of the registry (checker/checks/)
    label: str  # the check's Chinese label (the writers show the run's language from ``check``)
    verdict: str  # 符合 / 问题 / 待人工核对 (``labels.label("verdict", …)`` shows it)
    code: str | None  # the gap code when not 符合
    reason: str
    evidence: str = ""


@record(config=RECORD)
class ComparisonSource(_Keys):
    """Where a compared figure was read: a document's page and text (checker/figures/compare.py)."""

    document: str  # the file (display path)
    type: str  # the document's type id (checker.doctypes)
    page: int
    text: str = ""  # the text the figure was read from
    value: float | str | None = None  # the figure (a date or an address for those rows)
    declared: bool | None = None  # True: the applicant's own form the declared figure was read from
    counted: bool | None = None  # certificates summed: counted, or the same certificate met again (``note``)
    number: str | None = None  # a certificate's number
    note: str | None = None
    product: str | None = None  # a footprint's product …
    functional_unit: str | None = None  # … and functional unit


@record(config=RECORD)
class ComparisonRow(_Keys):
    """One row of 申报数据与证明材料对照: a declared figure against the evidence's, with the verdict and why."""

    id: str  # the comparison's id in evidence_specs/figures.yaml (``date``, ``address`` for those rows)
    kind: str  # figure / recomputed / shown / date / address
    label: str  # Chinese (``label_en`` in English)
    year: int | None
    unit: str
    declared: float | None
    evidence: float | None
    difference: float | None  # evidence − declared
    sources: list[ComparisonSource]
    tolerance: str
    verdict: str  # 符合 / 问题 / 待人工核对 / 仅供参考, as the reports show it (``outcome`` is its code)
    outcome: str  # ok / problem / verify / info
    code: str | None  # the gap code when the row is a finding
    reason: str
    cite: str
    label_en: str = ""
    types: list[str] = field(default_factory=list)  # the document types the row's material accepts
