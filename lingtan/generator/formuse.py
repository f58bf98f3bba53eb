"""What a scheme's forms read of the factory data, for data entry (:mod:`lingtan.dataentry`).

Data entry sits below the generator and knows only the data model and the scheme; the forms (their
templates and narrative drafts) are the generator's. :func:`form_use` tells the data-entry workbook
and the web form which fields the forms print and which narratives they hold;
:func:`narrative_titles` lets the reader of a filled workbook find each narrative by its title.
"""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

from lingtan.assessment.schemes.schema import Scheme
from lingtan.dataentry.catalogue import FormUse

from .narratives import recipes
from .package import narrative_keys
from .templates import common_template, template_path


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))


@cache
def _form_texts(scheme_id: str, form_ids: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The text of the scheme's form templates (and the evidence index), and the narratives they use."""
    texts: list[str] = []
    keys: set[str] = set()
    for fid in form_ids:
        t = template_path(scheme_id, fid)
        texts.append(_docx_text(t))
        keys.update(narrative_keys(t))
    texts.append(_docx_text(common_template("evidence-index")))
    return "\n".join(texts), tuple(sorted(keys))


def form_use(scheme: Scheme) -> FormUse:
    """The identifiers the scheme's forms and their narrative drafts mention, and (key, title, length
    limit) of each narrative the forms print."""
    text, keys = _form_texts(scheme.id, tuple(fm.id for fm in scheme.forms))
    rec = recipes()
    limits: dict[str, str] = {}
    for fm in scheme.forms:
        limits.update(fm.length_limits)
    words = set(re.findall(r"[a-z][a-z0-9_]*", "\n".join([text] + ["\n".join(rec[k].sentences) for k in keys if k in rec])))
    narratives = tuple((k, rec[k].title if k in rec else k, limits.get(k)) for k in keys)
    return FormUse(frozenset(words), narratives)


def narrative_titles() -> dict[str, str]:
    """Each narrative's title (the 文字材料 sheet's 项目) → its key."""
    return {r.title: k for k, r in recipes().items()}
