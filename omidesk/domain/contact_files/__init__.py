"""Contact files, Qt-free and without I/O: CSV (Google, Outlook, any spreadsheet) and vCard
2.1–4.0 formats, their rows and the words for what is wrong with them."""

# infra.contact_files opens the files and hands their text to reading.py. The window's
# import wizard calls its preview(), then the import use case from a worker thread with
# progress and cancel callbacks (and a store of its own); the command line calls the same
# with the guessed mapping. Importing this package loads the model only: the readers
# (and vobject behind them) load with the module that uses them.

from __future__ import annotations

from omidesk.domain.contact_files.model import (
    CSV,
    GOOGLE_CSV,
    OUTLOOK_CSV,
    VCARD,
    ContactFileError,
    Mapping,
    Preview,
    ReadResult,
    RowIssue,
)

__all__ = [
    "CSV",
    "GOOGLE_CSV",
    "OUTLOOK_CSV",
    "VCARD",
    "ContactFileError",
    "Mapping",
    "Preview",
    "ReadResult",
    "RowIssue",
]
