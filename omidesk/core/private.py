"""Files only their owner may read: created 0600, in folders created 0700 ("Fail closed").

Call history, contacts and logs name the agent's customers: another account on the same
computer must not read them. Windows ignores these modes (its folders are private by
their ACLs); on POSIX the umask may narrow them further, never widen them."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """Creates `folder` and the parents it lacks, each 0700 (Path.mkdir gives parents the
    default mode). A folder that exists is left as it is: its owner chose its mode."""
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        with contextlib.suppress(FileExistsError):
            candidate.mkdir(mode=FOLDER_MODE)


def open_file(path: Path, flags: int) -> int:
    """os.open of `path`, created 0600 if it is missing; one that exists readable by others
    (made by an older OmiDesk) is narrowed to 0600 first."""
    narrow(path)
    return os.open(path, flags | os.O_CREAT, FILE_MODE)


def narrow(path: Path) -> None:
    """Takes group and others' access away from an existing file of ours; nothing else."""
    if os.name != "posix":
        return
    try:
        info = path.stat()
        if info.st_mode & 0o077 and info.st_uid == os.geteuid():
            path.chmod(stat.S_IMODE(info.st_mode) & 0o700)
    except OSError:
        # Missing, or not ours to change: its creation (0600) or its owner decides.
        pass
