"""The factory data model and its loading and validation."""

from .factory import Factory
from .loading import load_factory

__all__ = ["Factory", "load_factory"]
