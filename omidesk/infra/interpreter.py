"""What the interpreter does while long work runs: the GIL handed over quickly, the cyclic
garbage collector paused."""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Iterator

# While several threads are busy, one waiting for the GIL gets it within this time
# (Python's default is 5 ms). A thread calling into SQLite or Qt gives the GIL back for
# the call and waits for it after: next to a thread running pure Python (reading a file),
# which never lets go of it by itself, a dial's store work (a dozen such calls) took
# 55 ms where it takes 0.5 ms alone. A busy thread loses little by switching this often
# (a half millisecond is thousands of bytecodes).
_SWITCH_S = 0.0005

_lock = threading.Lock()
_handing_over = 0  # quick_handover blocks entered and not left
_interval = 0.0  # the switch interval before the first of them
_pausing = 0  # collector_paused blocks entered and not left
_paused = False  # whether the first of them turned the collector off (so the last turns it on)


@contextlib.contextmanager
def quick_handover() -> Iterator[None]:
    """The GIL handed over every _SWITCH_S for as long as this block (or any other
    entered meanwhile, from any thread) runs; as it was once the last one is left."""
    global _handing_over, _interval  # noqa: PLW0603 - one interpreter, one count
    with _lock:
        if _handing_over == 0:
            _interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_interval, _SWITCH_S))
        _handing_over += 1
    try:
        yield
    finally:
        with _lock:
            _handing_over -= 1
            if _handing_over == 0:
                sys.setswitchinterval(_interval)


@contextlib.contextmanager
def collector_paused(*, then_frozen: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector off for as long as this block (or any other
    entered meanwhile, from any thread) runs, then on again if it was on before the
    first. Work creating hundreds of thousands of objects and no cycles (an import) would
    otherwise have it walk them over and over: 5 % of importing 100,000 contacts.

    `then_frozen`, for a command that ends right after the block: what the block made and
    still holds is frozen (gc.freeze) before the collector resumes, which would otherwise
    walk all of it at once, 4-7 ms after a push of 10,000, for objects the command's end
    frees anyway. Never in a process that lives on: a cycle made in the block would then
    never be collected."""
    global _pausing, _paused  # noqa: PLW0603 - one collector for the process, one count
    with _lock:
        if _pausing == 0 and gc.isenabled():
            gc.disable()
            _paused = True
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _paused:
                _paused = False
                if then_frozen:
                    gc.freeze()
                gc.enable()
