"""A window with known pixels for the end-to-end test, in its own process (not ours to hide).

Frameless, at 200,150, 400x300: the left half red, the right half blue, a green
square at its centre. Prints "ready" once it is on screen, then waits for stdin
to close.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

GEOMETRY = QRect(200, 150, 400, 300)
RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)


class Known(QWidget):
    def paintEvent(self, _event) -> None:  # noqa: ANN001
        painter = QPainter(self)
        painter.fillRect(0, 0, 200, 300, QColor(*RED))
        painter.fillRect(200, 0, 200, 300, QColor(*BLUE))
        painter.fillRect(175, 125, 50, 50, QColor(*GREEN))


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = Known()
    window.setWindowFlags(window.windowFlags() | 0x00000800)  # frameless
    window.setGeometry(GEOMETRY)
    window.show()
    QTimer.singleShot(500, lambda: print("ready", flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
