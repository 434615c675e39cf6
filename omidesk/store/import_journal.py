"""The undo journal of contact imports: what a run added and changed, to undo it batch by batch."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence

from omidesk.store.contacts import ContactStore, NewContact
from omidesk.store.db import Database, InTransaction
from omidesk.store.processes import owns

log = logging.getLogger(__name__)

# Contacts one undo step deletes in its own transaction (or journal entries it clears):
# the write lock is held for one step at a time (some 40 ms, at most 90, measured over
# 75,000 contacts), and a step interrupted by a crash is simply done again.
UNDO_BATCH = 500
# Putting back a contact costs about this many times deleting one (it is rewritten and
# indexed again): a step puts back that many times fewer.
_RESTORE_COST = 10
# A run that has written nothing for this long was left by a crash, whatever its pid says
# (pids are reused). A live import writes a batch, or an undo step, well within a second.
STALE_AFTER_S = 600.0


class ImportRun:
    """The journal of one import, written in the transactions of its batches through
    their ContactStore: each batch commits its contacts and what undoes them together."""

    def __init__(self, run_id: int) -> None:
        self.id = run_id

    @staticmethod
    def begin(store: ContactStore) -> ImportRun:
        now = time.time()
        with store.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO import_runs (started_at, beat_at, pid) VALUES (?, ?, ?)",
                (now, now, os.getpid()),
            )
        return ImportRun(int(cursor.lastrowid or 0))

    def beat(self, store: ContactStore) -> bool:
        """Says the run is alive; False when an undo of it has begun (another process took
        it for dead), and the import must write no more."""
        with store.db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE import_runs SET beat_at = ? WHERE id = ? AND NOT undoing",
                (time.time(), self.id),
            )
        return cursor.rowcount == 1

    def before_merging(self, store: ContactStore, updated_at: Mapping[int, float]) -> None:
        """Keeps the stored contacts about to be rewritten (id -> its updated_at now) as
        they are, to be put back by an undo: all but those it keeps already, unchanged
        since the run last wrote them. One changed since by someone else is kept as it is
        now: undo must not take back their edit. (Those the run added too: put back as the
        run added them, an undo then deletes them, unless edited.)"""
        wanted = json.dumps(sorted(updated_at))
        with store.db.reading() as conn:
            kept = dict(
                conn.execute(
                    "SELECT contact_id, written_at FROM import_merged"
                    " WHERE run_id = ? AND contact_id IN (SELECT value FROM json_each(?))",
                    (self.id, wanted),
                ).fetchall()
            )
        due = [contact for contact, updated in updated_at.items() if kept.get(contact) != updated]
        if not due:
            return
        stored = store.as_stored(due)
        with store.db.transaction() as conn:
            # written_at is the contact's updated_at until after_merging says what the run
            # wrote.
            conn.executemany(
                "INSERT OR REPLACE INTO import_merged (run_id, contact_id, written_at, before)"
                " VALUES (?, ?, ?, ?)",
                [
                    (self.id, contact_id, updated_at[contact_id], _dump(stored[contact_id]))
                    for contact_id in due
                    if contact_id in stored
                ],
            )

    def after_merging(self, store: ContactStore, ids: Sequence[int]) -> None:
        """Notes the updated_at the run wrote on the contacts it rewrote."""
        with store.db.transaction() as conn:
            conn.execute(
                "UPDATE import_merged SET written_at ="
                " (SELECT updated_at FROM contacts WHERE id = contact_id)"
                " WHERE run_id = ? AND contact_id IN (SELECT value FROM json_each(?))",
                (self.id, json.dumps(list(ids))),
            )

    def added(self, store: ContactStore, first_id: int, last_id: int) -> None:
        with store.db.transaction() as conn:
            conn.execute(
                "INSERT INTO import_added (run_id, first_id, last_id) VALUES (?, ?, ?)",
                (self.id, first_id, last_id),
            )

    def end(self, store: ContactStore) -> None:
        """The import is complete (in its last batch's transaction): never to be undone;
        `settle` then clears its journal."""
        with store.db.transaction() as conn:
            conn.execute("UPDATE import_runs SET complete = 1 WHERE id = ?", (self.id,))


def settle(db: Database, run_id: int, batch: int = 0) -> None:
    """Ends an import run's journal, `batch` (UNDO_BATCH) entries a transaction, the
    journal shrinking with each. A complete run's journal is cleared. Any other run is
    undone: the contacts it merged into are put back as they were, and those it added are
    deleted; a contact someone edited since the run wrote it is kept as they left it.
    Resumes where an interrupted settle stopped; a run already settled (or never
    committed) is nothing to do."""
    size = batch or UNDO_BATCH
    while _settle_step(db, run_id, size):
        pass


def _settle_step(db: Database, run_id: int, size: int) -> bool:
    """One transaction of settle; False once the run is gone."""
    with db.transaction() as conn:
        # Taken over: this process now keeps it alive, and the import (if it still runs
        # after all) stops at its next batch.
        found = conn.execute(
            "UPDATE import_runs SET undoing = NOT complete, pid = ?, beat_at = ? WHERE id = ?"
            " RETURNING complete",
            (os.getpid(), time.time(), run_id),
        ).fetchone()
        if found is None:
            return False
        store = ContactStore(InTransaction(db, conn))
        if found[0]:
            return _clear_step(conn, run_id, size)
        # The merges first: a contact the run added, then merged more rows into, is put back
        # as it was added (or as someone edited it meanwhile), and then deleted with the
        # others it added, unless edited.
        merged = conn.execute(
            "SELECT m.contact_id, m.written_at, m.before, c.updated_at FROM import_merged m"
            " LEFT JOIN contacts c ON c.id = m.contact_id"
            " WHERE m.run_id = ? ORDER BY m.contact_id LIMIT ?",
            (run_id, max(size // _RESTORE_COST, 1)),
        ).fetchall()
        for contact_id, written_at, before, updated_at in merged:
            if updated_at is None:
                log.info("import %d: contact %d, deleted since, stays so", run_id, contact_id)
            elif updated_at != written_at:
                log.info("import %d: contact %d, edited since, kept so", run_id, contact_id)
            else:
                store.put_back(contact_id, _load(before))
        if merged:
            conn.execute(
                "DELETE FROM import_merged WHERE run_id = ? AND contact_id BETWEEN ? AND ?",
                (run_id, merged[0][0], merged[-1][0]),
            )
            return True
        span = conn.execute(
            "SELECT first_id, last_id FROM import_added WHERE run_id = ?"
            " ORDER BY first_id DESC LIMIT 1",
            (run_id,),
        ).fetchone()
        if span is None:
            return _clear_step(conn, run_id, size)
        first, last = span
        low = max(first, last - size + 1)
        # One the agent edited meanwhile (its updated_at moved on) is theirs now: kept.
        store.delete_between(low, last, unedited=True)
        if low == first:
            conn.execute(
                "DELETE FROM import_added WHERE run_id = ? AND first_id = ?", (run_id, first)
            )
        else:
            conn.execute(
                "UPDATE import_added SET last_id = ? WHERE run_id = ? AND first_id = ?",
                (low - 1, run_id, first),
            )
        return True


def _clear_step(conn: sqlite3.Connection, run_id: int, size: int) -> bool:
    """Deletes `size` entries of the run's journal of merges, or the run once none are
    left; False then."""
    cursor = conn.execute(
        "DELETE FROM import_merged WHERE run_id = ? AND contact_id IN"
        " (SELECT contact_id FROM import_merged WHERE run_id = ? ORDER BY contact_id LIMIT ?)",
        (run_id, run_id, size),
    )
    if cursor.rowcount > 0:
        return True
    # Its added ranges go with it (ON DELETE CASCADE).
    conn.execute("DELETE FROM import_runs WHERE id = ?", (run_id,))
    return False


def abandoned(db: Database) -> list[int]:
    """The import runs that processes no longer running left (killed, crashed, or failing
    to undo): one query, nearly always finding none. A run of a live process (another
    OmiDesk importing now) is not among them; one whose pid a process started after has
    taken is. Measured from beat_at, not started_at: the pid that last beat is the run's
    owner then, and an undo takes a run over (its pid, its beat) from a process that may
    have started long after the import began."""
    with db.reading() as conn:
        rows = conn.execute("SELECT id, pid, beat_at FROM import_runs").fetchall()
    now = time.time()
    return [
        run_id
        for run_id, pid, beat_at in rows
        if now - beat_at > STALE_AFTER_S or not owns(pid, beat_at)
    ]


def undo_abandoned(db: Database) -> int:
    """Undoes the imports `abandoned` finds half written, and clears the journals of
    complete ones; returns how many runs."""
    dead = abandoned(db)
    for run_id in dead:
        log.warning("settling import %d, left by a process no longer running", run_id)
        settle(db, run_id)
    return len(dead)


def _dump(stored: NewContact) -> str:
    # JSON writes floats so that they read back the same: times are restored exactly.
    return json.dumps([stored.row, stored.phone_rows], ensure_ascii=False)


def _load(text: str) -> NewContact:
    row, phone_rows = json.loads(text)
    return NewContact(tuple(row), tuple(tuple(phone) for phone in phone_rows))


class Journal:
    """The import journal of one database, as the recovery after a crash sees it
    (usecases.ports.ImportJournal)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def abandoned(self) -> list[int]:
        return abandoned(self.db)

    def undo_abandoned(self) -> int:
        return undo_abandoned(self.db)
