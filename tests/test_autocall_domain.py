"""AutoCall's domain without a network: calls read defensively, their filters, the OTP
rule, what a batch's answer means, and a push's status."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.autocall.calls import (
    VIETNAM,
    CallFilter,
    CampaignCall,
    called_at,
    e164_of,
    on_this_clock,
    parse_call,
)
from omidesk.domain.autocall.push import (
    Accepted,
    PushContact,
    PushPlan,
    PushReport,
    Stop,
    compare,
    otp_code,
    payload,
)


def test_a_call_is_read_whatever_shape_its_fields_come_in():
    call = parse_call(
        {
            "call_id": 1234,
            "caller_id": "02873008888",
            "callee_id": 901234567,
            "called_at": "2020-01-31 10:16:44",
            "duration": "8",
            "key_press": "1 (29), 3 (35)",
            "note": "NORMAL\x1b[2J CLEARING\n",
            "state": "40",
        },
        "1001",
    )
    assert call is not None
    assert (call.call_id, call.callee_id, call.duration_s, call.state) == (
        "1234",
        "901234567",
        8,
        40,
    )
    assert call.called_at == datetime(2020, 1, 31, 10, 16, 44, tzinfo=VIETNAM)
    assert call.to_json()["called_at"] == "2020-01-31T10:16:44+07:00"
    assert call.keys == ("1", "3") and call.answered and not call.failed
    assert call.note == "NORMAL[2J CLEARING"  # no escape reaches a terminal or the store


@pytest.mark.parametrize(
    "item",
    [None, [], "call", {"call_id": None}, {"call_id": ""}, {"call_id": True}],
)
def test_an_element_without_a_call_id_is_left_out(item):
    assert parse_call(item, "1001") is None


def test_missing_or_odd_fields_read_as_nothing():
    call = parse_call(
        {"call_id": "7", "called_at": "31/01/2020", "duration": -1.5, "state": None}, None
    )
    assert call is not None
    assert (call.called_at, call.duration_s, call.state, call.key_press) == (None, None, None, "")
    assert call.to_json()["answered"] is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-28 23:59:59", datetime(2026, 2, 28, 23, 59, 59, tzinfo=VIETNAM)),
        ("2026-02-30 10:00:00", None),
        ("2026-12-05T17:55:12", None),
        (" 2026-12-05 17:55:12 ", datetime(2026, 12, 5, 17, 55, 12, tzinfo=VIETNAM)),
        ("hôm qua", None),
        (1580981004000, None),
    ],
)
def test_times_are_vietnam_time(text, expected):
    assert called_at(text) == expected


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Ho_Chi_Minh", "America/New_York", "Pacific/Kiritimati"]
)
def test_a_time_is_shown_on_this_clock_even_at_the_ends_of_the_calendar(monkeypatch, zone):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        evening = called_at("2026-12-05 20:00:00")
        assert evening is not None
        assert on_this_clock(evening) == evening  # the same moment...
        assert on_this_clock(evening).utcoffset() == datetime.now().astimezone().utcoffset()
        for text in ("0001-01-01 00:00:00", "9999-12-31 23:59:59"):
            edge = called_at(text)
            assert edge is not None
            assert on_this_clock(edge) == edge  # ...where this clock can show it, or as given
        naive = on_this_clock(datetime(9999, 12, 31, 23, 59))  # a --since typed
        assert naive.tzinfo is not None and naive.year == 9999
    finally:
        monkeypatch.undo()
        time.tzset()


def test_numbers_are_matched_to_contacts_by_e164():
    assert e164_of("0901234567") == "+84901234567"
    assert e164_of("84901234567") == "+84901234567"
    assert e164_of("+84 90 123 4567") == "+84901234567"
    assert e164_of("02838221234") == "+842838221234"
    assert e164_of("19001234") is None


def test_filters():
    answered = parse_call({"call_id": "1", "state": 40, "key_press": "2 (5)"}, "1")
    failed = parse_call({"call_id": "2", "state": 50, "note": "USER_BUSY"}, "1")
    assert answered is not None and failed is not None
    assert CallFilter(answered=True).matches(answered)
    assert not CallFilter(answered=True).matches(failed)
    assert CallFilter(failed=True).matches(failed)
    assert CallFilter(pressed="any").matches(answered)
    assert CallFilter(pressed="2").matches(answered)
    assert not CallFilter(pressed="1").matches(answered)
    assert not CallFilter(pressed="any").matches(failed)
    assert not CallFilter(since=datetime(2020, 1, 1, tzinfo=VIETNAM)).matches(answered)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("123456", "123456"),
        ("1234", "001234"),
        (" 000001 ", "000001"),
        ("999999", "999999"),
        ("000000", None),
        ("1000000", None),
        ("12 34 56", "123456"),
        ("12345a", None),
        ("١٢٣٤٥٦", None),  # digits, but not the ones AutoCall reads
        ("", None),
        (None, None),
    ],
)
def test_otp_codes(given, expected):
    got = otp_code(given)
    assert (got if isinstance(got, str) else None) == expected


def test_the_answer_is_compared_with_what_was_sent():
    sent = [PushContact("0901234567"), PushContact("0912345678"), PushContact("0983456789")]
    answer = compare(
        sent,
        [
            Accepted("+84912345678", "12"),  # rewritten by AutoCall: still ours
            Accepted("0901234567", "11"),
            Accepted("0999999999", "13"),  # never sent: ignored
        ],
    )
    assert answer.accepted == (Accepted("0901234567", "11"), Accepted("0912345678", "12"))
    assert answer.skipped == ("0983456789",)


def test_a_push_s_status():
    plan = PushPlan("1001", to_send=[PushContact("0901234567"), PushContact("0912345678")])
    report = PushReport(plan)
    assert report.status == "refused"  # nothing sent yet
    report.sent = 2
    report.accepted = [Accepted("0901234567", "1"), Accepted("0912345678", "2")]
    assert report.status == "ok"
    report.skipped_by_server = ["0912345678"]
    assert report.status == "partial"
    report = PushReport(plan, sent=0, stop=Stop("autocall_campaign_stopped", "rejected"))
    assert report.status == "refused"
    report = PushReport(plan, sent=1, accepted=[Accepted("0901234567", "1")])
    report.stop = Stop("push_stopped", "cancelled")
    assert report.status == "partial" and report.not_sent == 1
    report.unknown = ["0912345678"]
    assert report.status == "unknown"


def test_an_answer_in_any_order_is_compared_alike():
    import random

    chance = random.Random(3)
    sent = [PushContact(f"09{n:08d}") for n in range(200)]
    added = [Accepted(contact.phone_number, str(n)) for n, contact in enumerate(sent)]
    whole = compare(sent, added)  # everything added, in the order sent
    assert whole.accepted == tuple(added) and whole.skipped == ()
    for _ in range(20):
        shuffled = added[:]
        chance.shuffle(shuffled)
        assert compare(sent, shuffled) == whole
        kept = [item for item in shuffled if chance.random() < 0.9]
        answer = compare(sent, kept)
        numbers = {item.phone_number for item in kept}
        assert answer.accepted == tuple(item for item in added if item.phone_number in numbers)
        assert answer.skipped == tuple(
            c.phone_number for c in sent if c.phone_number not in numbers
        )
    # A number sent twice (never from a plan, but compare() does not rely on it): the
    # first call id AutoCall gave for it, for both.
    twice = [PushContact("0901234567"), PushContact("0901234567")]
    both = [Accepted("0901234567", "1"), Accepted("0901234567", "2")]
    assert compare(twice, both).accepted == (both[0], both[0])


# Texts of the length of AutoCall's times, shaped like them or nearly, offsets included.
_TIME_CHARS = st.sampled_from(list("0123456789") * 4 + list("-: T+Z.") + ["٣"])


@given(
    st.one_of(
        st.text(_TIME_CHARS, min_size=19, max_size=19),
        st.datetimes().map(lambda when: when.strftime("%Y-%m-%d %H:%M:%S")),
        st.tuples(st.datetimes(), st.sampled_from(["+07", "+0700", "Z", "-05", "+07:0"])).map(
            lambda pair: (pair[0].strftime("%Y-%m-%d %H:%M") + pair[1]).ljust(19, "0")[:19]
        ),
    )
)
@settings(max_examples=1000, deadline=None)
def test_a_time_is_read_as_its_naive_reading_in_vietnam(text):
    # What called_at() read such a text as, before: the naive time, put in Vietnam time.
    shaped = text[10] == " " and text[4] == "-"
    try:
        before = datetime.fromisoformat(text).replace(tzinfo=VIETNAM) if shaped else None
    except ValueError:
        before = None
    got = called_at(text)
    if before is None:
        assert got is None or not shaped
    else:
        assert got == before and got.isoformat() == before.isoformat()
        assert got.tzinfo is VIETNAM and got.tzname() == "Asia/Ho_Chi_Minh"


@given(st.text(st.sampled_from(list("0123456789*#() ,;abc")), max_size=30))
@settings(max_examples=500, deadline=None)
def test_the_keys_pressed_are_the_keys_one_after_another(key_press):
    call = parse_call({"call_id": "1", "key_press": key_press}, None)
    assert call is not None
    assert call.keys_pressed == "".join(call.keys)


def test_a_call_is_made_field_by_field():
    item = {
        "call_id": "99",
        "caller_id": "02873008888",
        "callee_id": "0901234567",
        "called_at": "2020-01-31 10:16:44",
        "duration": 8,
        "key_press": "1 (29)",
        "note": "NORMAL_CLEARING",
        "state": 40,
    }
    assert parse_call(item, "1001") == CampaignCall(
        call_id="99",
        campaign="1001",
        caller_id="02873008888",
        callee_id="0901234567",
        called_at=datetime(2020, 1, 31, 10, 16, 44, tzinfo=VIETNAM),
        duration_s=8,
        key_press="1 (29)",
        note="NORMAL_CLEARING",
        state=40,
        contact=None,
    )


_CONTACTS = st.builds(
    PushContact,
    st.sampled_from(["0901234567", "0283123456"]),
    st.sampled_from(["", "Nguyễn Thị Bích", "An"]),
    st.sampled_from(["", "anh", "chị"]),
    st.sampled_from([None, "000001", "123456", ""]),
    st.lists(
        st.tuples(st.sampled_from(["so_tien", "ho_ten", "phone_number", "x", ""]), st.text()),
        max_size=3,
    ).map(tuple),
)


@given(st.lists(_CONTACTS, max_size=20))
@settings(max_examples=500, deadline=None)
def test_a_batch_s_payload_is_each_contact_s_json(batch):
    assert payload(batch) == [contact.to_json() for contact in batch]
