"""Collectors: declarations of what a report may gather, run with a timeout and isolated.

Each module in this package declares one :class:`Collector` as ``COLLECTOR``
(name, title, item kind, timeout and ``collect(context) -> list[Item]``), the
way an sos plugin declares what it gathers. :func:`registry` finds them all;
:func:`run_collectors` runs each in its own worker thread and turns an
exception or a timeout into a text error item that holds the traceback (for a
timeout, the stack where the collector was stuck), so one broken collector never
sinks the report.

Collectors write payloads with ``context.payload_path(item_id, suffix)`` and
return ``Item.from_file(...)``. Titles and item metadata are not scanned for
personal data (the bundle manifest carries titles as they are): keep paths,
user names and host names out of them; put such things in the payload, which
the scanner sees and the user reviews.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import queue
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Cancelled, SupportAssistantError
from ..items import Box, Item, ItemKind
from ..messages import msg, register
from ..policy import Config
from ..report import ErrorInfo, Report

register({
    "collect.failed_title": "Collector {collector} failed",
    "collect.failed_exception": "The {collector} collector failed: {error}",
    "collect.failed_timeout": "The {collector} collector did not finish within {timeout:g} seconds and was abandoned.",
    "collect.failed_stack": "Where it was when abandoned:",
    "collect.cancelled": "Collecting was cancelled; nothing was kept.",
})

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScreenshotRequest:
    """Which part of the screen to capture.

    ``monitor`` 0 is the whole desktop (every monitor), 1.. one monitor as mss
    numbers them; ``region`` (desktop coordinates) captures that rectangle instead.
    """

    monitor: int = 0
    region: Box | None = None


@dataclass
class CollectContext:
    """What collectors may read: the report, the effective config and the caller's request.

    ``displays`` and ``qt_version`` may be handed in by the Qt app (it knows the
    scale factors); without them the environment collector asks mss.
    """

    report: Report
    config: Config
    log_paths: list[str] = field(default_factory=list)
    screenshot: ScreenshotRequest | None = None
    displays: list[dict[str, Any]] | None = None
    qt_version: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    _reserved: set[str] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def product(self) -> str:
        return self.report.product

    @property
    def product_version(self) -> str:
        return self.report.product_version

    @property
    def error(self) -> ErrorInfo | None:
        return self.report.error

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def new_item_id(self, prefix: str) -> str:
        """A unique item id, reserved at once (collectors run in parallel threads)."""
        with self._lock:
            taken = {i.id for i in self.report.items} | self._reserved
            n = 1
            while f"{prefix}-{n}" in taken:
                n += 1
            item_id = f"{prefix}-{n}"
            self._reserved.add(item_id)
            return item_id

    def payload_path(self, item_id: str, suffix: str) -> Path:
        return self.report.payload_path(item_id, suffix)


@dataclass(frozen=True)
class Collector:
    """One collector's declaration; ``title`` is a message key (see core.messages)."""

    name: str
    title: str
    kind: ItemKind
    timeout: float
    collect: Callable[[CollectContext], list[Item]]
    wanted: Callable[[CollectContext], bool] = lambda context: True

    @property
    def display_title(self) -> str:
        return msg(self.title)


@dataclass
class Failure:
    """A collector that failed or timed out, and the error item that now stands for it."""

    collector: str
    reason: str  # "exception" or "timeout"
    message: str
    item: Item


@dataclass
class CollectResult:
    """The items added to the report and the collectors that failed."""

    items: list[Item] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


_REGISTRY: dict[str, Collector] | None = None


def registry() -> dict[str, Collector]:
    """Every collector declared in this package, by name (modules are found at first call)."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, Collector] = {}
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            declared = getattr(module, "COLLECTOR", None)
            if isinstance(declared, Collector):
                found[declared.name] = declared
        _REGISTRY = found
    return dict(_REGISTRY)


def default_names(context: CollectContext, available: dict[str, Collector] | None = None
                  ) -> list[str]:
    """The collectors to run for ``context``: enabled by policy and wanted by the request."""
    available = registry() if available is None else available
    enabled = set(context.config["collectors.enabled"])
    return [name for name, c in available.items() if name in enabled and c.wanted(context)]


class _Run:
    """One collector running in its own daemon thread (a hung one cannot block exit)."""

    def __init__(self, collector: Collector, context: CollectContext,
                 done: queue.Queue[str]) -> None:
        self.collector = collector
        self.items: list[Item] = []
        self.error: BaseException | None = None
        self.trace = ""
        self.thread = threading.Thread(target=self._work, args=(context, done), daemon=True,
                                       name=f"collector-{collector.name}")
        self.started = time.monotonic()
        self.finished = False

    def _work(self, context: CollectContext, done: queue.Queue[str]) -> None:
        try:
            self.items = list(self.collector.collect(context))
        except BaseException as exc:  # noqa: BLE001 - every failure becomes an error item
            self.error = exc
            self.trace = traceback.format_exc()
        finally:
            done.put(self.collector.name)

    @property
    def deadline(self) -> float:
        return self.started + self.collector.timeout


def run_collectors(context: CollectContext, names: Sequence[str] | None = None, *,
                   progress: Progress | None = None, cancel: threading.Event | None = None,
                   available: dict[str, Collector] | None = None) -> CollectResult:
    """Run ``names`` (default: :func:`default_names`) in parallel, each within its timeout.

    Items are added to the report in the order of ``names``; a collector that
    raises or overruns its timeout is replaced by an error item. Setting
    ``cancel`` abandons the run: :class:`Cancelled` is raised and nothing is added.
    """
    available = registry() if available is None else available
    names = default_names(context, available) if names is None else list(names)
    if cancel is not None:
        context.cancel = cancel
    done: queue.Queue[str] = queue.Queue()
    runs = {name: _Run(available[name], context, done) for name in names}
    for run in runs.values():
        run.started = time.monotonic()
        run.thread.start()
    pending = set(runs)
    total = len(runs)
    if progress:
        progress("collect", 0, total)
    while pending:
        if context.cancelled:
            raise Cancelled(msg("collect.cancelled"))
        now = time.monotonic()
        expired = {n for n in pending if runs[n].deadline <= now}
        for name in expired:
            pending.discard(name)  # abandoned: its thread may still run, its items are ignored
        if expired and progress:
            progress("collect", total - len(pending), total)
        if not pending:
            break
        wait = min(min(runs[n].deadline for n in pending) - now, 0.05)
        try:
            name = done.get(timeout=max(wait, 0.001))
        except queue.Empty:
            continue
        if name in pending:
            pending.discard(name)
            runs[name].finished = True
            if progress:
                progress("collect", total - len(pending), total)
    if context.cancelled:
        raise Cancelled(msg("collect.cancelled"))
    result = CollectResult()
    for run in runs.values():
        if run.finished and run.error is None:
            for item in run.items:
                context.report.add(item)
                result.items.append(item)
            continue
        failure = _failure_item(context, run)
        context.report.add(failure.item)
        result.items.append(failure.item)
        result.failures.append(failure)
    context.report.save()
    return result


def _failure_item(context: CollectContext, run: _Run) -> Failure:
    name = run.collector.name
    if run.finished:
        error = run.error
        expected = isinstance(error, SupportAssistantError)
        message = msg("collect.failed_exception", collector=name,
                      error=str(error) if expected else f"{type(error).__name__}: {error}")
        body = message + ("\n" if expected else "\n\n" + run.trace)
        reason = "exception"
    else:
        message = msg("collect.failed_timeout", collector=name, timeout=run.collector.timeout)
        frame = sys._current_frames().get(run.thread.ident or -1)
        stack = "".join(traceback.format_stack(frame)) if frame is not None else ""
        body = message + (f"\n\n{msg('collect.failed_stack')}\n{stack}" if stack else "\n")
        reason = "timeout"
    item_id = context.new_item_id(f"failed-{name}")
    path = write_payload(context, item_id, ".txt", body.encode("utf-8"))
    item = Item.from_file(id=item_id, kind=ItemKind.TEXT,
                          title=msg("collect.failed_title", collector=name), source=name,
                          payload=path, media_type="text/plain; charset=utf-8",
                          metadata={"collector_failed": True, "reason": reason})
    return Failure(collector=name, reason=reason, message=message, item=item)


def write_payload(context: CollectContext, item_id: str, suffix: str,
                  data: bytes | Iterable[bytes]) -> Path:
    """Write a new payload file (0600) into the session folder; returns its path."""
    path = context.payload_path(item_id, suffix)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        if isinstance(data, bytes | bytearray | memoryview):
            handle.write(data)
        else:
            for block in data:
                handle.write(block)
    return path
