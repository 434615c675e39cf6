"""CSV cells no spreadsheet runs as a formula: the one CSV writer, and the undoing on import."""

# A cell that starts with = + - @ (after spaces, which some spreadsheets trim), a tab or
# a carriage return is read by Excel, LibreOffice or Google Sheets as a formula, and a
# formula can fetch a web page with the sheet's data or start a program (OWASP "CSV
# injection"). Every text OmiDesk writes may come from someone else's file, so every
# cell of every CSV it writes goes through neutralise(), which puts a single quote in
# front: the spreadsheet shows the text and runs nothing.
#
# Phone numbers are no exception: a number is kept as written, and what was written may
# be any text (an invalid one is kept, flagged). A "+84 90 123 4567" is quoted too, which
# also spares it from Excel, whose formula parser turns it into #NAME?. A CSV being read
# loses the quote again (restore()), so an export imports back exactly, numbers included.
#
# The pair is exact for every text: a cell that already starts with quotes before a
# formula character gets one more quote, and reading takes off one.

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

_QUOTE = "'"
# Quotes, then what starts a formula.
_NEUTRALISED_RE = re.compile(r"'*\s*[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet shows it without running it: a quote in front of one
    that would start a formula (or of one that restore() would take a quote from)."""
    if _NEUTRALISED_RE.match(cell):
        return _QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The cell as it was before neutralise(); any other cell as it is."""
    if cell[:1] == _QUOTE and _NEUTRALISED_RE.match(cell, 1):
        return cell[1:]
    return cell


def restore_row(cells: list[str]) -> list[str]:
    """The cells of one row read from a CSV, each restored (the same list when none
    starts with a quote, the common case: a row costs one pass over its cells)."""
    for cell in cells:
        if cell[:1] == _QUOTE:
            return [restore(each) for each in cells]
    return cells


class Writer:
    """csv.writer for files people open in a spreadsheet: every cell neutralised."""

    def __init__(self, file: TextIO) -> None:
        self._writer = csv.writer(file, lineterminator="\r\n")

    def writerow(self, cells: Iterable[object]) -> None:
        self._writer.writerow([neutralise(str(cell)) for cell in cells])
