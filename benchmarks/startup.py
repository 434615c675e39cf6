"""Start-up: time to the main window's first paint and idle memory, next to a Qt
hello-world window measured in the same run, plus `omidesk call`.

    python benchmarks/startup.py [--rounds N] [--platform auto|x|offscreen|both] [--breakdown]

The window is measured on a real X server (one Xvfb started for the run, both programs
on the same display, QT_QPA_PLATFORM=xcb) and offscreen; `auto` (the default) runs both
when Xvfb is installed, offscreen alone otherwise. Each row says which one ran.

Targets: first paint ≤ 1.3× the hello-world window; idle memory ≤ 1.25× a hello-world
window that imports the same stack after its first paint (asyncio, httpx with a client,
qasync, phonenumbers: what any app on this stack holds); `omidesk call` ≤ 1.5× a minimal
httpx script doing the same auth + POST (the same measure as benchmarks/dial.py).

--breakdown prints where the time and the memory go instead (benchmarks/breakdown.py):
each start-up step of both programs, the imports completed within each step, the modules
OmiDesk loads that the baseline does not, and the memory each library adds alone.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import xvfb
from common import compile_like_an_install, header, row
from dial import CALL_MEASURE, command_times

from omidesk.sandbox.server import Sandbox

# Prints the same milestones as OmiDesk (omidesk/infra/milestones.py) when the breakdown
# asks for them; one environment lookup otherwise.
HELLO = """
import os, sys, time
MILESTONES = bool(os.environ.get("OMIDESK_MILESTONES"))

def rss_kib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

def mark(name):
    if MILESTONES:
        print(f"milestone {name} {time.monotonic():.6f} {time.process_time():.6f} {rss_kib()}",
              file=sys.stderr, flush=True)

mark("python")
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
mark("import_Qt")

class Hello(QLabel):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not Hello.painted:
            Hello.painted = True
            mark("first_paint")
            print("first-paint", flush=True)

def rss():
    mark("idle")
    print(f"rss-kib {rss_kib()}", flush=True)

def load_the_stack():
    # The stack OmiDesk must run on, loaded as OmiDesk loads it: after the first paint.
    import asyncio, httpx, qasync, phonenumbers
    global client
    client = httpx.AsyncClient()
    phonenumbers.parse("0901234567", "VN")
    mark("load_the_stack")

app = QApplication(sys.argv[:1])
mark("QApplication")
if "--stack" in sys.argv:
    QTimer.singleShot(0, load_the_stack)
label = Hello("Hello")
label.resize(980, 640)
label.show()
mark("show")
QTimer.singleShot(1000, rss)
QTimer.singleShot(1500, app.quit)
app.exec()
"""

OURS = [sys.executable, "-m", "omidesk", "--demo", "--quit-after", "2"]
HELLO_CMD = [sys.executable, "-c", HELLO]
STACK_CMD = [sys.executable, "-c", HELLO, "--stack"]


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds from spawn to the first-paint line, idle RSS in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    painted = rss = None
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("first-paint") and painted is None:
            painted = time.perf_counter() - started
        elif line.startswith("rss-kib"):
            rss = int(line.split()[1]) / 1024
    process.wait(timeout=60)
    if painted is None or rss is None:
        raise SystemExit(f"{command[:3]} did not report (exit {process.returncode})")
    return painted, rss


@contextlib.contextmanager
def platform_env(platform: str, home: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The environment both programs run in on `platform` ("x": one Xvfb for the whole
    round of measures; "offscreen"), and the label the table gives it."""
    base = dict(os.environ, OMIDESK_HOME=home, OMIDESK_BENCH="1")
    base.pop("OMIDESK_MILESTONES", None)
    if platform == "offscreen":
        yield "offscreen", dict(base, QT_QPA_PLATFORM="offscreen")
        return
    with xvfb.display() as display:
        yield f"X server (Xvfb {display})", dict(base, QT_QPA_PLATFORM="xcb", DISPLAY=display)


def platforms(choice: str) -> list[str]:
    if choice == "both" or (choice == "auto" and xvfb.available()):
        return ["x", "offscreen"]
    if choice == "x" and not xvfb.available():
        raise SystemExit("--platform x: Xvfb is not installed")
    return ["x"] if choice == "x" else ["offscreen"]


def window_rows(platform: str, rounds: int, home: str) -> list[str]:
    with platform_env(platform, home) as (label, env):
        measure(OURS, env)  # the first run creates the demo profile and database
        measure(HELLO_CMD, env)
        ours_paint, ours_rss, hello_paint, stack_rss = [], [], [], []
        for _ in range(rounds):  # interleaved, so machine noise hits both alike
            paint, rss = measure(OURS, env)
            ours_paint.append(paint)
            ours_rss.append(rss)
            paint, _ = measure(HELLO_CMD, env)
            hello_paint.append(paint)
            _, rss = measure(STACK_CMD, env)
            stack_rss.append(rss)
    return [
        row(
            f"first paint, {label}: `omidesk --demo` vs Qt hello-world window",
            ours_paint,
            hello_paint,
            1.3,
        ),
        row(
            f"idle memory (RSS), {label}: `omidesk --demo` vs hello-world + the same stack",
            ours_rss,
            stack_rss,
            1.25,
            "MiB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--platform", choices=("auto", "x", "offscreen", "both"), default="auto")
    parser.add_argument("--breakdown", action="store_true", help="where the time goes")
    args = parser.parse_args()
    compiled = compile_like_an_install()
    chosen = platforms(args.platform)
    if args.breakdown:
        import breakdown  # only for --breakdown

        with tempfile.TemporaryDirectory() as home, platform_env(chosen[0], home) as (label, env):
            print(
                breakdown.report(OURS, HELLO_CMD, STACK_CMD, env, rounds=args.rounds, label=label)
            )
        return
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as home:
        for platform in chosen:
            rows += window_rows(platform, args.rounds, home)
        with Sandbox() as sandbox:
            ours_call, minimal_call = command_times(sandbox, 2 * args.rounds, Path(home) / "call")
    ran = " and ".join({"x": "X server (Xvfb)", "offscreen": "offscreen"}[p] for p in chosen)
    if not xvfb.available():
        ran += " (Xvfb is not installed: no X server row)"
    print(f"start-up benchmark — {args.rounds} rounds, {ran}, Python {sys.version.split()[0]}")
    print(compiled)
    print(header())
    for line in rows:
        print(line)
    print(row(CALL_MEASURE, ours_call, minimal_call, 1.5))


if __name__ == "__main__":
    main()
