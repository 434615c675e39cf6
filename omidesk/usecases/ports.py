"""The ports: what the use cases need of the adapters, as small Protocols.

A use case names these, never an adapter: the store (store.calls.CallStore), the OMICall
client (omicall.client.OmiCallClient) and the import journal implement them, the
composition root (services.py) plugs them in, and the rules get fast tests with
in-memory ones (tests/test_dial_rules.py). Failures cross a port as the domain's errors
(domain.errors): StorageError from a store, RemoteError from a remote service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Unpack

# Types for the signatures only: a use case that imports one port (the dialer: CallLog,
# Click2Call) must not load every other capability's domain (AutoCall, owners, CRM…).
if TYPE_CHECKING:
    from omidesk.domain.autocall.calls import CallsPage, CampaignCall
    from omidesk.domain.autocall.campaigns import Callback
    from omidesk.domain.autocall.push import Accepted, Candidate, Invalid
    from omidesk.domain.call_results import (
        HistoryPage,
        HistoryQuery,
        PendingLookup,
        Recorded,
        SeenCall,
    )
    from omidesk.domain.contacts import Contact
    from omidesk.domain.crm_contacts import CrmContact, CrmPage
    from omidesk.domain.owners import HistoryCall
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


# --- the owner-routing service (issue 16) ----------------------------------------------------


class CallHistorySource(Protocol):
    """The company's call history, as the sync of sticky owners reads it (an adapter over
    OMICall's history search). Raises RemoteError when it cannot be read."""

    def company_calls(self, since: float, until: float) -> AsyncIterator[HistoryCall]:
        """Every call of the company (all extensions, both directions) that started between
        `since` and `until` (epoch seconds), page after page."""
        ...


# --- AutoCall campaigns (issue 17) ------------------------------------------------------------


class PushJournal(Protocol):
    """The push journal (store.autocall.AutoCallStore): each batch written `sending` before
    it leaves, then finished. The writes raise StorageError."""

    def pushed_numbers(self, campaign: str) -> set[str]: ...

    async def remember_campaign(self, campaign_id: str, *, voice_otp: bool = False) -> None: ...

    async def begin_push(self, campaign: str, contacts: int) -> int: ...

    async def batch_sending(
        self, push_id: int, campaign: str, seq: int, numbers: Sequence[str]
    ) -> int: ...

    async def batch_answered(
        self, batch_id: int, accepted: dict[str, str], skipped: Sequence[str]
    ) -> None: ...

    async def batch_ended(
        self, batch_id: int, state: str, code: str, server_message: str | None = None
    ) -> None: ...


class CampaignImport(Protocol):
    """AutoCall's import (autocall.client.AutoCallClient). Sends each batch once, never
    again by itself but after a refused token; raises AutoCallError (a RemoteError) whose
    `consequence` says whether the contacts may have been added, and marks `wire.sent` as
    soon as the request may have left."""

    def encoded(self, contacts: Sequence[dict[str, Any]]) -> bytes:
        """The contacts as the import's body carries them (import_contacts takes either)."""
        ...

    async def import_contacts(
        self,
        campaign: str,
        contacts: Sequence[dict[str, Any]] | bytes,
        *,
        wire: Wire | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> list[Accepted]:
        """`meanwhile()` (never raising) runs once the body has left, before the answer
        is read (again if the request is replayed)."""
        ...


class PushFiles(Protocol):
    """Contacts files read for a push (infra.contact_files). Raises ContactFileError."""

    def push_candidates(
        self,
        path: Path | str,
        *,
        otp_column: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[Candidate | Invalid]: ...


class CallPages(Protocol):
    """AutoCall's export and call log (autocall.client.AutoCallClient); AutoCallError."""

    async def campaign_calls(
        self, campaign: str, *, start_ms: int | None, end_ms: int, limit: int, offset: int
    ) -> CallsPage: ...

    async def user_calls(
        self, *, start_ms: int | None, end_ms: int, limit: int, offset: int
    ) -> CallsPage: ...


class CampaignCalls(Protocol):
    """Where the synced calls go (store.autocall.AutoCallStore); StorageError."""

    def sync_start_ms(self, campaign: str | None) -> int | None: ...

    async def save_calls_async(self, calls: Sequence[CampaignCall], *, user_log: bool) -> None: ...


class CallbackOutcomes(Protocol):
    """Where call-backs are recorded (store.autocall.AutoCallStore); StorageError."""

    async def record_callback(self, call_id: str, status: str, record_id: int | None) -> None: ...

    def callbacks(self, call_ids: Iterable[str]) -> dict[str, Callback]: ...
