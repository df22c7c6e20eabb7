"""A received bundle as the console and the HTML report read it: lazily, verified first.

:func:`open_contents` opens a bundle through :func:`.bundle_reader.open_bundle`
(structure and manifest schema checked at once, hostile bundles refused with
the same errors as ``inspect``). Nothing of an item is handed out before its
sha256 and size were checked: :meth:`BundleContents.verify` checks entries one
by one, smallest first (the environment and error items are tiny, so the
summary can show them within milliseconds even when a log is 500 MB), and
:meth:`BundleContents.read` / :meth:`BundleContents.spool` return only
verified bytes. A large log is spooled once into a private 0700 temporary
folder (verified while it is written) so it can be searched through ``mmap``;
:meth:`BundleContents.close` removes that folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import environment_labels  # noqa: F401 - registers the env.* sentences used below
from .bundle_format import human_size
from .bundle_reader import BundleReader, FileCheck, VerificationReport, open_bundle
from .errors import BundleError, Cancelled, InputError
from .messages import msg, register
from .paths import cache_dir

register({
    "contents.not_verified": "'{name}' of the bundle {path} failed its check, so it is not shown; ask the sender for a new copy.",
    "contents.too_large": "'{name}' is {size}, too large to show here (limit {limit}); export it instead.",
    "contents.cancelled": "Checking the bundle was cancelled; nothing of it is shown.",
    "contents.export_failed": "'{name}' could not be exported to {path} ({reason}); check the folder and its free space.",
})

MAX_IN_MEMORY = 256 << 20
"""Largest entry :meth:`BundleContents.read` returns as bytes (images, environment)."""
_CHUNK = 1 << 20

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ItemInfo:
    """One item as the manifest declares it, with its consent record."""

    id: str
    kind: str
    title: str
    source: str
    media_type: str
    path: str
    size: int
    sha256: str
    redaction_count: int
    redaction_kinds: dict[str, int]
    boxes: list[tuple[int, int, int, int]]
    approved_at: str

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def is_text(self) -> bool:
        return self.kind in ("log", "text") or self.media_type.startswith("text/")

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


def items_of(manifest: dict[str, Any]) -> list[ItemInfo]:
    """The manifest's items with their approval times (the manifest passed its schema)."""
    approved = {c["id"]: c["approved_at"] for c in manifest["consent"]["items"]}
    return [ItemInfo(id=i["id"], kind=i["kind"], title=i["title"], source=i["source"],
                     media_type=i["media_type"], path=i["path"], size=i["size"],
                     sha256=i["sha256"], redaction_count=i["redactions"]["count"],
                     redaction_kinds=dict(i["redactions"]["kinds"]),
                     boxes=[tuple(b) for b in i["redactions"]["boxes"]],
                     approved_at=approved.get(i["id"], ""))
            for i in manifest["items"]]


class BundleContents:
    """An opened bundle: manifest, items, per-entry verification, verified reads."""

    def __init__(self, reader: BundleReader) -> None:
        self.reader = reader
        self.path = reader.path
        self.manifest = reader.manifest
        self.items = items_of(self.manifest)
        self._checks: dict[str, FileCheck] = {}
        self._lock = threading.Lock()
        self._readers = threading.Condition()
        self._active = 0
        self._closing = threading.Event()
        self._spooled: dict[str, Path] = {}
        self._spool_dir: Path | None = None
        self._cleanup = weakref.finalize(self, _remove_tree, None)

    # --- facts --------------------------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        return self.reader.encrypted

    @property
    def report(self) -> dict[str, Any]:
        return self.manifest["report"]

    def item(self, item_id: str) -> ItemInfo:
        return next(i for i in self.items if i.id == item_id)

    def total_size(self) -> int:
        return sum(i.size for i in self.items)

    # --- verification -------------------------------------------------------------------
    def verification_order(self) -> list[ItemInfo]:
        """Smallest first, so the summary's facts are checked before the big logs."""
        return sorted(self.items, key=lambda i: (i.size, i.path))

    def verify(self, progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None) -> VerificationReport:
        """Check every entry (those already checked are not read again); see module doc."""
        report = VerificationReport(self.path)
        order = self.verification_order()
        for done, info in enumerate(order):
            if cancel is not None and cancel.is_set():
                raise Cancelled(msg("contents.cancelled"))
            if progress:
                progress(done, len(order), info.id)
            report.files.append(self.check(info))
        if progress:
            progress(len(order), len(order), "")
        return report

    def check(self, info: ItemInfo) -> FileCheck:
        """Verify one entry (once); its result is kept."""
        with self._lock:
            known = self._checks.get(info.path)
        if known is not None:
            return known
        result = self._read_through(info)
        with self._lock:
            self._checks[info.path] = result
        return result

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Count a read in progress; close() waits for it (reads stop at the next chunk)."""
        with self._readers:
            if self._closing.is_set():
                raise Cancelled(msg("contents.cancelled"))
            self._active += 1
        try:
            yield
        finally:
            with self._readers:
                self._active -= 1
                self._readers.notify_all()

    def _stop_if_closing(self, cancel: threading.Event | None = None) -> None:
        if self._closing.is_set() or (cancel is not None and cancel.is_set()):
            raise Cancelled(msg("contents.cancelled"))

    def _read_through(self, info: ItemInfo) -> FileCheck:
        try:
            with self._reading(), self.reader.open(info.path) as stream:
                while stream.read(_CHUNK):
                    self._stop_if_closing()
        except BundleError as exc:
            return FileCheck(info.path, info.sha256, info.size, exc.detail.get("actual"),
                             None, problem=str(exc))
        return FileCheck(info.path, info.sha256, info.size, info.sha256, info.size)

    def is_verified(self, info: ItemInfo) -> bool:
        found = self._checks.get(info.path)
        return found is not None and found.ok

    def failures(self) -> list[FileCheck]:
        return [c for c in self._checks.values() if not c.ok]

    # --- verified reads -----------------------------------------------------------------
    def read(self, info: ItemInfo, limit: int = MAX_IN_MEMORY) -> bytes:
        """The item's bytes, checked against the manifest (BundleError otherwise)."""
        if info.size > limit:
            raise InputError(msg("contents.too_large", name=info.path, size=human_size(info.size),
                                 limit=human_size(limit)))
        with self._reading():
            data = self.reader.read_bytes(info.path)
        with self._lock:
            self._checks.setdefault(info.path, FileCheck(info.path, info.sha256, info.size,
                                                         info.sha256, info.size))
        return data

    def spool(self, info: ItemInfo, progress: ProgressCallback | None = None,
              cancel: threading.Event | None = None) -> Path:
        """The item as a private temporary file (verified while written); removed by close()."""
        with self._lock:
            known = self._spooled.get(info.path)
        if known is not None:
            return known
        folder = self._private_dir()
        target = folder / f"{len(self._spooled)}-{info.file_name}"
        try:
            self._copy_verified(info, target, progress, cancel)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        with self._lock:
            self._spooled[info.path] = target
        return target

    def export(self, info: ItemInfo, destination: Path,
               progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None) -> Path:
        """Write the verified item to ``destination`` (atomically: nothing left on failure)."""
        destination = Path(destination)
        handle, temporary = tempfile.mkstemp(prefix=".export-", dir=destination.parent) \
            if destination.parent.is_dir() else (None, None)
        if handle is None or temporary is None:
            raise InputError(msg("contents.export_failed", name=info.title,
                                 path=destination, reason="the folder does not exist"))
        os.close(handle)
        try:
            self._copy_verified(info, Path(temporary), progress, cancel)
            os.replace(temporary, destination)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise InputError(msg("contents.export_failed", name=info.title, path=destination,
                                 reason=exc.strerror or exc)) from exc
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return destination

    def _copy_verified(self, info: ItemInfo, target: Path, progress: ProgressCallback | None,
                       cancel: threading.Event | None) -> None:
        done = 0
        with self._reading(), self.reader.open(info.path) as stream, open(target, "wb") as out:
            while block := stream.read(_CHUNK):
                self._stop_if_closing(cancel)
                out.write(block)
                done += len(block)
                if progress:
                    progress(done, info.size, info.id)
            stream.read()  # the end of the stream runs the final size and sha256 check
        with self._lock:
            self._checks.setdefault(info.path, FileCheck(info.path, info.sha256, info.size,
                                                         info.sha256, info.size))

    def _private_dir(self) -> Path:
        with self._lock:
            if self._spool_dir is None:
                self._spool_dir = Path(tempfile.mkdtemp(prefix="console-", dir=cache_dir()))
                os.chmod(self._spool_dir, 0o700)
                self._cleanup.detach()
                self._cleanup = weakref.finalize(self, _remove_tree, self._spool_dir)
            return self._spool_dir

    # --- what the summary shows ---------------------------------------------------------
    def environment(self) -> dict[str, Any] | None:
        """The first environment item as JSON (verified), or None."""
        for info in self.items:
            if info.kind == "environment" and info.size <= MAX_IN_MEMORY:
                try:
                    value = json.loads(self.read(info).decode("utf-8", "replace"))
                except (ValueError, RecursionError):
                    return None
                return value if isinstance(value, dict) else None
        return None

    def error_time(self, environment: dict[str, Any] | None = None) -> datetime | None:
        """When the report was made (the error's time), in the customer's time zone if known."""
        try:
            when = datetime.fromisoformat(self.report["created_at"].replace("Z", "+00:00"))
        except ValueError:
            return None
        offset = _utc_offset(environment)
        return when.astimezone(offset) if offset is not None else when

    def close(self) -> None:
        """Stop reads in progress (at their next chunk), close the bundle, remove spooled files."""
        with self._readers:
            self._closing.set()
            self._readers.wait_for(lambda: self._active == 0, timeout=30)
        self.reader.close()
        self._cleanup()

    def __enter__(self) -> BundleContents:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_contents(path: Path | str, identity: Path | str | Sequence[Any] | None = None
                  ) -> BundleContents:
    """Open ``path`` for reading; every error is the one ``inspect`` gives for it."""
    return BundleContents(open_bundle(path, identity=identity))


def highlights(environment: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(label key, value) pairs of what an engineer looks at first: OS, memory, displays, intake."""
    if not environment:
        return []
    pairs: list[tuple[str, str]] = []
    os_info = _dict(environment.get("os"))
    if os_info:
        name = os_info.get("name") or os_info.get("platform") or os_info.get("system") or ""
        build = os_info.get("build") or os_info.get("release") or ""
        pairs.append(("os", " ".join(str(v) for v in (name, build) if v)))
    memory = _dict(environment.get("memory"))
    if isinstance(memory.get("total_bytes"), int):
        text = human_size(memory["total_bytes"])
        if isinstance(memory.get("available_bytes"), int):
            text = f"{human_size(memory['available_bytes'])} / {text}"
        pairs.append(("memory", text))
    displays = _dict(environment.get("displays"))
    if displays:
        monitors = displays.get("monitors") or []
        sizes = ", ".join(f"{m.get('width')}×{m.get('height')}" for m in monitors
                          if isinstance(m, dict) and "width" in m)
        count = displays.get("count", len(monitors))
        pairs.append(("displays", f"{count}" + (f" ({sizes})" if sizes else "")))
    intake = _dict(environment.get("intake"))
    if intake:
        if intake.get("answered"):
            state = msg("env.intake_answered", status=intake.get("http_status"))
        elif intake.get("reachable"):
            state = msg("env.intake_reachable")
        else:
            state = msg("env.intake_unreachable", step=intake.get("failed_step") or "?",
                        error=intake.get("error") or "")
        pairs.append(("intake", f"{intake.get('endpoint', '')}: {state}"))
    return pairs


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _utc_offset(environment: dict[str, Any] | None) -> timezone | None:
    zone = _dict((environment or {}).get("time_zone"))
    minutes = zone.get("utc_offset_minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and abs(minutes) < 24 * 60:
        return timezone(timedelta(minutes=minutes))
    return None


def verification_error(contents: BundleContents) -> BundleError | None:
    """The BundleError of the first failed entry (naming it, expected and actual), if any."""
    report = VerificationReport(contents.path, files=contents.failures())
    try:
        report.raise_for_failure()
    except BundleError as exc:
        return exc
    return None


def _remove_tree(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
