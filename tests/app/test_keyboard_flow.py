"""Without a mouse: a new report is reviewed, redacted, approved and sent with the keyboard only.

Every key goes to the widget that has the focus (as a real keyboard would), the
send goes to the real reference intake on 127.0.0.1, and the bundle it received
is checked. Also: Tab visits the controls in the order they are laid out, and
the redaction editor tells screen readers about each box.
"""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import io
import json
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from outbox_support import (  # noqa: F401
    CUSTOMER_A,
    bundles,
    download,
    intake_factory,
    intake_server,
)
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import credentials, policy

from .review_fixtures import add_log, add_screenshot, show_active

Key = Qt.Key
Mod = Qt.KeyboardModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Mod.NoModifier,
          times: int = 1) -> None:
    """Keys go where the focus is, as from a real keyboard."""
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def tab_to(qtbot, wanted: QWidget, backwards: bool = False, limit: int = 25) -> None:
    """Press Tab (or Shift+Tab) until ``wanted`` has the focus."""
    for _ in range(limit):
        if focused() is wanted:
            return
        press(qtbot, Key.Key_Backtab if backwards else Key.Key_Tab)
    pytest.fail(f"Tab never reached {wanted.accessibleName() or wanted}")


def names_in_tab_order(qtbot, start: QWidget, count: int) -> list[str]:
    start.setFocus()
    found = []
    for _ in range(count):
        widget = focused()
        found.append(widget.accessibleName() or type(widget).__name__)
        press(qtbot, Key.Key_Tab)
    return found


@pytest.fixture
def window(qtbot, report):
    log = add_log(report)
    add_screenshot(report)
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.select(log.id)
    window.items.setFocus()
    return window


def test_report_is_reviewed_redacted_approved_and_sent_with_the_keyboard_only(
        qtbot, window, report, answers, intake_server):
    credentials.store(credentials.Credentials(CUSTOMER_A, intake_server.tokens.customer_a,
                                              intake_server.endpoint))
    log, shot = report.items[:2]
    text = window.preview.text
    assert focused() is window.items

    # a new item by keyboard: Ctrl+O attaches a file (the file dialog is answered by the test)
    notes = report.session_dir.parent / "notes.txt"
    notes.write_text("steps to reproduce\n", encoding="utf-8")
    answers.file_answers.append(notes)
    with qtbot.waitSignal(window.itemsReady, timeout=20000):
        press(qtbot, Key.Key_O, Mod.ControlModifier)
    attached = report.items[-1]
    assert attached.kind.value == "file" and not attached.approved
    press(qtbot, Key.Key_I, Mod.AltModifier)
    press(qtbot, Key.Key_Home)
    assert window.current_item() is log

    # the log: select its first word in the text as sent and redact it (Ctrl+R)
    tab_to(qtbot, text.sent_view.editor)
    press(qtbot, Key.Key_Home, Mod.ControlModifier)
    press(qtbot, Key.Key_Right, Mod.ShiftModifier, times=10)          # "2026-11-25"
    press(qtbot, Key.Key_R, Mod.ControlModifier)
    assert len(log.user_redactions) == 1
    assert b"2026-11-25 10:00:01" not in text.sent_view.window.output()
    tab_to(qtbot, window.preview.approve, backwards=True)
    press(qtbot, Key.Key_Space)
    assert log.approved

    # the screenshot: back to the list (Alt+I, its label's mnemonic), Down, black out a box
    press(qtbot, Key.Key_I, Mod.AltModifier)
    assert focused() is window.items
    press(qtbot, Key.Key_Down)
    assert window.current_item() is shot
    editor = window.preview.editor
    tab_to(qtbot, editor.view)
    press(qtbot, Key.Key_N)
    press(qtbot, Key.Key_Right, Mod.ShiftModifier, times=3)
    press(qtbot, Key.Key_Down, Mod.ControlModifier, times=5)
    assert len(shot.user_redactions) == 1
    box = shot.user_redactions[0].box
    tab_to(qtbot, window.preview.approve, backwards=True)
    press(qtbot, Key.Key_Space)
    assert shot.approved

    # Ctrl+Return opens the summary; Return there sends (Send is its default button)
    qtbot.waitUntil(lambda: "…)" not in window.send_button.text() and window.send_button
                    .isEnabled(), timeout=10000)
    press(qtbot, Key.Key_Return, Mod.ControlModifier)
    summary = window.summary
    assert isinstance(summary, QDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is summary, timeout=5000)
    assert focused() is summary.send_button
    with qtbot.waitSignal(window.sent, timeout=60000) as sent:
        press(qtbot, Key.Key_Return)
    reference = sent.args[0].entry.reference

    received = {b["id"]: b for b in bundles(intake_server)}
    assert list(received) == [reference]
    archive = zipfile.ZipFile(io.BytesIO(download(intake_server, reference)))
    manifest = json.loads(archive.read("manifest.json"))
    assert {i["id"] for i in manifest["items"]} == {log.id, shot.id}  # not the unapproved file
    sent_log = next(n for n in archive.namelist() if n.startswith(f"items/{log.id}/"))
    assert not archive.read(sent_log).startswith(b"2026-11-25")
    shot_entry = next(i for i in manifest["items"] if i["id"] == shot.id)
    assert json.dumps([box.x, box.y, box.w, box.h])[1:-1].replace(" ", "") in \
        json.dumps(shot_entry).replace(" ", "")


def test_tab_follows_the_layout_left_column_then_preview(qtbot, window):
    order = names_in_tab_order(qtbot, window.items, 11)
    assert order == ["Items in this report", "Add more", "Remove item", "Approve all",
                     "Description", "Approve this item as shown", "Redact selection",
                     "Send original / redact again", "Side by side", "Text that will be sent",
                     "Findings and redactions"]
    assert focused() is window.items  # the findings table does not trap Tab: round we go


def test_tab_reaches_save_and_send_once_an_item_is_approved(qtbot, window, report):
    window.model.set_approved(report.items[0].id, True)
    qtbot.waitUntil(window.send_button.isEnabled)
    tab_to(qtbot, window.save_button)
    press(qtbot, Key.Key_Tab)
    assert focused() is window.send_button


def test_the_redaction_editor_announces_each_box(qtbot, window, report, monkeypatch):
    events: list[tuple[QAccessible.Event, str]] = []

    def record(event) -> None:  # noqa: ANN001
        message = event.message() if hasattr(event, "message") else ""
        events.append((event.type(), message))

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)
    window.select(report.items[1].id)
    view = window.preview.editor.view
    assert view.accessibleDescription().startswith("No area is blacked out")
    view.setFocus()
    press(qtbot, Key.Key_N)
    description = view.accessibleDescription()
    assert description.startswith("Box 1 of 1: ") and "pixels at" in description
    press(qtbot, Key.Key_Right, Mod.ShiftModifier)
    moved = view.accessibleDescription()
    assert moved != description and moved.startswith("Box 1 of 1: ")
    announced = [message for kind, message in events if kind == QAccessible.Event.Announcement]
    assert description in announced and moved in announced
    assert QAccessible.Event.DescriptionChanged in [kind for kind, _ in events]
    assert QAccessible.queryAccessibleInterface(view).text(QAccessible.Text.Description) == moved


def test_the_region_picker_announces_the_region_and_draws_readable_instructions(qtbot,
                                                                               monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QPixmap

    from support_assistant.app.capture import RegionOverlay
    from support_assistant.app.theme import contrast

    announced: list[str] = []
    monkeypatch.setattr(QAccessible, "updateAccessibility",
                        lambda e: announced.append(getattr(e, "message", lambda: "")()))
    white = QPixmap(400, 300)
    white.fill(QColor("white"))  # the worst case for white text
    overlay = RegionOverlay(white, QRect(0, 0, 400, 300))
    qtbot.addWidget(overlay)
    overlay.show()
    assert overlay.accessibleDescription().startswith("Drag to pick a region")
    qtbot.keyClick(overlay, Key.Key_Right, Mod.ShiftModifier)
    assert "Region 133 × 100 pixels at 143, 100" in announced
    shot = overlay.grab().toImage()
    plate = shot.pixelColor(overlay.width() // 2, 16)  # the plate's padding above the text
    assert contrast(QColor("white"), plate) >= 4.5
