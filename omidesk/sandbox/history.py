"""The sandbox's call history (CDR): the calls placed through it, ending as their number
says, the demo extension's own inbound and outbound calls, and the history's fault
scenarios. A call's record appears only once it has ended, as at OMICall.

The history has a clock of its own (epoch seconds): tests move it forward
(`advance`) instead of waiting for a call to end. Faults are armed for the next searches
(`inject`): a rate limit (HTTP 429 `rate_limit_exceeded`, or v1's
`limit_request_30_minute`), HTTP 500, a slow answer, a malformed item."""

from __future__ import annotations

import hashlib
import io
import math
import secrets
import struct
import time
import uuid
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from omidesk.sandbox.crm import CUSTOMERS, Crm
from omidesk.sandbox.envelope import envelope, fail, paged
from omidesk.sandbox.exchange import RecordedRequest, Reply
from omidesk.sandbox.host import Host
from omidesk.sandbox.scenarios import national_digits

SEARCH = "/api/v2/callTransaction/search"
RECORDING = "/recordings/play"
MAX_PAGE_SIZE = 50
FAULTS = ("rate_limit", "limit_request_30_minute", "http_500", "slow", "malformed")
_SETUP_S = 1  # from the call's start to its first ring
_HTML_500 = b"<html><body><h1>500 Internal Server Error</h1></body></html>"


@dataclass(frozen=True, slots=True)
class Ending:
    """How a call to a number ends: ring seconds, talk seconds (None: unanswered), cause."""

    ring_s: int
    talk_s: int | None
    cause: str
    name: str = "answered"


# Numbers whose calls, once placed, end without an answer (README: the sandbox's numbers).
HISTORY_SCENARIOS: dict[str, Ending] = {
    "0900000030": Ending(30, None, "NO_ANSWER", "no_answer"),
    "0900000031": Ending(3, None, "USER_BUSY", "busy"),
    "0900000032": Ending(1, None, "UNALLOCATED_NUMBER", "failed"),
}


def history_help() -> str:
    """A plain-text table of how calls end in the sandbox's history, for `omidesk sandbox`."""
    lines = [
        f"  {number[:4]} {number[4:7]} {number[7:]}  {ending.name:<9}  accepted; ends "
        f"unanswered after {ending.ring_s} s ({ending.cause})"
        for number, ending in HISTORY_SCENARIOS.items()
    ]
    lines.append(
        f"  {'any other':<12}  {'answered':<9}  after a few seconds; a recording; its record "
        "shows once the call has ended"
    )
    return "\n".join(lines)


def ending_for(phone_number: str, seed: str) -> Ending:
    """How a call placed through the sandbox ends: a scenario number's way, else answered
    after a few seconds and talked for a while (the same for the same call)."""
    scenario = HISTORY_SCENARIOS.get(national_digits(phone_number))
    if scenario is not None:
        return scenario
    spread = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    return Ending(3 + spread % 5, 8 + spread % 40, "NORMAL_CLEARING")


@dataclass(slots=True)
class Call:
    """One call the sandbox's history knows."""

    transaction_id: str
    direction: str  # outbound / inbound
    sip_user: str
    sip_number: str
    phone_number: str
    started: float  # epoch seconds; it rings from a second later (the switch sets it up)
    ring_s: int
    talk_s: int | None
    cause: str
    customer_name: str | None = None
    key: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    @property
    def ended(self) -> float:
        return self.started + _SETUP_S + self.ring_s + (self.talk_s or 0)


class History:
    """Routes and state of the call history on a Sandbox."""

    def __init__(
        self,
        sandbox: Host,
        crm: Crm,
        *,
        clock: Callable[[], float] = time.time,
        demo: bool = True,
    ) -> None:
        self._sandbox = sandbox
        self._crm = crm
        self._clock = clock
        self._offset = 0.0
        self._calls: dict[str, Call] = {}
        self._faults: list[str] = []
        self._version = 0
        self._cache: tuple[str, int, float, list[Call]] | None = None
        # Seconds a "slow" answer takes (None: the sandbox's slow_seconds).
        self.slow_s: float | None = None
        sandbox.route("POST", SEARCH, self._search)
        sandbox.route("GET", RECORDING, self._recording, bearer=False)
        if demo:
            self._add_demo_calls()

    # --- what tests and the demo do ----------------------------------------------------

    def now(self) -> float:
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Moves the history's clock forward: calls placed end sooner."""
        with self._sandbox.lock:
            self._offset += seconds
            self._version += 1

    def inject(self, fault: str, times: int = 1) -> None:
        """The next `times` searches answer with `fault` (one of FAULTS)."""
        if fault not in FAULTS:
            raise ValueError(f"unknown history fault {fault!r}")
        with self._sandbox.lock:
            self._faults.extend([fault] * times)

    def add(self, call: Call) -> None:
        with self._sandbox.lock:
            self._calls[call.transaction_id] = call
            self._version += 1

    def generate(
        self,
        extension: str,
        count: int,
        *,
        days: float = 6.0,
        missed_every: int = 4,
        prefix: str = "gen",
    ) -> list[Call]:
        """`count` ended calls of `extension` spread over the last `days` (for paging, the
        benchmark): inbound and outbound, every `missed_every`-th an unanswered inbound
        call, each from a number of its own."""
        end = self.now() - 3600
        step = days * 86400 / max(count, 1)
        made = []
        for index in range(count):
            inbound = index % 2 == 0
            missed = missed_every > 0 and index % missed_every == 0
            made.append(
                Call(
                    transaction_id=_uuid(f"{prefix}:{extension}:{index}"),
                    direction="inbound" if inbound else "outbound",
                    sip_user=extension,
                    sip_number=self._sandbox.hotlines[0],
                    phone_number=f"09{10_000_000 + index:08d}",
                    started=end - index * step,
                    ring_s=4,
                    talk_s=None if missed else 30 + index % 200,
                    cause="ORIGINATOR_CANCEL" if missed else "NORMAL_CLEARING",
                )
            )
        with self._sandbox.lock:
            for call in made:
                self._calls[call.transaction_id] = call
            self._version += 1
        return made

    def call(self, transaction_id: str) -> Call | None:
        with self._sandbox.lock:
            return self._calls.get(transaction_id)

    def searches(self) -> list[RecordedRequest]:
        return [r for r in self._sandbox.requests if r.path == SEARCH]

    # --- calls placed through the sandbox ------------------------------------------------

    def placed(self, call_uuid: str, request: dict[str, str]) -> None:
        """click2call accepted a call: it rings, is answered or not, and ends as its number
        says; its record shows from then on."""
        number = request["phone_number"]
        ending = ending_for(number, call_uuid)
        customer = self._crm.by_number(number)
        self.add(
            Call(
                transaction_id=call_uuid,
                direction="outbound",
                sip_user=request["extension"],
                sip_number=request["hotline"],
                phone_number=national_digits(number),
                started=self.now(),
                ring_s=ending.ring_s,
                talk_s=ending.talk_s,
                cause=ending.cause,
                customer_name=customer.name if customer else None,
            )
        )

    def _add_demo_calls(self) -> None:
        """The demo extension's last week: customers calling in (some missed, some of
        those since called back on the phone) and calls dialled on the phone itself. The
        same calls (ids, times within the hour) at every start."""
        hour = math.floor(self.now() / 3600) * 3600
        extension = self._sandbox.extensions[0]
        hotline = self._sandbox.hotlines[0]
        # (hours ago, customer or number, direction, talk seconds or None, cause)
        plan: list[tuple[float, int | str, str, int | None, str]] = [
            (0.4, 0, "inbound", None, "ORIGINATOR_CANCEL"),
            (0.9, "0977001122", "inbound", 65, "NORMAL_CLEARING"),
            (1.6, 1, "inbound", None, "NO_ANSWER"),
            (3.2, 2, "inbound", 184, "NORMAL_CLEARING"),
            (5.5, 3, "outbound", 95, "NORMAL_CLEARING"),
            (20.0, 4, "inbound", None, "ORIGINATOR_CANCEL"),
            (19.2, 4, "outbound", 142, "NORMAL_CLEARING"),  # called back on the phone
            (26.0, 5, "inbound", None, "ORIGINATOR_CANCEL"),
            (30.0, 6, "inbound", 47, "NORMAL_CLEARING"),
            (50.0, 7, "outbound", None, "NO_ANSWER"),
            (74.0, 8, "inbound", 312, "NORMAL_CLEARING"),
            (98.0, 9, "outbound", None, "USER_BUSY"),
            (121.0, 10, "inbound", None, "ORIGINATOR_CANCEL"),
            (120.0, 10, "inbound", 88, "NORMAL_CLEARING"),  # she called again: answered
            (145.0, 11, "inbound", 61, "NORMAL_CLEARING"),
            (200.0, 3, "inbound", None, "ORIGINATOR_CANCEL"),  # over a week ago
        ]
        for index, (hours, who, direction, talk, cause) in enumerate(plan):
            if isinstance(who, int):
                customer = CUSTOMERS[who]
                number, name = customer.phones[0], customer.name
            else:
                number, name = who, None
            self.add(
                Call(
                    transaction_id=_uuid(f"demo:{extension}:{index}"),
                    direction=direction,
                    sip_user=extension,
                    sip_number=hotline,
                    phone_number=number,
                    started=hour - hours * 3600,
                    ring_s=6 if talk else 18,
                    talk_s=talk,
                    cause=cause,
                    customer_name=name,
                )
            )

    # --- the API -------------------------------------------------------------------------

    def _search(self, req: RecordedRequest, _token: str | None) -> Reply | None:
        with self._sandbox.lock:
            fault = self._faults.pop(0) if self._faults else None
        if fault == "rate_limit":
            return envelope(False, "rate_limit_exceeded", None, 429)
        if fault == "limit_request_30_minute":
            return envelope(False, "limit_request_30_minute", None)
        if fault == "http_500":
            return Reply(500, _HTML_500, "text/html")
        if fault == "slow":
            wait = self.slow_s if self.slow_s is not None else self._sandbox.slow_seconds
            if self._sandbox.stopping.wait(wait):
                return None
        try:
            page = int(req.query.get("page", "1"))
            size = int(req.query.get("size", "50"))
        except ValueError:
            return fail("request_invalid", "page and size must be numbers")
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            return fail("request_invalid", "size must be 1 to 50")
        body = req.json if req.body else {}
        if not isinstance(body, dict):
            return fail("request_invalid", "the body must be a JSON object")
        matching = self._matching(body)
        chosen = matching[(page - 1) * size : page * size]
        items: list[Any] = [self._item(call) for call in chosen]
        if fault == "malformed":
            # What a broken record could look like: no id, the rest of wrong types.
            items.insert(0, {"transaction_id": None, "bill_sec": "n/a", "recording_file_url": 7})
            items.insert(1, "not an object")
        return envelope(True, "success", paged(items, page, size, len(matching)))

    def _matching(self, body: dict[str, Any]) -> list[Call]:
        """The ended calls the search asks for, newest first (the last answer's list is
        kept while nothing changed: a sync asks for page after page of the same search)."""
        now = self.now()
        key = repr(sorted((k, repr(v)) for k, v in body.items()))
        with self._sandbox.lock:
            if self._cache is not None:
                cached_key, version, at, calls = self._cache
                if cached_key == key and version == self._version and now - at < 1.0:
                    return calls
            wanted = _Filter(body)
            calls = sorted(
                (c for c in self._calls.values() if c.ended <= now and wanted(c)),
                key=lambda c: (c.started, c.transaction_id),
                reverse=True,
            )
            self._cache = (key, self._version, now, calls)
            return calls

    def _item(self, call: Call) -> dict[str, Any]:
        """The call as v2's search answers it (times in epoch seconds)."""
        answered = call.talk_s is not None
        ringing = call.started + _SETUP_S
        answer = ringing + call.ring_s if answered else None
        recording = None
        if answered:
            recording = (
                f"{self._sandbox.base_url}{RECORDING}?id={call.transaction_id}&key={call.key}"
            )
        return {
            "transaction_id": call.transaction_id,
            "direction": call.direction,
            "sip_user": call.sip_user,
            "sip_number": call.sip_number,
            "phone_number": call.phone_number,
            "time_start_call": int(call.started),
            "time_ringing_start": int(ringing),
            "time_answer_start": int(answer) if answer is not None else 0,
            "time_end_call": int(call.ended),
            "answer_sec": call.talk_s or 0,
            "bill_sec": call.talk_s or 0,
            "duration": int(call.ended - call.started),
            "hangup_cause": call.cause,
            "recording_file_url": recording,
            "customer": {"full_name": call.customer_name} if call.customer_name else None,
            "create_by": {"name": f"Agent {call.sip_user}"},
            "is_auto_call": False,
            "autocall_id": None,
        }

    def _recording(self, req: RecordedRequest, _token: str | None) -> Reply:
        """A recording, for whoever holds its URL (the key in it grants access, as
        OMICall's do): a short tone, never the call's sound."""
        call = self.call(req.query.get("id", ""))
        key = req.query.get("key", "")
        if call is None or call.talk_s is None or not secrets.compare_digest(key, call.key):
            return Reply(404, b"not found", "text/plain")
        return Reply(200, _tone(), "audio/wav")


class _Filter:
    """The search body's filters (all optional): times in ms, ids, extensions, directions."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.since = _ms(body.get("fromDate"))
        self.until = _ms(body.get("toDate"))
        self.ids = _strings(body.get("transactionIds"))
        self.users = _strings(body.get("sipUsers"))
        self.directions = _strings(body.get("directions"))
        self.numbers = {national_digits(n) for n in _strings(body.get("phoneNumbers")) or ()}

    def __call__(self, call: Call) -> bool:
        return (
            (self.since is None or call.started >= self.since)
            and (self.until is None or call.started <= self.until)
            and (self.ids is None or call.transaction_id in self.ids)
            and (self.users is None or call.sip_user in self.users)
            and (self.directions is None or call.direction in self.directions)
            and (not self.numbers or national_digits(call.phone_number) in self.numbers)
        )


def _uuid(name: str) -> str:
    """A call id that is the same at every start (the demo's history is synced once)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"omidesk-sandbox-history:{name}"))


def _ms(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value / 1000.0
    return None


def _strings(value: Any) -> set[str] | None:
    if not isinstance(value, list) or not value:
        return None
    return {str(v) for v in value}


@cache
def _tone() -> bytes:
    """Two seconds of a soft 440 Hz tone, 8 kHz mono: what every sandbox recording plays."""
    rate, seconds = 8000, 2
    frames = b"".join(
        struct.pack("<h", int(6000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(rate * seconds)
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()
