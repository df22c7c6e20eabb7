"""The preview of a text item: exactly the bytes that will be sent, findings highlighted.

The right-hand view shows the redacted output (:mod:`core.preview` windows over the
same spans :func:`core.redact.stream` applies). Every kept finding is highlighted;
a finding can be released (its original text is then sent, and shown, with a
warning colour) or kept again; any other text can be selected and redacted. A
toggle puts the original beside the redacted text, scrolled together. The table
below lists every finding and the user's own redactions; Space toggles one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.items import Finding, Item, TextRedaction
from ..core.preview import Piece, Window, original_window, text_window
from .accessibility import describe
from .text_view import WindowedTextView, highlight, spans_in
from .wording import detector_label

USER_REPLACEMENT = "[redacted]"
Index = QModelIndex | QPersistentModelIndex

KEPT = QColor("#ffd54f")       # amber: replaced by a pseudonym
MINE = QColor("#90caf9")       # blue: the user's own redaction
RELEASED = QColor("#ef9a9a")   # red: the original is sent


class FindingsModel(QAbstractTableModel):
    """The item's text findings, then the user's own text redactions."""

    toggled = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.rows: list[Finding | TextRedaction] = []

    def set_item(self, item: Item | None) -> None:
        self.beginResetModel()
        self.item = item
        self.rows = [] if item is None else (
            [f for f in item.findings if f.start is not None]
            + [r for r in item.user_redactions if isinstance(r, TextRedaction)])
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Redacted"), self.tr("Sent as"), self.tr("Original")][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.item is None:
            return None
        row = self.rows[index.row()]
        kept = self.is_kept(row)
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return (detector_label(row.detector) if isinstance(row, Finding)
                        else self.tr("your selection"))
            if column == 1:
                return row.replacement if kept else self.tr("(original text)")
            if column == 2:
                return row.value if isinstance(row, Finding) else self.tr("(selected by you)")
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return (MINE if isinstance(row, TextRedaction) else KEPT) if kept else RELEASED
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor("black")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.item is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        row = self.rows[index.row()]
        keep = Qt.CheckState(value) == Qt.CheckState.Checked
        if isinstance(row, Finding):
            (self.item.keep if keep else self.item.release)(row.id)
        elif not keep:
            self.item.remove_redaction(row)
            self.set_item(self.item)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        self.toggled.emit()
        return True

    def is_kept(self, row: Finding | TextRedaction) -> bool:
        assert self.item is not None
        return not isinstance(row, Finding) or row.id not in self.item.released


class TextPreview(QWidget):
    """See the module docstring."""

    itemChanged = Signal(str)
    """The item's redactions changed (its approval is void now)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.sent_view = WindowedTextView(self)
        self.sent_view.editor.setAccessibleName(self.tr("Text that will be sent"))
        self.original_view = WindowedTextView(self)
        self.original_view.editor.setAccessibleName(self.tr("Original text"))
        self.original_view.hide()
        self.findings = FindingsModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.setModel(self.findings)
        self.table.setAccessibleName(self.tr("Findings and redactions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # a scanned log has tens of thousands of rows
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 6)
        self.table.activated.connect(self._jump_to_row)
        self.table.clicked.connect(self._jump_to_row)
        self.findings.toggled.connect(self._changed)

        self.redact_action = self._action(self.tr("&Redact selection"), "Ctrl+R",
                                          self.redact_selection)
        self.toggle_action = self._action(self.tr("Send &original / redact again"), "Ctrl+E",
                                          self.toggle_at_cursor)
        self.side_action = self._action(self.tr("&Side by side"), "Ctrl+B",
                                        lambda: self.set_side_by_side(self.side_action.isChecked()))
        self.side_action.setCheckable(True)
        bar = QHBoxLayout()
        chain: list[QWidget] = []
        for action in (self.redact_action, self.toggle_action, self.side_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text().replace("&", ""))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
            chain.append(button)
        # Tab goes as the eye does: tools, the text (original, then as sent), the findings.
        chain += [self.original_view.editor, self.sent_view.editor, self.table]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        describe(
            (self.sent_view.editor, self.tr("Exactly the text that will be sent, read only. "
                                            "Select text and press Ctrl+R to redact it; Ctrl+E "
                                            "at a redaction sends the original there.")),
            (self.original_view.editor, self.tr("The text before redaction, for comparison; "
                                                "it is not sent.")),
            (self.table, self.tr("Every finding: Space sends the original or redacts it again; "
                                 "Return shows it in the text.")))
        self.note = QLabel(self.tr("This is exactly the text that will be sent. "
                                   "Highlighted parts are replaced."), self)
        self.note.setWordWrap(True)
        bar.addWidget(self.note, 1)

        views = QSplitter(Qt.Orientation.Horizontal, self)
        views.addWidget(self.original_view)
        views.addWidget(self.sent_view)
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(views)
        outer.addWidget(self.table)
        outer.setStretchFactor(0, 4)
        outer.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(outer, 1)

        for view in (self.sent_view, self.original_view):
            view.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.editor.customContextMenuRequested.connect(
                lambda point, v=view: self._context_menu(v, point))
        self._syncing = False
        self.sent_view.scrolledTo.connect(lambda o: self._sync(self.original_view, o))
        self.original_view.scrolledTo.connect(lambda o: self._sync(self.sent_view, o))

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- showing --------------------------------------------------------------------------
    def show_item(self, item: Item | None) -> None:
        self.item = item
        self.findings.set_item(item)
        if item is None:
            self.sent_view.clear()
            self.original_view.clear()
            return
        self.sent_view.set_source(self._sent_window, self._sent_styles)
        if self.original_view.isVisible():
            self.original_view.set_source(self._original_window, self._original_styles)

    def set_side_by_side(self, on: bool) -> None:
        """Show the original text beside the text that will be sent."""
        self.side_action.setChecked(on)
        self.original_view.setVisible(on)
        if on and self.item is not None:
            self.original_view.set_source(self._original_window, self._original_styles,
                                          top=self.sent_view.top_offset())

    def _sent_window(self, start: int, end: int, exact: bool) -> Window:
        assert self.item is not None
        return text_window(self.item, start, end, exact_start=exact)

    def _original_window(self, start: int, end: int, exact: bool) -> Window:
        assert self.item is not None
        window = self._sent_window(start, end, exact)
        raw = original_window(self.item.payload, window.start, window.end)
        pieces = tuple(Piece(p.start, p.end, raw[p.start - window.start:p.end - window.start],
                             p.redaction) for p in window.pieces)
        return Window(window.start, window.end, window.size, pieces)

    def _released_ranges(self) -> list[tuple[int, int]]:
        assert self.item is not None
        return [(f.start, f.end) for f in self.item.findings
                if f.id in self.item.released and f.start is not None and f.end is not None]

    def _sent_styles(self, _window: Window) -> list[tuple[int, int, QTextCharFormat]]:
        kept = highlight(KEPT, tooltip=self.tr("Replaced: the original is not sent."))
        mine = highlight(MINE, tooltip=self.tr("Redacted by you."))
        released = highlight(RELEASED, underline=True,
                             tooltip=self.tr("Released: this original text is sent."))
        out = [(p.doc_start, p.doc_end, mine if p.piece.redaction.origin == "user" else kept)
               for p in self.sent_view.placed if p.piece.redaction is not None]
        out += [(a, b, released) for a, b in spans_in(self.sent_view.placed,
                                                      self._released_ranges())]
        return out

    def _original_styles(self, _window: Window) -> list[tuple[int, int, QTextCharFormat]]:
        replaced = highlight(KEPT, tooltip=self.tr("This text is replaced before sending."))
        replaced.setFontStrikeOut(True)
        released = highlight(RELEASED, underline=True,
                             tooltip=self.tr("Released: this original text is sent."))
        out = [(p.doc_start, p.doc_end, replaced)
               for p in self.original_view.placed if p.piece.redacted]
        out += [(a, b, released) for a, b in spans_in(self.original_view.placed,
                                                      self._released_ranges())]
        return out

    def _sync(self, partner: WindowedTextView, offset: int) -> None:
        if self._syncing or not self.original_view.isVisible():
            return
        self._syncing = True
        try:
            partner.scroll_to_offset(offset)
        finally:
            self._syncing = False

    # --- changing -------------------------------------------------------------------------
    def active_view(self) -> WindowedTextView:
        return self.original_view if self.original_view.editor.hasFocus() else self.sent_view

    def redact_selection(self) -> bool:
        """Redact the selected text (in either view); False if nothing is selected."""
        if self.item is None:
            return False
        span = self.active_view().selected_bytes()
        if span is None:
            return False
        self.item.add_redaction(TextRedaction(span[0], span[1], USER_REPLACEMENT))
        self.findings.set_item(self.item)
        self._changed()
        return True

    def toggle_at_cursor(self, view: WindowedTextView | None = None,
                         position: int | None = None) -> bool:
        """Release the redaction under the cursor, or redact a released finding again."""
        if self.item is None:
            return False
        view = view or self.active_view()
        placed = view.piece_at(view.editor.textCursor().position() if position is None
                               else position)
        if placed is None:
            return False
        piece = placed.piece
        if piece.redacted:
            mine = [r for r in self.item.user_redactions if isinstance(r, TextRedaction)
                    and r.start < piece.end and r.end > piece.start]
            findings = [f for f in self.item.findings if f.start is not None
                        and f.end is not None and f.start < piece.end and f.end > piece.start
                        and f.id not in self.item.released]
            for redaction in mine:
                self.item.remove_redaction(redaction)
            for finding in findings:
                self.item.release(finding.id)
            changed = bool(mine or findings)
        else:
            offset = view.byte_at(view.editor.textCursor().position() if position is None
                                  else position)
            released = [f for f in self.item.findings if f.id in self.item.released
                        and f.start is not None and f.end is not None
                        and f.start <= offset < f.end]
            for finding in released:
                self.item.keep(finding.id)
            changed = bool(released)
        if changed:
            self.findings.set_item(self.item)
            self._changed()
        return changed

    def _changed(self) -> None:
        if self.item is None:
            return
        top = self.sent_view.top_offset()
        self.sent_view.set_source(self._sent_window, self._sent_styles, top=top)
        if self.original_view.isVisible():
            self.original_view.set_source(self._original_window, self._original_styles, top=top)
        self.itemChanged.emit(self.item.id)

    def _jump_to_row(self, index: QModelIndex) -> None:
        row = self.findings.rows[index.row()]
        if row.start is not None and row.end is not None:
            self.sent_view.select_bytes(row.start, row.end)
            if self.original_view.isVisible():
                self.original_view.scroll_to_offset(self.sent_view.top_offset())

    def _context_menu(self, view: WindowedTextView, point: QPoint) -> None:
        menu = QMenu(self)
        position = view.editor.cursorForPosition(point).position()
        placed = view.piece_at(position)
        if view.editor.textCursor().hasSelection():
            menu.addAction(self.redact_action)
        if placed is not None and placed.piece.redacted:
            menu.addAction(self.tr("Send the original text here"),
                           lambda: self.toggle_at_cursor(view, position))
        elif placed is not None:
            menu.addAction(self.tr("Redact this finding again"),
                           lambda: self.toggle_at_cursor(view, position))
        menu.popup(view.editor.mapToGlobal(point))
