"""Who owns a customer's number, and why: what the owner-routing service answers OMICall on
an inbound call, and what `omidesk routing lookup` prints.

A lookup never asks OMICall (the sticky owners were learned in the background). The service
reads the owners held in memory (usecases.live_owners), never the file; a command reads the
file, and a read held up by a lock gives up after the store's wait (100 ms) and answers
empty, so OMICall, which waits at most 2 s, moves on in time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, Protocol

from omidesk.domain.errors import StorageError
from omidesk.domain.owner_index import OwnerIndex
from omidesk.domain.owners import NOBODY, Owners, hotline_key, is_number, number_key

log = logging.getLogger(__name__)

DAY_S = 86400.0


class OwnersReader(Protocol):
    """The owners as a lookup reads them: in memory (usecases.live_owners.LiveOwners, the
    service) or from the file (store.owners.OwnersFile, a command)."""

    async def read_owners(
        self, number: str, hotline: str | None, sticky_since: float | None
    ) -> Owners:
        """Raises StorageError: OwnersBusy ("owners_busy") when a lock held the read up
        past its wait, another code when the file cannot be read."""
        ...


class Result(StrEnum):
    """How a lookup ended: what the service's metrics count."""

    OWNER = "owner"  # one or more owners
    NONE = "none"  # a number nobody owns
    INVALID = "invalid"  # not a phone number: answered empty
    BUSY = "busy"  # the file was locked past the wait: answered empty
    ERROR = "error"  # the file could not be read: answered empty


class Lookup(NamedTuple):
    """A lookup's answer: the owners (empty unless `result` is OWNER), the number's key
    (None when it is none), the hotline's, and the error code when the store failed. (A
    named tuple: made on every request the service answers, at half a frozen dataclass's
    cost.)"""

    result: Result
    owners: Owners = NOBODY
    number: str | None = None
    hotline: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Health:
    """What /healthz and /metrics say of the data, read from the owners file at each ask:
    whether it could be read, the counts, the last sync (epoch seconds) and its error."""

    loaded: bool
    numbers: int
    sticky: int
    last_sync_at: float | None
    last_sync_error: str | None
    sticky_days: float


class HeldOwners(Protocol):
    """The owners held in memory (usecases.live_owners.LiveOwners): `index`, None until a
    first load could read the file, and `error`, what kept it from loading."""

    @property
    def index(self) -> OwnerIndex | None: ...

    @property
    def error(self) -> StorageError: ...


class OwnerLookup:
    """Answers "who owns this number" from the owners file (`lookup`, a command) or from
    the owners held in memory (`lookup_now`, the service: `held`). `sticky_days` is the
    window of sticky owners (0: none)."""

    def __init__(
        self,
        reader: OwnersReader,
        *,
        sticky_days: float,
        clock: Callable[[], float] = time.time,
        held: HeldOwners | None = None,
    ) -> None:
        self.reader = reader
        self.sticky_days = sticky_days
        self.clock = clock
        self._held = held

    def sticky_since(self) -> float | None:
        if self.sticky_days <= 0:
            return None
        return self.clock() - self.sticky_days * DAY_S

    async def lookup(self, phone_number: str, sip_number: str = "") -> Lookup:
        """The owners of `phone_number` (any form) for the hotline `sip_number` (any form,
        or empty). Never raises for the store: a failure is a Result, answered empty."""
        key, hotline = _keys(phone_number, sip_number)
        if key is None:
            return Lookup(Result.INVALID, hotline=hotline)
        try:
            owners = await self.reader.read_owners(key, hotline, self.sticky_since())
        except StorageError as error:
            return _failed(error, key, hotline)
        return _found(owners, phone_number, key, hotline)

    def lookup_now(self, phone_number: str, sip_number: str = "") -> Lookup:
        """lookup() from the owners held in memory, without an await: what the service
        answers every request with (a coroutine less a request). Raises RuntimeError for
        a lookup built without them (a command's)."""
        held = self._held
        if held is None:
            raise RuntimeError("this lookup holds no owners in memory")
        # (_keys, sticky_since and _found's usual answer written out: every inbound call
        # asks this. hotline_key gives None for a blank one, from its cache.)
        key = number_key(phone_number)
        hotline = hotline_key(sip_number)
        if key is None:
            return Lookup(Result.INVALID, hotline=hotline)
        index = held.index
        if index is None:
            return _failed(held.error, key, hotline)
        days = self.sticky_days
        owners = index.owners(key, hotline, self.clock() - days * DAY_S if days > 0 else None)
        if owners.owners:
            return _new_lookup(Lookup, (_OWNER, owners, key, hotline, None))
        return _found(owners, phone_number, key, hotline)


def _keys(phone_number: str, sip_number: str) -> tuple[str | None, str | None]:
    """The number's key (None: not a number) and the hotline's (None: none)."""
    return number_key(phone_number), hotline_key(sip_number) if sip_number.strip() else None


_new_lookup = tuple.__new__
_OWNER = Result.OWNER


def _failed(error: StorageError, key: str, hotline: str | None) -> Lookup:
    result = Result.BUSY if error.code == "owners_busy" else Result.ERROR
    return Lookup(result, number=key, hotline=hotline, error=error.code)


def _found(owners: Owners, phone_number: str, key: str, hotline: str | None) -> Lookup:
    if owners.owners:
        # (The service's usual answer: made by tuple.__new__, as Lookup._make makes it,
        # without the Python-level __new__ and its keywords.)
        return _new_lookup(Lookup, (_OWNER, owners, key, hotline, None))
    if not is_number(phone_number):
        # Read by pattern alone, then not found: the core's rules say whether it was a
        # number at all (only here, off the path of the numbers that have owners).
        return Lookup(Result.INVALID, hotline=hotline)
    return Lookup(Result.NONE, number=key, hotline=hotline)
