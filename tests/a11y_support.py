"""What a screen reader gets from a window: the name and description of every control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QScrollBar,
    QTabBar,
    QWidget,
)


def controls(root: QWidget) -> list[QWidget]:
    """Visible widgets the keyboard can reach (scroll bars and Qt's inner viewports aside)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QScrollBar) or widget is root:
            continue
        parent = widget.parent()
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            continue  # the view itself carries the name
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin or combo box: the box carries the name
        if isinstance(widget.parent(), QTabBar):  # Qt's own tab scroll and close buttons
            continue
        found.append(widget)
    return found


def unnamed_or_undescribed(root: QWidget) -> list[str]:
    """``Type 'name'`` of each control lacking an accessible name or description."""
    missing = []
    for widget in controls(root):
        interface = QAccessible.queryAccessibleInterface(widget)
        if isinstance(widget, QTabBar):  # a screen reader reads each tab: name and tooltip
            for index in range(widget.count()):
                tab = interface.child(index)
                if not tab.text(QAccessible.Text.Name) or not tab.text(
                        QAccessible.Text.Description):
                    missing.append(f"tab {tab.text(QAccessible.Text.Name)!r} has no tooltip")
            continue
        name = interface.text(QAccessible.Text.Name) if interface else ""
        description = interface.text(QAccessible.Text.Description) if interface else ""
        if not name.strip() or not description.strip():
            missing.append(f"{type(widget).__name__} {name!r} desc={description!r}")
    return missing
