"""The call-back queue: the people a campaign's filter picked ("everyone who pressed 1"),
called back through click2call one at a time, each outcome recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from omidesk.domain.autocall.calls import CampaignCall
from omidesk.domain.records import Source
from omidesk.usecases.dial import REFUSED, Outcome
from omidesk.usecases.ports import CallbackOutcomes

SKIPPED = "skipped"
# A call-back that reached the agent's phone (or may have): done, not offered again.
_DONE = frozenset({"accepted", "unknown", SKIPPED})


class Dialling(Protocol):
    """The dial use case (usecases.dial.Dialer)."""

    async def dial(
        self,
        text: str,
        *,
        source: Source | str = ...,
        hotline: str | None = ...,
        extension: str | None = ...,
        confirm_repeat: bool = ...,
    ) -> Outcome: ...


class CallbackQueue:
    """One entry per person (their latest call in the filter), in the order given; each is
    called when the agent says so, never two at once, never the next one by itself.

    `position` is the entry at hand; `outcomes` what was done for each call id (this time
    or earlier: a queue opened again starts at the first entry not yet done)."""

    def __init__(
        self,
        calls: Sequence[CampaignCall],
        dialer: Dialling,
        store: CallbackOutcomes,
        *,
        hotline: str | None = None,
    ) -> None:
        seen: set[str] = set()
        self.entries: list[CampaignCall] = []
        for call in calls:
            person = call.callee_id
            if person and person not in seen:
                seen.add(person)
                self.entries.append(call)
        self._dialer = dialer
        self._store = store
        self.hotline = hotline
        self.outcomes: dict[str, str] = {
            call_id: done.status
            for call_id, done in store.callbacks(c.call_id for c in self.entries).items()
        }
        self.calling = False
        self.position = 0
        self._skip_done()

    @property
    def current(self) -> CampaignCall | None:
        return self.entries[self.position] if self.position < len(self.entries) else None

    @property
    def remaining(self) -> int:
        return sum(1 for entry in self.entries if self.outcomes.get(entry.call_id) not in _DONE)

    def done(self, call: CampaignCall) -> bool:
        return self.outcomes.get(call.call_id) in _DONE

    async def call(self) -> Outcome | None:
        """Calls the entry at hand back (the agent's phone rings, then the customer's);
        None when a call-back is already being placed or the queue is done."""
        entry = self.current
        if entry is None or self.calling:
            return None
        self.calling = True
        try:
            outcome = await self._dialer.dial(
                entry.callee_id, source=Source.AUTOCALL, hotline=self.hotline
            )
        finally:
            self.calling = False
        if outcome.status != REFUSED or outcome.record_id is not None:
            self.outcomes[entry.call_id] = outcome.status
            await self._store.record_callback(entry.call_id, outcome.status, outcome.record_id)
        return outcome

    async def skip(self) -> None:
        """Leaves the entry at hand without calling it (recorded), and moves on."""
        entry = self.current
        if entry is None or self.calling:
            return
        self.outcomes[entry.call_id] = SKIPPED
        await self._store.record_callback(entry.call_id, SKIPPED, None)
        self.next()

    def next(self) -> CampaignCall | None:
        """The next entry not yet done (a call-back refused or failed stays to try again)."""
        if self.calling:
            return self.current
        self.position += 1
        self._skip_done()
        return self.current

    def _skip_done(self) -> None:
        while self.position < len(self.entries) and self.done(self.entries[self.position]):
            self.position += 1
