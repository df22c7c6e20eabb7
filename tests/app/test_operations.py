"""Background operations: work off the UI thread, callbacks on it, one error dialog, cancel."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from support_assistant.app.operations import Operation
from support_assistant.core.errors import InputError


def run_and_wait(qtbot, operation: Operation) -> Operation:
    with qtbot.waitSignal(operation.done, timeout=10000):
        operation.run()
    return operation


def test_work_runs_off_the_ui_thread_and_success_runs_on_it(qtbot):
    seen = {}
    main = QThread.currentThread()

    def work(progress):
        seen["work_on_main"] = QThread.currentThread() is main
        progress.update(1, 2, "half")
        return 42

    operation = Operation(None, work).success(
        lambda value: seen.update(result=value, callback_on_main=QThread.currentThread() is main))
    run_and_wait(qtbot, operation)
    assert seen == {"work_on_main": False, "result": 42, "callback_on_main": True}


def test_an_expected_error_goes_to_the_one_error_dialog(qtbot, answers):
    def work(_progress):
        raise InputError("The file /x does not exist.")

    run_and_wait(qtbot, Operation(None, work))
    assert answers.errors() == ["The file /x does not exist."]


def test_an_unexpected_error_shows_a_generic_sentence_not_a_traceback(qtbot, answers):
    run_and_wait(qtbot, Operation(None, lambda _p: 1 / 0))
    [error] = answers.errors()
    assert "ZeroDivisionError" in error and "Traceback" not in error


def test_a_failure_callback_replaces_the_dialog(qtbot, answers):
    caught = []
    run_and_wait(qtbot, Operation(None, lambda _p: 1 / 0).failure(caught.append))
    assert isinstance(caught[0], ZeroDivisionError) and answers.errors() == []


def test_cancel_stops_the_work_without_an_error_dialog(qtbot, answers):
    started = threading.Event()
    cancelled = []

    def work(progress):
        started.set()
        while True:
            progress.check()
            time.sleep(0.01)

    parent = QWidget()
    qtbot.addWidget(parent)
    operation = Operation(parent, work, label="Working…").cancelled(lambda: cancelled.append(1))
    with qtbot.waitSignal(operation.done, timeout=10000):
        operation.run()
        assert started.wait(5)
        operation.cancel()
    assert cancelled == [1] and answers.errors() == []


def test_the_ui_stays_responsive_while_work_runs(qtbot):
    release = threading.Event()
    operation = Operation(None, lambda _p: release.wait(10))
    operation.run()
    ticks = []
    for _ in range(5):
        qtbot.wait(20)  # the event loop keeps turning
        ticks.append(operation.finished)
    release.set()
    qtbot.waitUntil(lambda: operation.finished)
    assert ticks == [False] * 5


def test_closing_the_window_cancels_its_work_and_drops_the_callbacks(qtbot, answers):
    started, stopped = threading.Event(), threading.Event()
    called = []

    def work(progress):
        started.set()
        try:
            while True:
                progress.check()
                progress.update(1, 2, "still here")
                time.sleep(0.01)
        finally:
            stopped.set()

    window = QWidget()
    window.show()
    operation = Operation(window, work, label="Working…").success(called.append) \
        .cancelled(lambda: called.append("cancelled"))
    operation.run()
    assert started.wait(5)
    qtbot.wait(50)  # progress signals queued for the window's dialog
    window.deleteLater()
    qtbot.waitUntil(lambda: operation.orphaned, timeout=5000)
    assert stopped.wait(5)
    qtbot.waitUntil(lambda: operation.finished, timeout=5000)
    assert called == [] and answers.errors() == []


def test_quitting_the_application_stops_and_waits_for_the_background_work(qtbot):
    from support_assistant.app.application import stop_background_work

    started, stopped = threading.Event(), threading.Event()

    def work(progress):
        started.set()
        while not progress.cancelled:
            time.sleep(0.01)
        time.sleep(0.2)  # a step that cannot be interrupted, like one OCR image
        stopped.set()

    Operation(None, work).run()
    assert started.wait(5)
    stop_background_work()  # what aboutToQuit runs
    assert stopped.is_set()
