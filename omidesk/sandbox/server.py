"""A loopback HTTP server that answers like OMICall for the endpoints OmiDesk uses."""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import selectors
import socket
import socketserver
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from omidesk.sandbox.scenarios import ERROR_MESSAGES, Scenario, scenario_for

DEFAULT_API_KEY = "demo-api-key-0001"

_JSON = "application/json; charset=utf-8"
_PHRASES: dict[int, str] = {s.value: s.phrase for s in HTTPStatus}
_TENANT_NAME = "Công ty Demo OmiDesk"
# A fixed date (2030-01-01 UTC) keeps tenant/detail answers byte-for-byte reproducible.
_HOTLINE_EXPIRE_MS = 1_893_456_000_000
_HTML_500 = (
    b"<html><head><title>500 Internal Server Error</title></head><body><center>"
    b"<h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>"
)
# What a proxy cutting the answer short would leave: valid start, no end.
_TRUNCATED_JSON = b'{"status_code": 9999, "instance_id": "sandbox", "payload": {"call_uuid": "'
_TOKEN_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
_DRAIN_S = 0.5
_CLICK2CALL = "/api/click2call"
_AUTH = "/api/auth"
_HOTLINES = "/api/call_center/hotline/list"
_TENANT = "/api/tenant/detail"
_ROUTES: dict[str, str] = {_AUTH: "GET", _CLICK2CALL: "POST", _HOTLINES: "GET", _TENANT: "GET"}
_FIELDS = ("extension", "hotline", "phone_number")


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the sandbox received it (header names lower-cased)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any | None
    received_at: float  # time.perf_counter() when the request line was read


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = _JSON


@dataclass(slots=True)
class _Token:
    expires_at: float  # on Sandbox.clock
    serial: int


def _envelope(
    ok: bool, message: str | None, payload: Any, status: int = 200, *, has_message: bool = True
) -> _Reply:
    env: dict[str, Any] = {
        "status_code": 9999 if ok else -9999,
        "instance_id": "sandbox",
        "instance_version": "omidesk-sandbox",
    }
    if has_message:
        env["message"] = message
    env["payload"] = payload
    env["key_enabled"] = False
    body = json.dumps(env, ensure_ascii=False, separators=(",", ":")).encode()
    return _Reply(status, body)


def _fail(code: str, message: str | None = None, status: int = 200) -> _Reply:
    """The click2call-style failure: the code in both `message` and `payload.error`."""
    payload = {"status": "fail", "error": code, "message": message or ERROR_MESSAGES[code]}
    return _envelope(False, code, payload, status)


def _new_token() -> str:
    claims = json.dumps({"iss": "omidesk-sandbox", "jti": secrets.token_hex(8)}).encode()
    body = base64.urlsafe_b64encode(claims).rstrip(b"=").decode()
    return f"{_TOKEN_HEADER}.{body}.{secrets.token_urlsafe(32)}"


def _hotline_key(hotline: str) -> str:
    # OMICall shows hotlines both as 842877788056 and 02877788056.
    return "0" + hotline[2:] if hotline.startswith("84") else hotline


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Never share the port with another listener: "port in use" must be an error.
    allow_reuse_port = False

    def __init__(self, sandbox: Sandbox, address: tuple[str, int]) -> None:
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
        self.sandbox._connection_opened(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        try:
            super().shutdown_request(request)
        finally:
            self.sandbox._connection_closed(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-request are normal (timeouts, cancelled calls, stop());
        # routing bugs never get here, _handle turns them into a 500 answer.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
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
        reply = self.server.sandbox._handle(
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
            self._write(_envelope(False, "bad_content_length", None, 400))
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
                self._write(_envelope(False, "bad_chunked_body", None, 400))
                return None
            if size == 0:
                # Trailer section ends with an empty line.
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _write(self, reply: _Reply) -> None:
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


class Sandbox:
    """A fake OMICall on loopback; see omidesk.sandbox.scenarios for the scenario numbers."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = DEFAULT_API_KEY,
        token_lifetime_s: float = 86400.0,
        slow_seconds: float = 30.0,
        extensions: Sequence[str] = ("101", "102", "103"),
        hotlines: Sequence[str] = ("02877788056", "02873008888"),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._host = host
        # Ages tokens (tests move it forward a day instead of waiting one).
        self.clock = clock
        self._port = port
        self._api_key = api_key
        self._token_lifetime_s = token_lifetime_s
        self.slow_seconds = slow_seconds
        self._extensions = tuple(extensions)
        self._hotlines = tuple(hotlines)
        self._hotline_keys = frozenset(_hotline_key(h) for h in self._hotlines)

        self._requests: list[RecordedRequest] = []
        self._requests_cond = threading.Condition()
        self._lock = threading.Lock()  # guards tokens and scenario state
        self._tokens: dict[str, _Token] = {}
        self._token_serial = 0
        # token_expired_once: tokens with a serial at or above this were issued after the
        # scenario fired, so they succeed (None: it has not fired yet).
        self._expired_once_serial: int | None = None

        self._conns: set[Any] = set()
        self._conns_cond = threading.Condition()
        self._connections_accepted = 0

        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._bound_port = port
        self._started = False
        self._life_lock = threading.Lock()

    # ----- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind and serve in a daemon thread; raises OSError if the port is taken."""
        with self._life_lock:
            if self._started:
                raise RuntimeError("a Sandbox can be started only once")
            self._started = True
            server = _Server(self, (self._host, self._port))
            self._server = server
        self._bound_port = server.server_port
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(
            target=self._accept_loop,
            args=(server, self._wake_r),
            name=f"omidesk-sandbox:{self._bound_port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def _accept_loop(self, server: _Server, wake: socket.socket) -> None:
        # Our own loop instead of serve_forever: its shutdown() only notices after a poll
        # interval, while a byte on the wake socket ends this loop at once.
        with selectors.DefaultSelector() as selector:
            selector.register(server.socket, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is server.socket and not self._stopping.is_set():
                        server._handle_request_noblock()

    def stop(self) -> None:
        """Stop serving and close every socket; safe to call twice, never waits on a slow reply."""
        with self._life_lock:
            server, self._server = self._server, None
        if server is None:
            return
        # Wakes slow requests too: they drop their reply instead of answering late.
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout=_DRAIN_S)
        server.server_close()
        self._wake_r.close()
        self._wake_w.close()
        with self._conns_cond:
            for conn in self._conns:
                # Wakes handler threads idling on keep-alive connections.
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            self._conns_cond.wait_for(lambda: not self._conns, timeout=_DRAIN_S)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ----- public state ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if not self._started:
            raise RuntimeError("the Sandbox is not started")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    @property
    def port(self) -> int:
        return self._bound_port

    @property
    def api_key(self) -> str:
        return self._api_key

    @property
    def extensions(self) -> tuple[str, ...]:
        return self._extensions

    @property
    def hotlines(self) -> tuple[str, ...]:
        return self._hotlines

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted so far (lets tests check keep-alive reuse)."""
        return self._connections_accepted

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._requests_cond:
            return list(self._requests)

    def click2calls(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "POST" and r.path == _CLICK2CALL]

    def auths(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == _AUTH]

    def clear(self) -> None:
        """Forget the recorded requests (tokens and scenario state are kept)."""
        with self._requests_cond:
            self._requests.clear()

    def wait_for(
        self, predicate: Callable[[list[RecordedRequest]], bool], timeout: float = 5.0
    ) -> bool:
        """Block until `predicate(requests)` holds; False if it still does not after `timeout`."""
        with self._requests_cond:
            return self._requests_cond.wait_for(lambda: predicate(list(self._requests)), timeout)

    def expire_tokens(self) -> None:
        """Make every token issued so far expired."""
        with self._lock:
            for token in self._tokens.values():
                token.expires_at = 0.0

    # ----- connection bookkeeping (called by _Server) ----------------------------------------

    def _connection_opened(self, conn: Any) -> None:
        with self._conns_cond:
            self._conns.add(conn)
            self._connections_accepted += 1

    def _connection_closed(self, conn: Any) -> None:
        with self._conns_cond:
            self._conns.discard(conn)
            self._conns_cond.notify_all()

    # ----- request handling ------------------------------------------------------------------

    def _handle(
        self,
        method: str,
        target: str,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        received_at: float,
    ) -> _Reply | None:
        """Record the request, then answer it; None means close the connection unanswered."""
        try:
            parts = urlsplit(target)
            parsed: Any | None = None
            if body:
                with contextlib.suppress(ValueError):
                    parsed = json.loads(body)
            request = RecordedRequest(
                method=method,
                path=parts.path,
                query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                headers={k.lower(): v for k, v in headers},
                body=body,
                json=parsed,
                received_at=received_at,
            )
            with self._requests_cond:
                self._requests.append(request)
                self._requests_cond.notify_all()
            return self._route(request)
        except Exception:
            return _envelope(False, "sandbox_error", None, 500)

    def _route(self, req: RecordedRequest) -> _Reply | None:
        allowed = _ROUTES.get(req.path)
        if allowed is None:
            return _envelope(False, "not_found", None, 404)
        if req.method != allowed:
            return _envelope(False, "method_not_allowed", None, 405)
        if req.path == _AUTH:
            return self._auth(req)
        token, denied = self._bearer(req)
        if denied is not None:
            return denied
        if req.path == _CLICK2CALL:
            return self._click2call(req, token)
        if req.path == _HOTLINES:
            return self._hotline_list(req)
        return self._tenant_detail()

    def _auth(self, req: RecordedRequest) -> _Reply:
        key = req.query.get("apiKey", "")
        if not key:
            return _envelope(False, "api_key_is_required", None)
        if not secrets.compare_digest(key.encode(), self._api_key.encode()):
            return _envelope(False, "api_key_invalid", None)
        token = _new_token()
        with self._lock:
            self._token_serial += 1
            self._tokens[token] = _Token(self.clock() + self._token_lifetime_s, self._token_serial)
        payload = {"access_token": token, "token_type": "Bearer", "access_type": "normal"}
        return _envelope(True, "success", payload)

    def _bearer(self, req: RecordedRequest) -> tuple[str, _Reply | None]:
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return "", _envelope(False, "unauthorized", None, 401)
        with self._lock:
            entry = self._tokens.get(token)
            if entry is not None and entry.expires_at <= self.clock():
                del self._tokens[token]
                entry = None
        if entry is None:
            return token, _fail("token_expired", status=401)
        return token, None

    def _click2call(self, req: RecordedRequest, token: str) -> _Reply | None:
        if not req.body:
            return _envelope(False, "request_body_required", None)
        data = req.json
        if not isinstance(data, dict) or not all(
            isinstance(data.get(f), str) and data[f] for f in _FIELDS
        ):
            return _fail("data_is_required")
        if data["extension"] not in self._extensions:
            return _fail("extension_invalid")
        if _hotline_key(data["hotline"]) not in self._hotline_keys:
            return _fail("number_call_out_invalid")
        scenario = scenario_for(data["phone_number"])
        if scenario is None:
            return _envelope(True, "success", {"call_uuid": str(uuid.uuid4())})
        return self._scenario(scenario, token)

    def _scenario(self, scenario: Scenario, token: str) -> _Reply | None:
        if scenario.error is not None:
            return _fail(scenario.error, scenario.message)
        name = scenario.name
        if name == "no_code":
            return _envelope(False, None, {"status": "fail"}, has_message=False)
        if name == "slow":
            # Event.wait, not time.sleep: stop() interrupts it and the reply is dropped.
            if self._stopping.wait(self.slow_seconds):
                return None
            return _envelope(True, "success", {"call_uuid": str(uuid.uuid4())})
        if name == "dropped":
            return None
        if name == "http_500":
            return _Reply(500, _HTML_500, "text/html")
        if name == "invalid_json":
            return _Reply(200, _TRUNCATED_JSON)
        if name == "token_expired_once":
            with self._lock:
                entry = self._tokens.get(token)
                fired = self._expired_once_serial
                if entry is not None and (fired is None or entry.serial < fired):
                    del self._tokens[token]
                    if fired is None:
                        self._expired_once_serial = self._token_serial + 1
                    return _fail("token_expired", status=401)
            return _envelope(True, "success", {"call_uuid": str(uuid.uuid4())})
        if name == "missing_call_uuid":
            return _envelope(True, "success", {"status": "ok"})
        raise AssertionError(f"scenario {name} has no behaviour")

    def _hotline_list(self, req: RecordedRequest) -> _Reply:
        extension = req.query.get("extension", "")
        if not extension:
            return _fail("data_is_required")
        if extension not in self._extensions:
            return _fail("extension_invalid")
        return _envelope(True, "success", list(self._hotlines))

    def _tenant_detail(self) -> _Reply:
        numbers = [
            {
                "number": h,
                "provider": "viettel",
                "expire_date": _HOTLINE_EXPIRE_MS,
                "status": "active",
            }
            for h in self._hotlines
        ]
        return _envelope(True, "success", {"name": _TENANT_NAME, "public_numbers": numbers})
