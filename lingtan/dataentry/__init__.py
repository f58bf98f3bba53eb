"""Data entry: how an enterprise's data gets in — the data files, the two workbooks, the web form.

Sits below the generator and the checker (imports only :mod:`lingtan.assessment` and
:mod:`lingtan.common`; ``tests/test_structure.py``):

- ``paths.py`` — the data-path grammar (``years.2025.energy_tce``, ``claims.jiangsu.5.5.points``);
- ``catalogue.py`` — the field catalogue, the one walker over the data model: every field with its
  Chinese label, unit, hint, kind, choices, sheet and whether a scheme uses it (:func:`model_fields`),
  and the scheme's self-assessed items; ``claim_inputs.yaml`` — labels of the scheme-specific inputs;
- ``template.py`` — the blank data-entry workbook (``lingtan template``); ``entry_workbook.py`` reads a
  filled one, naming sheet, row and column in every error;
- ``batch_workbook.py`` — the batch workbook (one enterprise a row, ``generate-batch``);
- ``xlsx.py`` — opening a workbook safely; ``load.py`` — :func:`load_data_file`, one reader for
  YAML, JSON and both workbooks.
"""

from .load import DATA_SUFFIXES, load_data_file

__all__ = ["DATA_SUFFIXES", "load_data_file"]
