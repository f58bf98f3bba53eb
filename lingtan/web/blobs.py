"""Uploaded files, stored by content hash under ``DATA/blobs/`` (never modified, never served as
files), and each run's folder of them under their uploaded names (hard links, else copies)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from lingtan.common import printable

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def safe_name(name: str, fallback: str = "文件") -> str:
    """An uploaded file's name as a plain file name: no folders, no control or bidi characters, no leading dot."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE.sub("_", printable(base, newlines=False)).strip().lstrip(".").strip()
    if len(base.encode("utf-8")) > 200:
        stem, dot, suffix = base.rpartition(".")
        keep = suffix if dot and len(suffix) <= 10 else ""
        base = (stem or base).encode("utf-8")[: 190].decode("utf-8", "ignore") + ("." + keep if keep else "")
    return base or fallback


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, stream: BinaryIO) -> tuple[str, int]:
        """Store a stream; its SHA-256 and size. An existing blob is kept as it is."""
        h = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(1 << 20):
                    h.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            digest = h.hexdigest()
            dest = self.path(digest)
            if dest.exists():
                os.unlink(tmp)
            else:
                dest.parent.mkdir(exist_ok=True)
                os.chmod(tmp, 0o444)
                os.replace(tmp, dest)
            return digest, size
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def link(self, sha256: str, dest: Path) -> None:
        """The blob at ``dest`` (a hard link: the same bytes, nothing copied; a copy across file systems)."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.path(sha256), dest)
        except OSError:
            shutil.copyfile(self.path(sha256), dest)


def unique_names(names: list[str]) -> list[str]:
    """The names made unique by a numbered suffix (两个“营业执照.pdf” → 营业执照.pdf, 营业执照（2）.pdf)."""
    seen: set[str] = set()
    out = []
    for n in names:
        cand, i = n, 2
        stem, dot, suffix = n.rpartition(".")
        while cand.lower() in seen:
            cand = f"{stem}（{i}）.{suffix}" if dot and stem else f"{n}（{i}）"
            i += 1
        seen.add(cand.lower())
        out.append(cand)
    return out
