"""The bytes side of a chunked upload (``chunk_size=N``): chunks and their checksums, progress.

:class:`ChunkSource` reads the next chunk and computes its tus checksum on a worker
thread while the current one is on the wire, and hashes confirmed bytes there too
(hashlib and file reads release the GIL). Even so, the turn-around after every chunk
keeps 8 MiB chunks at about 0.63 of curl here (benchmarks/RESULTS-upload.md); the
default streams the file instead (:mod:`.upload_stream`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errors import Cancelled, InputError
from .messages import msg, register

register({
    "upload.unreadable": "The bundle {path} cannot be read: {reason}.",
    "upload.shrunk": "The bundle {path} became shorter while it was being sent; build it again.",
    "upload.cancelled": "The upload was cancelled; {sent} of {total} bytes had reached the intake.",
})

PIECE = 1 << 20


def read_at(fd: int, offset: int, size: int) -> bytes:
    """Up to ``size`` bytes of ``fd`` from ``offset`` (fewer only at the end of the file)."""
    data = b""
    while len(data) < size:
        position = offset + len(data)
        if hasattr(os, "pread"):
            more = os.pread(fd, size - len(data), position)
        else:  # Windows has no pread (one reader per descriptor here)
            os.lseek(fd, position, os.SEEK_SET)
            more = os.read(fd, size - len(data))
        if not more:
            break
        data += more
    return data


def read_exactly(fd: int, offset: int, size: int, path: Path) -> bytes:
    """``size`` bytes of the bundle open as ``fd`` from ``offset``; :class:`InputError` when
    it cannot be read or became shorter."""
    try:
        data = read_at(fd, offset, size)
    except OSError as exc:
        raise InputError(msg("upload.unreadable", path=path, reason=exc.strerror)) from exc
    if len(data) != size:
        raise InputError(msg("upload.shrunk", path=path))
    return data


@dataclass(frozen=True)
class Progress:
    """Bytes the intake has or is receiving, bytes per second, seconds left (None: unknown)."""

    sent: int
    total: int
    rate: float
    eta: float | None


@dataclass(frozen=True)
class Chunk:
    """Bytes ``[offset, offset + len(data))`` of the file and their ``Upload-Checksum``."""

    offset: int
    data: memoryview
    checksum: str | None


class ChunkSource:
    """Chunks of one file, read and hashed on a worker thread one chunk ahead.

    The file and the running sha256 are only touched by the worker, in the order the
    calls were made; ``get`` blocks only when the chunk was not prefetched.
    """

    def __init__(self, path: Path, total: int, algorithm: str | None) -> None:
        self._path = path
        self._total = total
        self._algorithm = algorithm
        try:
            self._handle = path.open("rb")
        except OSError as exc:
            raise InputError(msg("upload.unreadable", path=path, reason=exc.strerror)) from exc
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tus-chunks")
        self._ahead: tuple[int, int, Future[Chunk]] | None = None
        self._digest = RunningHash(path)
        self._confirms: list[Future[None]] = []

    def __enter__(self) -> ChunkSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
        self._handle.close()

    def get(self, offset: int, size: int) -> Chunk:
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[:2] == (offset, size):
            return ahead[2].result()
        return self._worker.submit(self._read, offset, size).result()

    def prefetch(self, offset: int, size: int) -> None:
        if size > 0:
            self._ahead = (offset, size, self._worker.submit(self._read, offset, size))

    def confirm(self, chunk: Chunk, new_offset: int) -> None:
        """The server holds ``chunk`` up to ``new_offset``: add those bytes to the sha256."""
        pending = []
        for future in self._confirms:
            if future.done():
                future.result()  # a worker's error surfaces here
            else:
                pending.append(future)
        self._confirms = pending
        self._confirms.append(self._worker.submit(self._digest.confirm, new_offset, chunk.offset,
                                                  chunk.data))

    def sha256_with(self, chunk: Chunk) -> str:
        """The file's sha256 once the last ``chunk`` is confirmed (waits for the worker)."""
        return self._worker.submit(self._digest.preview, chunk.offset, chunk.data).result()

    def sha256(self) -> str:
        """sha256 of the whole file as confirmed (waits for the worker)."""
        for future in self._confirms:
            future.result()
        return self._worker.submit(self._digest.hexdigest, self._total).result()

    def _read(self, offset: int, size: int) -> Chunk:
        data = read_exactly(self._handle.fileno(), offset, size, self._path)
        checksum = None
        if self._algorithm:
            value = base64.b64encode(hashlib.new(self._algorithm, data).digest()).decode("ascii")
            checksum = f"{self._algorithm} {value}"
        return Chunk(offset, memoryview(data), checksum)


class RunningHash:
    """sha256 of the bytes the server confirmed, in order (re-reads the file on a step back)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._digest = hashlib.sha256()
        self._position = 0

    def confirm(self, new_offset: int, chunk_offset: int, chunk: memoryview) -> None:
        if chunk_offset != self._position or new_offset < self._position:
            self._rehash(chunk_offset)
        self._digest.update(chunk[:new_offset - chunk_offset])
        self._position = new_offset

    def preview(self, chunk_offset: int, chunk: memoryview) -> str:
        if chunk_offset != self._position:
            self._rehash(chunk_offset)
        digest = self._digest.copy()
        digest.update(chunk)
        return digest.hexdigest()

    def hexdigest(self, total: int) -> str:
        if self._position != total:
            self._rehash(total)
        return self._digest.hexdigest()

    def _rehash(self, upto: int) -> None:
        self._digest = hashlib.sha256()
        try:
            with self._path.open("rb") as handle:
                remaining = upto
                while remaining > 0 and (block := handle.read(min(4 << 20, remaining))):
                    self._digest.update(block)
                    remaining -= len(block)
        except OSError as exc:
            raise InputError(msg("upload.unreadable", path=self._path,
                                 reason=exc.strerror)) from exc
        self._position = upto


class ChunkBody:
    """A request body over one chunk that reports progress and honours cancel per piece."""

    def __init__(self, data: memoryview, sent: Callable[[int], None],
                 cancel: threading.Event) -> None:
        self._data = data
        self._sent = sent
        self._cancel = cancel
        self._position = 0

    def __len__(self) -> int:
        return len(self._data)

    def read(self, _size: int = -1) -> memoryview:
        if self._cancel.is_set():
            raise Cancelled(msg("upload.cancelled", sent=0, total=0))
        self._sent(self._position)
        piece = self._data[self._position:self._position + PIECE]
        self._position += len(piece)
        return piece

    def __iter__(self) -> Iterator[memoryview]:
        while piece := self.read():
            yield piece


class Meter:
    """Rate and time left over the last few seconds; calls back at most every 0.1 s."""

    WINDOW = 3.0

    def __init__(self, total: int, callback: Callable[[Progress], None] | None) -> None:
        self.total = total
        self.confirmed = 0
        self._callback = callback
        self._samples: list[tuple[float, int]] = []
        self._last_call = 0.0

    def restart(self, offset: int) -> None:
        self.confirmed = offset
        self._samples = [(time.monotonic(), offset)]
        self.update(offset, force=True)

    def update(self, sent: int, *, force: bool = False) -> None:
        if force:
            self.confirmed = sent
        if self._callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last_call < 0.1:
            return
        self._last_call = now
        samples = self._samples
        samples.append((now, sent))
        while len(samples) > 2 and now - samples[0][0] > self.WINDOW:
            samples.pop(0)
        elapsed = now - samples[0][0]
        rate = max(0.0, (sent - samples[0][1]) / elapsed) if elapsed > 0 else 0.0
        eta = (self.total - sent) / rate if rate > 0 else (0.0 if sent >= self.total else None)
        self._callback(Progress(sent=sent, total=self.total, rate=rate, eta=eta))
