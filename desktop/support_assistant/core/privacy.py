"""The privacy notice (``branding.*``): accepted once per version, recorded in every bundle.

The notice is shown on first run and again whenever IT changes
``branding.privacy_version``. The user's acceptance (version, time, sha256 of
the text shown) is kept in ``privacy.json`` in the user's config folder, and
:func:`consent` puts it into each bundle's consent record.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .bundle import ConsentInfo
from .paths import atomic_write, config_dir
from .policy import Config

STATE_NAME = "privacy.json"


def state_path() -> Path:
    return config_dir() / STATE_NAME


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored(path: Path) -> dict[str, Any]:
    """The recorded acceptance, or {} when none (an unreadable file counts as none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        datetime.fromisoformat(data["accepted_at"])
        return data if isinstance(data.get("version"), str) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def accepted(config: Config, path: Path | None = None) -> ConsentInfo | None:
    """The acceptance of the notice in effect, or None when it must be shown (again)."""
    data = _stored(path or state_path())
    if data.get("version") != config["branding.privacy_version"]:
        return None
    return ConsentInfo(privacy_version=data["version"],
                       accepted_at=datetime.fromisoformat(data["accepted_at"]),
                       statement=config["branding.privacy_text"],
                       text_sha256=data.get("text_sha256", ""))


def needs_acceptance(config: Config, path: Path | None = None) -> bool:
    """True on first run and after IT changed ``branding.privacy_version``."""
    return accepted(config, path) is None


def accept(config: Config, path: Path | None = None, now: datetime | None = None) -> ConsentInfo:
    """Record that the user accepted the notice now in effect."""
    when = now or datetime.now(UTC)
    text = config["branding.privacy_text"]
    record = {"version": config["branding.privacy_version"], "accepted_at": when.isoformat(),
              "text_sha256": text_digest(text), "name": config["branding.name"]}
    atomic_write(path or state_path(), json.dumps(record, indent=1).encode("utf-8"))
    return ConsentInfo(privacy_version=record["version"], accepted_at=when, statement=text,
                       text_sha256=record["text_sha256"])


def consent(config: Config, statement: str | None = None, path: Path | None = None
            ) -> ConsentInfo:
    """The consent for a bundle: the recorded acceptance (if any) and ``statement``
    (default: the notice text)."""
    found = accepted(config, path)
    text = config["branding.privacy_text"] if statement is None else statement
    if found is None:
        return ConsentInfo(statement=text)
    return ConsentInfo(privacy_version=found.privacy_version, accepted_at=found.accepted_at,
                       statement=text, text_sha256=found.text_sha256)
