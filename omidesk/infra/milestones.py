"""Start-up milestones for `benchmarks/startup.py --breakdown`: when each step ended, the CPU
time and the resident memory by then. Silent (one dictionary lookup) unless asked for."""

from __future__ import annotations

import os
import sys
import time

# Set by the benchmark's breakdown; nobody else prints these.
ENV = "OMIDESK_MILESTONES"
_ON = bool(os.environ.get(ENV))


def mark(name: str) -> None:
    """Writes `milestone <name> <monotonic s> <cpu s> <rss KiB>` on stderr, where `python -X
    importtime` writes too: the benchmark reads which imports completed within each step.
    CLOCK_MONOTONIC is the machine's, so the benchmark subtracts the moment it spawned us."""
    if not _ON:
        return
    print(
        f"milestone {name.replace(' ', '_')} {time.monotonic():.6f} "
        f"{time.process_time():.6f} {rss_kib()}",
        file=sys.stderr,
        flush=True,
    )


def rss_kib() -> int:
    """Resident memory now (Linux's /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident_pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return resident_pages * os.sysconf("SC_PAGE_SIZE") // 1024
