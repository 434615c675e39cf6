"""Whether the process that left work in the store (a call being placed, an import) still runs."""

from __future__ import annotations

import os
import sys


def alive(pid: int | None) -> bool:
    """False only when `pid` surely runs no more: the work it left may be taken over."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        # No cheap, dependable liveness probe without extra packages: callers rely on age.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
