"""One submission through the checker: ingest → extract → classify → fields → check.

:func:`check_submission` is the short orchestrator; each stage lives in its
own module. The result (:class:`Report`) keeps the evidence of every decision:
which phrases decided a document's type, the text each field was read from,
and for each gap the file, pages and text that show it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass as record

from lingtan.assessment.schemes import load_scheme
from lingtan.common.errors import DataFileError
from lingtan.common.i18n import _
from lingtan.common.manifest import MANIFEST_NAME

from . import applicant as app_mod
from .check import CheckResult, MaterialResult, check
from .classify import classify, range_text
from .contents import find_parts
from .doctypes import doc_types, list_types, own_types, type_name
from .extract import FileReader, OcrPolicy, open_file
from .fields import extract_fields
from .figures import figures_of
from .ingest import ingest
from .model import RECORD, ComparisonRow, Document, ExtractedFile, Gap, PageText, SourceFile
from .needs import MAX_EXTRA_PAGES, Needs
from .ocr import preflight
from .specs import load_spec
from .text import GARBAGE, THIN

#: the version of the report's JSON (``schema_version``); a stored report without it is version 1
REPORT_VERSION = 2


@record(config=RECORD)
class FileSummary:
    path: str
    kind: str
    pages: int
    ocr_pages: int
    ocr_seconds: float
    problem: str | None
    sha256: str


@record(config=RECORD, kw_only=True)
class Report:
    """One checked submission: the contract of ``lingtan check --format json``, of the batch's reports and of the
    web app's stored reports. Codes are stored (gap codes, statuses, document type ids); the writers
    (``checker/report.py``) show their labels. :meth:`to_json` / :meth:`from_json` are each other's inverse."""

    schema_version: int = REPORT_VERSION
    scheme: str
    scheme_name: str
    root: str
    as_of: str
    applicant: dict[str, Any]  # name, uscc, source
    complete: bool  # every required material there, no problem, nothing left to verify
    documents: list[Document]
    gaps: list[Gap]  # problems (问题)
    materials: list[MaterialResult]
    files: list[FileSummary]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    to_verify: list[Gap] = field(default_factory=list)  # 待人工核对: what could not be verified, and why
    comparisons: list[ComparisonRow] = field(default_factory=list)  # 申报数据与证明材料对照 (checker/figures/)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON values (tuples as lists)."""
        out: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return out

    def to_json(self) -> str:
        return _adapter().dump_json(self, indent=2).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """A report written by :meth:`to_json`, of this version or an older one (upgraded: :func:`upgrade_report`)."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise DataFileError(_("检查报告不是有效的 JSON：{error}").format(error=exc)) from exc
        if not isinstance(data, dict):
            raise DataFileError(_("检查报告的格式不对：内容应为一个 JSON 对象，请重新检查这份材料"))
        try:
            report: Report = _adapter().validate_python(upgrade_report(data))
        except ValidationError as exc:  # what differs stays in the chained error (LINGTAN_DEBUG=1), not in the message
            raise DataFileError(_("检查报告与当前版本的格式不符，请重新检查这份材料")) from exc
        return report


@cache
def _adapter() -> TypeAdapter[Report]:
    return TypeAdapter(Report)


def _v1_to_v2(d: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (no ``schema_version``): ``comparisons`` may be absent; its rows may lack ``id``, ``label_en`` and
    ``types`` (the row's kind, none, none), and name their sources' document type by its Chinese name."""
    ids = {t.name: tid for tid, t in doc_types().items()} | {t.name_en: tid for tid, t in doc_types().items()}
    rows = []
    for row in d.get("comparisons") or []:
        row = {"id": row.get("kind", "figure"), "label_en": "", "types": [], **row}
        row["sources"] = [{**s, "type": ids.get(s.get("type", ""), s.get("type", ""))} for s in row.get("sources") or []]
        rows.append(row)
    return {**d, "schema_version": 2, "comparisons": rows}


#: version → the step that brings a report of that version to the next
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def report_version(d: dict[str, Any]) -> int:
    """The version of a report's JSON (1 when it names none)."""
    v = d.get("schema_version", 1)
    return v if isinstance(v, int) else 0


def upgrade_report(d: dict[str, Any]) -> dict[str, Any]:
    """A report's JSON of any known version as the current version's (a newer or unknown version is refused)."""
    v = report_version(d)
    if v > REPORT_VERSION or v not in (*UPGRADES, REPORT_VERSION):
        raise DataFileError(_("检查报告的格式版本 {version} 不是本程序能读取的（最高 {current}），请使用较新版本的 lingtan").format(
            version=d.get("schema_version"), current=REPORT_VERSION))
    while v < REPORT_VERSION:
        d = UPGRADES[v](d)
        v = report_version(d)
    return d


def _documents(reader: FileReader, needs: Needs) -> list[Document]:
    """Classify a file's documents and read their fields and figures, OCRing pages only as far as the checks need
    (the fields their checks read, the figures the comparisons look for: ``Needs``)."""
    ex = reader.ef
    docs = classify(reader, needs)
    for d in docs:
        first, last = d.pages
        extra = 0
        while True:
            text = range_text(ex, first, last)
            d.ocr = any(p.ocr for p in ex.pages[first - 1 : last])
            fields, evidence = extract_fields(text, own=d.type in own_types())
            lacking = needs.lacking(d.type, fields, text, ocr=d.ocr)
            nxt = next((p.number for p in ex.pages[first - 1 : last] if p.pending), None)
            if not lacking or nxt is None or (extra >= MAX_EXTRA_PAGES and d.type not in list_types()):
                break
            reader.ocr(nxt)
            extra += 1
        d.fields, d.field_evidence = fields, evidence
        d.language = d.fields.pop("language", "zh")
        d.figures = figures_of(d.type, ex.pages[first - 1 : last], d.fields.get("years"))
        while needs.figures_lacking(d.type, d.figures, d.fields.get("years")):
            # a figure a comparison needs is not on the pages read so far (a scanned report's table further on):
            # the next pending page, in reading order, until it is there or every page is read
            nxt = next((p.number for p in ex.pages[first - 1 : last] if p.pending), None)
            if nxt is None or (not reader.ocr(nxt) and reader.page(nxt).pending):
                break
            d.figures = figures_of(d.type, ex.pages[first - 1 : last], d.fields.get("years"))
        d.evidence += layer_notes(ex.pages[first - 1 : last])
        d.also = find_parts(d, reader)
        d.evidence += [f"第{page}页“{heading}”：另含{type_name(t)}" for t, page, heading in d.also]
        if d.type in needs.seal or any(p.red_seal is not None for p in ex.pages[first - 1 : last]):
            d.red_seal = _seal(reader, first, last)
    return docs


def layer_notes(pages: list[PageText]) -> list[str]:
    """Evidence notes for the pages OCRed although they have a text layer: the layer was glyph soup, or thin."""
    why = {GARBAGE: _("第{page}页的文字层是乱码（字形未对应到文字），已改用 OCR 识别"),
           THIN: _("第{page}页的文字层远少于页面上印出的内容，已改用 OCR 识别")}
    return [why[p.ocr_reason].format(page=p.number) for p in pages if p.ocr and p.ocr_reason in why]


def _seal(reader: FileReader, first: int, last: int) -> bool | None:
    """True when a red seal shows on any page of the range (pages looked at until one does)."""
    seen = None
    for n in range(first, last + 1):
        s = reader.seal(n)
        if s:
            return True
        if s is not None:
            seen = False
    return seen


def read_file(src: SourceFile, ocr: OcrPolicy, needs: Needs) -> tuple[ExtractedFile, list[Document]]:
    """One file through extract → classify → fields (the unit the batch puts under time and memory limits)."""
    with open_file(src, ocr=ocr) as reader:
        if not ocr.lazy:
            reader.read_all(seals=False)
        docs = [] if reader.ef.problem else _documents(reader, needs)
        return reader.ef, docs


def check_submission(
    path: Path, scheme_id: str, *, applicant_file: Path | None = None, as_of: date | None = None, ocr: OcrPolicy | None = None,
    read_fn: Callable[[SourceFile, OcrPolicy, Needs], tuple[ExtractedFile, list[Document]]] = read_file,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Check one submission (a folder or a zip) against a scheme's required materials.

    ``read_fn`` reads one file (:func:`read_file` by default; the batch passes a version with
    time and memory limits). ``progress(done, total, file)`` is told before each file is read (and
    ``(0, 0, "")`` while the OCR engine loads, ``(total, total, "")`` when every file is read).
    """
    tell = progress or (lambda done, total, name: None)
    t0 = time.perf_counter()
    as_of = as_of or date.today()
    scheme = load_scheme(scheme_id)
    spec = load_spec(scheme_id)
    applicant = app_mod.from_factory_file(applicant_file, scheme_id) if applicant_file else None
    files: list[ExtractedFile] = []
    docs: list[Document] = []
    texts: dict[tuple[str, int], str] = {}
    policy = ocr or OcrPolicy()
    if policy.enabled:
        tell(0, 0, "")
        preflight()
    with ingest(Path(path)) as ing:
        manifests = [src for src in ing.files if Path(src.display).name == MANIFEST_NAME]
        for src in manifests:
            if applicant is None and src.problem in (None, "unsupported"):  # .json is no evidence type, but the manifest is read
                applicant = app_mod.from_manifest(src.read(), src.display)
        needs = Needs.of(spec, applicant)
        todo = [src for src in ing.files if src not in manifests]
        for i, src in enumerate(todo):
            tell(i, len(todo), src.display)
            ex, found = read_fn(src, policy, needs)
            files.append(ex)
            for d in found:
                docs.append(d)
                texts[(d.path, d.pages[0])] = range_text(ex, d.pages[0], d.pages[1])
        tell(len(todo), len(todo), "")
        files += [ExtractedFile(source=p, kind="other", problem=p.problem, problem_detail=ing.detail(p)) for p in ing.problems]
        skipped = list(ing.skipped)
        root = ing.root
    if applicant is None:
        applicant = app_mod.from_documents(docs) or app_mod.Applicant.unknown()
    result: CheckResult = check(docs, files, spec, applicant, as_of, texts)
    summaries = [
        FileSummary(ex.source.display, ex.kind, len(ex.pages), sum(p.ocr for p in ex.pages),
                    round(sum(p.ocr_seconds for p in ex.pages), 2), ex.problem, ex.sha256)
        for ex in files
    ]
    return Report(
        scheme=scheme.id, scheme_name=scheme.name, root=root, as_of=as_of.isoformat(),
        applicant={"name": applicant.name, "uscc": applicant.uscc, "source": applicant.source},
        complete=result.complete, documents=docs, gaps=result.gaps, materials=result.materials, files=summaries,
        skipped=skipped, seconds=round(time.perf_counter() - t0, 2), to_verify=result.to_verify,
        comparisons=result.comparisons,
    )
