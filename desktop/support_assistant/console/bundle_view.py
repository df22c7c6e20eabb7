"""One opened bundle: a list of pages (summary, consent, each item) beside the page shown.

Opening runs in the background: the structure and the manifest schema are
checked first (hostile bundles are refused with the error ``inspect`` gives);
then every file is verified, smallest first. The summary shows the manifest's
facts at once, but an item's page opens only after *its* sha256 and size were
checked, and if any file fails, the whole bundle is replaced by the failure
page naming the file, the expected and the actual hash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..app import dialogs
from ..app.item_list import kind_text
from ..app.operations import Operation
from ..app.wording import tr
from ..core.bundle_contents import BundleContents, ItemInfo, open_contents, verification_error
from ..core.errors import SupportAssistantError
from .environment_page import EnvironmentPage
from .image_page import ImagePage
from .log_page import LogPage
from .pages import ConsentPage, FailurePage, FilePage, SummaryPage

SUMMARY, CONSENT = "summary", "consent"


def _decode_image(data: bytes) -> QImage:
    image = QImage()
    image.loadFromData(data)
    return image


class BundleView(QWidget):
    """See the module docstring. Signals tell the window (and tests) how opening went."""

    opened = Signal()
    """The manifest is read: the summary is showing (files may still be being checked)."""
    verified = Signal(bool)
    """Every file was checked: True when all match the manifest."""
    failed = Signal(str)
    """The bundle is not shown; the sentence says why."""
    pageReady = Signal(str)
    """An item page has its content (item id)."""

    def __init__(self, path: Path, identities: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.identities = identities
        self.contents: BundleContents | None = None
        self.environment: dict[str, Any] | None = None
        self.error: SupportAssistantError | BaseException | None = None
        self.summary: SummaryPage | None = None
        self.pages: dict[str, QWidget] = {}
        self.all_verified = False
        self.banner = QLabel(tr("Opening {name}…").format(name=self.path.name), self)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # file names are the sender's text
        self.banner.setAccessibleName(tr("Bundle state"))
        self.page_list = QListWidget(self)
        self.page_list.setAccessibleName(tr("Pages of the bundle"))
        self.page_list.setAccessibleDescription(tr("Summary, consent record and each item; "
                                                   "the page opens beside the list."))
        self.stack = QStackedWidget(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.page_list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 4)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.page_list.currentItemChanged.connect(self._page_chosen)

    # --- opening --------------------------------------------------------------------------
    def start(self) -> Operation:
        path, identities = self.path, self.identities
        return Operation(self, lambda _p: open_contents(path, identities), quiet=True) \
            .success(self._opened).failure(self._open_failed).run()

    def _open_failed(self, error: BaseException) -> None:
        self.error = error
        text = str(error) if isinstance(error, SupportAssistantError) else \
            tr("The bundle could not be opened ({error}).").format(error=type(error).__name__)
        self._show_failure(text)

    def _show_failure(self, text: str, failures: list | None = None) -> None:
        self.page_list.clear()
        self.page_list.hide()
        for page in list(self.pages.values()):
            if isinstance(page, LogPage):
                page.close_file()
        self.pages.clear()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.summary = None
        failure = FailurePage(text, failures, self)
        self.pages["failure"] = failure
        self.stack.addWidget(failure)
        self.stack.setCurrentWidget(failure)
        self.banner.setText(tr("Not opened: the bundle failed its checks."))
        self.banner.setStyleSheet("color: #c62828; font-weight: bold;")
        if self.contents is not None:
            self.contents.close()
        self.failed.emit(text)

    def _opened(self, contents: BundleContents) -> None:
        self.contents = contents
        self.summary = SummaryPage(contents, self)
        self.summary.html_button.setEnabled(False)
        self.summary.html_button.clicked.connect(self.save_html)
        self._add_page(SUMMARY, tr("Summary"), self.summary)
        self._add_page(CONSENT, tr("Consent record"), ConsentPage(contents, self))
        for info in contents.items:
            entry = QListWidgetItem(f"{info.title} ({kind_text(info.kind)})", self.page_list)
            entry.setData(Qt.ItemDataRole.UserRole, info.id)
            entry.setToolTip(info.path)
            entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.page_list.setCurrentRow(0)
        self.banner.setText(tr("Checking every file against the manifest…"))
        self.opened.emit()
        Operation(self, lambda p: contents.verify(p.update, p.cancel_event), quiet=True) \
            .success(self._verified).failure(self._open_failed).run() \
            .progressed.connect(self._verifying)

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        entry = QListWidgetItem(title, self.page_list)
        entry.setData(Qt.ItemDataRole.UserRole, key)
        self.pages[key] = page
        self.stack.addWidget(page)

    def _verifying(self, done: int, total: int, _current: str) -> None:
        if self.contents is None or self.summary is None:
            return
        self.summary.set_verification(tr("Checking: {done} of {total} files…").format(
            done=done, total=total))
        checked = {i.id for i in self.contents.items if self.contents.is_verified(i)}
        for row in range(self.page_list.count()):
            entry = self.page_list.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) in checked:
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEnabled)
        if self.environment is None:
            environment = next((i for i in self.contents.items if i.kind == "environment"), None)
            if environment is not None and environment.id in checked:
                self._load_environment()

    def _load_environment(self) -> None:
        if self.contents is None or self.summary is None:
            return
        try:
            self.environment = self.contents.environment() or {}
        except SupportAssistantError as exc:
            self._show_failure(str(exc))
            return
        self.summary.set_environment(self.environment)

    def _verified(self, report: Any) -> None:
        contents = self.contents
        if contents is None:
            return
        if not report.ok:
            error = verification_error(contents)
            self.error = error
            self._show_failure(str(error), report.failures)
            self.verified.emit(False)
            return
        self.all_verified = True
        if self.environment is None:
            self._load_environment()
        for row in range(self.page_list.count()):
            entry = self.page_list.item(row)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEnabled)
        text = tr("Verified: all {count} files match the sha256 and size in the manifest.") \
            .format(count=len(report.files))
        assert self.summary is not None
        self.summary.set_verification(text)
        self.summary.html_button.setEnabled(True)
        self.banner.setText(text)
        self.banner.setStyleSheet("")
        self.verified.emit(True)

    # --- pages ----------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget | None:
        """Select the page ``key`` (summary, consent or an item id); None if not available."""
        for row in range(self.page_list.count()):
            entry = self.page_list.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == key:
                if not entry.flags() & Qt.ItemFlag.ItemIsEnabled:
                    return None
                self.page_list.setCurrentRow(row)
                return self.pages.get(key)
        return None

    def current_item(self) -> ItemInfo | None:
        entry = self.page_list.currentItem()
        if entry is None or self.contents is None:
            return None
        key = entry.data(Qt.ItemDataRole.UserRole)
        return next((i for i in self.contents.items if i.id == key), None)

    def _page_chosen(self, entry: QListWidgetItem | None, _previous: Any = None) -> None:
        if entry is None or self.contents is None:
            return
        key = entry.data(Qt.ItemDataRole.UserRole)
        if key not in self.pages:
            info = self.contents.item(key)
            if not self.contents.is_verified(info):
                return
            self.pages[key] = self._item_page(info)
            self.stack.addWidget(self.pages[key])
        self.stack.setCurrentWidget(self.pages[key])

    def _item_page(self, info: ItemInfo) -> QWidget:
        contents = self.contents
        assert contents is not None
        if info.is_image:
            page: QWidget = ImagePage(info, self)
            Operation(self, lambda _p: _decode_image(contents.read(info)), quiet=True) \
                .success(lambda image: self._image_ready(page, info, image)).run()
        elif info.kind == "environment":
            page = EnvironmentPage(info, self)
            Operation(self, lambda _p: json.loads(contents.read(info).decode("utf-8", "replace")),
                      quiet=True).success(lambda data: self._environment_ready(page, info, data)) \
                .failure(lambda exc: self._environment_ready(page, info, {})).run()
        elif info.is_text or info.media_type.startswith(("application/json", "application/x-ndjson")):
            page = LogPage(info, contents.error_time(self.environment), self)
            Operation(self, lambda p: contents.spool(info, p.update, p.cancel_event),
                      label=tr("Loading {title}…").format(title=info.title)) \
                .success(lambda path: self._log_ready(page, info, path)).run()
        else:
            page = FilePage(info, self)
        page.export_button.clicked.connect(lambda: self.export_item(info))
        return page

    def _image_ready(self, page: ImagePage, info: ItemInfo, image: QImage) -> None:
        page.set_image(image)
        self.pageReady.emit(info.id)

    def _environment_ready(self, page: EnvironmentPage, info: ItemInfo, data: Any) -> None:
        page.set_data(data)
        self.pageReady.emit(info.id)

    def _log_ready(self, page: LogPage, info: ItemInfo, path: Path) -> None:
        page.set_file(path)
        self.pageReady.emit(info.id)

    # --- export ---------------------------------------------------------------------------
    def export_item(self, info: ItemInfo | None = None) -> Operation | None:
        """Ask where, then write the item's verified bytes there."""
        info = info or self.current_item()
        if info is None or self.contents is None:
            return None
        target = dialogs.service().save_file(self, tr("Export item"), info.file_name)
        if target is None:
            return None
        contents = self.contents
        return Operation(self, lambda p: contents.export(info, target, p.update, p.cancel_event),
                         label=tr("Exporting {title}…").format(title=info.title)).success(
            lambda path: self.banner.setText(tr("Exported {title} to {path}.").format(
                title=info.title, path=path))).run()

    def save_html(self) -> Operation | None:
        """Ask where, then write the whole bundle as one HTML file."""
        if self.contents is None or not self.all_verified:
            return None
        suggested = f"{self.contents.report['id']}.html"
        target = dialogs.service().save_file(self, tr("Save HTML report"), suggested,
                                             tr("HTML files (*.html)"))
        if target is None:
            return None
        from ..core import html_report
        contents = self.contents
        return Operation(self, lambda _p: html_report.write(contents, target),
                         label=tr("Writing the HTML report…")).success(
            lambda path: self.banner.setText(tr("Saved the HTML report to {path}.").format(
                path=path))).run()

    def close_bundle(self) -> None:
        for page in self.pages.values():
            if isinstance(page, LogPage):
                page.close_file()
        if self.contents is not None:
            self.contents.close()

