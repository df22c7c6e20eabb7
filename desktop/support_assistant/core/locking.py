"""An exclusive, non-blocking lock on a file, released by the OS when the process dies.

Written here rather than taken from ``filelock``: it is 40 lines over fcntl/msvcrt
and the outbox needs exactly this (try once, never wait, survive kill -9).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from types import TracebackType


class Busy(Exception):
    """Another process holds the lock."""


class FileLock:
    """``with FileLock(path):`` holds an exclusive lock on ``path`` (created 0600) or raises Busy."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, trying every 50 ms for up to ``timeout`` seconds; Busy if not."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + timeout
        while True:
            try:
                _lock(fd)
                break
            except OSError as exc:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise Busy(str(self.path)) from exc
                time.sleep(0.05)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
