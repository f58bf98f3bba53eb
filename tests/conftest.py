"""Shared helpers for tests: load samples, patch factory data, score."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment.engine.evaluate import assess
from assessment.engine.result import Assessment
from assessment.model.factory import Factory
from assessment.schemes import load_scheme

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "factories"
AS_OF = date(2026, 3, 15)  # a fixed evaluation date keeps certificate validity stable


def sample_data(name: str) -> dict[str, Any]:
    """The raw dict of samples/factories/<name>.yaml (a fresh copy)."""
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def _step(node: Any, part: str) -> Any:
    if isinstance(node, list) and part.isdigit():
        return next(y for y in node if y.get("year") == int(part))
    if node.get(part) is None:
        node[part] = {}
    return node[part]


def patched(data: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``patch`` into a copy of ``data``.

    Keys are dotted paths; a number after ``years`` addresses that year's entry,
    e.g. ``{"years.2025.renewable_tce": 910}`` or ``{"years.2025": {"renewable_tce": 910}}``.
    A value of None sets the field to None (absent).
    """
    out = copy.deepcopy(data)
    for key, value in patch.items():
        parts = key.split(".")
        node: Any = out
        for part in parts[:-1]:
            node = _step(node, part)
        last = parts[-1]
        if isinstance(node, list) and last.isdigit():
            _step(node, last).update(value)
        else:
            node[last] = value
    return out


def score(data: dict[str, Any], scheme: str, level: str | None = None, as_of: date = AS_OF) -> Assessment:
    """Validate ``data`` and assess it against ``scheme``."""
    return assess(Factory.model_validate(data), load_scheme(scheme), level=level, as_of=as_of)


def item(a: Assessment, item_id: str):
    """The indicator result with id ``item_id``."""
    return next(r for r in a.indicators if r.id == item_id)


def condition(a: Assessment, cond_id: str):
    """The condition result with id ``cond_id``."""
    return next(c for c in a.conditions if c.id == cond_id)


def threshold(a: Assessment, th_id: str):
    return next(t for t in a.thresholds if t.id == th_id)


@pytest.fixture
def as_of() -> date:
    return AS_OF
