"""The contact book: contacts and their numbers, written and read (the search planner is
contact_search's)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from omidesk.domain.contacts import (
    Contact,
    ContactSummary,
    Phone,
    list_columns,
    search_digits_of,
    words,
)
from omidesk.store.contact_search import (
    ORDER,
    book_size,
    count_matches,
    parse_query,
    search_page,
)
from omidesk.store.db import Database

# How long the number of contacts (which only steers how a search runs) is taken as read,
# for contacts another OmiDesk adds; this store's own writes read it again at once.
_SIZE_TTL_S = 10.0

_CONTACT_COLUMNS = (
    "id, name, company, email, note, favorite, owners, created_at, updated_at, last_called_at"
)
_PHONE_COLUMNS = "contact_id, number, label, e164, valid, converted_from, display"
# A contacts row but the id, and a phones row but its id and contact id, in the order of
# NewContact.row and NewContact.phone_rows: a contact as stored, to the last column.
_ROW_COLUMNS = (
    "name, company, email, note, favorite, owners, created_at, updated_at, last_called_at,"
    " folded, name_key, phone_digits, list_number, phone_count, flagged"
)
_PHONE_ROW_COLUMNS = "position, number, label, e164, valid, converted_from, digits, display"
_ROW_ASSIGNMENTS = ", ".join(f"{column} = ?" for column in _ROW_COLUMNS.split(", "))
# What the list shows of each contact (ContactSummary's fields, in order), one row each,
# in the order asked: the contacts row alone, which carries what the list shows of the
# numbers (list_columns, written with them).
_SUMMARIES = (
    "SELECT c.id, c.name, c.company, c.favorite, c.list_number, c.phone_count, c.flagged"
    " FROM json_each(?) j JOIN contacts c ON c.id = j.value ORDER BY j.key"
)
# The FTS5 indexes over contacts (external content) and the column each one indexes.
_FTS_TABLES = (("contacts_words", "folded"), ("contacts_digits", "phone_digits"))


@dataclass(frozen=True, slots=True)
class NewContact:
    """A contact as add_many writes it, worked out ahead: its contacts row but the id, and
    its phones rows but the contact id, folded texts and digit forms included. An import
    works them out as it reads, before it takes the write lock, and sets them aside as
    plain tuples (quick to store away and to load back)."""

    # name, company, email, note, favorite, owners, created_at, updated_at (0: when
    # written), last_called_at, folded, name_key, phone_digits, list_number, phone_count,
    # flagged
    row: tuple[Any, ...]
    # position, number, label, e164, valid, converted_from, digits, display
    phone_rows: tuple[tuple[Any, ...], ...]

    @staticmethod
    def of(contact: Contact) -> NewContact:
        digits = [search_digits_of(phone) for phone in contact.phones]
        return NewContact(
            (
                contact.name,
                contact.company,
                contact.email,
                contact.note,
                int(contact.favorite),
                _owners(contact.owners),
                contact.created_at,
                contact.updated_at,
                contact.last_called_at,
                *_index_texts(contact, digits),
                *_list_columns(contact),
            ),
            tuple(_phone_rows(contact, digits)),
        )

    @property
    def name_key(self) -> str:
        """The folded words of the name: with a number, what makes two contacts the same."""
        return str(self.row[10])

    def contact(self) -> Contact:
        """The contact back, as the store would read it once written (but the id)."""
        name, company, email, note, favorite, owners, created, updated, called = self.row[:9]
        return Contact(
            name=name,
            phones=tuple(
                Phone(number, label, e164, bool(valid), converted_from, formatted=display)
                for _, number, label, e164, valid, converted_from, _, display in self.phone_rows
            ),
            company=company,
            email=email,
            note=note,
            favorite=bool(favorite),
            owners=tuple(owner for owner in owners.split(",") if owner),
            created_at=created,
            updated_at=updated,
            last_called_at=called,
        )


class ContactStore:
    """Reads and writes the `contacts` and `phones` tables of one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # About how many contacts there are, and when it was read (see _SIZE_TTL_S).
        self._size = 0
        self._size_read_at: float | None = None

    # --- writing -------------------------------------------------------------------------

    def add(self, contact: Contact) -> int:
        return self.add_many([contact])[0]

    def add_many(self, contacts: Iterable[Contact]) -> list[int]:
        """Adds every contact in one transaction: all of them or, on error, none. The ids
        come back in the order of the contacts."""
        # Everything is worked out before the write lock is taken, which is held only
        # for the inserts.
        return self.add_prepared([NewContact.of(contact) for contact in contacts])

    def add_prepared(self, contacts: Sequence[NewContact]) -> list[int]:
        """add_many of contacts worked out ahead (NewContact.of)."""
        if not contacts:
            return []
        now = time.time()
        with self.db.transaction() as conn:
            # Ids are handed out here, under the write lock, so that the phones can be
            # inserted with executemany instead of one statement per contact. Never one an
            # import still being written has used, even if deleted since: undoing that
            # import deletes its ids, and must not take a contact added meanwhile with it.
            first = int(
                conn.execute(
                    "SELECT MAX((SELECT COALESCE(MAX(id), 0) FROM contacts),"
                    " (SELECT COALESCE(MAX(last_id), 0) FROM import_added)) + 1"
                ).fetchone()[0]
            )
            last = first + len(contacts) - 1
            conn.executemany(
                f"INSERT INTO contacts (id, {_ROW_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (first + index, *new.row[:6], *_times(new.row, now), *new.row[8:])
                    for index, new in enumerate(contacts)
                ],
            )
            conn.executemany(
                _INSERT_PHONE,
                [
                    (first + index, *row)
                    for index, new in enumerate(contacts)
                    for row in new.phone_rows
                ],
            )
            _index(conn, first, last)
            _stamp_from_calls(conn, first, last)
        self._size_read_at = None
        return list(range(first, last + 1))

    def update(self, contact: Contact) -> None:
        """Rewrites the contact and replaces its numbers. Creation and last-call times
        stay as stored: the contact being edited may have been loaded before a call."""
        if contact.id is None:
            raise ValueError("update needs a contact id")
        digits = [search_digits_of(phone) for phone in contact.phones]
        with self.db.transaction() as conn:
            _unindex(conn, contact.id, contact.id)
            cursor = conn.execute(
                "UPDATE contacts SET name = ?, company = ?, email = ?, note = ?, favorite = ?,"
                " owners = ?, updated_at = ?, folded = ?, name_key = ?, phone_digits = ?,"
                " list_number = ?, phone_count = ?, flagged = ?"
                " WHERE id = ?",
                (
                    contact.name,
                    contact.company,
                    contact.email,
                    contact.note,
                    int(contact.favorite),
                    _owners(contact.owners),
                    time.time(),
                    *_index_texts(contact, digits),
                    *_list_columns(contact),
                    contact.id,
                ),
            )
            if cursor.rowcount == 0:
                raise LookupError(f"no contact with id {contact.id}")
            conn.execute("DELETE FROM phones WHERE contact_id = ?", (contact.id,))
            conn.executemany(
                _INSERT_PHONE, [(contact.id, *row) for row in _phone_rows(contact, digits)]
            )
            _index(conn, contact.id, contact.id)
            _stamp_from_calls(conn, contact.id, contact.id)

    def delete(self, contact_id: int) -> None:
        self.delete_between(contact_id, contact_id)

    def delete_between(self, first_id: int, last_id: int, *, unedited: bool = False) -> None:
        """Deletes the contacts with ids first_id..last_id (those there are), in one
        statement per table; only those never changed since they were added (updated_at
        still created_at), if `unedited`: what undoing an import does to the contacts it
        added."""
        where = "id BETWEEN ? AND ?" + (" AND updated_at = created_at" if unedited else "")
        with self.db.transaction() as conn:
            _unindex(conn, first_id, last_id, where)
            # The phones go with them (ON DELETE CASCADE).
            conn.execute(f"DELETE FROM contacts WHERE {where}", (first_id, last_id))
        self._size_read_at = None

    def put_back(self, contact_id: int, stored: NewContact) -> None:
        """Writes a contact back exactly as `as_stored` read it, times included (where
        `update` would stamp it edited now): what undoing an import's merge does. Calls
        made since to its numbers count, as they would have."""
        with self.db.transaction() as conn:
            _unindex(conn, contact_id, contact_id)
            cursor = conn.execute(
                f"UPDATE contacts SET {_ROW_ASSIGNMENTS} WHERE id = ?", (*stored.row, contact_id)
            )
            if cursor.rowcount == 0:
                raise LookupError(f"no contact with id {contact_id}")
            conn.execute("DELETE FROM phones WHERE contact_id = ?", (contact_id,))
            conn.executemany(_INSERT_PHONE, [(contact_id, *row) for row in stored.phone_rows])
            _index(conn, contact_id, contact_id)
            _stamp_from_calls(conn, contact_id, contact_id)

    def set_favorite(self, contact_id: int, favorite: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE contacts SET favorite = ?, updated_at = ? WHERE id = ?",
                (int(favorite), time.time(), contact_id),
            )

    # --- writing from the event loop's thread ----------------------------------------------
    # The window's edits: each awaits the write lock that an import's batch may hold (for
    # about a tenth of a second), the window running on meanwhile (transaction_async).

    async def add_async(self, contact: Contact) -> int:
        """`add`, awaiting the write lock."""
        prepared = [NewContact.of(contact)]  # worked out before the lock is taken
        ids = await self.db.transaction_async(lambda db: ContactStore(db).add_prepared(prepared))
        self._size_read_at = None
        return ids[0]

    async def update_async(self, contact: Contact) -> None:
        """`update`, awaiting the write lock."""
        await self.db.transaction_async(lambda db: ContactStore(db).update(contact))

    async def delete_async(self, contact_id: int) -> None:
        """`delete`, awaiting the write lock."""
        await self.db.transaction_async(lambda db: ContactStore(db).delete(contact_id))
        self._size_read_at = None

    async def set_favorite_async(self, contact_id: int, favorite: bool) -> None:
        """`set_favorite`, awaiting the write lock."""
        await self.db.transaction_async(
            lambda db: ContactStore(db).set_favorite(contact_id, favorite)
        )

    # --- reading -------------------------------------------------------------------------

    def get(self, contact_id: int) -> Contact | None:
        found = self.get_many([contact_id])
        return found[0] if found else None

    def get_many(self, ids: Sequence[int]) -> list[Contact]:
        """The contacts with these ids, in the given order; unknown ids are left out."""
        if not ids:
            return []
        with self.db.reading() as conn:
            rows, phone_rows = _rows_of(conn, ids, _CONTACT_COLUMNS, _PHONE_COLUMNS)
        phones: dict[int, list[Phone]] = {}
        for row in phone_rows:
            phones.setdefault(row["contact_id"], []).append(_phone(row))
        by_id = {row["id"]: _contact(row, phones.get(row["id"], ())) for row in rows}
        return [by_id[contact_id] for contact_id in ids if contact_id in by_id]

    def as_stored(self, ids: Sequence[int]) -> dict[int, NewContact]:
        """The contacts with these ids as their rows hold them, every column but the ids
        (unknown ids are left out): what `put_back` writes back."""
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # plain tuples, as NewContact holds them
            rows, phone_rows = _rows_of(
                cursor, ids, f"id, {_ROW_COLUMNS}", f"contact_id, {_PHONE_ROW_COLUMNS}"
            )
        phones: dict[int, list[tuple[Any, ...]]] = {}
        for contact_id, *phone_row in phone_rows:
            phones.setdefault(contact_id, []).append(tuple(phone_row))
        return {
            contact_id: NewContact(tuple(row), tuple(phones.get(contact_id, ())))
            for contact_id, *row in rows
        }

    def summaries(self, ids: Sequence[int]) -> list[ContactSummary]:
        """What the list shows of these contacts, in the given order; unknown ids are left
        out. Only the columns a row draws, with no Contact or Phone built: what painting
        a screenful waits for. The same as ContactSummary.of(get(id))."""
        if not ids:
            return []
        # The ids as a JSON array, built by str.join: json.dumps takes as long as reading
        # a few rows.
        wanted = "[" + ",".join(map(str, map(int, ids))) + "]"
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # plain tuples: no Row objects for a few columns
            rows = cursor.execute(_SUMMARIES, (wanted,)).fetchall()
        # tuple.__new__ builds each straight from its values, as the named tuple's own
        # __new__ would, without a Python call a row.
        new = tuple.__new__
        return [
            new(ContactSummary, (id_, name, company, bool(favorite), number, count, bool(flagged)))
            for id_, name, company, favorite, number, count, flagged in rows
        ]

    def count(self, query: str = "") -> int:
        parsed = parse_query(query)
        with self.db.reading() as conn:
            return count_matches(conn, parsed)

    def search(self, query: str = "", limit: int = 50, offset: int = 0) -> list[Contact]:
        """Best match first: exact name, name starting with the query, favourites, recently
        called, then by name. Never fails on what the agent types."""
        with self.db.reading():
            return self.get_many(self.search_ids(query, limit, offset))

    def call_mark(self) -> int:
        """Where the call history stands now (its last row's id): what `called_since` is
        asked against. One index lookup."""
        with self.db.reading() as conn:
            (mark,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM calls").fetchone()
        return int(mark)

    def called_since(self, mark: int) -> set[int]:
        """The contacts one of whose numbers was called after `mark` (a `call_mark`): few,
        read from the calls since and the numbers' index."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT DISTINCT p.contact_id FROM calls k"
                " JOIN phones p ON p.e164 = k.e164"
                " WHERE k.id > ? AND k.e164 IS NOT NULL",
                (mark,),
            ).fetchall()
        return {int(row[0]) for row in rows}

    def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]:
        """The ids `search` would return, in its order: for list models that fetch rows
        only when they are shown."""
        if limit <= 0:
            return []
        offset = max(offset, 0)
        parsed = parse_query(query)
        with self.db.reading() as conn:
            return search_page(conn, parsed, limit, offset, self._contacts(conn))

    def _contacts(self, conn: sqlite3.Connection) -> int:
        """About how many contacts there are, read again at most every _SIZE_TTL_S: it only
        steers how a search runs (its results are the same either way)."""
        now = time.monotonic()
        if self._size_read_at is None or now - self._size_read_at > _SIZE_TTL_S:
            self._size, self._size_read_at = book_size(conn), now
        return self._size

    def by_e164(self, e164: str) -> Contact | None:
        """The contact a number belongs to (the best ranked, if several share it)."""
        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT id FROM contacts WHERE id IN"
                f" (SELECT contact_id FROM phones WHERE e164 = ?) ORDER BY {ORDER} LIMIT 1",
                (e164,),
            ).fetchone()
            return self.get(row["id"]) if row else None

    def names_for(self, e164s: Iterable[str]) -> dict[str, str]:
        """e164 -> the name of the contact it belongs to, for numbers that have one."""
        wanted = json.dumps(sorted(set(e164s)))
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT p.e164, c.name FROM phones p JOIN contacts c ON c.id = p.contact_id"
                " WHERE p.e164 IN (SELECT value FROM json_each(?))"
                " ORDER BY c.favorite DESC, c.last_called_at DESC, c.name_key, c.id",
                (wanted,),
            ).fetchall()
        names: dict[str, str] = {}
        for row in rows:
            names.setdefault(row["e164"], row["name"])
        return names

    def numbers_of(self, ids: Sequence[int]) -> list[tuple[int, str, str, str, str, str, str]]:
        """The valid numbers of these contacts, in the order of `ids` then of each contact's
        numbers: (contact id, name, company, number as shown, label, e164, search digits).
        What the dial field's drop-down lists, one row a number, with no Contact built."""
        if not ids:
            return []
        wanted = "[" + ",".join(map(str, map(int, ids))) + "]"
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # plain tuples, as the drop-down holds them
            return cursor.execute(
                "SELECT c.id, c.name, c.company, COALESCE(p.display, p.number), p.label,"
                " p.e164, p.digits FROM json_each(?) j JOIN contacts c ON c.id = j.value"
                " JOIN phones p ON p.contact_id = c.id"
                " WHERE p.valid AND p.e164 IS NOT NULL ORDER BY j.key, p.position",
                (wanted,),
            ).fetchall()

    def favorites(self, limit: int = 20) -> list[Contact]:
        with self.db.reading() as conn:
            ids = [
                row["id"]
                for row in conn.execute(
                    f"SELECT id FROM contacts WHERE favorite = 1 ORDER BY {ORDER} LIMIT ?",
                    (limit,),
                )
            ]
            return self.get_many(ids)

    def find_duplicate(self, contact: Contact) -> int | None:
        """A stored contact with the same folded name sharing a valid number, if any."""
        e164s = sorted({phone.e164 for phone in contact.phones if phone.valid and phone.e164})
        if not e164s:
            return None
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT c.id FROM phones p JOIN contacts c ON c.id = p.contact_id"
                " WHERE p.e164 IN (SELECT value FROM json_each(?)) AND c.name_key = ?"
                " AND c.id IS NOT ? ORDER BY c.id LIMIT 1",
                (json.dumps(e164s), " ".join(words(contact.name)), contact.id),
            ).fetchone()
        return int(row["id"]) if row else None


# --- writing helpers -----------------------------------------------------------------------


def _index_texts(contact: Contact, digits: list[str]) -> tuple[str, str, str]:
    """`folded` (the words of name and company, as the word index holds them), `name_key`
    (the words of the name alone) and `phone_digits` (`digits` of every number, "|"
    between numbers)."""
    name_words = words(contact.name)
    return (
        " ".join(name_words + words(contact.company)),
        " ".join(name_words),
        "|".join(digits),
    )


def _list_columns(contact: Contact) -> tuple[str, int, int]:
    """`list_number`, `phone_count` and `flagged` of the contacts row."""
    number, count, flagged = list_columns(contact.phones)
    return number, count, int(flagged)


def _owners(owners: Iterable[str]) -> str:
    return ",".join(owner.strip() for owner in owners if owner.strip())


_INSERT_PHONE = (
    "INSERT INTO phones (contact_id, position, number, label, e164, valid, converted_from,"
    " digits, display) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _times(row: tuple[Any, ...], now: float) -> tuple[float, float]:
    """created_at and updated_at of a NewContact's row, now when it gives none."""
    created = row[6] or now
    return created, row[7] or created


def _phone_rows(contact: Contact, digits: list[str]) -> list[tuple[Any, ...]]:
    """The phones rows of a contact, but the contact id."""
    return [
        (
            position,
            phone.number,
            phone.label,
            phone.e164,
            int(phone.valid),
            phone.converted_from,
            phone_digits,
            # What the list shows, kept so that showing it formats nothing.
            phone.display if phone.valid and phone.e164 else None,
        )
        for position, (phone, phone_digits) in enumerate(zip(contact.phones, digits, strict=True))
    ]


def _index(conn: sqlite3.Connection, first_id: int, last_id: int) -> None:
    """Adds contacts first_id..last_id and their numbers to the FTS5 indexes. (One
    statement per index: see the schema for why there are no triggers. In rowid order:
    FTS5 flushes its pending terms whenever a rowid comes out of order.)"""
    for table, column in _FTS_TABLES:
        conn.execute(
            f"INSERT INTO {table} (rowid, {column})"
            f" SELECT id, {column} FROM contacts WHERE id BETWEEN ? AND ? ORDER BY id",
            (first_id, last_id),
        )


def _unindex(
    conn: sqlite3.Connection, first_id: int, last_id: int, where: str = "id BETWEEN ? AND ?"
) -> None:
    """Takes contacts first_id..last_id (those meeting `where`, whose two parameters are
    those) and their numbers out of the FTS5 indexes, which must be told the indexed text
    as it was: do it before changing or deleting the rows. (In rowid order, as _index.)"""
    for table, column in _FTS_TABLES:
        conn.execute(
            f"INSERT INTO {table} ({table}, rowid, {column})"
            f" SELECT 'delete', id, {column} FROM contacts WHERE {where} ORDER BY id",
            (first_id, last_id),
        )


def _stamp_from_calls(conn: sqlite3.Connection, first_id: int, last_id: int) -> None:
    """Gives newly written contacts the time their numbers were last called, as the calls
    trigger does for calls made after."""
    if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM calls)").fetchone()[0]:
        return
    conn.execute(
        "UPDATE contacts SET last_called_at = stamp.at FROM ("
        " SELECT p.contact_id AS id, MAX(k.created_at) AS at FROM phones p"
        " JOIN calls k ON k.e164 = p.e164 WHERE p.contact_id BETWEEN ? AND ?"
        " GROUP BY p.contact_id) AS stamp"
        " WHERE contacts.id = stamp.id"
        " AND (contacts.last_called_at IS NULL OR contacts.last_called_at < stamp.at)",
        (first_id, last_id),
    )


# --- reading helpers -----------------------------------------------------------------------


def _rows_of(
    conn: sqlite3.Connection | sqlite3.Cursor, ids: Sequence[int], columns: str, phone_columns: str
) -> tuple[list[Any], list[Any]]:
    """`columns` of the contacts rows with these ids, and `phone_columns` of their phones
    rows, by contact and position."""
    wanted = json.dumps([int(contact_id) for contact_id in ids])
    rows = conn.execute(
        f"SELECT {columns} FROM contacts WHERE id IN (SELECT value FROM json_each(?))", (wanted,)
    ).fetchall()
    phone_rows = conn.execute(
        f"SELECT {phone_columns} FROM phones WHERE contact_id IN (SELECT value FROM json_each(?))"
        " ORDER BY contact_id, position",
        (wanted,),
    ).fetchall()
    return rows, phone_rows


def _phone(row: sqlite3.Row) -> Phone:
    return Phone(
        number=row["number"],
        label=row["label"],
        e164=row["e164"],
        valid=bool(row["valid"]),
        converted_from=row["converted_from"],
        formatted=row["display"],
    )


def _contact(row: sqlite3.Row, phones: Iterable[Phone]) -> Contact:
    return Contact(
        id=row["id"],
        name=row["name"],
        phones=tuple(phones),
        company=row["company"],
        email=row["email"],
        note=row["note"],
        favorite=bool(row["favorite"]),
        owners=tuple(owner for owner in row["owners"].split(",") if owner),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_called_at=row["last_called_at"],
    )
