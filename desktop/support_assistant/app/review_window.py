"""The review window: every item, exactly as it will be sent, each approved by the user.

Left: the items with thumbnails, sizes and their own approval checkboxes (all
unticked at first), buttons to add more, and the user's description. Right: the
selected item as it will be sent (:class:`.preview_pane.PreviewPane`). Bottom:
the Send button, which says how many items and bytes will go and to whom; it
opens the summary (:mod:`.send_flow`). Long work runs as operations
(:mod:`.operations`); the window never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.items import Item
from ..core.policy import Config
from ..core.preview import sent_size
from ..core.report import Report
from ..core.workflow import CollectRequest
from . import dialogs, wording
from .accessibility import describe
from .item_list import THUMBNAIL, ItemListModel, format_size
from .operations import Operation, report_error
from .preview_pane import PreviewPane
from .snapshots import detached, snapshot
from .stages import (
    OCR_UNAVAILABLE,
    apply_findings,
    collect_operation,
    ocr_operation,
    scan_operation,
)

if TYPE_CHECKING:
    from .send_flow import Sent, SummaryDialog

SAVE_DELAY_MS = 400


class ReviewWindow(QMainWindow):
    """See the module docstring."""

    sent = Signal(object)
    """After a successful send: the :class:`.send_flow.Sent` result."""
    saved = Signal(object)
    """After saving to a file: the ``BundleSummary``."""
    infoMessage = Signal(str)
    """A sentence from the workflow for the status line (emitted from any thread)."""
    itemsReady = Signal()
    """Items were added and scanned (collection, screenshot, attachment)."""
    ocrStarted = Signal(object)
    """Text recognition of screenshots started: the :class:`.operations.Operation`."""

    def __init__(self, report: Report, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report, self.config = report, config
        self.support = wording.support_name(config)
        self.sizes: dict[tuple[str, str], int] = {}
        """Sent size of each approved item, by (item id, approval fingerprint)."""
        self._size_generation = 0
        self.summary: SummaryDialog | None = None
        # Qt appends the application display name (wording.app_name) to the title
        QGuiApplication.setApplicationDisplayName(wording.app_name(config))
        if report.follows:
            self.setWindowTitle(self.tr("Additions to report {reference}").format(
                reference=report.follows))
        else:
            self.setWindowTitle(self.tr("Report {id}").format(id=report.id))
        self.model = ItemListModel(report, self)
        self.items = QListView(self)
        self.items.setModel(self.model)
        self.items.setAccessibleName(self.tr("Items in this report"))
        self.items.setIconSize(THUMBNAIL)
        self.items.setSpacing(2)
        self.items.setWordWrap(True)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.setUniformItemSizes(False)
        self.items.selectionModel().currentChanged.connect(self._current_changed)
        self.preview = PreviewPane(self)
        self.ocr_states = self.preview.ocr_states
        """Text recognition per screenshot: running, done, unavailable, off or failed."""

        self._build_actions()
        self._build_layout()

        self.model.approvalChanged.connect(self._approvals_changed)
        self.preview.itemChanged.connect(self._item_edited)
        self.preview.approvalRequested.connect(self.model.set_approved)
        self.infoMessage.connect(self.status.setText)
        self.model.dataChanged.connect(lambda *_: self.preview.refresh_approval())
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.report.save)
        self._approvals_changed()
        self._held: list[Callable[[], object]] | None = None
        if report.items:
            self.select(report.items[0].id)
        self.resize(QSize(1200, 780))

    # --- start-up ---------------------------------------------------------------------------
    def hold_background_work(self) -> None:
        """Keep text recognition from starting until :meth:`release_background_work`: a window
        opened at an error paints first (OCR's start-up competes for both cores)."""
        if self._held is None:
            self._held = []

    def release_background_work(self) -> None:
        """Start what :meth:`hold_background_work` kept back (once; later calls do nothing)."""
        held, self._held = self._held, None
        for start in held or ():
            start()

    def seed_image(self, item: Item, image: QImage) -> None:
        """The decoded pixels of screenshot ``item`` (already in memory at a trigger), so its
        editor need not decode the PNG again."""
        self.preview.editor.seed(item.payload, image)

    # --- layout ---------------------------------------------------------------------------
    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot,
                ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        from . import capture, contact

        self.capture = capture.CaptureController(self)
        self.screenshot_action = self._action(self.tr("Take a &screenshot…"), "Ctrl+Shift+S",
                                              self.capture.ask)
        self.attach_action = self._action(self.tr("&Attach a file…"), "Ctrl+O", self.attach_file)
        self.contact_action = self._action(self.tr("Add &contact details…"), "Ctrl+Shift+C",
                                           lambda: contact.edit_contact(self))
        self.remove_action = self._action(self.tr("&Remove item"), None, self.remove_current)
        self.approve_all_action = self._action(self.tr("Approve a&ll…"), None, self.approve_all)
        self.send_action = self._action(self.tr("Send…"), "Ctrl+Return", self.open_summary)
        self.save_action = self._action(self.tr("Save to a &file…"), "Ctrl+S", self.save_to_file)
        self.close_action = self._action(self.tr("&Close"), QKeySequence.StandardKey.Close,
                                         self.close)
        self.settings_action = self._action(self.tr("Se&ttings…"), None, self.open_settings)
        self.history_action = self._action(self.tr("Sent &reports…"), None, self.open_history)
        report_menu = self.menuBar().addMenu(self.tr("&Report"))
        for action in (self.screenshot_action, self.attach_action, self.contact_action):
            report_menu.addAction(action)
        report_menu.addSeparator()
        for action in (self.approve_all_action, self.remove_action):
            report_menu.addAction(action)
        report_menu.addSeparator()
        for action in (self.send_action, self.save_action, self.close_action):
            report_menu.addAction(action)
        tools = self.menuBar().addMenu(self.tr("&Tools"))
        tools.addAction(self.settings_action)
        tools.addAction(self.history_action)

    def _build_layout(self) -> None:
        add_menu = QMenu(self)
        for action in (self.screenshot_action, self.attach_action, self.contact_action):
            add_menu.addAction(action)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("A&dd"))
        self.add_button.setAccessibleName(self.tr("Add more"))
        self.add_button.setMenu(add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.remove_button = self._button(self.remove_action)
        self.approve_all_button = self._button(self.approve_all_action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_all_button)

        self.description = QPlainTextEdit(self)
        self.description.setPlaceholderText(self.tr("What were you doing when it went wrong? "
                                                    "(optional, sent with the report)"))
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setPlainText(self.report.description)
        self.description.setMaximumHeight(110)
        self.description.textChanged.connect(self._description_changed)
        items_label = QLabel(self.tr("&Items — tick each one you agree to send"), self)
        items_label.setBuddy(self.items)
        description_label = QLabel(self.tr("&Description"), self)
        description_label.setBuddy(self.description)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(items_label)
        left_layout.addWidget(self.items, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(description_label)
        left_layout.addWidget(self.description)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 860])

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Status"))
        self.save_button = self._button(self.save_action)
        self.send_button = QPushButton(self)
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.open_summary)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.send_button)
        describe(
            (self.items, self.tr("Every item of the report with its size. Space ticks the "
                                 "current item: only ticked items are sent.")),
            (self.add_button, self.tr("Adds a screenshot, a file or your contact details.")),
            (self.remove_button, self.tr("Removes the selected item from the report.")),
            (self.approve_all_button, self.tr("Ticks every item exactly as shown, after asking "
                                              "you.")),
            (self.description, self.tr("Optional: what you were doing. It is sent with the "
                                       "report.")),
            (self.status, self.tr("Progress and results of collecting, scanning and "
                                  "sending.")),
            (self.save_button, self.tr("Writes the approved items to a bundle file instead of "
                                       "sending them.")),
            (self.send_button, self.tr("Shows exactly what will be sent and to whom, then "
                                       "sends it.")))

        # Keyboard order follows the eye: the left column top to bottom, then the preview
        # (created earlier, so already next in the chain), then Save and Send.
        chain = (self.items, self.add_button, self.remove_button, self.approve_all_button,
                 self.description)
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.policy_problem = QLabel(self.tr("Sending is disabled because your IT department's "
                                             "policy has a problem: {problem}").format(
            problem=self.config.problem), self)
        self.policy_problem.setWordWrap(True)
        self.policy_problem.setAccessibleName(self.tr("Policy problem"))
        self.policy_problem.setVisible(bool(self.config.problem))  # the app opens to show it
        layout.addWidget(self.policy_problem)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)
        self.setCentralWidget(central)

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        button.clicked.connect(action.trigger)
        return button

    # --- items ----------------------------------------------------------------------------
    def select(self, item_id: str) -> None:
        index = self.model.index(self.model.row_of(item_id))
        self.items.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def current_item(self) -> Item | None:
        index = self.items.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def collect(self, request: CollectRequest | None = None) -> Operation:
        """Run the collectors in the background, then scan and show what they found."""
        return collect_operation(self, self.report, self.config, request or CollectRequest()) \
            .success(self.add_items).run()

    def add_items(self, items: list[Item]) -> Operation | None:
        """Show new items (made off the live report), then let the detectors scan them."""
        for item in items:
            if item not in self.report.items:
                self.model.add_item(lambda item=item: self.report.add(item))
        if items:
            self.select(items[-1].id)
        self._schedule_save()
        if not items:
            self.itemsReady.emit()
            return None
        screenshots = [i for i in items if i.is_image]
        if screenshots:
            self.read_screenshots(screenshots)
        others = [i for i in items if not i.is_image]
        if not others:
            self.itemsReady.emit()
            return None
        return scan_operation(self, self.report, self.config, others) \
            .success(self._scanned).failure(self._scan_failed).run()

    def read_screenshots(self, items: list[Item]) -> Operation | None:
        """Suggest boxes for screenshots by OCR in the background; the editor shows progress."""
        if not self.config["scan.ocr"]:
            self._set_ocr_state([i.id for i in items], "off")
            return None
        ids = [i.id for i in items]
        self._set_ocr_state(ids, "running")
        if self._held is not None:
            self._held.append(lambda: self._start_ocr(ids, items))
            return None
        return self._start_ocr(ids, items)

    def _start_ocr(self, ids: list[str], items: list[Item]) -> Operation | None:
        live = {i.id for i in self.report.items}  # one may have been removed meanwhile
        items = [i for i in items if i.id in live]
        ids = [i.id for i in items]
        if not items:
            return None
        operation = ocr_operation(self, items)
        operation.success(lambda found: self._read(ids, found))
        operation.failure(lambda _error: self._set_ocr_state(ids, "failed"))
        operation.cancelled(lambda: self._set_ocr_state(ids, ""))
        self.ocrStarted.emit(operation)
        return operation.run()

    def _read(self, ids: list[str], found) -> None:  # noqa: ANN001 - see ocr_operation
        if found == OCR_UNAVAILABLE:
            self._set_ocr_state(ids, "unavailable")
            return
        for item_id, (sha256, findings) in found.items():
            try:
                live = self.report.item(item_id)
            except KeyError:
                continue  # removed meanwhile
            if live.payload_sha256 == sha256:
                live.set_findings([*[f for f in live.findings if f.box is None], *findings])
                self.model.item_changed(item_id)
        self._schedule_save()
        self._set_ocr_state(ids, "done")

    def _set_ocr_state(self, ids: list[str], state: str) -> None:
        for item_id in ids:
            self.ocr_states[item_id] = state
            self.preview.refresh_suggestions(item_id)

    def _scan_failed(self, error: BaseException) -> None:
        report_error(self, error)
        self.itemsReady.emit()

    def _scanned(self, scanned: list[Item]) -> None:
        for item_id in apply_findings(self.report, scanned):
            self.model.item_changed(item_id)
            current = self.current_item()
            if current is not None and current.id == item_id:
                self.preview.show_item(current)
        self._schedule_save()
        self.itemsReady.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.preview.show_item(self.model.item_at(current.row()) if current.isValid() else None)
        self.remove_action.setEnabled(current.isValid())

    def _item_edited(self, item_id: str) -> None:
        self.model.item_changed(item_id)
        self._schedule_save()

    def remove_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if not dialogs.service().confirm(self, self.tr("Remove item"),
                                         self.tr("Remove “{title}” from this report? It will "
                                                 "not be sent.").format(title=item.title),
                                         accept=self.tr("Remove")):
            return
        self.model.remove_item(item.id)
        self._schedule_save()

    def approve_all(self) -> None:
        """Approve every item as it is now, after the user confirms."""
        waiting = [i for i in self.report.items if not i.approved]
        if not waiting:
            return
        if not dialogs.service().confirm(
                self, self.tr("Approve all"),
                self.tr("Approve all {count} remaining items exactly as they are shown now? "
                        "Each will be sent to {support}.").format(count=len(waiting),
                                                                 support=self.support),
                accept=self.tr("Approve all")):
            return
        for item in waiting:
            self.model.set_approved(item.id, True)

    def attach_file(self) -> None:
        from ..core import additions  # loaded when first needed: the window opens sooner

        path = dialogs.service().open_file(self, self.tr("Attach a file"))
        if path is None:
            return
        limit = self.config["limits.max_attachment_bytes"]
        target = detached(self.report)
        Operation(self, lambda _p: additions.attach_file(target, path, max_bytes=limit),
                  label=self.tr("Attaching {name}…").format(name=path.name)) \
            .success(lambda item: self.add_items([item])).run()

    def _description_changed(self) -> None:
        self.report.description = self.description.toPlainText()
        self._schedule_save()

    def _schedule_save(self) -> None:
        self._save_timer.start()

    # --- the Send button ------------------------------------------------------------------
    def approved(self) -> list[Item]:
        return [i for i in self.report.items if i.approved]

    def _approvals_changed(self) -> None:
        self._schedule_save()
        approved = self.approved()
        self._update_send_button()
        self._size_generation += 1
        generation = self._size_generation
        missing = [snapshot(i) for i in approved if _size_key(i) not in self.sizes]
        if not missing:
            return
        Operation(self, lambda _p: {_size_key(i): sent_size(i) for i in missing}, quiet=True) \
            .success(lambda sizes: self._sizes_known(generation, sizes)).run()

    def sent_sizes(self) -> dict[str, int]:
        """The known sent size of each approved item, by item id."""
        return {i.id: self.sizes[_size_key(i)] for i in self.approved()
                if _size_key(i) in self.sizes}

    def _sizes_known(self, generation: int, sizes: dict[tuple[str, str], int]) -> None:
        self.sizes.update(sizes)
        if generation == self._size_generation:
            self._update_send_button()

    def _update_send_button(self) -> None:
        approved = self.approved()
        self.send_action.setEnabled(bool(approved))
        self.save_action.setEnabled(bool(approved))
        self.send_button.setEnabled(bool(approved))
        self.save_button.setEnabled(bool(approved))
        if not approved:
            text = self.tr("Tick the items you agree to send to {support}").format(
                support=self.support)
        else:
            sizes = self.sent_sizes()
            size = format_size(sum(sizes.values())) if len(sizes) == len(approved) else "…"
            text = self.tr("&Send {count} items ({size}) to {support}…").format(
                count=len(approved), size=size, support=self.support)
        self.send_button.setText(text)
        self.send_button.setAccessibleName(text.replace("&", ""))

    # --- summary, send, save --------------------------------------------------------------
    def open_summary(self) -> SummaryDialog | None:
        if not self.approved():
            return None
        from .send_flow import SummaryDialog  # sending's modules load when first needed

        self.summary = SummaryDialog(self.report, self.config, self.sent_sizes(), self)
        self.summary.sendRequested.connect(self.send_now)
        self.summary.saveRequested.connect(self.save_to_file)
        self.summary.open()
        return self.summary

    def send_now(self) -> Operation:
        from .send_flow import send_operation

        self.report.save()
        operation = send_operation(self, self.report, self.config)
        self._busy(True)
        operation.success(self._sent).run()
        operation.done.connect(lambda: self._busy(False))
        return operation

    def save_to_file(self) -> Operation | None:
        from .send_flow import bundle_name, save_operation

        out = dialogs.service().save_file(self, self.tr("Save the report"),
                                          bundle_name(self.report, self.config),
                                          self.tr("Support bundles (*.zip *.zip.age)"))
        if out is None:
            return None
        self.report.save()
        operation = save_operation(self, self.report, self.config, out)
        self._busy(True)
        operation.success(self._saved).run()
        operation.done.connect(lambda: self._busy(False))
        return operation

    def _busy(self, busy: bool) -> None:
        self.centralWidget().setEnabled(not busy)

    def _sent(self, result: Sent) -> None:
        reference = result.entry.reference
        self.status.setText(self.tr("Sent to {support}. Your reference is {reference}.").format(
            support=self.support, reference=reference))
        self.sent.emit(result)
        dialogs.service().information(
            self, self.tr("Report sent"),
            self.tr("Your report reached {support}. Your reference is {reference}; quote it "
                    "when you talk to support.").format(support=self.support,
                                                        reference=reference))

    def _saved(self, summary) -> None:  # noqa: ANN001 - core.bundle.BundleSummary
        self.status.setText(self.tr("Saved as {path}. Report reference {reference}.").format(
            path=summary.path, reference=self.report.id))
        self.saved.emit(summary)

    # --- other windows --------------------------------------------------------------------
    def open_settings(self) -> None:
        from .settings_page import SettingsDialog

        SettingsDialog(self.config, self).open()

    def open_history(self) -> None:
        from .history_view import HistoryDialog

        HistoryDialog(self.config, self).open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_timer.stop()
        self.report.save()
        super().closeEvent(event)


def _size_key(item: Item) -> tuple[str, str]:
    return (item.id, item.approval.fingerprint if item.approval else "")
