"""Chinese messages for argparse's own texts (usage, errors, help headings).

argparse looks its messages up through ``gettext``; we install a translation
table for the handful it uses so that every message the user sees is Chinese.
"""

from __future__ import annotations

import argparse

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 取值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "show program's version number and exit": "显示版本号并退出",
    "subcommands": "子命令",
}


def install() -> None:
    """Route argparse's gettext calls through the Chinese table."""

    def zh(message: str) -> str:
        return _ZH.get(message, message)

    def zh_n(singular: str, plural: str, n: int) -> str:
        return zh(singular if n == 1 else plural)

    argparse._ = zh  # type: ignore[attr-defined]
    argparse.ngettext = zh_n  # type: ignore[attr-defined]


class ZhHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps our hand-wrapped Chinese descriptions as written."""
