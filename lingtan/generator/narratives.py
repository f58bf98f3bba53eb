"""Narrative sections: the applicant's own text, or a draft assembled from the data.

A draft is built from *recipes* (``generator/narratives/common.yaml`` and each scheme folder's ``narratives.yaml``): for each
narrative key, a list of sentence templates that state facts and figures from
the data and the engine's results. A sentence whose data is missing is left
out, so a draft never contains blanks or filler. Drafts are marked in the
document as drafts to be reviewed.

Length limits come from the scheme's forms (``length_limits``), in the
source's words ("约400字", "300字以内", "不超400字"); :func:`parse_limit`
reads them and :func:`check_length` reports what breaks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, ConfigDict, RootModel

from lingtan.common.dataload import load_bundled
from lingtan.common.errors import SchemeDefinitionError
from lingtan.common.i18n import _
from lingtan.common.paths import scheme_dirs, scheme_file

RECIPES_DIR = Path(__file__).resolve().parent / "narratives"
EMPTY_DRAFT = "（数据中没有可用于起草本段的内容，请企业填写。）"
SENTENCE_END = ("。", "；", "！", "？")
CONTINUES = ("，", "；")  # a fragment that continues the sentence before it
_DOUBLED = re.compile(r"[，；。]{2,}")
ABOUT_TOLERANCE = 0.2  # "约N字": flagged beyond ±20 % over, or under half


@dataclass(frozen=True)
class Limit:
    """A length limit as the source words it."""

    text: str
    chars: int
    kind: str  # "max" (以内 / 不超 / 限) or "about" (约 / 左右)


@dataclass
class Narrative:
    key: str
    title: str
    text: str
    draft: bool
    chars: int
    limit: Limit | None = None
    status: str = "ok"  # ok / too_long / too_short
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "title": self.title, "source": "draft" if self.draft else "data", "chars": self.chars,
            "limit": self.limit.text if self.limit else None, "status": self.status, "message": self.message,
        }


def parse_limit(text: str) -> Limit:
    """``"约400字"`` → about 400; ``"限300字以内（…）"`` / ``"不超400字"`` → at most N."""
    m = re.search(r"(\d+)\s*字", text)
    if not m:
        raise SchemeDefinitionError(_("无法识别字数限制 {text!r}：应包含“N字”").format(text=text))
    kind = "about" if ("约" in text or "左右" in text) else "max"
    return Limit(text=text, chars=int(m.group(1)), kind=kind)


def count_chars(text: str) -> int:
    """Characters as Chinese forms count them: every non-whitespace character."""
    return sum(1 for c in text if not c.isspace())


def check_length(n: Narrative) -> None:
    """Set ``status`` and ``message`` of a narrative against its limit."""
    if n.limit is None:
        return
    lim = n.limit
    if lim.kind == "max" and n.chars > lim.chars:
        n.status, n.message = "too_long", _("{title}：{chars} 字，超过“{text}”的限制 {over} 字").format(
            title=n.title, chars=n.chars, text=lim.text, over=n.chars - lim.chars)
    elif lim.kind == "about" and n.chars > lim.chars * (1 + ABOUT_TOLERANCE):
        n.status, n.message = "too_long", _("{title}：{chars} 字，明显超过“{text}”（超过 {percent}%）").format(
            title=n.title, chars=n.chars, text=lim.text, percent=int(ABOUT_TOLERANCE * 100))
    elif lim.kind == "about" and n.chars < lim.chars / 2:
        n.status, n.message = "too_short", _("{title}：{chars} 字，明显少于“{text}”").format(title=n.title, chars=n.chars, text=lim.text)


class Recipe(BaseModel):
    """How to draft one narrative: its title and sentence templates (see generator/narratives/common.yaml, schemes/<id>/narratives.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    sentences: list[str]


class _Recipes(RootModel[dict[str, Recipe]]):
    pass


@lru_cache(maxsize=1)
def recipes() -> dict[str, Recipe]:
    """All draft recipes, by narrative key (a key defined twice is an error)."""
    out: dict[str, Recipe] = {}
    for path in [*sorted(RECIPES_DIR.glob("*.yaml")), *(p for p in (scheme_file(s, "narratives") for s in scheme_dirs()) if p.is_file())]:
        for key, r in load_bundled(path, _Recipes, what="文字材料草稿规则", transform=lambda d: d or {}).root.items():
            if key in out:
                raise SchemeDefinitionError(_("文字材料 {key} 的草稿规则在 {name} 与其他文件中重复定义").format(
                    key=key, name=f"{path.parent.name}/{path.name}"))
            out[key] = r
    return out


class _Skip(Exception):
    pass


def _finalize(v: Any) -> Any:
    if v is None or v == "" or v == []:
        raise _Skip
    return v


_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, finalize=_finalize, autoescape=False)


@lru_cache(maxsize=512)
def _compile(src: str) -> jinja2.Template:
    return _ENV.from_string(src)


def draft(key: str, ctx: dict[str, Any], limit: Limit | None = None) -> str:
    """Assemble the draft of one narrative from the sentences whose data is present."""
    r = recipes().get(key)
    if r is None:
        raise SchemeDefinitionError(
            _("文字材料 {key} 没有草稿规则：请在方案文件夹的 narratives.yaml（或 generator/narratives/common.yaml）中添加").format(key=key))
    budget = limit.chars if limit else None
    parts: list[str] = []
    for s in r.sentences:
        try:
            text = _compile(s).render(ctx).strip()
        except (_Skip, jinja2.UndefinedError, TypeError, KeyError, ValueError, ZeroDivisionError):
            continue
        if not text:
            continue
        # Fragments continue a sentence ("，…") or start one; keep the punctuation right
        # whichever neighbours were left out for lack of data.
        if text.startswith(CONTINUES) and (not parts or parts[-1].endswith(SENTENCE_END)):
            text = text[1:]
        elif parts and not text.startswith(CONTINUES) and not parts[-1].endswith(SENTENCE_END):
            text = "。" + text
        if budget is not None and count_chars("".join(parts) + text) > budget:
            continue
        parts.append(text)
    out = tidy("".join(parts))
    if not out:
        return EMPTY_DRAFT
    return out + "。" if not out.endswith(SENTENCE_END) else out


def tidy(text: str) -> str:
    """No doubled punctuation where sentences meet (``。；``, ``；。``, ``，。``, ``。。``): the run keeps its last mark."""
    return _DOUBLED.sub(lambda m: m.group(0)[-1], text)


def resolve(keys: dict[str, str | None], data: dict[str, str], ctx: dict[str, Any]) -> dict[str, Narrative]:
    """Each narrative key → the data's text or a draft, with its length checked.

    ``keys`` maps each key a form uses to its limit text (or None).
    """
    out: dict[str, Narrative] = {}
    for key, limit_text in keys.items():
        limit = parse_limit(limit_text) if limit_text else None
        recipe = recipes().get(key)
        title = recipe.title if recipe else key
        given = data.get(key)
        if given is not None and str(given).strip():
            text, is_draft = str(given), False
        else:
            text, is_draft = draft(key, ctx, limit), True
        n = Narrative(key=key, title=title, text=text, draft=is_draft, chars=count_chars(text), limit=limit)
        check_length(n)
        out[key] = n
    return out
