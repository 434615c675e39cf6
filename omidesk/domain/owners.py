"""Who owns a customer's number, for the owner-routing service OMICall asks on every inbound
call (seed 001): the tiers, the answer (at most 5 extensions, no duplicates), the keys
numbers and hotlines are stored under, and the columns of an owners CSV.

The tiers, in the order of the answer:
1. explicit owners of the number for the hotline called;
2. explicit owners of the number for any hotline;
3. sticky owners: the extensions that had an answered call with the number (inbound or
   outbound) within `routing_sticky_days`, most recent first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from omidesk.domain.contacts import fold
from omidesk.domain.numbers import PhoneNumber, normalise, search_digits, valid_vn_significant

__all__ = [
    "ANY_HOTLINE",
    "CONTACT_OWNER_HEADERS",
    "MAX_NUMBER_TEXT",
    "MAX_OWNERS",
    "HistoryCall",
    "LeftOut",
    "OwnerColumns",
    "OwnerRow",
    "Owners",
    "RowProblem",
    "Tier",
    "ValueProblem",
    "Why",
    "choose",
    "hotline_key",
    "is_number",
    "mask",
    "number_key",
    "owner_columns",
    "quoted",
    "read_owner_row",
    "split_extensions",
    "valid_extension",
]

# OMICall rings at most this many owners; more would only delay the next step.
MAX_OWNERS = 5
# The hotline of an owner for every hotline (tier 2), as stored.
ANY_HOTLINE = ""
# The most text one number is read from. The longest ways people write a number, "0084 (0)
# 90-123-45-67" or "Tel: 0901.234.567", are about 21 characters; E.164's 15 digits with a
# separator between every pair still fit in 32. More than that is a list, a paste or a
# fuzz, never one number: refused before any parsing, so it costs nothing.
MAX_NUMBER_TEXT = 32
# The most of a cell a report quotes.
QUOTED_LIMIT = 64
# An extension: a short number of digits (domain.settings.check_extension says the same).
_EXTENSION_RE = re.compile(r"[0-9]{1,10}")
# Owners written in one cell: "101:102", "101, 102", "101;102", "101 102".
_OWNER_SEPARATORS_RE = re.compile(r"[:,;\s]+")


class Tier(StrEnum):
    """Why an extension is an owner."""

    HOTLINE = "hotline"  # explicit, for the hotline called
    ANY = "any"  # explicit, for any hotline
    STICKY = "sticky"  # had an answered call with the number


@dataclass(frozen=True, slots=True)
class Why:
    """One owner in the answer, and why: its tier and, for a sticky one, when its last
    answered call with the number started (epoch seconds)."""

    extension: str
    tier: Tier
    last_call_at: float | None = None


@dataclass(frozen=True, slots=True)
class Owners:
    """What the service answers for a number: the owners in order, each with its reason."""

    owners: tuple[Why, ...] = ()
    # The plain-text answer OMICall reads: "101:102", or "" for nobody. Made once: the
    # service sends the same few answers (the index shares them) on every request.
    body: str = field(init=False, default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", ":".join(owner.extension for owner in self.owners))

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(owner.extension for owner in self.owners)


# The answer for a number nobody owns (shared: an Owners never changes).
NOBODY = Owners()


def choose(
    for_hotline: Iterable[str],
    for_any: Iterable[str],
    sticky: Iterable[tuple[str, float]],
) -> Owners:
    """The answer from the three tiers, in order, each extension once (where it first
    appears), at most MAX_OWNERS. `sticky` is (extension, last answered call) pairs, most
    recent first. (Plain loops: it runs on every request the service answers.)"""
    chosen: dict[str, Why] = {}
    for extension in for_hotline:
        if extension not in chosen:
            chosen[extension] = Why(extension, Tier.HOTLINE)
    for extension in for_any:
        if extension not in chosen:
            chosen[extension] = Why(extension, Tier.ANY)
    for extension, when in sticky:
        if extension not in chosen:
            chosen[extension] = Why(extension, Tier.STICKY, when)
    owners = tuple(chosen.values())
    return Owners(owners[:MAX_OWNERS])


def valid_extension(text: str) -> str | None:
    """An extension as stored ("101"), or None when `text` is not one."""
    text = text.strip()
    return text if _EXTENSION_RE.fullmatch(text) else None


def split_extensions(text: str) -> tuple[list[str], list[str]]:
    """The extensions written in one cell or argument ("101:102", "101, 102", "101;102",
    "101 102"): the valid ones (each once, in order) and the invalid ones as written."""
    valid: dict[str, None] = {}
    invalid: list[str] = []
    for part in _OWNER_SEPARATORS_RE.split(text.strip()):
        if not part:
            continue
        extension = valid_extension(part)
        if extension is None:
            invalid.append(part)
        else:
            valid[extension] = None
    return list(valid), invalid


# --- the keys numbers and hotlines are stored under ------------------------------------------

# The forms OMICall writes a Vietnamese number in: 0 + the national significant number
# (NSN), 84 + NSN, +84 + NSN or 0084 + NSN; mobiles have a 9-digit NSN starting 3, 5, 7, 8
# or 9, landlines a 10-digit one starting 2. Read here without phonenumbers, which takes
# twenty times as long: the service reads one on every request.
_VN_WRITTEN_RE = re.compile(r"(?:\+84|0084|84|0)([35789][0-9]{8}|2[0-9]{9})")


def number_key(text: str) -> str | None:
    """The E.164 identity a customer's number is stored and looked up under, whatever form
    it came in ("0901234567", "84901234567", "+84901234567"); None when `text` is not one
    number. The common Vietnamese forms are read by pattern alone: such a key that is no
    valid number is never found (whatever is stored went through `normalise`), and
    `is_number` says whether it was one. Text longer than MAX_NUMBER_TEXT is no number,
    nor is text holding a second one (even the same one again)."""
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT:
        return None
    written = _VN_WRITTEN_RE.fullmatch(text)
    if written is not None:
        return "+84" + written.group(1)
    return _normalised_key(text)


@lru_cache(maxsize=4096)
def _normalised_key(text: str) -> str | None:
    found = _one_number(text)
    return found.e164 if found is not None else None


def _one_number(text: str) -> PhoneNumber | None:
    """The number `text` holds when it holds one and no other digit, within
    MAX_NUMBER_TEXT; else None. normalise() reads the one number out of a selection and
    takes a number written twice as that number: right for a dial, not for a key."""
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT:
        return None
    found = normalise(text)
    if not isinstance(found, PhoneNumber):
        return None
    if len(search_digits(found.matched_text)) != len(search_digits(text)):
        return None  # digits beside the number: another number, or the same again
    return found


def is_number(text: str) -> bool:
    """Whether `text` holds one valid phone number (the core's full rules) and nothing
    else a number could be read from (number_key's limits). A common Vietnamese form
    (number_key's pattern) is checked against the metadata directly: for those the full
    rules come down to that, and the service asks it of every number nobody owns."""
    text = text.strip()
    if len(text) <= MAX_NUMBER_TEXT:
        written = _VN_WRITTEN_RE.fullmatch(text)
        if written is not None:
            return valid_vn_significant(written.group(1))
    return _one_number(text) is not None


def quoted(text: str) -> str:
    """A cell or argument as a report or a message quotes it: cut to QUOTED_LIMIT
    characters, so a pasted page does not fill the terminal."""
    text = text.strip()
    return text if len(text) <= QUOTED_LIMIT else text[: QUOTED_LIMIT - 1] + "…"


@lru_cache(maxsize=1024)
def hotline_key(text: str) -> str | None:
    """The key of a hotline ("842877788056", "02877788056", "+842877788056" alike): its
    E.164 identity; for a SIP number that is no valid phone number, its digits (as
    domain.settings.check_hotline takes it). None for an empty or malformed one."""
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT:
        return None
    text = "".join(text.split())
    if not text:
        return None
    found = _one_number(text)
    if found is not None:
        return found.e164
    digits = text.removeprefix("+")
    if digits.isascii() and digits.isdigit() and 3 <= len(digits) <= 15:
        return digits
    return None


def mask(text: str) -> str:
    """A customer's number as the access log shows it: the first four and last three
    characters, the rest hidden ("0901***567"); short or odd input is hidden whole."""
    text = text.strip()
    if len(text) < 8 or not text.isascii() or not text.lstrip("+").isdigit():
        return "***"
    return f"{text[:4]}***{text[-3:]}"


# --- calls the sticky owners are learned from ------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryCall:
    """A call of the company's history as the sync of sticky owners needs it: the
    extension that took part, the customer's number as written, whether it was answered and
    when it started (epoch seconds). Any of them may be unknown."""

    extension: str | None
    number: str | None
    direction: str | None
    answered: bool | None
    started_at: float | None


def sticky_pair(call: HistoryCall, since: float) -> tuple[str, str, float] | None:
    """(number key, extension, started_at) when `call` makes its extension a sticky owner
    of its number: answered, inbound or outbound, started at or after `since`, with a
    valid extension and number. None otherwise."""
    if call.answered is not True or call.started_at is None or call.started_at < since:
        return None
    if call.direction not in (None, "inbound", "outbound"):
        return None  # a local call, between two extensions, owns no customer
    extension = valid_extension(call.extension or "")
    key = number_key(call.number or "") if call.number else None
    if extension is None or key is None:
        return None
    return key, extension, call.started_at


# --- owners CSV ------------------------------------------------------------------------------

# Header names, folded (no accents, lower case, single spaces), English and Vietnamese.
_PHONE_HEADERS = frozenset(
    {
        "phone",
        "phone number",
        "phonenumber",
        "number",
        "mobile",
        "customer",
        "customer number",
        "so dien thoai",
        "dien thoai",
        "sdt",
        "so dt",
        "so khach hang",
        "di dong",
    }
)
_OWNER_HEADERS = frozenset(
    {
        "owners",
        "owner",
        "owner extensions",
        "owner extension",
        "extensions",
        "extension",
        "agent",
        "agents",
        "nhan vien phu trach",
        "nguoi phu trach",
        "phu trach",
        "may le",
        "may le phu trach",
        "nhan vien",
    }
)
# Of those, the ones a contacts file (not an owners file) is read with: "Extension" or
# "Nhân viên" beside a contact's name may well mean something else there.
CONTACT_OWNER_HEADERS = frozenset(
    {
        "owners",
        "owner",
        "owner extensions",
        "nhan vien phu trach",
        "nguoi phu trach",
        "may le phu trach",
    }
)
_HOTLINE_HEADERS = frozenset({"hotline", "sip number", "sipnumber", "so hotline", "dau so"})
# The phone columns of a contacts CSV exported by OmiDesk (Google's "Phone 1 - Value").
_EXPORT_PHONE_RE = re.compile(r"phone [0-9]+ - value")


@dataclass(frozen=True, slots=True)
class OwnerColumns:
    """Where an owners CSV keeps each part: the phone column(s), the owners column and the
    hotline column (None: owners for any hotline)."""

    phones: tuple[int, ...]
    owners: int
    hotline: int | None = None


def owner_columns(headers: Sequence[str]) -> OwnerColumns | None:
    """The columns of an owners CSV from its header row, English or Vietnamese ("Số điện
    thoại", "Nhân viên phụ trách", "Hotline"), or a contacts CSV exported by OmiDesk with
    its Owners column; None when the header has no phone or no owners column."""
    phones: list[int] = []
    owners: int | None = None
    hotline: int | None = None
    for index, header in enumerate(headers):
        name = fold(header.strip().lstrip("\ufeff"))
        if name in _PHONE_HEADERS or _EXPORT_PHONE_RE.fullmatch(name):
            phones.append(index)
        elif name in _OWNER_HEADERS and owners is None:
            owners = index
        elif name in _HOTLINE_HEADERS and hotline is None:
            hotline = index
    if not phones or owners is None:
        return None
    return OwnerColumns(tuple(phones), owners, hotline)


class RowProblem(StrEnum):
    """Why a row of an owners file is skipped; the catalogue words each code."""

    NO_NUMBER = "owners_row_no_number"
    BAD_NUMBER = "owners_row_bad_number"
    NO_OWNER = "owners_row_no_owner"
    BAD_OWNER = "owners_row_bad_owner"
    BAD_HOTLINE = "owners_row_bad_hotline"
    UNREADABLE = "owners_row_unreadable"  # the CSV reader refused it (a cell too long…)


class ValueProblem(StrEnum):
    """Why one value is left out of a row still imported; the catalogue words each code."""

    BAD_NUMBER = "owners_value_bad_number"  # a contact's other number, not a valid one
    BAD_EXTENSION = "owners_value_bad_extension"  # an owner that is no extension
    TOO_MANY = "owners_value_too_many"  # an owner past MAX_OWNERS


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A value left out of a row that is still imported, as written, and why."""

    value: str
    problem: ValueProblem


@dataclass(frozen=True, slots=True)
class OwnerRow:
    """One row read: the numbers' keys, the hotline's key (ANY_HOTLINE for any), the valid
    owners, and what was wrong with it (a problem skips the row; `left_out` lists the
    invalid numbers and extensions, and the owners past MAX_OWNERS, left out of a row that
    is still imported)."""

    row: int
    numbers: tuple[str, ...] = ()
    hotline: str = ANY_HOTLINE
    extensions: tuple[str, ...] = ()
    problem: RowProblem | None = None
    detail: str = ""
    left_out: tuple[LeftOut, ...] = ()


def read_owner_row(row: int, cells: Sequence[str], columns: OwnerColumns) -> OwnerRow:
    """One data row of an owners CSV. A row is skipped (`problem` set) when it has no valid
    number, no valid owner, or a hotline that is not one; invalid extensions beside valid
    ones, owners past the fifth, and invalid numbers beside valid ones (a contact's second
    number) are left out and listed in `left_out`, each with why."""

    def cell(column: int | None) -> str:
        return cells[column].strip() if column is not None and column < len(cells) else ""

    written = [cell(column) for column in columns.phones]
    written = [number for number in written if number]
    if not written:
        return OwnerRow(row, problem=RowProblem.NO_NUMBER)
    keys: dict[str, None] = {}
    bad: list[LeftOut] = []
    for number in written:
        key = number_key(number) if is_number(number) else None
        if key is None:
            bad.append(LeftOut(quoted(number), ValueProblem.BAD_NUMBER))
        else:
            keys[key] = None
    if not keys:
        return OwnerRow(row, problem=RowProblem.BAD_NUMBER, detail=quoted(", ".join(written)))
    hotline = ANY_HOTLINE
    hotline_text = cell(columns.hotline)
    if hotline_text:
        found = hotline_key(hotline_text)
        if found is None:
            return OwnerRow(row, problem=RowProblem.BAD_HOTLINE, detail=quoted(hotline_text))
        hotline = found
    owners_text = cell(columns.owners)
    valid, invalid = split_extensions(owners_text)
    if not valid:
        problem = RowProblem.BAD_OWNER if invalid else RowProblem.NO_OWNER
        return OwnerRow(row, problem=problem, detail=quoted(owners_text))
    return OwnerRow(
        row,
        numbers=tuple(keys),
        hotline=hotline,
        extensions=tuple(valid[:MAX_OWNERS]),
        left_out=(
            *bad,
            *(LeftOut(quoted(value), ValueProblem.BAD_EXTENSION) for value in invalid),
            *(LeftOut(value, ValueProblem.TOO_MANY) for value in valid[MAX_OWNERS:]),
        ),
    )
