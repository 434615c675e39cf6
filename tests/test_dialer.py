"""The dial use case in-process against the sandbox: records, refusals and honest outcomes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from omidesk import services
from omidesk.domain.catalogue import explain
from omidesk.domain.records import CallStatus
from omidesk.domain.settings import Settings
from omidesk.sandbox.server import Sandbox
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.usecases.dial import Dialer, Outcome
from omidesk.usecases.ports import Click2Call
from tests.hostile_server import (
    AUTH,
    CLICK2CALL,
    Answer,
    HostileServer,
    envelope,
    nested_json,
    token_answer,
)
from tests.locks import lock_held_by_a_thread

# The dialer against the sandbox, recording in real SQLite files.
pytestmark = pytest.mark.integration

EXT, HOTLINE = "101", "02877788056"


@asynccontextmanager
async def dialer_for(
    sandbox: Sandbox,
    db_path: Path,
    *,
    api_key: str | None = "default",
    lock_timeout_s: float = 5.0,
    **overrides: object,
) -> AsyncIterator[Dialer]:
    settings = Settings(base_url=sandbox.base_url, extension=EXT, hotline=HOTLINE, timeout_s=1.0)
    settings = replace(settings, **overrides)
    key = sandbox.api_key if api_key == "default" else api_key
    with Database(db_path, timeout_s=lock_timeout_s) as db:
        async with services.one_shot(db, settings, lambda: key) as dialer:
            yield dialer


def dial(sandbox: Sandbox, db_path: Path, text: str, **kwargs: object):
    async def go():
        async with dialer_for(sandbox, db_path) as dialer:
            return await dialer.dial(text, **kwargs)

    return asyncio.run(go())


def records(db_path: Path) -> list:
    with Database(db_path) as db:
        return CallStore(db).recent()


def test_accepted_call_is_recorded_with_its_uuid(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, "Tel: 0901 234 567.", source="window")
    assert outcome.status == "accepted"
    assert outcome.number == "0901234567"
    assert "0901 234 567" in outcome.message and "101" in outcome.message
    (post,) = sandbox.click2calls()
    assert post.json == {"extension": EXT, "hotline": HOTLINE, "phone_number": "0901234567"}
    (record,) = records(db)
    assert record.status == CallStatus.ACCEPTED
    assert record.call_uuid == outcome.call_uuid
    assert record.input == "Tel: 0901 234 567."
    assert record.source == "window"
    assert record.latency_ms is not None


@pytest.mark.slow
def test_record_is_written_before_the_request_leaves(sandbox: Sandbox, tmp_path: Path) -> None:
    """While the slow scenario is pending, another connection already sees `placing`."""
    db = tmp_path / "calls.sqlite3"
    seen: list[str] = []

    async def go() -> None:
        async with dialer_for(sandbox, db, timeout_s=2.0) as dialer:
            task = asyncio.create_task(dialer.dial("0900000020"))
            while not sandbox.click2calls():
                await asyncio.sleep(0.01)
            seen.extend(r.status.value for r in records(db))
            outcome = await task
            seen.append(outcome.status)

    asyncio.run(go())
    assert seen == ["placing", "unknown"]
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "no_answer")
    assert len(sandbox.click2calls()) == 1


def test_same_number_in_flight_is_refused_and_sent_once(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    sandbox.slow_seconds = 0.3

    async def go():
        async with dialer_for(sandbox, db, timeout_s=2.0) as dialer:
            first = asyncio.create_task(dialer.dial("0900000020"))
            await asyncio.sleep(0.05)
            second = await dialer.dial("090 000 0020")
            return await first, second

    first, second = asyncio.run(go())
    assert first.status == "accepted"
    assert (second.status, second.error) == ("refused", "call_in_progress")
    assert len(sandbox.click2calls()) == 1
    assert len(records(db)) == 1  # a refusal writes nothing


def test_repeat_within_window_asks_and_confirmation_places_it(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    db = tmp_path / "calls.sqlite3"
    assert dial(sandbox, db, "0901234567").status == "accepted"
    again = dial(sandbox, db, "+84 90 123 4567")  # same number, another spelling
    assert (again.status, again.error) == ("refused", "repeat_within_window")
    assert "0901 234 567" in again.message
    assert len(sandbox.click2calls()) == 1
    confirmed = dial(sandbox, db, "0901234567", confirm_repeat=True)
    assert confirmed.status == "accepted"
    assert len(sandbox.click2calls()) == 2


def test_a_number_a_crashed_process_left_placing_asks_then_dials(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Not "call in progress" for as long as the window runs: the crashed attempt is
    settled as unknown (it may have rung), so the repeat asks, and once confirmed, goes."""
    db = tmp_path / "calls.sqlite3"
    with Database(db) as database:
        crashed = CallStore(database).start(
            input="0901234567",
            number="0901234567",
            e164="+84901234567",
            extension=EXT,
            hotline=HOTLINE,
            source="window",
        )
        with database.transaction() as conn:
            conn.execute("UPDATE calls SET pid = ? WHERE id = ?", (dead_pid(), crashed))
    again = dial(sandbox, db, "0901 234 567")
    assert (again.status, again.error) == ("refused", "repeat_within_window")
    assert sandbox.click2calls() == []
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")
    confirmed = dial(sandbox, db, "0901234567", confirm_repeat=True)
    assert confirmed.status == "accepted"
    assert len(sandbox.click2calls()) == 1


def dead_pid() -> int:
    with subprocess.Popen([sys.executable, "-c", "pass"]) as child:
        pid = child.pid
    return pid  # reaped by the with block: no process has this id any more


def test_an_expired_token_means_one_sign_in_and_one_replay(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    db = tmp_path / "calls.sqlite3"

    async def expire_between() -> Outcome:
        async with dialer_for(sandbox, db) as dialer:
            await dialer.dial("0901234567")
            sandbox.expire_tokens()
            return await dialer.dial("0912345678")

    assert asyncio.run(expire_between()).status == "accepted"
    paths = [(r.method, r.path) for r in sandbox.requests]
    assert paths == [
        ("GET", "/api/auth"),
        ("POST", "/api/click2call"),
        ("POST", "/api/click2call"),  # refused: token expired, no call placed
        ("GET", "/api/auth"),
        ("POST", "/api/click2call"),  # the single replay
    ]
    assert [r.status for r in records(db)] == [CallStatus.ACCEPTED, CallStatus.ACCEPTED]


def test_token_expired_on_first_use_scenario_replays_once(sandbox: Sandbox, tmp_path: Path) -> None:
    outcome = dial(sandbox, tmp_path / "calls.sqlite3", "0900000024")
    assert outcome.status == "accepted" and outcome.call_uuid
    assert len(sandbox.auths()) == 2
    assert len(sandbox.click2calls()) == 2


def test_rejected_call_can_be_redialled_at_once(sandbox: Sandbox, tmp_path: Path) -> None:
    """A refusal rang no phone: the repeat rule is about calls that may be ringing."""
    db = tmp_path / "calls.sqlite3"
    assert dial(sandbox, db, "0900000001").status == "rejected"
    assert dial(sandbox, db, "0900000001").status == "rejected"
    assert len(sandbox.click2calls()) == 2


def test_repeat_window_zero_turns_the_question_off(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"

    async def go():
        async with dialer_for(sandbox, db, repeat_window_s=0.0) as dialer:
            return [await dialer.dial("0901234567") for _ in range(2)]

    assert [o.status for o in asyncio.run(go())] == ["accepted", "accepted"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("call me maybe", "number_no_digits"),
        ("12", "number_too_short"),
        ("0101234567", "number_invalid"),
        ("0901234567 or 0907654321", "number_several"),
    ],
)
def test_invalid_input_is_explained_never_sent_nor_stored(
    sandbox: Sandbox, tmp_path: Path, text: str, code: str
) -> None:
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, text)
    assert (outcome.status, outcome.error, outcome.record_id) == ("invalid", code, None)
    assert outcome.message and outcome.next_step  # the agent still reads why, and what to do
    assert sandbox.requests == []
    # Only attempts that were sent, or could not be sent, are stored: text is not an attempt.
    assert records(db) == []


def test_an_old_database_still_shows_its_invalid_rows(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    with Database(db) as opened:
        CallStore(opened).add_final(
            input="call me maybe",
            status=CallStatus.INVALID,
            source="window",
            error_code="number_no_digits",
            params={"text": "call me maybe"},
        )
    dial(sandbox, db, "0901234567")
    (old,) = (record for record in records(db) if record.status == CallStatus.INVALID)
    assert old.input == "call me maybe"
    assert "call me maybe" in old.explain("en").message


def test_missing_settings_are_named(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"

    async def go():
        async with dialer_for(sandbox, db, api_key=None, hotline="") as dialer:
            return await dialer.dial("0901234567")

    outcome = asyncio.run(go())
    assert (outcome.status, outcome.error) == ("failed", "not_configured")
    assert "API key" in outcome.message and "Hotline" in outcome.message
    assert sandbox.requests == []
    assert records(db)[0].status == CallStatus.FAILED


def test_api_key_rejection_names_the_key(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"

    async def go():
        async with dialer_for(sandbox, db, api_key="wrong") as dialer:
            return await dialer.dial("0901234567")

    outcome = asyncio.run(go())
    assert (outcome.status, outcome.error) == ("rejected", "api_key_invalid")
    assert "API key" in outcome.message and "Settings" in outcome.next_step
    assert sandbox.click2calls() == []


def test_old_eleven_digit_number_dials_the_new_one(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, "0165 123 4567")
    assert outcome.status == "accepted"
    assert (outcome.number, outcome.converted_from) == ("0351234567", "01651234567")
    assert sandbox.click2calls()[0].json["phone_number"] == "0351234567"


def test_nothing_listening_is_failed_not_unknown(tmp_path: Path) -> None:
    class Nowhere:
        base_url = "http://127.0.0.1:9"  # discard port: nothing listens
        api_key = "key"

    outcome = dial(Nowhere(), tmp_path / "calls.sqlite3", "0901234567")  # type: ignore[arg-type]
    assert (outcome.status, outcome.error) == ("failed", "cannot_connect")
    assert "No call was placed" in outcome.message


def test_whole_attempt_is_bounded_by_twice_the_timeout(sandbox: Sandbox, tmp_path: Path) -> None:
    # The sandbox answers this number after 30 s; the dialer's timeout is 1 s. Unknown, not
    # accepted: it stopped waiting.
    outcome = dial(sandbox, tmp_path / "c.sqlite3", "0900000020")
    assert (outcome.status, outcome.error) == ("unknown", "no_answer")


def test_listener_hears_every_change(sandbox: Sandbox, tmp_path: Path) -> None:
    heard: list[int] = []

    async def go() -> None:
        async with dialer_for(sandbox, tmp_path / "c.sqlite3") as dialer:
            dialer.listeners.append(heard.append)
            await dialer.dial("0901234567")
            await dialer.dial("nope")

    asyncio.run(go())
    assert heard == [1, 1]  # placing, accepted; "nope" is no attempt: nothing written


def test_a_broken_listener_does_not_change_the_outcome(sandbox: Sandbox, tmp_path: Path) -> None:
    def explode(_: int) -> None:
        raise RuntimeError("listener bug")

    async def go():
        async with dialer_for(sandbox, tmp_path / "c.sqlite3") as dialer:
            dialer.listeners.append(explode)
            return await dialer.dial("0901234567")

    assert asyncio.run(go()).status == "accepted"


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_outcome_speaks_the_configured_language(
    sandbox: Sandbox, tmp_path: Path, lang: str
) -> None:
    async def go():
        async with dialer_for(sandbox, tmp_path / "c.sqlite3", language=lang) as dialer:
            return await dialer.dial("0900000001")

    outcome = asyncio.run(go())
    assert outcome.message == {"en": "The line is busy.", "vi": "Máy bận."}[lang]


# --- fail closed: hostile answers, cancelled dials (tests/hostile_server.py) ---------------


def hostile_dial(server: HostileServer, db_path: Path, text: str = "0901234567", **kwargs):
    async def go():
        async with dialer_for(server, db_path, api_key="key-1234567890") as dialer:  # type: ignore[arg-type]
            return await dialer.dial(text, **kwargs)

    return asyncio.run(go())


def test_json_nested_100000_deep_finishes_the_record_as_unknown(tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    with HostileServer({CLICK2CALL: Answer(nested_json())}) as server:
        outcome = hostile_dial(server, db)
        assert (outcome.status, outcome.error) == ("unknown", "bad_answer")
        assert "outcome unknown" in outcome.message
        (record,) = records(db)
        assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "bad_answer")
        assert record.finished_at is not None
        # The number is not blocked as "being placed": a repeat asks, and once confirmed, goes.
        again = hostile_dial(server, db)
        assert (again.status, again.error) == ("refused", "repeat_within_window")
        server.answers[CLICK2CALL] = Answer(envelope({"call_uuid": "c-2"}))
        assert hostile_dial(server, db, confirm_repeat=True).status == "accepted"
        assert len(server.on(CLICK2CALL)) == 2


def test_endless_answer_is_recorded_as_unknown_too_large(tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    with HostileServer({CLICK2CALL: Answer(endless=True)}) as server:
        outcome = hostile_dial(server, db)
        assert server.finished(CLICK2CALL).closed_by_client
    assert (outcome.status, outcome.error) == ("unknown", "answer_too_large")
    assert "Check your phone" in outcome.next_step
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "answer_too_large")


@pytest.mark.parametrize("status_code", ["9999", 9999.0, None, True])
def test_status_code_of_the_wrong_type_is_recorded_unknown(
    tmp_path: Path, status_code: object
) -> None:
    db = tmp_path / "calls.sqlite3"
    body = envelope({"error": "user_busy"}, status_code=status_code, message="user_busy")
    with HostileServer({CLICK2CALL: Answer(body)}) as server:
        outcome = hostile_dial(server, db)
    assert (outcome.status, outcome.error) == ("unknown", "bad_answer")
    assert records(db)[0].status == CallStatus.UNKNOWN


def test_garbage_call_uuid_is_unknown_and_never_stored(tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    with HostileServer({CLICK2CALL: Answer(envelope({"call_uuid": "\u001b[31mabc\r"}))}) as server:
        outcome = hostile_dial(server, db)
    assert (outcome.status, outcome.error, outcome.call_uuid) == ("unknown", "bad_call_uuid", None)
    assert "call id" in outcome.message and "outcome unknown" in outcome.message
    (record,) = records(db)
    assert (record.status, record.call_uuid) == (CallStatus.UNKNOWN, None)


def test_server_text_is_stored_and_shown_clean(tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    payload = {"error": "carrier\u001b[2K_down", "message": "Carrier\r\n\u001b[31m down\u202e!"}
    with HostileServer({CLICK2CALL: Answer(envelope(payload, status_code=-9999))}) as server:
        outcome = hostile_dial(server, db)
    assert outcome.status == "rejected"
    assert outcome.message == "OMICall refused the call: Carrier [31m down!"
    (record,) = records(db)
    assert (record.error_code, record.server_message) == ("carrier[2K_down", "Carrier [31m down!")


@pytest.mark.parametrize("token", ["tok\r\nX-Injected: 1", "t" * (100 * 1024), "tokén"])
def test_a_token_unfit_for_a_header_is_recorded_failed(tmp_path: Path, token: str) -> None:
    db = tmp_path / "calls.sqlite3"
    with HostileServer({AUTH: token_answer(token)}) as server:
        outcome = hostile_dial(server, db)
        assert server.on(CLICK2CALL) == []
    assert (outcome.status, outcome.error) == ("failed", "bad_auth_answer")
    assert "No call was placed" in outcome.message
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.FAILED, "bad_auth_answer")


def test_cancelled_after_sending_finishes_the_record_unknown(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The window closed while OMICall had not answered: the record must not stay `placing`,
    which would block the number (call_in_progress) as long as the window runs."""
    db = tmp_path / "calls.sqlite3"

    async def go() -> None:
        async with dialer_for(sandbox, db, timeout_s=20.0) as dialer:
            task = asyncio.create_task(dialer.dial("0900000020"))
            while not sandbox.click2calls():
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert not dialer.in_flight("+84900000020")
            again = await dialer.dial("0900000020")
            assert (again.status, again.error) == ("refused", "repeat_within_window")

    asyncio.run(go())
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")
    assert record.finished_at is not None
    assert len(sandbox.click2calls()) == 1


def test_cancelled_before_sending_finishes_the_record_failed(tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    with HostileServer({AUTH: Answer(envelope({"access_token": "t"}), delay_s=30)}) as server:

        async def go() -> None:
            async with dialer_for(server, db, api_key="key", timeout_s=20.0) as dialer:  # type: ignore[arg-type]
                task = asyncio.create_task(dialer.dial("0901234567"))
                while not server.on(AUTH):
                    await asyncio.sleep(0.01)
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task

        asyncio.run(go())
        assert server.on(CLICK2CALL) == []
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.FAILED, "stopped_before_sending")
    assert "No call was placed" in record.explain("en").message


class _BuggyAfterSending:
    """Stands for a bug anywhere after the request left (the kind deep JSON used to be)."""

    def __init__(self, client: Click2Call) -> None:
        self.client = client

    def configure(self, *args: Any, **kwargs: Any) -> None:
        self.client.configure(*args, **kwargs)

    async def click2call(self, *args: Any, **kwargs: Any) -> str:
        await self.client.click2call(*args, **kwargs)
        raise RuntimeError("a bug after the answer")


def test_a_bug_after_sending_still_finishes_the_record_and_propagates(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    db = tmp_path / "calls.sqlite3"

    async def go() -> None:
        async with dialer_for(sandbox, db, timeout_s=2.0) as dialer:
            dialer.omicall = _BuggyAfterSending(dialer.omicall)
            with pytest.raises(RuntimeError):
                await dialer.dial("0901234567")

    asyncio.run(go())
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")


@pytest.mark.parametrize("number", ["0901234567", "0900000001", "0900000022", "0165 123 4567"])
def test_a_record_read_back_tells_what_the_dial_told(
    sandbox: Sandbox, tmp_path: Path, number: str
) -> None:
    """What `omidesk call` prints after Ctrl+C or a bug comes from the record: it must say
    what the dial itself would have said."""

    async def go():
        async with dialer_for(sandbox, tmp_path / "c.sqlite3") as dialer:
            told = await dialer.dial(number)
            return told, dialer.recorded(told.record_id)

    told, recorded = asyncio.run(go())
    assert recorded is not None
    assert recorded.to_json() == told.to_json()
    assert (recorded.next_step, recorded.record_id) == (told.next_step, told.record_id)


# --- another connection writing (an import, another OmiDesk) --------------------------------


async def ticking(ticks: list[int]) -> None:
    """Stands for the window: a task of the loop's ticking every 10 ms."""
    while True:
        await asyncio.sleep(0.01)
        ticks.append(len(ticks))


async def until(condition: Any) -> None:
    while not condition():
        await asyncio.sleep(0.005)


def test_a_call_waits_for_another_writer_without_blocking_the_loop(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    db = tmp_path / "calls.sqlite3"
    records(db)  # the database, created
    seen: dict[str, Any] = {}

    async def go() -> Outcome:
        ticks: list[int] = []
        ticker = asyncio.create_task(ticking(ticks))
        async with dialer_for(sandbox, db) as dialer:
            with lock_held_by_a_thread(db):
                dial = asyncio.create_task(dialer.dial("0901234567"))
                # The loop ticks on (20 ticks of 10 ms) while the dial waits for the lock.
                await until(lambda: len(ticks) >= 20 or dial.done())
                seen["waiting"] = not dial.done()
                seen["sent"] = sandbox.click2calls()
            outcome = await dial
        ticker.cancel()
        return outcome

    outcome = asyncio.run(go())
    assert seen == {"waiting": True, "sent": []}  # not recorded yet, so not sent
    assert outcome.status == "accepted"
    (record,) = records(db)
    assert (record.status, record.call_uuid) == (CallStatus.ACCEPTED, outcome.call_uuid)
    assert len(sandbox.click2calls()) == 1


def test_a_call_the_lock_is_never_free_for_is_not_placed(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    records(db)

    async def go() -> Outcome:
        async with dialer_for(sandbox, db, lock_timeout_s=0.2) as dialer:
            with lock_held_by_a_thread(db):
                return await dialer.dial("0901234567")

    outcome = asyncio.run(go())
    assert (outcome.status, outcome.error) == ("failed", "store_locked")
    assert outcome.message == explain("store_locked", "en").message
    assert outcome.next_step == "Try again in a moment."
    assert sandbox.click2calls() == []
    assert records(db) == []


def test_a_call_cancelled_while_waiting_for_the_lock_leaves_nothing(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    db = tmp_path / "calls.sqlite3"
    records(db)

    async def go() -> None:
        async with dialer_for(sandbox, db) as dialer:
            with lock_held_by_a_thread(db):
                dial = asyncio.create_task(dialer.dial("0901234567"))
                await asyncio.sleep(0.05)
                dial.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await dial
            assert not dialer.in_flight("+84901234567")

    asyncio.run(go())
    assert sandbox.click2calls() == []
    assert records(db) == []


def test_a_call_cancelled_after_sending_finishes_its_record_once_the_lock_is_free(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The window closes mid-call while an import writes: the record still ends `unknown`
    (never left `placing`), written as soon as the import lets go of the lock."""
    db = tmp_path / "calls.sqlite3"

    async def go() -> None:
        async with dialer_for(sandbox, db, timeout_s=20.0) as dialer:
            dial = asyncio.create_task(dialer.dial("0900000020"))  # OMICall answers slowly
            await until(sandbox.click2calls)
            with lock_held_by_a_thread(db):
                dial.cancel()
                await asyncio.sleep(0.05)
                still_placing = [record.status for record in records(db)]
            with pytest.raises(asyncio.CancelledError):
                await dial
            assert still_placing == [CallStatus.PLACING]

    asyncio.run(go())
    (record,) = records(db)
    assert (record.status, record.error_code) == (CallStatus.UNKNOWN, "interrupted")
