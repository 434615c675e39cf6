"""The store's side of contact files: an import's batched writes with their undo journal,
and the book as an export reads it (the ports of usecases.import_contacts and
usecases.export_contacts)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from omidesk.domain.contacts import Contact
from omidesk.infra.interpreter import collector_paused
from omidesk.store.contacts import ContactStore, NewContact
from omidesk.store.db import Database, InTransaction
from omidesk.store.import_journal import ImportRun, settle


class ImportTarget:
    """The contact book of one Database as an import writes it (ImportStore)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def prepare(contact: Contact) -> NewContact:
        return NewContact.of(contact)

    @contextlib.contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """The connection set up for a run of many writes (Database.bulk_writing), and
        Python's cyclic garbage collector paused: the objects an import makes by the
        hundred thousand hold no cycles, and walking them over and over cost 5 % of it."""
        with self.db.bulk_writing(), collector_paused():
            yield

    @contextlib.contextmanager
    def batch(self) -> Iterator[ImportTransaction]:
        """One transaction, its writes made through the ImportTransaction given."""
        with self.db.transaction() as conn:
            yield ImportTransaction(ContactStore(InTransaction(self.db, conn)))

    def settle(self, run: int) -> None:
        settle(self.db, run)


class ImportTransaction:
    """The writes of one batch of an import, in its transaction (ImportBatch)."""

    def __init__(self, store: ContactStore) -> None:
        self.store = store

    def holders(
        self, e164s: Sequence[str], digits: Sequence[str]
    ) -> Iterable[tuple[str, bool, int, str]]:
        with self.store.db.reading() as conn:
            return conn.execute(
                "SELECT CASE WHEN p.valid THEN p.e164 ELSE p.digits END, p.valid, c.id,"
                " c.name_key FROM phones p JOIN contacts c ON c.id = p.contact_id"
                " WHERE p.e164 IN (SELECT value FROM json_each(?))"
                " OR (p.valid = 0 AND p.digits IN (SELECT value FROM json_each(?)))"
                " ORDER BY c.id",
                (json.dumps(list(e164s)), json.dumps(list(digits))),
            ).fetchall()

    def get_many(self, ids: Sequence[int]) -> list[Contact]:
        return self.store.get_many(ids)

    def update(self, contact: Contact) -> None:
        self.store.update(contact)

    @staticmethod
    def prepare(contact: Contact) -> NewContact:
        return NewContact.of(contact)

    def add_prepared(self, contacts: Sequence[NewContact]) -> list[int]:
        return self.store.add_prepared(contacts)

    def begin_run(self) -> int:
        return ImportRun.begin(self.store).id

    def beat(self, run: int) -> bool:
        return ImportRun(run).beat(self.store)

    def before_merging(self, run: int, updated_at: Mapping[int, float]) -> None:
        ImportRun(run).before_merging(self.store, updated_at)

    def after_merging(self, run: int, ids: Sequence[int]) -> None:
        ImportRun(run).after_merging(self.store, ids)

    def added(self, run: int, first_id: int, last_id: int) -> None:
        ImportRun(run).added(self.store, first_id, last_id)

    def end(self, run: int) -> None:
        ImportRun(run).end(self.store)


class ExportReader(ContactStore):
    """The contact book as an export reads it (ExportSource)."""

    def most_numbers(self) -> int:
        """The most numbers one contact has: how many Phone column pairs a CSV needs."""
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT COALESCE(MAX(n), 0)"
                " FROM (SELECT COUNT(*) AS n FROM phones GROUP BY contact_id)"
            ).fetchone()
        return int(row[0])


@contextlib.contextmanager
def import_target(path: Path) -> Iterator[ImportTarget]:
    """The book at `path` for one import, on a connection of its own opened in the calling
    thread (a worker's: the window's connection belongs to the Qt thread)."""
    with Database(path) as db:
        yield ImportTarget(db)


@contextlib.contextmanager
def export_reader(path: Path) -> Iterator[ExportReader]:
    """The book at `path` for one export, on a connection of its own (as import_target)."""
    with Database(path) as db:
        yield ExportReader(db)
