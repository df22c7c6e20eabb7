"""Builders for widget tests: real reports with real payloads, and a dialog service tests answer."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from PIL import Image

from support_assistant.app import dialogs
from support_assistant.app.capture import CaptureDialog
from support_assistant.app.contact import ContactDialog
from support_assistant.app.history_view import HistoryDialog
from support_assistant.app.settings_page import SettingsDialog
from support_assistant.core.items import Finding, Item, ItemKind
from support_assistant.core.report import Report


class AnsweringDialogs(dialogs.DialogService):
    """Records every question and answers from queues instead of opening a dialog."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.confirm_answers: deque[bool] = deque()
        self.file_answers: deque[Path | None] = deque()

    def confirm(self, parent: Any, title: str, text: str, **_: Any) -> bool:
        self.calls.append(("confirm", text))
        return self.confirm_answers.popleft() if self.confirm_answers else False

    def error(self, parent: Any, title: str, text: str) -> None:
        self.calls.append(("error", text))

    def information(self, parent: Any, title: str, text: str) -> None:
        self.calls.append(("information", text))

    def open_file(self, parent: Any, title: str, filter: str = "") -> Path | None:
        self.calls.append(("open_file", title))
        return self.file_answers.popleft() if self.file_answers else None

    def save_file(self, parent: Any, title: str, suggested: str, filter: str = "") -> Path | None:
        self.calls.append(("save_file", suggested))
        return self.file_answers.popleft() if self.file_answers else None

    def errors(self) -> list[str]:
        return [text for kind, text in self.calls if kind == "error"]


LOG_TEXT = (b"2026-11-25 10:00:01 start\n"
            b"2026-11-25 10:00:02 login alice@example.com from 10.1.2.3\n"
            b"2026-11-25 10:00:03 ERROR cannot open /home/alice/data.db\n")


def add_log(report: Report, data: bytes = LOG_TEXT, findings: bool = True) -> Item:
    item_id = report.new_item_id("log")
    path = report.payload_path(item_id, ".log")
    path.write_bytes(data)
    item = report.add(Item.from_file(id=item_id, kind=ItemKind.LOG, title="app.log",
                                     source="logs", payload=path, media_type="text/plain"))
    if findings and data == LOG_TEXT:
        email = data.index(b"alice@example.com")
        ip = data.index(b"10.1.2.3")
        home = data.index(b"/home/alice")
        item.set_findings([
            Finding("f1", "email", "email-1", start=email, end=email + 17,
                    value="alice@example.com"),
            Finding("f2", "ipv4", "ip-1", start=ip, end=ip + 8, value="10.1.2.3"),
            Finding("f3", "user", "user-1", start=home + 6, end=home + 11, value="alice"),
        ])
    return item


def add_screenshot(report: Report, size: tuple[int, int] = (320, 200),
                   colour: tuple[int, int, int] = (30, 120, 200)) -> Item:
    item_id = report.new_item_id("screenshot")
    path = report.payload_path(item_id, ".png")
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 10):  # a pattern so a wrong offset shows
        for y in range(0, size[1], 10):
            image.putpixel((x, y), (255, 255, 255))
    image.save(path)
    return report.add(Item.from_file(id=item_id, kind=ItemKind.SCREENSHOT, title="Screen 1",
                                     source="screenshot", payload=path, media_type="image/png",
                                     metadata={"clean_image": True}))


def show_active(qtbot: Any, widget: Any) -> None:
    """Show ``widget`` and wait until its window is the active one (shortcuts need that)."""
    from PySide6.QtWidgets import QApplication

    widget.show()
    qtbot.waitExposed(widget)
    widget.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=3000)


# The review window's dialogs, made over a window, for tests that walk each of them.
DIALOGS = {
    "contact": lambda window: ContactDialog(window),
    "settings": lambda window: SettingsDialog(window.config, window),
    "history": lambda window: HistoryDialog(window.config, window),
    "capture": lambda window: CaptureDialog([{"left": 0, "top": 0, "width": 10, "height": 10}]
                                            * 3, window),
}
