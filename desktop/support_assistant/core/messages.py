"""The CLI's message table: every sentence the command line shows goes through ``msg``.

Modules register their English sentences once at import (``register``); a
translation catalogue per language lives in
``resources/translations/cli_<lang>.json`` (key -> sentence). Missing keys fall
back to English, so a sentence is never lost, and a test lists untranslated keys.
"""

from __future__ import annotations

import json
import locale
import os
from pathlib import Path

from .paths import resources_dir

_ENGLISH: dict[str, str] = {}
_catalogue: dict[str, str] = {}
_language = "en"


def register(messages: dict[str, str]) -> None:
    """Declare English sentences (``str.format`` placeholders) under unique keys."""
    for key, text in messages.items():
        if key in _ENGLISH and _ENGLISH[key] != text:
            raise ValueError(f"message key {key!r} registered twice with different text")
        _ENGLISH[key] = text


def english() -> dict[str, str]:
    """All registered English sentences (a copy)."""
    return dict(_ENGLISH)


def system_language() -> str:
    """The user's language as ``en`` or ``zh_CN`` style, from the environment."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return value.split(".")[0].split(":")[0] or "en"
    lang, _ = locale.getlocale()
    return lang or "en"


def set_language(language: str | None) -> str:
    """Use ``language`` (or the system's) for ``msg``; returns the language in effect."""
    global _language, _catalogue
    wanted = language or system_language()
    _catalogue = {}
    _language = "en"
    for candidate in (wanted, wanted.split("_")[0]):
        path = catalogue_path(candidate)
        if path.is_file():
            _catalogue = json.loads(path.read_text(encoding="utf-8"))
            _language = candidate
            break
    return _language


def catalogue_path(language: str) -> Path:
    """Where the CLI catalogue for ``language`` lives."""
    return resources_dir() / "translations" / f"cli_{language}.json"


def msg(key: str, /, **params: object) -> str:
    """The sentence for ``key`` in the current language, formatted with ``params``."""
    text = _catalogue.get(key) or _ENGLISH.get(key)
    if text is None:
        raise KeyError(f"unregistered message key {key!r}")
    return text.format(**params) if params else text
