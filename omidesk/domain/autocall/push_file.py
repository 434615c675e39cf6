"""A file of contacts to push (CSV or vCard), read through the contact readers and their
column guessing: the number, the name, the title (danh xưng) and the OTP code of each row,
and the other columns of a plain CSV passed on to AutoCall by their header. The file is
opened by infra.contact_files (push_columns, push_candidates), which hands its rows here."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from omidesk.domain.autocall.push import (
    RESERVED,
    Candidate,
    Invalid,
    PushContact,
    PushPlan,
    phone_number,
)
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
from omidesk.domain.numbers import DialFormat, PhoneNumber, normalise, vietnamese_national_test

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


def _passed(table: Table, columns: Columns, otp: int | None) -> list[tuple[int, str]]:
    """The columns passed on to AutoCall by their header, with their index."""
    mapping = table.mapping
    used = {
        *(column for column, _label in mapping.phones),
        *(
            c
            for c in (mapping.name, mapping.given, mapping.middle, mapping.family)
            if c is not None
        ),
        *(c for c in (columns.title, otp) if c is not None),
    }
    # A plain list's other columns are what the campaign's script may speak ({so_tien}); an
    # address book exported from Google or Outlook has dozens that are no such thing.
    if table.kind != CSV or not table.has_header:
        return []
    return [
        (index, header.strip())
        for index, header in enumerate(table.headers)
        if index not in used and header.strip() and header.strip() not in RESERVED
    ]


def _from_table(table: Table, columns: Columns, otp: int | None) -> Iterator[Candidate | Invalid]:
    mapping = table.mapping
    phone_columns = [column for column, _label in mapping.phones]
    passed = _passed(table, columns, otp)
    composed = mapping.given is not None or mapping.family is not None
    if (
        len(phone_columns) == 1
        and not (composed or passed or otp is not None)
        and columns.title is None
    ):
        # The usual campaign list (a name, a number): its own loop.
        return PlainRows(table, len(table.headers), phone_columns[0], mapping.name, phone_columns)
    return _general_rows(table, columns, otp, phone_columns, passed)


def _general_rows(
    table: Table,
    columns: Columns,
    otp: int | None,
    phone_columns: list[int],
    passed: list[tuple[int, str]],
) -> Iterator[Candidate | Invalid]:
    # Read by the ten thousand: what each row needs is worked out once, here.
    mapping = table.mapping
    width = len(table.headers)
    name_column = mapping.name
    composed = mapping.given is not None or mapping.family is not None
    title_column = columns.title
    single_phone = phone_columns[0] if len(phone_columns) == 1 else None
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


class PlainRows(Iterator[Candidate | Invalid]):
    """The rows of a file of one number column, maybe a name, and nothing else read (no
    title, OTP or column passed on): the usual campaign list. Iterated, it gives the same
    candidates as the general loop, made with no per-row test of columns that are not
    there; `check_into` reads and checks it in one pass (a push reads them by the ten
    thousand, and a Candidate per row, then a second loop over them, cost a third of the
    time the push's own work took)."""

    def __init__(
        self,
        table: Table,
        width: int,
        phone: int,
        name_column: int | None,
        phone_columns: list[int],
    ) -> None:
        self.table = table
        self.width = width
        self.phone = phone
        self.name_at = name_column if name_column is not None else -1
        self.phone_columns = phone_columns
        self._candidates: Iterator[Candidate | Invalid] | None = None

    def __next__(self) -> Candidate | Invalid:
        if self._candidates is None:
            self._candidates = self._rows()
        return next(self._candidates)

    def _rows(self) -> Iterator[Candidate | Invalid]:
        make = Candidate._make
        table, width, name_at = self.table, self.width, self.name_at
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
            yield make((self._number(cells, size), name, "", None, (), row))

    def _number(self, cells: list[str], size: int) -> str:
        cell = cells[self.phone] if self.phone < size else ""
        if GOOGLE_SEPARATOR in cell:
            return _number(cells, self.phone_columns)
        return cell.strip() if _DIGIT.search(cell) else ""

    def check_into(self, plan: PushPlan, pushed_before: Container[str], again: bool) -> None:
        """Reads the rows into `plan` as plan_push (no OTP asked) adds the candidates
        iterating gives, in the same pass: the same contacts to send, the same invalid
        ones (and unreadable rows, in the file's order), duplicates and numbers pushed
        before. The rows must not have been iterated."""
        if self._candidates is not None:
            raise RuntimeError("the rows were read already")
        table, width, phone, name_at = self.table, self.width, self.phone, self.name_at
        delimiter = table.delimiter
        # tuple.__new__ makes each PushContact as PushContact._make would, without its
        # Python-level call per row.
        national_form, new = vietnamese_national_test(), tuple.__new__
        invalid, to_send = plan.invalid.append, plan.to_send.append
        seen: set[str] = set()
        already: set[str] = set()
        look_up = not again and bool(pushed_before)
        rows = duplicates = 0
        for item in table.rows:
            rows += 1
            if isinstance(item, RowIssue):
                invalid(Invalid(item.detail, item.reason, row=item.row))
                continue
            row, cells = item
            size = len(cells)
            if size > width and any(cell.strip() for cell in cells[width:]):
                invalid(Invalid(delimiter.join(cells)[:200], BAD_ROW, row=row))
                continue
            name = clean(cells[name_at]) if 0 <= name_at < size else ""
            cell = cells[phone] if phone < size else ""
            converted: str | None = None
            if national_form(cell):
                # The usual cell: a valid number in the national form and nothing else
                # (no space to strip, no separator), which is what phone_number() says.
                text = national = cell
            else:
                text = self._number(cells, size)
                number = phone_number(text)
                if isinstance(number, Invalid):
                    invalid(Invalid(text, number.reason, number.params, row, name))
                    continue
                national, converted = number
            if national in seen:
                duplicates += 1
                continue
            seen.add(national)
            if look_up and national in pushed_before:
                if national not in already:
                    already.add(national)
                    plan.already_pushed.append(national)
                continue
            to_send(new(PushContact, (national, name, "", None, (), text, converted)))
        plan.total += rows
        plan.duplicates += duplicates


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
