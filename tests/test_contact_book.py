"""The contact book and call history use cases over in-memory ports: their rules, no store."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pytest

from omidesk.domain.contacts import Contact, ContactSummary, Phone
from omidesk.domain.errors import StorageError
from omidesk.domain.records import CallRecord, CallStatus
from omidesk.usecases.call_history import CallHistory, search_text
from omidesk.usecases.contact_book import ContactBook


class Full(StorageError):
    """The store's error a person can act on (a StoreError, in the app)."""


class Book:
    """A contact book in memory; `failing` makes every call raise Full."""

    def __init__(self) -> None:
        self.contacts: dict[int, Contact] = {}
        self.failing = False

    def _check(self) -> None:
        if self.failing:
            raise Full("disk full")

    def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]:
        self._check()
        return sorted(self.contacts)[offset : offset + limit]

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]:
        self._check()
        return [ContactSummary.of(self.contacts[i]) for i in ids if i in self.contacts]

    def count(self, query: str = "") -> int:
        self._check()
        return len(self.contacts)

    def get(self, contact_id: int) -> Contact | None:
        self._check()
        return self.contacts.get(contact_id)

    def find_duplicate(self, contact: Contact) -> int | None:
        self._check()
        return next((i for i, c in self.contacts.items() if c.name == contact.name), None)

    async def add_async(self, contact: Contact) -> int:
        await asyncio.sleep(0)  # as the store does while another holds the lock
        self._check()
        contact_id = len(self.contacts) + 1
        self.contacts[contact_id] = Contact(contact.name, contact.phones, id=contact_id)
        return contact_id

    async def update_async(self, contact: Contact) -> None:
        self._check()
        if contact.id not in self.contacts:
            raise LookupError(contact.id)
        self.contacts[contact.id] = contact

    async def delete_async(self, contact_id: int) -> None:
        self._check()
        self.contacts.pop(contact_id, None)

    async def set_favorite_async(self, contact_id: int, favorite: bool) -> None:
        self._check()
        self.contacts[contact_id] = Contact(
            self.contacts[contact_id].name, id=contact_id, favorite=favorite
        )


AN = Contact("Nguyễn Văn An", (Phone.parse("0901 234 567"),))


def test_edits_go_through_and_a_failure_is_said_once_through_one_path() -> None:
    store = Book()
    book = ContactBook(store)
    said: list[Exception] = []
    book.on_failure = said.append
    added = asyncio.run(book.add(AN))
    assert added == 1 and book.page("", 10) == [1]
    assert asyncio.run(book.set_favourite(1, True)) and store.contacts[1].favorite
    store.failing = True
    assert asyncio.run(book.add(AN)) is None
    assert asyncio.run(book.update(AN)) is False
    assert asyncio.run(book.delete(1)) is False
    assert asyncio.run(book.set_favourite(1, False)) is False
    assert [str(error) for error in said] == ["disk full"] * 4
    # A list shows why it could not be read where its rows would be: reads raise.
    with pytest.raises(Full):
        book.page("", 10)
    # Looking for a duplicate while typing is only a comfort: none found, nothing said.
    assert book.find_duplicate(AN) is None
    assert len(said) == 4
    store.failing = False
    assert book.find_duplicate(AN) == store.contacts[1]
    # A contact deleted meanwhile is no store failure: the dialog says it.
    with pytest.raises(LookupError):
        asyncio.run(book.update(Contact("Gone", id=99)))
    assert len(said) == 4


class Calls:
    def __init__(self, records: list[CallRecord]) -> None:
        self.records = records
        self.asked: list[str] = []
        self.failing = False

    def recent(self, limit: int = 100, offset: int = 0, text: str = "") -> list[CallRecord]:
        self.asked.append(text)
        return [r for r in self.records if text in (r.number or "")][offset : offset + limit]

    def count(self, text: str = "") -> int:
        return len(self.recent(1000, 0, text))

    def get(self, call_id: int) -> CallRecord | None:
        return next((r for r in self.records if r.id == call_id), None)

    def hotlines_used(self) -> frozenset[str]:
        if self.failing:
            raise Full("unreadable")
        used = {r.hotline for r in self.records if r.hotline}
        return frozenset({min(used), max(used)} if used else ())

    async def delete_async(self, call_id: int) -> None:
        raise Full("locked")

    async def clear_async(self) -> None:
        self.records.clear()


class Names:
    def __init__(self) -> None:
        self.failing = False

    def names_for(self, e164s: Iterable[str]) -> dict[str, str]:
        if self.failing:
            raise Full("unreadable")
        return {e164: "Nguyễn Văn An" for e164 in e164s if e164 == "+84901234567"}


def record(call_id: int, number: str, e164: str) -> CallRecord:
    return CallRecord(
        id=call_id,
        created_at=float(call_id),
        input=number,
        number=number,
        e164=e164,
        extension="101",
        hotline="",
        source="window",
        status=CallStatus.ACCEPTED,
    )


def test_the_history_filters_numbers_as_digits_and_names_them_when_it_can() -> None:
    calls = Calls(
        [record(1, "0901234567", "+84901234567"), record(2, "0912000111", "+84912000111")]
    )
    names = Names()
    history = CallHistory(calls, names)
    said: list[Exception] = []
    history.on_failure = said.append
    # Typed as the agent writes it, asked for as the store holds it.
    found = history.named(history.recent(10, 0, "+84 90 123"))
    assert calls.asked == [search_text("+84 90 123")] == ["090123"]
    assert [(r.id, r.contact_name) for r in found] == [(1, "Nguyễn Văn An")]
    assert history.matches(found[0], "+84 90 123")
    assert not history.matches(calls.records[1], "+84 90 123")
    # Names are a comfort: without them, the records are still shown.
    names.failing = True
    assert history.named(calls.records) == calls.records
    assert history.names_for(["+84901234567"]) is None
    assert not said
    assert asyncio.run(history.delete(1)) is False
    assert [str(error) for error in said] == ["locked"]
    assert asyncio.run(history.clear()) is True
    assert history.count() == 0


def test_the_history_tells_the_hotlines_used_or_none_when_unreadable() -> None:
    calls = Calls([record(1, "0901234567", "+84901234567")])
    history = CallHistory(calls, Names())
    assert history.hotlines_used() == frozenset()  # no hotline at all (not set up)
    calls.records = [replace(r, hotline="02877788056") for r in calls.records]
    calls.records.append(replace(record(2, "0912000111", "+84912000111"), hotline="02877788056"))
    assert history.hotlines_used() == {"02877788056"}
    calls.records.append(replace(record(3, "0912000112", "+84912000112"), hotline="02873008888"))
    assert len(history.hotlines_used()) == 2
    # Unreadable: one column fewer, nothing said (the list itself says the store failed).
    calls.failing = True
    said: list[Exception] = []
    history.on_failure = said.append
    assert history.hotlines_used() == frozenset()
    assert said == []
