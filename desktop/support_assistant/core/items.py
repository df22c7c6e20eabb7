"""The data model: Item, Finding, Redaction, Approval, and the sealed ApprovedItem.

An :class:`Item` is one thing the user may send (a screenshot, the environment,
a log, a text, a file). Its payload is a file in the report's session folder and
is never modified; what is sent is the payload with the item's *effective
redactions* applied (see :mod:`support_assistant.core.redact`).

The never-unapproved rule holds by construction: the bundle writer accepts only
:class:`ApprovedItem`, and the only way to make one is :meth:`Item.sealed`, which
refuses an item whose approval does not match its current content and redactions
(any change after approval voids it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import NotApprovedError
from .messages import msg, register

register({
    "items.not_approved": "Item {item_id} ({title}) is not approved, so it cannot be sealed into a bundle.",
    "items.changed_after_approval": "Item {item_id} ({title}) changed after it was approved; approve it again.",
})


class ItemKind(StrEnum):
    SCREENSHOT = "screenshot"
    ENVIRONMENT = "environment"
    LOG = "log"
    TEXT = "text"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in image pixels."""

    x: int
    y: int
    w: int
    h: int

    def __post_init__(self) -> None:
        if self.w <= 0 or self.h <= 0:
            raise ValueError("a box needs a positive width and height")

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a detector found: a byte span in a text payload or a box in an image.

    ``value`` is the original text; it stays on the user's machine (report.json)
    and is never written into a bundle.
    """

    id: str
    detector: str
    replacement: str
    start: int | None = None
    end: int | None = None
    box: Box | None = None
    value: str = ""

    def to_redaction(self) -> Redaction:
        if self.box is not None:
            return RectRedaction(self.box, origin=f"finding:{self.id}")
        assert self.start is not None and self.end is not None
        return TextRedaction(self.start, self.end, self.replacement, origin=f"finding:{self.id}")


@dataclass(frozen=True, slots=True)
class TextRedaction:
    """Replace payload bytes ``[start, end)`` with ``replacement`` (UTF-8)."""

    start: int
    end: int
    replacement: str
    origin: str = "user"

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError("a text redaction needs 0 <= start < end")

    def to_json(self) -> dict[str, Any]:
        return {"type": "text", "start": self.start, "end": self.end,
                "replacement": self.replacement, "origin": self.origin}


@dataclass(frozen=True, slots=True)
class RectRedaction:
    """Burn a solid rectangle into the image pixels."""

    box: Box
    origin: str = "user"

    def to_json(self) -> dict[str, Any]:
        return {"type": "rect", "box": self.box.as_list(), "origin": self.origin}


Redaction = TextRedaction | RectRedaction


def redaction_from_json(data: dict[str, Any]) -> Redaction:
    """Inverse of ``Redaction.to_json``."""
    if data["type"] == "text":
        return TextRedaction(int(data["start"]), int(data["end"]), str(data["replacement"]),
                             str(data.get("origin", "user")))
    if data["type"] == "rect":
        return RectRedaction(Box(*(int(v) for v in data["box"])), str(data.get("origin", "user")))
    raise ValueError(f"unknown redaction type {data['type']!r}")


@dataclass(frozen=True, slots=True)
class Approval:
    """The user's approval of an item as it was when they saw it."""

    approved_at: datetime
    fingerprint: str


@dataclass
class Item:
    """One thing the user may send; see the module docstring."""

    id: str
    kind: ItemKind
    title: str
    source: str
    payload: Path
    media_type: str
    payload_sha256: str
    size: int
    findings: list[Finding] = field(default_factory=list)
    released: set[str] = field(default_factory=set)
    pending: set[str] = field(default_factory=set)
    """Suggested boxes awaiting the user's decision: not applied until accepted."""
    user_redactions: list[Redaction] = field(default_factory=list)
    approval: Approval | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_file(cls, *, id: str, kind: ItemKind, title: str, source: str, payload: Path,
                  media_type: str, metadata: dict[str, Any] | None = None) -> Item:
        """Make an item for a payload already written to the session folder."""
        digest, size = file_sha256(payload)
        return cls(id=id, kind=kind, title=title, source=source, payload=payload,
                   media_type=media_type, payload_sha256=digest, size=size,
                   metadata=dict(metadata or {}))

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.fingerprint == self.fingerprint()

    def effective_redactions(self) -> list[Redaction]:
        """Kept findings plus the user's own redactions, in payload order."""
        kept = [f.to_redaction() for f in self.findings
                if f.id not in self.released and f.id not in self.pending]
        redactions = kept + list(self.user_redactions)
        return sorted(redactions, key=_redaction_sort_key)

    def fingerprint(self) -> str:
        """A digest of exactly what would be sent: payload hash plus effective redactions."""
        h = hashlib.sha256(self.payload_sha256.encode())
        h.update(json.dumps([r.to_json() for r in self.effective_redactions()],
                            sort_keys=True).encode())
        return h.hexdigest()

    # --- changes: every one voids the approval -----------------------------------------
    def set_findings(self, findings: Iterable[Finding]) -> None:
        """Replace the findings; a new box finding (a suggestion) starts pending. The approval
        stays only if what is sent stays the same (suggestions that arrive after approval)."""
        before = self.fingerprint() if self.approval is not None else None
        known = {f.id for f in self.findings}
        self.findings = list(findings)
        ids = {f.id for f in self.findings}
        self.released &= ids
        self.pending = (self.pending & ids) | {f.id for f in self.findings
                                               if f.box is not None and f.id not in known}
        if before != self.fingerprint():
            self.approval = None

    def finding_state(self, finding_id: str) -> str:
        """``pending``, ``released`` (rejected: the original is sent) or ``kept``."""
        if finding_id in self.pending:
            return "pending"
        return "released" if finding_id in self.released else "kept"

    def decide(self, finding_id: str, state: str) -> None:
        """Set a finding's state (see :meth:`finding_state`): accept, reject or undo."""
        self.pending.discard(finding_id)
        self.released.discard(finding_id)
        if state == "pending":
            self.pending.add(finding_id)
        elif state == "released":
            self.released.add(finding_id)
        elif state != "kept":
            raise ValueError(f"unknown finding state {state!r}")
        self.approval = None

    def release(self, finding_id: str) -> None:
        """Send this finding's original text instead of its pseudonym."""
        self.decide(finding_id, "released")

    def keep(self, finding_id: str) -> None:
        self.decide(finding_id, "kept")

    def add_redaction(self, redaction: Redaction) -> None:
        self.user_redactions.append(redaction)
        self.approval = None

    def remove_redaction(self, redaction: Redaction) -> None:
        self.user_redactions.remove(redaction)
        self.approval = None

    def set_redactions(self, redactions: Iterable[Redaction]) -> None:
        self.user_redactions = list(redactions)
        self.approval = None

    # --- approval ----------------------------------------------------------------------
    def approve(self, now: datetime | None = None) -> None:
        """Record that the user approved the item as it is now."""
        self.approval = Approval(now or datetime.now(UTC), self.fingerprint())

    def unapprove(self) -> None:
        self.approval = None

    def sealed(self) -> ApprovedItem:
        """The item frozen for a bundle; raises NotApprovedError unless approved as it is."""
        if self.approval is None:
            raise NotApprovedError(msg("items.not_approved", item_id=self.id, title=self.title))
        if self.approval.fingerprint != self.fingerprint():
            raise NotApprovedError(
                msg("items.changed_after_approval", item_id=self.id, title=self.title))
        return ApprovedItem(_token=_SEAL, item_id=self.id, kind=self.kind, title=self.title,
                            source=self.source, payload=self.payload,
                            media_type=self.media_type, payload_sha256=self.payload_sha256,
                            size=self.size, redactions=tuple(self.effective_redactions()),
                            approval=self.approval, metadata=dict(self.metadata))

    # --- persistence (local report.json; holds original values, never bundled) ---------
    def to_json(self, session_dir: Path) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind.value, "title": self.title, "source": self.source,
            "payload": self.payload.relative_to(session_dir).as_posix(),
            "media_type": self.media_type, "payload_sha256": self.payload_sha256,
            "size": self.size,
            "findings": [_finding_to_json(f) for f in self.findings],
            "released": sorted(self.released),
            "pending": sorted(self.pending),
            "user_redactions": [r.to_json() for r in self.user_redactions],
            "approval": None if self.approval is None else {
                "approved_at": self.approval.approved_at.isoformat(),
                "fingerprint": self.approval.fingerprint},
            "metadata": self.metadata,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], session_dir: Path) -> Item:
        approval = data.get("approval")
        return cls(
            id=data["id"], kind=ItemKind(data["kind"]), title=data["title"],
            source=data["source"], payload=session_dir / data["payload"],
            media_type=data["media_type"], payload_sha256=data["payload_sha256"],
            size=int(data["size"]),
            findings=[_finding_from_json(f) for f in data.get("findings", [])],
            released=set(data.get("released", [])),
            pending=set(data.get("pending", [])),
            user_redactions=[redaction_from_json(r) for r in data.get("user_redactions", [])],
            approval=None if not approval else Approval(
                datetime.fromisoformat(approval["approved_at"]), approval["fingerprint"]),
            metadata=dict(data.get("metadata", {})),
        )


_SEAL = object()


@dataclass(frozen=True)
class ApprovedItem:
    """An item as approved, frozen for the bundle. Only :meth:`Item.sealed` makes one."""

    _token: object = field(repr=False, compare=False)
    item_id: str = ""
    kind: ItemKind = ItemKind.TEXT
    title: str = ""
    source: str = ""
    payload: Path = Path()
    media_type: str = ""
    payload_sha256: str = ""
    size: int = 0
    redactions: tuple[Redaction, ...] = ()
    approval: Approval | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self._token is not _SEAL or self.approval is None:
            raise NotApprovedError(msg("items.not_approved", item_id=self.item_id,
                                       title=self.title))


def file_sha256(path: Path, chunk: int = 1 << 20) -> tuple[str, int]:
    """sha256 hex digest and size of a file, streamed."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def _redaction_sort_key(r: Redaction) -> tuple[int, int, int]:
    if isinstance(r, TextRedaction):
        return (0, r.start, r.end)
    return (1, r.box.y, r.box.x)


def _finding_to_json(f: Finding) -> dict[str, Any]:
    return {"id": f.id, "detector": f.detector, "replacement": f.replacement,
            "start": f.start, "end": f.end,
            "box": None if f.box is None else f.box.as_list(), "value": f.value}


def _finding_from_json(d: dict[str, Any]) -> Finding:
    return Finding(id=d["id"], detector=d["detector"], replacement=d["replacement"],
                   start=d.get("start"), end=d.get("end"),
                   box=None if d.get("box") is None else Box(*d["box"]),
                   value=d.get("value", ""))
