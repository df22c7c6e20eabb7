"""The review window: every item starts unticked, approval is per item, Send says what goes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy
from support_assistant.core.items import Box, RectRedaction

from .review_fixtures import add_log, add_screenshot, show_active


def make_window(qtbot, report, config=None) -> ReviewWindow:
    window = ReviewWindow(report, config or policy.load())
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def click_checkbox(window: ReviewWindow, row: int) -> None:
    view = window.items
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(window.model.index(row))
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.decorationSize = view.iconSize()
    indicator = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                            option, view)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     indicator.center())


def test_items_start_unticked_and_send_is_disabled(qtbot, report):
    add_log(report)
    add_screenshot(report)
    window = make_window(qtbot, report)
    states = [window.model.data(window.model.index(r), Qt.ItemDataRole.CheckStateRole)
              for r in range(2)]
    assert states == [Qt.CheckState.Unchecked, Qt.CheckState.Unchecked]
    assert not window.send_button.isEnabled()
    assert "the vendor's support team" in window.send_button.text()


def test_ticking_a_checkbox_approves_and_the_send_button_says_what_and_to_whom(qtbot, report,
                                                                              tmp_path):
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('[intake]\nsupport_name = "ACME Support"\n')
    item = add_log(report)
    add_screenshot(report)
    window = make_window(qtbot, report, policy.load(policy_path=policy_file))
    click_checkbox(window, 0)
    assert item.approved
    qtbot.waitUntil(lambda: "(" in window.send_button.text() and "…)" not in
                    window.send_button.text())
    assert window.send_button.isEnabled()
    text = window.send_button.text().replace("&", "")
    assert text.startswith("Send 1 items (") and text.endswith("to ACME Support…")
    click_checkbox(window, 0)
    assert not item.approved and not window.send_button.isEnabled()


def test_space_toggles_the_current_item(qtbot, report):
    item = add_log(report)
    window = make_window(qtbot, report)
    window.items.setFocus()
    window.select(item.id)
    qtbot.keyClick(window.items, Qt.Key.Key_Space)
    assert item.approved
    assert window.preview.approve.isChecked()


def test_approve_all_is_a_deliberate_confirmed_click(qtbot, report, answers):
    items = [add_log(report), add_screenshot(report)]
    window = make_window(qtbot, report)
    answers.confirm_answers.append(False)
    window.approve_all_button.click()
    assert not any(i.approved for i in items)
    assert answers.calls[-1][0] == "confirm" and "2 remaining items" in answers.calls[-1][1]
    answers.confirm_answers.append(True)
    window.approve_all_button.click()
    assert all(i.approved for i in items)


def test_releasing_a_finding_after_approval_voids_the_approval(qtbot, report):
    item = add_log(report)
    window = make_window(qtbot, report)
    window.model.set_approved(item.id, True)
    window.select(item.id)
    findings = window.preview.text.findings
    findings.setData(findings.index(0, 0), Qt.CheckState.Unchecked.value,
                     Qt.ItemDataRole.CheckStateRole)
    assert "f1" in item.released and not item.approved
    assert window.model.data(window.model.index(0), Qt.ItemDataRole.CheckStateRole) \
        == Qt.CheckState.Unchecked
    assert not window.preview.approve.isChecked()


def test_drawing_a_box_voids_approval_and_undo_restores_the_pixels(qtbot, report):
    item = add_screenshot(report)
    window = make_window(qtbot, report)
    window.model.set_approved(item.id, True)
    window.select(item.id)
    editor = window.preview.editor
    editor.add_box(Box(10, 10, 30, 30))
    assert not item.approved and item.user_redactions == [RectRedaction(Box(10, 10, 30, 30))]
    editor.undo_stack.undo()
    assert item.user_redactions == []


def test_the_preview_checkbox_approves_the_shown_item(qtbot, report):
    add_log(report)
    shot = add_screenshot(report)
    window = make_window(qtbot, report)
    window.select(shot.id)
    window.preview.approve.click()
    assert shot.approved and not report.items[0].approved


def test_removing_an_item_asks_first(qtbot, report, answers):
    add_log(report)
    shot = add_screenshot(report)
    window = make_window(qtbot, report)
    window.select(shot.id)
    answers.confirm_answers.extend([False, True])
    window.remove_action.trigger()
    assert shot in report.items
    window.remove_action.trigger()
    assert shot not in report.items and window.model.rowCount() == 1


def unnamed_controls(root) -> list[str]:
    """Visible, focusable controls under ``root`` without an accessible name."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractScrollArea,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QWidget,
    )

    kinds = (QAbstractButton, QAbstractItemView, QLineEdit, QAbstractScrollArea, QComboBox,
             QAbstractSpinBox)
    controls = [w for w in root.findChildren(QWidget) if isinstance(w, kinds)
                and w.isVisibleTo(root) and w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    return [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
            for w in controls if not w.accessibleName()]


def test_every_control_has_an_accessible_name(qtbot, report):
    add_log(report)
    shot = add_screenshot(report)
    window = make_window(qtbot, report)
    assert unnamed_controls(window) == []
    window.select(shot.id)
    assert unnamed_controls(window) == []
    window.model.set_approved(shot.id, True)
    summary = window.open_summary()
    assert unnamed_controls(summary) == []
