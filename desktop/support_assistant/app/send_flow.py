"""The last step: a summary of exactly what goes, then saving or sending the bundle.

:class:`SummaryDialog` lists every approved item with the size it will have in
the bundle, the description and the error message (they go in the manifest),
the destination and the privacy statement. Building the bundle and sending it
run as background operations (:mod:`.operations`) through the workflow's own
stages (:class:`core.workflow.ReportSession`: review → leak check → seal → send,
the send being ``Outbox.enqueue`` then ``Sender.send``). The window is disabled
while they run, so nothing changes under them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import history, privacy
from ..core.bundle import BundleSummary, ConsentInfo
from ..core.outbox import Entry, Outbox
from ..core.policy import Config
from ..core.report import Report
from ..core.sender import QUICK_RETRY, Sender
from ..core.workflow import ReportSession
from .accessibility import describe
from .front_end import QtFrontEnd
from .item_list import format_size, kind_label
from .operations import Operation, Progress
from .wording import support_name


@dataclass(frozen=True)
class Sent:
    """What the window shows after sending: the outbox entry (its reference is the receipt)."""

    entry: Entry
    bundle: BundleSummary


def bundle_name(report: Report, config: Config) -> str:
    return f"{report.id}.zip" + (".age" if config["encryption.recipient"] else "")


def consent(config: Config) -> ConsentInfo:
    """The notice text shown, and the user's recorded acceptance of it (core.privacy)."""
    return privacy.consent(config)


def _session(window: QWidget, report: Report, config: Config, progress: Progress,
             send: Any = None) -> ReportSession:
    front_end = QtFrontEnd(window, progress, getattr(window, "infoMessage", None))
    return ReportSession(report, config, front_end, send=send, consent=consent(config),
                         cancel=progress.cancel_event)


def _sealed_bundle(session: ReportSession, out: Path) -> BundleSummary:
    """Review (the window's approvals), leak check, seal: the workflow's own stages."""
    approved = session.review()
    session.check_leaks(approved)
    return session.seal(approved, out)


def save_operation(window: QWidget, report: Report, config: Config, out: Path) -> Operation:
    """Write the bundle of the approved items to ``out``."""

    def work(progress: Progress) -> BundleSummary:
        return _sealed_bundle(_session(window, report, config, progress), out)

    return Operation(window, work,
                     label=QCoreApplication.translate("ReviewWindow", "Saving the report…"))


def send_operation(window: QWidget, report: Report, config: Config) -> Operation:
    """Bundle the approved items, queue the bundle in the outbox and send it now."""
    config.require_sendable()

    def work(progress: Progress) -> Sent:
        def send(bundle: BundleSummary, _report: Report) -> Entry:
            outbox = Outbox()
            limit = config["limits.max_bundle_bytes"]
            if report.follows:  # more items or a correction for a sent report
                entry = history.queue_follow_up(report.follows, bundle.path, outbox=outbox,
                                                manifest=bundle.manifest, max_bytes=limit)
            else:
                entry = outbox.enqueue(bundle.path, manifest=bundle.manifest, max_bytes=limit)
            bundle.path.unlink(missing_ok=True)  # the outbox holds its own copy now
            progress.update(0, entry.size, QCoreApplication.translate("ReviewWindow", "Sending…"))
            sender = Sender(outbox, config=config, retry=QUICK_RETRY)
            return sender.send(entry.id, cancel=progress.cancel_event,
                               progress=lambda _e, p: progress.update(p.sent, p.total))

        session = _session(window, report, config, progress, send)
        bundle = _sealed_bundle(session, report.session_dir / f"{report.id}.zip")
        return Sent(session.send(bundle), bundle)

    return Operation(window, work,
                     label=QCoreApplication.translate("ReviewWindow", "Sending the report…"))


class SummaryDialog(QDialog):
    """Everything that will leave the computer, one last time, with Send and Save."""

    sendRequested = Signal()
    saveRequested = Signal()

    def __init__(self, report: Report, config: Config, sizes: dict[str, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check what will be sent"))
        self.setAccessibleName(self.windowTitle())
        support = support_name(config)
        approved = [i for i in report.items if i.approved]
        total = sum(sizes.get(i.id, i.size) for i in approved)
        heading = QLabel(self.tr("These {count} items ({size}) will go to {support}, and "
                                 "nothing else:").format(count=len(approved),
                                                         size=format_size(total),
                                                         support=support), self)
        heading.setWordWrap(True)
        self.items = QTreeWidget(self)
        self.items.setAccessibleName(self.tr("Items that will be sent"))
        self.items.setHeaderLabels([self.tr("Item"), self.tr("Kind"), self.tr("Size"),
                                    self.tr("Redactions")])
        self.items.setRootIsDecorated(False)
        for item in approved:
            redactions = len(item.effective_redactions())
            QTreeWidgetItem(self.items, [item.title, kind_label(item.kind),
                                         format_size(sizes.get(item.id, item.size)),
                                         str(redactions)])
        self.items.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.items, 1)
        extra = []
        if report.description.strip():
            extra.append(self.tr("Your description: “{text}”").format(
                text=report.description.strip()))
        if report.error is not None and report.error.message:
            extra.append(self.tr("The error message: “{text}”").format(text=report.error.message))
        if report.product:
            extra.append(self.tr("Product: {product} {version}").format(
                product=report.product, version=report.product_version))
        extra.append(self.tr("Destination: {support} ({endpoint})").format(
            support=support, endpoint=config["intake.endpoint"]))
        extra.append(self.tr("Encrypted for the support team: yes") if
                     config["encryption.recipient"] else
                     self.tr("Encrypted in transit (HTTPS) only"))
        self.details = QLabel("\n".join(extra), self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(self.tr("Also sent"))
        layout.addWidget(self.details)
        privacy = QLabel(config["branding.privacy_text"], self)  # IT's own words: not translated
        privacy.setObjectName("data")
        privacy.setWordWrap(True)
        layout.addWidget(privacy)
        buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(self.tr("&Send to {support}").format(support=support))
        self.save_button = QPushButton(self.tr("Save to a &file…"))
        self.back_button = QPushButton(self.tr("&Back"))
        for button, role in ((self.send_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.save_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.back_button, QDialogButtonBox.ButtonRole.RejectRole)):
            button.setAccessibleName(button.text().replace("&", ""))
            buttons.addButton(button, role)
        self.send_button.setDefault(True)
        self.send_button.setEnabled(bool(approved) and config.problem is None)
        # the keyboard starts on the decision: Return sends, Tab reads the list, Escape goes back
        (self.send_button if self.send_button.isEnabled() else self.back_button).setFocus()
        self.save_button.setEnabled(bool(approved))
        self.send_button.clicked.connect(lambda: (self.accept(), self.sendRequested.emit()))
        self.save_button.clicked.connect(lambda: (self.accept(), self.saveRequested.emit()))
        self.back_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        describe(
            (self.items, self.tr("Each item that will be sent, with its size and number of "
                                 "redactions.")),
            (self.details, self.tr("The description, error message, product and destination "
                                   "that go with the items.")),
            (self.send_button, self.tr("Sends these items now; if the intake cannot be reached "
                                       "they wait in the outbox.")),
            (self.save_button, self.tr("Writes the same bundle to a file instead of sending "
                                       "it.")),
            (self.back_button, self.tr("Returns to the report without sending.")))
        self.resize(640, 480)
