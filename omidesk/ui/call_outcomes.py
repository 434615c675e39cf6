"""How calls ended, while the window is open: the accepted calls' outcomes and the agent's
own history (missed calls) are looked up in the background on the one qasync loop, Refresh
(F5) asks now, and the window's parts are told what changed: a record (Recent calls, the
status panel), the missed calls still to return (the Missed badge, the tray), and, quietly,
why OMICall could not be asked (a line in Recent calls, never a box per attempt)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from omidesk.domain.catalogue import explain
from omidesk.domain.errors import RemoteError, StorageError
from omidesk.ui import tasks

if TYPE_CHECKING:
    from omidesk.usecases.call_history import CallHistory
    from omidesk.usecases.follow_up import FollowUp
    from omidesk.usecases.sync_history import HistorySync

log = logging.getLogger(__name__)


class CallOutcomes(QObject):
    """Runs the follow-up and the history sync for as long as it is started (the app
    starts it once the window is up; quitting cancels every task). Lives on the Qt thread,
    child of the window: the use cases call it back on the loop, which is that thread."""

    recordChanged = Signal(int)  # a record's outcome, or a record added from the history
    missedChanged = Signal(int, bool)  # missed calls to return; whether a new batch came
    noteChanged = Signal(str)  # why OMICall could not be asked ("" once it could)
    refreshingChanged = Signal(bool)
    passed = Signal()  # a sync or a lookup is done: what it added can be put in place

    def __init__(
        self,
        follow_up: FollowUp,
        sync: HistorySync,
        account: Callable[[], tuple[str, str] | None],
        history: CallHistory,
        *,
        lang: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.follow_up = follow_up
        self.sync = sync
        self._account = account
        self._history = history
        self._lang = lang
        self._running: list[asyncio.Task[Any]] = []
        self._refreshing = False
        # The missed calls to return, as last counted (None: not counted yet).
        self.missed: int | None = None
        self.note = ""
        self._hooks: list[tuple[list[Any], Callable[..., None]]] = [
            (follow_up.listeners, self._changed),
            (sync.listeners, self._changed),
            (follow_up.after_look_up, self._after_pass),
            (sync.after_sync, self._after_pass),
        ]
        for hooks, hook in self._hooks:
            hooks.append(hook)
        # Not a method of this object: it is being destroyed when this runs.
        hooked, running = self._hooks, self._running
        self.destroyed.connect(lambda *_: _unhook(hooked, running))

    # --- life -------------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return bool(self._running)

    def start(self) -> None:
        """Starts looking outcomes up and syncing (once); counts the missed calls kept from
        before, without a notification: they are not new."""
        if self._running:
            return
        self.count_missed(announce=False)
        self._running.extend(
            (
                tasks.spawn(self.follow_up.run(), name="outcome follow-up"),
                tasks.spawn(self.sync.run(self._account), name="history sync"),
            )
        )

    def stop(self) -> None:
        for task in self._running:
            task.cancel()
        self._running.clear()

    # --- Refresh ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Looks every pending outcome up now, and syncs the agent's history now (Refresh,
        F5); one at a time."""
        if self._refreshing:
            return
        tasks.spawn(self._refresh(), name="refresh call outcomes")

    async def _refresh(self) -> None:
        self._refreshing = True
        self.refreshingChanged.emit(True)
        failure: RemoteError | StorageError | None = None
        try:
            await self.follow_up.look_up(everything=True)
        except (RemoteError, StorageError) as error:
            failure = error
            log.info("outcomes not refreshed: %s", error.code)
        finally:
            self._refreshing = False
        if not shiboken6.isValid(self):
            return
        self.refreshingChanged.emit(False)
        self._say(failure)
        self.count_missed()
        self.passed.emit()
        # The sync runs in its own task: woken now, it is throttled with the lookup above.
        self.sync.poke()

    # --- what the use cases tell ----------------------------------------------------------

    def _changed(self, record_id: int) -> None:
        if shiboken6.isValid(self):
            self.recordChanged.emit(record_id)

    def _after_pass(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._say(self.sync.failure or self.follow_up.failure)
        self.count_missed()
        self.passed.emit()

    def _say(self, failure: RemoteError | StorageError | None) -> None:
        note = ""
        if failure is not None:
            problem = explain(failure, self._lang())
            note = f"{problem.message} {problem.next_step}".strip()
        if note != self.note:
            self.note = note
            self.noteChanged.emit(note)

    def count_missed(self, *, announce: bool = True) -> None:
        """Counts the missed calls to return (a quick indexed read); tells when the count
        changed, and whether it grew (a new batch: worth a notification when `announce`)."""
        count = self._history.missed_count()
        if count is None or count == self.missed:
            return
        grew = announce and count > (self.missed or 0)
        self.missed = count
        self.missedChanged.emit(count, grew)


def _unhook(hooked: list[tuple[list[Any], Callable[..., None]]], running: list[Any]) -> None:
    """The window is gone: the use cases (which outlive it: tests build several windows
    over one set of services) call it no more, and its tasks stop."""
    for hooks, hook in hooked:
        if hook in hooks:
            hooks.remove(hook)
    for task in running:
        task.cancel()
    running.clear()
