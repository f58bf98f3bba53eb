"""File names as people see them, and as file systems accept them.

A name read from the disk is kept as Python gives it (``os`` names: bytes that are not UTF-8
arrive as surrogate escapes, ``'\\udcd6'``) for opening the file; everything shown or written uses
:func:`display_name` (undecodable bytes tried as GBK, as old Windows copies and zips make them,
else U+FFFD), so reports stay valid UTF-8. :func:`printable` removes control and bidi characters
before text reaches a terminal; :func:`safe_file_name` turns any text into one path component
every file system accepts.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_NAME_BYTES", "display_name", "printable", "safe_file_name", "utf8_text"]

#: the longest path component (in bytes of UTF-8) ext4, NTFS, APFS and most others accept
MAX_NAME_BYTES = 255
_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
#: C0 (except tab and newline), DEL, C1 and the bidi controls
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
_CONTROL_ALL = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "]")
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])$", re.IGNORECASE)


def display_name(os_name: str) -> str:
    """``os_name`` as text to show or write: surrogate-escaped bytes decoded as UTF-8, else GBK (GB18030), else U+FFFD."""
    if not _SURROGATE.search(os_name):
        return os_name
    raw = os_name.encode("utf-8", "surrogateescape") if _encodable(os_name) else None
    if raw is None:  # lone surrogates that are not escapes of bytes: replace them
        return _SURROGATE.sub("\ufffd", os_name)
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")  # pragma: no cover - gb18030 decodes nearly anything


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def utf8_text(text: str) -> str:
    """``text`` with any surrogate left (a name that escaped :func:`display_name`) as U+FFFD: always encodable as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` without control characters (tab and newline kept when ``newlines``) and without bidi controls."""
    return (_CONTROL if newlines else _CONTROL_ALL).sub("", display_name(text))


def safe_file_name(text: str, max_bytes: int = MAX_NAME_BYTES, *, suffix: str = "", fallback: str = "未命名") -> str:
    """One path component every file system accepts, ending in ``suffix`` and at most ``max_bytes`` (UTF-8).

    Control and bidi characters are removed, the characters Windows forbids become ``_``, leading and
    trailing dots and spaces go, a Windows reserved name (CON, NUL, COM1 …) gets a ``_`` in front and a
    name of nothing (or only dots) becomes ``fallback``. Too long: the text is cut on a character.
    """
    name = unicodedata.normalize("NFC", printable(text, newlines=False))
    name = _FORBIDDEN.sub("_", name).strip(" .")
    if not name:
        name = fallback
    if _RESERVED.match(name.split(".")[0].rstrip(" ")):  # CON, con.txt, NUL .docx
        name = "_" + name
    room = max_bytes - len(suffix.encode("utf-8"))
    if len(name.encode("utf-8")) > room:
        name = name.encode("utf-8")[: max(room, 1)].decode("utf-8", "ignore").rstrip(" .") or fallback
    return name + suffix
