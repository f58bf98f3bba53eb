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


def schemes_root() -> Path:
    """The bundled schemes, one folder each (``schemes/<id>/``, see :data:`SCHEME_FILES`)."""
    return data_dir("schemes")


#: what a scheme's folder holds: the scheme itself is required, everything else is optional and
#: taken from the folder when present (docs/schemes.md, "Adding a scheme")
SCHEME_FILES = {
    "scheme": "scheme.yaml",  # conditions, indicators, levels (lingtan.assessment.schemes.schema)
    "evidence_spec": "evidence_spec.yaml",  # the required materials the checker checks (lingtan.checker.specs)
    "claim_inputs": "claim_inputs.yaml",  # labels of the indicator inputs of the data-entry workbook
    "narratives": "narratives.yaml",  # recipes of the drafted 文字材料 (lingtan.generator.narratives)
    "templates": "templates",  # the forms: <form>.yaml sources and their compiled <form>.docx
}

#: folders of additional schemes, separated by ``os.pathsep``; each holds ``schemes/<id>/`` folders of
#: the same shape as the bundled ones (docs/schemes.md, "Adding a scheme")
EXTRA_DATA_ENV = "LINGTAN_EXTRA_DATA"


def extra_roots() -> list[Path]:
    """The folders named by ``$LINGTAN_EXTRA_DATA`` that exist, in the order given."""
    import os

    raw = os.environ.get(EXTRA_DATA_ENV, "")
    return [p for p in (Path(x).expanduser() for x in raw.split(os.pathsep) if x.strip()) if p.is_dir()]


def scheme_dirs() -> dict[str, Path]:
    """Every scheme's folder by id: the bundled ones, then those of ``$LINGTAN_EXTRA_DATA`` in order
    (a bundled id wins; among extra folders the first)."""
    found: dict[str, Path] = {}
    for root in [schemes_root(), *(r / "schemes" for r in extra_roots())]:
        if root.is_dir():
            for d in sorted(root.iterdir()):
                if d.is_dir() and (d / SCHEME_FILES["scheme"]).is_file():
                    found.setdefault(d.name, d)
    return found


def scheme_file(scheme_id: str, kind: str) -> Path:
    """The path of one part (a key of :data:`SCHEME_FILES`) of a scheme's folder; for a scheme with no
    folder, where the bundled one would be (for the error message)."""
    folder = scheme_dirs().get(scheme_id, schemes_root() / scheme_id)
    return folder / SCHEME_FILES[kind]
