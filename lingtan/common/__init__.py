"""What both halves of lingtan share: errors and exit codes, data-file loading, where bundled
data lives, atomic writes and the batch machinery (pool, progress, summary workbooks).

Installed as ``lingtan.common``. It imports nothing of ``assessment``, ``generator``,
``checker`` or the command line (``lingtan.cli``); they import it.
"""
