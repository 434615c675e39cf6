"""Dial latency: OmiDesk's dialer and `omidesk call` next to bare httpx, in the same run.

    python benchmarks/dial.py [--rounds N]

1. In-process, warm token: time from `Dialer.dial()` to the click2call arriving at the
   sandbox, next to a bare `httpx.AsyncClient.post` to the same sandbox. Target: at most
   1 ms added over the bare POST (the real network, 30-200 ms to OMICall, dominates).
2. Whole command: wall time of `omidesk call N` (auth + POST, a fresh process each time),
   next to a minimal Python script doing the same auth + POST with httpx. Target ≤ 1.5×.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from omidesk import services
from omidesk.domain.settings import Settings
from omidesk.sandbox.server import Sandbox
from omidesk.store.db import Database

sys.path.insert(0, str(Path(__file__).parent))
from common import compile_like_an_install, header, row, row_added

ROOT = Path(__file__).resolve().parent.parent
EXT, HOTLINE = "101", "02877788056"

MINIMAL_SCRIPT = """
import sys, httpx
base, key = sys.argv[1], sys.argv[2]
with httpx.Client() as http:
    token = http.get(base + "/api/auth", params={"apiKey": key}).json()["payload"]["access_token"]
    body = {"extension": "101", "hotline": "02877788056", "phone_number": sys.argv[3]}
    answer = http.post(base + "/api/click2call", json=body,
                       headers={"Authorization": "Bearer " + token})
    print(answer.json()["payload"]["call_uuid"])
"""


CALL_MEASURE = "`omidesk call` wall time (vs minimal httpx auth+POST script)"


def numbers(count: int, start: int) -> list[str]:
    return [f"09{start + i:08d}" for i in range(count)]


async def arrival_times(
    sandbox: Sandbox, rounds: int, db_path: Path, *, checked: bool
) -> tuple[list[float], list[float]]:
    """Seconds from the call to the request's arrival, for the dialer and for bare httpx."""
    settings = Settings(
        base_url=sandbox.base_url, extension=EXT, hotline=HOTLINE, repeat_window_s=10
    )
    dialer_times: list[float] = []
    bare_times: list[float] = []
    with Database(db_path) as db:
        async with (
            services.one_shot(db, settings, lambda: sandbox.api_key) as dialer,
            httpx.AsyncClient() as http,
        ):
            await dialer.dial("0911000000")  # warm: token, connection, phonenumbers metadata
            token = dialer.omicall._token  # type: ignore[attr-defined]
            headers = {"Authorization": f"Bearer {token}"}
            await http.post(
                sandbox.base_url + "/api/click2call",
                headers=headers,
                json={"extension": EXT, "hotline": HOTLINE, "phone_number": "0911000001"},
            )
            # Interleave the two so that machine noise hits both alike.
            start = 1000 if not checked else 200000
            for dial_number, bare_number in zip(
                numbers(rounds, start), numbers(rounds, start + 500000), strict=True
            ):
                if checked:
                    # As in the window: the number was checked while typed (the hint line).
                    dialer.check(dial_number)
                sandbox.clear()
                started = time.perf_counter()
                outcome = await dialer.dial(dial_number)
                assert outcome.status == "accepted", outcome
                dialer_times.append(sandbox.click2calls()[0].received_at - started)

                sandbox.clear()
                started = time.perf_counter()
                answer = await http.post(
                    sandbox.base_url + "/api/click2call",
                    headers=headers,
                    json={"extension": EXT, "hotline": HOTLINE, "phone_number": bare_number},
                )
                assert answer.status_code == 200
                bare_times.append(sandbox.click2calls()[0].received_at - started)
    return dialer_times, bare_times


def command_times(sandbox: Sandbox, rounds: int, home: Path) -> tuple[list[float], list[float]]:
    env = dict(os.environ)
    env.update(
        OMIDESK_HOME=str(home),
        OMIDESK_BASE_URL=sandbox.base_url,
        OMIDESK_API_KEY=sandbox.api_key,
        OMIDESK_EXTENSION=EXT,
        OMIDESK_HOTLINE=HOTLINE,
    )
    ours: list[float] = []
    minimal: list[float] = []
    for index, number in enumerate(numbers(rounds, 700000)):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "omidesk", "call", number, "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        ours.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stdout + result.stderr
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                MINIMAL_SCRIPT,
                sandbox.base_url,
                sandbox.api_key,
                f"09{800000 + index:08d}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        minimal.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr
    return ours, minimal


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=300, help="in-process rounds")
    parser.add_argument("--command-rounds", type=int, default=15, help="subprocess rounds")
    args = parser.parse_args()
    compiled = compile_like_an_install()
    with tempfile.TemporaryDirectory() as temp, Sandbox() as sandbox:
        fresh = asyncio.run(
            arrival_times(sandbox, args.rounds, Path(temp) / "a.sqlite3", checked=False)
        )
        checked = asyncio.run(
            arrival_times(sandbox, args.rounds, Path(temp) / "b.sqlite3", checked=True)
        )
        ours, minimal = command_times(sandbox, args.command_rounds, Path(temp) / "home")
    print(
        f"dial benchmark — {args.rounds} in-process rounds, {args.command_rounds} command rounds, "
        f"Python {sys.version.split()[0]}; {compiled}"
    )
    print(header())
    print(row_added("dialer → request at sandbox, new number (vs bare httpx POST)", *fresh, 1.0))
    print(row_added("dialer → request at sandbox, number checked as typed (window)", *checked, 1.0))
    print(row(CALL_MEASURE, ours, minimal, 1.5))


if __name__ == "__main__":
    main()
