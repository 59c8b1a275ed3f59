"""Guards against Qt binding bugs that would crash a long session rather than fail a test."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    value = Signal(object)
    bare = Signal()


def test_emitting_signals_keeps_python_refcounts(qapp):
    # PySide6 6.12.0 dropped a reference to True on every emit(); after a few thousand emits
    # the interpreter aborted. The app emits on every filter, plan and scene change.
    emitter = _Emitter()
    emitter.value.connect(lambda _v: None)
    emitter.bare.connect(lambda: None)
    counts = [sys.getrefcount(x) for x in (True, False, None)]
    for _ in range(500):
        emitter.value.emit(None)
        emitter.value.emit("text")
        emitter.bare.emit()
    after = [sys.getrefcount(x) for x in (True, False, None)]
    assert all(abs(a - b) < 50 for a, b in zip(after, counts)), (counts, after)
