"""One row of the settings dialog per declared setting: the editor its type asks for (a
check box, a list of choices, a number box, a line), its label, a help line, a note and
an error line; reading and showing a value; and access keys (Alt+letter) for the labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.settings import Setting
from omidesk.ui.theme import note_style
from omidesk.ui.widgets import error_label


def warning_style() -> str:
    """The demo banner's look, from the palette: one look for "read this before going on".
    Its padding is QLabel.setMargin (see warning_label), which the label's height-for-width
    counts."""
    return note_style() + " border-radius: 4px;"


@dataclass(slots=True)
class Row:
    """One setting in the form: its editor (`field`, what gets the focus) and the `box`
    laid out for it: the field (or the field with its buttons), then the lines under it,
    the declaration's help, a note (where the value comes from) and its error."""

    setting: Setting
    field: QWidget
    box: QWidget
    help: QLabel
    note: QLabel
    error: QLabel
    label: QLabel | None = None  # None for a check box, which carries its own text
    # A number the editor had to round (2.25 s shown as 2.3): (shown, as stored), so an
    # untouched value is saved back as it was.
    rounded: tuple[float, float] | None = None


def editor(setting: Setting) -> QWidget:
    """The editor a setting's type asks for: check box, list of choices, number box, line.
    The hotkey gets a key recorder; the other `widget`s are built by their page."""
    if setting.widget == "hotkey":
        # Records the keys pressed (Ctrl+Alt+D), so nobody has to spell a shortcut.
        keys = QKeySequenceEdit()
        keys.setMaximumSequenceLength(1)
        keys.setClearButtonEnabled(True)
        return keys
    if setting.type_ is bool:
        return QCheckBox()
    if setting.choices:
        combo = QComboBox()
        for choice in setting.choices:
            combo.addItem("", choice.value)
        return combo
    if setting.type_ is float:
        low, high = setting.bounds or (0.0, 1e9)
        if not setting.decimals:
            whole = QSpinBox()
            whole.setRange(int(low), int(high))
            return whole
        number = QDoubleSpinBox()
        number.setDecimals(setting.decimals)
        number.setRange(low, high)
        number.setSingleStep(1.0)
        return number
    return QLineEdit()


def make_row(setting: Setting, field: QWidget, shown: QWidget | None = None) -> Row:
    """The row around an editor: the field (or `shown`, a box holding it), then the help,
    note and error lines under it."""
    help_line = _muted_label()
    help_line.setVisible(setting.help is not None)
    note = _muted_label()
    note.setVisible(False)
    error = error_label()
    box = QWidget()
    # The lines under the field take the page's width, whatever the field's own.
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if (
        shown is None
        and isinstance(field, QComboBox | QAbstractSpinBox)
        and not (isinstance(field, QComboBox) and field.isEditable())
    ):
        # A list or a number is as wide as its longest choice, not the page.
        column.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
    else:
        column.addWidget(shown or field)
    column.addWidget(help_line)
    column.addWidget(note)
    column.addWidget(error)
    row = Row(setting=setting, field=field, box=box, help=help_line, note=note, error=error)
    if not isinstance(field, QCheckBox):
        row.label = QLabel()
        row.label.setBuddy(field)
    return row


def warning_label() -> QLabel:
    """A yellow box of text, for what must be read before going on."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(warning_style())
    label.setMargin(6)
    return label


def _muted_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    # Muted through the palette, so it reads on light and dark themes alike.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def show_value(row: Row, value: Any) -> None:
    """Puts a stored value into the row's editor."""
    field = row.field
    if isinstance(field, QCheckBox):
        field.setChecked(bool(value))
    elif isinstance(field, QComboBox) and field.isEditable():
        field.setCurrentText(str(value))
    elif isinstance(field, QComboBox):
        field.setCurrentIndex(max(0, field.findData(value)))
    elif isinstance(field, QSpinBox):
        field.setValue(round(value))
        row.rounded = (float(field.value()), float(value))
    elif isinstance(field, QDoubleSpinBox):
        field.setValue(value)
        row.rounded = (field.value(), float(value))
    elif isinstance(field, QKeySequenceEdit):
        field.setKeySequence(QKeySequence.fromString(str(value)))
    elif isinstance(field, QLineEdit):
        field.setText(str(value))


def typed_value(row: Row) -> Any:
    """What the row's editor holds, as the setting's check takes it."""
    field = row.field
    if isinstance(field, QCheckBox):
        return field.isChecked()
    if isinstance(field, QComboBox) and field.isEditable():
        return field.currentText()
    if isinstance(field, QComboBox):
        return field.currentData()
    if isinstance(field, QSpinBox | QDoubleSpinBox):
        value = float(field.value())
        shown, stored = row.rounded or (value, value)
        return stored if value == shown else value
    if isinstance(field, QKeySequenceEdit):
        return field.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
    if isinstance(field, QLineEdit):
        return field.text()
    raise TypeError(f"no value in a {type(field).__name__}")


def lock(field: QWidget) -> None:
    """Shown but not editable (a value set by an environment variable): a line stays
    selectable and readable, anything else is greyed out."""
    if isinstance(field, QLineEdit):
        field.setReadOnly(True)
    else:
        field.setEnabled(False)


# --- access keys -----------------------------------------------------------------------------


def mnemonic(text: str) -> str | None:
    """The access key marked in a text ("Sho&w" → "w"), lower-case, or None."""
    index = 0
    while (index := text.find("&", index)) >= 0:
        following = text[index + 1 : index + 2]
        if following != "&":
            return following.lower() or None
        index += 2
    return None


class AccessKeys:
    """Hands out access keys (Alt+letter) so that no two visible controls share one: the
    first letter of a word if free, else any letter or digit of the text. Only ASCII ones,
    which every keyboard layout types with Alt (not "đ" or "ộ"); a text with none left
    gets none. The texts are plain (translators mark nothing): the same rule serves both
    languages, and a new row can never steal another's key."""

    def __init__(self, used: Iterable[str] = ()) -> None:
        self.used = {key.lower() for key in used}

    def mark(self, text: str) -> str:
        """`text` with its access key marked ("Save" → "&Save"), "&" in it escaped."""
        position = self._free_position(text)
        if position is None:
            return text.replace("&", "&&")
        self.used.add(text[position].lower())
        before, after = text[:position], text[position:]
        return before.replace("&", "&&") + "&" + after.replace("&", "&&")

    def copy(self) -> AccessKeys:
        return AccessKeys(self.used)

    def _free_position(self, text: str) -> int | None:
        starts = [i for i in range(len(text)) if i == 0 or not text[i - 1].isalnum()]
        others = [i for i in range(len(text)) if i not in starts]
        for index in (*starts, *others):
            char = text[index]
            if char.isascii() and char.isalnum() and char.lower() not in self.used:
                return index
        return None
