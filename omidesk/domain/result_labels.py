"""Short labels of an attempt's result (OMICall's answer, or why none came), in the agent's
words: what a list of calls shows in a glance, where the catalogue's full text would not fit.

The full wording (message and what to do) stays the catalogue's: a label only names the
result, so that busy and do-not-call no longer read alike at any column width."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from omidesk.domain.call_results import CallEnd, Direction, call_end, talk_time
from omidesk.domain.i18n import Text
from omidesk.domain.records import CallStatus, Cdr, Origin


class Tone(StrEnum):
    """How a result should strike the eye; the front end picks the colour."""

    PENDING = "pending"  # still waiting for OMICall
    GOOD = "good"  # the extension rings
    WARNING = "warning"  # worth trying again, or worth checking the phone
    BAD = "bad"  # will not go through as it is: the customer, the number or the set-up


@dataclass(frozen=True, slots=True)
class ResultLabel:
    """A result in two or three words: `key` names it for code (icons, tests)."""

    key: str
    text: Text
    tone: Tone


class Labelled(Protocol):
    """What a label reads of a call: a CallRecord, or the CallRow Recent calls paints from
    (its status a CallStatus value, `answered` and `to_return` stored as 1/0)."""

    @property
    def status(self) -> str: ...
    @property
    def error_code(self) -> str | None: ...
    @property
    def origin(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def answered(self) -> bool | int | None: ...
    @property
    def to_return(self) -> bool | int: ...
    @property
    def talk_s(self) -> int | None: ...
    @property
    def hangup_cause(self) -> str | None: ...
    @property
    def cdr(self) -> str | None: ...


def answered_of(call: Labelled) -> bool | None:
    """Whether the call was answered, as a bool (a CallRow stores 1/0); None while unknown."""
    return None if call.answered is None else bool(call.answered)


def _label(key: str, en: str, vi: str, tone: Tone) -> ResultLabel:
    return ResultLabel(key, Text(en, vi), tone)


CALLING = _label("calling", "Calling…", "Đang gọi…", Tone.PENDING)
ACCEPTED = _label("accepted", "Accepted", "Đã chấp nhận", Tone.GOOD)
BUSY = _label("busy", "Busy", "Máy bận", Tone.WARNING)
DO_NOT_CALL = _label("do_not_call", "Do not call", "Không làm phiền", Tone.BAD)
EXTENSION_OFFLINE = _label(
    "extension_offline", "Extension offline", "Máy lẻ chưa đăng nhập", Tone.WARNING
)
HOTLINE_REFUSED = _label(
    "hotline_refused", "Hotline not allowed", "Hotline không dùng được", Tone.BAD
)
EXTENSION_REFUSED = _label(
    "extension_refused", "Extension not valid", "Máy lẻ không hợp lệ", Tone.BAD
)
API_KEY_REFUSED = _label("api_key_refused", "API key refused", "API key bị từ chối", Tone.BAD)
REQUEST_INCOMPLETE = _label("request_incomplete", "Details missing", "Thiếu thông tin", Tone.BAD)
NUMBER_REFUSED = _label("number_refused", "Number refused", "Số bị từ chối", Tone.BAD)
TOO_MANY = _label("too_many", "Too many calls", "Quá nhiều cuộc gọi", Tone.WARNING)
REFUSED = _label("refused", "Refused by OMICall", "OMICall từ chối", Tone.BAD)
UNKNOWN = _label("unknown", "Unknown — check phone", "Chưa rõ — xem điện thoại", Tone.WARNING)
NOT_SET_UP = _label("not_set_up", "Not set up", "Chưa cài đặt", Tone.BAD)
NO_CONNECTION = _label("no_connection", "No connection", "Không kết nối được", Tone.WARNING)
NOT_SENT = _label("not_sent", "Not sent", "Chưa gửi được", Tone.WARNING)
INVALID_NUMBER = _label("invalid_number", "Invalid number", "Số không hợp lệ", Tone.BAD)

# Every label, for front ends that size a column to the longest (and for tests).
LABELS: tuple[ResultLabel, ...] = (
    CALLING,
    ACCEPTED,
    BUSY,
    DO_NOT_CALL,
    EXTENSION_OFFLINE,
    HOTLINE_REFUSED,
    EXTENSION_REFUSED,
    API_KEY_REFUSED,
    REQUEST_INCOMPLETE,
    NUMBER_REFUSED,
    TOO_MANY,
    REFUSED,
    UNKNOWN,
    NOT_SET_UP,
    NO_CONNECTION,
    NOT_SENT,
    INVALID_NUMBER,
)

# Catalogue codes of a refusal or of a request that could not be sent, by what they mean
# to the agent; a code not here reads as its status (refused by OMICall, not sent).
_BY_CODE: dict[str, ResultLabel] = {
    "user_busy": BUSY,
    "do_not_call": DO_NOT_CALL,
    "user_not_registered": EXTENSION_OFFLINE,
    "number_call_out_invalid": HOTLINE_REFUSED,
    "extension_invalid": EXTENSION_REFUSED,
    "api_key_is_required": API_KEY_REFUSED,
    "api_key_invalid": API_KEY_REFUSED,
    "tenant_invalid": API_KEY_REFUSED,
    "token_expired": API_KEY_REFUSED,
    "unauthorized": API_KEY_REFUSED,
    "data_is_required": REQUEST_INCOMPLETE,
    "request_body_required": REQUEST_INCOMPLETE,
    "invalid_phone_number": NUMBER_REFUSED,
    "rate_limit_exceeded": TOO_MANY,
    "not_configured": NOT_SET_UP,
    "cannot_connect": NO_CONNECTION,
    "timeout_before_sending": NO_CONNECTION,
}


def result_label(status: CallStatus | str, error_code: str | None = None) -> ResultLabel:
    """The label of a record's status and catalogue code. Whatever the code, a call that
    may have rung reads "unknown — check phone": the label never claims more than the
    record knows."""
    status = CallStatus(status)
    if status is CallStatus.PLACING:
        return CALLING
    if status is CallStatus.ACCEPTED:
        return ACCEPTED
    if status is CallStatus.UNKNOWN:
        return UNKNOWN
    if status is CallStatus.INVALID:
        return INVALID_NUMBER
    by_code = _BY_CODE.get(error_code or "")
    if by_code is not None:
        return by_code
    return REFUSED if status is CallStatus.REJECTED else NOT_SENT


def label_of(record: Labelled) -> ResultLabel:
    """The label of one call record. A call known only from OMICall's history was no
    request of OmiDesk's: it reads as what it was (incoming, missed, dialled on the phone),
    never as "Accepted"."""
    if record.origin == Origin.OMICALL:
        return origin_label(record.direction, answered_of(record), bool(record.to_return))
    return result_label(record.status, record.error_code)


# --- calls OmiDesk did not place (known from OMICall's call history) -------------------------

INCOMING = _label("incoming", "Incoming call", "Cuộc gọi đến", Tone.GOOD)
MISSED = _label("missed", "Missed — call back", "Gọi nhỡ — gọi lại", Tone.BAD)
MISSED_RETURNED = _label("missed_returned", "Missed, called back", "Nhỡ, đã gọi lại", Tone.WARNING)
FROM_PHONE = _label("from_phone", "Dialled on phone", "Gọi từ điện thoại", Tone.GOOD)

ORIGIN_LABELS: tuple[ResultLabel, ...] = (INCOMING, MISSED, MISSED_RETURNED, FROM_PHONE)


def origin_label(direction: str, answered: bool | None, to_return: bool) -> ResultLabel:
    """The label of a call of the agent's extension that OmiDesk did not place."""
    if direction != Direction.INBOUND:
        return FROM_PHONE
    if to_return:
        return MISSED
    return MISSED_RETURNED if answered is False else INCOMING


# --- how a call ended (the Outcome column) ----------------------------------------------------

ANSWERED = _label("answered", "Answered {talk}", "Đã nghe {talk}", Tone.GOOD)
NO_ANSWER = _label("no_answer", "No answer", "Không nghe máy", Tone.WARNING)
LINE_BUSY = _label("line_busy", "Line busy", "Máy đang bận", Tone.WARNING)
FAILED = _label("failed", "Failed", "Không thành công", Tone.BAD)
MISSED_CALL = _label("missed_call", "Missed", "Nhỡ", Tone.BAD)
NO_RECORD = _label("no_record", "No record", "Không có bản ghi", Tone.WARNING)
PENDING = _label("pending", "Waiting for result…", "Đang chờ kết quả…", Tone.PENDING)

OUTCOME_LABELS: tuple[ResultLabel, ...] = (
    ANSWERED,
    NO_ANSWER,
    LINE_BUSY,
    FAILED,
    MISSED_CALL,
    NO_RECORD,
    PENDING,
)
_BY_END: dict[CallEnd, ResultLabel] = {
    CallEnd.ANSWERED: ANSWERED,
    CallEnd.NO_ANSWER: NO_ANSWER,
    CallEnd.BUSY: LINE_BUSY,
    CallEnd.FAILED: FAILED,
    CallEnd.MISSED: MISSED_CALL,
}


def outcome_label(record: Labelled) -> ResultLabel | None:
    """How the call ended, in a word or two; None where there is nothing to wait for (a
    request OMICall refused or that was never sent)."""
    if record.cdr == Cdr.NONE:
        return NO_RECORD
    if record.cdr == Cdr.FOUND:
        return _BY_END[call_end(record.direction, answered_of(record), record.hangup_cause)]
    if record.status == CallStatus.ACCEPTED:
        return PENDING
    return None


def outcome_text(record: Labelled, lang: str) -> str:
    """The Outcome cell: "Answered 3:12", "No answer", … ("" when there is none)."""
    label = outcome_label(record)
    if label is None:
        return ""
    if label is ANSWERED:
        if record.talk_s is None:
            return label.text(lang, talk="").strip()
        return label.text(lang, talk=talk_time(record.talk_s))
    return label.text(lang)
