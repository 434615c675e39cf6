"""Call records: what was attempted, from where, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NotRequired, TypedDict

from omidesk.domain.catalogue import Explanation, explain
from omidesk.domain.errors import OmiDeskError
from omidesk.domain.messages import STATUS


class CallStatus(StrEnum):
    PLACING = "placing"  # written before the request leaves; final states below
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNKNOWN = "unknown"
    FAILED = "failed"
    INVALID = "invalid"


class Source(StrEnum):
    """Where the number came from: decides how much the agent must confirm."""

    CLI = "cli"
    WINDOW = "window"
    TRAY = "tray"
    LINK = "link"
    CLIPBOARD = "clipboard"
    AUTOCALL = "autocall"  # a call-back of an AutoCall campaign's call


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
    """An attempt that never reached the network: invalid number, not set up
    (CallLog.add_final_async, CallStore.add_final)."""

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
        return datetime.fromtimestamp(self.created_at, UTC).isoformat(timespec="seconds")

    def to_json(self, lang: str) -> dict[str, Any]:
        """The keys `omidesk history --json` prints (same as `omidesk call --json`, plus more)."""
        explanation = self.explain(lang)
        return {
            "id": self.id,
            "created_at": self.created_iso(),
            "status": self.status.value,
            "call_uuid": self.call_uuid,
            "number": self.number,
            "input": self.input,
            "error": self.error_code,
            "message": explanation.message if explanation else STATUS[self.status.value](lang),
            "extension": self.extension,
            "hotline": self.hotline,
            "source": self.source,
            "contact": self.contact_name,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 1),
        }
