"""What the result of a batch command (``generate-batch``, ``check-batch``) has in common:
items that succeeded and failed, and the exit code (the worst problem's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from .errors import ExitCode


class _Outcome(Protocol):
    @property
    def ok(self) -> bool: ...


OutcomeT = TypeVar("OutcomeT", bound=_Outcome)


class BatchTally(Generic[OutcomeT]):
    """Mixed into a batch result (a dataclass with ``outcomes``): ``succeeded``, ``failed`` and
    ``exit_code``, the highest of :meth:`problem_codes` (0 when there is none)."""

    outcomes: list[OutcomeT]

    @property
    def succeeded(self) -> list[OutcomeT]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[OutcomeT]:
        return [o for o in self.outcomes if not o.ok]

    def problem_codes(self) -> Iterable[int]:
        """The exit code of every problem of the batch; the command exits with the highest."""
        return ()

    @property
    def exit_code(self) -> int:
        return int(max(self.problem_codes(), default=ExitCode.ok))
