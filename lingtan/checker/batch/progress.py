"""Progress of ``check-batch`` on stderr: a bar (submissions done, documents and pages per
second, time left) on a terminal; otherwise one plain line per submission."""

from __future__ import annotations

import sys
from typing import Any

from lingtan.common.i18n import _
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
                status = _("检查失败：{error}").format(error=o.error.splitlines()[0] if o.error else "")
            else:
                status = _("材料齐全") if o.complete else _("问题 {problems} 个，需人工核对 {verify} 项").format(
                    problems=o.problems, verify=o.to_verify)
            print(_("[{done}/{total}] {name}：{status}（{files} 个文件，{pages} 页，{seconds:.1f} 秒）").format(
                      done=self.done, total=self.total, name=o.name, status=status, files=o.files, pages=o.pages, seconds=o.seconds),
                  file=sys.stderr, flush=True)
