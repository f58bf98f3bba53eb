"""Where bundled data lives: beside the code in a source checkout, under ``lingtan/_data`` in a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: the folder holding ``common/`` — the repository root in a checkout, ``lingtan/`` when installed
_ROOT = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    """A bundled data folder (``templates``, ``evidence_specs``): ``lingtan/_data/<name>`` in an
    installed wheel, else ``<name>/`` at the root of the source tree."""
    installed = _ROOT / "_data" / name
    return installed if installed.is_dir() else _ROOT / name


def templates_root() -> Path:
    """The form templates (``templates/<scheme>/<form>.docx``)."""
    return data_dir("templates")


def specs_root() -> Path:
    """The evidence specs (``evidence_specs/<scheme>.yaml``, ``doc_types.yaml``)."""
    return data_dir("evidence_specs")
