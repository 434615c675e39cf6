"""The routing service's access lines, written off the request's path: the same line a
request, its numbers masked, dated when it was answered, written when enough wait."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from omidesk.routing.access import BUFFER, CHUNK, AccessLines, Entry

PATH = "/get_owner_contact_by_phone"


def entry(n: int, at: float = 0.0) -> Entry:
    return Entry(
        at or time.time(),
        "10.0.0.1",
        f"09012{n:05d}",
        "842877788056",
        200,
        "owner",
        "101:102",
        "",
        0.000123,
    )


def test_a_full_buffer_is_written_by_the_request_that_fills_it(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = AccessLines(PATH)
    for n in range(BUFFER - 1):
        lines.add(entry(n))
    assert caplog.records == []  # waiting for the periodic write…
    lines.add(entry(BUFFER - 1))  # …or for the buffer to fill
    written = [record.getMessage() for record in caplog.records]
    assert len(written) == BUFFER
    assert written[0] == (
        f'10.0.0.1 {PATH} phone=0901***000 sip=8428***056 -> 200 owner "101:102" 0.12 ms'
    )
    assert written[-1].startswith(f"10.0.0.1 {PATH} phone=0901***{(BUFFER - 1) % 1000:03d} ")


def test_a_line_is_dated_when_its_request_was_answered(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = AccessLines(PATH)
    answered = 1_800_000_000.25
    lines.add(entry(1, at=answered))
    lines.flush()
    (record,) = caplog.records
    assert (record.created, round(record.msecs)) == (answered, 250)


def test_nothing_is_kept_while_the_access_log_is_off(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.WARNING, logger="omidesk.routing.access")
    lines = AccessLines(PATH)
    lines.add(entry(1))
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines.flush()
    assert caplog.records == []


def test_waiting_lines_are_written_a_chunk_at_a_time_in_order(caplog: pytest.LogCaptureFixture):
    # Between two chunks the loop answers other requests; their lines come after.
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = AccessLines(PATH)

    def written() -> list[str]:
        return [record.getMessage().split(" ")[2] for record in caplog.records]

    async def run() -> None:
        for n in range(CHUNK * 2 + 10):
            lines.add(entry(n))
        writer = asyncio.get_running_loop().create_task(lines.run())
        # Each turn of the loop this coroutine looks once (as a request would be answered
        # once), so it sees what the writer did in one turn.
        while len(written()) < CHUNK:
            await asyncio.sleep(0)
        assert len(written()) == CHUNK  # one chunk, then the loop's other work
        lines.add(entry(99_999))  # a request answered in between
        while len(written()) < CHUNK * 2 + 11:
            await asyncio.sleep(0)
        writer.cancel()

    asyncio.run(run())
    numbers = [f"phone=0901***{n % 1000:03d}" for n in [*range(CHUNK * 2 + 10), 99_999]]
    assert written() == numbers
