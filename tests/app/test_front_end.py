"""The window as the workflow's front end: questions from worker threads reach the user."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from support_assistant.app.front_end import QtFrontEnd
from support_assistant.app.operations import Operation
from support_assistant.core import workflow


@dataclass
class Leak:
    message: str


class Sink(QObject):
    said = Signal(str)


def test_confirm_leaks_from_a_worker_waits_for_the_users_answer(qtbot, answers):
    window = QWidget()
    qtbot.addWidget(window)
    answers.confirm_answers.extend([True, False])
    front_end = QtFrontEnd(window)
    answers_seen = []
    for _ in range(2):
        operation = Operation(None, lambda _p: front_end.confirm_leaks(
            [Leak("e-mail in app.log, line 2")]))
        operation.success(answers_seen.append)
        with qtbot.waitSignal(operation.done, timeout=10000):
            operation.run()
    assert answers_seen == [True, False]
    assert "e-mail in app.log, line 2" in answers.calls[0][1]


def test_progress_and_info_reach_the_ui_thread(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    sink = Sink()
    said, steps = [], []
    sink.said.connect(said.append)

    def work(progress):
        front_end = QtFrontEnd(window, progress, sink.said)
        front_end.progress(workflow.SCAN, 1, 2)
        front_end.info("The logs collector failed.")
        return front_end.review(None)

    operation = Operation(None, work)
    operation.progressed.connect(lambda done, total, text: steps.append((done, total, text)))
    with qtbot.waitSignal(operation.done, timeout=10000):
        operation.run()
    assert operation.result is True
    assert steps == [(1, 2, "Looking for personal data…")]
    qtbot.waitUntil(lambda: said == ["The logs collector failed."])
