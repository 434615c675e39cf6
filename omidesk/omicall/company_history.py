"""The company's whole call history (every extension, both directions) between two times,
as the owner-routing service's sync of sticky owners reads it: one throttled read of
OMICall's history search, its CallResults given as the sync's HistoryCalls."""

from __future__ import annotations

from collections.abc import AsyncIterator

from omidesk.domain.call_results import CallResult, HistoryQuery
from omidesk.domain.owners import HistoryCall
from omidesk.omicall import history
from omidesk.omicall.history import HistoryReader


class CompanyHistory:
    """usecases.ports.CallHistorySource over the process's HistoryReader: its throttle
    spaces the syncs' reads and, after a rate limit, refuses at once (RemoteError
    `rate_limited` with `retry_in_s`) until OMICall's back-off has passed."""

    def __init__(self, reader: HistoryReader) -> None:
        self.reader = reader

    async def company_calls(self, since: float, until: float) -> AsyncIterator[HistoryCall]:
        """Every call started between `since` and `until` (epoch seconds), page after page:
        no extension filter, since any agent's answered call makes an owner."""
        async with self.reader.session() as session:
            ranges = [(since, until)]
            while ranges:
                start, end = ranges.pop(0)
                async for page in session.search(HistoryQuery(from_s=start, to_s=end)):
                    # A search reads at most MAX_PAGES pages: a busy company's first sync
                    # (30 days) could have more, and the calls past them would be lost for
                    # good once the sync counts as done. Told the size by the first page,
                    # such a range is read as two halves instead (a second apart at least).
                    total = page.total_pages or 0
                    if page.number == 1 and total > history.MAX_PAGES and end - start > 1:
                        middle = (start + end) / 2
                        ranges[:0] = [(start, middle), (middle, end)]
                        break
                    for result in page.results:
                        yield history_call(result)


def history_call(result: CallResult) -> HistoryCall:
    """What the sync needs of one call of the history."""
    return HistoryCall(
        extension=result.extension,
        number=result.customer,
        direction=str(result.direction) if result.direction is not None else None,
        answered=result.answered,
        started_at=result.started_at,
    )
