"""The Qt window as the workflow's front end (:class:`core.workflow.FrontEnd`).

The workflow's stages run on worker threads (:mod:`.operations`), so every call
from the workflow arrives off the UI thread: ``progress`` goes to the running
operation's progress dialog, ``info`` is queued to the window's status line, and
``confirm_leaks`` blocks the worker until the user answered on the UI thread.
``review`` is the window itself: by the time the workflow asks, the user has
approved items there and pressed Send in the summary, so it answers True.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QWidget

from ..core import workflow
from ..core.report import Report
from . import dialogs
from .operations import Progress
from .wording import tr


def stage_label(stage: str) -> str:
    return {
        workflow.COLLECT: tr("Collecting information…"),
        workflow.SCAN: tr("Looking for personal data…"),
        workflow.REVIEW: tr("Checking your approvals…"),
        workflow.LEAK_CHECK: tr("Checking the approved items once more…"),
        workflow.SEAL: tr("Writing the bundle…"),
        workflow.SEND: tr("Sending…"),
    }.get(stage, stage)


class _MainThread(QObject):
    """Runs a question on the UI thread and hands the answer back to the waiting worker."""

    ask = Signal(object)

    def __init__(self) -> None:
        super().__init__()  # made on the UI thread, so its slot runs there
        self.ask.connect(self._ask, Qt.ConnectionType.QueuedConnection)

    def _ask(self, job: list[Any]) -> None:
        question, done = job[0], job[2]
        try:
            job[1] = question()
        finally:
            done.set()

    def call(self, question: Any) -> Any:
        if QThread.currentThread() is self.thread():
            return question()
        job: list[Any] = [question, None, threading.Event()]
        self.ask.emit(job)
        job[2].wait()
        return job[1]


class QtFrontEnd:
    """See the module docstring."""

    def __init__(self, window: QWidget, progress: Progress | None = None,
                 info_sink: Signal | None = None) -> None:
        self.window = window
        self._progress = progress
        self._main = _MainThread()
        self._info_sink = info_sink
        self.messages: list[str] = []

    def progress(self, stage: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.update(done, total, stage_label(stage))

    def review(self, report: Report) -> bool:
        return True

    def confirm_leaks(self, leaks: Sequence[Any]) -> bool:
        shown = "\n".join(f"• {_describe(leak)}" for leak in list(leaks)[:8])
        more = len(leaks) - 8
        if more > 0:
            shown += "\n" + tr("…and {count} more").format(count=more)
        text = tr("Personal data may still be in the items you approved ({count} places):\n\n"
                  "{leaks}\n\nSend anyway? Choose Back to redact them first.").format(
                      count=len(leaks), leaks=shown)
        return bool(self._main.call(lambda: dialogs.service().confirm(
            self.window, tr("Personal data found"), text, accept=tr("Send anyway"),
            reject=tr("Back"))))

    def info(self, message: str) -> None:
        self.messages.append(message)
        if self._info_sink is not None:
            self._info_sink.emit(message)


def _describe(leak: Any) -> str:
    for attribute in ("message", "description", "summary"):
        value = getattr(leak, attribute, None)
        if isinstance(value, str) and value:
            return value
    item = getattr(leak, "item_id", "") or getattr(leak, "item", "")
    detector = getattr(leak, "detector", "") or getattr(leak, "kind", "")
    return f"{item} {detector}".strip() or str(leak)
