"""Settings: the service credentials (organisation, masked token, endpoint) and every setting.

Credentials live in the OS keyring (:mod:`core.credentials`); the token is never
shown, only its masked form, and an empty token field keeps the stored one. A
setting locked by the IT policy is read-only and says so; the others can be changed
in the table (stored in the user's settings.toml). Without a keyring the
credentials are kept for this session only. Keyring calls run as operations
(a keyring may block on an unlock prompt).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import credentials as creds
from ..core import policy
from ..core.errors import CredentialsError, PolicyError
from ..core.policy import SETTINGS, Config
from . import dialogs
from .accessibility import describe
from .operations import Operation

LOCK = "🔒"


def setting_text(value: Any) -> str:
    """How a value is shown and edited: strings as they are, the rest as JSON/TOML literals."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def parse_setting(key: str, text: str) -> Any:
    """The typed value of an edited cell; ValueError when the text is not of the key's type."""
    if SETTINGS[key].type is str:
        return text
    return json.loads(text)


class SettingsDialog(QDialog):
    """See the module docstring. ``saved`` (QDialog.accepted) after credentials were stored."""

    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.current: creds.Credentials | None = None
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.windowTitle())

        group = QGroupBox(self.tr("Service credentials"), self)
        form = QFormLayout(group)
        self.organisation = QLineEdit(self)
        self.organisation.setAccessibleName(self.tr("Organisation ID"))
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Access token"))
        self.endpoint = QLineEdit(self)
        self.endpoint.setAccessibleName(self.tr("Intake endpoint"))
        self.endpoint.setPlaceholderText(self.tr("default: {endpoint}").format(
            endpoint=config["intake.endpoint"]))
        form.addRow(self.tr("&Organisation ID:"), self.organisation)
        form.addRow(self.tr("Access &token:"), self.token)
        form.addRow(self.tr("&Endpoint:"), self.endpoint)
        for key, edit in (("intake.organisation", self.organisation),
                          ("intake.endpoint", self.endpoint)):
            if config.is_locked(key):
                edit.setText(config[key])
                edit.setReadOnly(True)
                edit.setToolTip(self.tr("Locked by your IT department's policy"))
                edit.setAccessibleName(edit.accessibleName() + " " + self.tr("(locked)"))
                form.labelForField(edit).setText(form.labelForField(edit).text() + " " + LOCK)
        self.keyring_note = QLabel(self)
        self.keyring_note.setWordWrap(True)
        form.addRow(self.keyring_note)

        self.table = QTableWidget(len(SETTINGS), 3, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.setAccessibleName(self.tr("All settings"))
        self.table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Value"),
                                              self.tr("From")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.DoubleClicked
                                   | QTableWidget.EditTrigger.EditKeyPressed)
        self.keys = list(SETTINGS)
        for row, (key, setting) in enumerate(SETTINGS.items()):
            locked = config.is_locked(key)
            name = QTableWidgetItem(f"{LOCK} {key}" if locked else key)
            name.setToolTip(setting.help)
            value = QTableWidgetItem(setting_text(config[key]))
            value.setToolTip(self.tr("Locked by your IT department's policy") if locked
                             else self.tr("Double-click to change ({help})").format(
                                 help=setting.help))
            source = QTableWidgetItem(self._source_text(key))
            for column, cell in enumerate((name, value, source)):
                if column != 1 or locked:  # only the value of an unlocked key can be edited
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, cell)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._setting_edited)
        if config.problem:
            problem = QLabel(config.problem, self)
            problem.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("&Save credentials"))
        self.forget_button = QPushButton(self.tr("&Forget credentials"))
        self.close_button = QPushButton(self.tr("&Close"))
        for button, role in ((self.save_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.forget_button, QDialogButtonBox.ButtonRole.DestructiveRole),
                             (self.close_button, QDialogButtonBox.ButtonRole.RejectRole)):
            button.setAccessibleName(button.text().replace("&", ""))
            buttons.addButton(button, role)
        self.save_button.clicked.connect(self.save)
        self.forget_button.clicked.connect(self.forget)
        self.close_button.clicked.connect(self.reject)
        describe(
            (self.organisation, self.tr("The organisation or customer ID your vendor gave "
                                        "you.")),
            (self.token, self.tr("The access token your vendor gave you; it is stored in the "
                                 "system keyring and never shown.")),
            (self.endpoint, self.tr("The address reports are sent to; leave it empty for the "
                                    "default.")),
            (self.table, self.tr("Every setting with its value and where it comes from.")),
            (self.save_button, self.tr("Stores the organisation ID and token in the system "
                                       "keyring.")),
            (self.forget_button, self.tr("Removes the stored credentials from this "
                                         "computer.")),
            (self.close_button, self.tr("Closes the settings.")))
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        if config.problem:
            layout.addWidget(problem)
        layout.addWidget(QLabel(self.tr("All settings ({lock} = locked by your IT "
                                        "department):").format(lock=LOCK), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.loaded = Operation(self, lambda _p: creds.load_optional(), quiet=True) \
            .success(self._show_current).failure(self._load_failed).run()

    def _source_text(self, key: str) -> str:
        source = self.config.sources.get(key, "")
        if self.config.is_locked(key):
            return self.tr("locked by {source}").format(source=source)
        return source

    def _setting_edited(self, cell: QTableWidgetItem) -> None:
        """Store an edited (unlocked) value in the user's settings, or explain and revert."""
        if cell.column() != 1:
            return
        key = self.keys[cell.row()]
        try:
            policy.save_user_setting(self.config, key, parse_setting(key, cell.text()))
        except (PolicyError, ValueError) as exc:
            dialogs.service().error(self, self.tr("Settings"), str(exc) if isinstance(
                exc, PolicyError) else self.tr("'{text}' is not {expected}.").format(
                    text=cell.text(), expected=SETTINGS[key].type_name))
        with QSignalBlocker(self.table):
            cell.setText(setting_text(self.config[key]))
            self.table.item(cell.row(), 2).setText(self._source_text(key))

    def _show_current(self, current: creds.Credentials | None) -> None:
        self.current = current
        if creds.keyring_available():
            self.keyring_note.setText(self.tr("Stored in the system keyring ({backend}).")
                                      .format(backend=creds.backend_name()))
        else:
            self.keyring_note.setText(self.tr("This system has no keyring: the credentials are "
                                              "kept for this session only, never on disk."))
        if current is None:
            self.token.setPlaceholderText(self.tr("not set"))
            return
        if not self.organisation.isReadOnly():
            self.organisation.setText(current.organisation)
        if not self.endpoint.isReadOnly():
            self.endpoint.setText(current.endpoint)
        self.token.setPlaceholderText(self.tr("{masked} (leave empty to keep it)").format(
            masked=current.masked_token))

    def _load_failed(self, error: BaseException) -> None:
        self.keyring_note.setText(str(error))

    def entered(self) -> creds.Credentials:
        """The credentials as entered (an empty token keeps the stored one)."""
        token = self.token.text().strip() or (self.current.token if self.current else "")
        endpoint = "" if self.endpoint.isReadOnly() else self.endpoint.text().strip()
        organisation = self.organisation.text().strip()
        result = creds.Credentials(organisation, token, endpoint)
        creds.check_against_policy(result, self.config)
        return result

    def save(self) -> Operation | None:
        try:
            entered = self.entered()
        except Exception as exc:  # noqa: BLE001 - a UsageError/PolicyError sentence
            dialogs.service().error(self, self.tr("Settings"), str(exc))
            return None

        def work(_progress) -> bool:  # noqa: ANN001
            try:
                creds.store(entered)
                return True
            except CredentialsError as exc:
                if not exc.detail.get("no_keyring"):
                    raise
                creds.remember_for_session(entered)
                return False

        return Operation(self, work, label=self.tr("Saving credentials…"), cancellable=False) \
            .success(self._saved).run()

    def _saved(self, stored: bool) -> None:
        self.token.clear()
        if not stored:
            dialogs.service().information(self, self.tr("Settings"), self.tr(
                "There is no keyring on this system, so the credentials are kept for this "
                "session only."))
        self.accept()

    def forget(self) -> Operation | None:
        if not dialogs.service().confirm(self, self.tr("Forget credentials"), self.tr(
                "Remove the stored service credentials from this computer?"),
                accept=self.tr("Forget")):
            return None
        return Operation(self, lambda _p: creds.clear(), label=self.tr("Removing…"),
                         cancellable=False).success(lambda _r: self._show_current(None)).run()
