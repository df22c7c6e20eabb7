"""Where Support Assistant keeps things on disk (platformdirs), and how it writes safely."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "support-assistant"


def data_dir() -> Path:
    """The user's data folder (reports, outbox, history); created 0700."""
    return _private_dir(platformdirs.user_data_path(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's settings folder; created 0700."""
    return _private_dir(platformdirs.user_config_path(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Disposable files (thumbnails, temporary extractions); created 0700."""
    return _private_dir(platformdirs.user_cache_path(APP_NAME, appauthor=False))


def reports_dir() -> Path:
    """One session folder per report lives here."""
    return _private_dir(data_dir() / "reports")


def resources_dir() -> Path:
    """The ``resources/`` folder: frozen app, env override, or the source tree."""
    override = os.environ.get("SUPPORT_ASSISTANT_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "resources"
        if (candidate / "schema").is_dir():
            return candidate
    return Path(sys.prefix) / "share" / APP_NAME / "resources"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    """Make a rename or new file in ``path`` durable (no-op where directories cannot be synced)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
