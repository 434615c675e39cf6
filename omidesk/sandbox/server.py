"""A loopback HTTP server that answers like OMICall (and its neighbours) for the endpoints
OmiDesk uses. The core: its life, the requests it saw, OMICall's sign-in and tokens, and a
table of routes that each API of the sandbox fills (sandbox/click2call.py, …)."""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlsplit

from omidesk.sandbox.click2call import Click2Call
from omidesk.sandbox.crm import Crm
from omidesk.sandbox.envelope import envelope, fail
from omidesk.sandbox.exchange import RecordedRequest, Reply
from omidesk.sandbox.history import History
from omidesk.sandbox.host import Handler
from omidesk.sandbox.http import Server

if TYPE_CHECKING:
    from omidesk.sandbox.autocall import AutoCall
    from omidesk.sandbox.partner import Partner

DEFAULT_API_KEY = "demo-api-key-0001"

_TOKEN_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
_DRAIN_S = 0.5
AUTH = "/api/auth"


@dataclass(frozen=True, slots=True)
class _Route:
    method: str
    handler: Handler
    bearer: bool  # OMICall's `Authorization: Bearer <token>` required


@dataclass(slots=True)
class _Token:
    expires_at: float  # on Sandbox.clock
    serial: int
    access_type: str = "normal"  # of the key it was issued for ("bussiness": a partner's)


def _same(given: str, known: str) -> bool:
    return secrets.compare_digest(given.encode(), known.encode())


def _new_token() -> str:
    claims = json.dumps({"iss": "omidesk-sandbox", "jti": secrets.token_hex(8)}).encode()
    body = base64.urlsafe_b64encode(claims).rstrip(b"=").decode()
    return f"{_TOKEN_HEADER}.{body}.{secrets.token_urlsafe(32)}"


# The requests a long-running sandbox keeps (the demo's, `omidesk sandbox`'s): enough to
# look at the last ones, not a day's growth.
KEPT_REQUESTS = 1000


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
        keep_requests: int | None = None,
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

        # The requests seen, for tests to read (all of them), or the last `keep_requests`
        # (a sandbox that runs all day, the demo's: its memory does not grow with each call).
        self._requests: deque[RecordedRequest] = deque(maxlen=keep_requests)
        self._requests_cond = threading.Condition()
        # Guards tokens and every API's state (scenarios, stored calls…).
        self.lock = threading.Lock()
        self._tokens: dict[str, _Token] = {}
        self._token_serial = 0

        self._conns: set[Any] = set()
        self._conns_cond = threading.Condition()
        self._connections_accepted = 0

        self.stopping = threading.Event()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._bound_port = port
        self._started = False
        self._life_lock = threading.Lock()

        # Every key the sign-in accepts, and the access_type of the tokens it gets.
        self._keys: dict[str, str] = {api_key: "normal"}

        self._routes: dict[str, _Route] = {}
        # Paths with ids in them (/api/campaigns/:id/import): their handler reads the rest.
        self._prefixes: list[tuple[str, _Route]] = []
        self.route("GET", AUTH, self._auth, bearer=False)
        # Issue 15: the CRM's contacts, and the call history the calls placed here end in.
        self.crm = Crm(self)
        self.history = History(self, self.crm)
        self.click2call_api = Click2Call(self, on_placed=self.history.placed)
        # AutoCall and the partner API come with their first request (or use by a test):
        # the demo's window rarely reaches them, and need not load them at every start.
        self._rare_lock = threading.Lock()
        self._created_ms = int(time.time() * 1000)
        self._autocall: AutoCall | None = None
        self._partner_api: Partner | None = None

    def _rare_apis(self) -> tuple[AutoCall, Partner]:
        with self._rare_lock:
            if self._autocall is None or self._partner_api is None:
                from omidesk.sandbox.autocall import AutoCall  # noqa: PLC0415
                from omidesk.sandbox.partner import Partner  # noqa: PLC0415

                # A route a test put in place first stays: theirs would replace it.
                kept = dict(self._routes)
                self._autocall = AutoCall(self)
                self._partner_api = Partner(self, seeded_at_ms=self._created_ms)
                self._routes.update(kept)
            return self._autocall, self._partner_api

    @property
    def autocall(self) -> AutoCall:
        return self._rare_apis()[0]

    @property
    def partner_api(self) -> Partner:
        return self._rare_apis()[1]

    def add_key(self, key: str, access_type: str) -> None:
        """Another API key the sign-in accepts, whose tokens carry `access_type`."""
        self._keys[key] = access_type

    def route(self, method: str, path: str, handler: Handler, *, bearer: bool = True) -> None:
        """Serves `method path` with `handler`; with `bearer`, only for a valid OMICall token."""
        self._routes[path] = _Route(method, handler, bearer)

    def route_prefix(self, prefix: str, handler: Handler) -> None:
        """Serves every path under `prefix` with `handler`, which checks the method and its
        own credentials (AutoCall's token travels in the body or the query)."""
        self._prefixes.append((prefix, _Route("*", handler, bearer=False)))

    # ----- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind and serve in a daemon thread; raises OSError if the port is taken."""
        with self._life_lock:
            if self._started:
                raise RuntimeError("a Sandbox can be started only once")
            self._started = True
            server = Server(self, (self._host, self._port))
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

    def _accept_loop(self, server: Server, wake: socket.socket) -> None:
        # Our own loop instead of serve_forever: its shutdown() only notices after a poll
        # interval, while a byte on the wake socket ends this loop at once.
        with selectors.DefaultSelector() as selector:
            selector.register(server.socket, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while not self.stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is server.socket and not self.stopping.is_set():
                        # handle_request() without its select(): this loop has just made it.
                        server._handle_request_noblock()  # type: ignore[attr-defined]  # private: typeshed omits it

    def stop(self) -> None:
        """Stop serving and close every socket; safe to call twice, never waits on a slow reply."""
        with self._life_lock:
            server, self._server = self._server, None
        if server is None:
            return
        # Wakes slow requests too: they drop their reply instead of answering late.
        self.stopping.set()
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
        return self.click2call_api.requests()

    def auths(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == AUTH]

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

    # ----- OMICall's tokens --------------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Make every token issued so far expired."""
        with self.lock:
            for token in self._tokens.values():
                token.expires_at = 0.0

    @property
    def token_serial(self) -> int:
        """How many tokens were issued so far (the serial of the newest)."""
        return self._token_serial

    def token_serial_of(self, token: str) -> int | None:
        """The serial of a live token, None if it is unknown or revoked. Under `lock`."""
        entry = self._tokens.get(token)
        return None if entry is None else entry.serial

    def access_type_of(self, token: str) -> str | None:
        """The access_type of a live token's key, None if it is unknown. Under `lock`."""
        entry = self._tokens.get(token)
        return None if entry is None else entry.access_type

    def revoke(self, token: str) -> None:
        """Forget a token (it reads as expired from now on). Under `lock`."""
        self._tokens.pop(token, None)

    # ----- connection bookkeeping (called by the server) ---------------------------------

    def connection_opened(self, conn: Any) -> None:
        with self._conns_cond:
            self._conns.add(conn)
            self._connections_accepted += 1

    def connection_closed(self, conn: Any) -> None:
        with self._conns_cond:
            self._conns.discard(conn)
            self._conns_cond.notify_all()

    # ----- request handling ------------------------------------------------------------------

    def handle(
        self,
        method: str,
        target: str,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        received_at: float,
    ) -> Reply | None:
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
            return envelope(False, "sandbox_error", None, 500)

    def _route(self, req: RecordedRequest) -> Reply | None:
        route = self._routes.get(req.path)
        if route is None:
            route = next((r for p, r in self._prefixes if req.path.startswith(p)), None)
        if route is None and self._autocall is None:
            self._rare_apis()  # their routes are added as they are built
            return self._route(req)
        if route is None:
            return envelope(False, "not_found", None, 404)
        if route.method not in ("*", req.method):
            return envelope(False, "method_not_allowed", None, 405)
        if not route.bearer:
            return route.handler(req, None)
        token, denied = self._bearer(req)
        if denied is not None:
            return denied
        return route.handler(req, token)

    def _auth(self, req: RecordedRequest, _token: str | None) -> Reply:
        key = req.query.get("apiKey", "")
        if not key:
            return envelope(False, "api_key_is_required", None)
        access_type = next((kind for known, kind in self._keys.items() if _same(key, known)), None)
        if access_type is None and self._partner_api is None:
            self._rare_apis()  # the partner key is known once its API is built
            return self._auth(req, _token)
        if access_type is None:
            return envelope(False, "api_key_invalid", None)
        token = _new_token()
        with self.lock:
            self._token_serial += 1
            self._tokens[token] = _Token(
                self.clock() + self._token_lifetime_s, self._token_serial, access_type
            )
        payload = {"access_token": token, "token_type": "Bearer", "access_type": access_type}
        return envelope(True, "success", payload)

    def _bearer(self, req: RecordedRequest) -> tuple[str, Reply | None]:
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return "", envelope(False, "unauthorized", None, 401)
        with self.lock:
            entry = self._tokens.get(token)
            if entry is not None and entry.expires_at <= self.clock():
                del self._tokens[token]
                entry = None
        if entry is None:
            return token, fail("token_expired", status=401)
        return token, None
