"""Sent reports: reference, time, destination and exactly what was sent (the manifest).

From here the user adds items or a correction to a sent report (a new review
window whose bundle travels as a follow-up linked to the original reference),
asks the intake to delete a report, drops the local copy, or withdraws consent
altogether (:mod:`core.history`). Every deletion asks first
(through the dialog service) and runs as an operation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import history
from ..core.outbox import Entry, Outbox
from ..core.policy import Config
from ..core.sender import QUICK_RETRY, Sender
from . import dialogs
from .accessibility import describe
from .item_list import format_size
from .operations import Operation
from .wording import support_name


class HistoryDialog(QDialog):
    """See the module docstring."""

    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.entries: list[Entry] = []
        self.follow_ups: list[QWidget] = []
        self.setWindowTitle(self.tr("Sent reports"))
        self.setAccessibleName(self.windowTitle())
        self.table = QTableWidget(0, 4, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.setAccessibleName(self.tr("Reports you sent"))
        self.table.setHorizontalHeaderLabels([self.tr("Reference"), self.tr("Sent"),
                                              self.tr("To"), self.tr("State")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_manifest(row))
        self.manifest = QTreeWidget(self)
        self.manifest.setAccessibleName(self.tr("What was sent"))
        self.manifest.setHeaderLabels([self.tr("Item"), self.tr("Kind"), self.tr("Size"),
                                       self.tr("SHA-256")])
        self.manifest.setRootIsDecorated(False)
        self.empty = QLabel(self.tr("You have not sent any reports from this computer."), self)
        self.empty.hide()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.manifest)

        buttons = QDialogButtonBox(self)
        self.follow_button = QPushButton(self.tr("&Add to this report…"))
        self.follow_button.setToolTip(self.tr("Send more items or a correction, linked to the "
                                              "selected report"))
        self.delete_button = QPushButton(self.tr("Ask support to &delete it"))
        self.local_button = QPushButton(self.tr("Delete the &local copy"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw consent…"))
        self.close_button = QPushButton(self.tr("&Close"))
        for button, role in ((self.follow_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.delete_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.local_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.withdraw_button, QDialogButtonBox.ButtonRole.DestructiveRole),
                             (self.close_button, QDialogButtonBox.ButtonRole.RejectRole)):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addButton(button, role)
        self.follow_button.clicked.connect(self.follow_up)
        self.delete_button.clicked.connect(self.delete_selected)
        self.local_button.clicked.connect(self.delete_local_copy)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.close_button.clicked.connect(self.reject)
        describe(
            (self.table, self.tr("One row per sent report: reference, time, destination and "
                                 "state. Select one to see what was sent.")),
            (self.manifest, self.tr("The items of the selected report, as the intake received "
                                    "them.")),
            (self.follow_button, self.tr("Starts a new report linked to the selected one.")),
            (self.delete_button, self.tr("Asks support to delete the selected report, and "
                                         "deletes the local copy.")),
            (self.local_button, self.tr("Deletes only the copy on this computer.")),
            (self.withdraw_button, self.tr("Asks support to delete everything you sent and "
                                           "deletes all local reports and credentials.")),
            (self.close_button, self.tr("Closes the list of sent reports.")))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.reload()

    def reload(self) -> Operation:
        """Read the history again (off the UI thread)."""
        self.loading = Operation(self, lambda _p: history.records(Outbox()), quiet=True) \
            .success(self._show).run()
        return self.loading

    def _show(self, entries: list[Entry]) -> None:
        self.entries = list(reversed(entries))  # newest first
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            state = (self.tr("deleted by support") if entry.remote_deleted_at else
                     self.tr("sent") if entry.local_copy else self.tr("sent, local copy gone"))
            for column, text in enumerate((entry.reference, entry.sent_at, entry.sent_to,
                                           state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.empty.setVisible(not self.entries)
        self._update_buttons()
        if self.entries:
            self.table.selectRow(0)
        else:
            self.manifest.clear()

    def selected(self) -> Entry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _show_manifest(self, row: int) -> None:
        self.manifest.clear()
        if not 0 <= row < len(self.entries):
            return
        for item in history.manifest_items(self.entries[row]):
            QTreeWidgetItem(self.manifest, [str(item.get("title", "")),
                                            str(item.get("kind", "")),
                                            format_size(int(item.get("size", 0) or 0)),
                                            str(item.get("sha256", ""))[:16]])
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.delete_button.setEnabled(entry is not None and not entry.remote_deleted_at)
        self.follow_button.setEnabled(entry is not None and not entry.remote_deleted_at)
        self.local_button.setEnabled(entry is not None and entry.local_copy)
        self.withdraw_button.setEnabled(True)

    def follow_up(self) -> QWidget | None:
        """Open a review window for more items or a correction to the selected report."""
        entry = self.selected()
        if entry is None:
            return None
        from ..core.report import Report
        from .review_window import ReviewWindow

        sent = (entry.manifest or {}).get("report")
        sent = sent if isinstance(sent, dict) else {}
        report = Report.create(product=str(sent.get("product", "")),
                               product_version=str(sent.get("product_version", "")),
                               follows=entry.reference)
        window = ReviewWindow(report, self.config)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.follow_ups.append(window)
        window.destroyed.connect(lambda *_: self.follow_ups.remove(window)
                                 if window in self.follow_ups else None)
        window.show()
        return window

    def _sender(self) -> Sender:
        return Sender(Outbox(), config=self.config, retry=QUICK_RETRY)

    def delete_selected(self) -> Operation | None:
        entry = self.selected()
        if entry is None or not dialogs.service().confirm(
                self, self.tr("Delete a sent report"),
                self.tr("Ask {support} to delete the report {reference}? Your local copy is "
                        "deleted too.").format(support=support_name(self.config),
                                               reference=entry.reference),
                accept=self.tr("Delete")):
            return None
        return self._run(lambda _p: history.delete_sent(entry.reference, self._sender()),
                         self.tr("Asking support to delete the report…"))

    def delete_local_copy(self) -> Operation | None:
        entry = self.selected()
        if entry is None or not dialogs.service().confirm(
                self, self.tr("Delete the local copy"),
                self.tr("Delete the copy of {reference} kept on this computer? Support keeps "
                        "theirs.").format(reference=entry.reference), accept=self.tr("Delete")):
            return None
        return self._run(lambda _p: history.delete_local(entry.reference),
                         self.tr("Deleting the local copy…"))

    def withdraw(self) -> Operation | None:
        if not dialogs.service().confirm(
                self, self.tr("Withdraw consent"),
                self.tr("Ask {support} to delete everything you sent, and delete every report, "
                        "copy and stored credential on this computer? This cannot be undone.")
                .format(support=support_name(self.config)),
                accept=self.tr("Withdraw consent")):
            return None
        return self._run(lambda _p: history.withdraw(self._sender()),
                         self.tr("Withdrawing consent…"), self._withdrawn)

    def _run(self, work: Any, label: str, after: Any = None) -> Operation:
        operation = Operation(self, work, label=label, cancellable=False)
        operation.success(lambda result: (after(result) if after else None, self.reload()))
        operation.failure(lambda error: (dialogs.service().error(self, self.windowTitle(),
                                                                 str(error)), self.reload()))
        return operation.run()

    def _withdrawn(self, result: history.WithdrawResult) -> None:
        dialogs.service().information(self, self.tr("Withdraw consent"), self.tr(
            "Done: support was asked to delete {count} reports, and everything on this "
            "computer was deleted.").format(count=len(result.deleted_remote)))
