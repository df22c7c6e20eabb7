"""The one way the window runs long work: a background operation with progress and cancel.

Collecting, scanning, rendering, bundling and sending never run on the UI thread::

    Operation(window, lambda progress: build(report, progress=progress),
              label=tr("Building the bundle…")).success(self._built).run()

``work`` runs on a QThreadPool worker and gets a :class:`Progress` (thread-safe:
``progress.update(done, total, text)``, ``progress.cancelled``, ``progress.check()``).
``success`` and ``failure`` callbacks run on the main thread; a failure without a
callback goes to the one error dialog (:mod:`.dialogs`), a cancellation to none.
``work`` never touches a widget: it returns a value and the callbacks show it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.errors import Cancelled, SupportAssistantError
from . import dialogs
from .wording import tr

log = logging.getLogger(__name__)

_running: set[Operation] = set()


class Progress:
    """What the worker sees: report progress, and learn whether the user cancelled."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def update(self, done: int, total: int = 0, text: str = "") -> None:
        """Report ``done`` of ``total`` units (``total`` 0: unknown) with an optional line."""
        self._emit(int(done), int(total), text)

    __call__ = update

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        """For core functions that take a ``threading.Event`` to stop early."""
        return self._cancel

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled(tr("Cancelled; nothing was changed."))

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress,
                 signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._progress, self._signals = work, progress, signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the main thread
            self._signals.failed.emit(exc, traceback.format_exc())
        else:
            self._signals.succeeded.emit(result)


class Operation(QObject):
    """One piece of background work; see the module docstring."""

    progressed = Signal(int, int, str)
    done = Signal()
    """Emitted on the main thread after the success, failure or cancel callbacks ran."""

    def __init__(self, parent: QWidget | None, work: Callable[[Progress], Any], *,
                 label: str = "", cancellable: bool = True, quiet: bool = False) -> None:
        # no Qt parent: the operation outlives a closed window until its worker returns
        # (``_running`` holds it); the window's end cancels the work and drops the callbacks
        super().__init__(None)
        self._parent_widget = parent
        self.orphaned = False
        if parent is not None:
            parent.destroyed.connect(self._parent_gone)
        self._work = work
        self._label = label
        self._cancellable = cancellable
        self._quiet = quiet or not label
        self._on_success: list[Callable[[Any], None]] = []
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancel: list[Callable[[], None]] = []
        self._signals = _Signals()
        self._signals.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.progress = Progress(self._signals.progressed.emit)
        self._dialog: QProgressDialog | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = False

    def success(self, callback: Callable[[Any], None]) -> Operation:
        """Call ``callback(result)`` on the main thread when the work returns."""
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        """Handle a failure yourself instead of the error dialog (not called on cancel)."""
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Operation:
        """Call ``callback()`` when the work ended because the user cancelled."""
        self._on_cancel.append(callback)
        return self

    def run(self) -> Operation:
        """Start the work on the thread pool (the progress dialog appears after 0.4 s)."""
        _running.add(self)
        if not self._quiet:
            dialog = QProgressDialog(self._label, tr("Cancel") if self._cancellable else "",
                                     0, 0, self._parent_widget)
            dialog.setWindowTitle(self._label)
            dialog.setAccessibleName(self._label)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not self._cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(self.cancel)
            self._dialog = dialog
        QThreadPool.globalInstance().start(_Runnable(self._work, self.progress, self._signals))
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it ends at its next ``progress.check()``."""
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(tr("Cancelling…"))

    # --- main thread ----------------------------------------------------------------------
    def _parent_gone(self) -> None:
        self.orphaned = True
        self._parent_widget = None
        self._dialog = None  # a child of the window: gone with it
        self._on_success.clear()
        self._on_cancel.clear()
        self._on_failure = lambda _error: None
        self.progress.cancel()

    def _progressed(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is not None and not self.progress.cancelled:
            # a modal QProgressDialog.setValue() processes events: the operation may end
            # (and close the dialog) inside it, so text first and the local reference only
            if text:
                dialog.setLabelText(text)
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
        self.progressed.emit(done, total, text)

    def _succeeded(self, result: Any) -> None:
        self.result = result
        self._close()
        for callback in self._on_success:
            callback(result)
        self._finish()

    def _failed(self, error: BaseException, trace: str) -> None:
        self.error = error
        self._close()
        if isinstance(error, Cancelled):
            for callback in self._on_cancel:
                callback()
        elif self._on_failure is not None:
            self._on_failure(error)
        else:
            report_error(self._parent_widget, error, trace)
        self._finish()

    def _close(self) -> None:
        if self._dialog is not None:
            shown = self._dialog.isVisible()
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
            if shown and self._parent_widget is not None:
                # keyboard users go on where they were (not every window manager does this)
                self._parent_widget.window().activateWindow()

    def _finish(self) -> None:
        self.finished = True
        if self._parent_widget is not None:
            # the operation may hold the window's last reference: no call back into a
            # half-destroyed operation when that reference goes
            self._parent_widget.destroyed.disconnect(self._parent_gone)
        self.done.emit()
        # let queued signals drain before the last reference goes
        QTimer.singleShot(0, lambda: _running.discard(self))


def report_error(parent: QWidget | None, error: BaseException, trace: str = "") -> None:
    """The one error dialog: an expected error's sentence, or a generic one for a bug."""
    if isinstance(error, SupportAssistantError):
        text = str(error)
    else:
        log.error("unexpected failure in a background operation:\n%s", trace or error)
        text = tr("Something unexpected went wrong ({error}); please report this to "
                  "support.").format(error=type(error).__name__)
    dialogs.service().error(parent, tr("Support Assistant"), text)


def wait_all(timeout_ms: int = 30000, *, cancel: bool = False) -> bool:
    """Block until every running operation finished (for shutting down and tests);
    ``cancel`` first asks each to stop. Their main-thread callbacks run on the next
    event-loop turn."""
    if cancel:
        for operation in list(_running):
            operation.progress.cancel()
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
