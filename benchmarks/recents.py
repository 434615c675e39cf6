"""Recent calls on a long history: the window's own model and view next to bare SQLite reads
of the same rows, in the same run (issue 14).

    python benchmarks/recents.py [--calls N] [--contacts C] [--rounds R]

Writes N (default 100,000) call records over a year, on two hotlines, with every kind of
result, and C (default 10,000) contacts owning a tenth of the numbers, into a temporary
database; then measures:

1. Opening the list: `RecentsModel.reset()` (first page, contact names, day headings, the
   hotlines used), next to the store's read of the same page with its names (what the
   model read before day headings and the hotline check; target ≤ 1.5×), and next to the
   bare `SELECT … ORDER BY created_at DESC LIMIT 200` (target: p95 within a frame, 16 ms).
2. Scrolling: `fetchMore()` of the next page, and of the page 50,000 calls down (after
   scrolling there page by page), next to the store's read of the same page. Target
   ≤ 1.5×.
3. A new call shown: `refresh_record()` of a record just written (it joins today's
   heading), next to the store's read of it. Target: p95 within a frame (16 ms).
4. The tab shown: a RecentsView built over the store until its first paint (offscreen),
   next to a plain QTableView over a QStandardItemModel of the bare page. Target ≤ 2×.

Qt runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from common import header, p95, row  # noqa: E402 - found through the path set just above

SEED = 20240605
FRAME_S = 0.016
HOTLINES = ("02877788056", "02873008888")
# (status, error_code, share): what a day of an agent's calls looks like.
RESULTS = [
    ("accepted", None, 60),
    ("rejected", "user_busy", 15),
    ("rejected", "do_not_call", 3),
    ("rejected", "user_not_registered", 4),
    ("unknown", "no_answer", 3),
    ("failed", "cannot_connect", 3),
    ("rejected", "rate_limit_exceeded", 2),
    ("failed", "not_configured", 1),
]
BARE_PAGE = (
    "SELECT id, created_at, finished_at, input, number, e164, extension, hotline, source,"
    " status, call_uuid, error_code, server_message, error_params, latency_ms"
    " FROM calls ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
)


def fill(db_path: Path, calls: int, contacts: int) -> None:
    """The history and the contact book, written as the app's store would hold them."""
    from omidesk.domain.contacts import Contact, Phone
    from omidesk.store.contacts import ContactStore
    from omidesk.store.db import Database

    rng = random.Random(SEED)
    numbers = [f"09{rng.randrange(10**8):08d}" for _ in range(contacts * 10)]
    weights = [share for *_, share in RESULTS]
    now = time.time()
    span = 365 * 24 * 3600
    rows = []
    for index in range(calls):
        number = rng.choice(numbers)
        status, code, _ = rng.choices(RESULTS, weights)[0]
        created = now - span * (calls - index) / calls
        rows.append(
            (
                created,
                created + 0.3,
                number,
                number,
                "+84" + number[1:],
                "101",
                HOTLINES[index % 7 == 0],
                rng.choice(("window", "window", "tray", "link", "clipboard")),
                status,
                f"{rng.getrandbits(128):032x}" if status == "accepted" else None,
                code,
            )
        )
    with Database(db_path) as db:
        with db.transaction() as conn:
            conn.executemany(
                "INSERT INTO calls (created_at, finished_at, input, number, e164, extension,"
                " hotline, source, status, call_uuid, error_code)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        book = [
            Contact(f"Khách hàng {index}", (Phone.parse(numbers[index * 10]),))
            for index in range(contacts)
        ]
        ContactStore(db).add_many(book)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def frame_row(name: str, ours: list[float], base: list[float]) -> str:
    """A row whose target is absolute: p95 within one frame at 60 Hz (16 ms)."""
    line = row(name, ours, base, float("inf"))
    verdict = "ok" if p95(ours) <= FRAME_S else "OVER TARGET"
    return line.rsplit("|", 2)[0] + f"| p95 ≤ 16 ms {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    # This benchmark drives the window's Qt code itself, hence PySide6 outside omidesk.ui.
    from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: TID251
    from PySide6.QtWidgets import QApplication, QTableView  # noqa: TID251

    from omidesk.domain.records import CallStatus
    from omidesk.store.calls import CallStore
    from omidesk.store.contacts import ContactStore
    from omidesk.store.db import Database
    from omidesk.ui.recents_model import RecentsModel
    from omidesk.ui.recents_view import RecentsView
    from omidesk.usecases.call_history import CallHistory

    app = QApplication.instance() or QApplication([])
    page = RecentsModel.PAGE
    deep = min(args.calls // 2, 50_000)
    with tempfile.TemporaryDirectory(prefix="omidesk-bench-") as folder:
        db_path = Path(folder) / "omidesk.sqlite3"
        fill(db_path, args.calls, args.contacts)
        bare = sqlite3.connect(db_path)
        with Database(db_path) as db:
            calls = CallStore(db)
            history = CallHistory(calls, ContactStore(db))
            model = RecentsModel(history, lambda: "en")

            def store_page(offset: int) -> None:
                # What the model read per page before this issue: records, then names.
                history.named(history.recent(page, offset))

            opened, opened_store, opened_bare = [], [], []
            scrolled, scrolled_store = [], []
            for round_ in range(args.rounds):
                # Taken in turns, so that neither side always reads a warmer cache.
                steps = [
                    lambda: opened.append(timed(model.reset)),
                    lambda: opened_store.append(timed(lambda: store_page(0))),
                    lambda: opened_bare.append(
                        timed(lambda: bare.execute(BARE_PAGE, (page, 0)).fetchall())
                    ),
                ]
                for step in steps[round_ % 3 :] + steps[: round_ % 3]:
                    step()
                for number in range(1, 4):
                    scrolled.append(timed(model.fetchMore))
                    scrolled_store.append(timed(lambda o=number * page: store_page(o)))

            # Far down: scrolled page by page until `deep` calls are loaded, the next one.
            far, far_store = [], []
            model.reset()
            while model.rowCount() < deep:
                model.fetchMore()
            for _ in range(args.rounds // 2):
                loaded = len([r for r in range(model.rowCount()) if model.record_at(r)])
                far_store.append(timed(lambda o=loaded: store_page(o)))
                far.append(timed(model.fetchMore))
            model.reset()

            shown, shown_store = [], []
            for index in range(args.rounds):
                number = f"0977{index:06d}"
                record_id = calls.add_final(
                    input=number,
                    number=number,
                    e164="+84" + number[1:],
                    hotline=HOTLINES[0],
                    status=CallStatus.REJECTED,
                    source="window",
                    error_code="user_busy",
                )
                shown.append(timed(lambda r=record_id: model.refresh_record(r)))
                shown_store.append(timed(lambda r=record_id: history.named([history.get(r)])))

            painted, painted_bare = [], []
            for _ in range(max(5, args.rounds // 4)):

                def ours() -> None:
                    view = RecentsView(history, lambda: "en")
                    view.resize(900, 600)
                    view.grab()
                    view.deleteLater()

                def base() -> None:
                    rows = bare.execute(BARE_PAGE, (page, 0)).fetchall()
                    items = QStandardItemModel(len(rows), 5)
                    for r, found in enumerate(rows):
                        for c, value in enumerate((found[1], found[4], found[4], found[9])):
                            items.setItem(r, c, QStandardItem(str(value)))
                    table = QTableView()
                    table.setModel(items)
                    table.resize(900, 600)
                    table.grab()
                    table.deleteLater()

                painted.append(timed(ours))
                painted_bare.append(timed(base))
                app.processEvents()
        bare.close()

    print(f"{args.calls:,} calls, {args.contacts:,} contacts, {args.rounds} rounds (offscreen)")
    print()
    print(header())
    print(
        row(
            "open: first page, headings, hotlines (vs the store's page read)",
            opened,
            opened_store,
            1.5,
        )
    )
    print(
        frame_row("open: first page, headings, hotlines (vs bare SQLite page)", opened, opened_bare)
    )
    print(row("scroll: next page (vs the store's page read)", scrolled, scrolled_store, 1.5))
    print(row(f"scroll: the page {deep:,} calls down (vs the store's read)", far, far_store, 1.5))
    print(frame_row("a new call shown (vs the store's read of it)", shown, shown_store))
    print(row("tab built and painted (vs plain table of the page)", painted, painted_bare, 2.0))


if __name__ == "__main__":
    main()
