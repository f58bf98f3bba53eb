"""The message catalogs: extract the Chinese messages from the code, compile the catalogs.

    .venv/bin/python tools/i18n.py extract   # lingtan/common/locale/en/LC_MESSAGES/lingtan.po gains new messages (msgstr empty)
    .venv/bin/python tools/i18n.py compile   # every .po under lingtan/common/locale → its .mo (shipped in the wheel)

Messages are the Chinese strings passed to ``_()`` (``lingtan.common.i18n``); the English catalog
translates them. ``argparse.po`` (zh_CN) translates argparse's own English texts into Chinese.
tests/test_language.py fails when a message has no translation or a .mo differs from its .po.
Uses Babel (a test dependency); the installed lingtan reads the .mo files with the standard
library's gettext.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "lingtan" / "common" / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "lingtan.po"


def messages() -> dict[str, list[str]]:
    """Every message passed to ``_()`` in the code → where it is used (file:line)."""
    found: dict[str, list[str]] = {}
    for folder in ("lingtan",):
        for name, line, msg, _comments, _ctx in extract_from_dir(ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None}):
            if isinstance(msg, str) and msg:
                found.setdefault(msg, []).append(f"{folder}/{name}:{line}")
    return found


def dynamic_messages() -> list[str]:
    """Messages looked up with ``_(variable)``: the command line's help texts and the engine's labels."""
    sys.path.insert(0, str(ROOT))
    from lingtan.assessment.engine.result import METHOD_ZH, REQUIREMENT_ZH, STATUS_ZH, VERDICT_ZH
    from lingtan.checker.batch.summary import DETAIL_HEAD, SUMMARY_HEAD, SUMMARY_TAIL
    from lingtan.checker.ingest import _ZIP_REASONS
    from lingtan.checker.model import UNREADABLE_REASONS
    from lingtan.cli import build_parser, parser_texts
    from lingtan.common.dataload import _RULE_OTHER, _RULES, _YAML_OTHER, _YAML_PROBLEMS
    from lingtan.common.errors import _OS_REASONS
    from lingtan.common.i18n import speaking
    from lingtan.report import GROUP_ZH

    with speaking("zh"):
        texts = [text for _obj, _attr, text in parser_texts(build_parser())]
    labels = (STATUS_ZH, METHOD_ZH, REQUIREMENT_ZH, VERDICT_ZH, GROUP_ZH, UNREADABLE_REASONS, _OS_REASONS)
    return [*texts, *(v for table in labels for v in table.values()), *SUMMARY_HEAD, *SUMMARY_TAIL, *DETAIL_HEAD,
            *_RULES.values(), _RULE_OTHER, *_YAML_PROBLEMS.values(), _YAML_OTHER,
            *(zh for _en, zh in _ZIP_REASONS)]


def read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def extract() -> list[str]:
    """Add the code's new messages to the English catalog; returns those lacking a translation."""
    cat = read(EN_PO) if EN_PO.exists() else Catalog(locale="en", domain="lingtan", project="lingtan")
    cat.fuzzy = False
    used = messages()
    for msg in dynamic_messages():
        used.setdefault(msg, [])
    for msg in used:
        if msg not in cat:
            cat.add(msg, "")
    for m in list(cat):
        if m.id and m.id not in used:
            cat.obsolete[m.id] = m
            del cat[m.id]
    EN_PO.parent.mkdir(parents=True, exist_ok=True)
    with EN_PO.open("wb") as fh:
        write_po(fh, cat, width=0, omit_header=False, sort_output=True, include_previous=False, no_location=True)
    return [m.id for m in cat if m.id and not m.string]


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file."""
    buf = io.BytesIO()
    write_mo(buf, read(po))
    return buf.getvalue()


def compile_all() -> list[Path]:
    out = []
    for po in sorted(LOCALE.rglob("*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compiled(po))
        out.append(mo)
    return out


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "extract":
        missing = extract()
        print(f"{EN_PO.relative_to(ROOT)}: {len(missing)} messages without a translation")
        for m in missing:
            print("  " + m.replace("\n", "\\n"))
    elif what == "compile":
        for mo in compile_all():
            print(mo.relative_to(ROOT))
    else:
        sys.exit(__doc__)
