"""Ingest: turn a submission (a folder or a .zip) into the list of files to check, safely.

A submission is what an enterprise hands in: a folder of scans and documents,
or a zip of them, often with zips inside. :func:`ingest` walks it and returns
an :class:`Ingested`:

``files``
    every file the later stages should open (``SourceFile.read()`` works for
    each). Files the checker cannot use but can still name — 0-byte files
    (problem ``empty``) and unsupported types (``unsupported``) — are listed
    here too, so the report says so instead of dropping them silently.
``problems``
    what must *not* be read: zip members refused for safety (``unsafe``:
    absolute paths, ``..`` traversal, links, zip bombs, nesting too deep),
    encrypted members, corrupt zips, files without read permission. The
    checker reports each as unreadable; :meth:`Ingested.detail` gives the
    Chinese explanation naming the member.
``skipped``
    hidden and system files that are ignored (``.DS_Store``, ``__MACOSX/``,
    ``Thumbs.db``, ``desktop.ini``, ``~$`` Office lock files), with the reason.

Safety rules: symbolic links on disk are never followed; nothing in the
submission is modified; zip members are never extracted by their own names.
Only zips nested inside zips are written out (to a private temporary
directory owned by the :class:`Ingested`, removed by :meth:`Ingested.close`),
so their members can be read like any other. Zip-bomb limits are checked on
the sizes declared in the central directory *before* anything is
decompressed, and ``zipfile`` never decompresses a member past its declared
size.

Zip member names: without the UTF-8 flag (bit 0x800), Python decodes names as
cp437; zips made on Chinese Windows actually store GBK (cp936). The name is
re-encoded to its original bytes and decoded as UTF-8 when valid, else GBK /
GB18030. Display paths use the decoded name; ``SourceFile.member`` keeps the
name Python uses and ``SourceFile.index`` the member's entry, which is what is read: two members of
one name each give their own bytes. The first member of a name is checked; each later one is
reported (``duplicate_member``, shown as "…（第 2 个同名成员）") naming the first.

Names on disk: the same rule (``common.names.display_name``). A name that is not
UTF-8 reaches Python with surrogate escapes; ``SourceFile.disk_path`` keeps it for
opening the file, ``SourceFile.display`` (and ``Ingested.root``) is the decoded
name (GBK, else U+FFFD), so every report is valid UTF-8.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from lingtan.common.errors import SubmissionError, os_reason
from lingtan.common.i18n import _
from lingtan.common.names import display_name

from .model import UNREADABLE_REASONS, SourceFile

__all__ = ["SUPPORTED_SUFFIXES", "Ingested", "Limits", "SubmissionError", "ingest", "member_display_name"]

#: File types the checker can read (``.zip`` is opened, not read).
SUPPORTED_SUFFIXES = frozenset(
    {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".docx", ".doc", ".xlsx", ".xls", ".txt", ".ofd", ".zip"}
)
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 20
# What a broken zip can raise from zipfile (converted to a "corrupt" problem).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, struct.error, zlib.error, RuntimeError)



@dataclass(frozen=True)
class Limits:
    """Zip-bomb limits, checked on declared sizes before anything is decompressed.

    ``max_total_bytes`` and ``max_members`` are budgets for the whole
    submission (all zips, nested ones included); an archive that would exceed
    them is refused as a whole. ``max_ratio`` applies to each member larger
    than ``ratio_min_bytes``.
    """

    max_total_bytes: int = 2 * 1024**3  # 2 GB uncompressed
    max_ratio: float = 200.0  # uncompressed : compressed
    max_members: int = 10_000
    ratio_min_bytes: int = 1024**2  # the ratio limit applies to members above 1 MB


@dataclass
class Ingested:
    """A walked submission. Use as a context manager (or call :meth:`close`) to remove temporary files."""

    root: str  # what was checked (display)
    files: list[SourceFile] = field(default_factory=list)  # to extract, sorted by display path
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (display, reason): hidden/system files ignored
    problems: list[SourceFile] = field(default_factory=list)  # refused or unreadable, .problem set
    details: dict[str, str] = field(default_factory=dict)  # display → Chinese explanation of its problem
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False, compare=False)

    def detail(self, source: SourceFile) -> str:
        """The Chinese explanation of ``source``'s problem (naming the member when known)."""
        if source.display in self.details:
            return self.details[source.display]
        return UNREADABLE_REASONS.get(source.problem or "", "")

    def close(self) -> None:
        """Remove the temporary copies of nested zips (their members can no longer be read)."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Ingested:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: zipfile's English texts (their start) → Chinese (translated where used; tools/i18n.py lists them)
_ZIP_REASONS = (
    ("File is not a zip file", "不是 zip 格式，或已损坏"),
    ("Truncated file header", "文件不完整（被截断）"),
    ("Bad magic number", "内容已损坏（文件头校验失败）"),
    ("Bad CRC-32", "内容已损坏（CRC 校验失败）"),
    ("Corrupt extra field", "内容已损坏（附加字段有误）"),
    ("Overlapped entries", "成员重叠（可能是压缩炸弹）"),
    ("That compression method is not supported", "使用了不支持的压缩方式"),
    ("compression type", "使用了不支持的压缩方式"),
    ("zipfiles that span multiple disks are not supported", "分卷压缩包不受支持，请合并为一个 zip"),
)


def zip_reason(exc: BaseException) -> str:
    """Why a zip could not be read, in Chinese (never zipfile's English text)."""
    text = str(exc)
    if isinstance(exc, RuntimeError) and "encrypted" in text:
        return _("已加密，需要密码")
    if isinstance(exc, EOFError):
        return _("文件不完整（被截断）")
    if isinstance(exc, zlib.error):
        return _("压缩数据已损坏")
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and getattr(exc, "errno", None):
        return os_reason(exc)
    return next((_(zh) for en, zh in _ZIP_REASONS if en.lower() in text.lower()), _("已损坏或格式不对"))


def member_display_name(info: zipfile.ZipInfo) -> str:
    """A zip member's real name: UTF-8 if flagged or valid, else GBK (Chinese Windows); ``/`` separators."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:  # decoded with another metadata_encoding: keep it
            raw = None
        if raw is not None:
            for encoding in ("utf-8", "gbk", "gb18030"):
                try:
                    name = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    return display_name(name).replace("\\", "/")


def _hidden_reason(name: str) -> str | None:
    """Why a file or folder called ``name`` is ignored, or None."""
    lower = name.lower()
    if name == "__MACOSX":
        return _("macOS 打包时附带的系统文件夹")
    if name == ".DS_Store":
        return _("macOS 系统文件")
    if name.startswith("~$"):
        return _("Office 临时锁定文件（文档打开时自动生成）")
    if name.startswith("."):
        return _("隐藏文件")
    if lower == "thumbs.db":
        return _("Windows 缩略图缓存文件")
    if lower == "desktop.ini":
        return _("Windows 文件夹设置文件")
    return None


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


class _Walker:
    """Collects files, problems and skipped entries; owns the temp dir for nested zips."""

    def __init__(self, root: str, max_depth: int, limits: Limits) -> None:
        self.result = Ingested(root=root)
        self.max_depth = max_depth
        self.limits = limits
        self.members = 0  # zip members seen so far (all archives)
        self.declared = 0  # their declared uncompressed bytes
        self._nested = 0
        self._skipped: dict[str, str] = {}

    # -- recording -------------------------------------------------------

    def file(self, source: SourceFile) -> None:
        self.result.files.append(source)

    def problem(self, source: SourceFile, problem: str, detail: str) -> None:
        self.result.problems.append(replace(source, problem=problem))
        self.result.details[source.display] = detail

    def skip(self, display: str, reason: str) -> None:
        self._skipped.setdefault(display, reason)

    def finish(self) -> Ingested:
        r = self.result
        r.files.sort(key=lambda s: s.display)
        r.problems.sort(key=lambda s: s.display)
        r.skipped = sorted(self._skipped.items())
        return r

    def tmpdir(self) -> str:
        if self.result._tmp is None:
            self.result._tmp = tempfile.TemporaryDirectory(prefix="lingtan-ingest-")
        return self.result._tmp.name

    # -- folders ---------------------------------------------------------

    def walk(self, top: Path) -> None:
        """Walk a folder without following links (iteratively: deep trees are fine)."""
        stack: list[tuple[str, str]] = [(str(top), "")]
        while stack:
            directory, prefix = stack.pop()
            try:
                with os.scandir(directory) as it:
                    entries = list(it)
            except OSError as exc:
                if not prefix:  # the submission folder itself
                    raise SubmissionError(_("无法读取文件夹 {top}：{reason}。请检查读取权限。").format(top=top, reason=os_reason(exc))) from exc
                display = prefix.rstrip("/") + "/"
                src = SourceFile(display=display, suffix="", size=0, disk_path=directory)
                kind = "permission" if isinstance(exc, PermissionError) else "corrupt"
                self.problem(src, kind, _("无法读取文件夹 {display}（{reason}），其中的文件未检查").format(display=display, reason=os_reason(exc)))
                continue
            for entry in entries:
                display = prefix + display_name(entry.name)
                reason = _hidden_reason(entry.name)
                if reason:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    self.skip(display + ("/" if is_dir else ""), reason)
                    continue
                try:
                    is_link = entry.is_symlink()
                    is_dir = not is_link and entry.is_dir(follow_symlinks=False)
                    is_file = not is_link and entry.is_file(follow_symlinks=False)
                    size = entry.stat(follow_symlinks=False).st_size
                except OSError as exc:
                    src = SourceFile(display=display, suffix=_suffix(entry.name), size=0, disk_path=entry.path)
                    self.problem(src, "permission", _("无法读取 {display}（{reason}）").format(display=display, reason=os_reason(exc)))
                    continue
                if is_link:
                    try:
                        target = display_name(os.readlink(entry.path))
                    except OSError:
                        target = "?"
                    src = SourceFile(display=display, suffix=_suffix(entry.name), size=0, disk_path=entry.path)
                    self.problem(src, "unsafe", _("{display} 是符号链接（指向 {target}），为安全起见不跟随，请放入实际文件").format(
                        display=display, target=target))
                elif is_dir:
                    stack.append((entry.path, display + "/"))
                elif is_file:
                    self.disk_file(entry.path, display, size)
                else:
                    src = SourceFile(display=display, suffix=_suffix(entry.name), size=0, disk_path=entry.path)
                    self.problem(src, "unsupported", _("{display} 不是普通文件（设备、管道或套接字），未读取").format(display=display))

    def disk_file(self, path: str, display: str, size: int) -> None:
        suffix = _suffix(display)
        src = SourceFile(display=display, suffix=suffix, size=size, disk_path=path)
        try:  # probe: a file we cannot open must not reach the extractors
            with open(path, "rb"):
                pass
        except PermissionError as exc:
            self.problem(src, "permission", _("没有读取 {display} 的权限（{reason}）").format(display=display, reason=os_reason(exc)))
            return
        except OSError as exc:
            self.problem(src, "corrupt", _("无法读取 {display}（{reason}）").format(display=display, reason=os_reason(exc)))
            return
        if suffix not in SUPPORTED_SUFFIXES:
            self.file(replace(src, problem="unsupported"))
        elif size == 0:
            self.file(replace(src, problem="empty"))
        elif suffix == ".zip":
            if self.max_depth < 1:
                self.problem(src, "unsafe", _("不打开压缩包（嵌套层数上限为 {max_depth}）：{display}").format(max_depth=self.max_depth, display=display))
            else:
                self.open_archive(path, src, depth=1)
        else:
            self.file(src)

    # -- zips ------------------------------------------------------------

    def open_archive(self, path: str, src: SourceFile, depth: int, *, prefix: str | None = None) -> bool:
        """Open the zip at ``path`` (described by ``src``) and scan it; a corrupt zip becomes one problem."""
        try:
            with zipfile.ZipFile(path) as z:
                infos = z.infolist()
                self.scan(z, path, infos, src, depth, src.display + "/" if prefix is None else prefix)
        except _ZIP_ERRORS as exc:
            self.problem(src, "corrupt", _("压缩包 {display} 已损坏，无法打开（{zip_reason}），其中的文件未检查").format(
                display=src.display, zip_reason=zip_reason(exc)))
            return False
        return True

    def scan(
        self, z: zipfile.ZipFile, path: str, infos: list[zipfile.ZipInfo], src: SourceFile, depth: int, prefix: str
    ) -> None:
        lim = self.limits
        members = [i for i in infos if not i.is_dir()]
        total = sum(i.file_size for i in members)
        if self.members + len(members) > lim.max_members:
            self.problem(
                src, "unsafe",
                _("压缩包 {display} 含 {count} 个文件，超过上限 {limit} 个（疑似压缩炸弹），未解压").format(
                    display=src.display, count=len(members), limit=lim.max_members),
            )
            return
        if self.declared + total > lim.max_total_bytes:
            self.problem(
                src, "unsafe",
                _("压缩包 {display} 解压后共 {size}，超过上限 {limit}（疑似压缩炸弹），未解压").format(
                    display=src.display, size=_size(total), limit=_size(lim.max_total_bytes)),
            )
            return
        self.members += len(members)
        self.declared += total
        seen: dict[str, int] = {}  # member name → how many members of that name so far
        for index, info in enumerate(infos):
            if not info.is_dir():
                self.member(z, path, info, depth, prefix, index, seen)

    def member(self, z: zipfile.ZipFile, path: str, info: zipfile.ZipInfo, depth: int, prefix: str, index: int,
               seen: dict[str, int]) -> None:
        name = member_display_name(info)
        if name.endswith("/"):  # a folder entry written with backslashes
            return
        display = prefix + name
        suffix = _suffix(name)
        src = SourceFile(display=display, suffix=suffix, size=info.file_size, archive=path, member=info.filename, index=index)
        parts = name.split("/")
        lim = self.limits

        if name.startswith("/") or _DRIVE.match(name):
            self.problem(src, "unsafe", _("压缩包成员使用绝对路径，已拒绝：{display}").format(display=display))
            return
        if ".." in parts:
            self.problem(src, "unsafe", _("压缩包成员路径含“..”，会指向压缩包以外（路径穿越），已拒绝：{display}").format(display=display))
            return
        for i, part in enumerate(parts):
            reason = _hidden_reason(part)
            if reason:
                self.skip(prefix + "/".join(parts[: i + 1]) + ("/" if i < len(parts) - 1 else ""), reason)
                return
        if stat.S_ISLNK(info.external_attr >> 16):
            self.problem(src, "unsafe", _("压缩包成员是符号链接，已拒绝：{display}").format(display=display))
            return
        if info.flag_bits & _ENCRYPTED_FLAG:
            self.problem(src, "encrypted", _("压缩包成员已加密，需要密码才能打开：{display}").format(display=display))
            return
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > lim.ratio_min_bytes and ratio > lim.max_ratio:
            self.problem(
                src, "unsafe",
                _("压缩包成员压缩比 {ratio:.0f}:1 超过上限 {limit:.0f}:1（疑似压缩炸弹），未解压：{display}").format(
                    ratio=ratio, limit=lim.max_ratio, display=display),
            )
            return
        if info.compress_type not in _READABLE_METHODS:
            self.problem(src, "unsupported", _("压缩包成员使用了不支持的压缩方式（{compress_type}）：{display}").format(
                compress_type=info.compress_type, display=display))
            return
        seen[name] = count = seen.get(name, 0) + 1
        if count > 1:  # the first of the name is checked; each later one is reported (and named apart)
            again = replace(src, display=_("{display}（第 {n} 个同名成员）").format(display=display, n=count))
            self.problem(again, "duplicate_member", _("与 {first} 同名，只检查了第 1 个；请改名后重新打包").format(first=display))
            return
        if suffix not in SUPPORTED_SUFFIXES:
            self.file(replace(src, problem="unsupported"))
        elif info.file_size == 0:
            self.file(replace(src, problem="empty"))
        elif suffix == ".zip":
            self.nested(z, info, src, depth + 1)
        else:
            self.file(src)

    def nested(self, z: zipfile.ZipFile, info: zipfile.ZipInfo, src: SourceFile, depth: int) -> None:
        """Copy a zip inside a zip to the private temp dir (under a generated name) and scan it."""
        if depth > self.max_depth:
            self.problem(src, "unsafe", _("压缩包嵌套超过 {max_depth} 层，未打开：{display}").format(max_depth=self.max_depth, display=src.display))
            return
        self._nested += 1
        target = os.path.join(self.tmpdir(), f"{self._nested}.zip")
        try:
            with z.open(info) as data, open(target, "xb") as out:
                while chunk := data.read(_CHUNK):
                    out.write(chunk)
        except _ZIP_ERRORS as exc:
            self.problem(src, "corrupt", _("压缩包 {display} 已损坏，无法解压（{zip_reason}），其中的文件未检查").format(
                display=src.display, zip_reason=zip_reason(exc)))
            return
        self.open_archive(target, src, depth)


def ingest(path: Path, *, max_depth: int = 3, limits: Limits = Limits()) -> Ingested:
    """Walk the submission at ``path`` (a folder or a .zip) into the files to check.

    ``max_depth`` is how many levels of zips are opened (a zip in the folder is
    level 1, a zip inside it level 2 …). Raises :class:`SubmissionError` when
    ``path`` is missing, is neither a folder nor a zip, cannot be read, or
    holds nothing to check. Close the result (or use it in a ``with``) to
    remove the temporary copies of nested zips.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(_("找不到要检查的材料：{path}。请确认文件夹或 zip 压缩包的路径是否正确。").format(path=path))
    walker = _Walker(display_name(str(path)), max_depth, limits)
    try:
        if path.is_dir():
            walker.walk(path)
            what = _("文件夹 {path}").format(path=path)
        elif path.is_file() and path.suffix.lower() == ".zip":
            _ingest_zip(walker, path)
            what = _("压缩包 {path}").format(path=path)
        else:
            raise SubmissionError(
                _("{path} 不是文件夹，也不是 zip 压缩包。请提供存放申报证明材料的文件夹，或打包好的 .zip 文件。").format(path=path)
            )
        result = walker.finish()
        if not result.files and not result.problems:
            hidden = _("（只有 {count} 个隐藏或系统文件，已忽略）").format(count=len(result.skipped)) if result.skipped else ""
            raise SubmissionError(_("{what} 中没有可检查的文件{hidden}。请放入证明材料后重试。").format(what=what, hidden=hidden))
    except BaseException:
        walker.result.close()
        raise
    return result


def _ingest_zip(walker: _Walker, path: Path) -> None:
    """The submission is a zip itself: its members are shown relative to it; a bad zip is an input error."""
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise SubmissionError(_("无法读取压缩包 {path}：{reason}。请检查读取权限。").format(path=path, reason=os_reason(exc))) from exc
    try:
        with zipfile.ZipFile(path) as z:
            z.infolist()
    except _ZIP_ERRORS as exc:
        raise SubmissionError(_("{path} 不是有效的 zip 压缩包（{zip_reason}）。请重新打包后再试。").format(path=path, zip_reason=zip_reason(exc))) from exc
    src = SourceFile(display=display_name(path.name), suffix=".zip", size=path.stat().st_size, disk_path=str(path))
    walker.open_archive(str(path), src, depth=1, prefix="")


#: the checker's public name of :func:`ingest` (``lingtan.checker.open_submission``: a face's name may not be a module's)
open_submission = ingest
