"""The name for a number, wherever one is shown for a call: the field's hint, "calling",
the result, the confirm window, notifications and the tray.

One object answers it, so that a second source (OMICall's CRM contacts, a later issue) is
added here and reaches every one of those places at once."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol

from omidesk.domain.errors import StorageError

log = logging.getLogger(__name__)


class LocalNames(Protocol):
    """Who numbers belong to in the agent's own contacts (store.contacts.ContactStore)."""

    def names_for(self, e164s: Iterable[str]) -> dict[str, str]: ...


class ContactNames:
    """Answers "whose number is this" from the agent's contacts."""

    def __init__(self, local: LocalNames) -> None:
        self.local = local

    def known(self, e164s: Iterable[str]) -> dict[str, str]:
        """The names known for these numbers (a quick indexed read, fit for painting);
        numbers with no name are left out. A book that cannot be read knows none: a name
        is a comfort, and the call goes on without it."""
        wanted = {e164 for e164 in e164s if e164}
        if not wanted:
            return {}
        try:
            return dict(self.local.names_for(wanted))
        except StorageError as error:
            log.warning("cannot read contact names: %s", error.code)
            return {}

    def name_of(self, e164: str | None) -> str | None:
        """The name for one number, or None (unknown, or no number)."""
        if not e164:
            return None
        return self.known([e164]).get(e164)
