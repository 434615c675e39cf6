"""The contact book as the window uses it: searches a page at a time, and edits that wait for
an import's write lock instead of failing, their failures reported through one path."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from omidesk.domain.contacts import Contact, ContactSummary
from omidesk.domain.errors import StorageError

log = logging.getLogger(__name__)

# What a failure of the store is given to: the front end's one way of saying it.
Report = Callable[[StorageError], None]


class BookStore(Protocol):
    """The contact book's store (store.contacts.ContactStore)."""

    def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]: ...

    def call_mark(self) -> int: ...

    def called_since(self, mark: int) -> set[int]: ...

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]: ...

    def count(self, query: str = "") -> int: ...

    def get(self, contact_id: int) -> Contact | None: ...

    def find_duplicate(self, contact: Contact) -> int | None: ...

    async def add_async(self, contact: Contact) -> int: ...

    async def update_async(self, contact: Contact) -> None: ...

    async def delete_async(self, contact_id: int) -> None: ...

    async def set_favorite_async(self, contact_id: int, favorite: bool) -> None: ...


def _unheard(error: StorageError) -> None:
    log.warning("contact book: %s (no one to tell)", error)


class ContactBook:
    """Contacts read for the list (a page of ids, what a row shows, one whole contact) and
    written by the agent (add, update, delete, favourite).

    The edits are awaited: an import holds the store's write lock for about a tenth of a
    second per batch, and an edit made meanwhile waits for it with the window running on,
    instead of failing or freezing the window. A failure the agent can act on (a StorageError:
    the store's errors of that kind, a full disk, a store locked for longer than any
    import holds it) is given to `on_failure`, the front end's one way of saying it, and
    the edit returns None or False. Reads raise those failures: a list shows them where
    its rows would be."""

    def __init__(self, store: BookStore) -> None:
        self.store = store
        self.on_failure: Report = _unheard

    # --- reading ---------------------------------------------------------------------------

    def page(self, query: str, limit: int, offset: int = 0) -> list[int]:
        """The ids of the contacts matching `query`, best match first, from `offset`."""
        return self.store.search_ids(query, limit, offset)

    def call_mark(self) -> int:
        """Where the call history stands: a search remembers it when it starts."""
        return self.store.call_mark()

    def called_since(self, mark: int) -> set[int]:
        """The contacts called after `mark`: those a search started before must not move."""
        return self.store.called_since(mark)

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]:
        """What the list shows of these contacts, in this order (unknown ids left out)."""
        return self.store.summaries(ids)

    def count(self, query: str = "") -> int:
        return self.store.count(query)

    def get(self, contact_id: int) -> Contact | None:
        """The whole contact, or None when it is gone (deleted elsewhere)."""
        return self.store.get(contact_id)

    def find_duplicate(self, contact: Contact) -> Contact | None:
        """A stored contact (another than `contact` itself) with the same name sharing a
        valid number. Only a comfort while typing: a store that cannot be read finds none
        (saving then says what is wrong)."""
        try:
            found = self.store.find_duplicate(contact)
            return self.store.get(found) if found is not None else None
        except StorageError as error:
            log.warning("cannot look for a duplicate contact: %s", error)
            return None

    # --- writing ---------------------------------------------------------------------------

    async def add(self, contact: Contact) -> int | None:
        """Adds the contact; its id, or None when the store failed (reported)."""
        try:
            return await self.store.add_async(contact)
        except StorageError as error:
            self.on_failure(error)
            return None

    async def update(self, contact: Contact) -> bool:
        """Rewrites the contact (with its id); False when the store failed (reported).
        Raises LookupError when the contact was deleted meanwhile."""
        try:
            await self.store.update_async(contact)
        except StorageError as error:
            self.on_failure(error)
            return False
        return True

    async def delete(self, contact_id: int) -> bool:
        """Deletes the contact; False when the store failed (reported)."""
        try:
            await self.store.delete_async(contact_id)
        except StorageError as error:
            self.on_failure(error)
            return False
        return True

    async def set_favourite(self, contact_id: int, favourite: bool) -> bool:
        """Puts the contact among the favourites (listed first), or takes it out; False
        when the store failed (reported)."""
        try:
            await self.store.set_favorite_async(contact_id, favourite)
        except StorageError as error:
            self.on_failure(error)
            return False
        return True
