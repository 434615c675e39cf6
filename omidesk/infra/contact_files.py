"""Contacts files on disk: opened to look at, preview and read (streamed), and written whole.

The reading and writing themselves (formats, encodings, rows, cells) are the domain's
(domain/contact_files); this module opens the files for it. The import and export use
cases take it as their file port (usecases.import_contacts.ContactFiles,
usecases.export_contacts.ContactFileWriter), and so does an AutoCall push read from a
file (usecases.ports.PushFiles)."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, TextIO

from omidesk.domain.autocall import push_file
from omidesk.domain.autocall.push import Candidate, Invalid
from omidesk.domain.contact_files import encoding, reading
from omidesk.domain.contact_files.model import (
    ContactFileError,
    Mapping,
    Preview,
    ReadResult,
    RowIssue,
)
from omidesk.domain.contact_files.reading import Cancelled, Progress, Read, Source

# The whole file is read this much at a time when its head cannot tell its encoding.
_CHUNK = 1 << 20


def look(path: Path | str) -> Source:
    """Opens the file far enough to know its encoding and kind."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(encoding.HEAD_BYTES)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return reading.source_of(path, head, size, detect(path, head))


def detect(path: Path, head: bytes) -> str:
    """The codec to read the file with, from its first HEAD_BYTES (`head`) and, where they
    cannot tell, the whole file read again (encoding.detect)."""
    return encoding.detect(path, head, lambda: _chunks(path))


def _chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                yield chunk
    except OSError as exc:
        raise _unreadable(path, exc) from exc


@contextlib.contextmanager
def _text(source: Source) -> Iterator[tuple[IO[bytes], IO[str]]]:
    """The file as text (newline="" for the csv module), with the binary file under it
    whose position tells how far reading has got."""
    path = Path(source.path)
    try:
        binary = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    errors = reading.text_errors(source)
    with binary, io.TextIOWrapper(binary, source.encoding, errors=errors, newline="") as text:
        yield binary, text


def preview(path: Path | str) -> Preview:
    """The kind, encoding, first rows and guessed mapping of a contacts file.
    Raises ContactFileError when the file cannot be imported at all."""
    source = look(path)
    if not source.is_vcard:
        return reading.csv_preview(source)
    with _text(source) as (_, text):
        return reading.vcard_preview(source, text)


def iter_contacts(
    path: Path | str,
    mapping: Mapping | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Read]:
    """The file's contacts with their row (or card) numbers and the rows reported, one at
    a time in the file's order, so that a file of any size is read in constant memory.
    Arguments as read_contacts; a cancelled read raises ReadCancelled. The file is looked
    at as soon as this is called: a file that cannot be imported at all raises
    ContactFileError here, or later for what only reading it shows."""
    source = look(path)
    return _read(source, mapping, progress, cancelled)


def _read(
    source: Source,
    mapping: Mapping | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Iterator[Read]:
    with _text(source) as (binary, text):
        if source.is_vcard:
            yield from reading.read_vcard(
                source, text, binary.tell, progress=progress, cancelled=cancelled
            )
        else:
            yield from reading.read_csv(
                source, text, binary.tell, mapping, progress=progress, cancelled=cancelled
            )


def iter_table(
    path: Path | str, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> reading.Table | None:
    """The file as a table whose rows are read as they are asked for, or None for a vCard
    file (read it with iter_contacts). Raises ContactFileError as iter_contacts does."""
    source = look(path)
    if source.is_vcard:
        return None
    start = reading.csv_layout(source)
    return reading.Table.of(start, _table_rows(source, start, progress, cancelled))


def push_columns(path: Path | str) -> push_file.Columns:
    """A file's columns as an AutoCall push reads them (none for a vCard file), from a
    first look: none of its rows is read."""
    table = iter_table(path)
    if table is None:
        return push_file.Columns([])
    table.rows.close()
    return push_file.columns_of(table)


def push_candidates(
    path: Path | str,
    *,
    otp_column: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Candidate | Invalid]:
    """The contacts of a CSV or vCard file as candidates for an AutoCall push, streamed
    (domain.autocall.push_file). Raises ContactFileError for a file that cannot be read,
    or an OTP column it does not have."""
    path = Path(path)
    table = iter_table(path, progress=progress, cancelled=cancelled)
    if table is None:
        cards = iter_contacts(path, progress=progress, cancelled=cancelled)
        return push_file.from_cards(cards, path, otp_column)
    return push_file.from_table(table, path, otp_column)


def _table_rows(
    source: Source,
    start: reading.CsvStart,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Generator[tuple[int, list[str]] | RowIssue, None, None]:
    with _text(source) as (binary, text):
        yield from reading.csv_rows(
            source, start, start.layout, text, binary.tell, progress=progress, cancelled=cancelled
        )


def read_contacts(
    path: Path | str,
    mapping: Mapping | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReadResult:
    """Every contact of the file with its row (or card) number, and the rows reported:
    skipped (no number, no name, unreadable) or flagged (an invalid number kept).
    `mapping` replaces the guess for a CSV (ignored for a vCard). `progress(done,
    estimated_total)` is called every EVERY_ROWS rows, and `cancelled()` asked there;
    a cancelled read returns an empty result with `cancelled` set."""
    return reading.collect(iter_contacts(path, mapping, progress=progress, cancelled=cancelled))


@contextlib.contextmanager
def replacing(path: Path | str, encoding: str) -> Iterator[TextIO]:
    """A file written beside `path` and renamed over it once complete: a write that fails
    half-way leaves no half file (and keeps an older one intact). Raises ContactFileError
    ("export_failed") when it cannot be written."""
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


def _unreadable(path: Path, exc: OSError) -> ContactFileError:
    return ContactFileError("import_unreadable", path, exc.strerror or str(exc))
