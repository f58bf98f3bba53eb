"""The eligibility and scoring engine."""

from .evaluate import assess

__all__ = ["assess"]
