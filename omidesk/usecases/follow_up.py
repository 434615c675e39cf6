"""How OmiDesk's own calls ended: the accepted calls' outcomes looked up in OMICall's call
history, all pending ones in one request, at growing intervals, for a day.

A call's record appears in the history only after hangup, so each accepted call is asked
for about 20 s after it was accepted, then 1, 2, 5, 10 and 30 minutes after each try, then
hourly; after 24 h without a record it reads "OMICall has no record of this call". The
pending lookups live in the store (a trigger writes one with every accepted call), so a
restart loses none. The window runs `run()` in a task (part of its life, cancelled on
quit) and asks `look_up(everything=True)` on Refresh; `omidesk history --sync` asks it
once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from omidesk.domain.call_results import HistoryQuery, PendingLookup, SeenCall, seen_call
from omidesk.domain.errors import RATE_LIMITED, RemoteError, StorageError
from omidesk.usecases.offload import Offload
from omidesk.usecases.ports import CallHistory, CallResults, HistorySearch

log = logging.getLogger(__name__)


# Seconds after acceptance to the first try, then after each try to the next.
DELAYS_S: tuple[float, ...] = (20.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
HOURLY_S = 3600.0
GIVE_UP_AFTER_S = 24 * 3600.0
# Ids per request: one page of the answer each.
BATCH = 50
# OMICall's clock and ours may differ; a call is looked for in a window this much wider.
_CLOCK_MARGIN_S = 3600.0
# How long the loop waits after a failure it has no better hint for.
_RETRY_AFTER_FAILURE_S = 60.0


def due_at(lookup: PendingLookup) -> float:
    """When `lookup` is asked for next."""
    if lookup.next_at is None:
        return lookup.accepted_at + DELAYS_S[0]
    return lookup.next_at


def after_try(lookup: PendingLookup, now: float) -> PendingLookup:
    """`lookup` once asked for at `now` without an answer: tried once more, due later."""
    tries = lookup.tries + 1
    delay = DELAYS_S[tries] if tries < len(DELAYS_S) else HOURLY_S
    return replace(lookup, tries=tries, next_at=now + delay)


@dataclass(frozen=True, slots=True)
class FollowUpReport:
    """What one pass found: the records that got their outcome, those given up."""

    asked: int = 0
    found: tuple[int, ...] = ()
    gave_up: tuple[int, ...] = ()
    skipped: int = 0


class FollowUp:
    """Looks the pending outcomes up. `listeners` are told the id of every record that
    changed (the window's Recent calls and status panel)."""

    def __init__(
        self,
        results: CallResults,
        history: CallHistory,
        *,
        dial_format: Callable[[], str],
        clock: Callable[[], float] = time.time,
        offload: Offload = asyncio.to_thread,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.results = results
        self.history = history
        self._dial_format = dial_format
        self._clock = clock
        self._offload = offload
        self._sleep = sleep
        self._wake = asyncio.Event()
        self.listeners: list[Callable[[int], None]] = []

    def poke(self, _record_id: int | None = None) -> None:
        """A call may have been accepted: the loop looks at its schedule again. (A
        Dialer listener: it takes the record id, which it does not need.)"""
        self._wake.set()

    async def look_up(
        self, *, everything: bool = False, session: HistorySearch | None = None
    ) -> FollowUpReport:
        """One pass: when any lookup is due (or `everything`: Refresh, `--sync`), asks for
        every pending call at once and records what came back; gives up the calls a day
        old with no record. Raises RemoteError (the rest is tried again later) and
        StorageError."""
        now = self._clock()
        pending: list[PendingLookup] = await self._offload(self.results.pending_lookups)
        if not pending:
            return FollowUpReport()
        if not everything and all(due_at(lookup) > now for lookup in pending):
            return FollowUpReport()
        async with self._session(session) as reading:
            found, changed, skipped = await self._ask(reading, pending, now)
        asked_at = self._clock()
        missing = [lookup for lookup in pending if lookup.call_id not in found]
        expired = [
            lookup.call_id for lookup in missing if asked_at - lookup.accepted_at >= GIVE_UP_AFTER_S
        ]
        later = [
            after_try(lookup, asked_at)
            for lookup in missing
            if lookup.call_id not in expired and (everything or due_at(lookup) <= now)
        ]
        if later:
            await self._offload(self.results.reschedule, later)
        if expired:
            log.info("OMICall has no record of %d call(s) after a day: asked no more", len(expired))
            await self._offload(self.results.give_up, expired)
        self._tell([*changed, *expired])
        return FollowUpReport(len(pending), tuple(sorted(found)), tuple(expired), skipped)

    @contextlib.asynccontextmanager
    async def _session(self, given: HistorySearch | None) -> AsyncIterator[HistorySearch]:
        if given is not None:
            yield given
            return
        async with self.history.session() as session:
            yield session

    async def _ask(
        self, session: HistorySearch, pending: Sequence[PendingLookup], now: float
    ) -> tuple[set[int], set[int], int]:
        """Asks for the pending calls, BATCH ids a request, and records every outcome that
        came back; the ids of the records found, of those whose outcome changed, and how
        many items were skipped."""
        by_uuid = {lookup.call_uuid: lookup.call_id for lookup in pending}
        found: set[int] = set()
        changed: set[int] = set()
        skipped = 0
        uuids = list(by_uuid)
        for first in range(0, len(uuids), BATCH):
            batch = tuple(uuids[first : first + BATCH])
            accepted = [lookup.accepted_at for lookup in pending if lookup.call_uuid in batch]
            query = HistoryQuery(
                from_s=min(accepted) - _CLOCK_MARGIN_S,
                to_s=now + _CLOCK_MARGIN_S,
                call_uuids=batch,
            )
            async for page in session.search(query):
                skipped += page.skipped
                calls: list[SeenCall] = [
                    seen_call(result, self._dial_format())
                    for result in page.results
                    if result.call_uuid in by_uuid
                ]
                if calls:
                    # Only the calls asked for: one deleted meanwhile is not added back.
                    recorded = await self._offload(self.results.record, calls, add=False)
                    found.update(recorded.matched)
                    changed.update(recorded.updated)
        return found, changed, skipped

    def _tell(self, record_ids: Sequence[int]) -> None:
        for record_id in record_ids:
            for listener in list(self.listeners):
                try:
                    listener(record_id)
                except Exception:
                    log.exception("call-result listener failed")

    # --- the window's loop ------------------------------------------------------------------

    async def next_due_in(self) -> float | None:
        """Seconds until the next lookup is due (0: now), None when none is pending."""
        pending: list[PendingLookup] = await self._offload(self.results.pending_lookups)
        if not pending:
            return None
        return max(0.0, min(due_at(lookup) for lookup in pending) - self._clock())

    async def run(self) -> None:
        """Looks outcomes up as they fall due, for as long as the task runs (the window
        cancels it on quit). Failures are logged and tried again later: never raised."""
        while True:
            self._wake.clear()
            try:
                delay = await self.next_due_in()
                if delay is not None and delay <= 0:
                    await self.look_up()
                    continue
            except RemoteError as error:
                delay = _retry_in(error)
                log.info("outcome lookup failed (%s); trying again in %.0f s", error.code, delay)
            except StorageError as error:
                delay = _RETRY_AFTER_FAILURE_S
                log.warning("outcome lookup could not use the database: %s", error.code)
            except Exception:
                delay = _RETRY_AFTER_FAILURE_S
                log.exception("outcome lookup failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)


def _retry_in(error: RemoteError) -> float:
    """When to ask again after `error`: when OMICall said, else a minute."""
    if error.code == RATE_LIMITED:
        wait = error.params.get("retry_in_s")
        if isinstance(wait, int | float) and wait > 0:
            return float(wait)
    return _RETRY_AFTER_FAILURE_S
