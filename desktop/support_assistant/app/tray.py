"""The tray icon of the running instance: Report a problem, Sent reports, Settings, Quit.

Only where the platform has a tray (:meth:`QSystemTrayIcon.isSystemTrayAvailable`);
without one the instance lives as long as its windows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon, QWidget

if TYPE_CHECKING:
    from .instance import Instance


class TrayMenu(QMenu):
    """The tray's menu (built and tested on its own; the icon needs a real tray)."""

    def __init__(self, instance: Instance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instance = instance
        self.dialogs: list[QWidget] = []
        self.report_action = self._add(self.tr("&Report a problem…"), instance.new_report)
        self.history_action = self._add(self.tr("Sent &reports…"), self.open_history)
        self.settings_action = self._add(self.tr("&Settings…"), self.open_settings)
        self.addSeparator()
        self.quit_action = self._add(self.tr("&Quit"), self.quit)

    def _add(self, text: str, slot) -> QAction:  # noqa: ANN001
        action = self.addAction(text)
        action.triggered.connect(slot)
        return action

    @staticmethod
    def quit() -> None:
        """Close every window first (each saves its report), then leave."""
        QApplication.closeAllWindows()
        QApplication.quit()

    def open_history(self) -> QWidget:
        from .history_view import HistoryDialog

        return self._show(HistoryDialog(self.instance.config, None))

    def open_settings(self) -> QWidget:
        from .settings_page import SettingsDialog

        return self._show(SettingsDialog(self.instance.config, None))

    def _show(self, dialog: QWidget) -> QWidget:
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog


class TrayIcon(QSystemTrayIcon):
    """See the module docstring."""

    def __init__(self, instance: Instance) -> None:
        super().__init__(QApplication.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxInformation), instance)
        self.menu = TrayMenu(instance)
        self.setContextMenu(self.menu)
        self.setToolTip(self.tr("Support Assistant"))
        self.activated.connect(self._activated)

    @classmethod
    def create(cls, instance: Instance) -> TrayIcon | None:
        """The shown tray icon, or None where the platform has no tray."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        icon = cls(instance)
        icon.show()
        return icon

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.menu.instance.new_report()
