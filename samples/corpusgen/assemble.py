"""Build one submission folder and its ground truth.

A :class:`Spec` says which scheme, which seed, which defects and (optionally) how documents are
delivered; ``build`` plans the documents from the scheme's evidence spec (``materials.plan``),
renders every one (evidence via ``documents.render_document`` or, for types without a specific
renderer, ``doc_generic``; the applicant's forms via ``forms.generate_forms``), picks for each a
form of delivery (born-digital, scanned, phone photo, part of a combined PDF, inside a zip), names
the files as enterprises do, applies the defects and writes::

    <out>/<id>/                 the submission (what the checker reads)
    <out>/<id>.truth.json       its ground truth (outside the folder)

Documents whose material has the ``sealed`` check carry a red seal (the issuer's, or the
applicant's stamped on the copy) and are delivered born-digital or as colour scans and photos —
grey and black-and-white scans lose the red the checker looks for.

Everything is a function of the spec: the same spec gives the same bytes and the same truth.
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import forms as forms_mod
from . import hostile, pdfkit, scan
from ._pymupdf import pymupdf
from .doc_generic import render_any
from .evidence import AS_OF
from .facts import Facts, facts_from_factory, other_company
from .materials import FACTORIES, Material, applicant as spec_applicant, factory_path, plan, spec as load_spec, spec_summary
from .truth import DEFECT_ALSO, DEFECT_GAP, DEFECTS, DELIVERIES, DocEntry, FileEntry, dumps, expected_gaps, figure_checks

SAMPLES = Path(__file__).resolve().parent.parent
ZIP_DATE = (2026, 3, 12, 16, 48, 20)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CERT_TYPES = ("qms_certificate", "ems_certificate", "ohsms_certificate", "enms_certificate")
# the ground-truth field an "expired" defect sets, per type (generic documents: expiry_date)
EXPIRY_FIELD = {**{t: "expiry_date" for t in CERT_TYPES}, "low_carbon_product_cert": "expiry_date",
                "business_licence": "valid_to", "pollutant_discharge_permit": "valid_to"}
# renderers that take the issuer from the ground truth (a self-issued report prints the applicant)
ISSUER_OVERRIDABLE = ("ghg_verification_report", "reduction_assessment_report", "carbon_footprint_report")
# renderers whose ``years`` can be overridden (a report about other years)
YEARS_OVERRIDABLE = ("ghg_verification_report", "reduction_assessment_report", "energy_audit_report",
                     "green_power_certificate", "green_power_consumption_proof", "esg_report", "carbon_footprint_report")
PHOTO_TYPES = ("business_licence", "green_power_certificate", "qms_certificate", "ems_certificate", "land_property_cert",
               "site_plan", "production_licence", "carbon_platform_evidence")


@dataclass
class Spec:
    """One submission to generate."""

    id: str
    scheme: str
    seed: int
    defects: tuple[str, ...] = ()
    combined: str | None = None        # None | "bookmarks" | "plain": several documents in one PDF
    zip: bool = False                  # the whole submission as one zip with GBK member names
    scan_share: float = 0.3            # share of short evidence documents delivered scanned
    scan_long: bool = False            # long documents (3 pages and more) may be scanned too (a paper submission)
    photos: int = 1                    # phone photos (1-page documents)
    forms_delivery: str = "scanned"    # scanned (printed, sealed, scanned) | born_digital (e-sealed PDF)
    naming: int | None = None          # file-naming style (None: from the seed)
    delivery: dict[str, str] = field(default_factory=dict)  # doc_type -> forced delivery
    note: str = ""
    rounding: bool = False             # the GHG report and energy audit print the declared figures off by less than a unit


# ---- inputs ---------------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _factory(scheme: str) -> tuple[dict, Path]:
    path = factory_path(scheme)
    return yaml.safe_load(path.read_text(encoding="utf-8")), path


def _facts(scheme: str) -> Facts:
    """The applicant's facts; a certificate the data shows expired by AS_OF is handed in renewed."""
    return _renewed(facts_from_factory(_factory(scheme)[0]))


def _renewed(f: Facts) -> Facts:
    """Certificates still valid on AS_OF (an expired one re-certified for 3 more years)."""
    certs = []
    for c in f.certificates:
        c = dict(c)
        while c.get("expires") and c["expires"] <= AS_OF:
            c["issued"], c["expires"] = _plus3(c["issued"]), _plus3(c["expires"])
        certs.append(c)
    f.certificates = certs
    return f


def _other(seed: int) -> Facts:
    """Another company whose documents are otherwise in order (certificates still valid on AS_OF)."""
    return _renewed(other_company(seed))


def _plus3(x: date) -> date:
    try:
        return x.replace(year=x.year + 3)
    except ValueError:
        return x.replace(year=x.year + 3, day=28)


def wrong_check_uscc(code: str) -> str:
    """The same code with a different (wrong) check character."""
    from stdnum.cn import uscc as _uscc

    right = _uscc.calc_check_digit(code[:17])
    i = (_USCC_ALPHABET.index(right) + 7) % len(_USCC_ALPHABET)
    return code[:17] + _USCC_ALPHABET[i]


def short_name(name: str) -> str:
    for suf in ("股份有限公司", "有限责任公司", "有限公司"):
        if name.endswith(suf):
            return name[: -len(suf)]
    return name


# ---- defects: which document each one hits ---------------------------------------------------------

def _targets(defect: str, mats: list[Material]) -> list[Material]:
    ev = [m for m in mats if not m.form]
    certs = [m for m in ev if m.doc_type in CERT_TYPES]
    if defect == "missing":
        return [m for m in ev if m.doc_type != "business_licence" and m.only_for]
    if defect == "expired":
        return [m for m in ev if "valid" in m.checks and (m.doc_type in EXPIRY_FIELD or m.generic)]
    if defect == "other_company":
        return [m for m in ev if "name" in m.checks]
    if defect == "uscc_check":
        return [m for m in ev if m.doc_type == "business_licence" and "uscc" in m.checks]
    if defect == "wrong_years":
        return [m for m in ev if "years" in m.checks and m.years and (m.doc_type in YEARS_OVERRIDABLE or m.generic)]
    if defect == "self_verified":
        tp = [m for m in ev if "third_party" in m.checks]
        return [m for m in tp if m.doc_type in ISSUER_OVERRIDABLE or m.generic] or [m for m in tp if m.doc_type in CERT_TYPES]
    if defect == "unsealed_form":
        return [m for m in mats if m.form and "sealed" in m.checks]
    if defect == "figure_mismatch":
        return [m for m in ev if m.doc_type in FIGURE_OVERRIDES]
    if defect == "english_only":
        return certs
    if defect in ("corrupt_pdf", "encrypted_pdf", "empty_file", "fake_pdf", "image_bomb", "duplicate_file"):
        return [m for m in ev if m.doc_type != "business_licence" or defect == "duplicate_file"]
    raise KeyError(defect)


def applicable(scheme: str, seed: int = 0) -> list[str]:
    """The defects that can be applied to a submission of ``scheme``."""
    mats = plan(scheme, seed)
    return [d for d in DEFECTS if _targets(d, mats)]


# ---- rendering ---------------------------------------------------------------------------------------

@dataclass
class Item:
    """A planned document as rendered: the born-digital PDF and its truth."""

    material: Material
    doc_type: str
    title: str
    pdf: bytes
    pages: int
    fields: dict
    sealed: bool
    language: str
    variant: int
    expect_years: list[int] | None
    form: forms_mod.PrintedForm | None = None
    defect: str | None = None
    renderer: str = "specific"

    @property
    def needs_seal(self) -> bool:
        """Its material checks for a visible red seal: deliver it born-digital or in colour."""
        return "sealed" in self.material.checks


def _covers(fields: dict, years: tuple[int, ...]) -> bool:
    got = {int(y) for y in fields.get("years") or []}
    return all(y in got for y in years)


def stamp_copy(pdf: bytes, org: str, *, seed: int) -> bytes:
    """The applicant's red seal stamped on the first page of a copy, with “复印件与原件一致”."""
    rng = random.Random(f"copy-seal:{seed}")
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    page = doc[0]
    w, h = page.rect.width, page.rect.height
    cx, cy = w - 150 + rng.uniform(-20, 20), h - 150 + rng.uniform(-25, 25)
    pdfkit.text(page, cx, cy + 62, "复印件与原件一致", 10, (0.1, 0.2, 0.55), font="kai", align="center")
    pdfkit.red_seal(page, (cx, cy), org, radius=44, rng=rng)
    return pdfkit.finish(doc)


#: figures a report prints, as the renderers name them → how the data file's figure of the report's last year is
#: turned into a figure disagreeing beyond tolerance (defect ``figure_mismatch``) or agreeing within rounding
FIGURE_OVERRIDES: dict[str, dict[str, tuple[str, Any, Any]]] = {
    "ghg_verification_report": {"category2_t": ("category2", lambda v: round(v * 1.2), lambda v: v - 0.4),
                                "category1_t": ("category1", None, lambda v: v + 0.3)},
    # the audit prints whole tonnes: a rounding difference would not show, so it is only ever made to disagree
    "energy_audit_report": {"energy_tce": ("energy_tce", lambda v: round(v * 1.08), None)},
}


def _figure_overrides(m: Material, facts: Facts, mismatch: bool) -> dict[str, Any]:
    """The overrides that make a report's figures of its last year disagree (``mismatch``) or round differently."""
    year = facts.year(max(m.years) if m.years else facts.reporting_year)
    out: dict[str, Any] = {}
    for name, (key, wrong, rounded) in FIGURE_OVERRIDES.get(m.doc_type, {}).items():
        change = wrong if mismatch else rounded
        if change is not None and year.get(key) is not None:
            out[name] = change(year[key])
    return out


def _render_evidence(m: Material, facts: Facts, applicant: Facts, rnd: random.Random, seed: int,
                     defect: str | None, rounding: bool = False) -> Item:
    kw: dict[str, Any] = dict(m.kw)
    overrides: dict[str, Any] = {}
    if defect == "figure_mismatch" or (rounding and defect is None):
        overrides.update(_figure_overrides(m, facts, defect == "figure_mismatch"))
    years = tuple(m.years)
    if years:
        kw["year"] = max(years)
    if defect == "expired":
        end = AS_OF - timedelta(days=rnd.randint(20, 300))
        overrides[EXPIRY_FIELD.get(m.doc_type, "expiry_date")] = end.isoformat()
    elif defect == "uscc_check":
        overrides["uscc"] = wrong_check_uscc(applicant.uscc)
    elif defect == "wrong_years":
        y0 = max(years)
        overrides["years"] = [y0 - 6, y0 - 5]
        kw["year"] = y0 - 5
    elif defect == "self_verified":
        overrides["verifier"] = applicant.name
        overrides["issuer"] = applicant.name
    elif defect == "english_only":
        kw["language"] = "en"
    variant = rnd.randrange(8)
    generic = m.generic

    def draw(ov: dict[str, Any]):
        return render_any(m.doc_type, facts, variant=variant, seed=seed, overrides=ov or None,
                          material_name=m.name, years=list(years) or None, **kw)

    e = draw(overrides)
    if years and defect != "wrong_years" and not _covers(e.fields, years):
        # e.g. a one-year report where the material needs several years: a report covering them all
        e = draw({**overrides, "years": list(years)})
        if not _covers(e.fields, years):
            raise AssertionError(f"{m.doc_type} for {m.material}: cannot cover years {years} ({e.fields.get('years')})")
    pdf, sealed, fields = e.pdf, e.sealed, dict(e.fields)
    if "sealed" in m.checks and not sealed:
        # the enterprise stamps its seal on the copy it hands in (as 004 asks: 加盖企业公章)
        pdf, sealed = stamp_copy(pdf, applicant.name, seed=seed), True
        fields["copy_seal"] = applicant.name
    return Item(m, e.doc_type, e.title, pdf, e.pages, fields, sealed, e.language, e.variant, list(years) or None,
                defect=defect, renderer="generic" if generic else "specific")


FORM_YEARS = {"dynamic_management_table": {"hefei": (-1, 0), "zhejiang": (-2, -1, 0)}}  # years the printed table covers


def _render_forms(scheme: str, applicant: Facts, mats: list[Material], seed: int, unsealed: set[str]) -> list[Item]:
    path = _factory(scheme)[1]
    printed = forms_mod.generate_forms(path, scheme, name=applicant.name, uscc=applicant.uscc, seed=seed,
                                       unsealed=frozenset(unsealed))
    by_type = {p.doc_type: p for p in printed}
    out = []
    for m in mats:
        if not m.form:
            continue
        p = by_type.get(m.doc_type)
        if p is None:  # a form the generator makes only for some applicants (zhejiang 动态管理表: listed factories)
            continue
        fields = dict(p.fields, seal_pages=p.seal_pages, cite=p.cite)
        offs = FORM_YEARS.get(m.doc_type, {}).get(scheme)
        if offs:
            fields["years"] = [applicant.reporting_year + o for o in offs]
        out.append(Item(m, p.doc_type, p.name, p.pdf, p.pages, fields, p.sealed, "zh", 0, list(m.years) or None, form=p,
                        defect="unsealed_form" if not p.sealed else None, renderer="form"))
    return out


# ---- file names ----------------------------------------------------------------------------------------

NAMING_STYLES = 5


def file_name(style: int, n: int, label: str, short: str, ext: str = ".pdf") -> str:
    if style == 0:
        return f"{n:02d}-{label}{ext}"
    if style == 1:
        return f"附件{n} {label}{ext}"
    if style == 2:
        return f"{n}.{label}（{short}）{ext}"
    if style == 3:
        return f"（{n}）{label}{ext}"
    return f"{short}{label}{ext}"


# ---- building ------------------------------------------------------------------------------------------

@dataclass
class Out:
    name: str
    data: bytes
    delivery: str
    docs: list[tuple[Item, int, int, str, bool]] = field(default_factory=list)  # item, first, last, rendering, seal visible
    extra: dict = field(default_factory=dict)
    intended: Item | None = None


def _pages(pdf: bytes) -> int:
    return pymupdf.open(stream=pdf, filetype="pdf").page_count


def _combine(parts: list[tuple[Item, bytes, str, bool]], bookmarks: bool, title: str) -> tuple[bytes, list]:
    doc = pymupdf.open()
    spans = []
    toc = []
    for item, pdf, rendering, visible in parts:
        src = pymupdf.open(stream=pdf, filetype="pdf")
        first = doc.page_count + 1
        doc.insert_pdf(src)
        spans.append((item, first, doc.page_count, rendering, visible))
        toc.append([1, item.material.label, first])
    if bookmarks:
        doc.set_toc(toc)
    stamp = "D:20260311101500+08'00'"
    doc.set_metadata({"title": title, "producer": "Adobe Acrobat Pro DC 2021" if bookmarks else "WPS PDF",
                      "creator": "WPS Office", "creationDate": stamp, "modDate": stamp})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True), spans


def _gap_of(defect: str, scheme: str) -> str | None:
    """The gap a defect makes in ``scheme``: a foreign-language document is one only where the scheme's list
    asks for Chinese translations (``translation_rule``: 000 附件1-3 only; issue 28)."""
    if defect == "english_only" and load_spec(scheme).translation_rule is None:
        return None
    return DEFECT_GAP[defect]


def plan_defects(spec: Spec, mats: list[Material], rnd: random.Random) -> dict[str, Material]:
    """defect -> the document it hits; each defect a different document (the most constrained chosen first)."""
    used: set[int] = set()
    out: dict[str, Material] = {}
    for d in sorted(spec.defects, key=lambda d: (len(_targets(d, mats)), DEFECTS.index(d))):
        cands = [m for m in _targets(d, mats) if id(m) not in used]
        if d == "duplicate_file":  # a copy of any file, even one another defect hit
            cands = cands or _targets(d, mats)
        if not cands:
            raise ValueError(f"defects {', '.join(spec.defects)} cannot all be applied to one {spec.scheme} submission")
        m = cands[rnd.randrange(len(cands))]
        if d != "duplicate_file":
            used.add(id(m))
        out[d] = m
    return out


def feasible(scheme: str, defects: tuple[str, ...], seed: int = 0) -> bool:
    """Whether the defects can hit distinct documents of one submission."""
    try:
        plan_defects(Spec("x", scheme, seed, defects), plan(scheme, seed), random.Random(0))
        return True
    except ValueError:
        return False


def _scan_mode(it: Item, rnd: random.Random) -> str | None:
    """Scanner colour mode: forms and documents whose seal is checked keep their red (colour or auto)."""
    if it.form is not None:
        return "auto"
    if it.needs_seal:
        return rnd.choice(("color", "auto"))
    return None  # from the scan's seed: colour, grey, black-and-white or auto


def _visible(it: Item, modes: list[str] | None) -> bool:
    """Is the item's red seal visible: sealed, and born-digital, photographed or scanned with colour pages."""
    if not it.sealed:
        return False
    return modes is None or "color" in modes


DETAIL = {
    "missing": "未提供{label}", "expired": "证照已过有效期", "other_company": "材料属于其他企业",
    "uscc_check": "统一社会信用代码校验位错误", "wrong_years": "覆盖年度错误",
    "self_verified": "由申报企业自行出具（应为第三方）", "unsealed_form": "申报表单未盖章",
    "figure_mismatch": "报告上的数据与申报数据不符（超出容差）",
    "english_only": "仅有英文证书，无中文翻译件", "corrupt_pdf": "PDF 文件损坏", "encrypted_pdf": "PDF 设有打开密码",
    "empty_file": "0 字节文件", "fake_pdf": "扩展名为 .pdf 的非 PDF 文件", "image_bomb": "图片炸弹（声明 50000×50000 像素）",
    "duplicate_file": "重复提交的同一文件",
}


def build(spec: Spec, out_root: Path) -> dict[str, Any]:
    """Write the submission folder and its truth JSON; returns the truth."""
    rnd = random.Random(f"submission:{spec.seed}:{spec.scheme}")
    raw, _path = _factory(spec.scheme)
    applicant = _facts(spec.scheme)
    level = raw["application"]["level"]
    mats = plan(spec.scheme, spec.seed)
    targets = plan_defects(spec, mats, rnd)
    hit: dict[int, str] = {id(m): d for d, m in targets.items() if d != "duplicate_file"}
    style = spec.naming if spec.naming is not None else rnd.randrange(NAMING_STYLES)
    short = short_name(applicant.name)
    defects_out: list[dict[str, Any]] = []

    # 1. render the documents
    missing = targets.get("missing")
    unsealed = {targets["unsealed_form"].doc_type} if "unsealed_form" in targets else set()
    items: list[Item] = _render_forms(spec.scheme, applicant, mats, spec.seed, unsealed)
    forms_by_type = {it.doc_type: it for it in items}
    rendered: list[Item] = []
    for m in mats:
        if m is missing:
            continue
        if m.form:
            rendered.append(forms_by_type[m.doc_type])
            continue
        d = hit.get(id(m))
        facts = _other(spec.seed) if d == "other_company" else applicant
        rendered.append(_render_evidence(m, facts, applicant, random.Random(rnd.random()), spec.seed, d, spec.rounding))

    # 2. choose deliveries
    hostile_kind = {"corrupt_pdf": "corrupt", "encrypted_pdf": "encrypted", "empty_file": "empty", "fake_pdf": "fake_pdf",
                    "image_bomb": "image_bomb"}
    hostile_of = {id(targets[d]): k for d, k in hostile_kind.items() if d in targets}
    evidence = [it for it in rendered if it.form is None and id(it.material) not in hostile_of]
    combined: list[Item] = []
    if spec.combined:
        pool = [it for it in evidence if it.doc_type not in spec.delivery and it.defect is None]
        k = min(len(pool), rnd.randint(3, 5))
        pick = sorted(rnd.sample(range(len(pool)), k))
        combined = [pool[i] for i in pick]
    choice: dict[int, str] = {}
    photos_left = spec.photos
    for it in rendered:
        if it.form is not None:
            choice[id(it)] = spec.delivery.get(it.doc_type, spec.forms_delivery)
        elif id(it.material) in hostile_of:
            choice[id(it)] = hostile_of[id(it.material)]
        elif it in combined:
            choice[id(it)] = "combined"
        elif it.doc_type in spec.delivery:
            choice[id(it)] = spec.delivery[it.doc_type]
        elif photos_left and it.pages == 1 and it.doc_type in PHOTO_TYPES:
            choice[id(it)] = "photo"
            photos_left -= 1
        elif (it.pages <= 2 or spec.scan_long) and rnd.random() < spec.scan_share:
            choice[id(it)] = "scanned"
        else:
            choice[id(it)] = "born_digital"

    # 3. make the files
    outs: list[Out] = []
    n = 0
    scan_date = (AS_OF - timedelta(days=rnd.randint(3, 9))).isoformat()
    for it in rendered:
        how = choice[id(it)]
        if how == "combined":
            continue
        n += 1
        label = it.material.label
        if it.form is not None:
            label = f"{label}（盖章版）" if how == "scanned" and it.sealed else label
        seed = spec.seed * 1000 + n
        if how == "born_digital":
            # a form delivered born-digital is the PDF exported from Word with an electronic seal on it
            outs.append(Out(file_name(style, n, label, short), it.pdf, "born_digital",
                            [(it, 1, it.pages, "text", _visible(it, None))]))
        elif how == "scanned":
            pdf, info = scan.scan_pdf(it.pdf, seed=seed, mode=_scan_mode(it, rnd), date=scan_date)
            outs.append(Out(file_name(style, n, label, short), pdf, "scanned",
                            [(it, 1, it.pages, "image", _visible(it, info.page_modes))], {"scan": info.as_dict()}))
        elif how == "photo":
            fmt = "png" if rnd.random() < 0.4 else "jpeg"
            data, info = scan.photo(it.pdf, 0, seed=seed, fmt=fmt, date=scan_date)
            stamp = f"{rnd.randint(8, 18):02d}{rnd.randint(0, 59):02d}{rnd.randint(0, 59):02d}"
            if fmt == "png":
                name = f"微信图片_{scan_date.replace('-', '')}{stamp}.png"
            else:
                name = f"IMG_{scan_date.replace('-', '')}_{stamp}.jpg" if rnd.random() < 0.5 else file_name(style, n, label, short, ".jpg")
            outs.append(Out(name, data, "photo", [(it, 1, 1, "image", _visible(it, None))], {"photo": info}))
        elif how in ("corrupt", "encrypted", "empty", "fake_pdf"):
            name = file_name(style, n, label, short)
            extra: dict[str, Any] = {}
            docs: list = []
            if how == "corrupt":
                data = hostile.corrupt_pdf(it.pdf, seed=seed)
            elif how == "encrypted":
                pw = str(rnd.randint(100000, 999999))
                data = hostile.encrypt_pdf(it.pdf, pw, seed=seed)
                extra["password"] = pw
                docs = [(it, 1, it.pages, "text", _visible(it, None))]
            elif how == "empty":
                data = b""
            else:
                data = hostile.fake_pdf_html(name, seed=seed)
                extra["actual_format"] = "html"
            outs.append(Out(name, data, how, docs, extra, intended=it))
        elif how == "image_bomb":  # a "photo" whose header declares 50,000 × 50,000 pixels
            fmt = "png" if rnd.random() < 0.5 else "jpeg"
            name = file_name(style, n, label, short, ".png" if fmt == "png" else ".jpg")
            outs.append(Out(name, hostile.image_bomb(fmt), how, [], {"actual_format": f"{fmt}, 50000×50000"}, intended=it))
        else:
            raise ValueError(how)
    if combined:
        n += 1
        parts = []
        for it in combined:
            if rnd.random() < 0.5 and it.pages <= 3:
                mode = rnd.choice(("color", "auto")) if it.needs_seal else rnd.choice(("bw", "auto"))
                pdf, info = scan.scan_pdf(it.pdf, seed=spec.seed * 1000 + 500 + len(parts), mode=mode, date=scan_date)
                parts.append((it, pdf, "image", _visible(it, info.page_modes)))
            else:
                parts.append((it, it.pdf, "text", _visible(it, None)))
        title = "证明材料汇编" if spec.combined == "bookmarks" else "证明材料合集"
        data, spans = _combine(parts, spec.combined == "bookmarks", f"{applicant.name}{title}")
        outs.append(Out(file_name(style, n, title, short), data, "combined", spans,
                        {"bookmarks": spec.combined == "bookmarks"}))
    if "duplicate_file" in targets:
        tgt = targets["duplicate_file"]
        orig = next((o for o in outs if o.data and o.delivery in ("born_digital", "scanned") and any(d[0].material is tgt for d in o.docs)),
                    next(o for o in outs if o.delivery in ("born_digital", "scanned")))
        stem, ext = orig.name.rsplit(".", 1)
        name = f"{stem} - 副本.{ext}" if rnd.random() < 0.5 else f"{stem}(1).{ext}"
        outs.append(Out(name, orig.data, "duplicate", list(orig.docs), {"duplicate_of": orig.name}))

    # 4. write folder (or zip) and truth
    folder = Path(out_root) / spec.id
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files: list[FileEntry] = []
    containers: list[dict[str, Any]] = []

    def entry(o: Out, path: str, container: str | None) -> FileEntry:
        pages = _pages(o.data) if o.delivery in ("born_digital", "scanned", "combined") or (
            o.delivery == "duplicate" and o.data[:5] == b"%PDF-") else (1 if o.delivery == "photo" else None)
        if o.delivery == "encrypted":
            pages = o.intended.pages if o.intended else None
        docs = [DocEntry(first, last, it.doc_type, it.title, it.fields, it.sealed, it.language, rendering,
                         it.material.material, list(it.material.materials), it.material.label, it.expect_years, it.variant,
                         visible, it.renderer)
                for it, first, last, rendering, visible in o.docs]
        fe = FileEntry(path, hashlib.sha256(o.data).hexdigest(), len(o.data), o.delivery, pages, docs, container, dict(o.extra))
        if o.intended is not None:
            fe.intended = o.intended.doc_type
            fe.intended_material = o.intended.material.material
        return fe

    if spec.zip:
        zname = f"{short}申报材料.zip"
        inner = f"{applicant.name}{_scheme_word(spec.scheme)}申报材料/"
        data = gbk_zip([(inner + o.name, o.data) for o in outs], inner)
        (folder / zname).write_bytes(data)
        containers.append({"path": zname, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "format": "zip",
                           "name_encoding": "cp936", "utf8_flag": False})
        for o in outs:
            files.append(entry(o, inner + o.name, zname))
    else:
        for o in outs:
            (folder / o.name).write_bytes(o.data)
            files.append(entry(o, o.name, None))

    app = spec_applicant(spec.scheme)
    gaps = expected_gaps(files, spec=load_spec(spec.scheme), app=app, as_of=AS_OF, declared=raw.get("years"))

    # labels: each defect, where it is, and proof that it yields its gap
    for d in spec.defects:
        m = targets[d]
        f = next((fe for fe in files if any(doc.material == m.material for doc in fe.documents)
                  or fe.intended_material == m.material), None)
        if d == "duplicate_file":
            f = next(fe for fe in files if fe.delivery == "duplicate")
        defects_out.append({"code": d, "file": f.path if f and d != "missing" else None,
                            "doc_type": m.doc_type if d != "duplicate_file" else (f.documents[0].doc_type if f and f.documents else None),
                            "material": m.material if d != "duplicate_file" else None,
                            "materials": list(m.materials) if d != "duplicate_file" else [],
                            "detail": DETAIL[d].format(label=m.label), "expected_gap": _gap_of(d, spec.scheme)})
        want = _gap_of(d, spec.scheme)
        if want is None:  # no gap in this scheme (an English-only certificate where no translation is asked)
            continue
        if d == "missing":
            ok = any(g["code"] == "missing" and g["material"] in m.materials for g in gaps)
        else:
            ok = any(g["code"] == want and f and g["file"] and g["file"].split("#")[0] == f.path for g in gaps)
        if not ok:
            raise AssertionError(f"{spec.id}: defect {d} did not produce gap {want}: {gaps}")
    labelled = {_gap_of(d, spec.scheme) for d in spec.defects} | {g for d in spec.defects for g in DEFECT_ALSO.get(d, ())}
    stray = [g for g in gaps if g["code"] not in labelled]
    if stray:
        raise AssertionError(f"{spec.id}: gaps without a defect label: {stray}")

    summary: dict[str, int] = {}
    for fe in files:
        summary[fe.delivery] = summary.get(fe.delivery, 0) + 1
    if containers:
        summary["zip"] = len(containers)
    truth = {
        "corpus_version": 2,
        "id": spec.id,
        "scheme": spec.scheme,
        "level": level,
        "as_of": AS_OF.isoformat(),
        "seed": spec.seed,
        "note": spec.note,
        "applicant": {"name": applicant.name, "uscc": applicant.uscc, "reporting_year": app.reporting_year,
                      "factory": f"samples/factories/{FACTORIES[spec.scheme]}.yaml"},
        "clean": not spec.defects,
        "naming_style": style,
        "delivery_summary": {k: summary[k] for k in DELIVERIES + ["zip"] if k in summary},
        "containers": containers,
        "spec": f"lingtan/data/schemes/{spec.scheme}/evidence_spec.yaml",
        "materials": spec_summary(spec.scheme),
        "documents": [{"material": m.material, "materials": list(m.materials), "doc_type": m.doc_type, "label": m.label,
                       "required": m.required, "form": m.form, "renderer": "form" if m.form else ("generic" if m.generic else "specific"),
                       "checks": sorted(m.checks), **({"years": list(m.years)} if m.years else {})} for m in mats],
        "files": [fe.as_dict() for fe in files],
        "defects": defects_out,
        "expected_gaps": gaps,
        **({"figure_checks": [{"file": fe.path, "pages": [doc.first, doc.last], "doc_type": doc.doc_type, **fc}
                              for fe in files for doc in fe.documents for fc in figure_checks(doc, raw.get("years") or [])]}
           if spec.rounding or "figure_mismatch" in spec.defects else {}),
    }
    (Path(out_root) / f"{spec.id}.truth.json").write_text(dumps(truth), encoding="utf-8")
    return truth


def _scheme_word(scheme: str) -> str:
    return {"jiangsu": "零碳工厂", "suzhou": "近零碳工厂", "fujian-zero": "零碳工厂", "fujian-near-zero": "近零碳工厂",
            "hefei": "零碳示范工厂", "zhejiang": "绿色低碳工厂"}[scheme]


# ---- zip with GBK names ---------------------------------------------------------------------------

class _GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored in cp936 without the UTF-8 flag, as Chinese Windows writes it."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's private hook
        return self.filename.encode("cp936"), self.flag_bits & ~0x800


def gbk_zip(members: list[tuple[str, bytes]], folder: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        if folder:
            zi = _GbkZipInfo(folder, date_time=ZIP_DATE)
            zi.external_attr = 0o40755 << 16 | 0x10
            z.writestr(zi, b"")
        for name, data in members:
            zi = _GbkZipInfo(name, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0  # MS-DOS, as Windows' built-in zip does
            zi.external_attr = 0x20
            z.writestr(zi, data)
    return buf.getvalue()


def read_gbk_zip_names(data: bytes) -> list[tuple[str, bool]]:
    """Member names decoded as cp936, and whether the UTF-8 flag was set (for tests and checkers)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for zi in z.infolist():
            utf8 = bool(zi.flag_bits & 0x800)
            name = zi.filename if utf8 else zi.filename.encode("cp437").decode("cp936")
            out.append((name, utf8))
    return out
