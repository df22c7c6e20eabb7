"""Accessible descriptions: what a control does, read by screen readers after its name.

Each window describes its controls in one block (``describe(...)``) so the
sentences sit together and are easy to review and translate.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def describe(*pairs: tuple[QWidget | None, str]) -> None:
    """Set the accessible description of each widget (``None`` widgets are skipped)."""
    for widget, text in pairs:
        if widget is not None:
            widget.setAccessibleDescription(text)
