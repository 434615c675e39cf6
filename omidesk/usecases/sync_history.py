"""The agent's own calls from OMICall's call history, into the local history: inbound calls
(answered or missed) and calls dialled on the phone itself, the last 7 days the first time,
then what is new since the last sync.

A call already recorded (OmiDesk placed it, or an earlier sync saw it) is matched by its
call_uuid and only gains its outcome: the same call is never stored twice. A missed inbound
call stays "to return" until the agent calls that number (through OmiDesk, or on the
phone, as the history then shows) or answers it when it calls again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from omidesk.domain.call_results import Direction, HistoryQuery, seen_call
from omidesk.domain.errors import RATE_LIMITED, RemoteError, StorageError
from omidesk.usecases.offload import Offload
from omidesk.usecases.ports import CallHistory, CallResults, HistorySearch

log = logging.getLogger(__name__)


FIRST_SYNC_S = 7 * 86400.0
# A call's record appears only after hangup, and is found by when the call started: each
# sync looks this far back before the last one's end, for calls that were still going on.
OVERLAP_S = 2 * 3600.0
# How often the window syncs by itself; after a failure, when OMICall said or a minute.
EVERY_S = 120.0
_RETRY_AFTER_FAILURE_S = 60.0


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync brought: records added, records that gained their outcome, items
    that could not be read or had no customer number (skipped and logged), pages read."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    pages: int = 0


def account_key(base_url: str, extension: str) -> str:
    """Whose history a sync's progress is: another server or extension starts afresh."""
    return f"{base_url.rstrip('/')}#{extension}"


class HistorySync:
    """Syncs an extension's calls. `listeners` are told the id of every record added or
    changed (the window's Recent calls)."""

    def __init__(
        self,
        results: CallResults,
        history: CallHistory,
        *,
        dial_format: Callable[[], str],
        clock: Callable[[], float] = time.time,
        offload: Offload = asyncio.to_thread,
    ) -> None:
        self.results = results
        self.history = history
        self._dial_format = dial_format
        self._clock = clock
        self._offload = offload
        self.listeners: list[Callable[[int], None]] = []
        self._wake = asyncio.Event()
        # The last sync's failure, for the window to show (None after a good one).
        self.failure: RemoteError | StorageError | None = None

    def poke(self) -> None:
        """Sync now (Refresh): the loop stops waiting."""
        self._wake.set()

    async def run(
        self, account: Callable[[], tuple[str, str] | None], every_s: float = EVERY_S
    ) -> None:
        """Syncs `account()` (server, extension; None while not set up) every `every_s`,
        and when poked, for as long as the task runs (the window cancels it on quit).
        Failures are kept in `failure`, logged and tried again later: never raised."""
        while True:
            self._wake.clear()
            delay = every_s
            current = account()
            if current is not None:
                try:
                    await self.sync(*current)
                    self.failure = None
                except RemoteError as error:
                    self.failure = error
                    delay = _retry_in(error, every_s)
                    log.info("history sync failed (%s); again in %.0f s", error.code, delay)
                except StorageError as error:
                    self.failure = error
                    log.warning("history sync could not use the database: %s", error.code)
                except Exception:
                    log.exception("history sync failed")
                    delay = _RETRY_AFTER_FAILURE_S
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def sync(
        self,
        base_url: str,
        extension: str,
        *,
        session: HistorySearch | None = None,
        progress: Callable[[SyncReport], None] | None = None,
    ) -> SyncReport:
        """Fetches the calls of `extension` since the last sync (the last 7 days the first
        time), page after page, each page recorded as it comes (`progress` is told after
        each). Raises RemoteError (what was recorded stays; the next sync goes over it
        again without doubling anything) and StorageError."""
        account = account_key(base_url, extension)
        now = self._clock()
        last = await self._offload(self.results.synced_to, account)
        since = now - FIRST_SYNC_S if last is None else max(now - FIRST_SYNC_S, last - OVERLAP_S)
        query = HistoryQuery(
            from_s=since,
            to_s=now,
            extensions=(extension,),
            directions=(Direction.INBOUND, Direction.OUTBOUND),
        )
        report = SyncReport()
        dial_format = self._dial_format()
        async with self._session(session) as reading:
            async for page in reading.search(query):
                calls = [seen_call(result, dial_format) for result in page.results]
                usable = [call for call in calls if call.number]
                if len(usable) < len(calls):
                    log.warning(
                        "call history: %d call(s) of page %d skipped: no customer number",
                        len(calls) - len(usable),
                        page.number,
                    )
                recorded = await self._offload(self.results.record, usable)
                report = SyncReport(
                    added=report.added + len(recorded.added),
                    updated=report.updated + len(recorded.updated),
                    skipped=report.skipped + page.skipped + len(calls) - len(usable),
                    pages=report.pages + 1,
                )
                self._tell(recorded.changed)
                if progress is not None:
                    progress(report)
        await self._offload(self.results.set_synced_to, account, now)
        log.info(
            "history synced: %d added, %d updated, %d skipped, %d page(s)",
            report.added,
            report.updated,
            report.skipped,
            report.pages,
        )
        return report

    @contextlib.asynccontextmanager
    async def _session(self, given: HistorySearch | None) -> AsyncIterator[HistorySearch]:
        if given is not None:
            yield given
            return
        async with self.history.session() as session:
            yield session

    def _tell(self, record_ids: tuple[int, ...]) -> None:
        for record_id in record_ids:
            for listener in list(self.listeners):
                try:
                    listener(record_id)
                except Exception:
                    log.exception("history listener failed")


def _retry_in(error: RemoteError, every_s: float) -> float:
    if error.code == RATE_LIMITED:
        wait = error.params.get("retry_in_s")
        if isinstance(wait, int | float) and wait > 0:
            return max(float(wait), every_s)
    return min(_RETRY_AFTER_FAILURE_S, every_s)
