"""The call history as the window uses it: records newest first with their contacts' names
(the agent's own contacts, else OMICall's), its filters (text, missed calls to return), and
deletions that wait for an import's write lock instead of failing."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from omidesk.domain.errors import StorageError
from omidesk.domain.records import CallRecord, CallRow
from omidesk.usecases.contact_book import Report

log = logging.getLogger(__name__)

# Text made only of what numbers are written with is searched as digits, so that
# "090 123" and "+84 90 123" find the stored "0901234567".
_NUMBER_LIKE_RE = re.compile(r"\+?[0-9 ().\-/]*[0-9][0-9 ().\-/]*")
_NON_DIGIT_RE = re.compile(r"[^0-9]")
# SQLite's LIKE folds ASCII letters only: the in-memory match must fold the same way.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class HistoryStore(Protocol):
    """The call records' store (store.calls.CallStore)."""

    def recent(
        self, limit: int = 100, offset: int = 0, text: str = "", *, missed: bool = False
    ) -> list[CallRecord]: ...

    def rows(
        self, limit: int = 200, offset: int = 0, text: str = "", *, missed: bool = False
    ) -> list[CallRow]: ...

    def row(self, call_id: int) -> CallRow | None: ...

    def count(self, text: str = "", *, missed: bool = False) -> int: ...

    def missed_count(self) -> int: ...

    def get(self, call_id: int) -> CallRecord | None: ...

    def hotlines_used(self) -> frozenset[str]: ...

    async def delete_async(self, call_id: int) -> None: ...

    async def clear_async(self) -> None: ...


class Names(Protocol):
    """Who numbers belong to: the agent's contacts, then OMICall's (usecases.names.ContactNames,
    the one lookup every view shares)."""

    def known(self, e164s: Iterable[str]) -> dict[str, str]:
        """The names known without asking anyone (a quick read)."""
        ...

    async def names_for(self, e164s: Iterable[str]) -> dict[str, str]:
        """The names, asking OMICall for those nobody knows yet."""
        ...


def search_text(text: str) -> str:
    """What the filter asks the store for: number-like text as national digits
    ("+84 90 123" -> "090123"), anything else as typed (names of inputs, call_uuids)."""
    stripped = text.strip()
    if not _NUMBER_LIKE_RE.fullmatch(stripped):
        return stripped
    digits = _NON_DIGIT_RE.sub("", stripped)
    if digits.startswith("0084"):
        return "0" + digits[4:]
    if digits.startswith("84") and (stripped.startswith("+") or len(digits) > 2):
        return "0" + digits[2:]
    return digits


def _unheard(error: StorageError) -> None:
    log.warning("call history: %s (no one to tell)", error)


class CallHistory:
    """Call records, newest first, filtered by what the agent types, named after their
    contacts; and the agent's deletions, awaited (see ContactBook: an import may hold the
    write lock). A failure the agent can act on (a StorageError) is given to `on_failure`, and
    the deletion returns False; reads raise those failures."""

    def __init__(self, calls: HistoryStore, names: Names) -> None:
        self.calls = calls
        self.names = names
        self.on_failure: Report = _unheard

    # --- reading ---------------------------------------------------------------------------

    def recent(
        self, limit: int, offset: int = 0, text: str = "", *, missed: bool = False
    ) -> list[CallRecord]:
        """The records matching the filter `text` (as typed), newest first, from `offset`;
        `missed`: only the missed calls still to return."""
        return self.calls.recent(limit, offset, search_text(text), missed=missed)

    def rows(
        self, limit: int, offset: int = 0, text: str = "", *, missed: bool = False
    ) -> list[CallRow]:
        """`recent`'s page as the list paints it: what a row shows of each call, read
        without building whole records (the details pane reads the one selected: `get`)."""
        return self.calls.rows(limit, offset, search_text(text), missed=missed)

    def row(self, call_id: int) -> CallRow | None:
        """One call as `rows` reads it."""
        return self.calls.row(call_id)

    def count(self, text: str = "", *, missed: bool = False) -> int:
        return self.calls.count(search_text(text), missed=missed)

    def missed_count(self) -> int | None:
        """How many missed calls are still to return; None when the store cannot say."""
        try:
            return self.calls.missed_count()
        except StorageError as error:
            log.warning("cannot count the missed calls: %s", error)
            return None

    def get(self, call_id: int) -> CallRecord | None:
        return self.calls.get(call_id)

    def hotlines_used(self) -> frozenset[str]:
        """One hotline calls went out on, or two when there were several (which one is
        then worth a column); empty when the store cannot say: the list itself says why."""
        try:
            return self.calls.hotlines_used()
        except StorageError as error:
            log.warning("cannot read the hotlines used: %s", error)
            return frozenset()

    @staticmethod
    def matches(record: CallRecord | CallRow, text: str, *, missed: bool = False) -> bool:
        """Whether the filters (`text` as typed, `missed`) keep `record`: the store's
        filter (number, input or call_uuid contains it), in memory."""
        if missed and not record.to_return:
            return False
        needle = search_text(text)
        if not needle:
            return True
        folded = needle.translate(_ASCII_LOWER)
        return any(
            folded in value.translate(_ASCII_LOWER)
            for value in (record.number, record.input, record.call_uuid)
            if value
        )

    def names_for(self, e164s: Iterable[str]) -> dict[str, str] | None:
        """e164 -> the name of its contact (local, else OMICall's cached one), for numbers
        that have one; None when the book cannot be read (names are a comfort: the history
        is worth showing without them)."""
        try:
            return self.names.known(e164s)
        except StorageError as error:
            log.warning("cannot read contact names: %s", error)
            return None

    async def late_names(self, e164s: Iterable[str]) -> dict[str, str]:
        """The names OMICall knows for numbers nobody named yet (one lookup per number,
        cached a day): for the list to show them when they arrive. Never raises for a
        failed lookup: a name is a comfort."""
        wanted = set(e164s)
        if not wanted:
            return {}
        try:
            return await self.names.names_for(wanted)
        except StorageError as error:
            log.warning("cannot read contact names: %s", error)
            return {}

    def named(self, records: list[CallRecord]) -> list[CallRecord]:
        """The records with their contacts' names (one lookup for them all); as they are
        when the book cannot be read."""
        e164s = {record.e164 for record in records if record.e164}
        names = self.names_for(e164s) if e164s else None
        if not names:
            return records
        return [
            replace(record, contact_name=names[record.e164])
            if record.e164 and record.e164 in names
            else record
            for record in records
        ]

    # --- writing ---------------------------------------------------------------------------

    async def delete(self, call_id: int) -> bool:
        """Deletes one record; False when the store failed (reported)."""
        try:
            await self.calls.delete_async(call_id)
        except StorageError as error:
            self.on_failure(error)
            return False
        return True

    async def clear(self) -> bool:
        """Deletes every record; False when the store failed (reported)."""
        try:
            await self.calls.clear_async()
        except StorageError as error:
            self.on_failure(error)
            return False
        return True
