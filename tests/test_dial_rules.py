"""The dial rules on in-memory ports: record before send, one in flight per number, the
repeat window, never resend, one replay after a refused token. No network, no SQLite: the
same rules against the sandbox and a real database are in tests/test_dialer.py."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from omidesk.domain.errors import RemoteError, StorageError
from omidesk.domain.records import LIVE_STATUSES, CallRecord, CallStatus
from omidesk.domain.settings import Settings
from omidesk.domain.wire import Wire
from omidesk.usecases.dial import Dialer, Outcome
from tests.conftest import ROOT

EXT, HOTLINE = "101", "02877788056"
SETTINGS = Settings(
    base_url="https://public-v1.omicall.com",
    extension=EXT,
    hotline=HOTLINE,
    timeout_s=2.0,
    repeat_window_s=10.0,
)


class Clock:
    """The wall clock the dialer and the call log read; it moves only when told."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class MemoryCallLog:
    """A dict-backed call log with the store's rule: check and write are one step.
    `events` is shared with the OMICall stand-in, to tell what happened in which order."""

    def __init__(self, clock: Clock, events: list[tuple[str, str]]) -> None:
        self.clock = clock
        self.events = events
        self.records: dict[int, CallRecord] = {}
        self.ids = itertools.count(1)
        self.crashed: set[int] = set()  # `placing` records whose process is gone
        self.failing: StorageError | None = None  # set: every write fails so

    def _write(self) -> None:
        if self.failing is not None:
            raise self.failing

    async def start_async(
        self,
        *,
        input: str,
        number: str,
        e164: str,
        extension: str,
        hotline: str,
        source: str,
        params: dict[str, Any] | None = None,
        unless_since: float | None = None,
        unless: frozenset[CallStatus] = LIVE_STATUSES,
    ) -> int | None:
        self._write()
        if unless_since is not None and any(
            r.e164 == e164 and r.created_at >= unless_since and r.status in unless
            for r in self.records.values()
        ):
            return None
        record_id = next(self.ids)
        self.records[record_id] = CallRecord(
            id=record_id,
            created_at=self.clock(),
            input=input,
            number=number,
            e164=e164,
            extension=extension,
            hotline=hotline,
            source=source,
            status=CallStatus.PLACING,
            error_params=dict(params or {}),
        )
        self.events.append(("placing", number))
        return record_id

    async def finish_async(self, call_id: int, status: CallStatus, **ending: Any) -> None:
        self._write()
        params = ending.pop("params", None)
        record = self.records[call_id]
        self.records[call_id] = replace(
            record,
            status=status,
            finished_at=self.clock(),
            error_params=params if params is not None else record.error_params,
            **ending,
        )
        self.events.append((str(status), record.number or ""))

    async def add_final_async(self, **call: Any) -> int:
        self._write()
        record_id = next(self.ids)
        params = call.pop("params", None)
        self.records[record_id] = CallRecord(
            id=record_id,
            created_at=self.clock(),
            number=call.pop("number", None),
            e164=call.pop("e164", None),
            extension=call.pop("extension", ""),
            hotline=call.pop("hotline", ""),
            error_params=dict(params or {}),
            **call,
        )
        self.events.append((str(call["status"]), call["input"]))
        return record_id

    async def recover_interrupted_async(self) -> int:
        dead = [i for i in self.crashed if self.records[i].status == CallStatus.PLACING]
        for record_id in dead:
            self.records[record_id] = replace(
                self.records[record_id], status=CallStatus.UNKNOWN, error_code="interrupted"
            )
        return len(dead)

    def last_live(self, e164: str, since: float) -> CallRecord | None:
        live = [
            r
            for r in self.records.values()
            if r.e164 == e164 and r.created_at >= since and r.status in LIVE_STATUSES
        ]
        return max(live, key=lambda r: r.created_at, default=None)

    def get(self, call_id: int) -> CallRecord | None:
        return self.records.get(call_id)


# What OMICall answers one click2call: a call_uuid, an error, or a coroutine to await
# (which may set the wire, wait, and answer in turn).
Answer = str | RemoteError | Callable[[Wire], Awaitable[str]]


class ScriptedOmiCall:
    """Click2Call answering from a script, one answer per request it is sent."""

    def __init__(self, events: list[tuple[str, str]], *answers: Answer) -> None:
        self.events = events
        self.answers = list(answers)
        self.sent: list[str] = []

    def configure(self, base_url: str, api_key: str | None, *, timeout_s: float | None = None):
        self.base_url = base_url

    async def click2call(
        self,
        extension: str,
        hotline: str,
        phone_number: str,
        *,
        deadline: float | None = None,
        wire: Wire | None = None,
    ) -> str:
        assert wire is not None, "the dialer must always be able to tell whether it left"
        answer = self.answers.pop(0) if self.answers else f"uuid-{len(self.sent) + 1}"
        if callable(answer):
            return await answer(wire)
        wire.sent = True
        self.sent.append(phone_number)
        self.events.append(("send", phone_number))
        if isinstance(answer, RemoteError):
            raise answer
        return answer


def desk(*answers: Answer, **settings: Any) -> tuple[Dialer, MemoryCallLog, ScriptedOmiCall, Clock]:
    clock = Clock()
    events: list[tuple[str, str]] = []
    calls = MemoryCallLog(clock, events)
    omicall = ScriptedOmiCall(events, *answers)
    current = replace(SETTINGS, **settings)
    dialer = Dialer(
        calls=calls,
        omicall=omicall,
        settings=lambda: current,
        api_key=lambda: "key-1234567890",
        clock=clock,
    )
    return dialer, calls, omicall, clock


def dial(dialer: Dialer, text: str, **kwargs: Any) -> Outcome:
    return asyncio.run(dialer.dial(text, **kwargs))


def refused_token() -> RemoteError:
    return RemoteError("token_expired", "rejected", auth_rejected=True, http_status=401)


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.integration  # a fresh interpreter: what importing the use case loads
def test_the_dial_rules_load_no_adapter() -> None:
    """What makes these tests fast: the use case knows its adapters only as ports."""
    probe = (
        "import sys\n"
        "import omidesk.usecases.dial\n"
        "loaded = [m for m in sys.modules if m.startswith(('omidesk.store', 'omidesk.omicall',"
        " 'omidesk.infra', 'omidesk.sandbox', 'httpx', 'sqlite3'))]\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_the_attempt_is_recorded_before_the_request_leaves() -> None:
    dialer, calls, _, _ = desk("uuid-1")
    outcome = dial(dialer, "0901 234 567")
    assert (outcome.status, outcome.call_uuid) == ("accepted", "uuid-1")
    assert calls.events == [
        ("placing", "0901234567"),
        ("send", "0901234567"),
        ("accepted", "0901234567"),
    ]
    (record,) = calls.records.values()
    assert (record.status, record.call_uuid, record.source) == ("accepted", "uuid-1", "cli")


def test_an_attempt_that_cannot_be_recorded_is_not_sent() -> None:
    dialer, calls, omicall, _ = desk()
    calls.failing = StorageError("store_locked", path="/data/omidesk.sqlite3")
    outcome = dial(dialer, "0901234567")
    assert (outcome.status, outcome.error) == ("failed", "store_locked")
    assert outcome.message.startswith("OmiDesk's data is busy")
    assert omicall.sent == []


def test_one_call_in_flight_per_number() -> None:
    released = asyncio.Event()

    async def ringing_later(wire: Wire) -> str:
        wire.sent = True
        await released.wait()
        return "uuid-slow"

    dialer, calls, omicall, _ = desk(ringing_later)

    async def go() -> tuple[Outcome, Outcome, Outcome]:
        first = asyncio.create_task(dialer.dial("0901234567"))
        while not calls.records:
            await asyncio.sleep(0)
        assert dialer.in_flight("+84901234567")
        same = await dialer.dial("+84 90 123 4567", confirm_repeat=True)  # another spelling
        other = await dialer.dial("0912345678")  # another number is no repeat
        released.set()
        return await first, same, other

    first, same, other = asyncio.run(go())
    assert (first.status, other.status) == ("accepted", "accepted")
    assert (same.status, same.error) == ("refused", "call_in_progress")
    assert "0901 234 567" in same.message
    assert omicall.sent == ["0912345678"]  # the slow one's send is its own (ringing_later)
    assert len(calls.records) == 2  # a refusal writes nothing
    assert not dialer.in_flight("+84901234567")


def test_a_repeat_within_the_window_asks_and_after_it_dials() -> None:
    dialer, calls, omicall, clock = desk()
    assert dial(dialer, "0901234567").status == "accepted"
    clock.advance(4)
    again = dial(dialer, "0901234567")
    assert (again.status, again.error) == ("refused", "repeat_within_window")
    assert again.message == "You called 0901 234 567 4 s ago."
    clock.advance(6.5)  # 10.5 s since: the window (10 s) is over
    assert dial(dialer, "0901234567").status == "accepted"
    assert len(omicall.sent) == 2
    assert len(calls.records) == 2


def test_a_confirmed_repeat_is_dialled() -> None:
    dialer, _, omicall, clock = desk()
    dial(dialer, "0901234567")
    clock.advance(1)
    assert dial(dialer, "0901234567", confirm_repeat=True).status == "accepted"
    assert len(omicall.sent) == 2


def test_a_refused_call_rang_nothing_and_may_be_dialled_again_at_once() -> None:
    dialer, _, omicall, _ = desk(RemoteError("user_busy", "rejected", http_status=200))
    busy = dial(dialer, "0901234567")
    assert (busy.status, busy.error, busy.message) == ("rejected", "user_busy", "The line is busy.")
    assert dial(dialer, "0901234567").status == "accepted"
    assert len(omicall.sent) == 2


def test_a_window_of_zero_never_asks() -> None:
    dialer, _, omicall, _ = desk(repeat_window_s=0.0)
    assert [dial(dialer, "0901234567").status for _ in range(3)] == ["accepted"] * 3
    assert len(omicall.sent) == 3


@pytest.mark.parametrize("code", ["no_answer", "server_error", "bad_answer"])
def test_nothing_is_resent_after_an_unknown_outcome(code: str) -> None:
    dialer, calls, omicall, clock = desk(RemoteError(code, "unknown", http_status=502))
    unknown = dial(dialer, "0901234567")
    assert (unknown.status, unknown.error) == ("unknown", code)
    assert "Check your phone" in unknown.next_step
    assert omicall.sent == ["0901234567"]  # once: a phone may be ringing
    (record,) = calls.records.values()
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, code)
    clock.advance(2)
    # Dialled again, it asks first: it may have rung.
    again = dial(dialer, "0901234567")
    assert (again.status, again.error) == ("refused", "repeat_within_window")
    assert omicall.sent == ["0901234567"]


def test_a_refused_token_is_replayed_once_and_the_call_placed() -> None:
    dialer, calls, omicall, _ = desk(refused_token(), "uuid-2")
    outcome = dial(dialer, "0901234567")
    assert (outcome.status, outcome.call_uuid) == ("accepted", "uuid-2")
    assert omicall.sent == ["0901234567", "0901234567"]
    (record,) = calls.records.values()  # one attempt, one record
    assert (record.status, record.call_uuid) == (CallStatus.ACCEPTED, "uuid-2")


def test_a_token_refused_twice_is_not_sent_a_third_time() -> None:
    dialer, calls, omicall, _ = desk(refused_token(), refused_token(), "uuid-never")
    outcome = dial(dialer, "0901234567")
    assert (outcome.status, outcome.error) == ("rejected", "token_expired")
    assert outcome.message == "OMICall's sign-in expired and signing in again did not help."
    assert omicall.sent == ["0901234567", "0901234567"]
    (record,) = calls.records.values()
    assert (record.status, record.error_code) == (CallStatus.REJECTED, "token_expired")


@pytest.mark.parametrize(
    "error",
    [
        RemoteError("user_busy", "rejected"),
        RemoteError("cannot_connect", "failed", host="omicall", reason="refused"),
        RemoteError("api_key_invalid", "rejected"),  # the key refused at sign-in: not a token
    ],
)
def test_no_other_failure_is_replayed(error: RemoteError) -> None:
    dialer, _, omicall, _ = desk(error, "uuid-never")
    assert dial(dialer, "0901234567").error == error.code
    assert len(omicall.sent) == 1


@pytest.mark.parametrize(
    ("sent", "status", "code"),
    [
        (True, CallStatus.UNKNOWN, "interrupted"),
        (False, CallStatus.FAILED, "stopped_before_sending"),
    ],
)
def test_a_cancelled_dial_finishes_its_record(sent: bool, status: CallStatus, code: str) -> None:
    """Cancelled (the window closed, Ctrl+C): "unknown" if the request may have left,
    "failed" if it never did; never left `placing`, which would block the number."""
    waiting = asyncio.Event()

    async def never_answers(wire: Wire) -> str:
        wire.sent = sent
        waiting.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    dialer, calls, _, _ = desk(never_answers)

    async def go() -> None:
        task = asyncio.create_task(dialer.dial("0901234567"))
        await waiting.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    (record,) = calls.records.values()
    assert (record.status, record.error_code) == (status, code)
    assert not dialer.in_flight("+84901234567")


def test_a_cancelled_replay_that_never_left_placed_no_call() -> None:
    """The refused request placed no call, and its replay never left: nothing rings."""
    waiting = asyncio.Event()

    async def signing_in(wire: Wire) -> str:
        waiting.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    dialer, calls, _, _ = desk(refused_token(), signing_in)

    async def go() -> None:
        task = asyncio.create_task(dialer.dial("0901234567"))
        await waiting.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    (record,) = calls.records.values()
    assert (record.status, record.error_code) == (CallStatus.FAILED, "stopped_before_sending")


def test_a_number_a_crashed_process_left_placing_asks_then_dials() -> None:
    dialer, calls, omicall, clock = desk()
    crashed = asyncio.run(
        calls.start_async(
            input="0901234567",
            number="0901234567",
            e164="+84901234567",
            extension=EXT,
            hotline=HOTLINE,
            source="window",
        )
    )
    assert crashed is not None
    calls.crashed.add(crashed)
    clock.advance(3)
    again = dial(dialer, "0901 234 567")
    assert (again.status, again.error) == ("refused", "repeat_within_window")
    assert calls.records[crashed].status == CallStatus.UNKNOWN
    assert omicall.sent == []
    assert dial(dialer, "0901234567", confirm_repeat=True).status == "accepted"


def test_not_configured_is_recorded_and_not_sent() -> None:
    """Nothing typed is lost: the attempt is in the history, saying what is missing."""
    dialer, calls, omicall, _ = desk(hotline="")
    outcome = dial(dialer, "0901234567")
    assert (outcome.status, outcome.error) == ("failed", "not_configured")
    assert outcome.message == "OmiDesk is not set up yet: Hotline missing."
    assert omicall.sent == []
    (record,) = calls.records.values()
    assert (record.status, record.error_params) == (CallStatus.FAILED, {"missing": ["hotline"]})


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"base_url": "http://omicall.example.com"}, "base_url_invalid"),
        ({"extension": "101; DROP"}, "extension_malformed"),
        ({"hotline": "hotline!"}, "hotline_malformed"),
    ],
)
def test_blocked_settings_record_nothing_and_send_nothing(
    settings: dict[str, str], code: str
) -> None:
    dialer, calls, omicall, _ = desk(**settings)
    outcome = dial(dialer, "0901234567")
    assert outcome.error == code
    assert "{" not in outcome.message
    assert calls.records == {}
    assert omicall.sent == []


def test_settings_blocked_by_their_source_record_nothing_and_send_nothing() -> None:
    from omidesk.domain.settings import Problem

    clock = Clock()
    events: list[tuple[str, str]] = []
    calls, omicall = MemoryCallLog(clock, events), ScriptedOmiCall(events)
    dialer = Dialer(
        calls=calls,
        omicall=omicall,
        settings=lambda: SETTINGS,
        api_key=lambda: "key",
        blocked=lambda: Problem("settings_not_yours", {"path": "/etc/omidesk.toml"}),
        clock=clock,
    )
    outcome = dial(dialer, "0901234567")
    assert (outcome.status, outcome.error) == ("failed", "settings_not_yours")
    assert "/etc/omidesk.toml" in outcome.message
    assert (calls.records, omicall.sent) == ({}, [])


def test_a_record_read_back_tells_what_the_dial_told() -> None:
    dialer, _, _, _ = desk(RemoteError("user_not_registered", "rejected", extension=EXT))
    told = dial(dialer, "0165 123 4567")
    recorded = dialer.recorded(told.record_id)
    assert recorded is not None
    assert recorded.to_json() == told.to_json()
    assert "101" in recorded.message
    assert recorded.reword("vi").message == told.reword("vi").message
