"""AutoCall campaigns (issue 17): pushing and syncing at campaign scale, each next to a bare
script doing the same over the wire, measured in the same run.

    python benchmarks/autocall.py [--contacts N] [--calls N] [--rounds R] [--processes P]
                                  [--command-rounds C]
    python benchmarks/autocall.py --breakdown [--contacts N] [--rounds R]

The sandbox runs in a process of its own (the server is elsewhere, as AutoCall is), its
campaign 1001 seeded with the calls to sync. (1) and (4) run R rounds (default 15) in each of
P processes (default 3) started one after another, each with a sandbox of its own, and pool
them: a process's speed is set by its memory layout for its whole life.

1. Push N (default 10,000) contacts from a CSV, in-process: the push use case (the file
   read through the contact readers and their column guessing, every number checked,
   duplicates and the journal looked up, then batches of 200, each journalled before it
   is sent) next to the bare baseline: csv.reader → the same batches → httpx POST.
   Target ≤ 1.3×. Every round pushes numbers of its own into a fresh profile, whose store
   is made before the clock starts (as an agent's is, long before a push).
2. The same as whole commands: `omidesk autocall push 1001 --file F --yes --json`, a
   fresh process each time, next to a bare script doing (1)'s baseline. No target (shown
   for what a script that calls the command pays).
3. (1) again with every AutoCall answer 20 ms late (the sandbox's `latency_s`): a round
   trip to a server on the Internet, where the time on the wire dwarfs the checks. No
   target (shown to put (1) in proportion).
4. Sync N (default 10,000) campaign calls into a store holding none yet (made before the
   clock starts, as for (1): its tables are made once, at an agent's first start): the
   results use case (paging the export, reading each call defensively, one upsert
   statement a page) next to bare paging with the same page size + one executemany a page
   into a plain table.
   Target ≤ 1.5×.

--breakdown times (1) and its bare push phase by phase instead, in-process, wall and CPU
(medians of the rounds; the CPU time is this process's alone, the measure to judge a change
by on a busy machine): opening the store and the HTTP client, opening the file, reading and
checking it, the token, the journal's writes, the POSTs (with reading their answers),
the rest of the batches' work (the payloads, comparing each answer with what was sent), and
closing the store (its checkpoint).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from common import compile_like_an_install, header, row

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from omidesk.autocall.client import AutoCallClient  # noqa: E402
from omidesk.infra import contact_files, tls  # noqa: E402
from omidesk.infra.interpreter import collector_paused  # noqa: E402
from omidesk.sandbox.autocall import DEFAULT_SECRET  # noqa: E402
from omidesk.store.autocall import AutoCallStore  # noqa: E402
from omidesk.store.db import Database  # noqa: E402
from omidesk.usecases.autocall_push import from_file, prepare, push  # noqa: E402
from omidesk.usecases.autocall_results import PAGE, sync_calls  # noqa: E402

BATCH = 200
# The sandbox is plain http on loopback, where `autocall push` needs no TLS context; the
# real AutoCall is https, where it does, and so does the bare script's client (httpx's
# default): ours makes one too, as the command does for https (in a thread, beside the
# checks), so that both sides pay for the CA bundle as against the real server.
AS_OVER_HTTPS = True
TOKEN = "/api/users/generate-access-token"
PUSHED = "2001"  # pushes go here, so that the sync of 1001 reads the same calls each round
# The sandbox in a process of its own, campaign 1001 seeded with `calls` ended calls.
SERVER = """
import gc, sys, time
# The sandbox keeps every request it was sent (a push of 10,000 is a megabyte of them) and
# every call placed: its collector, walking all of it, paused whichever push or sync came
# at that moment for up to a tenth of a second, on either side. AutoCall's own pauses are
# not ours to measure: the sandbox runs without the collector.
gc.disable()
from omidesk.sandbox.autocall import Campaign
from omidesk.sandbox.server import Sandbox
sandbox = Sandbox().start()
sandbox.autocall.campaigns["2001"] = Campaign("2001", "Benchmark", True, False, time.time())
count = int(sys.argv[1])
numbers = [f"09{n:08d}" for n in range(count)]
sandbox.autocall.add_calls("1001", numbers, at=time.time() - count - 60)
if len(sys.argv) > 2:
    sandbox.autocall.latency_s = float(sys.argv[2])
print(sandbox.base_url, flush=True)
sys.stdin.read()
"""
BARE_PUSH = """
import csv, sys, httpx
base, secret, path = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, encoding="utf-8", newline="") as file:
    rows = list(csv.reader(file))[1:]
contacts = [{"phone_number": number, "ho_ten": name} for name, number in rows]
with httpx.Client(timeout=60) as http:
    token = http.get(base + "/api/users/generate-access-token",
                     params={"secret_key": secret}).json()["results"]["access_token"]
    for start in range(0, len(contacts), 200):
        body = {"access_token": token, "contacts": contacts[start:start + 200]}
        http.post(base + "/api/campaigns/2001/import", json=body).raise_for_status()
"""
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
GIVEN = ["Văn An", "Thị Bích", "Hoàng Nam", "Thu Hà", "Minh Tuấn", "Gia Bảo", "Thị Hương"]


def write_csv(path: Path, count: int, series: int) -> None:
    """`count` contacts with numbers of their own (series 0-89: a million numbers each)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Họ tên", "SĐT"])
        for n in range(count):
            name = f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]}"
            writer.writerow([name, f"09{10 + series:02d}{n:06d}"])


def csv_pair(temp: Path, name: str, contacts: int, series: int) -> tuple[Path, Path]:
    """Two CSVs of `contacts` each, ours and the bare side's, numbers of series `series`
    and the next (so that neither is already in the campaign)."""
    mine, theirs = temp / f"{name}-ours.csv", temp / f"{name}-bare.csv"
    write_csv(mine, contacts, series)
    write_csv(theirs, contacts, series + 1)
    return mine, theirs


def warm_both(base: str, temp: Path) -> None:
    """A small push by each side before the rounds: the imports, the sandbox's first
    answers."""
    write_csv(temp / "warm.csv", 500, 89)
    asyncio.run(bare_push(base, temp / "warm.csv"))
    asyncio.run(ours_push(base, temp / "warm.csv", temp / "warm.db"))


def context_row(name: str, ours: list[float], base: list[float]) -> str:
    """A row shown for proportion, with no target of its own (not a made-up one)."""
    judged = row(name, ours, base, 1.0)
    return judged[: judged.rindex("| ≤")] + "| — (no target) |"


async def ours_push(base: str, csv_path: Path, db_path: Path) -> float:
    # The agent's profile exists before they push (its store is made once, at the first
    # start): made here before the clock starts, so that what is timed is opening it,
    # the push and closing it (which checkpoints the journal's writes), not the one-off
    # creation of every table the store has (~40 ms of schema, not of pushing).
    with Database(db_path):
        pass
    started = time.perf_counter()
    # As `omidesk autocall push` runs it: the TLS context made in a thread beside the
    # checks, the cyclic collector paused (the window runs without the automatic one).
    verify = tls.made_soon(AS_OVER_HTTPS)
    with Database(db_path) as db, collector_paused(then_frozen=True):
        store = AutoCallStore(db)
        plan = prepare(PUSHED, from_file(csv_path, contact_files), store, otp_required=False)
        async with httpx.AsyncClient(verify=verify()) as http:
            client = AutoCallClient(http, base, DEFAULT_SECRET, timeout_s=60.0)
            report = await push(plan, client, store)
    elapsed = time.perf_counter() - started
    assert report.status == "ok" and report.sent == len(plan.to_send), report.to_json()
    return elapsed


async def bare_push(base: str, csv_path: Path) -> float:
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))[1:]
    contacts = [{"phone_number": number, "ho_ten": name} for name, number in rows]
    async with httpx.AsyncClient(timeout=60) as http:
        answer = await http.get(base + TOKEN, params={"secret_key": DEFAULT_SECRET})
        token = answer.json()["results"]["access_token"]
        for start in range(0, len(contacts), BATCH):
            body = {"access_token": token, "contacts": contacts[start : start + BATCH]}
            sent = await http.post(f"{base}/api/campaigns/{PUSHED}/import", json=body)
            sent.raise_for_status()
    return time.perf_counter() - started


async def ours_sync(base: str, db_path: Path, expected: int) -> float:
    # Into an agent's store as it is long before a sync: made before the clock starts, as
    # ours_push's (its one-off creation of every table is not the sync's time).
    with Database(db_path):
        pass
    started = time.perf_counter()
    verify = tls.made_soon(AS_OVER_HTTPS)  # as `autocall results` (see ours_push)
    with Database(db_path) as db:
        store = AutoCallStore(db)
        async with httpx.AsyncClient(verify=verify()) as http:
            client = AutoCallClient(http, base, DEFAULT_SECRET, timeout_s=60.0)
            synced = await sync_calls(client, store, "1001")
    elapsed = time.perf_counter() - started
    assert synced.calls >= expected, synced
    return elapsed


async def bare_sync(base: str, db_path: Path, expected: int) -> float:
    started = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(
        "CREATE TABLE calls (call_id TEXT PRIMARY KEY, caller_id TEXT, callee_id TEXT,"
        " called_at TEXT, duration INTEGER, key_press TEXT, note TEXT, state INTEGER)"
    )
    count = 0
    async with httpx.AsyncClient(timeout=60) as http:
        answer = await http.get(base + TOKEN, params={"secret_key": DEFAULT_SECRET})
        token = answer.json()["results"]["access_token"]
        offset, end = 0, int(time.time() * 1000)
        while True:
            query = {"access_token": token, "end_time": end, "limit": PAGE, "offset": offset}
            page = (await http.get(base + "/api/campaigns/1001/export", params=query)).json()
            calls = page["results"]["calls"]
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT OR REPLACE INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        str(c["call_id"]),
                        c["caller_id"],
                        c["callee_id"],
                        c["called_at"],
                        c["duration"],
                        c["key_press"],
                        c["note"],
                        c["state"],
                    )
                    for c in calls
                ],
            )
            conn.execute("COMMIT")
            count += len(calls)
            offset += len(calls)
            if not calls or offset >= page["results"]["total"]:
                break
    conn.close()
    assert count >= expected, count
    return time.perf_counter() - started


class _Clock:
    """Wall and CPU time added up per phase (ms), over the rounds of a breakdown."""

    def __init__(self) -> None:
        self.phases: dict[str, list[tuple[float, float]]] = {}
        self._round: dict[str, tuple[float, float]] = {}

    def add(self, phase: str, wall_s: float, cpu_s: float) -> None:
        wall, cpu = self._round.get(phase, (0.0, 0.0))
        self._round[phase] = (wall + wall_s * 1000, cpu + cpu_s * 1000)

    def timed(self, phase: str, started: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        self.add(phase, now[0] - started[0], now[1] - started[1])
        return now

    def end_round(self) -> None:
        for phase, value in self._round.items():
            self.phases.setdefault(phase, []).append(value)
        self._round = {}


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


class _TimedJournal:
    """The store as the push's journal, its writes timed."""

    def __init__(self, store: AutoCallStore, clock: _Clock) -> None:
        self.store, self.clock = store, clock
        self.writes = 0

    def pushed_numbers(self, campaign: str) -> set[str]:
        return self.store.pushed_numbers(campaign)

    def __getattr__(self, name: str) -> object:
        write = getattr(self.store, name)

        async def timed(*args: object, **kwargs: object) -> object:
            started = _now()
            try:
                return await write(*args, **kwargs)
            finally:
                self.writes += 1
                self.clock.timed("journal writes", started)

        return timed


class _TimedImport:
    """The client's import, timed: the POST, its answer read and parsed."""

    def __init__(self, client: AutoCallClient, clock: _Clock) -> None:
        self.client, self.clock = client, clock
        self.encoded = client.encoded

    async def import_contacts(self, campaign: str, contacts: object, **kwargs: object) -> object:
        started = _now()
        try:
            return await self.client.import_contacts(campaign, contacts, **kwargs)
        finally:
            self.clock.timed("POSTs (answers read)", started)


async def ours_push_phases(base: str, csv_path: Path, db_path: Path, clock: _Clock) -> None:
    with Database(db_path):
        pass
    started = first = _now()
    verify = tls.made_soon(AS_OVER_HTTPS)  # as ours_push
    with Database(db_path) as db, collector_paused(then_frozen=True):
        store = AutoCallStore(db)
        started = clock.timed("open the store", started)
        gathered = from_file(csv_path, contact_files)
        started = clock.timed("open the file", started)
        plan = prepare(PUSHED, gathered, store, otp_required=False)
        started = clock.timed("read and check it", started)
        async with httpx.AsyncClient(verify=verify()) as http:
            client = AutoCallClient(http, base, DEFAULT_SECRET, timeout_s=60.0)
            started = clock.timed("the HTTP client (its TLS context made meanwhile)", started)
            await client.new_token()
            started = clock.timed("token", started)
            journal = _TimedJournal(store, clock)
            report = await push(plan, _TimedImport(client, clock), journal)
            batches = _now()
            clock.add("batches", batches[0] - started[0], batches[1] - started[1])
        started = batches
    clock.timed("close (checkpoint)", started)
    clock.timed("total", first)
    assert report.status == "ok" and report.sent == len(plan.to_send), report.to_json()


async def bare_push_phases(base: str, csv_path: Path, clock: _Clock) -> None:
    started = first = _now()
    with csv_path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))[1:]
    contacts = [{"phone_number": number, "ho_ten": name} for name, number in rows]
    started = clock.timed("read the CSV, make the contacts", started)
    async with httpx.AsyncClient(timeout=60) as http:
        started = clock.timed("the HTTP client", started)
        answer = await http.get(base + TOKEN, params={"secret_key": DEFAULT_SECRET})
        token = answer.json()["results"]["access_token"]
        started = clock.timed("token", started)
        for start in range(0, len(contacts), BATCH):
            body = {"access_token": token, "contacts": contacts[start : start + BATCH]}
            sent = await http.post(f"{base}/api/campaigns/{PUSHED}/import", json=body)
            sent.raise_for_status()
        started = clock.timed("POSTs", started)
    clock.timed("close", started)
    clock.timed("total", first)


def _phase_table(title: str, clock: _Clock) -> list[str]:
    lines = [f"| {title} | wall median | CPU median |", "| --- | ---: | ---: |"]
    phases = clock.phases
    if "batches" in phases:
        # The batches' own work: what the journal's writes and the POSTs leave of them.
        rest = [
            (b[0] - j[0] - p[0], b[1] - j[1] - p[1])
            for b, j, p in zip(
                phases.pop("batches"),
                phases["journal writes"],
                phases["POSTs (answers read)"],
                strict=True,
            )
        ]
        phases["payloads, answers compared, the rest"] = rest
        order = [name for name in phases if name not in ("close (checkpoint)", "total")]
        order += ["close (checkpoint)", "total"]
    else:
        order = list(phases)
    for name in order:
        values = phases[name]
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        lines.append(f"| {name} | {wall:.1f} ms | {cpu:.1f} ms |")
    return lines


def breakdown(args: argparse.Namespace) -> None:
    """Where the time of (1) goes, ours and bare, phase by phase (see the docstring)."""
    ours, bare = _Clock(), _Clock()
    with sandbox(10) as (base, temp):
        warm_both(base, temp)
        for index in range(args.rounds):
            mine, theirs = csv_pair(temp, f"round{index}", args.contacts, 2 * index)
            # Each side first every other round (see main()).
            if index % 2:
                asyncio.run(bare_push_phases(base, theirs, bare))
                bare.end_round()
            asyncio.run(ours_push_phases(base, mine, temp / f"p{index}.db", ours))
            ours.end_round()
            if not index % 2:
                asyncio.run(bare_push_phases(base, theirs, bare))
                bare.end_round()
    print(
        f"autocall push breakdown — {args.contacts:,} contacts, {args.rounds} rounds, "
        f"Python {sys.version.split()[0]}; load {os.getloadavg()[0]:.2f}"
    )
    print("\n".join(_phase_table("ours: push from a CSV", ours)))
    print()
    print("\n".join(_phase_table("bare: csv → batches → httpx POST", bare)))
    total_ours = statistics.median(v[0] for v in ours.phases["total"])
    total_bare = statistics.median(v[0] for v in bare.phases["total"])
    cpu_ours = statistics.median(v[1] for v in ours.phases["total"])
    cpu_bare = statistics.median(v[1] for v in bare.phases["total"])
    print(
        f"\nratio of the totals: wall {total_ours / total_bare:.2f}×, "
        f"CPU {cpu_ours / cpu_bare:.2f}× (target ≤ 1.3× of the wall time)"
    )


def command_times(
    base: str, temp: Path, contacts: int, rounds: int, first_series: int
) -> tuple[list[float], list[float]]:
    env = dict(os.environ)
    env.update(
        OMIDESK_HOME=str(temp / "home"),
        OMIDESK_AUTOCALL_BASE_URL=base,
        OMIDESK_AUTOCALL_SECRET=DEFAULT_SECRET,
        PYTHONPATH=str(ROOT),
    )
    ours: list[float] = []
    bare: list[float] = []
    for index in range(rounds):
        mine, theirs = csv_pair(temp, f"command{index}", contacts, first_series + 2 * index)
        command = [sys.executable, "-m", "omidesk", "autocall", "push", PUSHED]
        started = time.perf_counter()
        result = subprocess.run(
            [*command, "--file", str(mine), "--yes", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        ours.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stdout[-500:] + result.stderr[-2000:]
        assert json.loads(result.stdout)["sent"] == contacts
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", BARE_PUSH, base, DEFAULT_SECRET, str(theirs)],
            capture_output=True,
            text=True,
            check=False,
        )
        bare.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr[-2000:]
    return ours, bare


def serve(calls: int, latency_s: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SERVER, str(calls), str(latency_s)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def stop(server: subprocess.Popen[str]) -> None:
    if server.stdin is not None:
        server.stdin.close()
    server.wait(timeout=30)


@contextlib.contextmanager
def sandbox(calls: int, latency_s: float = 0.0) -> Iterator[tuple[str, Path]]:
    """A sandbox of its own (serve()) and a temporary folder: its base URL and the folder."""
    server = serve(calls, latency_s)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as name:
            yield base, Path(name)
    finally:
        stop(server)


def far_pushes(args: argparse.Namespace, series: int) -> tuple[list[float], list[float]]:
    """(1) against a sandbox whose every answer comes `latency_ms` late."""
    ours: list[float] = []
    bare: list[float] = []
    with sandbox(10, args.latency_ms / 1000) as (base, temp):
        for index in range(max(3, args.rounds // 2)):
            mine, theirs = csv_pair(temp, f"far{index}", args.contacts, series + 2 * index)
            if index % 2:  # each side first every other round (see main())
                bare.append(asyncio.run(bare_push(base, theirs)))
            ours.append(asyncio.run(ours_push(base, mine, temp / f"q{index}.db")))
            if not index % 2:
                bare.append(asyncio.run(bare_push(base, theirs)))
    return ours, bare


def timed_rounds(args: argparse.Namespace) -> dict[str, list[float]]:
    """The push and sync rounds of one process, against a sandbox of its own: each side's
    times, in seconds."""
    with sandbox(args.calls) as (base, temp):
        push_ours: list[float] = []
        push_bare: list[float] = []
        sync_ours: list[float] = []
        sync_bare: list[float] = []
        # Warm both sides once (imports, the sandbox's first answers), then interleave
        # so that machine noise hits both alike; and each side goes first every other
        # round: the sandbox's process, busy for a while after a push of 10,000 (its
        # garbage collected as the next requests come), slowed whichever sync came
        # first by as much as half (ours, always, which read 1.6-1.7x; 1.0x after
        # the bare one). The same for the pushes.
        warm_both(base, temp)
        for index in range(args.rounds):
            mine, theirs = csv_pair(temp, f"round{index}", args.contacts, 2 * index)
            ours_first = index % 2 == 0
            if not ours_first:
                push_bare.append(asyncio.run(bare_push(base, theirs)))
            push_ours.append(asyncio.run(ours_push(base, mine, temp / f"p{index}.db")))
            if ours_first:
                push_bare.append(asyncio.run(bare_push(base, theirs)))
            mine_db, theirs_db = temp / f"s{index}.db", temp / f"t{index}.db"
            if not ours_first:
                sync_bare.append(asyncio.run(bare_sync(base, theirs_db, args.calls)))
            sync_ours.append(asyncio.run(ours_sync(base, mine_db, args.calls)))
            if ours_first:
                sync_bare.append(asyncio.run(bare_sync(base, theirs_db, args.calls)))
    return {
        "push_ours": push_ours,
        "push_bare": push_bare,
        "sync_ours": sync_ours,
        "sync_bare": sync_bare,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15, help="rounds in each process")
    parser.add_argument(
        "--processes", type=int, default=3, help="processes whose rounds are pooled"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--command-rounds", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument(
        "--breakdown", action="store_true", help="where the time of the push goes, by phase"
    )
    args = parser.parse_args()
    compiled = compile_like_an_install()
    if args.breakdown:
        breakdown(args)
        return
    if args.child:
        print(json.dumps(timed_rounds(args)))
        return
    # Each process's rounds against a sandbox of its own, the processes one after another,
    # pooled: as pyperf runs a benchmark in many worker processes, for the same reason. A
    # process's memory layout (addresses, hash seeds) sets its speed for its whole life:
    # two runs of this script differed by up to 15 % on either side (bare 114-142 ms a push,
    # ours 138-185 ms), which the rounds within one process cannot average out.
    pooled: dict[str, list[float]] = {}
    for _ in range(args.processes):
        if args.processes == 1:
            times = timed_rounds(args)
        else:
            child = [sys.executable, __file__, "--child", *sys.argv[1:]]
            times = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
        for name, values in times.items():
            pooled.setdefault(name, []).extend(values)
    push_ours, push_bare = pooled["push_ours"], pooled["push_bare"]
    sync_ours, sync_bare = pooled["sync_ours"], pooled["sync_bare"]
    with sandbox(args.calls) as (base, temp):
        commands = command_times(base, temp, args.contacts, args.command_rounds, 0)
        far = far_pushes(args, series=2 * args.command_rounds)
    print(
        f"autocall benchmark — {args.contacts:,} contacts pushed, {args.calls:,} calls synced, "
        f"{args.rounds} rounds in each of {args.processes} processes, "
        f"{args.command_rounds} command rounds, Python {sys.version.split()[0]}; {compiled}"
    )
    print(header())
    print(
        row(
            f"push {args.contacts:,} contacts from a CSV (vs csv → batches → httpx POST)",
            push_ours,
            push_bare,
            1.3,
        )
    )
    print(
        context_row(
            f"push {args.contacts:,} contacts, AutoCall {args.latency_ms:g} ms away "
            "(vs the same bare push)",
            *far,
        )
    )
    print(context_row("`omidesk autocall push --file` wall time (vs bare script)", *commands))
    print(
        row(
            f"sync {args.calls:,} campaign calls (vs bare paging + executemany)",
            sync_ours,
            sync_bare,
            1.5,
        )
    )


if __name__ == "__main__":
    main()
