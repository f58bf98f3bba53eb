"""The web application: Starlette routes, Jinja2 pages (autoescaped), the background runner.

Pages: ``/`` home; ``/enterprise`` applications (fill, score as you type, download the package and
the data file); ``/review`` submissions (upload or register a folder, the report, decisions,
exports) and ``/batches/<id>``. Every POST carries the CSRF token (:func:`.security.read_form`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from lingtan.assessment import (
    METHOD_ZH,
    REQUIREMENT_ZH,
    STATUS_ZH,
    VERDICT_ZH,
    Assessment,
    Factory,
    all_schemes,
    as_of_text,
    assess,
    load_scheme,
    resolve_level,
    scheme_ids,
)
from lingtan.checker import Report
from lingtan.common import LingtanError, SubmissionError, _, cite_text, json_text, parse_yaml

from . import fields as form_fields
from .blobs import BlobStore, safe_name, unique_names
from .db import Application, Batch, Decision, Enterprise, Finding, Run, Submission, now, open_database
from .reports import ACTION_ZH, MATERIAL_STATE, export_html, export_xlsx
from .runner import Runner
from .security import AUTH_COOKIE, Guard, RequestError, auth_token, password_ok, read_form, uploads
from .settings import Settings

HERE = Path(__file__).resolve().parent
GROUP_ZH = {"basic": "基本条件", "veto": "否决项", "exclusion": "不得申报情形"}
RUN_STATUS_ZH = {"queued": "排队中", "running": "检查中", "done": "已完成", "failed": "检查失败"}
DATA_SUFFIXES = (".yaml", ".yml", ".json")


class Web:
    """The app's state: settings, database, uploads, runner, templates."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        data = Path(settings.data_dir)
        data.mkdir(parents=True, exist_ok=True)
        self.sessions = open_database(data)
        self.blobs = BlobStore(data / "blobs")
        self.runs_dir = data / "runs"
        self.runs_dir.mkdir(exist_ok=True)
        self.runner = Runner(self.sessions, data, workers=settings.workers, doc_timeout=settings.doc_timeout, max_memory_mb=settings.max_memory_mb)
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True))
        self.env.globals["as_of_text"] = as_of_text
        self.env.globals.update(RUN_STATUS_ZH=RUN_STATUS_ZH, STATUS_ZH=STATUS_ZH, VERDICT_ZH=VERDICT_ZH, GROUP_ZH=GROUP_ZH, METHOD_ZH=METHOD_ZH,
                                REQUIREMENT_ZH=REQUIREMENT_ZH, MATERIAL_STATE=MATERIAL_STATE, ACTION_ZH=ACTION_ZH)
        self.env.filters["cite"] = cite_text  # "000 附件1-1 序号1" → "江苏方案 附件1-1 序号1": no source file numbers shown

    def page(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        tpl = self.env.get_template(name)
        ctx.setdefault("error", None)
        return HTMLResponse(tpl.render(request=request, csrf=getattr(request.state, "csrf", ""), settings=self.settings, **ctx), status_code=status)


W: Web  # set by create_app (one app per process)


def _schemes() -> list[dict[str, Any]]:
    return [{"id": s.id, "name": s.name, "levels": [(lv.id, lv.name) for lv in s.levels], "default": s.default_level} for s in all_schemes()]


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        raise RequestError(_("找不到该页面"), 404) from None


# -- home and login ----------------------------------------------------------------------------


async def home(request: Request) -> Response:
    with W.sessions() as s:
        apps = s.scalars(select(Application).order_by(Application.updated.desc()).limit(5)).all()
        subs = s.scalars(select(Submission).order_by(Submission.id.desc()).limit(5)).all()
        latest = {sub.id: sub.runs[-1] if sub.runs else None for sub in subs}
        return W.page(request, "home.html", apps=apps, subs=subs, latest=latest)


async def login(request: Request) -> Response:
    s = W.settings
    if request.method == "POST":
        form = await read_form(request, max_files=0)
        if s.password and password_ok(str(form.get("password") or ""), s.password):
            resp = RedirectResponse("/", status_code=303)
            resp.set_cookie(AUTH_COOKIE, auth_token(s.secret, s.password), httponly=True, samesite="strict")
            return resp
        return W.page(request, "login.html", status=401, error=_("密码不正确"))
    return W.page(request, "login.html")


# -- enterprise side ---------------------------------------------------------------------------


def _load_data_text(name: str, raw: bytes) -> dict[str, Any]:
    """An uploaded data file (YAML/JSON, or the data-entry workbook's first enterprise) as the data dict."""

    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        from lingtan.dataentry import is_entry_workbook, read_entry_workbook, read_workbook
        from lingtan.generator import narrative_titles

        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "data.xlsx"
            p.write_bytes(raw)
            try:
                if is_entry_workbook(p):  # the data-entry workbook of `lingtan template`
                    data, _cells, problems = read_entry_workbook(p, narrative_titles())
                    if problems:
                        raise RequestError(_("数据填报工作簿 {name} 中有无法读取的内容：\n{problems}")
                            .format(name=name, problems="\n".join(problems).replace(str(p), name)))
                    return data
                rows = read_workbook(p)  # the batch workbook: its first enterprise
            except LingtanError as exc:
                raise RequestError(str(exc).replace(str(p), name)) from exc
        if not rows:
            raise RequestError(_("工作簿 {name} 中没有企业数据").format(name=name))
        return rows[0].data
    if suffix not in DATA_SUFFIXES:
        raise RequestError(_("不支持的数据文件类型：{name}。请上传 .yaml、.yml、.json 或 .xlsx 文件。").format(name=name))
    try:
        data = parse_yaml(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RequestError(_("数据文件 {name} 无法读取（不是 UTF-8 编码的 YAML/JSON）：{exc}").format(name=name, exc=exc)) from exc
    if not isinstance(data, dict):
        raise RequestError(_("数据文件 {name} 的内容应为键值结构（企业数据），实际不是").format(name=name))
    return data


async def enterprise_list(request: Request) -> Response:
    with W.sessions() as s:
        apps = s.scalars(select(Application).order_by(Application.updated.desc())).all()
        return W.page(request, "enterprise_list.html", apps=apps, schemes=_schemes())


async def enterprise_new(request: Request) -> Response:
    form = await read_form(request, max_files=1)
    try:
        scheme_level = str(form.get("scheme_level") or "")
        scheme_id, _sep, level = scheme_level.partition("|")
        if scheme_id not in scheme_ids():
            raise RequestError(_("请选择评价方案和申报类型"))
        scheme = load_scheme(scheme_id)
        data: dict[str, Any] = {}
        ups = uploads(form, "datafile")
        if ups:
            raw = await ups[0].read()
            if len(raw) > W.settings.max_upload_mb * 1048576:
                raise RequestError(_("数据文件过大：超过上限 {limit} MB").format(limit=W.settings.max_upload_mb), 413)
            data = await run_in_threadpool(_load_data_text, ups[0].filename or "data.yaml", raw)
        data.setdefault("application", {})
        data["application"] = {**(data.get("application") or {}), "scheme": scheme.id, "level": resolve_level(scheme, level or None)}
        data.setdefault("schema_version", 1)
        title = str(form.get("title") or "").strip() or str((data.get("enterprise") or {}).get("name") or "") or "未命名申报"
    except LingtanError as exc:
        raise RequestError(str(exc)) from exc
    with W.sessions() as s:
        app = Application(scheme=scheme.id, level=data["application"]["level"], title=title[:500],
                          data_yaml=yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        s.add(app)
        s.commit()
        return RedirectResponse(f"/enterprise/{app.id}", status_code=303)


def _assessment(scheme_id: str, level: str | None, data: dict[str, Any]) -> tuple[Assessment | None, list[str]]:
    """The engine's assessment of the data, or the problems that stop it (Chinese, by field title)."""
    try:
        factory = Factory.model_validate(data)
    except ValidationError as exc:
        return None, form_fields.validation_lines(exc, data)
    from lingtan.dataentry import claim_value_problems

    wrong = claim_value_problems(factory)  # a degree typed as 80, a number as 全部: refused as validate refuses them
    if wrong:
        return None, [f"{w.label}：{w.problem}" for w in wrong]
    try:
        scheme = load_scheme(scheme_id)
        return assess(factory, scheme, level=resolve_level(scheme, level)), []  # at the data's 申报日期 (engine.dates)
    except LingtanError as exc:
        return None, [str(exc)]


def _app(s: Any, app_id: Any) -> Application:
    app = s.get(Application, _int(app_id))
    if app is None:
        raise RequestError(_("找不到该申报"), 404)
    return app


def _data(app: Application) -> dict[str, Any]:
    data = parse_yaml(app.data_yaml or "") or {}
    return data if isinstance(data, dict) else {}


async def enterprise_page(request: Request) -> Response:
    with W.sessions() as s:
        app = _app(s, request.path_params["id"])
        data = _data(app)
        scheme = load_scheme(app.scheme)
        groups = form_fields.form_groups(scheme, data, app.level)
        a, problems = await run_in_threadpool(_assessment, app.scheme, app.level, data)
        saved = request.query_params.get("saved") == "1"
        return W.page(request, "enterprise_form.html", app=app, scheme=scheme, groups=groups, a=a, problems=problems, saved=saved)


async def _posted_data(request: Request, app: Application) -> tuple[dict[str, Any], list[str]]:
    form = await read_form(request, max_files=0)
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    return form_fields.form_to_data(pairs, app.scheme, app.level)


async def enterprise_assess(request: Request) -> Response:
    with W.sessions() as s:
        app = _app(s, request.path_params["id"])
    data, problems = await _posted_data(request, app)
    a, more = await run_in_threadpool(_assessment, app.scheme, app.level, data)
    return W.page(request, "_assessment.html", a=a, problems=problems + more)


async def enterprise_save(request: Request) -> Response:
    with W.sessions() as s:
        app = _app(s, request.path_params["id"])
    data, _problems = await _posted_data(request, app)
    with W.sessions() as s:
        app = _app(s, app.id)
        with contextlib.suppress(ValidationError):  # valid data are kept in their model's types (numbers as numbers)
            data = Factory.model_validate(data).model_dump(mode="json", exclude_defaults=True)
            data = {"schema_version": 1, **data}
        app.data_yaml = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
        name = (data.get("enterprise") or {}).get("name")
        if name:
            app.title = str(name)[:500]
            uscc = (data.get("enterprise") or {}).get("uscc")
            ent = s.scalars(select(Enterprise).where(Enterprise.uscc == uscc)).first() if uscc else None
            if ent is None:
                ent = Enterprise(name=str(name), uscc=str(uscc) if uscc else None)
                s.add(ent)
                s.flush()
            app.enterprise_id = ent.id
        app.updated = now()
        s.commit()
        return RedirectResponse(f"/enterprise/{app.id}?saved=1", status_code=303)


def _download(data: bytes, filename: str, media: str) -> Response:
    return Response(data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


async def enterprise_data(request: Request) -> Response:
    with W.sessions() as s:
        app = _app(s, request.path_params["id"])
        return _download(app.data_yaml.encode("utf-8"), f"{safe_name(app.title)}.yaml", "application/x-yaml")


def _package(app_title: str, scheme_id: str, level: str | None, data: dict[str, Any], pdf: bool) -> bytes:
    from lingtan.generator import generate_package

    factory = Factory.model_validate(data)
    scheme = load_scheme(scheme_id)
    with tempfile.TemporaryDirectory(prefix="lingtan-web-") as tmp:
        r = generate_package(factory, scheme, resolve_level(scheme, level), None, Path(tmp), pdf=pdf)  # PDFs in the manifest
        folder = Path(r.folder)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(folder.rglob("*")):
                if f.is_file():
                    z.write(f, f"{folder.name}/{f.relative_to(folder)}")
        return buf.getvalue()


async def enterprise_package(request: Request) -> Response:
    from lingtan.generator import find_soffice

    with W.sessions() as s:
        app = _app(s, request.path_params["id"])
    data = _data(app)
    a, problems = await run_in_threadpool(_assessment, app.scheme, app.level, data)
    if a is None:
        raise RequestError(_("数据尚不完整，无法生成申报材料：\n{problems}").format(problems="\n".join(problems)))
    pdf = request.query_params.get("pdf") == "1" and find_soffice() is not None
    try:
        blob = await run_in_threadpool(_package, app.title, app.scheme, app.level, data, pdf)
    except LingtanError as exc:
        raise RequestError(_("申报材料生成失败：{exc}").format(exc=exc)) from exc
    return _download(blob, f"{safe_name(app.title)}-申报材料.zip", "application/zip")


# -- reviewer side -----------------------------------------------------------------------------


def _latest(sub: Submission) -> Run | None:
    return sub.runs[-1] if sub.runs else None


async def review(request: Request, *, error: str | None = None, status: int = 200) -> Response:
    with W.sessions() as s:
        subs = s.scalars(select(Submission).where(Submission.batch_id.is_(None)).order_by(Submission.id.desc()).limit(200)).all()
        batches = s.scalars(select(Batch).order_by(Batch.id.desc())).all()
        return W.page(request, "review.html", status=status, subs=subs, latest=_latest, batches=batches, schemes=_schemes(), error=error,
                      today=dt.date.today().isoformat())


def _precheck(path: Path, names: dict[str, str]) -> tuple[int, list[str]]:
    """What the checker's ingest finds at once: the files to read, the unsafe or broken ones (SubmissionError when nothing can be checked)."""
    from lingtan.checker import open_submission

    def shown(text: str) -> str:
        for real, name in names.items():
            text = text.replace(real, name)
        return text

    try:
        with open_submission(path) as ing:
            notices = [shown(f"{p.display}：{ing.detail(p)}") for p in ing.problems]
            return len(ing.files), notices
    except SubmissionError as exc:
        raise RequestError(shown(str(exc))) from exc


async def _store_uploads(files: list[UploadFile]) -> list[dict[str, Any]]:
    limit = W.settings.max_upload_mb * 1048576
    stored: list[dict[str, Any]] = []
    total = 0
    for f in files:
        digest, size = await run_in_threadpool(W.blobs.put, f.file)
        total += size
        if total > limit:
            raise RequestError(_("上传的文件过大：合计超过上限 {limit} MB。请分批上传，或请管理员用 --max-upload-mb 调高上限。")
                .format(limit=W.settings.max_upload_mb), 413)
        stored.append({"name": safe_name(f.filename or ""), "sha256": digest, "size": size})
    for item, name in zip(stored, unique_names([str(x["name"]) for x in stored]), strict=True):
        item["name"] = name
    return stored


def _run_folder(run_id: int, stored: list[dict[str, Any]]) -> Path:
    folder = W.runs_dir / str(run_id)
    for item in stored:
        W.blobs.link(item["sha256"], folder / item["name"])
    if len(stored) == 1 and stored[0]["name"].lower().endswith(".zip"):
        return folder / stored[0]["name"]
    return folder


def _create_run(sub_id: int, stored: list[dict[str, Any]], as_of: str, ocr: bool, drop_submission: bool) -> int:
    """A queued run of stored uploads (linked into the run's folder, looked over by ingest); in a thread,
    in short transactions, so that no request holds the database while it waits."""
    with W.sessions() as s:
        run = Run(submission_id=sub_id, status="new", path="", files_json="[]", as_of=as_of, ocr=ocr)
        s.add(run)
        s.commit()
        rid = run.id
    path = _run_folder(rid, stored)
    try:
        total, notices = _precheck(path, {str(path): path.name, str(path.parent): "上传的文件"})
    except RequestError:
        shutil.rmtree(W.runs_dir / str(rid), ignore_errors=True)
        with W.sessions() as s:
            s.delete(s.get(Run, rid))
            if drop_submission:
                s.delete(s.get(Submission, sub_id))
            s.commit()
        raise
    with W.sessions() as s:
        run = s.get(Run, rid)
        run.path, run.total, run.status = str(path), total, "queued"
        run.files_json = json_text({"files": stored, "notices": notices})
        s.commit()
    return rid


def _create_submission(name: str, scheme: str) -> int:
    with W.sessions() as s:
        sub = Submission(name=name[:500], scheme=scheme)
        s.add(sub)
        s.commit()
        return sub.id


def _as_of(form: Any) -> str:
    text = str(form.get("as_of") or "").strip()
    if not text:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise RequestError(_("基准日格式应为 YYYY-MM-DD，实际为 {text}").format(text=text)) from None


def _scheme_of(form: Any) -> str:
    scheme = str(form.get("scheme") or "")
    if scheme not in scheme_ids():
        raise RequestError(_("请选择评价方案"))
    return scheme


async def review_upload(request: Request) -> Response:
    try:
        form = await read_form(request, max_files=W.settings.max_files)
        files = uploads(form, "files")
        if not files:
            raise RequestError(_("请选择要上传的申报材料（zip 压缩包或多个文件）"))
        scheme = _scheme_of(form)
        name = str(form.get("name") or "").strip()
        if not name:
            name = Path(safe_name(files[0].filename or "")).stem if len(files) == 1 else f"上传的材料（{len(files)} 个文件）"
        as_of, ocr = _as_of(form), W.settings.ocr and form.get("no_ocr") is None
        stored = await _store_uploads(files)
        sub_id = await run_in_threadpool(_create_submission, name, scheme)
        rid = await run_in_threadpool(_create_run, sub_id, stored, as_of, ocr, True)
    except RequestError as exc:
        return await review(request, error=exc.message, status=exc.status)
    W.runner.wake()
    return RedirectResponse(f"/runs/{rid}", status_code=303)


async def review_batch(request: Request) -> Response:
    from lingtan.checker import collect_submissions

    try:
        form = await read_form(request, max_files=0)
        scheme = _scheme_of(form)
        root = Path(str(form.get("root") or "").strip()).expanduser()
        if not str(root) or not root.is_absolute() or not root.is_dir():
            raise RequestError(_("服务器上找不到文件夹：{root}。请填写服务器上存放多份申报材料的文件夹的完整路径。").format(root=root))
        try:
            subs, _ignored = await run_in_threadpool(collect_submissions, root)
        except LingtanError as exc:
            raise RequestError(str(exc)) from exc
        if not subs:
            raise RequestError(_("文件夹 {root} 中没有申报材料（每份材料应为一个子文件夹或 .zip 文件）").format(root=root))
        as_of = _as_of(form)
        with W.sessions() as s:
            batch = Batch(name=str(form.get("name") or "").strip() or root.name, root=str(root), scheme=scheme)
            s.add(batch)
            s.flush()
            for sb in subs:
                sub = Submission(name=sb.name, scheme=scheme, batch_id=batch.id)
                s.add(sub)
                s.add(Run(submission=sub, path=sb.path, as_of=as_of, ocr=W.settings.ocr and form.get("no_ocr") is None, status="queued"))
            s.commit()
            bid = batch.id
    except RequestError as exc:
        return await review(request, error=exc.message, status=exc.status)
    W.runner.wake()
    return RedirectResponse(f"/batches/{bid}", status_code=303)


def _state(run: Run | None) -> str:
    if run is None or run.status in ("queued", "running", "new"):
        return "pending"
    if run.status == "failed":
        return "failed"
    if run.complete:
        return "complete"
    return "problems" if run.problems else "verify"


BATCH_FILTERS = {"": "全部", "complete": "齐全", "problems": "有问题", "verify": "需人工核对", "failed": "检查失败", "pending": "未完成"}


async def batch_page(request: Request) -> Response:
    with W.sessions() as s:
        batch = s.get(Batch, _int(request.path_params["id"]))
        if batch is None:
            raise RequestError(_("找不到该批次"), 404)
        subs = s.scalars(select(Submission).where(Submission.batch_id == batch.id).order_by(Submission.name)).all()
        rows = [(sub, _latest(sub), _state(_latest(sub))) for sub in subs]
        totals = {k: sum(1 for r in rows if r[2] == k) for k in BATCH_FILTERS if k}
        want = request.query_params.get("status", "")
        q = request.query_params.get("q", "").strip()
        shown = [r for r in rows if (not want or r[2] == want) and (not q or q in r[0].name or (r[0].enterprise and q in r[0].enterprise.name))]
        return W.page(request, "batch.html", batch=batch, rows=shown, total=len(rows), totals=totals, filters=BATCH_FILTERS, want=want, q=q)


def _run(s: Any, run_id: Any) -> Run:
    run = s.get(Run, _int(run_id))
    if run is None:
        raise RequestError(_("找不到该次检查"), 404)
    return run


def _changes(s: Any, run: Run) -> dict[str, list[Any]] | None:
    """What changed since the submission's last finished run: new, resolved and remaining findings."""
    prev = s.scalars(select(Run).where(Run.submission_id == run.submission_id, Run.id < run.id, Run.status == "done").order_by(Run.id.desc())).first()
    if prev is None or run.status != "done":
        return None
    before = {f.key: f for f in prev.findings}
    after = {f.key: f for f in run.findings}
    return {"prev": [prev], "new": [f for k, f in after.items() if k not in before], "resolved": [f for k, f in before.items() if k not in after],
            "remaining": [f for k, f in after.items() if k in before]}


async def run_page(request: Request) -> Response:
    with W.sessions() as s:
        run = _run(s, request.path_params["id"])
        info = json.loads(run.files_json or "{}") if run.files_json.startswith("{") else {"files": [], "notices": []}
        report = Report.from_json(run.report_json) if run.report_json else None
        others = s.scalars(select(Run).where(Run.submission_id == run.submission_id).order_by(Run.id)).all()
        queue_ahead = s.scalar(select(func.count()).select_from(Run).where(Run.status == "queued", Run.id < run.id)) if run.status == "queued" else 0
        return W.page(request, "run.html", run=run, sub=run.submission, report=report, info=info, changes=_changes(s, run), others=others,
                      queue_ahead=queue_ahead, today=dt.date.today().isoformat())


async def run_status(request: Request) -> Response:
    with W.sessions() as s:
        run = _run(s, request.path_params["id"])
        return JSONResponse({"status": run.status, "status_zh": RUN_STATUS_ZH.get(run.status, run.status), "progress": run.progress,
                             "total": run.total, "error": run.error})


async def decide(request: Request) -> Response:
    form = await read_form(request, max_files=0)
    action = str(form.get("action") or "")
    if action not in ACTION_ZH:
        raise RequestError(_("请选择“确认”或“驳回”"))
    with W.sessions() as s:
        f = s.get(Finding, _int(request.path_params["id"]))
        if f is None:
            raise RequestError(_("找不到该事项"), 404)
        s.add(Decision(finding_id=f.id, action=action, note=str(form.get("note") or "").strip()[:4000], reviewer=str(form.get("reviewer") or "").strip()[:200]))
        s.commit()
        return RedirectResponse(f"/runs/{f.run_id}#f{f.id}", status_code=303)


async def recheck(request: Request) -> Response:
    form = await read_form(request, max_files=W.settings.max_files)
    with W.sessions() as s:
        sub = s.get(Submission, _int(request.path_params["id"]))
        if sub is None:
            raise RequestError(_("找不到该材料"), 404)
        last = _latest(sub)
        sub_id = sub.id
    files = uploads(form, "files")
    try:
        as_of = _as_of(form)
        if files:
            stored = await _store_uploads(files)
            rid = await run_in_threadpool(_create_run, sub_id, stored, as_of, W.settings.ocr and form.get("no_ocr") is None, False)
        elif last is not None:
            with W.sessions() as s:
                run = Run(submission_id=sub_id, path=last.path, files_json=last.files_json, as_of=as_of, ocr=last.ocr, total=last.total, status="queued")
                s.add(run)
                s.commit()
                rid = run.id
        else:
            raise RequestError(_("请上传更正后的材料"))
    except RequestError as exc:
        return W.page(request, "error.html", status=exc.status, error=exc.message, back=f"/runs/{last.id}" if last else "/review")
    W.runner.wake()
    return RedirectResponse(f"/runs/{rid}", status_code=303)


async def export(request: Request) -> Response:
    kind = request.path_params["kind"]
    with W.sessions() as s:
        run = _run(s, request.path_params["id"])
        if not run.report_json:
            raise RequestError(_("这次检查还没有报告"), 404)
        findings = list(run.findings)
        name = safe_name(f"检查报告-{run.submission.name}-{run.id}")
        if kind == "xlsx":
            blob = await run_in_threadpool(export_xlsx, run.report_json, findings)
            return _download(blob, f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if kind == "html":
            text = await run_in_threadpool(export_html, run.report_json, findings)
            return _download(text.encode("utf-8"), f"{name}.html", "text/html; charset=utf-8")
    raise RequestError(_("找不到该页面"), 404)


async def page_image(request: Request) -> Response:
    from .thumbs import page_png

    with W.sessions() as s:
        run = _run(s, request.path_params["id"])
        f = s.get(Finding, _int(request.query_params.get("finding", "0") or 0)) if request.query_params.get("finding") else None
        evidence = f.evidence if f is not None and f.run_id == run.id else ""
        path = Path(run.path)
    display = request.query_params.get("file", "")
    page = _int(request.query_params.get("page", "1"))
    got = await run_in_threadpool(page_png, path, display, page, evidence)
    if got is None:
        raise RequestError(_("无法显示该页"), 404)
    return Response(got[0], media_type="image/png", headers={"X-Marks": str(got[1]), "Cache-Control": "private, max-age=3600"})


# -- the app -----------------------------------------------------------------------------------


async def on_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    return W.page(request, "error.html", status=exc.status, error=exc.message, back=request.headers.get("referer") or "/")


def create_app(settings: Settings, *, start_runner: bool = True) -> Starlette:
    """The application on ``settings`` (its database migrated; the runner started with the app)."""
    global W
    W = Web(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_runner:
            W.runner.start()
        try:
            yield
        finally:
            W.runner.stop()

    routes = [
        Route("/", home),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/enterprise", enterprise_list),
        Route("/enterprise/new", enterprise_new, methods=["POST"]),
        Route("/enterprise/{id}", enterprise_page),
        Route("/enterprise/{id}/assess", enterprise_assess, methods=["POST"]),
        Route("/enterprise/{id}/save", enterprise_save, methods=["POST"]),
        Route("/enterprise/{id}/data.yaml", enterprise_data),
        Route("/enterprise/{id}/package.zip", enterprise_package),
        Route("/review", review),
        Route("/review/upload", review_upload, methods=["POST"]),
        Route("/review/batch", review_batch, methods=["POST"]),
        Route("/batches/{id}", batch_page),
        Route("/runs/{id}", run_page),
        Route("/runs/{id}/status", run_status),
        Route("/runs/{id}/page.png", page_image),
        Route("/runs/{id}/report.{kind}", export),
        Route("/findings/{id}/decide", decide, methods=["POST"]),
        Route("/submissions/{id}/recheck", recheck, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={RequestError: on_error})
    app.add_middleware(Guard, settings=settings)
    return app
