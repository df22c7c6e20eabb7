"""Streaming a file as one long tus PATCH body, read and hashed piece by piece as it is sent.

Nothing is read before the request starts and there is no turn-around per chunk: the
body reads the next piece only when the socket took the previous one, adds it to the
running sha256 of what was sent, and before the piece that completes the file checks
that sha256 against the one declared at creation (a file changed while it was sent
never completes). tus servers keep what an interrupted PATCH delivered, so a resume
(HEAD) continues at the server's offset; the running sha256 keeps a copy every
``CHECKPOINT`` bytes, so rewinding to that offset re-reads at most one checkpoint.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import Cancelled, InputError, UploadError
from .messages import msg

PIECE = 1 << 20
CHECKPOINT = 8 << 20


class FileStream:
    """One file's bytes as request bodies, with the sha256 of the bytes sent so far."""

    def __init__(self, path: Path, total: int) -> None:
        self.path = path
        self.total = total
        try:
            self._fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise InputError(msg("upload.unreadable", path=path, reason=exc.strerror)) from exc
        self._digest: Any = hashlib.sha256()
        self._position = 0
        self._checkpoints: dict[int, Any] = {0: hashlib.sha256()}

    def __enter__(self) -> FileStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        os.close(self._fd)

    def body(self, offset: int, length: int, *, declared: str | None,
             sent: Callable[[int], None], cancel: threading.Event,
             changed: Callable[[], UploadError]) -> StreamBody:
        """A body for bytes ``[offset, offset + length)``; ``changed()`` is raised when the
        file no longer matches ``declared`` just before its last piece would leave."""
        self._rewind(offset)
        return StreamBody(self, offset, length, declared, sent, cancel, changed)

    def sha256(self) -> str:
        """sha256 of the whole file (from what was sent, reading only what was not)."""
        self._rewind(self.total)
        return self._digest.hexdigest()

    def read(self, offset: int, size: int) -> bytes:
        """Bytes ``[offset, offset + size)``, added to the running sha256 (which must be at
        ``offset``)."""
        try:
            data = os.pread(self._fd, size, offset)
        except OSError as exc:
            raise InputError(msg("upload.unreadable", path=self.path,
                                 reason=exc.strerror)) from exc
        if len(data) != size:
            raise InputError(msg("upload.unreadable", path=self.path,
                                 reason="it became shorter"))
        self._hash(offset, data)
        return data

    def digest_now(self) -> str:
        return self._digest.hexdigest()

    def _hash(self, offset: int, data: bytes) -> None:
        assert offset == self._position, (offset, self._position)
        view = memoryview(data)
        while view:
            boundary = (self._position // CHECKPOINT + 1) * CHECKPOINT
            take = min(len(view), boundary - self._position)
            self._digest.update(view[:take])
            self._position += take
            view = view[take:]
            if self._position == boundary:
                self._checkpoints[boundary] = self._digest.copy()

    def _rewind(self, offset: int) -> None:
        """Put the running sha256 at ``offset`` (from the nearest checkpoint before it)."""
        if offset == self._position:
            return
        base = max(point for point in self._checkpoints if point <= offset)
        self._digest = self._checkpoints[base].copy()
        self._position = base
        while self._position < offset:
            self.read(self._position, min(4 << 20, offset - self._position))


class StreamBody:
    """A request body (``len`` + ``read``) over part of a :class:`FileStream`."""

    def __init__(self, source: FileStream, offset: int, length: int, declared: str | None,
                 sent: Callable[[int], None], cancel: threading.Event,
                 changed: Callable[[], UploadError]) -> None:
        self._source = source
        self._offset = offset
        self._length = length
        self._declared = declared
        self._sent = sent
        self._cancel = cancel
        self._changed = changed
        self._done = 0

    def __len__(self) -> int:
        return self._length

    def read(self, _size: int = -1) -> bytes:
        if self._cancel.is_set():
            raise Cancelled(msg("upload.cancelled", sent=0, total=0))
        self._sent(self._done)
        size = min(PIECE, self._length - self._done)
        if size <= 0:
            return b""
        start = self._offset + self._done
        data = self._source.read(start, size)
        if self._declared and start + size == self._source.total and \
                self._source.digest_now() != self._declared:
            raise self._changed()
        self._done += size
        return data

    def __iter__(self) -> Iterator[bytes]:
        while piece := self.read():
            yield piece
