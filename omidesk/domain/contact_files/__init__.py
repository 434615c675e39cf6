"""Contact files, Qt-free: CSV (Google, Outlook, any spreadsheet) and vCard 2.1–4.0 formats,
their rows and the words for what is wrong with them."""

# The window's import wizard calls preview(), then the import use case from a worker thread
# with progress and cancel callbacks (and its own Database); the command line calls the
# same with the guessed mapping.

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
from omidesk.domain.contact_files.reading import preview, read_contacts

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
    "preview",
    "read_contacts",
]
