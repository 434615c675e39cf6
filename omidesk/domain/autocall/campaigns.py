"""The campaigns an agent uses, and the push journal's batches as the store gives them back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

# A campaign id goes into a URL's path: what AutoCall's ids look like, nothing that moves it.
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

BatchState = Literal["sending", "answered", "refused", "failed", "unknown"]


def valid_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


@dataclass(frozen=True, slots=True)
class Campaign:
    """A campaign of AutoCall known by its id; the name is the agent's (the API gives
    none); a voice-OTP campaign needs an OTP code with every contact."""

    id: str
    name: str = ""
    voice_otp: bool = False

    @property
    def label(self) -> str:
        return f"{self.id} — {self.name}" if self.name else self.id


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """One batch of a push as the journal keeps it. A `sending` batch is one whose answer
    has not come yet; the store reads one whose process is gone as `unknown`."""

    id: int
    push_id: int
    campaign: str
    seq: int
    created_at: float
    state: BatchState
    numbers: tuple[str, ...]
    accepted: dict[str, str] = field(default_factory=dict)  # number -> call id
    skipped: tuple[str, ...] = ()
    error_code: str | None = None
    server_message: str | None = None
    answered_at: float | None = None

    @property
    def maybe_pushed(self) -> tuple[str, ...]:
        """The numbers this batch may have added: all of them while its outcome is not
        known, those AutoCall listed once it answered, none if it refused or never left."""
        if self.state in ("sending", "unknown"):
            return self.numbers
        if self.state == "answered":
            return tuple(number for number in self.numbers if number in self.accepted)
        return ()

    def to_json(self) -> dict[str, Any]:
        """An element of `omidesk autocall journal --json`."""
        return {
            "batch": self.id,
            "push": self.push_id,
            "campaign": self.campaign,
            "seq": self.seq,
            "created_at": self.created_at,
            "state": self.state,
            "numbers": list(self.numbers),
            "accepted": [
                {"phone_number": number, "call_id": call_id}
                for number, call_id in self.accepted.items()
            ],
            "skipped_by_server": list(self.skipped),
            "error": self.error_code,
        }


@dataclass(frozen=True, slots=True)
class Callback:
    """What the call-back queue did for one AutoCall call: the dial's status (or
    "skipped"), and the id of its record in the recent calls."""

    call_id: str
    status: str
    record_id: int | None
    at: float
