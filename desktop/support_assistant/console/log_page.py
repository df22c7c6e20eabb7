"""A log from a bundle: windowed view, search (text or regex), level filter, jump to a time.

The log is spooled once (verified) to the bundle's private temporary folder and
memory-mapped (:mod:`core.log_index`); the view shows one window of it at a
time (:class:`app.text_view.WindowedTextView`), so a 500 MB log scrolls as
easily as a small one. Searching and indexing levels run in the background.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.accessibility import describe
from ..app.operations import Operation
from ..app.text_view import WindowedTextView, highlight, spans_in
from ..core.bundle_contents import ItemInfo
from ..core.errors import UsageError
from ..core.log_index import (
    LEVELS,
    LevelIndex,
    LogView,
    MappedLog,
    Match,
    SearchResult,
    compile_pattern,
    index_levels,
    offset_at_time,
    search,
)
from ..core.preview import Window

SEARCH_LIMIT = 10_000


class LogPage(QWidget):
    """See the module docstring. ``set_file`` is called once the log is spooled."""

    searched = Signal(int)
    """How many matches the last search found."""
    filtered = Signal()

    def __init__(self, info: ItemInfo, error_time: datetime | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.error_time = error_time
        self.log: MappedLog | None = None
        self.view: LogView | None = None
        self.index: LevelIndex | None = None
        self.result: SearchResult | None = None
        self._operation: Operation | None = None

        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search the log…"))
        self.query.setAccessibleName(self.tr("Search text"))
        self.regex = QCheckBox(self.tr("Regular expression"), self)
        self.regex.setAccessibleName(self.tr("Search with a regular expression"))
        self.case = QCheckBox(self.tr("Match case"), self)
        self.case.setAccessibleName(self.tr("Match case"))
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setAccessibleName(self.tr("Find all matches"))
        self.level = QComboBox(self)
        self.level.setAccessibleName(self.tr("Show lines at or above this level"))
        self.level.addItem(self.tr("All lines"), 0)
        names = {"info": self.tr("Info"), "warning": self.tr("Warning"),
                 "error": self.tr("Error"), "critical": self.tr("Critical")}
        for number, name in enumerate(LEVELS[1:], start=1):
            self.level.addItem(self.tr("{level} and above").format(level=names[name]), number)
        self.time = QDateTimeEdit(self)
        self.time.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.time.setCalendarPopup(True)
        self.time.setAccessibleName(self.tr("Time to go to"))
        self.go_time = QPushButton(self.tr("Go to time"), self)
        self.go_time.setAccessibleName(self.tr("Go to the first line at or after this time"))
        self.go_error = QPushButton(self.tr("Go to error time"), self)
        self.go_error.setAccessibleName(self.tr("Go to the lines near the error time"))
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setAccessibleName(self.tr("Export this item"))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # may quote a line of the log
        self.status.setAccessibleName(self.tr("Log status"))
        self.text = WindowedTextView(self)
        self.text.editor.setAccessibleName(self.tr("Log text"))
        self.results = QTableWidget(0, 2, self)
        self.results.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.results.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Text")])
        self.results.setAccessibleName(self.tr("Search results"))
        describe(
            (self.query, self.tr("Text to find in the log; Return searches.")),
            (self.regex, self.tr("Treat the search text as a regular expression.")),
            (self.case, self.tr("Distinguish upper and lower case when searching.")),
            (self.find_button, self.tr("Lists every line that matches.")),
            (self.level, self.tr("Hides lines below the chosen level; stack traces stay with "
                                 "their line.")),
            (self.time, self.tr("A time in the customer's time zone.")),
            (self.go_time, self.tr("Shows the first line at or after the chosen time.")),
            (self.go_error, self.tr("Shows the lines around the time of the reported error.")),
            (self.export_button, self.tr("Writes this log, as checked, to a file.")),
            (self.status, self.tr("Size of the log and progress of searches.")),
            (self.text.editor, self.tr("The log's text, read only; Ctrl+Home and Ctrl+End jump "
                                       "across the whole file.")),
            (self.results, self.tr("Matching lines; Return shows the line in the log.")))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        search_row = QHBoxLayout()
        for widget in (self.query, self.regex, self.case, self.find_button, self.level):
            search_row.addWidget(widget, 1 if widget is self.query else 0)
        time_row = QHBoxLayout()
        for widget in (self.time, self.go_time, self.go_error):
            time_row.addWidget(widget)
        time_row.addWidget(self.status, 1)
        time_row.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.text)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addLayout(time_row)
        layout.addWidget(splitter, 1)

        self.query.returnPressed.connect(self.find)
        self.find_button.clicked.connect(self.find)
        self.level.currentIndexChanged.connect(lambda _i: self.set_minimum_level(
            self.level.currentData()))
        self.go_time.clicked.connect(lambda: self.go_to_time(self._chosen_time()))
        self.go_error.clicked.connect(self.go_to_error_time)
        self.results.cellActivated.connect(lambda row, _c: self.show_match(row))
        self.results.cellClicked.connect(lambda row, _c: self.show_match(row))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.query.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.go_error.setEnabled(error_time is not None)
        if error_time is not None:
            self.time.setDateTime(QDateTime(error_time.replace(tzinfo=None)))
        self._set_busy(True)
        self.status.setText(self.tr("Checking and loading the log…"))

    # --- loading --------------------------------------------------------------------------
    def set_file(self, path) -> None:  # noqa: ANN001 - a Path
        self.log = MappedLog(path)
        self.view = LogView(self.log)
        self.text.set_source(self._window, self._styles)
        self._set_busy(False)
        self.status.setText(self.tr("{size} bytes.").format(size=self.log.size))

    def _window(self, start: int, end: int, exact: bool) -> Window:
        assert self.view is not None
        return self.view.window(start, end, exact)

    def _styles(self, window: Window):  # noqa: ANN202
        if self.result is None or self.view is None:
            return []
        colour = QColor(255, 214, 0)
        fmt = highlight(colour)
        ranges = [(self.view.to_view(m.start), self.view.to_view(m.end))
                  for m in self.result.matches if window.start <= self.view.to_view(m.start)
                  < window.end and self.view.shows(m.start)]
        return [(a, b, fmt) for a, b in spans_in(self.text.placed, ranges)]

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.query, self.find_button, self.level, self.go_time, self.regex,
                       self.case):
            widget.setEnabled(not busy)
        self.go_error.setEnabled(not busy and self.error_time is not None)

    def close_file(self) -> None:
        if self._operation is not None:
            self._operation.cancel()
        self.text.clear()
        self.view = None
        if self.log is not None:
            self.log.close()
            self.log = None

    # --- level filter ---------------------------------------------------------------------
    def set_minimum_level(self, minimum: int) -> None:
        """Show only lines at ``minimum`` (index into LEVELS) or above; 0 shows all.

        The first filter finds the level of every line (in the background, once).
        """
        if self.log is None:
            return
        log, known = self.log, self.index

        def work(progress) -> tuple[LevelIndex | None, LogView]:  # noqa: ANN001
            index = known
            if minimum and index is None:
                index = index_levels(log, progress.update, progress.cancel_event)
            return index, LogView(log, index, minimum)

        self._set_busy(True)
        self.status.setText(self.tr("Finding the level of each line…"))
        self._operation = Operation(self, work, label=self.tr("Finding the level of each line…")) \
            .success(self._filtered).run()
        self._operation.done.connect(lambda: self._set_busy(False))

    def _filtered(self, result: tuple[LevelIndex | None, LogView]) -> None:
        index, view = result
        if index is not None:
            self.index = index
        if self.log is not None and view.log is self.log:
            self._apply_view(view)

    def _apply_view(self, view: LogView) -> None:
        file_top = self.view.to_file(self.text.top_offset()) if self.view else 0
        self.view = view
        self.text.set_source(self._window, self._styles, top=view.to_view(file_top))
        if view.filtered:
            self.status.setText(self.tr("Showing {shown} of {size} bytes.").format(
                shown=view.size, size=view.log.size))
        else:
            self.status.setText(self.tr("{size} bytes.").format(size=view.size))
        self.result = None
        self.results.setRowCount(0)
        self.filtered.emit()

    # --- search ---------------------------------------------------------------------------
    def find(self) -> None:
        """Find every match of the query in the lines shown (in the background)."""
        if self.view is None or not self.query.text():
            return
        try:
            pattern = compile_pattern(self.query.text(), regex=self.regex.isChecked(),
                                      ignore_case=not self.case.isChecked())
        except UsageError as exc:
            self.status.setText(str(exc))
            self.searched.emit(-1)
            return
        view = self.view
        self._set_busy(True)
        self.status.setText(self.tr("Searching…"))
        self._operation = Operation(
            self, lambda p: search(view, pattern, limit=SEARCH_LIMIT, progress=p.update,
                                   cancel=p.cancel_event),
            label=self.tr("Searching the log…")).success(self._found).run()
        self._operation.done.connect(lambda: self._set_busy(False))

    def _found(self, result: SearchResult) -> None:
        self.result = result
        self.results.setRowCount(len(result.matches))
        for row, match in enumerate(result.matches):
            number = QTableWidgetItem(str(match.line_number))
            number.setData(Qt.ItemDataRole.UserRole, match.start)
            self.results.setItem(row, 0, number)
            self.results.setItem(row, 1, QTableWidgetItem(match.text))
        if result.truncated:
            self.status.setText(self.tr("More than {limit} matches; the first {limit} are "
                                        "listed.").format(limit=len(result.matches)))
        else:
            self.status.setText(self.tr("{count} matches.").format(count=len(result.matches)))
        self.text.set_source(self._window, self._styles, top=self.text.top_offset())  # highlights
        if result.matches:
            self.show_match(0)
        self.searched.emit(len(result.matches))

    def show_match(self, row: int) -> Match | None:
        if self.result is None or self.view is None or not 0 <= row < len(self.result.matches):
            return None
        match = self.result.matches[row]
        self.text.select_bytes(self.view.to_view(match.start), self.view.to_view(match.end))
        return match

    # --- time -----------------------------------------------------------------------------
    def _chosen_time(self) -> datetime:
        chosen = self.time.dateTime().toPython()
        zone: tzinfo | None = self.error_time.tzinfo if self.error_time else None
        return chosen.replace(tzinfo=zone)

    def go_to_error_time(self) -> int | None:
        if self.error_time is None:
            return None
        self.time.setDateTime(QDateTime(self.error_time.replace(tzinfo=None)))
        return self.go_to_time(self.error_time)

    def go_to_time(self, when: datetime) -> int | None:
        """Select the first shown line stamped at or after ``when``; returns its file offset."""
        if self.log is None or self.view is None:
            return None
        offset = offset_at_time(self.log, when)
        if offset is None:
            self.status.setText(self.tr("This log has no time stamps."))
            return None
        start = self.view.to_view(offset)
        end = self.view.to_view(self.log.line_end(offset)) if self.view.shows(offset) else start
        self.text.select_bytes(start, max(start, end - 1))
        self.status.setText(self.tr("Line at {time}.").format(
            time=self.log.line(offset)[:40].decode("utf-8", "replace").strip()))
        return offset

    def selected_text(self) -> str:
        return self.text.editor.textCursor().selectedText()

