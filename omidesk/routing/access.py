"""What the routing service answered, off the request's path: a request only notes what it
answered (a tuple, Entry); a moment later the notes are counted into the metrics and
worded into the access log, one line a request, its numbers masked, never the key. Both
when BATCH wait (by the request that adds the last), every FLUSH_S (what waits then, fewer
than BATCH), when /metrics is asked (its counts then hold every request answered), and
when the service stops; each line dated when its request was answered.

Why not at once: served, every step of a request costs about three times what it costs in
a loop (uvicorn's own work between two requests leaves the processor's caches cold), and
the owners' path is asked on every inbound call. A request's note is one tuple appended to
a list; the counting and wording run BATCH at a time, with their code and data warm."""

from __future__ import annotations

import asyncio
import bisect
import logging
from functools import lru_cache
from operator import itemgetter

from omidesk.domain.owners import mask
from omidesk.infra import logs

access_log = logging.getLogger("omidesk.routing.access")

# How long a note waits to be counted and written, at most (while the service runs).
FLUSH_S = 0.1
# How many notes wait at most: the request that adds the last counts and writes them, once
# answered (a tenth of a millisecond). Fewer, and the batch's own cost weighs on each note;
# more (they were 8,192, written every FLUSH_S 64 at a time), and the notes, written a
# tenth of a second later, have left the processor's caches: the service served 1-2 % fewer
# requests in the same processor time (benchmarks/routing.py, both servers loaded at once).
BATCH = 64

# The latency histogram's upper bounds, in seconds (OMICall gives up at 2 s).
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0)

# What a request answered: when (epoch seconds), the client's address as the server gave
# it (host, port; None when unknown), the numbers as given (masked when written), the
# status, the result (a label of RESULTS, see Metrics), the body, a note for the line ("":
# none), and how long the answer took (seconds). A plain tuple: one is made a request.
Entry = tuple[float, tuple[str, int] | None, str, str, int, str, str, str, float]


class Metrics:
    """The counts /metrics gives of one process (each uvicorn worker has its own):
    requests by result (every label of `results`, in that order), and the latency
    histogram (`buckets`: the count in each bucket of BUCKETS, then over the last)."""

    def __init__(self, results: tuple[str, ...]) -> None:
        self.requests = dict.fromkeys(results, 0)
        self.buckets = [0] * (len(BUCKETS) + 1)
        self.latency_sum = 0.0
        self.latency_count = 0

    def count(self, entries: list[Entry]) -> None:
        # A chunk at a time, by loops in C: each label counted in the list of results,
        # each bucket found by bisecting the sorted latencies (a note cost 2,300
        # instructions counted one by one, a fourth of that so).
        results = list(map(_RESULT, entries))
        requests = self.requests
        for result in set(results):
            requests[result] += results.count(result)  # every result is one of RESULTS
        seconds = sorted(map(_SECONDS, entries))
        buckets, below = self.buckets, 0
        for index, bound in enumerate(BUCKETS):
            within = bisect.bisect_right(seconds, bound, below)
            buckets[index] += within - below
            below = within
        buckets[-1] += len(seconds) - below
        self.latency_sum += sum(seconds)
        self.latency_count += len(seconds)


_RESULT = itemgetter(5)
_SECONDS = itemgetter(8)
# A hotline's mask: the service is asked for the same few hotlines all day.
_hotline_mask = lru_cache(maxsize=64)(mask)
# Hundredths of a millisecond as written after the point ("07"), without formatting.
_HUNDREDTHS = tuple(f"{n:02d}" for n in range(100))


def worded(path: str, entries: list[Entry]) -> list[tuple[float, str]]:
    """Each note's time and access line (the log's handler adds the date, process and
    level). One f-string a note and no call for the usual one (a number of digits, its
    middle hidden by slicing): BATCH are worded at a time, each a request's cost."""
    lines: list[tuple[float, str]] = []
    add = lines.append
    for at, peer, phone, sip, status, result, body, note, seconds in entries:
        if len(phone) > 7 and phone.isascii() and phone.lstrip("+").isdigit():
            shown = f"{phone[:4]}***{phone[-3:]}"  # what mask() gives, without the call
        else:
            shown = mask(phone) if phone else "-"
        hundredths = int(seconds * 100_000)
        add(
            (
                at,
                f"{peer[0] if peer else '-'} {path} phone={shown} "
                f"sip={_hotline_mask(sip) if sip else '-'} -> {status} {result} "
                f'"{body}"{f" ({note})" if note else ""} {hundredths // 100}.'
                f"{_HUNDREDTHS[hundredths % 100]} ms",
            )
        )
    return lines


class Answered:
    """The notes of the requests answered to `path` not yet counted into `metrics` nor
    written. A request appends its note to `pending` (the same list for the service's
    life), then calls `full()`."""

    def __init__(self, path: str, metrics: Metrics) -> None:
        self.path = path
        self.metrics = metrics
        self.pending: list[Entry] = []

    def full(self) -> None:
        """Counts and writes the notes now if BATCH of them wait."""
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Counts and writes the waiting notes, in the order the requests were answered.
        The list stays the same list (requests append to it)."""
        pending = self.pending
        if not pending:
            return
        taken = pending[:]
        pending.clear()
        try:
            self.metrics.count(taken)
            if access_log.isEnabledFor(logging.INFO):
                # Dated when the request was answered, not when the line is written.
                logs.handle_lines(access_log, logging.INFO, worded(self.path, taken))
        except Exception:
            # A line that cannot be written must not stop the next ones, nor fail the
            # request that found the batch full (its answer is sent already).
            logging.getLogger(__name__).exception("access lines could not be written")

    async def run(self) -> None:
        """Counts and writes the waiting notes (fewer than BATCH) every FLUSH_S, until
        cancelled (then the service's stop does the rest)."""
        while True:
            await asyncio.sleep(FLUSH_S)
            self.flush()
