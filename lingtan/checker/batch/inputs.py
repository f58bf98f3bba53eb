"""The submissions of a batch: every folder or ``.zip`` directly under ROOT, and its applicant
file from ``--applicants`` when there is one."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from lingtan.common.errors import InputError, os_reason
from lingtan.common.i18n import _
from lingtan.common.names import printable
from lingtan.dataentry import DATA_SUFFIXES

from ..ingest import _hidden_reason
from .records import Submission, report_file

#: the applicant files of --applicants: <submission>.yaml/.yml/.json/.xlsx (any file ``lingtan validate`` reads)
APPLICANT_SUFFIXES = DATA_SUFFIXES


def collect_submissions(root: Path, out: Path | None = None, applicants: Path | None = None) -> tuple[list[Submission], list[tuple[str, str]]]:
    """The submissions directly under ROOT (name order) and the entries ignored (with why)."""
    root = Path(root)
    if not root.exists():
        raise InputError(_("找不到要检查的目录：{root}。ROOT 应为存放多份申报材料（每份一个子目录或 zip）的目录。").format(root=root))
    if not root.is_dir():
        raise InputError(_("{root} 不是目录。ROOT 应为存放多份申报材料（每份一个子目录或 zip）的目录。").format(root=root))
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise InputError(_("无法读取目录 {root}：{reason}。请检查读取权限。").format(root=root, reason=os_reason(exc))) from exc
    out_real = Path(out).resolve() if out is not None else None
    found: list[tuple[str, str, bool]] = []  # (entry name, path, is zip)
    ignored: list[tuple[str, str]] = []
    for e in entries:
        reason = _hidden_reason(e.name)
        if reason:
            continue  # hidden and system entries: skipped silently
        shown = printable(e.name, newlines=False)  # decoded (GBK names too), without control or bidi characters
        try:
            if e.is_symlink():
                ignored.append((shown, _("符号链接，为安全起见不跟随")))
                continue
            if out_real is not None and Path(e.path).resolve() == out_real:
                continue  # our own output inside ROOT
            if e.is_dir(follow_symlinks=False):
                found.append((e.name, e.path, False))
            elif e.is_file(follow_symlinks=False) and e.name.lower().endswith(".zip"):
                found.append((e.name, e.path, True))
            else:
                ignored.append((shown, _("不是文件夹或 zip 压缩包，未作为一份申报材料检查")))
        except OSError as exc:
            ignored.append((shown, _("无法读取（{reason}）").format(reason=os_reason(exc))))
    if not found:
        raise InputError(_("目录 {root} 中没有申报材料：每份材料应为其中的一个子目录或 .zip 压缩包。").format(root=root))
    folders = {n for n, _, z in found if not z}
    subs = []
    reports: set[str] = set()  # report file names taken (case-insensitive file systems too)
    for i, (entry, path, is_zip) in enumerate(found):
        name = entry
        if is_zip and entry[:-4] not in folders:
            name = entry[:-4]
        # the name shown and used for its reports; the applicant file is looked up by the name on disk
        shown = printable(name, newlines=False)
        if report_file(shown).casefold() in reports:  # two names that differ only in what a file name cannot hold
            shown = f"{shown}（{i + 1}）"
        reports.add(report_file(shown).casefold())
        subs.append(Submission(i, shown, path, _applicant_for(applicants, name, entry)))
    return subs, ignored


def _applicant_for(applicants: Path | None, name: str, entry: str) -> str | None:
    if applicants is None:
        return None
    for base in dict.fromkeys((name, entry)):
        for suffix in APPLICANT_SUFFIXES:
            p = applicants / f"{base}{suffix}"
            if p.is_file():
                return str(p)
    return None


def workload(sub: Submission) -> int:
    """How much work a submission is likely to be, for handing out the longest first: its bytes
    (a scanned page weighs 100–500 KB, a text page a few KB, and OCR is where the time goes)."""
    path = Path(sub.path)
    try:
        if path.is_file():
            return path.stat().st_size
        total = 0
        for dirpath, _dirs, files in os.walk(path):
            for name in files:
                with contextlib.suppress(OSError):
                    total += os.lstat(os.path.join(dirpath, name)).st_size
        return total
    except OSError:
        return 0
