"""Exporting the contact book: Google Contacts CSV or vCard 4.0, numbers as written.

Plain Python on ports: the book is read through an ExportSource (store.contact_transfer),
the file written through a ContactFileWriter (infra.contact_files)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from omidesk.domain.contact_files import formulas, vcard
from omidesk.domain.contact_files.csv_formats import GOOGLE_SEPARATOR
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.contacts import Contact

# Contacts are read from the store this many at a time.
_BATCH = 1000
# Google's own export marks every contact with the first, starred ones also with the second.
_MY_CONTACTS = "* myContacts"
_STARRED = "* starred"


class ExportSource(Protocol):
    """The contact book as an export reads it (store.contact_transfer.ExportReader)."""

    def count(self, query: str = "") -> int: ...

    def search_ids(self, query: str = "", limit: int = 50, offset: int = 0) -> list[int]: ...

    def get_many(self, ids: Sequence[int]) -> list[Contact]: ...

    def most_numbers(self) -> int:
        """The most numbers one contact has."""
        ...


class ContactFileWriter(Protocol):
    """Where an export is written (infra.contact_files)."""

    def replacing(self, path: Path, encoding: str) -> AbstractContextManager[TextIO]:
        """A file that replaces `path` once written whole; raises ContactFileError when
        it cannot be written."""
        ...


def contacts_of(source: ExportSource) -> Iterator[Contact]:
    """Every contact, in the list's order, without holding them all at once."""
    ids = source.search_ids("", limit=max(source.count(), 1))
    for start in range(0, len(ids), _BATCH):
        yield from source.get_many(ids[start : start + _BATCH])


def write_csv(source: ExportSource, out: TextIO) -> int:
    """Google Contacts CSV (`out` opened as UTF-8 with a BOM, so Excel shows Vietnamese):
    one row per contact, numbers as written with their labels, every cell that a
    spreadsheet would run as a formula quoted (formulas.py; numbers too, and an import
    takes the quote off). Returns how many were written."""
    pairs = max(source.most_numbers(), 1)
    header = ["Name", "Notes", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value"]
    for number in range(1, pairs + 1):
        header += [f"Phone {number} - Type", f"Phone {number} - Value"]
    header += ["Organization 1 - Type", "Organization 1 - Name"]
    count = 0
    writer = formulas.Writer(out)
    writer.writerow(header)
    for contact in contacts_of(source):
        emails = [address.strip() for address in contact.email.split(",") if address.strip()]
        groups = f"{_MY_CONTACTS}{GOOGLE_SEPARATOR}{_STARRED}" if contact.favorite else _MY_CONTACTS
        row = [
            contact.name,
            contact.note,
            groups,
            "* Other" if emails else "",
            GOOGLE_SEPARATOR.join(emails),
        ]
        for phone in contact.phones:
            row += [phone.label, phone.number]
        row += ["", ""] * (pairs - len(contact.phones))
        row += ["", contact.company]
        writer.writerow(row)
        count += 1
    return count


def write_vcard(source: ExportSource, out: TextIO) -> int:
    """vCard 4.0, one card per contact, each number as written with its label. Returns
    how many were written."""
    count = 0
    for contact in contacts_of(source):
        vcard.write_card(out, contact)
        count += 1
    return count


# Each format by the file's extension: how it is written, and in which encoding.
_FORMATS: dict[str, tuple[Callable[[ExportSource, TextIO], int], str]] = {
    ".csv": (write_csv, "utf-8-sig"),
    ".vcf": (write_vcard, "utf-8"),
    ".vcard": (write_vcard, "utf-8"),
}


def _format_of(path: Path) -> tuple[Callable[[ExportSource, TextIO], int], str]:
    found = _FORMATS.get(path.suffix.lower())
    if found is None:
        raise ContactFileError("export_unknown_format", path)
    return found


def export_file(source: ExportSource, files: ContactFileWriter, path: Path) -> int:
    """Exports in the format the file name asks for (.csv, .vcf), replacing the file once
    complete (an export that fails half-way leaves no half file). Raises ContactFileError
    for another extension or a file that cannot be written. Returns how many contacts."""
    path = Path(path)
    write, encoding = _format_of(path)
    with files.replacing(path, encoding) as out:
        return write(source, out)


@dataclass(frozen=True, slots=True)
class ContactExport:
    """The export as the front ends run it. Each export opens its own store
    (`open_store`): the window runs it in a worker thread, which must not use the
    window's connection."""

    open_store: Callable[[], AbstractContextManager[ExportSource]]
    files: ContactFileWriter

    def __call__(self, path: Path) -> int:
        """export_file to `path` from the store it opens."""
        _format_of(Path(path))  # a name no format has is refused before the store is opened
        with self.open_store() as source:
            return export_file(source, self.files, path)
