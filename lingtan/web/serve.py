"""``lingtan serve``: the settings checked (no unprotected server for other machines), the app built,
uvicorn run in this process until Ctrl-C."""

from __future__ import annotations

import sys

from lingtan.common import _

from .settings import Settings, is_loopback


def serve(settings: Settings) -> int:
    """Run the web app until interrupted (UnsafeBindError before anything starts)."""
    import uvicorn

    from .app import create_app

    settings.check()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    shown = settings.host if is_loopback(settings.host) or ":" not in settings.host else f"[{settings.host}]"
    print(_("lingtan 网页版已启动：{url}  （数据目录：{data}；按 Ctrl-C 停止）").format(url=f"http://{shown}:{settings.port}/", data=settings.data_dir),
          file=sys.stderr, flush=True)
    if not is_loopback(settings.host):
        print(_("已启用访问密码：其他计算机访问时需要先输入密码。"), file=sys.stderr, flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
    return 0
