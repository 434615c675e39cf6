"""The name for a number: the agent's own contacts first, then OMICall's CRM.

A number with no local contact is looked up in OMICall (`contacts/get`) once a day at
most: the answer, a name or "no contact", is cached in the store, and never more than one
lookup per number is in flight (the field hint, the result, Recent calls and the confirm
window may all ask at once). A failed lookup is a missing name, never an error shown: it is
asked again the next time. "Search OMICall" searches the CRM by keyword, and a result can
be saved as a local contact."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

from omidesk.domain.crm_contacts import CrmContact, CrmPage
from omidesk.domain.errors import RATE_LIMITED, RemoteError, StorageError
from omidesk.domain.numbers import DialFormat, PhoneNumber, normalise
from omidesk.usecases.offload import Offload, inline
from omidesk.usecases.ports import CrmLookup, LocalContacts, NameCache

log = logging.getLogger(__name__)


CACHE_S = 86400.0
# Lookups at once when many numbers want a name (`omidesk history --sync`).
IN_FLIGHT = 4


class ContactNames:
    """Answers "the name for this number" from local contacts, then OMICall's CRM."""

    def __init__(
        self,
        local: LocalContacts,
        cache: NameCache,
        crm: CrmLookup | None,
        *,
        clock: Callable[[], float] = time.time,
        offload: Offload = inline,
        ready: Callable[[], bool] = lambda: True,
    ) -> None:
        self.local = local
        self.cache = cache
        # None where there is no OMICall account (not set up): local names only.
        self.crm = crm
        # Whether the account is set up now (it can be set up while the window runs): a
        # lookup before that would only fail, once per number shown, and fill the log.
        self._ready = ready
        self._clock = clock
        self._offload = offload
        self._in_flight: dict[str, asyncio.Future[str | None]] = {}
        self._paused_until = 0.0

    def known(self, e164s: Iterable[str]) -> dict[str, str]:
        """The names known without asking anyone (local contacts, then OMICall's cached
        names): a quick read, for painting a list. Numbers with no name are left out."""
        wanted = set(e164s)
        try:
            names = dict(self.local.names_for(wanted))
            rest = wanted - names.keys()
            if rest:
                cached = self.cache.cached(rest, self._clock() - CACHE_S)
                names.update({e164: name for e164, name in cached.items() if name})
        except StorageError as error:
            log.warning("cannot read contact names: %s", error.code)
            return {}
        return names

    def name_of(self, e164: str | None) -> str | None:
        """The name known now for one number (local, or OMICall's cached), or None: for
        the places that show a number at once (the dial field's hint, the result, the
        confirm window, the tray), which must not wait for OMICall."""
        if not e164:
            return None
        return self.known([e164]).get(e164)

    async def name_for(self, e164: str) -> str | None:
        """The name for `e164`: local contact, cached OMICall name, else one lookup in
        OMICall (shared by everyone asking meanwhile). None when nobody knows one."""
        known = self.known([e164])
        if e164 in known:
            return known[e164]
        if self.crm is None or not self._ready() or await self._asked_today(e164):
            return None
        running = self._in_flight.get(e164)
        if running is None:
            running = asyncio.ensure_future(self._look_up(e164))
            self._in_flight[e164] = running
            running.add_done_callback(lambda _: self._in_flight.pop(e164, None))
        return await asyncio.shield(running)

    async def names_for(self, e164s: Iterable[str]) -> dict[str, str]:
        """Names for many numbers, looking up those no one knows (IN_FLIGHT at a time)."""
        wanted = sorted(set(e164s))
        names = self.known(wanted)
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def one(e164: str) -> None:
            async with gate:
                name = await self.name_for(e164)
            if name:
                names[e164] = name

        await asyncio.gather(*(one(e164) for e164 in wanted if e164 not in names))
        return names

    async def _asked_today(self, e164: str) -> bool:
        """Whether OMICall was asked about `e164` within a day (it has no contact then)."""
        try:
            cached = await self._offload(self.cache.cached, [e164], self._clock() - CACHE_S)
        except StorageError:
            return False
        return e164 in cached

    async def _look_up(self, e164: str) -> str | None:
        if self._clock() < self._paused_until:
            return None
        number = normalise(e164, DialFormat.NATIONAL)
        asked = number.dial if isinstance(number, PhoneNumber) else e164
        assert self.crm is not None
        try:
            contact = await self.crm.by_phone(asked)
        except RemoteError as error:
            if error.code == RATE_LIMITED:
                wait = error.params.get("retry_in_s")
                self._paused_until = self._clock() + (wait if isinstance(wait, int | float) else 60)
            log.info("no OMICall name for a number now: %s", error.code)
            return None
        name = contact.name if contact is not None and contact.name else None
        try:
            await self._offload(self.cache.put, e164, name)
        except StorageError as error:
            log.warning("cannot cache OMICall's name: %s", error.code)
        return name

    async def stop(self) -> None:
        """Cancels the lookups in flight and waits for them to unwind: before the HTTP
        client closes, so that no request is left on a connection nobody closes."""
        running = list(self._in_flight.values())
        for lookup in running:
            lookup.cancel()
        if running:
            await asyncio.wait(running, timeout=5)

    # --- "Search OMICall" ---------------------------------------------------------------------

    async def search_omicall(self, keyword: str, page: int = 1, size: int = 20) -> CrmPage:
        """OMICall's contacts matching `keyword` (a name, with or without accents, or a
        few digits). Raises RemoteError; nothing where there is no account."""
        if self.crm is None or not keyword.strip():
            return CrmPage(())
        return await self.crm.search(keyword.strip(), page, size)

    async def save_locally(self, contact: CrmContact, lang: str = "en") -> tuple[int, bool]:
        """Saves an OMICall contact as a local one: its id, and whether it is new (the
        same name with a number in common is the contact already saved). StorageError."""
        local = contact.to_contact(lang)

        def save() -> tuple[int, bool]:
            existing = self.local.find_duplicate(local)
            if existing is not None:
                return existing, False
            return self.local.add(local), True

        return await self._offload(save)
