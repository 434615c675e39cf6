"""The owner rules without I/O: tiers, the answer, the keys numbers are stored under, the
CSV columns, and the sync of sticky owners over an in-memory history and store."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field

import pytest

from omidesk.domain.errors import RATE_LIMITED, RemoteError
from omidesk.domain.numbers import PhoneNumber, normalise, search_digits
from omidesk.domain.owners import (
    MAX_NUMBER_TEXT,
    HistoryCall,
    LeftOut,
    RowProblem,
    Tier,
    ValueProblem,
    choose,
    hotline_key,
    is_number,
    mask,
    number_key,
    owner_columns,
    read_owner_row,
    split_extensions,
)
from omidesk.usecases.sync_owners import OVERLAP_S, SyncOwners

DAY = 86400.0
NOW = 1_800_000_000.0


def test_the_tiers_in_order_without_duplicates_at_most_five():
    owners = choose(["104", "101"], ["101", "102", "103"], [("105", NOW), ("106", NOW - 1)])
    assert owners.body == "104:101:102:103:105"
    assert [why.tier for why in owners.owners] == [Tier.HOTLINE] * 2 + [Tier.ANY] * 2 + [
        Tier.STICKY
    ]
    assert owners.owners[-1].last_call_at == NOW


def test_nobody_is_an_empty_body():
    assert choose([], [], []).body == ""


@pytest.mark.parametrize(
    "written", ["0901234567", "84901234567", "+84901234567", "0084901234567", " 0901234567 "]
)
def test_every_form_of_a_mobile_has_one_key(written: str):
    assert number_key(written) == "+84901234567"


@pytest.mark.parametrize("written", ["842877788056", "02877788056", "+842877788056"])
def test_every_form_of_a_hotline_has_one_key(written: str):
    assert hotline_key(written) == "+842877788056"
    assert number_key(written) == "+842877788056"


def test_old_mobiles_and_service_numbers_go_through_the_core_rules():
    assert number_key("01662345678") == "+84362345678"
    assert number_key("19001234") == "+8419001234"
    assert number_key("hello") is None


# What a fuzz found: one number written again and again read as that one number.
REPEATED = "+84 90 123 4567" * 10_000


@pytest.mark.parametrize(
    "text",
    [
        REPEATED,
        "+84 90 123 4567" * 2,
        "0901234567 0901234567",
        "0901234567, 0912345678",
        "0901234567 / 0901 234 567",
        # One number, but more text than any number is written with: not read at all.
        "0901234567" + " " * 20 + "and then some text",
    ],
)
def test_repeated_huge_or_several_numbers_are_no_number(text: str):
    assert number_key(text) is None
    assert is_number(text) is False
    assert hotline_key(text) is None


def test_the_longest_usual_ways_of_writing_one_number_are_still_read():
    for written in ("0084 (0) 90-123-45-67", "+84 (0) 90 123 45 67", "Tel: 0901.234.567"):
        assert len(written) <= MAX_NUMBER_TEXT
        assert number_key(written) == "+84901234567", written
        assert is_number(written), written
    # Blanks around the number are not part of it.
    assert number_key(" " * 100 + "0901234567" + " " * 100) == "+84901234567"


def test_a_common_vietnamese_form_is_a_number_exactly_when_the_full_rules_say_so():
    # is_number reads "0", "84", "+84" or "0084" + 9 or 10 digits against the metadata
    # directly: the same verdict as normalise's, on every prefix of both lengths.
    rng = random.Random(16)
    forms = ("0{}", "84{}", "+84{}", "0084{}")
    checked = valid = 0
    for first in "235789":
        for second in "0123456789":
            for _ in range(40):
                length = 10 if first == "2" else 9
                rest = "".join(rng.choice("0123456789") for _ in range(length - 2))
                for form in forms:
                    text = form.format(first + second + rest)
                    found = normalise(text)
                    full = isinstance(found, PhoneNumber) and (
                        search_digits(found.matched_text) == search_digits(text)
                    )
                    assert is_number(text) is full, text
                    checked += 1
                    valid += full
    assert 0 < valid < checked  # both verdicts were given


def test_an_owners_row_with_repeated_text_is_an_invalid_number_quoted_short():
    columns = owner_columns(["Phone", "Owners"])
    assert columns is not None
    row = read_owner_row(2, [REPEATED, "101"], columns)
    assert row.problem is RowProblem.BAD_NUMBER
    assert row.numbers == ()
    assert row.detail.startswith("+84 90 123 4567")
    assert len(row.detail) <= 80 and row.detail.endswith("…")


def test_extensions_in_any_separator():
    assert split_extensions("101:102, 103;104 105  101") == (
        ["101", "102", "103", "104", "105"],
        [],
    )
    assert split_extensions("101 ab 7x") == (["101"], ["ab", "7x"])


def test_the_number_is_masked_in_the_log():
    assert mask("0901234567") == "0901***567"
    assert mask("+84901234567") == "+849***567"
    assert mask("call me") == "***"


def test_columns_in_vietnamese_english_and_an_omidesk_contacts_export():
    assert owner_columns(["Số điện thoại", "Nhân viên phụ trách", "Hotline"]) is not None
    assert owner_columns(["phone", "owners"]) is not None
    export = owner_columns(
        ["Name", "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Value", "Owners"]
    )
    assert export is not None and export.phones == (2, 3) and export.owners == 4
    assert owner_columns(["Name", "Phone"]) is None


def test_a_contact_with_two_numbers_gives_both_its_owners():
    columns = owner_columns(["Name", "Phone 1 - Value", "Phone 2 - Value", "Owners"])
    assert columns is not None
    row = read_owner_row(2, ["An", "0901234567", "not a number", "101:102"], columns)
    assert row.problem is None
    assert row.numbers == ("+84901234567",)
    assert row.left_out == (LeftOut("not a number", ValueProblem.BAD_NUMBER),)


# --- the sync, over in-memory ports --------------------------------------------------------


@dataclass
class Store:
    pairs: dict[tuple[str, str], float] = field(default_factory=dict)
    synced_until: float | None = None
    error: str | None = None
    leased: bool = False

    def take_sync_lease(self, now: float, for_s: float) -> bool:
        return not self.leased

    def sync_state(self, wait_s: float | None = None) -> Store:
        return self

    def learn(self, pairs: Iterable[tuple[str, str, float]]) -> int:
        items = list(pairs)
        for number, extension, when in items:
            key = (number, extension)
            self.pairs[key] = max(self.pairs.get(key, 0.0), when)
        return len(items)

    def forget_sticky_before(self, when: float) -> int:
        old = [key for key, at in self.pairs.items() if at < when]
        for key in old:
            del self.pairs[key]
        return len(old)

    def sync_done(self, *, until: float, now: float, calls: int) -> None:
        self.synced_until, self.error = until, None

    def sync_failed(self, error: str) -> None:
        self.error = error


@dataclass
class History:
    calls: list[HistoryCall]
    asked: list[tuple[float, float]] = field(default_factory=list)
    fail: bool = False
    error: RemoteError | None = None

    async def company_calls(self, since: float, until: float) -> AsyncIterator[HistoryCall]:
        self.asked.append((since, until))
        if self.fail:
            raise RemoteError("cannot_connect", "failed")
        if self.error is not None:
            raise self.error
        for call in self.calls:
            yield call


def call(
    extension: str, answered: bool, days_ago: float, direction: str = "inbound"
) -> HistoryCall:
    return HistoryCall(extension, "0901234567", direction, answered, NOW - days_ago * DAY)


def test_an_answered_call_makes_its_extension_an_owner_and_an_unanswered_one_does_not():
    store = Store()
    history = History(
        [
            call("105", True, 1),
            call("106", False, 1),
            call("107", True, 31),
            call("108", True, 2, "local"),
        ]
    )
    sync = SyncOwners(store, history, sticky_days=30, clock=lambda: NOW)
    report = asyncio.run(sync.sync_once())
    assert report.calls == 4
    assert set(store.pairs) == {("+84901234567", "105")}
    assert history.asked == [(NOW - 30 * DAY, NOW)]


def test_the_next_sync_reads_from_where_the_last_stopped_less_the_overlap():
    store = Store(synced_until=NOW - 60)
    history = History([])
    asyncio.run(SyncOwners(store, history, sticky_days=30, clock=lambda: NOW).sync_once())
    assert history.asked == [(NOW - 60 - OVERLAP_S, NOW)]


def test_a_failed_read_is_recorded_not_raised():
    store = Store()
    report = asyncio.run(
        SyncOwners(store, History([], fail=True), sticky_days=30, clock=lambda: NOW).sync_once()
    )
    assert (report.error, store.error) == ("cannot_connect", "cannot_connect")


def waits_before_the_second_sync(history: History) -> list[float]:
    """How long the sync loop waits after its first sync (the second wait stops it)."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        raise asyncio.CancelledError

    sync = SyncOwners(Store(), history, sticky_days=30, clock=lambda: NOW, sleep=sleep)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(sync.run_forever(60))
    return waits


def test_a_rate_limit_waits_as_long_as_omicall_asked_before_the_next_sync():
    limited = RemoteError(RATE_LIMITED, "rejected", retry_in_s=300)
    assert waits_before_the_second_sync(History([], error=limited)) == [300]


def test_other_failures_and_successes_wait_the_interval():
    assert waits_before_the_second_sync(History([], fail=True)) == [60]
    assert waits_before_the_second_sync(History([call("105", True, 1)])) == [60]


def test_zero_days_turns_sticky_owners_off():
    history = History([call("105", True, 1)])
    report = asyncio.run(SyncOwners(Store(), history, sticky_days=0).sync_once())
    assert report.skipped == "off"
    assert history.asked == []


def test_a_contacts_export_row_with_owners_reads_as_an_owners_row():
    import io

    from omidesk.domain.contacts import Contact, Phone
    from omidesk.usecases.export_contacts import write_csv  # the header it writes

    class Source:
        contacts = (Contact("An", (Phone.parse("0901234567"),), owners=("101", "102"), id=1),)

        def count(self, query: str = "") -> int:
            return 1

        def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]:
            return [1]

        def get_many(self, ids):
            return list(self.contacts)

        def most_numbers(self) -> int:
            return 1

    out = io.StringIO()
    write_csv(Source(), out)
    import csv

    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    columns = owner_columns(header)
    assert columns is not None
    read = read_owner_row(2, row, columns)
    assert (read.numbers, read.extensions) == (("+84901234567",), ("101", "102"))
