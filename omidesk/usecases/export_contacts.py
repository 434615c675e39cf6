"""Exporting the contact book: Google Contacts CSV or vCard 4.0, numbers as written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from omidesk.domain.contact_files import formulas, vcard
from omidesk.domain.contact_files.csv_formats import GOOGLE_SEPARATOR
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.contacts import Contact
from omidesk.store.contacts import ContactStore

# Contacts are read from the store this many at a time.
_BATCH = 1000
# Google's own export marks every contact with the first, starred ones also with the second.
_MY_CONTACTS = "* myContacts"
_STARRED = "* starred"


def contacts_of(store: ContactStore) -> Iterator[Contact]:
    """Every contact, in the list's order, without holding them all at once."""
    ids = store.search_ids("", limit=max(store.count(), 1))
    for start in range(0, len(ids), _BATCH):
        yield from store.get_many(ids[start : start + _BATCH])


def _most_numbers(store: ContactStore) -> int:
    """The most numbers one contact has: how many Phone column pairs the CSV needs."""
    with store.db.reading() as conn:
        row = conn.execute(
            "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM phones GROUP BY contact_id)"
        ).fetchone()
    return int(row[0])


@contextlib.contextmanager
def replacing(path: Path, encoding: str) -> Iterator[TextIO]:
    """A file written beside `path` and renamed over it once complete: an export that
    fails half-way leaves no half file (and keeps an older export intact)."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise ContactFileError("export_failed", path, exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as file:
            yield file
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ContactFileError("export_failed", path, exc.strerror or str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def export_csv(store: ContactStore, path: Path) -> int:
    """Google Contacts CSV (UTF-8 with a BOM, so Excel shows Vietnamese): one row per
    contact, numbers as written with their labels, every cell that a spreadsheet would run
    as a formula quoted (formulas.py; numbers too, and an import takes the quote off).
    Returns how many were written."""
    pairs = max(_most_numbers(store), 1)
    header = ["Name", "Notes", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value"]
    for number in range(1, pairs + 1):
        header += [f"Phone {number} - Type", f"Phone {number} - Value"]
    header += ["Organization 1 - Type", "Organization 1 - Name"]
    count = 0
    with replacing(path, "utf-8-sig") as file:
        writer = formulas.Writer(file)
        writer.writerow(header)
        for contact in contacts_of(store):
            emails = [address.strip() for address in contact.email.split(",") if address.strip()]
            groups = (
                f"{_MY_CONTACTS}{GOOGLE_SEPARATOR}{_STARRED}" if contact.favorite else _MY_CONTACTS
            )
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


def export_vcard(store: ContactStore, path: Path) -> int:
    """vCard 4.0, one card per contact, each number as written with its label. Returns
    how many were written."""
    count = 0
    with replacing(path, "utf-8") as file:
        for contact in contacts_of(store):
            vcard.write_card(file, contact)
            count += 1
    return count


_EXPORTERS: dict[str, Callable[[ContactStore, Path], int]] = {
    ".csv": export_csv,
    ".vcf": export_vcard,
    ".vcard": export_vcard,
}


def export_file(store: ContactStore, path: Path) -> int:
    """Exports in the format the file name asks for (.csv, .vcf). Raises
    ContactFileError for another extension or a file that cannot be written."""
    path = Path(path)
    exporter = _EXPORTERS.get(path.suffix.lower())
    if exporter is None:
        raise ContactFileError("export_unknown_format", path)
    return exporter(store, path)
