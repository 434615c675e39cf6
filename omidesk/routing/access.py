"""The routing service's access log: one line a request, its numbers masked, never the key,
written off the request's path. A request only notes what its line will say (a tuple); the
lines are worded and written together every FLUSH_S (CHUNK at a time, the requests
answered in between), when BUFFER of them are waiting, and when the service stops, each
dated when its request was answered."""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import NamedTuple

from omidesk.domain.owners import mask
from omidesk.infra import logs

access_log = logging.getLogger("omidesk.routing.access")

# How long a line waits to be written, at most (while the service runs).
FLUSH_S = 0.1
# How many lines are worded at a time before the other requests get a turn: a thousand at
# once (a tenth of a second at 10,000 requests a second) would hold them for 3 ms.
CHUNK = 128
# How many lines wait at most (a second of a busy service, about 2 MB): past them, the
# request that adds one writes them all.
BUFFER = 8192


class Entry(NamedTuple):
    """What one request's line says: when it was answered (epoch seconds), the client's
    address, the numbers as given (masked when written), the status, the result, the body,
    a note ("" for none), and how long the answer took."""

    at: float
    client: str
    phone: str
    sip: str
    status: int
    result: str
    body: str
    note: str
    seconds: float


# A hotline's mask: the service is asked for the same few hotlines all day.
_hotline_mask = lru_cache(maxsize=64)(mask)


def line(path: str, entry: Entry) -> str:
    """The text of an access line (the log's handler adds the date, process and level)."""
    phone = mask(entry.phone) if entry.phone else "-"
    sip = _hotline_mask(entry.sip) if entry.sip else "-"
    note = f" ({entry.note})" if entry.note else ""
    return (
        f"{entry.client} {path} phone={phone} sip={sip} -> {entry.status} {entry.result} "
        f'"{entry.body}"{note} {entry.seconds * 1000:.2f} ms'
    )


class AccessLines:
    """The lines of the requests answered to `path` and not yet written."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._pending: list[Entry] = []

    def add(self, entry: Entry) -> None:
        if not access_log.isEnabledFor(logging.INFO):
            return
        self._pending.append(entry)
        if len(self._pending) >= BUFFER:
            self.flush()

    def flush(self, most: int | None = None) -> None:
        """Words and writes the waiting lines (the `most` oldest, or all), in the order
        the requests were answered."""
        if most is None or most >= len(self._pending):
            pending, self._pending = self._pending, []
        else:
            pending, self._pending = self._pending[:most], self._pending[most:]
        if pending:
            # Dated when the request was answered, not when the line is written.
            path = self.path
            logs.handle_lines(
                access_log, logging.INFO, [(entry.at, line(path, entry)) for entry in pending]
            )

    async def run(self) -> None:
        """Writes the waiting lines every FLUSH_S, CHUNK at a time with the requests
        answered in between, until cancelled (then the service's stop writes the rest)."""
        while True:
            await asyncio.sleep(FLUSH_S)
            try:
                while self._pending:
                    self.flush(CHUNK)
                    await asyncio.sleep(0)
            except Exception:
                # A line that cannot be written must not stop the next ones.
                logging.getLogger(__name__).exception("access lines could not be written")
