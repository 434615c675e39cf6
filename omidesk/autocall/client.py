"""Async client of AutoCall's API (seed 002) over the process's shared httpx.AsyncClient:
an access token made from the account's secret key and cached, the import of contacts
into a campaign (not idempotent: it starts calls), the campaign's calls and the user's
call log, page by page.

The only replay it ever does is after AutoCall refused the token (code 401: a rejected
token means nothing was processed): one new token, the request once more. A connection
that could not even be opened is tried once more; nothing else is retried."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from omidesk import __version__
from omidesk.domain.autocall.calls import CallsPage, CampaignCall, parse_call
from omidesk.domain.autocall.campaigns import valid_id
from omidesk.domain.autocall.errors import CODES, AutoCallError
from omidesk.domain.autocall.push import Accepted
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

log = logging.getLogger(__name__)

USER_AGENT = f"omidesk/{__version__}"
TOKEN_PATH = "/api/users/generate-access-token"
CALL_LOG_PATH = "/api/users/call-log"
# A token travels in a query string and a JSON body as is: visible ASCII, a sane length.
_TOKEN = re.compile(r"[\x21-\x7e]{1,8192}")
_SECRET_QUERY = re.compile(r"((?:access_token|secret_key)=)[^&\s]*")
_CODE_CHARS = 16


@dataclass(frozen=True, slots=True)
class _Request:
    """One request: `phase` says what it is, "token" (asks for a token with the secret),
    "push" (an import: not idempotent, it may start calls) or "read" (the export and the
    call log: nothing changes). The token goes in the query (`query` given) or in the
    JSON body `body(token)` builds. `body_out` is called once the body has left, while
    the answer is awaited (Tracer)."""

    method: str
    path: str
    phase: str
    query: Mapping[str, str] | None = None
    body: Callable[[str], bytes] | None = None
    body_out: Callable[[], None] | None = None

    def sent_with(self, token: str | None) -> tuple[dict[str, str] | None, bytes | None]:
        """The query string and the JSON body that go out with `token`."""
        params = dict(self.query) if self.query is not None else None
        if params is not None and token is not None:
            params["access_token"] = token
        return params, self.body(token) if self.body is not None and token else None


def redact(url: str) -> str:
    """`url` fit for a log line: the token and the secret key in its query replaced."""
    return _SECRET_QUERY.sub(r"\1«secret»", url)


class AutoCallClient:
    """One AutoCall account seen through a shared httpx.AsyncClient."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str = "",
        secret: str | None = None,
        *,
        timeout_s: float = 15.0,
        connect_timeout_s: float = 5.0,
        secrets: Callable[[str], None] | None = None,
    ) -> None:
        self._http = http
        # Told the secret and every token this client will hold, before it is used:
        # whoever builds the client (services.py) has its log scrubber hide them.
        self._secrets = secrets
        self._base_url = ""
        self._refused_url: dict[str, Any] | None = None
        self._secret: str | None = None
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self._token: str | None = None
        self._token_lock = asyncio.Lock()
        self.token_count = 0  # tokens made by this client (tests, diagnostics)
        self.configure(base_url, secret, timeout_s=timeout_s)

    def configure(
        self, base_url: str, secret: str | None, *, timeout_s: float | None = None
    ) -> None:
        """Points the client at an account; a new server or secret forgets the cached token.
        An address that is not a valid server address is kept out: every request then
        fails before anything is sent (the settings refuse it first; this is the backstop)."""
        base_url = base_url.rstrip("/")
        problem = base_url_blocked(base_url) if base_url else None
        self._refused_url = dict(problem.params) if problem is not None else None
        if problem is not None:
            base_url = ""
        if secret and self._secrets is not None:
            self._secrets(secret)
        if (base_url, secret) != (self._base_url, self._secret):
            self._base_url, self._secret = base_url, secret
            self._token = None
        if timeout_s is not None:
            self.timeout_s = timeout_s

    @property
    def host(self) -> str:
        return urlsplit(self._base_url).netloc or self._base_url

    # --- public API -----------------------------------------------------------------

    async def new_token(self) -> str:
        """Asks AutoCall for an access token with the secret key, and caches it."""
        if not self._secret:
            raise AutoCallError("autocall_no_secret", "failed")
        request = _Request("GET", TOKEN_PATH, "token", query={"secret_key": self._secret})
        results = await self._request(request, None)
        token = results.get("access_token") if isinstance(results, dict) else None
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            raise AutoCallError("autocall_bad_token_answer", "failed", http_status=200)
        if self._secrets is not None:
            self._secrets(token)
        self._token = token
        self.token_count += 1
        return token

    @staticmethod
    def encoded(contacts: Sequence[Mapping[str, Any]]) -> bytes:
        """An import's `contacts` as its body carries them: JSON written as httpx's json=
        writes it (UTF-8 rather than \\u escapes, no spaces, no NaN)."""
        return _json(list(contacts))

    async def import_contacts(
        self,
        campaign: str,
        contacts: Sequence[Mapping[str, Any]] | bytes,
        *,
        wire: Wire | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> list[Accepted]:
        """Imports `contacts` (or what encoded() made of them) into `campaign` (calls start
        at once if it runs): the numbers AutoCall added, with their call ids. `wire.sent`
        says, even if this is cancelled, whether the request may have reached AutoCall.
        `meanwhile()` (which must not raise) is called once the request's body has left,
        before its answer is read: the caller's work that need not wait for the answer
        fills the time this process would spend waiting for it."""
        path = f"/api/campaigns/{_checked(campaign)}/import"
        listed = contacts if isinstance(contacts, bytes) else self.encoded(contacts)

        def body(token: str) -> bytes:
            # The token spliced in at each sending, never kept with the contacts: a replay
            # after a refused token carries the new one. The same bytes as httpx's json=
            # of {"access_token": token, "contacts": contacts}.
            return b'{"access_token":' + _json(token) + b',"contacts":' + listed + b"}"

        request = _Request("POST", path, "push", body=body, body_out=meanwhile)
        results = await self._authorised(request, wire)
        if not isinstance(results, list):
            # "Success", and no list of what was added: some calls may be ringing.
            raise AutoCallError("autocall_bad_answer", "unknown", http_status=200)
        # Read by the ten thousand in a push: plain digits (AutoCall's numbers and call ids,
        # nearly always) are told by str methods, anything else is cleaned; and the tuples
        # are made by tuple.__new__, as Accepted._make makes them, without its Python-level
        # call (a fifth of this loop's time).
        accepted: list[Accepted] = []
        new = tuple.__new__
        for item in results:
            if not isinstance(item, dict):  # (JSON's objects: dict, cheaper to ask than Mapping)
                continue
            number, call_id = item.get("phone_number"), item.get("call_id")
            if type(call_id) is int:  # (not a bool, whose type is bool)
                call_id = str(call_id)
            if type(number) is str and type(call_id) is str:
                if not (number.isdigit() and number.isascii() and len(number) <= 32):
                    number = clean(number, 32)
                if not (call_id.isdigit() and call_id.isascii() and len(call_id) <= 32):
                    call_id = clean(call_id, 64)
                if number and call_id:
                    accepted.append(new(Accepted, (number, call_id)))
        return accepted

    async def campaign_calls(
        self, campaign: str, *, start_ms: int | None, end_ms: int, limit: int, offset: int
    ) -> CallsPage:
        """One page of the campaign's calls placed between `start_ms` (None: from the
        campaign's start) and `end_ms`."""
        path = f"/api/campaigns/{_checked(campaign)}/export"
        query = _paging(start_ms, end_ms, limit, offset)
        results = await self._authorised(_Request("GET", path, "read", query=query))
        return _page(results, campaign)

    async def user_calls(
        self, *, start_ms: int | None, end_ms: int, limit: int, offset: int
    ) -> CallsPage:
        """One page of the user's call log, every campaign together."""
        query = _paging(start_ms, end_ms, limit, offset)
        results = await self._authorised(_Request("GET", CALL_LOG_PATH, "read", query=query))
        return _page(results, None)

    # --- plumbing -------------------------------------------------------------------

    async def _ensure_token(self, stale: str | None = None) -> str:
        # Concurrent requests share one token request; `stale` is the token just refused,
        # so a request that waited on the lock does not ask for a second new one.
        async with self._token_lock:
            if self._token is not None and self._token != stale:
                return self._token
            return await self.new_token()

    async def _authorised(self, request: _Request, wire: Wire | None = None) -> Any:
        """The request with the cached token (in the body or the query string); when
        AutoCall refuses that token, once more with a new one, and never a third time."""
        token = await self._ensure_token()
        try:
            return await self._request(request, token, wire)
        except AutoCallError as error:
            if not error.auth_rejected:
                raise
            log.info(
                "AutoCall refused the token on %s; asking for a new one, replaying once",
                request.path,
            )
        if wire is not None:
            wire.sent = False  # a refused token processed nothing: that request added nothing
        token = await self._ensure_token(stale=token)
        return await self._request(request, token, wire)

    async def _request(self, request: _Request, token: str | None, wire: Wire | None = None) -> Any:
        """One exchange, tried once more only if the connection could not be opened at all."""
        return await once_more_if_unconnected(
            lambda: self._exchange(request, token, wire), "autocall_cannot_connect", self.host
        )

    async def _exchange(self, request: _Request, token: str | None, told: Wire | None) -> Any:
        if self._refused_url is not None:
            raise AutoCallError("autocall_base_url_invalid", "failed", **self._refused_url)
        if not self._base_url:
            raise AutoCallError("autocall_base_url_invalid", "failed", value="", url_problem="host")
        budget = self.timeout_s
        wire = Wire()
        tracer = Tracer((wire, told) if told is not None else (wire,), request.body_out)
        phase = request.phase
        params, body = request.sent_with(token)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        built = self._http.build_request(
            request.method,
            self._base_url + request.path,
            params=params,
            content=body,
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
            raise _lost(phase, wire.sent, "timeout", self.host) from None
        except httpx.HTTPError as exc:
            sent = wire.sent and not isinstance(exc, httpx.ConnectError)
            raise _lost(phase, sent, network_reason(exc), self.host) from None
        status = response.status_code
        # The path only: the query holds the secret key or the token (and were a URL ever
        # logged, redact() takes them out first).
        log.info(
            "%s %s -> HTTP %s in %.0f ms",
            request.method,
            redact(request.path),
            status,
            (time.perf_counter() - started) * 1000,
        )
        if content is None:
            log.warning(
                "the answer to %s is over %d bytes: not read", request.path, MAX_ANSWER_BYTES
            )
            raise _unreadable(phase, status)
        try:
            return _results(status, content, phase)
        except AutoCallError:
            raise
        except Exception as exc:
            # Whatever an answer does to the parser, the request has left: "unknown" for an
            # import, never a traceback with the batch left `sending`.
            log.warning("unreadable answer to %s: %s", request.path, type(exc).__name__)
            raise _unreadable(phase, status) from None


def _json(value: Any) -> bytes:
    """`value` as JSON the way httpx writes a json= body (its encode_json): orjson writes
    the same bytes for what is sent here (strings, numbers, lists, objects), 15 times as
    fast (a batch of 200 contacts: 6 µs, json.dumps 100 µs)."""
    return orjson.dumps(value)


def _checked(campaign: str) -> str:
    if not valid_id(campaign):
        raise AutoCallError("autocall_campaign_invalid", "failed", campaign=shown(campaign, 40))
    return campaign


def _paging(start_ms: int | None, end_ms: int, limit: int, offset: int) -> dict[str, str]:
    query = {"end_time": str(int(end_ms)), "limit": str(int(limit)), "offset": str(int(offset))}
    if start_ms is not None:
        query["start_time"] = str(max(0, int(start_ms)))
    return query


def _page(results: Any, campaign: str | None) -> CallsPage:
    if not isinstance(results, Mapping) or not isinstance(results.get("calls"), list):
        raise AutoCallError("autocall_read_failed", "failed", http_status=200, detail="HTTP 200")
    items = results["calls"]
    total = results.get("total")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        total = len(items)
    calls: list[CampaignCall] = []
    for item in items:
        owner = campaign
        if owner is None and isinstance(item, Mapping):
            given = item.get("campaign_id")
            owner = clean(str(given), 64) or None if isinstance(given, str | int) else None
        call = parse_call(item, owner)
        if call is not None:
            calls.append(call)
    return CallsPage(calls, len(items), total)


def _lost(phase: str, sent: bool, reason: str, host: str) -> AutoCallError:
    """The error for an exchange that ended without an answer: whether it may have been
    processed depends on the request having left, and on what it was."""
    if not sent:
        if reason == "timeout":
            return AutoCallError("autocall_timeout_before_sending", "failed")
        return AutoCallError("autocall_cannot_connect", "failed", host=host, reason=reason)
    if phase == "push":
        return AutoCallError("autocall_no_answer", "unknown", reason=reason)
    if phase == "token":
        return AutoCallError("autocall_no_token", "failed", reason=reason)
    return AutoCallError("autocall_read_failed", "failed", reason=reason)


def _unreadable(phase: str, status: int) -> AutoCallError:
    if phase == "push":
        if status >= 500:
            return AutoCallError("autocall_server_error", "unknown", http_status=status)
        return AutoCallError("autocall_bad_answer", "unknown", http_status=status)
    if phase == "token":
        return AutoCallError("autocall_bad_token_answer", "failed", http_status=status)
    return AutoCallError(
        "autocall_read_failed", "failed", http_status=status, detail=f"HTTP {status}"
    )


def _loaded(content: bytes) -> Any:
    """An answer's JSON: orjson reads it twice as fast as json (a batch's answer: 35 µs
    against 75); json reads what orjson refuses but JSON allows (NaN, UTF-16), and an
    answer where orjson made a call id a float: an integer over 64 bits, which orjson
    rounds and json keeps whole (a call id is an identity: never read otherwise than
    AutoCall wrote it)."""
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError:
        return json.loads(content)
    return json.loads(content) if _rounded_call_id(body) else body


def _rounded_call_id(body: Any) -> bool:
    """Whether a call id of `body` (an import's results, a page's calls) is a float."""
    items = body.get("results") if type(body) is dict else None
    if type(items) is dict:
        items = items.get("calls")
    if type(items) is not list:
        return False
    return any(type(item.get("call_id")) is float for item in items if type(item) is dict)


def _results(status: int, content: bytes, phase: str) -> Any:
    """Reads AutoCall's envelope `{"status": 1|0, "code", "message", "results"}`. Success
    is status 1 (the integer, not "1" or true) with an HTTP status under 400; a refusal
    names its code, mapped to the catalogue; anything else is unreadable."""
    try:
        body = _loaded(content) if content else None
    except Exception:  # not JSON, or JSON no parser gets through (RecursionError)
        body = None
    verdict = body.get("status") if isinstance(body, dict) else None
    if not isinstance(body, dict) or type(verdict) is not int or verdict not in (0, 1):
        if status == 401:
            raise AutoCallError(CODES["401"], "rejected", http_status=status)
        if 400 <= status < 500:
            raise AutoCallError(
                "autocall_refused", "rejected", http_status=status, server_message=f"HTTP {status}"
            )
        raise _unreadable(phase, status)
    if verdict == 1 and status < 400:
        return body.get("results")
    code = body.get("code")
    code = str(code) if isinstance(code, str | int) and not isinstance(code, bool) else ""
    code = clean(code, _CODE_CHARS)
    message = body.get("message")
    server_message = (clean(message, MAX_CHARS) or None) if isinstance(message, str) else None
    known = CODES.get(code)
    if known is None and status == 401:
        known = CODES["401"]
    if known is None:
        if status >= 500:
            # An error page dressed as an envelope: the import may have been processed.
            raise AutoCallError(
                "autocall_server_error" if phase == "push" else "autocall_read_failed",
                "unknown" if phase == "push" else "failed",
                http_status=status,
                server_message=server_message,
                detail=f"HTTP {status}",
            )
        raise AutoCallError(
            "autocall_refused",
            "rejected",
            http_status=status,
            server_message=server_message or code or None,
        )
    return _refusal(known, status, server_message)


def _refusal(code: str, status: int, server_message: str | None) -> Any:
    raise AutoCallError(code, "rejected", http_status=status, server_message=server_message)
