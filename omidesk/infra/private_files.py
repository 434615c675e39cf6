"""Private files and folders: files 0600 in folders 0700, and what to make of one that is not.

Settings, the key, call history, contacts and logs name the company and its customers:
another account on the same computer must not read (or, for settings, change) them. POSIX
only: on Windows, files in the profile are private through their ACLs and modes do not
apply, so every check here says "fine" there; elsewhere the umask may narrow the modes
further, never widen them."""

from __future__ import annotations

import contextlib
import os
import stat
from enum import StrEnum
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600
DIR_MODE = 0o700


class Trust(StrEnum):
    """What an opened settings or key file may be used for."""

    OK = "ok"
    TIGHTENED = "tightened"  # ours but open to others: made 0600, the agent must be told
    REFUSED = "refused"  # another user's (or ours and cannot be tightened): never used


def check_file(fd: int, *, secret: bool) -> Trust:
    """Whether the open file `fd` may be trusted. Another user's file is refused: whoever
    owns a settings file can point base_url at their own server and collect the key. One of
    ours that others may write (or, for a `secret`, read) is made 0600 first."""
    if not POSIX:
        return Trust.OK
    info = os.fstat(fd)
    if info.st_uid != os.getuid():
        return Trust.REFUSED
    too_open = 0o077 if secret else 0o022
    if not stat.S_IMODE(info.st_mode) & too_open:
        return Trust.OK
    try:
        os.fchmod(fd, FILE_MODE)
    except OSError:
        return Trust.REFUSED
    return Trust.TIGHTENED


def owned_by_someone_else(path: Path) -> bool:
    """Whether `path` exists and belongs to another user (always False off POSIX)."""
    if not POSIX:
        return False
    try:
        return path.stat().st_uid != os.getuid()
    except OSError:
        return False


def make_dir(path: Path) -> None:
    """Creates `path` and its missing parents 0700; an existing folder of ours that others
    may enter is tightened to 0700. Another user's folder is left alone (it cannot be
    changed); raises OSError when the folder cannot be created."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        # mkdir applies the umask, which can only take rights away from 0700.
        directory.mkdir(mode=DIR_MODE, exist_ok=True)
    if not POSIX:
        return
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, DIR_MODE)


def open_file(path: Path, flags: int) -> int:
    """os.open of `path`, created 0600 if it is missing; one that exists readable by others
    (made by an older OmiDesk) is narrowed to 0600 first."""
    narrow(path)
    return os.open(path, flags | os.O_CREAT, FILE_MODE)


def narrow(path: Path) -> None:
    """Takes group and others' access away from an existing file of ours; nothing else."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        # Missing, or not ours to change: its creation (0600) or its owner decides.
        info = path.stat()
        if info.st_mode & 0o077 and info.st_uid == os.geteuid():
            path.chmod(stat.S_IMODE(info.st_mode) & 0o700)
