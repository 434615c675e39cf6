"""A virtual X server for the benchmarks: a real X display (Xvfb) that the measured program
and its baseline both draw on, so the first paint includes the X connection, the window's
mapping and the expose, as on an agent's desktop."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator

XVFB = "Xvfb"


def available() -> bool:
    return shutil.which(XVFB) is not None


@contextlib.contextmanager
def display(size: str = "1280x800x24") -> Iterator[str]:
    """Starts one Xvfb on a free display number and yields its DISPLAY (":N"); stops it on
    the way out. Xvfb picks the number itself and writes it once it accepts clients
    (-displayfd), so there is no polling and no clash with another Xvfb on this machine."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, encoding="ascii") as ready:
            number = ready.readline().strip()
        if not number.isdigit():
            raise SystemExit(f"Xvfb did not start (exit {server.poll()})")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
