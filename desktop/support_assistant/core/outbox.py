"""The persistent outbox: every approved bundle waits here until the intake confirmed it.

Layout (``data_dir()/outbox``, folders 0700, files 0600)::

    outbox/<entry id>/entry.json   the entry's state, replaced atomically on every change
    outbox/<entry id>/bundle.zip   the outbox's own copy of the bundle (``.zip.age`` if encrypted)
    outbox/<entry id>/lock         held (flock) by the one process sending or changing the entry

An entry moves ``queued -> uploading(upload URL, offset) -> sent(receipt) | failed(reason)``
(and back to ``queued`` when a failure is retried or its upload URL is gone). A sent
entry stays as the history record of what was sent (see :mod:`.history`); its local
bundle copy is purged after ``retention.days`` (see :mod:`.retention`).

Crash safety: a new entry is assembled in a hidden staging folder and renamed into
place, and ``entry.json`` is written with :func:`paths.atomic_write`, so a kill at any
instant leaves the old or the new state. Resuming always asks the server for its
offset, so a stale offset on disk never sends a byte twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import time
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import InputError, SupportAssistantError, UsageError
from .locking import Busy, FileLock
from .messages import msg, register
from .paths import atomic_write, data_dir, fsync_dir

register({
    "outbox.bundle_missing": "The bundle {path} does not exist or is not a regular file.",
    "outbox.bundle_unreadable": "The bundle {path} cannot be read ({reason}).",
    "outbox.bundle_too_large": (
        "The bundle {path} is {size} bytes, more than the {limit} bytes allowed "
        "(setting limits.max_bundle_bytes)."),
    "outbox.write_failed": (
        "The bundle could not be saved in the outbox at {path} ({reason}); free some disk "
        "space and try again."),
    "outbox.unknown_entry": "There is no outbox entry '{entry_id}'; see 'support-assistant outbox list'.",
    "outbox.busy": "Outbox entry {entry_id} is being sent by another process; try again when it is done.",
    "outbox.already_sent": "Outbox entry {entry_id} was already sent (reference {reference}); use 'support-assistant delete {reference}' to remove it.",
})

BUNDLE_STEM = "bundle"
ENTRY_FILE = "entry.json"
LOCK_FILE = "lock"
FORMAT = 1
MAX_MANIFEST_BYTES = 8 << 20
_STAGING_PREFIX = ".new-"
_STALE_STAGING_SECONDS = 3600
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class State(StrEnum):
    QUEUED = "queued"
    UPLOADING = "uploading"
    SENT = "sent"
    FAILED = "failed"


_ALLOWED = {
    State.QUEUED: {State.UPLOADING, State.FAILED, State.QUEUED},
    State.UPLOADING: {State.UPLOADING, State.SENT, State.FAILED, State.QUEUED},
    State.FAILED: {State.QUEUED, State.FAILED},
    State.SENT: {State.SENT},
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Entry:
    """One bundle in the outbox and, once sent, its history record."""

    id: str
    state: State
    created_at: str
    bundle_name: str
    bundle_file: str
    size: int
    sha256: str
    updated_at: str = ""
    report_id: str = ""
    manifest: dict[str, Any] | None = None
    follows: str = ""
    endpoint: str = ""
    """An endpoint chosen for this bundle only (``send --endpoint``); empty: the configured one."""
    upload_url: str = ""
    offset: int = 0
    attempts: int = 0
    last_error: str = ""
    last_attempt_at: str = ""
    reference: str = ""
    receipt_url: str = ""
    sent_at: str = ""
    sent_to: str = ""
    organisation: str = ""
    failure_kind: str = ""
    failure_reason: str = ""
    failed_at: str = ""
    local_copy: bool = True
    remote_deleted_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["state"] = str(self.state)
        data["format"] = FORMAT
        return data

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        """Validate a state file's content (it is input like any other)."""
        if not isinstance(data, dict):
            raise ValueError("entry is not an object")
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                continue
            values[name] = value
        values["state"] = State(values.get("state"))
        entry = cls(**values)
        for name in ("id", "created_at", "bundle_name", "bundle_file", "sha256", "upload_url",
                     "reference", "receipt_url", "sent_at", "follows", "endpoint"):
            if not isinstance(getattr(entry, name), str):
                raise ValueError(f"{name} is not a string")
        if not isinstance(entry.size, int) or not isinstance(entry.offset, int):
            raise ValueError("size or offset is not a number")
        if entry.manifest is not None and not isinstance(entry.manifest, dict):
            raise ValueError("manifest is not an object")
        if Path(entry.bundle_file).name != entry.bundle_file or entry.bundle_file.startswith("."):
            raise ValueError("bundle file name is not a plain name")
        return entry

    # -- transitions -------------------------------------------------------------------------
    def _to(self, state: State, **changes: Any) -> Entry:
        if state not in _ALLOWED[self.state]:
            raise ValueError(f"outbox entry {self.id}: {self.state} -> {state} is not allowed")
        return replace(self, state=state, updated_at=now_iso(), **changes)

    def uploading(self, upload_url: str, offset: int = 0) -> Entry:
        return self._to(State.UPLOADING, upload_url=upload_url, offset=offset,
                        failure_kind="", failure_reason="", failed_at="")

    def sent(self, *, reference: str, receipt_url: str, sent_to: str, organisation: str) -> Entry:
        return self._to(State.SENT, reference=reference, receipt_url=receipt_url,
                        sent_at=now_iso(), sent_to=sent_to, organisation=organisation,
                        offset=self.size, last_error="")

    def failed(self, kind: str, reason: str) -> Entry:
        return self._to(State.FAILED, failure_kind=kind, failure_reason=reason,
                        failed_at=now_iso())

    def requeued(self) -> Entry:
        """Back to queued, forgetting the upload URL (failure retried, upload lost or moved)."""
        return self._to(State.QUEUED, upload_url="", offset=0, failure_kind="",
                        failure_reason="", failed_at="")

    def waiting(self, error: str) -> Entry:
        """Same state, with the last transient error (offline, server busy) noted."""
        return replace(self, last_error=error, last_attempt_at=now_iso(), updated_at=now_iso())

    @property
    def pending(self) -> bool:
        return self.state in (State.QUEUED, State.UPLOADING)


class Outbox:
    """The outbox folder; every change to an entry happens under that entry's lock."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or (data_dir() / "outbox")
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    # -- reading -----------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every readable entry, oldest first (damaged state files are skipped)."""
        found = []
        for folder in self.root.iterdir():
            if folder.name.startswith(".") or not folder.is_dir() or folder.is_symlink():
                continue
            with contextlib.suppress(OSError, ValueError, TypeError):
                found.append(self._read(folder))
        return sorted(found, key=lambda e: (e.created_at, e.id))

    def pending(self, *, include_failed: bool = False) -> list[Entry]:
        wanted = {State.QUEUED, State.UPLOADING} | ({State.FAILED} if include_failed else set())
        return [e for e in self.entries() if e.state in wanted]

    def sent(self) -> list[Entry]:
        return sorted((e for e in self.entries() if e.state is State.SENT),
                      key=lambda e: (e.sent_at, e.id))

    def get(self, entry_id: str) -> Entry:
        folder = self._folder(entry_id)
        try:
            return self._read(folder)
        except (OSError, ValueError, TypeError) as exc:
            raise UsageError(msg("outbox.unknown_entry", entry_id=entry_id[:80])) from exc

    def find(self, reference: str) -> Entry | None:
        """The sent entry with this intake reference (or this entry id)."""
        for entry in self.entries():
            if reference in (entry.reference, entry.id) and entry.reference:
                return entry
        return None

    def bundle_path(self, entry: Entry) -> Path:
        return self._folder(entry.id) / entry.bundle_file

    # -- writing -----------------------------------------------------------------------------
    def enqueue(self, bundle: Path, *, endpoint: str = "", follows: str = "",
                manifest: dict[str, Any] | None = None, max_bytes: int | None = None) -> Entry:
        """Copy ``bundle`` into the outbox as a queued entry and return it.

        The same bytes already waiting or sent (and not deleted) to the same place
        return that entry instead: a bundle is never queued twice.
        """
        self.recover()
        source = Path(bundle)
        if source.is_symlink() or not source.is_file():
            raise InputError(msg("outbox.bundle_missing", path=source))
        size = source.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(msg("outbox.bundle_too_large", path=source, size=size,
                                 limit=max_bytes))
        entry_id = new_entry_id()
        staging = self.root / f"{_STAGING_PREFIX}{entry_id}"
        staging.mkdir(mode=0o700)
        try:
            suffix = ".zip.age" if source.name.endswith(".age") else ".zip"
            bundle_file = BUNDLE_STEM + suffix
            digest, copied = _copy_hashing(source, staging / bundle_file)
            if manifest is None:
                manifest = read_manifest(staging / bundle_file)
            report_id = _report_id(manifest)
            created = now_iso()
            entry = Entry(id=entry_id, state=State.QUEUED, created_at=created,
                          updated_at=created, bundle_name=source.name[:255],
                          bundle_file=bundle_file, size=copied, sha256=digest,
                          report_id=report_id, manifest=manifest, follows=follows,
                          endpoint=endpoint)
            _write_entry(staging / ENTRY_FILE, entry)
            # One enqueue at a time decides "is this bundle already here?" then renames.
            with _waiting_lock(self.root / ".enqueue.lock"):
                existing = self._same_bundle(entry)
                if existing is not None:
                    shutil.rmtree(staging, ignore_errors=True)
                    return existing
                os.replace(staging, self.root / entry_id)
                fsync_dir(self.root)
        except InputError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise SupportAssistantError(msg("outbox.write_failed", path=self.root,
                                            reason=exc.strerror or exc)) from exc
        return entry

    @contextlib.contextmanager
    def locked(self, entry_id: str) -> Iterator[Entry]:
        """Hold the entry's lock and yield its current state; UsageError if busy or unknown."""
        folder = self._folder(entry_id)
        if not (folder / ENTRY_FILE).is_file():
            raise UsageError(msg("outbox.unknown_entry", entry_id=entry_id[:80]))
        lock = FileLock(folder / LOCK_FILE)
        try:
            lock.acquire()
        except (Busy, FileNotFoundError) as exc:
            raise OutboxBusy(msg("outbox.busy", entry_id=entry_id)) from exc
        try:
            try:
                current = self._read(folder)
            except (OSError, ValueError, TypeError) as exc:  # removed while we waited
                raise UsageError(msg("outbox.unknown_entry", entry_id=entry_id[:80])) from exc
            for leftover in folder.glob(".*.tmp"):  # a killed atomic_write; only we write here
                leftover.unlink(missing_ok=True)
            yield current
        finally:
            lock.release()

    def save(self, entry: Entry) -> Entry:
        """Write ``entry`` atomically (the caller holds its lock)."""
        _write_entry(self._folder(entry.id) / ENTRY_FILE, entry)
        return entry

    def delete_local_copy(self, entry: Entry) -> Entry:
        """Remove the bundle copy, keep the record (the caller holds the lock)."""
        self.bundle_path(entry).unlink(missing_ok=True)
        return self.save(replace(entry, local_copy=False, updated_at=now_iso()))

    def remove(self, entry_id: str) -> None:
        """Remove the entry and its bundle copy entirely (the caller holds the lock)."""
        folder = self._folder(entry_id)
        # Rename first so a half-removed folder is never taken for an entry.
        trash = self.root / f".gone-{entry_id}-{secrets.token_hex(4)}"
        with contextlib.suppress(FileNotFoundError):
            os.replace(folder, trash)
        shutil.rmtree(trash, ignore_errors=True)

    def _same_bundle(self, new: Entry) -> Entry | None:
        for existing in self.entries():
            if (existing.sha256 == new.sha256 and existing.follows == new.follows
                    and existing.endpoint == new.endpoint and not existing.remote_deleted_at):
                return existing
        return None

    def recover(self) -> None:
        """Drop staging and removal leftovers of a process that was killed."""
        cutoff = time.time() - _STALE_STAGING_SECONDS
        for folder in self.root.iterdir():
            if folder.name.startswith(".gone-") or (
                    folder.name.startswith(_STAGING_PREFIX) and folder.stat().st_mtime < cutoff):
                shutil.rmtree(folder, ignore_errors=True)

    # -- internals ---------------------------------------------------------------------------
    def _folder(self, entry_id: str) -> Path:
        if not is_entry_id(entry_id):
            raise UsageError(msg("outbox.unknown_entry", entry_id=entry_id[:80]))
        return self.root / entry_id

    def _read(self, folder: Path) -> Entry:
        raw = (folder / ENTRY_FILE).read_bytes()
        entry = Entry.from_json(json.loads(raw))
        if entry.id != folder.name:
            raise ValueError("entry id does not match its folder")
        return entry


class OutboxBusy(UsageError):
    """Another process holds this entry's lock."""


def new_entry_id() -> str:
    """``OB-20261125-7KQ2XW``: sortable by day and short enough to type."""
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"OB-{datetime.now(UTC):%Y%m%d}-{suffix}"


def is_entry_id(value: str) -> bool:
    parts = value.split("-")
    return (len(parts) == 3 and parts[0] == "OB" and parts[1].isdigit() and len(parts[1]) == 8
            and len(parts[2]) == 6 and all(c in _ALPHABET for c in parts[2]))


def read_manifest(bundle: Path) -> dict[str, Any] | None:
    """``manifest.json`` of a plain zip bundle, or None (encrypted, not a zip, damaged)."""
    try:
        with zipfile.ZipFile(bundle) as archive:
            info = archive.getinfo("manifest.json")
            if info.file_size > MAX_MANIFEST_BYTES:
                return None
            with archive.open(info) as handle:
                data = json.loads(handle.read(MAX_MANIFEST_BYTES + 1))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError, EOFError):
        return None
    return data if isinstance(data, dict) else None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    copied = 0
    try:
        reader = source.open("rb")
    except OSError as exc:
        raise InputError(msg("outbox.bundle_unreadable", path=source,
                             reason=exc.strerror or exc)) from exc
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with reader, os.fdopen(fd, "wb") as writer:
        while True:
            try:
                block = reader.read(1 << 20)
            except OSError as exc:
                raise InputError(msg("outbox.bundle_unreadable", path=source,
                                     reason=exc.strerror or exc)) from exc
            if not block:
                break
            digest.update(block)
            writer.write(block)
            copied += len(block)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest(), copied


@contextlib.contextmanager
def _waiting_lock(path: Path, timeout: float = 30.0) -> Iterator[None]:
    lock = FileLock(path)
    try:
        lock.acquire(timeout=timeout)
    except Busy as exc:
        raise SupportAssistantError(msg("outbox.write_failed", path=path.parent,
                                        reason="locked by another process")) from exc
    try:
        yield
    finally:
        lock.release()




def _write_entry(path: Path, entry: Entry) -> None:
    atomic_write(path, json.dumps(entry.to_json(), indent=1, ensure_ascii=False).encode("utf-8"))


def _report_id(manifest: dict[str, Any] | None) -> str:
    """The report id a bundle manifest names (``report.id``; older shapes: ``report_id``)."""
    if not isinstance(manifest, dict):
        return ""
    report = manifest.get("report")
    value = report.get("id") if isinstance(report, dict) else manifest.get("report_id")
    return value[:100] if isinstance(value, str) else ""
