"""The bundle format shared by the writer and the reader: names, limits and the schema.

A bundle is a zip whose first entry is ``manifest.json`` (validated against
``resources/schema/manifest-<version>.schema.json``); every other entry is an
item's redacted bytes at ``items/<item id>/<file name>``, declared in the
manifest with its size and sha256. Optionally the whole zip is encrypted to an
age recipient (``.zip.age``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .paths import resources_dir

FORMAT_NAME = "support-assistant-bundle"
SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"
ITEMS_DIR = "items"
AGE_MAGIC = b"age-encryption.org/v1"
ZIP_MAGIC = b"PK\x03\x04"

# One path component as the writer makes it and the reader accepts it: no dot files,
# no separators, nothing a file system could read as a device or a drive.
_COMPONENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                     *(f"lpt{n}" for n in range(1, 10))}


@dataclass(frozen=True)
class Limits:
    """What the reader accepts before it calls a bundle hostile (a zip bomb or a flood)."""

    max_entries: int = 10_000
    max_manifest_bytes: int = 16 << 20
    max_total_bytes: int = 16 << 30
    max_ratio: int = 500
    ratio_floor: int = 1 << 20  # entries smaller than this may compress any amount


DEFAULT_LIMITS = Limits()


def safe_component(name: str, fallback: str) -> str:
    """``name`` reduced to a portable file-name component (ASCII letters, digits, ``._-``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", ascii_name).strip("._-")[:100].rstrip("._-")
    if not cleaned or not _COMPONENT.fullmatch(cleaned):
        cleaned = fallback
    if cleaned.split(".")[0].lower() in _WINDOWS_RESERVED:
        cleaned = f"_{cleaned}"[:100]
    return cleaned


def is_safe_component(name: str) -> bool:
    return bool(_COMPONENT.fullmatch(name)) and name.split(".")[0].lower() not in _WINDOWS_RESERVED


def item_entry_name(item_id: str, file_name: str) -> str:
    """``items/<item id>/<file name>`` (both parts already safe components)."""
    return f"{ITEMS_DIR}/{item_id}/{file_name}"


def human_size(size: int) -> str:
    """``1.2 MB`` style (decimal units), for sentences and listings."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 1000:
            return f"{value:.1f} {unit}"
    return f"{value / 1000:.1f} TB"


def schema_path(version: int = SCHEMA_VERSION) -> Path:
    return resources_dir() / "schema" / f"manifest-{version}.schema.json"


@cache
def load_schema(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The manifest JSON Schema of ``version`` (read once)."""
    return json.loads(schema_path(version).read_text(encoding="utf-8"))


def manifest_errors(manifest: Any) -> list[str]:
    """Schema violations of ``manifest`` as ``'<json path>: <message>'`` lines (empty if valid)."""
    import jsonschema  # imported here: only bundle writing and reading need it

    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {_short(e.message)}" for e in errors]


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
