"""The console window: open by dialog, drag and drop and command line; tr() and accessible names."""

from __future__ import annotations

import argparse

import pytest
from console_bundles import console_bundle
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from support_assistant.commands.console import build_window
from support_assistant.console.bundle_view import BundleView
from support_assistant.console.window import ConsoleWindow

MARK = "⟦"


def wait_verified(qtbot, view: BundleView) -> None:
    qtbot.waitUntil(lambda: view.all_verified, timeout=20000)


def test_open_bundle_through_the_file_dialog(qtbot, tmp_path, answers):
    _, summary = console_bundle(tmp_path)
    window = ConsoleWindow()
    qtbot.addWidget(window)
    answers.file_answers.append(summary.path)
    view = window.choose_bundle()
    wait_verified(qtbot, view)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "bundle.zip"
    assert window.choose_bundle() is None  # cancelled: nothing opens
    assert len(window.bundle_views()) == 1


def test_dropping_files_opens_each_bundle(qtbot, tmp_path):
    _, first = console_bundle(tmp_path, "one.zip")
    _, second = console_bundle(tmp_path, "two.zip")
    window = ConsoleWindow()
    qtbot.addWidget(window)
    window.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first.path)), QUrl.fromLocalFile(str(second.path))])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    views = window.bundle_views()
    assert [v.path.name for v in views] == ["one.zip", "two.zip"]
    for view in views:
        wait_verified(qtbot, view)


def test_command_line_bundles_open_in_tabs_and_closing_removes_temporary_files(
        qtbot, tmp_path, isolated_user_dirs):
    _, summary = console_bundle(tmp_path)
    window = build_window(argparse.Namespace(bundles=[summary.path], identity=None))
    qtbot.addWidget(window)
    view = window.bundle_views()[0]
    wait_verified(qtbot, view)
    with qtbot.waitSignal(view.pageReady, timeout=20000):
        view.show_page("log-1")  # spools the log into a private temporary folder
    cache = isolated_user_dirs / "cache"
    spooled = [p for p in cache.rglob("*") if p.is_file()]
    assert spooled and all(p.stat().st_mode & 0o077 == 0 or p.parent.stat().st_mode & 0o077 == 0
                           for p in spooled)
    window.close_tab(window.tabs.indexOf(view))
    assert window.bundle_views() == []
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_console_without_display_says_so_and_exits_15(tmp_path, run_cli):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_cli("console", env=env)
    assert result.returncode == 15
    assert result.stderr.strip().startswith("No display is available")


class Pseudo(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001
        return f"{MARK}{source}⟧"

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def opened_window(qtbot, tmp_path):
    translator = Pseudo()
    QCoreApplication.installTranslator(translator)
    _, summary = console_bundle(tmp_path)
    window = ConsoleWindow()
    qtbot.addWidget(window)
    window.show()
    view = window.open_path(summary.path)
    wait_verified(qtbot, view)
    for page in ("log-1", "screenshot-1", "environment-1"):
        with qtbot.waitSignal(view.pageReady, timeout=20000):
            view.show_page(page)
    view.show_page("consent")
    yield window, view
    QCoreApplication.removeTranslator(translator)


def test_every_visible_string_goes_through_tr(opened_window):
    window, view = opened_window
    data: set[QWidget] = {view.pages["log-1"].text.editor}
    data |= set(view.summary.values.values())
    data |= set(view.pages["consent"].findChildren(QLabel)) - {
        w for w in view.pages["consent"].findChildren(QLabel) if w.accessibleName() == ""}
    strings: list[str] = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if widget in data:
            continue
        if isinstance(widget, (QAbstractButton, QLabel)) and widget.text():
            strings.append(widget.text())
        elif isinstance(widget, QMenu):
            strings += [a.text() for a in widget.actions() if a.text()]
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)) and widget.placeholderText():
            strings.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            strings += [widget.itemText(i) for i in range(widget.count())]
    strings += [window.tabs.tabText(0)]
    assert [s for s in strings if s and MARK not in s] == []


def test_every_control_has_an_accessible_name(opened_window):
    window, _ = opened_window
    controls = (QLineEdit, QComboBox, QAbstractItemView, QGraphicsView, QPlainTextEdit,
                QAbstractSpinBox)
    unnamed = [type(w).__name__ for w in window.findChildren(QWidget)
               if isinstance(w, controls) and w.isVisibleTo(window) and not w.accessibleName()
               and not isinstance(w, QHeaderView)
               and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
    assert unnamed == []
    buttons = [w for w in window.findChildren(QAbstractButton) if w.isVisibleTo(window)
               and not isinstance(w.parent(), QTabBar)]  # Qt's own tab close buttons
    assert all(b.accessibleName() or b.text() for b in buttons)



def test_closing_a_bundle_while_it_is_being_checked_stops_cleanly(qtbot, tmp_path, monkeypatch,
                                                                 isolated_user_dirs):
    from support_assistant.core.bundle_contents import BundleContents

    original = BundleContents._stop_if_closing
    reading = []

    def held(self, cancel=None):  # noqa: ANN001 - the check holds the first read mid-entry
        reading.append(True)
        self._closing.wait(10)
        original(self, cancel)

    monkeypatch.setattr(BundleContents, "_stop_if_closing", held)
    _, summary = console_bundle(tmp_path)
    window = ConsoleWindow()
    qtbot.addWidget(window)
    view = window.open_path(summary.path)
    qtbot.waitUntil(lambda: bool(reading), timeout=20000)
    assert not view.all_verified
    window.close_tab(window.tabs.indexOf(view))  # waits for the read to stop at its chunk
    qtbot.wait(200)
    assert window.bundle_views() == [] and not view.all_verified
    assert [p for p in (isolated_user_dirs / "cache").rglob("*") if p.is_file()] == []


def test_save_html_from_the_window_writes_the_verified_report(qtbot, tmp_path, answers):
    _, summary = console_bundle(tmp_path)
    window = ConsoleWindow()
    qtbot.addWidget(window)
    view = window.open_path(summary.path)
    wait_verified(qtbot, view)
    out = tmp_path / "report.html"
    answers.file_answers.append(out)
    operation = view.save_html()
    qtbot.waitUntil(lambda: operation.finished, timeout=20000)
    assert "All 3 files match" in out.read_text()
    assert answers.calls[-1] == ("save_file", f"{view.contents.report['id']}.html")


def test_connection_dialog_refuses_a_bad_address_and_keeps_the_token_hidden(qtbot):
    from support_assistant.console.window import ConnectionDialog
    from support_assistant.core import inbox

    dialog = ConnectionDialog(None)
    qtbot.addWidget(dialog)
    dialog.url.setText("ftp://intake.example.com/")
    dialog.token.setText("secret-token-1234567890")
    dialog.accept()
    assert dialog.connection is None and "is not an http(s) URL" in dialog.problem.text()
    dialog.url.setText("https://intake.example.com/files/")
    dialog.accept()
    assert dialog.connection.base == "https://intake.example.com/"
    assert "secret-token" not in repr(dialog.connection)
    assert dialog.token.echoMode() == dialog.token.EchoMode.Password
    dialog.url.setText("http://127.0.0.1:9/")  # loopback only: the window refreshes at once
    dialog.accept()
    window = ConsoleWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.inbox.refreshed, timeout=20000) as blocker:
        window.set_connection(dialog.connection)
    assert inbox.load_connection() == dialog.connection
    assert blocker.args == [-1] and "cannot be reached" in window.inbox.status.text()
