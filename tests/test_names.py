"""The name for a number: local contacts first, then OMICall's CRM, cached a day, one lookup
per number in flight; "Search OMICall" and saving a result locally."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

import httpx
import pytest

from omidesk.domain.contacts import Contact
from omidesk.domain.crm_contacts import CrmContact, CrmPage
from omidesk.domain.errors import RATE_LIMITED, RemoteError
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.crm import CrmClient
from omidesk.sandbox.crm import CUSTOMERS
from omidesk.sandbox.server import Sandbox
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.store.omicall_names import OmiCallNames
from omidesk.usecases.names import CACHE_S, ContactNames

MAI = "+84987654321"
STRANGER = "+84999000111"


class Local:
    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names = names or {}
        self.added: list[Contact] = []

    def names_for(self, e164s: Iterable[str]) -> dict[str, str]:
        return {e: self.names[e] for e in e164s if e in self.names}

    def find_duplicate(self, contact: Contact) -> int | None:
        return next((i for i, c in enumerate(self.added, 1) if c.name == contact.name), None)

    def add(self, contact: Contact) -> int:
        self.added.append(contact)
        return len(self.added)


class Cache:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[str | None, float]] = {}

    def cached(self, e164s: Iterable[str], since: float) -> dict[str, str | None]:
        return {e: self.rows[e][0] for e in e164s if e in self.rows and self.rows[e][1] >= since}

    def put(self, e164: str, name: str | None, at: float | None = None) -> None:
        self.rows[e164] = (name, at if at is not None else CLOCK.now)


class Clock:
    now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


CLOCK = Clock()


class Crm:
    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.asked: list[str] = []
        self.gate: asyncio.Event | None = None
        self.failure: RemoteError | None = None

    async def by_phone(self, number: str) -> CrmContact | None:
        self.asked.append(number)
        if self.gate is not None:
            await self.gate.wait()
        if self.failure is not None:
            raise self.failure
        name = self.known.get(number)
        return CrmContact(name=name, phones=(number,)) if name else None

    async def search(self, keyword: str, page: int = 1, size: int = 20) -> CrmPage:
        self.asked.append(f"search:{keyword}")
        return CrmPage((CrmContact(name="Hoàng Thị Mai", phones=("0987654321",)),))


def names(local: Local | None = None, crm: Crm | None = None, cache: Cache | None = None):
    return ContactNames(local or Local(), cache or Cache(), crm, clock=CLOCK)


def test_a_local_contact_wins_and_omicall_is_not_asked() -> None:
    crm = Crm({"0987654321": "Hoàng Thị Mai"})
    got = asyncio.run(names(Local({MAI: "Chị Mai (Vinamilk)"}), crm).name_for(MAI))
    assert got == "Chị Mai (Vinamilk)" and crm.asked == []


def test_omicall_is_not_asked_before_the_account_is_set_up() -> None:
    crm = Crm({"0987654321": "Hoàng Thị Mai"})
    set_up = False
    use_case = ContactNames(Local(), Cache(), crm, clock=CLOCK, ready=lambda: set_up)
    assert asyncio.run(use_case.names_for([MAI])) == {} and crm.asked == []
    set_up = True
    assert asyncio.run(use_case.name_for(MAI)) == "Hoàng Thị Mai"


def test_an_unknown_number_gets_omicalls_name_asked_once_a_day() -> None:
    crm = Crm({"0987654321": "Hoàng Thị Mai"})
    cache = Cache()
    use_case = names(crm=crm, cache=cache)
    assert asyncio.run(use_case.name_for(MAI)) == "Hoàng Thị Mai"
    assert crm.asked == ["0987654321"]  # asked in OMICall's national form
    assert asyncio.run(use_case.name_for(MAI)) == "Hoàng Thị Mai"
    assert use_case.known([MAI]) == {MAI: "Hoàng Thị Mai"}
    assert len(crm.asked) == 1
    CLOCK.now += CACHE_S + 1
    asyncio.run(use_case.name_for(MAI))
    assert len(crm.asked) == 2


def test_no_contact_in_omicall_is_remembered_too() -> None:
    crm = Crm({})
    use_case = names(crm=crm)
    assert asyncio.run(use_case.name_for(STRANGER)) is None
    assert asyncio.run(use_case.name_for(STRANGER)) is None
    assert crm.asked == ["0999000111"]


def test_one_lookup_per_number_in_flight() -> None:
    crm = Crm({"0987654321": "Hoàng Thị Mai"})

    async def many() -> list[str | None]:
        crm.gate = asyncio.Event()
        use_case = names(crm=crm)
        asking = [asyncio.ensure_future(use_case.name_for(MAI)) for _ in range(5)]
        await asyncio.sleep(0)
        crm.gate.set()
        return list(await asyncio.gather(*asking))

    assert asyncio.run(many()) == ["Hoàng Thị Mai"] * 5
    assert crm.asked == ["0987654321"]


def test_a_failed_lookup_is_no_name_and_is_asked_again_later() -> None:
    crm = Crm({"0987654321": "Hoàng Thị Mai"})
    crm.failure = RemoteError("cannot_connect", "failed")
    use_case = names(crm=crm)
    assert asyncio.run(use_case.name_for(MAI)) is None
    crm.failure = None
    assert asyncio.run(use_case.name_for(MAI)) == "Hoàng Thị Mai"


def test_a_rate_limit_pauses_the_lookups() -> None:
    crm = Crm({"0987654321": "Hoàng Thị Mai"})
    crm.failure = RemoteError(RATE_LIMITED, "rejected", retry_in_s=120)
    use_case = names(crm=crm)
    assert asyncio.run(use_case.name_for(MAI)) is None
    crm.failure = None
    assert asyncio.run(use_case.name_for(MAI)) is None  # not asked during the pause
    assert len(crm.asked) == 1
    CLOCK.now += 121
    assert asyncio.run(use_case.name_for(MAI)) == "Hoàng Thị Mai"


def test_without_an_account_only_local_names() -> None:
    assert asyncio.run(names(crm=None).name_for(MAI)) is None


def test_search_omicall_and_save_a_result_locally_once() -> None:
    crm = Crm({})
    local = Local()
    use_case = names(local, crm)
    page = asyncio.run(use_case.search_omicall("  hoang "))
    assert crm.asked == ["search:hoang"]
    [found] = page.contacts
    assert asyncio.run(use_case.save_locally(found, "vi")) == (1, True)
    assert asyncio.run(use_case.save_locally(found, "vi")) == (1, False)
    [saved] = local.added
    assert saved.name == "Hoàng Thị Mai" and saved.phones[0].e164 == MAI
    assert saved.note == "Từ danh bạ OMICall"


@pytest.mark.integration
def test_omicalls_name_for_an_unknown_number_from_the_sandbox(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    with Database(tmp_path / "omidesk.sqlite3") as db:

        async def go() -> tuple[str | None, str | None]:
            async with httpx.AsyncClient() as http:
                client = OmiCallClient(http, sandbox.base_url, sandbox.api_key)
                use_case = ContactNames(ContactStore(db), OmiCallNames(db), CrmClient(client))
                return await use_case.name_for(MAI), await use_case.name_for(STRANGER)

        assert asyncio.run(go()) == (CUSTOMERS[0].name, None)
        # Cached in the store: another process (the next command) knows it without asking.
        again = ContactNames(ContactStore(db), OmiCallNames(db), None)
        assert again.known([MAI, STRANGER]) == {MAI: CUSTOMERS[0].name}
    assert len(sandbox.crm.requests()) == 2
