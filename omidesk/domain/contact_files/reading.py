"""Reading a contacts file's text: what kind it is, a preview of it, and all its contacts,
streamed. The file itself is opened by infra.contact_files, which hands its text here."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from omidesk.domain.contact_files import csv_formats, formulas, vcard
from omidesk.domain.contact_files.damage import SURROGATE_ENCODINGS, printable
from omidesk.domain.contact_files.model import (
    BAD_ENCODING,
    BAD_ROW,
    INVALID_NUMBER,
    INVALID_OWNER,
    TOO_MANY_OWNERS,
    VCARD,
    ContactFileError,
    Mapping,
    Preview,
    ReadResult,
    RowIssue,
)
from omidesk.domain.contacts import Contact
from omidesk.domain.owners import quoted

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
# What reading a file yields, in the file's order: a contact with its row (or card)
# number, or a row reported (skipped; or flagged, after its contact).
Read = tuple[int, Contact] | RowIssue


class ReadCancelled(Exception):
    """`cancelled()` said stop: raised by the reading at its next check."""


PREVIEW_ROWS = 20
# Rows the column guess looks at (the cells of the first rows say what a column holds).
GUESS_ROWS = 50
# How often reading reports progress and asks whether to stop.
EVERY_ROWS = 500
# The sniffer reads this much of the start (it is slow on long samples, and a header
# plus a few rows say all there is to say).
_SNIFF_CHARS = 16 * 1024
# A file whose reader fails this many times in a row is not a CSV at all.
_MAX_CSV_ERRORS = 100
_VCARD_SUFFIXES = (".vcf", ".vcard")
_SEP_LINE_RE = re.compile(r"sep=(.)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Source:
    """What a first look at the file found: its encoding, kind and the start of its text."""

    path: PurePath
    encoding: str
    size: int
    sample: str
    # How many bytes of the file `sample` decodes (all of it when the file is short).
    sample_bytes: int
    whole: bool
    is_vcard: bool


def source_of(path: PurePath, head: bytes, size: int, encoding: str) -> Source:
    """What the file is, from its first bytes (`head`), its `size` and its `encoding`."""
    whole = len(head) >= size
    # Incremental, not final: a character cut at the end of the head is left out, not
    # turned into a replacement mark.
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    sample = decoder.decode(head, final=whole).lstrip("\ufeff")
    found_vcard = vcard.is_vcard(sample)
    if not found_vcard and path.suffix.lower() in _VCARD_SUFFIXES:
        raise ContactFileError("import_not_contacts", path)
    return Source(path, encoding, size, sample, len(head), whole, found_vcard)


def text_errors(source: Source) -> str:
    """How the file's text is decoded: a UTF-8 file keeps the bytes that are not UTF-8 as
    lone surrogates (damage.py), for the rows holding them to be reported."""
    return "surrogateescape" if source.encoding in SURROGATE_ENCODINGS else "replace"


# How far into the file reading has got, in bytes (the position of the file under the text).
Position = Callable[[], int]


# --- CSV -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvStart:
    """The delimiter and guessed layout of a CSV, and its first rows."""

    delimiter: str
    layout: csv_formats.Layout
    rows: list[list[str]]
    total_estimate: int
    # Excel's "sep=;" first line, which names the delimiter and is no row.
    sep_line: bool = False


def csv_start(source: Source) -> CsvStart:
    """The delimiter, guessed layout and first rows of a CSV, from the start of its text,
    with the number of rows the whole file holds estimated from every row of that start
    (the preview's "about N contacts")."""
    return _start(source, enough=None)


def csv_layout(source: Source) -> CsvStart:
    """csv_start's delimiter and layout (and its first PREVIEW_ROWS rows), for a reading
    of the whole file: from no more of the start than the guess looks at, since the rows
    are read from the file next (parsing every row of the start first read a fifth of a
    large file twice). Its estimate of the rows, extrapolated from those few, only starts
    the reading's progress."""
    return _start(source, enough=GUESS_ROWS + 1)


def _start(source: Source, enough: int | None) -> CsvStart:
    """csv_start, or with `enough`, from at most that many non-blank records."""
    text = source.sample
    if not source.whole:
        # A record cut at the end of the sample would be read as a short row.
        text = text[: text.rfind("\n") + 1] or text
    first, _, rest = text.partition("\n")
    sep = _SEP_LINE_RE.fullmatch(first.strip())
    if sep:
        text = rest
        delimiter = sep.group(1)
    else:
        sniff = text[:_SNIFF_CHARS]
        if len(text) > _SNIFF_CHARS:
            sniff = sniff[: sniff.rfind("\n") + 1] or sniff
        delimiter = csv_formats.sniff_delimiter(sniff)
    stream = io.StringIO(text, newline="")
    records: list[list[str]] = []
    parsed = len(text)
    with contextlib.suppress(csv.Error):
        if enough is None:
            records.extend(csv.reader(stream, delimiter=delimiter))
        else:
            # The same records, in the same order, up to the first the reader cannot read,
            # as the whole start's; only fewer of them.
            for row in csv.reader(stream, delimiter=delimiter):
                if any(cell.strip() for cell in row):
                    records.append(row)
                    if len(records) >= enough:
                        parsed = stream.tell()
                        break
    records = [formulas.restore_row(row) for row in records if any(cell.strip() for cell in row)]
    if not records:
        raise ContactFileError("import_empty", source.path)
    has_header = csv_formats.looks_like_header(records[0])
    data = records[1:] if has_header else records
    if not data:
        raise ContactFileError("import_not_contacts", source.path)
    if has_header:
        headers = [" ".join(cell.split()) for cell in records[0]]
    else:
        headers = [""] * max(len(row) for row in data[:GUESS_ROWS])
    layout = csv_formats.layout_for(headers, data[:GUESS_ROWS], has_header)
    if source.whole and parsed == len(text):
        estimate = len(data)
    else:
        consumed = source.sample_bytes * parsed / max(len(source.sample), 1)
        estimate = int(len(data) * source.size / max(consumed, 1))
    return CsvStart(delimiter, layout, data, estimate, sep_line=bool(sep))


def read_csv(
    source: Source,
    text: IO[str],
    position: Position,
    mapping: Mapping | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Read]:
    """The contacts and reported rows of a CSV, read from `text` (opened with
    newline="" for the csv module, from the file's start); `position()` tells how far
    into the file reading has got, in bytes. `mapping` replaces the guessed columns. `progress(done,
    estimated_total)` is called every EVERY_ROWS rows, and `cancelled()` asked there (a
    yes raises ReadCancelled)."""
    start = csv_layout(source)
    layout = start.layout if mapping is None else csv_formats.layout_with(start.layout, mapping)
    if not layout.mapping.phones:
        raise ContactFileError("import_no_phone_column", source.path)
    rows = csv_rows(source, start, layout, text, position, progress=progress, cancelled=cancelled)
    for item in rows:
        if isinstance(item, RowIssue):
            yield item
            continue
        row_number, cells = item
        yield from _kept(row_number, csv_formats.read_row(cells, layout, start.delimiter))


def csv_rows(
    source: Source,
    start: CsvStart,
    layout: csv_formats.Layout,
    text: IO[str],
    position: Position,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[tuple[int, list[str]] | RowIssue]:
    """The data rows of a CSV read from `text` (as read_csv's), with their numbers (as a
    spreadsheet counts), the header and empty rows left out; a row the csv module cannot
    read, or whose letters are in another code page, reported instead."""
    estimate = start.total_estimate
    if progress:
        progress(0, estimate)
    undecodable = source.encoding in SURROGATE_ENCODINGS
    if start.sep_line:
        text.readline()
    reader = csv.reader(text, delimiter=start.delimiter)
    row_number = 0
    errors = 0
    done = 0
    header_pending = layout.has_header
    # A push or an import reads rows by the ten thousand: each row's checks are C calls on
    # its cells joined once (a blank row, a stray code page, a quote to take back), and the
    # reader is iterated by a for loop, left only when the csv module cannot read a record.
    while True:
        try:
            for cells in reader:
                errors = 0
                row_number += 1
                joined = "".join(cells)
                if not joined or joined.isspace():
                    continue
                if header_pending:
                    header_pending = False
                    continue
                if undecodable and not joined.isascii():
                    # A byte that is not UTF-8 is read as a lone surrogate (UNDECODABLE_RE),
                    # the one character UTF-8 cannot encode: the encoder finds it in a
                    # third of the time a search takes (and ASCII holds none).
                    try:
                        joined.encode()
                    except UnicodeEncodeError:
                        # Letters in another code page: skipped and said, never stored garbled.
                        shown = csv_formats.row_detail(
                            [printable(c) for c in cells], start.delimiter
                        )
                        yield RowIssue(row_number, BAD_ENCODING, shown)
                        continue
                # A quote that kept a cell from running as a formula (our export's, or a
                # spreadsheet's) is no part of the name or number.
                yield row_number, formulas.restore_row(cells) if "'" in joined else cells
                done += 1
                if done % EVERY_ROWS == 0:
                    if cancelled is not None and cancelled():
                        raise ReadCancelled
                    if progress:
                        estimate = _estimate(done, position(), source.size, estimate)
                        progress(done, estimate)
        except csv.Error as exc:
            # The reader starts afresh on the next line: report this record, go on.
            row_number += 1
            errors += 1
            if errors > _MAX_CSV_ERRORS:
                raise ContactFileError("import_not_text", source.path, str(exc)) from exc
            yield RowIssue(row_number, BAD_ROW, str(exc))
            continue
        break
    if progress:
        progress(done, done)


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV read as a table, for readers that need every cell (an AutoCall push passes the
    columns it does not use on): its columns as guessed, and its rows, streamed."""

    kind: str  # GOOGLE_CSV, OUTLOOK_CSV or CSV
    headers: list[str]
    has_header: bool
    mapping: Mapping
    delimiter: str
    rows: Generator[tuple[int, list[str]] | RowIssue, None, None]

    @classmethod
    def of(
        cls, start: CsvStart, rows: Generator[tuple[int, list[str]] | RowIssue, None, None]
    ) -> Table:
        layout = start.layout
        return cls(
            layout.kind, layout.headers, layout.has_header, layout.mapping, start.delimiter, rows
        )


def _estimate(done: int, position: int, size: int, previous: int) -> int:
    """Rows in the whole file, from how many came from how much of it."""
    if position <= 0:
        return max(previous, done)
    return max(done, int(done * size / position))


def _kept(row: int, outcome: csv_formats.RowOutcome) -> Iterator[Read]:
    if outcome.contact is None:
        yield RowIssue(row, outcome.reason, outcome.detail, outcome.name, outcome.line)
        return
    yield row, outcome.contact
    if outcome.invalid:
        detail = ", ".join(outcome.invalid)
        yield RowIssue(row, INVALID_NUMBER, detail, outcome.name)
    # The owners left out, quoted short: a cell can hold thousands of them.
    if outcome.bad_owners:
        yield RowIssue(row, INVALID_OWNER, quoted(", ".join(outcome.bad_owners)), outcome.name)
    if outcome.extra_owners:
        yield RowIssue(row, TOO_MANY_OWNERS, quoted(", ".join(outcome.extra_owners)), outcome.name)


# --- vCard ----------------------------------------------------------------------------------


def _vcard_estimate(source: Source) -> int:
    sample = source.sample.lower()
    found = sample.count("begin:vcard")
    if source.whole:
        return found
    return int(found * source.size / max(source.sample_bytes, 1))


def read_vcard(
    source: Source,
    text: IO[str],
    position: Position,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Read]:
    """The contacts and reported cards of a vCard file, read from `text` (from the file's
    start); other arguments as read_csv's."""
    estimate = _vcard_estimate(source)
    if progress:
        progress(0, estimate)
    done = 0
    for card in vcard.cards(text):
        yield from _kept(card.number, vcard.read_card(card))
        done += 1
        if done % EVERY_ROWS == 0:
            if cancelled is not None and cancelled():
                raise ReadCancelled
            if progress:
                estimate = _estimate(done, position(), source.size, estimate)
                progress(done, estimate)
    if not done:
        raise ContactFileError("import_not_contacts", source.path)
    if progress:
        progress(done, done)


# --- the preview and the whole file --------------------------------------------------------


def vcard_preview(source: Source, text: IO[str]) -> Preview:
    """The first cards of a vCard file, read from `text` (from the file's start)."""
    rows: list[list[str]] = []
    for card in vcard.cards(text):
        outcome = vcard.read_card(card)
        contact = outcome.contact
        if contact is None:
            rows.append([outcome.name, "", ""])
        else:
            numbers = ", ".join(phone.number for phone in contact.phones)
            rows.append([contact.name, numbers, contact.company])
        if len(rows) >= PREVIEW_ROWS:
            break
    if not rows:
        raise ContactFileError("import_not_contacts", source.path)
    return Preview(
        kind=VCARD,
        encoding=source.encoding,
        delimiter=None,
        headers=list(vcard.VCARD_HEADERS),
        rows=rows,
        mapping=None,
        total_estimate=max(_vcard_estimate(source), len(rows)),
    )


def csv_preview(source: Source) -> Preview:
    """The kind, first rows and guessed mapping of a CSV, from the start of its text."""
    start = csv_start(source)
    return Preview(
        kind=start.layout.kind,
        encoding=source.encoding,
        delimiter=start.delimiter,
        headers=start.layout.headers,
        rows=start.rows[:PREVIEW_ROWS],
        mapping=start.layout.mapping,
        total_estimate=start.total_estimate,
    )


def collect(items: Iterable[Read]) -> ReadResult:
    """Every contact read with its row (or card) number, and the rows reported; a read
    cancelled part way gives an empty result with `cancelled` set."""
    result = ReadResult()
    try:
        for item in items:
            if isinstance(item, RowIssue):
                result.issues.append(item)
            else:
                result.contacts.append(item)
    except ReadCancelled:
        return ReadResult(cancelled=True)
    return result
