"""The picture as it will be sent: decoded from the bytes :func:`core.redact.stream` produces.

Not the original with an overlay: after every edit the item's redacted bytes are
rendered again off the UI thread (``render_image`` burns the boxes into the
pixels and drops all metadata), decoded, and shown here. ``rendered`` carries the
exact bytes, so the window can show their size and tests can compare them with
the bundle.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ..core.items import Item
from ..core.redact import render_bytes
from .operations import Operation
from .snapshots import snapshot

DEBOUNCE_MS = 150
BEHIND_MS = 1000
"""Delay of a render while this tab is behind the editor: the window paints first."""


def _render(item: Item) -> tuple[bytes, QImage]:
    data = render_bytes(item)
    image = QImage()
    image.loadFromData(data)
    return data, image


class SentImagePreview(QWidget):
    """See the module docstring."""

    rendered = Signal(str, bytes)
    """(item id, the exact bytes that will be sent) after each render."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.image = QImage()
        self.data = b""
        self._generation = 0
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(self.tr("Screenshot as it will be sent"))
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setAccessibleName(self.tr("What is sent"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.scroll, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)

    def show_item(self, item: Item | None) -> None:
        """Render ``item`` now (a newer call supersedes a render still running)."""
        self.item = item
        self._generation += 1
        if item is None:
            self.label.clear()
            self.info.clear()
            self._timer.stop()
            return
        if self.isVisible():
            self._start()
        else:
            self._timer.start(BEHIND_MS)

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        if self._timer.isActive():  # a render waits: the user looks now
            self._timer.stop()
            self._start()

    def refresh(self) -> None:
        """The item changed: render again shortly (edits in quick succession render once)."""
        self._generation += 1
        self.info.setText(self.tr("Updating…"))
        self._timer.start(DEBOUNCE_MS)

    def _start(self) -> None:
        if self.item is None:
            return
        generation = self._generation
        item = snapshot(self.item)
        Operation(self, lambda _p: _render(item), quiet=True).success(
            lambda result: self._show(generation, item.id, *result)).run()

    def _show(self, generation: int, item_id: str, data: bytes, image: QImage) -> None:
        if generation != self._generation:
            return  # an edit arrived meanwhile; its own render follows
        self.data, self.image = data, image
        self._fit()
        size = QLocale().formattedDataSize(len(data), 1, QLocale.DataSizeFormat.DataSizeSIFormat)
        self.info.setText(self.tr("Sent exactly like this: {width} × {height} pixels, {size}, "
                                  "no metadata.").format(width=image.width(),
                                                         height=image.height(), size=size))
        self.rendered.emit(item_id, data)

    def _fit(self) -> None:
        if self.image.isNull():
            return
        area = self.scroll.viewport().size()
        pixmap = QPixmap.fromImage(self.image)
        if pixmap.width() > area.width() or pixmap.height() > area.height():
            pixmap = pixmap.scaled(area, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self._fit()
