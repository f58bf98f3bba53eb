"""One submission through the checker: ingest → extract → classify → fields → check.

:func:`check_submission` is the short orchestrator; each stage lives in its
own module. The result (:class:`Report`) keeps the evidence of every decision:
which phrases decided a document's type, the text each field was read from,
and for each gap the file, pages and text that show it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assessment.errors import InputError
from assessment.schemes import load_scheme

from . import applicant as app_mod
from .check import CheckResult, MaterialResult, check
from .classify import classify
from .extract import OcrPolicy, extract
from .fields import extract_fields
from .ingest import ingest
from .model import Document, ExtractedFile, Gap
from .specs import load_spec


@dataclass
class FileSummary:
    path: str
    kind: str
    pages: int
    ocr_pages: int
    ocr_seconds: float
    problem: str | None
    sha256: str


@dataclass
class Report:
    scheme: str
    scheme_name: str
    root: str
    as_of: str
    applicant: dict[str, Any]
    complete: bool
    documents: list[Document]
    gaps: list[Gap]
    materials: list[MaterialResult]
    files: list[FileSummary]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for doc in d["documents"]:
            doc["pages"] = list(doc["pages"])
        for g in d["gaps"]:
            g["pages"] = list(g["pages"]) if g["pages"] else None
        return d


class NoApplicantError(InputError):
    """The applicant cannot be determined (no --applicant, manifest or business licence)."""


def _documents(ex: ExtractedFile) -> list[Document]:
    docs = classify(ex)
    for d in docs:
        text = "\n".join(p.text for p in ex.pages[d.pages[0] - 1 : d.pages[1]])
        d.fields, d.field_evidence = extract_fields(text)
        d.language = d.fields.pop("language", "zh")
    return docs


def check_submission(
    path: Path, scheme_id: str, *, applicant_file: Path | None = None, as_of: date | None = None, ocr: OcrPolicy | None = None
) -> Report:
    """Check one submission (a folder or a zip) against a scheme's required materials."""
    t0 = time.perf_counter()
    as_of = as_of or date.today()
    scheme = load_scheme(scheme_id)
    spec = load_spec(scheme_id)
    applicant = app_mod.from_factory_file(applicant_file, scheme_id) if applicant_file else None
    files: list[ExtractedFile] = []
    with ingest(Path(path)) as ing:
        for src in ing.files:
            if Path(src.display).name == app_mod.MANIFEST_NAME:
                if applicant is None and src.problem is None:
                    applicant = app_mod.from_manifest(src.read(), src.display)
                continue
            files.append(extract(src, ocr=ocr or OcrPolicy()))
        files += [ExtractedFile(source=p, kind="other", problem=p.problem, problem_detail=ing.detail(p)) for p in ing.problems]
        skipped = list(ing.skipped)
        root = ing.root
    docs: list[Document] = []
    texts: dict[tuple[str, int], str] = {}
    for ex in files:
        if ex.problem:
            continue
        for d in _documents(ex):
            docs.append(d)
            texts[(d.path, d.pages[0])] = "\n".join(p.text for p in ex.pages[d.pages[0] - 1 : d.pages[1]])
    if applicant is None:
        applicant = app_mod.from_documents(docs)
    if applicant is None:
        raise NoApplicantError(
            f"无法确定申报企业：{path} 中没有 lingtan-manifest.json，也未识别出营业执照或申报书。"
            "请用 --applicant 指定企业数据文件。"
        )
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
        skipped=skipped, seconds=round(time.perf_counter() - t0, 2),
    )
