"""A lock file that keeps two runs from writing one output folder at once.

``with folder_lock(OUT / ".lock", busy=…):`` holds an exclusive, non-blocking lock on the file
(``fcntl.flock``; ``msvcrt.locking`` on Windows) for the block. The operating system drops the
lock when the process ends, however it ends (kill -9 included): a lock file left behind by a
killed run never blocks the next one. The file itself stays (removing it would let a third run
lock a new file while the second still holds the old one).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, OutputError, os_reason
from .i18n import _


def _try_lock(fd: int) -> bool:
    """Lock ``fd`` exclusively without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def folder_lock(path: Path, busy: str) -> Iterator[None]:
    """Hold the lock file ``path`` for the block; raises InputError(``busy``) (exit 2) when another run holds it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(_("无法创建锁文件 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc
    try:
        if not _try_lock(fd):
            raise InputError(busy)
        with contextlib.suppress(OSError):  # who holds it, for people who wonder (a full disk may refuse it)
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        os.close(fd)  # releases the lock
