"""Make data safe to put in a .docx, and remember where every value came from.

* Characters XML 1.0 forbids (C0 controls other than tab/newline, U+FFFE/FFFF,
  lone surrogates) are removed and each removal is reported with its field.
* Every string of the data becomes a :class:`Tracked` string that knows its
  field path, so the renderer can check after rendering that the value really
  is in the document, and name the field when it is not.
* Data is never template code: Jinja renders values once and never
  re-evaluates them; the renderer also escapes ``{``/``}`` as character
  references so that docxtpl's ``{_{`` post-processing cannot alter a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lingtan.common.i18n import _
from lingtan.common.names import safe_file_name

ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Tracked(str):
    """A string from the data that remembers its field path."""

    path: str

    def __new__(cls, value: str, path: str) -> Tracked:
        obj = super().__new__(cls, value)
        obj.path = path
        return obj


@dataclass
class Cleaning:
    """What sanitising changed: ``(field path, description)`` per change."""

    removed: list[tuple[str, str]] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [f"{path}：{what}" for path, what in self.removed]


def clean_text(value: str, path: str, log: Cleaning) -> str:
    """Normalise newlines and strip characters XML cannot hold, logging each removal."""
    v = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = ILLEGAL_XML.findall(v)
    if bad:
        shown = "、".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        log.removed.append((path, _("已删除 {count} 个无法写入 Word 文档的控制字符（{shown}）").format(count=len(bad), shown=shown)))
        v = ILLEGAL_XML.sub("", v)
    return v


def track(data: Any, path: str, log: Cleaning) -> Any:
    """Recursively clean strings and wrap them as :class:`Tracked`; dict keys are cleaned too."""
    if isinstance(data, str):
        return Tracked(clean_text(data, path, log), path)
    if isinstance(data, dict):
        return {
            (clean_text(k, _("{path}（键）").format(path=path), log) if isinstance(k, str) else k): track(v, f"{path}.{k}" if path else str(k), log)
            for k, v in data.items()
        }
    if isinstance(data, (list, tuple)):
        return [track(v, f"{path}[{i}]", log) for i, v in enumerate(data)]
    return data


def safe_filename(name: str, max_bytes: int = 241) -> str:
    """A file name Windows and Linux both accept, keeping Chinese characters (``common.names.safe_file_name``)."""
    return safe_file_name(name, max_bytes)
