"""Contact files in and out, Qt-free: CSV (Google, Outlook, any spreadsheet), vCard 2.1–4.0."""

# The window's import wizard calls preview(), then import_file() from a worker thread with
# progress and cancel callbacks (and its own Database); the command line calls the same
# with the guessed mapping.

from __future__ import annotations

from omidesk.core.contact_io.export import export_csv, export_file, export_vcard
from omidesk.core.contact_io.importer import ImportReport, import_file
from omidesk.core.contact_io.model import (
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
from omidesk.core.contact_io.reading import preview, read_contacts

__all__ = [
    "CSV",
    "GOOGLE_CSV",
    "OUTLOOK_CSV",
    "VCARD",
    "ContactFileError",
    "ImportReport",
    "Mapping",
    "Preview",
    "ReadResult",
    "RowIssue",
    "export_csv",
    "export_file",
    "export_vcard",
    "import_file",
    "preview",
    "read_contacts",
]
