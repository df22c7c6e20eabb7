"""The screenshot editor: draw, move, resize, delete, undo/redo, keyboard-only; preview is real pixels."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from support_assistant.app.image_preview import SentImagePreview
from support_assistant.app.redaction_editor import RedactionEditor
from support_assistant.core.items import Box, Finding, RectRedaction
from support_assistant.core.redact import render_bytes

from .review_fixtures import add_screenshot, show_active


def make_editor(qtbot, item) -> RedactionEditor:
    editor = RedactionEditor()
    qtbot.addWidget(editor)
    editor.resize(800, 600)
    show_active(qtbot, editor)
    editor.set_item(item)
    editor.actual_size()  # 1 screen pixel = 1 image pixel, image at the view's top-left
    editor.view.horizontalScrollBar().setValue(0)
    editor.view.verticalScrollBar().setValue(0)
    return editor


def view_point(editor: RedactionEditor, x: float, y: float) -> QPoint:
    return editor.view.mapFromScene(x, y)


def drag(editor: RedactionEditor, start: tuple[int, int], end: tuple[int, int]) -> None:
    viewport = editor.view.viewport()
    a, b = view_point(editor, *start), view_point(editor, *end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, (a + b) / 2)
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def test_drawing_a_rectangle_redacts_the_item_and_undo_removes_it(qtbot, report):
    item = add_screenshot(report)
    item.approve()
    editor = make_editor(qtbot, item)
    drag(editor, (20, 30), (80, 70))
    assert item.user_redactions == [RectRedaction(Box(20, 30, 60, 40))]
    assert not item.approved  # an edit voids the approval
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item.user_redactions == []
    qtbot.keyClick(editor.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert item.user_redactions == [RectRedaction(Box(20, 30, 60, 40))]


def test_a_box_can_be_moved_resized_and_deleted_with_the_mouse(qtbot, report):
    item = add_screenshot(report)
    editor = make_editor(qtbot, item)
    editor.add_box(Box(20, 20, 40, 40))
    drag(editor, (40, 40), (140, 60))                       # move by (100, 20)
    assert item.user_redactions == [RectRedaction(Box(120, 40, 40, 40))]
    drag(editor, (160, 80), (190, 100))                     # bottom-right corner
    assert item.user_redactions == [RectRedaction(Box(120, 40, 70, 60))]
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert item.user_redactions == []
    editor.undo_stack.undo()
    assert item.user_redactions == [RectRedaction(Box(120, 40, 70, 60))]


def test_boxes_stay_inside_the_image(qtbot, report):
    item = add_screenshot(report, size=(100, 80))
    editor = make_editor(qtbot, item)
    drag(editor, (60, 50), (400, 300))
    assert item.user_redactions == [RectRedaction(Box(60, 50, 40, 30))]


def test_keyboard_only_add_move_resize_delete_and_undo(qtbot, report):
    item = add_screenshot(report)
    editor = make_editor(qtbot, item)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_N)
    [added] = item.user_redactions
    box = added.box
    qtbot.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor.view, Qt.Key.Key_Down)
    qtbot.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert item.user_redactions == [RectRedaction(Box(box.x + 10, box.y + 1, box.w + 1, box.h))]
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item.user_redactions == [RectRedaction(box)]  # consecutive nudges undo as one
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert item.user_redactions == []


def test_zoom_and_fit_change_the_view_not_the_boxes(qtbot, report):
    item = add_screenshot(report, size=(1600, 1200))
    editor = make_editor(qtbot, item)
    editor.add_box(Box(10, 10, 20, 20))
    editor.fit()
    fitted = editor.view.transform().m11()
    assert fitted < 1
    qtbot.keyClick(editor.view, Qt.Key.Key_Plus)
    assert abs(editor.view.transform().m11() - fitted * 1.25) < 1e-6
    assert item.user_redactions == [RectRedaction(Box(10, 10, 20, 20))]


def test_suggested_box_can_be_released_and_kept_again(qtbot, report):
    item = add_screenshot(report)
    item.set_findings([Finding("o1", "ocr-email", "email-1", box=Box(5, 5, 50, 10))])
    editor = make_editor(qtbot, item)
    [suggestion] = editor.findings()
    suggestion.setSelected(True)
    qtbot.keyClick(editor.view, Qt.Key.Key_R)
    assert item.released == {"o1"}
    editor.undo_stack.undo()
    assert item.released == set()


def test_preview_is_rendered_from_the_redacted_pixels(qtbot, report):
    item = add_screenshot(report)
    editor = make_editor(qtbot, item)
    preview = SentImagePreview()
    qtbot.addWidget(preview)
    preview.show()
    editor.changed.connect(lambda _id: preview.refresh())
    with qtbot.waitSignal(preview.rendered):
        preview.show_item(item)
    assert preview.image.pixelColor(55, 55).getRgb()[:3] == (30, 120, 200)
    with qtbot.waitSignal(preview.rendered, timeout=5000):
        drag(editor, (40, 40), (90, 90))
    assert preview.data == render_bytes(item)
    sent = Image.open(io.BytesIO(preview.data)).convert("RGB")
    assert sent.getpixel((50, 50)) == (0, 0, 0) and sent.getpixel((55, 55)) == (0, 0, 0)
    assert preview.image.pixelColor(50, 50).getRgb()[:3] == (0, 0, 0)
    assert preview.image.pixelColor(95, 95).getRgb()[:3] == sent.getpixel((95, 95)) == (30, 120, 200)
