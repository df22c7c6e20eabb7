"""The screenshot redaction editor: solid boxes drawn over the original, with undo and zoom.

The user draws, moves, resizes and deletes solid black rectangles; every change is
a command on a QUndoStack (Ctrl+Z / Ctrl+Shift+Z) and is written straight back to
the item as :class:`RectRedaction` (``Item.set_redactions``), which voids its
approval. Boxes suggested by OCR (findings with a box) arrive in the background and
are dashed outlines until the user decides: A accepts the selected one (it becomes
a solid box), R rejects it, Shift+A / Shift+R decide every waiting one at once;
every decision is one undoable step. A line above the image says whether text
recognition is still running, found nothing, or is not installed. Everything works
from the keyboard: N adds a box in the middle of the view, Tab picks the next box
or suggestion, arrows move a box (Shift: by 10), Ctrl+arrows resize it, Delete
removes it, +/- zoom, Ctrl+0 fits the image.

What is sent is not this overlay: :mod:`.image_preview` shows the pixels
rendered by :func:`core.redact.render_image`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QUndoCommand,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QStyleOptionGraphicsItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.items import Box, Finding, Item, RectRedaction
from .announce import announce_boxes

HANDLE = 7  # grab distance of an edge, in screen pixels
MIN_SIZE = 2


def clamp_box(rect: QRectF, width: int, height: int) -> Box | None:
    """The integer pixel box of ``rect`` inside the image, or None if nothing is left."""
    left = max(0, min(width, round(min(rect.left(), rect.right()))))
    top = max(0, min(height, round(min(rect.top(), rect.bottom()))))
    right = max(0, min(width, round(max(rect.left(), rect.right()))))
    bottom = max(0, min(height, round(max(rect.top(), rect.bottom()))))
    if right - left < 1 or bottom - top < 1:
        return None
    return Box(left, top, right - left, bottom - top)


def box_rect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.w, box.h)


class BoxItem(QGraphicsRectItem):
    """One of the user's solid rectangles (scene coordinates are image pixels)."""

    def __init__(self, box: Box) -> None:
        super().__init__(box_rect(box))
        self.setBrush(QBrush(QColor("black")))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setZValue(2)

    @property
    def box(self) -> Box:
        r = self.rect()
        return Box(round(r.x()), round(r.y()), round(r.width()), round(r.height()))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.fillRect(self.rect(), QColor("black"))
        if self.isSelected():
            scale = painter.transform().m11() or 1.0
            pen = QPen(QColor("#2196f3"), 2 / scale, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(self.rect())
            size = HANDLE / scale
            r = self.rect()
            for x in (r.left(), r.center().x(), r.right()):
                for y in (r.top(), r.center().y(), r.bottom()):
                    if (x, y) != (r.center().x(), r.center().y()):
                        painter.fillRect(QRectF(x - size / 2, y - size / 2, size, size),
                                         QColor("#2196f3"))


class FindingItem(QGraphicsRectItem):
    """A box a detector suggested: dashed while pending, solid once accepted (kept),
    a faint dotted outline once rejected (released)."""

    def __init__(self, finding: Finding, state: str) -> None:
        assert finding.box is not None
        super().__init__(box_rect(finding.box))
        self.finding = finding
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setZValue(1)
        self.set_state(state)

    @property
    def kept(self) -> bool:
        return self.state == "kept"

    def set_state(self, state: str) -> None:
        self.state = state
        self.setToolTip(_state_tip(self.finding.detector, state))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scale = painter.transform().m11() or 1.0
        rect = self.rect()
        if self.state == "kept":
            painter.fillRect(rect, QColor("black"))
        elif self.state == "pending":
            painter.fillRect(rect, QColor(255, 111, 0, 40))
            painter.setPen(QPen(QColor("#ff6f00"), 2 / scale, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
        else:
            painter.setPen(QPen(QColor("#9e9e9e"), 1 / scale, Qt.PenStyle.DotLine))
            painter.drawRect(rect)
        if self.isSelected():
            painter.setPen(QPen(QColor("#2196f3"), 3 / scale, Qt.PenStyle.SolidLine))
            painter.drawRect(rect.adjusted(-2 / scale, -2 / scale, 2 / scale, 2 / scale))


def _state_tip(detector: str, state: str) -> str:
    states = {"pending": QCoreApplication.translate("RedactionEditor", "suggested: A accepts, R rejects"),
              "kept": QCoreApplication.translate("RedactionEditor", "accepted: blacked out"),
              "released": QCoreApplication.translate("RedactionEditor", "rejected: sent as it is")}
    return f"{detector} ({states.get(state, state)})"


# --- undo commands --------------------------------------------------------------------------
class _AddBox(QUndoCommand):
    def __init__(self, editor: RedactionEditor, box: Box) -> None:
        super().__init__(QCoreApplication.translate("RedactionEditor", "Add box"))
        self.editor, self.item = editor, BoxItem(box)

    def redo(self) -> None:
        self.editor.scene.addItem(self.item)
        self.editor.scene.clearSelection()
        self.item.setSelected(True)
        self.editor._commit()

    def undo(self) -> None:
        self.editor.scene.removeItem(self.item)
        self.editor._commit()


class _RemoveBox(QUndoCommand):
    def __init__(self, editor: RedactionEditor, item: BoxItem) -> None:
        super().__init__(QCoreApplication.translate("RedactionEditor", "Delete box"))
        self.editor, self.item = editor, item

    def redo(self) -> None:
        self.editor.scene.removeItem(self.item)
        self.editor._commit()

    def undo(self) -> None:
        self.editor.scene.addItem(self.item)
        self.editor.scene.clearSelection()
        self.item.setSelected(True)
        self.editor._commit()


class _ChangeBox(QUndoCommand):
    NUDGE = 1

    def __init__(self, editor: RedactionEditor, item: BoxItem, old: Box, new: Box,
                 nudge: bool = False) -> None:
        super().__init__(QCoreApplication.translate("RedactionEditor", "Move box"))
        self.editor, self.item, self.old, self.new, self.nudge = editor, item, old, new, nudge

    def id(self) -> int:
        return self.NUDGE if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _ChangeBox) or other.item is not self.item:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.item.setRect(box_rect(self.new))
        self.editor._commit()

    def undo(self) -> None:
        self.item.setRect(box_rect(self.old))
        self.editor._commit()


class _DecideFindings(QUndoCommand):
    """Accept (keep) or reject (release) suggestions, by finding id, as one step."""

    def __init__(self, editor: RedactionEditor, ids: list[str], state: str, text: str) -> None:
        super().__init__(text)
        assert editor.item is not None
        self.editor, self.state = editor, state
        self.before = {i: editor.item.finding_state(i) for i in ids}

    def redo(self) -> None:
        self.editor._set_states(dict.fromkeys(self.before, self.state))

    def undo(self) -> None:
        self.editor._set_states(self.before)


# --- the view -------------------------------------------------------------------------------
class _View(QGraphicsView):
    """Mouse: drag on the image draws, drag a box moves it, drag its edge resizes it;
    middle button or Space+drag pans; Ctrl+wheel zooms."""

    def __init__(self, editor: RedactionEditor) -> None:
        super().__init__(editor.scene, editor)
        self.editor = editor
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._drag: tuple[str, BoxItem | None, QPointF, Box | None] | None = None
        self._preview: QGraphicsRectItem | None = None
        self._space = False
        self._pan_from: QPointF | None = None

    def _edges_at(self, item: BoxItem, view_point: QPointF) -> str:
        rect = self.mapFromScene(item.rect()).boundingRect()
        x, y = view_point.x(), view_point.y()
        edges = ""
        if abs(x - rect.left()) <= HANDLE:
            edges += "l"
        elif abs(x - rect.right()) <= HANDLE:
            edges += "r"
        if abs(y - rect.top()) <= HANDLE:
            edges += "t"
        elif abs(y - rect.bottom()) <= HANDLE:
            edges += "b"
        return edges

    def _box_at(self, view_point: QPointF) -> BoxItem | None:
        for item in self.items(view_point.toPoint()):
            if isinstance(item, BoxItem):
                return item
        # a press just outside a selected box still grabs its edge
        for item in self.editor.boxes():
            if item.isSelected() and self._edges_at(item, view_point):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space and event.button() == Qt.MouseButton.LeftButton):
            self._pan_from = point
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        scene_point = self.mapToScene(point.toPoint())
        box = self._box_at(point)
        self.editor.scene.clearSelection()
        if box is not None:
            box.setSelected(True)
            edges = self._edges_at(box, point)
            self._drag = ("resize:" + edges if edges else "move", box, scene_point, box.box)
        else:
            finding = next((i for i in self.items(point.toPoint()) if isinstance(i, FindingItem)),
                           None)
            if finding is not None:
                finding.setSelected(True)
            self._drag = ("draw", None, scene_point, None)
            self._preview = QGraphicsRectItem(QRectF(scene_point, scene_point))
            self._preview.setBrush(QBrush(QColor(0, 0, 0, 160)))
            self._preview.setPen(QPen(QColor("#2196f3"), 0, Qt.PenStyle.DashLine))
            self._preview.setZValue(3)
            self.editor.scene.addItem(self._preview)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self._pan_from is not None:
            delta = point - self._pan_from
            self._pan_from = point
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            return
        if self._drag is None:
            box = self._box_at(point)
            edges = self._edges_at(box, point) if box is not None else ""
            self.viewport().setCursor(_cursor_for(edges, box is not None))
            return
        mode, box, origin, start = self._drag
        scene_point = self.mapToScene(point.toPoint())
        if mode == "draw" and self._preview is not None:
            self._preview.setRect(QRectF(origin, scene_point).normalized())
        elif box is not None and start is not None:
            box.setRect(_dragged(mode, box_rect(start), scene_point - origin))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space
                                      else Qt.CursorShape.CrossCursor)
            return
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        mode, box, _origin, start = self._drag
        self._drag = None
        if mode == "draw" and self._preview is not None:
            rect = self._preview.rect()
            self.editor.scene.removeItem(self._preview)
            self._preview = None
            if rect.width() >= MIN_SIZE and rect.height() >= MIN_SIZE:
                self.editor.add_box_rect(rect)
        elif box is not None and start is not None:
            new = clamp_box(box.rect(), *self.editor.image_size)
            box.setRect(box_rect(start))
            if new is not None and new != start:
                self.editor.undo_stack.push(_ChangeBox(self.editor, box, start, new))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.editor.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if self.editor.handle_key(event):
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
            return
        super().keyReleaseEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab cycles through the boxes while there are any; then focus moves on
        if self.editor.select_next(forward):
            return True
        return super().focusNextPrevChild(forward)


def _dragged(mode: str, rect: QRectF, delta: QPointF) -> QRectF:
    if mode == "move":
        return rect.translated(delta)
    edges = mode.split(":", 1)[1]
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    if "l" in edges:
        left += delta.x()
    if "r" in edges:
        right += delta.x()
    if "t" in edges:
        top += delta.y()
    if "b" in edges:
        bottom += delta.y()
    return QRectF(QPointF(left, top), QPointF(right, bottom)).normalized()


def _cursor_for(edges: str, on_box: bool) -> Qt.CursorShape:
    shapes = {"l": Qt.CursorShape.SizeHorCursor, "r": Qt.CursorShape.SizeHorCursor,
              "t": Qt.CursorShape.SizeVerCursor, "b": Qt.CursorShape.SizeVerCursor,
              "lt": Qt.CursorShape.SizeFDiagCursor, "rb": Qt.CursorShape.SizeFDiagCursor,
              "rt": Qt.CursorShape.SizeBDiagCursor, "lb": Qt.CursorShape.SizeBDiagCursor}
    if edges:
        return shapes[edges]
    return Qt.CursorShape.SizeAllCursor if on_box else Qt.CursorShape.CrossCursor


class RedactionEditor(QWidget):
    """See the module docstring."""

    changed = Signal(str)
    """The item's boxes changed (item id); its approval is void now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.image_size = (0, 0)
        self.scene = QGraphicsScene(self)
        self.undo_stack = QUndoStack(self)
        self.view = _View(self)
        self.view.setAccessibleName(self.tr("Screenshot: draw boxes to black out"))
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self._pixmap: QGraphicsPixmapItem | None = None
        self._seeded: tuple[str, QImage] | None = None

        self.toolbar = QToolBar(self)
        self.toolbar.setAccessibleName(self.tr("Redaction tools"))
        undo = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        redo = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action, self.redo_action = undo, redo
        self.add_action = self._action(self.tr("New box"), ["N", "Insert"], self.add_box_centred)
        self.delete_action = self._action(self.tr("Delete box"), ["Delete", "Backspace"],
                                          self.delete_selected)
        self.accept_action = self._action(self.tr("Accept suggestion"), ["A"],
                                          lambda: self.decide_selected("kept"))
        self.reject_action = self._action(self.tr("Reject suggestion"), ["R"],
                                          lambda: self.decide_selected("released"))
        self.accept_all_action = self._action(self.tr("Accept all suggestions"), ["Shift+A"],
                                              lambda: self.decide_all("kept"))
        self.reject_all_action = self._action(self.tr("Reject all suggestions"), ["Shift+R"],
                                              lambda: self.decide_all("released"))
        self.toggle_action = self.reject_action
        self.zoom_in_action = self._action(self.tr("Zoom in"), ["+", "Ctrl++", "="],
                                           lambda: self.zoom(1.25))
        self.zoom_out_action = self._action(self.tr("Zoom out"), ["-", "Ctrl+-"],
                                            lambda: self.zoom(0.8))
        self.fit_action = self._action(self.tr("Fit to window"), ["Ctrl+0", "F"], self.fit)
        self.actual_action = self._action(self.tr("Actual size"), ["Ctrl+1"], self.actual_size)
        for action in (undo, redo, self.add_action, self.delete_action, self.accept_action,
                       self.reject_action, self.accept_all_action, self.reject_all_action,
                       self.zoom_in_action, self.zoom_out_action, self.fit_action,
                       self.actual_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.toolbar.addAction(action)
        for button in self.toolbar.findChildren(QWidget):
            if hasattr(button, "defaultAction") and button.defaultAction() is not None:
                button.setAccessibleName(button.defaultAction().text())
        self.suggestions = QLabel(self)
        self.suggestions.setWordWrap(True)
        self.suggestions.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestions.setAccessibleName(self.tr("Suggested boxes"))
        self.ocr_state = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.view, 1)
        # screen readers hear which box is selected, its size and position
        self.scene.selectionChanged.connect(lambda: announce_boxes(self))
        self.changed.connect(lambda _item_id: announce_boxes(self))

    def _action(self, text: str, keys: list[str], slot) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setToolTip(f"{text} ({keys[0]})")
        action.triggered.connect(slot)
        return action

    # --- showing --------------------------------------------------------------------------
    def set_item(self, item: Item | None) -> None:
        """Edit ``item``'s boxes (the undo history starts afresh)."""
        self.item = None  # no commits while the scene is rebuilt
        self.undo_stack.clear()
        self.scene.clear()
        self._pixmap = None
        if item is None:
            return
        seeded, self._seeded = self._seeded, None
        if seeded is not None and seeded[0] == str(item.payload):
            pixmap = QPixmap.fromImage(seeded[1])
        else:
            pixmap = QPixmap(str(item.payload))
        self._pixmap = self.scene.addPixmap(pixmap)
        self._pixmap.setZValue(0)
        self.image_size = (pixmap.width(), pixmap.height())
        self.scene.setSceneRect(QRectF(0, 0, pixmap.width(), pixmap.height()))
        self._add_findings(item)
        for redaction in item.user_redactions:
            if isinstance(redaction, RectRedaction):
                self.scene.addItem(BoxItem(redaction.box))
        self.item = item
        self._update_suggestions()
        self.fit()
        announce_boxes(self)

    def seed(self, payload: Path, image: QImage) -> None:
        """The pixels of the PNG at ``payload``, for the next :meth:`set_item` of that item."""
        self._seeded = (str(payload), image)

    def _add_findings(self, item: Item) -> None:
        for finding in item.findings:
            if finding.box is not None:
                self.scene.addItem(FindingItem(finding, item.finding_state(finding.id)))

    def refresh_findings(self) -> None:
        """Show the item's current suggestions (they arrive after OCR); boxes and undo stay."""
        if self.item is None:
            return
        for old in self.findings():
            self.scene.removeItem(old)
        self._add_findings(self.item)
        self._update_suggestions()

    def set_ocr_state(self, state: str) -> None:
        """What text recognition is doing for the shown item: ``running``, ``done``,
        ``unavailable`` (not installed), ``off`` (policy), ``failed`` or '' (unknown)."""
        self.ocr_state = state
        self._update_suggestions()

    def _update_suggestions(self) -> None:
        pending = [f for f in self.findings() if f.state == "pending"]
        if self.item is None:
            text = ""
        elif self.ocr_state == "running":
            text = self.tr("Looking for personal data in this screenshot… You can black out "
                           "areas meanwhile.")
        elif self.ocr_state == "unavailable":
            text = self.tr("Text recognition (OCR) is not installed, so no boxes are "
                           "suggested: black out personal data yourself.")
        elif self.ocr_state == "off":
            text = self.tr("Text recognition (OCR) is turned off by your IT department, so no "
                           "boxes are suggested: black out personal data yourself.")
        elif self.ocr_state == "failed":
            text = self.tr("Text recognition failed for this screenshot, so no boxes are "
                           "suggested: black out personal data yourself.")
        elif pending:
            text = self.tr("{count} suggested boxes (dashed) wait for your decision: A accepts "
                           "the selected one, R rejects it, Shift+A / Shift+R decide all; Tab "
                           "moves between them.").format(count=len(pending))
        elif self.findings():
            text = self.tr("Every suggested box is decided; accepted ones are blacked out.")
        elif self.ocr_state == "done":
            text = self.tr("No personal data was recognised in this screenshot.")
        else:
            text = ""
        self.suggestions.setText(text)
        self.suggestions.setVisible(bool(text))
        for action in (self.accept_all_action, self.reject_all_action):
            action.setEnabled(bool(pending))

    def boxes(self) -> list[BoxItem]:
        """The user's boxes, top-left first."""
        found = [i for i in self.scene.items() if isinstance(i, BoxItem)]
        return sorted(found, key=lambda i: (i.rect().y(), i.rect().x()))

    def findings(self) -> list[FindingItem]:
        """The suggested boxes, top-left first."""
        found = [i for i in self.scene.items() if isinstance(i, FindingItem)]
        return sorted(found, key=lambda i: (i.rect().y(), i.rect().x()))

    def selected_box(self) -> BoxItem | None:
        return next((i for i in self.scene.selectedItems() if isinstance(i, BoxItem)), None)

    # --- editing --------------------------------------------------------------------------
    def add_box(self, box: Box) -> None:
        """Add a box (as one undoable step)."""
        self.undo_stack.push(_AddBox(self, box))

    def add_box_rect(self, rect: QRectF) -> None:
        box = clamp_box(rect, *self.image_size)
        if box is not None:
            self.add_box(box)

    def add_box_centred(self) -> None:
        """A new box in the middle of what is visible, a quarter of its size."""
        if self.item is None:
            return
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        visible = visible.intersected(self.scene.sceneRect())
        rect = QRectF(0, 0, max(MIN_SIZE, visible.width() / 4), max(MIN_SIZE, visible.height() / 8))
        rect.moveCenter(visible.center())
        self.add_box_rect(rect)

    def move_box(self, item: BoxItem, new: Box, *, nudge: bool = False) -> None:
        if new != item.box:
            self.undo_stack.push(_ChangeBox(self, item, item.box, new, nudge))

    def delete_selected(self) -> None:
        box = self.selected_box()
        if box is not None:
            self.undo_stack.push(_RemoveBox(self, box))

    def selected_finding(self) -> FindingItem | None:
        return next((i for i in self.scene.selectedItems() if isinstance(i, FindingItem)), None)

    def decide_selected(self, state: str) -> None:
        """Accept (``kept``) or reject (``released``) the selected suggestion."""
        finding = self.selected_finding()
        if finding is None or finding.state == state:
            return
        text = self.tr("Accept suggestion") if state == "kept" else self.tr("Reject suggestion")
        self.undo_stack.push(_DecideFindings(self, [finding.finding.id], state, text))

    def decide_all(self, state: str) -> None:
        """Accept or reject every suggestion still waiting, as one undoable step."""
        ids = [f.finding.id for f in self.findings() if f.state == "pending"]
        if not ids:
            return
        text = self.tr("Accept all suggestions") if state == "kept" \
            else self.tr("Reject all suggestions")
        self.undo_stack.push(_DecideFindings(self, ids, state, text))

    def toggle_selected_finding(self) -> None:
        """Reject the selected suggestion, or accept it again if it was rejected."""
        finding = self.selected_finding()
        if finding is not None:
            self.decide_selected("kept" if finding.state == "released" else "released")

    def _set_states(self, states: dict[str, str]) -> None:
        assert self.item is not None
        for finding_id, state in states.items():
            self.item.decide(finding_id, state)
        for shown in self.findings():
            if shown.finding.id in states:
                shown.set_state(states[shown.finding.id])
                shown.update()
        self._update_suggestions()
        self._commit()

    def select_next(self, forward: bool = True) -> bool:
        """Select the next (or previous) box or suggestion; False past the last one."""
        boxes: list[QGraphicsRectItem] = sorted(
            [*self.boxes(), *self.findings()], key=lambda i: (i.rect().y(), i.rect().x()))
        if not boxes:
            return False
        current = next((i for i in self.scene.selectedItems() if i in boxes), None)
        index = boxes.index(current) if current is not None else -1
        index = index + (1 if forward else -1)
        if not 0 <= index < len(boxes):
            self.scene.clearSelection()
            return False
        self.scene.clearSelection()
        boxes[index].setSelected(True)
        self.view.ensureVisible(boxes[index])
        return True

    def handle_key(self, event: QKeyEvent) -> bool:
        """Arrows move the selected box (Shift: by 10 px), Ctrl+arrows resize it."""
        box = self.selected_box()
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                 Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if box is None or event.key() not in steps:
            return False
        dx, dy = steps[Qt.Key(event.key())]
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        rect = box_rect(box.box)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            rect.setWidth(max(1, rect.width() + dx * step))
            rect.setHeight(max(1, rect.height() + dy * step))
        else:
            rect.translate(dx * step, dy * step)
            width, height = self.image_size
            rect.moveLeft(max(0, min(width - rect.width(), rect.left())))
            rect.moveTop(max(0, min(height - rect.height(), rect.top())))
        new = clamp_box(rect, *self.image_size)
        if new is not None:
            self.move_box(box, new, nudge=True)
        return True

    def _commit(self) -> None:
        """Write the scene's boxes back to the item (voids its approval)."""
        if self.item is None:
            return
        others = [r for r in self.item.user_redactions if not isinstance(r, RectRedaction)]
        mine = [RectRedaction(b.box) for b in self.boxes()]
        current = [r for r in self.item.user_redactions if isinstance(r, RectRedaction)]
        if sorted(mine, key=_key) != sorted(current, key=_key):
            self.item.set_redactions(others + mine)
        self.changed.emit(self.item.id)

    # --- zoom -----------------------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        scale = self.view.transform().m11() * factor
        if 0.02 <= scale <= 32:
            self.view.scale(factor, factor)

    def fit(self) -> None:
        if self._pixmap is not None:
            self.view.fitInView(self._pixmap, Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        self.view.resetTransform()

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        self.fit()


def _key(r: RectRedaction) -> tuple[int, int, int, int]:
    return (r.box.y, r.box.x, r.box.w, r.box.h)
