"""Call records: what was attempted, from where, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NamedTuple, NotRequired, Protocol, TypedDict

from omidesk.domain.catalogue import Explanation, explain
from omidesk.domain.errors import OmiDeskError
from omidesk.domain.messages import STATUS


class CallStatus(StrEnum):
    PLACING = "placing"  # written before the request leaves; final states below
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNKNOWN = "unknown"
    FAILED = "failed"
    INVALID = "invalid"  # no longer written (invalid text is not an attempt); old rows remain


class Source(StrEnum):
    """Where the number came from: decides how much the agent must confirm."""

    CLI = "cli"
    WINDOW = "window"
    TRAY = "tray"
    LINK = "link"
    CLIPBOARD = "clipboard"
    AUTOCALL = "autocall"  # a call-back of an AutoCall campaign's call
    # Not placed here: a call of the agent's extension known from OMICall's history.
    OMICALL = "omicall"


class Origin(StrEnum):
    """Where a record comes from."""

    OMIDESK = "omidesk"  # placed through OmiDesk
    OMICALL = "omicall"  # known only from OMICall's call history


class Cdr(StrEnum):
    """What OMICall's call history said of a call OmiDesk placed."""

    FOUND = "found"
    NONE = "none"  # nothing after a day of asking: OMICall has no record of the call


# Statuses that mean a call may be ringing: these, not rejections, make a repeat risky.
LIVE_STATUSES: frozenset[CallStatus] = frozenset(
    {CallStatus.PLACING, CallStatus.ACCEPTED, CallStatus.UNKNOWN}
)


# --- what a call record is written with (usecases.ports.CallLog, store.calls.CallStore)


class NewCall(TypedDict):
    """An attempt about to be sent, as its `placing` record holds it (CallLog.start_async,
    CallStore.start)."""

    input: str
    number: str
    e164: str
    extension: str
    hotline: str
    source: str
    params: NotRequired[dict[str, Any] | None]
    # Written only if no attempt on this number with a status in `unless` (the live ones
    # by default) was made since then: check and write are one statement, so two
    # processes dialling at once cannot both pass.
    unless_since: NotRequired[float | None]
    unless: NotRequired[frozenset[CallStatus]]


class Ending(TypedDict, total=False):
    """How an attempt ended (CallLog.finish_async, CallStore.finish)."""

    call_uuid: str | None
    error_code: str | None
    server_message: str | None
    params: dict[str, Any] | None
    latency_ms: float | None


class FinalCall(TypedDict):
    """An attempt that could not be sent: not set up (CallLog.add_final_async,
    CallStore.add_final). Databases of older versions also hold invalid input written so."""

    input: str
    status: CallStatus
    source: str
    number: NotRequired[str | None]
    e164: NotRequired[str | None]
    extension: NotRequired[str]
    hotline: NotRequired[str]
    error_code: NotRequired[str | None]
    params: NotRequired[dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class CallRecord:
    id: int
    created_at: float
    input: str
    number: str | None
    e164: str | None
    extension: str
    hotline: str
    source: str
    status: CallStatus
    call_uuid: str | None = None
    error_code: str | None = None
    server_message: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)
    latency_ms: float | None = None
    finished_at: float | None = None
    contact_name: str | None = None
    # How the call ended, from OMICall's call history (None while unknown).
    direction: str = "outbound"
    origin: str = Origin.OMIDESK.value
    answered: bool | None = None
    talk_s: int | None = None
    ring_s: int | None = None
    ended_at: float | None = None
    hangup_cause: str | None = None
    recording_url: str | None = None
    to_return: bool = False
    cdr: str | None = None

    @property
    def ended(self) -> bool:
        """Whether OMICall's history has told how the call ended."""
        return self.cdr == Cdr.FOUND

    def outcome(self, lang: str) -> str | None:
        """How the call ended in words ("Answered — 3:12", "Missed call", "OMICall has no
        record of this call"); None while nobody knows yet."""
        return _outcome(self, lang)

    def error(self) -> OmiDeskError | None:
        """Why the call did not ring, as the error it was (None for an accepted or
        still-placing call). Records written before errors carried the extension and the
        hotline they were for get them from their own columns."""
        if not self.error_code:
            return None
        params = {"extension": self.extension, "hotline": self.hotline} | self.error_params
        if self.server_message is not None:
            params["server_message"] = self.server_message
        return OmiDeskError(self.error_code, **params)

    def explain(self, lang: str) -> Explanation | None:
        """The outcome's wording in `lang` (None for an accepted or still-placing call)."""
        error = self.error()
        return explain(error, lang) if error is not None else None

    def created_iso(self) -> str:
        return _iso(self.created_at)

    def to_json(self, lang: str) -> dict[str, Any]:
        """The keys `omidesk history --json` prints (same as `omidesk call --json`, plus
        more). `message` says how the call ended once OMICall's history told it."""
        explanation = self.explain(lang)
        message = explanation.message if explanation else STATUS[self.status.value](lang)
        return {
            "id": self.id,
            "created_at": self.created_iso(),
            "status": self.status.value,
            "call_uuid": self.call_uuid,
            "number": self.number,
            "input": self.input,
            "error": self.error_code,
            "message": self.outcome(lang) or message,
            "extension": self.extension,
            "hotline": self.hotline,
            "source": self.source,
            "contact": self.contact_name,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 1),
            "direction": self.direction,
            "origin": self.origin,
            "answered": self.answered,
            "talk_s": self.talk_s,
            "ring_s": self.ring_s,
            "ended_at": None if self.ended_at is None else _iso(self.ended_at),
            "hangup_cause": self.hangup_cause,
            "recording_url": self.recording_url,
            "to_return": self.to_return,
        }


class CallRow(NamedTuple):
    """What a row of Recent calls shows of a call, read a page at a time without building
    CallRecords (a named tuple is built from a database row at once; a page of 200 frozen
    dataclasses took four times as long as the query). CallStore.rows reads them; the
    whole record, for details and errors, is CallStore.get's."""

    id: int
    created_at: float
    input: str
    number: str | None
    e164: str | None
    extension: str
    hotline: str
    status: str  # a CallStatus value
    error_code: str | None
    call_uuid: str | None
    direction: str
    origin: str
    answered: int | None  # 1, 0, or None while unknown
    talk_s: int | None
    hangup_cause: str | None
    recording_url: str | None
    to_return: int
    cdr: str | None

    def outcome(self, lang: str) -> str | None:
        """How the call ended in words, as CallRecord.outcome."""
        return _outcome(self, lang)


class _Ended(Protocol):
    # Read-only: a frozen CallRecord and a CallRow (a named tuple) both answer.
    @property
    def cdr(self) -> str | None: ...
    @property
    def direction(self) -> str: ...
    @property
    def answered(self) -> bool | int | None: ...
    @property
    def talk_s(self) -> int | None: ...
    @property
    def hangup_cause(self) -> str | None: ...


def _outcome(call: _Ended, lang: str) -> str | None:
    # Imported here: how calls ended is the history's, and `omidesk call` never needs it.
    from omidesk.domain.call_results import NO_RECORD, outcome_words  # noqa: PLC0415

    if call.cdr == Cdr.NONE:
        return NO_RECORD(lang)
    if call.cdr != Cdr.FOUND:
        return None
    answered = None if call.answered is None else bool(call.answered)
    return outcome_words(call.direction, answered, call.talk_s, call.hangup_cause, lang)


def _iso(timestamp: float) -> str:
    """ISO 8601 with its offset (UTC), as every time `--json` prints."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
