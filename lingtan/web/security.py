"""Safe by default: the password of a server other machines reach, CSRF tokens on every form,
upload limits, and headers that keep pages from loading anything from elsewhere."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from lingtan.common import _

CSRF_COOKIE = "lingtan_csrf"
AUTH_COOKIE = "lingtan_auth"
OPEN_PATHS = ("/login", "/static/")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class RequestError(Exception):
    """A request the app refuses with a Chinese message (shown on the page, HTTP ``status``)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def auth_token(secret: str, password: str) -> str:
    return hmac.new(secret.encode(), b"login:" + password.encode(), hashlib.sha256).hexdigest()


def password_ok(given: str, password: str) -> bool:
    return hmac.compare_digest(given.encode(), password.encode())


class Guard(BaseHTTPMiddleware):
    """Login (when a password is set), the CSRF cookie, the request size limit, security headers."""

    def __init__(self, app: Any, settings: Any) -> None:
        super().__init__(app)
        self.settings = settings

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        s = self.settings
        if s.password and not request.url.path.startswith(OPEN_PATHS):
            bearer = request.headers.get("authorization", "")
            ok = hmac.compare_digest(request.cookies.get(AUTH_COOKIE, ""), auth_token(s.secret, s.password)) or (
                bearer.startswith("Bearer ") and password_ok(bearer[7:], s.password))
            if not ok:
                if request.method == "GET":
                    return RedirectResponse("/login", status_code=303)
                return PlainTextResponse(_("需要登录：请先在 /login 输入访问密码。"), status_code=401)
        length = request.headers.get("content-length")
        limit = s.max_upload_mb * 1024 * 1024 + 1024 * 1024  # the files plus the form's other fields
        if request.method == "POST" and length and length.isdigit() and int(length) > limit:
            if int(length) <= 4 * limit:  # read what is on its way, so the browser sees the message rather than a broken connection
                async for _chunk in request.stream():
                    pass
            msg = _("上传的文件过大：本次共 {size:.1f} MB，超过上限 {limit} MB。请分批上传，或请管理员用 --max-upload-mb 调高上限。").format(
                size=int(length) / 1048576, limit=s.max_upload_mb)
            if "application/json" in request.headers.get("accept", ""):
                return JSONResponse({"error": msg}, status_code=413)
            return PlainTextResponse(msg, status_code=413)
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf = token
        response = await call_next(request)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


async def read_form(request: Request, *, max_files: int, max_fields: int = 5000) -> FormData:
    """The posted form, refused unless it carries this browser's CSRF token; too many files is a RequestError."""
    from starlette.exceptions import HTTPException
    from starlette.formparsers import MultiPartException

    try:
        form = await request.form(max_files=max_files, max_fields=max_fields, max_part_size=4 * 1024 * 1024)
    except (MultiPartException, HTTPException) as exc:  # Starlette turns the parser's error into HTTPException(400)
        text = str(getattr(exc, "detail", None) or exc)
        if "files" in text.lower():
            raise RequestError(_("一次上传的文件过多：最多 {max_files} 个。请打包成 zip 或分批上传。").format(max_files=max_files), 413) from exc
        raise RequestError(_("表单无法读取：{text}").format(text=text)) from exc
    sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
        raise RequestError(_("表单已过期或来源不明（防跨站请求伪造校验未通过）。请刷新页面后重新提交。"), 403)
    return form


def uploads(form: FormData, name: str) -> list[UploadFile]:
    """The non-empty files posted under ``name``."""
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]
