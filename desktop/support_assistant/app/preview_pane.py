"""The right half of the review window: the selected item exactly as it will be sent.

Text of any kind goes to :class:`.text_preview.TextPreview`; a screenshot shows the
redaction editor and, on its second tab, the pixels that will be sent
(:class:`.image_preview.SentImagePreview`). Above both: the item's title, what it
is, and its own approval checkbox.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from ..core.items import Item
from .accessibility import describe
from .image_preview import SentImagePreview
from .item_list import format_size, kind_label
from .redaction_editor import RedactionEditor
from .text_preview import TextPreview


class PreviewPane(QWidget):
    """See the module docstring."""

    itemChanged = Signal(str)
    """The shown item's redactions changed (its approval is void now)."""
    approvalRequested = Signal(str, bool)
    """The user ticked or unticked "approve this item" (item id, approved)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.ocr_states: dict[str, str] = {}
        """Text recognition state by item id (the window fills it; see RedactionEditor)."""
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.approve = QCheckBox(self.tr("&Approve this item as shown"), self)
        self.approve.setAccessibleName(self.tr("Approve this item as shown"))
        self.approve.setEnabled(False)
        self.approve.clicked.connect(self._approve_clicked)

        self.empty = QLabel(self.tr("Select an item on the left to see exactly what will be "
                                    "sent."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.text = TextPreview(self)
        self.editor = RedactionEditor(self)
        self.sent_image = SentImagePreview(self)
        self.image_tabs = QTabWidget(self)
        self.image_tabs.setAccessibleName(self.tr("Screenshot"))
        self.image_tabs.addTab(self.editor, self.tr("&Black out"))
        self.image_tabs.addTab(self.sent_image, self.tr("As &sent"))
        self.stack = QStackedWidget(self)
        for page in (self.empty, self.text, self.image_tabs):
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.approve)
        layout.addWidget(self.stack, 1)

        # Tab order as seen: the approval, the screenshot's tabs, then its editor.
        QWidget.setTabOrder(self.image_tabs.tabBar(), self.editor.view)
        describe(
            (self.approve, self.tr("Approves this item exactly as shown here; any later change "
                                   "unticks it.")),
            (self.image_tabs, self.tr("Black out: draw boxes over what must not be sent. As "
                                      "sent: the picture that will be sent.")),
            (self.image_tabs.tabBar(), self.tr("Switches between blacking out and the picture "
                                               "as sent.")))
        self.image_tabs.setTabToolTip(0, self.tr("Draw boxes over what must not be sent."))
        self.image_tabs.setTabToolTip(1, self.tr("The picture exactly as it will be sent."))

        self.text.itemChanged.connect(self._edited)
        self.editor.changed.connect(self._edited)

    def show_item(self, item: Item | None) -> None:
        """Show ``item`` (None: nothing selected)."""
        self.item = item
        if item is None:
            self.title.clear()
            self.subtitle.clear()
            self.approve.setEnabled(False)
            self.approve.setChecked(False)
            self.text.show_item(None)
            self.editor.set_item(None)
            self.sent_image.show_item(None)
            self.stack.setCurrentWidget(self.empty)
            return
        self.title.setText(item.title)
        self.subtitle.setText(f"{kind_label(item.kind)} · {format_size(item.size)}")
        if item.is_image:
            self.text.show_item(None)
            self.editor.set_item(item)
            self.editor.set_ocr_state(self.ocr_states.get(item.id, ""))
            self.sent_image.show_item(item)
            self.stack.setCurrentWidget(self.image_tabs)
        else:
            self.editor.set_item(None)
            self.sent_image.show_item(None)
            self.text.show_item(item)
            self.stack.setCurrentWidget(self.text)
        self.refresh_approval()

    def refresh_suggestions(self, item_id: str) -> None:
        """New suggested boxes (or OCR state) for ``item_id``: update the editor in place."""
        if self.item is not None and self.item.id == item_id and self.item.is_image:
            self.editor.refresh_findings()
            self.editor.set_ocr_state(self.ocr_states.get(item_id, ""))
            self.sent_image.refresh()
            self.refresh_approval()

    def refresh_approval(self) -> None:
        self.approve.setEnabled(self.item is not None)
        self.approve.setChecked(self.item is not None and self.item.approved)

    def _approve_clicked(self, checked: bool) -> None:
        if self.item is not None:
            self.approvalRequested.emit(self.item.id, checked)

    def _edited(self, item_id: str) -> None:
        if self.item is not None and self.item.is_image:
            self.sent_image.refresh()
        self.refresh_approval()
        self.itemChanged.emit(item_id)
