"""Where the form templates live: the wheel's data folder, or the source tree."""

from __future__ import annotations

from pathlib import Path

from lingtan.common.errors import TemplateMissingError
from lingtan.common.i18n import _
from lingtan.common.paths import find_data, templates_root


def template_path(scheme_id: str, form_id: str) -> Path:
    """The .docx template of one form, or a clear error naming what is missing."""
    p = find_data("templates", f"{scheme_id}/{form_id}.docx", templates_root())
    if not p.is_file():
        raise TemplateMissingError(
            _("方案 {scheme_id} 的表单 {form_id} 缺少模板文件：{path}。"
              "请在 templates/{scheme_id}/{form_id}.yaml 编写模板源文件并运行 python -m lingtan.generator.template_builder 生成。")
                .format(scheme_id=scheme_id, form_id=form_id, path=p)
        )
    return p


def common_template(name: str) -> Path:
    """A scheme-independent template (e.g. the 证明材料索引) under ``templates/_common``."""
    return template_path("_common", name)
