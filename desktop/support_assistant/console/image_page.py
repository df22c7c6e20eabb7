"""A screenshot from a bundle with zoom and pan, and an outline on every blacked-out region.

The pixels are the bundle's (already blacked out by the customer); the dashed
outlines come from the manifest's redaction boxes, so the engineer sees *that*
a region was hidden, never what was there.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeySequence,
    QPen,
    QPixmap,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..app.accessibility import describe
from ..core.bundle_contents import ItemInfo

ZOOM_STEP = 1.25


class ZoomView(QGraphicsView):
    """Ctrl+wheel zooms around the pointer; dragging pans."""

    zoomed = Signal(float)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        factor = max(0.02 / current, min(factor, 32 / current))
        self.scale(factor, factor)
        self.zoomed.emit(self.transform().m11())

    def scale_factor(self) -> float:
        return self.transform().m11()


class ImagePage(QWidget):
    """See the module docstring. ``set_image`` is called once the verified bytes are decoded."""

    def __init__(self, info: ItemInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.scene = QGraphicsScene(self)
        self.view = ZoomView(self.scene, self)
        self.view.setAccessibleName(self.tr("Screenshot {title}").format(title=info.title))
        self.pixmap_item: QGraphicsPixmapItem | None = None
        self.box_items: list[QGraphicsRectItem] = []
        self.info_label = QLabel(self)
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label.setAccessibleName(self.tr("About this screenshot"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setAccessibleName(self.tr("Zoom level"))
        buttons = QHBoxLayout()
        for text, name, slot in (
                (self.tr("Zoom in"), self.tr("Zoom in"), lambda: self.view.zoom(ZOOM_STEP)),
                (self.tr("Zoom out"), self.tr("Zoom out"), lambda: self.view.zoom(1 / ZOOM_STEP)),
                (self.tr("Fit"), self.tr("Fit to window"), self.fit),
                (self.tr("100 %"), self.tr("Actual size"), self.actual_size)):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.setAccessibleDescription(self.tr("Changes the zoom of the screenshot."))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.zoom_label)
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setAccessibleName(self.tr("Export this item"))
        describe(
            (self.view, self.tr("The screenshot as received; dashed outlines mark areas the "
                                "customer blacked out. Ctrl+wheel or Ctrl++ and Ctrl+- "
                                "zoom.")),
            (self.export_button, self.tr("Writes this screenshot, as checked, to a file.")))
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        for keys, slot in (("Ctrl++", lambda: self.view.zoom(ZOOM_STEP)),
                           ("Ctrl+=", lambda: self.view.zoom(ZOOM_STEP)),
                           ("Ctrl+-", lambda: self.view.zoom(1 / ZOOM_STEP)),
                           ("Ctrl+0", self.fit)):
            QShortcut(QKeySequence(keys), self, slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.zoomed.connect(self._show_zoom)
        self.info_label.setText(self.tr("Loading…"))

    def set_image(self, image: QImage) -> None:
        if image.isNull():
            self.info_label.setText(self.tr("This picture cannot be shown (not an image Qt can "
                                            "read, or too large); export it instead."))
            return
        self.scene.clear()
        self.box_items = []
        self.pixmap_item = self.scene.addPixmap(QPixmap.fromImage(image))
        pen = QPen(QColor(255, 45, 45), 0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        pen.setWidth(2)
        tip = self.tr("Blacked out by the customer before sending; the content is not in "
                      "the bundle.")
        for x, y, w, h in self.info.boxes:
            rect = self.scene.addRect(QRectF(x, y, w, h), pen, QBrush(Qt.BrushStyle.NoBrush))
            rect.setToolTip(tip)
            self.box_items.append(rect)
        self.scene.setSceneRect(QRectF(image.rect()))
        text = self.tr("{width} × {height} pixels.").format(width=image.width(),
                                                           height=image.height())
        if self.info.boxes:
            text += " " + self.tr("{count} region(s) were blacked out by the customer (dashed "
                                  "outlines); their content never left the customer's "
                                  "computer.").format(count=len(self.info.boxes))
        self.info_label.setText(text)
        self.fit()

    def fit(self) -> None:
        if self.pixmap_item is not None:
            self.view.fitInView(self.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)
            self._show_zoom(self.view.scale_factor())

    def actual_size(self) -> None:
        self.view.resetTransform()
        self._show_zoom(1.0)

    def _show_zoom(self, factor: float) -> None:
        self.zoom_label.setText(self.tr("{percent} %").format(percent=round(factor * 100)))

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        self.fit()
