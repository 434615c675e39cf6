"""The owner-routing service under load: `omidesk routing serve` with 100,000 owners next to a
bare uvicorn ASGI app that answers a constant, in the same run, each its own process.

    python benchmarks/routing.py [--owners N] [--requests N] [--concurrency N [N …]] [--rounds N]

Both servers run side by side and get the same load from one async httpx client in this
process: 20,000 requests at concurrency 50 (after a warm-up), with real numbers of the file
(nine in ten owned, one in ten nobody's, in every form OMICall writes them), sent in slices
alternating between the two servers, so that a change in the machine's load weighs on both.
Measured: throughput, p50 and p99 of each request's time as the client sees it, each
server's resident memory after the load, and the service's own time to answer (its
/metrics histogram).
Targets: throughput ≥ 0.8× the bare app's; p99 ≤ 1.25× the bare app's and ≤ 20 ms; memory
≤ 60 MB over the bare app's.

At concurrency 50 a Python client is the bottleneck on a small machine: by Little's law a
request's time is 50 / throughput, queueing in the client, whatever the server does. A
second level, `--concurrency 50 1`, shows the servers' own latency side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    client: httpx.AsyncClient, url: str, queries: list[dict[str, str]], concurrency: int
) -> tuple[float, list[float]]:
    """Sends every query, `concurrency` at a time; wall seconds and each request's time."""
    times: list[float] = []
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

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, times


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Result:
    """One server's figures at one concurrency: requests, wall seconds, request times."""

    wall: float = 0.0
    times: list[float] = field(default_factory=list)
    cpu_s: float = 0.0  # the server process's CPU time (user + system) during the slices

    @property
    def throughput(self) -> float:
        return len(self.times) / self.wall

    def q(self, quantile_: float) -> float:
        return quantile(self.times, quantile_)

    @property
    def cpu_per_request_ms(self) -> float:
        return self.cpu_s / len(self.times) * 1000


def cpu_s(pid: int) -> float:
    """A process's CPU time so far (user + system), in seconds: what a request costs the
    server whatever else the machine runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_level(
    urls: tuple[str, str],
    pids: tuple[int, int],
    queries: list[dict[str, str]],
    concurrency: int,
    rounds: int,
) -> tuple[Result, Result]:
    """The same queries to both servers at `concurrency`, in `rounds` alternating slices
    (ours first, then bare first, …), so that a change in the machine's load during the
    run weighs on both alike; each server's connections opened and warmed first."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    results = (Result(), Result())
    async with (
        httpx.AsyncClient(limits=limits, timeout=30) as ours_client,
        httpx.AsyncClient(limits=limits, timeout=30) as bare_client,
    ):
        clients = (ours_client, bare_client)
        warm = queries[: concurrency * 4]
        for client, url in zip(clients, urls, strict=True):
            await load(client, url, warm, concurrency)
        size = -(-len(queries) // rounds)
        for number in range(rounds):
            chunk = queries[number * size : (number + 1) * size]
            order = (0, 1) if number % 2 == 0 else (1, 0)
            for which in order:
                before = cpu_s(pids[which])
                wall, times = await load(clients[which], urls[which], chunk, concurrency)
                results[which].cpu_s += cpu_s(pids[which]) - before
                results[which].wall += wall
                results[which].times.extend(times)
    return results


def server_p99_ms(url: str) -> tuple[float, float]:
    """The service's own time to answer, from its /metrics histogram (from the request
    reaching the application to its answer sent; uvicorn's parsing and the network not
    included): the upper bound of the bucket holding the 99th percentile, and the mean."""
    counts: list[tuple[float, int]] = []
    total_s = count = 0.0
    for line in httpx.get(url + "/metrics", timeout=30).text.splitlines():
        if line.startswith("omidesk_routing_request_seconds_bucket"):
            bound = line.split('le="')[1].split('"')[0]
            counts.append(
                (float("inf") if bound == "+Inf" else float(bound), int(line.split()[-1]))
            )
        elif line.startswith("omidesk_routing_request_seconds_sum"):
            total_s = float(line.split()[-1])
        elif line.startswith("omidesk_routing_request_seconds_count"):
            count = float(line.split()[-1])
    wanted = 0.99 * counts[-1][1]
    p99 = next(bound for bound, cumulative in counts if cumulative >= wanted)
    return p99 * 1000, total_s / max(count, 1) * 1000


@contextlib.contextmanager
def started(command: list[str], port: int, env: dict[str, str]) -> Iterator[int]:
    """A server process, up and listening on `port`; its pid."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            wait_up(port, process)
            yield process.pid
        finally:
            process.terminate()
            process.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument(
        "--concurrency",
        type=int,
        nargs="+",
        default=[50],
        help="one table per level (the issue's load is 50; 1 shows the servers' own latency)",
    )
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices per level")
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
        begun = time.perf_counter()
        fill(db, args.owners)
        filled = time.perf_counter() - begun
        env = dict(os.environ)
        env.update(
            OMIDESK_HOME=str(home / "home"),
            OMIDESK_ROUTING_API_KEY=KEY,
            OMIDESK_ROUTING_STICKY_DAYS="30",
            PYTHONPATH=str(ROOT),
        )
        ours_port, bare_port = free_port(), free_port()
        ours_command = [
            *(sys.executable, "-m", "omidesk", "routing", "--db", str(db)),
            *("serve", "--port", str(ours_port)),
        ]
        bare_command = [sys.executable, "-c", BARE_APP, str(bare_port)]
        ours_base = f"http://127.0.0.1:{ours_port}"
        urls = (ours_base + PATH, f"http://127.0.0.1:{bare_port}{PATH}")
        with (
            started(ours_command, ours_port, env) as ours_pid,
            started(bare_command, bare_port, env) as bare_pid,
        ):
            pids = (ours_pid, bare_pid)
            levels = [
                (level, asyncio.run(run_level(urls, pids, queries, level, args.rounds)))
                for level in args.concurrency
            ]
            memory = (rss_mb(ours_pid), rss_mb(bare_pid))
            own_p99, own_mean = server_p99_ms(ours_base)
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{args.owners:,} owners written in {filled:.1f} s; {args.requests:,} requests per "
        f"level from one async httpx client (its own process), in {args.rounds} slices "
        f"alternating between the two servers; load average {load_average} on "
        f"{os.cpu_count()} cores (the client, both servers and anything else share them)\n"
    )

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    for level, (ours, bare) in levels:
        throughput_ratio = ours.throughput / bare.throughput
        p99_ratio = ours.q(0.99) / bare.q(0.99)
        target = level == 50
        print(f"**Concurrency {level}**" + (" (the issue's load)" if target else "") + "\n")
        print("| measure | ours | bare uvicorn app | ratio | target |")
        print("| --- | ---: | ---: | ---: | --- |")
        print(
            f"| throughput | {ours.throughput:,.0f} req/s | {bare.throughput:,.0f} req/s | "
            f"{throughput_ratio:.2f}× | ≥ 0.8× {verdict(throughput_ratio >= 0.8)} |"
        )
        print(
            f"| p50 | {ours.q(0.5) * 1000:.2f} ms | {bare.q(0.5) * 1000:.2f} ms | "
            f"{ours.q(0.5) / bare.q(0.5):.2f}× | — |"
        )
        print(
            f"| p99 | {ours.q(0.99) * 1000:.2f} ms | {bare.q(0.99) * 1000:.2f} ms | "
            f"{p99_ratio:.2f}× | ≤ 1.25× and ≤ 20 ms "
            f"{verdict(p99_ratio <= 1.25 and ours.q(0.99) <= 0.020)} |"
        )
        print(
            f"| server CPU per request | {ours.cpu_per_request_ms:.2f} ms | "
            f"{bare.cpu_per_request_ms:.2f} ms | "
            f"{ours.cpu_per_request_ms / bare.cpu_per_request_ms:.2f}× | — |\n"
        )
    memory_over = memory[0] - memory[1]
    print("| after every level | ours | bare uvicorn app | difference | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(
        f"| memory (RSS) | {memory[0]:.1f} MB | {memory[1]:.1f} MB | +{memory_over:.1f} MB | "
        f"≤ +60 MB {verdict(memory_over <= 60)} |"
    )
    print(
        f"| the service's own time to answer (its /metrics histogram, all levels) | p99 ≤ "
        f"{own_p99:g} ms, mean {own_mean:.2f} ms | — | — | 2 s budget |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
