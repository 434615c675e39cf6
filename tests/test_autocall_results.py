"""Results: a campaign's calls and the user's call log synced into the store page by page,
incrementally by start_time, read back with filters and the names of local contacts; and
the call-back queue placing click2calls one at a time."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest

from omidesk.domain.autocall.calls import VIETNAM, CallFilter
from omidesk.domain.contacts import Contact, Phone
from omidesk.sandbox.server import Sandbox
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.usecases.autocall_push import from_numbers, prepare, push
from omidesk.usecases.autocall_results import sync_calls
from omidesk.usecases.callback_queue import CallbackQueue
from tests.autocall_support import dialer_for, run_with

pytestmark = pytest.mark.integration


def exports(sandbox: Sandbox) -> list[dict[str, str]]:
    return [r.query for r in sandbox.requests if r.path.endswith("/export")]


def test_sync_pages_through_every_call_then_only_the_new_ones(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, _http):
        first = await sync_calls(client, store, "1001", page_size=7)
        numbers = from_numbers(["0921000001", "0921000003"])
        plan = prepare("1001", numbers, store, otp_required=False)
        await push(plan, client, store)
        sandbox.autocall.finish_calls()
        sandbox.clear()
        second = await sync_calls(client, store, "1001", page_size=7)
        return first, second, store.calls("1001"), store.count("1001")

    first, second, calls, count = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert (first.calls, first.pages, first.start_ms) == (30, 5, None)
    assert count == 32
    # The second sync starts shortly before the newest call it had: one page, not five.
    assert second.start_ms is not None and second.pages == 1
    assert int(exports(sandbox)[0]["start_time"]) == second.start_ms
    newest = {c.callee_id: c for c in calls[:2]}
    assert newest["0921000001"].answered and newest["0921000001"].keys == ("1",)
    assert newest["0921000003"].failed and newest["0921000003"].note == "USER_BUSY"
    assert calls[0].called_at is not None and calls[0].called_at.tzinfo is not None


def test_a_call_still_in_progress_is_read_again_until_it_ends(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, _http):
        await sync_calls(client, store, "1001")
        plan = prepare("1001", from_numbers(["0922000001"]), store, otp_required=False)
        await push(plan, client, store)
        while not any(c["callee_id"] == "0922000001" for c in sandbox.autocall.calls_of("1001")):
            await asyncio.sleep(0.05)
        # Placed, not ended: AutoCall lists it with a state that is neither 40 nor 50.
        with_start = {c["callee_id"]: c for c in sandbox.autocall.calls_of("1001")}
        assert with_start["0922000001"]["state"] == 20
        await asyncio.sleep(0.4)  # its start time has passed: the export lists it
        await sync_calls(client, store, "1001")
        during = store.calls("1001", CallFilter(), limit=1)[0]
        sandbox.autocall.finish_calls()
        await sync_calls(client, store, "1001")
        after = store.calls("1001", CallFilter(), limit=1)[0]
        return during, after

    during, after = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert (during.callee_id, during.state) == ("0922000001", 20)
    assert (after.callee_id, after.state, after.duration_s) == ("0922000001", 40, 35)


def test_filters_and_contact_names(sandbox: Sandbox, tmp_path: Path):
    db_path = tmp_path / "db.sqlite3"
    with Database(db_path) as db:
        ContactStore(db).add(Contact("Nguyễn Văn An", (Phone.parse("+84 901 234 567"),)))

    async def work(client, store, _http):
        await sync_calls(client, store, "1001")
        since = datetime.now(VIETNAM).replace(hour=0, minute=0, second=0, microsecond=0)
        return {
            "all": store.calls("1001"),
            "answered": store.calls("1001", CallFilter(answered=True)),
            "failed": store.calls("1001", CallFilter(failed=True)),
            "pressed": store.calls("1001", CallFilter(pressed="any")),
            "pressed 1": store.calls("1001", CallFilter(pressed="1")),
            "pressed 3": store.calls("1001", CallFilter(pressed="3")),
            "today": store.calls("1001", CallFilter(since=since.replace(year=2100))),
        }

    got = run_with(sandbox, db_path, work)
    assert len(got["all"]) == 30
    assert all(c.answered for c in got["answered"]) and len(got["answered"]) == 19
    assert all(c.failed for c in got["failed"]) and len(got["failed"]) == 11
    assert all(c.keys for c in got["pressed"]) and len(got["pressed"]) == 13
    assert all("1" in c.keys for c in got["pressed 1"]) and len(got["pressed 1"]) == 10
    assert [c.keys for c in got["pressed 3"]] == [("1", "3")] * 3
    assert got["today"] == []
    named = {c.callee_id: c.contact for c in got["all"]}
    assert named["0901234567"] == "Nguyễn Văn An"
    assert named["0912345678"] is None
    assert got["all"][0].to_json()["called_at"].endswith("+07:00")


def test_the_user_call_log_syncs_apart_from_campaigns(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, _http):
        plan = prepare("1001", from_numbers(["0923000001"]), store, otp_required=False)
        await push(plan, client, store)
        sandbox.autocall.finish_calls()
        synced = await sync_calls(client, store, None, page_size=10)
        return synced, store.calls(None), store.count("1001")

    synced, log, campaign_count = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert (synced.calls, synced.pages) == (31, 4)
    assert len(log) == 31 and {c.campaign for c in log} == {"1001"}
    assert campaign_count == 31  # the call log names each call's campaign


def test_the_call_back_queue_places_one_click2call_at_a_time(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, http):
        await sync_calls(client, store, "1001")
        pressed = store.calls("1001", CallFilter(pressed="1"))
        queue = CallbackQueue(pressed, dialer_for(sandbox, store.db, http), store)
        first = queue.current
        # A second call while the first is being placed is not placed.
        results = await asyncio.gather(queue.call(), queue.call())
        assert sum(r is not None for r in results) == 1
        assert len(sandbox.click2calls()) == 1
        queue.next()
        await queue.skip()
        third = queue.current
        outcome = await queue.call()
        queue.next()
        reopened = CallbackQueue(pressed, dialer_for(sandbox, store.db, http), store)
        return queue, first, third, outcome, reopened, store.callbacks(c.call_id for c in pressed)

    queue, first, third, outcome, reopened, recorded = run_with(
        sandbox, tmp_path / "db.sqlite3", work
    )
    numbers = [r.json["phone_number"] for r in sandbox.click2calls()]
    assert numbers == [first.callee_id, third.callee_id]
    assert outcome is not None and outcome.status == "accepted"
    assert recorded[first.call_id].status == "accepted"
    assert recorded[first.call_id].record_id is not None
    assert recorded[queue.entries[1].call_id].status == "skipped"
    assert len(queue.entries) == 10 == len({e.callee_id for e in queue.entries})
    # Opened again, the queue starts at the first one not done yet.
    assert reopened.current == queue.entries[3]
    assert reopened.remaining == 7
