"""The one running assistant: takes products' requests from the spool and shows their reports.

Callers (``report``, ``handle-url``, the excepthook) spool a request and wake us
over a :class:`QLocalServer` (see :mod:`support_assistant.core.triggers`). Each
request is handled in turn:

- a request for the same product as an open trigger window, within
  :data:`~support_assistant.core.triggers.MERGE_SECONDS` of its last one, joins
  that report (a crash loop gives one window, not fifty): a new error message
  becomes one more text item, a repeat is only counted; its screenshot is dropped;
- otherwise a report is created and its window shown. A screenshot the caller
  could not take (``pending``: we might have been on screen) is taken here
  first, after hiding our own windows, which come back afterwards.

``SUPPORT_ASSISTANT_EVENTS=FILE`` appends one JSON line per shown or merged
report (for integrators' tests and benchmarks/bench_trigger.py).
"""

from __future__ import annotations

import faulthandler
import json
import mmap
import os
import shutil
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication, QWidget

from ..core import triggers
from ..core.collectors import ScreenshotRequest
from ..core.collectors import error as error_collector
from ..core.collectors import screenshot as shots
from ..core.items import Box, Item, ItemKind
from ..core.messages import msg, register
from ..core.policy import Config
from ..core.report import ErrorInfo, Report
from ..core.workflow import CollectRequest
from .operations import Operation, report_error
from .review_window import ReviewWindow
from .settle import SETTLE_MS, HiddenWindows
from .snapshots import detached

register({"instance.repeated_title": "Another error reported by {product}"})

_WRITER = ThreadPoolExecutor(1, thread_name_prefix="screenshot-writer")
"""Writes a grab's PNG beside the UI thread while its window is built (zlib runs without
the GIL)."""

COLLECT_LATEST_MS = 1500
"""Collection starts when the window is painted with its screenshot, or after this long."""
SWEEP_MS = 10_000
DRAIN_MS = 2_000
MAX_OPEN_WINDOWS = 5
"""More requests for other products join the newest report instead of opening windows."""
MAX_DISTINCT_ERRORS = 5
"""Distinct further error messages kept per merged report (repeats are only counted)."""


@dataclass
class TriggerWindow:
    """An open window made for a product's request, and what was merged into it."""

    window: ReviewWindow
    key: tuple[str, str]
    last: float
    count: int = 1
    messages: set[str] = field(default_factory=set)
    announced: bool = False
    collecting: bool = False
    request: triggers.TriggerRequest | None = None
    watch: QObject | None = None
    pending_attachments: list[str] = field(default_factory=list)
    attaching: bool = False


class Instance(QObject):
    """See the module docstring."""

    reportShown = Signal(object)
    """A trigger window is visible with its screenshot's thumbnail (or has no screenshot)."""
    merged = Signal(object, int)
    """A request joined the window's report; the count of requests in it."""

    def __init__(self, config: Config, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self.windows: list[TriggerWindow] = []
        self.other_windows: list[QWidget] = []
        self.queue: deque[tuple[triggers.TriggerRequest, Path]] = deque()
        self.active: set[str] = set()
        """Requests taken from the queue and not finished (their screenshot may be pending)."""
        self.busy = False
        self._warm_pending = False  # a screen warm-up waits for the first window to paint
        self.events = os.environ.get("SUPPORT_ASSISTANT_EVENTS", "")
        self._sweeper = QTimer(self)
        self._sweeper.setInterval(SWEEP_MS)
        self._sweeper.timeout.connect(self._sweep)
        self._sweeper.start()
        self._poll = QTimer(self)
        self._poll.setInterval(DRAIN_MS)
        self._poll.timeout.connect(self.drain)
        self._poll.start()

    def start(self) -> bool:
        """Listen for callers, then handle what was spooled before we listened."""
        name = triggers.server_path()
        QLocalServer.removeServer(name)  # we hold the instance lock: a leftover is stale
        listening = self.server.listen(name)
        self._event("listening", "")
        self.drain()
        if self.config["screenshots.allowed"] and self.config["screenshots.automatic"]:
            # not before a window the drain opened has painted (see _shown): ~150 ms
            self._warm_pending = bool(self.windows)
            if not self._warm_pending:
                QTimer.singleShot(0, self, _warm_up)
        return listening

    def stop(self) -> None:
        """Stop listening and polling (the windows stay)."""
        self._poll.stop()
        self._sweeper.stop()
        self.server.close()

    # --- callers --------------------------------------------------------------------------
    def _connected(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: s.readAll())  # only a wake-up call
            socket.disconnected.connect(socket.deleteLater)
            self.drain()

    def drain(self) -> None:
        """Queue every new spooled request and handle them in order (also every few seconds:
        a lost wake-up call only delays a request)."""
        waiting = {request.id for request, _ in self.queue} | self.active
        for request, folder in triggers.drain():
            if request.id not in waiting:
                self.queue.append((request, folder))
        self._next()

    def _next(self) -> None:
        while self.queue and not self.busy:
            request, folder = self.queue.popleft()
            self.active.add(request.id)
            self._event("received", "", request=request.id, product=request.product,
                        screenshot=request.screenshot_state)
            try:
                self._handle(request, folder)
            except Exception:  # noqa: BLE001 - one broken request must not stop the rest
                traceback.print_exc()
                self.busy = False
                self._done(request, folder)

    def _handle(self, request: triggers.TriggerRequest, folder: Path) -> None:
        target = self._merge_target(request)
        if target is not None:
            self._merge(target, request, folder)
            self._done(request, folder)
            return
        grabbed = triggers.load_pixels(request, folder)  # what the caller grabbed, if it did
        if request.screenshot_state == "pending":
            visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            if visible:  # grab only once our windows are off the screen
                self.busy = True
                hidden = HiddenWindows(visible, lambda: self._grab_hidden(request, folder, hidden),
                                       self)
                self._event("hidden", "", windows=len(visible))
                return
            grabbed = triggers.grab_screenshot(request)
        self._open(request, folder, grabbed)

    def _open(self, request: triggers.TriggerRequest, folder: Path,
              grabbed: shots.Grab | None = None) -> None:
        try:
            self.open_report(request, folder, grabbed)
        except Exception as exc:  # noqa: BLE001 - one failed request must not stop the rest
            report_error(None, exc, traceback.format_exc())
        finally:
            self._done(request, folder)

    def _done(self, request: triggers.TriggerRequest, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.active.discard(request.id)

    def _grab_hidden(self, request: triggers.TriggerRequest, folder: Path,
                     hidden: HiddenWindows) -> None:
        self._event("settled", "", capped=hidden.capped)
        try:
            grabbed = triggers.grab_screenshot(request)
        finally:
            hidden.restore()
            hidden.deleteLater()
            self.busy = False
        self._open(request, folder, grabbed)
        self._next()

    # --- one report per request (or burst) ------------------------------------------------
    def open_report(self, request: triggers.TriggerRequest, folder: Path,
                    grabbed: shots.Grab | None = None) -> ReviewWindow:
        """Create the report and show its window: screenshot first, then collect the rest.

        ``grabbed``: the pixels of a screenshot taken here or spooled raw by the caller; its
        PNG is written on a worker thread while the window is built, and the editor shows
        the pixels without decoding. (A PNG in the spool is decoded by the editor.)"""
        written: Future[None] | None = None
        image = thumbnail = None
        if grabbed is not None:  # the PNG is written while the window is built
            image = _qimage(grabbed.pixels, grabbed.width, grabbed.height)
            # Qt converts and scales in a few ms with the GIL held; the worker then only
            # copies rows and deflates (which runs without it)
            rgb = image.convertToFormat(QImage.Format.Format_RGB888)
            thumbnail = image.scaled(*triggers.THUMBNAIL_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
            written = _WRITER.submit(triggers.write_screenshot, request, grabbed,
                                     folder / triggers.SCREENSHOT_FILE, thumbnail=False,
                                     rgb=rgb.constBits())
        error = None
        if request.error_message or request.error_trace:
            error = ErrorInfo(message=request.error_message, trace=request.error_trace,
                              context={"reported via": request.origin})
        report = Report.create(product=request.product, product_version=request.product_version,
                               error=error)
        window = ReviewWindow(report, self.config)
        window.hold_background_work()  # OCR starts once the window has painted (see _shown)
        record = TriggerWindow(window, request.merge_key(), time.monotonic(),
                               messages={request.error_message}, request=request)
        self.windows.append(record)
        if written is not None:
            written.result()
        shot = self._screenshot_item(report, request, folder)
        if shot is not None:
            if thumbnail is None:  # the caller's, written beside its screenshot
                thumbnail = QImage(str(folder / triggers.THUMBNAIL_FILE))
            if not thumbnail.isNull():
                window.model.seed_thumbnail(shot, thumbnail)
            if image is not None:
                window.seed_image(shot, image)
            window.add_items([shot])
        shutil.rmtree(folder, ignore_errors=True)
        record.watch = _FirstPaint(window, lambda: self._shown(record, shot), self)
        window.show()
        window.raise_()
        window.activateWindow()
        window.infoMessage.emit(self._screenshot_note(request))
        self._event("opened", report.id, screenshot=request.screenshot_state)
        # The rest is collected once the window is up (the user sees the error first); the
        # timer covers a thumbnail that never renders.
        QTimer.singleShot(COLLECT_LATEST_MS, self, lambda: self._collect(record, request))
        return window

    def _collect(self, record: TriggerWindow, request: triggers.TriggerRequest) -> None:
        if record.collecting or record not in self.windows:
            return
        if self.busy:  # our windows are hidden for a moment while a screenshot is taken
            QTimer.singleShot(SETTLE_MS, self, lambda: self._collect(record, request))
            return
        if not record.window.isVisible():
            return  # closed before collecting began
        record.collecting = True
        window = record.window
        window.release_background_work()  # the thumbnail never rendered: do not wait longer
        from .privacy_notice import ensure_accepted  # not needed to show the window

        if not ensure_accepted(self.config, window):  # first report, or IT changed the notice
            self._discard(record)
            return
        names = [n for n in ("environment", "error", "logs")
                 if n in set(self.config["collectors.enabled"])]
        window.collect(CollectRequest(names=names, log_paths=list(request.logs)))
        self._attach(record, request.attachments)

    def _discard(self, record: TriggerWindow) -> None:
        """The user declined the privacy notice: the report (screenshot included) is deleted."""
        if record in self.windows:
            self.windows.remove(record)
        record.window.close()
        record.window.report.delete()
        record.window.deleteLater()

    def _screenshot_item(self, report: Report, request: triggers.TriggerRequest,
                         folder: Path) -> Item | None:
        source = folder / triggers.SCREENSHOT_FILE
        if request.screenshot_state != "taken" or not source.is_file():
            return None
        item_id = report.new_item_id("screenshot")
        payload = report.payload_path(item_id, ".png")
        os.replace(source, payload)
        geometry = request.capture["geometry"]
        window = "window" in request.capture
        shot_request = (ScreenshotRequest(region=Box(geometry["left"], geometry["top"],
                                                     geometry["width"], geometry["height"]))
                        if window else ScreenshotRequest())
        capture = shots.Capture(path=payload, target=geometry,
                                monitors=request.capture["monitors"])
        return shots.item_for(item_id, capture, shot_request, window=window)

    def _screenshot_note(self, request: triggers.TriggerRequest) -> str:
        state = request.screenshot_state
        if state == "taken":
            text = self.tr("A screenshot was taken when the error occurred. It is sent only if "
                           "you tick it, and you can black out parts of it first.")
            return f"{text} {request.screenshot_note}".strip()
        if state == "off":
            return self.tr("Automatic screenshots are turned off by your IT department's policy.")
        if state == "failed":
            return self.tr("No screenshot could be taken: {reason}").format(
                reason=request.screenshot_note)
        return ""

    def _attach(self, record: TriggerWindow, paths: list[str]) -> None:
        """Copy the product's attachments in, one batch at a time (each batch numbers its
        items against the report as it is, so two batches at once would clash)."""
        record.pending_attachments.extend(paths)
        if record.attaching or not record.pending_attachments:
            return
        record.attaching = True
        batch, record.pending_attachments = record.pending_attachments, []
        from ..core import additions  # not needed to show the window

        window = record.window
        limit = self.config["limits.max_attachment_bytes"]
        target = detached(window.report)
        operation = Operation(window, lambda _p: [
            additions.attach_file(target, Path(p), max_bytes=limit) for p in batch])
        operation.success(window.add_items)
        operation.done.connect(lambda: self._attached(record))
        operation.run()

    def _attached(self, record: TriggerWindow) -> None:
        record.attaching = False
        self._attach(record, [])

    def _shown(self, record: TriggerWindow, shot: Item | None) -> bool:
        """After a paint of the item list: announce once the thumbnail was in it."""
        window = record.window
        if record.announced or (shot is not None and not window.model.has_thumbnail(shot.id)):
            return False
        record.announced = True
        g = window.frameGeometry()
        self._event("shown", window.report.id, window=[g.x(), g.y(), g.width(), g.height()])
        self.reportShown.emit(window)
        if self._warm_pending:
            self._warm_pending = False
            QTimer.singleShot(0, self, _warm_up)
        QTimer.singleShot(0, window, window.release_background_work)
        if record.request is not None:
            QTimer.singleShot(0, self, lambda: self._collect(record, record.request))
        return True

    # --- bursts -----------------------------------------------------------------------------
    def _merge_target(self, request: triggers.TriggerRequest) -> TriggerWindow | None:
        now = time.monotonic()
        for record in reversed(self.windows):
            if (record.key == request.merge_key() and record.window.isVisible()
                    and now - record.last <= triggers.MERGE_SECONDS):
                return record
        open_windows = [r for r in self.windows if r.window.isVisible()]
        if len(open_windows) >= MAX_OPEN_WINDOWS:  # e.g. a page opening links in a loop
            return open_windows[-1]
        return None

    def _merge(self, record: TriggerWindow, request: triggers.TriggerRequest,
               folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)  # the first screenshot shows the error
        record.count += 1
        record.last = time.monotonic()
        window = record.window
        other = request.merge_key() != record.key
        message = f"{request.product}: {request.error_message}" if other \
            else request.error_message
        if (message or request.error_trace) and message not in record.messages \
                and len(record.messages) <= MAX_DISTINCT_ERRORS:
            record.messages.add(message)
            window.add_items([_error_item(window.report, request)])
        self._attach(record, request.attachments)
        if other:
            text = self.tr("Too many reports are open, so an error from {product} was added "
                           "to this one.").format(product=request.product)
        else:
            text = self.tr("{product} reported {count} errors in a row; they are all in this "
                           "one report.").format(product=request.product, count=record.count)
        window.infoMessage.emit(text)
        self._event("merged", window.report.id, count=record.count)
        self.merged.emit(window, record.count)

    def _sweep(self) -> None:
        """Free closed windows once no background work can still call back into them."""
        if self.busy or QThreadPool.globalInstance().activeThreadCount():
            return
        for record in [r for r in self.windows if not r.window.isVisible()]:
            self.windows.remove(record)
            record.window.deleteLater()
        for window in [w for w in self.other_windows if not w.isVisible()]:
            self.other_windows.remove(window)
            window.deleteLater()

    # --- the tray's entries -----------------------------------------------------------------
    def new_report(self) -> ReviewWindow:
        """A report the user starts (tray: Report a problem), like ``support-assistant new``."""
        from .privacy_notice import ensure_accepted

        window = ReviewWindow(Report.create(), self.config)
        self.other_windows.append(window)
        window.show()
        if not ensure_accepted(self.config, window):
            self.other_windows.remove(window)
            window.close()
            window.report.delete()
            window.deleteLater()
            return window
        window.collect(CollectRequest())
        return window

    def _event(self, name: str, report_id: str, **extra: Any) -> None:
        if not self.events:
            return
        line = json.dumps({"event": name, "report": report_id, "at": time.time(), **extra})
        with open(self.events, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _qimage(pixels: bytes | bytearray | mmap.mmap, width: int, height: int) -> QImage:
    """A QImage of BGRX ``pixels`` without a copy (PySide keeps ``pixels`` alive as long as
    any image shares them; a copy of a 4K grab costs ~15 ms of fresh memory)."""
    return QImage(pixels, width, height, width * 4, QImage.Format.Format_RGB32)


class _FirstPaint(QObject):
    """Calls ``done()`` after each paint of the window's item list until it returns True."""

    def __init__(self, window: ReviewWindow, done: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self.done = done
        self.viewport = window.items.viewport()
        self.viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._check)  # after the paint has been drawn
        return False

    def _check(self) -> None:
        if self.done():
            self.viewport.removeEventFilter(self)
            self.deleteLater()


def _error_item(report: Report, request: triggers.TriggerRequest) -> Item:
    """A further error of a burst as a text item (same rendering as the error collector)."""
    item_id = report.new_item_id("repeated-error")
    path = report.payload_path(item_id, ".txt")
    text = error_collector.render(ErrorInfo(message=request.error_message,
                                            trace=request.error_trace))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(text.encode("utf-8"))
    return Item.from_file(id=item_id, kind=ItemKind.TEXT, source="error",
                          title=msg("instance.repeated_title", product=request.product),
                          payload=path, media_type="text/plain; charset=utf-8",
                          metadata={"filename": "error.txt"})


def _warm_up() -> None:
    """Open the screen connection before the first error needs it (saves ~100 ms then)."""
    try:
        shots.warm_up()
    except Exception:  # noqa: BLE001 - no display yet: the trigger will say so
        return


def run_instance(language: str = "") -> int:
    """The ``tray`` command's body: the QApplication, the instance, the tray icon."""
    from ..core import policy
    from .application import create_application
    from .tray import TrayIcon

    config = policy.load()
    app = create_application(language=config["ui.language"] or language)
    if hasattr(signal, "SIGUSR1") and sys.stderr is not None:  # kill -USR1: stacks to the log
        faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
    pid_file = triggers.triggers_dir() / "instance.pid"
    pid_file.write_text(str(os.getpid()))
    instance = Instance(config)
    tray = TrayIcon.create(instance)
    app.setQuitOnLastWindowClosed(tray is None)
    instance.start()
    if tray is None:  # nothing keeps us alive but windows: leave if none ever opens
        idle = QTimer(instance)
        idle.setInterval(5000)
        idle.timeout.connect(lambda: None if instance.busy or instance.queue or any(
            w.isVisible() for w in QApplication.topLevelWidgets()) else app.quit())
        idle.start()
    try:
        return app.exec()
    finally:
        pid_file.unlink(missing_ok=True)
