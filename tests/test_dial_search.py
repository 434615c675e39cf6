"""What the dial field offers as the agent types, over a real SQLite file: contacts by name
without accents, company or digits, one entry per number, then numbers from recent calls;
and the names shown for a number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.records import CallStatus
from omidesk.store.calls import CallStore
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.store.omicall_names import OmiCallNames
from omidesk.usecases.dial_search import DialSearch
from omidesk.usecases.names import ContactNames

# SQLite files.
pytestmark = pytest.mark.integration


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[ContactStore, CallStore]]:
    with Database(tmp_path / "omidesk.sqlite3") as db:
        contacts = ContactStore(db)
        contacts.add_many(
            [
                Contact("Trần Quốc Bảo", (Phone.parse("0987 654 321", "di động"),), "Viettel"),
                Contact("Trần Thị Bích Ngọc", (Phone.parse("0912 345 678"),), "FPT Shop"),
                Contact(
                    "Nguyễn Văn An",
                    (Phone.parse("0901 234 567", "mobile"), Phone.parse("028 3822 1234", "office")),
                    "Vinamilk",
                ),
                Contact("Hoàng Gia Bảo", (Phone.parse("abc"),), "Demo"),  # nothing to call
            ]
        )
        yield contacts, CallStore(db)


def called(calls: CallStore, number: str, status: CallStatus, code: str | None = None) -> None:
    e164 = Phone.parse(number).e164
    assert e164 is not None
    record = calls.start(
        input=number, number=number, e164=e164, extension="101", hotline="028", source="window"
    )
    assert record is not None
    calls.finish(record, status, error_code=code)


def test_a_name_without_accents_finds_the_contact(stores) -> None:
    search = DialSearch(*stores)
    first = search.suggest("tran bao")[0]
    assert (first.name, first.number, first.company, first.label) == (
        "Trần Quốc Bảo",
        "0987 654 321",
        "Viettel",
        "di động",
    )
    assert first.e164 == "+84987654321"


def test_a_contact_with_two_numbers_gives_two_entries(stores) -> None:
    entries = DialSearch(*stores).suggest("nguyen van an")
    assert [(e.name, e.number, e.label) for e in entries] == [
        ("Nguyễn Văn An", "0901 234 567", "mobile"),
        ("Nguyễn Văn An", "028 3822 1234", "office"),
    ]


def test_digits_list_only_the_number_holding_them(stores) -> None:
    entries = DialSearch(*stores).suggest("901 234")
    assert [(e.name, e.number) for e in entries] == [("Nguyễn Văn An", "0901 234 567")]
    assert [e.number for e in DialSearch(*stores).suggest("+84 28 38")] == ["028 3822 1234"]


def test_company_finds_the_contact(stores) -> None:
    assert [e.name for e in DialSearch(*stores).suggest("vinamilk")][:1] == ["Nguyễn Văn An"]


def test_a_contact_without_a_valid_number_is_not_offered(stores) -> None:
    assert [e.name for e in DialSearch(*stores).suggest("hoang gia")] == []


def test_entries_carry_how_the_last_call_ended(stores) -> None:
    _contacts, calls = stores
    called(calls, "0987654321", CallStatus.REJECTED, "user_busy")
    (entry,) = DialSearch(*stores).suggest("tran quoc")
    assert entry.last is not None
    assert (entry.last.status, entry.last.error_code) == ("rejected", "user_busy")


def test_recent_numbers_without_a_contact_follow_the_contacts(stores) -> None:
    _contacts, calls = stores
    called(calls, "0933 111 222", CallStatus.ACCEPTED)
    called(calls, "0987 654 321", CallStatus.ACCEPTED)  # a contact's: listed as the contact
    entries = DialSearch(*stores).suggest("09")
    numbers = [(e.name, e.number) for e in entries]
    assert ("", "0933 111 222") in numbers
    assert numbers.count(("Trần Quốc Bảo", "0987 654 321")) == 1
    assert numbers.index(("", "0933 111 222")) == len(numbers) - 1
    unknown = entries[-1]
    assert unknown.last is not None and unknown.last.status == "accepted"


def test_empty_text_offers_the_numbers_called_last(stores) -> None:
    _contacts, calls = stores
    called(calls, "0933 111 222", CallStatus.ACCEPTED)
    called(calls, "0987 654 321", CallStatus.REJECTED, "do_not_call")
    assert [e.number for e in DialSearch(*stores).suggest("")] == ["0987 654 321", "0933 111 222"]


def test_names_for_numbers(stores) -> None:
    contacts, _calls = stores
    names = ContactNames(contacts, OmiCallNames(contacts.db), crm=None)
    assert names.name_of("+84901234567") == "Nguyễn Văn An"
    assert names.name_of("+84909999999") is None
    assert names.name_of(None) is None
    assert names.known(["+84987654321", "+84909999999"]) == {"+84987654321": "Trần Quốc Bảo"}


def test_recent_numbers_are_each_once_at_their_newest_attempt(stores) -> None:
    _contacts, calls = stores
    called(calls, "0933 111 222", CallStatus.REJECTED, "user_busy")
    called(calls, "0944 555 666", CallStatus.ACCEPTED)
    called(calls, "0933 111 222", CallStatus.ACCEPTED)  # the newest attempt on this one
    newest = calls.recent_numbers("", 10)
    assert [(e164, status) for e164, status, _code, _at in newest] == [
        ("+84933111222", "accepted"),
        ("+84944555666", "accepted"),
    ]
    assert [row[0] for row in calls.recent_numbers("", 1)] == ["+84933111222"]
    assert [row[0] for row in calls.recent_numbers("0944", 10)] == ["+84944555666"]
    assert [row[0] for row in calls.recent_numbers("84944", 10)] == ["+84944555666"]
    # Only the last `within` attempts are looked through.
    assert [row[0] for row in calls.recent_numbers("0944", 10, within=1)] == []
    assert calls.recent_numbers("", 0) == []
