"""Progress of a batch command on stderr: a rich bar when stderr is a terminal.

The bar shows the description, items done of all, a rate (given by the command), the time
spent and the time left. It is drawn only when asked for and there is work; otherwise every
call does nothing (no control characters reach a log file).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from .i18n import _

#: the rate column's text from (seconds elapsed, items done, the bar's counters)
RateText = Callable[[float, float, dict[str, Any]], str]


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (False when it is closed or replaced by an object without ``isatty``)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """A context manager around a rich progress bar on stderr, or nothing when not ``enabled``
    or ``total`` is 0; ``counters`` are extra numbers the rate column may show."""

    def __init__(self, total: int, description: str, rate: RateText, enabled: bool, **counters: float) -> None:
        self.bar: Any = None
        if not enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                return Text(rate(task.elapsed or 0, task.completed, task.fields), style="progress.data.speed")

        self.bar = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
            TextColumn(_("已用")), TimeElapsedColumn(), TextColumn(_("剩余")), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self.task = self.bar.add_task(description, total=total, **counters)

    def __enter__(self) -> ProgressBar:
        if self.bar:
            self.bar.start()
        return self

    def step(self, **counters: float) -> None:
        """One more item done; ``counters`` are the new totals of the bar's counters."""
        if self.bar:
            self.bar.update(self.task, advance=1, **counters)

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()
