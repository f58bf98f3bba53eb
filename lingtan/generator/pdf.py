"""Optional PDF copies of the generated forms, made by LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from lingtan.common.errors import PdfConversionError, PdfToolMissingError
from lingtan.common.i18n import _

from . import fonts


def install_hint() -> str:
    """What to do when LibreOffice is missing, in the run's language."""
    return _(
        "未找到 LibreOffice（soffice），无法生成 PDF；.docx 文件已正常生成。\n"
        "安装方法：Windows / macOS 请从 https://zh-cn.libreoffice.org/download/ 下载安装；"
        "Debian/Ubuntu：sudo apt install libreoffice-writer；CentOS/麒麟/统信：sudo yum install libreoffice-writer。\n"
        "若已安装但不在 PATH 中，请设置环境变量 LINGTAN_SOFFICE 为 soffice 的完整路径。"
    )


def missing_tool() -> PdfToolMissingError:
    """The error of ``--pdf`` without LibreOffice (raised after the .docx files are written)."""
    return PdfToolMissingError(install_hint())


def conversion_failed(message: str) -> PdfConversionError:
    """The error of ``--pdf`` when LibreOffice failed (raised after the .docx files are written)."""
    return PdfConversionError(message)


@dataclass
class Converted:
    """The PDFs made, and each font LibreOffice drew with another one (font, stand-in)."""

    pdfs: list[Path]
    substituted: list[tuple[str, str]] = field(default_factory=list)


def find_soffice() -> str | None:
    """The LibreOffice executable: $LINGTAN_SOFFICE, else soffice/libreoffice on PATH."""
    env = os.environ.get("LINGTAN_SOFFICE")
    if env:
        return env if Path(env).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for guess in (r"C:\Program Files\LibreOffice\program\soffice.exe", "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(guess).is_file():
            return guess
    return None


def convert_all(docx_files: list[Path], outdir: Path | None = None, timeout: float = 600) -> Converted:
    """Convert .docx files to PDFs (beside them, or into ``outdir``) in one LibreOffice run, with a
    private user profile (so parallel runs do not collide) and the free font stand-ins of
    :mod:`generator.fonts`; names every font that was substituted."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfToolMissingError(install_hint())
    pdfs: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="lingtan-soffice-") as tmp:
        profile = Path(tmp) / "profile"
        conf = fonts.write_conf(Path(tmp))
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)} if fonts.uses_fontconfig() else None
        by_dir: dict[Path, list[Path]] = {}
        for f in docx_files:
            by_dir.setdefault(outdir or f.parent, []).append(f)
        for target, files in by_dir.items():
            cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(target), *map(str, files)]
            try:
                subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)
            except (OSError, subprocess.SubprocessError) as exc:
                raise PdfConversionError(_("LibreOffice 转换 PDF 失败（{items}）：{exc}").format(items='、'.join(f.name for f in files), exc=exc)) from exc
            for f in files:
                pdf = target / f.with_suffix(".pdf").name
                if not pdf.is_file():
                    raise PdfConversionError(_("LibreOffice 未生成 {name}").format(name=pdf.name))
                pdfs.append(pdf)
        used = set().union(*(fonts.fonts_in(f) for f in docx_files)) if docx_files else set()
        substituted = fonts.substitutions(used, conf)
    return Converted(pdfs, substituted)


def convert(docx_files: list[Path], timeout: float = 600) -> list[Path]:
    """Convert .docx files to PDFs beside them; returns the PDF paths."""
    return convert_all(docx_files, timeout=timeout).pdfs


@dataclass
class Copies:
    """PDF copies made in memory: (file name, bytes) each, and the fonts substituted."""

    files: list[tuple[str, bytes]]
    substituted: list[tuple[str, str]] = field(default_factory=list)


def pdf_copies(docs: list[tuple[str, bytes, str]], enterprise: str, when: datetime, timeout: float = 600) -> Copies:
    """PDF copies of the .docx ``docs`` (file name, bytes, title), converted in a temporary folder,
    each with its metadata naming ``enterprise`` and ``when`` (:func:`generator.properties.pdf_metadata`)."""
    from .properties import pdf_metadata

    with tempfile.TemporaryDirectory(prefix="lingtan-pdf-") as tmp:
        paths = []
        for i, (_name, data, _title) in enumerate(docs):  # short names: LibreOffice's lock files add bytes to a name
            paths.append(Path(tmp) / f"{i:03d}.docx")
            paths[-1].write_bytes(data)
        done = convert_all(paths, outdir=Path(tmp), timeout=timeout)
        files = [(Path(name).with_suffix(".pdf").name, pdf_metadata(pdf.read_bytes(), enterprise, title, when))
                 for pdf, (name, _d, title) in zip(done.pdfs, docs, strict=True)]
    return Copies(files, done.substituted)


class _Substituted(Protocol):
    substituted: list[tuple[str, str]]


def substitution_lines(c: _Substituted) -> list[str]:
    """The lines ``--pdf`` prints about fonts: each substituted font and its stand-in."""
    if not c.substituted:
        return []
    lines = [_("字体替换（本机未安装原字体，PDF 中以下列字体显示；在装有原字体的电脑上用 Word/WPS 打开 .docx 不受影响）：")]
    lines += [f"  {font} → {stand_in}" for font, stand_in in c.substituted]
    return lines
