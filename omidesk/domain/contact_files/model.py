"""What contact files are read into: the mapping of a CSV's columns, a preview, row issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from omidesk.domain.contacts import Contact
from omidesk.domain.errors import OmiDeskError

# The kinds of file preview() recognises.
GOOGLE_CSV = "google_csv"
OUTLOOK_CSV = "outlook_csv"
CSV = "csv"
VCARD = "vcard"

# Catalogue keys of the reasons a row is reported.
NO_NUMBER = "import_no_number"
NO_NAME = "import_no_name"
BAD_ROW = "import_bad_row"
INVALID_NUMBER = "import_invalid_number"
# Owners that are no extension, left out of a contact that is imported.
INVALID_OWNER = "import_invalid_owner"
# Owners past the MAX_OWNERS OMICall rings (domain.owners), left out of a contact that is
# imported: the contact dialog and the routing service take no more.
TOO_MANY_OWNERS = "import_too_many_owners"
# Bytes that are not text in the file's encoding (a row pasted from a Windows-1258 file
# into a UTF-8 one): the row is skipped, never stored with its letters garbled.
BAD_ENCODING = "import_bad_encoding"
# Binary data where text should be (a copy cut short): nothing is read from there up to
# the next whole card.
DAMAGED = "import_damaged"
# More text in one card than any contact holds: reported, not parsed.
TOO_BIG = "import_card_too_big"


class ContactFileError(OmiDeskError):
    """The whole file is unusable (empty, binary, not contacts, unreadable). `code` is a
    key of the error catalogue, `params` its details (path, detail)."""

    def __init__(self, code: str, path: PurePath | str, detail: str = "") -> None:
        super().__init__(code, path=str(path), detail=detail)

    def __str__(self) -> str:
        path, detail = self.params["path"], self.params["detail"]
        return f"{self.code}: {path}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True, slots=True)
class Mapping:
    """Which column of a CSV holds what (indexes into a row; None: no such column).
    `phones` pairs each phone column with the label its numbers get."""

    name: int | None = None
    given: int | None = None
    middle: int | None = None
    family: int | None = None
    phones: tuple[tuple[int, str], ...] = ()
    company: int | None = None
    email: int | None = None
    note: int | None = None
    # The owners' extensions (issue 16: OmiDesk's own export writes them, "Owners").
    owners: int | None = None


@dataclass(frozen=True, slots=True)
class Preview:
    """The first rows of a file and how they would be read, for the import wizard."""

    kind: str
    encoding: str
    delimiter: str | None
    # A CSV's first row; empty strings when the file has no header row. For a vCard, the
    # names of the three columns of `rows`.
    headers: list[str]
    # The first 20 rows as cells; for a vCard the first 20 cards as [name, numbers, company].
    rows: list[list[str]]
    mapping: Mapping | None
    total_estimate: int


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One row (or vCard) that was skipped, or imported with a flag. `row` counts as a
    spreadsheet does (the header is row 1); for a vCard it is the card's number."""

    row: int
    reason: str
    detail: str
    name: str = ""
    # The line of the file where the damage of a DAMAGED card begins (0 for the others).
    line: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.name,
            "reason": self.reason,
            "detail": self.detail,
            "line": self.line or None,
        }


@dataclass(slots=True)
class ReadResult:
    """The contacts of a file with the row each came from, and the rows reported."""

    contacts: list[tuple[int, Contact]] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    cancelled: bool = False
