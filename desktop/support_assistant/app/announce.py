"""Screen-reader announcements: what changed, said in words, for things drawn on a canvas.

A box on a screenshot has no widget of its own, so the redaction editor's view
describes the selected box (number, size, position) in its accessible
description and posts both a DescriptionChanged and an Announcement event
(Qt 6.8+), which screen readers (Orca, NVDA, VoiceOver) read out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from .redaction_editor import RedactionEditor


def announce(widget: QWidget, text: str) -> None:
    """Make ``text`` the description of ``widget`` and have screen readers say it."""
    if text == widget.accessibleDescription():
        return
    widget.setAccessibleDescription(text)
    QAccessible.updateAccessibility(
        QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def box_description(editor: RedactionEditor) -> str:
    """The selected box as words, or how many boxes there are and how to add one."""
    translate = QCoreApplication.translate
    boxes = editor.boxes()
    selected = editor.selected_box()
    if selected is not None and selected in boxes:
        box = selected.box
        return translate("RedactionEditor", "Box {number} of {count}: {w} × {h} pixels at "
                                            "{x}, {y}. Arrows move it, Ctrl+arrows resize it, "
                                            "Delete removes it.").format(
            number=boxes.index(selected) + 1, count=len(boxes), w=box.w, h=box.h, x=box.x,
            y=box.y)
    if not boxes:
        return translate("RedactionEditor", "No area is blacked out. Press N to add a box.")
    return translate("RedactionEditor", "{count} areas blacked out. Tab selects a box, N adds "
                                        "one.").format(count=len(boxes))


def announce_boxes(editor: RedactionEditor) -> None:
    """Announce the editor's boxes on its view (after a selection or a change)."""
    # the scene emits selectionChanged while the editor is being destroyed, too
    if editor.item is not None and isValid(editor.scene) and isValid(editor.view):
        announce(editor.view, box_description(editor))
