"""OMICall's call history and CRM through the client, against the sandbox over real HTTP:
paging, the throttle, back-off after a rate limit, reads asked again, malformed items."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from omidesk.domain.call_results import HistoryQuery
from omidesk.domain.errors import RATE_LIMITED
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.crm import CrmClient
from omidesk.omicall.errors import OmiCallError
from omidesk.omicall.history import MIN_GAP_S, HistoryReader, Throttle
from omidesk.sandbox.crm import CUSTOMERS
from omidesk.sandbox.server import Sandbox

pytestmark = pytest.mark.integration


class Clock:
    """A monotonic clock the test moves; sleeping moves it (nothing really waits)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(
    sandbox: Sandbox,
    action: Callable[[HistoryReader], Awaitable[Any]],
    *,
    clock: Clock | None = None,
    timeout_s: float = 2.0,
) -> Any:
    clock = clock or Clock()

    async def go() -> Any:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, timeout_s=timeout_s)
            reader = HistoryReader(client, throttle=Throttle(clock=clock), sleep=clock.sleep)
            return await action(reader)

    return asyncio.run(go())


async def everything(reader: HistoryReader, query: HistoryQuery) -> list[Any]:
    pages = []
    async with reader.session() as session:
        async for page in session.search(query):
            pages.append(page)
    return pages


def test_pages_over_120_items_back_to_back(sandbox: Sandbox) -> None:
    made = sandbox.history.generate("102", 120)
    clock = Clock()
    pages = run(sandbox, lambda r: everything(r, HistoryQuery(extensions=("102",))), clock=clock)
    assert [page.number for page in pages] == [1, 2, 3]
    assert [len(page.results) for page in pages] == [50, 50, 20]
    got = [result.call_uuid for page in pages for result in page.results]
    assert sorted(got) == sorted(call.transaction_id for call in made)
    assert clock.slept == []  # the pages of one read follow one another at once
    searches = sandbox.history.searches()
    assert [s.query["page"] for s in searches] == ["1", "2", "3"]
    assert {s.query["size"] for s in searches} == {"50"}
    assert searches[0].json == {"sipUsers": ["102"]}


def test_the_query_goes_out_in_v2s_names_and_units(sandbox: Sandbox) -> None:
    query = HistoryQuery(
        from_s=1_700_000_000.5, to_s=1_700_086_400, call_uuids=("a", "b"), extensions=("101",)
    )
    run(sandbox, lambda r: everything(r, query))
    [search] = sandbox.history.searches()
    assert search.path == "/api/v2/callTransaction/search"
    assert search.json == {
        "fromDate": 1_700_000_000_500,
        "toDate": 1_700_086_400_000,
        "transactionIds": ["a", "b"],
        "sipUsers": ["101"],
    }


def test_one_read_starts_every_five_seconds(sandbox: Sandbox) -> None:
    clock = Clock()

    async def twice(reader: HistoryReader) -> None:
        await everything(reader, HistoryQuery(extensions=("103",)))
        clock.now += 1.5
        await everything(reader, HistoryQuery(extensions=("103",)))

    run(sandbox, twice, clock=clock)
    assert clock.slept == [pytest.approx(MIN_GAP_S - 1.5)]
    assert len(sandbox.history.searches()) == 2


@pytest.mark.parametrize("fault", ["rate_limit", "limit_request_30_minute"])
def test_a_rate_limit_backs_off_then_reads_again(sandbox: Sandbox, fault: str) -> None:
    sandbox.history.inject(fault)
    clock = Clock()
    outcomes: list[Any] = []

    async def attempts(reader: HistoryReader) -> None:
        for wait in (0.0, 30.0, 40.0):
            clock.now += wait
            try:
                outcomes.append(len(await everything(reader, HistoryQuery(extensions=("101",)))))
            except OmiCallError as error:
                outcomes.append((error.code, error.params.get("retry_in_s")))

    run(sandbox, attempts, clock=clock)
    # Refused: asked no more for a minute (the second try sent nothing), then read again.
    assert outcomes == [(RATE_LIMITED, 60), (RATE_LIMITED, 30), 1]
    assert len(sandbox.history.searches()) == 2


def test_rate_limits_in_a_row_back_off_longer() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    assert [throttle.limited() for _ in range(7)] == [60, 120, 240, 480, 960, 1800, 1800]
    throttle.answered()
    assert throttle.limited(retry_after_s=300) == 300  # OMICall's own word, when longer


@pytest.mark.parametrize("fault", ["http_500", "slow"])
def test_a_read_without_an_answer_is_asked_again(sandbox: Sandbox, fault: str) -> None:
    sandbox.history.slow_s = 2.0
    sandbox.history.inject(fault)
    clock = Clock()
    pages = run(
        sandbox,
        lambda r: everything(r, HistoryQuery(extensions=("101",))),
        clock=clock,
        timeout_s=0.5,
    )
    assert len(pages) == 1 and pages[0].results
    assert clock.slept == [1.0]  # one pause, then the same page again
    assert [s.query["page"] for s in sandbox.history.searches()] == ["1", "1"]


def test_a_read_that_keeps_failing_says_so(sandbox: Sandbox) -> None:
    sandbox.history.inject("http_500", times=3)
    with pytest.raises(OmiCallError) as caught:
        run(sandbox, lambda r: everything(r, HistoryQuery()))
    assert caught.value.code == "server_error"
    assert len(sandbox.history.searches()) == 3


def test_malformed_items_are_skipped_and_logged_without_their_content(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    sandbox.history.inject("malformed")
    [page] = run(sandbox, lambda r: everything(r, HistoryQuery(extensions=("101",))))
    assert page.skipped == 2
    assert len(page.results) == 16  # the demo extension's calls: all still read
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert skipped == [
        "call history: item 1 of page 1 skipped: no usable transaction_id",
        "call history: item 2 of page 1 skipped: not an object (str)",
    ]
    assert "recording" not in caplog.text and "/recordings/" not in caplog.text


def test_crm_name_of_a_number_and_none_for_a_stranger(sandbox: Sandbox) -> None:
    async def look(reader: HistoryReader) -> Any:
        crm = CrmClient(reader.client)
        return await crm.by_phone("0987654321"), await crm.by_phone("0999000111")

    found, stranger = run(sandbox, look)
    assert found is not None and found.name == CUSTOMERS[0].name
    assert found.phones == ("0987654321",)
    assert stranger is None


def test_crm_search_by_keyword(sandbox: Sandbox) -> None:
    async def search(reader: HistoryReader) -> Any:
        return await CrmClient(reader.client).search("lan anh")

    page = run(sandbox, search)
    assert [c.name for c in page.contacts] == ["Đỗ Thị Lan Anh"]
    assert page.contacts[0].phones == ("0909445566", "02838223344")
    assert page.contacts[0].company == "Công ty May Việt Tiến"
