"""Helpers of the web app's tests: a real ``lingtan serve`` in a subprocess on a free loopback port,
the system's Chromium through Playwright, a small HTTP client with the CSRF token, .docx text."""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "web"  # screenshots (git-ignored)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HOSTILE = 'A&B <澄源> "{{ 7*7 }}"'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``python -m lingtan serve`` on a free port of 127.0.0.1, in its own process group."""

    def __init__(self, data: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.data, self.args, self.port = data, args, free_port()
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        cmd = [sys.executable, "-m", "lingtan", "serve", "--data", str(self.data), "--port", str(self.port), *self.args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.proc.stdout.read().decode() if self.proc.stdout else ''}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return self
            time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL to the server and its workers at once (a crash, a power cut)."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(15)
        self.proc = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Client:
    """A browser-less client: one cookie jar, the CSRF token of the pages it read, multipart uploads."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                text = r.read().decode("utf-8", "replace")
                status = r.status
        except urllib.error.HTTPError as e:
            text, status = e.read().decode("utf-8", "replace"), e.code
        m = re.search(r'name="csrf-token" content="([^"]+)"', text)
        if m:
            self.csrf = m.group(1)
        return status, text

    def json(self, path: str) -> Any:
        return json.loads(self.get(path)[1])

    def post(self, path: str, fields: dict[str, str], files: list[tuple[str, str, bytes]] = (), csrf: bool = True) -> tuple[int, str, str]:
        """POST multipart; (status, body, final url)."""
        boundary = uuid.uuid4().hex
        buf = io.BytesIO()
        items = {**fields, **({"csrf": self.csrf} if csrf else {})}
        for k, v in items.items():
            buf.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        for field, name, data in files:
            buf.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                      f"Content-Type: application/octet-stream\r\n\r\n".encode())
            buf.write(data + b"\r\n")
        buf.write(f"--{boundary}--\r\n".encode())
        req = urllib.request.Request(self.base + path, data=buf.getvalue(), method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(req, timeout=120) as r:
                return r.status, r.read().decode("utf-8", "replace"), r.url
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace"), e.url


def wait_runs(client: Client, run_ids: list[int], timeout: float) -> dict[int, dict[str, Any]]:
    """Poll until every run is done or failed; their last states."""
    deadline = time.monotonic() + timeout
    states: dict[int, dict[str, Any]] = {}
    while time.monotonic() < deadline:
        states = {r: client.json(f"/runs/{r}/status") for r in run_ids}
        if all(s["status"] in ("done", "failed") for s in states.values()):
            return states
        time.sleep(1)
    raise AssertionError(f"runs not finished in {timeout} s: {states}")


def docx_text(data: bytes) -> str:
    """All text of a .docx: paragraphs and table cells."""
    from docx import Document

    d = Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def launch_browser(pw: Any) -> Any:
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
