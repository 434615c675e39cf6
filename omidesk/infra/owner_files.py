"""Owners CSV files on disk: read row by row in whatever encoding and delimiter the admin's
spreadsheet chose (the contacts import's own detection), and written whole.

The columns are the domain's business (domain.owners.owner_columns); this module opens the
file and gives its rows. The owner use cases take it as their file port."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from omidesk.domain.contact_files import csv_formats, formulas
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.infra import contact_files

# A file whose reader fails this many times in a row is not a CSV at all.
_MAX_ERRORS = 100


@contextlib.contextmanager
def rows(path: Path) -> Iterator[Iterator[tuple[int, list[str] | str]]]:
    """The file's rows with their numbers (1 is the first line), blank rows left out,
    each cell with the quote an export put before a formula-like cell taken off; a row
    the CSV reader refused (a cell longer than it takes, a stray quote) comes as the
    reader's words, to be reported. Raises ContactFileError when the file cannot be read
    as text at all."""
    path = Path(path)
    source = contact_files.look(path)
    if source.is_vcard:
        raise ContactFileError("owners_not_csv", path)
    delimiter = csv_formats.sniff_delimiter(source.sample)
    try:
        text = path.open(encoding=source.encoding, errors="replace", newline="")
    except OSError as exc:
        raise ContactFileError("import_unreadable", path, exc.strerror or str(exc)) from exc
    with text:
        yield _read(path, text, delimiter)


def _read(path: Path, text: TextIO, delimiter: str) -> Iterator[tuple[int, list[str] | str]]:
    reader = csv.reader(text, delimiter=delimiter)
    errors = 0
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            errors += 1
            if errors > _MAX_ERRORS:
                raise ContactFileError("import_not_text", path, str(exc)) from exc
            yield number, str(exc)
            continue
        except OSError as exc:
            raise ContactFileError("import_unreadable", path, exc.strerror or str(exc)) from exc
        errors = 0
        number += 1
        if number == 1 and cells:
            cells[0] = cells[0].lstrip("\ufeff")
        if any(cell.strip() for cell in cells):
            yield number, formulas.restore_row(cells)


def replacing(path: Path, encoding: str) -> contextlib.AbstractContextManager[TextIO]:
    """A file that replaces `path` once written whole (contact_files.replacing)."""
    return contact_files.replacing(path, encoding)
