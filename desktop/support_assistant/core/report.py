"""A report: its session folder, its items and the context the caller handed in.

The session folder (``reports_dir()/<report id>/``) holds ``report.json`` (the
local state, including original values of findings: never bundled), the item
payloads under ``items/`` and the report's pseudonym table
(``pseudonyms.json``). Everything is written 0600 in 0700 folders.
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import InputError
from .items import ApprovedItem, Item
from .messages import msg, register
from .paths import atomic_write, reports_dir

register({
    "report.not_found": "No report is stored at {path}.",
    "report.unreadable": "The report at {path} cannot be read ({reason}); start a new report.",
})

REPORT_FILE = "report.json"
PSEUDONYM_FILE = "pseudonyms.json"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_report_id(now: datetime | None = None) -> str:
    """A short reference a user can read over the phone: ``SA-20261125-7KQ2XW``."""
    now = now or datetime.now(UTC)
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"SA-{now:%Y%m%d}-{suffix}"


@dataclass
class ErrorInfo:
    """The error the caller reported: message, stack trace, free-form context."""

    message: str = ""
    trace: str = ""
    context: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"message": self.message, "trace": self.trace, "context": self.context}


@dataclass
class Report:
    """One report being prepared; see the module docstring."""

    id: str
    session_dir: Path
    created_at: datetime
    product: str = ""
    product_version: str = ""
    error: ErrorInfo | None = None
    description: str = ""
    items: list[Item] = field(default_factory=list)
    follows: str = ""  # the reference of a sent report this one adds to or corrects

    @classmethod
    def create(cls, *, product: str = "", product_version: str = "",
               error: ErrorInfo | None = None, root: Path | None = None,
               follows: str = "") -> Report:
        """Start a new report with an empty session folder."""
        now = datetime.now(UTC)
        report_id = new_report_id(now)
        session = (root or reports_dir()) / report_id
        (session / "items").mkdir(parents=True, mode=0o700)
        session.chmod(0o700)
        report = cls(id=report_id, session_dir=session, created_at=now, product=product,
                     product_version=product_version, error=error, follows=follows)
        report.save()
        return report

    @classmethod
    def load(cls, session_dir: Path) -> Report:
        """Read a report back from its session folder."""
        path = session_dir / REPORT_FILE
        if not path.is_file():
            raise InputError(msg("report.not_found", path=session_dir))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            error = data.get("error")
            return cls(
                id=data["id"], session_dir=session_dir,
                created_at=datetime.fromisoformat(data["created_at"]),
                product=data.get("product", ""), product_version=data.get("product_version", ""),
                error=None if error is None else ErrorInfo(**error),
                description=data.get("description", ""),
                items=[Item.from_json(i, session_dir) for i in data.get("items", [])],
                follows=str(data.get("follows", "")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(msg("report.unreadable", path=path, reason=exc)) from exc

    def save(self) -> None:
        """Write report.json atomically (0600)."""
        data = {
            "id": self.id, "created_at": self.created_at.isoformat(),
            "product": self.product, "product_version": self.product_version,
            "error": None if self.error is None else self.error.to_json(),
            "description": self.description,
            "items": [i.to_json(self.session_dir) for i in self.items],
            "follows": self.follows,
        }
        atomic_write(self.session_dir / REPORT_FILE,
                     json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))

    @property
    def pseudonym_path(self) -> Path:
        """The report's pseudonym table: local only, never in a bundle."""
        return self.session_dir / PSEUDONYM_FILE

    def new_item_id(self, prefix: str) -> str:
        """A unique, readable item id such as ``screenshot-2``."""
        taken = {i.id for i in self.items}
        n = 1
        while f"{prefix}-{n}" in taken:
            n += 1
        return f"{prefix}-{n}"

    def payload_path(self, item_id: str, suffix: str) -> Path:
        """Where a collector writes the payload of a new item."""
        return self.session_dir / "items" / f"{item_id}{suffix}"

    def add(self, item: Item) -> Item:
        if any(i.id == item.id for i in self.items):
            raise ValueError(f"duplicate item id {item.id}")
        self.items.append(item)
        return item

    def item(self, item_id: str) -> Item:
        for candidate in self.items:
            if candidate.id == item_id:
                return candidate
        raise KeyError(item_id)

    def remove(self, item_id: str) -> None:
        item = self.item(item_id)
        self.items.remove(item)
        item.payload.unlink(missing_ok=True)

    def approved_items(self) -> list[ApprovedItem]:
        """Every approved item, sealed; unapproved items are left out, never sealed."""
        return [i.sealed() for i in self.items if i.approved]

    def delete(self) -> None:
        """Remove the session folder and everything in it."""
        shutil.rmtree(self.session_dir, ignore_errors=True)
