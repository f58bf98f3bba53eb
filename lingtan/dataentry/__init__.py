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

The command line and the web app use only the names of ``__all__`` (``tests/test_structure.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lingtan.common.face import public_face

if TYPE_CHECKING:
    from .batch_workbook import Column as Column
    from .batch_workbook import factory_to_row as factory_to_row
    from .batch_workbook import read_workbook as read_workbook
    from .batch_workbook import row_to_data as row_to_data
    from .catalogue import CLAIM_COLUMNS as CLAIM_COLUMNS
    from .catalogue import KIND_HINTS as KIND_HINTS
    from .catalogue import LIST_HINT as LIST_HINT
    from .catalogue import Entry as Entry
    from .catalogue import claim_items as claim_items
    from .catalogue import model_fields as model_fields
    from .claimcheck import claim_value_problems as claim_value_problems
    from .entry_workbook import is_entry_workbook as is_entry_workbook
    from .entry_workbook import read_entry_workbook as read_entry_workbook
    from .load import DATA_SUFFIXES as DATA_SUFFIXES
    from .load import load_data_file as load_data_file
    from .paths import PathError as PathError
    from .paths import column_title as column_title
    from .paths import parse_path as parse_path
    from .template import write_template as write_template

__all__, __getattr__ = public_face(__name__, __file__, globals())

