"""The routing service's access log: one line a request, its numbers masked, never the key,
written off the request's path. A request only notes what its line will say (a tuple); the
lines are worded and written together every FLUSH_S, when BUFFER of them are waiting, and
when the service stops, each dated when its request was answered."""

from __future__ import annotations

import asyncio
import logging
from typing import NamedTuple

from omidesk.domain.owners import mask
from omidesk.infra import logs

access_log = logging.getLogger("omidesk.routing.access")

# How long a line waits to be written, at most (while the service runs).
FLUSH_S = 0.15
# How many lines wait at most: past them, the request that adds one writes them all.
BUFFER = 1024


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


def line(path: str, entry: Entry) -> str:
    """The text of an access line (the log's handler adds the date, process and level)."""
    phone = mask(entry.phone) if entry.phone else "-"
    sip = mask(entry.sip) if entry.sip else "-"
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

    def flush(self) -> None:
        """Words and writes every waiting line, in the order the requests were answered."""
        pending, self._pending = self._pending, []
        if pending:
            # Dated when the request was answered, not when the line is written.
            path = self.path
            logs.handle_lines(
                access_log, logging.INFO, [(entry.at, line(path, entry)) for entry in pending]
            )

    async def run(self) -> None:
        """Writes the waiting lines every FLUSH_S until cancelled (then the service's
        stop writes the last ones)."""
        while True:
            await asyncio.sleep(FLUSH_S)
            try:
                self.flush()
            except Exception:
                # A line that cannot be written must not stop the next ones.
                logging.getLogger(__name__).exception("access lines could not be written")
