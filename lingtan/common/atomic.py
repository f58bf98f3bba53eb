"""Atomic outputs: a file or a folder appears complete, or not at all.

Everything is written beside its destination under a hidden temporary name and renamed into
place; outputs get the permissions of an ordinary new file (the umask), not mkstemp's 0600.
An ``OSError`` becomes :class:`~lingtan.common.errors.OutputError` naming the path.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError, os_reason
from .i18n import _


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _temp_beside(path: Path) -> Iterator[str]:
    """A temporary file name beside ``path``, renamed onto it when the block ends cleanly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write bytes (or UTF-8 text) to ``path`` atomically."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with _temp_beside(path) as tmp, open(tmp, "wb") as fh:
            fh.write(raw)
    except OSError as exc:
        raise OutputError(_("无法写入输出文件 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc


def save_atomic(path: Path | str, save: Callable[[str], object], what: str | None = None) -> Path:
    """Atomically write what ``save(tmp_path)`` writes (e.g. ``workbook.save``); ``what`` names
    the output in the error message."""
    path = Path(path)
    try:
        with _temp_beside(path) as tmp:
            save(tmp)
    except OSError as exc:
        what = what or _("输出文件")
        space = " " if what[:1].isascii() else ""  # 无法写入 Excel 工作簿, 无法写入输出文件
        raise OutputError(_("无法写入{space}{what} {path}：{reason}").format(space=space, what=what, path=path, reason=os_reason(exc))) from exc
    return path


def replace_folder(src: Path, dst: Path) -> None:
    """Rename a finished folder ``src`` onto ``dst``, replacing an older one; the older one is put
    back if the rename fails."""
    old = None
    try:
        if dst.exists() or dst.is_symlink():
            old = dst.with_name(f".{dst.name}.old-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old, ignore_errors=True)
            os.replace(dst, old)
        try:
            os.replace(src, dst)
        except OSError:
            if old is not None:
                os.replace(old, dst)  # put the previous one back
            raise
        os.chmod(dst, 0o777 & ~_umask())
    except OSError as exc:
        raise OutputError(_("无法写入输出目录 {dst}：{reason}").format(dst=dst, reason=os_reason(exc))) from exc
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def write_folder_atomic(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write ``files`` (name, bytes) into ``folder`` so that it appears complete or not at all."""
    folder = Path(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    except OSError as exc:
        raise OutputError(_("无法创建输出目录 {parent}：{reason}").format(parent=folder.parent, reason=os_reason(exc))) from exc
    try:
        for fname, data in files:
            (tmp / fname).write_bytes(data)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(_("无法写入输出目录 {folder}：{reason}").format(folder=folder, reason=os_reason(exc))) from exc
    try:
        replace_folder(tmp, folder)
    except OutputError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
