"""Hands a request to the running OmiDesk over its local socket. Stdlib only, no Qt: a
second `omidesk tel:…` must exit within a fraction of a second.

Protocol (shared with desktop/ipc.py): the client sends one JSON object on one line,
`{"v": 1, "cmd": …}`, and the instance answers one line `{"v": 1, "ok": true}` (or
`"ok": false` with an `"error"`) before closing."""

from __future__ import annotations

import json
import os
import socket
import sys
import zlib
from typing import Any

PROTOCOL_VERSION = 1
MAX_LINE = 64 * 1024


def server_name(demo: bool = False) -> str:
    """Per-user, per-profile name of the instance's socket. On Unix an absolute path (so a
    plain AF_UNIX client can reach it); on Windows a named-pipe name."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    home = os.environ.get("OMIDESK_HOME", "")
    # A short stable tag of user and profile; zlib, not hashlib: hashlib loads OpenSSL, and
    # this runs on every forwarded link.
    key = "\0".join((user, home, str(demo))).encode()
    digest = f"{zlib.crc32(key):08x}"
    name = f"omidesk-{digest}{'-demo' if demo else ''}"
    if sys.platform == "win32":
        return name
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(base, name + ".sock")


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps({"v": PROTOCOL_VERSION, **message}, ensure_ascii=False).encode() + b"\n"


def send(message: dict[str, Any], name: str, timeout: float = 2.0) -> dict[str, Any] | None:
    """Delivers `message`; the instance's answer, or None when no instance listens
    (no socket, a stale socket left by a crash, or a peer that does not answer)."""
    try:
        if sys.platform == "win32":
            return _send_pipe(message, name)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(name)
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


def _send_pipe(message: dict[str, Any], name: str) -> dict[str, Any] | None:
    with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
        pipe.write(encode(message))
        return _decode(pipe.readline(MAX_LINE))


def _decode(line: bytes) -> dict[str, Any] | None:
    try:
        answer = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None
