"""Optional PDF copies of the generated forms, made by LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lingtan.common.errors import PdfConversionError, PdfToolMissingError

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法生成 PDF；.docx 文件已正常生成。\n"
    "安装方法：Windows / macOS 请从 https://zh-cn.libreoffice.org/download/ 下载安装；"
    "Debian/Ubuntu：sudo apt install libreoffice-writer；CentOS/麒麟/统信：sudo yum install libreoffice-writer。\n"
    "若已安装但不在 PATH 中，请设置环境变量 LINGTAN_SOFFICE 为 soffice 的完整路径。"
)




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


def convert(docx_files: list[Path], timeout: float = 180) -> list[Path]:
    """Convert .docx files to PDFs beside them; returns the PDF paths."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfToolMissingError(INSTALL_HINT)
    out: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="lingtan-soffice-") as profile:
        for f in docx_files:
            cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(f.parent), str(f)]
            try:
                subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
            except (OSError, subprocess.SubprocessError) as exc:
                raise PdfConversionError(f"LibreOffice 转换 {f.name} 为 PDF 失败：{exc}") from exc
            pdf = f.with_suffix(".pdf")
            if not pdf.is_file():
                raise PdfConversionError(f"LibreOffice 未生成 {pdf.name}")
            out.append(pdf)
    return out
