"""Hiding our windows before a grab, and waiting until they have left the screen.

A fixed wait is too long where nothing animates (on X11 without a compositor the
windows beneath repaint within tens of milliseconds) and may be too short where a
compositor fades windows out. Instead the parts of the screen our windows covered
are grabbed before they hide and then every :data:`POLL_MS`: the screen has
settled once those pixels differ from before and stay the same for
:data:`STABLE_MS`, and after :data:`SETTLE_MS` at the latest (a region that shows
the same before and after, say a window that was itself covered, waits that long).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ..core.collectors import screenshot as shots
from ..core.items import Box

SETTLE_MS = 350
"""The longest wait for hidden windows to disappear (compositors animate)."""
POLL_MS = 15
STABLE_MS = 45
"""How long the uncovered pixels must stay unchanged (the windows beneath have repainted)."""


class HiddenWindows(QObject):
    """Hides ``widgets`` at once and calls ``settled()`` when the screen no longer shows them
    (see the module docstring); :meth:`restore` shows them again."""

    def __init__(self, widgets: list[QWidget], settled: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widgets = widgets
        self._settled = settled
        self._boxes = [_screen_box(w) for w in widgets]
        self._before = self._pixels()
        for widget in widgets:
            widget.hide()
        self._started = time.monotonic()
        self._last: tuple[bytes, ...] | None = None
        self._stable_since = 0.0
        self.capped = False
        """True when the wait ran to :data:`SETTLE_MS` (the pixels never told)."""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _pixels(self) -> tuple[bytes, ...] | None:
        try:
            return tuple(shots.region_pixels(box) for box in self._boxes)
        except Exception:  # noqa: BLE001 - no way to look: the full wait decides
            return None

    def _poll(self) -> None:
        now = time.monotonic()
        if (now - self._started) * 1000 >= SETTLE_MS:
            self.capped = True
            self._finish()
            return
        if self._before is None:
            return
        pixels = self._pixels()
        if pixels is None or pixels == self._before or pixels != self._last:
            self._last, self._stable_since = pixels, now
            return
        if (now - self._stable_since) * 1000 >= STABLE_MS:
            self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        self._before = self._last = None
        self._settled()

    def restore(self) -> None:
        """Show the hidden windows again (a dialog that closed meanwhile stays gone)."""
        for widget in self.widgets:
            if shiboken6.isValid(widget):
                widget.show()
        self.widgets = []


def _screen_box(widget: QWidget) -> Box:
    """Where ``widget`` with its frame is on the screen, in device pixels."""
    ratio = widget.devicePixelRatioF()
    g = widget.frameGeometry()
    return Box(round(g.x() * ratio), round(g.y() * ratio), max(1, round(g.width() * ratio)),
               max(1, round(g.height() * ratio)))
