"""Taking another screenshot: the whole desktop, one monitor, or a region picked on a frozen image.

The assistant's own windows hide first and come back afterwards, so they are not
in the picture; an optional delay lets the user open a menu first. Grabbing runs
through the core screenshot collector on a worker thread. For a region the whole
desktop is grabbed once and shown full-screen, frozen; the user drags (or, with
the keyboard, moves and sizes) a rectangle, and exactly that part of the frozen
image becomes the item.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.collectors import CollectContext, ScreenshotRequest
from ..core.collectors import screenshot as shots
from ..core.items import Box, Item, ItemKind
from ..core.messages import msg
from . import dialogs
from .accessibility import describe
from .announce import announce
from .operations import Operation, report_error
from .settle import HiddenWindows
from .snapshots import detached

if TYPE_CHECKING:
    from .review_window import ReviewWindow

class CaptureDialog(QDialog):
    """What to capture and after how long."""

    def __init__(self, monitors: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Take a screenshot"))
        self.setAccessibleName(self.windowTitle())
        self.desktop = QRadioButton(self.tr("The &whole desktop"), self)
        self.monitor = QRadioButton(self.tr("One &monitor:"), self)
        self.region = QRadioButton(self.tr("A &region I pick"), self)
        group = QButtonGroup(self)
        for button in (self.desktop, self.monitor, self.region):
            group.addButton(button)
            button.setAccessibleName(button.text().replace("&", "").rstrip(":"))
        self.desktop.setChecked(True)
        self.monitors = QComboBox(self)
        self.monitors.setAccessibleName(self.tr("Monitor"))
        for number, m in enumerate(monitors[1:], start=1):
            label = self.tr("Monitor {number} ({width} × {height})").format(
                number=number, width=m["width"], height=m["height"])
            if m.get("is_primary"):
                label += self.tr(", primary")
            self.monitors.addItem(label, number)
        self.monitor.setEnabled(len(monitors) > 2)
        self.monitors.setEnabled(len(monitors) > 2)
        self.delay = QSpinBox(self)
        self.delay.setRange(0, 30)
        self.delay.setSuffix(self.tr(" s"))
        self.delay.setAccessibleName(self.tr("Delay in seconds"))
        note = QLabel(self.tr("This window and the assistant hide while the screenshot is "
                              "taken. You will see the screenshot and can black out parts "
                              "before anything is sent."), self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.desktop)
        form.addRow(self.monitor, self.monitors)
        form.addRow(self.region)
        form.addRow(self.tr("&Wait before taking it:"), self.delay)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Take screenshot"))
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        describe(
            (self.desktop, self.tr("Every monitor in one picture.")),
            (self.monitor, self.tr("Only the monitor chosen in the list.")),
            (self.monitors, self.tr("The monitor to capture.")),
            (self.region, self.tr("A rectangle you pick on a frozen picture of the "
                                  "screen.")),
            (self.delay, self.tr("Seconds to wait, so you can open the window that shows the "
                                 "problem.")),
            (buttons.button(QDialogButtonBox.StandardButton.Ok),
             self.tr("Takes the screenshot; you review it before anything is sent.")),
            (buttons.button(QDialogButtonBox.StandardButton.Cancel),
             self.tr("Closes without taking a screenshot.")))

    def choice(self) -> tuple[str, int, int]:
        """(``desktop`` | ``monitor`` | ``region``, monitor number, delay in seconds)."""
        kind = "monitor" if self.monitor.isChecked() else (
            "region" if self.region.isChecked() else "desktop")
        return kind, int(self.monitors.currentData() or 0), self.delay.value()


class RegionOverlay(QWidget):
    """The frozen desktop, full-screen; drag or use the keyboard to pick a rectangle.

    Arrows move the rectangle (Shift: by 10), Ctrl+arrows resize it, Enter takes it,
    Escape cancels. ``picked`` carries the rectangle in the frozen image's pixels.
    """

    picked = Signal(object)
    cancelled = Signal()

    def __init__(self, frozen: QPixmap, geometry: QRect) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Tool)
        self.setAccessibleName(self.tr("Pick a region: drag, or use the arrow keys and "
                                       "press Enter"))
        self.instructions = self.tr("Drag to pick a region, or move it with the arrow keys "
                                    "(Ctrl+arrows resize). Enter takes it, Escape cancels.")
        self.setAccessibleDescription(self.instructions)
        self.frozen = frozen
        self.setGeometry(geometry)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.selection = QRect(geometry.width() // 3, geometry.height() // 3,
                               geometry.width() // 3, geometry.height() // 3)
        self._origin: QPoint | None = None

    def image_box(self) -> Box:
        """The selection in the frozen image's pixels."""
        sx = self.frozen.width() / max(1, self.width())
        sy = self.frozen.height() / max(1, self.height())
        r = self.selection.normalized().intersected(self.rect())
        left, top = round(r.left() * sx), round(r.top() * sy)
        right, bottom = round((r.right() + 1) * sx), round((r.bottom() + 1) * sy)
        return Box(left, top, max(1, right - left), max(1, bottom - top))

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self.frozen)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))
        r = self.selection.normalized()
        source = QRectF(r.left() * self.frozen.width() / max(1, self.width()),
                        r.top() * self.frozen.height() / max(1, self.height()),
                        r.width() * self.frozen.width() / max(1, self.width()),
                        r.height() * self.frozen.height() / max(1, self.height()))
        painter.drawPixmap(QRectF(r), self.frozen, source)
        painter.setPen(QColor("#2196f3"))
        painter.drawRect(r.adjusted(0, 0, -1, -1))
        # white on an almost opaque black plate: readable (WCAG AA) over any screenshot
        flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter
        area = self.rect().adjusted(20, 20, -20, -20)
        text = self.instructions
        plate = painter.boundingRect(area, flags | Qt.TextFlag.TextWordWrap, text)
        painter.fillRect(plate.adjusted(-10, -6, 10, 6), QColor(0, 0, 0, 220))
        painter.setPen(QColor("white"))
        painter.drawText(area, flags | Qt.TextFlag.TextWordWrap, text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._origin = event.position().toPoint()
            self.selection = QRect(self._origin, self._origin)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._origin is not None:
            self.selection = QRect(self._origin, event.position().toPoint()).normalized()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._origin is not None and event.button() == Qt.MouseButton.LeftButton:
            self._origin = None
            if self.selection.width() > 2 and self.selection.height() > 2:
                self._finish()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
            self.cancelled.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
            return
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                 Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key not in steps:
            super().keyPressEvent(event)
            return
        dx, dy = steps[Qt.Key(key)]
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        r = QRect(self.selection)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            r.setWidth(max(4, r.width() + dx * step))
            r.setHeight(max(4, r.height() + dy * step))
        else:
            r.translate(dx * step, dy * step)
        self.selection = r.intersected(self.rect())
        self.update()
        box = self.image_box()  # screen readers hear where the region is now
        announce(self, self.tr("Region {w} × {h} pixels at {x}, {y}").format(
            w=box.w, h=box.h, x=box.x, y=box.y))

    def _finish(self) -> None:
        box = self.image_box()
        self.close()
        self.picked.emit(box)


def crop_region(report_dir_report: Any, frozen: Path, box: Box, desktop: dict[str, int],
                monitors: list[dict[str, Any]]) -> Item:
    """The picked part of the frozen desktop as a new screenshot item (worker thread).

    Written here, not in the collector: the pixels must be the frozen ones the user
    saw, not a fresh grab after the overlay closed.
    """
    report = report_dir_report
    item_id = report.new_item_id("screenshot")
    out = report.payload_path(item_id, ".png")
    with Image.open(frozen) as image:
        region = image.crop((box.x, box.y, box.x + box.w, box.y + box.h))
        region.save(out, format="PNG", compress_level=shots.PNG_COMPRESS_LEVEL)
    x, y = desktop["left"] + box.x, desktop["top"] + box.y
    return report.add(Item.from_file(
        id=item_id, kind=ItemKind.SCREENSHOT, source="screenshot", payload=out,
        media_type="image/png",
        title=msg("collect.screenshot.item_region", w=box.w, h=box.h, x=x, y=y),
        metadata={"clean_image": True, "filename": "screenshot.png", "target": "region",
                  "monitor_index": None,
                  "geometry": {"left": x, "top": y, "width": box.w, "height": box.h},
                  "monitors": monitors[1:], "desktop": desktop}))


class CaptureController:
    """Runs one capture for the review window (see the module docstring)."""

    def __init__(self, window: ReviewWindow) -> None:
        self.window = window
        self.hidden: HiddenWindows | None = None
        self.overlay: RegionOverlay | None = None
        self._frozen_file: Path | None = None

    def ask(self) -> CaptureDialog | None:
        """Open the capture dialog; on OK the capture starts."""
        if not self.window.config["screenshots.allowed"]:
            translate = QCoreApplication.translate
            dialogs.service().information(
                self.window, translate("ReviewWindow", "Screenshots"),
                translate("ReviewWindow", "Your IT department's policy does not allow "
                                          "screenshots."))
            return None
        try:
            monitors = shots.monitors()
        except Exception as exc:  # noqa: BLE001 - shown in the one error dialog
            report_error(self.window, exc)
            return None
        dialog = CaptureDialog(monitors, self.window)
        dialog.accepted.connect(lambda: self.take(*dialog.choice()))
        dialog.open()
        return dialog

    def take(self, kind: str, monitor: int = 0, delay: int = 0) -> None:
        """Hide our windows, wait until they are off the screen (and ``delay`` seconds),
        grab; the new item appears in the window when done."""
        visible = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and not isinstance(w, RegionOverlay)]
        grab = lambda: self._grab(kind, monitor)  # noqa: E731
        if delay:
            self.hidden = HiddenWindows(visible, lambda: None, self.window)
            QTimer.singleShot(delay * 1000, grab)
        else:
            self.hidden = HiddenWindows(visible, grab, self.window)

    def _grab(self, kind: str, monitor: int) -> None:
        config = self.window.config
        target = detached(self.window.report)
        if kind == "region":
            folder = Path(tempfile.mkdtemp(prefix="frozen-", dir=target.session_dir))
            frozen = folder / "desktop.png"
            Operation(self.window, lambda _p: shots.capture(ScreenshotRequest(0), frozen),
                      quiet=True).success(self._pick).failure(self._failed).run()
            self._frozen_file = frozen
            return
        request = ScreenshotRequest(monitor=monitor if kind == "monitor" else 0)
        context = CollectContext(report=target, config=config, screenshot=request)
        Operation(self.window, lambda _p: shots.collect(context), quiet=True) \
            .success(self._done).failure(self._failed).run()

    def _pick(self, frozen: shots.Capture) -> None:
        pixmap = QPixmap(str(frozen.path))
        screen = QGuiApplication.primaryScreen()
        self.overlay = RegionOverlay(pixmap, screen.virtualGeometry())
        self.overlay.picked.connect(lambda box: self._crop(frozen, box))
        self.overlay.cancelled.connect(lambda: self._restore(cleanup=True))
        self.overlay.show()
        self.overlay.activateWindow()
        self.overlay.setFocus()

    def _crop(self, frozen: shots.Capture, box: Box) -> None:
        target = detached(self.window.report)
        Operation(self.window, lambda _p: [crop_region(target, frozen.path, box,
                                                       frozen.monitors[0], frozen.monitors)],
                  quiet=True).success(self._done).failure(self._failed).run()

    def _done(self, items: list[Item]) -> None:
        self._restore(cleanup=True)
        self.window.add_items(items)

    def _failed(self, error: BaseException) -> None:
        self._restore(cleanup=True)
        report_error(self.window, error)

    def _restore(self, cleanup: bool) -> None:
        if self.hidden is not None:
            self.hidden.restore()
            self.hidden.deleteLater()
            self.hidden = None
        if self.overlay is not None:
            self.overlay.deleteLater()
            self.overlay = None
        if cleanup and self._frozen_file is not None:
            self._frozen_file.unlink(missing_ok=True)
            shutil.rmtree(self._frozen_file.parent, ignore_errors=True)
            self._frozen_file = None
