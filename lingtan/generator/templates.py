"""Where the form templates live: each scheme's folder (``schemes/<id>/templates/``), and
``templates/_common/`` for the scheme-independent forms."""

from __future__ import annotations

from pathlib import Path

from lingtan.common.errors import TemplateMissingError
from lingtan.common.i18n import _
from lingtan.common.paths import scheme_dirs, scheme_file, templates_root

COMMON = "_common"


def template_path(scheme_id: str, form_id: str) -> Path:
    """The .docx template of one form, or a clear error naming what is missing."""
    folder = templates_root() / COMMON if scheme_id == COMMON else scheme_file(scheme_id, "templates")
    p = folder / f"{form_id}.docx"
    if not p.is_file():
        raise TemplateMissingError(
            _("方案 {scheme_id} 的表单 {form_id} 缺少模板文件：{path}。"
              "请编写模板源文件 {source} 并运行 python -m lingtan.generator.template_builder 生成。")
                .format(scheme_id=scheme_id, form_id=form_id, path=p, source=p.with_suffix(".yaml"))
        )
    return p


def common_template(name: str) -> Path:
    """A scheme-independent template (e.g. the 证明材料索引) under ``templates/_common``."""
    return template_path(COMMON, name)


def template_sources() -> list[Path]:
    """Every form source (``.yaml``): the common forms, then each scheme's (bundled and extra)."""
    out = sorted((templates_root() / COMMON).glob("*.yaml"))
    for folder in scheme_dirs().values():
        out += sorted((folder / "templates").glob("*.yaml"))
    return out
