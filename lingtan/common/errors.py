"""Exit codes and the whole exception tree of lingtan, in one place.

Each exception carries its exit code and a Chinese message that says what is wrong and how
to fix it. Third-party errors are converted at the boundary into the most specific of these
(``raise … from exc``)::

    LingtanError                     (exit 70, internal: a bug)
    ├── InputError                   (exit 2)  the user's input cannot be used
    │   ├── DataFileError            a data file cannot be read or parsed
    │   ├── DataValidationError      data break the model's rules (all problems listed)
    │   ├── UnknownSchemeError       --scheme names no known scheme
    │   ├── UnknownLevelError        --level names no level of the scheme
    │   └── SubmissionError          a submission path cannot be checked (missing, empty …)
    ├── SchemeDefinitionError        (exit 3)  a bundled definition is invalid (a defect)
    │   ├── BundledDataError         a bundled YAML file breaks its schema (file and line)
    │   ├── TemplateMissingError     a scheme lists a form without a template
    │   ├── TemplateSourceError      a form source (.yaml) is malformed
    │   └── TemplateRenderError      a template refers to what the context lacks
    ├── OutputError                  (exit 4)  an output cannot be written
    │   ├── RenderCheckError         a generated document lacks a value of the data
    │   ├── PdfToolMissingError      --pdf without LibreOffice
    │   └── PdfConversionError       LibreOffice did not produce the PDF
    └── MissingDependencyError       (exit 5)  a required component cannot be loaded
        └── OcrEngineError           the OCR engine (RapidOCR / onnxruntime) cannot load

``OcrError`` (an image the engine failed on) is not a ``LingtanError``: it is caught per page
and reported on the file, never ends a run.
"""

from __future__ import annotations

from enum import IntEnum

from .i18n import _


class ExitCode(IntEnum):
    """Process exit codes of the ``lingtan`` command (documented in README)."""

    ok = 0  # done; for score: eligible; for validate: valid; for check: complete
    negative_result = 1  # ran fine, but the verdict is "not eligible" (or cannot be decided), or gaps were found
    invalid_input = 2  # bad arguments, unreadable or invalid data, unknown scheme
    scheme_error = 3  # a scheme definition or user-supplied indicator file is invalid
    output_error = 4  # an output file could not be written
    missing_dependency = 5  # a required component (the OCR engine) cannot be loaded: reinstall
    internal_error = 70  # a bug: please report it with the input that caused it
    interrupted = 130  # Ctrl-C


class LingtanError(Exception):
    """Base of all lingtan errors: a Chinese message, optional numbered problems, an exit code."""

    exit_code = ExitCode.internal_error

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


class InputError(LingtanError):
    """The user's input cannot be used."""

    exit_code = ExitCode.invalid_input


class DataFileError(InputError):
    """A data file is missing, unreadable, or not valid YAML/JSON."""


class DataValidationError(InputError):
    """Data are readable but break the data model's rules."""


class UnknownSchemeError(InputError):
    """The requested scheme id does not exist."""


class UnknownLevelError(InputError):
    """The requested level does not exist in the scheme."""


class SubmissionError(InputError):
    """The submission path cannot be checked: missing, not a folder or zip, empty, unreadable."""


class SchemeDefinitionError(LingtanError):
    """A bundled scheme, spec, template or user indicator file is invalid."""

    exit_code = ExitCode.scheme_error


class BundledDataError(SchemeDefinitionError):
    """A bundled YAML file breaks its schema; the message names the file and the line."""


class TemplateMissingError(SchemeDefinitionError):
    """A scheme lists a form whose template file does not exist."""


class TemplateSourceError(SchemeDefinitionError):
    """A form source (.yaml) is malformed; the message names the file and block."""


class TemplateRenderError(SchemeDefinitionError):
    """A template refers to something the context does not have, or has a syntax error."""


class OutputError(LingtanError):
    """An output cannot be written."""

    exit_code = ExitCode.output_error


class RenderCheckError(OutputError):
    """The rendered document does not contain a value the data supplied."""


class PdfToolMissingError(OutputError):
    """--pdf was asked for, but LibreOffice is not installed."""


class PdfConversionError(OutputError):
    """LibreOffice ran but did not produce the PDF."""


class MissingDependencyError(LingtanError):
    """A component lingtan needs is not installed or cannot load."""

    exit_code = ExitCode.missing_dependency


class OcrEngineError(MissingDependencyError):
    """The OCR engine cannot be loaded (raised before any work starts)."""


class OcrError(Exception):
    """The OCR engine failed on one image (reported on that file; the run goes on)."""


#: errno → what the operating system said, in Chinese (its own text is English: "Permission denied");
#: translated where used (tools/i18n.py lists them)
_OS_REASONS = {
    "EACCES": "没有权限", "EPERM": "没有权限", "ENOENT": "不存在", "EISDIR": "是目录", "ENOTDIR": "路径中有一段不是目录",
    "ENOSPC": "磁盘空间不足", "EDQUOT": "超出磁盘配额", "EROFS": "只读文件系统", "ENAMETOOLONG": "路径过长", "EIO": "读写出错（磁盘或网络存储故障）",
    "EMFILE": "打开的文件过多", "ENFILE": "打开的文件过多", "EBUSY": "文件正被占用", "ETXTBSY": "文件正被占用", "ELOOP": "符号链接循环",
    "EEXIST": "已存在", "ENOTEMPTY": "目录不为空", "EXDEV": "不能跨磁盘移动", "EINVAL": "参数无效", "ESTALE": "网络文件已失效",
}


def os_reason(exc: BaseException) -> str:
    """Why an operation on a file failed, in Chinese (from the error number; never the system's English text)."""
    import errno

    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
    if name in _OS_REASONS:
        return _(_OS_REASONS[name])
    return _("系统错误（错误号 {code}）").format(code=code) if isinstance(code, int) else _("系统错误")
