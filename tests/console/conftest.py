"""Fixtures of the console tests: dialogs the test answers, real bundles, a real intake."""

from __future__ import annotations

import sys
from collections import deque
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))

from intake_harness import intake_factory, intake_server  # noqa: E402, F401

from support_assistant.app import dialogs  # noqa: E402


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


@pytest.fixture(autouse=True)
def answers() -> AnsweringDialogs:
    """Every console test answers dialogs itself: a real modal box would block the test."""
    service = AnsweringDialogs()
    previous = dialogs.set_service(service)
    yield service
    dialogs.set_service(previous)
