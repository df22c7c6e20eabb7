"""Runs in its own process on a given X display: the review window captures screens for real.

Used by test_capture_monitors.py (Qt talks to one display per process; the test
tiles the root window with a known pattern first). Puts the review window on the
last monitor, takes screenshots through the window's own capture controller
(monitor 2, monitor 1, the whole desktop, a region picked on the frozen overlay)
and prints the items it made as JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from support_assistant.app import dialogs
from support_assistant.app.application import create_application, stop_background_work
from support_assistant.app.capture import RegionOverlay
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy
from support_assistant.core.report import Report


class Recorder(dialogs.DialogService):
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)

    def information(self, parent, title, text) -> None:  # noqa: ANN001
        pass


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(signal, timeout_ms: int = 20000) -> None:  # noqa: ANN001
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def describe(item) -> dict:  # noqa: ANN001
    return {"payload": str(item.payload), "title": item.title,
            "geometry": item.metadata.get("geometry"),
            "target": item.metadata.get("target"),
            "monitor_index": item.metadata.get("monitor_index")}


def main(root: str) -> int:
    app = create_application()  # noqa: F841 - kept alive until main returns
    recorder = Recorder()
    dialogs.set_service(recorder)
    screens = QGuiApplication.screens()
    report = Report.create(root=Path(root))
    window = ReviewWindow(report, policy.load())
    second = screens[1].geometry() if len(screens) > 1 else screens[0].geometry()
    window.setGeometry(second.x() + 100, second.y() + 100, 900, 700)
    window.show()
    wait(600)
    out: dict = {"screens": [[s.geometry().x(), s.geometry().y(), s.geometry().width(),
                              s.geometry().height()] for s in screens]}
    shots = {}
    for kind, monitor in (("monitor", 2), ("monitor", 1), ("desktop", 0)):
        window.capture.take(kind, monitor, 0)
        wait_for(window.itemsReady)
        shots[f"{kind}{monitor}"] = describe(report.items[-1])
        shots[f"{kind}{monitor}"]["window_visible_after"] = window.isVisible()
    # a region, picked with the keyboard on the frozen overlay: the default selection
    window.capture.take("region", 0, 0)
    for _ in range(100):
        overlay = next((w for w in QApplication.topLevelWidgets()
                        if isinstance(w, RegionOverlay) and w.isVisible()), None)
        if overlay is not None:
            break
        wait(50)
    out["overlay_covers"] = [overlay.geometry().x(), overlay.geometry().y(),
                             overlay.geometry().width(), overlay.geometry().height()]
    out["window_hidden_during_pick"] = not window.isVisible()
    expected_box = overlay.image_box().as_list()
    overlay._finish()
    wait_for(window.itemsReady)
    shots["region"] = describe(report.items[-1])
    shots["region"]["expected_box"] = expected_box
    out["shots"] = shots
    out["errors"] = recorder.errors
    out["items"] = len(report.items)
    print(json.dumps(out), flush=True)
    window.close()
    stop_background_work()  # OCR of the screenshots may still run: the app does this on quit
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
