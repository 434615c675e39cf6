"""Importing a file into the contact book: merge duplicates, write undoable batches, report rows.

Plain Python on ports: the file comes through a ContactFiles port (infra.contact_files),
the book and its undo journal through an ImportStore (store.contact_transfer); the
composition root, or the command line, hands them in."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from omidesk.domain import messages
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files import formulas
from omidesk.domain.contact_files.csv_formats import join_emails
from omidesk.domain.contact_files.model import (
    DAMAGED,
    INVALID_NUMBER,
    INVALID_OWNER,
    TOO_MANY_OWNERS,
    Preview,
    RowIssue,
)
from omidesk.domain.contact_files.model import Mapping as Columns
from omidesk.domain.contact_files.reading import Cancelled, Progress, Read, ReadCancelled
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.numbers import search_digits

log = logging.getLogger(__name__)

# Marks the key of an invalid number (digits) apart from a valid one (E.164, with a "+").
_RAW = "#"
# The most contacts written together, in one transaction (one duplicate query each), and
# all an import holds at once. Between two batches the lock is free while the next one is
# read (tens of milliseconds at least): a write waiting for it gets in then.
BATCH = 2000
# A call waits for the batch holding the write lock, so batches are sized to hold it about
# this long, starting from _FIRST_BATCH contacts. Not a fixed size: a contact merged into
# one stored costs ten times one added, and each commit has a cost of its own (a segment
# of the full-text indexes, a page of each index per contact written to the WAL), so
# smaller batches make a longer import. Measured over 100,000 new contacts on 2 cores,
# with fixed sizes: 2,000 held the lock 150 ms (at most 230), 500 45 ms (at most 95) and
# took 40% longer than one transaction. Aiming at 60 ms made the import a fifth longer
# than at 100 ms: a tenth of a second is still no wait an agent notices on a click.
_HOLD_S = 0.1
_FIRST_BATCH = 250
_LEAST_BATCH = 20


# --- ports -----------------------------------------------------------------------------------


class ContactFiles(Protocol):
    """Contacts files on disk (infra.contact_files): read for an import, and written (the
    report of one)."""

    def preview(self, path: Path) -> Preview: ...

    def iter_contacts(
        self,
        path: Path,
        mapping: Columns | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Iterator[Read]: ...

    def replacing(self, path: Path, encoding: str) -> AbstractContextManager[TextIO]: ...


class Staged(Protocol):
    """A contact read, as the store will write it, worked out before the write lock is
    taken (store.contacts.NewContact)."""

    @property
    def name_key(self) -> str: ...

    def contact(self) -> Contact: ...


_S = TypeVar("_S", bound=Staged)


class ImportBatch(Protocol[_S]):
    """The writes of one batch, all in one transaction that holds the write lock: its
    contacts and the undo journal's entries for them commit together, or not at all.
    `run` is the id of the import in the journal."""

    def holders(
        self, e164s: Sequence[str], digits: Sequence[str]
    ) -> Iterable[tuple[str, bool, int, str]]:
        """(number, valid, contact id, name key) of each stored number among these:
        valid ones by their E.164 form, invalid ones by their digits; oldest contact first."""
        ...

    def get_many(self, ids: Sequence[int]) -> list[Contact]: ...

    def update(self, contact: Contact) -> None: ...

    def prepare(self, contact: Contact) -> _S: ...

    def add_prepared(self, contacts: Sequence[_S]) -> list[int]: ...

    def begin_run(self) -> int: ...

    def beat(self, run: int) -> bool:
        """Says the run is alive; False once another process has begun undoing it."""
        ...

    def before_merging(self, run: int, updated_at: Mapping[int, float]) -> None: ...

    def after_merging(self, run: int, ids: Sequence[int]) -> None: ...

    def added(self, run: int, first_id: int, last_id: int) -> None: ...

    def end(self, run: int) -> None: ...


class ImportStore(Protocol[_S]):
    """The contact book as an import writes it, a batch at a time (store.contact_transfer)."""

    def prepare(self, contact: Contact) -> _S: ...

    def bulk_writing(self) -> AbstractContextManager[object]:
        """Around the whole import: the store set up for many writes in a row."""
        ...

    def batch(self) -> AbstractContextManager[ImportBatch[_S]]: ...

    def settle(self, run: int) -> None:
        """Undoes a run not complete, or clears the journal of a complete one."""
        ...


@dataclass
class ImportReport:
    """What an import did. `total` rows (or cards) were read: `imported` became new
    contacts, `merged` went into a contact already there (in the book or earlier in the
    file), `skipped` were left out, each with its reason; `flagged` of those kept carry
    an invalid number (listed in `flagged_rows`); `left_out` lists the kept rows whose
    owners that are no extension were left out. A cancelled import leaves nothing."""

    total: int = 0
    imported: int = 0
    merged: int = 0
    flagged: int = 0
    skipped: list[RowIssue] = field(default_factory=list)
    flagged_rows: list[RowIssue] = field(default_factory=list)
    left_out: list[RowIssue] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "imported": self.imported,
            "merged": self.merged,
            "flagged": self.flagged,
            "skipped": len(self.skipped),
            "cancelled": self.cancelled,
            "damaged": self.damaged,
            "skipped_rows": [issue.to_json() for issue in self.skipped],
            "flagged_rows": [issue.to_json() for issue in self.flagged_rows],
            "left_out_rows": [issue.to_json() for issue in self.left_out],
        }

    @property
    def damaged(self) -> bool:
        """Part of the file is damaged (binary data where cards should be): what could be
        read was imported, but the file is not whole, and the command line says so."""
        return any(issue.reason == DAMAGED for issue in self.skipped)

    def rows(self) -> list[RowIssue]:
        """Skipped, flagged and left-out rows in the order of the file."""
        return sorted(
            [*self.skipped, *self.flagged_rows, *self.left_out], key=lambda issue: issue.row
        )

    def write_csv(self, out: TextIO, lang: str) -> None:
        """The skipped and flagged rows as a spreadsheet: row, name, reason, detail (`out`
        opened as UTF-8 with a BOM, which Excel needs to show Vietnamese). Names and
        details come from someone's file: the cells are written as the export writes
        them, no formula run by the spreadsheet (formulas.py)."""
        writer = formulas.Writer(out)
        writer.writerow([text(lang) for text in messages.IMPORT_REPORT_COLUMNS])
        for issue in self.rows():
            reason = explain(issue.reason, lang).message
            writer.writerow([issue.row, issue.name, reason, issue.detail])


@dataclass(frozen=True, slots=True)
class ContactImport:
    """The import as the front ends run it: a preview of the file, the import itself, and
    its report saved. Each import opens its own store (`open_store`): the window runs it
    in a worker thread, which must not use the window's connection."""

    open_store: Callable[[], AbstractContextManager[ImportStore[Any]]]
    files: ContactFiles

    def preview(self, path: Path) -> Preview:
        """The kind, encoding, first rows and guessed columns of the file (quick: only its
        start is read). Raises ContactFileError when it cannot be imported at all."""
        return self.files.preview(path)

    def run(
        self,
        path: Path,
        mapping: Columns | None = None,
        *,
        progress: Progress | None = None,
        saved: Callable[[int], None] | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportReport:
        """import_file into the store it opens (arguments as import_file's)."""
        with self.open_store() as store:
            return import_file(
                store,
                self.files,
                path,
                mapping,
                progress=progress,
                saved=saved,
                cancelled=cancelled,
            )

    def save_report(self, report: ImportReport, path: Path, lang: str) -> None:
        """Writes the report's rows to `path` as a spreadsheet, in `lang`. Raises
        ContactFileError when the file cannot be written."""
        with self.files.replacing(path, "utf-8-sig") as out:
            report.write_csv(out, lang)


def import_file(
    store: ImportStore[Any],
    files: ContactFiles,
    path: Path,
    mapping: Columns | None = None,
    *,
    progress: Progress | None = None,
    saved: Callable[[int], None] | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Reads the file, merges duplicates (the same folded name sharing a valid number)
    within it and with the contacts already stored, and writes them a batch at a time.
    Cancelled, or failing, it leaves the store as it was. Raises ContactFileError for a
    file that cannot be imported at all, the store's error for a store that cannot be
    written.

    `progress(rows read, estimated rows)` reports the reading, `saved(contacts written)`
    each batch committed; `cancelled()` is asked at every step of both.

    Memory stays flat whatever the size of the file: the contacts are written as they are
    read, a batch at a time, and only the batch being gathered is held. Reading holds no
    lock, and writing holds it one batch at a time (the next batch is read with it free):
    meanwhile calls go on being recorded (a call that cannot be recorded within the
    store's 5 s busy timeout is not placed). Each batch commits with its entries in the
    undo journal (store/import_journal.py), and the last one with the mark that the import
    is complete: an import cancelled or failing part way (a file unreadable past some row
    included) is undone, batch by batch, and one left half written by a process that died
    is undone at the next start."""
    report = ImportReport()
    try:
        read = files.iter_contacts(path, mapping, progress=progress, cancelled=cancelled)
        _write(store, _contacts(store, read, report), report, saved, cancelled)
    except ReadCancelled:
        return ImportReport(cancelled=True)
    report.flagged = len(report.flagged_rows)
    report.total = report.imported + report.merged + len(report.skipped)
    return report


# One contact read: as the store writes it, and the keys of its numbers.
_Staged = tuple[Any, tuple[str, ...]]


def _contacts(
    store: ImportStore[Any], items: Iterator[Read], report: ImportReport
) -> Iterator[_Staged]:
    """The contacts read, as the store writes them; the rows reported go to `report`."""
    for item in items:
        if isinstance(item, RowIssue):
            if item.reason == INVALID_NUMBER:
                report.flagged_rows.append(item)
            elif item.reason in (INVALID_OWNER, TOO_MANY_OWNERS):
                report.left_out.append(item)
            else:
                report.skipped.append(item)
            continue
        contact = item[1]
        yield store.prepare(contact), tuple(map(_phone_key, contact.phones))


def _write(
    store: ImportStore[Any],
    contacts: Iterator[_Staged],
    report: ImportReport,
    saved: Callable[[int], None] | None,
    cancelled: Cancelled | None,
) -> None:
    """Writes the contacts, one transaction a batch, each with its journal; undoes what
    was written if anything stops it before the last batch commits."""
    run: int | None = None
    written = 0
    feed = _Feed(contacts)
    size = min(_FIRST_BATCH, BATCH)
    try:
        with store.bulk_writing():
            while True:
                batch, last = feed.take(size)
                if not batch:
                    break
                _stop_if(cancelled)
                with store.batch() as writes:
                    began = time.perf_counter()  # the lock taken (a wait for it is not held)
                    # Duplicates of stored contacts are looked up inside the write, so that a
                    # contact edited or deleted meanwhile (in the window) is merged as it is
                    # now; each batch sees what the batches before it wrote.
                    this_run = writes.begin_run() if run is None else run
                    if run is not None and not writes.beat(run):
                        log.warning("import %d is being undone by another process", run)
                        raise ReadCancelled
                    imported, merged = _write_batch(writes, batch, this_run)
                    if last:
                        writes.end(this_run)
                size = _next_size(size, time.perf_counter() - began)
                # Only once committed: a first batch rolled back leaves no run to undo (and
                # its id may be another import's by now).
                run = this_run
                report.imported += imported
                report.merged += merged
                written += len(batch)
                if saved is not None:
                    saved(written)
    except BaseException:
        if run is not None:
            _settle(store, run)
        raise
    if run is not None:
        _settle(store, run)


def _settle(store: ImportStore[Any], run: int) -> None:
    """Undoes the run's batches, or clears the journal of a complete one."""
    try:
        store.settle(run)
    except Exception:
        # The import's own outcome is the one to report (a complete import stays complete);
        # the journal stays, and the next start (or another OmiDesk, once this process is
        # gone) settles it.
        log.exception("could not settle import %d now; the next start does", run)


def _next_size(size: int, held_s: float) -> int:
    """The size of the next batch, after one of `size` held the lock `held_s`: in
    proportion, to hold it _HOLD_S (at most twice as many: a batch quick by chance must
    not make the next one long)."""
    wanted = int(size * _HOLD_S / max(held_s, 1e-3))
    return max(min(wanted, 2 * size, BATCH), min(_LEAST_BATCH, BATCH))


class _Feed:
    """The contacts read, taken in batches of whatever size the write asks for."""

    def __init__(self, contacts: Iterator[_Staged]) -> None:
        self._items = contacts
        self._next = next(self._items, None)

    def take(self, size: int) -> tuple[list[_Staged], bool]:
        """Up to `size` contacts, and whether they are the last ones."""
        batch = [] if self._next is None else [self._next]
        batch += itertools.islice(self._items, size - len(batch))
        self._next = next(self._items, None)
        return batch, self._next is None


def _stop_if(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ReadCancelled


def _write_batch(
    writes: ImportBatch[Any], batch: list[_Staged], run: int | None = None
) -> tuple[int, int]:
    """Writes one batch in its transaction, and what undoes it in the journal of `run`;
    returns how many contacts it added and how many rows merged. Row by row in the file's
    order, a contact merges into the oldest contact with its folded name sharing one of
    its numbers (_phone_key): one stored before the import, else one an earlier row added;
    else it is added. So where the batches fall changes nothing."""
    existing = _stored_duplicates(writes, batch)
    # (name key, number key) -> the oldest contact the rows so far gave that number: a
    # stored one (by id), or one this batch adds (by its place in `added`).
    stored_now: dict[tuple[str, str], int] = {}
    added_now: dict[tuple[str, str], int] = {}
    into: list[tuple[int | None, int | None]] = []  # per row: (stored id, added place)
    added: list[int] = []  # the rows of the batch that add a contact
    for row, (new, keys) in enumerate(batch):
        name_key = new.name_key
        stored = existing.get(name_key, {})
        found = [stored[key] for key in keys if key in stored]
        found += [stored_now[pair] for key in keys if (pair := (name_key, key)) in stored_now]
        target = min(found) if found else None
        place = None
        if target is None:
            hits = [added_now[pair] for key in keys if (pair := (name_key, key)) in added_now]
            place = min(hits) if hits else None
        into.append((target, place))
        if target is None and place is None:
            place = len(added)
            added.append(row)
        for key in keys:
            pair = (name_key, key)
            if target is not None:
                stored_now[pair] = min(stored_now.get(pair, target), target)
            elif place is not None:
                added_now[pair] = min(added_now.get(pair, place), place)
    # The stored contacts merged into, read in one go, then merged in the file's order.
    before: dict[int, Contact] = {}
    for contact in writes.get_many(sorted({target for target, _ in into if target})):
        assert contact.id is not None  # read back from the store: it has its id
        before[contact.id] = contact
    updates = dict(before)
    grown: dict[int, Contact] = {}  # added contacts later rows merged into, by place
    merged = 0
    for row, (target, place) in enumerate(into):
        if target is not None:
            # Read in this transaction, which has held the write lock since the matching.
            updates[target] = merge(updates[target], batch[row][0].contact())
        elif place is not None and added[place] != row:
            base = grown.get(place) or batch[added[place]][0].contact()
            grown[place] = merge(base, batch[row][0].contact())
        else:
            continue
        merged += 1
    # A file imported twice changes nothing: only contacts that gained something are
    # rewritten. (Before the inserts, so that the FTS index gets rowids in order.)
    changed = {key: contact for key, contact in updates.items() if contact != before[key]}
    if run is not None and changed:
        writes.before_merging(run, {key: before[key].updated_at for key in changed})
    for contact in changed.values():
        writes.update(contact)
    if run is not None and changed:
        writes.after_merging(run, list(changed))
    ids = writes.add_prepared(
        [
            writes.prepare(grown[place]) if place in grown else batch[row][0]
            for place, row in enumerate(added)
        ]
    )
    if run is not None and ids:
        writes.added(run, ids[0], ids[-1])
    return len(added), merged


def _stored_duplicates(writes: ImportBatch[Any], batch: list[_Staged]) -> dict[str, dict[str, int]]:
    """name key -> number key -> the stored contact (the oldest) with that name and
    number, for the numbers of a batch: one query for the batch, where asking
    find_duplicate for each contact would be a query per row."""
    valid: set[str] = set()
    invalid: set[str] = set()
    for _new, keys in batch:
        for key in keys:
            (invalid if key.startswith(_RAW) else valid).add(key.removeprefix(_RAW))
    if not valid and not invalid:
        return {}
    found: dict[str, dict[str, int]] = {}
    for number, is_valid, contact_id, name_key in writes.holders(sorted(valid), sorted(invalid)):
        key = number if is_valid else _RAW + number
        found.setdefault(name_key, {}).setdefault(key, contact_id)
    return found


def merge(base: Contact, extra: Contact) -> Contact:
    """`base` with the numbers of `extra` it lacks, its e-mail addresses and owners, and
    the fields `base` leaves empty. Nothing of `base` is overwritten."""
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
        owners=tuple(dict.fromkeys((*base.owners, *extra.owners))),
    )


def _phone_key(phone: Phone) -> str:
    """What makes two numbers the same: the E.164 form of a valid number, the digits of
    an invalid one (so a file imported twice does not double its flagged contacts)."""
    if phone.valid and phone.e164:
        return phone.e164
    return _RAW + search_digits(phone.number)
