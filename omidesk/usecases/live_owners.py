"""The owners the service answers from, held in memory and kept up to date: loaded at start,
loaded again (in a worker thread) when the owners file says its owners changed, swapped
in whole. A request reads only memory, so no lock on the file, however long, holds up an
answer: while the file cannot be read, the index loaded before goes on answering.

The file is checked every CHECK_S at most (a count of changes for each part, one small
read), so an owner set through `omidesk routing owners …` is answered within about that
long, without a restart; only the part that changed (explicit or sticky) is loaded again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from omidesk.domain.errors import StorageError
from omidesk.domain.owner_index import ExplicitIndex, OwnerIndex, StickyIndex
from omidesk.domain.owners import Owners
from omidesk.usecases.offload import Offload

log = logging.getLogger(__name__)

# How often the file is asked whether its owners changed: how long after `owners set` the
# service answers with the new owners, at most (and a little more while it loads them).
CHECK_S = 0.25


class OwnerSnapshots(Protocol):
    """The owners file as the index reads it (store.owners.OwnersFile, a connection of its
    own). Each raises StorageError ("owners_busy" when a lock is in the way)."""

    def changes(self) -> tuple[int, int]:
        """The counts of changes of the explicit and of the sticky owners."""
        ...

    def explicit_index(self) -> tuple[int, ExplicitIndex]: ...

    def sticky_index(self) -> tuple[int, StickyIndex]: ...


class LiveOwners:
    """An OwnersReader (usecases.owner_lookup) from memory. `start()` loads it and keeps it
    up to date until `stop()`; until a first load succeeds, a read raises the error that
    kept it from loading ("owners_busy" for a lock)."""

    def __init__(
        self,
        source: OwnerSnapshots,
        *,
        offload: Offload,
        check_s: float = CHECK_S,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.source = source
        self._offload = offload
        self.check_s = check_s
        self._sleep = sleep
        self.index: OwnerIndex | None = None
        self._versions: tuple[int | None, int | None] = (None, None)
        self._error: StorageError | None = StorageError("owners_busy")
        self._task: asyncio.Task[None] | None = None

    @property
    def loaded(self) -> bool:
        return self.index is not None

    @property
    def error(self) -> StorageError:
        """What kept the index from loading (while `index` is None)."""
        return self._error or StorageError("owners_busy")

    async def read_owners(
        self, number: str, hotline: str | None, sticky_since: float | None
    ) -> Owners:
        index = self.index
        if index is None:
            raise self.error
        return index.owners(number, hotline, sticky_since)

    async def start(self) -> None:
        """Loads the index (a file locked now answers "busy" until it is free), then
        checks the file every check_s in a task of this loop."""
        await self.refresh()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._keep_fresh())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _keep_fresh(self) -> None:
        while True:
            await self._sleep(self.check_s)
            try:
                await self.refresh()
            except Exception:
                # A bug in a check must not stop the next ones, nor the answers.
                log.exception("owner routing: the owners could not be read again")

    async def refresh(self) -> bool:
        """Loads again the parts of the index whose count of changes moved; the new index
        replaces the old in one assignment. Whether anything was loaded; a file that
        cannot be read leaves the index as it was (logged, and said by reads until a
        first load)."""
        try:
            explicit_changes, sticky_changes = await self._offload(self.source.changes)
            current = self.index or OwnerIndex()
            explicit_version, sticky_version = self._versions
            explicit, sticky = current.explicit, current.sticky
            if self.index is None or explicit_changes != explicit_version:
                explicit_version, explicit = await self._offload(self.source.explicit_index)
            if self.index is None or sticky_changes != sticky_version:
                sticky_version, sticky = await self._offload(self.source.sticky_index)
        except StorageError as error:
            if self.index is None:
                self._error = error
            log.log(
                logging.DEBUG if error.code == "owners_busy" else logging.WARNING,
                "owner routing: the owners file could not be read (%s); %s",
                error.code,
                "answering from the owners read before" if self.index else "answering empty",
            )
            return False
        if (explicit_version, sticky_version) == self._versions and self.index is not None:
            return False
        self.index = OwnerIndex(explicit, sticky)
        self._versions = (explicit_version, sticky_version)
        self._error = None
        log.info(
            "owner routing: %d numbers with explicit owners, %d sticky owners in memory",
            explicit.numbers,
            sticky.pairs,
        )
        return True
