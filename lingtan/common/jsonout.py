"""The one way lingtan writes JSON: strict (RFC 8259) text, never a bare ``NaN`` or ``Infinity``.

``json.dumps`` writes ``Infinity`` for an infinite float, which no strict JSON reader accepts; a
value that slipped past validation is refused here, at the boundary, as an
:class:`~lingtan.common.errors.OutputError` instead of an invalid report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .errors import OutputError
from .i18n import _


def json_text(obj: Any, *, indent: int | None = None, sort_keys: bool = False,
              default: Callable[[Any], Any] | None = None, ensure_ascii: bool = False) -> str:
    """``obj`` as strict JSON text (Chinese kept as is); OutputError on a NaN or infinite number."""
    try:
        return json.dumps(obj, ensure_ascii=ensure_ascii, indent=indent, sort_keys=sort_keys, default=default, allow_nan=False)
    except ValueError as exc:
        raise OutputError(_("无法写出 JSON：结果中有非有限数字（无穷大或 NaN），这是程序缺陷，请附上输入数据报告")) from exc
