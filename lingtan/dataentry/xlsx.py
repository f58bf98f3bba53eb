"""Opening an Excel workbook the user gives (either kind of data workbook): size, format and
damage checked first, every failure a DataFileError that says what to do."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lingtan.common.errors import DataFileError, os_reason
from lingtan.common.i18n import _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024


def open_workbook(path: Path) -> Any:
    """The workbook at ``path``, read-only with cached values; DataFileError in Chinese when it cannot be opened."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.exists():
        raise DataFileError(_("找不到 Excel 工作簿：{path}").format(path=path))
    if path.is_dir():
        raise DataFileError(_("{path} 是目录，不是 Excel 工作簿").format(path=path))
    if path.suffix.lower() == ".xls":
        raise DataFileError(_("{path} 是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再试").format(path=path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataFileError(_("无法读取 Excel 工作簿 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc
    if size == 0:
        raise DataFileError(_("Excel 工作簿为空文件：{path}").format(path=path))
    if size > MAX_WORKBOOK_BYTES:
        raise DataFileError(_("Excel 工作簿过大（{size:.1f} MB，上限 100 MB）：{path}").format(size=size / 1e6, path=path))
    if not zipfile.is_zipfile(path):
        raise DataFileError(
            _("无法读取 Excel 工作簿 {path}：文件已损坏、设置了打开密码，或不是 .xlsx 格式（请在 Excel 或 WPS 中另存为 .xlsx）").format(path=path))
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except PermissionError as exc:
        raise DataFileError(_("无法读取 Excel 工作簿 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on corrupt files
        raise DataFileError(
            _("无法读取 Excel 工作簿 {path}：文件已损坏，或不是 .xlsx 格式（{error}）；请在 Excel 或 WPS 中另存为 .xlsx").format(
                path=path, error=f"{type(exc).__name__}: {exc}")
        ) from exc
