"""Forwarding a link to the running window: a second `omidesk tel:…` from its start to its
exit, next to a minimal Python script that connects to the same socket and sends the same
line, measured in the same run while one instance runs (offscreen).

    python benchmarks/forward.py [--rounds N]

Target: ≤ 2× the minimal script (so: no QtWidgets and no heavy imports on that path).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import header, row

MINIMAL = """
import json, socket, sys
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
    sock.connect(sys.argv[1])
    sock.sendall(json.dumps({"v": 1, "cmd": "link", "uri": sys.argv[2]}).encode() + b"\\n")
    answer = sock.recv(4096)
assert b'"ok": true' in answer, answer
"""


def run_once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {result.stderr.decode()[-400:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    from omidesk.desktop.forward import send, server_name

    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory(dir="/tmp") as run:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMIDESK_HOME=home)
        env["XDG_RUNTIME_DIR"] = run
        os.environ.update(OMIDESK_HOME=home, XDG_RUNTIME_DIR=run)
        instance = subprocess.Popen(
            [sys.executable, "-m", "omidesk", "--demo", "--quit-after", "300"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            name = server_name(demo=True)
            if name is None:
                raise SystemExit("no private folder for the instance's socket")
            deadline = time.monotonic() + 30
            while send({"cmd": "ping"}, name, timeout=0.5) is None:
                if time.monotonic() > deadline or instance.poll() is not None:
                    raise SystemExit("the instance did not start")
                time.sleep(0.1)
            link = "tel:+84-90-123-4567"
            ours_cmd = [sys.executable, "-m", "omidesk", "--demo", link]
            minimal_cmd = [sys.executable, "-c", MINIMAL, name, link]
            run_once(ours_cmd, env)
            run_once(minimal_cmd, env)
            ours, minimal = [], []
            for _ in range(args.rounds):
                ours.append(run_once(ours_cmd, env))
                minimal.append(run_once(minimal_cmd, env))
        finally:
            instance.terminate()
            instance.wait(timeout=30)
    print(f"forward benchmark — {args.rounds} rounds, Python {sys.version.split()[0]}")
    print(header())
    print(row("second `omidesk tel:…` start→exit vs minimal socket script", ours, minimal, 2.0))


if __name__ == "__main__":
    main()
