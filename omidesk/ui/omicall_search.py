"""Search OMICall: when the agent's own contacts hold few matches for what was typed, the
contacts tab offers to search OMICall's CRM (`contacts/list`); each result can be called or
saved as a local contact."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.crm_contacts import CrmContact
from omidesk.domain.errors import RemoteError, StorageError
from omidesk.ui import tasks
from omidesk.ui.icons import icon

if TYPE_CHECKING:
    from omidesk.usecases.names import ContactNames

log = logging.getLogger(__name__)

# Fewer local matches than this: OMICall's contacts are worth a look.
FEW = 3
_CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1


class OmiCallSearch(QFrame):
    """The offer ("Search OMICall for “…”"), then the results with Call and Save."""

    dialRequested = Signal(str, str)  # number, source
    saved = Signal(int)  # the local contact's id

    def __init__(
        self, names: ContactNames, lang: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.names = names
        self._lang = lang
        self.keyword = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer = QPushButton(icon("search"), "")
        self.offer.clicked.connect(self.search)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.results = QListWidget()
        self.results.setMaximumHeight(160)
        self.results.itemDoubleClicked.connect(lambda _item: self.call_selected())
        self.results.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.call_button = QPushButton(icon("call"), "")
        self.call_button.clicked.connect(self.call_selected)
        self.save_button = QPushButton(icon("contact-add"), "")
        self.save_button.clicked.connect(self.save_selected)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.call_button)
        buttons.addWidget(self.save_button)
        self.found = QWidget()
        found = QVBoxLayout(self.found)
        found.setContentsMargins(0, 0, 0, 0)
        found.addWidget(self.results)
        found.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.offer)
        layout.addWidget(self.status)
        layout.addWidget(self.found)
        self.status.setVisible(False)
        self.found.setVisible(False)
        self.setVisible(False)
        self.retranslate()

    # --- when it is offered -----------------------------------------------------------------

    def offer_for(self, keyword: str, local_matches: int) -> None:
        """Offers the search when `keyword` found fewer than FEW local contacts (and OMICall
        can be asked); hides it and forgets old results when the text changes."""
        keyword = keyword.strip()
        if keyword != self.keyword:
            self.keyword = keyword
            self.results.clear()
            self.found.setVisible(False)
            self.status.setVisible(False)
        self.setVisible(bool(keyword) and local_matches < FEW and self.names.crm is not None)
        self.retranslate()

    # --- the search -------------------------------------------------------------------------

    def search(self) -> None:
        if self.keyword:
            self.offer.setEnabled(False)
            tasks.spawn(self._search(self.keyword), name="search OMICall")

    async def _search(self, keyword: str) -> None:
        failure: RemoteError | None = None
        contacts: tuple[CrmContact, ...] = ()
        try:
            contacts = (await self.names.search_omicall(keyword)).contacts
        except RemoteError as error:
            failure = error
            log.info("OMICall's contacts not searched: %s", error.code)
        if not shiboken6.isValid(self) or keyword != self.keyword:
            return
        self.offer.setEnabled(True)
        self.results.clear()
        if failure is not None:
            problem = explain(failure, self._lang())
            self._say(f"{problem.message} {problem.next_step}".strip())
            return
        for contact in contacts:
            numbers = ", ".join(contact.phones)
            line = " · ".join(part for part in (contact.name, numbers, contact.company) if part)
            item = QListWidgetItem(line)
            item.setData(_CONTACT_ROLE, contact)
            self.results.addItem(item)
        self.found.setVisible(bool(contacts))
        if contacts:
            self.results.setCurrentRow(0)
            self._say(
                self.tr("1 contact in OMICall:")
                if len(contacts) == 1
                else self.tr("{count} contacts in OMICall:").format(count=len(contacts))
            )
        else:
            self._say(self.tr("OMICall has no contact matching “{text}”.").format(text=keyword))
        self._update_buttons()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def selected(self) -> CrmContact | None:
        item = self.results.currentItem()
        contact = item.data(_CONTACT_ROLE) if item is not None else None
        return contact if isinstance(contact, CrmContact) else None

    def _update_buttons(self) -> None:
        contact = self.selected()
        self.call_button.setEnabled(contact is not None and bool(contact.phones))
        self.save_button.setEnabled(contact is not None)

    def call_selected(self) -> None:
        contact = self.selected()
        if contact is not None and contact.phones:
            self.dialRequested.emit(contact.phones[0], "window")

    def save_selected(self) -> None:
        contact = self.selected()
        if contact is not None:
            self.save_button.setEnabled(False)
            tasks.spawn(self._save(contact), name="save OMICall contact")

    async def _save(self, contact: CrmContact) -> None:
        try:
            contact_id, new = await self.names.save_locally(contact, self._lang())
        except StorageError as error:
            if shiboken6.isValid(self):
                problem = explain(error, self._lang())
                self._say(f"{problem.message} {problem.next_step}".strip())
                self._update_buttons()
            return
        if not shiboken6.isValid(self):
            return
        self._say(
            (
                self.tr("{name} saved to your contacts.")
                if new
                else self.tr("{name} is already in your contacts.")
            ).format(name=contact.name)
        )
        self._update_buttons()
        self.saved.emit(contact_id)

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Search OMICall's contacts"))
        self.offer.setText(self.tr("Search OMICall for “{text}”").format(text=self.keyword))
        self.offer.setToolTip(self.tr("Few of your contacts match: look in OMICall's contacts"))
        self.results.setAccessibleName(self.tr("OMICall's contacts found"))
        self.call_button.setText(self.tr("Call"))
        self.call_button.setAccessibleName(self.tr("Call the OMICall contact"))
        self.save_button.setText(self.tr("Save to my contacts"))
        self.save_button.setAccessibleName(self.tr("Save the OMICall contact to my contacts"))
