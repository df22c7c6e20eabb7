"""Every visible string of the window goes through tr(): a pseudo-translation marks them all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from i18n_support import seen_and_heard  # noqa: E402
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy

from .review_fixtures import DIALOGS, add_log, add_screenshot

MARK = "⟦"


class Pseudo(QTranslator):
    """Wraps every source string in ⟦ ⟧, so an untranslated string stands out."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001
        return f"{MARK}{source}⟧"

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def pseudo(qapp):
    translator = Pseudo()
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def visible_strings(root: QWidget, data: set[QWidget]) -> list[str]:
    """Chrome strings a user sees or hears under ``root`` (data widgets excluded)."""
    return seen_and_heard(root, data)


def untranslated(strings: list[str]) -> list[str]:
    return [s for s in strings if MARK not in s]


def test_review_window_strings_are_all_translatable(qtbot, report, pseudo):
    add_log(report)
    shot = add_screenshot(report)
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    window.show()
    data = {window.preview.title, window.preview.subtitle, window.status,
            window.preview.sent_image.info, window.preview.sent_image.label}
    assert untranslated(visible_strings(window, data)) == []
    assert all(MARK in a.text() for a in window.menuBar().actions())
    window.select(shot.id)
    window.model.set_approved(shot.id, True)
    assert untranslated(visible_strings(window, data)) == []
    summary = window.open_summary()
    assert untranslated(visible_strings(summary, {summary.details})) == []


@pytest.mark.parametrize("make", list(DIALOGS.values()), ids=list(DIALOGS))
def test_dialog_strings_are_all_translatable(qtbot, report, pseudo, make):
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    dialog: QDialog = make(window)
    dialog.show()
    assert untranslated(visible_strings(dialog, set())) == []
