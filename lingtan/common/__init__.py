"""What both halves of lingtan share: errors and exit codes, data-file loading, where bundled
data lives, atomic writes and the batch machinery (the one executor, progress, summary workbooks).

Installed as ``lingtan.common``. It imports nothing of ``assessment``, ``generator``,
``checker`` or the command line (``lingtan.cli``); they import it.

The command line and the web app use only the names of ``__all__`` (``tests/test_structure.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .face import public_face

if TYPE_CHECKING:
    from .atomic import write_atomic as write_atomic
    from .dataload import parse_yaml as parse_yaml
    from .errors import ExitCode as ExitCode
    from .errors import InputError as InputError
    from .errors import LingtanError as LingtanError
    from .errors import SubmissionError as SubmissionError
    from .excel import append_row as append_row
    from .executor import ProcessExecutor as ProcessExecutor
    from .executor import WorkerDied as WorkerDied
    from .executor import bug_text as bug_text
    from .i18n import LANGUAGES as LANGUAGES
    from .i18n import _ as _
    from .i18n import argparse_language as argparse_language
    from .i18n import language as language
    from .i18n import speaking as speaking
    from .jsonout import json_text as json_text
    from .names import display_name as display_name
    from .names import printable as printable
    from .names import safe_file_name as safe_file_name
    from .progress import stderr_is_terminal as stderr_is_terminal
    from .sources import cite_text as cite_text
    from .sources import readable_cites as readable_cites

__all__, __getattr__ = public_face(__name__, __file__, globals())

