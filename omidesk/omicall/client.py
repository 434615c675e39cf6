"""Async client of the OMICall REST API: auth with a token cache, click2call, hotlines."""

from __future__ import annotations

import asyncio
import logging
import re
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from omidesk import __version__
from omidesk.core import logs
from omidesk.core.settings import base_url_blocked, shown
from omidesk.omicall.errors import Consequence, OmiCallError

log = logging.getLogger(__name__)

USER_AGENT = f"omidesk/{__version__}"
TOKEN_LIFETIME_S = 24 * 3600.0
# Renew well before OMICall's 24 h so a token never dies between our check and its use.
TOKEN_MARGIN_S = 30 * 60.0
SUCCESS = 9999
_CODE = re.compile(r"[a-z][a-z0-9_]{2,63}")


@dataclass(frozen=True, slots=True)
class _Request:
    method: str
    path: str
    phase: str  # "auth", "call" (click2call: not idempotent) or "read"
    token: str | None
    params: Mapping[str, str] | None
    json: Any


@dataclass(slots=True)
class _Wire:
    """What one HTTP exchange did on the wire: whether any byte of the request may have left."""

    sent: bool = False

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith("send_request_headers.started"):
            self.sent = True


class OmiCallClient:
    """One OMICall account seen through a shared httpx.AsyncClient.

    Click2call is not idempotent, so the only replay this client ever does is after OMICall
    refused the token (no call was placed); a connection that could not even be opened
    is tried once more; nothing else is retried."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str = "",
        api_key: str | None = None,
        *,
        timeout_s: float = 15.0,
        connect_timeout_s: float = 5.0,
    ) -> None:
        self._http = http
        self._base_url = ""
        self._refused_url: dict[str, Any] | None = None  # why the configured address is unusable
        self._api_key: str | None = None
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self._token: str | None = None
        self._token_at = 0.0
        self._auth_lock = asyncio.Lock()
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
        logs.add_secret(api_key)
        if (base_url, api_key) != (self._base_url, self._api_key):
            self._base_url, self._api_key = base_url, api_key
            self._token = None
        if timeout_s is not None:
            self.timeout_s = timeout_s

    @property
    def host(self) -> str:
        return urlsplit(self._base_url).netloc or self._base_url

    # --- public API -----------------------------------------------------------------

    async def auth(self, *, deadline: float | None = None) -> str:
        """Signs in with the API key and caches the token (OMICall's tokens live 24 h)."""
        if not self._api_key:
            raise OmiCallError("api_key_is_required", "rejected")
        payload = await self._request(
            "GET", "/api/auth", params={"apiKey": self._api_key}, deadline=deadline, phase="auth"
        )
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise OmiCallError("bad_auth_answer", "failed", http_status=200)
        logs.add_secret(token)
        self._token, self._token_at = token, time.monotonic()
        self.auth_count += 1
        return token

    async def click2call(
        self, extension: str, hotline: str, phone_number: str, *, deadline: float | None = None
    ) -> str:
        """Asks OMICall to ring `extension` and bridge it to `phone_number`; the call_uuid."""
        body = {"extension": extension, "hotline": hotline, "phone_number": phone_number}
        payload = await self._authorised("POST", "/api/click2call", json=body, deadline=deadline)
        call_uuid = payload.get("call_uuid") if isinstance(payload, dict) else None
        if not isinstance(call_uuid, str) or not call_uuid:
            # OMICall said "success" but gave no id: a call may well be ringing.
            raise OmiCallError("bad_answer", "unknown", http_status=200)
        return call_uuid

    async def hotlines(self, extension: str, *, deadline: float | None = None) -> list[str]:
        """The hotlines `extension` may call out on."""
        payload = await self._authorised(
            "GET",
            "/api/call_center/hotline/list",
            params={"extension": extension},
            deadline=deadline,
            phase="read",
        )
        if not isinstance(payload, list):
            raise OmiCallError("bad_auth_answer", "failed", http_status=200)
        return [str(item) for item in payload if isinstance(item, str | int)]

    # --- plumbing ---------------------------------------------------------------------

    def _token_fresh(self) -> bool:
        age = time.monotonic() - self._token_at
        return self._token is not None and age < TOKEN_LIFETIME_S - TOKEN_MARGIN_S

    async def _ensure_token(self, deadline: float | None, stale: str | None = None) -> str:
        # Concurrent requests share one sign-in; `stale` is the token that was just
        # refused, so a request that waited on the lock does not sign in a second time.
        async with self._auth_lock:
            if self._token_fresh() and self._token != stale:
                assert self._token is not None
                return self._token
            return await self.auth(deadline=deadline)

    async def _authorised(
        self,
        method: str,
        path: str,
        *,
        deadline: float | None,
        phase: str = "call",
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> Any:
        token = await self._ensure_token(deadline)
        try:
            return await self._request(
                method, path, token=token, params=params, json=json, deadline=deadline, phase=phase
            )
        except OmiCallError as error:
            if not error.auth_rejected:
                raise
            log.info("OMICall refused the token on %s; signing in again and replaying once", path)
        token = await self._ensure_token(deadline, stale=token)
        try:
            return await self._request(
                method, path, token=token, params=params, json=json, deadline=deadline, phase=phase
            )
        except OmiCallError as error:
            if error.auth_rejected:
                raise OmiCallError(
                    "token_expired",
                    "rejected",
                    http_status=error.http_status,
                    server_message=error.server_message,
                ) from None
            raise

    async def _request(
        self,
        method: str,
        path: str,
        *,
        deadline: float | None,
        phase: str,
        token: str | None = None,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> Any:
        """One exchange, retried once only if the connection could not be opened at all."""
        request = _Request(method, path, phase, token, params, json)
        try:
            return await self._exchange(request, deadline)
        except OmiCallError as error:
            if error.code != "cannot_connect":
                raise
            log.info("could not connect to %s (%s); trying once more", self.host, error.params)
        return await self._exchange(request, deadline)

    async def _exchange(self, request: _Request, deadline: float | None) -> Any:
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
        wire = _Wire()
        started = time.perf_counter()
        # Each piece of this was sent => the whole request may have reached OMICall.
        after_send: Consequence = "unknown" if request.phase == "call" else "failed"
        try:
            async with asyncio.timeout(budget):
                response = await self._http.request(
                    request.method,
                    self._base_url + request.path,
                    params=request.params,
                    json=request.json,
                    headers=headers,
                    timeout=httpx.Timeout(budget, connect=min(self.connect_timeout_s, budget)),
                    extensions={"trace": wire.trace},
                )
        except (TimeoutError, httpx.TimeoutException):
            if wire.sent:
                raise OmiCallError("no_answer", after_send) from None
            raise OmiCallError("timeout_before_sending", "failed") from None
        except httpx.HTTPError as exc:
            if wire.sent and not isinstance(exc, httpx.ConnectError):
                raise OmiCallError("no_answer", after_send, reason=_reason(exc)) from None
            raise OmiCallError(
                "cannot_connect", "failed", host=self.host, reason=_reason(exc)
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
        return _payload(response, request.phase)


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


def _reason(exc: BaseException) -> str:
    """A short, secret-free classification of a network failure for the catalogue."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        if isinstance(item, ssl.SSLError):
            return "tls"
        text = str(item).lower()
        if "name or service not known" in text or "nodename nor servname" in text:
            return "dns"
        if "temporary failure in name resolution" in text or "getaddrinfo" in text:
            return "dns"
        if isinstance(item, ConnectionRefusedError) or "connection refused" in text:
            return "refused"
        if "certificate" in text or "ssl" in text:
            return "tls"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "dropped"
    return "network"


def _payload(response: httpx.Response, phase: str) -> Any:
    """Reads OMICall's envelope. Success is status_code 9999 whatever the HTTP status says;
    anything unreadable becomes a typed error carrying the HTTP status."""
    status = response.status_code
    after_send: Consequence = "unknown" if phase == "call" else "failed"
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "status_code" not in body:
        if status == 401:
            raise OmiCallError("unauthorized", "rejected", http_status=status)
        if status >= 500:
            raise OmiCallError("server_error", after_send, http_status=status)
        if 400 <= status < 500:
            raise OmiCallError("http_error", "rejected", http_status=status)
        code = "bad_answer" if phase == "call" else "bad_auth_answer"
        raise OmiCallError(code, after_send, http_status=status)
    if body.get("status_code") == SUCCESS and status < 400:
        return body.get("payload")
    payload = body.get("payload")
    message = body.get("message")
    detail = payload if isinstance(payload, dict) else {}
    code = _text(detail.get("error")) or (
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


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
