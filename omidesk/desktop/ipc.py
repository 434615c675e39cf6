"""One OmiDesk per user session: the running instance listens on a local socket, later
starts hand it their request and exit. Qt (QtNetwork), no widgets.

After qutebrowser's misc/ipc.py: a per-user socket name, one JSON line per message with a
protocol version, and one retry on address-in-use after removing a stale socket left by a
crashed instance. Any local program of this user can write to the socket: what is not a
message is refused with one log line, never raised."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from omidesk.desktop.forward import MAX_LINE, PROTOCOL_VERSION, BadMessage, decode, send

log = logging.getLogger(__name__)


class InstanceServer(QObject):
    """Receives the requests of later `omidesk …` starts (links, clipboard, show)."""

    received = Signal(dict)

    def __init__(
        self, name: str | None, parent: QObject | None = None, *, uid: int | None = None
    ) -> None:
        """`name` from forward.server_name (None: no private folder, so no socket); `uid`
        the user whose running instance this one defers to, by default ours."""
        super().__init__(parent)
        self.name = name
        self._uid = uid
        self._server = QLocalServer(self)
        # Only this user may connect: the socket carries numbers to dial.
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """True when this process is now the instance (reachable or, when no socket can be
        had, alone); False when another one is alive.

        Ask first: with UserAccessOption, Qt creates the socket elsewhere and renames it
        over the path, so listen() would succeed even over a live instance's socket."""
        if self.name is None:
            log.warning("single instance is off: no private folder for its socket")
            return True
        if send({"cmd": "ping"}, self.name, timeout=1.0, uid=self._uid) is not None:
            return False  # a live instance answered: it keeps the socket
        # Nobody answers: no socket, a stale one left by a crash, or another user's, which
        # is sent nothing and must not keep our window from starting. Remove and listen.
        QLocalServer.removeServer(self.name)
        if not self._server.listen(self.name):
            # False would make this start hand its request to nobody and quit: it runs alone.
            log.warning(
                "single instance is off: cannot listen on %s: %s",
                self.name,
                self._server.errorString(),
            )
        return True

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if connection is None:
                return
            self._buffers[connection] = b""
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(lambda c=connection: self._forget(c))
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if connection not in self._buffers:
            return  # answered already: whatever else it sends is not read
        data = self._buffers[connection] + bytes(connection.readAll().data())
        line, newline, _ = data.partition(b"\n")
        if not newline and len(data) <= MAX_LINE:
            self._buffers[connection] = data
            return
        try:
            message = decode(line)
        except BadMessage as error:
            self._refuse(connection, str(error), len(line))
            return
        if message.get("v") != PROTOCOL_VERSION:
            self._refuse(connection, "protocol version", len(line))
            return
        self._answer(connection, {"ok": True})
        if message.get("cmd") != "ping":
            log.info("request from another start: %s", message.get("cmd"))
            self.received.emit(message)

    def _refuse(self, connection: QLocalSocket, reason: str, size: int) -> None:
        # One line saying why, not what was sent: that may be 64 KiB of anything.
        log.warning("refused a message on the instance socket (%d bytes): %s", size, reason)
        self._answer(connection, {"ok": False, "error": reason})

    def _answer(self, connection: QLocalSocket, answer: dict[str, Any]) -> None:
        payload = json.dumps({"v": PROTOCOL_VERSION, **answer}).encode() + b"\n"
        connection.write(payload)
        connection.flush()
        connection.disconnectFromServer()
        self._buffers.pop(connection, None)

    def _forget(self, connection: QLocalSocket) -> None:
        self._buffers.pop(connection, None)
        connection.deleteLater()
