"""The cache that makes a batch resumable: ``OUT/.cache/<key>.json`` per finished submission.

The key is a SHA-256 over the submission's files (relative paths, sizes, contents), the
settings, the applicant file and the checker's version and code; a re-run skips every
submission whose key is cached and whose reports are still in OUT.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from lingtan.common.atomic import write_atomic
from lingtan.common.jsonout import json_text

from .records import Outcome, Submission, report_paths


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file, read in 1 MiB chunks; "error:<reason>" when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        return f"error:{type(exc).__name__}:{exc.errno}"


def _tree(path: str) -> Iterator[tuple[bytes, str, int, str]]:
    """(relative path, kind, size, digest) of everything in a folder, links not followed, in order."""
    stack = [(path, b"")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield prefix, "dir-error", 0, f"{type(exc).__name__}:{exc.errno}"
            continue
        subdirs = []
        for e in entries:
            rel = prefix + os.fsencode(e.name)
            try:
                if e.is_symlink():
                    yield rel, "link", 0, os.readlink(e.path)
                elif e.is_dir(follow_symlinks=False):
                    subdirs.append((e.path, rel + b"/"))
                elif e.is_file(follow_symlinks=False):
                    yield rel, "file", e.stat(follow_symlinks=False).st_size, file_sha256(e.path)
                else:
                    yield rel, "special", 0, ""
            except OSError as exc:
                yield rel, "error", 0, f"{type(exc).__name__}:{exc.errno}"
        stack.extend(reversed(subdirs))


_CODE_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """The lingtan version plus a hash of the checker's code (every ``.py`` under ``checker/``,
    this package's included) and the evidence specs (stale caches after an update)."""
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        from lingtan import __version__
        from lingtan.common.paths import scheme_dirs, specs_root

        checker = Path(__file__).resolve().parent.parent
        h = hashlib.sha256(__version__.encode())
        files = [(p.relative_to(checker).as_posix(), p) for p in sorted(checker.rglob("*.py"))]
        with contextlib.suppress(Exception):  # the specs folder is optional for the fingerprint
            files += [(p.name, p) for p in sorted(specs_root().glob("*.yaml"))]
            files += [(f"{sid}/{p.name}", p) for sid, d in scheme_dirs().items() for p in sorted(d.glob("*.yaml"))]
        for name, p in files:
            h.update(name.encode())
            h.update(file_sha256(p).encode())
        _CODE_FINGERPRINT = f"{__version__}:{h.hexdigest()[:16]}"
    return _CODE_FINGERPRINT


def submission_key(sub: Submission, settings: dict[str, Any]) -> str:
    """The cache key of a submission: its files (paths, sizes, contents), the settings, the applicant file, the code."""
    h = hashlib.sha256()
    head = {**settings, "code": code_fingerprint(), "applicant": file_sha256(sub.applicant) if sub.applicant else None}
    h.update(json_text(head, sort_keys=True, default=str, ensure_ascii=True).encode())
    if os.path.isdir(sub.path):
        for rel, kind, size, digest in _tree(sub.path):
            h.update(b"\0".join((rel, kind.encode(), str(size).encode(), os.fsencode(digest))) + b"\n")
    else:
        h.update(f"zip\0{os.path.getsize(sub.path)}\0{file_sha256(sub.path)}".encode())
    return h.hexdigest()


def cache_get(cache: Path, sub: Submission, out: Path) -> Outcome | None:
    """The cached outcome of an unchanged submission whose reports are still in OUT, or None."""
    try:
        entry = json.loads((cache / f"{sub.key}.json").read_text(encoding="utf-8"))
        d = entry["outcome"]
        if entry.get("key") != sub.key or not d.get("ok"):
            return None
        if not all(p.is_file() for p in report_paths(out, sub.name)):
            return None
        known = {f.name for f in fields(Outcome)}
        o = Outcome(**{k: v for k, v in d.items() if k in known})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    o.index, o.name, o.cached = sub.index, sub.name, True
    return o


def cache_put(cache: Path, sub: Submission, o: Outcome) -> None:
    """Remember a finished submission's outcome (OutputError when it cannot be written)."""
    write_atomic(cache / f"{sub.key}.json", json_text({"key": sub.key, "outcome": o.small()}))


def prune_cache(cache: Path, keep: set[str]) -> None:
    """Drop the entries of submissions no longer in the batch (or changed)."""
    for p in cache.glob("*.json"):
        if p.stem not in keep:
            p.unlink(missing_ok=True)
