"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 dropped one reference to
``True`` on every call of a Python slot, so a long session (progress signals, timers) ended
in "Fatal Python error: bool_dealloc" and the tests aborted at exit (pyproject.toml excludes
that version; this test catches a binding with the same fault)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    number = Signal(int)
    flag = Signal(bool)
    bare = Signal()


def test_slot_calls_leave_the_reference_counts_of_true_and_false_alone(qtbot) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.number.connect(lambda value: received.append(value))
    emitter.flag.connect(received.append)
    emitter.bare.connect(lambda: received.append(None))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(500):
        emitter.number.emit(n)
        emitter.flag.emit(n % 2 == 0)
        emitter.bare.emit()
    received.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before

