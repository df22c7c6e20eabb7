"""The list of items in a report: a Qt model over ``Report.items`` with approval checkboxes.

Every row has its own checkbox, unticked until the user ticks it; ticking calls
``Item.approve()`` (which records the item as it is now), unticking
``Item.unapprove()``. Screenshot thumbnails are drawn from the *redacted*
pixels, off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import (
    QAbstractListModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from ..core.items import Item, ItemKind, RectRedaction
from ..core.redact import burn_rectangles
from ..core.report import Report
from .operations import Operation
from .wording import tr

THUMBNAIL = QSize(96, 72)
ItemIdRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def kind_label(kind: ItemKind) -> str:
    """The translated name of an item kind."""
    return {
        ItemKind.SCREENSHOT: tr("Screenshot"),
        ItemKind.ENVIRONMENT: tr("System information"),
        ItemKind.LOG: tr("Log file"),
        ItemKind.TEXT: tr("Text"),
        ItemKind.FILE: tr("Attached file"),
    }[kind]


def kind_text(kind: str) -> str:
    """The translated kind of a bundle item (an unknown kind as the manifest names it)."""
    try:
        return kind_label(ItemKind(kind))
    except ValueError:
        return kind


def format_size(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def kind_icon(kind: ItemKind) -> QIcon:
    style = QApplication.style()
    pixmap = {
        ItemKind.SCREENSHOT: QStyle.StandardPixmap.SP_DesktopIcon,
        ItemKind.ENVIRONMENT: QStyle.StandardPixmap.SP_ComputerIcon,
        ItemKind.LOG: QStyle.StandardPixmap.SP_FileDialogDetailedView,
        ItemKind.TEXT: QStyle.StandardPixmap.SP_FileDialogContentsView,
        ItemKind.FILE: QStyle.StandardPixmap.SP_FileIcon,
    }[kind]
    return style.standardIcon(pixmap)


def redacted_thumbnail(payload: Path, boxes: list[RectRedaction],
                       size: QSize = THUMBNAIL) -> QImage:
    """A small image of the payload's pixels *after* redaction (safe on a worker thread)."""
    with Image.open(payload) as original:
        original.load()
        clean = burn_rectangles(original, boxes)
    clean.thumbnail((size.width(), size.height()))
    data = clean.tobytes("raw", "RGB")
    return QImage(data, clean.width, clean.height, clean.width * 3,
                  QImage.Format.Format_RGB888).copy()


class ItemListModel(QAbstractListModel):
    """Rows are ``report.items`` in order; see the module docstring."""

    approvalChanged = Signal()
    """Some item's approval changed (ticked, unticked, or voided by an edit)."""

    def __init__(self, report: Report, parent: Any = None) -> None:
        super().__init__(parent)
        self.report = report
        self._thumbnails: dict[str, tuple[str, QIcon]] = {}
        self._pending: set[str] = set()

    # --- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.report.items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.report.items):
            return None
        item = self.report.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.title}\n{self.subtitle(item)}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.approved else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(item)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            state = tr("approved") if item.approved else tr("not approved")
            return f"{item.title}, {self.subtitle(item)}, {state}"
        if role == ItemIdRole:
            return item.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self.report.items[index.row()]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == item.approved:
            return True
        if checked:
            item.approve()
        else:
            item.unapprove()
        self.dataChanged.emit(index, index)
        self.approvalChanged.emit()
        return True

    # --- for the window -------------------------------------------------------------------
    def subtitle(self, item: Item) -> str:
        parts = [kind_label(item.kind), format_size(item.size)]
        kept = sum(1 for f in item.findings if item.finding_state(f.id) == "kept")
        if kept:
            parts.append(tr("{count} redactions").format(count=kept))
        if item.pending:
            parts.append(tr("{count} suggestions to check").format(count=len(item.pending)))
        return " · ".join(parts)

    def item_at(self, row: int) -> Item:
        return self.report.items[row]

    def row_of(self, item_id: str) -> int:
        for row, item in enumerate(self.report.items):
            if item.id == item_id:
                return row
        raise KeyError(item_id)

    def set_approved(self, item_id: str, approved: bool) -> None:
        """Tick or untick one item, as a click on its checkbox would."""
        state = Qt.CheckState.Checked if approved else Qt.CheckState.Unchecked
        self.setData(self.index(self.row_of(item_id)), state.value,
                     Qt.ItemDataRole.CheckStateRole)

    def item_changed(self, item_id: str) -> None:
        """An item was edited (its approval may be void now): redraw its row."""
        row = self.row_of(item_id)
        self.dataChanged.emit(self.index(row), self.index(row))
        self.approvalChanged.emit()

    def add_item(self, add: Callable[[], Item]) -> Item:
        """Run ``add`` (a core call that adds to, or replaces in, ``report.items``).

        A reset rather than a row insertion: the core call may also remove an item it
        replaces, or fail half way; either way the view then matches the report.
        """
        self.beginResetModel()
        try:
            item = add()
        finally:
            self.endResetModel()
            self.approvalChanged.emit()
        return item

    def remove_item(self, item_id: str) -> None:
        row = self.row_of(item_id)
        self.beginRemoveRows(QModelIndex(), row, row)
        try:
            self.report.remove(item_id)
        finally:
            self.endRemoveRows()
        self._thumbnails.pop(item_id, None)
        self.approvalChanged.emit()

    def reset(self) -> None:
        """The report's items changed wholesale (e.g. after collecting)."""
        self.beginResetModel()
        self.endResetModel()
        self.approvalChanged.emit()

    # --- thumbnails -----------------------------------------------------------------------
    def seed_thumbnail(self, item: Item, image: QImage) -> None:
        """Use ``image`` as the thumbnail of the unredacted ``item`` (made when it was captured)."""
        if not item.effective_redactions():
            self._thumbnails[item.id] = (item.fingerprint(), QIcon(QPixmap.fromImage(image)))

    def has_thumbnail(self, item_id: str) -> bool:
        """True once the item's thumbnail has been rendered (it is drawn on demand)."""
        return item_id in self._thumbnails

    def _icon(self, item: Item) -> QIcon:
        if not item.is_image:
            return kind_icon(item.kind)
        key = item.fingerprint()
        cached = self._thumbnails.get(item.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        if item.id not in self._pending:
            self._render_thumbnail(item, key)
        return kind_icon(item.kind)

    def _render_thumbnail(self, item: Item, key: str) -> None:
        self._pending.add(item.id)

        def done(image: QImage) -> None:
            self._pending.discard(item.id)
            self._thumbnails[item.id] = (key, QIcon(QPixmap.fromImage(image)))
            if item in self.report.items:
                row = self.report.items.index(item)
                self.dataChanged.emit(self.index(row), self.index(row),
                                      [Qt.ItemDataRole.DecorationRole])

        def failed(_error: BaseException) -> None:
            self._pending.discard(item.id)

        boxes = [r for r in item.effective_redactions() if isinstance(r, RectRedaction)]
        payload = item.payload
        Operation(None, lambda _p: redacted_thumbnail(payload, boxes), quiet=True) \
            .success(done).failure(failed).run()

