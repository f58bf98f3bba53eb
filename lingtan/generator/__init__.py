"""Form generation: a factory's data and the engine's assessment rendered into the scheme's .docx forms.

context (``context.py``: data, assessment, derived figures) → narratives (``narratives.py``) →
render (``render.py``: docxtpl, read back and verified) → package (``package.py``: forms, evidence
index, manifest, written atomically). ``batch.py`` and ``workbook.py`` do it for many enterprises;
templates are compiled from readable sources by ``template_builder.py``.
"""
