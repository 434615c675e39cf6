"""Reading OMICall's call-history items (v1 and v2 names, missing and hostile fields) into
CallResults, and the outcome in the agent's words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.call_results import (
    CallEnd,
    Direction,
    MalformedItem,
    call_end,
    outcome_words,
    parse_call_result,
    seen_call,
    talk_time,
)
from omidesk.domain.numbers import DialFormat, PhoneNumber, dial_and_e164, normalise

V2_ANSWERED = {
    "transaction_id": "b4dae7fe-9d09-4491-918f-2b391fd5feef",
    "direction": "outbound",
    "sip_user": "101",
    "sip_number": "842877788056",
    "phone_number": "0901234567",
    "time_start_call": 1_700_000_000,
    "time_ringing_start": 1_700_000_001,
    "time_answer_start": 1_700_000_006,
    "time_end_call": 1_700_000_198,
    "answer_sec": 192,
    "bill_sec": 192,
    "duration": 198,
    "hangup_cause": "NORMAL_CLEARING",
    "recording_file_url": "https://rec.omicall.com/r/abc.mp3?sig=SECRET",
    "customer": {"full_name": "Nguyễn Văn An"},
}


def test_a_v2_answered_call() -> None:
    result = parse_call_result(V2_ANSWERED)
    assert result.call_uuid == "b4dae7fe-9d09-4491-918f-2b391fd5feef"
    assert result.direction == Direction.OUTBOUND
    assert (result.extension, result.hotline, result.customer) == (
        "101",
        "842877788056",
        "0901234567",
    )
    assert result.answered is True
    assert (result.talk_s, result.ring_s) == (192, 5)
    assert (result.started_at, result.ended_at) == (1_700_000_000, 1_700_000_198)
    assert result.hangup_cause == "NORMAL_CLEARING"
    assert result.recording_url == "https://rec.omicall.com/r/abc.mp3?sig=SECRET"
    assert result.customer_name == "Nguyễn Văn An"
    assert result.end == CallEnd.ANSWERED


def test_a_v1_item_with_its_own_names() -> None:
    item = {
        "transaction_id": "u-1",
        "direction": "inbound",
        "source_number": "0912345678",
        "destination_number": "02877788056",
        "disposition": "cancelled",
        "bill_sec": 0,
        "time_start_call": "1700000000",
        "time_end_call": "1700000021",
        "recording_file": None,
        "hangup_cause": "originator_cancel",
    }
    result = parse_call_result(item)
    assert result.customer == "0912345678"  # inbound: the source is the customer
    assert result.answered is False
    assert (result.talk_s, result.ring_s) == (0, 21)
    assert result.hangup_cause == "ORIGINATOR_CANCEL"
    assert result.end == CallEnd.MISSED


def test_v1_disposition_answered_and_its_answer_time() -> None:
    item = {
        "transaction_id": "u-2",
        "direction": "outbound",
        "destination_number": "0912345678",
        "disposition": "answered",
        "time_start_call": 1_700_000_000,
        "time_start_to_answer": 1_700_000_004,
        "time_end_call": 1_700_000_064,
    }
    result = parse_call_result(item)
    assert result.customer == "0912345678"
    assert result.answered is True
    assert (result.talk_s, result.ring_s) == (60, 4)


def test_milliseconds_are_read_as_such() -> None:
    item = {"transaction_id": "u-3", "time_start_call": 1_700_000_000_000, "duration": 30}
    result = parse_call_result(item)
    assert result.started_at == 1_700_000_000
    assert result.ended_at == 1_700_000_030


def test_missing_and_null_fields_are_unknown_not_errors() -> None:
    result = parse_call_result({"transaction_id": "u-4", "direction": None, "bill_sec": None})
    assert result.direction is None
    assert result.answered is None
    assert result.talk_s is None and result.ring_s is None
    assert result.started_at is None and result.ended_at is None
    assert result.customer is None and result.recording_url is None


def test_wrong_types_count_as_missing() -> None:
    item = {
        "transaction_id": "u-5",
        "direction": 7,
        "sip_user": {"x": 1},
        "bill_sec": "many",
        "time_start_call": True,
        "hangup_cause": "<script>",
        "recording_file_url": "javascript:alert(1)",
        "customer": "Nguyễn",
        "phone_number": "call me",
    }
    result = parse_call_result(item)
    assert result.direction is None and result.extension is None
    assert result.talk_s is None and result.started_at is None
    assert result.hangup_cause is None and result.recording_url is None
    assert result.customer_name is None and result.customer is None


def test_server_text_is_cleaned() -> None:
    item = {
        "transaction_id": "u-6",
        "sip_user": "10\x1b[2J1",
        "customer": {"full_name": "Trần\u202e Thị\nBích"},
    }
    result = parse_call_result(item)
    assert result.extension == "10[2J1"
    assert result.customer_name == "Trần Thị Bích"


@pytest.mark.parametrize(
    "item",
    [None, [], "x", {"direction": "outbound"}, {"transaction_id": ""}, {"transaction_id": "a b"}],
)
def test_an_item_without_a_usable_id_is_malformed(item: object) -> None:
    with pytest.raises(MalformedItem) as caught:
        parse_call_result(item)
    assert caught.value.reason


def test_a_malformed_reason_never_holds_the_item() -> None:
    item = {"transaction_id": None, "recording_file_url": "https://rec/x?sig=SECRET"}
    with pytest.raises(MalformedItem) as caught:
        parse_call_result(item)
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize(
    ("direction", "answered", "cause", "end"),
    [
        ("outbound", True, "NORMAL_CLEARING", CallEnd.ANSWERED),
        ("outbound", False, "USER_BUSY", CallEnd.BUSY),
        ("outbound", False, "CALL_REJECTED", CallEnd.BUSY),
        ("outbound", False, "NO_ANSWER", CallEnd.NO_ANSWER),
        ("outbound", False, None, CallEnd.NO_ANSWER),
        ("outbound", False, "UNALLOCATED_NUMBER", CallEnd.FAILED),
        ("outbound", False, "SOMETHING_NEW", CallEnd.FAILED),
        ("inbound", False, "USER_BUSY", CallEnd.MISSED),
        ("inbound", True, None, CallEnd.ANSWERED),
    ],
)
def test_call_end(direction: str, answered: bool, cause: str | None, end: CallEnd) -> None:
    assert call_end(direction, answered, cause) == end


@pytest.mark.parametrize(
    ("args", "en", "vi"),
    [
        (("outbound", True, 192, None), "Answered — 3:12", "Đã nghe máy — 3:12"),
        (("outbound", False, 0, "NO_ANSWER"), "No answer", "Không nghe máy"),
        (("outbound", False, 0, "USER_BUSY"), "Busy", "Máy bận"),
        (
            ("outbound", False, 0, "UNALLOCATED_NUMBER"),
            "Failed: the number does not exist",
            "Không thành công: số không tồn tại",
        ),
        (("outbound", False, 0, "CARRIER_GONE"), "Failed: carrier gone", None),
        (("inbound", False, 0, None), "Missed call", "Cuộc gọi nhỡ"),
        (("inbound", True, None, None), "Answered", "Đã nghe máy"),
    ],
)
def test_outcome_words(args: tuple, en: str, vi: str | None) -> None:
    assert outcome_words(*args, "en") == en
    if vi is not None:
        assert outcome_words(*args, "vi") == vi


def test_talk_time() -> None:
    assert talk_time(0) == "0:00"
    assert talk_time(192) == "3:12"
    assert talk_time(3729) == "1:02:09"


# --- the customer's number, read as any number ------------------------------------------------


@settings(max_examples=3000, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=9, max_size=9),
    first=st.sampled_from("0123456789"),
    dial_format=st.sampled_from(list(DialFormat)),
)
def test_reading_a_history_number_agrees_with_normalise(
    digits: str, first: str, dial_format: DialFormat
) -> None:
    written = "0" + first + digits[:8]
    number = normalise(written, dial_format)
    expected = (number.dial, number.e164) if isinstance(number, PhoneNumber) else None
    assert dial_and_e164(written, dial_format) == expected


@pytest.mark.parametrize(
    ("written", "dial_format", "number", "e164"),
    [
        ("0912345678", "national", "0912345678", "+84912345678"),
        ("0912345678", "e164", "+84912345678", "+84912345678"),
        ("84912345678", "national", "0912345678", "+84912345678"),
        ("02838221234", "national", "02838221234", "+842838221234"),
        ("01651234567", "national", "0351234567", "+84351234567"),  # renumbered in 2018
        ("102", "national", "102", None),  # an extension: kept as written
    ],
)
def test_seen_call_reads_the_customers_number(
    written: str, dial_format: str, number: str, e164: str | None
) -> None:
    seen = seen_call(
        parse_call_result({"transaction_id": "u", "phone_number": written}), dial_format
    )
    assert (seen.number, seen.e164) == (number, e164)
