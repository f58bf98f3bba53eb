"""One language at a time: Chinese by default, English with ``--lang en`` or ``LINGTAN_LANG=en``.

Messages are written in Chinese in the code and looked up, for English, in the gettext catalog
of the ``lingtan`` domain (``common/locale/en/LC_MESSAGES/lingtan.mo``, compiled from
``lingtan.po`` by ``tools/compile_catalogs.py``; a test keeps the two equal). argparse's own
texts (usage, errors, ``-h`` help) come from its gettext lookups, answered from the catalog of
the ``argparse`` domain (``common/locale/zh_CN/LC_MESSAGES/argparse.mo``) while the command line
is parsed (:func:`argparse_language`).

The language lives in the environment variable ``LINGTAN_LANG`` so that the processes a batch
spawns speak it too; ``--lang`` sets it for the run.
"""

from __future__ import annotations

import argparse
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

ENV = "LINGTAN_LANG"
LANGUAGES = ("zh", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "lingtan"


def normalise(value: str | None) -> str:
    """``en``, ``en_US.UTF-8``, ``English`` → ``en``; anything else (or nothing) → ``zh``."""
    return "en" if (value or "").strip().lower().startswith("en") else "zh"


def language() -> str:
    """The language of this run: ``zh`` (default) or ``en``."""
    return normalise(os.environ.get(ENV))


def set_language(lang: str) -> None:
    """Speak ``lang`` from now on, in this process and the processes it starts."""
    os.environ[ENV] = normalise(lang)


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Speak ``lang`` (when given) until the block ends, then the language before it."""
    saved = os.environ.get(ENV)
    if lang:
        set_language(lang)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved


@cache
def _catalog(domain: str, lang: str) -> gettext.NullTranslations:
    return gettext.translation(domain, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (Chinese) in the language of this run."""
    lang = language()
    return message if lang == "zh" else _catalog(DOMAIN, lang).gettext(message)


def pick(zh: str, en: str, lang: str | None = None) -> str:
    """The Chinese or the English text of a label that carries both (registry labels)."""
    return en if (lang or language()) == "en" else zh


@contextmanager
def argparse_language(lang: str | None = None) -> Iterator[None]:
    """While the command line is built and parsed, argparse's gettext lookups answer in ``lang``.

    argparse asks ``gettext`` for each of its texts through its module's ``_``/``ngettext``;
    for Chinese they are answered from the ``argparse`` domain's zh_CN catalog, for English by
    argparse's own (English) texts. The lookups are restored afterwards.
    """
    lang = lang or language()
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    if lang == "zh":
        cat = _catalog("argparse", "zh_CN")
        argparse._, argparse.ngettext = cat.gettext, cat.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
