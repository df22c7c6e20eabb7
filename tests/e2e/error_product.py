"""A product that shows an error, in its own process, and calls ``support-assistant report``.

Frameless, at 300,200, 640x160: white, with a black error text. Prints
``ready WINDOW_ID`` once on screen; then each stdin line ``report PRODUCT SCREENSHOT``
runs the command (``window`` stands for this window's X11 id) and prints
``reported EXIT_CODE SECONDS``.
"""

from __future__ import annotations

import subprocess
import sys
import time

from PySide6.QtCore import QRect, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QWidget

GEOMETRY = QRect(300, 200, 640, 160)
TEXT = "Error 42: the disk is on fire"


class ErrorWindow(QWidget):
    def paintEvent(self, _event) -> None:  # noqa: ANN001
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont("DejaVu Sans")
        font.setPixelSize(36)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("black"))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, TEXT)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = ErrorWindow()
    window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint)
    window.setGeometry(GEOMETRY)
    window.show()

    def command() -> None:
        line = sys.stdin.readline().split()
        if not line:
            app.quit()
            return
        _, product, screenshot = line
        if screenshot == "window":
            screenshot = f"window:{int(window.winId())}"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "support_assistant", "report", "--product",
                               product, "--error-message", TEXT, "--screenshot", screenshot],
                              stdout=subprocess.DEVNULL, check=False)
        print(f"reported {done.returncode} {time.perf_counter() - started:.3f}", flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    QTimer.singleShot(500, lambda: print(f"ready {int(window.winId())}", flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
