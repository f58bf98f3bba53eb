"""Progress of ``check-batch`` on stderr: a bar (submissions done, documents and pages per
second, time left) on a terminal; otherwise one plain line per submission."""

from __future__ import annotations

import sys
from typing import Any

from lingtan.common.progress import ProgressBar

from .records import Outcome


def _rate(elapsed: float, done: float, counters: dict[str, Any]) -> str:
    if not elapsed:
        return "— 份文档/秒 · — 页/秒"
    d, p = counters.get("documents", 0), counters.get("pages", 0)
    return f"{d / elapsed:.1f} 份文档/秒 · {p / elapsed:.1f} 页/秒"


class CheckProgress(ProgressBar):
    """The bar when ``bar``; else, when ``log``, a line per submission (no control characters)."""

    def __init__(self, total: int, bar: bool, log: bool = True) -> None:
        super().__init__(total, "检查申报材料", _rate, bar, files=0, documents=0, pages=0)
        self.total = total
        self.done = 0
        self.files = 0
        self.documents = 0
        self.pages = 0
        self.log = log and not bar

    def advance(self, o: Outcome) -> None:
        """One more submission done."""
        self.done += 1
        self.files += o.files
        self.documents += o.documents
        self.pages += o.pages
        self.step(files=self.files, documents=self.documents, pages=self.pages)
        if self.log:
            if not o.ok:
                status = f"检查失败：{(o.error or '').splitlines()[0] if o.error else ''}"
            else:
                status = "材料齐全" if o.complete else f"问题 {o.problems} 个，需人工核对 {o.to_verify} 项"
            print(f"[{self.done}/{self.total}] {o.name}：{status}（{o.files} 个文件，{o.pages} 页，{o.seconds:.1f} 秒）",
                  file=sys.stderr, flush=True)
