"""Start-up: time to the main window's first paint and idle memory, next to a Qt
hello-world window measured in the same run (offscreen), plus `omidesk call`.

    python benchmarks/startup.py [--rounds N]

Targets: first paint ≤ 1.3× the hello-world window; idle memory ≤ 1.25× a hello-world
window that imports the same stack after its first paint (asyncio, httpx with a client,
qasync, phonenumbers: what any app on this stack holds); `omidesk call` ≤ 1.5× a minimal
httpx script doing the same auth + POST (the same measure as benchmarks/dial.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import compile_like_an_install, header, row
from dial import CALL_MEASURE, command_times

from omidesk.sandbox.server import Sandbox

HELLO = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

class Hello(QLabel):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not Hello.painted:
            Hello.painted = True
            print("first-paint", flush=True)

def rss():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    print(f"rss-kib {pages * os.sysconf('SC_PAGE_SIZE') // 1024}", flush=True)

def load_the_stack():
    # The stack OmiDesk must run on, loaded as OmiDesk loads it: after the first paint.
    import asyncio, httpx, qasync, phonenumbers
    global client
    client = httpx.AsyncClient()
    phonenumbers.parse("0901234567", "VN")

app = QApplication(sys.argv[:1])
if "--stack" in sys.argv:
    QTimer.singleShot(0, load_the_stack)
label = Hello("Hello")
label.resize(980, 640)
label.show()
QTimer.singleShot(1000, rss)
QTimer.singleShot(1500, app.quit)
app.exec()
"""


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    compiled = compile_like_an_install()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMIDESK_HOME=home, OMIDESK_BENCH="1")
        ours_cmd = [sys.executable, "-m", "omidesk", "--demo", "--quit-after", "2"]
        hello_cmd = [sys.executable, "-c", HELLO]
        stack_cmd = [sys.executable, "-c", HELLO, "--stack"]
        measure(ours_cmd, env)  # first run creates the demo profile and database
        measure(hello_cmd, env)
        ours_paint, ours_rss, hello_paint, stack_rss = [], [], [], []
        for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
            paint, rss = measure(ours_cmd, env)
            ours_paint.append(paint)
            ours_rss.append(rss)
            paint, _ = measure(hello_cmd, env)
            hello_paint.append(paint)
            _, rss = measure(stack_cmd, env)
            stack_rss.append(rss)
        with Sandbox() as sandbox:
            ours_call, minimal_call = command_times(sandbox, 2 * args.rounds, Path(home) / "call")
    print(f"start-up benchmark — {args.rounds} rounds, offscreen, Python {sys.version.split()[0]}")
    print(compiled)
    print(header())
    print(
        row("first paint: `omidesk --demo` vs Qt hello-world window", ours_paint, hello_paint, 1.3)
    )
    print(
        row(
            "idle memory (RSS): `omidesk --demo` vs hello-world + the same stack",
            ours_rss,
            stack_rss,
            1.25,
            "MiB",
        )
    )
    print(row(CALL_MEASURE, ours_call, minimal_call, 1.5))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
