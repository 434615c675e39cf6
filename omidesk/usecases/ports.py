"""The ports: what the use cases need of the adapters, as small Protocols.

A use case names these, never an adapter: the store (store.calls.CallStore), the OMICall
client (omicall.client.OmiCallClient) and the import journal implement them, the
composition root (services.py) plugs them in, and the rules get fast tests with
in-memory ones (tests/test_dial_rules.py). Failures cross a port as the domain's errors
(domain.errors): StorageError from a store, RemoteError from a remote service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol, Unpack

from omidesk.domain.call_results import (
    HistoryPage,
    HistoryQuery,
    PendingLookup,
    Recorded,
    SeenCall,
)
from omidesk.domain.contacts import Contact
from omidesk.domain.crm_contacts import CrmContact, CrmPage
from omidesk.domain.records import CallRecord, CallStatus, Ending, FinalCall, NewCall
from omidesk.domain.wire import Wire


class CallLog(Protocol):
    """Where every attempt is written before its request leaves, then finished.

    The writes are awaited: one may wait for another writer (an import) without blocking
    the event loop. Each raises StorageError when the log cannot be written."""

    async def start_async(self, **call: Unpack[NewCall]) -> int | None:
        """Writes the `placing` record and returns its id; None when an attempt made since
        `unless_since` forbids it (check and write are one atomic step)."""
        ...

    async def finish_async(
        self, call_id: int, status: CallStatus, **ending: Unpack[Ending]
    ) -> None: ...

    async def add_final_async(self, **call: Unpack[FinalCall]) -> int:
        """Records an attempt that could not be sent (not set up)."""
        ...

    async def recover_interrupted_async(self) -> int:
        """Marks `unknown` the records a crashed process left `placing`; how many."""
        ...

    def last_live(self, e164: str, since: float) -> CallRecord | None:
        """The newest attempt on this number since `since` that may have rung a phone."""
        ...

    def get(self, call_id: int) -> CallRecord | None: ...


class Click2Call(Protocol):
    """OMICall's click2call: ring the agent's extension and bridge it to a number.

    Sends each request once: never again by itself, whatever happens (the dialer decides
    the one replay allowed, after a refused token). Raises RemoteError, whose `consequence`
    says whether a phone may ring, and marks `wire.sent` as soon as the request may have
    left, which alone tells when the dial is cancelled."""

    def configure(
        self, base_url: str, api_key: str | None, *, timeout_s: float | None = None
    ) -> None: ...

    async def click2call(
        self,
        extension: str,
        hotline: str,
        phone_number: str,
        *,
        deadline: float | None = None,
        wire: Wire | None = None,
    ) -> str:
        """The call_uuid OMICall gave the call."""
        ...


class InterruptedCalls(Protocol):
    """The call log, as the recovery after a crash sees it (store.calls.CallStore)."""

    def recover_interrupted(self) -> int:
        """Marks `unknown` the records a crashed process left `placing`; how many."""
        ...


class ImportJournal(Protocol):
    """What contact imports cut short by a crash left half written, to be undone
    (store.import_journal.Journal). Raises StorageError."""

    def abandoned(self) -> list[int]:
        """The runs no live process is still writing: a quick read."""
        ...

    def undo_abandoned(self) -> int:
        """Undoes them, batch by batch (seconds for 100,000 contacts); how many runs."""
        ...


# --- how calls ended: OMICall's call history, its CRM, and where their answers are kept ----


class HistorySearch(Protocol):
    """The searches of one throttled read of OMICall's call history."""

    def search(self, query: HistoryQuery) -> AsyncIterator[HistoryPage]:
        """Every page of the answer, one after the other, read into CallResults."""
        ...


class CallHistory(Protocol):
    """OMICall's call history (omicall.history.HistoryReader). Raises RemoteError; code
    `rate_limited` (with `retry_in_s`) when OMICall asked to slow down, at once while the
    back-off runs."""

    def session(self) -> AbstractAsyncContextManager[HistorySearch]:
        """One read (a sync, a lookup): at most one starts every few seconds per process."""
        ...


class CallResults(Protocol):
    """Where how calls ended is kept (store.call_results.CallResultStore). Synchronous:
    the use cases call it from a worker thread. Raises StorageError."""

    def pending_lookups(self) -> list[PendingLookup]: ...

    def reschedule(self, lookups: Iterable[PendingLookup]) -> None: ...

    def give_up(self, call_ids: Sequence[int]) -> None: ...

    def record(
        self, calls: Sequence[SeenCall], *, add: bool = True, now: float | None = None
    ) -> Recorded: ...

    def synced_to(self, account: str) -> float | None: ...

    def set_synced_to(self, account: str, synced_to: float) -> None: ...


class CrmLookup(Protocol):
    """OMICall's CRM contacts (omicall.crm.CrmClient). Raises RemoteError."""

    async def by_phone(self, number: str) -> CrmContact | None: ...

    async def search(self, keyword: str, page: int = 1, size: int = 20) -> CrmPage: ...


class NameCache(Protocol):
    """OMICall's names for numbers, cached (store.omicall_names.OmiCallNames)."""

    def cached(self, e164s: Iterable[str], since: float) -> dict[str, str | None]: ...

    def put(self, e164: str, name: str | None, at: float | None = None) -> None: ...


class LocalContacts(Protocol):
    """The agent's own contacts (store.contacts.ContactStore), as names need them."""

    def names_for(self, e164s: Iterable[str]) -> dict[str, str]: ...

    def find_duplicate(self, contact: Contact) -> int | None: ...

    def add(self, contact: Contact) -> int: ...
