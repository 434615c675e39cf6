"""How a call ended, as OMICall's call history (the CDR) tells it: one `CallResult` per item,
read tolerantly from either version of the API, and the outcome in the agent's words.

Where each field of a CallResult comes from (OMICALL_API.md, "Call history"). Any of these
may be missing or null; v1 and v2 name some of them differently.

- call_uuid: `transaction_id` (the call_uuid click2call returned).
- direction: `direction` (outbound / inbound / local).
- extension: `sip_user`; hotline: `sip_number`.
- customer: `phone_number` (v2); v1: `destination_number` (outbound) or `source_number`
  (inbound).
- answered: v1 `disposition` (answered / cancelled / busy …); v2 `answer_sec` > 0,
  `bill_sec` > 0 or `time_answer_start` set; an item with none of them and an end time
  ended unanswered.
- talk_s: `bill_sec`; else `answer_sec`; else `time_end_call` - `time_answer_start`.
- ring_s: from `time_ringing_start` (else `time_start_call`) to `time_answer_start` (to
  `time_end_call` when unanswered); else `duration` - talk_s.
- started_at: `time_start_call`; else `time_ringing_start`; else ended_at - `duration`.
- answered_at: `time_answer_start` (v1: `time_start_to_answer`).
- ended_at: `time_end_call`; else started_at + `duration`.
- hangup_cause: `hangup_cause` (the switch's Q.850 name, upper case).
- recording_url: `recording_file_url` (v1: `recording_file`), http(s) only.
- customer_name: `customer.full_name` (else `customer.name`).

Times are epoch seconds in OMICall's answers; a value in milliseconds (past year 5000 read
as seconds) is taken as such. The recording URL may grant access by itself: it is kept, shown
as a button, and never logged (no error raised here carries it)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from omidesk.domain.i18n import Text
from omidesk.domain.numbers import DialFormat, dial_and_e164
from omidesk.domain.server_text import clean

# What a call id looks like (the client checks click2call's the same way).
CALL_UUID_RE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_CAUSE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_ -]{0,63}")
_URL_RE = re.compile(r"https?://[\x21-\x7e]{1,2040}", re.IGNORECASE)
# Numbers as OMICall writes them: digits, maybe a +, rarely spaces or dashes.
_NUMBER_RE = re.compile(r"\+?[0-9][0-9 .()-]{0,30}")
_NAME_CHARS = 120
# Epoch seconds past this are milliseconds (year 5138 in seconds).
_MS_THRESHOLD = 1e11
# A call longer than this is not a call: a wrong field or a wrong unit.
_MAX_CALL_S = 2 * 86400


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"
    LOCAL = "local"  # between two extensions of the company


class CallEnd(StrEnum):
    """How a call ended, as the agent reads it."""

    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"
    MISSED = "missed"  # an inbound call nobody answered


class MalformedItem(ValueError):
    """A history item that cannot be used at all (no call id, not an object). `reason` is
    a short, secret-free description for the log: never the item itself, which may hold a
    recording URL that grants access."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CallResult:
    """One call as OMICall's history records it, after it ended."""

    call_uuid: str
    direction: Direction | None
    extension: str | None
    hotline: str | None
    customer: str | None  # the customer's number as OMICall wrote it
    answered: bool | None
    talk_s: int | None
    ring_s: int | None
    started_at: float | None
    answered_at: float | None
    ended_at: float | None
    hangup_cause: str | None
    recording_url: str | None
    customer_name: str | None

    @property
    def end(self) -> CallEnd:
        return call_end(self.direction, self.answered, self.hangup_cause)


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """What to ask OMICall's call history for; every part optional. Times are epoch seconds
    (the adapter sends whatever unit its API version wants)."""

    from_s: float | None = None
    to_s: float | None = None
    call_uuids: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    directions: tuple[Direction, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of an answer: the calls read, and how many items could not be (skipped
    and logged by the reader)."""

    results: tuple[CallResult, ...]
    number: int
    skipped: int = 0
    total_pages: int | None = None


@dataclass(frozen=True, slots=True)
class SeenCall:
    """A call of OMICall's history, its customer's number read the way every number is:
    `number` in the dial form (as OMICall wrote it when it is no valid number), `e164` the
    number's identity (None then)."""

    result: CallResult
    number: str
    e164: str | None


def seen_call(result: CallResult, dial_format: DialFormat | str) -> SeenCall:
    """`result` with its customer's number read as OmiDesk reads any number: the dial form
    in `dial_format` and the E.164 identity; as OMICall wrote it when it is no valid one."""
    written = result.customer or ""
    read = dial_and_e164(written, DialFormat(dial_format)) if written else None
    if read is not None:
        return SeenCall(result, *read)
    return SeenCall(result, written, None)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording calls of the history did: ids of the records whose outcome changed
    (mostly: OmiDesk's calls that gained theirs), of the records added, and of every record
    the calls matched (changed or not)."""

    updated: tuple[int, ...] = ()
    added: tuple[int, ...] = ()
    matched: tuple[int, ...] = ()

    @property
    def changed(self) -> tuple[int, ...]:
        return self.updated + self.added


@dataclass(frozen=True, slots=True)
class PendingLookup:
    """A call OmiDesk placed whose outcome is still to be asked for."""

    call_id: int
    call_uuid: str
    accepted_at: float
    next_at: float | None  # None: not asked yet
    tries: int


def parse_call_result(item: Any) -> CallResult:
    """One item of a call-history page, read tolerantly; MalformedItem when it has no
    usable call id (or is not an object). Fields of the wrong type count as missing."""
    if not isinstance(item, Mapping):
        raise MalformedItem(f"not an object ({type(item).__name__})")
    call_uuid = item.get("transaction_id")
    if isinstance(call_uuid, int) and not isinstance(call_uuid, bool):
        call_uuid = str(call_uuid)
    if not isinstance(call_uuid, str) or not CALL_UUID_RE.fullmatch(call_uuid):
        raise MalformedItem("no usable transaction_id")
    direction = _direction(item.get("direction"))
    started = _time(item.get("time_start_call"))
    ringing = _time(item.get("time_ringing_start"))
    answered_at = _time(item.get("time_answer_start"))
    if answered_at is None:
        answered_at = _time(item.get("time_start_to_answer"))  # v1's name for it
    ended = _time(item.get("time_end_call"))
    duration = _seconds(item.get("duration"))
    bill = _seconds(item.get("bill_sec"))
    answer_sec = _seconds(item.get("answer_sec"))
    answered = _answered(item.get("disposition"), answer_sec, bill, answered_at, ended)

    if started is None:
        started = ringing
    if started is None and ended is not None and duration is not None:
        started = ended - duration
    if ended is None and started is not None and duration is not None:
        ended = started + duration

    talk = bill if bill is not None else answer_sec
    if talk is None and answered_at is not None and ended is not None:
        talk = _span(answered_at, ended)
    if answered is False:
        talk = 0
    ring_from = ringing if ringing is not None else started
    ring_to = answered_at if answered else ended
    ring = _span(ring_from, ring_to)
    if ring is None and duration is not None and talk is not None and duration >= talk:
        ring = duration - talk

    return CallResult(
        call_uuid=call_uuid,
        direction=direction,
        extension=_short(item.get("sip_user")),
        hotline=_short(item.get("sip_number")),
        customer=_customer(item, direction),
        answered=answered,
        talk_s=talk,
        ring_s=ring,
        started_at=started,
        answered_at=answered_at if answered else None,
        ended_at=ended,
        hangup_cause=_cause(item.get("hangup_cause")),
        recording_url=_url(item.get("recording_file_url")) or _url(item.get("recording_file")),
        customer_name=_customer_name(item.get("customer")),
    )


# --- the fields ---------------------------------------------------------------------------

_DIRECTIONS = {
    "outbound": Direction.OUTBOUND,
    "out": Direction.OUTBOUND,
    "outgoing": Direction.OUTBOUND,
    "inbound": Direction.INBOUND,
    "in": Direction.INBOUND,
    "incoming": Direction.INBOUND,
    "local": Direction.LOCAL,
    "internal": Direction.LOCAL,
}
# v1's disposition: a call answered, or one of the ways it was not.
_ANSWERED_DISPOSITIONS = frozenset({"answered", "answer", "success"})
_UNANSWERED_DISPOSITIONS = frozenset(
    {"cancelled", "canceled", "no answer", "no_answer", "noanswer", "busy", "failed", "missed"}
)


def _direction(value: Any) -> Direction | None:
    return _DIRECTIONS.get(value.strip().lower()) if isinstance(value, str) else None


def _answered(
    disposition: Any,
    answer_sec: int | None,
    bill: int | None,
    answered_at: float | None,
    ended: float | None,
) -> bool | None:
    if isinstance(disposition, str):
        said = disposition.strip().lower()
        if said in _ANSWERED_DISPOSITIONS:
            return True
        if said in _UNANSWERED_DISPOSITIONS:
            return False
    if answered_at is not None or (answer_sec or 0) > 0 or (bill or 0) > 0:
        return True
    if answer_sec is not None or bill is not None or ended is not None:
        # The call ended (the item exists, its seconds say so) with no answer.
        return False
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _time(value: Any) -> float | None:
    """An epoch time in seconds (OMICall's unit), or None. 0 is OMICall's "never"."""
    number = _number(value)
    if number is None or number <= 0:
        return None
    if number > _MS_THRESHOLD:
        number /= 1000.0
    return number


def _seconds(value: Any) -> int | None:
    number = _number(value)
    if number is None or number < 0 or number > _MAX_CALL_S:
        return None
    return round(number)


def _span(start: float | None, end: float | None) -> int | None:
    if start is None or end is None or end < start or end - start > _MAX_CALL_S:
        return None
    return round(end - start)


def _short(value: Any) -> str | None:
    """An extension or hotline: a short name, as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return clean(value, 32) or None


def _customer(item: Mapping[str, Any], direction: Direction | None) -> str | None:
    candidates = ["phone_number"]
    if direction == Direction.INBOUND:
        candidates.append("source_number")
    elif direction == Direction.OUTBOUND:
        candidates.append("destination_number")
    for key in candidates:
        value = item.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and _NUMBER_RE.fullmatch(value.strip()):
            return value.strip()
    return None


def _cause(value: Any) -> str | None:
    if not isinstance(value, str) or not _CAUSE_RE.fullmatch(value.strip()):
        return None
    return value.strip().upper().replace(" ", "_").replace("-", "_")


def _url(value: Any) -> str | None:
    """A recording's address: http(s) and printable ASCII only, or None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _URL_RE.fullmatch(value) else None


def _customer_name(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return None
    for key in ("full_name", "name"):
        name = value.get(key)
        if isinstance(name, str) and (cleaned := clean(name, _NAME_CHARS)):
            return cleaned
    return None


# --- how it ended, in words -----------------------------------------------------------------

# Hang-up causes (OMICall reports its switch's, the Q.850 names FreeSWITCH uses) that say
# the line was busy or the callee declined, and those that say the call could not be made.
_BUSY_CAUSES = frozenset({"USER_BUSY", "CALL_REJECTED", "NORMAL_CIRCUIT_CONGESTION"})
_NO_ANSWER_CAUSES = frozenset(
    {
        "NO_ANSWER",
        "NO_USER_RESPONSE",
        "ORIGINATOR_CANCEL",
        "ALLOTTED_TIMEOUT",
        "NORMAL_CLEARING",
        "NORMAL_UNSPECIFIED",
        "LOSE_RACE",
        "PICKED_OFF",
        "SUBSCRIBER_ABSENT",
    }
)


def call_end(
    direction: Direction | str | None, answered: bool | None, cause: str | None
) -> CallEnd:
    """The outcome of a call that ended: answered, or why not. An inbound call nobody
    answered is missed, whatever the cause; an outbound one is busy, failed (the cause says
    the number or the network did not work), or not answered."""
    if answered:
        return CallEnd.ANSWERED
    if direction == Direction.INBOUND:
        return CallEnd.MISSED
    if cause in _BUSY_CAUSES:
        return CallEnd.BUSY
    if cause is None or cause in _NO_ANSWER_CAUSES:
        return CallEnd.NO_ANSWER
    return CallEnd.FAILED


HANGUP_CAUSES: dict[str, Text] = {
    "NORMAL_CLEARING": Text("the call ended normally", "cuộc gọi kết thúc bình thường"),
    "USER_BUSY": Text("the line was busy", "máy bận"),
    "NO_ANSWER": Text("nobody answered", "không ai nghe máy"),
    "NO_USER_RESPONSE": Text("the phone did not respond", "máy không phản hồi"),
    "ORIGINATOR_CANCEL": Text(
        "the caller hung up before the answer", "người gọi cúp máy trước khi được nghe"
    ),
    "CALL_REJECTED": Text("the call was declined", "cuộc gọi bị từ chối"),
    "UNALLOCATED_NUMBER": Text("the number does not exist", "số không tồn tại"),
    "NO_ROUTE_DESTINATION": Text("the number cannot be reached", "không có đường tới số này"),
    "INVALID_NUMBER_FORMAT": Text(
        "the number is incomplete or wrong", "số không đầy đủ hoặc sai định dạng"
    ),
    "NORMAL_TEMPORARY_FAILURE": Text("a temporary failure of the network", "mạng bị lỗi tạm thời"),
    "NETWORK_OUT_OF_ORDER": Text("the network is out of order", "mạng không hoạt động"),
    "DESTINATION_OUT_OF_ORDER": Text(
        "the phone called is out of service", "máy được gọi không hoạt động"
    ),
    "SUBSCRIBER_ABSENT": Text(
        "the phone is switched off or out of coverage",
        "thuê bao tắt máy hoặc ngoài vùng phủ sóng",
    ),
    "RECOVERY_ON_TIMER_EXPIRE": Text("the network timed out", "mạng hết thời gian chờ"),
    "ALLOTTED_TIMEOUT": Text("it rang for too long", "đổ chuông quá lâu"),
    "MEDIA_TIMEOUT": Text("the sound was lost", "mất tín hiệu âm thanh"),
    "NORMAL_CIRCUIT_CONGESTION": Text("the network was congested", "mạng bị nghẽn"),
    "SERVICE_UNAVAILABLE": Text("the service is unavailable", "dịch vụ không khả dụng"),
    "OUTGOING_CALL_BARRED": Text("outgoing calls are barred", "cuộc gọi đi bị chặn"),
    "INCOMING_CALL_BARRED": Text("the number refuses calls", "số này chặn cuộc gọi đến"),
    "LOSE_RACE": Text("answered on another phone", "đã được nghe trên máy khác"),
    "PICKED_OFF": Text("picked up by another agent", "nhân viên khác đã nghe"),
    "MANAGER_REQUEST": Text("ended by the switchboard", "tổng đài kết thúc cuộc gọi"),
    "NORMAL_UNSPECIFIED": Text("ended without a reason given", "kết thúc không rõ lý do"),
}

OUTCOMES: dict[CallEnd, Text] = {
    CallEnd.ANSWERED: Text("Answered — {talk}", "Đã nghe máy — {talk}"),
    CallEnd.NO_ANSWER: Text("No answer", "Không nghe máy"),
    CallEnd.BUSY: Text("Busy", "Máy bận"),
    CallEnd.FAILED: Text("Failed: {cause}", "Không thành công: {cause}"),
    CallEnd.MISSED: Text("Missed call", "Cuộc gọi nhỡ"),
}
NO_RECORD = Text("OMICall has no record of this call", "OMICall không có bản ghi của cuộc gọi này")
ANSWERED_NO_TIME = Text("Answered", "Đã nghe máy")
_UNKNOWN_CAUSE = Text("no reason given", "không nêu lý do")


def talk_time(seconds: int) -> str:
    """3:12, or 1:02:09 past an hour."""
    minutes, secs = divmod(max(seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def cause_words(cause: str | None, lang: str) -> str:
    """A hang-up cause in the agent's words; one we do not know, as OMICall wrote it."""
    if not cause:
        return _UNKNOWN_CAUSE(lang)
    known = HANGUP_CAUSES.get(cause)
    return known(lang) if known else cause.replace("_", " ").lower()


def outcome_words(
    direction: Direction | str | None,
    answered: bool | None,
    talk_s: int | None,
    cause: str | None,
    lang: str,
) -> str:
    """ "Answered — 3:12", "No answer", "Busy", "Failed: the number does not exist",
    "Missed call": how an ended call ended, for the history and the status panel."""
    end = call_end(direction, answered, cause)
    if end == CallEnd.ANSWERED and talk_s is None:
        return ANSWERED_NO_TIME(lang)
    return OUTCOMES[end](lang, talk=talk_time(talk_s or 0), cause=cause_words(cause, lang))
