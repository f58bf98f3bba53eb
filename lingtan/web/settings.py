"""What ``lingtan serve`` was started with, and the refusal to serve other machines unprotected."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from lingtan.common import InputError, _

DEFAULT_MAX_UPLOAD_MB = 200
DEFAULT_MAX_FILES = 500
PASSWORD_ENV = "LINGTAN_WEB_PASSWORD"


class UnsafeBindError(InputError):
    """``serve`` bound to an address other machines reach, without a password (exit 2)."""


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    password: str | None = None  # required when host is not a loopback address
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB  # one request's uploads together
    max_files: int = DEFAULT_MAX_FILES  # files in one request
    workers: int = 2  # checks at a time
    ocr: bool = True
    doc_timeout: float = 120.0
    max_memory_mb: int = 3072
    lang: str = "zh"
    secret: str = field(default_factory=lambda: secrets.token_hex(32))  # signs the login cookie

    def check(self) -> None:
        """Refuse to serve other machines without a password (UnsafeBindError, exit 2)."""
        if not is_loopback(self.host) and not self.password:
            raise UnsafeBindError(_(
                "拒绝启动：监听地址 {host} 可被其他计算机访问，必须设置访问密码。"
                "请用 --password 指定，或设置环境变量 {env}；只在本机使用时请去掉 --host（默认 127.0.0.1）。"
            ).format(host=self.host, env=PASSWORD_ENV))
        if self.password is not None and len(self.password) < 8:
            raise UnsafeBindError(_("访问密码至少 8 个字符"))
        if self.max_upload_mb < 1 or self.max_files < 1 or self.workers < 1:
            raise InputError(_("--max-upload-mb、--max-files 和 --workers 应为正整数"))

    @classmethod
    def from_env_password(cls, data_dir: Path, password: str | None, **kw: object) -> Settings:
        return cls(data_dir=data_dir, password=password or os.environ.get(PASSWORD_ENV) or None, **kw)  # type: ignore[arg-type]
