"""Recovering the work a crash cut short: calls left `placing`, imports left half written.

The window, `omidesk history` and `omidesk contacts …` all recover through here, with the
same rules: a call left `placing` may have rung, so it becomes "unknown"; an import left
half written is undone, as if it never started (the agent imports the file again)."""

from __future__ import annotations

import logging

from omidesk.domain.errors import StorageError
from omidesk.usecases.ports import ImportJournal, InterruptedCalls

log = logging.getLogger(__name__)


def settle_calls(calls: InterruptedCalls, *, busy_ok: bool = False) -> int:
    """Marks "unknown" (it may have rung) every call a crashed process left `placing`;
    how many. With `busy_ok` (the window's start), another program writing the database
    (an import from the command line) is no reason to stay closed: those calls are settled
    when their number is dialled again, or at the next start."""
    try:
        return calls.recover_interrupted()
    except StorageError as error:
        if not busy_ok or error.code != "store_locked":
            raise
        log.warning("crashed calls not settled now: %s", error)
        return 0


def imports_to_undo(journal: ImportJournal) -> bool:
    """Whether a crash left an import half written: one quick read, so that the window
    starts a worker and a connection of its own for the undo only when there is one."""
    try:
        return bool(journal.abandoned())
    except StorageError as error:
        # Looked for again at the next start, or by the next `omidesk contacts …`.
        log.warning("could not look for abandoned imports: %s", error)
        return False


def undo_imports(journal: ImportJournal) -> int:
    """Undoes what imports cut short by a crash left written, batch by batch; how many.
    Seconds for 100,000 contacts: in a worker, or a command before it reads the contacts.
    StorageError propagates: the journal stays, and the next try undoes it."""
    undone = journal.undo_abandoned()
    if undone:
        log.info("undid %d import(s) left half written", undone)
    return undone
