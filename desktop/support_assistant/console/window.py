"""The support engineer console: the inbox tab and one tab per opened bundle.

Bundles open from the inbox (downloaded from the intake), from *File → Open
bundle…*, by dropping files on the window, or from the command line
(``support-assistant console BUNDLE``). Encrypted bundles are opened with the
engineer's age identity: the one in the keyring, else an identity file chosen
once (its path is remembered in the keyring), else ``--identity``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..app import dialogs
from ..app.accessibility import describe
from ..app.wording import tr
from ..core import inbox
from ..core.bundle_format import AGE_MAGIC
from ..core.errors import CredentialsError, SupportAssistantError
from .bundle_view import BundleView
from .inbox_view import InboxView


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(AGE_MAGIC)) == AGE_MAGIC
    except OSError:
        return False


class ConnectionDialog(QDialog):
    """The intake address and the engineer token (kept in the keyring, never shown)."""

    def __init__(self, current: inbox.Connection | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Intake connection"))
        self.setAccessibleName(tr("Intake connection"))
        self.url = QLineEdit(current.base if current else "", self)
        self.url.setPlaceholderText("https://support.example.com/")
        self.url.setAccessibleName(tr("Intake address"))
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(tr("unchanged") if current else "")
        self.token.setAccessibleName(tr("Engineer token"))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName(tr("Problem"))
        self.current = current
        self.connection: inbox.Connection | None = None
        form = QFormLayout()
        form.addRow(tr("Intake address:"), self.url)
        form.addRow(tr("Engineer token:"), self.token)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        describe(
            (self.url, tr("The intake's address, e.g. https://support.example.com/.")),
            (self.token, tr("Your engineer token; it is kept in the keyring and never shown.")),
            (buttons.button(QDialogButtonBox.StandardButton.Ok),
             tr("Checks the address and stores the token.")),
            (buttons.button(QDialogButtonBox.StandardButton.Cancel),
             tr("Closes without changing the connection.")))

    def accept(self) -> None:
        token = self.token.text().strip() or (self.current.token if self.current else "")
        try:
            self.connection = inbox.Connection(self.url.text().strip(), token)
        except SupportAssistantError as exc:
            self.problem.setText(str(exc))
            return
        super().accept()


class ConsoleWindow(QMainWindow):
    """See the module docstring."""

    def __init__(self, identity_file: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Console"))  # Qt appends " — Support Assistant"
        self.setAccessibleName(tr("Support engineer console"))
        self.setAcceptDrops(True)
        self.resize(1200, 800)
        self.identity_file = identity_file
        self._session_identities: list[Any] | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(tr("Inbox and opened bundles"))
        describe((self.tabs, tr("The inbox first, then one tab per opened bundle; File, "
                                "Close bundle closes one.")),
                 (self.tabs.tabBar(), tr("Switches between the inbox and the opened "
                                         "bundles.")))
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.inbox = InboxView(self)
        self.tabs.addTab(self.inbox, tr("Inbox"))
        self.tabs.setTabToolTip(0, tr("Bundles on the intake"))
        bar = self.tabs.tabBar()
        for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
            if bar.tabButton(0, side) is not None:
                bar.tabButton(0, side).hide()
        self.setCentralWidget(self.tabs)
        self.inbox.openRequested.connect(lambda path, entry: self.open_path(path, entry))
        self.inbox.connectRequested.connect(self.edit_connection)
        self._menus()
        try:
            connection = inbox.load_connection()
        except SupportAssistantError as exc:
            connection = None
            self.inbox.status.setText(str(exc))
        if connection is not None:
            self.inbox.set_connection(connection)
            self.inbox.refresh()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        self._action(file_menu, tr("&Open bundle…"), QKeySequence.StandardKey.Open,
                     self.choose_bundle)
        self._action(file_menu, tr("&Export item…"), "Ctrl+E", self.export_current)
        self._action(file_menu, tr("Save as &HTML report…"), "Ctrl+Shift+H", self.save_html)
        self._action(file_menu, tr("&Close bundle"), QKeySequence.StandardKey.Close,
                     lambda: self.close_tab(self.tabs.currentIndex()))
        file_menu.addSeparator()
        self._action(file_menu, tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        settings = self.menuBar().addMenu(tr("&Settings"))
        self._action(settings, tr("Intake &connection…"), None, self.edit_connection)
        self._action(settings, tr("Age &identity file…"), None, self.choose_identity)
        self._action(settings, tr("&Keep an age identity in the keyring…"), None,
                     lambda: self.choose_identity(keep_key=True))
        self._action(settings, tr("&Forget the age identity"), None, self.forget_identity)

    def _action(self, menu: Any, text: str, keys: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- connection and identity ----------------------------------------------------------
    def set_connection(self, connection: inbox.Connection, *, remember: bool = True) -> None:
        if remember:
            try:
                inbox.store_connection(connection)
            except CredentialsError as exc:
                dialogs.service().information(self, tr("Intake connection"), str(exc))
        self.inbox.set_connection(connection)
        self.inbox.refresh()

    def edit_connection(self) -> None:
        dialog = ConnectionDialog(self.inbox.client.connection if self.inbox.client else None,
                                  self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.connection is not None:
            self.set_connection(dialog.connection)

    def choose_identity(self, *, keep_key: bool = False) -> list[Any] | None:
        """Ask for the age identity file once; remember its path (or, with ``keep_key``, the
        key itself) in the keyring."""
        path = dialogs.service().open_file(self, tr("Choose your age identity file"),
                                           tr("age identity (*.txt *.key *);;All files (*)"))
        if path is None:
            return None
        from ..core.bundle_crypto import load_identities
        try:
            identities = load_identities(path)
        except SupportAssistantError as exc:
            dialogs.service().error(self, tr("Age identity"), str(exc))
            return None
        try:
            if keep_key:
                inbox.store_identity_key(path.read_text(encoding="utf-8", errors="replace"))
            else:
                inbox.store_identity_file(path)
        except CredentialsError:
            self._session_identities = identities  # no keyring: for this session only
        return identities

    def forget_identity(self) -> None:
        self._session_identities = None
        try:
            inbox.forget_identity()
        except CredentialsError as exc:
            dialogs.service().error(self, tr("Age identity"), str(exc))

    def identities_for(self, path: Path) -> Any:
        """The identity to open ``path`` with (None for plain bundles or when none is known)."""
        if not is_encrypted(path):
            return None
        if self.identity_file is not None:
            return self.identity_file
        if self._session_identities is not None:
            return self._session_identities
        try:
            found = inbox.load_identities()
        except SupportAssistantError as exc:
            dialogs.service().error(self, tr("Age identity"), str(exc))
            found = None
        return found if found is not None else self.choose_identity()

    # --- bundles --------------------------------------------------------------------------
    def choose_bundle(self) -> BundleView | None:
        path = dialogs.service().open_file(self, tr("Open bundle"),
                                           tr("Support bundles (*.zip *.age);;All files (*)"))
        return self.open_path(path) if path is not None else None

    def open_path(self, path: Path | str, entry: inbox.InboxEntry | None = None) -> BundleView:
        """Open a bundle in a new tab (verification runs in the background)."""
        path = Path(path)
        view = BundleView(path, self.identities_for(path), self)
        title = entry.filename if entry is not None and entry.filename else path.name
        index = self.tabs.addTab(view, title)
        self.tabs.setTabToolTip(index, str(path))
        self.tabs.setCurrentIndex(index)
        if entry is not None:
            view.opened.connect(lambda: self._fill_inbox_facts(view, entry))
        view.start()
        return view

    def _fill_inbox_facts(self, view: BundleView, entry: inbox.InboxEntry) -> None:
        if view.contents is None:
            return
        report = view.contents.report
        self.inbox.model.set_facts(entry.id, report["product_version"],
                                   report["error"]["message"] if report["error"] else "")

    def bundle_views(self) -> list[BundleView]:
        return [w for i in range(self.tabs.count())
                if isinstance(w := self.tabs.widget(i), BundleView)]

    def current_view(self) -> BundleView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, BundleView) else None

    def export_current(self) -> None:
        view = self.current_view()
        if view is not None:
            view.export_item()

    def save_html(self) -> None:
        view = self.current_view()
        if view is not None:
            view.save_html()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, BundleView):
            widget.close_bundle()
            self.tabs.removeTab(index)
            widget.deleteLater()

    # --- drag and drop --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        for path in paths:
            self.open_path(path)
        if paths:
            event.acceptProposedAction()

    def closeEvent(self, event: Any) -> None:
        for view in self.bundle_views():
            view.close_bundle()
        super().closeEvent(event)

