"""The search planner behind every keystroke in the contact book: what a search text asks
for (parse_query), and how the indexes answer it fastest for a page of the list: the names
starting with the words read straight from indexes, few matches ranked outright, many walked
in the list's own order. Pure SQL over one connection; ContactStore calls it."""

from __future__ import annotations

import functools
import math
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from omidesk.domain.contacts import words
from omidesk.domain.numbers import search_digits

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
ORDER = "favorite DESC, last_called_at DESC, name_key, id"


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


def count_matches(conn: sqlite3.Connection, query: SearchQuery) -> int:
    """How many contacts the search lists in all."""
    if query.empty:
        return int(conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0])
    contacts = book_size(conn)
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


def book_size(conn: sqlite3.Connection) -> int:
    """About how many contacts there are: MAX(id) is one index probe, COUNT(*) a scan."""
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM contacts").fetchone()[0])


def search_page(
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
    order = ORDER
    order_args: tuple[Any, ...] = ()
    if query.words and rest_only:
        where, args = f"NOT (name_key >= ? AND name_key < ?) AND {where}", (*_span(query), *args)
    elif query.words:
        order = f"name_key = ? DESC, (name_key >= ? AND name_key < ?) DESC, {ORDER}"
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
        f" ORDER BY {ORDER} LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
