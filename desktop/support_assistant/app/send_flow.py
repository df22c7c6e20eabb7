"""The last step: a summary of exactly what goes, then saving or sending the bundle.

:class:`SummaryDialog` lists every approved item with the size it will have in
the bundle, the description and the error message (they go in the manifest),
the destination and the privacy statement. Building the bundle and sending it
run as background operations (:mod:`.operations`) over the core:
``Item.sealed`` (main thread, so nothing changes under it) →
``bundle.write_bundle`` → ``Outbox.enqueue`` → ``Sender.send``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
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

from ..core.bundle import BundleSummary, ConsentInfo, write_bundle
from ..core.errors import PolicyError
from ..core.items import ApprovedItem
from ..core.messages import msg, register
from ..core.outbox import Entry, Outbox
from ..core.policy import Config
from ..core.report import Report
from ..core.sender import QUICK_RETRY, Sender
from .item_list import format_size, kind_label
from .operations import Operation, Progress

register({
    "app.encryption_required": "Your IT department's policy requires encrypted bundles, but no "
                               "encryption key (encryption.recipient) is configured; ask your IT "
                               "department to set one.",
})


@dataclass(frozen=True)
class Sent:
    """What the window shows after sending: the outbox entry (its reference is the receipt)."""

    entry: Entry
    bundle: BundleSummary


def bundle_name(report: Report, config: Config) -> str:
    return f"{report.id}.zip" + (".age" if config["encryption.recipient"] else "")


def consent(config: Config) -> ConsentInfo:
    return ConsentInfo(privacy_version=config["branding.privacy_version"],
                       accepted_at=datetime.now(UTC), statement=config["branding.privacy_text"])


def seal(report: Report, config: Config) -> list[ApprovedItem]:
    """The approved items frozen as they are now (call on the main thread)."""
    if config["encryption.required"] and not config["encryption.recipient"]:
        raise PolicyError(msg("app.encryption_required"))
    return report.approved_items()


def save_operation(parent: QWidget, report: Report, config: Config, out: Path) -> Operation:
    """Write the bundle of the approved items to ``out``."""
    sealed = seal(report, config)
    agreed = consent(config)
    recipient = config["encryption.recipient"] or None

    def work(progress: Progress) -> BundleSummary:
        progress.update(0, 0, parent.tr("Writing the bundle…"))
        return write_bundle(report, sealed, out, consent=agreed, recipient=recipient,
                            policy_source=config.sources.get("intake.endpoint", ""))

    return Operation(parent, work, label=parent.tr("Saving the report…"))


def send_operation(parent: QWidget, report: Report, config: Config) -> Operation:
    """Bundle the approved items, queue the bundle in the outbox and send it now."""
    config.require_sendable()
    sealed = seal(report, config)
    agreed = consent(config)
    recipient = config["encryption.recipient"] or None
    out = report.session_dir / bundle_name(report, config)

    def work(progress: Progress) -> Sent:
        progress.update(0, 0, parent.tr("Writing the bundle…"))
        summary = write_bundle(report, sealed, out, consent=agreed, recipient=recipient)
        progress.check()
        outbox = Outbox()
        entry = outbox.enqueue(summary.path, manifest=summary.manifest,
                               max_bytes=config["limits.max_bundle_bytes"])
        out.unlink(missing_ok=True)  # the outbox holds its own copy now
        progress.update(0, entry.size, parent.tr("Sending…"))
        sender = Sender(outbox, config=config, retry=QUICK_RETRY)
        sent = sender.send(entry.id, cancel=progress.cancel_event,
                           progress=lambda _e, p: progress.update(p.sent, p.total))
        return Sent(sent, summary)

    return Operation(parent, work, label=parent.tr("Sending the report…"))


class SummaryDialog(QDialog):
    """Everything that will leave the computer, one last time, with Send and Save."""

    sendRequested = Signal()
    saveRequested = Signal()

    def __init__(self, report: Report, config: Config, sizes: dict[str, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check what will be sent"))
        self.setAccessibleName(self.windowTitle())
        support = config["intake.support_name"]
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
        privacy = QLabel(config["branding.privacy_text"], self)
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
        self.save_button.setEnabled(bool(approved))
        self.send_button.clicked.connect(lambda: (self.accept(), self.sendRequested.emit()))
        self.save_button.clicked.connect(lambda: (self.accept(), self.saveRequested.emit()))
        self.back_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)
