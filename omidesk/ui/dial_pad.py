"""The dial field (groups digits as typed, keeps the number from pasted text) and the dial pad."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol
from weakref import WeakMethod

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent  # as types only: set up when first used

# Characters an agent types into a dial field; anything else means "text with a number in it".
DIAL_CHARS = frozenset("0123456789+*#() .-/")


@cache
def _messages() -> Any:
    from omidesk.domain import messages  # noqa: PLC0415 - as _numbers

    return messages


@cache
def _explain() -> Any:
    from omidesk.domain.catalogue import explain  # noqa: PLC0415 - as _numbers

    return explain


@cache
def _numbers() -> Any:
    # phonenumbers loads after the window is painted (start-up budget): imported on first
    # use, then held (an import statement costs ~10 µs a keystroke under PySide6's hook).
    from omidesk.domain import numbers  # noqa: PLC0415

    return numbers


class KeyHandler(Protocol):
    """Something that may take a key the dial field was given (the drop-down, the repeat
    prompt): True when it did."""

    def __call__(self, event: QKeyEvent) -> bool: ...


class DialField(QLineEdit):
    """Digits typed or pasted are grouped as the agent types (0901 234 567); pasting any text
    keeps the one number found in it; Enter dials (returnPressed); Esc clears."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialField")
        self.setClearButtonEnabled(True)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.setFont(font)
        self.setMinimumHeight(int(self.fontMetrics().height() * 1.6))
        self.textEdited.connect(self._reformat)
        # Asked first, in order, for each key (from the field's own keyPressEvent, not an
        # event filter: a filter in Python called while the window is destroyed crashes
        # the process). Held weakly: a strong hold from the field back to the window would
        # leave the window to Python's cycle collector, which may run in any thread.
        self._key_handlers: list[WeakMethod[KeyHandler]] = []
        self._focus_lost: list[WeakMethod[Callable[[], None]]] = []
        self._grouping: Any = None  # a TypingFormatter, made at the first digit typed
        self._in_key = False  # a key is being handled
        self._key_edited = False  # and it edited the text (textEdited came)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Number to call, e.g. 0901 234 567"))
        self.setAccessibleName(self.tr("Number to call"))
        self.setToolTip(self.tr("Type or paste a number, then press Enter. Esc clears."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def on_key(self, handler: KeyHandler, *, first: bool = False) -> None:
        """`handler` (a bound method) is asked for each key before the field, after the
        handlers given before it, or before them all with `first`."""
        self._key_handlers.insert(0 if first else len(self._key_handlers), WeakMethod(handler))

    def on_focus_lost(self, handler: Callable[[], None]) -> None:
        """`handler` (a bound method) is called when the field loses the focus."""
        self._focus_lost.append(WeakMethod(handler))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        for ref in self._key_handlers:
            handler = ref()
            if handler is not None and handler(event):
                event.accept()
                return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.cleared.emit()
            event.accept()
            return
        self._in_key, self._key_edited = True, False
        try:
            super().keyPressEvent(event)
        finally:
            self._in_key = self._key_edited = False

    @property
    def typing(self) -> bool:
        """True while a key's own edit of the text is handled: what it changes is answered
        once, after the search (not a text set by what the key set off, as Enter's dial)."""
        return self._in_key and self._key_edited

    def focusOutEvent(self, event: QFocusEvent) -> None:
        for ref in self._focus_lost:
            lost = ref()
            if lost is not None:
                lost()
        super().focusOutEvent(event)

    def insert_key(self, key: str) -> None:
        """A dial-pad press: insert at the cursor, regroup, keep the focus here."""
        self.insert(key)
        self._reformat(self.text())
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def backspace_key(self) -> None:
        self.backspace()
        self._reformat(self.text())
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reformat(self, text: str) -> None:
        # textEdited's first slot (connected in __init__): the key edited the text.
        self._key_edited = self._in_key
        numbers = _numbers()
        if not set(text) <= DIAL_CHARS:
            # Pasted text: "Tel: 0901 234 567." becomes the number; several or none stay
            # as pasted so the agent sees (in the hint) why nothing is dialled.
            found = numbers.find_numbers(text)
            if len(found) == 1:
                self.setText(found[0].display)
            return
        cursor = self.cursorPosition()
        significant_before = sum(1 for ch in text[:cursor] if ch.isdigit() or ch in "+*#")
        if self._grouping is None:
            self._grouping = numbers.TypingFormatter()
        grouped = self._grouping.format(text)
        if grouped == text:
            return
        self.setText(grouped)
        position, seen = 0, 0
        while position < len(grouped) and seen < significant_before:
            if grouped[position].isdigit() or grouped[position] in "+*#":
                seen += 1
            position += 1
        self.setCursorPosition(position)


class DialPad(QWidget):
    """0–9, *, #, + and backspace, for the mouse. Out of the Tab chain (the dial field
    takes the digits from the keyboard), and a click leaves the focus in the field so the
    agent can go on typing."""

    pressed = Signal(str)
    backspace = Signal()

    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(self.KEYS):
            button = self._button(key)
            button.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
            grid.addWidget(button, index // 3, index % 3)
        plus = self._button("+")
        plus.clicked.connect(lambda: self.pressed.emit("+"))
        grid.addWidget(plus, 4, 0)
        erase = self._button("")
        erase.setIcon(icon("backspace"))
        erase.setIconSize(QSize(22, 22))
        erase.clicked.connect(self.backspace.emit)
        erase.setAutoRepeat(True)
        grid.addWidget(erase, 4, 2)
        self.buttons["backspace"] = erase
        self.retranslate()

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setMinimumHeight(40)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        button.setFont(font)
        self.buttons[text or "?"] = button
        return button

    def retranslate(self) -> None:
        for key, button in self.buttons.items():
            if key == "backspace":
                button.setAccessibleName(self.tr("Delete last digit"))
                button.setToolTip(self.tr("Delete last digit"))
            else:
                button.setAccessibleName(self.tr("Key {key}").format(key=key))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def hint_for(
    text: str,
    check: Callable[[str], Any],
    lang: str,
    name_of: Callable[[str], str | None] | None = None,
) -> tuple[str, bool]:
    """The line under the dial field: what will be dialled, and whose number it is (with
    `name_of`), or why nothing will (no request is sent for an invalid number). Returns
    (text, is_problem)."""
    if not text.strip():
        return "", False
    numbers, messages, explain = _numbers(), _messages(), _explain()
    result = check(text)
    if isinstance(result, numbers.Rejection):
        params = {"text": text.strip()[:40], **result.details}
        return explain(result.reason.value, lang, **params).message, True
    who = ""
    if name_of is not None:
        who = " — " + (name_of(result.e164) or messages.NOT_IN_CONTACTS(lang))
    if result.converted_from:
        converted = messages.CONVERTED(lang, old=result.converted_from, new=result.display)
        return converted + who, False
    return "✓ " + result.display + who, False
