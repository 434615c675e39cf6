"""The call status panel: what is happening to the agent's call, unmistakably."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeAlias

from PySide6.QtCore import QElapsedTimer, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from omidesk.ui.elided_label import ElidedLabel
from omidesk.ui.icons import icon, tinted

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent  # as a type only: set up when first used

    from omidesk.usecases.dial import Outcome

# What the panel shows: its kind, and what that kind is drawn from (the message's title and
# detail; the number called, the extension, whose number it is and the time limit; the
# outcome and whose number it was). A string: Outcome is imported for the type checker only.
_State: TypeAlias = (
    "tuple[Literal['idle'], None]"
    " | tuple[Literal['message'], tuple[str, str]]"
    " | tuple[Literal['calling'], tuple[str, str, str | None, float]]"
    " | tuple[Literal['outcome'], tuple[Outcome, str | None]]"
)

_ICON_BY_STATUS = {
    "accepted": "check",
    "rejected": "error",
    "failed": "error",
    "invalid": "error",
    "unknown": "warning",
    "refused": "question",
}
# The icon's colour, the results' own tones (domain.result_labels.Tone, named here: that
# module waits until after the first paint) made from the palette, readable on dark too;
# the shape above already tells them apart, so colour is never the only clue.
_TONE_BY_STATUS = {
    "accepted": "GOOD",
    "rejected": "BAD",
    "failed": "BAD",
    "invalid": "BAD",
    "unknown": "WARNING",
    "refused": "WARNING",
}


class _AnswerButton(QPushButton):
    """A button of the "call again?" question: Enter presses it, Esc presses `escape`."""

    def __init__(self, escape: QPushButton | None = None, shown: QIcon | None = None) -> None:
        super().__init__()
        if shown is not None:
            self.setIcon(shown)
        self.escape: QPushButton = escape or self

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        elif key == Qt.Key.Key_Escape:
            self.escape.click()
        else:
            super().keyPressEvent(event)


class StatusPanel(QFrame):
    """Idle, calling, accepted (call_uuid + Copy), rejected (message, next step, code),
    outcome unknown, invalid number; a repeat or in-flight refusal is a question."""

    confirmRepeat = Signal(str)
    openSettings = Signal()  # the not-configured result's button
    language = "en"  # the core texts' language, set by the window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._state: _State = ("idle", None)
        # How the call shown ended, once OMICall's history told it: its record and words.
        self._ended: tuple[int, Callable[[str], str | None]] | None = None

        self.icon = QLabel()
        self.icon_colour = QColor()  # the colour the state's icon is drawn in
        self.icon.setFixedSize(32, 32)
        self.title = QLabel()
        self.title.setObjectName("statusTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = QLabel()
        self.code.setObjectName("statusCode")
        small = self.code.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.code.setFont(small)
        # Muted but readable: the code is for the administrator, not the agent.
        self.code.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # One eliding line: a call_uuid never widens the pane (the layout does not move).
        self.uuid = ElidedLabel()
        self.uuid.setObjectName("statusUuid")
        self.uuid.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.copy = QPushButton(icon("copy"), "")
        self.copy.clicked.connect(self._copy_uuid)
        uuid_row = QHBoxLayout()
        uuid_row.addWidget(self.uuid, 1)
        uuid_row.addWidget(self.copy)
        self.uuid_row = QWidget()
        self.uuid_row.setLayout(uuid_row)
        uuid_row.setContentsMargins(0, 0, 0, 0)

        self.cancel = _AnswerButton()
        self.cancel.clicked.connect(self.show_idle)
        self.again = _AnswerButton(self.cancel, icon("call"))
        self.again.clicked.connect(self._again)
        self.again.setDefault(True)  # drawn as what Enter does
        question_row = QHBoxLayout()
        question_row.setContentsMargins(0, 0, 0, 0)
        question_row.addWidget(self.again)
        question_row.addWidget(self.cancel)
        self.open_settings = QPushButton(icon("settings"), "")
        self.open_settings.clicked.connect(self.openSettings.emit)
        question_row.addWidget(self.open_settings)
        question_row.addStretch(1)
        self.question_row = QWidget()
        self.question_row.setLayout(question_row)

        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # indeterminate: a native busy indicator
        self.spinner.setTextVisible(False)
        self.spinner.setMaximumHeight(8)
        # The seconds since the request left, against the limit: waiting is told as it is.
        self._clock = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._render)

        text_column = QVBoxLayout()
        text_column.addWidget(self.title)
        text_column.addWidget(self.detail)
        text_column.addWidget(self.spinner)
        text_column.addWidget(self.uuid_row)
        text_column.addWidget(self.question_row)
        text_column.addWidget(self.code)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text_column, 1)
        self.retranslate()
        self.show_idle()

    # --- states ------------------------------------------------------------------------

    def show_idle(self) -> None:
        # Called at every keystroke: an idle panel is left as drawn (a language or palette
        # change redraws it through retranslate / changeEvent).
        if self._state == ("idle", None):
            return
        self._state = ("idle", None)
        self._render()

    def show_calling(
        self, display: str, extension: str, name: str | None = None, limit_s: float = 0.0
    ) -> None:
        """The request is on its way to OMICall: nothing rings until it answers."""
        self._state = ("calling", (display, extension, name, limit_s))
        self._clock.start()
        self._tick.start()
        self._render()

    def show_message(self, title: str, detail: str) -> None:
        """A notice that is not a call's outcome (e.g. the hotkey could not be taken)."""
        self._state = ("message", (title, detail))
        self._render()

    def show_outcome(self, outcome: Outcome, name: str | None = None) -> None:
        """OMICall's answer (or why there is none), naming whose number it was."""
        self._state = ("outcome", (outcome, name))
        self._render()

    def show_call_end(self, record_id: int, words: Callable[[str], str | None]) -> None:
        """How the accepted call shown ended ("Answered — 3:12"), once OMICall's history
        has it; `words` gives it in a language. Ignored if another call is shown now."""
        outcome = self.outcome
        if outcome is None or outcome.record_id != record_id:
            return
        self._ended = (record_id, words)
        self._render()

    @property
    def call_end(self) -> str | None:
        """How the call shown ended, as the panel says it; None while unknown."""
        outcome = self.outcome
        ended = self._ended
        if outcome is None or ended is None or ended[0] != outcome.record_id:
            return None
        return ended[1](self.language)

    @property
    def state(self) -> str:
        """ "idle", "calling", or the outcome's status ("accepted", "rejected", …)."""
        state = self._state
        if state[0] == "outcome":
            return str(state[1][0].status)
        return state[0]

    @property
    def asks_repeat(self) -> bool:
        """Whether the panel asks "call again?" (Enter confirms it, Esc cancels it)."""
        outcome = self.outcome
        return outcome is not None and outcome.error == "repeat_within_window"

    @property
    def outcome(self) -> Outcome | None:
        state = self._state
        return state[1][0] if state[0] == "outcome" else None

    # --- drawing -------------------------------------------------------------------------

    def _render(self) -> None:
        state = self._state
        if state[0] != "calling":
            self._tick.stop()
        self.spinner.setVisible(state[0] == "calling")
        self.uuid_row.setVisible(False)
        self.question_row.setVisible(False)
        self.code.setVisible(False)
        if state[0] == "idle":
            self._set_icon("info")
            self.title.setText(self.tr("Ready"))
            self.detail.setText(
                self.tr("Type a number or a name, or paste a number, and press Enter to call.")
            )
        elif state[0] == "message":
            title, detail = state[1]
            self._set_icon("warning", "WARNING")
            self.title.setText(title)
            self.detail.setText(detail)
        elif state[0] == "calling":
            display, _extension, name, limit_s = state[1]
            self._set_icon("call", "PENDING")
            who = f"{name} ({display})" if name else display
            self.title.setText(self.tr("Calling {who}…").format(who=who))
            elapsed = self._clock.elapsed() // 1000 if self._clock.isValid() else 0
            waited = (
                self.tr("Sending to OMICall… {elapsed} s of at most {limit} s.")
                if limit_s
                else self.tr("Sending to OMICall… {elapsed} s.")
            ).format(elapsed=elapsed, limit=QLocale().toString(float(limit_s), "g", 4))
            self.detail.setText(
                waited
                + "\n"
                + self.tr("A request on its way cannot be taken back: wait for OMICall's answer.")
            )
        elif state[0] == "outcome":
            outcome, name = state[1]
            self._render_outcome(outcome.reword(self.language), name)
        self.setAccessibleDescription(f"{self.title.text()} {self.detail.text()}")

    def _render_outcome(self, outcome: Outcome, name: str | None) -> None:
        self._set_icon(
            _ICON_BY_STATUS.get(str(outcome.status), "info"),
            _TONE_BY_STATUS.get(str(outcome.status)),
        )
        status = str(outcome.status)
        # Whose number: the name when known, else the number (none for an invalid text).
        who = name or (outcome.display if status != "invalid" else None)
        if status == "accepted":
            self.title.setText(self.call_end or self._titled(self.tr("Call placed"), who))
            self.detail.setText(outcome.message)
            self.uuid.setText(f"call_uuid: {outcome.call_uuid}")
            self.uuid_row.setVisible(True)
            return
        titles = {
            "rejected": self.tr("OMICall refused the call"),
            "failed": self.tr("The call was not sent"),
            "invalid": self.tr("Not a number OmiDesk can call"),
            "unknown": self.tr("Outcome unknown — check your phone"),
            "refused": self.tr("Call again?"),
        }
        self.title.setText(self._titled(titles.get(status, status), who))
        self.detail.setText(
            outcome.message + (f"\n{outcome.next_step}" if outcome.next_step else "")
        )
        if outcome.error:
            self.code.setText(self.tr("Code: {code}").format(code=outcome.error))
            self.code.setVisible(True)
        asking = outcome.error == "repeat_within_window"
        self.again.setVisible(asking)
        self.cancel.setVisible(asking)
        self.open_settings.setVisible(outcome.error == "not_configured")
        if asking or outcome.error == "not_configured":
            self.question_row.setVisible(True)
        elif outcome.error == "call_in_progress":
            self.title.setText(self._titled(self.tr("Already calling"), who))

    def _titled(self, title: str, who: str | None) -> str:
        return self.tr("{title} — {who}").format(title=title, who=who) if who else title

    def _set_icon(self, name: str, tone: str | None = None) -> None:
        """The state's icon, in its tone's colour (a Tone's name) or the text colour."""
        if tone is None:
            self.icon_colour = self.palette().color(QPalette.ColorRole.WindowText)
        else:
            from omidesk.domain.result_labels import Tone  # noqa: PLC0415 - after first paint
            from omidesk.ui.result_style import tone_colour  # noqa: PLC0415

            self.icon_colour = tone_colour(self.palette(), Tone[tone])
        shown = icon(name) if tone is None else tinted(name, self.icon_colour)
        self.icon.setPixmap(shown.pixmap(32, 32))

    def retranslate(self) -> None:
        self.copy.setText(self.tr("Copy"))
        self.copy.setToolTip(self.tr("Copy the call_uuid to the clipboard"))
        self.copy.setAccessibleName(self.tr("Copy call_uuid"))
        self.again.setText(self.tr("Call &again"))
        self.again.setToolTip(self.tr("Call again (Enter)"))
        self.again.setAccessibleName(self.tr("Call again"))
        self.cancel.setText(self.tr("&Cancel"))
        self.cancel.setToolTip(self.tr("Do not call (Esc)"))
        self.cancel.setAccessibleName(self.tr("Cancel"))
        self.open_settings.setText(self.tr("Open &settings"))
        self.open_settings.setAccessibleName(self.tr("Open settings"))
        self.setAccessibleName(self.tr("Call status"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._render()  # the icon's colour is the palette's
        super().changeEvent(event)

    # --- actions -------------------------------------------------------------------------

    def _copy_uuid(self) -> None:
        outcome = self.outcome
        if outcome is not None and outcome.call_uuid:
            QGuiApplication.clipboard().setText(outcome.call_uuid)

    def _again(self) -> None:
        outcome = self.outcome
        if outcome is not None:
            self.confirmRepeat.emit(outcome.input)
