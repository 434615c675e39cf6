"""A file of contacts to push (CSV or vCard), read through the contact readers and their
column guessing: the number, the name, the title (danh xưng) and the OTP code of each row,
and the other columns of a plain CSV passed on to AutoCall by their header. The file is
opened by infra.contact_files (push_columns, push_candidates), which hands its rows here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from omidesk.domain.autocall.push import RESERVED, Candidate, Invalid
from omidesk.domain.contact_files.csv_formats import GOOGLE_SEPARATOR
from omidesk.domain.contact_files.model import (
    BAD_ROW,
    CSV,
    INVALID_NUMBER,
    NO_NUMBER,
    ContactFileError,
    RowIssue,
)
from omidesk.domain.contact_files.names import clean, compose
from omidesk.domain.contact_files.reading import Read, Table
from omidesk.domain.contacts import Contact, fold
from omidesk.domain.numbers import DialFormat, PhoneNumber, normalise

_DIGIT = re.compile(r"\d")
# Headers of a title column (danh xưng: anh, chị, ông, bà), folded.
_TITLE_KEYS = frozenset({"danh xung", "danh_xung", "xung ho", "title", "salutation"})
# Headers of an OTP column, folded: only to offer it first in the window's choice.
_OTP_KEYS = frozenset({"otp", "otp_code", "otp code", "ma otp", "ma_otp"})


@dataclass(frozen=True, slots=True)
class Columns:
    """A file's columns as the push reads them (empty for a vCard file)."""

    headers: list[str]
    title: int | None = None
    otp_guess: int | None = None

    def otp_index(self, column: str, path: PurePath) -> int:
        """The column named `column` (its header, accents and case aside, or its number
        from 1); raises ContactFileError push_no_otp_column if there is none."""
        wanted = column.strip()
        if wanted.isdigit() and 1 <= int(wanted) <= len(self.headers):
            return int(wanted) - 1
        folded = fold(wanted)
        for index, header in enumerate(self.headers):
            if header and fold(header) == folded:
                return index
        error = ContactFileError("push_no_otp_column", path)
        error.params.update(column=wanted, columns=", ".join(h for h in self.headers if h) or "—")
        raise error


def columns_of(table: Table) -> Columns:
    """A CSV's columns and the guess of its title and OTP columns (for a preview too)."""
    folded = [fold(header) for header in table.headers]
    title = next((i for i, key in enumerate(folded) if key in _TITLE_KEYS), None)
    otp = next((i for i, key in enumerate(folded) if key in _OTP_KEYS), None)
    return Columns(table.headers, title, otp)


def from_table(
    table: Table, path: PurePath, otp_column: str | None = None
) -> Iterator[Candidate | Invalid]:
    """The rows of a CSV `table`, in its order, as candidates for a push; rows that cannot
    be read at all come as Invalid (with the contact readers' reasons). Raises
    ContactFileError push_no_otp_column at once for an OTP column it does not have."""
    columns = columns_of(table)
    otp = columns.otp_index(otp_column, path) if otp_column else None
    return _from_table(table, columns, otp)


def from_cards(
    items: Iterator[Read], path: PurePath, otp_column: str | None = None
) -> Iterator[Candidate | Invalid]:
    """The contacts read from a vCard file, as candidates; an OTP column asked of it is
    refused at once (a vCard has no columns)."""
    if otp_column:
        Columns([]).otp_index(otp_column, path)
    return _from_cards(items)


def _from_cards(items: Iterator[Read]) -> Iterator[Candidate | Invalid]:
    for item in items:
        if isinstance(item, RowIssue):
            # An invalid number comes with its contact, which the checks report; any
            # other card the reader could not use is reported for what it is.
            if item.reason != INVALID_NUMBER:
                reason = "push_no_number" if item.reason == NO_NUMBER else item.reason
                yield Invalid(item.detail or item.name, reason, row=item.row, name=item.name)
            continue
        row, contact = item
        yield candidate_of(contact, row)


def candidate_of(contact: Contact, row: int = 0) -> Candidate:
    """A stored (or read) contact as a candidate: its first valid number, else its first."""
    phones = contact.valid_phones or contact.phones
    number = phones[0].number if phones else ""
    return Candidate(number, contact.name, row=row)


def _from_table(table: Table, columns: Columns, otp: int | None) -> Iterator[Candidate | Invalid]:
    mapping = table.mapping
    width = len(table.headers)
    phone_columns = [column for column, _label in mapping.phones]
    used = {
        *phone_columns,
        *(
            c
            for c in (mapping.name, mapping.given, mapping.middle, mapping.family)
            if c is not None
        ),
        *(c for c in (columns.title, otp) if c is not None),
    }
    # A plain list's other columns are what the campaign's script may speak ({so_tien}); an
    # address book exported from Google or Outlook has dozens that are no such thing.
    passed = (
        [
            (index, header.strip())
            for index, header in enumerate(table.headers)
            if index not in used and header.strip() and header.strip() not in RESERVED
        ]
        if table.kind == CSV and table.has_header
        else []
    )
    # Read by the ten thousand: what each row needs is worked out once, here.
    name_column = mapping.name
    composed = mapping.given is not None or mapping.family is not None
    title_column = columns.title
    single_phone = phone_columns[0] if len(phone_columns) == 1 else None
    if (
        single_phone is not None
        and not (composed or passed or otp is not None)
        and (title_column is None)
    ):
        # The usual campaign list (a name, a number): its own loop.
        yield from _plain_rows(table, width, single_phone, name_column, phone_columns)
        return
    make = Candidate._make  # (no Python-level __new__ of a NamedTuple per row)
    for item in table.rows:
        if isinstance(item, RowIssue):
            yield Invalid(item.detail, item.reason, row=item.row)
            continue
        row, cells = item
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            # More cells than columns: which is which cannot be known (as the import says).
            yield Invalid(table.delimiter.join(cells)[:200], BAD_ROW, row=row)
            continue
        name = clean(_cell(cells, name_column)) if name_column is not None else ""
        if not name and composed:
            name = compose(
                _cell(cells, mapping.given),
                _cell(cells, mapping.middle),
                _cell(cells, mapping.family),
            )
        if single_phone is not None and GOOGLE_SEPARATOR not in (
            cell := _cell(cells, single_phone)
        ):
            number = cell.strip() if _DIGIT.search(cell) else ""
        else:
            number = _number(cells, phone_columns)
        yield make(
            (
                number,
                name,
                clean(_cell(cells, title_column)) if title_column is not None else "",
                _cell(cells, otp) if otp is not None else None,
                tuple(
                    (header, value)
                    for index, header in passed
                    if (value := _cell(cells, index).strip())
                )
                if passed
                else (),
                row,
            )
        )


def _plain_rows(
    table: Table, width: int, phone: int, name_column: int | None, phone_columns: list[int]
) -> Iterator[Candidate | Invalid]:
    """_from_table's rows for a file of one number column, maybe a name, and nothing else
    read (no title, OTP or column passed on): the same candidates, made with no per-row
    test of columns that are not there (a push reads them by the ten thousand)."""
    make = Candidate._make
    separator, digit = GOOGLE_SEPARATOR, _DIGIT.search
    name_at = name_column if name_column is not None else -1
    for item in table.rows:
        if isinstance(item, RowIssue):
            yield Invalid(item.detail, item.reason, row=item.row)
            continue
        row, cells = item
        size = len(cells)
        if size > width and any(cell.strip() for cell in cells[width:]):
            yield Invalid(table.delimiter.join(cells)[:200], BAD_ROW, row=row)
            continue
        name = clean(cells[name_at]) if 0 <= name_at < size else ""
        cell = cells[phone] if phone < size else ""
        if separator in cell:
            number = _number(cells, phone_columns)
        else:
            number = cell.strip() if digit(cell) else ""
        yield make((number, name, "", None, (), row))


def _cell(cells: list[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return cells[column]


def _number(cells: list[str], columns: list[int]) -> str:
    """The number to push from a row's phone cells: the only one given, else the first
    valid one (a cell may hold several, Google's way), else the first given."""
    values: list[str] = []
    for column in columns:
        cell = _cell(cells, column)
        parts = cell.split(GOOGLE_SEPARATOR) if GOOGLE_SEPARATOR in cell else (cell,)
        values.extend(part.strip() for part in parts if _DIGIT.search(part))
    if len(values) <= 1:
        return values[0] if values else ""
    for value in values:
        if isinstance(normalise(value, DialFormat.NATIONAL), PhoneNumber):
            return value
    return values[0]
