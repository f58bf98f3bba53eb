"""Exit codes and the exception tree shared by every part of lingtan.

Each exception carries its exit code and a Chinese message that says what is
wrong and how to fix it. Third-party errors are converted at the boundary into
the most specific of these (``raise … from exc``)::

    LingtanError                 (exit 70, internal)
    ├── InputError               (exit 2)  the user's input cannot be used
    │   ├── DataFileError        a data file cannot be read or parsed
    │   ├── DataValidationError  factory data breaks rules (all problems listed)
    │   ├── UnknownSchemeError   --scheme names no known scheme
    │   └── UnknownLevelError    --level names no level of the scheme
    ├── SchemeDefinitionError    (exit 3)  a scheme or indicator file is invalid
    └── OutputError              (exit 4)  an output cannot be written
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``lingtan`` command (documented in README)."""

    ok = 0  # done; for score: eligible; for validate: valid
    negative_result = 1  # ran fine, but the verdict is "not eligible" (or cannot be decided)
    invalid_input = 2  # bad arguments, unreadable or invalid data, unknown scheme
    scheme_error = 3  # a scheme definition or user-supplied indicator file is invalid
    output_error = 4  # an output file could not be written
    internal_error = 70  # a bug: please report it with the input that caused it
    interrupted = 130  # Ctrl-C


class LingtanError(Exception):
    """Base of all lingtan errors."""

    exit_code = ExitCode.internal_error

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


class InputError(LingtanError):
    exit_code = ExitCode.invalid_input


class DataFileError(InputError):
    """A data file is missing, unreadable, or not valid YAML/JSON."""


class DataValidationError(InputError):
    """Factory data is readable but breaks the data model's rules."""


class UnknownSchemeError(InputError):
    """The requested scheme id does not exist."""


class UnknownLevelError(InputError):
    """The requested level does not exist in the scheme."""


class SchemeDefinitionError(LingtanError):
    exit_code = ExitCode.scheme_error


class OutputError(LingtanError):
    exit_code = ExitCode.output_error
