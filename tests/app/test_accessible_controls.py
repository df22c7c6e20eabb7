"""Every control a keyboard reaches has an accessible name and description (review side)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy

from .review_fixtures import DIALOGS, add_log, add_screenshot

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from a11y_support import controls, unnamed_or_undescribed  # noqa: E402


def test_review_window_controls_are_named_and_described(qtbot, report):
    log = add_log(report)
    shot = add_screenshot(report)
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    window.show()
    window.select(log.id)
    window.preview.text.set_side_by_side(True)
    assert len(controls(window)) > 10
    assert unnamed_or_undescribed(window) == []
    window.select(shot.id)
    window.model.set_approved(shot.id, True)
    qtbot.waitUntil(window.send_button.isEnabled)
    assert unnamed_or_undescribed(window) == []
    summary = window.open_summary()
    assert unnamed_or_undescribed(summary) == []


@pytest.mark.parametrize("make", list(DIALOGS.values()), ids=list(DIALOGS))
def test_dialog_controls_are_named_and_described(qtbot, report, make):
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    dialog = make(window)
    dialog.show()
    assert unnamed_or_undescribed(dialog) == []
