"""The CLI's message table: every sentence the command line shows goes through ``msg``.

Modules register their English sentences once at import (``register``); a
translation catalogue per language lives in
``resources/translations/cli_<lang>.json`` (key -> sentence). Missing keys fall
back to English, so a sentence is never lost, and a test lists untranslated keys.
"""

from __future__ import annotations

import contextlib
import json
import locale
import os
import sys
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
            return normalise(value.split(":")[0])
    if sys.platform == "win32":
        with contextlib.suppress(Exception):  # the Windows display language, e.g. 0x0804
            import ctypes

            code = ctypes.windll.kernel32.GetUserDefaultUILanguage()
            return normalise(locale.windows_locale.get(code, "en"))
    lang, _ = locale.getlocale()
    return normalise(lang or "en")


def normalise(language: str) -> str:
    """``zh-CN``, ``zh_Hans_CN``, ``zh_CN.UTF-8``, ``Chinese (Simplified)_China`` -> ``zh_CN``."""
    value = language.split(".")[0].split("@")[0].replace("-", "_").strip()
    lowered = value.lower()
    if lowered.startswith("chinese (simplified)") or lowered.startswith("chinese_china"):
        return "zh_CN"
    parts = [p for p in value.split("_") if p]
    if not parts or lowered in ("c", "posix") or lowered.startswith("english"):
        return "en"
    rest = {p.lower() for p in parts[1:]}
    if parts[0].lower() == "zh" and (not rest or rest & {"cn", "sg", "hans", "my"}):
        return "zh_CN"  # Simplified Chinese; zh_TW / zh_HK are not mapped to it
    return "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def language() -> str:
    """The language ``msg`` uses now (``en`` when no catalogue matched)."""
    return _language


def set_language(language: str | None) -> str:
    """Use ``language`` (or the system's) for ``msg``; returns the language in effect."""
    global _language, _catalogue
    wanted = normalise(language) if language else system_language()
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


def registered(key: str) -> bool:
    """Whether ``key`` has an English sentence."""
    return key in _ENGLISH


def msg(key: str, /, **params: object) -> str:
    """The sentence for ``key`` in the current language, formatted with ``params``."""
    text = _catalogue.get(key) or _ENGLISH.get(key)
    if text is None:
        raise KeyError(f"unregistered message key {key!r}")
    return text.format(**params) if params else text
