"""Hiding our windows before a grab (app/settle.py) on a real X server: the wait ends once
the screen no longer shows them, and at the cap when the pixels cannot tell."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from support_assistant.app import settle
from support_assistant.core.collectors import screenshot as shots
from support_assistant.core.items import Box

pytestmark = pytest.mark.display

MAGENTA = (255, 0, 255)


def painted(qtbot, x: int, y: int) -> QWidget:
    widget = QWidget()
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(*MAGENTA))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
    widget.setGeometry(x, y, 300, 200)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def magenta_pixels(box: Box) -> int:
    raw = shots.region_pixels(box)
    return sum(1 for i in range(0, len(raw), 4) if raw[i:i + 3] == bytes((255, 0, 255)))


def test_the_wait_ends_when_the_hidden_window_has_left_the_screen(qtbot, x_display) -> None:
    widget = painted(qtbot, 900, 700)
    box = Box(widget.frameGeometry().x(), widget.frameGeometry().y(), 300, 200)
    qtbot.waitUntil(lambda: magenta_pixels(box) > 50_000, timeout=5000)
    seen: list[int] = []
    hidden = settle.HiddenWindows([widget], lambda: seen.append(magenta_pixels(box)))
    assert not widget.isVisible()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [0] and not hidden.capped  # told by the pixels, not by the cap
    hidden.restore()
    assert widget.isVisible()


def test_pixels_that_cannot_tell_wait_for_the_cap(qtbot, x_display) -> None:
    widget = painted(qtbot, 900, 700)
    widget.move(-10_000, -10_000)  # off the desktop: its region shows nothing before or after
    qtbot.wait(50)
    seen: list[bool] = []
    hidden = settle.HiddenWindows([widget], lambda: seen.append(True))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert hidden.capped
