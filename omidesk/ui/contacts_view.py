"""The Contacts tab: search as you type, a list fetched on demand, dial, add, edit, delete."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.errors import StorageError
from omidesk.ui import tasks
from omidesk.ui.contact_delegate import ContactDelegate
from omidesk.ui.contacts_model import ContactsModel
from omidesk.ui.icons import icon
from omidesk.ui.theme import note_style
from omidesk.ui.widgets import SearchField, store_error_box

if TYPE_CHECKING:
    from omidesk.ui.contact_dialog import ContactDialog
    from omidesk.ui.omicall_search import OmiCallSearch
    from omidesk.usecases.contact_book import ContactBook

# Typing in the search box waits this long for the next key: a burst of keys is one query.
SEARCH_DELAY_MS = 120


def _menu_text(text: str) -> str:
    # A label such as "R&D" must show its "&", not turn it into a keyboard mnemonic.
    return text.replace("&", "&&")


class ContactsView(QWidget):
    """The Contacts tab. Enter or double-click dials the selected contact: at once when it has
    one number, through a menu of its numbers when it has several.

    Edits go through the contact book, awaited: while one is being written (an import may
    hold the store for a moment), the actions that would write again wait for it. A store
    failure of any of them is said by one message box (the book's `on_failure`)."""

    dialRequested = Signal(str, str)  # text to dial, source

    def __init__(
        self, book: ContactBook, lang: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self._lang = lang
        book.on_failure = self._show_store_error
        self.model = ContactsModel(book, self)
        self.dialog: ContactDialog | None = None
        # A delete or a favourite being written: no other till it is.
        self._writing = False
        self._delete_box: QMessageBox | None = None
        # The contact the notice is about, so a language switch can say it again.
        self._notice_for: Contact | None = None

        self.search = SearchField(SEARCH_DELAY_MS)
        self.search.textChanged.connect(self._hide_notice)
        self.search.settled.connect(self.apply_search)
        self.search.returnPressed.connect(self._search_return)
        self.search.down.connect(self._focus_list)

        self._build_actions()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.add_button = self._tool_button(self.add_action)
        self.edit_button = self._tool_button(self.edit_action)
        self.delete_button = self._tool_button(self.delete_action)
        self.favorite_button = self._tool_button(self.favorite_action)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.favorite_button)

        self.notice = QLabel()
        self.notice.setObjectName("contactsNotice")
        self.notice.setWordWrap(True)
        # The demo banner's look: one look for "read this before going on".
        self.notice.setStyleSheet(note_style() + " border-radius: 4px; padding: 6px;")
        self.notice.setVisible(False)

        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(ContactDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu_at)
        # Not `activated`: with a single-click activation style hint one click would dial.
        self.list.doubleClicked.connect(self._dial_index)
        self.list.installEventFilter(self)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        # Muted like any placeholder, yet readable (a disabled label is too faint, and
        # screen readers may skip it).
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.number_menu = QMenu(self)
        self.context_menu = QMenu(self)
        for action in (self.call_action, None, self.edit_action, self.favorite_action, None):
            if action is None:
                self.context_menu.addSeparator()
            else:
                self.context_menu.addAction(action)
        self.context_menu.addAction(self.delete_action)

        self.stack = QStackedLayout()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addLayout(self.stack, 1)
        self._layout = layout
        # Search OMICall (issue 15): offered under the list once attached.
        self.omicall: OmiCallSearch | None = None
        self.setTabOrder(self.search, self.list)
        self.setTabOrder(self.list, self.add_button)
        self.setTabOrder(self.add_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.favorite_button)

        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_state)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.retranslate()
        self._select_row(0)
        self._update_state()

    def _build_actions(self) -> None:
        self.call_action = QAction(icon("call"), "", self)
        self.call_action.triggered.connect(self.dial_selected)
        self.add_action = QAction(icon("contact-add"), "", self)
        self.add_action.triggered.connect(self._add_clicked)
        self.edit_action = QAction(icon("edit"), "", self)
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action = QAction(icon("delete"), "", self)
        self.delete_action.triggered.connect(self.delete_selected)
        self.favorite_action = QAction(icon("star-outline"), "", self)
        self.favorite_action.setCheckable(True)
        # `triggered`, not `toggled`: following the selection must not write to the store.
        self.favorite_action.triggered.connect(self.toggle_favorite)

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    # --- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search name, company or number"))
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.search.setToolTip(
            self.tr(
                "Type a few letters of the name or company (accents not needed) or a few digits"
                " of the number. Enter calls the first result; Down moves into the list; Esc"
                " clears."
            )
        )
        self.list.setAccessibleName(self.tr("Contacts"))
        self.list.setAccessibleDescription(
            self.tr(
                "Favourites first. Enter calls the selected contact; the menu key shows more"
                " actions."
            )
        )
        self.empty.setAccessibleName(self.tr("No contacts"))
        self.notice.setAccessibleName(self.tr("Contact notice"))
        self.call_action.setText(self.tr("&Call"))
        self.add_action.setText(self.tr("&Add"))
        self.add_action.setToolTip(self.tr("Add a contact"))
        self.edit_action.setText(self.tr("&Edit"))
        self.edit_action.setToolTip(self.tr("Edit the selected contact (F2)"))
        self.delete_action.setText(self.tr("&Delete"))
        self.delete_action.setToolTip(self.tr("Delete the selected contact (asks first)"))
        self.favorite_action.setText(self.tr("&Favourite"))
        self.add_button.setAccessibleName(self.tr("Add contact"))
        self.edit_button.setAccessibleName(self.tr("Edit contact"))
        self.delete_button.setAccessibleName(self.tr("Delete contact"))
        self.favorite_button.setAccessibleName(self.tr("Favourite"))
        self.context_menu.setTitle(self.tr("Contact"))
        self.context_menu.setAccessibleName(self.tr("Contact actions"))
        self.number_menu.setAccessibleName(self.tr("Numbers to call"))
        self.model.retranslate()
        self._update_state()
        if self._notice_for is not None:
            self._show_no_number(self._notice_for)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # A search still waiting for the end of typing must not run once the view is gone
        # (on quit the store closes right after): it runs when the view is shown again.
        self.search.cancel_pending()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.apply_search()

    # --- search ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_search(self) -> None:
        """Searches at once with the box's text (a pause in typing, or Enter)."""
        self.search.cancel_pending()
        if self.search.text() == self.model.query:
            return
        self.model.set_query(self.search.text())
        # The first result is selected: what Enter in the search box would call.
        self._select_row(0)

    def _search_return(self) -> None:
        self.apply_search()
        if self.selected_row() is None:
            self._select_row(0)
        self.dial_selected()

    def _focus_list(self) -> None:
        self.apply_search()
        if self.model.rowCount() == 0:
            return
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.selected_row() is None:
            self._select_row(0)

    def refresh(self) -> None:
        """Reads the contacts again (after an import, or a change made elsewhere)."""
        self._refresh(self.selected_contact_id())

    def _refresh(self, select_id: int | None, fallback_row: int | None = None) -> None:
        self.model.refresh()
        row = self.model.row_of(select_id) if select_id is not None else None
        if row is None and fallback_row is not None and self.model.rowCount():
            row = min(fallback_row, self.model.rowCount() - 1)
        if row is not None:
            self._select_row(row)

    # --- state -----------------------------------------------------------------------------

    def _update_state(self) -> None:
        empty = self.model.rowCount() == 0
        query = self.model.query.strip()
        if self.model.error is not None:
            problem = explain(self.model.error, self._lang())
            self.empty.setText(f"{problem.message}\n{problem.next_step}")
        elif query:
            self.empty.setText(self.tr("No contact matches “{text}”.").format(text=query))
        else:
            self.empty.setText(self.tr("No contacts yet. Press Add to create one."))
        self.stack.setCurrentWidget(self.empty if empty else self.list)
        self._update_actions()
        if self.omicall is not None:
            self.omicall.offer_for(query, self.model.rowCount())

    def attach_omicall_search(self, search: OmiCallSearch) -> None:
        """Offers Search OMICall under the list when few contacts match; a contact saved
        from it is shown and selected."""
        self.omicall = search
        self._layout.addWidget(search)
        search.dialRequested.connect(self.dialRequested.emit)
        search.saved.connect(self._refresh)
        self._update_state()

    def _selection_changed(self) -> None:
        self._hide_notice()
        self._update_actions()

    def _update_actions(self) -> None:
        # What the row shows is enough here: this runs at every search and selection.
        row = self.selected_row()
        summary = self.model.summary_at(row) if row is not None else None
        has = summary is not None
        self.call_action.setEnabled(has)
        for action in (self.edit_action, self.delete_action, self.favorite_action):
            action.setEnabled(has and not self._writing)
        favorite = bool(summary and summary.favorite)
        self.favorite_action.setChecked(favorite)
        self.favorite_action.setIcon(icon("star" if favorite else "star-outline"))
        self.favorite_action.setToolTip(
            self.tr("Remove from favourites") if favorite else self.tr("Add to favourites")
        )

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def selected_row(self) -> int | None:
        rows = self.list.selectionModel().selectedIndexes()
        return rows[0].row() if rows else None

    def selected_contact(self) -> Contact | None:
        row = self.selected_row()
        return self.model.contact_at(row) if row is not None else None

    def selected_contact_id(self) -> int | None:
        row = self.selected_row()
        summary = self.model.summary_at(row) if row is not None else None
        return summary.id if summary is not None else None

    # --- dialling ----------------------------------------------------------------------------

    def dial_selected(self) -> None:
        row = self.selected_row()
        contact = self.model.contact_at(row) if row is not None else None
        if contact is not None and row is not None:
            self.dial_contact(contact, row)

    def _dial_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self._select_row(index.row())
            self.dial_selected()

    def dial_contact(self, contact: Contact, row: int) -> None:
        """One valid number: dialled. Several numbers: a menu at the row to pick one. No valid
        number: a notice in the view (not a modal) saying to edit the contact."""
        valid = contact.valid_phones
        if not valid:
            self._show_no_number(contact)
            return
        self._hide_notice()
        if len(contact.phones) == 1:
            self._dial_phone(valid[0])
            return
        self._choose_number(contact, row)

    def _dial_phone(self, phone: Phone) -> None:
        self.dialRequested.emit(phone.e164 or phone.number, "window")

    def _choose_number(self, contact: Contact, row: int) -> None:
        menu = self.number_menu
        menu.clear()
        menu.setTitle(_menu_text(contact.name))
        first: QAction | None = None
        for phone in contact.phones:
            text = _menu_text(self.model.phone_text(phone))
            action = menu.addAction(icon("call" if phone.valid else "warning"), text)
            if phone.valid:
                action.triggered.connect(lambda _=False, p=phone: self._dial_phone(p))
                first = first or action
            else:
                action.setEnabled(False)
        rect = self.list.visualRect(self.model.index(row))
        where = self.list.viewport().mapToGlobal(rect.bottomLeft() + QPoint(rect.height(), 0))
        # popup(), not exec(): a nested event loop would stall the asyncio loop (qasync).
        menu.popup(where)
        # The first callable number is active, so Enter calls it and Down moves on.
        assert first is not None  # only called for a contact with a valid number
        menu.setActiveAction(first)

    def _show_no_number(self, contact: Contact) -> None:
        self._notice_for = contact
        if contact.phones:
            numbers = ", ".join(phone.number for phone in contact.phones)
            text = self.tr(
                "{name} has no valid number to call ({numbers}). Edit the contact to correct it."
            ).format(name=contact.name, numbers=numbers)
        else:
            text = self.tr("{name} has no number. Edit the contact to add one.").format(
                name=contact.name
            )
        self.notice.setText(text)
        self.notice.setVisible(True)

    def _hide_notice(self) -> None:
        self._notice_for = None
        self.notice.setVisible(False)

    # --- add, edit, delete, favourite ------------------------------------------------------

    def add_contact(self, number: str = "") -> None:
        """Opens the add dialog, prefilled with `number` when given."""
        if self._raise_dialog(number):
            return
        self._open_dialog(None, number)

    def _add_clicked(self) -> None:
        # Not add_contact itself: `triggered` would pass its `checked` flag as the number.
        self.add_contact()

    def edit_selected(self) -> None:
        contact = self.selected_contact()
        if contact is None or self._raise_dialog():
            return
        self._open_dialog(contact, "")

    def _raise_dialog(self, number: str = "") -> bool:
        """An open dialog is brought back rather than replaced: what is typed in it stays."""
        dialog = self.dialog
        if dialog is None or not dialog.isVisible():
            return False
        if number and not dialog.editing:
            dialog.add_number(number)
        dialog.raise_()
        dialog.activateWindow()
        return True

    def _open_dialog(self, contact: Contact | None, number: str) -> None:
        # On first use: the dialog and the owners' rules it checks are not for every start.
        from omidesk.ui.contact_dialog import ContactDialog  # noqa: PLC0415

        dialog = ContactDialog(self.book, self._lang, contact, number=number, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.finished.connect(self._dialog_finished)
        self.dialog = dialog
        # open(), never exec(): a nested event loop would break the qasync loop.
        dialog.open()

    def _dialog_finished(self) -> None:
        self.dialog = None

    def _saved(self, contact: Contact) -> None:
        """The dialog saved `contact`: shown and selected."""
        contact_id = contact.id
        if contact_id is None:
            return
        self._refresh(contact_id)
        if self.model.row_of(contact_id) is None:
            # The search hides it (or it sits beyond the rows read so far): search for it by
            # name, which ranks an exact name first, so the agent sees what was saved.
            self.search.setText(contact.name)
            self.apply_search()
            row = self.model.row_of(contact_id)
            if row is not None:
                self._select_row(row)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """Asks before deleting; the answer arrives through `finished`."""
        contact = self.selected_contact()
        if contact is None or contact.id is None:
            return
        if self._delete_box is not None:
            self._delete_box.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete contact"))
        box.setText(self.tr("Delete “{name}” from your contacts?").format(name=contact.name))
        details = "\n".join(self.model.phone_text(phone) for phone in contact.phones)
        box.setInformativeText(
            (details + "\n" if details else "") + self.tr("This cannot be undone.")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        # Qt ships no Vietnamese for its standard buttons: name them ourselves.
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        contact_id = contact.id
        box.finished.connect(lambda _result: self._delete_answered(contact_id))
        self._delete_box = box
        # open(), never exec(): a nested event loop would break the qasync loop.
        box.open()

    def _delete_answered(self, contact_id: int) -> None:
        box, self._delete_box = self._delete_box, None
        if box is None or box.clickedButton() != box.button(QMessageBox.StandardButton.Yes):
            return
        # The keyboard stays where it was: the next contact (or the last) becomes selected.
        row = self.model.row_of(contact_id)
        self._write(partial(self.book.delete, contact_id), None, row, "delete contact")

    def toggle_favorite(self) -> None:
        """Adds the selected contact to the favourites (or removes it); the list re-sorts
        and the selection follows the contact."""
        contact = self.selected_contact()
        if contact is None or contact.id is None or self._writing:
            return
        write = partial(self.book.set_favourite, contact.id, not contact.favorite)
        self._write(write, contact.id, self.selected_row(), "favourite")

    def _write(
        self,
        write: Callable[[], Awaitable[bool]],
        select_id: int | None,
        row: int | None,
        name: str,
    ) -> None:
        """Writes through the book (awaited: `write()`), then shows the list as it is after,
        `select_id` selected (or what is at `row` now). One write at a time."""
        if not self._writing:
            tasks.start(self._written(write, select_id, row), name=name)

    async def _written(
        self, write: Callable[[], Awaitable[bool]], select_id: int | None, row: int | None
    ) -> None:
        self._writing = True
        self._update_actions()
        try:
            done = await write()
        finally:
            self._writing = False
        if not shiboken6.isValid(self):
            return  # the window is gone (quitting)
        if done:
            self._refresh(select_id, fallback_row=row)
        # Failed, the book's message box has said why; the buttons show what is stored.
        self._update_actions()

    def _show_store_error(self, error: StorageError) -> None:
        """The book's one way of saying that the store failed: a message box, over the
        contact dialog when it is the one saving."""
        if not shiboken6.isValid(self):
            return
        dialog = self.dialog
        parent: QWidget = dialog if dialog is not None and dialog.isVisible() else self
        store_error_box(
            parent, error, self._lang(), title=self.tr("Contacts"), ok=self.tr("OK")
        ).open()

    # --- keyboard and context menu ---------------------------------------------------------

    def _menu_at(self, pos: QPoint) -> None:
        """The list's context menu at `pos` (viewport coordinates) for the row there."""
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        self._select_row(index.row())
        self._update_actions()
        self.context_menu.popup(self.list.viewport().mapToGlobal(pos))

    def _menu_for_selection(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        rect = self.list.visualRect(self.model.index(row))
        self._update_actions()
        self.context_menu.popup(self.list.viewport().mapToGlobal(rect.bottomLeft()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            return self._list_key(event) or super().eventFilter(watched, event)
        return super().eventFilter(watched, event)

    def _list_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.dial_selected()
            return True
        if key == Qt.Key.Key_Delete and plain:
            self.delete_selected()
            return True
        if key == Qt.Key.Key_F2 and plain:
            self.edit_selected()
            return True
        shift_f10 = key == Qt.Key.Key_F10 and modifiers == Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Menu or shift_f10:
            self._menu_for_selection()
            return True
        if key == Qt.Key.Key_Up and plain and self.selected_row() in (None, 0):
            self.focus_search()
            return True
        text = event.text()
        shifted = modifiers == Qt.KeyboardModifier.ShiftModifier
        if text and text.isprintable() and not text.isspace() and (plain or shifted):
            # Typing over the list searches: the list itself only knows the rows read so far.
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.end(False)
            self.search.insert(text)
            return True
        return False
