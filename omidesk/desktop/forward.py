"""Hands a request to the running OmiDesk over its local socket. Stdlib only, no Qt: a
second `omidesk tel:…` must exit within a fraction of a second.

Protocol (shared with desktop/ipc.py): the client sends one JSON object on one line,
`{"v": 1, "cmd": …}`, and the instance answers one line `{"v": 1, "ok": true}` (or
`"ok": false` with an `"error"`) before closing.

The socket carries numbers to dial, so it lives in a folder only this user can enter, and
the client talks only to a server that runs as this user."""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import sys
import zlib
from typing import Any

PROTOCOL_VERSION = 1
MAX_LINE = 64 * 1024
# macOS, FreeBSD and DragonFly tell a socket's peer by getsockopt(SOL_LOCAL, LOCAL_PEERCRED)
# (not in Python's socket module everywhere: the values from <sys/un.h>). NetBSD's option 1 is
# another one, so it is not asked there.
_XUCRED_SYSTEMS = ("darwin", "freebsd", "dragonfly")
_SOL_LOCAL = 0
_LOCAL_PEERCRED = getattr(socket, "LOCAL_PEERCRED", 1)


class BadMessage(ValueError):
    """A line that is not one protocol message; its text says why (for a log line)."""


def server_name(demo: bool = False) -> str | None:
    """Per-user, per-profile name of the instance's socket. On Unix an absolute path (so a
    plain AF_UNIX client can reach it) in a private folder, or None when no private folder
    can be had (then no instance can be reached, and none listens); on Windows a named-pipe
    name."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    home = os.environ.get("OMIDESK_HOME", "")
    # A short stable tag of user and profile; zlib, not hashlib: hashlib loads OpenSSL, and
    # this runs on every forwarded link.
    key = "\0".join((user, home, str(demo))).encode()
    digest = f"{zlib.crc32(key):08x}"
    name = f"omidesk-{digest}{'-demo' if demo else ''}"
    if sys.platform == "win32":
        return name
    folder = socket_folder()
    return None if folder is None else os.path.join(folder, name + ".sock")


def socket_folder() -> str | None:
    """A folder that only this user can enter, for the socket: the session's runtime dir,
    else a per-user folder in the temporary dir, else one in our data dir. Another local user
    can create the temporary one first (its name is predictable) and would then receive every
    link and keep the window from starting: a folder that fails the check is not used."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        if is_private(runtime):
            return runtime
        _warn(f"not putting the OmiDesk socket in {runtime}: not a folder of yours alone")
    base = os.environ.get("TMPDIR") or "/tmp"
    shared = os.path.join(base, f"omidesk-{os.getuid()}")
    if _make_private(shared):
        return shared
    _warn(f"not using {shared}: not a folder of yours alone (made by someone else?)")
    # Only on this unusual path: the data dir may need platformdirs, too heavy for every link.
    from omidesk.infra.paths import default_paths  # noqa: PLC0415

    own = str(default_paths().data_dir / "run")
    if _make_private(own, parents=True):
        return own
    _warn(f"single instance is off: {own} is not a folder of yours alone")
    return None


def is_private(folder: str) -> bool:
    """A real folder (not a link to one), ours, closed to group and others."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def _make_private(folder: str, parents: bool = False) -> bool:
    """Creates `folder` closed to others if missing; True when it is private (whoever made
    it: a folder made by someone else, or opened up, is refused, never repaired)."""
    try:
        if parents:
            os.makedirs(os.path.dirname(folder), exist_ok=True)
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    return is_private(folder)


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps({"v": PROTOCOL_VERSION, **message}, ensure_ascii=False).encode() + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    """One protocol line (without its newline) as a JSON object; BadMessage says why not."""
    if len(line) > MAX_LINE:
        raise BadMessage(f"longer than {MAX_LINE} bytes")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise BadMessage("not UTF-8") from None
    try:
        value = json.loads(text)
    except RecursionError:
        # Not a ValueError: thousands of nested brackets would otherwise escape as a bug.
        raise BadMessage("nested too deeply") from None
    except ValueError:
        raise BadMessage("not JSON") from None
    if not isinstance(value, dict):
        raise BadMessage("not a JSON object")
    return value


def send(
    message: dict[str, Any], name: str, timeout: float = 2.0, *, uid: int | None = None
) -> dict[str, Any] | None:
    """Delivers `message`; the instance's answer, or None when no instance listens (no
    socket, a stale socket left by a crash, a peer that does not answer, or a server run by
    another user than `uid`, by default ours: it is sent nothing)."""
    try:
        if sys.platform == "win32":
            return _send_pipe(message, name)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(name)
            expected = os.getuid() if uid is None else uid
            owner = peer_uid(sock)
            if owner is not None and owner != expected:
                _warn(f"not talking to {name}: it is served by user {owner}, not by {expected}")
                return None
            sock.sendall(encode(message))
            answer = b""
            while not answer.endswith(b"\n") and len(answer) < MAX_LINE:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
    except OSError:
        return None
    return _decode(answer)


def peer_uid(sock: socket.socket) -> int | None:
    """The user id of the process behind a connected AF_UNIX socket; None where the system
    cannot tell (then the private folder alone vouches for it)."""
    try:
        if hasattr(socket, "SO_PEERCRED"):
            creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            if sys.platform.startswith("openbsd"):
                owner, _gid, _pid = struct.unpack("IIi", creds)  # struct sockpeercred
            else:
                _pid, owner, _gid = struct.unpack("iII", creds)  # struct ucred
            return int(owner)
        if sys.platform.startswith(_XUCRED_SYSTEMS):
            # A struct xucred: its layout version (0), then the peer's effective uid. The
            # buffer is generous; the kernel fills what it has.
            creds = sock.getsockopt(_SOL_LOCAL, _LOCAL_PEERCRED, 128)
            version, owner = struct.unpack_from("=2I", creds)
            return int(owner) if version == 0 else None
    except (OSError, struct.error):
        return None
    return None


def _send_pipe(message: dict[str, Any], name: str) -> dict[str, Any] | None:
    with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
        pipe.write(encode(message))
        return _decode(pipe.readline(MAX_LINE))


def _decode(line: bytes) -> dict[str, Any] | None:
    try:
        return decode(line.rstrip(b"\n"))
    except BadMessage:
        return None


def _warn(text: str) -> None:
    """One line for the log (stderr when none is set up). logging is loaded only here: the
    forwarding path of every link does without it."""
    import logging  # noqa: PLC0415

    logging.getLogger(__name__).warning("%s", text)
