"""AutoCall's tables: a sync's page waits for the write lock by awaiting, the loop running
meanwhile; the journal reads a batch whose process is gone as unknown."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from omidesk.domain.autocall.calls import VIETNAM, CampaignCall
from omidesk.store.autocall import AutoCallStore
from omidesk.store.db import Database
from tests.locks import LockHolder

pytestmark = pytest.mark.integration


def call(call_id: str) -> CampaignCall:
    return CampaignCall(
        call_id=call_id,
        campaign="1001",
        caller_id="02873008888",
        callee_id="0901234567",
        called_at=datetime(2026, 6, 1, 9, 30, tzinfo=VIETNAM),
        duration_s=35,
        key_press="1 (12)",
        note="NORMAL_CLEARING",
        state=40,
    )


def test_a_page_of_calls_waits_for_the_write_lock_while_the_loop_runs(tmp_path: Path):
    path = tmp_path / "db.sqlite3"
    with Database(path) as db:
        store = AutoCallStore(db)
        holder = LockHolder(path)

        async def main() -> tuple[int, bool]:
            holder.start()
            assert holder.held.wait(30)
            saving = asyncio.ensure_future(store.save_calls_async([call("1")], user_log=False))
            ticks = 0
            while ticks < 20:  # the loop keeps turning while the page waits
                await asyncio.sleep(0.005)
                ticks += 1
            waited = not saving.done()
            holder.release()
            await saving
            return ticks, waited

        ticks, waited = asyncio.run(main())
        assert waited and ticks == 20
        (saved,) = store.calls("1001")
        assert (saved.call_id, saved.keys, saved.called_at) == ("1", ("1",), call("1").called_at)


def test_a_failed_page_leaves_nothing_half_written(tmp_path: Path):
    with Database(tmp_path / "db.sqlite3") as db:
        store = AutoCallStore(db)
        broken = call("2")._replace(duration_s=object())  # not a value SQLite can store

        async def main() -> None:
            await store.save_calls_async([call("1"), broken], user_log=False)

        try:
            asyncio.run(main())
        except Exception as exc:
            assert "object" in str(exc) or "type" in str(exc)
        assert store.calls("1001") == []
        store.save_calls([call("3")], user_log=True)  # the connection is usable again
        assert [c.call_id for c in store.calls(None)] == ["3"]


def test_a_batch_left_sending_by_a_process_that_is_gone_reads_as_unknown(tmp_path: Path):
    path = tmp_path / "db.sqlite3"
    script = (
        "import asyncio, sys\n"
        "from omidesk.store.autocall import AutoCallStore\n"
        "from omidesk.store.db import Database\n"
        "async def main():\n"
        "    with Database(sys.argv[1]) as db:\n"
        "        store = AutoCallStore(db)\n"
        "        push = await store.begin_push('1001', 1)\n"
        "        await store.batch_sending(push, '1001', 1, ['0901234567'])\n"
        "asyncio.run(main())\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    with Database(path) as db:
        store = AutoCallStore(db)
        (batch,) = store.journal("1001")
        assert (batch.state, batch.error_code) == ("unknown", "autocall_interrupted")
        assert store.pushed_numbers("1001") == {"0901234567"}
        assert store.recover_interrupted() == 1
        assert store.journal("1001")[0].state == "unknown"
