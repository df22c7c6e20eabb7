"""The workflow's collect and scan stages as background operations for the window.

Both run :class:`core.workflow.ReportSession` stages on a worker thread against a
*copy* of the report (same session folder, own item list, item snapshots), so
the live report the window shows never changes under it; the window then adds
the new items, or copies the findings onto the live items, on the UI thread.
Scanning only the new items leaves the user's earlier approvals alone.

Screenshots are read by OCR in an operation of their own (:func:`ocr_operation`,
quiet: no progress dialog), so the review window shows them at once and their
suggested boxes appear when recognition is done.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ..core.items import Finding, Item
from ..core.policy import Config
from ..core.report import Report
from ..core.workflow import CollectRequest, ReportSession
from .front_end import QtFrontEnd
from .operations import Operation, Progress
from .snapshots import detached, new_items, snapshot


def displays() -> list[dict[str, object]]:
    """What Qt knows of the screens (scale factors), for the environment collector."""
    return [{"name": screen.name(), "width": screen.size().width(),
             "height": screen.size().height(), "scale": screen.devicePixelRatio(),
             "refresh_hz": round(screen.refreshRate())}
            for screen in QGuiApplication.screens()]


def collect_operation(window: QWidget, report: Report, config: Config,
                      request: CollectRequest) -> Operation:
    """Run the collectors; the result is the list of new items (not yet in ``report``)."""
    copy = detached(report)
    request = dataclasses.replace(request, displays=request.displays or displays(),
                                  qt_version=request.qt_version or qVersion())

    def work(progress: Progress) -> list[Item]:
        front_end = QtFrontEnd(window, progress, getattr(window, "infoMessage", None))
        ReportSession(copy, config, front_end, cancel=progress.cancel_event).collect(request)
        return new_items(copy, report)

    return Operation(window, work,
                     label=QCoreApplication.translate("ReviewWindow", "Collecting information…"))


def scan_operation(window: QWidget, report: Report, config: Config,
                   items: list[Item]) -> Operation:
    """Let the detectors propose redactions for ``items``; the result is scanned copies."""
    copy = dataclasses.replace(report, items=[snapshot(i) for i in items])

    def work(progress: Progress) -> list[Item]:
        front_end = QtFrontEnd(window, progress, getattr(window, "infoMessage", None))
        ReportSession(copy, config, front_end, cancel=progress.cancel_event).scan(images=False)
        return copy.items

    return Operation(window, work, label=QCoreApplication.translate(
        "ReviewWindow", "Looking for personal data…"))


OCR_UNAVAILABLE = "unavailable"


def ocr_operation(window: QWidget, items: list[Item]) -> Operation:
    """Suggested boxes for screenshot ``items``: ``{item id: (payload sha256, findings)}``,
    or :data:`OCR_UNAVAILABLE` when no OCR engine is installed (the editor says so)."""
    copies = [snapshot(i) for i in items]

    def work(progress: Progress) -> dict[str, tuple[str, list[Finding]]] | str:
        # imported here, off the UI thread: a triggered window paints meanwhile
        from ..core.scan import images, local_identities, ocr

        if ocr.select_engine() is None:
            return OCR_UNAVAILABLE
        identities = local_identities()
        found = {}
        for done, item in enumerate(copies):
            progress.check()
            # no pseudonym table: a box has no replacement text, and the text scan owns the file
            found[item.id] = (item.payload_sha256, images.image_findings(item, identities, None))
            progress.update(done + 1, len(copies))
        return found

    return Operation(window, work, quiet=True)


def apply_findings(report: Report, scanned: list[Item]) -> list[str]:
    """Copy scanned findings onto the live items (UI thread); returns the ids changed."""
    changed = []
    for copy in scanned:
        try:
            live = report.item(copy.id)
        except KeyError:
            continue  # removed meanwhile
        if live.payload_sha256 == copy.payload_sha256:
            live.set_findings(copy.findings)
            changed.append(live.id)
    return changed
