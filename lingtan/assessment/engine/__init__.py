"""The eligibility and scoring engine (``assess`` is imported lazily to avoid an import cycle
with ``lingtan.assessment.schemes.schema``, which checks expressions with ``engine.expr``)."""

from typing import Any

__all__ = ["assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        from .evaluate import assess

        return assess
    raise AttributeError(name)
