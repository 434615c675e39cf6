"""The admin's side of owner routing: import an owners CSV, set or clear one number's
owners, list them, export them. Plain Python over two ports: the owners file
(store.owners.OwnersFile) and the CSV files (infra.owner_files)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from omidesk.domain.contact_files import formulas
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.owners import (
    ANY_HOTLINE,
    MAX_OWNERS,
    LeftOut,
    OwnerRow,
    RowProblem,
    ValueProblem,
    hotline_key,
    is_number,
    number_key,
    owner_columns,
    quoted,
    read_owner_row,
    split_extensions,
)

# The header of an export, read back by an import (owner_columns).
EXPORT_HEADER = ("Phone", "Owners", "Hotline")


class ExplicitRow(Protocol):
    @property
    def number(self) -> str: ...

    @property
    def hotline(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...


class OwnersStore(Protocol):
    """The owners file as the admin's commands write it. Raises StorageError."""

    def set_owners(
        self,
        rows: Iterable[tuple[str, str, Sequence[str]]],
        *,
        replace_all: bool = False,
        merge: bool = True,
        now: float | None = None,
    ) -> list[tuple[int, tuple[str, ...]]]:
        """Returns the rows (their place in `rows`) with extensions left out past
        MAX_OWNERS (owners already there come first), and those extensions."""
        ...

    def clear(self, number: str, hotline: str | None) -> int: ...

    def explicit(self) -> Iterator[ExplicitRow]: ...


class OwnerFiles(Protocol):
    """Owners CSV files on disk (infra.owner_files). Raises ContactFileError."""

    def rows(self, path: Path) -> AbstractContextManager[Iterator[tuple[int, list[str] | str]]]:
        """The rows with their numbers; a row the CSV reader refused comes as its words."""
        ...

    def replacing(self, path: Path, encoding: str) -> AbstractContextManager[TextIO]: ...


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: rows read, rows imported (and the numbers they gave owners to),
    rows skipped with why, and imported rows with values left out (each with why)."""

    path: str
    rows: int
    imported: int
    numbers: int
    skipped: tuple[OwnerRow, ...] = ()
    partly: tuple[OwnerRow, ...] = ()
    mode: str = "merge"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "mode": self.mode,
            "rows": self.rows,
            "imported": self.imported,
            "numbers": self.numbers,
            "skipped": [
                {"row": row.row, "reason": str(row.problem), "detail": row.detail}
                for row in self.skipped
            ],
            "left_out": [
                {"row": row.row, "value": item.value, "reason": str(item.problem)}
                for row in self.partly
                for item in row.left_out
            ],
        }


def import_owners(
    store: OwnersStore, files: OwnerFiles, path: Path, *, replace: bool = False
) -> ImportReport:
    """Imports an owners CSV: its header names the phone, owners and (optional) hotline
    columns, in English or Vietnamese, or it is a contacts export with an Owners column.
    Bad rows are skipped and reported. `replace`: the file becomes the whole list of
    explicit owners (each number's owners for a hotline replaced, and every number not in
    the file cleared); else it merges (owners added after those already there). Raises
    ContactFileError when the file cannot be used at all (nothing is changed then)."""
    path = Path(path)
    skipped: list[OwnerRow] = []
    counted = {"rows": 0, "imported": 0}
    numbers: set[str] = set()

    def good(
        lines: Iterator[tuple[int, list[str] | str]],
    ) -> Iterator[tuple[str, str, Sequence[str]]]:
        first = next(lines, None)
        if first is None:
            raise ContactFileError("import_empty", path)
        header = first[1] if isinstance(first[1], list) else [first[1]]
        columns = owner_columns(header)
        if columns is None:
            raise ContactFileError("owners_no_columns", path, " | ".join(header)[:200])
        for number, cells in lines:
            counted["rows"] += 1
            if isinstance(cells, str):
                skipped.append(OwnerRow(number, problem=RowProblem.UNREADABLE, detail=cells))
                continue
            read = read_owner_row(number, cells, columns)
            if read.problem is not None:
                skipped.append(read)
                continue
            if read.left_out:
                partly[read.row] = read
            counted["imported"] += 1
            for key in read.numbers:
                numbers.add(key)
                sources.append(read)
                yield key, read.hotline, read.extensions

    # The row each written (number, hotline, owners) came from, by its place.
    sources: list[OwnerRow] = []
    partly: dict[int, OwnerRow] = {}
    with files.rows(path) as lines:
        rows = good(lines)
        # The header is checked (by the first pull) before anything is written: a file
        # that is no owners file changes nothing; nor does one without a single good row,
        # even with --replace (an empty list is more likely the wrong file than the wish).
        first = next(rows, None)
        if first is not None:
            crowded = store.set_owners(
                itertools.chain([first], rows), replace_all=replace, merge=True
            )
            # Owners a row adds to a number that has MAX_OWNERS already (given by the file
            # or a row before): said beside the row, as those past the fifth of one row.
            for place, extensions in crowded:
                row = partly.get(sources[place].row, sources[place])
                said = {item.value for item in row.left_out}
                more = [LeftOut(e, ValueProblem.TOO_MANY) for e in extensions if e not in said]
                partly[row.row] = dataclasses.replace(row, left_out=(*row.left_out, *more))
    return ImportReport(
        str(path),
        counted["rows"],
        counted["imported"],
        len(numbers),
        tuple(skipped),
        tuple(partly[row] for row in sorted(partly)),
        "replace" if replace else "merge",
    )


@dataclass(frozen=True, slots=True)
class Refused:
    """Why `owners set` / `owners clear` changed nothing: a catalogue code and its values."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SetDone:
    number: str
    hotline: str
    extensions: tuple[str, ...]


def _keys(number: str, hotline: str | None) -> tuple[str, str] | Refused:
    key = number_key(number) if is_number(number) else None
    if key is None:
        return Refused("owners_bad_number", {"number": quoted(number)})
    hotline_of = ANY_HOTLINE
    if hotline is not None and hotline.strip():
        found = hotline_key(hotline)
        if found is None:
            return Refused("owners_bad_hotline", {"hotline": quoted(hotline)})
        hotline_of = found
    return key, hotline_of


def set_owners(
    store: OwnersStore, number: str, extensions: Sequence[str], hotline: str | None = None
) -> SetDone | Refused:
    """Makes `extensions` (in this order) the owners of `number` for `hotline` (None: any
    hotline), replacing those it had there. Nothing is written when any is invalid."""
    keys = _keys(number, hotline)
    if isinstance(keys, Refused):
        return keys
    valid, invalid = split_extensions(" ".join(extensions))
    if invalid:
        return Refused("owners_bad_extension", {"extension": ", ".join(invalid)})
    if not valid:
        return Refused("owners_no_extension")
    if len(valid) > MAX_OWNERS:
        return Refused("owners_too_many", {"count": len(valid), "max": MAX_OWNERS})
    store.set_owners([(keys[0], keys[1], valid)], merge=False)
    return SetDone(keys[0], keys[1], tuple(valid))


def clear_owners(store: OwnersStore, number: str, hotline: str | None = None) -> int | Refused:
    """Removes the explicit owners of `number` for `hotline` (None: every hotline). Returns
    how many extensions were removed."""
    keys = _keys(number, hotline)
    if isinstance(keys, Refused):
        return keys
    return store.clear(keys[0], keys[1] if hotline is not None and hotline.strip() else None)


def export_owners(store: OwnersStore, files: OwnerFiles, path: Path) -> int:
    """Writes every explicit owner to a CSV an import reads back (UTF-8 with a BOM, so a
    spreadsheet shows it right; cells neutralised). Returns the rows written."""
    count = 0
    with files.replacing(Path(path), "utf-8-sig") as out:
        writer = formulas.Writer(out)
        writer.writerow(EXPORT_HEADER)
        for row in store.explicit():
            writer.writerow([row.number, ":".join(row.extensions), row.hotline])
            count += 1
    return count
