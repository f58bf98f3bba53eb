"""Which free fonts stand in for the forms' fonts when LibreOffice makes the PDFs.

The forms name the fonts the sources prescribe (仿宋, 黑体, 楷体, 宋体) and Times New Roman for
Latin text. Chinese Windows has them; Linux usually does not, and fontconfig would then pick any
CJK font (often a Japanese one). The table below names the free stand-ins, in order of preference;
they are *accepted after* the requested family, so a machine that has the real font keeps it.
``--pdf`` names every font that was substituted (``fc-match`` with this configuration).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

#: The forms' fonts → free stand-ins (Debian/Ubuntu packages in the README's 字体 section).
STAND_INS: dict[str, tuple[str, ...]] = {
    "仿宋": ("AR PL UMing CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"),
    "FangSong": ("AR PL UMing CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"),
    "宋体": ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"),
    "SimSun": ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"),
    "黑体": ("Noto Sans CJK SC", "WenQuanYi Zen Hei"),
    "SimHei": ("Noto Sans CJK SC", "WenQuanYi Zen Hei"),
    "楷体": ("AR PL UKai CN", "Noto Serif CJK SC"),
    "KaiTi": ("AR PL UKai CN", "Noto Serif CJK SC"),
    "Times New Roman": ("Liberation Serif", "DejaVu Serif"),
    "Segoe UI Symbol": ("DejaVu Sans",),
}
SYSTEM_CONF = Path("/etc/fonts/fonts.conf")


def fontconfig_conf() -> str:
    """A fontconfig file: the system's configuration plus the stand-ins of :data:`STAND_INS`."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{escape(name)}</family><accept>'
        + "".join(f"<family>{escape(f)}</family>" for f in subs)
        + "</accept></alias>"
        for name, subs in STAND_INS.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{SYSTEM_CONF}</include>\n{aliases}\n</fontconfig>\n'
    )


def uses_fontconfig() -> bool:
    """LibreOffice finds fonts through fontconfig (Linux and other Unix, not Windows or macOS)."""
    return SYSTEM_CONF.is_file() and shutil.which("fc-match") is not None


def write_conf(folder: Path) -> Path:
    """Write the configuration into ``folder``; returns its path (for ``FONTCONFIG_FILE``)."""
    p = folder / "lingtan-fonts.conf"
    p.write_text(fontconfig_conf(), encoding="utf-8")
    return p


def fonts_in(docx: Path) -> set[str]:
    """Every font the runs of a .docx name (``w:rFonts``: ascii, hAnsi, eastAsia)."""
    names: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as z:
        for part in z.namelist():
            if re.fullmatch(r"word/(document|footer\d*|header\d*)\.xml", part):  # every run names its fonts
                for tag in re.findall(r"<w:rFonts [^>]*>", z.read(part).decode("utf-8")):
                    names.update(re.findall(r'w:(?:ascii|hAnsi|eastAsia)="([^"]+)"', tag))
    return names


def substitutions(fonts: set[str], conf: Path) -> list[tuple[str, str]]:
    """``(font, what is drawn instead)`` for each font the machine does not have, as fontconfig
    matches it with ``conf``; empty where fontconfig is not used."""
    if not uses_fontconfig():
        return []
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    out = []
    for font in sorted(fonts):
        try:
            r = subprocess.run(
                ["fc-match", "-f", "%{family}", f"{font}:lang=zh-cn"], capture_output=True, text=True, timeout=20, env=env
            )
        except (OSError, subprocess.SubprocessError):
            continue
        families = [f.strip() for f in r.stdout.split(",") if f.strip()]
        if families and font not in families:
            out.append((font, families[0]))
    return out
