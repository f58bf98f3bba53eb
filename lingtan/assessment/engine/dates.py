"""The evaluation date (评价日期): the one rule every command and the web app use to choose it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from lingtan.common.i18n import _

from ..model.factory import Factory

AsOfBasis = Literal["given", "application", "today"]


def basis_text(basis: str) -> str:
    """Why a date was used, in the run's language."""
    texts = {"given": _("指定的评价日期"), "application": _("申报日期"), "today": _("今天，数据未填写申报日期")}
    return texts.get(basis, basis)


def evaluation_date(factory: Factory | None, given: date | None = None, today: date | None = None) -> tuple[date, AsOfBasis]:
    """The date to evaluate at and why: the one given, else the data's ``application.date``, else today."""
    if given is not None:
        return given, "given"
    if factory is not None and factory.application.date is not None:
        return factory.application.date, "application"
    return today or date.today(), "today"


def as_of_text(as_of: date, basis: str) -> str:
    """“评价日期：2026-03-15（申报日期）”, in the run's language."""
    return _("评价日期：{date}（{basis}）").format(date=as_of.isoformat(), basis=basis_text(basis))
