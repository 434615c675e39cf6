"""Reading back what AutoCall did: a campaign's calls (or the user's call log) synced into
the store page by page, from where the last sync left off (start_time)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from omidesk.usecases.ports import CallPages, CampaignCalls

# Calls asked for per page. AutoCall's default is 10 and it documents no maximum; a page of
# this many answers in well under the size cap (about 250 bytes a call).
PAGE = 500
# A total that grows while paging (calls placed meanwhile) must not page for ever.
MAX_PAGES = 2000


@dataclass(frozen=True, slots=True)
class Synced:
    """What a sync read: calls (new or updated) over pages, from `start_ms` (None: all)."""

    calls: int
    pages: int
    start_ms: int | None


async def sync_calls(
    pages: CallPages,
    store: CampaignCalls,
    campaign: str | None,
    *,
    page_size: int = PAGE,
    progress: Callable[[int, int], None] | None = None,
) -> Synced:
    """Reads the calls placed since the last sync (every call, the first time) up to now
    into the store: a campaign's, or with `campaign` None the user's call log. Each page is
    saved as it comes, so a sync cut short keeps what it read. Raises AutoCallError."""
    start = store.sync_start_ms(campaign)
    end = int(time.time() * 1000)
    offset = count = done = 0
    while done < MAX_PAGES:
        if campaign is None:
            page = await pages.user_calls(
                start_ms=start, end_ms=end, limit=page_size, offset=offset
            )
        else:
            page = await pages.campaign_calls(
                campaign, start_ms=start, end_ms=end, limit=page_size, offset=offset
            )
        done += 1
        await store.save_calls_async(page.calls, user_log=campaign is None)
        count += len(page.calls)
        offset += page.items
        if progress is not None:
            progress(offset, page.total)
        if page.items == 0 or offset >= page.total:
            break
    return Synced(count, done, start)
