"""One entry point for factory data of every kind: YAML, JSON, the data-entry workbook of
``lingtan template`` and the batch workbook of ``generate-batch`` (when it holds one enterprise).

The commands (``validate``, ``score``, ``generate``, ``check --applicant``, ``check-batch
--applicants``) and the batch generator read data through :func:`load_data_file`, so a file that
one accepts the others accept, with the same messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lingtan.assessment.model.factory import Factory
from lingtan.assessment.model.loading import load_factory
from lingtan.common.errors import DataFileError, DataValidationError
from lingtan.common.i18n import _

from .batch_workbook import factory_from_row, read_workbook
from .claimcheck import claim_value_problems
from .entry_workbook import is_entry_workbook, load_entry_workbook
from .xlsx import WORKBOOK_SUFFIXES

#: the suffixes of the data files :func:`load_data_file` reads
DATA_SUFFIXES = (".yaml", ".yml", ".json", *WORKBOOK_SUFFIXES)


def load_data_file(path: Path, narratives: Mapping[str, str] | None = None) -> Factory:
    """A factory data file of any kind as a validated Factory.

    ``.xlsx``: the data-entry workbook (its 文字材料 read by ``narratives``, title → key, when
    given), or a batch workbook with exactly one enterprise row; anything else is YAML/JSON."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return checked_claims(load_factory(path), str(path))
    if is_entry_workbook(path):
        return load_entry_workbook(path, narratives)
    rows = read_workbook(path)
    if len(rows) > 1:
        names = _("、").join(r.name or _("第 {row} 行").format(row=r.row) for r in rows[:5]) + (_("等") if len(rows) > 5 else "")
        raise DataFileError(_(
            "Excel 工作簿 {path} 中有 {n} 家企业（{names}），这里只能读取一家：多家企业请用 lingtan generate-batch 生成，"
            "或用 lingtan check-batch --applicants 检查；也可以把要用的那一家另存为只有一行数据的工作簿"
        ).format(path=path, n=len(rows), names=names))
    return factory_from_row(rows[0])


def checked_claims(factory: Factory, source: str) -> Factory:
    """``factory`` when every claim value is of its input's kind and range; else DataValidationError naming
    each input (its Chinese label) and the range (:mod:`lingtan.dataentry.claimcheck`)."""
    problems = [_("{label}：{problem}").format(label=p.label, problem=p.problem) for p in claim_value_problems(factory)]
    if problems:
        raise DataValidationError(_("数据校验未通过：{path}（共 {n} 处问题）").format(path=source, n=len(problems)), problems=problems)
    return factory
