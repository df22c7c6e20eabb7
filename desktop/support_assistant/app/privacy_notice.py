"""The privacy notice dialog: shown on first run and whenever IT changes its version.

The text, name, logo and version come from the policy's ``branding.*`` keys
(IT's own words, so they are not translated). Accepting records it through
:mod:`core.privacy`; declining closes the app before anything is collected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import privacy
from ..core.policy import Config

LOGO_HEIGHT = 48


class PrivacyNoticeDialog(QDialog):
    """See the module docstring; ``accept()`` records the acceptance."""

    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.setWindowTitle(self.tr("Privacy notice"))
        self.setAccessibleName(self.windowTitle())
        heading = QHBoxLayout()
        logo = QPixmap(config["branding.logo"]) if config["branding.logo"] else QPixmap()
        if not logo.isNull():
            picture = QLabel(self)
            picture.setPixmap(logo.scaledToHeight(LOGO_HEIGHT,
                                                  Qt.TransformationMode.SmoothTransformation))
            heading.addWidget(picture)
        self.title = QLabel(self.tr("{name}: how your reports are handled").format(
            name=config["branding.name"]), self)
        self.title.setWordWrap(True)
        heading.addWidget(self.title, 1)
        self.text = QPlainTextEdit(config["branding.privacy_text"], self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Privacy notice text"))
        self.version = QLabel(self.tr("Version {version}. Nothing is collected or sent until "
                                      "you accept.").format(
            version=config["branding.privacy_version"]), self)
        self.version.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.accept_button = QPushButton(self.tr("I &accept"))
        self.decline_button = QPushButton(self.tr("&Quit"))
        for button, role in ((self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.decline_button, QDialogButtonBox.ButtonRole.RejectRole)):
            button.setAccessibleName(button.text().replace("&", ""))
            buttons.addButton(button, role)
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept)
        self.decline_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.version)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def accept(self) -> None:
        privacy.accept(self.config)
        super().accept()


def ensure_accepted(config: Config, parent: QWidget | None = None) -> bool:
    """True when the notice in effect is accepted (asking the user if needed)."""
    if not privacy.needs_acceptance(config):
        return True
    dialog = PrivacyNoticeDialog(config, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
