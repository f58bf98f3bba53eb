"""Form generation: a factory's data and the engine's assessment rendered into the scheme's .docx forms.

context (``context.py``: data, assessment, derived figures) → narratives (``narratives.py``) →
render (``render.py``: docxtpl, read back and verified) → package (``package.py``: forms, evidence
index, manifest, written atomically). ``batch.py`` does it for many enterprises (their
data read by :mod:`lingtan.dataentry`);
templates are compiled from readable sources by ``template_builder.py``.

The command line and the web app use only the names of ``__all__`` (``tests/test_structure.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lingtan.common.face import public_face

if TYPE_CHECKING:
    from .batch import SUMMARY_JSON as SUMMARY_JSON
    from .batch import SUMMARY_XLSX as SUMMARY_XLSX
    from .batch import data_files as data_files
    from .batch import generate_batch as generate_batch
    from .formuse import form_use as form_use
    from .formuse import narrative_titles as narrative_titles
    from .package import generate_package as generate_package
    from .pdf import conversion_failed as conversion_failed
    from .pdf import convert as convert
    from .pdf import convert_all as convert_all
    from .pdf import find_soffice as find_soffice
    from .pdf import missing_tool as missing_tool
    from .pdf import substitution_lines as substitution_lines

__all__, __getattr__ = public_face(__name__, __file__, globals())

