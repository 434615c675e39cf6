"""The owner-routing service under load: `omidesk routing serve` with 100,000 owners next to a
bare uvicorn ASGI app that answers a constant, in the same run, each its own process.

    python benchmarks/routing.py [--owners N] [--requests N] [--concurrency N]

Each server gets the same load from one async httpx client in this process: 20,000
requests at concurrency 50 (after a warm-up), with real numbers of the file (nine in ten
owned, one in ten nobody's, in every form OMICall writes them). Measured: throughput,
p50 and p99 of each request's time, and the server's resident memory after the load.
Targets: throughput ≥ 0.8× the bare app's; p99 ≤ 1.25× the bare app's and ≤ 20 ms; memory
≤ 60 MB over the bare app's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-routing-key-0123456789"
PATH = "/get_owner_contact_by_phone"

BARE_APP = """
import uvicorn

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", b"7")]})
    await send({"type": "http.response.body", "body": b"101:102"})

uvicorn.run(app, host="127.0.0.1", port=int(__import__("sys").argv[1]), log_config=None,
            access_log=False, lifespan="off", server_header=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def national(index: int) -> str:
    return f"09{index:08d}"


def fill(db: Path, owners: int) -> None:
    from omidesk.store.owners import OwnersFile

    rows = (
        (f"+849{index:08d}", "", [str(100 + index % 50), str(200 + index % 7)])
        for index in range(owners)
    )
    with OwnersFile(db) as file:
        file.set_owners(rows, replace_all=True)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit("server did not start")


async def load(
    url: str, queries: list[dict[str, str]], concurrency: int
) -> tuple[float, list[float]]:
    """Sends every query, `concurrency` at a time; wall seconds and each request's time."""
    times: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        position = 0

        async def worker() -> None:
            nonlocal position
            while position < len(queries):
                params = queries[position]
                position += 1
                started = time.perf_counter()
                answer = await client.get(url, params=params, headers={"X-API-KEY": KEY})
                times.append(time.perf_counter() - started)
                if answer.status_code != 200:
                    raise SystemExit(f"unexpected {answer.status_code}")

        # Warm-up: connections opened, caches filled.
        warm = queries[: concurrency * 4]
        await asyncio.gather(*(client.get(url, params=q, headers={"X-API-KEY": KEY}) for q in warm))
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return wall, times


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(
    command: list[str], port: int, env: dict[str, str], queries: list[dict[str, str]], conc: int
) -> tuple[float, float, float, float]:
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            wait_up(port, process)
            wall, times = asyncio.run(load(f"http://127.0.0.1:{port}{PATH}", queries, conc))
            memory = rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(30)
    return len(times) / wall, quantile(times, 0.5), quantile(times, 0.99), memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(16)
    forms = (lambda n: n, lambda n: "84" + n[1:], lambda n: "+84" + n[1:])
    queries = []
    for _ in range(args.requests):
        index = (
            rng.randrange(args.owners) if rng.random() < 0.9 else args.owners + rng.randrange(10**6)
        )
        queries.append(
            {"phoneNumber": rng.choice(forms)(national(index)), "sipNumber": "842877788056"}
        )
    with tempfile.TemporaryDirectory(prefix="omidesk-routing-bench-") as temp:
        home = Path(temp)
        db = home / "owners.sqlite3"
        started = time.perf_counter()
        fill(db, args.owners)
        filled = time.perf_counter() - started
        env = dict(os.environ)
        env.update(
            OMIDESK_HOME=str(home / "home"),
            OMIDESK_ROUTING_API_KEY=KEY,
            OMIDESK_ROUTING_STICKY_DAYS="30",
            PYTHONPATH=str(ROOT),
        )
        ours_port, bare_port = free_port(), free_port()
        ours = measure(
            [
                sys.executable,
                "-m",
                "omidesk",
                "routing",
                "--db",
                str(db),
                "serve",
                "--port",
                str(ours_port),
            ],
            ours_port,
            env,
            queries,
            args.concurrency,
        )
        bare = measure(
            [sys.executable, "-c", BARE_APP, str(bare_port)],
            bare_port,
            env,
            queries,
            args.concurrency,
        )
    throughput_ratio = ours[0] / bare[0]
    p99_ratio = ours[2] / bare[2]
    memory_over = ours[3] - bare[3]

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{args.owners:,} owners written in {filled:.1f} s; {args.requests:,} requests at "
        f"concurrency {args.concurrency} from one async httpx client; load average "
        f"{load_average} on {os.cpu_count()} cores (client and servers share them)\n"
    )
    print("| measure | ours | bare uvicorn app | ratio | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(
        f"| throughput | {ours[0]:,.0f} req/s | {bare[0]:,.0f} req/s | {throughput_ratio:.2f}× "
        f"| ≥ 0.8× {verdict(throughput_ratio >= 0.8)} |"
    )
    print(
        f"| p50 | {ours[1] * 1000:.2f} ms | {bare[1] * 1000:.2f} ms | "
        f"{ours[1] / bare[1]:.2f}× | — |"
    )
    print(
        f"| p99 | {ours[2] * 1000:.2f} ms | {bare[2] * 1000:.2f} ms | {p99_ratio:.2f}× "
        f"| ≤ 1.25× and ≤ 20 ms {verdict(p99_ratio <= 1.25 and ours[2] <= 0.020)} |"
    )
    print(
        f"| memory (RSS after the load) | {ours[3]:.1f} MB | {bare[3]:.1f} MB | "
        f"+{memory_over:.1f} MB | ≤ +60 MB {verdict(memory_over <= 60)} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
