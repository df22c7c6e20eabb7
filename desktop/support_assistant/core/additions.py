"""Items the user adds by hand: an attached file and their contact details.

Both become ordinary items in the report, approved (or not) like any other. A
file is copied into the session folder (streamed, capped by
``limits.max_attachment_bytes``; symlinks and special files are refused), so a
later change to the original cannot change what the user approved. Contact
details become a small text item; they are remembered in the user's config
folder (``contact.json``, 0600) only when the user asks for that.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import stat
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .errors import InputError, UsageError
from .items import Item, ItemKind
from .messages import msg, register
from .paths import atomic_write, config_dir
from .report import Report

register({
    "additions.missing": "The file {path} does not exist.",
    "additions.not_regular": "{path} is not a regular file (folders, links and devices cannot be attached).",
    "additions.unreadable": "The file {path} cannot be read ({reason}).",
    "additions.too_large": "The file {path} is {size} bytes, more than the {limit} bytes that may be attached (setting limits.max_attachment_bytes).",
    "additions.bad_email": "The e-mail address '{value}' does not look like name@example.com; correct it or leave it empty.",
    "additions.bad_phone": "The phone number '{value}' may only contain digits, spaces and + - ( ) /; correct it or leave it empty.",
    "additions.too_long": "The {field} is longer than {limit} characters; shorten it.",
    "additions.empty_contact": "The contact details are empty; fill in at least one field.",
    "additions.contact_title": "Contact details",
    "additions.attached_title": "Attached file: {name}",
})

CONTACT_FILE = "contact.json"
RASTER_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff"}
"""Attached images of these types are re-encoded from their (redactable) pixels."""
MAX_FIELD = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9 +\-()/.]{3,40}$")


@dataclass(frozen=True)
class Contact:
    """How support can reach the user; every field is optional."""

    name: str = ""
    company: str = ""
    position: str = ""
    email: str = ""
    phone: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name).strip() for f in fields(self))

    def cleaned(self) -> Contact:
        """Stripped values; raises UsageError for an e-mail or phone that cannot be right."""
        values = {f.name: " ".join(getattr(self, f.name).split()) for f in fields(self)}
        for name, value in values.items():
            if len(value) > MAX_FIELD:
                raise UsageError(msg("additions.too_long", field=name, limit=MAX_FIELD))
        if values["email"] and not _EMAIL.match(values["email"]):
            raise UsageError(msg("additions.bad_email", value=values["email"]))
        if values["phone"] and not _PHONE.match(values["phone"]):
            raise UsageError(msg("additions.bad_phone", value=values["phone"]))
        return Contact(**values)

    def to_text(self) -> str:
        """The item's payload: one ``Field: value`` line per filled field."""
        labels = {"name": "Name", "company": "Company", "position": "Position",
                  "email": "E-mail", "phone": "Phone"}
        return "".join(f"{labels[f.name]}: {getattr(self, f.name)}\n" for f in fields(self)
                       if getattr(self, f.name))


def add_contact(report: Report, contact: Contact) -> Item:
    """Add (or replace) the report's contact item; the new item is not approved."""
    contact = contact.cleaned()
    if contact.is_empty():
        raise UsageError(msg("additions.empty_contact"))
    for old in [i for i in report.items if i.source == "contact"]:
        report.remove(old.id)
    item_id = report.new_item_id("contact")
    path = report.payload_path(item_id, ".txt")
    _write_new(path, contact.to_text().encode("utf-8"))
    return report.add(Item.from_file(
        id=item_id, kind=ItemKind.TEXT, title=msg("additions.contact_title"), source="contact",
        payload=path, media_type="text/plain; charset=utf-8",
        metadata={"filename": "contact.txt"}))


def saved_contact(folder: Path | None = None) -> Contact | None:
    """The details the user asked to remember, or None."""
    path = (folder or config_dir()) / CONTACT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Contact(**{f.name: str(data.get(f.name, "")) for f in fields(Contact)})
    except (OSError, ValueError, AttributeError):
        return None


def remember_contact(contact: Contact | None, folder: Path | None = None) -> None:
    """Remember ``contact`` for next time, or forget the saved details (None)."""
    path = (folder or config_dir()) / CONTACT_FILE
    if contact is None:
        path.unlink(missing_ok=True)
        return
    atomic_write(path, json.dumps(asdict(contact.cleaned()), ensure_ascii=False).encode("utf-8"))


def attach_file(report: Report, source: Path, *, max_bytes: int) -> Item:
    """Copy ``source`` into the report as a new, unapproved item."""
    try:
        info = os.lstat(source)
    except FileNotFoundError as exc:
        raise InputError(msg("additions.missing", path=source)) from exc
    except OSError as exc:
        raise InputError(msg("additions.unreadable", path=source, reason=exc.strerror)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError(msg("additions.not_regular", path=source))
    if info.st_size > max_bytes:
        raise InputError(msg("additions.too_large", path=source, size=info.st_size,
                             limit=max_bytes))
    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    if media_type.startswith("image/") and media_type not in RASTER_IMAGES:
        media_type = "application/octet-stream"  # sent as bytes: we cannot redact its pixels
    kind = ItemKind.SCREENSHOT if media_type in RASTER_IMAGES else ItemKind.FILE
    item_id = report.new_item_id("file")
    path = report.payload_path(item_id, _safe_suffix(source))
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise InputError(msg("additions.unreadable", path=source, reason=exc.strerror)) from exc
    copied = 0
    try:
        with os.fdopen(fd, "rb") as reader, _new_file(path) as writer:
            while block := reader.read(1 << 20):
                copied += len(block)
                if copied > max_bytes:  # the file grew while we copied it
                    raise InputError(msg("additions.too_large", path=source, size=copied,
                                         limit=max_bytes))
                writer.write(block)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return report.add(Item.from_file(
        id=item_id, kind=kind, title=msg("additions.attached_title", name=source.name),
        source="attachment", payload=path, media_type=media_type,
        metadata={"filename": source.name}))


def _safe_suffix(source: Path) -> str:
    suffix = source.suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ".bin"


def _new_file(path: Path):  # noqa: ANN202 - a binary file object
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def _write_new(path: Path, data: bytes) -> None:
    with _new_file(path) as handle:
        handle.write(data)
