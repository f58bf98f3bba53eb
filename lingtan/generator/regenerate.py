"""Regeneration into a package folder that already exists: never lose what a person wrote.

The manifest of a package lists every file the tool wrote, with its SHA-256 (``files``; older
manifests: ``forms``). A new run into the same folder:

- replaces a file the tool wrote and nobody changed since (its hash is the manifest's);
- never removes anything: files the person added (notes, scans, earlier PDFs) stay as they are,
  and tool files this run does not write again stay too (listed in the new manifest's
  ``earlier_files`` so a later run still knows them);
- when a file it would write is one the person edited (hash changed) or one the tool did not
  write, the whole new package goes to a new dated folder beside it (``<名称>-<日期时间>``) and the
  person is told which files and where; ``force`` replaces the edited tool files in place, but
  even then a file the tool did not write is never overwritten (the dated folder again).

Writes: a fresh folder is written atomically (temporary folder renamed into place). In place,
every new file is first written (or moved) under a hidden temporary name inside the folder and
only then renamed onto its name, so a run that fails while writing leaves the previous package
as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lingtan.common.atomic import replace_folder
from lingtan.common.errors import OutputError, os_reason
from lingtan.common.i18n import _
from lingtan.common.jsonout import json_text
from lingtan.common.manifest import MANIFEST_NAME
from lingtan.common.names import safe_file_name

#: the longest package folder name, as :data:`generator.package.FOLDER_NAME_BYTES`
_FOLDER_BYTES = 241


@dataclass
class Placement:
    """Where a package went and what happened to the files already in the folder."""

    folder: Path
    edited: list[str] = field(default_factory=list)  # tool files the person changed: kept (or replaced with force)
    foreign: list[str] = field(default_factory=list)  # files of the new package's names the tool did not write
    replaced_edited: list[str] = field(default_factory=list)  # edited files replaced (force)
    kept: list[str] = field(default_factory=list)  # the person's files left as they were
    moved_from: Path | None = None  # the folder the package would have gone to, when it went to a dated one
    fresh: bool = True  # the folder holds this package only (False: written into a folder that was there)

    def notes(self) -> list[str]:
        """What the person should know about this regeneration, in words (empty for a fresh folder)."""
        out: list[str] = []
        if self.moved_from is not None:
            why = []
            if self.edited:
                why.append(_("上次生成后被修改过的文件：{files}").format(files=_("、").join(self.edited)))
            if self.foreign:
                why.append(_("不是本工具写入的同名文件：{files}").format(files=_("、").join(self.foreign)))
            out.append(_("重新生成：{folder} 中有{why}；为不覆盖您的修改，新的申报材料写入了 {new}，原目录未作任何改动").format(
                folder=self.moved_from, why=_("；").join(why), new=self.folder))
            if self.edited and not self.foreign:
                out.append(_("重新生成：如需用新生成的文件替换被修改过的文件，请加 --force（不是本工具写入的文件始终保留）"))
        if self.replaced_edited:
            out.append(_("重新生成（--force）：以下被修改过的文件已替换为新生成的文件：{files}").format(files=_("、").join(self.replaced_edited)))
        if self.kept:
            out.append(_("重新生成：保留了目录中本工具未写入或本次未重新生成的文件：{files}").format(files=_("、").join(self.kept)))
        return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tool_files(folder: Path) -> dict[str, str] | None:
    """The files the tool wrote into ``folder`` (name → SHA-256) by its manifest; None without a readable one."""
    try:
        m = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict) or "lingtan_manifest" not in m:
        return None
    files: dict[str, str] = {}
    for key in ("files", "earlier_files"):
        if isinstance(m.get(key), dict):
            files.update({str(k): str(v) for k, v in m[key].items()})
    for f in m.get("forms") or []:  # manifests before ``files``
        if isinstance(f, dict) and "file" in f and "sha256" in f:
            files.setdefault(str(f["file"]), str(f["sha256"]))
    return files


def _unchanged(path: Path, sha: str | None) -> bool:
    return sha is not None and path.is_file() and not path.is_symlink() and sha256_file(path) == sha


@dataclass
class _Plan:
    edited: list[str]
    foreign: list[str]
    earlier: dict[str, str]  # unchanged tool files this run does not write again
    kept: list[str]


def _plan(folder: Path, names: list[str]) -> _Plan:
    old = tool_files(folder)
    known = old or {}
    edited, foreign = [], []
    for name in names:
        p = folder / name
        if not (p.exists() or p.is_symlink()):
            continue
        if name == MANIFEST_NAME:
            if old is None:
                foreign.append(name)
        elif name not in known or not p.is_file() or p.is_symlink():
            foreign.append(name)
        elif not _unchanged(p, known[name]):
            edited.append(name)
    new = set(names)
    earlier, kept = {}, []
    for p in sorted(folder.iterdir()):
        if p.name in new or p.name.startswith("."):
            continue
        if _unchanged(p, known.get(p.name)):
            earlier[p.name] = known[p.name]
        kept.append(p.name)
    return _Plan(edited, foreign, earlier, kept)


def dated_folder(folder: Path, now: datetime | None = None, suffix: str = "") -> Path:
    """A new path beside ``folder`` named after it and the time (``<名称>-20260315-093000`` + ``suffix``), not yet existing."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        tail = f"-{stamp}" + (f"-{n}" if n > 1 else "") + suffix
        cand = folder.with_name(safe_file_name(folder.name, _FOLDER_BYTES, suffix=tail))
        if not (cand.exists() or cand.is_symlink()):
            return cand
        n += 1


WriteFresh = Callable[[Path], None]
PutFile = Callable[[str, Path], None]


def place(folder: Path, names: list[str], write_fresh: WriteFresh, put: PutFile, force: bool = False,
          set_earlier: Callable[[dict[str, str]], None] | None = None) -> Placement:
    """Put a package of the files ``names`` at ``folder`` by the rules of this module.

    ``write_fresh(path)`` makes the whole package as a new folder ``path`` (atomically);
    ``put(name, tmp)`` writes (or moves) the new file ``name`` to the temporary path ``tmp``;
    ``set_earlier(files)`` records the earlier tool files kept, before the manifest is put.
    """
    if not (folder.exists() or folder.is_symlink()):
        write_fresh(folder)
        return Placement(folder)
    if folder.is_symlink() or not folder.is_dir():
        new = dated_folder(folder)
        write_fresh(new)
        return Placement(new, foreign=[folder.name], moved_from=folder)
    try:
        plan = _plan(folder, names)
    except OSError as exc:
        raise OutputError(_("无法读取输出目录 {folder}：{reason}").format(folder=folder, reason=os_reason(exc))) from exc
    if plan.foreign or (plan.edited and not force):
        new = dated_folder(folder)
        write_fresh(new)
        return Placement(new, edited=plan.edited, foreign=plan.foreign, moved_from=folder)
    if set_earlier is not None:
        set_earlier(plan.earlier)
    _put_in_place(folder, names, put)
    return Placement(folder, edited=plan.edited, replaced_edited=plan.edited, kept=plan.kept, fresh=False)


def _put_in_place(folder: Path, names: list[str], put: PutFile) -> None:
    """Every new file under a hidden temporary name first, then each renamed onto its name (the manifest last)."""
    order = [n for n in names if n != MANIFEST_NAME] + [n for n in names if n == MANIFEST_NAME]
    temps: dict[str, Path] = {}
    mask = os.umask(0)
    os.umask(mask)
    try:
        for name in order:
            fd, made = tempfile.mkstemp(prefix=".lingtan-", suffix=".tmp", dir=folder)  # short: the name may be 255 bytes
            os.close(fd)
            temps[name] = Path(made)
            put(name, temps[name])
            os.chmod(temps[name], 0o666 & ~mask)  # an ordinary new file's permissions, not mkstemp's 0600
        for name in order:
            os.replace(temps.pop(name), folder / name)
    except BaseException as exc:
        for left in temps.values():
            left.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(_("无法写入输出目录 {folder}：{reason}").format(folder=folder, reason=os_reason(exc))) from exc
        raise


def place_staged(staged: Path, folder: Path, force: bool = False) -> Placement:
    """Move a finished package folder ``staged`` (generate-batch's staging) to ``folder`` by the rules above."""
    names = sorted(p.name for p in staged.iterdir())

    def set_earlier(files: dict[str, str]) -> None:
        m_path = staged / MANIFEST_NAME
        m = json.loads(m_path.read_text(encoding="utf-8"))
        m["earlier_files"] = files
        m_path.write_text(json_text(m, indent=2), encoding="utf-8")

    p = place(folder, names, lambda dst: replace_folder(staged, dst), lambda name, tmp: os.replace(staged / name, tmp),
              force, set_earlier)
    if staged.exists():
        shutil.rmtree(staged, ignore_errors=True)
    return p


def previous_batch_files(summary: Path) -> dict[str, str] | None:
    """The top-level files an earlier generate-batch wrote (name → SHA-256), by its summary JSON; None without one."""
    try:
        m = json.loads(summary.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict) or "lingtan_batch" not in m:
        return None
    files = m.get("files")
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def top_level_name(out_root: Path, name: str, recorded: dict[str, str] | None, now: datetime | None = None) -> str:
    """The name to write a top-level batch file ``name`` under: ``name`` when it is new or the tool's
    unchanged, else a dated name beside it (``<名称>-<日期时间>.docx``), so an edited table is never overwritten."""
    path = out_root / name
    if not (path.exists() or path.is_symlink()):
        return name
    if recorded is not None and _unchanged(path, recorded.get(name)):
        return name
    return dated_folder(out_root / Path(name).stem, now, Path(name).suffix).name
