"""The text preview shows exactly the sent bytes; findings can be released, kept and added."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from support_assistant.app.text_preview import USER_REPLACEMENT, TextPreview
from support_assistant.app.text_view import WINDOW_BYTES, display_text
from support_assistant.core.items import Finding, TextRedaction
from support_assistant.core.redact import render_bytes

from .review_fixtures import LOG_TEXT, add_log, show_active


def make_preview(qtbot, item):
    preview = TextPreview()
    qtbot.addWidget(preview)
    preview.resize(900, 600)
    show_active(qtbot, preview)
    preview.show_item(item)
    return preview


def test_preview_shows_exactly_the_bytes_that_are_sent(qtbot, report):
    item = add_log(report)
    preview = make_preview(qtbot, item)
    assert preview.sent_view.text() == display_text(render_bytes(item))
    assert "alice@example.com" not in preview.sent_view.text()
    assert "email-1" in preview.sent_view.text()


def test_releasing_a_finding_shows_and_sends_the_original(qtbot, report):
    item = add_log(report)
    preview = make_preview(qtbot, item)
    with qtbot.waitSignal(preview.itemChanged):
        preview.findings.setData(preview.findings.index(0, 0), Qt.CheckState.Unchecked.value,
                                 Qt.ItemDataRole.CheckStateRole)
    assert "f1" in item.released
    assert "alice@example.com" in preview.sent_view.text()
    assert b"alice@example.com" in render_bytes(item)
    assert preview.sent_view.text() == display_text(render_bytes(item))


def test_toggle_at_cursor_releases_then_keeps_again(qtbot, report):
    item = add_log(report)
    preview = make_preview(qtbot, item)
    editor = preview.sent_view.editor
    position = preview.sent_view.text().index("ip-1") + 1
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)
    editor.setFocus()
    assert preview.toggle_at_cursor()
    assert item.released == {"f2"} and "10.1.2.3" in preview.sent_view.text()
    cursor = editor.textCursor()
    cursor.setPosition(preview.sent_view.text().index("10.1.2.3") + 2)
    editor.setTextCursor(cursor)
    assert preview.toggle_at_cursor()
    assert item.released == set() and "10.1.2.3" not in preview.sent_view.text()


def test_selected_text_can_be_redacted_with_the_keyboard(qtbot, report):
    item = add_log(report)
    preview = make_preview(qtbot, item)
    editor = preview.sent_view.editor
    text = preview.sent_view.text()
    cursor = editor.textCursor()
    cursor.setPosition(text.index("ERROR"))
    cursor.setPosition(text.index("ERROR") + 5, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()
    with qtbot.waitSignal(preview.itemChanged):
        qtbot.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    start = LOG_TEXT.index(b"ERROR")
    assert TextRedaction(start, start + 5, USER_REPLACEMENT) in item.user_redactions
    assert "ERROR" not in preview.sent_view.text()
    assert preview.sent_view.text() == display_text(render_bytes(item))


def test_selection_after_multibyte_text_maps_to_the_right_bytes(qtbot, report):
    data = "héllo 中文 😀 secret tail\n".encode() + b"\xff\xfe bad bytes secret2\n"
    item = add_log(report, data)
    preview = make_preview(qtbot, item)
    text = preview.sent_view.text()
    for word, raw in (("secret2", b"secret2"), ("secret", b"secret ")):
        editor = preview.sent_view.editor
        at = text.index(word + (" " if word == "secret" else ""))
        utf16_at = len(text[:at].encode("utf-16-le")) // 2
        cursor = editor.textCursor()
        cursor.setPosition(utf16_at)
        cursor.setPosition(utf16_at + len(word), QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        assert preview.redact_selection()
        start = data.index(raw)
        assert TextRedaction(start, start + len(word), USER_REPLACEMENT) in item.user_redactions
        text = preview.sent_view.text()
    assert b"secret" not in render_bytes(item)


def test_side_by_side_shows_the_original_with_replaced_parts_marked(qtbot, report):
    item = add_log(report)
    preview = make_preview(qtbot, item)
    preview.set_side_by_side(True)
    assert preview.original_view.isVisible()
    assert preview.original_view.text() == display_text(LOG_TEXT)
    preview.set_side_by_side(False)
    assert not preview.original_view.isVisible()


def test_a_100_mb_log_loads_one_window_and_reaches_its_end(qtbot, report):
    line = b"2026-11-25 10:00:02 worker 7 handled request for bob@example.org in 12 ms\n"
    data = line * (100_000_000 // len(line))
    item = add_log(report, data, findings=False)
    at = data.rindex(b"bob@example.org")
    item.set_findings([Finding("f1", "email", "email-1", start=at, end=at + 15)])
    preview = TextPreview()
    qtbot.addWidget(preview)
    preview.show()
    preview.show_item(item)  # benchmarks/review_window.py times this
    assert len(preview.sent_view.window.output()) <= WINDOW_BYTES + len(line)
    assert preview.sent_view.file_bar.isVisible()
    qtbot.keyClick(preview.sent_view.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert preview.sent_view.window.at_end
    assert preview.sent_view.text().rstrip("\n").endswith("for email-1 in 12 ms")


def test_scrolling_past_a_window_edge_loads_the_next_window_seamlessly(qtbot, report):
    data = b"".join(f"line {n:07d} of the log\n".encode() for n in range(200_000))
    item = add_log(report, data, findings=False)
    preview = make_preview(qtbot, item)
    view = preview.sent_view
    assert view.window.start == 0 and not view.window.at_end
    bar = view.editor.verticalScrollBar()
    bar.setValue(bar.maximum())
    top = view.top_offset()
    qtbot.waitUntil(lambda: view.window.start > 0)
    assert view.top_offset() == top
    first_line = view.editor.firstVisibleBlock().text()
    assert data[top:top + len(first_line)].decode() == first_line
    second_start = view.window.start
    bar.setValue(0)
    line_on_top = view.editor.firstVisibleBlock().text()
    qtbot.waitUntil(lambda: view.window.start < second_start)
    assert view.editor.firstVisibleBlock().text() == line_on_top
    assert view.editor.verticalScrollBar().value() > 0
