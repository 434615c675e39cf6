"""Async client of the OMICall REST API: auth with a token cache, click2call, hotlines."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from omidesk import __version__
from omidesk.domain.server_text import MAX_CHARS, clean
from omidesk.domain.settings import base_url_blocked, shown
from omidesk.domain.wire import Wire
from omidesk.infra.answers import (
    MAX_ANSWER_BYTES,
    Tracer,
    network_reason,
    once_more_if_unconnected,
    read_capped,
)
from omidesk.omicall.errors import Consequence, OmiCallError

log = logging.getLogger(__name__)

USER_AGENT = f"omidesk/{__version__}"
TOKEN_LIFETIME_S = 24 * 3600.0
# Renew well before OMICall's 24 h so a token never dies between our check and its use.
TOKEN_MARGIN_S = 30 * 60.0
SUCCESS = 9999
FAILURE = -9999
# A code alone in `message`: lower-case words joined by _ (the partner API's have dots too:
# amount_gte_10.000_vnd); a sentence has spaces or capitals and is no code.
_CODE = re.compile(r"[a-z][a-z0-9_.]{2,63}")
_NAME_CHARS = 64  # error codes and hotlines: names, not prose
# What a call id looks like (OMICall's are UUIDs): anything else is not one we may store,
# show, or later look up in the call history.
_CALL_UUID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# A token goes into a header as is: visible ASCII only, and of a sane length.
_TOKEN = re.compile(r"[\x21-\x7e]{1,8192}")


@dataclass(frozen=True, slots=True)
class _Request:
    method: str
    path: str
    phase: str  # "auth", "call" (click2call: not idempotent) or "read"
    token: str | None
    params: Mapping[str, str] | None
    json: Any


class OmiCallClient:
    """One OMICall account seen through a shared httpx.AsyncClient.

    Click2call is not idempotent: this client never sends one twice (the dialer alone may,
    once, after OMICall refused the token). A read is asked once more after a refused
    token; a connection that could not even be opened is tried once more; nothing else is
    retried."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str = "",
        api_key: str | None = None,
        *,
        timeout_s: float = 15.0,
        connect_timeout_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        secrets: Callable[[str], None] | None = None,
    ) -> None:
        self._http = http
        # Ages the token (tests move it forward a day instead of waiting one).
        self.clock = clock
        # Told every key and token this client will hold, before it is used: whoever
        # builds the client (services.py) has its log scrubber hide them.
        self._secrets = secrets
        self._base_url = ""
        self._refused_url: dict[str, Any] | None = None  # why the configured address is unusable
        self._api_key: str | None = None
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self._token: str | None = None
        self._token_at = 0.0
        self._auth_lock = asyncio.Lock()
        # The last sign-in's access_type: "normal" for a company, "bussiness" (sic) for a
        # partner; None before a sign-in, or when OMICall did not say.
        self.access_type: str | None = None
        self.auth_count = 0  # how many times this client signed in (tests, diagnostics)
        self.configure(base_url, api_key, timeout_s=timeout_s)

    def configure(
        self, base_url: str, api_key: str | None, *, timeout_s: float | None = None
    ) -> None:
        """Points the client at an account; a new server or key forgets the cached token.
        An address that is not a valid server address is kept out: every request then
        fails before anything is sent (the settings refuse it first; this is the backstop)."""
        base_url = base_url.rstrip("/")
        self._refused_url = _refused(base_url) if base_url else None
        if self._refused_url is not None:
            base_url = ""
        if api_key:
            self.keep_secret(api_key)
        if (base_url, api_key) != (self._base_url, self._api_key):
            self._base_url, self._api_key = base_url, api_key
            self._token = None
        if timeout_s is not None:
            self.timeout_s = timeout_s

    def keep_secret(self, value: str) -> None:
        """Has whoever built this client hide `value` (a key, a token, a company's key or a
        password it carries) from every log line."""
        if self._secrets is not None:
            self._secrets(value)

    @property
    def host(self) -> str:
        return urlsplit(self._base_url).netloc or self._base_url

    # --- public API -----------------------------------------------------------------

    async def auth(self, *, deadline: float | None = None) -> str:
        """Signs in with the API key and caches the token (OMICall's tokens live 24 h)."""
        if not self._api_key:
            raise OmiCallError("api_key_is_required", "rejected")
        request = _Request("GET", "/api/auth", "auth", None, {"apiKey": self._api_key}, None)
        try:
            payload = await self._request(request, deadline)
        except OmiCallError as error:
            # The key was refused, not a token: signing in again would be refused as well.
            error.auth_rejected = False
            raise
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            # A token unfit for a header (CR/LF, controls, non-ASCII, absurdly long) would
            # fail only while the click2call is being sent, which reads as "a call may be
            # ringing": refused here, nothing was sent.
            raise OmiCallError("bad_auth_answer", "failed", http_status=200)
        self.keep_secret(token)
        access_type = payload.get("access_type")
        self.access_type = _text(access_type, _NAME_CHARS) if access_type is not None else None
        self._token, self._token_at = token, self.clock()
        self.auth_count += 1
        return token

    async def click2call(
        self,
        extension: str,
        hotline: str,
        phone_number: str,
        *,
        deadline: float | None = None,
        wire: Wire | None = None,
    ) -> str:
        """Asks OMICall to ring `extension` and bridge it to `phone_number`; the call_uuid.
        `wire.sent` says, even if this is cancelled, whether a call may have been placed."""
        body = {"extension": extension, "hotline": hotline, "phone_number": phone_number}
        with _for(extension=extension, hotline=hotline):
            payload = await self._authorised(
                "POST", "/api/click2call", json=body, deadline=deadline, wire=wire
            )
            call_uuid = payload.get("call_uuid") if isinstance(payload, dict) else None
            if not isinstance(call_uuid, str) or not call_uuid:
                # OMICall said "success" but gave no id: a call may well be ringing.
                raise OmiCallError("bad_answer", "unknown", http_status=200)
            if not _CALL_UUID.fullmatch(call_uuid):
                raise OmiCallError("bad_call_uuid", "unknown", http_status=200)
        return call_uuid

    async def hotlines(self, extension: str, *, deadline: float | None = None) -> list[str]:
        """The hotlines `extension` may call out on."""
        with _for(extension=extension):
            payload = await self._authorised(
                "GET",
                "/api/call_center/hotline/list",
                params={"extension": extension},
                deadline=deadline,
                phase="read",
            )
            if not isinstance(payload, list):
                raise OmiCallError("bad_auth_answer", "failed", http_status=200)
        names = (
            clean(str(item), _NAME_CHARS)
            for item in payload
            if isinstance(item, str | int) and not isinstance(item, bool)
        )
        return [name for name in names if name]

    async def authorised(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        idempotent: bool = True,
        deadline: float | None = None,
        wire: Wire | None = None,
    ) -> Any:
        """The payload of one request to another API of this account (the partner's, …),
        signed in, capped and read like every other. `idempotent=False` is for a request
        that changes something (creates a company, moves money): an answer lost after
        sending is then "unknown", never retried; only a refused token is replayed once."""
        return await self._authorised(
            method,
            path,
            deadline=deadline,
            phase="read" if idempotent else "call",
            params=params,
            json=json,
            wire=wire,
        )

    # --- plumbing ---------------------------------------------------------------------

    def _token_fresh(self) -> bool:
        age = self.clock() - self._token_at
        return self._token is not None and age < TOKEN_LIFETIME_S - TOKEN_MARGIN_S

    async def _ensure_token(self, deadline: float | None) -> str:
        # Concurrent requests share one sign-in: one that waited on the lock finds the
        # token the other one got.
        async with self._auth_lock:
            if self._token_fresh():
                assert self._token is not None
                return self._token
            return await self.auth(deadline=deadline)

    def _forget(self, token: str) -> None:
        """OMICall refused `token`: the next request signs in again (unless another one
        already did, and the token is a newer one)."""
        if self._token == token:
            self._token = None

    async def _authorised(
        self,
        method: str,
        path: str,
        *,
        deadline: float | None,
        phase: str = "call",
        params: Mapping[str, str] | None = None,
        json: Any = None,
        wire: Wire | None = None,
    ) -> Any:
        """One request with the cached token, signing in first if there is none. A refused
        token is forgotten, so that the next request signs in again. A read is then asked
        once more; a click2call is not: it is not idempotent, and whether to send it again
        is the dial's rule (usecases.dial), not the client's."""
        token = await self._ensure_token(deadline)
        try:
            return await self._request(
                _Request(method, path, phase, token, params, json), deadline, wire
            )
        except OmiCallError as error:
            if not error.auth_rejected:
                raise
            self._forget(token)
            if phase == "call":
                raise
            log.info("OMICall refused the token on %s; signing in again and asking once more", path)
        token = await self._ensure_token(deadline)
        try:
            return await self._request(
                _Request(method, path, phase, token, params, json), deadline, wire
            )
        except OmiCallError as error:
            if not error.auth_rejected:
                raise
            self._forget(token)
            raise error.refused_again() from None

    async def _request(
        self, request: _Request, deadline: float | None, wire: Wire | None = None
    ) -> Any:
        """One exchange, retried once only if the connection could not be opened at all."""
        return await once_more_if_unconnected(
            lambda: self._exchange(request, deadline, wire), "cannot_connect", self.host
        )

    async def _exchange(self, request: _Request, deadline: float | None, told: Wire | None) -> Any:
        if self._refused_url is not None:
            raise OmiCallError("base_url_invalid", "failed", **self._refused_url)
        if not self._base_url:
            raise OmiCallError("not_configured", "failed", missing="base_url")
        budget = self.timeout_s
        if deadline is not None:
            budget = min(budget, deadline - time.monotonic())
        if budget <= 0:
            raise OmiCallError("timeout_before_sending", "failed")
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if request.token:
            headers["Authorization"] = f"Bearer {request.token}"
        wire = Wire()
        tracer = Tracer((wire, told) if told is not None else (wire,))
        started = time.perf_counter()
        # Each piece of this was sent => the whole request may have reached OMICall.
        after_send: Consequence = "unknown" if request.phase == "call" else "failed"
        built = self._http.build_request(
            request.method,
            self._base_url + request.path,
            params=request.params,
            json=request.json,
            headers=headers,
            timeout=httpx.Timeout(budget, connect=min(self.connect_timeout_s, budget)),
            extensions={"trace": tracer},
        )
        try:
            async with asyncio.timeout(budget):
                response = await self._http.send(built, stream=True)
                try:
                    content = await read_capped(response)
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            if wire.sent:
                raise OmiCallError("no_answer", after_send) from None
            raise OmiCallError("timeout_before_sending", "failed") from None
        except httpx.HTTPError as exc:
            if wire.sent and not isinstance(exc, httpx.ConnectError):
                raise OmiCallError("no_answer", after_send, reason=network_reason(exc)) from None
            raise OmiCallError(
                "cannot_connect", "failed", host=self.host, reason=network_reason(exc)
            ) from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        # The path only: the auth query string holds the API key.
        log.info(
            "%s %s -> HTTP %s in %.0f ms",
            request.method,
            request.path,
            response.status_code,
            elapsed_ms,
        )
        status = response.status_code
        unreadable = "bad_answer" if request.phase == "call" else "bad_auth_answer"
        if content is None:
            log.warning(
                "the answer to %s is over %d bytes: not read", request.path, MAX_ANSWER_BYTES
            )
            too_large = "answer_too_large" if request.phase == "call" else unreadable
            raise OmiCallError(too_large, after_send, http_status=status)
        try:
            return _payload(status, content, request.phase)
        except OmiCallError as error:
            if status == 429:
                # "Too many requests": when to ask again, if the server says.
                error.params.setdefault(
                    "retry_after_s", _retry_after(response.headers.get("retry-after"))
                )
            raise
        except Exception as exc:
            # Whatever an answer does to the parser, the request has left: "unknown" for a
            # click2call, never a traceback with the record left `placing`.
            log.warning("unreadable answer to %s: %s", request.path, type(exc).__name__)
            raise OmiCallError(unreadable, after_send, http_status=status) from None


@contextlib.contextmanager
def _for(**request: str) -> Iterator[None]:
    """Every error raised inside carries what the request was for (the extension, the
    hotline): the catalogue's words name them ("Your extension 101 is not signed in"), and
    no caller has to add them back."""
    try:
        yield
    except OmiCallError as error:
        for key, value in request.items():
            error.params.setdefault(key, value)
        raise


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given as seconds (an HTTP date is not read)."""
    if value is None or not value.strip().isdecimal() or len(value.strip()) > 6:
        return None
    return float(value.strip())


def _refused(base_url: str) -> dict[str, Any] | None:
    """The details of `base_url_invalid` for an address no request may go to: one the
    settings refuse, or one httpx cannot turn into a request (it would raise outside
    httpx.HTTPError, after the call was recorded)."""
    problem = base_url_blocked(base_url)
    if problem is not None:
        return dict(problem.params)
    try:
        httpx.URL(base_url + "/api")
    except (httpx.InvalidURL, ValueError):
        return {"value": shown(base_url), "url_problem": "host"}
    return None


def _payload(status: int, content: bytes, phase: str) -> Any:
    """Reads OMICall's envelope. Success is status_code 9999 whatever the HTTP status says;
    anything unreadable becomes a typed error carrying the HTTP status."""
    after_send: Consequence = "unknown" if phase == "call" else "failed"
    try:
        body = json.loads(content) if content else None
    except Exception:  # not JSON, or JSON no parser gets through (RecursionError)
        body = None
    verdict = body.get("status_code") if isinstance(body, dict) else None
    # Only the integers 9999 and -9999 are OMICall's verdicts: "9999", 9999.0, true or null
    # are no refusal (a phone may be ringing), and reading them as one invites a second call.
    if not isinstance(body, dict) or type(verdict) is not int or verdict not in (SUCCESS, FAILURE):
        if status == 401:
            raise OmiCallError("unauthorized", "rejected", http_status=status)
        if status >= 500:
            raise OmiCallError("server_error", after_send, http_status=status)
        if 400 <= status < 500:
            raise OmiCallError("http_error", "rejected", http_status=status)
        unreadable = "bad_answer" if phase == "call" else "bad_auth_answer"
        raise OmiCallError(unreadable, after_send, http_status=status)
    if verdict == SUCCESS and status < 400:
        return body.get("payload")
    payload = body.get("payload")
    message = body.get("message")
    detail = payload if isinstance(payload, dict) else {}
    code = _text(detail.get("error"), _NAME_CHARS) or (
        message if isinstance(message, str) and _CODE.fullmatch(message) else None
    )
    server_message = _text(detail.get("message")) or _text(message)
    if status >= 500 and code not in ("token_expired",):
        raise OmiCallError(
            "server_error", after_send, http_status=status, server_message=server_message
        )
    if status == 401 and not code:
        code = "unauthorized"
    raise OmiCallError(
        code or "unknown", "rejected", http_status=status, server_message=server_message
    )


def _text(value: Any, limit: int = MAX_CHARS) -> str | None:
    """Server text as it may be shown and stored (see server_text), None if nothing is left."""
    return (clean(value, limit) or None) if isinstance(value, str) else None
