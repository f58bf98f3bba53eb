"""Where the form templates live: the wheel's data folder, or the source tree."""

from __future__ import annotations

from pathlib import Path

from assessment.errors import SchemeDefinitionError

_HERE = Path(__file__).resolve().parent


def templates_root() -> Path:
    """``lingtan/_data/templates`` in an installed wheel, else ``templates/`` of the source tree."""
    import lingtan

    installed = Path(lingtan.__file__).resolve().parent / "_data" / "templates"
    if installed.is_dir():
        return installed
    return _HERE.parent / "templates"


class TemplateMissingError(SchemeDefinitionError):
    """A scheme lists a form whose template file does not exist."""


def template_path(scheme_id: str, form_id: str) -> Path:
    """The .docx template of one form, or a clear error naming what is missing."""
    p = templates_root() / scheme_id / f"{form_id}.docx"
    if not p.is_file():
        raise TemplateMissingError(
            f"方案 {scheme_id} 的表单 {form_id} 缺少模板文件：{p}。"
            f"请在 templates/{scheme_id}/{form_id}.yaml 编写模板源文件并运行 python -m generator.template_builder 生成。"
        )
    return p


def common_template(name: str) -> Path:
    """A scheme-independent template (e.g. the 证明材料索引) under ``templates/_common``."""
    return template_path("_common", name)
