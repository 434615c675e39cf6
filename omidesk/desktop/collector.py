"""Python's cyclic garbage collector run from the Qt thread only, on a timer."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# Python collects cycles in whichever thread happens to allocate when a threshold is
# crossed: a store call offloaded to a worker thread could then destroy a widget, a timer
# or a model left in a cycle, from that thread. Qt objects must die on their own thread:
# "Timers cannot be stopped from another thread" at best, a segfault at worst. So the
# automatic collector is off while the window runs, and the same thresholds are checked
# here, on the Qt thread, a few times a second (the pattern PyQt applications such as
# qutebrowser use).
_INTERVAL_MS = 250


class QtThreadCollector(QObject):
    """Turns the automatic collector off and collects on the Qt thread instead, each
    generation when its count passes the threshold Python itself would have used."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count is over its threshold (and so the
        younger ones with it), as Python's automatic collector does."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            threshold = self._thresholds[generation]
            if threshold and counts[generation] > threshold:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Back to Python's automatic collector (as it was before), after one full
        collection here, on the Qt thread."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
