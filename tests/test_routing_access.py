"""What the routing service answered, counted and written off the request's path: the same
line a request, its numbers masked, dated when it was answered, written when enough wait;
every request counted in the metrics, whether the access log is on or not."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from omidesk.domain.owners import mask
from omidesk.routing.access import BATCH, FLUSH_S, Answered, Entry, Metrics

PATH = "/get_owner_contact_by_phone"


def entry(n: int, at: float = 0.0, *, result: str = "owner", seconds: float = 0.000123) -> Entry:
    return (
        at or time.time(),
        ("10.0.0.1", 50000),
        f"09012{n:05d}",
        "842877788056",
        200,
        result,
        "101:102" if result == "owner" else "",
        "",
        seconds,
    )


def answered() -> Answered:
    return Answered(PATH, Metrics(("owner", "none")))


def add(lines: Answered, note: Entry) -> None:
    """What a request does once answered."""
    lines.pending.append(note)
    lines.full()


def test_a_full_buffer_is_written_by_the_request_that_fills_it(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = answered()
    for n in range(BATCH - 1):
        add(lines, entry(n))
    assert caplog.records == []  # waiting for the periodic write…
    add(lines, entry(BATCH - 1))  # …or for the buffer to fill
    written = [record.getMessage() for record in caplog.records]
    assert len(written) == BATCH
    assert written[0] == (
        f'10.0.0.1 {PATH} phone=0901***000 sip=8428***056 -> 200 owner "101:102" 0.12 ms'
    )
    assert written[-1].startswith(f"10.0.0.1 {PATH} phone=0901***{(BATCH - 1) % 1000:03d} ")


def test_a_line_is_dated_when_its_request_was_answered(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = answered()
    at = 1_800_000_000.25
    add(lines, entry(1, at=at))
    lines.flush()
    (record,) = caplog.records
    assert (record.created, round(record.msecs)) == (at, 250)


def test_with_the_access_log_off_requests_are_still_counted(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.WARNING, logger="omidesk.routing.access")
    lines = answered()
    add(lines, entry(1))
    add(lines, entry(2, result="none", seconds=0.003))
    lines.flush()
    assert caplog.records == []
    metrics = lines.metrics
    assert (metrics.requests["owner"], metrics.requests["none"]) == (1, 1)
    assert metrics.latency_count == 2
    # 0.123 ms in the first bucket (≤ 0.5 ms), 3 ms in the fourth (≤ 5 ms).
    assert [i for i, n in enumerate(metrics.buckets) if n] == [0, 3]
    assert lines.pending == []


def test_lines_fewer_than_a_batch_are_written_within_a_moment_in_order(
    caplog: pytest.LogCaptureFixture,
):
    # A quiet service: the lines of a few requests wait at most FLUSH_S.
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = answered()

    def written() -> list[str]:
        return [record.getMessage().split(" ")[2] for record in caplog.records]

    async def run() -> None:
        writer = asyncio.get_running_loop().create_task(lines.run())
        for n in range(5):
            add(lines, entry(n))
        assert written() == []
        await asyncio.sleep(FLUSH_S * 3)
        add(lines, entry(99_999))  # a request answered later: its line comes after
        await asyncio.sleep(FLUSH_S * 3)
        writer.cancel()

    asyncio.run(run())
    numbers = [f"phone=0901***{n % 1000:03d}" for n in [*range(5), 99_999]]
    assert written() == numbers


def test_a_line_that_cannot_be_written_does_not_fail_the_request_nor_the_next_ones(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = answered()
    monkeypatch.setattr(lines.metrics, "count", lambda entries: 1 / 0)
    for n in range(BATCH):
        add(lines, entry(n))  # the last one finds the batch full: nothing raised
    assert "access lines could not be written" in caplog.text
    monkeypatch.undo()
    for n in range(BATCH):
        add(lines, entry(n))
    assert sum("phone=0901***" in record.getMessage() for record in caplog.records) == BATCH


def test_the_histogram_counts_a_latency_on_a_bound_in_that_bucket():
    # Prometheus buckets are "less than or equal": 0.5 ms is in le="0.0005".
    lines = answered()
    latencies = [0.0005, 0.00050001, 0.001, 0.0, 2.0, 2.5, 30.0]
    for n, seconds in enumerate(latencies):
        add(lines, entry(n, seconds=seconds))
    lines.flush()
    metrics = lines.metrics
    assert metrics.buckets == [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    assert metrics.latency_count == len(latencies)
    assert metrics.latency_sum == pytest.approx(sum(latencies))
    assert metrics.requests == {"owner": len(latencies), "none": 0}


@pytest.mark.parametrize(
    "phone",
    [
        "0901234567",
        "+84901234567",
        "84901234567",
        "++84901234567",
        "1234567",  # short: hidden whole
        "12345678",
        " 0901234567 ",
        "090 123 4567",
        "٠٩٠١٢٣٤٥٦٧",  # digits of another script: hidden whole
        "+",
        "abcdefghij",
        "",
    ],
)
def test_a_line_masks_the_number_as_mask_does(caplog: pytest.LogCaptureFixture, phone: str):
    # The line masks the usual number itself (no call): the same as the domain's rule.
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    lines = answered()
    note = entry(1)
    add(lines, (note[0], note[1], phone, *note[3:]))
    lines.flush()
    (record,) = caplog.records
    assert f" phone={mask(phone) if phone else '-'} " in record.getMessage()
