"""The owner-routing service as a plain ASGI application, served by uvicorn.

OMICall asks `GET <path>?phoneNumber=&sipNumber=` with `X-API-KEY` on every inbound call and
waits at most 2 s for `101:102` (text/plain) or an empty body. So:
- the key is compared in constant time against every valid key (two during a rotation);
  a missing or wrong one gets 401 with an empty body; the key is never logged;
- a missing or empty phoneNumber gets 400; a phoneNumber that is not a number gets 200,
  empty, and a log line;
- an answer never waits on OMICall (the sync runs beside, as a task of this loop) nor on
  the file: the owners are read from memory (usecases.live_owners), loaded at start and
  again when the file changes; until a first load could read the file, answers are empty,
  counted as `busy`;
- /healthz says whether the data is loaded and how old the last sync is; /metrics gives
  Prometheus text; each request has one access-log line, its number masked: a request
  notes what it answered, counted and written a moment later with the others
  (routing.access).
No framework: three routes do not need one, and each layer of one costs the budget."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping, Sequence
from functools import lru_cache
from time import perf_counter
from time import time as epoch
from typing import Any
from urllib.parse import unquote_plus

from omidesk.routing.access import BUCKETS, Answered, Entry, Metrics
from omidesk.usecases.owner_lookup import Health, Lookup, OwnerLookup, Result

log = logging.getLogger(__name__)

DEFAULT_PATH = "/get_owner_contact_by_phone"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_TEXT = (b"content-type", b"text/plain; charset=utf-8")
# /healthz and /metrics say "no-store", so that a proxy in front never shows a stale state.
# The owners' answers carry only what OMICall reads: each header more costs uvicorn's h11
# about 12,000 instructions an answer (5 µs served, 4 % of the service's throughput), and
# no cache keeps an answer without a date or lifetime unless told to (README: don't).
_NO_STORE = (b"cache-control", b"no-store")
# How many answers' messages are kept (see RoutingApp._messages).
MESSAGES_KEPT = 1024
# Every result a request to the owner path can have, as /metrics labels them.
RESULTS = (
    *(result.value for result in Result),
    "unauthorised",
    "bad_request",
)


class RoutingApp:
    """The ASGI application. `keys` are the valid X-API-KEY values; `health()` reads the
    file's state; `on_startup` is awaited before the first request (the owners loaded into
    memory); `background` is started with the application (the sync loop) and cancelled
    when it stops, before `on_shutdown`."""

    def __init__(
        self,
        lookup: OwnerLookup,
        keys: Sequence[str],
        *,
        health: Callable[[], Health],
        path: str = DEFAULT_PATH,
        background: Callable[[], Coroutine[Any, Any, None]] | None = None,
        on_startup: Callable[[], Awaitable[None]] | None = None,
        on_shutdown: Callable[[], Awaitable[None]] | None = None,
        clock: Callable[[], float] = epoch,
    ) -> None:
        if not keys:
            raise ValueError("the routing service needs at least one key")
        self.lookup = lookup
        self._keys = tuple(key.encode("utf-8") for key in keys)
        self.health = health
        self.path = path
        self.background = background
        self.on_startup = on_startup
        self.on_shutdown = on_shutdown
        self.clock = clock
        self.metrics = Metrics(RESULTS)
        self.answered = Answered(path, self.metrics)
        # The two messages of each answer given so far, made once: uvicorn reads a
        # message and never changes it (their headers a tuple, which nothing can change).
        self._answers: dict[str, tuple[Message, Message]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        # uvicorn's own access line holds the query string: the customer's number, whole.
        # Ours (one a request, the number masked) replaces it, whatever the server's options.
        logging.getLogger("uvicorn.access").disabled = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            path = scope["path"]
            # The routes here, not in a coroutine of their own: the owners' path is asked on
            # every inbound call, and each layer costs it.
            if path == self.path:
                await self._owners(scope, send)
            elif path == "/healthz":
                await self._healthz(send)
            elif path == "/metrics":
                # Counted first: the notes of the requests answered since the last count.
                self.answered.flush()
                metrics = self._metrics_text().encode("utf-8")
                await _answer(send, 200, metrics, _PROMETHEUS, extra=(_NO_STORE,))
            else:
                await _answer(send, 404, b"")
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    # --- lifespan: the sync loop lives as long as the application ---------------------------

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def start(self) -> None:
        """What runs before the first request (uvicorn listens after it): `on_startup`
        (the owners loaded into memory), then beside the requests the writing of the
        access lines and `background`."""
        if self.on_startup is not None:
            await self.on_startup()
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self.answered.run()))
        if self.background is not None:
            self._tasks.append(loop.create_task(self.background()))

    async def stop(self) -> None:
        """Stops the tasks, writes the access lines still waiting, then `on_shutdown`."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.answered.flush()
        if self.on_shutdown is not None:
            await self.on_shutdown()

    # --- requests --------------------------------------------------------------------------

    def _authorised(self, scope: Scope) -> bool:
        given = b""
        for name, value in scope["headers"]:
            if name == b"x-api-key":
                given = value
                break
        # Every key is compared, whatever the first one said: how long the answer takes
        # tells nothing about which key (or how much of one) matched.
        matched = False
        for key in self._keys:
            matched |= hmac.compare_digest(given, key)
        return matched and bool(given)

    async def _owners(self, scope: Scope, send: Send) -> None:
        # (Every step here is asked on every inbound call: each call and layer less counts.)
        started = perf_counter()
        method = scope["method"]
        if method not in _READS:
            await _answer(send, 405, b"", extra=((b"allow", b"GET"),))
            self._noted(scope, started, 405, "bad_request")
            return
        if not self._authorised(scope):
            await _answer(send, 401, b"")
            self._noted(scope, started, 401, "unauthorised")
            return
        phone, sip = query_values(scope["query_string"])
        if not phone:
            await _answer(send, 400, b"")
            self._noted(
                scope, started, 400, "bad_request", phone=phone, sip=sip, note="no phoneNumber"
            )
            return
        try:
            found = self.lookup.lookup_now(phone, sip)
        except Exception:
            # A bug must not keep OMICall waiting: it gets "nobody", the log the details.
            log.exception("owner lookup failed")
            await _answer(send, 200, b"")
            self._noted(scope, started, 200, Result.ERROR, phone=phone, sip=sip)
            return
        text = found.owners.body
        # Sent from here rather than through _answer: a coroutine less on every call.
        messages = self._answers.get(text) if method == "GET" else None
        if messages is None:
            messages = self._messages(text, head=method == "HEAD")
        await send(messages[0])
        await send(messages[1])
        result = found.result
        self._noted(
            scope,
            started,
            200,
            result,
            phone=phone,
            sip=sip,
            note="" if result in _SAID else _note(found),
            body=text,
        )

    def _messages(self, text: str, *, head: bool) -> tuple[Message, Message]:
        """The messages answering `text` (its headers, no body for HEAD), kept for the
        next GET answered so (a few hundred at most: the owners' lists of a company)."""
        messages = _response(200, b"" if head else text.encode("ascii"))
        if not head and len(self._answers) < MESSAGES_KEPT:
            self._answers[text] = messages
        return messages

    def _noted(
        self,
        scope: Scope,
        started: float,
        status: int,
        result: str,
        *,
        phone: str = "",
        sip: str = "",
        note: str = "",
        body: str = "",
    ) -> None:
        """Notes what a request answered, for its access line and the metrics, counted and
        written a moment later with the others (routing.access)."""
        entry: Entry = (
            epoch(),
            scope.get("client"),
            phone,
            sip,
            status,
            result,
            body,
            note,
            perf_counter() - started,
        )
        answered = self.answered
        answered.pending.append(entry)
        answered.full()

    async def _healthz(self, send: Send) -> None:
        state = self.health()
        now = self.clock()
        age = None if state.last_sync_at is None else round(max(0.0, now - state.last_sync_at))
        body = {
            "loaded": state.loaded,
            "numbers_with_owners": state.numbers,
            "sticky_owners": state.sticky,
            "sticky_days": state.sticky_days,
            "last_sync_age_s": age,
            "last_sync_error": state.last_sync_error,
        }
        await _answer(
            send,
            200 if state.loaded else 503,
            json.dumps(body).encode("utf-8"),
            (b"content-type", b"application/json"),
            extra=(_NO_STORE,),
        )

    def _metrics_text(self) -> str:
        metrics = self.metrics
        lines = [
            "# HELP omidesk_routing_requests_total Owner requests by result.",
            "# TYPE omidesk_routing_requests_total counter",
        ]
        lines += [
            f'omidesk_routing_requests_total{{result="{result}"}} {count}'
            for result, count in metrics.requests.items()
        ]
        lines += [
            "# HELP omidesk_routing_request_seconds Time to answer an owner request.",
            "# TYPE omidesk_routing_request_seconds histogram",
        ]
        cumulative = 0
        for bound, count in zip((*BUCKETS, float("inf")), metrics.buckets, strict=True):
            cumulative += count
            le = "+Inf" if bound == float("inf") else f"{bound:g}"
            lines.append(f'omidesk_routing_request_seconds_bucket{{le="{le}"}} {cumulative}')
        lines.append(f"omidesk_routing_request_seconds_sum {metrics.latency_sum:.6f}")
        lines.append(f"omidesk_routing_request_seconds_count {metrics.latency_count}")
        state = self.health()
        age = (
            "NaN"
            if state.last_sync_at is None
            else f"{max(0.0, self.clock() - state.last_sync_at):.0f}"
        )
        lines += [
            "# HELP omidesk_routing_sync_age_seconds Seconds since the last successful sync.",
            "# TYPE omidesk_routing_sync_age_seconds gauge",
            f"omidesk_routing_sync_age_seconds {age}",
            "# HELP omidesk_routing_sync_ok Whether the last sync succeeded (1) or failed (0).",
            "# TYPE omidesk_routing_sync_ok gauge",
            f"omidesk_routing_sync_ok {0 if state.last_sync_error else 1}",
            "# HELP omidesk_routing_numbers Numbers with explicit owners.",
            "# TYPE omidesk_routing_numbers gauge",
            f"omidesk_routing_numbers {state.numbers}",
            "# HELP omidesk_routing_sticky_owners Number and extension pairs learned.",
            "# TYPE omidesk_routing_sticky_owners gauge",
            f"omidesk_routing_sticky_owners {state.sticky}",
            "# HELP omidesk_routing_loaded Whether the owners file could be read (1) or not.",
            "# TYPE omidesk_routing_loaded gauge",
            f"omidesk_routing_loaded {1 if state.loaded else 0}",
        ]
        return "\n".join(lines) + "\n"


# The methods that read the owners (HEAD: the same answer without its body).
_READS = frozenset({"GET", "HEAD"})
_PROMETHEUS = (b"content-type", b"text/plain; version=0.0.4; charset=utf-8")
# Results the answer says all of: their access line needs no note.
_SAID = frozenset({Result.OWNER, Result.NONE})


def _note(found: Lookup) -> str:
    """What the access line adds to an empty answer that is not "nobody owns it"."""
    if found.result is Result.INVALID:
        return "not a phone number"
    if found.result is Result.BUSY:
        return "owners file locked: answered empty"
    return f"owners file unreadable ({found.error}): answered empty"


async def _answer(
    send: Send,
    status: int,
    body: bytes,
    content_type: tuple[bytes, bytes] = _TEXT,
    extra: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    start, rest = _response(status, body, content_type, extra)
    await send(start)
    await send(rest)


def _response(
    status: int,
    body: bytes,
    content_type: tuple[bytes, bytes] = _TEXT,
    extra: tuple[tuple[bytes, bytes], ...] = (),
) -> tuple[Message, Message]:
    """An answer's two ASGI messages: its start (status, headers) and its body."""
    return (
        {
            "type": "http.response.start",
            "status": status,
            "headers": _headers(content_type, len(body), extra),
        },
        {"type": "http.response.body", "body": body},
    )


@lru_cache(maxsize=256)
def _headers(
    content_type: tuple[bytes, bytes], length: int, extra: tuple[tuple[bytes, bytes], ...]
) -> tuple[tuple[bytes, bytes], ...]:
    """An answer's headers, made once for each length: the service gives the same few."""
    return (content_type, (b"content-length", str(length).encode("ascii")), *extra)


# A query string as OMICall writes it: each name once, in this order, nothing else.
_USUAL_QUERY = re.compile(rb"phoneNumber=([^&]*)&sipNumber=([^&]*)")
_ESCAPED_PLUS = (b"%2B", b"%2b")


def query_values(query: bytes) -> tuple[str, str]:
    """phoneNumber and sipNumber of a query string, stripped ("" when missing), read as
    parse_qs reads them (the first of each, "+" a space, %XX as UTF-8, a name without "="
    blank) without building the rest of the query: a request has two values to read."""
    if query.startswith(b"phoneNumber="):
        # As it mostly is: both numbers plain digits (the customer's maybe "+" escaped),
        # read by one split, nothing to unescape or strip (a regex took twice as long).
        given, found, hotline = query[12:].partition(b"&sipNumber=")
        if found and (hotline.isdigit() or not hotline):
            if given.isdigit():
                return given.decode("ascii"), hotline.decode("ascii")
            if given[:3] in _ESCAPED_PLUS and given[3:].isdigit():
                return "+" + given[3:].decode("ascii"), hotline.decode("ascii")
    usual = _USUAL_QUERY.fullmatch(query)
    if usual is not None:
        # What OMICall sends: each name once, in this order, nothing else (the loop below
        # gives the same, in twice the time).
        return (
            _unquoted(usual[1].decode("latin-1")).strip(),
            _unquoted(usual[2].decode("latin-1")).strip(),
        )
    phone: str | None = None
    sip: str | None = None
    for field in query.decode("latin-1").split("&"):
        name, _, value = field.partition("=")
        if "%" in name or "+" in name:
            name = unquote_plus(name)
        if name == "phoneNumber":
            if phone is None:
                phone = _unquoted(value)
        elif name == "sipNumber":
            if sip is None:
                sip = _unquoted(value)
        else:
            continue
        if phone is not None and sip is not None:
            break
    return (phone or "").strip(), (sip or "").strip()


def _unquoted(value: str) -> str:
    if "%" not in value:
        return value.replace("+", " ") if "+" in value else value
    if value.startswith(("%2B", "%2b")) and "%" not in value[3:] and "+" not in value:
        # "+84…" as every client escapes it: what unquote_plus gives, at a fifth of its time.
        return "+" + value[3:]
    return unquote_plus(value)
