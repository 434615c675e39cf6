"""Whether the process that left work in the store (a call being placed, an import) still runs."""

from __future__ import annotations

import os
import sys

# Windows: the right to ask a process its exit code, the error OpenProcess gives for an id
# no process has, and the exit code of a process still running.
_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_INVALID_PARAMETER = 87
_STILL_ACTIVE = 259


def alive(pid: int | None) -> bool:
    """False only when `pid` surely runs no more: the work it left may be taken over."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _alive_on_windows(pid: int) -> bool:
    # os.kill(pid, 0) would end the process on Windows: ask kernel32 instead (ctypes, no
    # package). Written for Windows and not run on it yet (no such machine here); anything
    # unexpected answers "alive", and the callers then go by the age of the work.
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        kernel32.GetExitCodeProcess.restype = wintypes.BOOL
        kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
        kernel32.CloseHandle.restype = wintypes.BOOL
    except (OSError, AttributeError):
        return True
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # No such process; or one we may not look at (another user's): it runs.
        return ctypes.get_last_error() != _ERROR_INVALID_PARAMETER  # type: ignore[attr-defined]
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        # Ended, its handle still held by someone: not running.
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
