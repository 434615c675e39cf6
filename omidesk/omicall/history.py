"""OMICall's call history (CDR): the search, page by page, and the throttle every history
read of this process goes through.

OMICall publishes no limit for v2 but v1 answers `limit_request_30_minute` when polled too
often, so this process starts at most one history read (a sync, or an outcome lookup) every
MIN_GAP_S; the pages of one read follow one another at once. After a rate-limit answer no
read starts until the back-off has passed. A page that failed for want of an answer is a
read: asked again, after a pause (click2call never is; that is the dialer's rule)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from omidesk.domain.call_results import (
    CallResult,
    HistoryPage,
    HistoryQuery,
    MalformedItem,
    parse_call_result,
)
from omidesk.domain.errors import RATE_LIMITED
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.errors import OmiCallError

log = logging.getLogger(__name__)

PAGE_SIZE = 50  # OMICall's largest page
MIN_GAP_S = 5.0
FIRST_BACKOFF_S = 60.0
MAX_BACKOFF_S = 1800.0
# The longest wait a Retry-After may ask for that is believed.
MAX_RETRY_AFTER_S = 3600.0
# Pauses before a page that got no usable answer is asked again, and the failures that are
# worth asking again for (not a missing setting, not a refusal).
READ_RETRIES_S = (1.0, 3.0)
_RETRIED = frozenset({"no_answer", "server_error", "cannot_connect", "timeout_before_sending"})
# An answer that always says "has_next" must not page forever.
MAX_PAGES = 2000
# v2, documented; v3 is announced but its request is not published (OMICALL_API.md).
SEARCH_V2 = "/api/v2/callTransaction/search"

Sleep = Callable[[float], Awaitable[None]]


class Throttle:
    """When the next history read may start: MIN_GAP_S after the last start, and not before
    a rate-limit back-off has passed (60 s, doubling at each limit in a row, up to 30 min;
    longer if OMICall's Retry-After says so)."""

    def __init__(
        self, *, gap_s: float = MIN_GAP_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.gap_s = gap_s
        self.clock = clock
        self._last_start: float | None = None
        self._blocked_until = 0.0
        self._limits = 0  # rate limits in a row

    def gap_left(self) -> float:
        """Seconds until the gap since the last start has passed (0: now)."""
        if self._last_start is None:
            return 0.0
        return max(0.0, self._last_start + self.gap_s - self.clock())

    def backoff_left(self) -> float:
        """Seconds until a rate-limit back-off ends (0: none)."""
        return max(0.0, self._blocked_until - self.clock())

    def started(self) -> None:
        self._last_start = self.clock()

    def limited(self, retry_after_s: float | None = None) -> float:
        """OMICall asked to slow down: how long no read starts from now on."""
        delay = min(FIRST_BACKOFF_S * 2.0**self._limits, MAX_BACKOFF_S)
        if retry_after_s is not None:
            delay = max(delay, min(retry_after_s, MAX_RETRY_AFTER_S))
        self._limits += 1
        self._blocked_until = self.clock() + delay
        return delay

    def answered(self) -> None:
        """A read was answered: the next limit starts the back-off from the beginning."""
        self._limits = 0


@dataclass(frozen=True, slots=True)
class _Request:
    method: str
    path: str
    params: dict[str, str]
    body: dict[str, Any]


def search_request(query: HistoryQuery, page: int, size: int) -> _Request:
    """The one place that knows the history API's version: v2's search, times in ms."""
    body: dict[str, Any] = {}
    if query.from_s is not None:
        body["fromDate"] = int(query.from_s * 1000)
    if query.to_s is not None:
        body["toDate"] = int(query.to_s * 1000)
    if query.call_uuids:
        body["transactionIds"] = list(query.call_uuids)
    if query.extensions:
        body["sipUsers"] = list(query.extensions)
    if query.directions:
        body["directions"] = [str(direction) for direction in query.directions]
    return _Request("POST", SEARCH_V2, {"page": str(page), "size": str(size)}, body)


class HistoryReader:
    """OMICall's call history through the process's OMICall client, throttled. One per
    process (the composition root makes it): the window's outcome lookups and history
    syncs share its throttle."""

    def __init__(
        self,
        client: OmiCallClient,
        *,
        throttle: Throttle | None = None,
        sleep: Sleep = asyncio.sleep,
        page_size: int = PAGE_SIZE,
        retries_s: tuple[float, ...] = READ_RETRIES_S,
    ) -> None:
        self.client = client
        self.throttle = throttle or Throttle()
        self._sleep = sleep
        self.page_size = min(page_size, PAGE_SIZE)
        self._retries_s = retries_s
        self._lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[HistorySession]:
        """One read (a sync, a lookup): waits out the gap since the last start (at most
        MIN_GAP_S); raises the rate-limit error at once while a back-off runs, saying in
        `retry_in_s` when to try again. Its pages, any number of searches, go back to back."""
        async with self._lock:
            backoff = self.throttle.backoff_left()
            if backoff > 0:
                raise OmiCallError(RATE_LIMITED, "rejected", retry_in_s=round(backoff))
            gap = self.throttle.gap_left()
            if gap > 0:
                await self._sleep(gap)
            self.throttle.started()
            yield HistorySession(self)

    async def _page(self, query: HistoryQuery, number: int) -> tuple[Any, list[Any]]:
        """One page's payload and items, asked again after a pause when no usable answer
        came (a read changes nothing); a rate-limit answer starts the back-off."""
        request = search_request(query, number, self.page_size)
        for pause in (*self._retries_s, None):
            try:
                payload = await self.client.authorised(
                    request.method, request.path, params=request.params, json=request.body
                )
            except OmiCallError as error:
                if error.rate_limited:
                    retry_after = error.params.get("retry_after_s")
                    delay = self.throttle.limited(
                        retry_after if isinstance(retry_after, int | float) else None
                    )
                    log.warning(
                        "OMICall asked to slow down (%s): no history read for %.0f s",
                        error.code,
                        delay,
                    )
                    raise OmiCallError(
                        RATE_LIMITED, "rejected", retry_in_s=round(delay), **error.params
                    ) from None
                if error.code not in _RETRIED or pause is None:
                    raise
                log.info("history page %d: %s; asking again in %.0f s", number, error, pause)
                await self._sleep(pause)
                continue
            self.throttle.answered()
            items = _items(payload)
            if items is None:
                raise OmiCallError("bad_read_answer", "failed", http_status=200)
            return payload, items
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


class HistorySession:
    """The searches of one throttled read."""

    def __init__(self, reader: HistoryReader) -> None:
        self._reader = reader

    async def search(self, query: HistoryQuery) -> AsyncIterator[HistoryPage]:
        """Every page of the answer, in OMICall's order, each read as CallResults; an item
        that cannot be read is skipped and logged (never its content: a recording URL may
        grant access by itself)."""
        size = self._reader.page_size
        number = 1
        while number <= MAX_PAGES:
            payload, items = await self._reader._page(query, number)
            results: list[CallResult] = []
            skipped = 0
            for index, item in enumerate(items, start=1):
                try:
                    results.append(parse_call_result(item))
                except MalformedItem as bad:
                    skipped += 1
                    log.warning(
                        "call history: item %d of page %d skipped: %s", index, number, bad.reason
                    )
            total = _int(payload.get("total_pages")) if isinstance(payload, Mapping) else None
            yield HistoryPage(tuple(results), number, skipped, total)
            if not _more(payload, items, number, size):
                return
            number += 1
        log.warning("call history: stopped after %d pages", MAX_PAGES)


def _items(payload: Any) -> list[Any] | None:
    """The items of a page: `payload.items` (a plain list is taken too); None when the
    payload is not a page at all. A success with no payload is an empty page."""
    if payload is None:
        return []
    if isinstance(payload, list):
        return payload
    if isinstance(payload, Mapping):
        items = payload.get("items", [])
        return items if isinstance(items, list) else None
    return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _more(payload: Any, items: list[Any], number: int, size: int) -> bool:
    """Whether another page follows: `has_next`, else `total_pages`, else a full page."""
    if not items:
        return False
    if isinstance(payload, Mapping):
        has_next = payload.get("has_next")
        if isinstance(has_next, bool):
            return has_next
        total = _int(payload.get("total_pages"))
        if total is not None:
            return number < total
    return len(items) >= size
