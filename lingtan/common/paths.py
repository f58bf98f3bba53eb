"""Where bundled data lives: ``lingtan/data/`` inside the package, in a checkout and an installed wheel alike."""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: the package's data folder, ``lingtan/data``
DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def data_dir(name: str) -> Path:
    """A bundled data folder (``templates``, ``evidence_specs``): ``lingtan/data/<name>``."""
    return DATA / name


def templates_root() -> Path:
    """The form templates (``templates/<scheme>/<form>.docx``)."""
    return data_dir("templates")


def specs_root() -> Path:
    """The evidence specs (``evidence_specs/<scheme>.yaml``, ``doc_types.yaml``)."""
    return data_dir("evidence_specs")


#: folders of additional schemes, separated by ``os.pathsep``; each may hold ``schemes/<id>.yaml``,
#: ``templates/<id>/<form>.docx`` and ``evidence_specs/<id>.yaml`` (docs/schemes.md, "Adding a scheme")
EXTRA_DATA_ENV = "LINGTAN_EXTRA_DATA"


def extra_roots() -> list[Path]:
    """The folders named by ``$LINGTAN_EXTRA_DATA`` that exist, in the order given."""
    import os

    raw = os.environ.get(EXTRA_DATA_ENV, "")
    return [p for p in (Path(x).expanduser() for x in raw.split(os.pathsep) if x.strip()) if p.is_dir()]


def find_data(kind: str, relative: str, bundled: Path) -> Path:
    """``bundled/relative`` when it exists, else the first ``<extra>/<kind>/relative`` that does, else
    the bundled path (for the error message). ``kind`` is ``schemes``, ``templates`` or ``evidence_specs``."""
    first = bundled / relative
    if first.exists():
        return first
    for root in extra_roots():
        p = root / kind / relative
        if p.exists():
            return p
    return first
