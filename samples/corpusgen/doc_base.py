"""Shared pieces of the document renderers: EvidenceDoc, the render context, registry and common blocks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

from .facts import Facts
from .pdfkit import (A4_W, BLACK, MARGIN_L, MARGIN_R, RED, Flow, date_cn, date_upper, finish, hline, measure,
                     red_seal, text)


@dataclass
class EvidenceDoc:
    doc_type: str           # id from the vocabulary (DOC_TYPES)
    title: str              # the document's own title as printed
    pdf: bytes              # born-digital A4 PDF with a text layer
    fields: dict[str, Any]  # ground-truth key fields (JSON-serialisable; dates as ISO strings)
    sealed: bool            # carries a red seal
    language: str           # "zh" or "en"
    variant: int            # which layout/wording was used
    pages: int


@dataclass
class Ctx:
    """What a renderer gets: the facts, the chosen variant, a seeded rng and the overrides."""

    doc_type: str
    facts: Facts
    variant: int
    seed: int
    overrides: dict[str, Any]
    kw: dict[str, Any]
    rng: random.Random = field(init=False)
    sealed: bool = True
    language: str = "zh"

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.doc_type}:{self.variant}:{self.seed}:{self.facts.uscc}")
        self.language = self.kw.get("language", "zh")
        if "sealed" in self.overrides:
            self.sealed = bool(self.overrides["sealed"])
        elif "sealed" in self.kw:
            self.sealed = bool(self.kw["sealed"])

    def apply(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Ground truth with overrides applied (except ``sealed``, which is a flag)."""
        out = dict(fields)
        for k, v in self.overrides.items():
            if k == "sealed":
                continue
            out[ALIASES.get(k, k)] = v
        return out

    def seal_rng(self) -> random.Random:
        return random.Random(self.rng.random())

    def done(self, title: str, doc, fields: dict[str, Any]) -> EvidenceDoc:
        n = len(doc)
        pdf = finish(doc, title_=title)
        doc.close()
        return EvidenceDoc(doc_type=self.doc_type, title=title, pdf=pdf, fields=jsonable(fields), sealed=self.sealed,
                           language=self.language, variant=self.variant, pages=n)


Renderer = Callable[[Ctx], EvidenceDoc]
ALIASES = {"verifier": "issuer", "assessor": "issuer", "auditor": "issuer", "expires": "expiry_date",
           "issued": "issue_date", "name": "holder"}  # override keys accepted for ground-truth field names
DOC_TYPES: dict[str, Renderer] = {}
VARIANTS: dict[str, int] = {}


def register(doc_type: str, variants: int = 2) -> Callable[[Renderer], Renderer]:
    def deco(fn: Renderer) -> Renderer:
        DOC_TYPES[doc_type] = fn
        VARIANTS[doc_type] = variants
        return fn
    return deco


def jsonable(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def d(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def add_years(x: date, n: int) -> date:
    try:
        return x.replace(year=x.year + n)
    except ValueError:
        return x.replace(year=x.year + n, day=28)


def rand_date(rng: random.Random, year: int, m0: int = 1, m1: int = 12) -> date:
    return date(year, rng.randint(m0, m1), rng.randint(1, 28))


def report_date(rng: random.Random, year: int) -> date:
    """A working day between 10 January and early March of ``year`` + 1 (reports about ``year``)."""
    return workday_after(date(year + 1, 1, 10), rng.randint(0, 50))


def workday_after(x: date, days: int) -> date:
    y = x + timedelta(days=days)
    while y.weekday() >= 5:
        y += timedelta(days=1)
    return y


# --- shared blocks -----------------------------------------------------------------------------------

def red_header(flow: Flow, org: str, suffix: str = "文件", number: str = "", size: float = 30) -> None:
    """红头: the issuing organ's name in large red type, the 发文字号, and a red rule."""
    page = flow.page
    y = flow.y + 30
    head = org + suffix
    sz = min(size, (flow.width - 10) / max(len(head), 1))
    text(page, A4_W / 2, y + sz, head, sz, RED, bold=True, font="song", align="center",
         spacing=2 if len(head) < 12 else 0)
    y += sz + 38
    if number:
        text(page, A4_W / 2, y, number, 12, BLACK, font="song", align="center")
        y += 12
    hline(page, MARGIN_L - 8, A4_W - MARGIN_R + 8, y, RED, 1.6)
    flow.y = y + 26


def sign_block(flow: Flow, org: str, when: date, sealed: bool, rng: random.Random, upper: bool = True,
               seal_text: str = "", extra: tuple[str, ...] = ()) -> None:
    flow.signature(org, when, sealed, rng, date_style=date_upper if upper else date_cn, extra=extra, seal_text=seal_text)


def products_text(f: Facts) -> str:
    return "、".join(f.main_products) if f.main_products else (f.industry_name or "工业产品")


def scope_text(f: Facts) -> str:
    if f.main_products:
        return f"{'、'.join(f.main_products)}的设计、生产和服务"
    return f"{f.industry_name or '工业产品'}的生产和服务"


def org_contact_lines(rng: random.Random) -> tuple[str, str]:
    return f"联系人：{rng.choice('王李张刘陈杨赵周吴徐')}{rng.choice(['工', '老师', '科长'])}", \
        f"联系电话：025-{rng.randint(8300, 8699)}{rng.randint(1000, 9999)}"


def seal_over(page, x: float, y: float, org: str, ctx: Ctx, radius: float = 44, bottom_text: str = "") -> None:
    if ctx.sealed:
        red_seal(page, (x, y), org, radius=radius, rng=ctx.seal_rng(), bottom_text=bottom_text)


def text_width(s: str, size: float) -> float:
    return measure(s, size)


def short_name(f) -> str:
    """Two-character trade name: 张家港恒晟精密轴承有限公司 -> 恒晟."""
    name = f.name if hasattr(f, "name") else str(f)
    for p in sorted({getattr(f, "province", ""), getattr(f, "city", ""), getattr(f, "district", "")},
                    key=lambda s: (-len(s), s)):
        for cand in (p, p.rstrip("省市区县")):
            if cand and name.startswith(cand):
                name = name[len(cand):]
                break
    for p in ("市", "区", "县"):
        name = name.lstrip(p)
    return name[:2]


def default_unsealed(ctx: "Ctx") -> None:
    """For documents that normally carry no seal (unless ``sealed`` is asked for)."""
    if "sealed" not in ctx.overrides and "sealed" not in ctx.kw:
        ctx.sealed = False
