"""Opening an Excel workbook the user gives (either kind of data workbook): size, format and
damage checked first, every failure a DataFileError that says what to do.

An .xlsx is a zip of XML parts. openpyxl streams the worksheets in read-only mode but loads the
shared strings (``xl/sharedStrings.xml``) whole, and a small file can expand a thousandfold. So
before openpyxl parses anything, :func:`inspect_workbook` reads the zip's directory (the sizes
Python's zipfile will never read past) and streams the shared strings and worksheets through a
counting XML parser that stops at the first limit passed: the limits are the constants below.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

from lingtan.common.errors import DataFileError, os_reason
from lingtan.common.i18n import _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024
#: all parts of the zip together, unpacked
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
#: the shared strings part, unpacked (openpyxl holds it whole in memory)
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
#: shared strings (distinct texts of the whole workbook)
MAX_SHARED_STRINGS = 500_000
#: the workbook's index parts (xl/workbook.xml and its relationships), unpacked
MAX_INDEX_BYTES = 10 * 1024 * 1024
#: rows of one worksheet, and cells of the whole workbook
MAX_ROWS = 200_000
MAX_CELLS = 5_000_000
#: unpacked size ÷ packed size of one part larger than RATIO_FLOOR_BYTES (XML packs 5–30×)
MAX_RATIO = 300
RATIO_FLOOR_BYTES = 4 * 1024 * 1024
#: digits of a number cell (Python's int() stops at 4300; no figure needs 30)
MAX_NUMBER_CHARS = 40
#: formula cells named in the message when the file holds no saved values for them
SHOWN_CELLS = 10

_MB = 1024 * 1024
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_COUNT_ATTR = re.compile(rb"""\b(?:count|uniqueCount)\s*=\s*["'](\d{1,15})["']""")


def _broken(path: Path) -> DataFileError:
    return DataFileError(
        _("无法读取 Excel 工作簿 {path}：文件已损坏、设置了打开密码，或不是 .xlsx 格式（请在 Excel 或 WPS 中另存为 .xlsx）").format(path=path))


def _too_large(path: Path, what: str) -> DataFileError:
    return DataFileError(_("Excel 工作簿过大：{what}：{path}（请删除多余的工作表和内容，或拆分为多个工作簿）").format(what=what, path=path))


class _Capped:
    """A zip member's stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], limit: int, over: DataFileError) -> None:
        self.stream, self.left, self.over = stream, limit, over

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(65536 if n is None or n < 0 else n)
        self.left -= len(data)
        if self.left < 0:
            raise self.over
        return data


def _elements(zf: zipfile.ZipFile, name: str, limit: int, over: DataFileError, drop: tuple[str, ...]) -> Iterator[Any]:
    """The elements of one XML part as their end tags pass; those tagged ``drop`` are removed from
    the tree once seen, so memory stays flat however long the part."""
    with zf.open(name) as raw:
        stack: list[Any] = []
        for event, elem in iterparse(_Capped(raw, limit, over), events=("start", "end")):
            if event == "start":
                stack.append(elem)
                continue
            stack.pop()
            yield elem
            if elem.tag in drop and stack:
                stack[-1].remove(elem)


def _sheet_parts(path: Path, zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name → the sheet's title (from workbook.xml and its relationships)."""
    over = _too_large(path, _("解压后超过 {limit} MB").format(limit=MAX_INDEX_BYTES // _MB))
    rels: dict[str, str] = {}
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name in zf.namelist():
        for el in _elements(zf, rels_name, MAX_INDEX_BYTES, over, drop=()):
            if el.tag.endswith("Relationship") and el.get("Id") and el.get("Target"):
                target = el.get("Target", "")
                rels[el.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    out: dict[str, str] = {}
    for el in _elements(zf, "xl/workbook.xml", MAX_INDEX_BYTES, over, drop=()):
        if el.tag == f"{_NS}sheet":
            part = rels.get(el.get(f"{_REL_NS}id", ""))
            if part:
                out[part] = el.get("name", "")
    return out


def inspect_workbook(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse a workbook past a limit, missing its parts, or with formulas lacking saved values (DataFileError)."""
    names = set(zf.namelist())
    if not all(p in names for p in _REQUIRED_PARTS):
        raise _broken(path)
    infos = zf.infolist()
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large(path, _("解压后超过 {limit} MB（{size} MB）").format(limit=MAX_UNPACKED_BYTES // _MB, size=unpacked // _MB))
    for i in infos:
        if i.file_size > RATIO_FLOOR_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise _too_large(path, _("其中一部分的压缩比超过 {ratio} 倍（异常的压缩文件）").format(ratio=MAX_RATIO))
    strings = "xl/sharedStrings.xml"
    if strings in names:
        _count_shared_strings(path, zf, strings)
    _scan_sheets(path, zf)


def _count_shared_strings(path: Path, zf: zipfile.ZipFile, name: str) -> None:
    many = _too_large(path, _("共享字符串超过 {limit} 条").format(limit=f"{MAX_SHARED_STRINGS:,}"))
    big = _too_large(path, _("共享字符串解压后超过 {limit} MB").format(limit=MAX_SHARED_STRINGS_BYTES // _MB))
    if zf.getinfo(name).file_size > MAX_SHARED_STRINGS_BYTES:
        raise big
    with zf.open(name) as f:
        head = _SST_TAG.search(f.read(4096))
    if head and any(int(n) > MAX_SHARED_STRINGS for n in _COUNT_ATTR.findall(head.group(0))):
        raise many  # what the file says of itself; the count below does not trust it
    count = 0
    for el in _elements(zf, name, MAX_SHARED_STRINGS_BYTES, big, drop=(f"{_NS}si",)):
        if el.tag == f"{_NS}si":
            count += 1
            if count > MAX_SHARED_STRINGS:
                raise many


def _scan_sheets(path: Path, zf: zipfile.ZipFile) -> None:
    """Count rows and cells of every worksheet; refuse number cells of thousands of digits and
    formula cells whose value the file does not hold (the place named)."""
    cells = 0
    lacking: list[str] = []
    names = set(zf.namelist())
    for part, title in _sheet_parts(path, zf).items():
        if part not in names:
            raise _broken(path)  # openpyxl would skip the sheet, and read another in its place
        rows = 0
        over = _too_large(path, _("解压后超过 {limit} MB").format(limit=MAX_UNPACKED_BYTES // _MB))
        for el in _elements(zf, part, MAX_UNPACKED_BYTES, over, drop=(f"{_NS}row",)):
            if el.tag == f"{_NS}row":
                rows += 1
                if rows > MAX_ROWS:
                    raise _too_large(path, _("工作表「{sheet}」超过 {limit} 行").format(sheet=title, limit=f"{MAX_ROWS:,}"))
            elif el.tag == f"{_NS}c":
                cells += 1
                if cells > MAX_CELLS:
                    raise _too_large(path, _("单元格超过 {limit} 个").format(limit=f"{MAX_CELLS:,}"))
                formula, value = el.find(f"{_NS}f"), el.find(f"{_NS}v")
                text = value.text if value is not None else None
                if formula is not None and not text and len(lacking) < SHOWN_CELLS + 1:
                    lacking.append(_("工作表「{sheet}」{cell} 单元格").format(sheet=title, cell=el.get("r", "")))
                if text and el.get("t", "n") == "n" and len(text) > MAX_NUMBER_CHARS:
                    raise DataFileError(_("Excel 工作簿 {path} 工作表「{sheet}」{cell} 单元格：数字位数过多（{n} 位），请填写实际数值").format(
                        path=path, sheet=title, cell=el.get("r", ""), n=len(text)))
    if lacking:
        shown = lacking[:SHOWN_CELLS] + ([_("……")] if len(lacking) > SHOWN_CELLS else [])
        raise DataFileError(
            _("Excel 工作簿 {path} 中有公式单元格没有保存计算结果（文件由其他程序生成，未在 Excel 中保存过）："
              "请在 Excel 或 WPS 中打开并保存后再试，或直接填写数值").format(path=path),
            problems=shown)


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
    try:
        with zipfile.ZipFile(path) as zf:
            inspect_workbook(path, zf)
    except DataFileError:
        raise
    except OSError as exc:
        raise DataFileError(_("无法读取 Excel 工作簿 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ParseError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _broken(path) from exc  # not a zip, a part missing, damaged XML, an encrypted or unknown compression
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except PermissionError as exc:
        raise DataFileError(_("无法读取 Excel 工作簿 {path}：{reason}").format(path=path, reason=os_reason(exc))) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on corrupt files (KeyError, InvalidFileException, XML errors)
        raise _broken(path) from exc
