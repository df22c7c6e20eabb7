"""Every console control a keyboard reaches has an accessible name and description."""

from __future__ import annotations

import sys
from pathlib import Path

from console_bundles import console_bundle

from support_assistant.console.window import ConnectionDialog, ConsoleWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from a11y_support import controls, unnamed_or_undescribed  # noqa: E402


def test_console_controls_are_named_and_described_on_every_page(qtbot, tmp_path):
    _, summary = console_bundle(tmp_path)
    window = ConsoleWindow()
    qtbot.addWidget(window)
    window.show()
    assert unnamed_or_undescribed(window) == []
    view = window.open_path(summary.path)
    qtbot.waitUntil(lambda: view.all_verified, timeout=20000)
    for page in ("summary", "log-1", "screenshot-1", "environment-1", "consent"):
        if page in ("log-1", "screenshot-1", "environment-1"):
            with qtbot.waitSignal(view.pageReady, timeout=20000):
                view.show_page(page)
        else:
            view.show_page(page)
        assert len(controls(window)) > 3
        assert unnamed_or_undescribed(window) == [], page
    dialog = ConnectionDialog(None, window)
    dialog.show()
    assert unnamed_or_undescribed(dialog) == []
