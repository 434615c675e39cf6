"""The add / edit contact dialog: name, numbers checked as typed, duplicates pointed out."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.numbers import DialFormat, PhoneNumber, Rejection, normalise
from omidesk.domain.owners import MAX_OWNERS, split_extensions
from omidesk.ui import tasks
from omidesk.ui.dial_pad import hint_for
from omidesk.ui.icons import icon
from omidesk.ui.theme import error_style, note_style
from omidesk.ui.widgets import error_label, save_cancel_buttons

if TYPE_CHECKING:
    from omidesk.usecases.contact_book import ContactBook


def _check(text: str) -> PhoneNumber | Rejection:
    # The form Phone.parse stores: the hint shows exactly what the contact will hold.
    return normalise(text, DialFormat.NATIONAL)


def _phone_key(phone: Phone) -> str:
    """Two numbers are the same when they dial the same, or are written the same."""
    return phone.e164 if phone.valid and phone.e164 else "".join(phone.number.split())


class PhoneRow(QWidget):
    """One number of the contact: the number as typed, its label, a Remove button, and
    under it what will be dialled or why the number is not valid."""

    changed = Signal()
    removeRequested = Signal(object)

    def __init__(
        self, lang: Callable[[], str], number: str = "", label: str = "", position: int = 1
    ) -> None:
        super().__init__()
        self._lang = lang
        self._position = position
        self.problem = False
        self.number = QLineEdit(number)
        self.number.setClearButtonEnabled(True)
        self.label = QLineEdit(label)
        self.label.setMaximumWidth(self.label.fontMetrics().averageCharWidth() * 18)
        self.remove = QToolButton()
        self.remove.setIcon(icon("delete"))
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.label, 0, 1)
        grid.addWidget(self.remove, 0, 2)
        grid.addWidget(self.hint, 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        self.number.textChanged.connect(self._number_changed)
        self.retranslate()

    def value(self) -> tuple[str, str]:
        """(number, label) as typed, without the spaces around them."""
        return self.number.text().strip(), self.label.text().strip()

    def set_position(self, position: int) -> None:
        self._position = position
        self.retranslate()

    def _number_changed(self) -> None:
        self.update_hint()
        self.changed.emit()

    def update_hint(self) -> None:
        message, self.problem = hint_for(self.number.text(), _check, self._lang())
        if self.problem:
            # Never dropped: an invalid number is kept on the contact, flagged, to be fixed.
            message += " " + self.tr("It will be saved as typed and marked as not callable.")
        self.hint.setText(message)
        self.hint.setStyleSheet(error_style() if self.problem else "")
        if not self.problem:
            self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setVisible(bool(message))
        self.number.setAccessibleDescription(message)

    def retranslate(self) -> None:
        position = self._position
        self.number.setPlaceholderText(self.tr("Number, e.g. 0901 234 567"))
        self.number.setAccessibleName(self.tr("Number {n}").format(n=position))
        self.label.setPlaceholderText(self.tr("Label"))
        self.label.setToolTip(self.tr("What the number is: mobile, work, home…"))
        self.label.setAccessibleName(self.tr("Label of number {n}").format(n=position))
        self.remove.setToolTip(self.tr("Remove this number"))
        self.remove.setAccessibleName(self.tr("Remove number {n}").format(n=position))
        self.hint.setAccessibleName(self.tr("Check of number {n}").format(n=position))
        self.update_hint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ContactDialog(QDialog):
    """Adds a contact, or edits one (`contact` with an id), writing it to the book. The write
    is awaited (an import may hold the store for a moment): meanwhile the dialog says it is
    saving and takes no second Save. Saved, it emits `saved` with the Contact as stored
    (its id included) and closes; when saving fails, it stays open with everything typed
    (the book reports a store failure; a contact deleted meanwhile is said here).

    Shown with open(), never exec(): the app's asyncio loop runs on Qt (qasync), and a nested
    event loop would stall it."""

    saved = Signal(object)

    def __init__(
        self,
        book: ContactBook,
        lang: Callable[[], str],
        contact: Contact | None = None,
        *,
        number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactDialog")
        self.book = book
        self._lang = lang
        self._original = contact
        self.rows: list[PhoneRow] = []
        self._name_missing = False
        self._numbers_missing = False
        # A save is being written (awaited): the form waits for it.
        self.saving = False
        # The stored contact this one would duplicate, and the number they share.
        self._duplicate: Contact | None = None
        self._shared_number = ""
        # Save was pressed once with this duplicate pointed out: the next Save keeps both.
        self._confirmed_duplicate: int | None = None
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_now)
        self._build()
        self._fill(contact, number)
        self.retranslate()
        self._check_duplicate()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def editing(self) -> bool:
        return self._original is not None and self._original.id is not None

    # --- construction ------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.name = QLineEdit()
        self.name.textChanged.connect(self._name_changed)
        self.name_error = error_label()
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name)
        form.addRow(self.name_label, self._stacked(self.name, self.name_error))

        self.company = QLineEdit()
        self.company_label = QLabel()
        self.company_label.setBuddy(self.company)
        form.addRow(self.company_label, self.company)

        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.add_number_button = QPushButton(icon("call"), "")
        self.add_number_button.setAutoDefault(False)
        self.add_number_button.clicked.connect(self._add_number_clicked)
        self.numbers_error = error_label()
        add_line = QHBoxLayout()
        add_line.setContentsMargins(0, 0, 0, 0)
        add_line.addWidget(self.add_number_button)
        add_line.addStretch(1)
        numbers = QWidget()
        numbers_column = QVBoxLayout(numbers)
        numbers_column.setContentsMargins(0, 0, 0, 0)
        numbers_column.setSpacing(4)
        numbers_column.addLayout(self.rows_layout)
        numbers_column.addWidget(self.numbers_error)
        numbers_column.addLayout(add_line)
        self.numbers_label = QLabel()
        form.addRow(self.numbers_label, numbers)

        self.email = QLineEdit()
        self.email_label = QLabel()
        self.email_label.setBuddy(self.email)
        form.addRow(self.email_label, self.email)
        self.note = QPlainTextEdit()
        # Tab must move on to the next field, not type a tab into the note.
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4)
        self.note_label = QLabel()
        self.note_label.setBuddy(self.note)
        form.addRow(self.note_label, self.note)
        # The agents OMICall rings first when this customer calls (the owner-routing
        # service reads them from the contacts export).
        self.owners = QLineEdit()
        self.owners.textChanged.connect(self._owners_changed)
        self.owners_error = error_label()
        self.owners_label = QLabel()
        self.owners_label.setBuddy(self.owners)
        form.addRow(self.owners_label, self._stacked(self.owners, self.owners_error))
        self.favorite = QCheckBox()
        form.addRow("", self.favorite)
        outer.addLayout(form)

        self.duplicate_note = QLabel()
        self.duplicate_note.setWordWrap(True)
        self.open_existing_button = QPushButton(icon("edit"), "")
        self.open_existing_button.setAutoDefault(False)
        self.open_existing_button.clicked.connect(self.open_existing)
        self.duplicate_box = QWidget()
        self.duplicate_box.setObjectName("duplicateBox")
        self.duplicate_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The demo banner's look: one look for "read this before going on".
        self.duplicate_box.setStyleSheet(
            f"#duplicateBox {{ {note_style()} border-radius: 4px; padding: 6px; }}"
        )
        duplicate_line = QHBoxLayout(self.duplicate_box)
        duplicate_line.addWidget(self.duplicate_note, 1)
        duplicate_line.addWidget(self.open_existing_button)
        self.duplicate_box.setVisible(False)
        outer.addWidget(self.duplicate_box)

        self.problem = error_label()
        outer.addWidget(self.problem)
        outer.addStretch(1)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(
            self.save, self.reject
        )
        outer.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def _stacked(self, *widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in widgets:
            column.addWidget(widget)
        return box

    # --- the numbers -------------------------------------------------------------------

    def _fill(self, contact: Contact | None, number: str = "") -> None:
        if contact is not None:
            self.name.setText(contact.name)
            self.company.setText(contact.company)
            self.email.setText(contact.email)
            self.note.setPlainText(contact.note)
            self.favorite.setChecked(contact.favorite)
            self.owners.setText(", ".join(contact.owners))
            values = [(phone.number, phone.label) for phone in contact.phones]
        else:
            values = []
        if number:
            values.append((number, ""))
        for row in list(self.rows):
            self._drop_row(row)
        for value, label in values or [("", "")]:
            self.add_row(value, label)

    def add_row(self, number: str = "", label: str = "") -> PhoneRow:
        row = PhoneRow(self._lang, number, label, len(self.rows) + 1)
        row.changed.connect(self._numbers_changed)
        row.removeRequested.connect(self.remove_row)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self._rows_changed()
        return row

    def add_number(self, number: str) -> None:
        """Adds `number` to the form (the window asked to add it while the dialog was open)."""
        typed = {"".join(row.value()[0].split()) for row in self.rows}
        if "".join(number.split()) in typed:
            return
        empty = next((row for row in self.rows if not row.value()[0]), None)
        if empty is not None:
            empty.number.setText(number)
        else:
            self.add_row(number)

    def _add_number_clicked(self) -> None:
        self.add_row().number.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_row(self, row: PhoneRow) -> None:
        """Removes a number; the last one is emptied instead, so there is always a row."""
        if row not in self.rows:
            return
        if len(self.rows) == 1:
            row.number.clear()
            row.label.clear()
            row.number.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        position = self.rows.index(row)
        self._drop_row(row)
        self._rows_changed()
        self.rows[min(position, len(self.rows) - 1)].number.setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        self._numbers_changed()

    def _drop_row(self, row: PhoneRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _rows_changed(self) -> None:
        for position, row in enumerate(self.rows, start=1):
            row.set_position(position)
            row.remove.setEnabled(len(self.rows) > 1)
        self._chain_tabs()
        self._fit()

    def _chain_tabs(self) -> None:
        # Rows are added after the rest of the form: without this, Tab would visit them last.
        chain: list[QWidget] = [self.name, self.company]
        for row in self.rows:
            chain += [row.number, row.label, row.remove]
        chain += [
            self.add_number_button,
            self.email,
            self.note,
            self.owners,
            self.favorite,
            self.open_existing_button,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def phones(self) -> tuple[Phone, ...]:
        """The typed numbers (empty rows left out), each kept as typed, valid or not."""
        return tuple(Phone.parse(number, label) for number, label in self._values() if number)

    def _values(self) -> list[tuple[str, str]]:
        return [row.value() for row in self.rows]

    # --- what is typed -------------------------------------------------------------------

    def contact(self) -> Contact:
        """The contact as the form shows it; an edit keeps what the form does not show
        (id, times). Owners that are no extension are left out (save refuses them)."""
        return replace(
            self._original or Contact(name=""),
            name=self.name.text().strip(),
            company=self.company.text().strip(),
            phones=self.phones(),
            email=self.email.text().strip(),
            note=self.note.toPlainText().strip(),
            favorite=self.favorite.isChecked(),
            owners=tuple(split_extensions(self.owners.text())[0]),
        )

    def owners_problem(self) -> str:
        """What is wrong with the owners as typed ("" when nothing): an extension is a
        short number of digits, as everywhere in OmiDesk, and OMICall rings at most
        MAX_OWNERS of them."""
        valid, invalid = split_extensions(self.owners.text())
        if invalid:
            quoted = ", ".join(f"“{text}”" for text in invalid)
            return self.tr(
                "{extensions}: not an extension. An extension is a short number of digits, "
                "such as 101."
            ).format(extensions=quoted)
        if len(valid) > MAX_OWNERS:
            return self.tr("Type at most {max} owners: OMICall rings at most {max}.").format(
                max=MAX_OWNERS
            )
        return ""

    def _owners_changed(self) -> None:
        self._render_errors()

    def _name_changed(self) -> None:
        if self._name_missing and self.name.text().strip():
            self._name_missing = False
            self._render_errors()
        self._check_duplicate()

    def _numbers_changed(self) -> None:
        if self._numbers_missing and any(number for number, _ in self._values()):
            self._numbers_missing = False
            self._render_errors()
        self._check_duplicate()
        self._fit()

    def _fit(self) -> None:
        # Once the event loop has shown the new rows and laid them out: a widget added to a
        # shown dialog appears (and counts in the layout) only then.
        self._fit_timer.start()

    def _fit_now(self) -> None:
        """Grows the dialog when a hint, an error or a row needs more lines: a shown window
        keeps its size, and wrapped text would be cut off instead."""
        layout = self.layout()
        if not self.isVisible() or layout is None:
            return  # the first show sizes the dialog to its contents
        layout.activate()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        else:
            needed = layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _render_errors(self) -> None:
        name_error = self.tr("Type the contact's name.") if self._name_missing else ""
        self.name_error.setText(name_error)
        self.name_error.setVisible(bool(name_error))
        self.name.setAccessibleDescription(name_error)
        numbers_error = self.tr("Type at least one number.") if self._numbers_missing else ""
        self.numbers_error.setText(numbers_error)
        self.numbers_error.setVisible(bool(numbers_error))
        owners_error = self.owners_problem()
        self.owners_error.setText(owners_error)
        self.owners_error.setVisible(bool(owners_error))
        self.owners.setAccessibleDescription(owners_error)
        self._fit()

    # --- duplicates --------------------------------------------------------------------

    def _check_duplicate(self) -> None:
        """Looks for a stored contact with the same name sharing a valid number."""
        duplicate: Contact | None = None
        name = self.name.text().strip()
        phones = self.phones()
        if name and any(phone.valid for phone in phones):
            candidate = Contact(
                name=name, phones=phones, id=self._original.id if self._original else None
            )
            duplicate = self.book.find_duplicate(candidate)
        if duplicate is not None:
            typed = {phone.e164 for phone in phones if phone.valid}
            shared = [phone for phone in duplicate.phones if phone.valid and phone.e164 in typed]
            self._shared_number = shared[0].display if shared else ""
        previous = self._duplicate.id if self._duplicate is not None else None
        self._duplicate = duplicate
        if (duplicate.id if duplicate is not None else None) != previous:
            self._confirmed_duplicate = None
        self._render_duplicate()

    def _render_duplicate(self) -> None:
        duplicate = self._duplicate
        self.duplicate_box.setVisible(duplicate is not None)
        confirming = duplicate is not None and self._confirmed_duplicate == duplicate.id
        if self.saving:
            self.save_button.setText(self.tr("Saving…"))
        elif confirming:
            self.save_button.setText(self.tr("Save a &second copy"))
        else:
            self.save_button.setText(self.tr("&Save"))
        if duplicate is None:
            return
        text = self.tr("“{name}” with the number {number} is already in your contacts.").format(
            name=duplicate.name, number=self._shared_number
        )
        if confirming:
            text += " " + self.tr("Save again to keep both, or open the existing contact.")
        self.duplicate_note.setText(text)
        self.duplicate_box.setAccessibleName(self.tr("Possible duplicate"))
        self.duplicate_box.setAccessibleDescription(text)
        self._fit()

    def open_existing(self) -> None:
        """Edits the stored contact instead of adding a second copy; what was typed here and
        is new to it (another number, a company it lacked) is added, not lost."""
        duplicate = self._duplicate
        if duplicate is None:
            return
        typed = self.contact()
        known = {_phone_key(phone) for phone in duplicate.phones}
        merged = replace(
            duplicate,
            phones=duplicate.phones
            + tuple(phone for phone in typed.phones if _phone_key(phone) not in known),
            company=duplicate.company or typed.company,
            email=duplicate.email or typed.email,
            note=duplicate.note or typed.note,
            favorite=duplicate.favorite or typed.favorite,
            owners=tuple(dict.fromkeys((*duplicate.owners, *typed.owners))),
        )
        self._original = duplicate
        self._fill(merged)
        self._duplicate = None
        self._confirmed_duplicate = None
        self.retranslate()
        self._check_duplicate()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Checks the form, then writes the contact; saves nothing while the name (or every
        number) is missing."""
        if self.saving:
            return
        self.show_problem(None)
        self._name_missing = not self.name.text().strip()
        self._numbers_missing = not any(number for number, _ in self._values())
        self._render_errors()
        if self._name_missing:
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self._numbers_missing:
            self.rows[0].number.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.owners_problem():
            self.owners.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._check_duplicate()
        duplicate = self._duplicate
        if duplicate is not None and self._confirmed_duplicate != duplicate.id:
            # Pointed out first: the agent may not have seen the note appear while typing.
            self._confirmed_duplicate = duplicate.id
            self._render_duplicate()
            self.open_existing_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        tasks.start(self._write(self.contact()), name="save contact")

    async def _write(self, contact: Contact) -> None:
        """Writes `contact`, the form waiting meanwhile; closes once it is saved."""
        self._set_saving(True)
        problem: str | None = None
        try:
            if contact.id is None:
                written = await self.book.add(contact)
                saved = replace(contact, id=written) if written is not None else None
            else:
                saved = contact if await self.book.update(contact) else None
        except LookupError:
            saved = None
            problem = self.tr("This contact was deleted meanwhile. Cancel, then add it again.")
        if not shiboken6.isValid(self):
            return  # the window is gone (quitting): the write is done, nobody to tell
        self._set_saving(False)
        if saved is None:
            # A store failure is said by the book's one message box; the form stays as typed.
            self.show_problem(problem)
            return
        self.saved.emit(saved)
        self.accept()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        self._render_duplicate()

    def done(self, result: int) -> None:
        # Not closed while saving (Esc, the window's close button): what it writes must be
        # shown, or said to have failed, with the form still there.
        if self.saving:
            return
        super().done(result)

    def show_problem(self, text: str | None) -> None:
        """Says why the contact could not be saved; the dialog stays open."""
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))
        self._fit()

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit contact") if self.editing else self.tr("New contact"))
        self.name_label.setText(self.tr("&Name:"))
        self.name.setPlaceholderText(self.tr("Full name, e.g. Nguyễn Văn An"))
        self.name.setAccessibleName(self.tr("Name"))
        self.name_error.setAccessibleName(self.tr("Name error"))
        self.company_label.setText(self.tr("&Company:"))
        self.company.setAccessibleName(self.tr("Company"))
        self.numbers_label.setText(self.tr("Numbers:"))
        self.add_number_button.setText(self.tr("Add &number"))
        self.add_number_button.setAccessibleName(self.tr("Add number"))
        self.numbers_error.setAccessibleName(self.tr("Numbers error"))
        self.email_label.setText(self.tr("E-&mail:"))
        self.email.setAccessibleName(self.tr("E-mail"))
        self.note_label.setText(self.tr("N&ote:"))
        self.note.setAccessibleName(self.tr("Note"))
        self.owners_label.setText(self.tr("O&wners:"))
        self.owners.setPlaceholderText(self.tr("Extensions of the agents in charge, e.g. 101 102"))
        self.owners.setToolTip(
            self.tr(
                "When this customer calls the hotline, OMICall rings these agents first (the "
                "owner-routing service reads them from the contacts export). Separate them "
                "with spaces, commas or colons."
            )
        )
        self.owners.setAccessibleName(self.tr("Owners"))
        self.owners_error.setAccessibleName(self.tr("Owners error"))
        self.favorite.setText(self.tr("&Favourite (listed first)"))
        self.favorite.setAccessibleName(self.tr("Favourite"))
        self.open_existing_button.setText(self.tr("&Open the existing contact"))
        self.open_existing_button.setAccessibleName(self.tr("Open the existing contact"))
        self.problem.setAccessibleName(self.tr("Problem"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.save_button.setAccessibleName(self.tr("Save contact"))
        self._render_errors()
        self._render_duplicate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
