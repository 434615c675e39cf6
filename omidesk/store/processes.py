"""Whether the process that left work in the store (a call being placed, an import) still runs."""

from __future__ import annotations

import os
import sys
from typing import Any

# Windows: the right to ask a process its exit code, the error OpenProcess gives for an id
# no process has, and the exit code of a process still running.
_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_INVALID_PARAMETER = 87
_STILL_ACTIVE = 259
# A start time is computed from the time of boot, which the system gives in whole seconds
# (and which moves with the clock): a process this close after its work's time may be its
# owner. Erring that way keeps a live call's record, and the ten-minute rule still holds.
_CLOCK_SLACK_S = 1.0
# Windows counts time in 100 ns steps from 1601; Unix in seconds from 1970.
_FILETIME_PER_S = 10_000_000
_FILETIME_AT_1970 = 116_444_736_000_000_000


def owns(pid: int | None, since: float) -> bool:
    """Whether the work process `pid` wrote at `since` (Unix time) is still its own: that
    process runs, and is the one that wrote it. A process with the same id started after
    then reused the id of one that ended. Without a start time (unknown system, denied),
    running is enough, and callers still go by the age of the work."""
    if not alive(pid):
        return False
    assert pid is not None
    if pid == os.getpid():
        return True
    started = started_at(pid)
    return started is None or started <= since + _CLOCK_SLACK_S


def started_at(pid: int) -> float | None:
    """When process `pid` started (Unix time), or None when the system does not say."""
    if sys.platform.startswith("linux"):
        return _started_on_linux(pid)
    if sys.platform == "win32":
        return _started_on_windows(pid)
    return None


def _started_on_linux(pid: int) -> float | None:
    # /proc/<pid>/stat, field 22: clock ticks from boot to the start. The fields are
    # counted after the name in brackets, which may hold spaces and brackets itself.
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])
        boot = _boot_time()
        per_second = os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None
    return None if boot is None else boot + ticks / per_second


def _boot_time() -> float | None:
    with open("/proc/stat", "rb") as stat:
        for line in stat:
            if line.startswith(b"btime "):
                return float(line.split()[1])
    return None


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


def _kernel32() -> Any:
    """kernel32's functions these need, typed (ctypes, no package); None if unavailable."""
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    try:
        # typeshed declares WinDLL for Windows only, and mypy checks as Linux.
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows-only stub
        kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        kernel32.GetExitCodeProcess.restype = wintypes.BOOL
        filetime = ctypes.POINTER(wintypes.FILETIME)
        kernel32.GetProcessTimes.argtypes = (
            wintypes.HANDLE,
            filetime,
            filetime,
            filetime,
            filetime,
        )
        kernel32.GetProcessTimes.restype = wintypes.BOOL
        kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
        kernel32.CloseHandle.restype = wintypes.BOOL
    except (OSError, AttributeError):
        return None
    return kernel32


def _started_on_windows(pid: int) -> float | None:
    # Written for Windows and not run on it yet (no such machine here): anything
    # unexpected answers "not known", and the callers go by the age of the work.
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    kernel32 = _kernel32()
    if kernel32 is None:
        return None
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return None
    try:
        created, ended, kernel, user = (wintypes.FILETIME() for _ in range(4))
        if not kernel32.GetProcessTimes(
            handle,
            ctypes.byref(created),
            ctypes.byref(ended),
            ctypes.byref(kernel),
            ctypes.byref(user),
        ):
            return None
        steps = (created.dwHighDateTime << 32) | created.dwLowDateTime
        return (steps - _FILETIME_AT_1970) / _FILETIME_PER_S
    finally:
        kernel32.CloseHandle(handle)


def _alive_on_windows(pid: int) -> bool:
    # os.kill(pid, 0) would end the process on Windows: ask kernel32 instead. Written for
    # Windows and not run on it yet (no such machine here); anything unexpected answers
    # "alive", and the callers then go by the age of the work.
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    kernel32 = _kernel32()
    if kernel32 is None:
        return True
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # No such process; or one we may not look at (another user's): it runs.
        # typeshed declares get_last_error for Windows only, and mypy checks as Linux.
        last_error: int = ctypes.get_last_error()  # type: ignore[attr-defined]  # Windows-only stub
        return last_error != _ERROR_INVALID_PARAMETER
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        # Ended, its handle still held by someone: not running.
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
