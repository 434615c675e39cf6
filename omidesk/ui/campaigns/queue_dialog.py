"""The call-back queue's window: one person at a time (who, when AutoCall called, what they
pressed), Call back through the window's dial controller, Skip, Next; each outcome recorded."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.errors import OmiDeskError
from omidesk.domain.records import Source
from omidesk.ui import tasks
from omidesk.ui.campaigns.calls_model import (
    callback_label,
    number_label,
    result_label,
    state_label,
    time_label,
)
from omidesk.ui.icons import icon
from omidesk.usecases.callback_queue import CallbackQueue
from omidesk.usecases.dial import REFUSED, Outcome

if TYPE_CHECKING:
    from omidesk.domain.autocall.calls import CampaignCall
    from omidesk.ui.dial_controller import DialController


class ControllerDialling:
    """The dial use case as the window places calls: through its DialController, so that a
    call-back shows in the status panel and the recent calls, and the window's rule of one
    request at a time holds for call-backs too."""

    def __init__(self, controller: DialController, hotline: Callable[[], str | None]) -> None:
        self._controller = controller
        self._hotline = hotline

    async def dial(
        self,
        text: str,
        *,
        source: Source | str = Source.AUTOCALL,
        hotline: str | None = None,
        extension: str | None = None,
        confirm_repeat: bool = False,
    ) -> Outcome:
        del extension  # the window's extension, always
        done: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()

        def finished(outcome: Outcome) -> None:
            if not done.done():
                done.set_result(outcome)

        self._controller.finished.connect(finished)
        try:
            chosen = hotline or self._hotline()
            started = self._controller.dial(
                text, str(source), confirm_repeat=confirm_repeat, hotline=chosen
            )
            if not started:
                lang = self._controller.services.lang
                cause = OmiDeskError("call_in_progress", number=text)
                said = explain(cause, lang)
                return Outcome(REFUSED, text, said.message, next_step=said.next_step, cause=cause)
            return await done
        finally:
            self._controller.finished.disconnect(finished)


class QueueDialog(QDialog):
    """Works a CallbackQueue: Enter calls the person at hand back; nothing is called by
    itself. Modeless; `called` tells the results view what changed."""

    called = Signal(str, str)  # AutoCall call id, call-back status

    def __init__(self, queue: CallbackQueue, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callbackQueue")
        self.queue = queue
        self.title = title
        self._last: Outcome | None = None
        self.list = QListWidget()
        self.list.setMaximumWidth(self.fontMetrics().averageCharWidth() * 38)
        self.list.currentRowChanged.connect(self._picked)
        self.heading = QLabel()
        self.heading.setObjectName("queueHeading")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.position = QLabel()
        right = QVBoxLayout()
        right.addWidget(self.position)
        right.addWidget(self.heading)
        right.addWidget(self.details)
        right.addWidget(self.outcome)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.call_button = self._button(role.AcceptRole, self.call_back)
        self.call_button.setIcon(icon("call"))
        self.skip_button = self._button(role.ActionRole, self.skip)
        self.next_button = self._button(role.ActionRole, self.next)
        self.close_button = self._button(role.RejectRole, self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._fill_list()
        self.retranslate()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.lineSpacing() * 24)
        self.call_button.setDefault(True)
        self.call_button.setFocus()

    def _button(self, role: QDialogButtonBox.ButtonRole, slot: Any) -> QPushButton:
        button = self.buttons.addButton("", role)
        button.clicked.connect(slot)
        return button

    # --- the queue -----------------------------------------------------------------------------

    def call_back(self) -> None:
        if self.queue.calling or self.queue.current is None:
            return
        for button in (self.call_button, self.skip_button, self.next_button):
            button.setEnabled(False)
        self.outcome.setText(self.tr("Calling… your phone rings first."))
        tasks.spawn(self._call(), name="call back")

    async def _call(self) -> None:
        entry = self.queue.current
        self._last = None
        try:
            outcome = await self.queue.call()
        finally:
            if shiboken6.isValid(self):
                self._update()
        if outcome is None or entry is None or not shiboken6.isValid(self):
            return
        self._last = outcome
        status = self.queue.outcomes.get(entry.call_id)
        if status is not None:
            self.called.emit(entry.call_id, status)
        self._fill_list()
        self._update()

    def skip(self) -> None:
        entry = self.queue.current
        if entry is None or self.queue.calling:
            return
        tasks.spawn(self._skip(entry), name="skip call-back")

    async def _skip(self, entry: CampaignCall) -> None:
        await self.queue.skip()
        if not shiboken6.isValid(self):
            return
        self.called.emit(entry.call_id, "skipped")
        self._last = None
        self._fill_list()
        self._update()

    def next(self) -> None:
        if self.queue.calling:
            return
        self.queue.next()
        self._last = None
        self._update()

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.queue.entries) and not self.queue.calling:
            self.queue.position = row
            self._last = None
            self._update()

    # --- showing -------------------------------------------------------------------------------

    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.queue.entries:
            status = self.queue.outcomes.get(entry.call_id)
            name = entry.contact or number_label(entry.callee_id)
            text = f"{name}  {callback_label(status)}" if status else name
            item = QListWidgetItem(icon("check") if self.queue.done(entry) else icon("call"), text)
            item.setToolTip(text)  # the list is narrow: a long name is cut
            self.list.addItem(item)
        self.list.setCurrentRow(self.queue.position)
        self.list.blockSignals(False)

    def _update(self) -> None:
        queue = self.queue
        entry = queue.current
        self.list.blockSignals(True)
        self.list.setCurrentRow(queue.position if entry is not None else -1)
        self.list.blockSignals(False)
        total = len(queue.entries)
        if entry is None:
            self.position.setText(self.tr("Everyone is done ({total}).").format(total=total))
            self.heading.setText(f"<b>{self.tr('The queue is done.')}</b>")
            self.details.clear()
        else:
            self.position.setText(
                self.tr("{position} of {total} — {left} left").format(
                    position=queue.position + 1, total=total, left=queue.remaining
                )
            )
            number = html.escape(number_label(entry.callee_id))
            if entry.contact:
                self.heading.setText(f"<b>{html.escape(entry.contact)}</b> — {number}")
            else:
                self.heading.setText(f"<b>{number}</b>")
            when = time_label(entry)
            keys = " ".join(entry.keys) or self.tr("none")
            self.details.setText(
                self.tr(
                    "AutoCall called on {when}: {state}, {seconds} s. Keys pressed: {keys}."
                ).format(
                    when=when,
                    # A failed call says why (the switch's cause), as its row does.
                    state=result_label(entry) if entry.failed else state_label(entry),
                    seconds=entry.duration_s if entry.duration_s is not None else "—",
                    keys=keys,
                )
            )
        if queue.calling:
            self.outcome.setText(self.tr("Calling… your phone rings first."))
        elif self._last is not None:
            self.outcome.setText(self._last.message)
        else:
            self.outcome.clear()
        calling = queue.calling
        self.call_button.setEnabled(entry is not None and not calling)
        self.skip_button.setEnabled(entry is not None and not calling)
        self.next_button.setEnabled(entry is not None and not calling)
        if entry is not None and not calling:
            # Enter calls the person at hand; once they are done, Enter moves on instead.
            target = self.next_button if queue.done(entry) else self.call_button
            other = self.call_button if target is self.next_button else self.next_button
            other.setDefault(False)
            target.setDefault(True)
            target.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Call-back queue — {title}").format(title=self.title))
        self.call_button.setText(self.tr("&Call back"))
        self.call_button.setToolTip(self.tr("Your phone rings, then the customer's (Enter)"))
        self.skip_button.setText(self.tr("&Skip"))
        self.skip_button.setToolTip(self.tr("Do not call this one; it is recorded as skipped"))
        self.next_button.setText(self.tr("&Next"))
        self.close_button.setText(self.tr("Close"))
        self.list.setAccessibleName(self.tr("People to call back"))
        self._fill_list()
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
