"""Layered configuration: built-in defaults < IT policy (with locks) < user settings.

Every key is declared once in :data:`SETTINGS` (type, default, help). The IT
policy is a TOML file at a system path (or ``$SUPPORT_ASSISTANT_POLICY``); any
key it sets can be locked in its ``[lock]`` table (``keys = [...]`` or
``all = true``), and user settings (``settings.toml`` in the user's config
folder) cannot override a locked key. A malformed policy fails closed:
:attr:`Config.problem` names the file, line and key, and sending is refused
until it is fixed.

Example policy::

    [intake]
    endpoint = "https://support.example.com/files/"
    organisation = "ACME-001"

    [screenshots]
    automatic = false

    [lock]
    keys = ["intake.endpoint", "screenshots.automatic"]
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import InputError, PolicyError
from .messages import msg, register
from .paths import atomic_write, config_dir

register({
    "policy.syntax": "The policy file {path} is not valid TOML at line {line}: {reason}.",
    "policy.unknown_key": "The policy file {path} sets an unknown key '{key}' at line {line}.",
    "policy.bad_type": "The policy file {path} sets '{key}' at line {line} to {value!r}, but it must be {expected}.",
    "policy.bad_lock": "The policy file {path} locks an unknown key '{key}' at line {line}.",
    "policy.unreadable": "The policy file {path} cannot be read: {reason}.",
    "policy.locked": "The setting '{key}' is locked by your IT department's policy ({path}).",
    "policy.send_refused": "Sending is disabled until the policy problem is fixed: {problem}",
    "policy.bad_value": "The policy file {path} sets '{key}' at line {line} to {value!r}, but {reason}.",
    "policy.reason_url": "it must be an http:// or https:// URL",
    "policy.reason_recipient": "it must be an age public key (age1...)",
    "policy.reason_proxy": "it must be '', 'direct', a proxy URL or 'pac:URL'",
    "policy.reason_language": "it must be '' (the system language) or one of: {languages}",
    "policy.reason_collector": "'{name}' is not a collector (known: {known})",
    "policy.reason_version": "it must not be empty",
    "policy.missing": "The policy file {path} does not exist.",
    "policy.user_bad_type": "'{key}' cannot be set to {value!r}: it must be {expected}.",
    "policy.user_bad_value": "'{key}' cannot be set to {value!r}: {reason}.",
})

DEFAULT_ENDPOINT = "http://127.0.0.1:8765/files/"
DEFAULT_PRIVACY_TEXT = (
    "Support Assistant sends only the items you approve. You see exactly what is sent, "
    "you can black out anything, and you can ask for what you sent to be deleted."
)


@dataclass(frozen=True)
class Setting:
    """One configuration key: its type, default and a line of help."""

    key: str
    type: type | str
    default: Any
    help: str
    valid: Callable[[Any], str | None] | None = None  # returns why a well-typed value is wrong

    def check(self, value: Any) -> bool:
        if self.type == "list[str]":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        if self.type == "dict[str,list[str]]":
            return isinstance(value, dict) and all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(s, str) for s in v)
                for k, v in value.items())
        if self.type is int:
            return isinstance(value, int) and not isinstance(value, bool) and value >= 0
        assert isinstance(self.type, type)
        return isinstance(value, self.type)

    @property
    def type_name(self) -> str:
        names = {bool: "true or false", int: "a whole number (0 or more)", str: "a string",
                 "list[str]": "a list of strings",
                 "dict[str,list[str]]": "a table of lists of strings"}
        return names[self.type]


LANGUAGES = ("en", "zh_CN")


def _url(value: str) -> str | None:
    parts = urlsplit(value)
    return None if parts.scheme in ("http", "https") and parts.netloc else msg("policy.reason_url")


def _optional_url(value: str) -> str | None:
    return _url(value) if value else None


def _proxy(value: str) -> str | None:
    if value in ("", "direct"):
        return None
    if value.startswith("pac:"):  # 'pac:auto', a PAC URL or a PAC file path
        return None if value[4:].strip() else msg("policy.reason_proxy")
    parts = urlsplit(value)
    ok = parts.netloc and parts.scheme in ("http", "https", "socks5", "socks5h")
    return None if ok else msg("policy.reason_proxy")


def _recipient(value: str) -> str | None:
    if not value:
        return None
    import pyrage  # the age library itself decides what a valid recipient is
    try:
        pyrage.x25519.Recipient.from_str(value)
    except Exception:  # noqa: BLE001 - pyrage raises its own RecipientError
        return msg("policy.reason_recipient")
    return None


def _language(value: str) -> str | None:
    return None if value in ("", *LANGUAGES) else \
        msg("policy.reason_language", languages=", ".join(LANGUAGES))


def _collectors(value: list[str]) -> str | None:
    from .collectors import registry  # imported late: collectors import this module
    known = registry()
    for name in value:
        if name not in known:
            return msg("policy.reason_collector", name=name, known=", ".join(sorted(known)))
    return None


def _not_empty(value: str) -> str | None:
    return None if value.strip() else msg("policy.reason_version")


SETTINGS: dict[str, Setting] = {s.key: s for s in [
    Setting("intake.endpoint", str, DEFAULT_ENDPOINT, "tus upload URL of the support intake",
            _url),
    Setting("intake.organisation", str, "", "the customer's organisation / customer ID"),
    Setting("intake.support_name", str, "the vendor's support team", "who receives reports"),
    Setting("intake.ca_bundle", str, "", "extra CA bundle (PEM) trusted for the intake"),
    Setting("intake.proxy", str, "", "'' = system/environment, 'direct', a proxy URL, or 'pac:URL'",
            _proxy),
    Setting("intake.chunk_bytes", int, 0, "bytes per tus PATCH; 0 streams the rest of the file"),
    Setting("encryption.recipient", str, "", "vendor's age public key (age1...)", _recipient),
    Setting("encryption.required", bool, False, "refuse to send unencrypted bundles"),
    Setting("collectors.enabled", "list[str]", ["environment", "logs", "screenshot", "error"],
            "collectors that may run", _collectors),
    Setting("screenshots.allowed", bool, True, "screenshots may be taken at all"),
    Setting("screenshots.automatic", bool, True, "a screenshot is taken when an error is reported"),
    Setting("logs.paths", "dict[str,list[str]]", {}, "log files or globs per product name"),
    Setting("logs.max_bytes_per_file", int, 10 << 20, "tail cap per log file"),
    Setting("limits.max_bundle_bytes", int, 1 << 30, "largest bundle that may be built"),
    Setting("limits.max_attachment_bytes", int, 256 << 20, "largest file the user may attach"),
    Setting("retention.days", int, 30, "days local copies of sent reports are kept"),
    Setting("branding.name", str, "Support Assistant", "product name shown to users"),
    Setting("branding.logo", str, "", "path of a logo image"),
    Setting("branding.privacy_text", str, DEFAULT_PRIVACY_TEXT, "privacy notice shown on first run"),
    Setting("branding.privacy_version", str, "1", "bump to show the notice again", _not_empty),
    Setting("ui.language", str, "", "'' = system language, or 'en' / 'zh_CN'", _language),
    Setting("scan.ocr", bool, True, "suggest redactions in screenshots when OCR is installed"),
]}


def system_policy_path() -> Path:
    """The IT policy file for this platform (``$SUPPORT_ASSISTANT_POLICY`` overrides)."""
    override = os.environ.get("SUPPORT_ASSISTANT_POLICY")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(base) / "SupportAssistant" / "policy.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/SupportAssistant/policy.toml")
    return Path("/etc/support-assistant/policy.toml")


def user_settings_path() -> Path:
    return config_dir() / "settings.toml"


@dataclass
class Config:
    """The effective configuration, where each value came from, and what is locked."""

    values: dict[str, Any]
    sources: dict[str, str]
    locked: set[str] = field(default_factory=set)
    policy_path: Path | None = None
    problem: str | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def is_locked(self, key: str) -> bool:
        return key in self.locked

    def require_sendable(self) -> None:
        """Fail closed: raise PolicyError when the policy could not be read."""
        if self.problem:
            raise PolicyError(msg("policy.send_refused", problem=self.problem))


def load(policy_path: Path | None = None, user_path: Path | None = None) -> Config:
    """Read defaults, the IT policy and the user's settings into one Config.

    A broken policy does not raise: the app must still open and show the problem,
    so it is recorded in ``Config.problem`` and sending is refused.
    """
    policy_path = policy_path or system_policy_path()
    user_path = user_path or user_settings_path()
    values = {k: s.default for k, s in SETTINGS.items()}
    sources = dict.fromkeys(SETTINGS, "default")
    config = Config(values, sources, policy_path=policy_path)
    if policy_path.exists():
        try:
            policy, locks = parse_file(policy_path, allow_locks=True)
        except PolicyError as exc:
            config.problem = str(exc)
        else:
            values.update(policy)
            sources.update(dict.fromkeys(policy, f"policy {policy_path}"))
            config.locked = locks
    if user_path.exists():
        try:
            user, _ = parse_file(user_path, allow_locks=False)
        except PolicyError as exc:
            config.problem = config.problem or str(exc)
        else:
            for key, value in user.items():
                if key not in config.locked:
                    values[key] = value
                    sources[key] = f"user {user_path}"
    return config


def parse_file(path: Path, *, allow_locks: bool) -> tuple[dict[str, Any], set[str]]:
    """Validate one TOML file; returns (values, locked keys) or raises PolicyError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyError(msg("policy.unreadable", path=path, reason=exc.strerror)) from exc
    text = raw.decode("utf-8", errors="replace")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        reason = getattr(exc, "msg", str(exc))
        raise PolicyError(msg("policy.syntax", path=path, line=line, reason=reason),
                          detail={"path": str(path), "line": line}) from exc
    lock_table = document.pop("lock", {}) if allow_locks else {}
    values: dict[str, Any] = {}
    for key, value in _flatten(document):
        line = _line_of(text, key)
        setting = _known_and_typed(path, line, key, value, SETTINGS.get(key))
        reason = setting.valid(value) if setting.valid else None
        if reason:
            raise PolicyError(msg("policy.bad_value", path=path, key=key, line=line, value=value,
                                  reason=reason),
                              detail={"path": str(path), "line": line, "key": key})
        values[key] = value
    locks: set[str] = set()
    _check_lock_table(path, text, lock_table)
    if lock_table.get("all") is True:
        locks = set(SETTINGS)
    for key in lock_table.get("keys", []):
        if key not in SETTINGS:
            raise PolicyError(msg("policy.bad_lock", path=path, key=key,
                                  line=_line_of(text, key)),
                              detail={"path": str(path), "key": key})
        locks.add(key)
    return values, locks


def _check_lock_table(path: Path, text: str, table: Any) -> None:
    """``[lock]`` holds only ``keys`` (a list of strings) and ``all`` (true or false)."""
    shapes = {"keys": Setting("lock.keys", "list[str]", [], ""),
              "all": Setting("lock.all", bool, False, "")}
    if not isinstance(table, dict):
        table = {"": table}
    for name, value in table.items():
        key = f"lock.{name}"
        line = _line_of(text, key if name else "lock")
        _known_and_typed(path, line, key, value, shapes.get(name))


def _known_and_typed(path: Path, line: int, key: str, value: Any,
                     setting: Setting | None) -> Setting:
    """``setting`` when the key is known and ``value`` has its type; else a PolicyError."""
    detail = {"path": str(path), "line": line, "key": key}
    if setting is None:
        raise PolicyError(msg("policy.unknown_key", path=path, key=key, line=line), detail=detail)
    if not setting.check(value):
        raise PolicyError(msg("policy.bad_type", path=path, key=key, line=line, value=value,
                              expected=setting.type_name), detail=detail)
    return setting


def check_file(path: Path) -> tuple[dict[str, Any], set[str]]:
    """``policy check``: validate an IT policy file before rollout (values, locked keys)."""
    if not path.is_file():
        raise InputError(msg("policy.missing", path=path))
    return parse_file(path, allow_locks=True)


def save_user_setting(config: Config, key: str, value: Any, path: Path | None = None) -> None:
    """Store one user setting; refuses locked keys and values of the wrong type."""
    path = path or user_settings_path()
    if config.is_locked(key):
        raise PolicyError(msg("policy.locked", key=key, path=config.policy_path))
    setting = SETTINGS[key]
    if not setting.check(value):
        raise PolicyError(msg("policy.user_bad_type", key=key, value=value,
                              expected=setting.type_name))
    reason = setting.valid(value) if setting.valid else None
    if reason:
        raise PolicyError(msg("policy.user_bad_value", key=key, value=value, reason=reason))
    current: dict[str, Any] = {}
    if path.exists():
        current, _ = parse_file(path, allow_locks=False)
    current[key] = value
    atomic_write(path, dump_toml(current).encode("utf-8"))
    config.values[key] = value
    config.sources[key] = f"user {path}"


def dump_toml(values: dict[str, Any]) -> str:
    """Write flat dotted keys as TOML tables (the small subset our settings use)."""
    tables: dict[str, dict[str, Any]] = {}
    for key, value in sorted(values.items()):
        table, _, name = key.rpartition(".")
        tables.setdefault(table, {})[name] = value
    lines: list[str] = []
    for table, entries in tables.items():
        lines.append(f"[{table}]")
        lines.extend(f"{name} = {_toml_value(value)}" for name, value in entries.items())
        lines.append("")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    import json
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _flatten(document: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for name, value in document.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and key not in SETTINGS:
            out.extend(_flatten(value, key + "."))
        else:
            out.append((key, value))
    return out


def _line_of(text: str, key: str) -> int:
    name = key.rpartition(".")[2]
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith((name, f'"{name}"', key)) or f'"{key}"' in stripped:
            return number
    return 0


def _line_from_message(message: str) -> int:
    import re
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 0
