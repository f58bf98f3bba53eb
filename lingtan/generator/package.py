"""One enterprise's application package: every form, the evidence index, the manifest.

Stages: assess (engine) → context → narratives → render + verify each form (and, with
``pdf``, convert them) → write the folder atomically (a temporary folder renamed into place, so a
failed run never leaves half a package, nor an empty output folder it made); into a folder that
holds a package already by the rules of :mod:`generator.regenerate` (nothing a person wrote is lost).

Names: the folder and the form files are named after the enterprise, made safe for every file
system (:func:`folder_name`, :func:`form_file_name`: no control, bidi or Windows-forbidden
characters, no reserved name such as ``CON``, every component within 255 bytes); the documents
and the manifest keep the full name, and a warning says when the name had to change.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from lingtan.assessment.engine.dates import as_of_text
from lingtan.assessment.engine.evaluate import assess
from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.facts import applicant_facts, declared_figures
from lingtan.assessment.schemes.schema import Form, Scheme
from lingtan.common.atomic import write_folder_atomic
from lingtan.common.errors import PdfConversionError
from lingtan.common.i18n import _
from lingtan.common.jsonout import json_text
from lingtan.common.manifest import MANIFEST_NAME
from lingtan.common.names import MAX_NAME_BYTES, safe_file_name
from lingtan.common.sources import readable_cites

from . import narratives as narr_mod
from .context import build_context, draft_context
from .pdf import pdf_copies
from .properties import docx_properties
from .regenerate import place
from .render import Rendered, render
from .sanitize import Cleaning, Tracked
from .templates import common_template, template_path
from .toc_pages import fill_page_numbers

MANIFEST_VERSION = 1
EVIDENCE_FORM = Form(id="evidence-index", name="证明材料索引", cite="各方案申报材料清单；由 lingtan 按填报数据汇总", filename="{enterprise}-证明材料索引")
_NARR_REF = re.compile(r"narr\[(?:'|&#39;|&apos;|\")(\w+)(?:'|&#39;|&apos;|\")\]|narr\.(\w+)")


@dataclass
class FormOutput:
    id: str
    name: str
    file: str
    sha256: str


@dataclass
class PackageResult:
    """What was generated for one enterprise (small and picklable: batch workers return it)."""

    enterprise: str
    uscc: str
    scheme: str
    level: str
    folder: str
    verdict: str
    total: float | None
    max_total: float | None
    forms: list[FormOutput] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    narratives: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a regeneration did with the files already there
    pdfs: list[str] = field(default_factory=list)  # the PDF copies' file names (``pdf=True``)
    substituted: list[tuple[str, str]] = field(default_factory=list)  # fonts LibreOffice drew with a stand-in
    pdf_error: str | None = None  # why the PDF copies were not made (``pdf=True``; the .docx files were written)
    as_of: str = ""  # the evaluation date used, and why (engine.dates): given / application / today
    as_of_basis: str = "given"
    stage_name: str = ""  # the stage of the scheme's procedure evaluated at


@dataclass
class Prepared:
    """An enterprise's context, ready for rendering its forms."""

    factory: Factory
    scheme: Scheme
    assessment: Any
    ctx: dict[str, Any]
    cleaning: Cleaning
    narratives: dict[str, narr_mod.Narrative]


@lru_cache(maxsize=128)
def narrative_keys(template: Path) -> tuple[str, ...]:
    """Narrative keys a template uses (``narr['key']`` / ``narr.key``)."""
    with zipfile.ZipFile(template) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<[^>]+>", "", xml)
    keys = {a or b for a, b in _NARR_REF.findall(xml)}
    return tuple(sorted(k for k in keys if k not in ("text", "draft")))


def prepare(factory: Factory, scheme: Scheme, level: str, as_of: date | None) -> Prepared:
    """Assess the factory and build its render context, with narratives resolved."""
    a = assess(factory, scheme, level=level, as_of=as_of)
    log = Cleaning()
    ctx = build_context(factory, scheme, a, log)
    limits: dict[str, str | None] = {}
    for fm in forms_for(factory, scheme):  # the narratives of the forms this factory gets
        for key in narrative_keys(template_path(scheme.id, fm.id)):
            limits.setdefault(key, None)
        for key, text in fm.length_limits.items():
            limits[key] = text
    given = ctx["f"]["narratives"]
    resolved = narr_mod.resolve(limits, given, draft_context(ctx, factory))
    ctx["narr"] = {
        k: {"text": n.text if not n.draft else Tracked(n.text, f"narratives.{k}（草稿）"), "draft": n.draft, "chars": n.chars}
        for k, n in resolved.items()
    }
    ctx["rows"] = [ctx]
    return Prepared(factory, scheme, a, ctx, log, resolved)


#: the longest package folder name (bytes of UTF-8): 255 less the 14 the atomic writes add for
#: their temporary names (``.<name>.xxxxxxxx.tmp``, ``.<name>.old-<pid>``)
FOLDER_NAME_BYTES = 241


def folder_name(enterprise: str, *tags: str) -> str:
    """The package folder's name: the enterprise's name made safe, shortened to leave room for
    ``-<tag>`` (generate-batch's 统一社会信用代码 and counter for enterprises of the same name)."""
    tail = "".join("-" + safe_file_name(t, 40) for t in tags if t)
    return safe_file_name(enterprise, FOLDER_NAME_BYTES, suffix=tail)


def form_file_name(fm: Form, enterprise: str) -> str:
    """A form's file name (``<企业全称>-<表单名称>.docx``), the enterprise part shortened to fit 255 bytes."""
    pattern = fm.filename or "{enterprise}-" + fm.name
    head, found, tail = pattern.partition("{enterprise}")
    if found:
        room = MAX_NAME_BYTES - len((head + tail + ".docx").encode("utf-8"))
        head += safe_file_name(enterprise, max(room, 24))
    return safe_file_name(head + tail.replace("{enterprise}", ""), suffix=".docx")


def name_notes(enterprise: str, files: list[str] | None = None) -> list[str]:
    """What the folder and the form ``files``' names say differently from the enterprise's name, in words (empty when nothing)."""
    whole = safe_file_name(enterprise, 1 << 20)
    folder = folder_name(enterprise)
    notes = []
    if whole != enterprise:
        notes.append(_("文件名：企业名称含有不能用在文件夹名和文件名中的字符（控制字符、\\ / : * ? \" < > | 或开头结尾的点），"
                       "或是 Windows 的保留名（如 CON、NUL），文件夹名和文件名中改为“{folder}”；文档和清单中仍为完整名称").format(folder=folder))
    if folder != whole:
        notes.append(_("文件名：企业名称过长（{size} 字节，文件夹名最多 {limit} 字节），文件夹名和文件名中缩短为“{folder}”；"
                       "文档和清单中仍为完整名称").format(size=len(enterprise.encode("utf-8")), limit=FOLDER_NAME_BYTES, folder=folder))
    cut = [f for f in files or [] if folder not in f]
    if cut and folder == whole:
        notes.append(_("文件名：企业名称较长，{n} 个文件名中的企业名称已缩短（每个文件名最多 {limit} 字节），如“{example}”；"
                       "文档和清单中仍为完整名称").format(n=len(cut), limit=MAX_NAME_BYTES, example=cut[0]))
    return notes


def render_form(p: Prepared, fm: Form, template: Path | None = None) -> Rendered:
    ctx = dict(p.ctx)
    ctx["scheme"] = {**ctx["scheme"], "form_name": fm.name}
    return render(template or template_path(p.scheme.id, fm.id), ctx, fm.id, fm.name)


def render_batch_form(scheme: Scheme, fm: Form, rows: list[Prepared]) -> Rendered:
    """A bureau's batch table (one row per enterprise): the template iterates ``rows``."""
    if not rows:
        raise ValueError("render_batch_form needs at least one enterprise")
    ctx = dict(rows[0].ctx)
    ctx["rows"] = [p.ctx for p in rows]
    ctx["scheme"] = {**ctx["scheme"], "form_name": fm.name}
    return render(template_path(scheme.id, fm.id), ctx, fm.id, fm.name)


def manifest(p: Prepared, outputs: list[FormOutput], warnings: list[str], generated: datetime) -> dict[str, Any]:
    """The machine-readable summary of the package, for the checker and for bureaus."""
    a, fac = p.assessment, p.factory
    claims = {k: v.model_dump(mode="json") for k, v in fac.claims.get(p.scheme.id, {}).items()}
    return {
        "lingtan_manifest": MANIFEST_VERSION,
        "generated_at": generated.isoformat(timespec="seconds"),
        "applicant": {
            "name": fac.enterprise.name, "uscc": fac.enterprise.uscc, "address": fac.enterprise.address,
            "legal_representative": fac.enterprise.legal_representative, "city": fac.enterprise.city,
        },
        "scheme": {"id": p.scheme.id, "name": p.scheme.name},
        "level": {"id": a.level, "name": a.level_name},
        "as_of": a.as_of.isoformat(),
        "as_of_basis": a.as_of_basis,  # given / application (申报日期) / today
        "as_of_text": as_of_text(a.as_of, a.as_of_basis),
        "stage": {"id": a.stage, "name": a.stage_name},
        "reporting_year": fac.reporting_year,
        "years": sorted(y.year for y in fac.years),
        "result": {"total": a.total, "max_total": a.max_total, "verdict": a.verdict.status, "reasons": a.verdict.reasons},
        "claims": claims,
        "scores": {i.id: i.points for i in a.indicators},
        "conditions": {c.id: c.status for c in a.conditions},
        "facts": applicant_facts(fac),
        "declared": declared_figures(fac),  # the checker compares these with the evidence (evidence_specs/figures.yaml)
        "evidence_index": readable_cites(p.ctx["ev"]),
        "forms": [asdict(o) for o in outputs],
        "narratives": [n.as_dict() for n in p.narratives.values()],
        "warnings": warnings,
    }


TO_FILL = "待补充"


def to_fill(docx: bytes) -> int:
    """How many places of a rendered form read 待补充 (what the data does not hold, left for the enterprise)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml").decode("utf-8").count(TO_FILL)


def forms_for(factory: Factory, scheme: Scheme) -> list[Form]:
    """The scheme's forms this factory's stage calls for: a form for listed factories only when the data has a listing."""
    return [fm for fm in scheme.forms if not (fm.listed_only and factory.listing is None)]


def _warnings(p: Prepared) -> list[str]:
    w = [_("数据清理：{m}").format(m=m) for m in p.cleaning.messages()]
    w += [_("字数：{message}").format(message=n.message) for n in p.narratives.values() if n.status != "ok"]
    w += [_("草稿：{title}未在数据中填写（填报表“文字材料”工作表中的同名一行，或批量工作簿中“文字材料·{title}”一栏），"
            "已根据数据生成草稿，请审核修改").format(title=n.title)
          for n in p.narratives.values() if n.draft]
    w += [_("评价：{x}").format(x=x) for x in p.assessment.warnings]
    w += [_("未生成{form}：该表用于已列入省级名单的工厂，数据未填写列入省级名单年份").format(form=fm.name)
          for fm in p.scheme.forms if fm not in forms_for(p.factory, p.scheme)]
    return w


def generate_package(
    factory: Factory, scheme: Scheme, level: str, as_of: date | None, out_root: Path, *, generated: datetime | None = None,
    pdf: bool = False, force: bool = False,
) -> PackageResult:
    """Render every form of the scheme for one enterprise into ``out_root/<企业全称>/``.

    ``pdf``: a PDF copy of every form too (LibreOffice), written with the package. Into a folder
    that exists, by the rules of :mod:`generator.regenerate` (``force``: replace edited tool files).
    """
    p = prepare(factory, scheme, level, as_of)
    name = factory.enterprise.name
    when = generated or datetime.now()
    files: list[tuple[str, bytes]] = []
    titles: list[str] = []
    outputs: list[FormOutput] = []
    page_notes: list[str] = []
    gaps: list[str] = []
    for fm in [*forms_for(factory, scheme), EVIDENCE_FORM]:
        tpl = common_template(EVIDENCE_FORM.id) if fm is EVIDENCE_FORM else None
        data, note = fill_page_numbers(render_form(p, fm, tpl).data, fm.name)
        page_notes += [note] if note else []
        fname = form_file_name(fm, name)
        data = docx_properties(data, name, fm.name, when)
        files.append((fname, data))
        titles.append(fm.name)
        if n := to_fill(data):
            gaps.append(_("待补充：{form}中有 {n} 处数据没有的内容写为“待补充”，请在文档中填写").format(form=fm.name, n=n))
        outputs.append(FormOutput(fm.id, fm.name, fname, hashlib.sha256(data).hexdigest()))
    converted, pdf_failed = None, None
    if pdf:
        try:
            converted = pdf_copies([(f, d, t) for (f, d), t in zip(files, titles, strict=True)], name, when)
            files += converted.files
        except PdfConversionError as exc:  # the .docx files are still written; the caller reports the failure
            pdf_failed = str(exc)
    warnings = _warnings(p) + gaps + name_notes(name, [o.file for o in outputs]) + page_notes
    m = manifest(p, outputs, warnings, when)
    m["files"] = {f: hashlib.sha256(d).hexdigest() for f, d in files}
    folder = Path(out_root) / folder_name(name)
    data_of = dict(files)

    def set_earlier(earlier: dict[str, str]) -> None:
        m["earlier_files"] = earlier

    def write_fresh(dst: Path) -> None:
        _write_package(dst, [*files, (MANIFEST_NAME, json_text(m, indent=2).encode("utf-8"))])

    def put(fname: str, tmp: Path) -> None:
        tmp.write_bytes(json_text(m, indent=2).encode("utf-8") if fname == MANIFEST_NAME else data_of[fname])

    placed = place(folder, [f for f, _d in files] + [MANIFEST_NAME], write_fresh, put, force, set_earlier)
    a = p.assessment
    return PackageResult(
        enterprise=name, uscc=factory.enterprise.uscc, scheme=scheme.id, level=a.level, folder=str(placed.folder),
        verdict=a.verdict.status, total=a.total, max_total=a.max_total, forms=outputs, warnings=warnings,
        narratives=[n.as_dict() for n in p.narratives.values()], notes=placed.notes(),
        pdfs=[f for f, _d in converted.files] if converted else [], substituted=converted.substituted if converted else [],
        pdf_error=pdf_failed,
        as_of=a.as_of.isoformat(), as_of_basis=a.as_of_basis, stage_name=a.stage_name,
    )


def _write_package(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write the package atomically; on failure, remove the output folders this call created (left empty)."""
    made = [d for d in (folder.parent, *folder.parent.parents) if not d.exists()]
    try:
        write_folder_atomic(folder, files)
    except BaseException:
        for d in made:  # innermost first; rmdir refuses a folder that is not empty
            try:
                d.rmdir()
            except OSError:
                break
        raise
