"""PySide6's look at every module imported after it, made light: the same answer, read
straight from the file, and the text not kept.

PySide6 (shibokensupport.feature) asks of each module imported after it whether its
source mentions "PySide6" (so that `from __feature__ import …` switches only such
modules). It asks through inspect.getsource, which keeps every file's lines in linecache
for the life of the process: ~440 files at OmiDesk's idle, ~10 MiB resident, and ~65 µs
a module of start-up time. The answer does not need the cache: the file's bytes are read,
searched and dropped. Modules without a readable source file (built-in, frozen, embedded)
get PySide6's own answer."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def uses_pyside(module: ModuleType, fallback: Any) -> bool:
    """Whether the module's source text holds "PySide6", as PySide6's own check says."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if isinstance(origin, str) and origin.endswith(".py"):
        try:
            with open(origin, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            pass  # an embedded module's made-up path: PySide6's own way below
    return bool(fallback(module))


def lighten() -> bool:
    """Puts the light check in PySide6's place, once PySide6 is imported. False (nothing
    changed) when this PySide6 has no such check: its own way then stays."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "__module__", None) == __name__:
        return True  # done already

    def check(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    check.__module__ = __name__
    setattr(feature, _CHECK, check)
    return True
