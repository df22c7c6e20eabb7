"""A read-only text view that shows a huge payload one window at a time.

The view holds one :class:`core.preview.Window` (up to :data:`WINDOW_BYTES` of the
payload) in a QPlainTextEdit; scrolling past either edge loads the neighbouring
window and keeps the same line on top, and a second scroll bar stands for the
whole file when it does not fit in one window. Every document position maps back
to a byte offset of the original payload, so a selection can become a redaction.

Control characters are drawn as their Unicode "control pictures" (one character
each, so the mapping stays exact) and undecodable bytes as U+FFFD.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeyEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QScrollBar, QWidget

from ..core.preview import Piece, Window
from .fonts import with_cjk_fallbacks

WINDOW_BYTES = 512 << 10
_CONTROL = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {0x7F: 0x2421}

Loader = Callable[[int, int, bool], Window]
"""``loader(start, end, exact_start)`` returns the window to show."""


def display_text(data: bytes) -> str:
    """Bytes as shown: UTF-8 with U+FFFD for bad bytes, control characters as pictures."""
    return data.decode("utf-8", "replace").translate(_CONTROL)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class Placed:
    """Where a piece of the window sits in the document."""

    doc_start: int
    doc_end: int
    piece: Piece
    text: str

    def byte_at(self, doc_position: int) -> int:
        """The payload offset of a document position inside this piece."""
        if self.piece.redacted or doc_position <= self.doc_start:
            return self.piece.start
        if doc_position >= self.doc_end:
            return self.piece.end
        return self.piece.start + _bytes_for_units(self.piece.data, doc_position - self.doc_start)

    def doc_at(self, offset: int) -> int:
        """The document position of a payload offset inside this piece."""
        if self.piece.redacted or offset <= self.piece.start:
            return self.doc_start
        if offset >= self.piece.end:
            return self.doc_end
        return self.doc_start + utf16_len(display_text(self.piece.data[:offset - self.piece.start]))


def _bytes_for_units(data: bytes, units: int) -> int:
    """How many bytes of ``data`` decode to the first ``units`` UTF-16 units of its text."""
    text = data.decode("utf-8", "replace")
    if "\ufffd" not in text:  # valid UTF-8: count in C
        if utf16_len(text) != len(text):  # characters beyond the BMP take two units
            index, count = 0, 0
            while count < units and index < len(text):
                count += 2 if ord(text[index]) > 0xFFFF else 1
                index += 1
            units = index
        return len(text[:units].encode("utf-8"))
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    count = 0
    for position in range(len(data)):
        text = decoder.decode(data[position:position + 1])
        count += utf16_len(text)
        if count >= units:
            return position + 1
    return len(data)


class WindowedTextView(QWidget):
    """A QPlainTextEdit over windows of a payload, plus a whole-file scroll bar."""

    windowLoaded = Signal()
    scrolledTo = Signal(int)
    """The payload offset of the top line changed (for a side-by-side partner)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = _Editor(self)
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.editor.setFont(with_cjk_fallbacks(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont), mono=True))
        self.editor.setUndoRedoEnabled(False)
        self.file_bar = QScrollBar(Qt.Orientation.Vertical, self)
        self.file_bar.setAccessibleName(self.tr("Position in the whole file"))
        self.file_bar.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor)
        layout.addWidget(self.file_bar)
        self._loader: Loader | None = None
        self._styler: Callable[[Window], Iterable[tuple[int, int, QTextCharFormat]]] | None = None
        self.window: Window | None = None
        self.placed: list[Placed] = []
        self._unit = 1
        self._loading = False
        self.editor.verticalScrollBar().valueChanged.connect(self._inner_scrolled)
        self.file_bar.actionTriggered.connect(lambda _a: self._file_bar_moved())
        self.editor.edgeKey.connect(self._edge_key)

    # --- public ---------------------------------------------------------------------------
    def set_source(self, loader: Loader,
                   styler: Callable[[Window], Iterable[tuple[int, int, QTextCharFormat]]] | None
                   = None, *, top: int = 0) -> None:
        """Show a new payload (or the same one after an edit) from offset ``top``."""
        self._loader, self._styler = loader, styler
        self.load_at(top)

    def clear(self) -> None:
        self._loader = None
        self.window = None
        self.placed = []
        self.editor.clear()
        self.file_bar.hide()

    def load_at(self, offset: int, *, cursor: int | None = None) -> None:
        """Load the window around payload ``offset`` and put that line on top."""
        if self._loader is None:
            return
        start = max(0, offset - WINDOW_BYTES // 4)
        self._show(self._loader(start, start + WINDOW_BYTES, False), offset, cursor)

    def top_offset(self) -> int:
        """The payload offset of the first visible line."""
        return self.byte_at(self.editor.firstVisibleBlock().position())

    def byte_at(self, doc_position: int) -> int:
        placed = self._placed_at(doc_position)
        if placed is None:
            return self.window.start if self.window else 0
        return placed.byte_at(doc_position)

    def doc_at(self, offset: int) -> int:
        """The document position of a payload offset (clamped to the loaded window)."""
        return _doc_of(self.placed, offset) if self.placed else 0

    def piece_at(self, doc_position: int) -> Placed | None:
        return self._placed_at(doc_position)

    def selected_bytes(self) -> tuple[int, int] | None:
        """The payload byte range of the selection, widened to whole redactions."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return None
        first, last = cursor.selectionStart(), cursor.selectionEnd()
        start_piece, end_piece = self._placed_at(first), self._placed_at(max(first, last - 1))
        if start_piece is None or end_piece is None:
            return None
        start = start_piece.byte_at(first)
        end = end_piece.piece.end if end_piece.piece.redacted else end_piece.byte_at(last)
        return (start, end) if end > start else None

    def select_bytes(self, start: int, end: int) -> None:
        """Scroll to payload ``[start, end)`` and select it."""
        if self.window is None or not (self.window.start <= start < self.window.end):
            self.load_at(start)
        cursor = self.editor.textCursor()
        cursor.setPosition(self.doc_at(start))
        cursor.setPosition(self.doc_at(end), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    def scroll_to_offset(self, offset: int) -> None:
        """Put the line holding payload ``offset`` on top (loads a window if needed)."""
        if self.window is None:
            return
        if not (self.window.start <= offset < max(self.window.end, self.window.start + 1)):
            self.load_at(offset)
            return
        block = self.editor.document().findBlock(self.doc_at(offset))
        self._loading = True
        self.editor.verticalScrollBar().setValue(block.blockNumber())
        self._loading = False
        self._sync_file_bar()

    def text(self) -> str:
        return self.editor.toPlainText()

    # --- loading --------------------------------------------------------------------------
    def _show(self, window: Window, top: int, cursor_offset: int | None = None) -> None:
        self._loading = True
        try:
            self.window = window
            self.placed = []
            texts: list[str] = []
            position = 0
            for piece in window.pieces:
                text = display_text(piece.data)
                length = utf16_len(text)
                self.placed.append(Placed(position, position + length, piece, text))
                texts.append(text)
                position += length
            self.editor.setPlainText("".join(texts))
            if self._styler is not None:
                self._apply_formats(self._styler(window))
            whole = window.start == 0 and window.at_end
            self.file_bar.setVisible(not whole)
            if not whole:
                self._unit = max(1, window.size // (1 << 30))
                self.file_bar.setRange(0, window.size // self._unit)
                self.file_bar.setPageStep(max(1, (window.end - window.start) // self._unit // 4))
            if cursor_offset is None or not window.start <= cursor_offset <= window.end:
                cursor_offset = top
            text_cursor = self.editor.textCursor()
            text_cursor.setPosition(self.doc_at(cursor_offset))
            self.editor.setTextCursor(text_cursor)
            block = self.editor.document().findBlock(self.doc_at(top))
            self.editor.verticalScrollBar().setValue(block.blockNumber())
        finally:
            self._loading = False
        self._sync_file_bar()
        self.windowLoaded.emit()

    def _apply_formats(self, spans: Iterable[tuple[int, int, QTextCharFormat]]) -> None:
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for start, end, fmt in spans:
            if end <= start:
                continue
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def _placed_at(self, doc_position: int) -> Placed | None:
        lo, hi = 0, len(self.placed)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.placed[mid].doc_end <= doc_position:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.placed):
            return self.placed[lo]
        return self.placed[-1] if self.placed else None

    # --- scrolling across windows ---------------------------------------------------------
    def _inner_scrolled(self, value: int) -> None:
        if self._loading or self.window is None:
            return
        bar = self.editor.verticalScrollBar()
        if value >= bar.maximum() and not self.window.at_end and bar.maximum() > 0:
            QTimer.singleShot(0, self._next_window)
        elif value <= 0 and self.window.start > 0:
            QTimer.singleShot(0, self._previous_window)
        self._sync_file_bar()
        self.scrolledTo.emit(self.top_offset())

    def _next_window(self) -> None:
        if self.window is None or self.window.at_end or self._loader is None:
            return
        top = self.top_offset()
        cursor = self.byte_at(self.editor.textCursor().position())
        # keep a quarter window above the top line so scrolling back up works at once
        start = max(0, top - WINDOW_BYTES // 4)
        self._show(self._loader(start, start + WINDOW_BYTES, False), top, cursor)

    def _previous_window(self) -> None:
        if self.window is None or self.window.start == 0 or self._loader is None:
            return
        top = self.top_offset()
        cursor = self.byte_at(self.editor.textCursor().position())
        start = max(0, top - WINDOW_BYTES // 2)
        self._show(self._loader(start, start + WINDOW_BYTES, False), top, cursor)

    def _file_bar_moved(self) -> None:
        offset = self.file_bar.sliderPosition() * self._unit
        QTimer.singleShot(0, lambda: self.load_at(offset))

    def _sync_file_bar(self) -> None:
        if self.file_bar.isVisible() and self.window is not None:
            self.file_bar.blockSignals(True)
            self.file_bar.setValue(self.top_offset() // self._unit)
            self.file_bar.blockSignals(False)

    def _edge_key(self, to_end: bool) -> None:
        if self.window is None or self._loader is None:
            return
        size = self.window.size
        if to_end:
            start = max(0, size - WINDOW_BYTES)
            self._show(self._loader(start, size, False), size, size)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)
        else:
            self._show(self._loader(0, WINDOW_BYTES, False), 0, 0)


class _Editor(QPlainTextEdit):
    """Ctrl+Home / Ctrl+End go to the ends of the whole payload, not of the window."""

    edgeKey = Signal(bool)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End):
            owner = self.parent()
            window = getattr(owner, "window", None)
            if window is not None and not (window.start == 0 and window.at_end):
                self.edgeKey.emit(event.key() == Qt.Key.Key_End)
                return
        super().keyPressEvent(event)


def highlight(background: QColor, foreground: QColor | None = None, *,
              underline: bool = False, tooltip: str = "") -> QTextCharFormat:
    """A character format for a highlighted span that reads well in light and dark themes."""
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    fmt.setForeground(foreground or QColor("black"))
    if underline:
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    if tooltip:
        fmt.setToolTip(tooltip)
    return fmt


def palette_is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


def spans_in(placed: Sequence[Placed], ranges: Iterable[tuple[int, int]]
             ) -> Iterable[tuple[int, int]]:
    """Document ranges of payload byte ranges that fall inside the loaded window."""
    if not placed:
        return
    window_start, window_end = placed[0].piece.start, placed[-1].piece.end
    for start, end in ranges:
        if end <= window_start or start >= window_end:
            continue
        yield _doc_of(placed, max(start, window_start)), _doc_of(placed, min(end, window_end))


def _doc_of(placed: Sequence[Placed], offset: int) -> int:
    lo, hi = 0, len(placed)
    while lo < hi:
        mid = (lo + hi) // 2
        if placed[mid].piece.end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo >= len(placed):
        return placed[-1].doc_end
    return placed[lo].doc_at(offset)
