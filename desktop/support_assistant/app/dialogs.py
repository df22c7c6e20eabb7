"""Confirmations, messages and file pickers behind one service that tests can answer.

Widgets never call ``QMessageBox`` or ``QFileDialog`` directly: they call
``dialogs.service().confirm(...)`` and friends. Tests install their own service
with :func:`set_service` and answer without any modal loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .wording import tr


class DialogService:
    """Modal questions to the user, as real Qt dialogs."""

    def confirm(self, parent: QWidget | None, title: str, text: str, *,
                accept: str = "", reject: str = "") -> bool:
        """Ask a yes/no question; the safe answer (reject) is the default."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                          parent)
        yes = box.addButton(accept or tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(reject or tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.setAccessibleName(title)
        box.exec()
        return box.clickedButton() is yes

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          parent)
        box.setAccessibleName(title)
        box.exec()

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, parent)
        box.setAccessibleName(title)
        box.exec()

    def open_file(self, parent: QWidget | None, title: str, filter: str = "") -> Path | None:
        """A file to read, or None if the user cancelled."""
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filter)
        return Path(name) if name else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str,
                  filter: str = "") -> Path | None:
        """Where to write a file, or None if the user cancelled."""
        start = str(Path.home() / suggested)
        name, _ = QFileDialog.getSaveFileName(parent, title, start, filter)
        return Path(name) if name else None


_service: DialogService = DialogService()


def service() -> DialogService:
    """The dialog service in use."""
    return _service


def set_service(new: DialogService) -> DialogService:
    """Install ``new`` (tests do); returns the previous service."""
    global _service
    previous, _service = _service, new
    return previous
