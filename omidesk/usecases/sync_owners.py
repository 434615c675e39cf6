"""Learning sticky owners from the company's call history, in the background: an answered
call between an extension and a customer (inbound or outbound) within `routing_sticky_days`
makes that extension an owner of that number.

Never on the request path: the service runs this every minute (by default) beside the
requests, and a failure is recorded and logged, never in the way of an answer. One process
at a time syncs a file (a lease in the file itself), whatever runs beside it: the service's
workers, a `routing sync` from cron."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from omidesk.domain.errors import RATE_LIMITED, OmiDeskError, RemoteError
from omidesk.domain.owners import sticky_pair
from omidesk.usecases.offload import Offload, inline
from omidesk.usecases.owner_lookup import DAY_S
from omidesk.usecases.ports import CallHistorySource

log = logging.getLogger(__name__)

# The default time between two syncs.
INTERVAL_S = 60.0
# A call is written to the history when it ends, under the time it started: each sync
# reads again this far before where the last one stopped, for the calls that were still
# going on then.
OVERLAP_S = 15 * 60.0
# How long a sync may take before another process may start one (a sync killed midway
# leaves its lease behind: it runs out).
LEASE_S = 10 * 60.0
# Learned calls are written this many at a time.
_WRITE_BATCH = 1000


class StickyStore(Protocol):
    """The owners file as the sync writes it (store.owners.OwnersFile). Raises
    StorageError."""

    def take_sync_lease(self, now: float, for_s: float) -> bool: ...

    def sync_state(self, wait_s: float | None = None) -> SyncStateView: ...

    def learn(self, pairs: Iterable[tuple[str, str, float]]) -> int: ...

    def forget_sticky_before(self, when: float) -> int: ...

    def sync_done(self, *, until: float, now: float, calls: int) -> None: ...

    def sync_failed(self, error: str) -> None: ...


class SyncStateView(Protocol):
    @property
    def synced_until(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did: how many calls it read and how many owner pairs they gave, how
    many old pairs it forgot; `skipped` says why it did nothing ("off": no sticky window,
    "running": another process is syncing); `error` the code of a failure."""

    calls: int = 0
    learned: int = 0
    forgotten: int = 0
    since: float | None = None
    until: float | None = None
    skipped: str | None = None
    error: str | None = None
    error_params: dict[str, object] | None = None
    # OMICall refused the read ("rejected": a rate limit, a wrong API key) or it failed.
    refused: bool = False


class SyncOwners:
    """One sync at a time of the sticky owners from `history` into `store`."""

    def __init__(
        self,
        store: StickyStore,
        history: CallHistorySource | None,
        *,
        sticky_days: float,
        offload: Offload = inline,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.history = history
        self.sticky_days = sticky_days
        self._offload = offload
        self.clock = clock
        self._sleep = sleep

    async def sync_once(self) -> SyncReport:
        """Reads the calls since the last sync (less OVERLAP_S; the whole window the first
        time) and learns their owners; forgets the pairs older than the window. A failure
        to read the history is recorded in the file and returned, never raised (a store
        failure is raised: nothing could be recorded)."""
        if self.sticky_days <= 0:
            return SyncReport(skipped="off")
        if self.history is None:
            # Recorded like a failure, so that /healthz and /metrics say why no sticky
            # owner is ever learned.
            await self._offload(self.store.sync_failed, "routing_no_history")
            return SyncReport(skipped="not_configured", error="routing_no_history")
        now = self.clock()
        if not await self._offload(self.store.take_sync_lease, now, LEASE_S):
            return SyncReport(skipped="running")
        window_start = now - self.sticky_days * DAY_S
        state = await self._offload(self.store.sync_state)
        since = window_start
        if state.synced_until is not None:
            since = max(window_start, state.synced_until - OVERLAP_S)
        calls = learned = 0
        pending: list[tuple[str, str, float]] = []
        try:
            async for call in self.history.company_calls(since, now):
                calls += 1
                pair = sticky_pair(call, window_start)
                if pair is not None:
                    pending.append(pair)
                if len(pending) >= _WRITE_BATCH:
                    batch, pending = pending, []
                    learned += await self._offload(self.store.learn, batch)
        except OmiDeskError as error:
            log.warning("owner sync: the call history could not be read: %s", error)
            await self._offload(self.store.sync_failed, error.code)
            return SyncReport(
                calls=calls,
                learned=learned,
                since=since,
                until=now,
                error=error.code,
                error_params=dict(error.params),
                refused=isinstance(error, RemoteError) and error.consequence == "rejected",
            )
        except BaseException:
            await self._offload(self.store.sync_failed, "interrupted")
            raise
        learned += await self._offload(self.store.learn, pending)
        forgotten = await self._offload(self.store.forget_sticky_before, window_start)
        await self._offload(self.store.sync_done, until=now, now=now, calls=calls)
        log.info(
            "owner sync: %d calls read, %d owner pairs, %d forgotten", calls, learned, forgotten
        )
        return SyncReport(calls, learned, forgotten, since, now)

    async def run_forever(self, interval_s: float = INTERVAL_S) -> None:
        """Syncs every `interval_s` until cancelled. Nothing stops it but the cancel: a
        failure (OMICall down, the file locked) is logged and the next sync comes. After a
        rate limit the next sync waits as long as OMICall asked (the history reader's
        back-off), not just the interval: asking sooner would only be refused again."""
        while True:
            wait = interval_s
            try:
                report = await self.sync_once()
                if report.error == RATE_LIMITED:
                    wait = max(wait, _seconds((report.error_params or {}).get("retry_in_s")))
            except asyncio.CancelledError:
                raise
            except OmiDeskError as error:
                log.warning("owner sync failed: %s", error)
            except Exception:
                log.exception("owner sync: unexpected error")
            await self._sleep(wait)


def _seconds(value: object) -> float:
    """A wait in seconds from an error's details (0 when there is none)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return 0.0
