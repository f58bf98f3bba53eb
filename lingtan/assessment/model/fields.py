"""Validated scalar field types of the factory data model.

Every validator raises ``ValueError`` with a Chinese message that states the
rule; :mod:`lingtan.assessment.model.loading` adds the field path and the value.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from lingtan.common.i18n import _

# GB 32100-2015: 18 characters; the alphabet leaves out I, O, Z, S, V.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _coerce_str(value: Any) -> Any:
    """Accept an int where a code is expected (YAML reads 9132… as a number)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


def check_uscc(value: str) -> str:
    """Validate a 统一社会信用代码 by length, alphabet and check character."""
    code = value.strip().upper().replace(" ", "")
    try:
        _uscc.validate(code)
    except InvalidLength:
        raise ValueError(_("统一社会信用代码应为 18 位，实际 {count} 位").format(count=len(code))) from None
    except InvalidFormat:
        bad = [c for c in code[8:] if c not in _USCC_ALPHABET]
        hint = _("（含非法字符 {bad}；代码不使用 I、O、Z、S、V）").format(bad=''.join(bad)) if bad else _("（前 8 位应为数字）")
        raise ValueError(_("统一社会信用代码格式错误{hint}").format(hint=hint)) from None
    except InvalidChecksum:
        expected = _uscc.calc_check_digit(code[:17])
        raise ValueError(
            _("统一社会信用代码校验位错误：按 GB 32100-2015 计算，第 18 位应为 {expected}，实际为 {actual}").format(expected=expected, actual=code[17])
        ) from None
    return code


def check_industry_code(value: str) -> str:
    """Validate a GB/T 4754-2017 小类 code: four digits, optionally after the 门类 letter."""
    code = value.strip().upper()
    m = re.fullmatch(r"([A-T])?(\d{4})", code)
    if not m:
        raise ValueError(_("所属行业代码应为 GB/T 4754-2017 的 4 位小类代码，如 3484 或 C3484（YAML 中请加引号，如 '0610'）"))
    digits = m.group(2)
    if not 1 <= int(digits[:2]) <= 97:
        raise ValueError(_("所属行业代码的大类 {digits} 不在 GB/T 4754-2017 的 01–97 范围内").format(digits=digits[:2]))
    return digits


def check_phone(value: str) -> str:
    """Accept mobile and fixed-line numbers with common separators."""
    v = value.strip()
    if not re.fullmatch(r"[+0-9][0-9\- ()（）转]{5,24}", v):
        raise ValueError(_("电话号码格式不正确（允许数字、空格、连字符、括号和“转”）"))
    return v


def check_email(value: str) -> str:
    """A light e-mail shape check (no network look-up)."""
    v = value.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
        raise ValueError(_("电子邮箱格式不正确"))
    return v


#: the largest integer a field of the data model holds (exclusive): no count or figure comes near it
MAX_INT = 10**15


def check_int_range(value: Any) -> Any:
    """``value`` unchanged, unless it is an integer of ±10^15 or more (ValueError)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_INT:
        raise ValueError(_("整数超出范围：应在 ±10^15 以内（不含）"))
    return value


#: GB/T 4754-2017: 门类 C 制造业 is 大类 13–43
MANUFACTURING_DIVISIONS = range(13, 44)


def is_manufacturing(industry_code: str) -> bool:
    """Whether a checked 4-digit GB/T 4754-2017 code is in 门类 C 制造业 (大类 13–43)."""
    return int(industry_code[:2]) in MANUFACTURING_DIVISIONS


def Declared(title: str) -> Any:
    """A declaration of the applicant: true, false, or unknown (None, shown as 未填写) until it is filled in."""
    return Field(None, title=title, json_schema_extra={"declaration": True})


def is_declaration(model: type, name: str) -> bool:
    """Whether field ``name`` of pydantic ``model`` is a :func:`Declared` declaration."""
    info = getattr(model, "model_fields", {}).get(name)
    extra = info.json_schema_extra if info is not None else None
    return isinstance(extra, dict) and extra.get("declaration") is True


def _strip_nonempty(value: str) -> str:
    v = value.strip()
    if not v:
        raise ValueError(_("不能为空"))
    return v


USCC = Annotated[str, BeforeValidator(_coerce_str), AfterValidator(check_uscc)]
IndustryCode = Annotated[str, BeforeValidator(_coerce_str), AfterValidator(check_industry_code)]
Phone = Annotated[str, BeforeValidator(_coerce_str), AfterValidator(check_phone)]
Email = Annotated[str, AfterValidator(check_email)]
Text = Annotated[str, BeforeValidator(_coerce_str), AfterValidator(_strip_nonempty)]
NonNegative = Annotated[float, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]
Year = Annotated[int, Field(ge=1990, le=2100)]
