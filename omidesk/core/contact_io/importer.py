"""Importing a file into the contact book: merge duplicates, write once, report every row."""

from __future__ import annotations

import contextlib
import csv
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from omidesk.core import messages
from omidesk.core.contact_io.csv_formats import join_emails
from omidesk.core.contact_io.model import INVALID_NUMBER, Mapping, RowIssue
from omidesk.core.contact_io.reading import Cancelled, Progress, read_contacts
from omidesk.core.contacts import Contact, Phone, words
from omidesk.core.errors import explain
from omidesk.core.numbers import search_digits
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database

# Marks the key of an invalid number (digits) apart from a valid one (E.164, with a "+").
_RAW = "#"


@dataclass
class ImportReport:
    """What an import did. `total` rows (or cards) were read: `imported` became new
    contacts, `merged` went into a contact already there (in the book or earlier in the
    file), `skipped` were left out, each with its reason; `flagged` of those kept carry
    an invalid number (listed in `flagged_rows`). A cancelled import wrote nothing."""

    total: int = 0
    imported: int = 0
    merged: int = 0
    flagged: int = 0
    skipped: list[RowIssue] = field(default_factory=list)
    flagged_rows: list[RowIssue] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "imported": self.imported,
            "merged": self.merged,
            "flagged": self.flagged,
            "skipped": len(self.skipped),
            "cancelled": self.cancelled,
            "skipped_rows": [issue.to_json() for issue in self.skipped],
            "flagged_rows": [issue.to_json() for issue in self.flagged_rows],
        }

    def rows(self) -> list[RowIssue]:
        """Skipped and flagged rows in the order of the file."""
        return sorted([*self.skipped, *self.flagged_rows], key=lambda issue: issue.row)

    def save_csv(self, path: Path, lang: str) -> None:
        """The skipped and flagged rows as a spreadsheet: row, name, reason, detail.
        UTF-8 with a BOM, which Excel needs to show Vietnamese."""
        with Path(path).open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([text(lang) for text in messages.IMPORT_REPORT_COLUMNS])
            for issue in self.rows():
                reason = explain(issue.reason, lang).message
                writer.writerow([issue.row, issue.name, reason, issue.detail])


def import_file(
    db: Database,
    path: Path,
    mapping: Mapping | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Reads the file, merges duplicates (the same folded name sharing a valid number)
    within it and with the contacts already stored, and writes everything in one
    transaction. Cancelled, or failing, it writes nothing. Raises ContactFileError for a
    file that cannot be imported at all, StoreError for a store that cannot be written."""
    result = read_contacts(path, mapping, progress=progress, cancelled=cancelled)
    report = ImportReport(cancelled=result.cancelled)
    if result.cancelled:
        return report
    report.flagged_rows = [issue for issue in result.issues if issue.reason == INVALID_NUMBER]
    report.skipped = [issue for issue in result.issues if issue.reason != INVALID_NUMBER]
    report.flagged = len(report.flagged_rows)
    report.total = len(result.contacts) + len(report.skipped)

    # Duplicates inside the file first: the later row's numbers and fields join the first.
    pending: list[_Pending] = []
    by_key: dict[tuple[str, str], _Pending] = {}
    for _row, contact in result.contacts:
        key_name = " ".join(words(contact.name))
        keys = [_phone_key(phone) for phone in contact.phones]
        first = next(
            (by_key[key] for number in keys if (key := (key_name, number)) in by_key), None
        )
        if first is not None:
            first.contact = merge(first.contact, contact)
            report.merged += 1
        else:
            first = _Pending(contact, key_name)
            pending.append(first)
        for number in keys:
            by_key.setdefault((key_name, number), first)
    del result, by_key

    if cancelled is not None and cancelled():
        return ImportReport(cancelled=True)
    with db.transaction() as conn:
        # Duplicates of stored contacts are looked up inside the write, so that a contact
        # edited or deleted meanwhile (in the window) is merged as it is now.
        store = ContactStore(_InTransaction(db, conn))
        new, changed, merged = _against_stored(store, pending)
        for contact in changed:
            store.update(contact)
        store.add_many(new)
    report.merged += merged
    report.imported = len(new)
    return report


def _against_stored(
    store: ContactStore, pending: list[_Pending]
) -> tuple[list[Contact], list[Contact], int]:
    """The file's contacts split into new ones and stored ones they merge into (those
    that gained something), and how many merged."""
    existing = _stored_duplicates(store.db, pending)
    new: list[Contact] = []
    before: dict[int, Contact] = {}
    updates: dict[int, Contact] = {}
    merged = 0
    for item in pending:
        target = existing.get(item.key_name, {})
        found = sorted(
            {target[key] for key in map(_phone_key, item.contact.phones) if key in target}
        )
        stored = None
        if found:
            # The oldest stored duplicate, as merged with earlier rows of this file.
            stored = updates.get(found[0]) or store.get(found[0])
        if stored is None or stored.id is None:
            new.append(item.contact)
            continue
        before.setdefault(stored.id, stored)
        updates[stored.id] = merge(stored, item.contact)
        merged += 1
    # A file imported twice changes nothing: only contacts that gained something are
    # rewritten.
    changed = [contact for key, contact in updates.items() if contact != before[key]]
    return new, changed, merged


@dataclass(slots=True)
class _Pending:
    contact: Contact
    key_name: str


def _stored_duplicates(db: Database, pending: list[_Pending]) -> dict[str, dict[str, int]]:
    """name key -> number key -> the stored contact (the oldest) with that name and
    number, for the numbers of the file: one query for the whole file, where asking
    find_duplicate for each contact would be a query per row."""
    valid: set[str] = set()
    invalid: set[str] = set()
    for item in pending:
        for phone in item.contact.phones:
            key = _phone_key(phone)
            (invalid if key.startswith(_RAW) else valid).add(key.removeprefix(_RAW))
    if not valid and not invalid:
        return {}
    found: dict[str, dict[str, int]] = {}
    with db.reading() as conn:
        rows = conn.execute(
            "SELECT CASE WHEN p.valid THEN p.e164 ELSE ? || p.digits END, c.id, c.name_key"
            " FROM phones p JOIN contacts c ON c.id = p.contact_id"
            " WHERE p.e164 IN (SELECT value FROM json_each(?))"
            " OR (p.valid = 0 AND p.digits IN (SELECT value FROM json_each(?)))"
            " ORDER BY c.id",
            (_RAW, json.dumps(sorted(valid)), json.dumps(sorted(invalid))),
        )
        for key, contact_id, name_key in rows:
            found.setdefault(name_key, {}).setdefault(key, contact_id)
    return found


def merge(base: Contact, extra: Contact) -> Contact:
    """`base` with the numbers of `extra` it lacks, its e-mail addresses, and the fields
    `base` leaves empty. Nothing of `base` is overwritten."""
    phones = list(base.phones)
    seen = {_phone_key(phone) for phone in phones}
    for phone in extra.phones:
        key = _phone_key(phone)
        if key not in seen:
            seen.add(key)
            phones.append(phone)
    return replace(
        base,
        phones=tuple(phones),
        company=base.company or extra.company,
        email=join_emails([*base.email.split(","), *extra.email.split(",")]),
        note=base.note or extra.note,
        favorite=base.favorite or extra.favorite,
    )


def _phone_key(phone: Phone) -> str:
    """What makes two numbers the same: the E.164 form of a valid number, the digits of
    an invalid one (so a file imported twice does not double its flagged contacts)."""
    if phone.valid and phone.e164:
        return phone.e164
    return _RAW + search_digits(phone.number)


class _InTransaction(Database):
    """The Database of one open transaction: the ContactStore writes made through it
    join that transaction, so an import's updates and inserts commit, or roll back,
    together. (No connection of its own: it lends the open one.)"""

    def __init__(self, db: Database, conn: sqlite3.Connection) -> None:
        self.path = db.path
        self.conn = conn
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        yield self.conn

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        yield self.conn

    def close(self) -> None:
        """The connection belongs to the Database that lent it."""
