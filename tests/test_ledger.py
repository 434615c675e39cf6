"""The ledger of top-ups in a real SQLite file: written before sending, finished after,
never two in flight to one company, and what a crash leaves read as unknown."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from omidesk.domain.tenants import TopUpRequest, TopUpStatus, Wallet
from omidesk.store.db import Database
from omidesk.store.ledger import LedgerStore

# The ledger in real SQLite files.
pytestmark = pytest.mark.integration

DESCRIPTION = "Nạp tiền tháng 12 cho khách hàng theo hợp đồng đại lý số 2026-12-001"
REQUEST = TopUpRequest("chu@phohanoi.vn", 1_500_000, DESCRIPTION, Wallet.SERVICE)


@pytest.fixture
def ledger(tmp_path: Path):
    with Database(tmp_path / "omidesk.sqlite3") as db:
        yield LedgerStore(db)


def test_a_top_up_is_recorded_sending_then_finished(ledger: LedgerStore):
    entry_id = ledger.start(
        REQUEST, company="Phở Hà Nội", tenant_id="t1", base_url="http://x", balance_before=5.0
    )
    assert entry_id is not None
    sending = ledger.get(entry_id)
    assert sending is not None
    assert (sending.status, sending.amount, sending.wallet) == ("sending", 1_500_000, "service")
    assert (sending.company, sending.balance_before, sending.finished_at) == (
        "Phở Hà Nội",
        5.0,
        None,
    )
    ledger.finish(entry_id, TopUpStatus.DONE, balance_after=1_500_005.0)
    done = ledger.get(entry_id)
    assert done is not None
    assert (done.status, done.balance_after, done.error) == ("done", 1_500_005.0, None)
    assert done.finished_at is not None


def test_the_json_of_an_entry_has_exactly_the_documented_fields(ledger: LedgerStore):
    entry_id = ledger.start(REQUEST)
    assert entry_id is not None
    ledger.finish(entry_id, TopUpStatus.REFUSED, error_code="access_denied")
    entry = ledger.get(entry_id)
    assert entry is not None
    got = entry.to_json()
    assert list(got) == [
        "id",
        "created_at",
        "email",
        "amount",
        "wallet",
        "description",
        "status",
        "error",
    ]
    assert got["status"] == "refused" and got["error"] == "access_denied"
    assert got["created_at"].endswith("Z") and got["created_at"][:4].isdigit()


def test_no_second_top_up_to_a_company_while_one_is_being_sent(ledger: LedgerStore):
    first = ledger.start(REQUEST)
    assert first is not None
    shouting = TopUpRequest("CHU@PhoHaNoi.vn", 20_000, DESCRIPTION, Wallet.CALL)
    assert ledger.start(shouting) is None
    other = TopUpRequest("hotro@antam.vn", 20_000, DESCRIPTION, Wallet.CALL)
    assert ledger.start(other) is not None
    ledger.finish(first, TopUpStatus.UNKNOWN, error_code="partner_no_answer")
    assert ledger.start(shouting) is not None


def test_the_async_writes_record_the_same(ledger: LedgerStore):
    async def both() -> int | None:
        entry_id = await ledger.start_async(REQUEST, company="A")
        assert entry_id is not None
        await ledger.finish_async(entry_id, TopUpStatus.DONE)
        return entry_id

    entry_id = asyncio.run(both())
    assert entry_id is not None
    entry = ledger.get(entry_id)
    assert entry is not None and entry.status == "done"


def test_a_top_up_a_crash_left_sending_reads_unknown(ledger: LedgerStore):
    mine = ledger.start(REQUEST)
    theirs = ledger.start(TopUpRequest("hotro@antam.vn", 20_000, DESCRIPTION, Wallet.CALL))
    assert mine is not None and theirs is not None
    # The second was written by a process that has ended since (pid 0 is no process).
    ledger.db.write_one("UPDATE top_ups SET pid = 0 WHERE id = ?", (theirs,))
    assert ledger.recover_interrupted() == 1
    crashed = ledger.get(theirs)
    assert crashed is not None
    assert (crashed.status, crashed.error) == ("unknown", "interrupted")
    live = ledger.get(mine)
    assert live is not None and live.status == "sending"


def test_unsettled_finds_the_latest_unknown_top_up_to_a_company(ledger: LedgerStore):
    assert ledger.unsettled("chu@phohanoi.vn", 0) is None
    first = ledger.start(REQUEST)
    assert first is not None
    ledger.finish(first, TopUpStatus.UNKNOWN, error_code="partner_no_answer")
    ledger.start(TopUpRequest("hotro@antam.vn", 20_000, DESCRIPTION, Wallet.CALL))
    found = ledger.unsettled("Chu@PhoHaNoi.vn", 0)
    assert found is not None and found.id == first
    assert ledger.unsettled("chu@phohanoi.vn", time.time() + 60) is None
    [newest, oldest] = ledger.recent()
    assert (newest.email, oldest.id) == ("hotro@antam.vn", first)
