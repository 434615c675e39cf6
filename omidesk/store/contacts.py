"""The contact book: contacts and their numbers, and the search behind every keystroke."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from omidesk.core.contacts import Contact, Phone, search_digits_of, words
from omidesk.core.numbers import search_digits
from omidesk.store.db import Database

# A search ranks its matches outright when they are few, and otherwise walks the list's
# own order (the rank index) and stops once the page is full. Ranking n matches costs n
# row lookups; the walk reads about (offset + limit) x contacts / n index entries, each
# about _WALK_COST of a lookup: the two meet where n² = (offset + limit) x contacts x
# _WALK_COST. Never fewer than _CANDIDATE_CAP: a few hundred lookups are always cheap.
_CANDIDATE_CAP = 1000
_WALK_COST = 0.25
# Words and digits: fewer contacts meet both than either, so the walk would be longer;
# read up to this many times _CANDIDATE_CAP ids of each to find whether both match few.
_MIXED_FACTOR = 8
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
_PHONE_COLUMNS = "contact_id, number, label, e164, valid, converted_from"
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
    found: list[str] = []
    number_parts: list[str] = []
    for part in unicodedata.normalize("NFKC", text).split():
        if _NUMBER_WORD_RE.fullmatch(part):
            number_parts.append(part)
        else:
            found.extend(words(part))
    written = "".join(number_parts)
    digits = search_digits(written)
    international = written.startswith("+")
    if digits.startswith("00") and len(digits) > len("00"):
        # "0084 90…" is "+84 90…" with the prefix dialled from Vietnam.
        digits, international = digits[2:], True
    # Nothing international starts with 0: "+0…" can only be a slip.
    international = international and not digits.startswith("0")
    return SearchQuery(tuple(found), digits, international)


class ContactStore:
    """Reads and writes the `contacts` and `phones` tables of one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing -------------------------------------------------------------------------

    def add(self, contact: Contact) -> int:
        return self.add_many([contact])[0]

    def add_many(self, contacts: Iterable[Contact]) -> list[int]:
        """Adds every contact in one transaction: all of them or, on error, none. The ids
        come back in the order of the contacts."""
        now = time.time()
        # Everything is worked out before the write lock is taken, which is held only
        # for the inserts.
        contact_rows: list[tuple[Any, ...]] = []
        phone_rows: list[tuple[Any, ...]] = []
        for index, contact in enumerate(contacts):
            digits = [search_digits_of(phone) for phone in contact.phones]
            contact_rows.append(
                (
                    contact.name,
                    contact.company,
                    contact.email,
                    contact.note,
                    int(contact.favorite),
                    _owners(contact.owners),
                    contact.created_at or now,
                    contact.updated_at or contact.created_at or now,
                    contact.last_called_at,
                    *_index_texts(contact, digits),
                )
            )
            phone_rows.extend(_phone_rows(index, contact, digits))
        if not contact_rows:
            return []
        with self.db.transaction() as conn:
            # Ids are handed out here, under the write lock, so that the phones can be
            # inserted with executemany instead of one statement per contact.
            first = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM contacts").fetchone()[0])
            last = first + len(contact_rows) - 1
            conn.executemany(
                "INSERT INTO contacts (id, name, company, email, note, favorite, owners,"
                " created_at, updated_at, last_called_at, folded, name_key, phone_digits)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(first + index, *row) for index, row in enumerate(contact_rows)],
            )
            conn.executemany(_INSERT_PHONE, [(first + index, *row) for index, *row in phone_rows])
            _index(conn, first, last)
            _stamp_from_calls(conn, first, last)
        return list(range(first, last + 1))

    def update(self, contact: Contact) -> None:
        """Rewrites the contact and replaces its numbers. Creation and last-call times
        stay as stored: the contact being edited may have been loaded before a call."""
        if contact.id is None:
            raise ValueError("update needs a contact id")
        digits = [search_digits_of(phone) for phone in contact.phones]
        with self.db.transaction() as conn:
            _unindex(conn, contact.id)
            cursor = conn.execute(
                "UPDATE contacts SET name = ?, company = ?, email = ?, note = ?, favorite = ?,"
                " owners = ?, updated_at = ?, folded = ?, name_key = ?, phone_digits = ?"
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
                    contact.id,
                ),
            )
            if cursor.rowcount == 0:
                raise LookupError(f"no contact with id {contact.id}")
            conn.execute("DELETE FROM phones WHERE contact_id = ?", (contact.id,))
            conn.executemany(_INSERT_PHONE, _phone_rows(contact.id, contact, digits))
            _index(conn, contact.id, contact.id)
            _stamp_from_calls(conn, contact.id, contact.id)

    def delete(self, contact_id: int) -> None:
        with self.db.transaction() as conn:
            _unindex(conn, contact_id)
            # The phones go with it (ON DELETE CASCADE).
            conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

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
        wanted = json.dumps([int(contact_id) for contact_id in ids])
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_CONTACT_COLUMNS} FROM contacts"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (wanted,),
            ).fetchall()
            phone_rows = conn.execute(
                f"SELECT {_PHONE_COLUMNS} FROM phones"
                " WHERE contact_id IN (SELECT value FROM json_each(?))"
                " ORDER BY contact_id, position",
                (wanted,),
            ).fetchall()
        phones: dict[int, list[Phone]] = {}
        for row in phone_rows:
            phones.setdefault(row["contact_id"], []).append(_phone(row))
        by_id = {row["id"]: _contact(row, phones.get(row["id"], ())) for row in rows}
        return [by_id[contact_id] for contact_id in ids if contact_id in by_id]

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
            return _search(conn, parsed, limit, offset)

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


def _owners(owners: Iterable[str]) -> str:
    return ",".join(owner.strip() for owner in owners if owner.strip())


_INSERT_PHONE = (
    "INSERT INTO phones (contact_id, position, number, label, e164, valid, converted_from,"
    " digits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _phone_rows(contact_id: int, contact: Contact, digits: list[str]) -> list[tuple[Any, ...]]:
    return [
        (
            contact_id,
            position,
            phone.number,
            phone.label,
            phone.e164,
            int(phone.valid),
            phone.converted_from,
            phone_digits,
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


def _unindex(conn: sqlite3.Connection, contact_id: int) -> None:
    """Takes a contact and its numbers out of the FTS5 indexes, which must be told the
    indexed text as it was: do it before changing or deleting the rows."""
    for table, column in _FTS_TABLES:
        conn.execute(
            f"INSERT INTO {table} ({table}, rowid, {column})"
            f" SELECT 'delete', id, {column} FROM contacts WHERE id = ?",
            (contact_id,),
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


def _phone(row: sqlite3.Row) -> Phone:
    return Phone(
        number=row["number"],
        label=row["label"],
        e164=row["e164"],
        valid=bool(row["valid"]),
        converted_from=row["converted_from"],
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


def _sources(query: SearchQuery) -> list[tuple[str, tuple[Any, ...]]]:
    """One index lookup per condition of the query, each a SELECT of the ids of the
    contacts meeting it (an id repeats when several of a contact's numbers match)."""
    sources: list[tuple[str, tuple[Any, ...]]] = []
    if query.words:
        # Words hold only letters and digits, so quoting each one is enough to make any
        # FTS operator ("OR", "NEAR", "-", "*", quotes) a plain word.
        match = " ".join(f'"{word}"*' for word in query.words)
        sources.append(
            ("SELECT rowid AS id FROM contacts_words WHERE contacts_words MATCH ?", (match,))
        )
    if len(query.digits) >= _TRIGRAM:
        sources.append(
            (
                "SELECT rowid AS id FROM contacts_digits WHERE contacts_digits MATCH ?",
                (f'"{query.digits}"',),
            )
        )
    elif query.international:
        # "+84", "+4": the start of the E.164 number (":" sorts right after "9").
        sources.append(
            (
                "SELECT contact_id AS id FROM phones WHERE e164 >= ? AND e164 < ?",
                ("+" + query.digits, "+" + query.digits + ":"),
            )
        )
    elif query.digits:
        # `digits` starts with the national form.
        sources.append(
            (
                "SELECT contact_id AS id FROM phones WHERE digits >= ? AND digits < ?",
                (query.digits, query.digits + ":"),
            )
        )
    return sources


def _row_filter(query: SearchQuery) -> tuple[str, tuple[Any, ...]]:
    """The whole query as a test on the columns of one contacts row that the rank index
    carries, matching exactly what `_sources` find: for walking that index, and for
    checking the other conditions of a mixed query on the few contacts one found."""
    terms: list[str] = []
    args: list[Any] = []
    for word in query.words:
        # `folded` is words joined by single spaces: " word" is a word starting with it.
        terms.append("instr(' ' || folded, ?) > 0")
        args.append(" " + word)
    if len(query.digits) >= _TRIGRAM:
        terms.append("instr(phone_digits, ?) > 0")
        args.append(query.digits)
    elif query.international:
        # Of a number's forms only the international one follows a space and does not
        # start with 0 (the national one comes first, an old 11-digit one starts with 0).
        terms.append("instr(phone_digits, ?) > 0")
        args.append(" " + query.digits)
    elif query.digits:
        # A number's national form comes first, after the "|" between numbers.
        terms.append("instr('|' || phone_digits, ?) > 0")
        args.append("|" + query.digits)
    return " AND ".join(terms) or "1", tuple(args)


def _ids(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[int]:
    return [row[0] for row in conn.execute(sql, tuple(args))]


def _cap(conn: sqlite3.Connection, limit: int, offset: int) -> int:
    """Up to how many matches ranking them outright beats walking (see _WALK_COST)."""
    # MAX(id) is one index probe, COUNT(*) a scan: good enough to weigh the two plans.
    contacts = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM contacts").fetchone()[0])
    return max(math.isqrt(int((offset + limit) * contacts * _WALK_COST)), _CANDIDATE_CAP)


def _probe(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...], cap: int) -> str | None:
    """The ids a source finds, as a JSON array (an id may repeat), if it finds at most
    `cap`; None when it finds more. (JSON, built and read back by SQLite, costs a third
    of fetching the ids into Python.)"""
    found, ids = conn.execute(
        f"SELECT COUNT(*), json_group_array(id) FROM (SELECT id FROM ({sql}) LIMIT ?)",
        (*args, cap + 1),
    ).fetchone()
    return str(ids) if found <= cap else None


def _json_length(conn: sqlite3.Connection, ids: str) -> int:
    return int(conn.execute("SELECT json_array_length(?)", (ids,)).fetchone()[0])


def _few(conn: sqlite3.Connection, query: SearchQuery, cap: int) -> tuple[str, bool] | None:
    """Candidates worth ranking outright, as a JSON array of ids, and whether they are
    exactly the matches (else they still need the whole query's row test); None when
    there are too many to rank, and the search walks instead."""
    sources = _sources(query)
    if len(sources) == 1:
        found = _probe(conn, *sources[0], cap)
        return None if found is None else (found, True)
    # Words and digits: each alone may match thousands of contacts, both together a few.
    # Reading further (the probes are cheap next to row lookups) tells.
    further = max(cap, _CANDIDATE_CAP * _MIXED_FACTOR)
    each = [_probe(conn, sql, args, further) for sql, args in sources]
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
    few = _few(conn, query, _cap(conn, _CANDIDATE_CAP, 0))
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
        sql, args = _sources(query)[0]
        return int(conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0])
    # Otherwise one pass over the rank index beats de-duplicating many numbers' contacts.
    where, args = _row_filter(query)
    return int(
        conn.execute(
            f"SELECT COUNT(*) FROM contacts INDEXED BY contacts_by_rank WHERE {where}", args
        ).fetchone()[0]
    )


def _search(conn: sqlite3.Connection, query: SearchQuery, limit: int, offset: int) -> list[int]:
    if query.empty:
        return _walk_tier(conn, "1", (), limit, offset)
    cap = _cap(conn, limit, offset)
    few = _few(conn, query, cap)
    if few is not None:
        return _rank_few(conn, query, few, limit, offset)
    return _walk(conn, query, limit, offset, cap)


def _rank_few(
    conn: sqlite3.Connection, query: SearchQuery, few: tuple[str, bool], limit: int, offset: int
) -> list[int]:
    """Ranks a small set of candidates outright, keeping those meeting the whole query."""
    ids, exact = few
    where, args = ("1", ()) if exact else _row_filter(query)
    order = _ORDER
    order_args: tuple[Any, ...] = ()
    if query.words:
        order = f"name_key = ? DESC, (name_key >= ? AND name_key < ?) DESC, {_ORDER}"
        order_args = (query.key, query.key, query.key + _TOP)
    return _ids(
        conn,
        "SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(?))"
        f" AND {where} ORDER BY {order} LIMIT ? OFFSET ?",
        (ids, *args, *order_args, limit, offset),
    )


def _walk(
    conn: sqlite3.Connection, query: SearchQuery, limit: int, offset: int, cap: int
) -> list[int]:
    """Pages through many matches in rank order, stopping once the page is full.

    With words, matches fall in three tiers, each in list order: the name is exactly the
    query (few, found through the name index), the name starts with it, then the rest.
    The last two are read by walking the rank index, which visits about
    limit x (contacts / matches) rows: few, because there are many matches."""
    where, args = _row_filter(query)
    if not query.words:
        return _walk_tier(conn, where, args, limit, offset)
    key, top = query.key, query.key + _TOP
    exact = _ids(
        conn,
        f"SELECT id FROM contacts INDEXED BY contacts_by_name WHERE name_key = ? AND {where}"
        f" ORDER BY {_ORDER}",
        (key, *args),
    )
    page = exact[offset : offset + limit]
    if len(page) == limit:
        return page
    offset = max(0, offset - len(exact))
    starting = "name_key > ? AND name_key < ?"
    starting_where, starting_args = f"{starting} AND {where}", (key, top, *args)
    if _count_by_name(conn, starting, (key, top), cap + 1) <= cap:
        # Few names start with the query: sort those that match outright.
        page += _ids(
            conn,
            f"SELECT id FROM contacts INDEXED BY contacts_by_name WHERE {starting_where}"
            f" ORDER BY {_ORDER} LIMIT ? OFFSET ?",
            (*starting_args, limit - len(page), offset),
        )
    else:
        page += _walk_tier(conn, starting_where, starting_args, limit - len(page), offset)
    if len(page) == limit:
        return page
    if offset:
        # The page begins past the names starting with the query: how far past?
        offset = max(0, offset - _count_by_name(conn, starting_where, starting_args))
    rest_where = f"NOT (name_key >= ? AND name_key < ?) AND {where}"
    return page + _walk_tier(conn, rest_where, (key, top, *args), limit - len(page), offset)


def _walk_tier(
    conn: sqlite3.Connection, where: str, args: tuple[Any, ...], limit: int, offset: int
) -> list[int]:
    return _ids(
        conn,
        f"SELECT id FROM contacts INDEXED BY contacts_by_rank WHERE {where}"
        f" ORDER BY {_ORDER} LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )


def _count_by_name(
    conn: sqlite3.Connection, where: str, args: tuple[Any, ...], cap: int = -1
) -> int:
    return int(
        conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM contacts INDEXED BY contacts_by_name"
            f" WHERE {where} LIMIT ?)",
            (*args, cap),
        ).fetchone()[0]
    )
