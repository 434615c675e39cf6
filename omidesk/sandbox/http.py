"""The sandbox's HTTP plumbing: a threaded HTTP/1.1 server on loopback that hands each request,
read whole, to its host and writes the host's reply in one piece (or drops the connection)."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import time
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from omidesk.sandbox.envelope import envelope
from omidesk.sandbox.exchange import Reply

_PHRASES: dict[int, str] = {s.value: s.phrase for s in HTTPStatus}


class Host(Protocol):
    """What the server needs of the sandbox: answers, and connection bookkeeping."""

    def handle(
        self,
        method: str,
        target: str,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        received_at: float,
    ) -> Reply | None: ...

    def connection_opened(self, conn: Any) -> None: ...

    def connection_closed(self, conn: Any) -> None: ...


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # Never share the port with another listener: "port in use" must be an error.
    allow_reuse_port = False

    def __init__(self, sandbox: Host, address: tuple[str, int]) -> None:
        self.sandbox = sandbox
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can take seconds on a
        # machine with slow DNS; the sandbox has no use for it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.sandbox.connection_opened(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        try:
            super().shutdown_request(request)
        finally:
            self.sandbox.connection_closed(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-request are normal (timeouts, cancelled calls, stop());
        # routing bugs never get here, _handle turns them into a 500 answer.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server
    _received_at: float = 0.0

    def setup(self) -> None:
        super().setup()
        # Every answer is one write, but keep Nagle from delaying it behind a delayed ACK.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def parse_request(self) -> bool:
        self._received_at = time.perf_counter()
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the stdlib's per-request stderr log."""

    def _serve(self) -> None:
        body = self._read_body()
        if body is None:
            return
        reply = self.server.sandbox.handle(
            self.command, self.path, self.headers.items(), body, self._received_at
        )
        if reply is None:
            self._drop()
        else:
            self._write(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _serve

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
            if size < 0:
                raise ValueError(length)
        except ValueError:
            self.close_connection = True
            self._write(envelope(False, "bad_content_length", None, 400))
            return None
        return self.rfile.read(size) if size else b""

    def _read_chunked(self) -> bytes | None:
        parts: list[bytes] = []
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                self._write(envelope(False, "bad_chunked_body", None, 400))
                return None
            if size == 0:
                # Trailer section ends with an empty line.
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _write(self, reply: Reply) -> None:
        head = (
            f"HTTP/1.1 {reply.status} {_PHRASES.get(reply.status, '')}\r\n"
            f"Server: omidesk-sandbox\r\nDate: {self.date_time_string()}\r\n"
            f"Content-Type: {reply.content_type}\r\nContent-Length: {len(reply.body)}\r\n"
        )
        if self.close_connection:
            head += "Connection: close\r\n"
        body = b"" if self.command == "HEAD" else reply.body
        # One write: headers and body leave in one segment.
        self.wfile.write((head + "\r\n").encode("latin-1") + body)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
