"""Call records: what was attempted, from where, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from omidesk.domain.catalogue import Explanation, explain
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

    def explain(self, lang: str) -> Explanation | None:
        """The outcome's wording in `lang` (None for an accepted or still-placing call)."""
        if not self.error_code:
            return None
        params = {"extension": self.extension, "hotline": self.hotline} | self.error_params
        return explain(self.error_code, lang, server_message=self.server_message, **params)

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
