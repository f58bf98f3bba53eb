"""Who applied: from the factory data file, the generator's manifest, or the documents themselves.

The checker compares every document against the applicant's name and
统一社会信用代码, and decides which conditional materials are required from the
applicant's claims (``claimed('8')``). Sources, in order of preference:
``--applicant DATA``; ``lingtan-manifest.json`` in the submission; the business
licence (or 申报书) found in the submission — in that last case claims are
unknown and conditional materials are reported as not determinable.
"""

from __future__ import annotations

import json
import unicodedata
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from lingtan.common.errors import InputError
from lingtan.assessment.model.loading import load_factory

from .model import Document

OCR_SLIPS = 2  # characters an OCR reading of a name may get wrong (a seal stamped over it) and still be that name
SIGNATURE_SLIPS = 3  # … for a name read from a signature, under the seal, in a name of 9 or more
_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|公司)$")


@dataclass
class Applicant:
    name: str
    uscc: str | None
    source: str  # where the applicant came from (shown in reports)
    level: str | None = None
    reporting_year: int | None = None
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    honours: list[str] = field(default_factory=list)
    certified: list[str] = field(default_factory=list)
    claims_known: bool = True
    scores: dict[str, float] = field(default_factory=dict)  # engine points per indicator
    conditions: dict[str, str] = field(default_factory=dict)  # engine status per condition
    facts: dict[str, bool] = field(default_factory=dict)  # generator.package.applicant_facts


def company_key(name: str) -> str:
    """A name for comparison: NFKC, no spaces, unified brackets, legal-form suffix removed."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub(r"\s+", "", s).replace("(", "（").replace(")", "）")
    return _SUFFIXES.sub("", s)


def same_company(a: str | None, b: str | None, *, ocr: bool = False, slips: int = OCR_SLIPS) -> bool:
    """Tolerant of 有限公司/股份有限公司 spelling and full/half-width brackets; with ``ocr``, also of
    up to ``slips`` misread characters in a name of 8 or more (see :func:`mentions`)."""
    if not a or not b:
        return False
    ka, kb = company_key(a), company_key(b)
    if ka == kb or (min(len(ka), len(kb)) >= 6 and fuzz.ratio(ka, kb) >= 94):
        return True
    if ocr and min(len(ka), len(kb)) >= 8 - 1 and max(len(ka), len(kb)) >= 8:
        from rapidfuzz.distance import Levenshtein

        if Levenshtein.distance(ka, kb, score_cutoff=slips) <= slips:
            return True
    # Seal text read into a name ("精密轴承晟有恒限张家港恒晟精密轴承有限公司") still contains the real name.
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 6 and short in long_ and len(long_) <= 3 * len(short)


def mentions(text: str, name: str, *, ocr: bool = False) -> bool:
    """The applicant's name appears in a text (whitespace and bracket width ignored).

    With ``ocr`` (the text was OCRed), a run of the text as long as the name that differs from
    it in at most :data:`OCR_SLIPS` characters also counts — a seal stamped over a signature
    name makes OCR misread a character or two ("石狮市澳能纺织染整" for "石狮市鸿纶纺织染整"). Only
    for names of at least 8 characters (without the legal form), so that two slips are at most
    a quarter of the name.
    """
    t = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).replace("(", "（").replace(")", "）")
    key = company_key(name)
    if key in t:
        return True
    return ocr and near_occurrence(t, key) is not None


def near_occurrence(text: str, key: str) -> str | None:
    """A run of ``text`` within :data:`OCR_SLIPS` edits of ``key`` (a character misread, lost or
    added), or None. Only for keys of 8 or more characters."""
    from rapidfuzz.distance import Levenshtein

    n = len(key)
    if n < 8:
        return None
    anchors = {key[:3], key[-3:], key[n // 2 - 1 : n // 2 + 2]}
    for i in range(len(text) - n + 2):
        for width in (n, n - 1, n + 1):
            window = text[i : i + width]
            if len(window) == width and any(a in window for a in anchors) and \
                    Levenshtein.distance(window, key, score_cutoff=OCR_SLIPS) <= OCR_SLIPS:
                return window
    return None


def from_factory_file(path: Path, scheme_id: str) -> Applicant:
    """The applicant from a factory data file (``--applicant``)."""
    from datetime import date

    from lingtan.assessment.engine.evaluate import assess
    from lingtan.assessment.schemes import load_scheme, resolve_level
    from lingtan.assessment.model.facts import applicant_facts

    fac = load_factory(path)
    claims = {k: v.model_dump(mode="json") for k, v in fac.claims.get(scheme_id, {}).items()}
    scores: dict[str, float] = {}
    conds: dict[str, str] = {}
    try:
        scheme = load_scheme(scheme_id)
        a = assess(fac, scheme, resolve_level(scheme, fac.application.level if fac.application.scheme in (None, scheme_id) else None), date.today())
        scores = {i.id: i.points for i in a.indicators}
        conds = {c.id: c.status for c in a.conditions}
    except InputError:
        pass  # data lacking a year the scheme needs: claims alone decide
    return Applicant(
        scores=scores, conditions=conds, facts=applicant_facts(fac),
        name=fac.enterprise.name, uscc=fac.enterprise.uscc, source=f"企业数据文件 {path.name}",
        level=fac.application.level if fac.application.scheme in (None, scheme_id) else None,
        reporting_year=fac.reporting_year, claims=claims,
        honours=list(fac.honours.other) + ([f"green_factory_{fac.honours.green_factory.level}"] if fac.honours.green_factory else []),
        certified=[c.system for c in fac.management_systems.certificates],
    )


def from_manifest(data: bytes, display: str) -> Applicant:
    """The applicant from the generator's ``lingtan-manifest.json``."""
    try:
        m = json.loads(data.decode("utf-8"))
        app = m["applicant"]
        return Applicant(
            name=app["name"], uscc=app.get("uscc"), source=f"申报材料清单 {display}", level=m.get("level", {}).get("id"),
            reporting_year=m.get("reporting_year"), claims=m.get("claims") or {},
            scores=m.get("scores") or {}, conditions=m.get("conditions") or {}, facts=m.get("facts") or {},
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InputError(f"{display} 不是有效的 lingtan 清单文件：{exc}") from exc


def from_documents(docs: list[Document]) -> Applicant | None:
    """The applicant as the business licence (or 申报书) names it; claims unknown."""
    for typ in ("business_licence", "application_form", "intake_form"):
        for d in docs:
            if d.type == typ and d.fields.get("holder"):
                return Applicant(name=d.fields["holder"], uscc=d.fields.get("uscc") if d.fields.get("uscc_valid") else None,
                                 source=f"{d.path} 中的{'营业执照' if typ == 'business_licence' else '申报表'}", claims_known=False)
    return None


def claimed(app: Applicant, item: Any) -> bool:
    """The applicant claims points or compliance for an item: a claim, or the engine scores it above 0."""
    if (app.scores.get(str(item)) or 0) > 0 or app.conditions.get(str(item)) == "met":
        return True
    c = app.claims.get(str(item))
    if not c or c.get("applicable") is False:
        return False
    return bool((c.get("points") or 0) > 0 or c.get("met") is True or c.get("evidence")
                or c.get("value") not in (None, 0, False, "", [], {}, "none"))
