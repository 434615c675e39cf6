"""What the dial field offers as the agent types: contacts (names without accents,
company, digits anywhere: the contact book's own search) and numbers from recent calls
(the call history's), one entry per number, each with how its last call ended."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from omidesk.domain.contacts import display_of
from omidesk.domain.errors import StorageError
from omidesk.domain.matching import query as parse

log = logging.getLogger(__name__)

# Entries in the drop-down: what fits under the field without scrolling on a small screen.
LIMIT = 8
# Of which numbers from recent calls that no listed contact has, at most.
HISTORY_LIMIT = 3
# Recent calls looked through for those: the newest end of the history, whatever its size.
HISTORY_WITHIN = 500


@dataclass(frozen=True, slots=True)
class LastCall:
    """How the newest attempt on a number ended (a CallStatus value and catalogue code)."""

    status: str
    error_code: str | None
    at: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One number the agent may mean: dialled as `e164`, shown as `number`."""

    number: str
    e164: str
    name: str = ""  # the contact's; empty for a number known only from recent calls
    company: str = ""
    label: str = ""  # the number's label on the contact ("mobile")
    contact_id: int | None = None
    last: LastCall | None = None


class SuggestContacts(Protocol):
    """The contact book as the drop-down reads it (store.contacts.ContactStore)."""

    def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]: ...

    def numbers_of(self, ids: Sequence[int]) -> list[tuple[int, str, str, str, str, str, str]]: ...


class SuggestCalls(Protocol):
    """The call history as the drop-down reads it (store.calls.CallStore)."""

    def last_results(self, e164s: Iterable[str]) -> dict[str, tuple[str, str | None, float]]: ...

    def recent_numbers(
        self, digits: str, limit: int, within: int = 500
    ) -> list[tuple[str, str, str | None, float]]: ...


class DialSearch:
    """Answers "what may the agent mean by this text", at every keystroke: a page of the
    contact search and a bounded look at the newest calls, a few indexed reads in all."""

    def __init__(self, contacts: SuggestContacts, calls: SuggestCalls) -> None:
        self.contacts = contacts
        self.calls = calls

    def suggest(self, text: str, limit: int = LIMIT) -> list[Suggestion]:
        """The entries for `text`: matching contacts' numbers first (best match first),
        then numbers from recent calls no listed contact has. Empty text: the numbers
        called last. A store that cannot be read offers nothing (the field still dials)."""
        try:
            return self._suggest(text, limit)
        except StorageError as error:
            log.warning("no suggestions: %s", error.code)
            return []

    def _suggest(self, text: str, limit: int) -> list[Suggestion]:
        wanted = parse(text)
        entries: list[Suggestion] = []
        if not wanted.empty:
            # A contact gives one entry per number: `limit` contacts always fill the page.
            ids = self.contacts.search_ids(text, limit)
            for contact_id, name, company, number, label, e164, digits in self.contacts.numbers_of(
                ids
            ):
                # `digits` holds each form a search finds (national, international, the
                # old 11-digit one): a number of the contact not holding them is left out.
                if wanted.digits and wanted.digits not in digits:
                    continue
                entries.append(Suggestion(number, e164, name, company, label, contact_id))
            if wanted.digits and not entries and ids:
                # Found through a form the digits test above does not know: all numbers.
                entries = [
                    Suggestion(number, e164, name, company, label, contact_id)
                    for contact_id, name, company, number, label, e164, _digits in (
                        self.contacts.numbers_of(ids)
                    )
                ]
        if wanted.digits or wanted.empty:
            listed = {entry.e164 for entry in entries}
            room = max(limit - len(entries), 0) if wanted.empty else HISTORY_LIMIT
            recent = self.calls.recent_numbers(wanted.digits, room + len(listed), HISTORY_WITHIN)
            fresh = [row for row in recent if row[0] not in listed][:room]
            # The recent numbers keep their place after the contacts, within the limit.
            entries = entries[: max(limit - len(fresh), 0)]
            entries += [
                Suggestion(display_of(e164) or e164, e164, last=LastCall(status, code, at))
                for e164, status, code, at in fresh
            ]
        entries = entries[:limit]
        pending = {entry.e164 for entry in entries if entry.last is None}
        if pending:
            last = self.calls.last_results(pending)
            entries = [
                entry
                if entry.last is not None or entry.e164 not in last
                else _with_last(entry, *last[entry.e164])
                for entry in entries
            ]
        return entries


def _with_last(entry: Suggestion, status: str, code: str | None, at: float) -> Suggestion:
    return Suggestion(
        entry.number,
        entry.e164,
        entry.name,
        entry.company,
        entry.label,
        entry.contact_id,
        LastCall(status, code, at),
    )
