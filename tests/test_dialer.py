"""The dial use case in-process against the sandbox: records, refusals and honest outcomes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from omidesk.core.dialer import Dialer
from omidesk.core.records import CallStatus
from omidesk.core.settings import Settings
from omidesk.omicall.client import OmiCallClient
from omidesk.sandbox.server import Sandbox
from omidesk.store.calls import CallStore
from omidesk.store.db import Database

EXT, HOTLINE = "101", "02877788056"


@asynccontextmanager
async def dialer_for(
    sandbox: Sandbox,
    db_path: Path,
    *,
    api_key: str | None = "default",
    **overrides: object,
) -> AsyncIterator[Dialer]:
    settings = Settings(base_url=sandbox.base_url, extension=EXT, hotline=HOTLINE, timeout_s=1.0)
    settings = replace(settings, **overrides)
    key = sandbox.api_key if api_key == "default" else api_key
    with Database(db_path) as db:
        async with httpx.AsyncClient() as http:
            yield Dialer(
                store=CallStore(db),
                client=OmiCallClient(http),
                settings=lambda: settings,
                api_key=lambda: key,
            )


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


def test_invalid_number_is_recorded_not_sent(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, "call me maybe")
    assert (outcome.status, outcome.error) == ("invalid", "number_no_digits")
    assert "call me maybe" in outcome.message
    assert sandbox.requests == []
    (record,) = records(db)
    assert (record.status, record.input) == (CallStatus.INVALID, "call me maybe")


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
    started = time.monotonic()
    outcome = dial(sandbox, tmp_path / "c.sqlite3", "0900000020")
    assert outcome.status == "unknown"
    assert time.monotonic() - started < 2 * 1.0 + 1.0


def test_listener_hears_every_change(sandbox: Sandbox, tmp_path: Path) -> None:
    heard: list[int] = []

    async def go() -> None:
        async with dialer_for(sandbox, tmp_path / "c.sqlite3") as dialer:
            dialer.listeners.append(heard.append)
            await dialer.dial("0901234567")
            await dialer.dial("nope")

    asyncio.run(go())
    assert heard == [1, 1, 2]  # placing, accepted, then the invalid attempt


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
