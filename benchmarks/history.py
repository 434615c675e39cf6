"""How calls ended, at call-center scale (issue 15): a history sync and Recent calls over a
large history, each next to a bare baseline measured in the same run.

    python benchmarks/history.py [--items N] [--records M] [--rounds R] [--query-rounds Q]

1. Sync: `HistorySync.sync` of N (default 10,000) history items, 200 pages of 50 from the
   sandbox (in this process), into a fresh database each round, next to a bare loop: httpx
   posts the same search page after page and one `executemany` per page inserts the items'
   raw fields into the same calls table. Both reuse one token and one connection pool;
   rounds alternate. Target ≤ 1.5×.
2. Recent calls over M (default 100,000) records: the store's page of 200 as the window's
   list reads it (`CallStore.recent`, then the names of its numbers from the contacts and
   OMICall's cache), unfiltered (first paint), filtered by digits, and the Missed filter
   with its count badge, next to the bare indexed query for the same rows. Target ≤ 2×.
3. The window's Recent calls over the same records: its model (RecentsModel, offscreen)
   painting its first page (light rows, names, day headings, the hotlines used), the digit
   filter and the Missed filter as the agent's clicks ask for them. Target ≤ 2×.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from omidesk.domain.call_results import Direction, HistoryQuery
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.records import CallRow
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.history import HistoryReader, Throttle, search_request
from omidesk.sandbox.server import Sandbox
from omidesk.store.call_results import CallResultStore
from omidesk.store.calls import CallStore
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.store.omicall_names import OmiCallNames
from omidesk.usecases.names import ContactNames
from omidesk.usecases.offload import inline
from omidesk.usecases.sync_history import HistorySync

sys.path.insert(0, str(Path(__file__).parent))
from common import header, row

EXT = "102"
SEED = 20260415
PAGE = 200

# The bare loop's insert: the item's raw fields into the same table, nothing worked out.
BARE_INSERT = (
    "INSERT INTO calls (created_at, finished_at, input, number, extension, hotline, source,"
    " status, call_uuid, direction, origin, answered, talk_s, ended_at, hangup_cause,"
    " recording_url) VALUES (?, ?, ?, ?, ?, ?, 'omicall', 'accepted', ?, ?, 'omicall', ?, ?,"
    " ?, ?, ?)"
)
# What a row of Recent calls shows: the bare query reads the same columns.
COLUMNS = ", ".join(CallRow._fields)


# --- 1. the sync ------------------------------------------------------------------------------


async def sync_times(
    sandbox: Sandbox, template: Path, work: Path, rounds: int
) -> tuple[list[float], list[float], int]:
    ours: list[float] = []
    bare: list[float] = []
    now = sandbox.history.now()
    query = HistoryQuery(
        from_s=now - 7 * 86400,
        to_s=now,
        extensions=(EXT,),
        directions=(Direction.INBOUND, Direction.OUTBOUND),
    )
    synced = 0
    async with httpx.AsyncClient() as http:
        client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, timeout_s=30.0)
        token = await client.auth()
        headers = {"Authorization": f"Bearer {token}"}
        for index in range(rounds):
            path = work / f"ours-{index}.sqlite3"
            shutil.copy(template, path)
            with Database(path) as db:
                reader = HistoryReader(client, throttle=Throttle(gap_s=0.0))
                syncing = HistorySync(
                    CallResultStore(db),
                    reader,
                    dial_format=lambda: "national",
                    clock=lambda: now,
                    offload=inline,
                )
                started = time.perf_counter()
                report = await syncing.sync(sandbox.base_url, EXT)
                ours.append(time.perf_counter() - started)
                synced = report.added
            path = work / f"bare-{index}.sqlite3"
            shutil.copy(template, path)
            conn = sqlite3.connect(path, isolation_level=None)
            # As the store's connection: WAL (the file's), synced at checkpoints only.
            conn.execute("PRAGMA synchronous = NORMAL")
            try:
                started = time.perf_counter()
                await bare_sync(http, sandbox.base_url, headers, query, conn)
                bare.append(time.perf_counter() - started)
                count = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
                assert count == synced, (count, synced)
            finally:
                conn.close()
    return ours, bare, synced


async def bare_sync(
    http: httpx.AsyncClient,
    base_url: str,
    headers: dict[str, str],
    query: HistoryQuery,
    conn: sqlite3.Connection,
) -> None:
    """The least a sync can do: page after page, the raw fields, one executemany a page."""
    page = 1
    while True:
        request = search_request(query, page, 50)
        answer = await http.post(
            base_url + request.path, params=request.params, json=request.body, headers=headers
        )
        payload = answer.json()["payload"]
        rows = [
            (
                item["time_start_call"],
                item["time_end_call"],
                item["phone_number"],
                item["phone_number"],
                item["sip_user"],
                item["sip_number"],
                item["transaction_id"],
                item["direction"],
                int(item["bill_sec"] > 0),
                item["bill_sec"],
                item["time_end_call"],
                item["hangup_cause"],
                item["recording_file_url"],
            )
            for item in payload["items"]
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(BARE_INSERT, rows)
        conn.execute("COMMIT")
        if not payload["has_next"]:
            return
        page += 1


# --- 2. Recent calls --------------------------------------------------------------------------


def fill(path: Path, records: int) -> None:
    """`records` calls over a year: mostly placed here, a fifth known from OMICall's history
    (inbound, a tenth of those missed and to return); 2,000 contacts own some numbers."""
    rng = random.Random(SEED)
    numbers = [f"09{rng.randrange(10**8):08d}" for _ in range(records // 5)]
    now = time.time()
    rows = []
    for index in range(records):
        number = rng.choice(numbers)
        inbound = index % 5 == 0
        missed = inbound and rng.random() < 0.1
        answered = None if not inbound and rng.random() < 0.01 else (not missed)
        rows.append(
            (
                now - (records - index) * 300.0,
                number,
                number,
                "+84" + number[1:],
                "101",
                "02877788056",
                "omicall" if inbound else "cli",
                f"uuid-{index}",
                "inbound" if inbound else "outbound",
                "omicall" if inbound else "omidesk",
                answered,
                0 if missed else rng.randrange(10, 600),
                int(missed),
                "found" if answered is not None else None,
            )
        )
    with Database(path) as db, db.transaction() as conn:
        conn.executemany(
            "INSERT INTO calls (created_at, input, number, e164, extension, hotline, source,"
            " status, call_uuid, direction, origin, answered, talk_s, to_return, cdr)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    with Database(path) as db:
        ContactStore(db).add_many(
            Contact(name=f"Khách hàng {i}", phones=(Phone.parse(numbers[i]),))
            for i in range(0, len(numbers), 10)
        )
        names = OmiCallNames(db)
        for number in numbers[1:2000:3]:
            names.put("+84" + number[1:], f"Khách OMICall {number[-4:]}")


def timed(action: Callable[[], Any], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def recent_rows(path: Path, rounds: int) -> list[str]:
    lines = []
    bare = sqlite3.connect(path)
    with Database(path) as db:
        calls = CallStore(db)
        names = ContactNames(ContactStore(db), OmiCallNames(db), None)

        def page(text: str = "", missed: bool = False) -> None:
            rows = calls.rows(PAGE, 0, text, missed=missed)
            names.known(r.e164 for r in rows if r.e164)

        def bare_page(where: str = "", args: tuple[Any, ...] = ()) -> None:
            bare.execute(
                f"SELECT {COLUMNS} FROM calls {where} ORDER BY created_at DESC, id DESC"
                " LIMIT ? OFFSET 0",
                (*args, PAGE),
            ).fetchall()

        like = ("%0912%",) * 3
        text_where = "WHERE number LIKE ? OR input LIKE ? OR call_uuid LIKE ?"
        cases = [
            ("first page of 200 rows and their names (vs bare indexed query)", page, bare_page),
            (
                "filter by digits '0912' (vs bare LIKE query)",
                lambda: page("0912"),
                lambda: bare_page(text_where, like),
            ),
            (
                "Missed filter (vs bare query on the to_return index)",
                lambda: page(missed=True),
                lambda: bare_page("WHERE to_return = 1"),
            ),
            (
                "missed count badge (vs bare COUNT)",
                calls.missed_count,
                lambda: bare.execute("SELECT COUNT(*) FROM calls WHERE to_return = 1").fetchone(),
            ),
        ]
        cases += window_cases(calls, names, bare_page, text_where, like)
        for name, ours, base in cases:
            ours(), base()  # warm: the pages are in the cache, as after the first paint
            ours_times: list[float] = []
            base_times: list[float] = []
            for _ in range(rounds):
                ours_times += timed(ours, 1)
                base_times += timed(base, 1)
            lines.append(row(f"Recent calls: {name}", ours_times, base_times, 2.0))
    bare.close()
    return lines


def window_cases(
    calls: CallStore,
    names: ContactNames,
    bare_page: Callable[..., None],
    text_where: str,
    like: tuple[str, ...],
) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """What the window itself does: Recent calls' model (RecentsModel, offscreen) reading
    its first page with names and day headings (and which hotlines were used: a first paint
    asks), typing a filter, and a click on Missed from All."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # This benchmark drives the window's Qt model itself, hence PySide6 outside omidesk.ui.
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from omidesk.ui.recents_model import RecentsModel
    from omidesk.usecases.call_history import CallHistory

    app = QApplication.instance() or QApplication([])
    model = RecentsModel(CallHistory(calls, names), lambda: "en", app)

    def state(text: str = "", missed: bool = False) -> None:
        # Where the agent's click starts from, set without loading a page.
        model._text = text
        model._missed = missed

    def first_paint() -> None:
        state()
        model.reset()

    def typed() -> None:
        state()
        model.filter("0912")

    def missed() -> None:
        state()  # on All, no filter typed: a click on Missed
        model.show_missed(True)

    return [
        (
            "window: RecentsModel first paint, 200 rows with names and headings "
            "(vs bare indexed query)",
            first_paint,
            bare_page,
        ),
        (
            "window: RecentsModel filter '0912' (vs bare LIKE query)",
            typed,
            lambda: bare_page(text_where, like),
        ),
        (
            "window: RecentsModel Missed filter (vs bare query on the to_return index)",
            missed,
            lambda: bare_page("WHERE to_return = 1"),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=10_000, help="history items to sync")
    parser.add_argument("--records", type=int, default=100_000, help="records in the history")
    parser.add_argument("--rounds", type=int, default=5, help="sync rounds")
    parser.add_argument("--query-rounds", type=int, default=200, help="Recent-calls rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp, Sandbox() as sandbox:
        work = Path(temp)
        template = work / "template.sqlite3"
        Database(template).close()
        sandbox.history.generate(EXT, args.items, days=6)
        ours, bare, synced = asyncio.run(sync_times(sandbox, template, work, args.rounds))
        big = work / "recent.sqlite3"
        shutil.copy(template, big)
        fill(big, args.records)
        recent = recent_rows(big, args.query_rounds)
    print(
        f"history benchmark — sync of {synced:,} items ({-(-synced // 50)} pages), "
        f"{args.rounds} rounds; Recent calls over {args.records:,} records, "
        f"{args.query_rounds} rounds; Python {sys.version.split()[0]}"
    )
    print(header())
    print(row(f"sync of {synced:,} history items into the store (vs bare loop)", ours, bare, 1.5))
    for line in recent:
        print(line)


if __name__ == "__main__":
    main()
