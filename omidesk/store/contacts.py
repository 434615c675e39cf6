"""The contact book: contacts and their numbers, and the search behind every keystroke."""

from __future__ import annotations

import functools
import json
import math
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from omidesk.domain.contacts import (
    Contact,
    ContactSummary,
    Phone,
    list_columns,
    search_digits_of,
    words,
)
from omidesk.domain.numbers import search_digits
from omidesk.store.db import Database

# A search ranks its matches outright when they are few, and otherwise walks the list's
# own order (the rank index) and stops once the page is full. Ranking n matches costs n
# row lookups; the walk reads about (offset + limit) x contacts / n index entries, each
# about _WALK_COST of a lookup: the two meet where n² = (offset + limit) x contacts x
# _WALK_COST. (Measured over 100,000 contacts, a page of 50: ranking 1.2-2 µs a match,
# walking 0.15-0.3 µs an entry; the two cross at 700 matches.) Never fewer than
# _CANDIDATE_CAP: a few hundred lookups are always cheap.
_CANDIDATE_CAP = 300
_WALK_COST = 0.1
# A full-text index lists its matches in id order, and ids are spread over the whole
# book as matches are: where the first _SAMPLE matches end tells about how many there are
# in all, so a search matching thousands reads _SAMPLE ids, not cap, before it walks.
# Only for one word or one run of digits, which often match thousands: several words
# together match few, and reading the rest after a sample costs as much as reading all.
_SAMPLE = 20
# How long the number of contacts (which only steers how a search runs) is taken as read,
# for contacts another OmiDesk adds; this store's own writes read it again at once.
_SIZE_TTL_S = 10.0
# Words and digits: fewer contacts meet both than either, so the walk would be longer;
# read up to this many times _CANDIDATE_CAP ids of each to find whether both match few.
_MIXED_FACTOR = 25
# Fewer digits than this are too short for the trigram index: they match the start of
# one of the number's forms instead.
_TRIGRAM = 3
# Beyond every character a name can hold: `key <= name_key < key + _TOP` is "name_key
# starts with key" in a form the name index can answer.
_TOP = "\U0010ffff"
# One query word made only of digits and the marks numbers are written with.
_NUMBER_WORD_RE = re.compile(r"\+?[\d().\-]*\d[\d().\-]*")
# The order of the whole list: favourites, then the most recently called, then by name
# (contacts_by_rank holds it).
_ORDER = "favorite DESC, last_called_at DESC, name_key, id"

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
class SearchQuery:
    """What a search text asks for: folded words (each a prefix of a word of the name or
    company) and digits (found anywhere in a number)."""

    words: tuple[str, ...]
    digits: str
    # Written with "+" or "00": a short prefix then means the start of the E.164 number.
    international: bool = False

    @property
    def empty(self) -> bool:
        return not self.words and not self.digits

    @property
    def key(self) -> str:
        """The words as a name would start with them, for "exact or prefix name first"."""
        return " ".join(self.words)


def parse_query(text: str) -> SearchQuery:
    """Splits a search text into name words and number digits. Never fails: anything that
    is neither a letter nor a digit is dropped, so FTS syntax cannot leak into a query."""
    # (Typed at every keystroke: what plain ASCII text needs no work is skipped.)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    word_parts: list[str] = []
    number_parts: list[str] = []
    for part in text.split():
        (number_parts if _NUMBER_WORD_RE.fullmatch(part) else word_parts).append(part)
    found = words(" ".join(word_parts)) if word_parts else []
    written = "".join(number_parts)
    digits = search_digits(written) if written else ""
    international = written.startswith("+")
    if digits.startswith("00") and len(digits) > len("00"):
        # "0084 90…" is "+84 90…" with the prefix dialled from Vietnam.
        digits, international = digits[2:], True
    # Nothing international starts with 0: "+0…" can only be a slip.
    international = international and not digits.startswith("0")
    return SearchQuery(tuple(found), digits, international)


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
            return _count(conn, parsed)

    def search(self, query: str = "", limit: int = 50, offset: int = 0) -> list[Contact]:
        """Best match first: exact name, name starting with the query, favourites, recently
        called, then by name. Never fails on what the agent types."""
        with self.db.reading():
            return self.get_many(self.search_ids(query, limit, offset))

    def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]:
        """The ids `search` would return, in its order: for list models that fetch rows
        only when they are shown."""
        if limit <= 0:
            return []
        offset = max(offset, 0)
        parsed = parse_query(query)
        with self.db.reading() as conn:
            return _search(conn, parsed, limit, offset, self._contacts(conn))

    def _contacts(self, conn: sqlite3.Connection) -> int:
        """About how many contacts there are, read again at most every _SIZE_TTL_S: it only
        steers how a search runs (its results are the same either way)."""
        now = time.monotonic()
        if self._size_read_at is None or now - self._size_read_at > _SIZE_TTL_S:
            self._size, self._size_read_at = _contacts(conn), now
        return self._size

    def by_e164(self, e164: str) -> Contact | None:
        """The contact a number belongs to (the best ranked, if several share it)."""
        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT id FROM contacts WHERE id IN"
                f" (SELECT contact_id FROM phones WHERE e164 = ?) ORDER BY {_ORDER} LIMIT 1",
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

    def favorites(self, limit: int = 20) -> list[Contact]:
        with self.db.reading() as conn:
            ids = [
                row["id"]
                for row in conn.execute(
                    f"SELECT id FROM contacts WHERE favorite = 1 ORDER BY {_ORDER} LIMIT ?",
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


# --- search ----------------------------------------------------------------------------------


class _Source(NamedTuple):
    """A SELECT of the ids of the contacts meeting one condition of a query (an id repeats
    when several of a contact's numbers match); whether a sample of its first matches
    tells how many it finds (in id order, of one term); whether counting them up to the
    cap is cheap next to listing them (an index range)."""

    sql: str
    args: tuple[Any, ...]
    sampled: bool = False
    counted: bool = False


def _sources(query: SearchQuery) -> list[_Source]:
    """One index lookup per condition of the query."""
    sources: list[_Source] = []
    if query.words:
        # Words hold only letters and digits, so quoting each one is enough to make any
        # FTS operator ("OR", "NEAR", "-", "*", quotes) a plain word.
        match = " ".join(f'"{word}"*' for word in query.words)
        sources.append(
            _Source(
                "SELECT rowid AS id FROM contacts_words WHERE contacts_words MATCH ?",
                (match,),
                sampled=len(query.words) == 1,
            )
        )
    if len(query.digits) >= _TRIGRAM:
        sources.append(
            _Source(
                "SELECT rowid AS id FROM contacts_digits WHERE contacts_digits MATCH ?",
                (f'"{query.digits}"',),
                sampled=True,
            )
        )
    elif query.international:
        # "+84", "+4": the start of the E.164 number (":" sorts right after "9").
        sources.append(
            _Source(
                "SELECT contact_id AS id FROM phones WHERE e164 >= ? AND e164 < ?",
                ("+" + query.digits, "+" + query.digits + ":"),
                counted=True,
            )
        )
    elif query.digits:
        # `digits` starts with the national form, whose first two digits phones_by_start
        # holds: a query this short is one of them, or both.
        sources.append(
            _Source(
                "SELECT contact_id AS id FROM phones"
                " WHERE substr(digits, 1, 2) >= ? AND substr(digits, 1, 2) < ?",
                (query.digits, query.digits + ":"),
                counted=True,
            )
        )
    return sources


def _row_filter(query: SearchQuery, first: int | None = None) -> tuple[str, tuple[Any, ...]]:
    """The whole query as a test on the columns of one contacts row that the rank index
    carries, matching exactly what `_sources` find: for walking that index, and for
    checking the other conditions of a mixed query on the few contacts one found. Its
    parameters are "?", or numbered from `first` on.

    "Starts with" is a range test rather than an instr() of a string built for each row
    (" " || folded): a walk tests hundreds of rows, and building those took half its time."""
    terms: list[tuple[str, tuple[str, ...]]] = []
    for word in query.words:
        # `folded` is words joined by single spaces: a word starts with `word` if the text
        # does or " word" is in it. (Cheaper test first: a walk's rows mostly fail both.)
        terms.append(
            (
                "(instr(folded, {}) > 0 OR (folded >= {} AND folded < {}))",
                (" " + word, word, word + _TOP),
            )
        )
    if len(query.digits) >= _TRIGRAM:
        terms.append(("instr(phone_digits, {}) > 0", (query.digits,)))
    elif query.international:
        # Of a number's forms only the international one follows a space and does not
        # start with 0 (the national one comes first, an old 11-digit one starts with 0).
        terms.append(("instr(phone_digits, {}) > 0", (" " + query.digits,)))
    elif query.digits:
        # A number's national form comes first: at the start, or after the "|" between
        # numbers.
        digits = query.digits
        terms.append(
            (
                "(instr(phone_digits, {}) > 0 OR (phone_digits >= {} AND phone_digits < {}))",
                ("|" + digits, digits, digits + _TOP),
            )
        )
    args = tuple(arg for _term, term_args in terms for arg in term_args)
    marks = (f"?{first + number}" if first is not None else "?" for number in range(len(args)))
    where = " AND ".join(
        term.format(*(next(marks) for _ in term_args)) for term, term_args in terms
    )
    return where or "1", args


def _ids(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[int]:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a page of Row objects costs a tenth of a search
    return [contact_id for (contact_id,) in cursor.execute(sql, tuple(args))]


def _cap(contacts: int, limit: int, offset: int) -> int:
    """Up to how many matches ranking them outright beats walking (see _WALK_COST), in a
    book of about `contacts`."""
    return max(math.isqrt(int((offset + limit) * contacts * _WALK_COST)), _CANDIDATE_CAP)


def _probe(conn: sqlite3.Connection, source: _Source, cap: int, contacts: int = 0) -> str | None:
    """The ids a source finds, as a JSON array (an id may repeat), if it finds at most
    `cap`; None when it finds more, or (given about how many `contacts` there are) when
    a sample or a count says so first. (JSON, built and read back by SQLite, costs a
    third of fetching the ids into Python.)"""
    sql, args, sampled, counted = source
    read = f"SELECT COUNT(*), MAX(id), json_group_array(id) FROM (SELECT id FROM ({sql}) LIMIT ?)"
    if contacts and sampled and cap > _SAMPLE:
        found, last, ids = conn.execute(read, (*args, _SAMPLE)).fetchone()
        if found < _SAMPLE:
            return str(ids)
        # The _SAMPLE matches up to id `last` make about _SAMPLE x contacts / last in all.
        if _SAMPLE * contacts > 2 * cap * last:
            return None
    elif contacts and counted:
        count = f"SELECT COUNT(*) FROM (SELECT 1 FROM ({sql}) LIMIT ?)"
        if conn.execute(count, (*args, cap + 1)).fetchone()[0] > cap:
            return None
    found, _last, ids = conn.execute(read, (*args, cap + 1)).fetchone()
    return str(ids) if found <= cap else None


def _json_length(conn: sqlite3.Connection, ids: str) -> int:
    return int(conn.execute("SELECT json_array_length(?)", (ids,)).fetchone()[0])


def _few(
    conn: sqlite3.Connection, query: SearchQuery, cap: int, contacts: int = 0
) -> tuple[str, bool] | None:
    """Candidates worth ranking outright, as a JSON array of ids, and whether they are
    exactly the matches (else they still need the whole query's row test); None when
    there are too many to rank, and the search walks instead. `contacts`, about how many
    there are, lets a probe stop early when there are many."""
    sources = _sources(query)
    if len(sources) == 1:
        found = _probe(conn, sources[0], cap, contacts)
        return None if found is None else (found, True)
    # Words and digits: each alone may match thousands of contacts, both together a few.
    # Reading further (the probes are cheap next to row lookups) tells.
    further = max(cap, _CANDIDATE_CAP * _MIXED_FACTOR)
    each = [_probe(conn, source, further) for source in sources]
    known = [found for found in each if found is not None]
    if known and len(known) == len(each):
        matches = known[0]
        for other in known[1:]:
            (matches,) = conn.execute(
                "SELECT json_group_array(DISTINCT value) FROM json_each(?)"
                " WHERE value IN (SELECT value FROM json_each(?))",
                (matches, other),
            ).fetchone()
        return (str(matches), True) if _json_length(conn, matches) <= cap else None
    sizes = [_json_length(conn, found) for found in known]
    if sizes and min(sizes) <= cap:
        return known[sizes.index(min(sizes))], False
    return None


def _count(conn: sqlite3.Connection, query: SearchQuery) -> int:
    """How many contacts the search lists in all."""
    if query.empty:
        return int(conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0])
    contacts = _contacts(conn)
    few = _few(conn, query, _cap(contacts, _CANDIDATE_CAP, 0))
    if few is not None:
        ids, exact = few
        if exact:
            sql = "SELECT COUNT(DISTINCT value) FROM json_each(?)"
            return int(conn.execute(sql, (ids,)).fetchone()[0])
        where, args = _row_filter(query)
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM contacts WHERE id IN (SELECT value FROM json_each(?))"
                f" AND {where}",
                (ids, *args),
            ).fetchone()[0]
        )
    if not (query.words and query.digits) and (query.words or len(query.digits) >= _TRIGRAM):
        # One full-text condition: its index counts fastest, and lists each contact once.
        sql, args, *_how = _sources(query)[0]
        return int(conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0])
    # Otherwise one pass over the rank index beats de-duplicating many numbers' contacts.
    where, args = _row_filter(query)
    return int(
        conn.execute(
            f"SELECT COUNT(*) FROM contacts INDEXED BY contacts_by_rank WHERE {where}", args
        ).fetchone()[0]
    )


def _contacts(conn: sqlite3.Connection) -> int:
    """About how many contacts there are: MAX(id) is one index probe, COUNT(*) a scan."""
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM contacts").fetchone()[0])


def _search(
    conn: sqlite3.Connection, query: SearchQuery, limit: int, offset: int, contacts: int
) -> list[int]:
    """The page of the search; `contacts`, about how many there are, steers how it runs."""
    if query.empty:
        return _walk_tier(conn, "1", (), limit, offset)
    page: list[int] = []
    # Words alone: the names starting with them come first and are read straight from
    # indexes at the query's place in the alphabet, a page's worth at most, whatever
    # their number; they fill most pages by themselves ("nguyen van a", "dang t"), so the
    # other matches are ranked or walked only for what is left. (With digits too, a name
    # range can hold thousands of names before one whose number matches: those first
    # find whether both together match few.)
    names_first = bool(query.words) and not query.digits
    if names_first:
        page, offset = _name_tiers(conn, query, limit, offset)
        if len(page) == limit:
            return page
    wanted = limit - len(page)
    few = _few(conn, query, _cap(contacts, wanted, offset), contacts)
    if few is not None:
        return page + _rank_few(conn, query, few, wanted, offset, rest_only=names_first)
    return page + _walk(conn, query, wanted, offset, rest_only=names_first)


def _rank_few(
    conn: sqlite3.Connection,
    query: SearchQuery,
    few: tuple[str, bool],
    limit: int,
    offset: int,
    *,
    rest_only: bool = False,
) -> list[int]:
    """Ranks a small set of candidates outright, keeping those meeting the whole query
    (only those whose name does not start with it, when `rest_only`)."""
    ids, exact = few
    where, args = ("1", ()) if exact else _row_filter(query)
    order = _ORDER
    order_args: tuple[Any, ...] = ()
    if query.words and rest_only:
        where, args = f"NOT (name_key >= ? AND name_key < ?) AND {where}", (*_span(query), *args)
    elif query.words:
        order = f"name_key = ? DESC, (name_key >= ? AND name_key < ?) DESC, {_ORDER}"
        order_args = (query.key, *_span(query))
    return _ids(
        conn,
        "SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(?))"
        f" AND {where} ORDER BY {order} LIMIT ? OFFSET ?",
        (ids, *args, *order_args, limit, offset),
    )


def _span(query: SearchQuery) -> tuple[str, str]:
    """The name keys starting with the query's words: from the first to before the last."""
    return query.key, query.key + _TOP


def _walk(
    conn: sqlite3.Connection,
    query: SearchQuery,
    limit: int,
    offset: int,
    *,
    rest_only: bool = False,
) -> list[int]:
    """Pages through many matches in rank order, stopping once the page is full.

    With words, matches fall in three tiers, each in list order: the name is exactly the
    query, the name starts with it (both read by _name_tiers; skipped when `rest_only`),
    then the rest, read by walking the rank index, which visits about
    limit x (contacts / matches) rows: few, because there are many matches."""
    where, args = _row_filter(query)
    if not query.words:
        return _walk_tier(conn, where, args, limit, offset)
    page: list[int] = []
    if not rest_only:
        page, offset = _name_tiers(conn, query, limit, offset)
        if len(page) == limit:
            return page
    # The rest: a word of the name or company (not the name's start) matches.
    rest_where = f"{where} AND NOT (name_key >= ? AND name_key < ?)"
    return page + _walk_tier(conn, rest_where, (*args, *_span(query)), limit - len(page), offset)


def _name_tiers(
    conn: sqlite3.Connection, query: SearchQuery, limit: int, offset: int
) -> tuple[list[int], int]:
    """The page's matches whose name is the query's words or starts with them, in list
    order; and, when they do not fill it, the offset left for the matches after them.

    One statement (_NAME_TIERS), each tier read from an index at the query's place in the
    alphabet and stopping once the page is full. A name starting with the words has them
    all as word prefixes, so only a mixed query's digits are tested on its rows."""
    key, top = _span(query)
    digits = SearchQuery((), query.digits, query.international) if query.digits else None
    where, args = _row_filter(digits, first=6) if digits else ("1", ())
    page = _ids(conn, _name_tiers_sql(where), (key, top, offset + limit, limit, offset, *args))
    if offset and not page:
        # None read: the page begins past the names starting with the words. How far?
        where, args = _row_filter(digits, first=3) if digits else ("1", ())
        (count,) = conn.execute(_name_count_sql(where), (key, top, *args)).fetchone()
        return page, max(offset - int(count), 0)
    return page, 0


# The names equal to the words (?1), then those starting with them (between ?1 and ?2),
# each in list order: favourites called (by time of the call), favourites not called,
# others called, others not called. The called come from their partial index (few against
# the book, and only those with the name asked for are read, then sorted); the others
# straight from the rank index, where each is a range in name order, read no further than
# the page. Each tier reads at most ?3 (offset + limit) rows, the whole at most ?4 (limit)
# past ?5 (offset): SQLite runs the arms of a UNION ALL one after the other and stops
# once the LIMIT is reached. The tiers are disjoint; a mixed query's digits, numbered
# from ?6, are tested by `where`.
_TIER_INDEXES = (
    ("contacts_called_by_name", "IS NOT NULL", "last_called_at DESC, name_key, id"),
    ("contacts_by_rank", "IS NULL", "name_key, id"),
)
_NAME_TIERS = tuple(
    (index, f"favorite = {favorite} AND last_called_at {called} AND {names}", order)
    for names in ("name_key = ?1", "name_key > ?1 AND name_key < ?2")
    for favorite in (1, 0)
    for index, called, order in _TIER_INDEXES
)


@functools.lru_cache(maxsize=8)
def _name_tiers_sql(where: str) -> str:
    arms = " UNION ALL ".join(
        f"SELECT id FROM (SELECT id FROM contacts INDEXED BY {index}"
        f" WHERE {tier} AND {where} ORDER BY {order} LIMIT ?3)"
        for index, tier, order in _NAME_TIERS
    )
    return f"{arms} LIMIT ?4 OFFSET ?5"


@functools.lru_cache(maxsize=8)
def _name_count_sql(where: str) -> str:
    """How many names start with the words (from ?1 to before ?2), tier by tier from the
    same indexes (a mixed query's digits, numbered from ?3, tested by `where`)."""
    return "SELECT " + " + ".join(
        f"(SELECT COUNT(*) FROM contacts INDEXED BY {index} WHERE favorite = {favorite}"
        f" AND last_called_at {called} AND name_key >= ?1 AND name_key < ?2 AND {where})"
        for favorite in (1, 0)
        for index, called, _order in _TIER_INDEXES
    )


def _walk_tier(
    conn: sqlite3.Connection, where: str, args: tuple[Any, ...], limit: int, offset: int
) -> list[int]:
    return _ids(
        conn,
        f"SELECT id FROM contacts INDEXED BY contacts_by_rank WHERE {where}"
        f" ORDER BY {_ORDER} LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
