"""The reference intake's storage: one data file per upload and a SQLite index.

Layout under the storage folder: ``index.sqlite`` and ``data/<id>`` (the bytes
received so far). The index is the truth for the offset. A server killed in the
middle of a chunk can leave bytes beyond the recorded offset (``tuspyserver``
appends after them and corrupts the file): :meth:`Storage.recover` truncates
every incomplete file to its recorded offset at start-up, and every PATCH writes
at the recorded offset, never at the end of the file.

Deleting keeps a tombstone (id, customer, times, ``follows``) without metadata, so
a deleted upload answers 410 and a later correction still finds its original.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    length INTEGER NOT NULL,
    offset INTEGER NOT NULL DEFAULT 0,
    metadata TEXT NOT NULL DEFAULT '{}',
    sha256 TEXT,
    follows TEXT,
    received TEXT NOT NULL,
    completed TEXT,
    deleted TEXT
);
CREATE INDEX IF NOT EXISTS uploads_customer ON uploads (customer);
CREATE INDEX IF NOT EXISTS uploads_follows ON uploads (follows);
"""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Upload:
    """One upload as the index knows it."""

    id: str
    customer: str
    length: int
    offset: int
    metadata: dict[str, str] = field(default_factory=dict)
    sha256: str | None = None
    follows: str | None = None
    received: str = ""
    completed: str | None = None
    deleted: str | None = None

    @property
    def complete(self) -> bool:
        return self.completed is not None and self.deleted is None


def is_upload_id(text: str) -> bool:
    """Upload ids are 32 lowercase hex digits (anything else is never looked up)."""
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


class Storage:
    """Uploads on disk plus their index; safe to use from several threads."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.data = self.root / "data"
        self.data.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.root / "index.sqlite", check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self.recover()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def path(self, upload_id: str) -> Path:
        return self.data / upload_id

    def recover(self) -> None:
        """Make every incomplete data file agree with its recorded offset."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, offset FROM uploads WHERE completed IS NULL AND deleted IS NULL"
            ).fetchall()
            for upload_id, offset in rows:
                path = self.path(upload_id)
                if not path.exists():
                    path.touch(mode=0o600)
                size = path.stat().st_size
                if size > offset:
                    with path.open("r+b") as handle:
                        handle.truncate(offset)
                elif size < offset:  # data lost by the system crash: ask the client again
                    self.set_offset(upload_id, size)

    def create(self, customer: str, length: int, metadata: dict[str, str],
               follows: str | None) -> Upload:
        upload = Upload(id=uuid.uuid4().hex, customer=customer, length=length, offset=0,
                        metadata=metadata, sha256=metadata.get("sha256"), follows=follows,
                        received=now())
        with self._lock:
            fd = os.open(self.path(upload.id), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            self._db.execute(
                "INSERT INTO uploads (id, customer, length, offset, metadata, sha256, follows,"
                " received) VALUES (?, ?, ?, 0, ?, ?, ?, ?)",
                (upload.id, customer, length, json.dumps(metadata), upload.sha256, follows,
                 upload.received))
            if length == 0:
                upload.completed = self.mark_complete(upload.id)
        return upload

    def get(self, upload_id: str) -> Upload | None:
        if not is_upload_id(upload_id):
            return None
        with self._lock:
            row = self._db.execute("SELECT * FROM uploads WHERE id = ?", (upload_id,)).fetchone()
        return _upload(row) if row else None

    def list(self, customer: str | None = None, *, include_deleted: bool = False) -> list[Upload]:
        query = "SELECT * FROM uploads"
        clauses: list[str] = []
        params: list[Any] = []
        if customer is not None:
            clauses.append("customer = ?")
            params.append(customer)
        if not include_deleted:
            clauses.append("deleted IS NULL")
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY received, id", params).fetchall()
        return [_upload(row) for row in rows]

    def followups(self, upload_id: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM uploads WHERE follows = ? AND deleted IS NULL ORDER BY received",
                (upload_id,)).fetchall()
        return [row[0] for row in rows]

    def set_offset(self, upload_id: str, offset: int) -> None:
        with self._lock:
            self._db.execute("UPDATE uploads SET offset = ? WHERE id = ?", (offset, upload_id))

    def mark_complete(self, upload_id: str) -> str:
        when = now()
        with self._lock:
            self._db.execute("UPDATE uploads SET completed = ? WHERE id = ?", (when, upload_id))
        return when

    def delete(self, upload_id: str) -> None:
        """Remove the data and the metadata; keep a tombstone."""
        with self._lock:
            self._db.execute(
                "UPDATE uploads SET deleted = ?, metadata = '{}', sha256 = NULL WHERE id = ?",
                (now(), upload_id))
            with contextlib.suppress(FileNotFoundError):
                self.path(upload_id).unlink()


def _upload(row: tuple[Any, ...]) -> Upload:
    (upload_id, customer, length, offset, metadata, sha256, follows, received, completed,
     deleted) = row
    return Upload(id=upload_id, customer=customer, length=length, offset=offset,
                  metadata=json.loads(metadata), sha256=sha256, follows=follows,
                  received=received, completed=completed, deleted=deleted)
