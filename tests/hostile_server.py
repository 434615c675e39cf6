"""A hostile HTTP server for the tests: answers like a broken or malicious OMICall would.

Plain sockets on 127.0.0.1 (random port), one thread per connection, one request per
connection (`Connection: close`). Each path answers with an `Answer` the test chooses: an
endless chunked body, a huge Content-Length trickled out, JSON nested 100,000 deep, a token
with CR/LF... and the server reports how many body bytes it managed to send before the
client hung up, so a test can prove the client stopped reading at its cap."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

AUTH = "/api/auth"
CLICK2CALL = "/api/click2call"
HOTLINES = "/api/call_center/hotline/list"
GOOD_TOKEN = "hostile.token-0001"
# The server's own socket buffer is kept small, so that what it counts as sent is close to
# what the client actually received.
_SEND_BUFFER = 64 * 1024
_CHUNK = 64 * 1024
# An endless body stops growing here and the connection then just stays open: enough to
# tell a client that read everything from one that stopped at its cap, without filling
# the test machine's memory when the client is the one being fixed.
ENDLESS_CEILING = 64 * 1024 * 1024
_MAX_HEAD = 1 << 20


def envelope(payload: Any = None, *, status_code: Any = 9999, message: Any = "success") -> bytes:
    """OMICall's JSON envelope; control characters go out JSON-escaped, as a server sends them."""
    return json.dumps(
        {
            "status_code": status_code,
            "instance_id": "hostile",
            "message": message,
            "payload": payload,
        }
    ).encode()


def token_answer(token: str) -> Answer:
    return Answer(envelope({"access_token": token, "token_type": "Bearer"}))


def nested_json(depth: int = 100_000) -> bytes:
    """A success envelope whose payload is `depth` arrays deep: valid JSON that no
    recursive parser gets through."""
    return b'{"status_code": 9999, "payload": ' + b"[" * depth + b"]" * depth + b"}"


@dataclass(frozen=True)
class Answer:
    """What the server sends on one path."""

    body: bytes = b""
    status: int = 200
    endless: bool = False  # a chunked body that never ends
    declared_length: int | None = None  # announced, then trickled out 1 KiB at a time
    delay_s: float = 0.0  # waits this long before answering (stop() ends the wait)


@dataclass
class Exchange:
    """One request the server received, and what became of its answer."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    sent: int = 0  # body bytes written to the socket
    closed_by_client: bool = False  # the client hung up while the body was still going
    done: bool = False

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class HostileServer:
    answers: dict[str, Answer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        defaults = {
            AUTH: token_answer(GOOD_TOKEN),
            CLICK2CALL: Answer(envelope({"call_uuid": "b4dae7fe-9d09-4491-918f-2b391fd5feef"})),
            HOTLINES: Answer(envelope(["02877788056"])),
        }
        self.answers = {**defaults, **self.answers}
        self._exchanges: list[Exchange] = []
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []

    # --- lifecycle ------------------------------------------------------------------------

    def __enter__(self) -> Self:
        thread = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        # Wakes accept(): a connection to ourselves.
        with contextlib.suppress(OSError), socket.create_connection(self._listener.getsockname()):
            pass
        self._listener.close()
        for thread in list(self._threads):
            thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    # --- what happened --------------------------------------------------------------------

    @property
    def exchanges(self) -> list[Exchange]:
        with self._changed:
            return list(self._exchanges)

    def on(self, path: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.path == path]

    def wait_for(self, predicate: Callable[[list[Exchange]], bool], timeout: float = 30.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: predicate(list(self._exchanges)), timeout)

    def finished(self, path: str, timeout: float = 30.0) -> Exchange:
        """The first exchange on `path`, once its answer has ended (sent, or cut by the client)."""
        assert self.wait_for(lambda ex: any(e.path == path and e.done for e in ex), timeout)
        return next(e for e in self.exchanges if e.path == path)

    # --- serving --------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            if self._stopping.is_set():
                conn.close()
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER)
            exchange = self._read(conn)
            if exchange is None:
                return
            with self._changed:
                self._exchanges.append(exchange)
                self._changed.notify_all()
            answer = self.answers.get(exchange.path, Answer(envelope(None, status_code=-9999), 404))
            try:
                self._answer(conn, exchange, answer)
            except OSError:
                exchange.closed_by_client = True
            with self._changed:
                exchange.done = True
                self._changed.notify_all()

    def _read(self, conn: socket.socket) -> Exchange | None:
        data = b""
        while b"\r\n\r\n" not in data:
            piece = conn.recv(65536)
            if not piece or len(data) > _MAX_HEAD:
                return None
            data += piece
        head, _, body = data.partition(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            piece = conn.recv(65536)
            if not piece:
                return None
            body += piece
        return Exchange(method, target.split("?", 1)[0], headers, body)

    def _answer(self, conn: socket.socket, exchange: Exchange, answer: Answer) -> None:
        if answer.delay_s and self._stopping.wait(answer.delay_s):
            return
        head = f"HTTP/1.1 {answer.status} Hostile\r\nContent-Type: application/json\r\n"
        head += "Connection: close\r\n"
        if answer.endless:
            conn.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
            self._endless(conn, exchange)
        elif answer.declared_length is not None:
            conn.sendall((head + f"Content-Length: {answer.declared_length}\r\n\r\n").encode())
            self._trickle(conn, exchange, answer.declared_length)
        else:
            conn.sendall((head + f"Content-Length: {len(answer.body)}\r\n\r\n").encode())
            conn.sendall(answer.body)
            exchange.sent = len(answer.body)

    def _endless(self, conn: socket.socket, exchange: Exchange) -> None:
        # It starts like a real answer, and never ends.
        start = b'{"status_code": 9999, "payload": {"call_uuid": "'
        conn.sendall(b"%x\r\n%s\r\n" % (len(start), start))
        exchange.sent = len(start)
        chunk = b"%x\r\n%s\r\n" % (_CHUNK, b"a" * _CHUNK)
        while not self._stopping.is_set() and exchange.sent < ENDLESS_CEILING:
            conn.sendall(chunk)
            exchange.sent += _CHUNK
        self._until_closed(conn, exchange)

    def _trickle(self, conn: socket.socket, exchange: Exchange, length: int) -> None:
        piece = b" " * 1024
        while exchange.sent < length and not self._stopping.wait(0.05):
            conn.sendall(piece)
            exchange.sent += len(piece)

    def _until_closed(self, conn: socket.socket, exchange: Exchange) -> None:
        """Keeps the connection open, sending nothing, until the client hangs up."""
        conn.settimeout(0.05)
        while not self._stopping.is_set():
            try:
                if not conn.recv(65536):
                    exchange.closed_by_client = True
                    return
            except TimeoutError:
                continue
